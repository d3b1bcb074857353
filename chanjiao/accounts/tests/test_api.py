"""API authentication: bearer tokens, the browser session with CSRF, and /api/v1/me."""

from django.test import Client

from chanjiao.accounts.models import ApiToken, hash_token
from chanjiao.core.testing import api_write, assert_error, bearer, make_token
from chanjiao.registry.models import Organization
from chanjiao.registry.tests.factories import BodyFactory, UserFactory


def test_revoked_token_is_rejected(client, admin_user):
    token = make_token(admin_user, revoked=True)
    response = api_write(client, "post", "/api/v1/organizations", {"name": "吊销令牌写入"}, token)
    assert "已吊销" in assert_error(response, 401)["detail"]
    assert not Organization.objects.filter(name="吊销令牌写入").exists()


def test_token_stops_working_once_revoked(client, admin_user):
    token = make_token(admin_user)
    assert (
        api_write(client, "post", "/api/v1/organizations", {"name": "甲"}, token).status_code == 201
    )
    ApiToken.objects.filter(key_hash=hash_token(token)).update(revoked=True)
    assert_error(api_write(client, "post", "/api/v1/organizations", {"name": "乙"}, token), 401)


def test_unknown_token_is_rejected_with_a_clear_message(client, db):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": "x"}, "cj_not-a-real-token"
    )
    assert assert_error(response, 401)["detail"] == "API 令牌无效或已吊销。"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_missing_token_on_a_write_says_how_to_authenticate(client, db):
    response = api_write(client, "post", "/api/v1/organizations", {"name": "x"})
    assert "Authorization: Bearer" in assert_error(response, 401)["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_write_without_credentials_is_401_not_a_csrf_error(db):
    browser = Client(enforce_csrf_checks=True)  # CSRF enforced as in production
    response = browser.post("/api/v1/organizations", {"name": "x"}, content_type="application/json")
    assert "Authorization: Bearer" in assert_error(response, 401)["detail"]
    token_write = browser.post(
        "/api/v1/organizations",
        {"name": "令牌写入"},
        content_type="application/json",
        headers=bearer(make_token(UserFactory(username="root", is_superuser=True))),
    )
    assert token_write.status_code == 201, token_write.content  # tokens need no CSRF token


def test_token_of_an_inactive_user_is_rejected(client, db):
    token = make_token(UserFactory(username="left", is_superuser=True, is_active=False))
    assert_error(api_write(client, "post", "/api/v1/organizations", {"name": "x"}, token), 401)


def test_bad_token_on_a_read_is_rejected_not_ignored(client, db):
    assert_error(client.get("/api/v1/organizations", headers=bearer("cj_wrong")), 401)


def test_using_a_token_records_last_used_at(client, admin_user):
    token = make_token(admin_user)
    assert ApiToken.objects.get(key_hash=hash_token(token)).last_used_at is None
    client.get("/api/v1/me", headers=bearer(token))
    assert ApiToken.objects.get(key_hash=hash_token(token)).last_used_at is not None


def test_token_acts_as_its_user_and_only_the_hash_is_stored(client, secretariat_user, body):
    token = make_token(secretariat_user)
    stored = ApiToken.objects.get(user=secretariat_user)
    assert stored.key_hash == hash_token(token) and token not in (stored.key_hash, stored.prefix)
    me = client.get("/api/v1/me", headers=bearer(token)).json()
    assert me["username"] == "secretariat" and me["secretariat_body_ids"] == [body.pk]


def test_me_is_anonymous_without_credentials(client, db):
    assert client.get("/api/v1/me").json() == {
        "authenticated": False,
        "username": None,
        "is_admin": False,
        "secretariat_body_ids": [],
        "role_body_ids": [],
        "contact_organization_ids": [],
    }


def test_session_write_needs_a_csrf_token(admin_user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin_user)
    refused = browser.post(
        "/api/v1/organizations", {"name": "会话写入"}, content_type="application/json"
    )
    assert "X-CSRFToken" in assert_error(refused, 403)["detail"]
    browser.get("/api/v1/docs")  # any page that sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/v1/organizations",
        {"name": "会话写入"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert accepted.status_code == 201, accepted.content


def test_session_user_sees_unpublished_bodies_on_reads(client, admin_user):
    hidden = BodyFactory(is_published=False)
    client.force_login(admin_user)
    assert client.get(f"/api/v1/bodies/{hidden.pk}").status_code == 200
