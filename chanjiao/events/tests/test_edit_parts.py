"""Changing an event's agenda items and ceremonies: their edit pages and PUT beside PATCH."""

import pytest
from django.urls import reverse

from chanjiao.core.testing import api_write, assert_error
from chanjiao.events.models import AgendaItem, Ceremony
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(body):
    return EventFactory(name="年会", bodies=[body])


@pytest.fixture
def item(event):
    return AgendaItem.objects.create(
        event=event, order=1, kind="speech", title="致辞", speaker_title="院长"
    )


@pytest.fixture
def ceremony(event, member_org):
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="签约仪式")
    ceremony.recipients.set([member_org])
    return ceremony


def test_event_page_links_the_edit_pages_for_its_organisers(
    client, event, item, ceremony, secretariat_user
):
    agenda = reverse("events:agenda_edit", args=[event.pk, item.pk])
    ceremony_url = reverse("events:ceremony_edit", args=[event.pk, ceremony.pk])
    html = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert agenda not in html and ceremony_url not in html
    client.force_login(secretariat_user)
    html = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert agenda in html and ceremony_url in html


def test_secretariat_edits_an_agenda_item(client, event, item, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("events:agenda_edit", args=[event.pk, item.pk])
    assert client.get(url).status_code == 200
    speaker = PersonFactory(name="李明")
    response = client.post(
        url, {"order": "2", "kind": "keynote", "title": "主旨报告", "speaker": speaker.pk}
    )
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    item.refresh_from_db()
    assert (item.order, item.kind, item.title, item.speaker) == (2, "keynote", "主旨报告", speaker)
    html = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "主旨报告" in html


def test_secretariat_edits_a_ceremony(client, event, ceremony, secretariat_user, member_org):
    client.force_login(secretariat_user)
    url = reverse("events:ceremony_edit", args=[event.pk, ceremony.pk])
    response = client.post(url, {"kind": "unveiling", "name": "产业学院揭牌仪式"})
    assert response.status_code == 302
    ceremony.refresh_from_db()
    assert (ceremony.kind, ceremony.name) == ("unveiling", "产业学院揭牌仪式")
    assert list(ceremony.recipients.all()) == []  # none chosen on the form: none kept
    invalid = client.post(url, {"kind": "unveiling", "name": ""})
    assert invalid.status_code == 200


def test_another_bodys_secretariat_may_not_edit_an_agenda_item(client, event, item):
    client.force_login(BodyRoleFactory(body=BodyFactory(name="别的集团")).user)
    url = reverse("events:agenda_edit", args=[event.pk, item.pk])
    assert client.post(url, {"order": "5", "kind": "speech", "title": "改"}).status_code == 403
    item.refresh_from_db()
    assert item.title == "致辞"


def test_an_agenda_item_of_another_event_is_not_found(client, body, item, secretariat_user):
    client.force_login(secretariat_user)
    other = EventFactory(name="另一活动", bodies=[body])
    assert client.get(reverse("events:agenda_edit", args=[other.pk, item.pk])).status_code == 404


def test_put_replaces_an_agenda_item(client, event, item, secretariat_token):
    path = f"/api/v1/events/{event.pk}/agenda-items/{item.pk}"
    response = api_write(client, "put", path, {"title": "主旨报告", "order": 3}, secretariat_token)
    assert response.status_code == 200, response.content
    # left out: the kind and the speaker's title take their defaults
    assert (response.json()["kind"], response.json()["speaker_title"]) == ("speech", "")
    item.refresh_from_db()
    assert (item.order, item.title, item.speaker_title) == (3, "主旨报告", "")
    assert_error(api_write(client, "put", path, {"order": -1}, secretariat_token), 422, "order")


def test_put_replaces_a_ceremony_and_its_recipients(client, event, ceremony, secretariat_token):
    path = f"/api/v1/events/{event.pk}/ceremonies/{ceremony.pk}"
    response = api_write(
        client, "put", path, {"kind": "unveiling", "name": "揭牌仪式"}, secretariat_token
    )
    assert response.status_code == 200, response.content
    assert (response.json()["name"], response.json()["recipients"]) == ("揭牌仪式", [])
    assert_error(api_write(client, "put", path, {"name": "缺类型"}, secretariat_token), 422, "kind")
