"""Panels: what apps higher up show on a page of an app below them.

A body's page (registry) shows the body's events and agreements, a unit's page the events it
took part in; the registry app sits below events and cooperation and may not import them. So a
page names itself here and renders whatever context the apps above contribute: each registers
a provider at start (an ``AppConfig.ready``), a function that takes the page's objects and
returns its part of the template context. The page's template documents the keys it reads.

A page with no provider registered renders without those panels' data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Provider = Callable[..., dict[str, Any]]

_providers: dict[str, list[Provider]] = defaultdict(list)


def register(page: str, provider: Provider) -> None:
    """Add ``provider`` to ``page`` (e.g. ``"registry.body_detail"``); registering the same
    provider twice adds it once."""
    if provider not in _providers[page]:
        _providers[page].append(provider)


def context(page: str, **objects: Any) -> dict[str, Any]:
    """The context the providers of ``page`` contribute, called with the page's ``objects``
    (the actor, the body …), merged in the order they registered."""
    merged: dict[str, Any] = {}
    for provider in _providers.get(page, ()):
        merged.update(provider(**objects))
    return merged
