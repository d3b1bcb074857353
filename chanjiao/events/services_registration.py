"""Every write of registration (报名): the settings, registering, the waitlist (候补),
approval, cancellation, check-in (签到) and erasing the registrants' personal data.

Places are given inside one critical section per event: every write that may change who holds
a place first locks the event's :class:`~chanjiao.events.models.RegistrationSettings` row
(``select_for_update``; on SQLite the IMMEDIATE transaction already holds the database's write
lock) and counts inside the lock. Fifty people registering for the last place at once: one gets
it, the others are waitlisted, and the confirmed count never exceeds the capacity; a unit's
quota is checked in the same lock.

When a confirmed registration is cancelled (or the capacity grows), the waitlist is served
first come, first served and each promoted person is told by e-mail (queued for the job worker
once the transaction commits: :mod:`.registration_mail`). The confirmation mail carries the link
to the ticket page.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from chanjiao.accounts.permissions import contact_organization_ids, require
from chanjiao.core.changelog import Actor, create_object, update_object
from chanjiao.core.exceptions import Conflict
from chanjiao.core.mail import page_language
from chanjiao.registry.models import Organization

from .models import Event, Registration, RegistrationSettings
from .registration_mail import mail_later
from .selectors import visible_events
from .selectors_registration import (
    State,
    event_starts_at,
    may_manage,
    may_organise,
    registration_counts,
    registration_state,
)

ORGANISERS_ONLY = _lazy("只有主办产教融合体的秘书处或平台管理员可以管理此活动的报名")
REGISTER_DENIED = _lazy("只有单位联系人（为本单位人员）或活动主办方可以报名")
MANAGE_DENIED = _lazy("只有活动主办方或该报名所属单位的联系人可以操作此报名")
#: What a registrant's name becomes when the personal data is erased.
ERASED_NAME = "已删除"


S = Registration.Status


class AlreadyCheckedIn(Conflict):
    """A second check-in of one ticket: nothing changes; the first one stands."""

    def __init__(self, registration: Registration):
        self.registration = registration
        when = timezone.localtime(registration.checked_in_at)
        super().__init__(
            _("%(name)s 已于 %(time)s 签到，不重复计数")
            % {"name": registration.name, "time": f"{when:%m-%d %H:%M}"}
        )


# --- settings ---------------------------------------------------------------------------------


def _locked(event: Event) -> RegistrationSettings:
    """The event's settings, locked until the transaction ends (the critical section of places)."""
    try:
        return (
            RegistrationSettings.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(event_id=event.pk)
        )
    except RegistrationSettings.DoesNotExist:
        raise Conflict(_("此活动未开放报名")) from None


def registration_settings_set(
    *,
    actor: Actor,
    event: Event,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime | None = None,
    capacity: int | None = None,
    unit_quota: int | None = None,
    asked_fields: list[str] | tuple[str, ...] = (),
    needs_approval: bool = False,
    site: str = "",
) -> RegistrationSettings:
    """Open an event for registration, or replace its settings (fields left out get their
    defaults). A larger capacity promotes waitlisted people at once."""
    data = {
        "opens_at": opens_at,
        "closes_at": closes_at,
        "capacity": capacity,
        "unit_quota": unit_quota,
        "asked_fields": list(asked_fields),
        "needs_approval": needs_approval,
    }
    require(may_organise(actor, event), ORGANISERS_ONLY)
    _check_closes_at(event, closes_at)
    with transaction.atomic():
        current = RegistrationSettings.objects.filter(event_id=event.pk).first()
        if current is None:
            return create_object(
                RegistrationSettings, actor=actor, data={"event": event, **data}, related=event
            )
        return registration_settings_update(actor=actor, settings=current, data=data, site=site)


#: The settings a change may touch.
SETTINGS_FIELDS = (
    "opens_at",
    "closes_at",
    "capacity",
    "unit_quota",
    "asked_fields",
    "needs_approval",
)


def registration_settings_update(
    *, actor: Actor, settings: RegistrationSettings, data: dict, site: str = ""
) -> RegistrationSettings:
    """Change some registration settings; a larger capacity promotes waitlisted people, and
    one below the people already confirmed is refused (nobody confirmed loses a place)."""
    event = settings.event
    require(may_organise(actor, event), ORGANISERS_ONLY)
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValidationError({f: [_("不能修改此项")] for f in sorted(unknown)})
    if "closes_at" in data:
        _check_closes_at(event, data["closes_at"])
    with transaction.atomic():
        locked = _locked(event)
        if locked.personal_data_erased_at is not None:
            raise Conflict(_("报名人的个人信息已删除，报名设置不能再修改"))
        if "asked_fields" in data:
            data = {**data, "asked_fields": list(data["asked_fields"] or [])}
        capacity = data.get("capacity")
        if capacity is not None:
            confirmed = registration_counts(event).confirmed
            if capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": [
                            ngettext(
                                "已确认 %(n)d 人，名额不能少于已确认的人数；请先取消部分报名",
                                "已确认 %(n)d 人，名额不能少于已确认的人数；请先取消部分报名",
                                confirmed,
                            )
                            % {"n": confirmed}
                        ]
                    }
                )
        saved = update_object(locked, actor=actor, data=data, related=event)
        _promote(saved, actor=actor, site=site)
        return saved


def _check_closes_at(event: Event, closes_at: datetime.datetime | None) -> None:
    """Registration closes when the event starts at the latest: a later closing time is
    refused. (An event moved earlier afterwards caps the time already set:
    :func:`~chanjiao.events.selectors_registration.closes_at`.)"""
    start = event_starts_at(event)
    if start is None or not isinstance(closes_at, datetime.datetime):
        return  # no start to cap by, or no time set (a malformed one fails the model's check)
    if timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at)
    if closes_at > start:
        raise ValidationError(
            {
                "closes_at": [
                    _("报名截止时间不能晚于活动开始（%(start)s）；请改到此前，或留空截至活动开始")
                    % {"start": f"{timezone.localtime(start):%Y-%m-%d %H:%M}"}
                ]
            }
        )


# --- registering ------------------------------------------------------------------------------


def _unit_for(
    actor: Actor, organiser: bool, organization: Organization | None
) -> Organization | None:
    """The unit a registration is for: anything an organiser names; for a unit's contact its
    own unit (the only one it represents, or the one it names among its units)."""
    if organiser:
        return organization
    own = contact_organization_ids(actor)
    if organization is None:
        if len(own) != 1:
            raise ValidationError({"organization": [_("请选择为哪个单位的人员报名")]})
        return Organization.objects.get(pk=next(iter(own)))
    require(organization.pk in own, _("单位联系人只能为本单位人员报名"))
    return organization


def _check_asked(settings: RegistrationSettings, given: dict[str, str]) -> None:
    # Collect only what the organisers ask for (个人信息最少够用).
    errors = {
        name: [_("此活动报名不收集该项")]
        for name, value in given.items()
        if value and not settings.asks(name)
    }
    if errors:
        raise ValidationError(errors)


def registration_create(
    *,
    actor: Actor,
    event: Event,
    name: str,
    organization: Organization | None = None,
    title: str = "",
    phone: str = "",
    email: str = "",
    needs: str = "",
    site: str = "",
) -> Registration:
    """Register one person for an event (报名).

    A unit's contact registers its own unit's people while registration is open; the
    organisers register anyone, at any time (现场报名、补录). The registration is confirmed
    while places are left, waitlisted once the event is full, or pending when the organisers
    approve registrations (theirs are confirmed directly). Raises :class:`Conflict` when
    registration is not open, the unit's quota is used up or the same person is already
    registered.
    """
    organiser = may_organise(actor, event)
    require(
        organiser
        or (
            bool(contact_organization_ids(actor))
            and visible_events(actor).filter(pk=event.pk).exists()
        ),
        REGISTER_DENIED,
    )
    unit = _unit_for(actor, organiser, organization)
    email = email.strip()
    phone = Registration._meta.get_field("phone").to_python(phone)  # one spelling of a phone
    with transaction.atomic():
        settings = _locked(event)
        _check_asked(settings, {"title": title, "phone": phone, "email": email, "needs": needs})
        state = registration_state(settings)
        if state == State.ERASED or (state != State.OPEN and not organiser):
            raise Conflict(_closed_reason(settings, state))
        active = Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
        if unit is not None and settings.unit_quota is not None:
            used = active.filter(organization=unit).count()
            if used >= settings.unit_quota:
                raise Conflict(
                    ngettext(
                        "每单位限报 %(quota)d 人，%(unit)s 已报 %(used)d 人",
                        "每单位限报 %(quota)d 人，%(unit)s 已报 %(used)d 人",
                        settings.unit_quota,
                    )
                    % {"quota": settings.unit_quota, "unit": unit.name, "used": used}
                )
        # The same person twice (a form sent twice): same unit, name and phone.
        cleaned_name = Registration._meta.get_field("name").to_python(name)
        if active.filter(organization=unit, name=cleaned_name, phone=phone).exists():
            raise Conflict(_("%(name)s 已报名此活动") % {"name": cleaned_name})
        now = timezone.now()
        if settings.needs_approval and not organiser:
            status, stamps = S.PENDING, {}
        elif _has_place(settings):
            status, stamps = S.CONFIRMED, {"confirmed_at": now}
        else:
            status, stamps = S.WAITLISTED, {"waitlisted_at": now}
        registration = create_object(
            Registration,
            actor=actor,
            data={
                "event": event,
                "name": name,
                "organization": unit,
                "title": title,
                "phone": phone,
                "email": email,
                "needs": needs,
                "status": status,
                "registered_by": actor if getattr(actor, "is_authenticated", False) else None,
                "language": page_language(),
                **stamps,
            },
            related=event,
        )
        mail_later(registration, status, site)
        return registration


def _closed_reason(settings: RegistrationSettings, state: str) -> str:
    if state == State.NOT_YET_OPEN:
        when = timezone.localtime(settings.opens_at)
        return _("报名尚未开始（%(time)s 开始）") % {"time": f"{when:%Y-%m-%d %H:%M}"}
    if state == State.ERASED:
        return _("活动已结束，报名人的个人信息已删除")
    return _("报名已截止")


def _has_place(settings: RegistrationSettings) -> bool:
    if settings.capacity is None:
        return True
    confirmed = Registration.objects.filter(event_id=settings.event_id, status=S.CONFIRMED)
    return confirmed.count() < settings.capacity


def _promote(settings: RegistrationSettings, *, actor: Actor, site: str) -> list[Registration]:
    """Fill free places from the waitlist, first come first served (inside the lock)."""
    queue = Registration.objects.filter(event_id=settings.event_id, status=S.WAITLISTED).order_by(
        "waitlisted_at", "pk"
    )
    if settings.capacity is not None:
        confirmed = Registration.objects.filter(event_id=settings.event_id, status=S.CONFIRMED)
        free = settings.capacity - confirmed.count()
        if free <= 0:
            return []
        queue = queue[:free]
    promoted = []
    for registration in queue:
        update_object(
            registration,
            actor=actor,
            data={"status": S.CONFIRMED, "confirmed_at": timezone.now()},
            related=settings.event,
        )
        mail_later(registration, "promoted", site)
        promoted.append(registration)
    return promoted


# --- the organisers' decisions and cancelling -------------------------------------------------


def _fresh(registration: Registration) -> Registration:
    # Read again inside the lock (and lock the row against a check-in at the same moment): the
    # caller's copy may be stale or redacted.
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("event", "organization")
        .get(pk=registration.pk)
    )


def registration_approve(
    *, actor: Actor, registration: Registration, site: str = ""
) -> Registration:
    """Approve a pending registration (审核通过): confirmed while places are left, else it joins
    the waitlist."""
    event = registration.event
    require(may_organise(actor, event), ORGANISERS_ONLY)
    with transaction.atomic():
        settings = _locked(event)
        current = _fresh(registration)
        if current.status != S.PENDING:
            raise Conflict(_("只有待审核的报名可以审核（当前：%(status)s）") % _status(current))
        now = timezone.now()
        if _has_place(settings):
            data = {"status": S.CONFIRMED, "confirmed_at": now}
        else:
            data = {"status": S.WAITLISTED, "waitlisted_at": now}
        saved = update_object(current, actor=actor, data=data, related=event)
        mail_later(saved, saved.status, site)
        return saved


def registration_decline(
    *, actor: Actor, registration: Registration, site: str = ""
) -> Registration:
    """Decline a pending registration (审核不通过)."""
    event = registration.event
    require(may_organise(actor, event), ORGANISERS_ONLY)
    with transaction.atomic():
        _locked(event)
        current = _fresh(registration)
        if current.status != S.PENDING:
            raise Conflict(_("只有待审核的报名可以审核（当前：%(status)s）") % _status(current))
        saved = update_object(current, actor=actor, data={"status": S.DECLINED}, related=event)
        mail_later(saved, S.DECLINED, site)
        return saved


def registration_cancel(
    *, actor: Actor, registration: Registration, site: str = ""
) -> Registration:
    """Cancel a registration (取消报名): its organisers or its unit's contact. A confirmed
    place that frees up goes to the first person on the waitlist. Cancelling a cancelled or
    declined registration changes nothing; a checked-in one cannot be cancelled."""
    require(may_manage(actor, registration), MANAGE_DENIED)
    event = registration.event
    with transaction.atomic():
        settings = _locked(event)
        current = _fresh(registration)
        if current.status in (S.CANCELLED, S.DECLINED):
            return current
        if current.checked_in_at is not None:
            raise Conflict(_("%(name)s 已签到，不能取消报名") % {"name": current.name})
        held_a_place = current.status == S.CONFIRMED
        saved = update_object(
            current,
            actor=actor,
            data={"status": S.CANCELLED, "cancelled_at": timezone.now()},
            related=event,
        )
        mail_later(saved, S.CANCELLED, site)
        if held_a_place:
            _promote(settings, actor=actor, site=site)
        return saved


def _status(registration: Registration) -> dict:
    return {"status": registration.get_status_display()}


# --- check-in (签到) ---------------------------------------------------------------------------


def registration_check_in(*, actor: Actor, registration: Registration) -> Registration:
    """Check a confirmed registrant in (签到): the time and who checked them in. A second
    check-in raises :class:`AlreadyCheckedIn` and changes nothing (no double count)."""
    event = registration.event
    require(may_organise(actor, event), _("只有活动主办方可以签到"))
    with transaction.atomic():
        current = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "organization")
            .get(pk=registration.pk)
        )
        if current.checked_in_at is not None:
            raise AlreadyCheckedIn(current)
        if current.status != S.CONFIRMED:
            raise Conflict(
                _("%(name)s 的报名%(status)s，不能签到")
                % {"name": current.name, "status": current.get_status_display()}
            )
        user = actor if getattr(actor, "is_authenticated", False) else None
        return update_object(
            current,
            actor=actor,
            data={"checked_in_at": timezone.now(), "checked_in_by": user},
            related=event,
        )


# --- erasing personal data after the event ------------------------------------------------------


#: What each personal field of a registration becomes when erased.
ERASED_VALUES = {"name": ERASED_NAME, "title": "", "phone": "", "email": "", "needs": ""}


def event_is_over(event: Event) -> bool:
    last = event.ends_on or event.starts_on
    return last is not None and last < timezone.localdate()


def registration_personal_data_erase(*, actor: Actor, event: Event) -> int:
    """Erase the registrants' personal data after the event (删除报名人个人信息): names become
    “已删除”, title, phone, e-mail and needs are blanked — in the registrations and in their
    change-log rows alike, or the log would keep what was erased. Status and check-in times
    stay, so the counts do. The erasure itself is one change-log row on the settings. Returns
    how many registrations were erased."""
    from django.contrib.contenttypes.models import ContentType

    from chanjiao.core.models import ObjectChange

    require(may_organise(actor, event), ORGANISERS_ONLY)
    if not event_is_over(event):
        raise ValidationError(_("活动结束后才能删除报名人的个人信息"))
    with transaction.atomic():
        settings = _locked(event)
        if settings.personal_data_erased_at is not None:
            raise Conflict(_("报名人的个人信息已于此前删除"))
        registrations = Registration.objects.filter(event=event)
        ids = list(registrations.values_list("pk", flat=True))
        registrations.update(**ERASED_VALUES, updated_at=timezone.now())
        changes = ObjectChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Registration), object_id__in=ids
        )
        for change in changes.iterator():
            change.before = _erased(change.before)
            change.after = _erased(change.after)
            change.object_repr = ERASED_NAME
            change.save(update_fields=["before", "after", "object_repr"])
        update_object(
            settings, actor=actor, data={"personal_data_erased_at": timezone.now()}, related=event
        )
        return len(ids)


def _erased(snapshot: dict | None) -> dict | None:
    if snapshot is None:
        return None
    return {k: (ERASED_VALUES[k] if k in ERASED_VALUES and v else v) for k, v in snapshot.items()}
