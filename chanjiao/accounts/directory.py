"""What accounts asks of the registry: bodies (产教融合体) and their current member units.

Accounts sits below the registry: the registry's services check accounts' permission rule. Yet
the rule and a body's user management (用户管理) need a few registry facts — which units are a
body's current members (their contacts are the body's users; a secretariat speaks for them),
the body as the reader may see it, the member units a contact may be invited for. The registry
answers them: it installs its selectors here at start (``RegistryConfig.ready`` →
:func:`install`). Until then every question fails, rather than answer "no members".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_answers: dict[str, Callable[..., Any]] = {}


def install(
    *,
    member_organization_ids: Callable[[Iterable[int]], set[int]],
    body_detail: Callable[..., Any],
    member_units: Callable[[Any], QuerySet],
    bodies_in_regions: Callable[[Iterable[str]], set[int]],
) -> None:
    """Install the registry's answers (called once, by the registry app)."""
    _answers.update(
        member_organization_ids=member_organization_ids,
        body_detail=body_detail,
        member_units=member_units,
        bodies_in_regions=bodies_in_regions,
    )


def _answer(name: str) -> Callable[..., Any]:
    try:
        return _answers[name]
    except KeyError:
        raise ImproperlyConfigured(
            "The registry has not answered: chanjiao.registry must be in INSTALLED_APPS."
        ) from None


def member_organization_ids(body_ids: Iterable[int]) -> set[int]:
    """Ids of the current member units of these bodies."""
    return _answer("member_organization_ids")(body_ids)


def body_detail(*, actor, pk: int):
    """One body the actor may see (404 otherwise)."""
    return _answer("body_detail")(actor=actor, pk=pk)


def member_units(body) -> QuerySet:
    """The body's current member units, by name."""
    return _answer("member_units")(body)


def bodies_in_regions(prefixes: Iterable[str]) -> set[int]:
    """Ids of the bodies registered in regions whose division codes start with these
    prefixes (a region and its sub-regions)."""
    return _answer("bodies_in_regions")(prefixes)
