"""The landing page (首页): what it counts and lists, for whom."""

import datetime

import pytest
from django.urls import reverse

from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_home_shows_counts_recent_events_and_bodies(client, body):
    MembershipFactory(body=body)
    EventFactory(name="成立大会", starts_on=datetime.date(2021, 4, 29), bodies=[body])
    BodyFactory(name="未公开联合体", is_published=False)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["counts"]["bodies"] == 1
    assert response.context["counts"]["events"] == 1
    assert body.name in html
    assert "成立大会" in html
    assert "未公开联合体" not in html
    assert '<html lang="zh-hans">' in html


def test_an_event_still_to_come_is_marked_on_the_home_and_body_pages(client, body):
    """Under 最新活动 a meeting next month read like one already held."""
    from django.utils import timezone

    ahead = timezone.localdate() + datetime.timedelta(days=30)
    EventFactory(name="下月的交流会", starts_on=ahead, bodies=[body])
    EventFactory(name="去年的成立大会", starts_on=datetime.date(2021, 4, 29), bodies=[body])
    for url in (reverse("home"), reverse("registry:body_detail", args=[body.pk])):
        html = client.get(url).content.decode()
        assert html.count("即将举行") == 1 and html.count("cj-upcoming-badge") == 1
        assert html.index("即将举行") < html.index("去年的成立大会")  # beside next month's


def test_home_renders_with_an_empty_registry(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "还没有产教融合体" in response.content.decode()
