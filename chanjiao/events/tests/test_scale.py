"""The event list and detail cost a fixed number of queries (no N+1), whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyFactory

MAX_QUERIES = 10


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def _grow(total: int) -> None:
    # Each event held by its own body: a check per holder would grow with the page.
    from chanjiao.events.models import Event

    for _ in range(Event.objects.count(), total):
        EventFactory(bodies=[BodyFactory()])


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["anonymous", "secretariat_user", "admin_user"])
def test_event_list_and_detail_cost_the_same_queries_for_10_and_200_events(
    client, request, reader, body
):
    if reader != "anonymous":
        client.force_login(request.getfixturevalue(reader))
    _grow(10)
    from chanjiao.events.models import Event

    detail = f"/api/v1/events/{Event.objects.order_by('pk').first().pk}"
    few = (_queries(client, "/api/v1/events?limit=500"), _queries(client, detail))
    _grow(200)
    many = (_queries(client, "/api/v1/events?limit=500"), _queries(client, detail))
    assert few == many, f"queries with 10 events {few}, with 200 {many}"
    assert max(many) <= MAX_QUERIES


@pytest.mark.django_db
def test_stored_public_flag_follows_publication_and_holders(admin_user, body, other_body):
    # The public list reads Event.is_public: it must follow every change it depends on, or an
    # unpublished body's event would show to everyone (or a public one vanish).
    from chanjiao.events import services
    from chanjiao.events.models import Event
    from chanjiao.events.selectors import event_list
    from chanjiao.registry import services as registry_services

    def public(event) -> bool:
        return Event.objects.get(pk=event.pk).is_public

    event = services.event_create(actor=admin_user, name="年会", bodies=[body])
    assert public(event)
    registry_services.body_update(actor=admin_user, body=body, data={"is_published": False})
    assert not public(event)
    assert event not in event_list(actor=None)
    other_body.events.add(event)  # co-held by a published body: public again
    assert public(event)
    other_body.events.clear()
    assert not public(event)
    services.event_update(actor=admin_user, event=event, data={"bodies": [other_body]})
    assert public(event)
    services.event_update(actor=admin_user, event=event, data={"is_published": False})
    assert not public(event)
    services.event_update(actor=admin_user, event=event, data={"is_published": True})
    event.bodies.set([body])
    assert not public(event)
    body.delete()  # no holder left: a published event of no body is public
    assert public(event)
    assert event in event_list(actor=None)


@pytest.mark.django_db
def test_public_flag_is_not_in_the_change_log(admin_user, body):
    from chanjiao.core.models import ObjectChange
    from chanjiao.events import services

    event = services.event_create(actor=admin_user, name="论坛", bodies=[body])
    services.event_update(actor=admin_user, event=event, data={"bodies": [body]})
    changes = ObjectChange.objects.filter(content_type__model="event", object_id=event.pk)
    assert changes.count() == 1  # the creation; re-saving the same holders logs nothing
    assert "is_public" not in changes.get().after
