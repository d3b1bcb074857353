"""Generic read helpers shared by the domain selectors."""

from __future__ import annotations

from django.db.models import Q, QuerySet


def search(qs: QuerySet, q: str | None, fields: list[str]) -> QuerySet:
    """Rows where every whitespace-separated word of ``q`` is in one of ``fields``."""
    for word in (q or "").split():
        cond = Q()
        for field in fields:
            cond |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(cond)
    return qs
