"""Event pages (活动): list, detail, and recording an event with its roles, agenda, ceremonies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import (
    can_edit_event,
    contact_organization_ids,
    is_platform_admin,
    require,
    secretariat_body_ids,
)
from chanjiao.core.exceptions import Conflict
from chanjiao.core.validators import as_id
from chanjiao.core.views import (
    Parts,
    create_view,
    delete_page,
    edit_view,
    history_view,
    list_page,
    record_crumbs,
    render_form,
    run_service,
)
from chanjiao.core.words import sentences
from chanjiao.registry.selectors import editable_bodies, visible_bodies
from chanjiao.registry.services import organization_get_or_create

from . import forms, lists, selectors, services
from .models import AgendaItem, Ceremony, EventOrganization
from .permissions import can_delete_event
from .selectors_registration import (
    State,
    closes_at,
    registration_counts,
    registration_state,
    settings_of,
)

EVENTS = pgettext_lazy("list", "活动")


_crumbs = record_crumbs(
    EVENTS, "events:event_list", "events:event_detail", lambda event: event.name
)


def _editable_bodies(user, also=()):
    """Bodies the user may hold an event for (and ``also``: those already holding it)."""
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
    can_edit = can_edit_event(request.user, event)
    context = {
        "event": event,
        "title": event.name,
        "crumbs": _crumbs(),
        "holding_bodies": [b for b in event.bodies.all() if b.pk in visible_ids],
        "role_groups": role_groups,
        "can_edit": can_edit,
        "can_delete": can_edit and can_delete_event(request.user, event),
        **_registration_panel(request.user, event, can_edit),
    }
    return render(request, "events/event_detail.html", context)


def _registration_panel(user, event, organiser: bool) -> dict:
    """What the event page shows of registration (报名): its state and counts, the links the
    reader may follow, and the attendance from check-ins (签到) when the event takes
    registrations (else the attendance recorded on the event)."""
    settings = settings_of(event)
    if settings is None:
        return {"registration": None}
    counts = registration_counts(event)
    state = registration_state(settings)
    is_contact = bool(contact_organization_ids(user))
    return {
        "registration": settings,
        "registration_state": state,
        "registration_state_label": State.LABELS[state],
        "registration_closes_at": closes_at(settings),
        "registration_counts": counts,
        "places_left": counts.places_left(settings.capacity),
        "may_see_registrations": organiser or is_contact,
        "may_register": (organiser and state != State.ERASED)
        or (is_contact and state == State.OPEN),
    }


event_history = history_view(
    lambda request, pk: selectors.event_detail(actor=request.user, pk=pk),
    crumbs=_crumbs,
    detail="events:event_detail",
)


def _event_form(request, event=None):
    initial = {}
    if event is None and (body := as_id(request.GET.get("body"))):
        initial["bodies"] = [body]
    holders = set(event.bodies.values_list("pk", flat=True)) if event is not None else set()
    # A co-holding body the user may not see is kept, but neither shown nor named.
    seen = visible_bodies(request.user).filter(pk__in=holders).values_list("pk", flat=True)
    hidden = holders - set(seen)
    return forms.EventForm(
        request.POST or None,
        instance=event,
        bodies=_editable_bodies(request.user, also=holders - hidden),
        hidden_holders=hidden,
        user=request.user,
        initial=initial,
    )


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
def event_delete(request, pk: int):
    """Delete an event after a confirmation: an admin, or a secretariat running every body that
    holds it (403 saying why for a co-holder); while people are registered, back to the event
    saying how many."""
    event = selectors.event_detail(actor=request.user, pk=pk)
    back = reverse("events:event_detail", args=[pk])
    try:
        services.event_deletable(actor=request.user, event=event)
        if request.method == "POST":
            services.event_delete(actor=request.user, event=event)
            messages.success(request, _("已删除“%(obj)s”。") % {"obj": event})
            return redirect("events:event_list")
    except ValidationError as exc:
        messages.error(request, sentences(exc.messages))
        return redirect(back)
    except Conflict as exc:
        messages.error(request, str(exc))
        return redirect(back)
    return delete_page(request, event, delete=lambda: None, back=back, crumbs=_crumbs(event))


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


def _next_order(event) -> dict:
    return {"order": event.agenda_items.count() + 1}


_parts = Parts(_event_for_edit, crumbs=_crumbs, detail="events:event_detail")
_agenda = _parts.part(lambda event: event.agenda_items.all(), "agenda_item", "#agenda")
_ceremonies = _parts.part(lambda event: event.ceremonies.all(), "ceremony", "#ceremonies")

agenda_add = _agenda.add(
    form=lambda request, event: forms.AgendaItemForm(
        request.POST or None, instance=AgendaItem(event=event), initial=_next_order(event)
    ),
    create=services.agenda_item_create,
    message=gettext_lazy("已添加议程。"),
    title=gettext_lazy("添加议程"),
)
agenda_edit = _agenda.edit(
    form=lambda request, event, item: forms.AgendaItemForm(request.POST or None, instance=item),
    update=services.agenda_item_update,
    title=gettext_lazy("编辑议程"),
)
agenda_remove = _agenda.remove(services.agenda_item_delete)

ceremony_add = _ceremonies.add(
    form=lambda request, event: forms.CeremonyForm(
        request.POST or None, instance=Ceremony(event=event)
    ),
    create=services.ceremony_create,
    message=gettext_lazy("已添加仪式。"),
    title=gettext_lazy("添加仪式"),
    form_intro=gettext_lazy(
        "仪式产生的协议和载体（如产业学院）在登记协议或载体时选择本仪式，即会显示在活动页面。"
    ),
)
ceremony_edit = _ceremonies.edit(
    form=lambda request, event, item: forms.CeremonyForm(request.POST or None, instance=item),
    update=services.ceremony_update,
    title=gettext_lazy("编辑仪式"),
)
ceremony_remove = _ceremonies.remove(services.ceremony_delete)

participation_remove = _parts.part(
    lambda event: event.participations.all(), "participation", "#roles"
).remove(services.event_organization_remove)
