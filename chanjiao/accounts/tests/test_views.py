"""The API token page: issue a token (shown once), list and revoke."""

import pytest
from django.urls import reverse

from chanjiao.accounts.models import ApiToken, hash_token
from chanjiao.accounts.services import api_token_create
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_creates_a_token_and_sees_the_raw_value_once(client, plain_user):
    client.force_login(plain_user)

    response = client.post(reverse("accounts:tokens"), {"name": "数据同步脚本"})

    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw.startswith("cj_")
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=plain_user)
    assert token.key_hash == hash_token(raw)
    assert ObjectChange.objects.get(object_id=token.pk, action="create").actor == plain_user
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert "数据同步脚本" in again
    assert raw not in again


def test_user_revokes_own_token(client, plain_user):
    token, _raw = api_token_create(actor=plain_user, name="旧令牌")
    client.force_login(plain_user)

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked


def test_user_cannot_revoke_or_see_another_users_token(client, plain_user):
    other = UserFactory(username="other")
    token, _raw = api_token_create(actor=other, name="别人的令牌")
    client.force_login(plain_user)

    assert "别人的令牌" not in client.get(reverse("accounts:tokens")).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert not token.revoked


def test_token_needs_a_name(client, plain_user):
    client.force_login(plain_user)

    response = client.post(reverse("accounts:tokens"), {"name": ""})

    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_token_page_needs_sign_in(client):
    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
