"""Registry services: invariants, permissions and the change log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chanjiao.core.models import ObjectChange
from chanjiao.registry import services
from chanjiao.registry.models import Membership, Organization, Person
from chanjiao.registry.tests.factories import (
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TermFactory,
)

VALID_CODE = "91350100M000100Y43"


@pytest.mark.django_db
def test_secretariat_adds_member_and_body_history_records_it(secretariat_user, body):
    org = services.organization_create(actor=secretariat_user, name="西门子工厂自动化工程有限公司")
    m = services.membership_create(actor=secretariat_user, body=body, organization=org)
    change = ObjectChange.objects.get(content_type__model="membership", object_id=m.pk)
    assert change.actor == secretariat_user
    assert change.related_object_id == body.pk


@pytest.mark.django_db
def test_vice_chair_of_another_body_cannot_edit_members(secretariat_user, other_body):
    org = OrganizationFactory()
    with pytest.raises(PermissionDenied):
        services.membership_create(actor=secretariat_user, body=other_body, organization=org)
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_a_body_has_one_current_chair_unit(admin_user, body):
    services.membership_create(
        actor=admin_user, body=body, organization=OrganizationFactory(), role="chair"
    )
    with pytest.raises(ValidationError):
        services.membership_create(
            actor=admin_user, body=body, organization=OrganizationFactory(), role="chair"
        )


@pytest.mark.django_db
def test_each_term_has_its_own_chair_unit(admin_user, body):
    first, second = TermFactory(body=body, number=1), TermFactory(body=body, number=2)
    services.membership_create(
        actor=admin_user, body=body, organization=OrganizationFactory(), role="chair", term=first
    )
    services.membership_create(
        actor=admin_user, body=body, organization=OrganizationFactory(), role="chair", term=second
    )
    assert Membership.objects.filter(role="chair").count() == 2


@pytest.mark.django_db
def test_a_former_chair_does_not_block_a_new_one(admin_user, body):
    services.membership_create(
        actor=admin_user,
        body=body,
        organization=OrganizationFactory(),
        role="chair",
        since="2020-01-01",
        until="2022-12-31",
    )
    services.membership_create(
        actor=admin_user,
        body=body,
        organization=OrganizationFactory(),
        role="chair",
        since="2023-01-01",
    )


@pytest.mark.django_db
def test_membership_cannot_end_before_it_starts(admin_user, body):
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=admin_user,
            body=body,
            organization=OrganizationFactory(),
            since="2024-01-01",
            until="2023-01-01",
        )
    assert "退出日期" in str(exc.value)


@pytest.mark.django_db
def test_membership_term_must_belong_to_the_same_body(admin_user, body, other_body):
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            actor=admin_user,
            body=body,
            organization=OrganizationFactory(),
            term=TermFactory(body=other_body),
        )
    assert "term" in exc.value.message_dict


@pytest.mark.django_db
def test_credit_code_check_digit_is_validated(admin_user):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(
            actor=admin_user, name="坏代码公司", credit_code=VALID_CODE[:-1] + "0"
        )
    assert "credit_code" in exc.value.message_dict
    org = services.organization_create(actor=admin_user, name="好代码公司", credit_code=VALID_CODE)
    assert org.credit_code == VALID_CODE


@pytest.mark.django_db
def test_credit_code_is_unique_when_present_and_blank_codes_do_not_collide(admin_user):
    services.organization_create(actor=admin_user, name="甲", credit_code=VALID_CODE)
    services.organization_create(actor=admin_user, name="乙", credit_code="")
    services.organization_create(actor=admin_user, name="丙", credit_code=None)
    with pytest.raises(ValidationError):
        services.organization_create(actor=admin_user, name="丁", credit_code=VALID_CODE)
    assert Organization.objects.filter(credit_code__isnull=True).count() == 2


@pytest.mark.django_db
def test_aliases_are_normalised_one_per_line(admin_user):
    org = services.organization_create(
        actor=admin_user,
        name="江铃汽车集团有限公司",
        aliases=" 江铃集团\n\n江铃集团\n江铃汽车集团 ",
    )
    assert org.alias_list == ["江铃集团", "江铃汽车集团"]


@pytest.mark.django_db
def test_contact_edits_own_organization_but_not_another(contact_user, member_org):
    services.organization_update(
        actor=contact_user, organization=member_org, data={"website": "https://www.cdgm.edu.cn"}
    )
    with pytest.raises(PermissionDenied):
        services.organization_update(
            actor=contact_user,
            organization=OrganizationFactory(),
            data={"website": "https://example.com"},
        )


@pytest.mark.django_db
def test_user_without_roles_cannot_register_organizations(plain_user):
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=plain_user, name="无权单位")


@pytest.mark.django_db
def test_only_admins_create_and_delete_bodies(secretariat_user, admin_user, body):
    with pytest.raises(PermissionDenied):
        services.body_create(actor=secretariat_user, name="新集团", kind="alliance")
    with pytest.raises(PermissionDenied):
        services.body_delete(actor=secretariat_user, body=body)
    services.body_delete(actor=admin_user, body=body)


@pytest.mark.django_db
def test_declared_count_is_replaced_not_duplicated(secretariat_user, body):
    services.declared_count_set(
        actor=secretariat_user, body=body, role="member", label="成员单位", value=70
    )
    services.declared_count_set(
        actor=secretariat_user, body=body, role="member", label="成员单位", value=79
    )
    assert [d.value for d in body.declared_counts.all()] == [79]


@pytest.mark.django_db
def test_contact_may_record_a_position_in_its_own_unit_only(contact_user, member_org):
    person = services.person_create(
        actor=contact_user, name="杨春禧", positions=[{"organization": member_org, "title": "校长"}]
    )
    assert person.positions.get().title == "校长"
    with pytest.raises(PermissionDenied):
        services.position_create(
            actor=contact_user,
            person=PersonFactory(),
            organization=OrganizationFactory(),
            title="董事长",
        )


@pytest.mark.django_db
def test_position_history_shows_on_the_person(admin_user):
    position = PositionFactory()
    services.position_update(actor=admin_user, position=position, data={"title": "党委书记"})
    change = ObjectChange.objects.get(action="update")
    assert change.related_object_id == position.person_id
    assert change.changed_fields == [("title", "校长", "党委书记")]


@pytest.mark.django_db
def test_a_refused_position_leaves_no_person_behind(contact_user):
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=contact_user,
            name="半途而废",
            positions=[{"organization": OrganizationFactory(), "title": "经理"}],
        )
    assert not Person.objects.filter(name="半途而废").exists()
    assert not ObjectChange.objects.exists()


# --- a unit is one record: its aliases and short name name it too ------------------------


@pytest.fixture
def jiangling(db):
    return OrganizationFactory(
        name="江铃汽车集团有限公司", short_name="江铃", aliases="江铃集团\n江铃汽车集团（南昌）"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["江铃集团", "江铃", " 江铃汽车集团(南昌) ", "江铃汽车集团有限公司"]
)
def test_get_or_create_finds_the_unit_by_its_name_alias_or_short_name(admin_user, jiangling, name):
    org, created = services.organization_get_or_create(actor=admin_user, name=name)
    assert (org, created) == (jiangling, False)
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_get_or_create_refuses_an_alias_of_several_units_naming_them(admin_user, jiangling):
    OrganizationFactory(name="江铃控股有限公司", aliases="江铃集团")
    with pytest.raises(ValidationError) as exc:
        services.organization_get_or_create(actor=admin_user, name="江铃集团")
    message = " ".join(exc.value.message_dict["name"])
    assert "江铃汽车集团有限公司" in message and "江铃控股有限公司" in message
    assert Organization.objects.count() == 2


@pytest.mark.django_db
def test_get_or_create_registers_a_name_no_unit_goes_by(admin_user, jiangling):
    org, created = services.organization_get_or_create(actor=admin_user, name=" 江西五十铃(南昌) ")
    assert created and org.name == "江西五十铃（南昌）"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["江铃集团", "江铃", "江铃汽车集团(南昌)"])
def test_registering_a_unit_under_another_units_alias_or_short_name_is_refused(
    admin_user, jiangling, name
):
    with pytest.raises(ValidationError) as exc:
        services.organization_create(actor=admin_user, name=name)
    assert "江铃汽车集团有限公司" in " ".join(exc.value.message_dict["name"])
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_a_credit_code_with_spaces_around_it_is_trimmed(admin_user):
    org = services.organization_create(
        actor=admin_user, name="好代码公司", credit_code=f"  {VALID_CODE.lower()} "
    )
    assert org.credit_code == VALID_CODE
    services.organization_update(
        actor=admin_user, organization=org, data={"credit_code": f" {VALID_CODE}\t"}
    )
    org.refresh_from_db()
    assert org.credit_code == VALID_CODE


# --- one chair unit (理事长单位) per body and term ----------------------------------------------


def _chair(actor, body, **kwargs):
    return services.membership_create(
        actor=actor, body=body, organization=OrganizationFactory(), role="chair", **kwargs
    )


@pytest.mark.django_db
def test_a_chair_in_a_term_is_refused_beside_a_chair_without_a_term(admin_user, body):
    chair = _chair(admin_user, body)
    with pytest.raises(ValidationError) as exc:
        _chair(admin_user, body, term=TermFactory(body=body, number=1))
    assert exc.value.message_dict["role"] == [
        f"本产教融合体已有理事长单位“{chair.organization.name}”，只能有一个：请改为其他角色"
    ]
    assert Membership.objects.filter(role="chair").count() == 1


@pytest.mark.django_db
def test_a_chair_without_a_term_is_refused_beside_a_chair_in_a_term(admin_user, body):
    _chair(admin_user, body, term=TermFactory(body=body, number=1))
    with pytest.raises(ValidationError):
        _chair(admin_user, body)


@pytest.mark.django_db
def test_a_chair_with_an_end_date_ahead_is_refused_beside_the_current_chair(admin_user, body):
    _chair(admin_user, body)
    with pytest.raises(ValidationError) as exc:
        _chair(admin_user, body, until="2099-01-01")
    assert "role" in exc.value.message_dict
    assert Membership.objects.filter(role="chair").count() == 1


@pytest.mark.django_db
def test_a_chair_from_the_day_the_current_one_leaves_is_accepted(admin_user, body):
    _chair(admin_user, body, since="2020-01-01", until="2099-01-01")
    with pytest.raises(ValidationError):
        _chair(admin_user, body, since="2098-12-31")
    _chair(admin_user, body, since="2099-01-01")
    assert Membership.objects.filter(role="chair").count() == 2


@pytest.mark.django_db
def test_changing_a_membership_into_a_second_chair_is_refused(admin_user, body):
    _chair(admin_user, body)
    first = TermFactory(body=body, number=1)
    member = services.membership_create(
        actor=admin_user, body=body, organization=OrganizationFactory(), term=first
    )
    with pytest.raises(ValidationError) as exc:
        services.membership_update(actor=admin_user, membership=member, data={"role": "chair"})
    assert "只能有一个" in exc.value.message_dict["role"][0]
    member.refresh_from_db()
    assert member.role == "member"


@pytest.mark.django_db
def test_a_chair_may_be_ended_beside_another_but_not_extended_over_one(admin_user, body):
    old = _chair(admin_user, body, since="2020-01-01")
    # A second chair recorded before the rule (in a term: the database's constraints never
    # compared it with one without): ending the first is still allowed, though they overlap.
    Membership.objects.create(
        body=body,
        organization=OrganizationFactory(),
        role="chair",
        since="2021-01-01",
        term=TermFactory(body=body, number=1),
    )
    services.membership_update(actor=admin_user, membership=old, data={"until": "2020-12-31"})
    with pytest.raises(ValidationError):  # but not ended later than it was
        services.membership_update(actor=admin_user, membership=old, data={"until": "2021-06-30"})
    with pytest.raises(ValidationError):  # nor made open-ended again
        services.membership_update(actor=admin_user, membership=old, data={"until": None})
    old.refresh_from_db()
    assert old.until == datetime.date(2020, 12, 31)
