"""Signing in and out, and switching the interface language."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


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
