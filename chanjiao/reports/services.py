"""Every write of the yearly cycle: indicators, collection rounds (填报) and their forms.

A round is opened by the body's secretariat for one year: each member school and enterprise in
force gets its form (and the body its own when the catalogue has indicators the body reports).
A unit's contact (or the secretariat, from a returned .xlsx) enters the values, then submits;
the secretariat returns a form for correction with a reason, reminds the units that have not
submitted, and locks the round, after which nothing changes. Every value keeps who entered it
and when, and every write is in the change log.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.models import OrganizationContact
from chanjiao.accounts.permissions import (
    can_edit_body,
    can_fill_form,
    can_run_collection,
    is_platform_admin,
    require,
)
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.core.mail import in_language_of, send_reminders
from chanjiao.core.validators import control_character
from chanjiao.core.words import listed, plain_number
from chanjiao.registry.models import Body, Organization

from .indicators import SCHOOL_KINDS, members_on
from .models import (
    CollectionForm,
    CollectionRound,
    Indicator,
    IndicatorValue,
    IndustryChain,
    ReportApproval,
    ReportText,
)

_DENIED = gettext_lazy("只有该产教融合体的秘书处或平台管理员可以管理填报")
_FORM_DENIED = gettext_lazy("只有该单位的联系人、产教融合体秘书处或平台管理员可以填写此表")

#: Which indicators each kind of form asks for.
AUDIENCE_SOURCE = {
    CollectionForm.Audience.BODY: Indicator.Source.BODY,
    CollectionForm.Audience.SCHOOL: Indicator.Source.SCHOOL,
    CollectionForm.Audience.ENTERPRISE: Indicator.Source.ENTERPRISE,
}
_MAX_INTEGER_DIGITS = 12


# --- indicators -----------------------------------------------------------------------------


def indicator_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    name_en: str,
    unit: str,
    source: str,
    rule: str = "",
    aggregate: str = Indicator.Aggregate.SUM,
    weight: Indicator | None = None,
    min_value: Decimal | None = Decimal(0),
    max_value: Decimal | None = None,
    order: int = 0,
    is_active: bool = True,
    description: str = "",
) -> Indicator:
    """Add an indicator to the catalogue (platform admins; no migration needed)."""
    fields = given(locals())
    require(is_platform_admin(actor), _("只有平台管理员可以维护指标目录"))
    return create_object(Indicator, actor=actor, data=fields)


def indicator_update(*, actor: Actor, indicator: Indicator, data: dict) -> Indicator:
    require(is_platform_admin(actor), _("只有平台管理员可以维护指标目录"))
    return update_object(indicator, actor=actor, data=data)


def form_indicators(form: CollectionForm):
    """The active indicators ``form`` asks for, in the catalogue's order."""
    return Indicator.objects.filter(source=AUDIENCE_SOURCE[form.audience], is_active=True)


def parse_value(indicator: Indicator, raw: Any) -> Decimal | None:
    """A reported value as a number, or None when left blank; a clear error otherwise.

    Accepts numbers and text such as ``1,200``, ``85%`` (for percentages) and ``12.5``; refuses
    booleans, NaN and infinities, negative values, more than two decimals, fractions of a
    whole unit (人, 个, 项 …) and values outside the indicator's range.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValidationError(_("请填写数字"))
    text = str(raw).strip().replace(",", "").replace("，", "")
    if indicator.unit == Indicator.Unit.PERCENT:
        text = text.removesuffix("%").removesuffix("％").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(_("“%(value)s”不是数字") % {"value": raw}) from None
    if not value.is_finite():
        raise ValidationError(_("请填写数字"))
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValidationError(_("最多保留两位小数"))
    if indicator.unit in Indicator.WHOLE_UNITS and value != value.to_integral_value():
        raise ValidationError(
            _("以“%(unit)s”计的数须为整数") % {"unit": indicator.get_unit_display()}
        )
    if abs(value) >= 10**_MAX_INTEGER_DIGITS:
        raise ValidationError(_("数值过大"))
    if indicator.min_value is not None and value < indicator.min_value:
        raise ValidationError(_("不能小于 %(min)s") % {"min": plain_number(indicator.min_value)})
    if indicator.max_value is not None and value > indicator.max_value:
        raise ValidationError(_("不能大于 %(max)s") % {"max": plain_number(indicator.max_value)})
    return value


# --- rounds ---------------------------------------------------------------------------------


def _audience(organization: Organization) -> str | None:
    if organization.kind in SCHOOL_KINDS:
        return CollectionForm.Audience.SCHOOL
    if organization.kind == Organization.Kind.ENTERPRISE:
        return CollectionForm.Audience.ENTERPRISE
    return None


def round_open(
    *, actor: Actor, body: Body, year: int, deadline: datetime.date | None = None
) -> CollectionRound:
    """Open a body's round for ``year``: a form for each member school and enterprise in force
    (at the year's end, or today for the current year), and the body's own form when the
    catalogue asks the body for figures."""
    require(can_run_collection(actor, body), _DENIED)
    today = timezone.localdate()
    if year > today.year:
        raise ValidationError({"year": _("不能为未来的年度发起填报")})
    with transaction.atomic():
        round_ = create_object(
            CollectionRound,
            actor=actor,
            data={"body": body, "year": year, "deadline": deadline, "opened_by": actor},
            related=body,
        )
        CollectionForm.objects.bulk_create(missing_forms(round_))
    return round_


def missing_forms(round: CollectionRound) -> list[CollectionForm]:
    """The forms a round lacks: one for each member school and enterprise in force (at the
    year's end, or today for the current year) that has none yet — a unit holding two roles
    gets one — and the body's own when the catalogue asks the body for figures."""
    day = min(datetime.date(round.year, 12, 31), timezone.localdate())
    has = set(round.forms.values_list("organization_id", flat=True))
    forms = []
    members = members_on(round.body, day).select_related("organization")
    for m in members.order_by("organization__name"):
        audience = _audience(m.organization)
        if audience is not None and m.organization_id not in has:
            has.add(m.organization_id)
            forms.append(
                CollectionForm(round=round, organization=m.organization, audience=audience)
            )
    asks_body = Indicator.objects.filter(source=Indicator.Source.BODY, is_active=True).exists()
    if asks_body and None not in has:
        forms.append(CollectionForm(round=round, audience=CollectionForm.Audience.BODY))
    return forms


def round_add_forms(*, actor: Actor, round: CollectionRound) -> int:
    """Give the units that became members after the round opened their forms (each new form
    is in the change log). Returns how many were added."""
    require(can_run_collection(actor, round.body), _DENIED)
    _require_open(round)
    with transaction.atomic():
        added = missing_forms(round)
        for form in added:
            create_object(
                CollectionForm,
                actor=actor,
                data={"round": round, "organization": form.organization, "audience": form.audience},
                related=round,
            )
    return len(added)


def round_lock(*, actor: Actor, round: CollectionRound) -> CollectionRound:
    """Lock a round: no form changes after this (its figures go into the annual report)."""
    require(can_run_collection(actor, round.body), _DENIED)
    if round.status == CollectionRound.Status.LOCKED:
        return round
    return update_object(
        round,
        actor=actor,
        data={"status": CollectionRound.Status.LOCKED, "locked_at": timezone.now()},
        related=round.body,
    )


def round_remind(*, actor: Actor, round: CollectionRound) -> int:
    """E-mail the contacts of every unit that has not submitted its form (Django's mail
    framework; the console backend unless configured). Returns how many e-mails were sent."""
    require(can_run_collection(actor, round.body), _DENIED)
    _require_open(round)
    waiting = round.forms.exclude(status=CollectionForm.Status.SUBMITTED).exclude(
        organization__isnull=True
    )
    contacts = OrganizationContact.objects.filter(
        organization__in=waiting.values("organization")
    ).select_related("user__preference", "organization")
    messages = []
    for contact in contacts:
        if contact.user.email and contact.user.is_active:
            with in_language_of(contact.user):
                messages.append((*_reminder(round, contact), None, [contact.user.email]))
    return len(send_reminders(messages))


def _reminder(round: CollectionRound, contact: OrganizationContact) -> tuple[str, str]:
    """The 填报提醒 to one contact: subject and text, in the active language."""
    subject = _("请填报 %(body)s %(year)s 年度数据") % {"body": round.body, "year": round.year}
    deadline = (
        _("截止日期：%(date)s。") % {"date": round.deadline.isoformat()} if round.deadline else ""
    )
    text = _(
        "%(unit)s：%(body)s 正在收集 %(year)s 年度数据，贵单位的填报表尚未提交。%(deadline)s"
    ) % {
        "unit": contact.organization,
        "body": round.body,
        "year": round.year,
        "deadline": deadline,
    }
    return subject, text


def _require_open(round: CollectionRound) -> None:
    if round.status != CollectionRound.Status.OPEN:
        raise ValidationError(_("本轮填报已锁定，不能再修改"))


# --- forms ----------------------------------------------------------------------------------


def form_save(
    *,
    actor: Actor,
    form: CollectionForm,
    values: Mapping[str, Any],
    is_synthetic: bool = False,
) -> CollectionForm:
    """Enter values on a form, keyed by indicator code; a blank value clears it. All or
    nothing: every wrong value is reported (by code) and none is saved."""
    require(can_fill_form(actor, form), _FORM_DENIED)
    _require_open(form.round)
    if form.status == CollectionForm.Status.SUBMITTED:
        raise ValidationError(_("此表已提交；如需修改，请秘书处退回"))
    asked = {i.code: i for i in form_indicators(form)}
    parsed: dict[str, Decimal | None] = {}
    errors: dict[str, list[str]] = {}
    for code, raw in values.items():
        indicator = asked.get(code)
        if indicator is None:
            errors[code] = [_("本表不填报此指标：%(code)s") % {"code": code}]
            continue
        try:
            parsed[code] = parse_value(indicator, raw)
        except ValidationError as exc:
            errors[code] = [
                _("%(field)s：%(message)s") % {"field": indicator.label, "message": m}
                for m in exc.messages
            ]
    if errors:
        raise ValidationError(errors)
    existing = {v.indicator.code: v for v in form.values.select_related("indicator")}
    written = False
    with transaction.atomic():
        for code, value in parsed.items():
            old = existing.get(code)
            if value is None:
                if old is not None:
                    delete_object(old, actor=actor, related=form)
                    written = True
            elif old is None:
                data = {
                    "form": form,
                    "indicator": asked[code],
                    "value": value,
                    "entered_by": actor,
                    "is_synthetic": is_synthetic,
                }
                create_object(IndicatorValue, actor=actor, data=data, related=form)
                written = True
            elif old.value != value or old.is_synthetic != is_synthetic:
                data = {"value": value, "entered_by": actor, "is_synthetic": is_synthetic}
                update_object(old, actor=actor, data=data, related=form)
                written = True
        if written:
            # The form's version moves with its values, so a page opened before is refused.
            form.updated_at = timezone.now()
            CollectionForm.objects.filter(pk=form.pk).update(updated_at=form.updated_at)
    return form


def form_missing(form: CollectionForm) -> list[Indicator]:
    """The indicators of the form that have no value yet."""
    filled = form.values.values("indicator")
    return list(form_indicators(form).exclude(pk__in=filled))


def form_submit(*, actor: Actor, form: CollectionForm) -> CollectionForm:
    """Submit a complete form to the secretariat."""
    require(can_fill_form(actor, form), _FORM_DENIED)
    _require_open(form.round)
    if form.status == CollectionForm.Status.SUBMITTED:
        return form
    missing = form_missing(form)
    if missing:
        raise ValidationError(
            _("还有指标未填写：%(names)s") % {"names": listed(i.label for i in missing)}
        )
    data = {
        "status": CollectionForm.Status.SUBMITTED,
        "submitted_at": timezone.now(),
        "submitted_by": actor,
        "return_reason": "",
    }
    return update_object(form, actor=actor, data=data, related=form.round)


def form_return(*, actor: Actor, form: CollectionForm, reason: str) -> CollectionForm:
    """Send a submitted form back to its unit for correction, saying why."""
    require(can_run_collection(actor, form.round.body), _DENIED)
    _require_open(form.round)
    if form.status != CollectionForm.Status.SUBMITTED:
        raise ValidationError(_("只能退回已提交的表"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明退回原因")})
    data = {"status": CollectionForm.Status.RETURNED, "return_reason": reason.strip()}
    return update_object(form, actor=actor, data=data, related=form.round)


# --- the annual report's written sections -----------------------------------------------------


def _written_text(text: str | None) -> str:
    # A written section as stored: trimmed, every line break (Windows, old Mac, Word's manual
    # line and page breaks) one "\n".
    text = (text or "").replace("\r\n", "\n")
    return text.translate({ord("\r"): "\n", ord("\v"): "\n", ord("\f"): "\n"}).strip()


def report_texts_save(*, actor: Actor, body: Body, year: int, texts: Mapping[str, str]) -> None:
    """Write the sections of a body's annual report that people write (典型案例, 问题与对策,
    下年度计划), keyed by section; the body's secretariat."""
    require(
        can_run_collection(actor, body), _("只有该产教融合体的秘书处或平台管理员可以编写年度报告")
    )
    sections = set(ReportText.Section.values)
    unknown = [key for key in texts if key not in sections]
    if unknown:
        raise ValidationError(
            {key: _("年度报告没有这一部分：%(key)s") % {"key": key} for key in unknown}
        )
    texts = {section: _written_text(text) for section, text in texts.items()}
    labels = dict(ReportText.Section.choices)
    problems = {
        section: _("%(section)s：第 %(position)s 个字符是控制字符 U+%(code)04X，请删除后再保存。")
        % {"section": labels[section], "position": position, "code": ord(text[position - 1])}
        for section, text in texts.items()
        if (position := control_character(text, allowed="\n\t"))
    }
    if problems:
        raise ValidationError(problems)
    existing = {t.section: t for t in ReportText.objects.filter(body=body, year=year)}
    with transaction.atomic():
        for section, text in texts.items():
            old = existing.get(section)
            if old is None:
                if text:
                    data = {"body": body, "year": year, "section": section, "text": text}
                    create_object(
                        ReportText, actor=actor, data={**data, "updated_by": actor}, related=body
                    )
            elif old.text != text:
                update_object(
                    old, actor=actor, data={"text": text, "updated_by": actor}, related=body
                )


def report_approve(
    *, actor: Actor, body: Body, year: int, approved_on: datetime.date, approved_at: str
) -> ReportApproval:
    """Record that the body's governing organ approved its annual report for ``year`` (审议
    通过): the day and the meeting; a passed resolution on the report calls this. Approved
    again (a later meeting), the record says the later one."""
    require(
        can_run_collection(actor, body), _("只有该产教融合体的秘书处或平台管理员可以编写年度报告")
    )
    data = {"approved_on": approved_on, "approved_at": approved_at[:200]}
    existing = ReportApproval.objects.filter(body=body, year=year).first()
    if existing is not None:
        return update_object(existing, actor=actor, data=data, related=body)
    return create_object(
        ReportApproval, actor=actor, data={"body": body, "year": year, **data}, related=body
    )


# --- industry chains (产业链) ---------------------------------------------------------------

CHAIN_DENIED = gettext_lazy("产教融合体的产业链由其秘书处维护，地区的产业链由平台管理员维护")


def may_edit_chain(actor: Actor, body: Body | None) -> bool:
    """A body's chains are kept by its secretariat, a region's by platform admins."""
    return can_edit_body(actor, body) if body is not None else is_platform_admin(actor)


def industry_chain_create(
    *,
    actor: Actor,
    name: str,
    body: Body | None = None,
    region_code: str = "",
    order: int = 0,
    description: str = "",
    source: str = "",
    is_synthetic: bool = False,
    majors: Sequence[Any] = (),
    major_classes: Sequence[Any] = (),
    categories: Sequence[Any] = (),
) -> IndustryChain:
    """An industry chain of a body or of a region, with the majors that train for it."""
    fields = given(locals())
    require(may_edit_chain(actor, body), CHAIN_DENIED)
    return create_object(IndustryChain, actor=actor, data=fields, related=body)


def industry_chain_update(
    *, actor: Actor, industry_chain: IndustryChain, data: dict
) -> IndustryChain:
    """Change a chain; whose chain it is (the body or the region) stays as it is."""
    require(may_edit_chain(actor, industry_chain.body), CHAIN_DENIED)
    data = dict(data)
    if (
        data.pop("body", industry_chain.body) != industry_chain.body
        or data.pop("region_code", industry_chain.region_code) != industry_chain.region_code
    ):
        raise ValidationError(_("产业链所属的产教融合体或地区不能更改；请新建一条"))
    return update_object(industry_chain, actor=actor, data=data, related=industry_chain.body)


def industry_chain_delete(*, actor: Actor, industry_chain: IndustryChain) -> None:
    require(may_edit_chain(actor, industry_chain.body), CHAIN_DENIED)
    delete_object(industry_chain, actor=actor, related=industry_chain.body)
