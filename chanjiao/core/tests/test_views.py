"""The landing page, signing in and out, and switching the interface language."""

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


def test_language_switch_to_english_renders_the_page_in_english(client, body):
    response = client.post(
        reverse("set_language"),
        {"language": "en", "next": reverse("registry:body_detail", args=[body.pk])},
    )
    assert response.status_code == 302

    page = client.get(reverse("registry:body_detail", args=[body.pk]))

    assert '<html lang="en">' in page.content.decode()


def test_user_signs_in_and_out(client, plain_user):
    page = client.get(reverse("login"))
    assert page.status_code == 200

    response = client.post(reverse("login"), {"username": "plain", "password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].is_authenticated

    client.post(reverse("logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_wrong_password_shows_an_error(client, plain_user):
    response = client.post(reverse("login"), {"username": "plain", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].errors
