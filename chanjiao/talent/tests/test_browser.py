"""End to end in a real browser: the gap charts draw, and a secretariat runs matching, watches
the progress bar, and accepts the proposals."""

import pytest
from django.urls import reverse

from chanjiao.core.testing import BROWSER_TEST, browser_login, run_task_worker
from chanjiao.demo.loader import load_demo
from chanjiao.registry.models import Body
from chanjiao.talent.models import MatchRun, Placement

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_secretariat_matches_the_demo_students_and_accepts_the_result(live_server, page):
    pytest.importorskip("chanjiao.talent.engine")
    load_demo()
    body = Body.objects.get(name="成都智能制造职业教育集团")

    browser_login(page, live_server.url, "chengdu", "chengdu-demo")

    # The gap page draws both charts (ECharts renders into a canvas).
    page.goto(live_server.url + reverse("talent:gap") + f"?body={body.pk}&by=category")
    page.wait_for_selector("#gap-chart-compare canvas")
    page.wait_for_selector("#gap-chart-gap canvas")
    assert "装备制造大类" in page.locator("#gap-table").inner_text()

    page.goto(live_server.url + reverse("talent:overview") + f"?body={body.pk}")
    page.get_by_role("link", name="运行匹配").first.click()
    page.get_by_role("button", name="开始匹配").click()
    page.wait_for_selector("#run-progress[data-status=queued]")
    run = MatchRun.objects.get()

    run_task_worker()  # the job worker picks the run up; the page's poll notices and reloads

    page.wait_for_selector("#run-summary", timeout=20_000)
    assert "合成学生" in page.locator("#proposals").inner_text()
    page.locator("#accept-all").click()
    page.wait_for_selector(".alert-success")
    run.refresh_from_db()
    assert Placement.objects.filter(run=run).count() == run.summary["matched"] == 75
