"""REST API of registration: settings, registering (201 confirmed/waitlisted/pending, 409 with
the reason), the scoped list, cancelling (promotes the next), approval, check-in (409 twice)."""

import pytest

from chanjiao.core.testing import (
    api_write,
    assert_error,
    assert_one_change,
    bearer,
    items,
    last_change_id,
    make_token,
)
from chanjiao.events.models import Registration, RegistrationSettings
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def _register(client, event, token, **payload):
    return api_write(client, "post", f"/api/v1/events/{event.pk}/registrations", payload, token)


def test_the_settings_are_public_for_a_visible_event_and_set_by_its_organisers(
    client, body, secretariat_user, secretariat_token, contact_token
):
    event = EventFactory(starts_on=in_days(15), bodies=[body])
    path = f"/api/v1/events/{event.pk}/registration"
    assert_error(client.get(path), 404)  # takes no registration yet
    since = last_change_id()
    response = api_write(
        client,
        "put",
        path,
        {"capacity": 100, "unit_quota": 5, "asked_fields": ["phone", "unit", "phone"]},
        secretariat_token,
    )
    assert response.status_code == 200, response.content
    assert_one_change(
        since,
        model=RegistrationSettings,
        object_id=event.registration.pk,
        action="create",
        actor=secretariat_user,
    )
    data = client.get(path).json()
    assert data["asked_fields"] == ["unit", "phone"]  # one spelling, no repeats
    assert (data["state"], data["state_label"], data["places_left"]) == ("open", "报名中", 100)
    patched = api_write(client, "patch", path, {"needs_approval": True}, secretariat_token)
    assert patched.json()["needs_approval"] and patched.json()["capacity"] == 100
    replaced = api_write(client, "put", path, {"capacity": 10}, secretariat_token)
    assert (replaced.json()["unit_quota"], replaced.json()["needs_approval"]) == (None, False)
    assert_error(api_write(client, "patch", path, {"capacity": 9}, contact_token), 403)
    assert_error(
        api_write(client, "patch", path, {"capacity": 0}, secretariat_token), 422, "capacity"
    )
    assert_error(
        api_write(client, "patch", path, {"asked_fields": ["id_card"]}, secretariat_token), 422
    )
    assert_error(
        api_write(
            client,
            "patch",
            path,
            {"opens_at": "2025-06-02T09:00:00+08:00", "closes_at": "2025-06-01T09:00:00+08:00"},
            secretariat_token,
        ),
        422,
    )
    assert_error(
        api_write(
            client, "patch", path, {"opens_at": "0001-01-01T00:00:00+14:00"}, secretariat_token
        ),
        422,
        "opens_at",
    )


def test_registering_answers_confirmed_then_waitlisted_and_409_when_closed(
    client, upcoming, contact_user, contact_token, secretariat_token
):
    first = _register(client, upcoming, contact_token, name="张一", phone="13800001111")
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["status"], body["status_label"], body["phone"]) == (
        "confirmed",
        "已确认",
        "13800001111",
    )
    assert body["organization"]["name"] == "成都工贸职业技术学院"
    assert len(body["ticket_code"]) >= 26 and body["waitlist_position"] is None
    _register(client, upcoming, contact_token, name="张二")
    third = _register(client, upcoming, contact_token, name="张三")
    assert (third.json()["status"], third.json()["waitlist_position"]) == ("waitlisted", 1)

    assert_error(_register(client, upcoming, contact_token, name="张一", phone="13800001111"), 409)
    assert_error(_register(client, upcoming, contact_token, name=""), 422, "name")
    assert_error(
        _register(client, upcoming, contact_token, name="x", email="not-an-address"), 422, "email"
    )
    assert_error(
        _register(client, upcoming, contact_token, name="x", organization=999999),
        422,
        "organization",
    )
    assert_error(_register(client, upcoming, contact_token, name="x", ssn="1"), 422)
    assert_error(_register(client, upcoming, None, name="匿名"), 401)

    api_write(
        client,
        "patch",
        f"/api/v1/events/{upcoming.pk}/registration",
        {"closes_at": "2020-01-01T00:00:00+08:00", "opens_at": None},
        secretariat_token,
    )
    closed = assert_error(_register(client, upcoming, contact_token, name="迟到"), 409)
    assert closed["detail"] == "报名已截止"


def test_with_approval_registering_answers_pending_and_the_organisers_decide(
    client, upcoming, contact_token, secretariat_token
):
    api_write(
        client,
        "patch",
        f"/api/v1/events/{upcoming.pk}/registration",
        {"needs_approval": True},
        secretariat_token,
    )
    pending = _register(client, upcoming, contact_token, name="待审").json()
    assert pending["status"] == "pending"
    path = f"/api/v1/events/{upcoming.pk}/registrations/{pending['id']}"
    assert_error(api_write(client, "post", f"{path}/approve", token=contact_token), 403)
    approved = api_write(client, "post", f"{path}/approve", token=secretariat_token)
    assert approved.json()["status"] == "confirmed"
    assert_error(api_write(client, "post", f"{path}/decline", token=secretariat_token), 409)


def test_the_list_is_scoped_and_personal_details_reach_only_organisers_and_the_unit(
    client, upcoming, contact_token, secretariat_token, other_contact_user, supervisor_user
):
    other_token = make_token(other_contact_user)
    _register(client, upcoming, contact_token, name="本单位人", phone="13800001111")
    _register(client, upcoming, other_token, name="他单位人", phone="13900002222")
    path = f"/api/v1/events/{upcoming.pk}/registrations"
    assert [r["name"] for r in items(client.get(path, headers=bearer(contact_token)))] == [
        "本单位人"
    ]
    assert [r["name"] for r in items(client.get(path, headers=bearer(other_token)))] == ["他单位人"]
    everyone = items(client.get(path, headers=bearer(secretariat_token)))
    assert [r["phone"] for r in everyone] == ["13800001111", "13900002222"]
    assert items(client.get(path)) == []  # anonymous: nothing
    assert items(client.get(path, headers=bearer(make_token(supervisor_user)))) == []
    mine = everyone[1]["id"]
    assert_error(client.get(f"{path}/{mine}", headers=bearer(contact_token)), 404)
    assert (
        client.get(f"{path}/{mine}", headers=bearer(other_token)).json()["phone"] == "13900002222"
    )
    # filters
    assert len(items(client.get(path, {"q": "1380000"}, headers=bearer(secretariat_token)))) == 1
    assert (
        items(client.get(path, {"status": "waitlisted"}, headers=bearer(secretariat_token))) == []
    )
    assert_error(client.get(path, {"status": "maybe"}, headers=bearer(secretariat_token)), 422)


def test_cancelling_promotes_the_next_one_waiting(
    client, upcoming, contact_user, contact_token, other_contact_user
):
    ids = [_register(client, upcoming, contact_token, name=n).json()["id"] for n in "甲乙丙"]
    path = f"/api/v1/events/{upcoming.pk}/registrations"
    assert_error(
        api_write(client, "delete", f"{path}/{ids[0]}", token=make_token(other_contact_user)), 404
    )
    since = last_change_id()
    assert api_write(client, "delete", f"{path}/{ids[0]}", token=contact_token).status_code == 204
    # two change-log rows: the cancellation, and the promotion it caused
    from chanjiao.core.models import ObjectChange

    changes = ObjectChange.objects.filter(id__gt=since).order_by("id")
    assert [(c.object_id, c.after["status"], c.actor) for c in changes] == [
        (ids[0], "cancelled", contact_user),
        (ids[2], "confirmed", contact_user),
    ]
    statuses = {
        r["id"]: r["status"] for r in items(client.get(path, headers=bearer(contact_token)))
    }
    assert statuses == {ids[0]: "cancelled", ids[1]: "confirmed", ids[2]: "confirmed"}
    assert api_write(client, "delete", f"{path}/{ids[0]}", token=contact_token).status_code == 204


def test_check_in_by_code_once_then_409_and_only_for_the_organisers(
    client, upcoming, contact_token, secretariat_token, other_body
):
    registration = _register(client, upcoming, contact_token, name="签到人").json()
    code = registration["ticket_code"]
    path = f"/api/v1/registrations/{code}/check-in"
    assert_error(api_write(client, "post", path, token=contact_token), 403)
    other = make_token(BodyRoleFactory(user=UserFactory(username="x-sec"), body=other_body).user)
    assert_error(api_write(client, "post", path, token=other), 403)
    done = api_write(client, "post", path.replace(code, code.lower()), token=secretariat_token)
    assert done.status_code == 200, done.content
    assert done.json()["checked_in_at"] and done.json()["event_name"] == upcoming.name
    again = assert_error(api_write(client, "post", path, token=secretariat_token), 409)
    assert "不重复计数" in again["detail"]
    assert_error(
        api_write(
            client, "post", "/api/v1/registrations/NOSUCHCODE/check-in", token=secretariat_token
        ),
        404,
    )
    assert client.get(f"/api/v1/events/{upcoming.pk}/registration").json()["checked_in"] == 1


def test_erasing_personal_data_after_the_event(client, upcoming, contact_token, secretariat_token):
    _register(client, upcoming, contact_token, name="李雷", phone="13800001111")
    path = f"/api/v1/events/{upcoming.pk}/registration/erase"
    assert_error(api_write(client, "post", path, token=secretariat_token), 422)
    upcoming.starts_on = in_days(-3)
    upcoming.save()
    assert_error(api_write(client, "post", path, token=contact_token), 403)
    erased = api_write(client, "post", path, token=secretariat_token)
    assert erased.status_code == 200 and erased.json()["state"] == "erased"
    [row] = items(
        client.get(f"/api/v1/events/{upcoming.pk}/registrations", headers=bearer(secretariat_token))
    )
    assert (row["name"], row["phone"], row["status"]) == ("已删除", "", "confirmed")
    assert_error(api_write(client, "post", path, token=secretariat_token), 409)


def test_the_list_filters_by_check_in_and_its_filters_are_the_selectors_keywords(
    client, upcoming, contact_token, secretariat_user, secretariat_token
):
    import inspect

    from chanjiao.events import services_registration as services
    from chanjiao.events.lists import REGISTRATION_FILTERS
    from chanjiao.events.selectors_registration import registration_list

    assert set(REGISTRATION_FILTERS.names) <= set(inspect.signature(registration_list).parameters)
    first = _register(client, upcoming, contact_token, name="已到").json()
    _register(client, upcoming, contact_token, name="未到")
    services.registration_check_in(
        actor=secretariat_user, registration=Registration.objects.get(pk=first["id"])
    )
    path = f"/api/v1/events/{upcoming.pk}/registrations"
    headers = bearer(secretariat_token)
    came = items(client.get(path, {"check_in": "checked_in"}, headers=headers))
    away = items(client.get(path, {"check_in": "not_checked_in"}, headers=headers))
    assert ([r["name"] for r in came], [r["name"] for r in away]) == (["已到"], ["未到"])


def test_the_schemas_are_named_for_events_registration(client, db):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in (
        "EventRegistrationSettingsIn",
        "EventRegistrationSettingsPatch",
        "EventRegistrationSettingsOut",
        "EventRegistrationIn",
        "EventRegistrationOut",
        "EventRegistrationCreatedOut",
        "EventRegistrationCheckInOut",
    ):
        assert name in components, name
    phone = components["EventRegistrationOut"]["properties"]["phone"]
    assert {"null"} <= {s.get("type") for s in phone.get("anyOf", [phone])}


def test_a_time_without_an_offset_is_beijing_time(client, upcoming, secretariat_token):
    response = api_write(
        client,
        "patch",
        f"/api/v1/events/{upcoming.pk}/registration",
        {"closes_at": f"{in_days(10):%Y-%m-%d}T18:00:00"},  # before the event starts
        secretariat_token,
    )
    import datetime

    closes = datetime.datetime.fromisoformat(response.json()["closes_at"])
    day = in_days(10)
    assert closes == datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC)
