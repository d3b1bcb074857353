"""End to end in a real browser: a body's secretariat edits a term's dates, a committee seat's
role and a charter version's adoption date and file, and sees each change on the body page."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import BROWSER_TEST, browser_login
from chanjiao.registry.models import Charter, Committee, CommitteeSeat
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    OrganizationFactory,
    TermFactory,
    UserFactory,
)

pytestmark = BROWSER_TEST


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.mark.django_db(transaction=True)
def test_secretariat_edits_term_seat_and_charter_and_sees_them_on_the_body_page(
    live_server, page, media, tmp_path
):
    body = BodyFactory(name="成都智能制造职业教育集团")
    BodyRoleFactory(user=UserFactory(username="council-sec"), body=body)
    term = TermFactory(body=body, number=1, starts_on=datetime.date(2021, 4, 29))
    committee = Committee.objects.create(body=body, name="专家委员会")
    unit = OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college")
    seat = CommitteeSeat.objects.create(committee=committee, organization=unit, role="member")
    charter = Charter(body=body, version="2021", title="集团章程", adopted_on="2021-04-29")
    charter.file.save("章程.pdf", ContentFile(b"%PDF-1.4 old"), save=True)
    body_url = live_server.url + reverse("registry:body_detail", args=[body.pk])

    browser_login(page, live_server.url, "council-sec")

    # a term's dates
    page.goto(body_url)
    page.locator(f"[data-term-edit='{term.pk}']").click()
    page.fill("input[name=starts_on]", "2021-05-01")
    page.fill("input[name=ends_on]", "2026-04-30")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**/bodies/{body.pk}/**")
    row = page.locator(f"[data-term='{term.pk}']")
    assert "2021年5月1日" in row.inner_text() and "2026年4月30日" in row.inner_text()
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (datetime.date(2021, 5, 1), datetime.date(2026, 4, 30))

    # a committee seat's role
    page.locator(f"[data-seat-edit='{seat.pk}']").click()
    page.select_option("select[name=role]", "director")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**/bodies/{body.pk}/**")
    assert page.locator(f"[data-seat='{seat.pk}'] .cj-role-director").inner_text() == "主任"
    assert CommitteeSeat.objects.get(pk=seat.pk).role == "director"

    # a charter version's adoption date and file
    new_file = tmp_path / "章程修订稿.pdf"
    new_file.write_bytes(b"%PDF-1.4 revised")
    page.locator(f"[data-charter-edit='{charter.pk}']").click()
    page.fill("input[name=adopted_on]", "2022-06-18")
    page.set_input_files("input[name=file]", str(new_file))
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(f"**/bodies/{body.pk}/**")
    item = page.locator(f"[data-charter='{charter.pk}']")
    assert "2022年6月18日" in item.inner_text()
    download = page.request.get(
        live_server.url + reverse("registry:charter_file", args=[charter.pk])
    )
    assert download.ok and download.body() == b"%PDF-1.4 revised"

    changes = ObjectChange.objects.filter(actor__username="council-sec", source="ui")
    assert {c.content_type.model for c in changes} == {"term", "committeeseat", "charter"}
