"""The stored "publicly visible" flag of events (``Event.is_public``), kept in step.

An event is public when it is published and held by at least one published body, or by no
body (see :func:`visible_event_q`, the read rule of events). Deciding that per row in
every list costs a join over every event (≈ 200 ms at 200,000 events); stored, the public list
is an index scan that stops after one page.

The flag is recomputed in the database, by one UPDATE, whenever something it depends on may
have changed: an event saved, its holders added, removed or cleared (from either side), a body
saved (published or unpublished) or deleted. Signals rather than calls in the services, so
that no writer (services, admin, fixtures, tests that build rows directly) can leave a stale
flag behind — a stale ``True`` would show an unpublished body's event to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from chanjiao.accounts.permissions import is_platform_admin, role_body_ids


def visible_event_q(user) -> Q:
    """Events the user may read: a published event held by a published body (or by no body),
    and every event of a body the user holds a role in. Admins: all.

    An event's own "public" flag never makes an unpublished body's event public.

    The first half is stored on the event as ``is_public`` (kept by :func:`sync_public`),
    so that the public list reads an index instead of joining every event to its holders.
    """
    if is_platform_admin(user):
        return Q()
    from .models import Event

    body_ids = role_body_ids(user)
    if not body_ids:
        return Q(is_public=True)
    own = Event.bodies.through.objects.filter(body_id__in=body_ids).values("event_id")
    return Q(is_public=True) | Q(pk__in=own)


def public_expression(event_model, through_model) -> ExpressionWrapper:
    """``is_published AND (no holder OR a published holder)`` for the event in the outer row."""
    holders = through_model.objects.filter(event_id=OuterRef("pk"))
    return ExpressionWrapper(
        Q(is_published=True) & (~Exists(holders) | Exists(holders.filter(body__is_published=True))),
        output_field=BooleanField(),
    )


def sync_public(*, event_ids: Iterable[int] | None = None, body_id: int | None = None) -> None:
    """Recompute ``is_public`` for the given events, or for every event of ``body_id``."""
    from .models import Event

    through = Event.bodies.through
    if body_id is not None:
        qs = Event.objects.filter(pk__in=through.objects.filter(body_id=body_id).values("event_id"))
    else:
        ids = [pk for pk in (event_ids or ()) if pk is not None]
        if not ids:
            return
        qs = Event.objects.filter(pk__in=ids)
    qs.update(is_public=public_expression(Event, through))


def _event_saved(sender, instance, **kwargs) -> None:
    sync_public(event_ids=[instance.pk])


def _holders_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not reverse:  # event.bodies.add/remove/set/clear
        if action in ("post_add", "post_remove", "post_clear"):
            sync_public(event_ids=[instance.pk])
        return
    # body.events.add/remove/clear: the events are in pk_set, or (clear) read before.
    if action == "pre_clear":
        instance._cj_cleared_events = list(
            sender.objects.filter(body_id=instance.pk).values_list("event_id", flat=True)
        )
    elif action in ("post_add", "post_remove"):
        sync_public(event_ids=pk_set)
    elif action == "post_clear":
        sync_public(event_ids=getattr(instance, "_cj_cleared_events", ()))


def _body_saved(sender, instance, created, **kwargs) -> None:
    if not created:  # a new body holds no event yet
        sync_public(body_id=instance.pk)


def _body_deleting(sender, instance, **kwargs) -> None:
    from .models import Event

    instance._cj_held_events = list(
        Event.bodies.through.objects.filter(body_id=instance.pk).values_list("event_id", flat=True)
    )


def _body_deleted(sender, instance, **kwargs) -> None:
    sync_public(event_ids=getattr(instance, "_cj_held_events", ()))


def connect() -> None:
    """Connect the receivers (from ``EventsConfig.ready``)."""
    from chanjiao.registry.models import Body

    from .models import Event

    uid = "chanjiao.events.visibility"
    post_save.connect(_event_saved, sender=Event, dispatch_uid=f"{uid}.event")
    m2m_changed.connect(_holders_changed, sender=Event.bodies.through, dispatch_uid=f"{uid}.m2m")
    post_save.connect(_body_saved, sender=Body, dispatch_uid=f"{uid}.body")
    pre_delete.connect(_body_deleting, sender=Body, dispatch_uid=f"{uid}.body_pre")
    post_delete.connect(_body_deleted, sender=Body, dispatch_uid=f"{uid}.body_post")
