"""A body's memberships, terms and committees and a person's positions each have a GET of one
record, answering its version (ETag) for a later PUT, PATCH or DELETE, and showing what the
list shows: a membership's contact and notes only to those who may read them. The ids of
terms and charters an input may name are those of bodies the reader may see."""

from __future__ import annotations

import datetime

import pytest

from chanjiao.core.testing import api_write, assert_error, bearer
from chanjiao.registry.api import charters_seen, terms_seen
from chanjiao.registry.models import Charter, Committee, Membership, Term
from chanjiao.registry.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PositionFactory,
    TermFactory,
)

JSON = "application/json"


def _paths(body, person_position):
    term = TermFactory(body=body, number=1)
    committee = Committee.objects.create(body=body, name="专家委员会", term=term)
    member = MembershipFactory(body=body, term=term)
    person, position = person_position
    return {
        f"/api/v1/bodies/{body.pk}/members/{member.pk}": ("id", member.pk),
        f"/api/v1/bodies/{body.pk}/committees/{committee.pk}": ("name", "专家委员会"),
        f"/api/v1/bodies/{body.pk}/terms/{term.pk}": ("number", 1),  # the others name it
        f"/api/v1/people/{person.pk}/positions/{position.pk}": ("title", "校长"),
    }


@pytest.fixture
def position(db):
    position = PositionFactory(title="校长")
    return position.person, position


def test_one_nested_record_is_read_with_its_version(client, body, position):
    for url, (key, value) in _paths(body, position).items():
        read = client.get(url)
        assert read.status_code == 200, (url, read.content)
        assert read.json()[key] == value
        assert read["ETag"].startswith('"'), url


def test_the_version_read_refuses_a_write_over_a_later_change(client, body, position, admin_token):
    for url in _paths(body, position):
        version = client.get(url)["ETag"]
        changed = api_write(client, "patch", url, {"since": "2024-01-01"}, admin_token)
        if changed.status_code == 422:  # terms and committees have no `since`
            field = "starts_on" if "/terms/" in url else "founded_on"
            changed = api_write(client, "patch", url, {field: "2024-01-01"}, admin_token)
        assert changed.status_code == 200, (url, changed.content)
        assert changed["ETag"] != version
        headers = {**bearer(admin_token), "If-Match": version}
        assert_error(client.delete(url, headers=headers), 412)
        fresh = client.get(url)["ETag"]
        deleted = client.delete(url, headers={**bearer(admin_token), "If-Match": fresh})
        assert deleted.status_code == 204, (url, deleted.content)
        assert client.get(url).status_code == 404


def test_a_memberships_contact_and_notes_are_shown_as_the_list_shows_them(
    client, body, secretariat_token, plain_token
):
    member = MembershipFactory(body=body, contact="张老师 13800000000", notes="内部备注")
    url = f"/api/v1/bodies/{body.pk}/members/{member.pk}"
    listed = client.get(f"/api/v1/bodies/{body.pk}/members", headers=bearer(plain_token))
    assert listed.json()["items"][0]["contact"] is None
    for headers in ({}, bearer(plain_token)):
        read = client.get(url, headers=headers).json()
        assert (read["contact"], read["notes"]) == (None, None)
    read = client.get(url, headers=bearer(secretariat_token)).json()
    assert (read["contact"], read["notes"]) == ("张老师 13800000000", "内部备注")


def test_a_former_membership_is_read_too(client, body):
    member = MembershipFactory(body=body, since=datetime.date(2020, 1, 1))
    Membership.objects.filter(pk=member.pk).update(until=datetime.date(2021, 1, 1))
    assert client.get(f"/api/v1/bodies/{body.pk}/members/{member.pk}").status_code == 200


def test_nothing_of_an_unpublished_body_is_read_by_others(client, plain_token):
    hidden = BodyFactory(is_published=False)
    member = MembershipFactory(body=hidden)
    term = TermFactory(body=hidden)
    for url in (
        f"/api/v1/bodies/{hidden.pk}/members/{member.pk}",
        f"/api/v1/bodies/{hidden.pk}/terms/{term.pk}",
    ):
        assert_error(client.get(url, headers=bearer(plain_token)), 404)
    other = BodyFactory()
    assert_error(client.get(f"/api/v1/bodies/{other.pk}/terms/{term.pk}"), 404)


def test_an_input_may_name_only_terms_and_charters_of_bodies_in_sight(
    rf, body, other_secretariat_user
):
    hidden = BodyFactory(is_published=False)
    term, seen = TermFactory(body=hidden), TermFactory(body=body)
    charter = Charter.objects.create(body=hidden, version="2024")
    request = rf.get("/")
    request.user = other_secretariat_user
    assert list(terms_seen(request).filter(pk__in=[term.pk, seen.pk])) == [seen]
    assert not charters_seen(request).filter(pk=charter.pk).exists()
    assert Term.objects.filter(pk=term.pk).exists()


def test_the_single_reads_are_in_the_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/bodies/{id}/members/{membership_id}",
        "/api/v1/bodies/{id}/terms/{term_id}",
        "/api/v1/bodies/{id}/committees/{committee_id}",
        "/api/v1/people/{id}/positions/{position_id}",
    ):
        assert "get" in paths[path], path
