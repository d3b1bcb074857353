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
