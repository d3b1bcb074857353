"""Event pages (活动): list, detail, and recording an event with its roles, agenda, ceremonies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_event,
    is_platform_admin,
    require,
    secretariat_body_ids,
)
from chanjiao.core.views import (
    create_view,
    edit_view,
    form_page,
    history_view,
    list_page,
    render_form,
    run_service,
)
from chanjiao.registry.selectors import editable_bodies, visible_bodies
from chanjiao.registry.services import organization_get_or_create

from . import forms, lists, selectors, services
from .models import AgendaItem, Ceremony, EventOrganization

EVENTS = gettext_lazy("活动")


def _crumbs(event=None):
    crumbs = [(EVENTS, reverse("events:event_list"))]
    if event is not None:
        crumbs.append((event.name, reverse("events:event_detail", args=[event.pk])))
    return crumbs


def _editable_bodies(user, event=None):
    """Bodies the user may hold an event for (and those already holding ``event``)."""
    also = event.bodies.values_list("pk", flat=True) if event is not None else []
    return editable_bodies(actor=user, also=also)


def _event_for_edit(request, pk):
    event = selectors.event_detail(actor=request.user, pk=pk)
    require(can_edit_event(request.user, event))
    return event


def event_list(request):
    """活动列表 with search and filters (type, body, year)."""
    bodies = visible_bodies(request.user).order_by("name")
    form = lists.EVENT_FILTERS.form(request.GET, choices={"body": bodies})
    # Co-holding bodies the visitor may not see are left out of the list and its export.
    visible_body_ids = set(bodies.values_list("pk", flat=True))
    return list_page(
        request,
        template="events/event_list.html",
        partial="events/_event_table.html",
        filter_form=form,
        queryset=selectors.event_list(actor=request.user, **form.filters()),
        spec=lists.event_list_spec(visible_body_ids),
        extra={
            "title": EVENTS,
            "visible_body_ids": visible_body_ids,
            "can_create": is_platform_admin(request.user)
            or bool(secretariat_body_ids(request.user)),
        },
    )


def event_detail(request, pk: int):
    """One event: who held it, the units' roles, the agenda, the ceremonies and their outcomes."""
    event = selectors.event_detail(actor=request.user, pk=pk)
    by_role: dict[str, list[EventOrganization]] = {}
    for participation in event.participations.all():
        by_role.setdefault(participation.role, []).append(participation)
    role_groups = [
        (role, label, by_role[role])
        for role, label in EventOrganization.Role.choices
        if role in by_role
    ]
    # An unpublished co-holding body stays hidden from visitors.
    visible_ids = set(
        visible_bodies(request.user).filter(events=event).values_list("pk", flat=True)
    )
    context = {
        "event": event,
        "title": event.name,
        "crumbs": _crumbs(),
        "holding_bodies": [b for b in event.bodies.all() if b.pk in visible_ids],
        "role_groups": role_groups,
        "can_edit": can_edit_event(request.user, event),
    }
    return render(request, "events/event_detail.html", context)


event_history = history_view(
    lambda request, pk: selectors.event_detail(actor=request.user, pk=pk),
    crumbs=_crumbs,
    detail="events:event_detail",
)


def _event_form(request, event=None):
    initial = {}
    if event is None and request.GET.get("body", "").isdigit():
        initial["bodies"] = [int(request.GET["body"])]
    bodies = _editable_bodies(request.user, event)
    return forms.EventForm(request.POST or None, instance=event, bodies=bodies, initial=initial)


event_create = create_view(
    allowed=lambda user: is_platform_admin(user) or _editable_bodies(user).exists(),
    denied=gettext_lazy("只有秘书处或平台管理员可以记录活动"),
    form=_event_form,
    create=services.event_create,
    message=gettext_lazy("已记录活动，可继续添加参与单位、议程和仪式。"),
    detail="events:event_detail",
    title=gettext_lazy("记录活动"),
    crumbs=_crumbs,
    cancel="events:event_list",
)


event_edit = edit_view(
    _event_for_edit,
    form=_event_form,
    update=services.event_update,
    detail="events:event_detail",
    title=gettext_lazy("编辑活动"),
    crumbs=_crumbs,
)


@login_required
def participation_add(request, pk: int):
    """Give a unit a role in the event (指导, 主办, 承办, 协办 …); a new unit is registered."""
    event = _event_for_edit(request, pk)
    form = forms.EventOrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add():
            with transaction.atomic():
                org = data["organization"]
                if org is None:
                    org, _created = organization_get_or_create(
                        actor=request.user,
                        name=data["new_name"],
                        defaults={"kind": data["new_kind"]},
                    )
                return services.event_organization_add(
                    actor=request.user, event=event, organization=org, role=data["role"]
                )

        if run_service(form, add):
            messages.success(request, _("已添加参与单位。"))
            if "add_another" in request.POST:
                return redirect("events:participation_add", pk=event.pk)
            return redirect(reverse("events:event_detail", args=[pk]) + "#roles")
    return render_form(
        request,
        form,
        title=_("添加参与单位"),
        crumbs=_crumbs(event),
        cancel_url=reverse("events:event_detail", args=[pk]),
        template="registry/member_form.html",
        body=None,
    )


@login_required
def agenda_add(request, pk: int):
    """Add a speech, keynote or report with the speaker's title at the time."""
    event = _event_for_edit(request, pk)
    next_order = (event.agenda_items.all().count() or 0) + 1
    form = forms.AgendaItemForm(
        request.POST or None, instance=AgendaItem(event=event), initial={"order": next_order}
    )
    return form_page(
        request,
        form,
        save=lambda: services.agenda_item_create(
            actor=request.user, event=event, **form.cleaned_data
        ),
        message=_("已添加议程。"),
        done=lambda _saved: redirect(reverse("events:event_detail", args=[pk]) + "#agenda"),
        title=_("添加议程"),
        crumbs=_crumbs(event),
        cancel_url=reverse("events:event_detail", args=[pk]),
    )


@login_required
def ceremony_add(request, pk: int):
    """Record a ceremony (signing, unveiling, plaque awarding …) held at the event."""
    event = _event_for_edit(request, pk)
    form = forms.CeremonyForm(request.POST or None, instance=Ceremony(event=event))
    return form_page(
        request,
        form,
        save=lambda: services.ceremony_create(actor=request.user, event=event, **form.cleaned_data),
        message=_("已添加仪式。"),
        done=lambda _saved: redirect(reverse("events:event_detail", args=[pk]) + "#ceremonies"),
        title=_("添加仪式"),
        crumbs=_crumbs(event),
        cancel_url=reverse("events:event_detail", args=[pk]),
        form_intro=_(
            "仪式产生的协议和载体（如产业学院）在登记协议或载体时选择本仪式，即会显示在活动页面。"
        ),
    )


def _confirm_delete(request, event, obj, delete, anchor):
    """Confirm, then delete one row that belongs to the event."""
    back = reverse("events:event_detail", args=[event.pk]) + anchor
    if request.method == "POST":
        delete()
        messages.success(request, _("已删除“%(obj)s”。") % {"obj": obj})
        return redirect(back)
    return render(
        request,
        "core/confirm_delete.html",
        {"object": obj, "cancel_url": back, "crumbs": _crumbs(event)},
    )


@login_required
def participation_remove(request, pk: int, ppk: int):
    event = _event_for_edit(request, pk)
    participation = get_object_or_404(EventOrganization, pk=ppk, event=event)
    return _confirm_delete(
        request,
        event,
        participation,
        lambda: services.event_organization_remove(actor=request.user, participation=participation),
        "#roles",
    )


@login_required
def agenda_remove(request, pk: int, ipk: int):
    event = _event_for_edit(request, pk)
    item = get_object_or_404(AgendaItem, pk=ipk, event=event)
    return _confirm_delete(
        request,
        event,
        item,
        lambda: services.agenda_item_delete(actor=request.user, agenda_item=item),
        "#agenda",
    )


@login_required
def ceremony_remove(request, pk: int, cpk: int):
    event = _event_for_edit(request, pk)
    ceremony = get_object_or_404(Ceremony, pk=cpk, event=event)
    return _confirm_delete(
        request,
        event,
        ceremony,
        lambda: services.ceremony_delete(actor=request.user, ceremony=ceremony),
        "#ceremonies",
    )
