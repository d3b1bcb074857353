"""REST API of sharing: the catalogue's CRUD, booking requests (201 / 409), the decisions, what
each reader sees, and 4xx (never 500) for bad input."""

from __future__ import annotations

import pytest

from chanjiao.core.testing import (
    api_write,
    assert_error,
    bearer,
    check_crud_endpoint,
    items,
    make_token,
)
from chanjiao.sharing.models import Booking, Resource
from chanjiao.sharing.tests.factories import BookingFactory, at


def iso(value) -> str:
    return value.isoformat()


def test_resources_crud(client, admin_token, plain_token, body, enterprise):
    create = {
        "name": "工业机器人实训室",
        "kind": "training_base",
        "owner": enterprise.pk,
        "body": body.pk,
        "location": "实训楼 3 层",
        "capacity_mode": "counted",
        "capacity": 30,
        "opening_hours": [{"weekday": 1, "opens": "08:00", "closes": "12:00"}],
        "closed_dates": ["2030-10-01"],
    }
    update = {"capacity": 24, "approval_required": False, "audience": "owner_bodies"}
    updated = check_crud_endpoint(
        client,
        "/api/v1/resources",
        Resource,
        (create, update),
        admin_token=admin_token,
        denied_token=plain_token,
    )
    assert updated["capacity_mode_label"] == "按名额（同一时间多个预约）"
    assert updated["opening_hours"] == [{"weekday": 1, "opens": "08:00", "closes": "12:00"}]


def test_the_catalogue_filters_by_kind_body_owner_and_words(client, base, hall, body):
    from chanjiao.sharing.tests.factories import ResourceFactory

    ResourceFactory(name="焊接机器人", kind="equipment", owner=base.owner, body=body)
    names = lambda **q: sorted(r["name"] for r in items(client.get("/api/v1/resources", q)))  # noqa: E731
    assert names(kind="equipment") == ["焊接机器人"]
    assert names(q="报告厅") == ["培训报告厅"]
    assert names(owner=base.owner_id, body=body.pk, kind="training_base") == [
        "培训报告厅",
        "智能制造实训基地",
    ]
    assert names(q="精密制造") == ["培训报告厅", "智能制造实训基地", "焊接机器人"]  # owner's name
    assert_error(client.get("/api/v1/resources", {"kind": "spaceship"}), 422, "kind")


def test_the_contact_is_read_by_the_owner_and_the_secretariat_only(
    client, base, owner_user, secretariat_user, contact_user, member
):
    path = f"/api/v1/resources/{base.pk}"
    for user, sees in ((owner_user, True), (secretariat_user, True), (contact_user, False)):
        data = client.get(path, headers=bearer(make_token(user))).json()
        assert (data["contact_phone"] == "13800002222") is sees, user
        assert sees or data["contact_name"] is None and data["contact_email"] is None
    assert client.get(path).json()["contact_name"] is None


def test_a_request_answers_201_pending_and_a_clash_409_with_the_reason(
    client, base, member, contact_user, second_member, owner_user
):
    payload = {"starts_at": iso(at(2, 9)), "ends_at": iso(at(2, 11)), "purpose": "数控实训"}
    token = make_token(contact_user)
    response = api_write(client, "post", f"/api/v1/resources/{base.pk}/bookings", payload, token)
    assert response.status_code == 201, response.content
    booking = response.json()
    assert booking["status"] == "pending" and booking["organization"]["id"] == member.pk
    assert booking["requested_by"] == "contact"

    clash = {"starts_at": iso(at(2, 10)), "ends_at": iso(at(2, 12)), "purpose": "另一项实训"}
    refused = api_write(
        client, "post", f"/api/v1/resources/{base.pk}/bookings", clash, make_token(second_member[1])
    )
    body = assert_error(refused, 409)
    assert "时间冲突" in body["detail"] and f"#{booking['id']}" in body["detail"]

    owner = make_token(owner_user)
    confirmed = api_write(client, "post", f"/api/v1/bookings/{booking['id']}/confirm", None, owner)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["decided_by"] == "owner"
    again = api_write(client, "post", f"/api/v1/bookings/{booking['id']}/confirm", None, owner)
    assert_error(again, 422)
    cancelled = api_write(
        client, "post", f"/api/v1/bookings/{booking['id']}/cancel", {"reason": "改期"}, token
    )
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["reason"] == "改期"


def test_a_full_counted_resource_answers_409(client, hall, member, contact_user):
    token = make_token(contact_user)
    path = f"/api/v1/resources/{hall.pk}/bookings"
    slot = {"starts_at": iso(at(2, 9)), "ends_at": iso(at(2, 11)), "purpose": "培训"}
    first = api_write(client, "post", path, {**slot, "quantity": 40}, token)
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    assert "已满" in assert_error(api_write(client, "post", path, slot, token), 409)["detail"]


def test_decline_with_a_reason_and_marking_use(client, base, member, owner_user):
    pending = BookingFactory(resource=base, organization=member, status="pending")
    token = make_token(owner_user)
    declined = api_write(
        client, "post", f"/api/v1/bookings/{pending.pk}/decline", {"reason": "检修"}, token
    )
    assert declined.json()["status"] == "declined" and declined.json()["reason"] == "检修"
    past = BookingFactory(resource=base, organization=member, starts_at=at(-1, 9))
    used = api_write(client, "post", f"/api/v1/bookings/{past.pk}/used", None, token)
    assert used.json()["status"] == "used"
    other = BookingFactory(resource=base, organization=member, starts_at=at(-2, 9))
    no_show = api_write(client, "post", f"/api/v1/bookings/{other.pk}/no-show", None, token)
    assert no_show.json()["status"] == "no_show"


def test_decline_without_a_body_declines_with_no_reason(client, base, member, owner_user):
    pending = BookingFactory(resource=base, organization=member, status="pending")
    declined = client.post(
        f"/api/v1/bookings/{pending.pk}/decline",
        "",
        content_type="application/json",
        headers=bearer(make_token(owner_user)),
    )
    assert declined.status_code == 200, declined.content
    assert declined.json()["status"] == "declined" and declined.json()["reason"] == ""
    pending.refresh_from_db()
    assert pending.status == Booking.Status.DECLINED


def test_bookings_are_listed_to_those_who_may_see_them(
    client, base, member, contact_user, second_member, owner_user, secretariat_user
):
    mine = BookingFactory(resource=base, organization=member)
    theirs = BookingFactory(resource=base, organization=second_member[0], starts_at=at(3, 9))

    def seen(user, path="/api/v1/bookings", **query):
        headers = bearer(make_token(user)) if user else {}
        return {b["id"] for b in items(client.get(path, query, headers=headers))}

    assert seen(contact_user) == {mine.pk}
    assert seen(second_member[1]) == {theirs.pk}
    assert seen(owner_user) == seen(secretariat_user) == {mine.pk, theirs.pk}
    assert seen(owner_user, status="pending") == set()
    assert seen(None) == set()
    assert seen(contact_user, f"/api/v1/resources/{base.pk}/bookings") == {mine.pk}
    assert (
        client.get(
            f"/api/v1/bookings/{theirs.pk}", headers=bearer(make_token(contact_user))
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"starts_at": "tomorrow", "ends_at": "2030-01-01T10:00", "purpose": "x"}, "starts_at"),
        ({"ends_at": "2030-01-01T10:00", "purpose": "x"}, "starts_at"),
        ({"starts_at": "0001-01-01T00:00", "ends_at": "0001-01-01T01:00", "purpose": "x"}, "starts_at"),
        ({"starts_at": "9999-12-31T22:00", "ends_at": "9999-12-31T23:00", "purpose": "x"}, "starts_at"),
        ({"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00", "purpose": "x", "quantity": 0}, "quantity"),
        ({"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00", "purpose": "x", "organization": 99999999}, "organization"),
        ({"starts_at": "2030-01-01T10:00", "ends_at": "2030-01-01T11:00", "purpose": "x", "colour": "red"}, "colour"),
    ],
)  # fmt: skip
def test_bad_requests_are_client_errors_naming_the_field(
    client, base, member, contact_user, payload, field
):
    token = make_token(contact_user)
    response = api_write(client, "post", f"/api/v1/resources/{base.pk}/bookings", payload, token)
    assert_error(response, 422, field)
    assert not Booking.objects.exists()


def test_a_request_outside_the_hours_is_422_and_unknown_resources_404(
    client, base, member, contact_user
):
    token = make_token(contact_user)
    early = {"starts_at": iso(at(2, 6)), "ends_at": iso(at(2, 7)), "purpose": "早班"}
    body = assert_error(
        api_write(client, "post", f"/api/v1/resources/{base.pk}/bookings", early, token), 422
    )
    assert "开放时间" in body["detail"]
    assert_error(api_write(client, "post", "/api/v1/resources/999999/bookings", early, token), 404)
    assert_error(api_write(client, "post", f"/api/v1/resources/{base.pk}/bookings", early), 401)


def test_bad_resource_input_is_a_field_error(client, admin_token, body, enterprise):
    base = {"name": "x", "kind": "equipment", "owner": enterprise.pk, "body": body.pk}
    for extra, field in (
        ({"opening_hours": [{"weekday": 9, "opens": "08:00", "closes": "09:00"}]}, "opening_hours"),
        ({"opening_hours": [{"weekday": 1, "opens": "10:00", "closes": "09:00"}]}, "opening_hours"),
        ({"closed_dates": ["2030-02-30"]}, "closed_dates"),
        ({"capacity": 0}, "capacity"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"owner": 99999999}, "owner"),
    ):
        response = api_write(client, "post", "/api/v1/resources", {**base, **extra}, admin_token)
        errors = assert_error(response, 422)["errors"]
        assert any(name.split(".")[0] == field for name in errors), (extra, errors)
    assert not Resource.objects.exists()
