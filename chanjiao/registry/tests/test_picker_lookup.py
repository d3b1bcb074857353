"""The pickers' look-up endpoints: signed-in readers only, a page of names at a time, searched
as the organisations and people lists search, and nothing personal in the answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chanjiao.registry.lookups import PAGE_SIZE
from chanjiao.registry.models import Organization

from .factories import BodyFactory, MembershipFactory, OrganizationFactory, PersonFactory

CONTACT = "联系人张三 13800001111 zhangsan@example.com"
NOTE = "内部备注XYZ"


def _lookup(client, name="registry:organization_lookup", **params):
    answer = client.get(reverse(name), params)
    assert answer.status_code == 200
    return answer.json()


def _texts(answer) -> list[str]:
    return [row["text"] for row in answer["results"]]


@pytest.mark.parametrize("name", ["registry:organization_lookup", "registry:person_lookup"])
def test_anonymous_visitors_are_refused(client, member_org, name):
    PersonFactory(name="某人")
    answer = client.get(reverse(name), {"q": ""})
    assert answer.status_code == 401
    assert member_org.name not in answer.content.decode()
    assert "某人" not in answer.content.decode()


def test_finds_a_unit_by_its_alias(client, plain_user):
    OrganizationFactory(name="江西江铃集团汽车股份有限公司", aliases="江铃汽车\n江铃")
    OrganizationFactory(name="无关单位")
    client.force_login(plain_user)
    assert _texts(_lookup(client, q="江铃汽车")) == ["江西江铃集团汽车股份有限公司"]


def test_finds_a_unit_typed_in_traditional_characters(client, plain_user):
    OrganizationFactory(name="江铃汽车股份有限公司", short_name="江铃")
    client.force_login(plain_user)
    assert _texts(_lookup(client, q="江鈴汽車")) == ["江铃汽车股份有限公司（江铃）"]


def test_serves_matches_a_page_at_a_time(client, plain_user):
    Organization.objects.bulk_create(
        [Organization(name=f"分页单位{i:03d}") for i in range(2 * PAGE_SIZE + 5)]
    )
    OrganizationFactory(name="其他单位")
    client.force_login(plain_user)
    pages = [_lookup(client, q="分页单位", page=n) for n in (1, 2, 3)]
    assert [len(p["results"]) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert [p["more"] for p in pages] == [True, True, False]
    ids = [row["id"] for p in pages for row in p["results"]]
    assert len(set(ids)) == 2 * PAGE_SIZE + 5
    assert _lookup(client, q="分页单位", page="abc")["page"] == 1


def test_narrows_to_kinds_and_to_a_bodys_current_members(client, plain_user, body):
    school = OrganizationFactory(name="某职业学院", kind="vocational_college")
    OrganizationFactory(name="某企业", kind="enterprise")
    MembershipFactory(body=body, organization=school)
    client.force_login(plain_user)
    assert _texts(_lookup(client, q="某", kind="vocational_college")) == ["某职业学院"]
    assert _texts(_lookup(client, q="某", member_of=body.pk)) == ["某职业学院"]


def test_does_not_reveal_the_members_of_a_body_the_reader_may_not_see(client, plain_user):
    hidden = BodyFactory(is_published=False)
    MembershipFactory(body=hidden, organization=OrganizationFactory(name="隐秘成员单位"))
    client.force_login(plain_user)
    assert _lookup(client, member_of=hidden.pk)["results"] == []


def test_answers_hold_no_personal_data(client, plain_user, body, member_org, contact_user):
    """Contacts (a membership's contact, a unit's contact's account) and a person's notes are
    personal: the look-ups neither show them nor find by them."""
    MembershipFactory(body=body, organization=member_org, contact=CONTACT, notes=NOTE)
    person = PersonFactory(name="王五", notes=NOTE)
    client.force_login(plain_user)
    for name in ("registry:organization_lookup", "registry:person_lookup"):
        for q in ("", member_org.name, "王五"):
            content = str(_lookup(client, name, q=q))
            for marker in ("联系人张三", "13800001111", "zhangsan@example.com", NOTE):
                assert marker not in content
            assert contact_user.username not in content
        assert _lookup(client, name, q="内部备注XYZ")["results"] == []
    assert _lookup(client, "registry:person_lookup", q="王五")["results"][0]["id"] == person.pk


def test_a_person_is_shown_with_a_unit_to_tell_namesakes_apart(client, plain_user):
    from .factories import PositionFactory

    first, second = PersonFactory(name="张伟"), PersonFactory(name="张伟")
    PositionFactory(person=first, organization=OrganizationFactory(name="甲学院"), title="院长")
    PositionFactory(person=second, organization=OrganizationFactory(name="乙公司"), title="经理")
    client.force_login(plain_user)
    assert sorted(_texts(_lookup(client, "registry:person_lookup", q="张伟"))) == [
        "张伟（乙公司）",
        "张伟（甲学院）",
    ]
