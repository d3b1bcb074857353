"""Long lists page on the server and cost a fixed number of queries (no N+1).

Each endpoint is asked with 10 rows and again with 200: the number of queries must be the
same and stay under a fixed bound, whoever reads (anonymous, the secretariat, an admin).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.tests.factories import BodyFactory

MAX_API_QUERIES = 10
MAX_PAGE_QUERIES = 30
#: The body's page, at most: body (+ declared counts), member counts (one query), a page of
#: members, terms, committees (+ seats), charters, events (+ holders), agreements (+ parties),
#: carriers (+ owners), children — 15 — plus, for a signed-in reader, its session, user, body
#: roles and unit contacts (4). The same bound as bench/bench_api.py's MAX_PAGE_QUERIES.
BODY_PAGE_QUERIES = 19


def _grow_members(body, total: int, start: int = 0) -> None:
    """Give ``body`` current members up to ``total`` (every tenth an executive member, 常务理事单位)."""
    have = Membership.objects.filter(body=body).count()
    orgs = Organization.objects.bulk_create(
        Organization(name=f"规模测试单位{start + i:05d}", kind="enterprise", region="福州")
        for i in range(have, total)
    )
    # bulk_create skips Membership.save(), which copies the unit's name (the sort key).
    Membership.objects.bulk_create(
        Membership(
            body=body,
            organization=o,
            organization_name=o.name,
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
    _same_at_10_and_200(client, body, url, BODY_PAGE_QUERIES)


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
    assert len(captured) <= BODY_PAGE_QUERIES
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


@pytest.mark.django_db
def test_body_page_counts_its_members_in_one_query(client, body):
    # Role counts, the distinct units and the pager's total used to be three counts over every
    # current membership of the body (20,000 at scale).
    _grow_members(body, 30)
    url = reverse("registry:body_detail", args=[body.pk])
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    counts = [
        q["sql"] for q in captured if "COUNT(" in q["sql"] and "registry_membership" in q["sql"]
    ]
    assert len(counts) == 1, counts
    assert "规模测试单位00029" in client.get(url + "?page=2").content.decode()
    assert "30" in page


@pytest.mark.django_db
def test_memberships_keep_their_units_name_as_sort_key(admin_user, body, other_body):
    from chanjiao.registry import selectors, services

    alpha = services.organization_create(actor=admin_user, name="甲单位")
    beta = services.organization_create(actor=admin_user, name="乙单位")
    for org in (alpha, beta):
        services.membership_create(actor=admin_user, body=body, organization=org, role="member")
    services.membership_create(actor=admin_user, body=other_body, organization=beta, role="member")
    assert set(
        Membership.objects.filter(organization=beta).values_list("organization_name", flat=True)
    ) == {"乙单位"}
    # A rename reaches every membership of the unit, in every body, and the order follows it.
    services.organization_update(actor=admin_user, organization=beta, data={"name": "丙单位"})
    assert set(
        Membership.objects.filter(organization=beta).values_list("organization_name", flat=True)
    ) == {"丙单位"}
    listed = selectors.body_members(actor=admin_user, body=body)
    assert [m.organization.name for m in listed] == sorted(["甲单位", "丙单位"])
    # The change log of the membership does not record the copy.
    from chanjiao.core.models import ObjectChange

    logged = ObjectChange.objects.filter(content_type__model="membership")
    assert logged.exists()
    assert all("organization_name" not in (c.after or {}) for c in logged)


@pytest.mark.django_db
def test_body_members_page_is_read_off_the_index_on_postgresql(body):
    # EXPLAIN: the page of a body's current members by name (and by role order then name) is
    # an index scan that stops at the page, not a sort of every member, with the members who
    # left (and one admitted from a day ahead) among them, and the table's statistics fresh.
    if connection.vendor != "postgresql":
        pytest.skip("plans are PostgreSQL's")
    from chanjiao.registry import selectors

    _grow_members(body, 2000)
    left = Membership.objects.filter(body=body).order_by("pk")[:200].values("pk")
    Membership.objects.filter(pk__in=left).update(until=datetime.date(2020, 1, 1))
    Membership.objects.filter(pk=Membership.objects.filter(body=body).latest("pk").pk).update(
        since=datetime.date(2999, 1, 1)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_membership")
        for by_role in (False, True):
            qs = selectors.body_members(actor=None, body=body, by_role=by_role)[:20]
            plan = qs.explain()
            assert "membership_by_" in plan and "Sort" not in plan, plan
    assert selectors.body_members(actor=None, body=body).count() == 2000 - 200 - 1


@pytest.mark.django_db
def test_body_page_marks_co_held_events_by_holders_the_reader_sees(client, body, other_body):
    # The page counts each event's visible holders in its one events query (no holder rows).
    from chanjiao.events.tests.factories import EventFactory

    EventFactory(name="独办活动", bodies=[body])
    EventFactory(name="联办活动", bodies=[body, other_body])
    url = reverse("registry:body_detail", args=[body.pk])
    page = client.get(url).content.decode()
    assert page.count("联合主办") == 1
    other_body.is_published = False
    other_body.save()
    assert "联合主办" not in client.get(url).content.decode()
