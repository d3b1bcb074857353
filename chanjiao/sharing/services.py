"""Every write of sharing: resources (共享资源) with their photos, bookings (预约) and their
decisions, the calendar feeds' addresses, and the day-before reminders.

A booking request takes the resource's row lock (``SELECT … FOR UPDATE``; on SQLite the write
lock every transaction takes, ``transaction_mode = IMMEDIATE``) and, holding it, reads the
active bookings that overlap the request and checks the capacity: requests arriving at once
queue on the lock, and each one sees those committed before it, so pending plus confirmed
bookings never hold more than the capacity at any instant. For exclusive resources on
PostgreSQL the exclusion constraint ``sharing_booking_no_overlap`` refuses an overlapping row
even from a write that went around this service. A refusal raises
:class:`~chanjiao.core.exceptions.Conflict` (HTTP 409) naming the clash.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chanjiao.accounts.models import OrganizationContact
from chanjiao.accounts.permissions import is_platform_admin, require
from chanjiao.core.changelog import (
    Actor,
    create_object,
    delete_object,
    given,
    record_change,
    update_object,
)
from chanjiao.core.exceptions import Conflict
from chanjiao.core.mail import by_language, send_reminders
from chanjiao.core.models import ObjectChange
from chanjiao.core.words import listed
from chanjiao.registry.models import Body, Membership, Organization

from .models import Booking, Resource, ResourcePhoto, UnitCalendar, new_feed_token
from .permissions import (
    bookable_units,
    can_cancel,
    can_manage,
    can_offer,
    can_read_unit_calendar,
    in_audience,
)
from .schedule import (
    ScheduleError,
    normalise_closed_dates,
    normalise_hours,
    outside_opening,
    peak_load,
)

MANAGE_DENIED = gettext_lazy("只有提供单位的联系人或所属产教融合体的秘书处可以管理该资源")
BOOK_DENIED = gettext_lazy("只有预约范围内成员单位的联系人可以预约该资源")
#: How far ahead a booking may start, and how long (at least, at most) one may last.
HORIZON = datetime.timedelta(days=2 * 366)
SHORTEST_MINUTES = 15
LONGEST = datetime.timedelta(days=366)


# --- resources ------------------------------------------------------------------------------


def _schedule(data: dict) -> dict:
    """``data`` with its opening hours and closed dates in their stored form."""
    try:
        if "opening_hours" in data:
            data["opening_hours"] = normalise_hours(data["opening_hours"])
    except ScheduleError as exc:
        raise ValidationError({"opening_hours": [_("开放时间有误：%(e)s") % {"e": exc}]}) from exc
    try:
        if "closed_dates" in data:
            data["closed_dates"] = normalise_closed_dates(data["closed_dates"])
    except ScheduleError as exc:
        raise ValidationError({"closed_dates": [_("闭馆日期有误：%(e)s") % {"e": exc}]}) from exc
    if data.get("capacity_mode") == Resource.CapacityMode.EXCLUSIVE:
        data["capacity"] = 1  # one booking at a time, whatever the form said
    return data


def _require_member(owner: Organization, body: Body) -> None:
    if not Membership.objects.current().filter(body=body, organization=owner).exists():
        raise ValidationError(
            {"owner": [_("%(unit)s 不是 %(body)s 的现有成员单位") % {"unit": owner, "body": body}]}
        )


def resource_create(
    *,
    actor: Actor,
    name: str,
    kind: str,
    owner: Organization,
    body: Body,
    description: str = "",
    location: str = "",
    capacity_mode: str = Resource.CapacityMode.EXCLUSIVE,
    capacity: int = 1,
    opening_hours: Iterable[dict] = (),
    closed_dates: Iterable = (),
    approval_required: bool = True,
    audience: str = Resource.Audience.BODY,
    is_active: bool = True,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Resource:
    """Offer a resource of ``owner`` (a current member unit of ``body``) in ``body``: by the
    owner's contact, the body's secretariat or an admin."""
    fields = _schedule(given(locals()))
    require(can_offer(actor, owner=owner, body=body), MANAGE_DENIED)
    _require_member(owner, body)
    return create_object(Resource, actor=actor, data=fields, related=body)


def _fits(resource: Resource, *, exclusive: bool, capacity: int) -> None:
    """The resource's active bookings still fit a new capacity (checked under its lock)."""
    now = timezone.now()
    taken = list(
        resource.bookings.filter(status__in=Booking.ACTIVE, ends_at__gt=now).values_list(
            "starts_at", "ends_at", "quantity"
        )
    )
    if not taken:
        return
    start, end = min(t[0] for t in taken), max(t[1] for t in taken)
    peak, when = peak_load(taken, start, end)
    if peak > capacity or (exclusive and any(q > 1 for _s, _e, q in taken)):
        raise ValidationError(
            {
                "capacity": [
                    _("现有预约在 %(when)s 共占 %(peak)d 个名额，超过新的名额 %(capacity)d")
                    % {"when": _local(when), "peak": peak, "capacity": capacity}
                ]
            }
        )


def resource_update(*, actor: Actor, resource: Resource, data: dict) -> Resource:
    """Change a resource. A new capacity (or mode) must still hold the active bookings;
    moving it to another owner or body needs the right to offer there too."""
    data = _schedule(dict(data))
    require(can_manage(actor, resource), MANAGE_DENIED)
    owner, body = data.get("owner", resource.owner), data.get("body", resource.body)
    if "owner" in data or "body" in data:
        require(can_offer(actor, owner=owner, body=body), MANAGE_DENIED)
        _require_member(owner, body)
    with transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        mode = data.get("capacity_mode", locked.capacity_mode)
        exclusive = mode == Resource.CapacityMode.EXCLUSIVE
        capacity = 1 if exclusive else data.get("capacity", locked.capacity)
        if exclusive:
            data["capacity"] = 1
        if (exclusive, capacity) != (locked.exclusive, locked.capacity):
            _fits(locked, exclusive=exclusive, capacity=capacity)
        updated = update_object(resource, actor=actor, data=data, related=body)
        if exclusive != locked.exclusive:
            # The copy the PostgreSQL exclusion constraint reads, on the bookings _fits checked
            # (ended ones are history: two may overlap from when the resource was counted).
            try:
                with transaction.atomic():
                    locked.bookings.filter(
                        status__in=Booking.ACTIVE, ends_at__gt=timezone.now()
                    ).update(exclusive=exclusive)
            except IntegrityError as exc:
                raise Conflict(_("现有预约时间重叠，不能改为独占；请先处理重叠的预约")) from exc
    return updated


def resource_delete(*, actor: Actor, resource: Resource) -> None:
    """Delete a resource that was never booked (one with bookings is closed to new bookings
    instead: ``is_active`` false, so its usage stays in the figures)."""
    require(can_manage(actor, resource), MANAGE_DENIED)
    if resource.bookings.exists():
        raise ValidationError(_("该资源已有预约记录，不能删除；可以暂停预约"))
    delete_object(resource, actor=actor, related=resource.body)


def resource_feed_reset(*, actor: Actor, resource: Resource) -> Resource:
    """Give the resource's calendar feed a new address; the old one stops working."""
    require(can_manage(actor, resource), MANAGE_DENIED)
    feed_renew(resource, actor=actor, related=resource.body)
    return Resource.objects.get(pk=resource.pk)


def feed_renew(obj: Resource | UnitCalendar, *, actor: Actor, related) -> None:
    """Give a resource's or a unit's calendar feed a new address (the old one stops working),
    logged as that act (更换了订阅地址), without the address."""
    type(obj).objects.filter(pk=obj.pk).update(feed_token=new_feed_token())
    record_change(
        actor=actor,
        action=ObjectChange.Action.UPDATE,
        obj=obj,
        before={"feed_address": None},
        after={"feed_address": timezone.now().isoformat(timespec="seconds")},
        related=related,
    )


def photo_add(*, actor: Actor, resource: Resource, image: File, caption: str = "") -> ResourcePhoto:
    """Add a photo to a resource (its managers)."""
    require(can_manage(actor, resource), MANAGE_DENIED)
    return create_object(
        ResourcePhoto,
        actor=actor,
        data={"resource": resource, "image": image, "caption": caption},
        related=resource,
    )


def photo_delete(*, actor: Actor, photo: ResourcePhoto) -> None:
    require(can_manage(actor, photo.resource), MANAGE_DENIED)
    image = photo.image
    delete_object(photo, actor=actor, related=photo.resource)
    transaction.on_commit(lambda: image.delete(save=False))


# --- bookings -------------------------------------------------------------------------------


def _local(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _span(start: datetime.datetime, end: datetime.datetime) -> str:
    start, end = timezone.localtime(start), timezone.localtime(end)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M}–{end:%Y-%m-%d %H:%M}"


def _aware(value: datetime.datetime, field: str) -> datetime.datetime:
    """A time given without a zone is local time (Asia/Shanghai), taken to the whole minute
    (seconds dropped); years far from now are refused before any arithmetic could overflow."""
    if not 2000 <= value.year <= 2200:
        raise ValidationError({field: [_("时间超出可预约的范围")]})
    value = value.replace(second=0, microsecond=0)
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    now = timezone.now()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("结束时间必须晚于开始时间")]})
    if ends_at - starts_at < datetime.timedelta(minutes=SHORTEST_MINUTES):
        shortest = ngettext("一次预约至少 %(n)d 分钟", "一次预约至少 %(n)d 分钟", SHORTEST_MINUTES)
        raise ValidationError({"ends_at": [shortest % {"n": SHORTEST_MINUTES}]})
    if starts_at <= now:
        raise ValidationError({"starts_at": [_("不能预约已经开始或过去的时间")]})
    if starts_at > now + HORIZON:
        raise ValidationError({"starts_at": [_("最多可以预约两年之内的时间")]})
    if ends_at - starts_at > LONGEST:
        raise ValidationError({"ends_at": [_("一次预约最长一年")]})


def _requesting_unit(
    actor: Actor, resource: Resource, organization: Organization | None
) -> Organization | None:
    """The unit the request is made for (None: a person, for a resource open to everyone)."""
    require(getattr(actor, "is_authenticated", False), BOOK_DENIED)
    public = resource.audience == Resource.Audience.PUBLIC
    if is_platform_admin(actor):
        if organization is None and not public:
            raise ValidationError({"organization": [_("请选择预约单位")]})
        if organization is not None:
            require(
                in_audience(resource, organization),
                _("%(unit)s 不在该资源的预约范围内") % {"unit": organization},
            )
        return organization
    eligible = bookable_units(actor, resource)
    if organization is None:
        if len(eligible) == 1:
            return Organization.objects.get(pk=next(iter(eligible)))
        if not eligible:
            if public:
                return None
            raise PermissionDenied(BOOK_DENIED)
        raise ValidationError({"organization": [_("您是多个单位的联系人，请选择预约单位")]})
    require(organization.pk in eligible, BOOK_DENIED)
    return organization


def _refusal(resource: Resource, opening) -> str:
    day = opening.day.isoformat() if opening.day else ""
    if opening.reason == "closed_date":
        return _("%(day)s 闭馆，不能预约") % {"day": day}
    if opening.reason == "closed_day":
        return _("%(day)s 不开放，不能预约") % {"day": day}
    if opening.reason == "days":
        return _("该资源按开放时间预约，一次预约须在同一天的一个开放时段内")
    hours = listed(
        f"{i['opens']}–{i['closes']}"
        for i in resource.opening_hours
        if i["weekday"] == opening.day.isoweekday()
    )
    return _("不在开放时间内：%(day)s 的开放时间为 %(hours)s") % {"day": day, "hours": hours}


def _check_room(resource: Resource, starts_at, ends_at, quantity: int) -> None:
    """Raise :class:`Conflict` when the request does not fit beside the active bookings."""
    overlapping = resource.bookings.filter(
        status__in=Booking.ACTIVE, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if resource.exclusive:
        clash = overlapping.order_by("starts_at", "pk").first()
        if clash is not None:
            raise Conflict(
                _("时间冲突：%(resource)s 在 %(span)s 已有%(status)s的预约（#%(id)s），请另选时间")
                % {
                    "resource": resource,
                    "span": _span(clash.starts_at, clash.ends_at),
                    "status": clash.get_status_display(),
                    "id": clash.pk,
                }
            )
        return
    taken = list(overlapping.values_list("starts_at", "ends_at", "quantity"))
    peak, when = peak_load(taken, starts_at, ends_at)
    if peak + quantity > resource.capacity:
        # English reads "1 of 1 place" and "3 of 40 places": the plural follows the capacity.
        full = ngettext(
            "已满：%(resource)s 在 %(when)s 已预约 %(taken)d 个名额（共 %(capacity)d 个），"
            "剩余 %(left)d 个，不够 %(quantity)d 个",
            "已满：%(resource)s 在 %(when)s 已预约 %(taken)d 个名额（共 %(capacity)d 个），"
            "剩余 %(left)d 个，不够 %(quantity)d 个",
            resource.capacity,
        )
        raise Conflict(
            full
            % {
                "resource": resource,
                "when": _local(when),
                "taken": peak,
                "capacity": resource.capacity,
                "left": max(resource.capacity - peak, 0),
                "quantity": quantity,
            }
        )


def booking_request(
    *,
    actor: Actor,
    resource: Resource,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    quantity: int = 1,
    organization: Organization | None = None,
) -> Booking:
    """Request ``quantity`` places of ``resource`` over ``[starts_at, ends_at)`` for
    ``organization`` (the actor's unit; found by itself when the actor has one).

    Within the opening hours, on no closed date, in the future; pending until the owner
    confirms when the resource asks for approval, else confirmed at once. Raises
    :class:`Conflict` when the slot is taken (exclusive) or the places are gone (counted).
    """
    organization = _requesting_unit(actor, resource, organization)
    starts_at, ends_at = _aware(starts_at, "starts_at"), _aware(ends_at, "ends_at")
    _check_times(starts_at, ends_at)
    if quantity < 1:
        raise ValidationError({"quantity": [_("数量至少为 1")]})
    with transaction.atomic():
        # Requests for one resource queue here; each sees the bookings committed before it.
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        if not locked.is_active:
            raise ValidationError(_("该资源暂停预约"))
        if locked.exclusive and quantity != 1:
            raise ValidationError({"quantity": [_("独占资源每次预约数量为 1")]})
        if quantity > locked.capacity:
            raise ValidationError(
                {"quantity": [_("数量不能超过名额（%(n)d）") % {"n": locked.capacity}]}
            )
        local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        opening = outside_opening(
            locked.opening_hours,
            locked.closed_dates,
            local_start.replace(tzinfo=None),
            local_end.replace(tzinfo=None),
        )
        if opening is not None:
            raise ValidationError(_refusal(locked, opening))
        _check_room(locked, starts_at, ends_at, quantity)
        now = timezone.now()
        data = {
            "resource": locked,
            "organization": organization,
            "requested_by": actor,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "quantity": quantity,
            "purpose": purpose,
            "exclusive": locked.exclusive,
            "status": Booking.Status.PENDING,
        }
        if not locked.approval_required:
            data.update(status=Booking.Status.CONFIRMED, decided_at=now)
        try:
            return create_object(Booking, actor=actor, data=data, related=locked)
        except ValidationError as exc:
            if isinstance(exc.__cause__, IntegrityError) and "no_overlap" in str(exc.__cause__):
                # The exclusion constraint: a row written around this service.
                raise Conflict(_("时间冲突：该时段已有预约，请另选时间")) from exc
            raise


def _decide(
    actor: Actor,
    booking: Booking,
    *,
    allowed: tuple,
    status: str,
    reason: str | None = None,
    decision: bool = False,
) -> Booking:
    """Move a booking to ``status`` from one of ``allowed`` (under its row lock)."""
    with transaction.atomic():
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.status not in allowed:
            raise ValidationError(
                _("该预约当前为“%(status)s”，不能改为“%(new)s”")
                % {"status": locked.get_status_display(), "new": Booking.Status(status).label}
            )
        data: dict = {"status": status}
        if decision:
            data.update(decided_by=actor if actor and actor.is_authenticated else None)
            data.update(decided_at=timezone.now())
        if reason is not None:
            data["reason"] = reason
        return update_object(booking, actor=actor, data=data, related=booking.resource)


def booking_confirm(*, actor: Actor, booking: Booking) -> Booking:
    """确认: the owner's contact (or the body's secretariat) accepts a pending request."""
    require(can_manage(actor, booking.resource), MANAGE_DENIED)
    if booking.starts_at <= timezone.now():
        raise ValidationError(_("预约时间已经开始，不能再确认，只能拒绝"))
    return _decide(
        actor,
        booking,
        allowed=(Booking.Status.PENDING,),
        status=Booking.Status.CONFIRMED,
        decision=True,
    )


def booking_decline(*, actor: Actor, booking: Booking, reason: str = "") -> Booking:
    """拒绝: refuse a pending request, saying why; its places are free again."""
    require(can_manage(actor, booking.resource), MANAGE_DENIED)
    return _decide(
        actor,
        booking,
        allowed=(Booking.Status.PENDING,),
        status=Booking.Status.DECLINED,
        reason=reason,
        decision=True,
    )


def booking_cancel(*, actor: Actor, booking: Booking, reason: str = "") -> Booking:
    """取消: the requesting unit withdraws (or the owner calls off) a booking that has not
    ended; its places are free again."""
    require(
        can_cancel(actor, booking),
        _("只有预约单位、提供单位的联系人或秘书处可以取消该预约"),
    )
    if booking.ends_at <= timezone.now():
        raise ValidationError(_("预约已经结束，不能取消"))
    return _decide(
        actor, booking, allowed=Booking.ACTIVE, status=Booking.Status.CANCELLED, reason=reason
    )


def confirmed_in_time(booking: Booking) -> bool:
    """Confirmed before it started (or no decision time kept): the requester knew to come."""
    return booking.decided_at is None or booking.decided_at < booking.starts_at


def _mark(actor: Actor, booking: Booking, status: str) -> Booking:
    require(can_manage(actor, booking.resource), MANAGE_DENIED)
    if booking.starts_at > timezone.now():
        raise ValidationError(_("预约开始之后才能登记使用情况"))
    if not confirmed_in_time(booking):
        raise ValidationError(_("该预约在开始之后才确认，不能登记使用情况"))
    return _decide(actor, booking, allowed=(Booking.Status.CONFIRMED,), status=status)


def booking_mark_used(*, actor: Actor, booking: Booking) -> Booking:
    """已使用: the owner records that the booking was used."""
    return _mark(actor, booking, Booking.Status.USED)


def booking_mark_no_show(*, actor: Actor, booking: Booking) -> Booking:
    """未到场: the owner records that nobody came (counted in the usage figures)."""
    return _mark(actor, booking, Booking.Status.NO_SHOW)


# --- a unit's calendar feed -----------------------------------------------------------------


def unit_calendar(*, actor: Actor, organization: Organization) -> UnitCalendar:
    """The unit's calendar feed (made the first time one of its contacts asks for it)."""
    require(
        can_read_unit_calendar(actor, organization), _("只有该单位的联系人可以查看单位预约日历")
    )
    found = UnitCalendar.objects.filter(organization=organization).first()
    if found is not None:
        return found
    return create_object(
        UnitCalendar, actor=actor, data={"organization": organization}, related=organization
    )


def unit_feed_reset(*, actor: Actor, organization: Organization) -> UnitCalendar:
    """Give the unit's calendar feed a new address; the old one stops working."""
    calendar = unit_calendar(actor=actor, organization=organization)
    feed_renew(calendar, actor=actor, related=organization)
    return UnitCalendar.objects.get(pk=calendar.pk)


# --- reminders ------------------------------------------------------------------------------


def _recipients(booking: Booking) -> dict[str, list[str]]:
    """Who is reminded, by the language each reads in: the requester, else the requesting
    unit's contacts."""
    user = booking.requested_by
    if user is not None and user.is_active and user.email:
        return by_language([user])
    if booking.organization_id is None:
        return {}
    contacts = OrganizationContact.objects.filter(organization_id=booking.organization_id)
    return by_language(c.user for c in contacts.select_related("user__preference"))


def _reminder(booking: Booking) -> tuple[str, str]:
    """The day-before reminder's subject and text, in the active language."""
    resource = booking.resource
    span = _span(booking.starts_at, booking.ends_at)
    subject = _("预约提醒：%(resource)s %(span)s") % {"resource": resource, "span": span}
    lines = [
        _("您预约的共享资源明天开始使用。"),
        _("资源：%(resource)s") % {"resource": resource},
        _("时间：%(span)s") % {"span": span},
    ]
    if resource.location:
        lines.append(_("地点：%(location)s") % {"location": resource.location})
    if not resource.exclusive:
        lines.append(_("数量：%(n)d") % {"n": booking.quantity})
    lines.append(_("用途：%(purpose)s") % {"purpose": booking.purpose})
    lines.append(_("如不能按时使用，请登录平台取消预约。"))
    return subject, "\n".join(lines)


def booking_reminders_send(*, day: datetime.date | None = None) -> int:
    """E-mail the day-before reminder (预约提醒) of every confirmed booking that starts on
    ``day`` (local date; tomorrow by default) and was not reminded yet, through Django's mail
    framework (the console backend unless an SMTP server is configured). Returns how many
    bookings were reminded. Run daily by ``manage.py send_booking_reminders`` or the task
    ``chanjiao.sharing.tasks.send_booking_reminders``."""

    day = day or timezone.localdate() + datetime.timedelta(days=1)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    due = (
        Booking.objects.filter(
            status=Booking.Status.CONFIRMED,
            reminded_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("resource", "organization", "requested_by__preference")
        .order_by("starts_at", "pk")
    )
    messages, reminded = [], []
    for booking in due:
        for language, to in _recipients(booking).items():
            with translation.override(language):
                messages.append((*_reminder(booking), None, to))
            reminded.append(booking.pk)
    if not messages:
        return 0
    # Marked only once sent: a failed run, or a refused message, is simply tried again.
    sent = {reminded[position] for position in send_reminders(messages)}
    Booking.objects.filter(pk__in=sent).update(reminded_at=timezone.now())
    return len(sent)
