"""Sharing pages about bookings: a user's bookings (我的预约), one booking with its history and
the owner's decisions on it, and a body's usage figures (使用统计)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from chanjiao.core.exceptions import Conflict
from chanjiao.core.listing import wants_export, xlsx_response
from chanjiao.core.validators import ascii_digits
from chanjiao.core.views import (
    history_view,
    list_page,
    record_crumbs,
    visible_record,
)
from chanjiao.core.words import sentences
from chanjiao.core.xlsx import table_xlsx
from chanjiao.registry.models import Organization
from chanjiao.registry.selectors import body_detail

from . import forms, lists, selectors, services
from .models import Booking
from .permissions import (
    can_cancel,
    can_manage,
    can_read_usage,
)
from .schedule import (
    parse_week,
    week_label,
)
from .views import BOOKINGS, RESOURCES

# --- bookings -------------------------------------------------------------------------------------


@login_required
def booking_list(request):
    """The bookings the user may see: its units' requests, those for its units' resources,
    those of the bodies it runs or oversees."""
    user = request.user
    form = lists.BOOKING_FILTERS.form(
        request.GET,
        choices={
            "resource": selectors.resource_list(actor=user).order_by("name"),
            "organization": Organization.objects.filter(
                pk__in=selectors.booking_list(actor=user).values("organization_id")
            ).order_by("name"),
        },
    )
    filters = form.filters()
    queryset = selectors.booking_list(actor=user, **filters)
    chosen = any(filters.get(k) for k in ("status", "starts_after", "starts_before"))
    if not chosen and "all" not in request.GET:
        # Upcoming first: what still needs doing.
        queryset = queryset.filter(ends_at__gt=timezone.now())
    return list_page(
        request,
        template="sharing/booking_list.html",
        partial="sharing/_booking_table.html",
        filter_form=form,
        queryset=queryset,
        spec=lists.BOOKINGS,
        extra={"title": BOOKINGS, "crumbs": [(RESOURCES, reverse("sharing:resource_list"))]},
    )


_booking = visible_record(selectors.booking_list)
_booking_crumbs = record_crumbs(
    BOOKINGS, "sharing:booking_list", "sharing:booking_detail", lambda b: f"#{b.pk}"
)


@login_required
def booking_detail(request, pk: int):
    booking = _booking(request, pk)
    user = request.user
    manager = can_manage(user, booking.resource)
    now = timezone.now()
    context = {
        "booking": booking,
        "title": _("预约 #%(id)s") % {"id": booking.pk},
        "crumbs": _booking_crumbs(),
        "may_decide": manager and booking.status == Booking.Status.PENDING,
        "may_confirm": booking.starts_at > now,
        "may_cancel": can_cancel(user, booking) and booking.is_active and booking.ends_at > now,
        "may_mark": manager
        and booking.status == Booking.Status.CONFIRMED
        and booking.starts_at <= now
        and services.confirmed_in_time(booking),
        "reason_form": forms.ReasonForm(),
        "week": week_label(parse_week(None, timezone.localtime(booking.starts_at).date())),
    }
    return render(request, "sharing/booking_detail.html", context)


booking_history = history_view(_booking, crumbs=_booking_crumbs, detail="sharing:booking_detail")


def _next(request, booking: Booking) -> str:
    """Where to go after an action: the page the form came from (``next``, a path on this
    site), else the booking's page."""
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    ):
        return wanted
    return reverse("sharing:booking_detail", args=[booking.pk])


def _booking_action(call, done, *, reason: bool = False):
    """A POST on a booking: ``call(actor, booking[, reason])``; a refusal shows as a message."""

    @login_required
    @require_POST
    def view(request, pk: int):
        booking = _booking(request, pk)
        kwargs = {}
        if reason:
            form = forms.ReasonForm(request.POST)
            kwargs["reason"] = form.cleaned_data["reason"] if form.is_valid() else ""
        try:
            call(actor=request.user, booking=booking, **kwargs)
        except (ValidationError, Conflict) as exc:
            text = sentences(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            messages.error(request, text)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(_next(request, booking))

    return view


booking_confirm = _booking_action(services.booking_confirm, gettext_lazy("已确认预约。"))
booking_decline = _booking_action(
    services.booking_decline, gettext_lazy("已拒绝预约。"), reason=True
)
booking_cancel = _booking_action(services.booking_cancel, gettext_lazy("已取消预约。"), reason=True)
booking_used = _booking_action(services.booking_mark_used, gettext_lazy("已登记为已使用。"))
booking_no_show = _booking_action(services.booking_mark_no_show, gettext_lazy("已登记为未到场。"))


# --- usage ---------------------------------------------------------------------------------------


def _form_count(value: float) -> int:
    """The whole number that picks the plural form for ``value``: gettext chooses forms by
    integers, and a fraction takes the plural in English (1.5 hours, 0.5 hours)."""
    return int(value) if value == int(value) else 2


def _usage_xlsx(body, figures) -> HttpResponse:
    """The usage figures by unit, with their total, as an .xlsx (``?format=xlsx``)."""
    title = _("共享资源使用统计")
    columns = ("bookings", "hours", "places", "place_hours", "no_shows", "cancelled")
    rows = [
        [r.name if r.organization_id else _("个人"), *(getattr(r, c) for c in columns)]
        for r in figures.rows
    ]
    rows.append([_("合计"), *(getattr(figures.total, c) for c in columns)])
    data = table_xlsx(
        title=f"{title} {figures.year}",
        headers=[
            _("预约单位"),
            _("预约次数"),
            _("时长（小时）"),
            _("名额"),
            _("名额·小时"),
            _("未到场"),
            _("取消"),
        ],
        rows=rows,
    )
    name = body.short_name or body.name
    return xlsx_response(
        data,
        filename=f"{name}-{title}-{figures.year}.xlsx",
        fallback=f"usage-{body.pk}-{figures.year}.xlsx",
    )


@login_required
def usage(request, pk: int):
    """A body's usage figures (使用统计) for a year: hours and places booked by unit,
    no-shows — for its secretariat and supervising department."""
    body = body_detail(actor=request.user, pk=pk)
    if not can_read_usage(request.user, body):
        raise PermissionDenied(_("只有秘书处和主管部门可以查看使用统计"))
    this_year = timezone.localdate().year
    value = request.GET.get("year", "")
    year = int(value) if ascii_digits(value) and 1990 <= int(value) <= 2200 else this_year
    figures = selectors.resource_usage(body=body, year=year)
    if wants_export(request):
        return _usage_xlsx(body, figures)
    context = {
        "title": _("共享资源使用统计"),
        "crumbs": [
            (body.short_name or body.name, reverse("registry:body_detail", args=[pk])),
            (RESOURCES, reverse("sharing:resource_list") + f"?body={pk}"),
        ],
        "body": body,
        "year": year,
        "years": list(range(this_year + 1, this_year - 6, -1)),
        "usage": figures,
        "by_kind": [
            (label, n, hours, _form_count(hours)) for _k, label, n, hours in figures.by_kind
        ],
        "stats": [
            (pgettext("list", "共享资源"), figures.resources, "box-seam"),
            (_("预约（已批准）"), figures.total.bookings, "calendar-check"),
            (_("预约时长（小时）"), f"{figures.total.hours:g}", "clock"),
            (_("未到场"), figures.total.no_shows, "person-x"),
        ],
    }
    return render(request, "sharing/usage.html", context)
