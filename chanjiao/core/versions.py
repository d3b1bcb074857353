"""A record's version (版本: when it was last written) and what a reader is told whose copy came
before its last change. The edit pages (:class:`chanjiao.core.forms.ModelForm`, the hidden
``seen_version``) and the API (:class:`chanjiao.core.crud_api.Crud`, ``ETag`` and ``If-Match``)
refuse a save over a change the reader has not seen with the same words."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ObjectChange
from .words import listed


def version_of(instance: models.Model) -> str:
    """A stored record's version: when it was last written (``updated_at``), else ""."""
    updated = getattr(instance, "updated_at", None) if instance.pk else None
    return updated.isoformat() if updated else ""


def parse_version(version: str) -> datetime.datetime | None:
    """The time a version (:func:`version_of`, or an ETag of it) stands for; None when it is
    no version (a stray header, a form's hidden field altered)."""
    text = version.strip().removeprefix("W/").strip('"')
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if timezone.is_aware(when) else None


def changed_since(
    instance: models.Model, *, seen: str | None = None, page: bool = True, parts: bool = False
) -> str:
    """What a reader is told whose form (or, ``page`` off, whose API read) came before
    ``instance``'s last change: who changed which fields when, and what to do. With ``parts``,
    the last change may be of one of its parts (a value of a 填报表), recorded under it.

    ``seen``: the version the reader holds (their ``If-Match``, a form's hidden field). Only a
    change made after it is named: when none is logged (the version moved by a write the log
    does not hold), or ``seen`` is no version, the reader is told the record changed, naming
    nobody. Without ``seen`` the last change is named."""
    from .history import render_changes  # history's filter form imports core.forms

    kind = ContentType.objects.get_for_model(instance)
    mine = Q(content_type=kind, object_id=instance.pk)
    if parts:
        mine |= Q(related_content_type=kind, related_object_id=instance.pk)
    changes = ObjectChange.objects.filter(mine)
    if seen is not None:
        # An update is dated by the version it made (chanjiao.core.changelog.update_object);
        # the record's creation came before any version a reader holds.
        since = parse_version(seen)
        created = Q(content_type=kind, object_id=instance.pk, action=ObjectChange.Action.CREATE)
        changes = (
            changes.filter(time__gt=since).exclude(created) if since is not None else changes.none()
        )
    change = changes.order_by("-time", "-id").first()
    entry = render_changes([change], viewer=None)[0] if change is not None else None
    if entry is None or not entry.fields:
        if not page:
            return str(_("您读取之后，这条记录已被修改：请重新读取后再修改。"))
        return str(
            _(
                "您打开此页之后，这条记录已被修改。下面是您填写的内容：请核对后再保存，再次保存将覆盖之前的修改。"
            )
        )
    facts = {
        "actor": entry.actor,
        "time": timezone.localtime(entry.time).strftime("%Y-%m-%d %H:%M"),
        "fields": listed(f.label for f in entry.fields),
    }
    if not page:
        return (
            str(
                _(
                    "您读取之后，%(actor)s 于 %(time)s 修改了这条记录的%(fields)s：请重新读取后再修改。"
                )
            )
            % facts
        )
    return (
        str(
            _(
                "您打开此页之后，%(actor)s 于 %(time)s 修改了这条记录的%(fields)s。下面是您填写的"
                "内容：请核对后再保存，再次保存将覆盖 %(actor)s 的修改。"
            )
        )
        % facts
    )
