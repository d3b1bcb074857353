"""The registry pages: what people see on them and what the forms do, against the database."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.models import ObjectChange
from chanjiao.registry.models import Body, DeclaredCount, Membership, Organization, Person
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID_CREDIT_CODE = "91110000600037341L"


@pytest.fixture
def chengdu(body, member_org):
    """The Chengdu group as its founding report describes it: 1 chair, 23 vice-chairs, 79 members."""
    body.region = "四川省成都市"
    body.founded_on = datetime.date(2021, 4, 29)
    body.approval_document = "成教函〔2021〕12号"
    body.save()
    MembershipFactory(body=body, organization=member_org, role="chair")
    MembershipFactory(
        body=body, organization=OrganizationFactory(name="成都航空职业技术学院"), role="member"
    )
    DeclaredCount.objects.create(body=body, role="chair", label="理事长单位", value=1)
    DeclaredCount.objects.create(body=body, role="vice_chair", label="副理事长单位", value=23)
    DeclaredCount.objects.create(body=body, role="member", label="成员单位", value=79)
    return body


# --- the body page ------------------------------------------------------------------------


def test_body_page_shows_chair_unit_and_declared_against_registered_counts(client, chengdu):
    response = client.get(reverse("registry:body_detail", args=[chengdu.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "成都智能制造职业教育集团" in html
    assert "成都工贸职业技术学院" in html  # the chair unit
    assert "理事长单位" in html
    # vice-chairs: 0 registered of 23 declared; members: 1 of 79
    assert "副理事长单位" in html and "/ 23" in html
    assert "/ 79" in html
    assert "23 家尚未登记" in html
    assert "78 家尚未登记" in html
    assert "已全部登记" in html  # the one chair unit is registered
    assert "2021年4月29日" in html
    assert "成教函〔2021〕12号" in html


def test_body_page_counts_all_its_events_and_links_to_them_beyond_the_latest(client, chengdu):
    """The page shows the latest events; its heading counted only those shown ("30 场" for a
    body with 200 events)."""
    from chanjiao.events.models import Event
    from chanjiao.registry.views import SIDE_LIST_LENGTH

    for day in range(1, SIDE_LIST_LENGTH + 5):
        event = Event.objects.create(
            name=f"第{day}次理事会", kind="conference", starts_on=datetime.date(2024, 3, day)
        )
        event.bodies.add(chengdu)

    html = client.get(reverse("registry:body_detail", args=[chengdu.pk])).content.decode()

    assert html.count("cj-timeline-item") == SIDE_LIST_LENGTH
    assert f"{SIDE_LIST_LENGTH + 4} 场" in html
    assert f"{reverse('events:event_list')}?body={chengdu.pk}" in html
    assert f"第{SIDE_LIST_LENGTH + 4}次理事会" in html and "第1次理事会" not in html


def test_body_page_hides_edit_actions_and_member_contacts_from_visitors(client, chengdu):
    Membership.objects.filter(body=chengdu).update(contact="王老师 13800000000")

    html = client.get(reverse("registry:body_detail", args=[chengdu.pk])).content.decode()

    assert reverse("registry:member_add", args=[chengdu.pk]) not in html
    assert "13800000000" not in html


def test_body_page_shows_edit_actions_to_its_secretariat(client, chengdu, secretariat_user):
    client.force_login(secretariat_user)

    html = client.get(reverse("registry:body_detail", args=[chengdu.pk])).content.decode()

    assert reverse("registry:member_add", args=[chengdu.pk]) in html
    assert reverse("registry:body_edit", args=[chengdu.pk]) in html
    assert reverse("registry:body_history", args=[chengdu.pk]) in html


def test_anonymous_visitor_gets_404_for_an_unpublished_body(client):
    hidden = BodyFactory(is_published=False)

    assert client.get(reverse("registry:body_detail", args=[hidden.pk])).status_code == 404


def test_viewer_of_an_unpublished_body_sees_it(client):
    hidden = BodyFactory(is_published=False)
    viewer = BodyRoleFactory(body=hidden, kind="viewer").user
    client.force_login(viewer)

    assert client.get(reverse("registry:body_detail", args=[hidden.pk])).status_code == 200


@pytest.mark.parametrize(
    "name",
    ["registry:body_edit", "registry:member_add", "registry:term_add", "registry:committee_add"],
)
def test_anonymous_visitor_is_sent_to_login_from_edit_pages(client, body, name):
    url = reverse(name, args=[body.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# --- members ------------------------------------------------------------------------------


def test_secretariat_adds_a_member_that_shows_on_the_body_page_and_in_its_history(
    client, body, secretariat_user
):
    org = OrganizationFactory(name="四川省模具行业协会", kind="association")
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"organization": org.pk, "role": "vice_chair", "since": "2021-04-29", "new_kind": ""},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(body=body, organization=org)
    assert membership.role == "vice_chair"
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "四川省模具行业协会" in page
    change = ObjectChange.objects.get(
        content_type=ContentType.objects.get_for_model(Membership), object_id=membership.pk
    )
    assert change.actor == secretariat_user
    assert change.action == "create"
    history = client.get(reverse("registry:body_history", args=[body.pk])).content.decode()
    assert "四川省模具行业协会" in history
    assert "secretariat" in history


def test_secretariat_admits_a_unit_not_registered_yet_by_name(client, body, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"new_name": "成都数控机床有限公司", "new_kind": "enterprise", "role": "member"},
    )

    assert response.status_code == 302
    org = Organization.objects.get(name="成都数控机床有限公司")
    assert org.kind == "enterprise"
    assert Membership.objects.filter(body=body, organization=org, role="member").exists()


def test_save_and_add_another_returns_to_the_form_with_the_same_role(
    client, body, secretariat_user, member_org
):
    client.force_login(secretariat_user)
    url = reverse("registry:member_add", args=[body.pk])

    response = client.post(
        url, {"organization": member_org.pk, "role": "vice_chair", "add_another": "1"}
    )

    assert response.status_code == 302
    assert response.url == f"{url}?role=vice_chair"
    form = client.get(response.url).context["form"]
    assert form["role"].value() == "vice_chair"


def test_member_form_needs_a_unit(client, body, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(reverse("registry:member_add", args=[body.pk]), {"role": "member"})

    assert response.status_code == 200
    assert "请选择已登记单位，或填写新单位名称" in response.content.decode()
    assert not Membership.objects.exists()


def test_second_chair_unit_is_refused_on_the_form_without_a_new_unit_left_behind(
    client, chengdu, secretariat_user
):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_add", args=[chengdu.pk]),
        {"new_name": "另一所学院", "new_kind": "vocational_college", "role": "chair"},
    )

    assert response.status_code == 200
    assert "已有理事长单位" in response.content.decode()
    assert not Organization.objects.filter(name="另一所学院").exists()
    assert Membership.objects.filter(body=chengdu, role="chair").count() == 1


def test_secretariat_of_another_body_gets_403_on_member_add_and_edit(client, body, other_body):
    outsider = BodyRoleFactory(body=other_body, user=UserFactory(username="outsider")).user
    membership = MembershipFactory(body=body)
    client.force_login(outsider)

    add_url = reverse("registry:member_add", args=[body.pk])
    edit_url = reverse("registry:member_edit", args=[body.pk, membership.pk])
    assert client.get(add_url).status_code == 403
    assert client.post(add_url, {"organization": membership.organization.pk}).status_code == 403
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, {"role": "chair"}).status_code == 403
    membership.refresh_from_db()
    assert membership.role == "member"
    assert not ObjectChange.objects.exists()


def test_secretariat_records_that_a_member_left(client, body, secretariat_user):
    membership = MembershipFactory(body=body)
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_remove", args=[body.pk, membership.pk]),
        {"action": "end", "until": "2024-12-31"},
        follow=True,  # shows (and so clears) the message that names the unit
    )

    assert response.redirect_chain[-1][1] == 302
    membership.refresh_from_db()
    assert membership.until == datetime.date(2024, 12, 31)
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert membership.organization.name not in page  # only current members are listed


def test_secretariat_deletes_a_member_entered_by_mistake(client, body, secretariat_user):
    membership = MembershipFactory(body=body)
    client.force_login(secretariat_user)

    client.post(
        reverse("registry:member_remove", args=[body.pk, membership.pk]), {"action": "delete"}
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert ObjectChange.objects.filter(action="delete", actor=secretariat_user).exists()


def test_secretariat_edits_a_member_role(client, body, secretariat_user):
    membership = MembershipFactory(body=body)
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_edit", args=[body.pk, membership.pk]),
        {"role": "executive_member", "contact": "李老师"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "executive_member"
    assert membership.contact == "李老师"


def test_secretariat_sets_a_declared_count_shown_against_registered_members(
    client, body, secretariat_user
):
    client.force_login(secretariat_user)

    client.post(
        reverse("registry:declared_count_add", args=[body.pk]),
        {"role": "member", "label": "成员单位", "value": "79"},
    )

    assert DeclaredCount.objects.get(body=body, role="member").value == 79
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "79 家尚未登记" in page


def test_secretariat_adds_term_committee_seat_and_charter(client, body, secretariat_user):
    client.force_login(secretariat_user)
    person = PersonFactory(name="刘专家")

    client.post(reverse("registry:term_add", args=[body.pk]), {"number": "1"})
    client.post(
        reverse("registry:committee_add", args=[body.pk]),
        {"name": "专业群建设工作委员会", "kind": "working_committee"},
    )
    committee = body.committees.get()
    client.post(
        reverse("registry:seat_add", args=[body.pk, committee.pk]),
        {"role": "director", "person": person.pk},
    )
    client.post(
        reverse("registry:charter_add", args=[body.pk]),
        {"version": "2021", "title": "成都智能制造职业教育集团章程", "adopted_on": "2021-04-29"},
    )

    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "第1届理事会" in page
    assert "专业群建设工作委员会" in page
    assert "刘专家" in page
    assert "成都智能制造职业教育集团章程" in page


def test_duplicate_term_number_is_a_form_error(client, body, secretariat_user):
    client.force_login(secretariat_user)
    client.post(reverse("registry:term_add", args=[body.pk]), {"number": "1"})

    response = client.post(reverse("registry:term_add", args=[body.pk]), {"number": "1"})

    assert response.status_code == 200
    assert "该届次已存在" in response.content.decode()


def test_only_an_admin_may_create_a_body(client, secretariat_user, admin_user):
    client.force_login(secretariat_user)
    assert client.get(reverse("registry:body_create")).status_code == 403

    client.force_login(admin_user)
    response = client.post(
        reverse("registry:body_create"),
        {
            "name": "全国汽车装备制造行业产教融合共同体",
            "kind": "industry_community",
            "level": "national",
            "status": "active",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert Body.objects.filter(name="全国汽车装备制造行业产教融合共同体").exists()


def test_secretariat_edits_its_body(client, body, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:body_edit", args=[body.pk]),
        {
            "name": body.name,
            "kind": body.kind,
            "level": body.level,
            "status": "active",
            "region": "四川省成都市",
            "aliases": "成都智造职教集团",
            "is_published": "on",
        },
    )

    assert response.status_code == 302
    body.refresh_from_db()
    assert body.region == "四川省成都市"
    assert ObjectChange.objects.filter(action="update", actor=secretariat_user).exists()


# --- lists --------------------------------------------------------------------------------


def test_body_list_finds_a_body_by_its_alias(client, body):
    body.aliases = "成都智造职教集团"
    body.save()
    BodyFactory(name="天津职业教育集团")

    response = client.get(reverse("registry:body_list"), {"q": "智造职教"})

    html = response.content.decode()
    assert body.name in html
    assert "天津职业教育集团" not in html


def test_body_list_filters_by_kind(client, body):
    BodyFactory(name="全国精品钢共同体", kind="industry_community")

    html = client.get(reverse("registry:body_list"), {"kind": "industry_community"}).content
    html = html.decode()

    assert "全国精品钢共同体" in html
    assert body.name not in html


def test_body_list_answers_htmx_with_the_results_only(client, body):
    response = client.get(reverse("registry:body_list"), {"q": "成都"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert body.name in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_body_list_hides_unpublished_bodies_from_visitors(client):
    BodyFactory(name="未公开的联合体", is_published=False)

    assert "未公开的联合体" not in client.get(reverse("registry:body_list")).content.decode()


def test_organization_list_finds_a_unit_by_alias(client, member_org):
    Organization.objects.filter(pk=member_org.pk).update(aliases="成都工贸")
    OrganizationFactory(name="重庆某公司")

    html = client.get(reverse("registry:organization_list"), {"q": "成都工贸"}).content.decode()

    assert member_org.name in html
    assert "重庆某公司" not in html


def test_person_list_finds_people_by_title(client):
    PositionFactory(person=PersonFactory(name="陈院长"), title="党委书记")
    PersonFactory(name="赵某")

    html = client.get(reverse("registry:person_list"), {"q": "党委书记"}).content.decode()

    assert "陈院长" in html
    assert "赵某" not in html


# --- organisations ------------------------------------------------------------------------


def test_contact_edits_its_own_organization_but_gets_403_on_another(
    client, contact_user, member_org
):
    other = OrganizationFactory(name="别人的公司")
    client.force_login(contact_user)

    response = client.post(
        reverse("registry:organization_edit", args=[member_org.pk]),
        {"name": member_org.name, "kind": member_org.kind, "region": "四川省成都市"},
    )
    assert response.status_code == 302
    member_org.refresh_from_db()
    assert member_org.region == "四川省成都市"

    assert client.get(reverse("registry:organization_edit", args=[other.pk])).status_code == 403
    denied = client.post(
        reverse("registry:organization_edit", args=[other.pk]),
        {"name": "改名", "kind": "enterprise"},
    )
    assert denied.status_code == 403
    other.refresh_from_db()
    assert other.name == "别人的公司"


def test_bad_credit_code_rerenders_the_form_with_the_field_error_and_writes_nothing(
    client, contact_user, member_org
):
    client.force_login(contact_user)

    response = client.post(
        reverse("registry:organization_edit", args=[member_org.pk]),
        {"name": member_org.name, "kind": member_org.kind, "credit_code": "91110000600037341X"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "credit_code" in form.errors
    assert "不是有效的统一社会信用代码" in response.content.decode()
    member_org.refresh_from_db()
    assert member_org.credit_code is None
    assert not ObjectChange.objects.exists()


def test_secretariat_registers_an_organization_with_a_valid_credit_code(client, secretariat_user):
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:organization_create"),
        {"name": "新登记单位", "kind": "enterprise", "credit_code": VALID_CREDIT_CODE},
    )

    assert response.status_code == 302
    org = Organization.objects.get(name="新登记单位")
    assert org.credit_code == VALID_CREDIT_CODE
    assert ObjectChange.objects.get(object_id=org.pk, action="create").actor == secretariat_user


def test_plain_user_may_not_register_organizations(client, plain_user):
    client.force_login(plain_user)

    assert client.get(reverse("registry:organization_create")).status_code == 403


def test_organization_page_shows_its_bodies_roles_and_people(client, chengdu, member_org):
    PositionFactory(person=PersonFactory(name="王校长"), organization=member_org, title="院长")

    html = client.get(
        reverse("registry:organization_detail", args=[member_org.pk])
    ).content.decode()

    assert chengdu.name in html
    assert "理事长单位" in html
    assert "王校长" in html and "院长" in html


def test_organization_page_hides_roles_in_unpublished_bodies(client, member_org):
    hidden = BodyFactory(name="内部联合体", is_published=False)
    MembershipFactory(body=hidden, organization=member_org)

    html = client.get(
        reverse("registry:organization_detail", args=[member_org.pk])
    ).content.decode()

    assert "内部联合体" not in html


# --- people -------------------------------------------------------------------------------


def test_contact_registers_a_person_and_adds_a_position(client, contact_user, member_org):
    client.force_login(contact_user)

    response = client.post(reverse("registry:person_create"), {"name": "周主任"})
    assert response.status_code == 302
    person = Person.objects.get(name="周主任")

    response = client.post(
        reverse("registry:position_add", args=[person.pk]),
        {"organization": member_org.pk, "title": "教务处处长", "since": "2020-09-01"},
    )
    assert response.status_code == 302
    html = client.get(reverse("registry:person_detail", args=[person.pk])).content.decode()
    assert "教务处处长" in html
    assert "2020年9月1日" in html
    history = client.get(reverse("registry:person_history", args=[person.pk])).content.decode()
    assert "教务处处长" in history


def test_position_that_ends_before_it_starts_is_a_form_error(client, admin_user, member_org):
    person = PersonFactory()
    client.force_login(admin_user)

    response = client.post(
        reverse("registry:position_add", args=[person.pk]),
        {
            "organization": member_org.pk,
            "title": "校长",
            "since": "2020-01-01",
            "until": "2019-01-01",
        },
    )

    assert response.status_code == 200
    assert "终止日期不能早于起始日期" in response.content.decode()
    assert not person.positions.exists()


def test_history_pages_need_a_signed_in_user(client, body):
    response = client.get(reverse("registry:body_history", args=[body.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_every_registry_page_renders_for_an_admin(client, admin_user, chengdu, member_org):
    person = PersonFactory()
    PositionFactory(person=person, organization=member_org)
    membership = Membership.objects.filter(body=chengdu).first()
    client.force_login(admin_user)
    urls = [
        reverse("registry:body_list"),
        reverse("registry:body_create"),
        reverse("registry:body_detail", args=[chengdu.pk]),
        reverse("registry:body_edit", args=[chengdu.pk]),
        reverse("registry:body_history", args=[chengdu.pk]),
        reverse("registry:declared_count_add", args=[chengdu.pk]),
        reverse("registry:member_add", args=[chengdu.pk]),
        reverse("registry:member_edit", args=[chengdu.pk, membership.pk]),
        reverse("registry:member_remove", args=[chengdu.pk, membership.pk]),
        reverse("registry:term_add", args=[chengdu.pk]),
        reverse("registry:committee_add", args=[chengdu.pk]),
        reverse("registry:charter_add", args=[chengdu.pk]),
        reverse("registry:organization_list"),
        reverse("registry:organization_create"),
        reverse("registry:organization_detail", args=[member_org.pk]),
        reverse("registry:organization_edit", args=[member_org.pk]),
        reverse("registry:organization_history", args=[member_org.pk]),
        reverse("registry:person_list"),
        reverse("registry:person_create"),
        reverse("registry:person_detail", args=[person.pk]),
        reverse("registry:person_edit", args=[person.pk]),
        reverse("registry:person_history", args=[person.pk]),
        reverse("registry:position_add", args=[person.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_a_position_ending_ahead_is_still_held_and_one_ended_is_former(client, admin_user):
    # 曾任 (former) marks a position that has ended by today, not one with an end set ahead.
    today = timezone.localdate()
    unit = OrganizationFactory(name="成都甲职业技术学院")
    leaving = PositionFactory(
        person=PersonFactory(name="张三"),
        organization=unit,
        title="校长",
        until=today + datetime.timedelta(days=30),
    )
    PositionFactory(
        person=PersonFactory(name="李四"),
        organization=unit,
        title="副校长",
        until=today - datetime.timedelta(days=1),
    )
    client.force_login(admin_user)
    person_page = client.get(reverse("registry:person_detail", args=[leaving.person_id]))
    assert "成都甲职业技术学院 · 校长" in person_page.content.decode()
    assert "cj-past" not in person_page.content.decode()
    unit_page = client.get(reverse("registry:organization_detail", args=[unit.pk])).content.decode()
    assert unit_page.count("曾任") == 1
    listed = client.get(reverse("registry:person_list")).content.decode()
    assert listed.count("（曾任）") == 1


def test_the_body_page_marks_a_committee_seat_that_ended_and_not_one_ending_ahead(
    client, admin_user, body
):
    from chanjiao.registry import services

    today = timezone.localdate()
    committee = services.committee_create(actor=admin_user, body=body, name="专家委员会")
    for name, until in (
        ("王五", today - datetime.timedelta(days=1)),
        ("赵六", today + datetime.timedelta(days=9)),
    ):
        services.committee_seat_create(
            actor=admin_user, committee=committee, person=PersonFactory(name=name), until=until
        )
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    seats = page[page.index("专家委员会") :]
    assert seats.count("曾任") == 1
    assert seats.index("曾任") < seats.index("赵六")


# --- one record per unit ----------------------------------------------------------------------


def test_admitting_a_unit_by_its_alias_admits_the_registered_unit(client, body, secretariat_user):
    jiangling = OrganizationFactory(name="江铃汽车集团有限公司", aliases="江铃集团")
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"new_name": "江铃集团", "new_kind": "enterprise", "role": "member"},
    )

    assert response.status_code == 302
    assert list(Organization.objects.all()) == [jiangling]
    assert Membership.objects.filter(body=body, organization=jiangling, role="member").exists()


def test_registering_a_unit_under_another_units_short_name_names_that_unit(
    client, secretariat_user
):
    OrganizationFactory(name="成都市科学技术局", short_name="成都市科技局")
    client.force_login(secretariat_user)

    response = client.post(
        reverse("registry:organization_create"), {"name": "成都市科技局", "kind": "government"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "“成都市科技局”是已登记单位“成都市科学技术局”的别名或简称：请直接选用该单位，不要重复登记"
    ]
    assert Organization.objects.count() == 1


def test_a_pasted_credit_code_with_spaces_is_not_cut_by_the_browser(client, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:organization_create")

    assert "maxlength" not in str(client.get(url).context["form"]["credit_code"])
    response = client.post(
        url, {"name": "某公司", "kind": "enterprise", "credit_code": f"  {VALID_CREDIT_CODE} "}
    )

    assert response.status_code == 302
    assert Organization.objects.get(name="某公司").credit_code == VALID_CREDIT_CODE
