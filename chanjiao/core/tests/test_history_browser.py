"""The history page in a real browser: sentences, and the filter bar narrowing them in place."""

import os

import pytest
from django.urls import reverse

from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.demo.loader import ensure_demo_accounts, load_demo
from chanjiao.registry import services
from chanjiao.registry.models import Body, Membership

pytestmark = BROWSER_TEST
SCREENSHOT = os.environ.get("CHANJIAO_HISTORY_SCREENSHOT")


@pytest.mark.django_db(transaction=True)
def test_secretariat_reads_history_as_sentences_and_filters_it_in_place(live_server, page):
    load_demo()
    ensure_demo_accounts()
    body = Body.objects.get(name="成都智能制造职业教育集团")
    membership = Membership.objects.filter(body=body).exclude(role="vice_chair").first()
    from django.contrib.auth import get_user_model

    chengdu = get_user_model().objects.get(username="chengdu")
    services.membership_update(actor=chengdu, membership=membership, data={"role": "vice_chair"})

    browser_login(page, live_server.url, "chengdu", "chengdu-demo")

    page.goto(live_server.url + reverse("registry:body_history", args=[body.pk]))
    sentence = page.locator(".cj-history-entry").first
    assert "修改了 成员关系" in sentence.inner_text()
    assert "副理事长单位" in sentence.inner_text()
    assert "role" not in sentence.inner_text()
    created = page.locator(".cj-history-create").count()
    assert created > 0
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)

    # Choosing an action re-renders only the results (htmx) and keeps the filter in the URL.
    page.select_option("select[name=action]", "update")
    page.wait_for_url("**action=update**")
    page.wait_for_function("document.querySelectorAll('.cj-history-create').length === 0")
    assert page.locator(".cj-history-update").count() >= 1
    assert page.locator("h1.cj-page-title").count() == 1
