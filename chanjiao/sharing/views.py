"""Sharing pages: the catalogue of shared resources (共享资源), a resource with its photos,
calendar and booking form, bookings and their decisions, a unit's calendar, the calendar feeds
and a body's usage figures (使用统计)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    require,
    secretariat_body_ids,
)
from chanjiao.accounts.privacy import may_read_personal
from chanjiao.core.exceptions import Conflict
from chanjiao.core.uploads import private_file_response
from chanjiao.core.validators import as_id
from chanjiao.core.views import (
    create_view,
    delete_page,
    edit_view,
    history_view,
    initial_ids,
    list_view,
    record_crumbs,
    run_service,
    visible_record,
)
from chanjiao.core.words import sentences
from chanjiao.registry.models import Body, Membership, Organization
from chanjiao.registry.selectors import member_body_ids, member_or_visible_bodies

from . import feeds, forms, lists, selectors, services
from .models import WEEKDAY_LABELS, Booking, Resource, ResourcePhoto, day_hours_text
from .permissions import (
    audience_units_q,
    bookable_units,
    can_create_resource,
    can_manage,
    can_read_unit_calendar,
    can_read_usage,
)
from .schedule import (
    add_months,
    hours_on,
    month_weeks,
    parse_month,
    parse_week,
    week_label,
)

RESOURCES = pgettext_lazy("list", "共享资源")
BOOKINGS = gettext_lazy("我的预约")


# --- the catalogue ------------------------------------------------------------------------------


def _bodies(user):
    """Bodies the user sees or whose member units it speaks for (the catalogue's filter)."""
    return member_or_visible_bodies(user).order_by("name")


def _filter_rows(user) -> dict:
    owners = selectors.resource_list(actor=user).values("owner_id")
    return {
        "body": _bodies(user),
        "owner": Organization.objects.filter(pk__in=owners).order_by("name"),
    }


def _list_extra(request) -> dict:
    user = request.user
    body = as_id(request.GET.get("body"))
    usage_url = None
    if body is not None and can_read_usage(user, body):
        usage_url = reverse("sharing:usage", args=[body])
    units = contact_organization_ids(user)
    return {
        "title": RESOURCES,
        "can_create": can_create_resource(user),
        "usage_url": usage_url,
        "unit_calendars": Organization.objects.filter(pk__in=units).order_by("name")
        if units
        else [],
    }


resource_list = list_view(
    "sharing/resource",
    filters=lists.RESOURCE_FILTERS,
    choices=_filter_rows,
    selector=selectors.resource_list,
    spec=lists.RESOURCES,
    extra=_list_extra,
)

_resource_crumbs = record_crumbs(
    RESOURCES, "sharing:resource_list", "sharing:resource_detail", lambda r: r.name
)
_resource = visible_record(selectors.resource_list)


def _may_book(user, resource: Resource) -> bool:
    """Whether to offer the booking form (the service decides in the end)."""
    if not getattr(user, "is_authenticated", False) or not resource.is_active:
        return False
    if is_platform_admin(user) or resource.audience == Resource.Audience.PUBLIC:
        return True
    return bool(bookable_units(user, resource))


def _weekly_hours(resource: Resource) -> list[tuple[str, str]]:
    return [
        (label, day_hours_text(resource.opening_hours, weekday))
        for weekday, label in enumerate(WEEKDAY_LABELS, 1)
    ]


def resource_detail(request, pk: int):
    resource = _resource(request, pk)
    user = request.user
    manager = can_manage(user, resource)
    today = timezone.localdate().isoformat()
    upcoming = selectors.booking_list(actor=user, resource=resource.pk).filter(
        ends_at__gt=timezone.now(), status__in=Booking.ACTIVE
    )
    context = {
        "resource": resource,
        "title": resource.name,
        "crumbs": _resource_crumbs(),
        "can_edit": manager,
        "may_book": _may_book(user, resource),
        "may_read_contact": may_read_personal(user, resource),
        "weekly_hours": _weekly_hours(resource) if resource.opening_hours else [],
        "closed_ahead": [d for d in resource.closed_dates if d >= today][:20],
        "photos": list(resource.photos.all()),
        "photo_form": forms.PhotoForm() if manager else None,
        "bookings": upcoming[:50],
        "pending": upcoming.filter(status=Booking.Status.PENDING).count() if manager else 0,
        "feed_url": request.build_absolute_uri(
            reverse("sharing:resource_feed", args=[resource.feed_token])
        )
        if manager
        else None,
    }
    return render(request, "sharing/resource_detail.html", context)


resource_history = history_view(
    _resource, crumbs=_resource_crumbs, detail="sharing:resource_detail"
)


def _owners(user, current: Resource | None = None):
    """The units the user may offer resources of (plus the current owner): its own units, and
    for a secretariat the current member units of its bodies."""
    if is_platform_admin(user):
        return Organization.objects.order_by("name")
    ids = set(contact_organization_ids(user))
    if current is not None:
        ids.add(current.owner_id)
    members = (
        Membership.objects.current()
        .filter(body_id__in=list(secretariat_body_ids(user)))
        .values("organization_id")
    )
    return Organization.objects.filter(Q(pk__in=ids) | Q(pk__in=members)).order_by("name")


def _offer_bodies(user, current: Resource | None = None):
    """The bodies the user may offer resources in (plus the current one)."""
    if is_platform_admin(user):
        return Body.objects.order_by("name")
    ids = set(secretariat_body_ids(user)) | set(member_body_ids(user))
    if current is not None:
        ids.add(current.body_id)
    return Body.objects.filter(pk__in=ids).order_by("name")


def _initial(request) -> dict:
    initial: dict = initial_ids(request, "body", "owner")
    if request.GET.get("kind") in Resource.Kind.values:
        initial["kind"] = request.GET["kind"]
    return initial


resource_create = create_view(
    allowed=can_create_resource,
    denied=gettext_lazy("只有成员单位的联系人或秘书处可以发布共享资源"),
    form=lambda request: forms.ResourceForm(
        request.POST or None,
        initial=_initial(request),
        owners=_owners(request.user),
        bodies=_offer_bodies(request.user),
    ),
    create=services.resource_create,
    message=gettext_lazy("已发布共享资源。"),
    detail="sharing:resource_detail",
    title=gettext_lazy("发布共享资源"),
    crumbs=_resource_crumbs,
    cancel="sharing:resource_list",
)


def _resource_update(**kwargs) -> Resource:
    """The service; a clash the database refuses shows on the form (the API answers 409)."""
    try:
        return services.resource_update(**kwargs)
    except Conflict as exc:
        raise ValidationError(str(exc)) from exc


resource_edit = edit_view(
    _resource,
    allowed=can_manage,
    denied=services.MANAGE_DENIED,
    form=lambda request, resource: forms.ResourceForm(
        request.POST or None,
        instance=resource,
        owners=_owners(request.user, resource),
        bodies=_offer_bodies(request.user, resource),
    ),
    update=_resource_update,
    detail="sharing:resource_detail",
    title=gettext_lazy("编辑共享资源"),
    crumbs=_resource_crumbs,
)


@login_required
def resource_delete(request, pk: int):
    """Delete a resource that was never booked, after a confirmation."""
    resource = _resource(request, pk)
    require(can_manage(request.user, resource), services.MANAGE_DENIED)
    back = reverse("sharing:resource_detail", args=[pk])
    if request.method == "POST":
        try:
            services.resource_delete(actor=request.user, resource=resource)
        except ValidationError as exc:
            messages.error(request, sentences(exc.messages))
            return redirect(back)
        messages.success(request, _("已删除“%(obj)s”。") % {"obj": resource})
        return redirect("sharing:resource_list")
    return delete_page(
        request, resource, delete=lambda: None, back=back, crumbs=_resource_crumbs(resource)
    )


# --- photos --------------------------------------------------------------------------------------


@login_required
@require_POST
def photo_add(request, pk: int):
    resource = _resource(request, pk)
    require(can_manage(request.user, resource), services.MANAGE_DENIED)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(actor=request.user, resource=resource, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, sentences(exc.messages))
        else:
            messages.success(request, _("已添加照片。"))
    else:
        messages.error(request, sentences(m for ms in form.errors.values() for m in ms))
    return redirect(reverse("sharing:resource_detail", args=[pk]) + "#photos")


def _photo(request, pk: int) -> ResourcePhoto:
    visible = selectors.resource_list(actor=request.user)
    return get_object_or_404(ResourcePhoto.objects.filter(resource__in=visible), pk=pk)


def photo(request, pk: int):
    """A resource's photo, for whoever may see the resource."""
    item = _photo(request, pk)
    return private_file_response(item.image, download_name=f"{item.resource.name}-{item.pk}")


@login_required
@require_POST
def photo_delete(request, pk: int):
    item = _photo(request, pk)
    services.photo_delete(actor=request.user, photo=item)
    messages.success(request, _("已删除照片。"))
    return redirect(reverse("sharing:resource_detail", args=[item.resource_id]) + "#photos")


# --- booking ---------------------------------------------------------------------------------------


def _booking_units(user, resource: Resource):
    """The units the booking form offers: the user's own in the audience (an admin: every
    unit in it)."""
    if is_platform_admin(user):
        if resource.audience == Resource.Audience.PUBLIC:
            return Organization.objects.none()  # open to everyone: the admin books as a person
        return Organization.objects.filter(audience_units_q(resource)).order_by("name")
    return Organization.objects.filter(pk__in=bookable_units(user, resource)).order_by("name")


@login_required
def resource_book(request, pk: int):
    """The booking form (预约) with the resource's week beside it; a refusal (full, a clash,
    outside the opening hours) shows on the form with its reason."""
    resource = _resource(request, pk)
    user = request.user
    if not _may_book(user, resource):
        raise PermissionDenied(services.BOOK_DENIED)
    form = forms.BookingForm(
        request.POST or None,
        initial=forms.proposed_times(request.GET.get("start")),
        resource=resource,
        units=_booking_units(user, resource),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            booking = run_service(
                form,
                lambda: services.booking_request(
                    actor=user, resource=resource, **form.service_data()
                ),
            )
        except Conflict as exc:
            form.add_error(None, str(exc))
            booking = None
            status = 409
        if booking is not None:
            if booking.status == Booking.Status.CONFIRMED:
                messages.success(request, _("预约成功，已确认。"))
            else:
                messages.success(request, _("已提交预约，等待提供单位确认。"))
            return redirect("sharing:booking_detail", pk=booking.pk)
    week = _week_of(form, request)
    context = {
        "title": _("预约：%(resource)s") % {"resource": resource.name},
        "crumbs": _resource_crumbs(resource),
        "resource": resource,
        "form": form,
        "cancel_url": reverse("sharing:resource_detail", args=[pk]),
        "submit_label": _("提交预约"),
        "weekly_hours": _weekly_hours(resource) if resource.opening_hours else [],
        "week": _week(user, resource, week),
    }
    if form.errors and status == 200:
        status = 400
    return render(request, "sharing/book.html", context, status=status)


def _week_of(form, request) -> datetime.date:
    """The Monday of the week the form is about (its start time), or of this week."""
    today = timezone.localdate()
    value = form.data.get("starts_at") if form.is_bound else request.GET.get("start")
    try:
        day = datetime.date.fromisoformat((value or "")[:10])
    except ValueError:
        day = today
    if not 1990 <= day.year <= 2200:
        day = today
    return day - datetime.timedelta(days=day.isoweekday() - 1)


def _week(user, resource: Resource, monday: datetime.date) -> list:
    start = _midnight(monday)
    entries = selectors.resource_calendar(
        actor=user, resource=resource, start=start, end=_midnight(monday, 7)
    )
    return _days(
        [monday + datetime.timedelta(days=i) for i in range(7)], entries, resource=resource
    )


# --- calendars ---------------------------------------------------------------------------------------


def _midnight(day: datetime.date, plus_days: int = 0) -> datetime.datetime:
    day = day + datetime.timedelta(days=plus_days)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


@dataclass
class Day:
    date: datetime.date
    entries: list = field(default_factory=list)
    hours: list = field(default_factory=list)
    closed: bool = False
    in_month: bool = True
    today: bool = False
    past: bool = False

    @property
    def week(self) -> str:
        """The ISO week of the day (``2025-W23``), for a link to its week."""
        return week_label(self.date - datetime.timedelta(days=self.date.isoweekday() - 1))


def _days(dates, entries, *, resource: Resource | None = None, month: int | None = None):
    today = timezone.localdate()
    closed = set(resource.closed_dates) if resource else set()
    days = {d: Day(date=d, in_month=month is None or d.month == month) for d in dates}
    for day in days.values():
        day.today, day.past = day.date == today, day.date < today
        if resource is not None:
            day.closed = day.date.isoformat() in closed
            day.hours = hours_on(resource.opening_hours, day.date) if resource.opening_hours else []
    for entry in entries:
        first = timezone.localtime(entry.starts_at).date()
        last = timezone.localtime(entry.ends_at - datetime.timedelta(microseconds=1)).date()
        day = first
        while day <= last:
            if day in days:
                days[day].entries.append(entry.on(day))
            day += datetime.timedelta(days=1)
    return [days[d] for d in dates]


def _calendar_context(request, fetch, *, resource: Resource | None = None) -> dict:
    """Week (``?week=2025-W23``) or month (``?month=2025-06``) of ``fetch(start, end)``."""
    today = timezone.localdate()
    path = request.path
    if "month" in request.GET:
        first = parse_month(request.GET.get("month"), today)
        weeks = month_weeks(first)
        entries = fetch(_midnight(weeks[0][0]), _midnight(weeks[-1][-1], 1))
        days = _days([d for w in weeks for d in w], entries, resource=resource, month=first.month)
        return {
            "mode": "month",
            "weeks": [days[i : i + 7] for i in range(0, len(days), 7)],
            "period": first,
            "prev_url": f"{path}?month={add_months(first, -1):%Y-%m}",
            "next_url": f"{path}?month={add_months(first, 1):%Y-%m}",
            "today_url": f"{path}?month={today:%Y-%m}",
            "switch_url": f"{path}?week={week_label(first)}",
        }
    monday = parse_week(request.GET.get("week"), today)
    dates = [monday + datetime.timedelta(days=i) for i in range(7)]
    entries = fetch(_midnight(monday), _midnight(monday, 7))
    return {
        "mode": "week",
        "days": _days(dates, entries, resource=resource),
        "period": monday,
        "period_end": dates[-1],
        "week_label": week_label(monday),
        "prev_url": f"{path}?week={week_label(monday - datetime.timedelta(days=7))}",
        "next_url": f"{path}?week={week_label(monday + datetime.timedelta(days=7))}",
        "today_url": f"{path}?week={week_label(parse_week(None, today))}",
        # The month holding most of the week (its Thursday's, as ISO weeks count).
        "switch_url": f"{path}?month={monday + datetime.timedelta(days=3):%Y-%m}",
    }


def resource_calendar(request, pk: int):
    """A resource's bookings by week or month (taken slots for every reader, details for
    those who may see them)."""
    resource = _resource(request, pk)
    user = request.user
    context = _calendar_context(
        request,
        lambda start, end: selectors.resource_calendar(
            actor=user, resource=resource, start=start, end=end
        ),
        resource=resource,
    )
    manager = can_manage(user, resource)
    context.update(
        title=_("%(resource)s的预约日历") % {"resource": resource.name},
        crumbs=_resource_crumbs(resource),
        resource=resource,
        may_book=_may_book(user, resource),
        feed_url=request.build_absolute_uri(
            reverse("sharing:resource_feed", args=[resource.feed_token])
        )
        if manager
        else None,
        feed_reset_url=reverse("sharing:resource_feed_reset", args=[pk]) if manager else None,
    )
    return render(request, "sharing/calendar.html", context)


@login_required
def unit_calendar(request, pk: int):
    """A unit's calendar (单位预约日历): what it booked and the bookings of its resources, for
    its contacts; with the address of its feed."""
    organization = get_object_or_404(Organization, pk=pk)
    if not can_read_unit_calendar(request.user, organization):
        raise PermissionDenied(_("只有该单位的联系人可以查看单位预约日历"))
    calendar = services.unit_calendar(actor=request.user, organization=organization)
    context = _calendar_context(
        request,
        lambda start, end: selectors.unit_calendar(
            actor=request.user, organization=organization, start=start, end=end
        ),
    )
    context.update(
        title=_("%(unit)s的预约日历") % {"unit": organization.name},
        crumbs=[
            (RESOURCES, reverse("sharing:resource_list")),
            (organization.name, reverse("registry:organization_detail", args=[pk])),
        ],
        organization=organization,
        feed_url=request.build_absolute_uri(
            reverse("sharing:unit_feed", args=[calendar.feed_token])
        ),
        feed_reset_url=reverse("sharing:unit_feed_reset", args=[pk]),
    )
    return render(request, "sharing/calendar.html", context)


def _ics(name: str, bookings, request, filename: str) -> HttpResponse:
    data = feeds.calendar_ics(name, bookings, domain=request.get_host().split(":")[0])
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def resource_feed(request, token: str):
    """A resource's iCalendar feed; the token in the address is the credential."""
    resource = selectors.resource_for_feed(token)
    if resource is None:
        raise Http404
    return _ics(
        resource.name,
        selectors.feed_bookings(resource=resource),
        request,
        f"resource-{resource.pk}.ics",
    )


def unit_feed(request, token: str):
    """A unit's iCalendar feed; the token in the address is the credential."""
    calendar = selectors.unit_calendar_for_feed(token)
    if calendar is None:
        raise Http404
    unit = calendar.organization
    return _ics(
        _("%(unit)s 的预约") % {"unit": unit.name},
        selectors.feed_bookings(organization=unit),
        request,
        f"unit-{unit.pk}.ics",
    )


@login_required
@require_POST
def resource_feed_reset(request, pk: int):
    resource = _resource(request, pk)
    services.resource_feed_reset(actor=request.user, resource=resource)
    messages.success(request, _("已更换订阅地址，原地址已失效。"))
    return redirect("sharing:resource_calendar", pk=pk)


@login_required
@require_POST
def unit_feed_reset(request, pk: int):
    organization = get_object_or_404(Organization, pk=pk)
    services.unit_feed_reset(actor=request.user, organization=organization)
    messages.success(request, _("已更换订阅地址，原地址已失效。"))
    return redirect("sharing:unit_calendar", pk=pk)
