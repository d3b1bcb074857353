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


def test_home_renders_with_an_empty_registry(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "还没有产教融合体" in response.content.decode()
