"""Registration pages (报名): the organisers' settings, the register form, the registrations
with their statuses and actions, the ticket page, the check-in page (签到; scan or type the
code), badges as a PDF, the attendee list as .xlsx and erasing personal data after the event."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chanjiao.accounts.permissions import contact_organization_ids, require
from chanjiao.core.exceptions import Conflict
from chanjiao.core.listing import download_response, xlsx_response
from chanjiao.core.views import add_service_error, paginate, render_form
from chanjiao.core.words import sentences
from chanjiao.registry.models import Organization

from . import services_registration as services
from .badges import badges_pdf, qr_svg
from .exports import attendees_to_xlsx
from .forms_registration import CheckInForm, RegistrationForm, RegistrationSettingsForm
from .lists import REGISTRATION_FILTERS
from .models import Event, Registration, RegistrationSettings
from .selectors import visible_events
from .selectors_registration import (
    State,
    may_organise,
    may_register,
    registration_counts,
    registration_for_code,
    registration_list,
    registration_state,
    settings_of,
    waitlist_positions,
)

EVENTS = pgettext_lazy("list", "活动")
REGISTRATIONS = gettext_lazy("报名名单")


def _event(request, pk: int) -> Event:
    return get_object_or_404(visible_events(request.user), pk=pk)


def _crumbs(event: Event, *more) -> list[tuple]:
    return [
        (EVENTS, reverse("events:event_list")),
        (event.name, reverse("events:event_detail", args=[event.pk])),
        *more,
    ]


def _list_url(event: Event) -> str:
    return reverse("events:registration_list", args=[event.pk])


def _organised(request, pk: int) -> Event:
    event = _event(request, pk)
    require(may_organise(request.user, event), services.ORGANISERS_ONLY)
    return event


def _with_settings(event: Event) -> RegistrationSettings:
    settings = settings_of(event)
    if settings is None:
        raise Http404(_("此活动未开放报名"))
    return settings


def _site(request) -> str:
    return request.build_absolute_uri("/")


STATUS_MESSAGES = {
    Registration.Status.CONFIRMED: gettext_lazy("已为 %(name)s 报名，名额已确认。"),
    Registration.Status.WAITLISTED: gettext_lazy(
        "名额已满，%(name)s 已进入候补；有人取消时按先后递补并邮件通知。"
    ),
    Registration.Status.PENDING: gettext_lazy("已为 %(name)s 报名，等待主办方审核。"),
}


# --- the organisers' settings -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def registration_settings(request, pk: int):
    """报名设置: open the event for registration, or change its settings (the organisers)."""
    event = _organised(request, pk)
    current = settings_of(event)
    # The form validates into its own copy: the service must see what is stored.
    instance = (
        RegistrationSettings.objects.get(pk=current.pk)
        if current
        else RegistrationSettings(event=event)
    )
    form = RegistrationSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_settings_set(
                actor=request.user, event=event, site=_site(request), **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存报名设置。"))
            return redirect(_list_url(event))
    return render_form(
        request,
        form,
        title=_("报名设置"),
        crumbs=_crumbs(event),
        cancel_url=_list_url(event) if current else reverse("events:event_detail", args=[pk]),
        form_intro=_(
            "报名由单位联系人为本单位人员填写，主办方也可为任何人报名。报满后新报名进入候补，"
            "有人取消时按先后递补并邮件通知。"
        ),
    )


# --- registering --------------------------------------------------------------------------------


def _units(user, organiser: bool):
    if organiser:
        return Organization.objects.order_by("name")
    return Organization.objects.filter(pk__in=contact_organization_ids(user)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def register(request, pk: int):
    """报名: a unit's contact registers its own people; the organisers anyone."""
    event = _event(request, pk)
    settings = _with_settings(event)
    user = request.user
    require(may_register(user, event), services.REGISTER_DENIED)
    organiser = may_organise(user, event)
    units = _units(user, organiser)
    form = RegistrationForm(
        request.POST or None, settings=settings, units=units, organiser=organiser
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        try:
            registration = services.registration_create(
                actor=user, event=event, site=_site(request), **data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, STATUS_MESSAGES[registration.status] % {"name": registration.name}
            )
            if "add_another" in request.POST:
                return redirect("events:register", pk=event.pk)
            return redirect(_list_url(event))
    state = registration_state(settings)
    counts = registration_counts(event)
    return render(
        request,
        "events/registration_form.html",
        {
            "form": form,
            "event": event,
            "settings": settings,
            "state": state,
            "state_label": State.LABELS[state],
            "is_open": state == State.OPEN or (organiser and state != State.ERASED),
            "organiser": organiser,
            "counts": counts,
            "places_left": counts.places_left(settings.capacity),
            "title": _("报名"),
            "submit_label": _("提交报名"),
            "crumbs": _crumbs(event),
            "cancel_url": _list_url(event),
        },
    )


# --- the registrations ----------------------------------------------------------------------------


@login_required
def registration_list_page(request, pk: int):
    """报名名单: every registration for the organisers, its own for a unit's contact, with the
    statuses and what may be done with each."""
    event = _event(request, pk)
    user = request.user
    organiser = may_organise(user, event)
    if not organiser and not contact_organization_ids(user):
        raise PermissionDenied(_("只有活动主办方和单位联系人可以查看报名名单"))
    settings = settings_of(event)
    if settings is None:
        if organiser:
            return redirect("events:registration_settings", pk=event.pk)
        raise Http404(_("此活动未开放报名"))
    units = Organization.objects.filter(event_registrations__event=event).distinct()
    if not organiser:
        units = units.filter(pk__in=contact_organization_ids(user))
    filter_form = REGISTRATION_FILTERS.form(
        request.GET, choices={"organization": units.order_by("name")}
    )
    rows = registration_list(actor=user, event=event, **filter_form.filters())
    page = paginate(request, rows, per_page=50)
    positions = waitlist_positions(event)
    for row in page.object_list:
        row.position = positions.get(row.pk)
    counts = registration_counts(event)
    state = registration_state(settings)
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    response = render(
        request,
        "events/_registration_table.html" if partial else "events/registration_list.html",
        {
            "event": event,
            "settings": settings,
            "state": state,
            "state_label": State.LABELS[state],
            "organiser": organiser,
            "counts": counts,
            "places_left": counts.places_left(settings.capacity),
            "filter_form": filter_form,
            "page_obj": page,
            "can_register": state == State.OPEN or (organiser and state != State.ERASED),
            "can_erase": organiser
            and services.event_is_over(event)
            and settings.personal_data_erased_at is None,
            "title": REGISTRATIONS,
            "crumbs": _crumbs(event),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


def _act(request, pk: int, rpk: int, action, done: str):
    """Run a registration action from the list; say what happened, or why not."""
    event = _event(request, pk)
    registration = get_object_or_404(registration_list(actor=request.user, event=event), pk=rpk)
    try:
        saved = action(registration)
    except (ValidationError, Conflict) as exc:
        messages.error(request, sentences(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, done % {"name": saved.name, "status": saved.get_status_display()})
    return redirect(_list_url(event) + f"#registration-{rpk}")


def _registration_action(service, done):
    """A list action on one registration: ``service(actor, registration, site)``."""

    @login_required
    @require_POST
    def view(request, pk: int, rpk: int):
        return _act(
            request,
            pk,
            rpk,
            lambda r: service(actor=request.user, registration=r, site=_site(request)),
            str(done),
        )

    return view


registration_cancel = _registration_action(
    services.registration_cancel, gettext_lazy("已取消 %(name)s 的报名；如有候补，已按先后递补。")
)
registration_approve = _registration_action(
    services.registration_approve, gettext_lazy("已审核通过 %(name)s 的报名（%(status)s）。")
)
registration_decline = _registration_action(
    services.registration_decline, gettext_lazy("已将 %(name)s 的报名标为未通过。")
)


# --- tickets and check-in ------------------------------------------------------------------------


def ticket(request, code: str):
    """电子票: the person's ticket with its QR code, for whoever holds the link (the code is
    unguessable: 128 random bits). No sign-in needed."""
    registration = registration_for_code(code)
    if registration is None:
        raise Http404
    confirmed = registration.status == Registration.Status.CONFIRMED
    return render(
        request,
        "events/ticket.html",
        {
            "registration": registration,
            "event": registration.event,
            "qr": qr_svg(registration.ticket_code) if confirmed else None,
            "position": waitlist_positions(registration.event).get(registration.pk),
            "title": _("电子票"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk: int):
    """签到: the organisers scan a ticket's QR code with the phone's camera, or type its code.
    A ticket checked in twice says so and counts once."""
    event = _organised(request, pk)
    _with_settings(event)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = _check_in(request, event, form.cleaned_data["code"])
    context = {
        "event": event,
        "form": CheckInForm() if result else form,
        "result": result,
        "counts": registration_counts(event),
        "recent": Registration.objects.filter(event=event, checked_in_at__isnull=False)
        .select_related("organization")
        .order_by("-checked_in_at")[:8],
        "title": _("签到"),
        "crumbs": _crumbs(event),
    }
    htmx = getattr(request, "htmx", None)
    template = "events/_check_in_result.html" if htmx else "events/check_in.html"
    return render(request, template, context)


def _check_in(request, event: Event, code: str) -> dict:
    registration = registration_for_code(code)
    if registration is None or registration.event_id != event.pk:
        other = registration is not None
        return {
            "kind": "unknown",
            "message": _("这张票不属于本活动")
            if other
            else _("没有这个票号：%(code)s") % {"code": code},
        }
    try:
        saved = services.registration_check_in(actor=request.user, registration=registration)
    except services.AlreadyCheckedIn as exc:
        return {"kind": "again", "message": str(exc), "registration": exc.registration}
    except Conflict as exc:
        return {"kind": "refused", "message": str(exc), "registration": registration}
    return {"kind": "ok", "message": _("签到成功"), "registration": saved}


# --- badges, the attendee list, erasure -------------------------------------------------------------


def _confirmed(event: Event):
    return list(
        Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        .select_related("organization")
        .order_by("organization__name", "name", "pk")
    )


@login_required
def badges(request, pk: int):
    """参会证: the confirmed registrants' badges (name, unit, QR code) as a PDF to print."""
    event = _organised(request, pk)
    _with_settings(event)
    return download_response(
        badges_pdf(event, _confirmed(event)),
        content_type="application/pdf",
        filename=_("%(event)s-参会证.pdf") % {"event": event.name},
        fallback=f"event-{event.pk}-badges.pdf",
    )


@login_required
def attendee_export(request, pk: int):
    """报名名单 as .xlsx (the organisers)."""
    event = _organised(request, pk)
    _with_settings(event)
    rows = registration_list(actor=request.user, event=event)
    return xlsx_response(
        attendees_to_xlsx(event, rows),
        filename=_("%(event)s-报名名单.xlsx") % {"event": event.name},
        fallback=f"event-{event.pk}-registrations.xlsx",
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_erase(request, pk: int):
    """Erase the registrants' personal data after the event (the organisers), once confirmed."""
    event = _organised(request, pk)
    settings = _with_settings(event)
    if request.method == "POST":
        try:
            n = services.registration_personal_data_erase(actor=request.user, event=event)
        except (ValidationError, Conflict) as exc:
            messages.error(request, sentences(getattr(exc, "messages", [str(exc)])))
        else:
            erased = ngettext(
                "已删除 %(n)d 条报名中的个人信息。", "已删除 %(n)d 条报名中的个人信息。", n
            )
            messages.success(request, erased % {"n": n})
        return redirect(_list_url(event))
    return render(
        request,
        "events/registration_erase.html",
        {
            "event": event,
            "settings": settings,
            "over": services.event_is_over(event),
            "counts": registration_counts(event),
            "title": _("删除报名人个人信息"),
            "crumbs": _crumbs(event, (REGISTRATIONS, _list_url(event))),
            "cancel_url": _list_url(event),
        },
    )
