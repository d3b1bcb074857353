"""Every page can be read without sight or a mouse: axe-core, the accessibility engine browsers'
own audits use, finds no violation of WCAG 2.1 A/AA or of its best practices on any page, read in
Chinese and in English.

Found by this walk: links inside a sentence of the history (…改为 <a>单位</a>) differed from the
text around them only by a colour of 1.08:1; 空闲 in a resource's calendar and the red and grey
outline buttons on the tinted panels were too faint to read (3.1:1 and 4.3:1, where 4.5:1 is the
least); the annual report's and the minutes' printable pages had no main landmark."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.testing import BROWSER_TEST
from chanjiao.core.tests.test_layout_browser import admin_in_the_demo, read_pages
from chanjiao.governance.models import Meeting
from chanjiao.registry.models import Body
from chanjiao.sharing.models import Resource

pytestmark = BROWSER_TEST


def _documents() -> list[str]:
    """The pages the route walk leaves out (a year, a format in the address): a body's annual
    report (年度报告) as a page and as its printable document, a meeting's minutes, and a
    resource's calendar for last week, whose days are all past (the walk reads this week, which
    on a Monday has no past day, so how a past day looks was read only on some days)."""
    body = Body.objects.order_by("pk").first()
    year = timezone.localdate().year - 1
    meeting = Meeting.objects.order_by("pk").first()
    resource = Resource.objects.order_by("pk").first()
    last_week = (timezone.localdate() - datetime.timedelta(days=7)).isocalendar()
    calendar = reverse("sharing:resource_calendar", args=[resource.pk])
    return [
        reverse("annual_report", args=[body.pk, year]),
        reverse("annual_report_download", args=[body.pk, year, "html"]),
        reverse("governance:minutes", args=[meeting.pk, "html"]),
        f"{calendar}?week={last_week.year}-W{last_week.week:02d}",
    ]


def _violations(page) -> list[str]:
    """axe's findings on the page ``page`` shows, one line each: rule, where, what to fix."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        for node in violation["nodes"][:3]:
            found.append(f"{violation['id']} ({violation['impact']}): {node['html'][:160]}")
    return found


@pytest.mark.django_db(transaction=True)
def test_no_page_has_an_accessibility_violation_in_either_language(live_server, page):
    walk = admin_in_the_demo(page, live_server.url)
    documents = _documents()
    pages = documents + [url for url in walk if not url.startswith("/admin/")]
    failures, read = [], set()
    for language in ("zh-hans", "en"):
        for url in read_pages(page, live_server.url, language, pages):
            read.add(url)
            failures += [f"{language} {url}: {line}" for line in _violations(page)]
    # What a reader meets before signing in: the sign-in page, and a page that does not exist.
    page.context.clear_cookies()
    for language in ("zh-hans", "en"):
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        for url, status in (("/accounts/login/", 200), ("/no-such-page/", 404)):
            assert page.goto(live_server.url + url).status == status
            failures += [f"{language} {url}: {line}" for line in _violations(page)]
    assert read.issuperset(documents), set(documents) - read
    assert not failures, "\n".join(failures)
