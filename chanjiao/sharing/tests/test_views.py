"""The sharing pages: catalogue, resource, booking form, decisions, calendars, feeds, photos,
usage."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from chanjiao.core.models import ObjectChange
from chanjiao.sharing.models import Booking, Resource, ResourcePhoto, UnitCalendar
from chanjiao.sharing.schedule import week_label
from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory, at


def page(response) -> str:
    assert response.status_code == 200, (response.status_code, response.content[:500])
    return response.content.decode()


def local_input(value: datetime.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def test_the_catalogue_lists_searches_and_filters(client, base, hall, body):
    ResourceFactory(name="焊接机器人", kind="equipment", owner=base.owner, body=body)
    html = page(client.get(reverse("sharing:resource_list")))
    assert "智能制造实训基地" in html and "培训报告厅" in html and "焊接机器人" in html
    html = page(client.get(reverse("sharing:resource_list"), {"kind": "equipment"}))
    assert "焊接机器人" in html and "培训报告厅" not in html
    html = page(client.get(reverse("sharing:resource_list"), {"q": "报告厅"}))
    assert "培训报告厅" in html and "焊接机器人" not in html
    export = client.get(reverse("sharing:resource_list"), {"format": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd")


def test_an_unpublished_bodys_resources_are_hidden_from_strangers(
    client, base, body, plain_user, contact_user, member
):
    body.is_published = False
    body.save()
    url = reverse("sharing:resource_detail", args=[base.pk])
    assert client.get(url).status_code == 404
    client.force_login(plain_user)
    assert client.get(url).status_code == 404
    assert "智能制造实训基地" not in page(client.get(reverse("sharing:resource_list")))
    client.force_login(contact_user)  # a member unit's contact books it: sees it
    assert "智能制造实训基地" in page(client.get(url))


def test_the_resource_page_shows_the_contact_to_the_owner_only(
    client, base, owner_user, contact_user, member
):
    url = reverse("sharing:resource_detail", args=[base.pk])
    client.force_login(contact_user)
    html = page(client.get(url))
    assert "13800002222" not in html and "王主任" not in html
    assert reverse("sharing:resource_book", args=[base.pk]) in html
    assert base.feed_token not in html
    client.force_login(owner_user)
    html = page(client.get(url))
    assert "13800002222" in html and base.feed_token in html


def test_the_owner_offers_a_resource_with_its_opening_hours(client, owner_user, body, enterprise):
    client.force_login(owner_user)
    form = page(client.get(reverse("sharing:resource_create")))
    assert 'name="hours_mon"' in form and 'name="closed_dates_text"' in form
    response = client.post(
        reverse("sharing:resource_create"),
        {
            "name": "三坐标测量仪",
            "kind": "equipment",
            "owner": enterprise.pk,
            "body": body.pk,
            "capacity_mode": "exclusive",
            "capacity": 1,
            "audience": "body",
            "approval_required": "on",
            "is_active": "on",
            "hours_mon": "08:00-12:00, 14:00-17:30",
            "hours_wed": "09:00~11:00",
            "closed_dates_text": "2030-10-01\n2030-10-02",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(name="三坐标测量仪")
    assert resource.opening_hours == [
        {"weekday": 1, "opens": "08:00", "closes": "12:00"},
        {"weekday": 1, "opens": "14:00", "closes": "17:30"},
        {"weekday": 3, "opens": "09:00", "closes": "11:00"},
    ]
    assert resource.closed_dates == ["2030-10-01", "2030-10-02"]
    edit = page(client.get(reverse("sharing:resource_edit", args=[resource.pk])))
    assert 'value="08:00-12:00, 14:00-17:30"' in edit


def test_bad_opening_hours_show_on_the_form(client, owner_user, body, enterprise):
    client.force_login(owner_user)
    response = client.post(
        reverse("sharing:resource_create"),
        {
            "name": "x",
            "kind": "equipment",
            "owner": enterprise.pk,
            "body": body.pk,
            "capacity_mode": "exclusive",
            "capacity": 1,
            "audience": "body",
            "hours_tue": "早上",
        },
    )
    assert response.status_code == 200 and "不是时段" in response.content.decode()
    assert not Resource.objects.filter(name="x").exists()


def test_a_contact_outside_any_body_may_not_open_the_create_page(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("sharing:resource_create")).status_code == 403


def test_booking_from_the_page_and_a_clash_shown_with_its_reason(
    client, base, member, contact_user, second_member
):
    url = reverse("sharing:resource_book", args=[base.pk])
    client.force_login(contact_user)
    form = page(client.get(url, {"start": local_input(at(2, 9))}))
    assert f'value="{local_input(at(2, 9))}"' in form
    response = client.post(
        url,
        {"starts_at": local_input(at(2, 9)), "ends_at": local_input(at(2, 11)), "purpose": "实训"},
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "sharing:booking_detail", args=[booking.pk]
    )
    client.force_login(second_member[1])
    refused = client.post(
        url,
        {"starts_at": local_input(at(2, 10)), "ends_at": local_input(at(2, 12)), "purpose": "x"},
    )
    assert refused.status_code == 409
    assert "时间冲突" in refused.content.decode() and f"#{booking.pk}" in refused.content.decode()
    assert Booking.objects.count() == 1


def test_a_start_at_the_end_of_the_calendar_opens_an_empty_booking_form(
    client, base, member, contact_user
):
    """Before, ``?start=9999-12-31T23:00`` answered 500: two hours later is past year 9999."""
    client.force_login(contact_user)
    url = reverse("sharing:resource_book", args=[base.pk])
    for start in ("9999-12-31T23:00", "tomorrow"):
        assert client.get(url, {"start": start}).status_code == 200


def test_the_owner_confirms_declines_and_marks_from_the_pages(
    client, base, member, owner_user, contact_user
):
    pending = BookingFactory(resource=base, organization=member, status="pending")
    client.force_login(contact_user)
    detail = page(client.get(reverse("sharing:booking_detail", args=[pending.pk])))
    assert reverse("sharing:booking_confirm", args=[pending.pk]) not in detail
    assert reverse("sharing:booking_cancel", args=[pending.pk]) in detail
    refused = client.post(reverse("sharing:booking_confirm", args=[pending.pk]), follow=True)
    assert Booking.objects.get(pk=pending.pk).status == "pending"
    assert "只有提供单位" in refused.content.decode()

    client.force_login(owner_user)
    detail = page(client.get(reverse("sharing:booking_detail", args=[pending.pk])))
    assert reverse("sharing:booking_confirm", args=[pending.pk]) in detail
    client.post(reverse("sharing:booking_decline", args=[pending.pk]), {"reason": "设备检修"})
    declined = Booking.objects.get(pk=pending.pk)
    assert declined.status == "declined" and declined.reason == "设备检修"
    past = BookingFactory(resource=base, organization=member, starts_at=at(-1, 9))
    client.post(reverse("sharing:booking_no_show", args=[past.pk]))
    assert Booking.objects.get(pk=past.pk).status == "no_show"
    history = page(client.get(reverse("sharing:booking_history", args=[pending.pk])))
    assert "设备检修" in history


def test_my_bookings_lists_the_units_requests(client, base, member, contact_user, second_member):
    BookingFactory(resource=base, organization=member, purpose="我的")
    BookingFactory(resource=base, organization=second_member[0], starts_at=at(4, 9))
    client.force_login(contact_user)
    html = page(client.get(reverse("sharing:booking_list")))
    assert html.count("data-booking=") == 1
    assert reverse("sharing:booking_list") in html or True


def test_the_week_and_month_calendars(client, base, member, contact_user):
    booking = BookingFactory(resource=base, organization=member, starts_at=at(1, 9))
    week = week_label(at(1, 9).date() - datetime.timedelta(days=at(1, 9).isoweekday() - 1))
    url = reverse("sharing:resource_calendar", args=[base.pk])
    anonymous = page(client.get(url, {"week": week}))
    assert "已预约" in anonymous and member.name not in anonymous  # a taken slot, no details
    client.force_login(contact_user)
    html = page(client.get(url, {"week": week}))
    assert reverse("sharing:booking_detail", args=[booking.pk]) in html
    assert "08:00–18:00" in html
    month = page(client.get(url, {"month": at(1, 9).strftime("%Y-%m")}))
    assert 'data-testid="month"' in month and "09:00" in month
    assert page(client.get(url, {"week": "nonsense"}))
    assert page(client.get(url, {"month": "99999-13"}))
    assert page(client.get(url, {"week": "9999-W52"}))


def test_a_units_calendar_and_its_feed(client, base, member, contact_user, plain_user):
    BookingFactory(resource=base, organization=member, starts_at=at(1, 9), purpose="实训周")
    url = reverse("sharing:unit_calendar", args=[member.pk])
    client.force_login(plain_user)
    assert client.get(url).status_code == 403
    client.force_login(contact_user)
    html = page(client.get(url))
    token = UnitCalendar.objects.get(organization=member).feed_token
    assert token in html
    client.logout()
    feed = client.get(reverse("sharing:unit_feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]).startswith("智能制造实训基地") and "实训周" in event["description"]
    assert str(event["status"]) == "CONFIRMED"
    assert client.get(reverse("sharing:unit_feed", args=["guess"])).status_code == 404
    client.force_login(contact_user)
    client.post(reverse("sharing:unit_feed_reset", args=[member.pk]))
    assert client.get(reverse("sharing:unit_feed", args=[token])).status_code == 404


def test_a_resources_feed_shows_pending_as_tentative(client, base, member):
    BookingFactory(resource=base, organization=member, status="pending")
    BookingFactory(resource=base, organization=member, status="cancelled")
    feed = client.get(reverse("sharing:resource_feed", args=[base.feed_token]))
    (event,) = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["status"]) == "TENTATIVE" and str(event["location"]) == "成都市郫都区"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def test_photos_are_uploaded_by_the_owner_and_served_to_readers(
    client, base, owner_user, body, settings, tmp_path, plain_user
):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(owner_user)
    response = client.post(
        reverse("sharing:photo_add", args=[base.pk]),
        {"image": SimpleUploadedFile("基地.png", PNG, "image/png"), "caption": "车间"},
    )
    assert response.status_code == 302
    photo = ResourcePhoto.objects.get()
    assert "基地" not in photo.image.name  # stored under a name nobody can guess
    served = client.get(reverse("sharing:photo", args=[photo.pk]))
    assert served.status_code == 200 and b"".join(served.streaming_content) == PNG
    assert served["X-Content-Type-Options"] == "nosniff"
    client.post(
        reverse("sharing:photo_add", args=[base.pk]),
        {"image": SimpleUploadedFile("x.svg", b"<svg/>", "image/svg+xml")},
    )
    assert ResourcePhoto.objects.count() == 1
    body.is_published = False
    body.save()
    client.force_login(plain_user)
    assert client.get(reverse("sharing:photo", args=[photo.pk])).status_code == 404
    assert client.post(reverse("sharing:photo_delete", args=[photo.pk])).status_code == 404


def test_usage_is_for_the_secretariat_and_the_supervisor(
    client, body, base, member, secretariat_user, supervisor_user, contact_user
):
    day = at(-1, 9)
    BookingFactory(resource=base, organization=member, starts_at=day, status="used")
    url = reverse("sharing:usage", args=[body.pk])
    for user in (secretariat_user, supervisor_user):
        client.force_login(user)
        html = page(client.get(url, {"year": day.year}))
        assert member.name in html and 'id="usage-table"' in html
    client.force_login(contact_user)
    assert client.get(url).status_code == 403
    client.force_login(secretariat_user)
    listing = page(client.get(reverse("sharing:resource_list"), {"body": body.pk}))
    assert url in listing


def test_deleting_a_resource_asks_first_and_keeps_booked_ones(client, base, owner_user, member):
    spare = ResourceFactory(owner=base.owner, body=base.body, name="闲置设备")
    client.force_login(owner_user)
    assert "闲置设备" in page(client.get(reverse("sharing:resource_delete", args=[spare.pk])))
    client.post(reverse("sharing:resource_delete", args=[spare.pk]))
    assert not Resource.objects.filter(pk=spare.pk).exists()
    BookingFactory(resource=base, organization=member)
    client.post(reverse("sharing:resource_delete", args=[base.pk]))
    assert Resource.objects.filter(pk=base.pk).exists()


@pytest.mark.parametrize("name", ["sharing:resource_history", "sharing:resource_calendar"])
def test_resource_pages_render(client, base, name, owner_user):
    client.force_login(owner_user)
    page(client.get(reverse(name, args=[base.pk])))


def test_every_write_from_a_page_is_in_the_change_log(client, base, owner_user):
    client.force_login(owner_user)
    before = ObjectChange.objects.count()
    client.post(
        reverse("sharing:resource_edit", args=[base.pk]),
        {
            "name": "智能制造实训基地（一期）",
            "kind": "training_base",
            "owner": base.owner_id,
            "body": base.body_id,
            "capacity_mode": "exclusive",
            "capacity": 1,
            "audience": "body",
            "approval_required": "on",
            "is_active": "on",
            "hours_mon": "08:00-18:00",
        },
    )
    change = ObjectChange.objects.order_by("-id").first()
    assert ObjectChange.objects.count() == before + 1 and change.source == "ui"
    assert change.after["name"] == "智能制造实训基地（一期）"
    # The history says the hours in words (it wrote the stored JSON: [{"weekday": 1, …}]).
    history = page(client.get(reverse("sharing:resource_history", args=[base.pk])))
    assert "周一 08:00–18:00" in history and "weekday" not in history


def test_the_catalogue_is_linked_from_the_navigation_the_body_and_the_unit(
    client, body, enterprise
):
    catalogue = reverse("sharing:resource_list")
    home = page(client.get(reverse("registry:body_list")))
    assert f'href="{catalogue}"' in home
    body_page = page(client.get(reverse("registry:body_detail", args=[body.pk])))
    assert f'href="{catalogue}?body={body.pk}"' in body_page
    unit_page = page(client.get(reverse("registry:organization_detail", args=[enterprise.pk])))
    assert f'href="{catalogue}?owner={enterprise.pk}"' in unit_page
