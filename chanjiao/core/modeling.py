"""What model declarations write again and again, written once: a link to another record
(required or optional), two dates that must come in order, a uniqueness rule with the message a
user reads.

Each returns the plain Django field or constraint, so migrations see exactly what they saw when
the declarations were spelled out (no migration comes from using them).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q


def link(
    to: Any,
    verbose_name: Any,
    *,
    related_name: str,
    on_delete: Any = models.CASCADE,
    one_to_one: bool = False,
    **options: Any,
) -> models.ForeignKey:
    """A link that must be set; the row goes with the record it belongs to (a body's meeting,
    a motion's vote) unless ``on_delete`` says otherwise (``PROTECT`` for a unit or a person a
    row names: they are never deleted from under it)."""
    field = models.OneToOneField if one_to_one else models.ForeignKey
    return field(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **options
    )


def optional_link(to: Any, verbose_name: Any, **options: Any) -> models.ForeignKey:
    """A link that may be empty (null in the database, optional in forms); cleared when the
    linked record is deleted unless ``on_delete`` says otherwise. Takes what ``link`` takes."""
    options.setdefault("on_delete", models.SET_NULL)
    return link(to, verbose_name, null=True, blank=True, **options)


def dates_in_order(start: str, end: str, name: str, message: Any) -> models.CheckConstraint:
    """``end`` is not before ``start`` when both are known (a term, a membership, a posting)."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True})
        | Q(**{f"{start}__isnull": True})
        | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


def unique(
    fields: tuple[str, ...], name: str, message: Any, *, condition: Q | None = None
) -> models.UniqueConstraint:
    """No two rows share ``fields`` (among those matching ``condition``); ``message`` is what
    the user reads when a write would break the rule."""
    return models.UniqueConstraint(
        fields=list(fields), condition=condition, name=name, violation_error_message=message
    )
