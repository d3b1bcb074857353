"""End to end in a real browser: Playwright driving Debian's Chromium against a live server."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.demo.loader import ensure_demo_accounts, load_demo
from chanjiao.registry.models import Body, Membership

# The README's screenshot, refreshed only on request: CHANJIAO_UPDATE_SCREENSHOT=1 make test-sqlite
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "img" / "body-page.png"
UPDATE_SCREENSHOT = os.environ.get("CHANJIAO_UPDATE_SCREENSHOT") == "1"

pytestmark = BROWSER_TEST


@pytest.mark.django_db(transaction=True)
def test_secretariat_adds_member_unit_and_sees_it_on_body_page_and_history(live_server, page):
    load_demo()
    ensure_demo_accounts()
    body = Body.objects.get(name="成都智能制造职业教育集团")
    new_unit = "成都浏览器测试装备有限公司"

    browser_login(page, live_server.url, "chengdu", "chengdu-demo")

    page.goto(live_server.url + reverse("registry:body_detail", args=[body.pk]))
    assert "成都工贸职业技术学院" in page.content()
    if UPDATE_SCREENSHOT:  # the demo data only, before this test adds anything
        page.screenshot(path=str(SCREENSHOT), full_page=False)
    page.get_by_role("link", name="添加成员单位").first.click()
    page.fill("input[name=new_name]", new_unit)
    page.select_option("select[name=new_kind]", "enterprise")
    page.select_option("select[name=role]", "member")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**/bodies/{body.pk}/**")

    page.goto(live_server.url + reverse("registry:body_detail", args=[body.pk]))
    assert page.get_by_text(new_unit).first.is_visible()

    page.goto(live_server.url + reverse("registry:body_history", args=[body.pk]))
    assert new_unit in page.content()
    assert "chengdu" in page.content()

    membership = Membership.objects.get(body=body, organization__name=new_unit)
    change = ObjectChange.objects.get(content_type__model="membership", object_id=membership.pk)
    assert change.actor.username == "chengdu"
    assert change.source == "ui"
