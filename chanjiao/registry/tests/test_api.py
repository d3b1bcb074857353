"""REST API of the registry: organisations, people, bodies and their members."""

import pytest

from chanjiao.accounts.models import BodyRole
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import (
    api_write,
    assert_error,
    assert_one_change,
    check_crud_endpoint,
    items,
    last_change_id,
    make_token,
)
from chanjiao.registry import models as registry
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)

VALID_CREDIT_CODE = "915115007090670044"


def names(response) -> list[str]:
    return [item["name"] for item in items(response)]


# --- the shared CRUD check, one per resource ---------------------------------------------


@pytest.mark.parametrize(
    "path, model, create_payload, update_payload",
    [
        (
            "/api/v1/organizations",
            registry.Organization,
            {
                "name": "宜宾五粮液集团有限公司",
                "kind": "enterprise",
                "credit_code": VALID_CREDIT_CODE,
                "region": "四川宜宾",
                "aliases": ["五粮液集团"],
            },
            {"short_name": "五粮液", "aliases": ["五粮液集团", "五粮液"]},
        ),
        (
            "/api/v1/people",
            registry.Person,
            {"name": "李明", "english_name": "Li Ming"},
            {"notes": "2024 年起任理事长"},
        ),
        (
            "/api/v1/bodies",
            registry.Body,
            {
                "name": "成都市域产教联合体",
                "kind": "municipal_consortium",
                "level": "municipal",
                "region": "四川成都",
                "founded_on": "2023-06-01",
                "aliases": ["成都产教联合体"],
            },
            {"status": "dissolved", "founded_on": "2023-06-02"},
        ),
    ],
    ids=["organizations", "people", "bodies"],
)
def test_registry_resources_crud(
    client, admin_token, plain_token, path, model, create_payload, update_payload
):
    payloads = (create_payload, update_payload)
    check_crud_endpoint(
        client, path, model, payloads, admin_token=admin_token, denied_token=plain_token
    )


# --- organisations ---------------------------------------------------------------------


def test_search_finds_organization_by_alias(client, db):
    OrganizationFactory(name="四川省宜宾市职业技术学院", aliases="宜宾职院\n宜职院")
    OrganizationFactory(name="成都纺织高等专科学校")
    assert names(client.get("/api/v1/organizations", {"q": "宜职院"})) == [
        "四川省宜宾市职业技术学院"
    ]


def test_organization_output_lists_aliases_and_labels(client, db):
    org = OrganizationFactory(
        name="成都工业职业技术学院", kind="vocational_college", aliases="成工职院\n成都工职院"
    )
    data = client.get(f"/api/v1/organizations/{org.pk}").json()
    assert data["aliases"] == ["成工职院", "成都工职院"]
    assert data["kind"] == "vocational_college" and data["kind_label"] == "高职院校"


def test_organization_filters_by_kind_region_and_body(client, body):
    college = OrganizationFactory(name="甲学院", kind="vocational_college", region="四川成都")
    OrganizationFactory(name="乙公司", kind="enterprise", region="四川成都")
    OrganizationFactory(name="丙学院", kind="vocational_college", region="重庆")
    MembershipFactory(body=body, organization=college)
    assert names(client.get("/api/v1/organizations", {"kind": "vocational_college"})) == [
        "丙学院",
        "甲学院",
    ]
    assert names(client.get("/api/v1/organizations", {"region": "成都"})) == ["乙公司", "甲学院"]
    assert names(client.get("/api/v1/organizations", {"body": body.pk})) == ["甲学院"]
    assert_error(client.get("/api/v1/organizations", {"kind": "spaceship"}), 422, "kind")


def test_invalid_credit_code_is_a_field_error(client, admin_token):
    response = api_write(
        client,
        "post",
        "/api/v1/organizations",
        {"name": "某公司", "credit_code": "123"},
        admin_token,
    )
    assert_error(response, 422, "credit_code")
    assert not registry.Organization.objects.filter(name="某公司").exists()


def test_duplicate_organization_name_is_a_field_error(client, admin_token, member_org):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": member_org.name}, admin_token
    )
    assert_error(response, 422, "name")


def test_missing_required_field_is_a_field_error(client, admin_token):
    assert_error(api_write(client, "post", "/api/v1/organizations", {}, admin_token), 422, "name")


def test_null_for_a_required_field_in_patch_is_a_field_error(client, admin_token, member_org):
    response = api_write(
        client, "patch", f"/api/v1/organizations/{member_org.pk}", {"name": None}, admin_token
    )
    assert_error(response, 422, "name")


def test_secretariat_may_register_an_organization(client, secretariat_token):
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": "新成员公司"}, secretariat_token
    )
    assert response.status_code == 201, response.content


def test_contact_edits_own_organization_but_not_others(client, contact_token, member_org):
    other = OrganizationFactory()
    own = api_write(
        client,
        "patch",
        f"/api/v1/organizations/{member_org.pk}",
        {"website": "https://cdgm.edu.cn"},
        contact_token,
    )
    assert own.status_code == 200 and own.json()["website"] == "https://cdgm.edu.cn"
    body = assert_error(
        api_write(
            client, "patch", f"/api/v1/organizations/{other.pk}", {"website": ""}, contact_token
        ),
        403,
    )
    assert "联系人" in body["detail"]


def test_put_replaces_the_whole_record(client, admin_token):
    org = OrganizationFactory(name="旧名称公司", short_name="旧名", region="成都")
    response = api_write(
        client,
        "put",
        f"/api/v1/organizations/{org.pk}",
        {"name": "新名称公司", "kind": "enterprise"},
        admin_token,
    )
    assert response.status_code == 200, response.content
    assert response.json()["short_name"] == "" and response.json()["region"] == ""
    assert response.json()["name"] == "新名称公司"


def test_organization_still_a_member_cannot_be_deleted(client, admin_token, body, member_org):
    MembershipFactory(body=body, organization=member_org)
    assert_error(
        api_write(client, "delete", f"/api/v1/organizations/{member_org.pk}", token=admin_token),
        422,
    )
    assert registry.Organization.objects.filter(pk=member_org.pk).exists()


def test_organization_memberships_lists_initiator_role(client, body, member_org):
    MembershipFactory(body=body, organization=member_org, role="initiator")
    MembershipFactory(body=body, organization=member_org, role="vice_chair")
    data = items(client.get(f"/api/v1/organizations/{member_org.pk}/memberships"))
    assert {(m["body"]["name"], m["role"], m["role_label"]) for m in data} == {
        (body.name, "initiator", "牵头发起单位"),
        (body.name, "vice_chair", "副理事长单位"),
    }
    assert all(m["is_current"] for m in data)


def test_organization_memberships_hide_unpublished_bodies(client, admin_token, member_org):
    hidden = BodyFactory(is_published=False)
    MembershipFactory(body=hidden, organization=member_org)
    assert items(client.get(f"/api/v1/organizations/{member_org.pk}/memberships")) == []
    shown = client.get(
        f"/api/v1/organizations/{member_org.pk}/memberships",
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    assert [m["body"]["id"] for m in items(shown)] == [hidden.pk]


# --- pagination ----------------------------------------------------------------------------


def test_lists_paginate_with_limit_and_offset(client, db):
    for i in range(60):
        OrganizationFactory(name=f"单位{i:02d}")
    page = client.get("/api/v1/organizations").json()
    assert page["count"] == 60 and len(page["items"]) == 50
    page = client.get("/api/v1/organizations", {"limit": 5, "offset": 57}).json()
    assert [o["name"] for o in page["items"]] == ["单位57", "单位58", "单位59"]
    assert page["count"] == 60


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 501}, "limit"),
        ({"offset": -1}, "offset"),
        ({"limit": "x"}, "limit"),
    ],
)
def test_bad_pagination_is_a_field_error(client, db, params, field):
    assert_error(client.get("/api/v1/organizations", params), 422, field)


# --- people and positions ------------------------------------------------------------------


def test_create_person_with_positions(client, admin_token, member_org):
    response = api_write(
        client,
        "post",
        "/api/v1/people",
        {
            "name": "王强",
            "positions": [
                {"organization": member_org.pk, "title": "党委书记", "since": "2020-01-01"}
            ],
        },
        admin_token,
    )
    assert response.status_code == 201, response.content
    positions = response.json()["positions"]
    assert positions == [
        {
            "id": positions[0]["id"],
            "organization": {"id": member_org.pk, "name": member_org.name},
            "title": "党委书记",
            "since": "2020-01-01",
            "until": None,
            "source": "",
        }
    ]


def test_person_with_a_bad_position_leaves_nothing_behind(client, admin_token, member_org):
    since = last_change_id()
    response = api_write(
        client,
        "post",
        "/api/v1/people",
        {
            "name": "赵六",
            "positions": [
                {"organization": member_org.pk, "title": "校长"},
                {
                    "organization": member_org.pk,
                    "title": "院长",
                    "since": "2020-01-01",
                    "until": "2019-01-01",
                },
            ],
        },
        admin_token,
    )
    assert_error(response, 422)
    assert not registry.Person.objects.filter(name="赵六").exists()
    assert not ObjectChange.objects.filter(id__gt=since).exists()


def test_unknown_organization_of_a_position_is_a_field_error(client, admin_token):
    response = api_write(
        client,
        "post",
        "/api/v1/people",
        {"name": "钱七", "positions": [{"organization": 999999, "title": "校长"}]},
        admin_token,
    )
    assert_error(response, 422, "positions.0.organization")


def test_positions_sub_resource(client, admin_token, member_org, admin_user):
    person = PersonFactory(name="孙八")
    base = f"/api/v1/people/{person.pk}/positions"
    since = last_change_id()
    created = api_write(
        client, "post", base, {"organization": member_org.pk, "title": "副校长"}, admin_token
    )
    assert created.status_code == 201, created.content
    position_id = created.json()["id"]
    change = assert_one_change(
        since,
        model=registry.Position,
        object_id=position_id,
        action="create",
        actor=admin_user,
    )
    assert (change.related_object_id, change.after["title"]) == (person.pk, "副校长")

    updated = api_write(client, "patch", f"{base}/{position_id}", {"title": "校长"}, admin_token)
    assert updated.json()["title"] == "校长"
    assert [p["title"] for p in items(client.get(base))] == ["校长"]
    assert (
        api_write(client, "delete", f"{base}/{position_id}", token=admin_token).status_code == 204
    )
    assert items(client.get(base)) == []
    assert_error(api_write(client, "delete", f"{base}/{position_id}", token=admin_token), 404)


def test_people_filter_by_organization_and_search_titles(client, member_org):
    PositionFactory(person=PersonFactory(name="周九"), organization=member_org, title="党委书记")
    PositionFactory(person=PersonFactory(name="吴十"), title="总经理")
    assert names(client.get("/api/v1/people", {"organization": member_org.pk})) == ["周九"]
    assert names(client.get("/api/v1/people", {"q": "总经理"})) == ["吴十"]


def test_plain_user_cannot_register_people(client, plain_token):
    assert_error(api_write(client, "post", "/api/v1/people", {"name": "某人"}, plain_token), 403)


# --- bodies --------------------------------------------------------------------------------


def test_anonymous_cannot_see_unpublished_body(client, db):
    hidden = BodyFactory(name="筹备中的联合体", is_published=False)
    BodyFactory(name="公开的集团")
    assert names(client.get("/api/v1/bodies")) == ["公开的集团"]
    assert_error(client.get(f"/api/v1/bodies/{hidden.pk}"), 404)
    assert_error(client.get(f"/api/v1/bodies/{hidden.pk}/members"), 404)


def test_viewer_and_admin_see_unpublished_body(client, admin_token):
    hidden = BodyFactory(is_published=False)
    viewer = BodyRoleFactory(body=hidden, kind=BodyRole.Kind.VIEWER).user
    for token in (make_token(viewer), admin_token):
        response = client.get(
            f"/api/v1/bodies/{hidden.pk}", headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200, response.content


def test_unpublished_parent_is_not_revealed(client, body):
    body.parent = BodyFactory(is_published=False)
    body.save()
    assert client.get(f"/api/v1/bodies/{body.pk}").json()["parent"] is None


def test_body_detail_includes_declared_counts_and_member_summary(client, body):
    registry.DeclaredCount.objects.create(body=body, role="member", label="成员单位", value=79)
    registry.DeclaredCount.objects.create(body=body, label="覆盖专业", value=30)
    MembershipFactory(body=body, role="chair")
    MembershipFactory.create_batch(3, body=body, role="member")
    registry.Term.objects.create(body=body, number=1)
    data = client.get(f"/api/v1/bodies/{body.pk}").json()
    assert data["member_count"] == 4
    assert {d["label"]: d["value"] for d in data["declared_counts"]} == {
        "成员单位": 79,
        "覆盖专业": 30,
    }
    assert data["member_summary"] == [
        {
            "role": "chair",
            "role_label": "理事长单位",
            "registered": 1,
            "declared": None,
            "missing": 0,
        },
        {
            "role": "member",
            "role_label": "成员单位",
            "registered": 3,
            "declared": 79,
            "missing": 76,
        },
    ]
    assert [t["display_name"] for t in data["terms"]] == ["第1届理事会"]
    assert data["kind_label"] == "职业教育集团" and data["level_label"] == "市级"


def test_body_create_records_declared_counts(client, admin_token):
    response = api_write(
        client,
        "post",
        "/api/v1/bodies",
        {
            "name": "新联合体",
            "kind": "industry_community",
            "declared_counts": [{"role": "member", "label": "成员单位", "value": 120}],
        },
        admin_token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["declared_counts"][0]["value"] == 120


def test_secretariat_cannot_create_a_body(client, secretariat_token):
    response = api_write(
        client, "post", "/api/v1/bodies", {"name": "X", "kind": "other"}, secretariat_token
    )
    assert_error(response, 403)


def test_secretariat_edits_own_body(client, secretariat_token, body):
    response = api_write(
        client, "patch", f"/api/v1/bodies/{body.pk}", {"description": "简介"}, secretariat_token
    )
    assert response.status_code == 200 and response.json()["description"] == "简介"


def test_body_filters(client, db):
    BodyFactory(
        name="甲集团",
        kind="vocational_education_group",
        level="provincial",
        region="四川",
        founded_on="2015-01-01",
    )
    BodyFactory(
        name="乙共同体",
        kind="industry_community",
        level="national",
        region="北京",
        founded_on="2023-01-01",
        status="preparing",
    )
    assert names(client.get("/api/v1/bodies", {"kind": "industry_community"})) == ["乙共同体"]
    assert names(client.get("/api/v1/bodies", {"level": "provincial"})) == ["甲集团"]
    assert names(client.get("/api/v1/bodies", {"region": "四川"})) == ["甲集团"]
    assert names(client.get("/api/v1/bodies", {"status": "preparing"})) == ["乙共同体"]
    assert names(client.get("/api/v1/bodies", {"year": 2015})) == ["甲集团"]
    assert_error(client.get("/api/v1/bodies", {"year": 0}), 422, "year")
    assert_error(client.get("/api/v1/bodies", {"year": 10000}), 422, "year")


def test_search_finds_body_by_alias(client, db):
    BodyFactory(name="四川省现代服务业职业教育集团", aliases="川服职教集团")
    BodyFactory(name="其他集团")
    assert names(client.get("/api/v1/bodies", {"q": "川服"})) == ["四川省现代服务业职业教育集团"]


# --- members -------------------------------------------------------------------------------


def test_members_list_shows_organization_role_and_term(client, body, member_org):
    term = registry.Term.objects.create(body=body, number=2, starts_on="2024-01-01")
    MembershipFactory(
        body=body, organization=member_org, role="vice_chair", term=term, since="2024-01-01"
    )
    [member] = items(client.get(f"/api/v1/bodies/{body.pk}/members"))
    assert member["organization"] == {
        "id": member_org.pk,
        "name": member_org.name,
        "kind": "vocational_college",
        "kind_label": "高职院校",
    }
    assert (member["role"], member["role_label"]) == ("vice_chair", "副理事长单位")
    assert member["term"] == {"id": term.pk, "number": 2, "name": "第2届理事会"}
    assert (member["since"], member["until"]) == ("2024-01-01", None)


def test_members_filter_by_role(client, body):
    MembershipFactory(
        body=body, organization=OrganizationFactory(name="理事长单位甲"), role="chair"
    )
    MembershipFactory(body=body, organization=OrganizationFactory(name="成员乙"), role="member")
    MembershipFactory(body=body, organization=OrganizationFactory(name="成员丙"), role="member")
    members = items(client.get(f"/api/v1/bodies/{body.pk}/members", {"role": "member"}))
    assert sorted(m["organization"]["name"] for m in members) == ["成员丙", "成员乙"]
    assert {m["role"] for m in members} == {"member"}
    assert_error(client.get(f"/api/v1/bodies/{body.pk}/members", {"role": "king"}), 422, "role")


def test_members_exclude_former_unless_asked(client, body):
    MembershipFactory(
        body=body,
        organization=OrganizationFactory(name="已退出单位"),
        since="2020-01-01",
        until="2022-01-01",
    )
    MembershipFactory(body=body, organization=OrganizationFactory(name="现成员单位"))
    current = items(client.get(f"/api/v1/bodies/{body.pk}/members"))
    assert [m["organization"]["name"] for m in current] == ["现成员单位"]
    everyone = items(client.get(f"/api/v1/bodies/{body.pk}/members", {"current": "false"}))
    assert len(everyone) == 2


def test_secretariat_adds_and_removes_a_member(
    client, secretariat_user, secretariat_token, body, member_org
):
    since = last_change_id()
    response = api_write(
        client,
        "post",
        f"/api/v1/bodies/{body.pk}/members",
        {
            "organization": member_org.pk,
            "role": "vice_chair",
            "since": "2024-03-01",
            "contact": "张老师",
        },
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    membership_id = response.json()["id"]
    change = assert_one_change(
        since,
        model=registry.Membership,
        object_id=membership_id,
        action="create",
        actor=secretariat_user,
    )
    assert change.related_object_id == body.pk and change.after["role"] == "vice_chair"

    since = last_change_id()
    response = api_write(
        client,
        "patch",
        f"/api/v1/bodies/{body.pk}/members/{membership_id}",
        {"until": "2025-01-01"},
        secretariat_token,
    )
    assert response.status_code == 200 and response.json()["until"] == "2025-01-01"
    change = assert_one_change(
        since,
        model=registry.Membership,
        object_id=membership_id,
        action="update",
        actor=secretariat_user,
    )
    assert (change.before["until"], change.after["until"]) == (None, "2025-01-01")

    since = last_change_id()
    response = api_write(
        client,
        "delete",
        f"/api/v1/bodies/{body.pk}/members/{membership_id}",
        token=secretariat_token,
    )
    assert response.status_code == 204
    assert_one_change(
        since,
        model=registry.Membership,
        object_id=membership_id,
        action="delete",
        actor=secretariat_user,
    )
    assert not registry.Membership.objects.filter(pk=membership_id).exists()


def test_vice_chair_of_another_body_cannot_edit_members(client, body, other_body, member_org):
    """The secretariat of body B (say, run by a vice-chair unit) may not touch body A's list."""
    other_secretariat = BodyRoleFactory(body=other_body, user=UserFactory(username="b-sec")).user
    token = make_token(other_secretariat)
    membership = MembershipFactory(body=body)
    since = last_change_id()
    response = api_write(
        client, "post", f"/api/v1/bodies/{body.pk}/members", {"organization": member_org.pk}, token
    )
    assert "秘书处" in assert_error(response, 403)["detail"]
    assert_error(
        api_write(
            client, "delete", f"/api/v1/bodies/{body.pk}/members/{membership.pk}", token=token
        ),
        403,
    )
    assert_error(
        api_write(
            client,
            "patch",
            f"/api/v1/bodies/{body.pk}/members/{membership.pk}",
            {"role": "chair"},
            token,
        ),
        403,
    )
    assert not ObjectChange.objects.filter(id__gt=since).exists()
    # … while its own body's list is open to it.
    own = api_write(
        client,
        "post",
        f"/api/v1/bodies/{other_body.pk}/members",
        {"organization": member_org.pk},
        token,
    )
    assert own.status_code == 201


def test_unknown_foreign_key_is_a_field_error_not_500(
    client, admin_token, body, other_body, member_org
):
    path = f"/api/v1/bodies/{body.pk}/members"
    assert_error(
        api_write(client, "post", path, {"organization": 999999}, admin_token), 422, "organization"
    )
    foreign_term = registry.Term.objects.create(body=other_body, number=1)
    response = api_write(
        client, "post", path, {"organization": member_org.pk, "term": foreign_term.pk}, admin_token
    )
    assert_error(response, 422, "term")
    response = api_write(
        client,
        "post",
        "/api/v1/bodies",
        {"name": "X", "kind": "other", "approved_by": 999999},
        admin_token,
    )
    assert_error(response, 422, "approved_by")
    assert_error(
        api_write(client, "post", path, {"organization": 0}, admin_token), 422, "organization"
    )
    assert_error(
        api_write(client, "post", path, {"organization": 2**70}, admin_token), 422, "organization"
    )


def test_unknown_membership_or_body_is_404(client, admin_token, body):
    assert_error(
        api_write(client, "delete", f"/api/v1/bodies/{body.pk}/members/999999", token=admin_token),
        404,
    )
    assert_error(client.get("/api/v1/bodies/999999/members"), 404)
    assert_error(client.get(f"/api/v1/bodies/{2**70}"), 404)


def test_second_chair_unit_is_a_validation_error(client, admin_token, body, member_org):
    MembershipFactory(body=body, role="chair")
    response = api_write(
        client,
        "post",
        f"/api/v1/bodies/{body.pk}/members",
        {"organization": member_org.pk, "role": "chair"},
        admin_token,
    )
    assert "理事长单位" in assert_error(response, 422)["detail"]


def test_membership_until_before_since_is_a_validation_error(client, admin_token, body, member_org):
    response = api_write(
        client,
        "post",
        f"/api/v1/bodies/{body.pk}/members",
        {"organization": member_org.pk, "since": "2024-01-01", "until": "2023-01-01"},
        admin_token,
    )
    assert_error(response, 422)


# --- terms, committees, declared counts ----------------------------------------------------


def test_terms_and_committees_of_a_body(client, secretariat_token, body):
    terms = f"/api/v1/bodies/{body.pk}/terms"
    term = api_write(
        client, "post", terms, {"number": 1, "starts_on": "2021-01-01"}, secretariat_token
    )
    assert term.status_code == 201, term.content
    term_id = term.json()["id"]
    assert_error(api_write(client, "post", terms, {"number": 1}, secretariat_token), 422)
    assert (
        api_write(
            client, "patch", f"{terms}/{term_id}", {"ends_on": "2025-12-31"}, secretariat_token
        ).json()["ends_on"]
        == "2025-12-31"
    )

    committees = f"/api/v1/bodies/{body.pk}/committees"
    committee = api_write(
        client,
        "post",
        committees,
        {"name": "专家智库委员会", "kind": "expert_think_tank", "term": term_id},
        secretariat_token,
    )
    assert committee.status_code == 201, committee.content
    assert (
        committee.json()["term"]["id"] == term_id
        and committee.json()["kind_label"] == "专家智库委员会"
    )
    committee_id = committee.json()["id"]
    assert [c["name"] for c in items(client.get(committees))] == ["专家智库委员会"]
    detail = client.get(f"/api/v1/bodies/{body.pk}").json()
    assert [c["name"] for c in detail["committees"]] == ["专家智库委员会"]
    assert (
        api_write(
            client, "delete", f"{committees}/{committee_id}", token=secretariat_token
        ).status_code
        == 204
    )
    assert (
        api_write(client, "delete", f"{terms}/{term_id}", token=secretariat_token).status_code
        == 204
    )
    assert items(client.get(terms)) == []


def test_declared_count_set_replaces_the_count_of_a_role(client, secretariat_token, body):
    path = f"/api/v1/bodies/{body.pk}/declared-counts"
    first = api_write(
        client,
        "post",
        path,
        {"role": "member", "label": "成员单位", "value": 79},
        secretariat_token,
    )
    assert first.status_code == 200, first.content
    second = api_write(
        client,
        "post",
        path,
        {"role": "member", "label": "成员单位", "value": 81},
        secretariat_token,
    )
    assert second.json()["id"] == first.json()["id"] and second.json()["value"] == 81
    assert [(d["role_label"], d["value"]) for d in items(client.get(path))] == [("成员单位", 81)]
    assert (
        api_write(
            client, "delete", f"{path}/{first.json()['id']}", token=secretariat_token
        ).status_code
        == 204
    )
    assert items(client.get(path)) == []


# --- one record per unit; one chair unit per body and term ---------------------------------


def test_registering_a_unit_under_another_units_alias_is_a_name_error(client, admin_token):
    unit = registry.Organization.objects.create(name="成都市科学技术局", aliases="成都市科技局")
    response = api_write(
        client, "post", "/api/v1/organizations", {"name": "成都市科技局"}, admin_token
    )
    body = assert_error(response, 422, "name")
    assert "成都市科学技术局" in body["errors"]["name"][0]
    assert list(registry.Organization.objects.all()) == [unit]


def test_a_credit_code_with_spaces_around_it_is_stored_trimmed(client, admin_token):
    response = api_write(
        client,
        "post",
        "/api/v1/organizations",
        {"name": "某公司", "credit_code": f" {VALID_CREDIT_CODE} "},
        admin_token,
    )
    assert response.status_code == 201, response.content
    assert response.json()["credit_code"] == VALID_CREDIT_CODE


def test_a_second_chair_in_a_term_or_with_an_end_date_is_refused(client, admin_token, body):
    chair = MembershipFactory(body=body, role="chair")
    members = f"/api/v1/bodies/{body.pk}/members"
    term = api_write(client, "post", f"/api/v1/bodies/{body.pk}/terms", {"number": 1}, admin_token)
    for extra in ({"term": term.json()["id"]}, {"until": "2099-01-01"}):
        payload = {"organization": OrganizationFactory().pk, "role": "chair", **extra}
        response = api_write(client, "post", members, payload, admin_token)
        detail = assert_error(response, 422, "role")["errors"]["role"][0]
        assert chair.organization.name in detail and "只能有一个" in detail
    listed = client.get(
        members, {"role": "chair"}, headers={"Authorization": f"Bearer {admin_token}"}
    )
    assert [m["organization"]["id"] for m in items(listed)] == [chair.organization.pk]
