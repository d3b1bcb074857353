"""Booking a training base in a real browser: a school's contact finds it in the catalogue and
books it; the enterprise's contact confirms it from the resource page; another school asks for
an overlapping time and the booking page tells it why not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chanjiao.core.testing import BROWSER_TEST, browser_login, screenshot, second_session
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.sharing.models import Booking
from chanjiao.sharing.tests.factories import ResourceFactory, at

pytestmark = BROWSER_TEST
VIEWPORT = {"width": 1366, "height": 900}


def _local(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db(transaction=True)
def test_booking_a_training_base_in_the_browser(live_server, page, body):
    owner = OrganizationFactory(name="成都精密制造有限公司", kind="enterprise")
    schools = [
        OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college"),
        OrganizationFactory(name="成都第二职业技术学校", kind="secondary_school"),
    ]
    for org, username in zip([owner, *schools], ["owner", "school-a", "school-b"], strict=True):
        MembershipFactory(body=body, organization=org)
        OrganizationContactFactory(user=UserFactory(username=username), organization=org)
    base = ResourceFactory(name="智能制造实训基地", owner=owner, body=body, location="郫都区")

    # A school's contact finds the base in the catalogue (top navigation) and books it.
    browser_login(page, live_server.url, "school-a")
    page.get_by_role("button", name="合作").click()  # the top navigation's menu
    page.get_by_role("link", name="共享资源", exact=True).first.click()
    page.wait_for_url("**/sharing/resources/")
    page.get_by_role("link", name="智能制造实训基地").click()
    page.get_by_role("link", name="预约", exact=True).click()
    page.fill("#id_starts_at", _local(at(2, 9)))
    page.fill("#id_ends_at", _local(at(2, 11)))
    page.fill("#id_purpose", "数控加工实训课")
    screenshot(page, "sharing-1-book")
    page.get_by_role("button", name="提交预约").click()
    page.wait_for_url("**/sharing/bookings/*/")
    assert "待确认" in page.locator("#booking-status").inner_text()
    assert "已提交预约，等待提供单位确认" in page.content()
    booking = Booking.objects.get()
    assert booking.organization == schools[0] and booking.status == "pending"

    # The enterprise's contact confirms it from the resource page.
    owner_page = second_session(page, live_server.url, "owner", viewport=VIEWPORT)
    owner_page.goto(live_server.url + reverse("sharing:resource_detail", args=[base.pk]))
    assert "1 个待确认" in owner_page.content()
    row = owner_page.locator(f"[data-booking='{booking.pk}']")
    assert "成都工贸职业技术学院" in row.inner_text()
    row.get_by_role("button", name="确认").click()
    owner_page.wait_for_load_state()
    assert "已确认预约" in owner_page.content()
    screenshot(owner_page, "sharing-2-confirmed")
    owner_page.context.close()
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"

    # Another school asks for an overlapping time: refused, and the page says why.
    other = second_session(page, live_server.url, "school-b", viewport=VIEWPORT)
    other.goto(live_server.url + reverse("sharing:resource_book", args=[base.pk]))
    other.fill("#id_starts_at", _local(at(2, 10)))
    other.fill("#id_ends_at", _local(at(2, 12)))
    other.fill("#id_purpose", "技能竞赛集训")
    other.get_by_role("button", name="提交预约").click()
    other.wait_for_load_state()
    alert = other.locator(".alert-danger").inner_text()
    assert "时间冲突" in alert and f"#{booking.pk}" in alert and "09:00–11:00" in alert
    assert "已确认" in alert
    screenshot(other, "sharing-3-refused")
    # The week beside the form shows the slot as taken.
    assert "09:00–11:00" in other.locator("#week").inner_text()
    other.context.close()
    assert Booking.objects.count() == 1

    # The first school sees its booking confirmed on its unit's calendar.
    page.goto(live_server.url + reverse("sharing:unit_calendar", args=[schools[0].pk]))
    page.get_by_role("link", name="按月查看").click()
    page.wait_for_url("**/calendar/?month=*")
    page.goto(page.url.split("?")[0] + f"?month={at(2, 9):%Y-%m}")
    assert "智能制造实训基地" in page.locator("[data-testid=month]").inner_text()
    screenshot(page, "sharing-4-month")
