"""REST API of news ingest: submit, read proposals, patch, save, discard, batches."""

from __future__ import annotations

import pytest

from chanjiao.core.testing import api_write, assert_error, bearer, make_token
from chanjiao.events.models import Event
from chanjiao.ingest.models import Article
from chanjiao.registry.models import Organization
from chanjiao.registry.tests.factories import OrganizationFactory

from .helpers import ARTICLE


@pytest.fixture
def token(admin_user):
    return make_token(admin_user)


def submit(client, token, **payload):
    return api_write(client, "post", "/api/v1/articles", payload, token)


def test_an_article_is_ingested_and_answered_with_its_proposals(client, token):
    response = submit(client, token, text=ARTICLE, url="https://example.edu.cn/n/1.html")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "pending" and data["source_url"] == "https://example.edu.cn/n/1.html"
    assert data["record"]["event"]["name"] == "闽江智能装备职业教育集团成立大会"
    kinds = {p["kind"] for p in data["proposals"]}
    assert {"event", "body", "organization", "person", "agenda"} <= kinds
    again = submit(client, token, text=ARTICLE)
    assert again.status_code == 200 and again.json()["id"] == data["id"]


def test_proposals_are_patched_and_the_article_saved_in_one_call(client, token):
    school = OrganizationFactory(name="福州软件职业学院")
    data = submit(client, token, text=ARTICLE).json()
    proposals = {(p["kind"], p["data"].get("name")): p for p in data["proposals"]}
    org = proposals[("organization", "福州软件职业技术学院")]
    carrier = proposals[("carrier", "智慧港口产业学院")]
    patched = api_write(
        client,
        "patch",
        f"/api/v1/articles/{data['id']}/proposals/{carrier['id']}",
        {"decision": "drop"},
        token,
    )
    assert patched.status_code == 200 and patched.json()["decision"] == "drop"
    saved = api_write(
        client,
        "post",
        f"/api/v1/articles/{data['id']}/save",
        {"proposals": {str(org["id"]): {"decision": "link", "target_id": school.pk}}},
        token,
    )
    assert saved.status_code == 200, saved.json()
    body = saved.json()
    assert body["article"]["status"] == "saved" and body["created"]["event"] == 1
    assert body["linked"]["organization"] == 1
    assert not Organization.objects.filter(name="福州软件职业技术学院").exists()
    assert Event.objects.filter(pk=body["article"]["event_id"]).exists()


def test_a_refused_save_answers_422_and_writes_nothing(client, token):
    data = submit(client, token, text=ARTICLE).json()
    person = next(p for p in data["proposals"] if p["kind"] == "person")
    response = api_write(
        client,
        "post",
        f"/api/v1/articles/{data['id']}/save",
        {"proposals": {str(person["id"]): {"data": {"organization": "不存在的单位"}}}},
        token,
    )
    assert "不存在的单位" in assert_error(response, 422)["detail"]
    assert not Event.objects.exists()
    assert Article.objects.get().status == "pending"


def test_linking_without_a_record_is_a_422_not_a_500(client, token):
    data = submit(client, token, text=ARTICLE).json()
    org = next(
        p for p in data["proposals"] if p["kind"] == "organization" and p["decision"] == "create"
    )
    response = api_write(
        client,
        "patch",
        f"/api/v1/articles/{data['id']}/proposals/{org['id']}",
        {"decision": "link"},
        token,
    )
    assert_error(response, 422)
    missing = api_write(
        client,
        "patch",
        f"/api/v1/articles/{data['id']}/proposals/{org['id']}",
        {"decision": "link", "target_id": 999999},
        token,
    )
    assert_error(missing, 422, "target_id")


def test_an_unfetchable_scheme_is_a_422(client, token):
    assert_error(submit(client, token, url="file:///etc/passwd"), 422)
    assert not Article.objects.exists()


def test_the_queue_needs_a_token_of_an_admin_or_secretariat(client, plain_user):
    assert client.get("/api/v1/articles").status_code == 401
    response = client.get("/api/v1/articles", headers=bearer(make_token(plain_user)))
    assert_error(response, 403)


def test_a_batch_is_queued_and_its_progress_read(client, token):
    response = api_write(
        client,
        "post",
        "/api/v1/ingest-batches",
        {"articles": [{"text": ARTICLE}, {"text": ARTICLE.replace("闽江", "榕城")}]},
        token,
    )
    assert response.status_code == 201
    batch = response.json()
    assert (batch["status"], batch["total"], len(batch["articles"])) == ("queued", 2, 2)
    read = client.get(f"/api/v1/ingest-batches/{batch['id']}", headers=bearer(token))
    assert read.json()["done"] == 0


def test_discard_sets_the_article_aside(client, token):
    data = submit(client, token, text=ARTICLE).json()
    response = api_write(client, "post", f"/api/v1/articles/{data['id']}/discard", None, token)
    assert response.json()["status"] == "discarded"
    again = api_write(client, "post", f"/api/v1/articles/{data['id']}/save", {}, token)
    assert_error(again, 422)


def test_fields_of_the_wrong_shape_are_a_422_naming_the_field(client, token):
    data = submit(client, token, text=ARTICLE).json()
    count = next(p for p in data["proposals"] if p["kind"] == "count")
    org = next(p for p in data["proposals"] if p["kind"] == "organization")
    path = f"/api/v1/articles/{data['id']}/proposals/"
    bad_value = api_write(
        client, "patch", path + str(count["id"]), {"data": {"value": "many"}}, token
    )
    assert_error(bad_value, 422, "value")
    bad_role = api_write(
        client, "patch", path + str(org["id"]), {"data": {"roles": ["king"]}}, token
    )
    assert_error(bad_role, 422, "roles")
    empty = api_write(client, "patch", path + str(org["id"]), {"data": {"name": " "}}, token)
    assert_error(empty, 422, "name")


def test_each_proposed_name_comes_with_its_evidence_and_confidence(client, token):
    """Names (bodies, organisations, carriers) say why they are proposed; a name the registry
    holds adds the registry's word; other kinds carry none."""
    OrganizationFactory(name="福建省教育厅")
    data = submit(client, token, text=ARTICLE).json()
    named = [p for p in data["proposals"] if p["kind"] in ("body", "organization", "carrier")]
    assert named and all(p["evidence"] and 0 < p["support"] <= 1 for p in named)
    linked = next(p for p in named if p["data"]["name"] == "福建省教育厅")
    assert "registry" in linked["evidence"] and linked["decision"] == "link"
    others = [p for p in data["proposals"] if p["kind"] in ("person", "count", "agenda")]
    assert all(p["evidence"] == [] and p["support"] is None for p in others)


def test_a_long_text_is_accepted_for_the_worker_and_read_back_when_processed(client, token):
    from chanjiao.ingest import services

    from .test_views import _long

    response = submit(client, token, text=_long(ARTICLE))
    assert response.status_code == 202
    data = response.json()
    assert data["status"] == "queued" and data["batch_id"] and data["proposals"] == []
    services.batch_run(batch_id=data["batch_id"])  # what the job worker does
    read = client.get(f"/api/v1/articles/{data['id']}", headers=bearer(token)).json()
    assert read["status"] == "pending" and read["proposals"]
    again = submit(client, token, text=_long(ARTICLE))
    assert again.status_code == 200 and again.json()["id"] == data["id"]
