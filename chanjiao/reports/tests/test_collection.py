"""Collection rounds (填报): opening, entering and validating values, submitting, returning,
reminding and locking — with who may do each."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import free_port, last_change_id
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.reports import services
from chanjiao.reports.models import CollectionForm, CollectionRound, Indicator, IndicatorValue

YEAR = 2024


@pytest.fixture
def round_(body, member_org, secretariat_user):
    """A 2024 round of ``body``: ``member_org`` (a college) and one enterprise are members; an
    association is a member too but reports nothing; a unit that left in 2023 gets no form."""
    MembershipFactory(body=body, organization=member_org, since=datetime.date(2020, 1, 1))
    enterprise = OrganizationFactory(name="成都测试装备有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=enterprise)
    MembershipFactory(body=body, organization=OrganizationFactory(kind="association"))
    gone = OrganizationFactory(name="已退出科技有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=gone, until=datetime.date(2023, 6, 30))
    return services.round_open(actor=secretariat_user, body=body, year=YEAR)


def _form(round_, org) -> CollectionForm:
    return round_.forms.get(organization=org)


def _school_values(**override) -> dict:
    values = {i.code: "1" for i in Indicator.objects.filter(source="school")}
    values["matched_employment_rate"] = "85%"
    return {**values, **override}


def test_opening_a_round_gives_each_member_school_and_enterprise_its_form(round_, member_org):
    forms = {(f.organization.name, f.audience) for f in round_.forms.select_related("organization")}
    assert forms == {
        (member_org.name, "school"),
        ("成都测试装备有限公司", "enterprise"),
    }
    assert round_.status == "open"


def test_units_that_join_after_the_round_opened_get_their_forms_once(
    client, round_, body, member_org, secretariat_user, contact_user
):
    from chanjiao.core.testing import api_write, bearer, make_token

    newcomer = OrganizationFactory(name="新加入职业学院", kind="vocational_college")
    MembershipFactory(body=body, organization=newcomer, since=datetime.date(YEAR, 10, 1))
    MembershipFactory(body=body, organization=member_org, role="director")  # a second role
    with pytest.raises(PermissionDenied):
        services.round_add_forms(actor=contact_user, round=round_)
    since = last_change_id()
    assert services.round_add_forms(actor=secretariat_user, round=round_) == 1
    assert _form(round_, newcomer).audience == "school"
    assert ObjectChange.objects.filter(id__gt=since, action="create").count() == 1
    assert services.round_add_forms(actor=secretariat_user, round=round_) == 0  # once
    # through the API, and refused once the round is locked
    late = OrganizationFactory(name="更晚加入科技有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=late)
    token = make_token(secretariat_user)
    path = f"/api/v1/collection-rounds/{round_.pk}/add-forms"
    response = api_write(client, "post", path, token=token)
    assert response.status_code == 200 and response.json()["forms_total"] == 4
    services.round_lock(actor=secretariat_user, round=round_)
    assert api_write(client, "post", path, token=token).status_code == 422
    assert client.post(path, headers=bearer(make_token(contact_user))).status_code == 403


def test_a_round_opens_once_per_body_and_year(round_, body, secretariat_user):
    with pytest.raises(ValidationError, match="本年度已发起填报"):
        services.round_open(actor=secretariat_user, body=body, year=YEAR)


def test_only_the_secretariat_opens_a_round(body, other_secretariat_user, contact_user):
    for user in (other_secretariat_user, contact_user):
        with pytest.raises(PermissionDenied):
            services.round_open(actor=user, body=body, year=YEAR)
    assert not CollectionRound.objects.exists()


def test_a_round_for_a_future_year_is_refused(body, secretariat_user):
    with pytest.raises(ValidationError, match="未来"):
        services.round_open(actor=secretariat_user, body=body, year=timezone.localdate().year + 1)


def test_a_contact_fills_and_submits_its_units_form_and_each_value_keeps_who_entered_it(
    round_, member_org, contact_user
):
    form = _form(round_, member_org)
    services.form_save(actor=contact_user, form=form, values=_school_values(order_students="120"))
    value = IndicatorValue.objects.get(form=form, indicator__code="order_students")
    assert value.value == Decimal(120) and value.entered_by == contact_user
    assert IndicatorValue.objects.get(indicator__code="matched_employment_rate").value == 85
    change = ObjectChange.objects.get(
        content_type=ContentType.objects.get_for_model(IndicatorValue), object_id=value.pk
    )
    assert change.actor == contact_user and change.after["value"] == "120"
    since = last_change_id()
    services.form_submit(actor=contact_user, form=form)
    form.refresh_from_db()
    assert form.status == "submitted" and form.submitted_by == contact_user
    [change] = ObjectChange.objects.filter(id__gt=since)
    assert (change.object_id, change.action, change.actor) == (form.pk, "update", contact_user)
    assert change.after["status"] == "submitted"


def test_a_contact_cannot_touch_another_units_form(round_, other_contact_user, member_org):
    form = _form(round_, member_org)
    with pytest.raises(PermissionDenied):
        services.form_save(actor=other_contact_user, form=form, values={"order_students": "1"})
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("code", "raw", "message"),
    [
        ("order_students", "12.5", "须为整数"),
        ("order_students", "-3", "不能小于 0"),
        ("order_students", "abc", "不是数字"),
        ("order_students", True, "请填写数字"),
        ("order_students", "NaN", "请填写数字"),
        ("order_students", "Infinity", "请填写数字"),
        ("matched_employment_rate", "120", "不能大于 100"),
        ("tech_service_income", "3.145", "两位小数"),
        ("tech_service_income", "1e20", "过大"),
        ("internship_positions", "5", "本表不填报此指标"),
        ("no_such_code", "5", "本表不填报此指标"),
    ],
)
def test_a_wrong_value_is_refused_with_what_to_fix_and_nothing_is_saved(
    round_, member_org, contact_user, code, raw, message
):
    form = _form(round_, member_org)
    with pytest.raises(ValidationError) as caught:
        services.form_save(actor=contact_user, form=form, values={"order_classes": "3", code: raw})
    assert message in " ".join(caught.value.message_dict[code])
    assert not IndicatorValue.objects.exists()


def test_numbers_written_as_people_write_them_are_read(round_, member_org, contact_user):
    form = _form(round_, member_org)
    services.form_save(
        actor=contact_user,
        form=form,
        values={"order_students": "1,200", "tech_service_income": " 35.5 ", "order_classes": ""},
    )
    values = dict(form.values.values_list("indicator__code", "value"))
    assert values == {"order_students": Decimal(1200), "tech_service_income": Decimal("35.5")}


def test_a_blank_value_clears_what_was_entered(round_, member_org, contact_user):
    form = _form(round_, member_org)
    services.form_save(actor=contact_user, form=form, values={"order_classes": "3"})
    services.form_save(actor=contact_user, form=form, values={"order_classes": " "})
    assert not form.values.exists()


def test_an_incomplete_form_cannot_be_submitted_and_says_what_is_missing(
    round_, member_org, contact_user
):
    form = _form(round_, member_org)
    services.form_save(actor=contact_user, form=form, values={"order_classes": "3"})
    with pytest.raises(ValidationError, match="订单培养人数"):
        services.form_submit(actor=contact_user, form=form)
    form.refresh_from_db()
    assert form.status == "draft"


def test_the_secretariat_returns_a_form_with_a_reason_and_the_unit_corrects_it(
    round_, member_org, contact_user, secretariat_user
):
    form = _form(round_, member_org)
    services.form_save(actor=contact_user, form=form, values=_school_values())
    services.form_submit(actor=contact_user, form=form)
    with pytest.raises(ValidationError, match="已提交"):
        services.form_save(actor=contact_user, form=form, values={"order_classes": "4"})
    with pytest.raises(ValidationError, match="退回原因"):
        services.form_return(actor=secretariat_user, form=form, reason="  ")
    with pytest.raises(PermissionDenied):
        services.form_return(actor=contact_user, form=form, reason="自己退回")
    services.form_return(actor=secretariat_user, form=form, reason="订单班数与学生数不符")
    form.refresh_from_db()
    assert form.status == "returned" and form.return_reason == "订单班数与学生数不符"
    services.form_save(actor=contact_user, form=form, values={"order_classes": "4"})
    services.form_submit(actor=contact_user, form=form)
    form.refresh_from_db()
    assert form.status == "submitted" and form.return_reason == ""


def test_the_secretariat_may_enter_a_form_a_unit_returned_as_a_file(
    round_, member_org, secretariat_user
):
    form = _form(round_, member_org)
    services.form_save(actor=secretariat_user, form=form, values={"order_classes": "2"})
    assert form.values.get().entered_by == secretariat_user


def test_a_locked_round_changes_no_more(round_, member_org, contact_user, secretariat_user):
    form = _form(round_, member_org)
    services.round_lock(actor=secretariat_user, round=round_)
    with pytest.raises(ValidationError, match="已锁定"):
        services.form_save(actor=contact_user, form=form, values={"order_classes": "2"})
    with pytest.raises(ValidationError, match="已锁定"):
        services.form_submit(actor=contact_user, form=form)
    round_.refresh_from_db()
    assert round_.status == "locked" and round_.locked_at is not None


def test_reminders_go_to_the_contacts_of_units_that_have_not_submitted(
    round_, member_org, contact_user, secretariat_user
):
    contact_user.email = "contact@example.edu.cn"
    contact_user.save()
    enterprise = round_.forms.get(audience="enterprise").organization
    OrganizationContactFactory(
        user=UserFactory(username="ent", email="hr@example.com"), organization=enterprise
    )
    form = _form(round_, member_org)
    services.form_save(actor=contact_user, form=form, values=_school_values())
    services.form_submit(actor=contact_user, form=form)

    with translation.override("en"):  # the secretariat's page reads in English
        assert services.round_remind(actor=secretariat_user, round=round_) == 1
    assert [m.to for m in mail.outbox] == [["hr@example.com"]]
    assert "2024" in mail.outbox[0].subject and enterprise.name in mail.outbox[0].body
    # written for the unit, in the platform's language (it followed the sender's page)
    assert mail.outbox[0].subject.startswith("请填报")


def test_only_admins_add_indicators_and_a_computed_one_needs_a_known_rule(
    admin_user, secretariat_user
):
    fields = {
        "code": "joint_patents",
        "name": "联合专利",
        "name_en": "Joint patents",
        "unit": "items",
        "source": "school",
    }
    with pytest.raises(PermissionDenied):
        services.indicator_create(actor=secretariat_user, **fields)
    indicator = services.indicator_create(actor=admin_user, **fields)
    assert indicator.is_active and indicator.min_value == 0
    with pytest.raises(ValidationError, match="没有这个计算规则"):
        services.indicator_create(
            actor=admin_user, **{**fields, "code": "x", "source": "computed", "rule": "nope"}
        )
    with pytest.raises(ValidationError, match="小写字母"):
        services.indicator_create(actor=admin_user, **{**fields, "code": "Bad Code"})


def test_a_mail_server_that_cannot_be_reached_is_a_clear_error(
    round_, contact_user, secretariat_user, settings
):
    contact_user.email = "contact@example.edu.cn"
    contact_user.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    with pytest.raises(ValidationError, match="邮件设置"):
        services.round_remind(actor=secretariat_user, round=round_)


def test_a_units_contact_counts_only_its_own_forms_in_a_round(
    client, round_, body, member_org, secretariat_user, contact_user
):
    """Before, the round's form counts (how many units filed, how many were returned) were the
    whole round's for a unit's contact, who may read its own form only."""
    from chanjiao.core.testing import bearer, make_token

    path = f"/api/v1/collection-rounds/{round_.pk}"
    whole = client.get(path, headers=bearer(make_token(secretariat_user))).json()
    own = client.get(path, headers=bearer(make_token(contact_user))).json()
    assert whole["forms_total"] == round_.forms.count() > 1
    assert own["forms_total"] == round_.forms.filter(organization=member_org).count() == 1
