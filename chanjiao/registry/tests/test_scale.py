"""Long lists page on the server and cost a fixed number of queries (no N+1).

Each endpoint is asked with 10 rows and again with 200: the number of queries must be the
same and stay under a fixed bound, whoever reads (anonymous, the secretariat, an admin).
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.tests.factories import BodyFactory

MAX_API_QUERIES = 10
MAX_PAGE_QUERIES = 30


def _grow_members(body, total: int, start: int = 0) -> None:
    """Give ``body`` current members up to ``total`` (every tenth an executive member, 常务理事单位)."""
    have = Membership.objects.filter(body=body).count()
    orgs = Organization.objects.bulk_create(
        Organization(name=f"规模测试单位{start + i:05d}", kind="enterprise", region="福州")
        for i in range(have, total)
    )
    Membership.objects.bulk_create(
        Membership(
            body=body,
            organization=o,
            role="executive_member" if n % 10 == 0 else "member",
            contact="x",
        )
        for n, o in enumerate(orgs, start=have)
    )


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), response


def _same_at_10_and_200(client, body, url: str, bound: int) -> object:
    _grow_members(body, 10)
    few, _ = _queries(client, url)
    _grow_members(body, 200)
    many, response = _queries(client, url)
    assert few == many, f"{url}: {few} queries with 10 members, {many} with 200"
    assert many <= bound, f"{url}: {many} queries"
    return response


READERS = ["anonymous", "secretariat_user", "admin_user"]


def _login(client, request, reader: str):
    if reader != "anonymous":
        client.force_login(request.getfixturevalue(reader))


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_body_members_api_costs_the_same_queries_for_10_and_200_members(
    client, request, body, reader
):
    _login(client, request, reader)
    url = f"/api/v1/bodies/{body.pk}/members?limit=500"
    response = _same_at_10_and_200(client, body, url, MAX_API_QUERIES)
    assert response.json()["count"] == 200 and len(response.json()["items"]) == 200


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_body_detail_api_counts_members_in_the_database(client, request, body, reader):
    _login(client, request, reader)
    response = _same_at_10_and_200(client, body, f"/api/v1/bodies/{body.pk}", MAX_API_QUERIES)
    summary = {s["role"]: s["registered"] for s in response.json()["member_summary"]}
    assert summary == {"executive_member": 20, "member": 180}


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_organization_list_and_detail_cost_a_fixed_number_of_queries(client, request, body, reader):
    _login(client, request, reader)
    _same_at_10_and_200(client, body, "/api/v1/organizations?limit=500", MAX_API_QUERIES)
    _same_at_10_and_200(client, body, "/api/v1/organizations?q=规模测试&limit=500", MAX_API_QUERIES)
    org = Organization.objects.order_by("pk").first()
    _same_at_10_and_200(client, body, f"/api/v1/organizations/{org.pk}", MAX_API_QUERIES)
    _same_at_10_and_200(
        client, body, f"/api/v1/organizations/{org.pk}/memberships", MAX_API_QUERIES
    )


@pytest.mark.django_db
@pytest.mark.parametrize("reader", READERS)
def test_body_page_costs_the_same_queries_for_10_and_200_members(client, request, body, reader):
    _login(client, request, reader)
    url = reverse("registry:body_detail", args=[body.pk])
    _same_at_10_and_200(client, body, url, MAX_PAGE_QUERIES)


@pytest.mark.django_db
def test_body_page_with_many_members_shows_one_page_of_them(client, body):
    _grow_members(body, 120)
    url = reverse("registry:body_detail", args=[body.pk])
    page = client.get(url).content.decode()
    assert page.count('data-testid="member-table"') == 1
    assert (
        "规模测试单位00000" in page and "规模测试单位00049" not in page
    )  # executive members first
    assert "共 120 家" in page or "120" in page
    assert 'href="?page=2"' in page
    rows = client.get(url + "?page=3").content.decode()
    assert "规模测试单位00119" in rows and "规模测试单位00000" not in rows


@pytest.mark.django_db
def test_body_page_filters_members_by_role_and_by_name(client, body):
    _grow_members(body, 60)
    url = reverse("registry:body_detail", args=[body.pk])
    executives = client.get(url + "?role=executive_member").content.decode()
    assert "规模测试单位00010" in executives and "规模测试单位00011" not in executives
    assert 'href="?page=2' not in executives  # six executive members fit on one page
    found = client.get(url + "?q=规模测试单位00042").content.decode()
    assert "规模测试单位00042" in found and "规模测试单位00041" not in found
    unknown_role = client.get(url + "?role=nonsense")
    assert unknown_role.status_code == 200  # an unknown role shows every member


@pytest.mark.django_db
def test_body_page_with_20000_members_renders_quickly_enough(client):
    # The page used to render every current member (20,000 rows of HTML).
    body = BodyFactory()
    _grow_members(body, 20_000)
    url = reverse("registry:body_detail", args=[body.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(captured) <= MAX_PAGE_QUERIES
    assert response.content.decode().count("/organizations/") < 200
    assert len(response.content) < 300_000


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations?limit=501",
        "/api/v1/bodies?limit=100000",
        "/api/v1/people?limit=0",
        "/api/v1/events?limit=-1",
    ],
)
def test_api_lists_refuse_unbounded_pages(client, url):
    assert client.get(url).status_code == 422
