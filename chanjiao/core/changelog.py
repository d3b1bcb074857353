"""Writing the change log and the generic write steps every service uses.

Every service writes through :func:`create_object`, :func:`update_object` or
:func:`delete_object`, so a write from the UI, the API, the CLI or a job is validated the same
way, runs in one transaction and leaves one :class:`~chanjiao.core.models.ObjectChange` row.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
import uuid
from collections.abc import Iterator
from typing import Any, TypeAlias, TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ObjectChange
from .words import listed

M = TypeVar("M", bound=models.Model)

#: ``actor_name`` of a change the platform itself made (no user): a marker, not a text for
#: readers (the history reads it as 系统 in the reader's language).
SYSTEM_ACTOR = "system"

#: Who writes: a user (whose rights the service checks and whose name the log keeps), or None
#: for the platform itself (the demo load, a command run without ``--user``).
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def given(arguments: dict[str, Any], *leave_out: str) -> dict[str, Any]:
    """A create service's keyword arguments as the new record's field values.

    Called first thing as ``given(locals())``, before the service defines a name of its own:
    the typed keyword parameters are the fields, ``actor`` (and what ``leave_out`` names) are
    not.
    """
    return {k: v for k, v in arguments.items() if k != "actor" and k not in leave_out}


_source: contextvars.ContextVar[str] = contextvars.ContextVar("change_source", default="ui")


@contextlib.contextmanager
def change_source(source: str) -> Iterator[None]:
    """Label every change written inside the block with where it came from (api, cli, …)."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The object's concrete field values as JSON-safe data (foreign keys as ids).

    Fields a model lists in ``CHANGELOG_DERIVED`` (copies kept for fast reads, e.g. an event's
    ``is_public``) are left out: nobody changes them, and a copy updated behind the object's
    back would read as a change nobody made.
    """
    data: dict[str, Any] = {}
    derived = getattr(obj, "CHANGELOG_DERIVED", ())
    for field in obj._meta.concrete_fields:
        if field.name in ("created_at", "updated_at") or field.name in derived:
            continue
        data[field.attname if field.is_relation else field.name] = _json_value(
            field.value_from_object(obj)
        )
    for field in obj._meta.many_to_many:
        if obj.pk is not None:
            data[field.name] = sorted(o.pk for o in field.value_from_object(obj))
    return data


def stored_repr(obj: models.Model) -> str:
    """``obj``'s name as the log keeps it: in the site's language (``LANGUAGE_CODE``), whoever
    writes. A name holds translated words (a membership's role, a seat's title), and the log
    outlives the object: the history names a deleted object by what it stored, so an English
    session must not store English for Chinese readers. Everything else in a row is a fact
    (field names, ids, choice values) that :mod:`chanjiao.core.history` words when it is read."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(obj)[:300]


def record_change(
    *,
    actor,
    action: str,
    obj: models.Model,
    before: dict | None,
    after: dict | None,
    related: models.Model | None = None,
) -> ObjectChange:
    """Append one row to the change log for ``obj`` (and show it on ``related``'s history)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return ObjectChange.objects.create(
        actor=user,
        actor_name=(user.get_username() if user else SYSTEM_ACTOR)[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        object_repr=stored_repr(obj),
        related_content_type=(
            ContentType.objects.get_for_model(related) if related is not None else None
        ),
        related_object_id=related.pk if related is not None else None,
        before=before,
        after=after,
        source=_source.get(),
    )


def _split_m2m(
    model: type[models.Model], data: dict[str, Any], m2m: dict[str, list] | None
) -> tuple[dict[str, Any], dict[str, list]]:
    """Separate many-to-many values (set after saving) from plain field values."""
    names = {f.name for f in model._meta.many_to_many}
    m2m = dict(m2m or {})
    plain = {}
    for key, value in data.items():
        if key in names:
            m2m[key] = list(value or [])
        else:
            plain[key] = value
    return plain, m2m


def _normalise_text(model: type[models.Model], data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with line breaks in text fields stored as ``\n``.

    Browsers submit a textarea's line breaks as ``\r\n`` (HTML's form encoding), and Windows
    clients often send them too: saving an unchanged form would otherwise store different bytes
    and log a change nobody made.
    """
    text_fields = {
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
    }
    return {
        key: (
            value.replace("\r\n", "\n").replace("\r", "\n")
            if key in text_fields and isinstance(value, str)
            else value
        )
        for key, value in data.items()
    }


def _integrity_to_validation(exc: IntegrityError) -> ValidationError:
    # The database constraint is the last line of defence (e.g. two concurrent writers);
    # report it as a validation error instead of a server error.
    from django.utils.translation import gettext

    return ValidationError(gettext("数据冲突，未保存：%(error)s") % {"error": exc})


def create_object(
    model: type[M],
    *,
    actor,
    data: dict[str, Any],
    m2m: dict[str, list] | None = None,
    related: models.Model | None = None,
) -> M:
    """Validate and insert one row, set its many-to-many fields, and log the creation."""
    data, m2m = _split_m2m(model, _normalise_text(model, data), m2m)
    obj = model(**data)
    obj.full_clean()
    try:
        with transaction.atomic():
            obj.save()
            for name, values in (m2m or {}).items():
                getattr(obj, name).set(values)
            record_change(
                actor=actor,
                action=ObjectChange.Action.CREATE,
                obj=obj,
                before=None,
                after=snapshot(obj),
                related=related,
            )
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc
    return obj


def update_object(
    obj: M,
    *,
    actor,
    data: dict[str, Any],
    m2m: dict[str, list] | None = None,
    related: models.Model | None = None,
) -> M:
    """Validate and apply a partial update, and log the fields before and after.

    Writes nothing when nothing changed: the row is not saved, so its version (``updated_at``,
    the API's ETag) stays the one its readers hold, and nothing is logged.
    """
    data, m2m = _split_m2m(type(obj), _normalise_text(type(obj), data), m2m)
    try:
        with transaction.atomic():
            # Lock the row so two concurrent updates cannot interleave their snapshots.
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            before = snapshot(locked)
            # The change is applied to the row as it is now, not as the caller read it: a field
            # a concurrent write changed since (a colleague's notes) is not put back, and an
            # object read through chanjiao.accounts.privacy.redacted (personal fields blanked for
            # this reader) writes what is stored, never the blanks.
            for f in type(obj)._meta.concrete_fields:
                if f.name not in data and f.attname not in data:
                    setattr(obj, f.attname, getattr(locked, f.attname))
            for name, value in data.items():
                setattr(obj, name, value)
            obj.full_clean()
            if _unchanged(obj, locked, before, m2m):
                return obj
            obj.save()
            for name, values in (m2m or {}).items():
                getattr(obj, name).set(values)
            after = snapshot(obj)
            if after != before:
                change = record_change(
                    actor=actor,
                    action=ObjectChange.Action.UPDATE,
                    obj=obj,
                    before=before,
                    after=after,
                    related=related,
                )
                if version := getattr(obj, "updated_at", None):
                    # The change is dated by the version it made, not the moment after: a
                    # reader holding that version is not told of it as a later change
                    # (chanjiao.core.versions.changed_since).
                    ObjectChange.objects.filter(pk=change.pk).update(time=version)
                    change.time = version
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc
    return obj


def _unchanged(
    obj: models.Model, locked: models.Model, before: dict[str, Any], m2m: dict[str, list]
) -> bool:
    """Whether ``obj``, as the update would save it (``m2m`` set after), holds what ``locked``
    (whose snapshot is ``before``) holds: the same logged values, the same derived copies, the
    same many-to-many rows, and no new file to store."""
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        if isinstance(value, FieldFile) and not value._committed:
            return False
    derived = getattr(obj, "CHANGELOG_DERIVED", ())
    if any(
        getattr(obj, f.attname) != getattr(locked, f.attname)
        for f in obj._meta.concrete_fields
        if f.name in derived
    ):
        return False
    pending = snapshot(obj)  # its many-to-many rows as stored: replaced by what is set
    for name, values in m2m.items():
        pending[name] = _json_value(sorted(getattr(v, "pk", v) for v in values))
    return pending == before


def delete_object(obj: models.Model, *, actor, related: models.Model | None = None) -> None:
    """Delete one row and log what it held."""
    try:
        with transaction.atomic():
            if getattr(obj, "_cj_redacted_fields", None):  # log what is stored, not the blanks
                obj = type(obj)._default_manager.get(pk=obj.pk)
            before = snapshot(obj)
            pk = obj.pk
            record_change(
                actor=actor,
                action=ObjectChange.Action.DELETE,
                obj=obj,
                before=before,
                after=None,
                related=related,
            )
            obj.delete()
            obj.pk = pk
    except models.ProtectedError as exc:
        raise ValidationError(
            _("“%(name)s”仍被其他记录引用，不能删除：%(records)s")
            % {"name": obj, "records": listed(sorted({str(o) for o in exc.protected_objects})[:5])}
        ) from exc
    except IntegrityError as exc:
        raise _integrity_to_validation(exc) from exc


def history_for(obj: models.Model):
    """Changes to ``obj`` itself and to the objects that point their history at it."""
    ct = ContentType.objects.get_for_model(obj)
    return ObjectChange.objects.filter(
        models.Q(content_type=ct, object_id=obj.pk)
        | models.Q(related_content_type=ct, related_object_id=obj.pk)
    ).select_related("actor")
