"""Personal data (个人信息): which fields identify or reach a person, and who may read them.

One rule, declared once and applied everywhere (selectors, API schemas, exports, pages, history):

    A personal field of a record may be read by
    - the unit(s) the record belongs to — users who are an :class:`OrganizationContact` of one of
      the record's organisations (成员单位联系人),
    - the secretariat (秘书处) of the body the record is filed under,
    - platform admins.
    Nobody else: not anonymous visitors, not other units' contacts, not other bodies'
    secretariats, not supervisors (主管部门, BodyRole kind "supervisor") and not viewers.

:data:`PERSONAL_FIELDS` names the fields; :data:`_SPECS` says, as ORM paths, which organisations
own a record and which bodies it is filed under. Everything else here is derived from them.

API
---
``personal_fields(model) -> frozenset[str]``
    The personal field names of a model class (or instance); empty for other models.
``may_read_personal(user, obj) -> bool``
    Whether ``user`` may read ``obj``'s personal fields. Uses the ``cj_personal`` annotation when
    the object came from :func:`annotate_personal`, else one query (none for anonymous, admins
    and users without any contact or secretariat role).
``personal_q(user, model) -> Q``
    The rows of ``model`` whose personal fields ``user`` may read, as a filter.
``annotate_personal(queryset, user) -> QuerySet``
    Adds the boolean ``cj_personal`` to each row, so a list checks no row one by one.
``redacted(queryset, user, related=()) -> QuerySet``
    What selectors return: ``queryset`` annotated as above, whose rows — and the related objects
    at the ``related`` paths (e.g. ``"student"`` of a placement, loaded with select_related) —
    come out with each personal field the user may not read blanked ("" if the field may be
    blank, else "（不公开）"), so pages, exports and ``str()`` show nothing personal. Such an
    object has ``cj_personal = False`` (API resolvers answer ``None`` for it);
    ``core.changelog.update_object``/``delete_object`` write and log the stored values, never
    the blanks (a bare ``.save()`` on it would store them: services must not do that).
``readable_q(user, model, path="") -> Q``
    Rows whose record at ``path`` (a student of a placement, say) the user may read.
``search_personal(queryset, q, *, user, fields, personal, model, path="")``
    A text search that looks in personal fields only on rows the user may read them in.
``personal_value(field)``
    A ninja resolver for a personal field: its value, or ``None`` when the reader may not read it.
``redact(user, obj, data: dict) -> dict``
    A copy of ``data`` (e.g. API output or an export row keyed by field name) with every personal
    field set to ``None`` when the user may not read it.
``redact_snapshot(user, model, obj, data) -> dict | None``
    For history (变更记录): ``model`` is the changed object's model class, ``obj`` the live object
    or ``None`` if it was deleted, ``data`` an ``ObjectChange.before``/``after`` dict (may be
    ``None``). Returns a copy in which each non-empty personal value the user may not read is
    replaced by :func:`hidden_text` ("（不公开）"). For a deleted object the owner is found from
    the snapshot's own foreign keys (``organization_id``, ``body_id``, ``school_id``, ``parties``);
    if it cannot be found, only admins read it.
``redact_change(user, change) -> tuple[dict | None, dict | None]``
    ``(before, after)`` of an ``ObjectChange`` redacted for ``user``; a personal value that
    changed stays visible as a change ("（不公开）" → "（不公开，已修改）") without its content.
``may_read_personal_snapshot(user, model, obj, data) -> bool``
    The decision :func:`redact_snapshot` uses (e.g. to hide an ``object_repr`` that is itself
    personal, like a student's name — see :data:`PERSONAL_REPR`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.utils.translation import gettext as _

from .permissions import contact_organization_ids, is_platform_admin, secretariat_body_ids


@dataclass(frozen=True)
class _Spec:
    fields: frozenset[str]
    # ORM paths from the model to the organisations that own a record (their contacts read it)
    unit_paths: tuple[str, ...]
    # ORM paths from the model to the bodies it is filed under (their secretariats read it)
    body_paths: tuple[str, ...]
    # further readers, as a filter of the model's rows for a user with some role (or None);
    # called with the user and the model
    extra: Callable[[object, type[models.Model]], Q] | None = None


def _registered_by_us(user, model) -> Q:
    """People (``model``) the user, or a colleague in one of its secretariats, registered: they
    may edit the person (chanjiao.registry.permissions.can_edit_person), so they read its notes
    too."""
    from django.contrib.contenttypes.models import ContentType

    from chanjiao.core.models import ObjectChange

    from .models import BodyRole

    colleagues = BodyRole.objects.filter(
        body_id__in=secretariat_body_ids(user), kind=BodyRole.Kind.SECRETARIAT
    ).values("user_id")
    created = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        action=ObjectChange.Action.CREATE,
    ).filter(Q(actor_id=user.pk) | Q(actor_id__in=colleagues))
    return Q(pk__in=created.values("object_id"))


_SPECS: dict[str, _Spec] = {
    # 会员单位的联系人（姓名、电话、邮箱）和秘书处的内部备注
    "registry.Membership": _Spec(frozenset({"contact", "notes"}), ("organization",), ("body",)),
    # 人物的备注 (a person is owned by the units holding its positions)
    "registry.Person": _Spec(
        frozenset({"notes"}),
        ("positions__organization",),
        ("positions__organization__memberships__body",),
        _registered_by_us,
    ),
    "cooperation.Agreement": _Spec(frozenset({"notes"}), ("parties",), ("body",)),
    "talent.Cohort": _Spec(frozenset({"notes"}), ("school",), ("body",)),
    # 学生: the name or code is the student's identity; the enterprises the student applied to or
    # is placed with need it to rank and to receive the student.
    "talent.Student": _Spec(
        frozenset({"display_name"}),
        (
            "cohort__school",
            "applications__posting__enterprise",
            "placements__posting__enterprise",
        ),
        ("cohort__body",),
    ),
    "talent.Placement": _Spec(
        frozenset({"notes"}),
        ("student__cohort__school", "posting__enterprise"),
        ("body", "student__cohort__body"),
    ),
    # 推荐匹配: no personal field, but its name ("学生 → 岗位") is the student's: read by whoever
    # reads the student's name, and by the secretariat of the body whose run proposed it.
    "talent.MatchProposal": _Spec(
        frozenset(),
        (
            "student__cohort__school",
            "student__applications__posting__enterprise",
            "student__placements__posting__enterprise",
        ),
        ("run__body", "student__cohort__body"),
    ),
    # 入会申请的联系人: the applying unit's once it is known, else its body's secretariat only
    "governance.Application": _Spec(
        frozenset({"contact_name", "contact_phone", "contact_email"}), ("organization",), ("body",)
    ),
    # 共享资源的联系人: the offering unit's contacts and the body's secretariat
    "sharing.Resource": _Spec(
        frozenset({"contact_name", "contact_phone", "contact_email"}), ("owner",), ("body",)
    ),
    # 活动报名人: the person's unit's contact, and the secretariats of the bodies holding the
    # event (its organisers)
    "events.Registration": _Spec(
        frozenset({"name", "title", "phone", "email", "needs"}),
        ("organization",),
        ("event__bodies",),
    ),
}

#: Personal fields per model label ("app_label.ModelName").
PERSONAL_FIELDS: dict[str, frozenset[str]] = {label: s.fields for label, s in _SPECS.items()}

#: Models whose ``str()`` (and so a history row's ``object_repr``) is itself personal.
PERSONAL_REPR: frozenset[str] = frozenset(
    {"talent.Student", "talent.Placement", "talent.MatchProposal", "events.Registration"}
)

ANNOTATION = "cj_personal"


def _label(model) -> str:
    return model._meta.label


def personal_fields(model) -> frozenset[str]:
    """The personal field names of ``model`` (a class or an instance); empty if none."""
    return PERSONAL_FIELDS.get(_label(model), frozenset())


def hidden_text() -> str:
    """What a reader sees in place of a personal value they may not read."""
    return _("（不公开）")


def _has_no_reach(user) -> bool:
    # Anonymous, plain, viewer and supervisor users never read personal data: decide without a
    # query (the role sets are cached on the user).
    return not contact_organization_ids(user) and not secretariat_body_ids(user)


def personal_q(user, model) -> Q:
    """Filter for the rows of ``model`` whose personal fields ``user`` may read."""
    spec = _SPECS.get(_label(model))
    if spec is None or is_platform_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False) or _has_no_reach(user):
        return Q(pk__in=[])
    orgs, bodies = contact_organization_ids(user), secretariat_body_ids(user)
    manager = model._default_manager
    q = Q(pk__in=[])
    # pk__in a subquery rather than joins: multi-valued paths must not duplicate rows.
    for path in spec.unit_paths if orgs else ():
        q |= Q(pk__in=manager.filter(**{f"{path}__in": orgs}).values("pk"))
    for path in spec.body_paths if bodies else ():
        q |= Q(pk__in=manager.filter(**{f"{path}__in": bodies}).values("pk"))
    if spec.extra is not None:
        q |= spec.extra(user, model)
    return q


def annotate_personal(queryset: models.QuerySet, user) -> models.QuerySet:
    """``queryset`` with ``cj_personal`` (may ``user`` read this row's personal fields?)."""
    model = queryset.model
    if _label(model) not in _SPECS or is_platform_admin(user):
        return queryset.annotate(**{ANNOTATION: Value(True, output_field=BooleanField())})
    if not getattr(user, "is_authenticated", False) or _has_no_reach(user):
        return queryset.annotate(**{ANNOTATION: Value(False, output_field=BooleanField())})
    allowed = model._default_manager.filter(personal_q(user, model), pk=OuterRef("pk"))
    return queryset.annotate(**{ANNOTATION: Exists(allowed)})


def may_read_personal(user, obj) -> bool:
    """Whether ``user`` may read the personal fields of ``obj``."""
    if _label(obj) not in _SPECS or is_platform_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or _has_no_reach(user):
        return False
    annotated = getattr(obj, ANNOTATION, None)
    if annotated is not None:
        return bool(annotated)
    cache = obj.__dict__.setdefault("_cj_personal_cache", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        model = type(obj)
        cache[key] = (
            obj.pk is not None
            and model._default_manager.filter(personal_q(user, model), pk=obj.pk).exists()
        )
    return cache[key]


def _related_model(model, path: str):
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def _blank(obj) -> None:
    for name in personal_fields(obj):
        field = obj._meta.get_field(name)
        setattr(obj, name, "" if field.blank else hidden_text())
    setattr(obj, ANNOTATION, False)
    # core.changelog.update_object/delete_object restore these from the database, so a write
    # through a redacted object never stores the blanks.
    obj._cj_redacted_fields = personal_fields(obj)


class _RedactingIterable(models.query.ModelIterable):
    # (path, annotation) pairs; set on a subclass made by redacted()
    targets: tuple[tuple[str, str], ...] = ()

    def __iter__(self):
        for obj in super().__iter__():
            for path, annotation in self.targets:
                target = obj
                for part in path.split("__") if path else ():
                    target = getattr(target, part, None)
                    if target is None:
                        break
                if target is None:
                    continue
                allowed = bool(getattr(obj, annotation, False))
                if target is not obj:
                    setattr(target, ANNOTATION, allowed)
                if not allowed:
                    _blank(target)
            yield obj


def redacted(queryset: models.QuerySet, user, related: tuple[str, ...] = ()) -> models.QuerySet:
    """``queryset`` whose rows (and related objects at ``related`` paths) come out with the
    personal fields ``user`` may not read blanked; see the module docstring."""
    model = queryset.model
    targets: list[tuple[str, str]] = []
    if _label(model) in _SPECS:
        queryset = annotate_personal(queryset, user)
        targets.append(("", ANNOTATION))
    for path in related:
        rel = _related_model(model, path)
        if _label(rel) not in _SPECS:
            continue
        annotation = f"{ANNOTATION}_{path.replace('__', '_')}"
        if is_platform_admin(user):
            value = Value(True, output_field=BooleanField())
        elif not getattr(user, "is_authenticated", False) or _has_no_reach(user):
            value = Value(False, output_field=BooleanField())
        else:
            value = Exists(rel._default_manager.filter(personal_q(user, rel), pk=OuterRef(path)))
        queryset = queryset.annotate(**{annotation: value})
        targets.append((path, annotation))
    if not targets:
        return queryset
    iterable = type("RedactingIterable", (_RedactingIterable,), {"targets": tuple(targets)})
    queryset._iterable_class = iterable
    return queryset


def readable_q(user, model, path: str = "") -> Q:
    """Rows whose ``model`` record reached through ``path`` (``""``: the row itself) has
    personal fields ``user`` may read."""
    if is_platform_admin(user) or _label(model) not in _SPECS:
        return Q()
    allowed = model._default_manager.filter(personal_q(user, model)).values("pk")
    return Q(**{f"{path}__in" if path else "pk__in": allowed})


def search_personal(
    queryset: models.QuerySet,
    q: str | None,
    *,
    user,
    fields: list[str],
    personal: list[str],
    model,
    path: str = "",
) -> models.QuerySet:
    """:func:`chanjiao.core.selectors.search` where the ``personal`` fields (names or paths of
    ``model``'s personal fields) are searched only in rows whose personal data ``user`` may read:
    a search must not tell a reader whose name it may not see what that name is."""
    from chanjiao.core.selectors import search

    if not q:
        return queryset
    if is_platform_admin(user):
        return search(queryset, q, fields + personal)
    readable = queryset.filter(readable_q(user, model, path))
    return search(queryset, q, fields) | search(readable, q, fields + personal)


def personal_value(field: str) -> staticmethod:
    """A ninja resolver: ``obj.<field>``, or ``None`` when the reader may not read it.

    Use as ``resolve_contact = personal_value("contact")`` with the field typed ``str | None``.
    """

    def resolve(obj, context):
        from chanjiao.core.api import actor

        request = (context or {}).get("request")
        user = actor(request) if request is not None else None
        return getattr(obj, field) if may_read_personal(user, obj) else None

    return staticmethod(resolve)


def redact(user, obj, data: dict) -> dict:
    """A copy of ``data`` with ``obj``'s personal fields set to ``None`` if ``user`` may not
    read them. Keys that are not personal fields are left as they are."""
    fields = personal_fields(obj)
    if not fields or not (fields & data.keys()) or may_read_personal(user, obj):
        return dict(data)
    return {k: (None if k in fields else v) for k, v in data.items()}


def _ids(value) -> set[int]:
    if value is None:
        return set()
    if isinstance(value, list | tuple | set | frozenset):
        return {v for v in value if isinstance(v, int)}
    return {value} if isinstance(value, int) else set()


def _snapshot_owner(model, data: dict) -> tuple[set[int], set[int]] | None:
    """(organisation ids, body ids) owning a deleted record, from its snapshot's own keys;
    ``None`` if the snapshot does not say (only admins then read it)."""
    spec = _SPECS[_label(model)]
    found = False
    orgs: set[int] = set()
    bodies: set[int] = set()
    for paths, into in ((spec.unit_paths, orgs), (spec.body_paths, bodies)):
        for path in paths:
            if "__" in path:
                continue
            field = model._meta.get_field(path)
            key = field.name if field.many_to_many else field.attname
            if key in data:
                found = True
                into |= _ids(data[key])
    return (orgs, bodies) if found else None


def may_read_personal_snapshot(user, model, obj, data: dict | None) -> bool:
    """Whether ``user`` may read the personal values of a history snapshot of ``model``."""
    if _label(model) not in _SPECS or is_platform_admin(user):
        return True
    if not getattr(user, "is_authenticated", False) or _has_no_reach(user):
        return False
    if obj is not None and obj.pk is not None:
        return may_read_personal(user, obj)
    owner = _snapshot_owner(model, data or {})
    if owner is None:
        return False
    orgs, bodies = owner
    return bool(orgs & contact_organization_ids(user) or bodies & secretariat_body_ids(user))


def redact_snapshot(user, model, obj, data: dict | None) -> dict | None:
    """``data`` (an ObjectChange before/after) with personal values hidden from ``user``."""
    if data is None:
        return None
    fields = personal_fields(model)
    if not fields or not (fields & data.keys()):
        return dict(data)
    if may_read_personal_snapshot(user, model, obj, data):
        return dict(data)
    return {
        k: (hidden_text() if k in fields and v not in (None, "") else v) for k, v in data.items()
    }


def redact_change(user, change) -> tuple[dict | None, dict | None]:
    """``(before, after)`` of ObjectChange ``change`` redacted for ``user``.

    A hidden value that changed still shows as changed, without its content."""
    model = change.content_type.model_class()
    if model is None:
        return change.before, change.after
    obj = model._default_manager.filter(pk=change.object_id).first()
    probe = change.after or change.before or {}
    before = redact_snapshot(user, model, obj, change.before)
    after = redact_snapshot(user, model, obj, change.after)
    if (
        before is not None
        and after is not None
        and not may_read_personal_snapshot(user, model, obj, probe)
    ):
        for name in personal_fields(model):
            raw_before, raw_after = (change.before or {}).get(name), (change.after or {}).get(name)
            if raw_before != raw_after and before.get(name) == after.get(name):
                after[name] = _("（不公开，已修改）")
    return before, after
