"""An API list sorts by the same columns as its page (``?sort=<column>``, ``-`` to reverse),
declared once by the page's ListSpec (``Crud(sorts=...)``): before, the API had no sort at all
and a script could not ask for the order a secretariat sees on the page."""

import pytest

from chanjiao.core.testing import bearer
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _sorted_lists(client) -> dict[str, list[str]]:
    """Every list operation of the OpenAPI document that takes ``sort``, with its values."""
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    found = {}
    for path, operations in paths.items():
        for param in operations.get("get", {}).get("parameters", []):
            if param["name"] == "sort":
                schema = param["schema"]
                options = schema.get("enum") or next(
                    s["enum"] for s in schema.get("anyOf", ()) if "enum" in s
                )
                found[path] = options
    return found


def test_the_main_lists_document_their_sort_columns(client):
    found = _sorted_lists(client)
    for resource in ("organizations", "bodies", "people", "events", "agreements", "carriers"):
        assert f"/api/v1/{resource}" in found, resource
    assert {"name", "-name", "members", "-members"} <= set(found["/api/v1/bodies"])
    assert "credit_code" in found["/api/v1/organizations"]


def test_every_sort_value_of_every_list_answers(client, admin_token, body):
    """Each documented value orders the API's own queryset (a path the page's selector has but
    the API's lacks would be a 500)."""
    OrganizationFactory(name="乙单位")
    MembershipFactory(body=body)
    for path, options in _sorted_lists(client).items():
        if "{" in path:
            continue
        for option in options:
            response = client.get(path, {"sort": option}, **bearer(admin_token))
            assert response.status_code == 200, (path, option, response.content[:300])


def test_organisations_sort_by_name_both_ways(client):
    for name in ("乙单位", "甲单位", "丙单位"):
        OrganizationFactory(name=name)
    ascending = [r["name"] for r in client.get("/api/v1/organizations?sort=name").json()["items"]]
    descending = [r["name"] for r in client.get("/api/v1/organizations?sort=-name").json()["items"]]
    assert ascending == sorted(ascending) and len(ascending) == 3
    assert descending == list(reversed(ascending))


def test_bodies_sort_by_member_count_as_the_page_does(client):
    small, big = BodyFactory(name="甲集团"), BodyFactory(name="乙集团")
    MembershipFactory(body=small)
    for _ in range(3):
        MembershipFactory(body=big)
    items = client.get("/api/v1/bodies?sort=-members").json()["items"]
    assert [r["name"] for r in items][:2] == ["乙集团", "甲集团"]


def test_an_unknown_sort_column_is_a_field_error(client):
    response = client.get("/api/v1/organizations?sort=contact_phone")
    assert response.status_code == 422
    assert "sort" in response.content.decode()
