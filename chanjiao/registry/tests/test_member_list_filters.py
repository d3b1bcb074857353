"""A body's member list: its filters behave as every list's, and its search finds a unit as the
organisations list does (names, short and English names, aliases, credit codes, Traditional
characters)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chanjiao.registry import selectors
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory


@pytest.fixture
def members(body):
    """Three member units of ``body``: two plain members and a vice chair."""
    units = {
        "jiangling": OrganizationFactory(
            name="江铃汽车集团有限公司",
            short_name="江铃集团",
            english_name="Jiangling Motors Group",
            credit_code="91360000158260110X",
        ),
        "beizhi": OrganizationFactory(name="北京智能装备研究院", aliases="北智院"),
        "vice": OrganizationFactory(name="南昌副理事长单位有限公司"),
    }
    MembershipFactory(body=body, organization=units["jiangling"])
    MembershipFactory(body=body, organization=units["beizhi"])
    MembershipFactory(body=body, organization=units["vice"], role="vice_chair")
    return units


def _names(client, body, **query) -> tuple[set[str], object]:
    response = client.get(reverse("registry:member_list", args=[body.pk]), query)
    assert response.status_code == 200
    rows = response.context["page_obj"].object_list
    return {m.organization.name for m in rows}, response.context["filter_form"]


def test_an_invalid_role_is_left_out_with_its_error_and_the_search_still_filters(
    client, admin_user, body, members
):
    """?role=bogus dropped every filter: the search too, so the whole list came back."""
    client.force_login(admin_user)
    names, form = _names(client, body, role="bogus", q="北京智能")
    assert names == {"北京智能装备研究院"}
    assert "role" in form.errors  # the form says what is wrong with the role


def test_a_search_longer_than_100_characters_still_filters_by_role_and_text(
    client, admin_user, body, members
):
    """A 101-character search made the whole form invalid: every member of every role showed."""
    client.force_login(admin_user)
    names, form = _names(client, body, role="vice_chair", q="南" * 101)
    assert names == set() and not form.errors
    names, _form = _names(client, body, role="vice_chair", q="")
    assert names == {"南昌副理事长单位有限公司"}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("江铃集团", "江铃汽车集团有限公司"),  # short name
        ("Jiangling Motors", "江铃汽车集团有限公司"),  # English name
        ("91360000158260110X", "江铃汽车集团有限公司"),  # credit code
        ("北智院", "北京智能装备研究院"),  # alias
        ("江鈴", "江铃汽车集团有限公司"),  # Traditional characters
    ],
)
def test_the_member_list_finds_a_unit_as_the_organisations_list_does(
    client, admin_user, body, members, typed, found
):
    client.force_login(admin_user)
    names, _form = _names(client, body, q=typed)
    assert names == {found}
    listed = selectors.organization_list(actor=admin_user, q=typed)
    assert [o.name for o in listed] == [found]


def test_the_body_page_finds_a_member_by_its_alias(client, admin_user, body, members):
    client.force_login(admin_user)
    response = client.get(reverse("registry:body_detail", args=[body.pk]), {"q": "北智院"})
    rows = response.context["page_obj"].object_list
    assert [m.organization.name for m in rows] == ["北京智能装备研究院"]


def test_a_search_in_traditional_characters_finds_the_simplified_name(admin_user, db):
    OrganizationFactory(name="江铃汽车集团有限公司")
    OrganizationFactory(name="南昌职业大学")
    for typed in ("江鈴", "江鈴汽車", "江铃"):
        assert [o.name for o in selectors.organization_list(actor=admin_user, q=typed)] == [
            "江铃汽车集团有限公司"
        ], typed
