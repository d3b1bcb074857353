"""Every list sorts by its columns (whitelisted) and exports what it shows to .xlsx, through
one declaration per list (chanjiao.core.listing)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.core.listing import ListSpec
from chanjiao.core.testing import LIST_PAGES
from chanjiao.registry.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def _sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _specs():
    from chanjiao.cooperation import lists as c
    from chanjiao.events import lists as e
    from chanjiao.ingest import lists as i
    from chanjiao.registry import lists as r
    from chanjiao.talent import lists as t

    return [
        r.BODIES,
        r.ORGANIZATIONS,
        r.PEOPLE,
        r.MEMBERS,
        e.event_list_spec(set()),
        c.AGREEMENTS,
        c.CARRIERS,
        t.COHORTS,
        t.POSTINGS,
        t.PLACEMENTS,
        t.RUNS,
        i.ARTICLES,
    ]


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_list_page_has_an_export_link_and_sortable_headers(client, admin_user, url):
    from chanjiao.cooperation.models import Agreement, Carrier
    from chanjiao.events.models import Event
    from chanjiao.ingest.models import Article
    from chanjiao.registry.tests.factories import PersonFactory

    body = BodyFactory(name="甲集团")
    OrganizationFactory(name="甲单位")
    PersonFactory(name="甲")
    Event.objects.create(name="甲活动", kind="conference").bodies.add(body)
    Agreement.objects.create(title="甲协议", body=body)
    Carrier.objects.create(name="甲载体", body=body)
    Article.objects.create(input="text", title="甲新闻", created_by=admin_user)
    client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    if "cj-sortable" not in html:  # an empty list has no table (cohorts, postings … here)
        return
    assert "format=xlsx" in html
    assert 'aria-sort="' in html
    export = client.get(url, {"format": "xlsx"})
    assert len(_sheet(export)) >= 2


def test_every_list_is_named_in_the_plural_in_english():
    """A list's name (its export's file and sheet, and the page's title) came from the msgid
    its model's name shared: the English cohorts list was called "Cohort", the postings
    "Posting". A list's name has the context "list" now; it is never a record's name."""
    from django.apps import apps
    from django.utils import translation
    from django.utils.text import capfirst

    with translation.override("en"):
        singular = {capfirst(str(m._meta.verbose_name)) for m in apps.get_models()}
        named_as_one = [str(spec.title) for spec in _specs() if str(spec.title) in singular]
    assert not named_as_one, named_as_one


@pytest.mark.parametrize("spec", _specs(), ids=lambda s: s.name)
def test_every_sort_key_of_every_list_orders_its_queryset(spec: ListSpec, rf, admin_user):
    """Each declared sort path is a real field: ordering by it (both ways) runs."""
    from django.apps import apps

    models = {
        "bodies": "registry.Body",
        "organizations": "registry.Organization",
        "people": "registry.Person",
        "members": "registry.Membership",
        "events": "events.Event",
        "agreements": "cooperation.Agreement",
        "carriers": "cooperation.Carrier",
        "cohorts": "talent.Cohort",
        "postings": "talent.Posting",
        "placements": "talent.Placement",
        "match-runs": "talent.MatchRun",
        "articles": "ingest.Article",
    }
    from django.db.models import Count

    qs = apps.get_model(models[spec.name]).objects.all()
    annotations = {
        "member_count": Count("memberships"),
        "student_count": Count("students"),
        "placed": Count("placements"),
        "accepted_count": Count("proposals"),
    }
    for col in spec.columns:
        if not col.sort:
            continue
        extra = {col.sort: annotations[col.sort]} if col.sort in annotations else {}
        qs2 = qs.annotate(**extra)
        for key in (col.key, f"-{col.key}"):
            list(spec.sort(qs2, rf.get("/", {"sort": key})))


def test_bodies_sort_by_name_both_ways_and_ignore_unknown_keys(client):
    for name in ("乙集团", "甲集团", "丙集团"):
        BodyFactory(name=name)
    asc = _sheet(client.get("/bodies/", {"sort": "name", "format": "xlsx"}))
    names = [r[0] for r in asc[1:]]
    assert names == sorted(names)
    desc = _sheet(client.get("/bodies/", {"sort": "-name", "format": "xlsx"}))
    assert [r[0] for r in desc[1:]] == names[::-1]
    # An undeclared key (or a private field) falls back to the default order, no error.
    for bad in ("password", "-notes", "organization__contacts__user__password", "x'--"):
        response = client.get("/bodies/", {"sort": bad})
        assert response.status_code == 200


def test_export_has_the_same_filters_and_sort_as_the_page(client):
    for i, kind in enumerate(["enterprise", "enterprise", "vocational_college"]):
        OrganizationFactory(name=f"单位{i}", kind=kind, region=f"地区{3 - i}")
    page = client.get("/organizations/", {"kind": "enterprise", "sort": "-region"})
    html = page.content.decode()
    # The export link and the sort links keep the filter.
    assert "kind=enterprise" in html and "format=xlsx" in html
    rows = _sheet(
        client.get("/organizations/", {"kind": "enterprise", "sort": "-region", "format": "xlsx"})
    )
    assert [r[0] for r in rows[1:]] == ["单位0", "单位1"]  # 地区3, 地区2
    rows = _sheet(
        client.get("/organizations/", {"kind": "enterprise", "sort": "region", "format": "xlsx"})
    )
    assert [r[0] for r in rows[1:]] == ["单位1", "单位0"]


def test_sort_header_link_keeps_filters_and_drops_page(client):
    OrganizationFactory(name="单位", kind="enterprise")
    html = client.get("/organizations/", {"kind": "enterprise", "page": "1"}).content.decode()
    assert 'href="?kind=enterprise&amp;sort=name"' in html or "kind=enterprise&amp;sort=" in html
    assert "page=1&amp;sort" not in html


def test_export_covers_every_page_not_just_the_first(client):
    for i in range(45):
        OrganizationFactory(name=f"单位{i:03d}")
    rows = _sheet(client.get("/organizations/", {"format": "xlsx"}))
    assert len(rows) == 46


# --- members of a body: the contact column follows the privacy rule -------------------------


@pytest.fixture
def members(body, member_org):
    MembershipFactory(
        body=body, organization=member_org, role="chair", contact="王老师 13800000000"
    )
    MembershipFactory(body=body, organization=OrganizationFactory(name="乙企业"), role="member")
    return body


@pytest.mark.parametrize(
    "who", [None, "other_secretariat_user", "supervisor_user", "other_contact_user", "plain_user"]
)
def test_member_list_export_hides_contacts_from_readers_without_the_right(
    client, request, members, who
):
    if who:
        client.force_login(request.getfixturevalue(who))
    url = reverse("registry:member_list", kwargs={"pk": members.pk})
    rows = _sheet(client.get(url, {"format": "xlsx"}))
    assert "联系人" in rows[0]
    assert not any("13800000000" in str(v) for r in rows for v in r)
    assert "13800000000" not in client.get(url).content.decode()


@pytest.mark.parametrize("who", ["secretariat_user", "contact_user", "admin_user"])
def test_member_list_export_shows_contacts_to_the_unit_secretariat_and_admin(
    client, request, members, who
):
    client.force_login(request.getfixturevalue(who))
    url = reverse("registry:member_list", kwargs={"pk": members.pk})
    rows = _sheet(client.get(url, {"format": "xlsx", "sort": "role"}))
    assert any("13800000000" in str(v) for r in rows for v in r)


def test_member_list_cannot_be_sorted_by_the_private_contact(client, members):
    url = reverse("registry:member_list", kwargs={"pk": members.pk})
    html = client.get(url, {"sort": "contact"}).content.decode()
    assert 'href="?sort=contact"' not in html


def test_body_page_links_the_events_export_and_the_member_list(client, body):
    html = client.get(reverse("registry:body_detail", kwargs={"pk": body.pk})).content.decode()
    assert reverse("body_events_export", kwargs={"pk": body.pk}) in html
    assert reverse("registry:member_list", kwargs={"pk": body.pk}) in html
