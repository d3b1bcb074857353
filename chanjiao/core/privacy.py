"""The seam between core's generic readers and the personal-data rule (个人信息).

History pages and the history API (:mod:`chanjiao.core.history`) and list exports
(:mod:`chanjiao.core.listing`) must hide personal values from readers who may not see them. The
rule is written in terms of roles and units, so it lives above core, in
:mod:`chanjiao.accounts.privacy`; core calls the functions below, and accounts installs its rule
when Django starts (``AccountsConfig.ready`` → :func:`install`). Until a rule is installed every
call fails: a reader that showed personal data because no rule was there would be a leak, not a
fallback.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import models


class PersonalDataRule(Protocol):
    """What core asks of the rule (see :mod:`chanjiao.accounts.privacy` for the meaning)."""

    #: Labels (``app_label.ModelName``) of models whose ``str()`` is itself personal.
    PERSONAL_REPR: frozenset[str]

    def personal_fields(self, model: Any) -> frozenset[str]: ...

    def may_read_personal(self, user: Any, obj: models.Model) -> bool: ...

    def may_read_personal_snapshot(
        self, user: Any, model: type[models.Model], obj: models.Model | None, data: dict | None
    ) -> bool: ...

    def annotate_personal(self, queryset: models.QuerySet, user: Any) -> models.QuerySet: ...

    def hidden_text(self) -> str: ...

    def is_platform_admin(self, user: Any) -> bool: ...


_rule: PersonalDataRule | None = None


def install(rule: PersonalDataRule) -> None:
    """Make ``rule`` the one core's readers ask (called once, by the accounts app)."""
    global _rule
    _rule = rule


def _installed() -> PersonalDataRule:
    if _rule is None:
        raise ImproperlyConfigured(
            "No personal-data rule installed: chanjiao.accounts must be in INSTALLED_APPS."
        )
    return _rule


def personal_fields(model: Any) -> frozenset[str]:
    """The personal field names of a model class (or instance); empty for other models."""
    return _installed().personal_fields(model)


def personal_repr(label: str) -> bool:
    """Whether the name (``str()``) of a ``label`` model is itself personal (a student's)."""
    return label in _installed().PERSONAL_REPR


def may_read_personal(user: Any, obj: models.Model) -> bool:
    """Whether ``user`` may read ``obj``'s personal fields."""
    return _installed().may_read_personal(user, obj)


def may_read_personal_snapshot(
    user: Any, model: type[models.Model], obj: models.Model | None, data: dict | None
) -> bool:
    """Whether ``user`` may read the personal values of a change-log snapshot of ``model``
    (``obj`` is the live object, or ``None`` once it was deleted)."""
    return _installed().may_read_personal_snapshot(user, model, obj, data)


def annotate_personal(queryset: models.QuerySet, user: Any) -> models.QuerySet:
    """``queryset`` with, per row, whether ``user`` may read its personal fields."""
    return _installed().annotate_personal(queryset, user)


def hidden_text() -> str:
    """What a reader sees in place of a personal value it may not read."""
    return _installed().hidden_text()


def is_platform_admin(user: Any) -> bool:
    """Whether ``user`` reads everything (the personal values of deleted objects too)."""
    return _installed().is_platform_admin(user)
