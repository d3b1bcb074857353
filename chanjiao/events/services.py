"""Every write to events: the event, its organisations' roles, agenda items and ceremonies."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from chanjiao.accounts.permissions import (
    can_change_event_bodies,
    can_edit_event,
    can_hold_event,
    require,
)
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.core.exceptions import Conflict
from chanjiao.registry.models import Body, Organization, Person

from .models import (
    AgendaItem,
    Ceremony,
    Event,
    EventOrganization,
    Registration,
    RegistrationSettings,
)
from .permissions import can_delete_event
from .registration_mail import CHANGED, mail_later

_DENIED = _lazy("只有主办产教融合体的秘书处或平台管理员可以修改此活动")


_HOLDERS_DENIED = _lazy(
    "秘书处只能将自己负责的产教融合体列为主办方；与其他产教融合体联合主办须由平台管理员登记"
)

_CO_HELD = _lazy(
    "此活动与其他产教融合体联合主办，秘书处不能删除；如不再主办，请编辑活动，"
    "在主办方中取消勾选您负责的产教融合体"
)

#: The facts of an event its registrants are told of by mail when they change.
NOTIFIED_FIELDS = ("starts_on", "ends_on", "city", "venue")


def _require_event(actor: Actor, event: Event, body_ids=None) -> None:
    require(can_edit_event(actor, event, body_ids), _DENIED)


# A part of an event (its agenda items, ceremonies) is written by whoever may edit the event,
# and its change is logged under the event.


def _part_create(model, actor: Actor, fields: dict):
    _require_event(actor, fields["event"])
    return create_object(model, actor=actor, data=fields, related=fields["event"])


def _part_update(part, actor: Actor, data: dict):
    _require_event(actor, part.event)
    return update_object(part, actor=actor, data=data, related=part.event)


def _part_delete(part, actor: Actor) -> None:
    _require_event(actor, part.event)
    delete_object(part, actor=actor, related=part.event)


def event_create(
    *,
    actor: Actor,
    name: str,
    bodies: Iterable[Body | int] = (),
    kind: str = Event.Kind.CONFERENCE,
    theme: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    venue: str = "",
    city: str = "",
    attendance: int | None = None,
    attendance_approx: bool = False,
    description: str = "",
    source_url: str = "",
    is_published: bool = True,
) -> Event:
    """Record an event held by one or several bodies (a secretariat must run all of them)."""
    fields = given(locals(), "bodies")
    bodies = list(bodies)
    body_ids = [getattr(b, "pk", b) for b in bodies]
    if not body_ids and not (actor and actor.is_authenticated and actor.is_superuser):
        raise ValidationError({"bodies": [_("请至少选择一个主办的产教融合体")]})
    require(can_hold_event(actor, body_ids), _HOLDERS_DENIED)
    return create_object(Event, actor=actor, data={**fields, "bodies": body_ids})


def event_update(*, actor: Actor, event: Event, data: dict, site: str = "") -> Event:
    """Change an event; a secretariat may add or remove only holding bodies it runs. When its
    dates, city or venue change, everyone registered (not cancelled) is told by mail."""
    _require_event(actor, event)
    if "bodies" in data:
        new_ids = [getattr(b, "pk", b) for b in data["bodies"] or []]
        old_ids = event.bodies.values_list("pk", flat=True)
        require(can_change_event_bodies(actor, old_ids, new_ids), _HOLDERS_DENIED)
    with transaction.atomic():
        before = Event.objects.select_for_update().filter(pk=event.pk).values(*NOTIFIED_FIELDS)
        before = before.first() or {}
        saved = update_object(event, actor=actor, data=data)
        if before and any(before[f] != getattr(saved, f) for f in NOTIFIED_FIELDS):
            _tell_registrants(saved, site)
        return saved


def _tell_registrants(event: Event, site: str) -> None:
    """Queue the "details changed" mail to each active registration (on commit)."""
    for registration in Registration.objects.filter(event=event, status__in=Registration.ACTIVE):
        registration.event = event
        mail_later(registration, CHANGED, site)


def active_registrations(event: Event) -> int:
    """How many registrations of the event hold or wait for a place (not cancelled)."""
    return Registration.objects.filter(event=event, status__in=Registration.ACTIVE).count()


def event_deletable(*, actor: Actor, event: Event) -> None:
    """Raise why ``actor`` may not delete ``event`` now: not theirs (PermissionDenied), held
    with other bodies (PermissionDenied), or people are registered (Conflict)."""
    _require_event(actor, event)
    require(can_delete_event(actor, event), _CO_HELD)
    registered = active_registrations(event)
    if registered:
        raise Conflict(
            ngettext(
                "此活动有 %(n)d 条有效报名，不能删除；请先截止报名并取消这些报名",
                "此活动有 %(n)d 条有效报名，不能删除；请先截止报名并取消这些报名",
                registered,
            )
            % {"n": registered}
        )


def event_delete(*, actor: Actor, event: Event) -> None:
    """Delete an event with its agenda and ceremonies: an admin, or a secretariat running
    every body that holds it; refused while people are registered for it."""
    with transaction.atomic():
        # The registration lock: nobody registers between the count and the delete.
        RegistrationSettings.objects.select_for_update().filter(event_id=event.pk).first()
        event_deletable(actor=actor, event=event)
        delete_object(event, actor=actor)


def event_organization_add(
    *, actor: Actor, event: Event, organization, role: str
) -> EventOrganization:
    """Give an organisation a role in an event (指导, 主办, 承办, 协办 …)."""
    _require_event(actor, event)
    return create_object(
        EventOrganization,
        actor=actor,
        data={"event": event, "organization": organization, "role": role},
        related=event,
    )


def event_organization_remove(*, actor: Actor, participation: EventOrganization) -> None:
    _part_delete(participation, actor)


def agenda_item_create(
    *,
    actor: Actor,
    event: Event,
    kind: str = AgendaItem.Kind.SPEECH,
    title: str = "",
    order: int = 0,
    speaker: Person | None = None,
    speaker_title: str = "",
    speaker_organization: Organization | None = None,
) -> AgendaItem:
    """Add a speech, keynote or report to an event's agenda, with the speaker's title then."""
    return _part_create(AgendaItem, actor, given(locals()))


def agenda_item_update(*, actor: Actor, agenda_item: AgendaItem, data: dict) -> AgendaItem:
    return _part_update(agenda_item, actor, data)


def agenda_item_delete(*, actor: Actor, agenda_item: AgendaItem) -> None:
    _part_delete(agenda_item, actor)


def ceremony_create(
    *,
    actor: Actor,
    event: Event,
    kind: str,
    name: str,
    description: str = "",
    recipients: Iterable[Organization] = (),
) -> Ceremony:
    """Record a ceremony (signing, unveiling, plaque awarding …) held at an event."""
    return _part_create(Ceremony, actor, given(locals()))


def ceremony_update(*, actor: Actor, ceremony: Ceremony, data: dict) -> Ceremony:
    return _part_update(ceremony, actor, data)


def ceremony_delete(*, actor: Actor, ceremony: Ceremony) -> None:
    _part_delete(ceremony, actor)
