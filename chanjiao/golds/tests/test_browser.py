"""The five golds in a real browser: a member unit's contact nominates a gold course (金课程)
with an evidence file and submits it; a committee member recognises it at 省级 for a year;
the published list (公示名单) shows it and its .xlsx export holds it."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import BROWSER_TEST, browser_login, screenshot, second_session
from chanjiao.golds import services
from chanjiao.golds.models import GoldsNomination
from chanjiao.registry.models import Committee, CommitteeSeat
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = BROWSER_TEST
VIEWPORT = {"width": 1366, "height": 900}


@pytest.mark.django_db(transaction=True)
def test_nominating_and_recognising_a_gold_course_in_the_browser(live_server, page, body, tmp_path):
    year = timezone.localdate().year
    school = OrganizationFactory(name="钢城职业技术学院", kind="vocational_college")
    steel = OrganizationFactory(name="精品钢铁集团有限公司", kind="enterprise")
    for org, username in ((school, "school"), (steel, "steel")):
        MembershipFactory(body=body, organization=org)
        OrganizationContactFactory(user=UserFactory(username=username), organization=org)
    committee = Committee.objects.create(body=body, name="金课程建设委员会", kind="five_golds")
    CommitteeSeat.objects.create(committee=committee, organization=steel, role="director")
    sec = BodyRoleFactory(user=UserFactory(username="sec"), body=body).user
    services.golds_programme_create(
        actor=sec, body=body, name="精品钢五金建设", committees={"course": committee}
    )

    # The school's contact goes from the body's page to the programme and nominates a course.
    browser_login(page, live_server.url, "school")
    page.goto(live_server.url + reverse("registry:body_detail", args=[body.pk]))
    page.locator("a[data-golds]").click()
    page.wait_for_url("**/golds/bodies/*/")
    page.locator("[data-kind=course] a").first.click()
    page.get_by_role("link", name="申报", exact=True).click()
    page.fill("#id_name", "轧钢工艺在线开放课程")
    page.fill("#id_year", str(year))
    evidence = tmp_path / "课程标准.pdf"
    evidence.write_bytes(b"%PDF-1.4 course standard")
    page.set_input_files("#id_evidence", str(evidence))
    screenshot(page, "golds-1-nominate")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/golds/nominations/*/")
    assert "草稿" in page.locator("#nomination-status").inner_text()
    page.get_by_role("button", name="提交评审").click()
    page.wait_for_load_state()
    assert "已提交" in page.locator("#nomination-status").inner_text()
    nomination = GoldsNomination.objects.get()
    assert (nomination.organization, nomination.status) == (school, "submitted")
    assert nomination.evidence_name == "课程标准.pdf"

    # The committee member (the enterprise holding a seat) recognises it at 省级.
    reviewer = second_session(
        page, live_server.url, "steel", viewport=VIEWPORT, accept_downloads=True
    )
    reviewer.goto(live_server.url + reverse("golds:nomination", args=[nomination.pk]))
    assert "课程标准.pdf" in reviewer.locator("#evidence-link").inner_text()
    review = reviewer.locator("#review")
    review.get_by_label("认定", exact=True).check()
    review.get_by_label("认定级别").select_option(label="省级")
    review.get_by_label("认定年度").fill(str(year))
    screenshot(reviewer, "golds-2-review")
    review.get_by_role("button", name="保存评审结论").click()
    reviewer.wait_for_load_state()
    assert "已认定" in reviewer.locator("#nomination-status").inner_text()
    assert f"省级 · {year}" in reviewer.locator("#nomination-level").inner_text()

    # The published list shows it; its .xlsx export holds it.
    reviewer.goto(
        live_server.url + reverse("golds:result_list") + f"?body={body.pk}&kind=course&year={year}"
    )
    row = reviewer.locator(f"#published-list [data-nomination='{nomination.pk}']")
    assert "轧钢工艺在线开放课程" in row.inner_text() and "省级" in row.inner_text()
    screenshot(reviewer, "golds-3-published")
    with reviewer.expect_download() as download:
        reviewer.get_by_role("link", name="导出 Excel").click()
    path = download.value.path()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(path).read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("轧钢工艺在线开放课程", "钢城职业技术学院", "金课程", "省级", year)
    reviewer.context.close()
