"""REST API of events: the event, organisations' roles, agenda items and ceremonies."""

import pytest

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import (
    api_write,
    assert_error,
    assert_one_change,
    bearer,
    check_crud_endpoint,
    items,
    last_change_id,
    make_token,
)
from chanjiao.events.models import AgendaItem, Ceremony, Event, EventOrganization
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyFactory, PersonFactory


@pytest.fixture
def event(body):
    return EventFactory(name="2024年会", bodies=[body])


def names(response) -> list[str]:
    return [item["name"] for item in items(response)]


def test_events_crud(client, admin_token, plain_token, body):
    create = {
        "name": "成都智能制造职业教育集团成立大会",
        "kind": "founding_conference",
        "starts_on": "2024-05-20",
        "city": "成都",
        "attendance": 220,
        "attendance_approx": True,
        "bodies": [body.pk],
    }
    update = {"venue": "成都工贸职业技术学院", "attendance": 230}
    check_crud_endpoint(
        client,
        "/api/v1/events",
        Event,
        (create, update),
        admin_token=admin_token,
        denied_token=plain_token,
    )


def test_secretariat_records_an_event_of_its_own_body(client, secretariat_token, body):
    response = api_write(
        client,
        "post",
        "/api/v1/events",
        {"name": "理事会会议", "bodies": [body.pk]},
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["bodies"] == [{"id": body.pk, "name": body.name}]


def test_secretariat_cannot_record_an_event_for_another_body(client, secretariat_token, other_body):
    response = api_write(
        client,
        "post",
        "/api/v1/events",
        {"name": "别人的会", "bodies": [other_body.pk]},
        secretariat_token,
    )
    assert_error(response, 403)
    assert not Event.objects.filter(name="别人的会").exists()


def test_event_without_a_holding_body_is_a_field_error(client, secretariat_token):
    response = api_write(client, "post", "/api/v1/events", {"name": "无主办"}, secretariat_token)
    assert_error(response, 422, "bodies")


def test_unknown_holding_body_is_a_field_error(client, admin_token):
    response = api_write(
        client, "post", "/api/v1/events", {"name": "会", "bodies": [999999]}, admin_token
    )
    assert_error(response, 422, "bodies")


def test_event_ending_before_it_starts_is_a_validation_error(client, admin_token, body):
    response = api_write(
        client,
        "post",
        "/api/v1/events",
        {"name": "倒序", "bodies": [body.pk], "starts_on": "2024-05-02", "ends_on": "2024-05-01"},
        admin_token,
    )
    assert_error(response, 422)


def test_event_filters(client, body, other_body, member_org):
    EventFactory(name="成都论坛", kind="forum", city="成都", starts_on="2023-04-01", bodies=[body])
    annual = EventFactory(
        name="重庆年会",
        kind="annual_meeting",
        city="重庆",
        starts_on="2024-11-01",
        bodies=[other_body],
    )
    EventOrganization.objects.create(event=annual, organization=member_org, role="host")
    assert names(client.get("/api/v1/events", {"kind": "forum"})) == ["成都论坛"]
    assert names(client.get("/api/v1/events", {"body": other_body.pk})) == ["重庆年会"]
    assert names(client.get("/api/v1/events", {"organization": member_org.pk})) == ["重庆年会"]
    assert names(client.get("/api/v1/events", {"year": 2023})) == ["成都论坛"]
    assert names(client.get("/api/v1/events", {"city": "重庆"})) == ["重庆年会"]
    assert names(client.get("/api/v1/events", {"q": "论坛"})) == ["成都论坛"]
    assert names(client.get("/api/v1/events")) == ["重庆年会", "成都论坛"]  # newest first


def test_unpublished_event_is_hidden_from_anonymous(client, admin_token, body):
    hidden = EventFactory(name="内部会议", is_published=False, bodies=[body])
    assert names(client.get("/api/v1/events")) == []
    assert_error(client.get(f"/api/v1/events/{hidden.pk}"), 404)
    assert client.get(f"/api/v1/events/{hidden.pk}", headers=bearer(admin_token)).status_code == 200


def test_unpublished_holding_body_is_not_revealed(client, body):
    event = EventFactory(bodies=[body, BodyFactory(name="未公开的联合体", is_published=False)])
    assert client.get(f"/api/v1/events/{event.pk}").json()["bodies"] == [
        {"id": body.pk, "name": body.name}
    ]
    assert [b["name"] for b in items(client.get("/api/v1/events"))[0]["bodies"]] == [body.name]


def test_event_detail_includes_roles_agenda_and_ceremonies(client, event, member_org):
    speaker = PersonFactory(name="刘校长")
    EventOrganization.objects.create(event=event, organization=member_org, role="host")
    AgendaItem.objects.create(
        event=event,
        order=1,
        kind="speech",
        speaker=speaker,
        speaker_title="校长",
        speaker_organization=member_org,
    )
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="校企合作签约")
    ceremony.recipients.set([member_org])
    data = client.get(f"/api/v1/events/{event.pk}").json()
    assert data["organizations"] == [
        {
            "id": data["organizations"][0]["id"],
            "organization": {"id": member_org.pk, "name": member_org.name},
            "role": "host",
            "role_label": "承办单位",
        }
    ]
    [item] = data["agenda_items"]
    assert item["speaker"] == {"id": speaker.pk, "name": "刘校长"}
    assert (item["kind_label"], item["speaker_title"]) == ("致辞", "校长")
    [ceremony_out] = data["ceremonies"]
    assert ceremony_out["kind_label"] == "签约仪式"
    assert ceremony_out["recipients"] == [{"id": member_org.pk, "name": member_org.name}]
    assert ceremony_out["agreements"] == [] and ceremony_out["carriers"] == []


def test_event_organizations_are_added_and_removed(
    client, secretariat_user, secretariat_token, event, member_org
):
    path = f"/api/v1/events/{event.pk}/organizations"
    since = last_change_id()
    response = api_write(
        client, "post", path, {"organization": member_org.pk, "role": "guide"}, secretariat_token
    )
    assert response.status_code == 201, response.content
    participation_id = response.json()["id"]
    change = assert_one_change(
        since,
        model=EventOrganization,
        object_id=participation_id,
        action="create",
        actor=secretariat_user,
    )
    assert change.related_object_id == event.pk
    assert [(o["organization"]["id"], o["role_label"]) for o in items(client.get(path))] == [
        (member_org.pk, "指导单位")
    ]
    duplicate = api_write(
        client, "post", path, {"organization": member_org.pk, "role": "guide"}, secretariat_token
    )
    assert_error(duplicate, 422)
    assert_error(
        api_write(
            client, "post", path, {"organization": 999999, "role": "guide"}, secretariat_token
        ),
        422,
        "organization",
    )
    assert_error(
        api_write(
            client,
            "post",
            path,
            {"organization": member_org.pk, "role": "emperor"},
            secretariat_token,
        ),
        422,
        "role",
    )

    since = last_change_id()
    assert (
        api_write(
            client, "delete", f"{path}/{participation_id}", token=secretariat_token
        ).status_code
        == 204
    )
    assert_one_change(
        since,
        model=EventOrganization,
        object_id=participation_id,
        action="delete",
        actor=secretariat_user,
    )
    assert items(client.get(path)) == []


def test_secretariat_of_another_body_cannot_change_the_event(client, event, other_body, member_org):
    from chanjiao.registry.tests.factories import BodyRoleFactory

    token = make_token(BodyRoleFactory(body=other_body).user)
    since = last_change_id()
    assert_error(
        api_write(
            client,
            "post",
            f"/api/v1/events/{event.pk}/organizations",
            {"organization": member_org.pk, "role": "host"},
            token,
        ),
        403,
    )
    assert_error(
        api_write(client, "patch", f"/api/v1/events/{event.pk}", {"name": "改名"}, token), 403
    )
    assert_error(
        api_write(client, "post", f"/api/v1/events/{event.pk}/agenda-items", {"title": "x"}, token),
        403,
    )
    assert not ObjectChange.objects.filter(id__gt=since).exists()


def test_moving_an_event_to_a_body_one_does_not_run_is_refused(
    client, secretariat_token, event, other_body
):
    response = api_write(
        client,
        "patch",
        f"/api/v1/events/{event.pk}",
        {"bodies": [other_body.pk]},
        secretariat_token,
    )
    assert_error(response, 403)


def test_agenda_items_sub_resource(client, secretariat_token, event, member_org):
    path = f"/api/v1/events/{event.pk}/agenda-items"
    speaker = PersonFactory(name="陈院长")
    response = api_write(
        client,
        "post",
        path,
        {
            "order": 2,
            "kind": "keynote",
            "title": "产教融合的路径",
            "speaker": speaker.pk,
            "speaker_title": "院长",
            "speaker_organization": member_org.pk,
        },
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    item_id = response.json()["id"]
    assert response.json()["speaker_organization"] == {"id": member_org.pk, "name": member_org.name}
    assert_error(
        api_write(client, "post", path, {"speaker": 999999}, secretariat_token), 422, "speaker"
    )
    patched = api_write(
        client, "patch", f"{path}/{item_id}", {"kind": "report", "speaker": None}, secretariat_token
    )
    assert (patched.json()["kind"], patched.json()["speaker"]) == ("report", None)
    assert [i["title"] for i in items(client.get(path))] == ["产教融合的路径"]
    assert (
        api_write(client, "delete", f"{path}/{item_id}", token=secretariat_token).status_code == 204
    )
    assert items(client.get(path)) == []


def test_ceremonies_sub_resource(client, secretariat_token, event, member_org):
    path = f"/api/v1/events/{event.pk}/ceremonies"
    response = api_write(
        client,
        "post",
        path,
        {"kind": "unveiling", "name": "产业学院揭牌", "recipients": [member_org.pk]},
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    ceremony_id = response.json()["id"]
    assert response.json()["recipients"] == [{"id": member_org.pk, "name": member_org.name}]
    assert_error(
        api_write(
            client,
            "post",
            path,
            {"kind": "signing", "name": "x", "recipients": [999999]},
            secretariat_token,
        ),
        422,
        "recipients",
    )
    assert_error(
        api_write(client, "post", path, {"name": "无类型"}, secretariat_token), 422, "kind"
    )
    patched = api_write(
        client, "patch", f"{path}/{ceremony_id}", {"recipients": []}, secretariat_token
    )
    assert patched.json()["recipients"] == []
    assert (
        api_write(client, "delete", f"{path}/{ceremony_id}", token=secretariat_token).status_code
        == 204
    )
    assert_error(api_write(client, "delete", f"{path}/{ceremony_id}", token=secretariat_token), 404)


def test_put_replaces_an_event(client, admin_token, body):
    event = EventFactory(name="旧会", city="成都", theme="旧主题", bodies=[body])
    response = api_write(
        client,
        "put",
        f"/api/v1/events/{event.pk}",
        {"name": "新会", "bodies": [body.pk]},
        admin_token,
    )
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["city"], response.json()["theme"]) == (
        "新会",
        "",
        "",
    )
