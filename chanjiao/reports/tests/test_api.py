"""The yearly cycle's REST API: the indicators catalogue and a collection round walked through
by the secretariat and a member unit's contact."""

from __future__ import annotations

import pytest

from chanjiao.core.testing import api_write, assert_error, bearer, items, make_token
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.reports.models import Indicator

ROUNDS = "/api/v1/collection-rounds"


@pytest.fixture
def members(body, member_org):
    MembershipFactory(body=body, organization=member_org)
    MembershipFactory(body=body, organization=OrganizationFactory(kind="enterprise"))


def _school_values(**override):
    values = {i.code: 2 for i in Indicator.objects.filter(source="school")}
    return {**values, "matched_employment_rate": "90%", **override}


def test_the_catalogue_is_public_and_only_admins_add_to_it(client, admin_token, secretariat_token):
    listed = items(client.get("/api/v1/indicators", {"source": "enterprise"}))
    assert {i["code"] for i in listed} >= {"internship_positions", "scholarships"}
    assert {i["source"] for i in listed} == {"enterprise"}
    new = {"code": "joint_patents", "name": "联合专利", "name_en": "Joint patents"}
    new |= {"unit": "items", "source": "school"}
    assert (
        api_write(client, "post", "/api/v1/indicators", new, secretariat_token).status_code == 403
    )
    created = api_write(client, "post", "/api/v1/indicators", new, admin_token)
    assert created.status_code == 201, created.content
    assert created.json()["unit_label"] == "项"
    bad = api_write(
        client, "post", "/api/v1/indicators", {**new, "code": "x", "unit": "km"}, admin_token
    )
    assert_error(bad, 422, "unit")


def test_a_round_from_opening_to_lock(
    client, body, member_org, members, secretariat_token, contact_token, other_contact_user
):
    opened = api_write(client, "post", ROUNDS, {"body": body.pk, "year": 2024}, secretariat_token)
    assert opened.status_code == 201, opened.content
    round_id = opened.json()["id"]
    assert opened.json()["forms_total"] == 2

    # The contact sees its unit's form only, fills it (one wrong value first), submits.
    mine = items(client.get(f"{ROUNDS}/{round_id}/forms", headers=bearer(contact_token)))
    assert [f["organization"]["name"] for f in mine] == [member_org.name]
    form_url = f"{ROUNDS}/{round_id}/forms/{mine[0]['id']}"
    wrong = api_write(
        client,
        "put",
        f"{form_url}/values",
        {"values": _school_values(order_classes=1.5)},
        contact_token,
    )
    assert_error(wrong, 422, "order_classes")
    saved = api_write(
        client, "put", f"{form_url}/values", {"values": _school_values()}, contact_token
    )
    assert saved.status_code == 200, saved.content
    rate = next(v for v in saved.json()["values"] if v["code"] == "matched_employment_rate")
    assert float(rate["value"]) == 90
    # The list of forms gives each form's values too.
    listed = items(client.get(f"{ROUNDS}/{round_id}/forms", headers=bearer(contact_token)))
    listed_values = {v["code"]: v["value"] for v in listed[0]["values"]}
    assert float(listed_values["matched_employment_rate"]) == 90
    assert len(listed_values) == len(saved.json()["values"])
    submitted = api_write(client, "post", f"{form_url}/submit", None, contact_token)
    assert submitted.json()["status"] == "submitted"

    # Another unit's contact cannot see or touch it.
    other = make_token(other_contact_user)
    assert client.get(form_url, headers=bearer(other)).status_code == 404
    assert api_write(client, "post", f"{form_url}/submit", None, other).status_code == 404

    # The secretariat returns it; the contact fixes it; the secretariat locks the round.
    returned = api_write(
        client, "post", f"{form_url}/return", {"reason": "班数有误"}, secretariat_token
    )
    assert returned.json()["status"] == "returned"
    assert returned.json()["return_reason"] == "班数有误"
    api_write(client, "put", f"{form_url}/values", {"values": {"order_classes": 3}}, contact_token)
    api_write(client, "post", f"{form_url}/submit", None, contact_token)
    locked = api_write(client, "post", f"{ROUNDS}/{round_id}/lock", None, secretariat_token)
    assert locked.json()["status"] == "locked" and locked.json()["forms_submitted"] == 1
    late = api_write(
        client, "put", f"{form_url}/values", {"values": {"order_classes": 4}}, contact_token
    )
    assert_error(late, 422)


def test_opening_a_round_twice_or_for_a_hidden_body_is_refused(
    client, body, other_body, secretariat_token
):
    assert api_write(client, "post", ROUNDS, {"body": body.pk, "year": 2024}, secretariat_token)
    again = api_write(client, "post", ROUNDS, {"body": body.pk, "year": 2024}, secretariat_token)
    assert_error(again, 422)
    refused = api_write(
        client, "post", ROUNDS, {"body": other_body.pk, "year": 2024}, secretariat_token
    )
    assert refused.status_code == 403
    bad = api_write(client, "post", ROUNDS, {"body": body.pk, "year": "2024"}, secretariat_token)
    assert_error(bad, 422, "year")


def test_anonymous_readers_see_no_rounds(client, body, members, secretariat_token):
    api_write(client, "post", ROUNDS, {"body": body.pk, "year": 2024}, secretariat_token)
    assert items(client.get(ROUNDS)) == []
