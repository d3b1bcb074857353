"""Generic read helpers shared by the domain selectors."""

from __future__ import annotations

import unicodedata
from functools import cache

from django.db.models import Q, QuerySet

from .validators import normalize_name


@cache
def _traditional_to_simplified():
    """OpenCC's Traditional → Simplified converter (t2s), made once, on the first search."""
    import opencc

    return opencc.OpenCC("t2s")


def spellings(word: str) -> set[str]:
    """The ways a searched word may be stored: as typed, as a name is stored (full-width
    brackets in a Chinese name, plain digits and letters), in plain NFKC (half-width
    brackets, as free text may have them) and in Simplified characters (names are stored
    Simplified). 成都示范(集团) finds 成都示范（集团）, ２０２５ finds 2025, 江鈴 finds 江铃."""
    found = {word, normalize_name(word), unicodedata.normalize("NFKC", word)}
    found |= {_traditional_to_simplified().convert(spelling) for spelling in found}
    return found - {""}


def matches(fields: list[str], word: str) -> Q:
    """One word of a search in any of ``fields``, however it is spelt (:func:`spellings`)."""
    cond = Q()
    for spelling in sorted(spellings(word)):
        for field in fields:
            cond |= Q(**{f"{field}__icontains": spelling})
    return cond


def search(qs: QuerySet, q: str | None, fields: list[str]) -> QuerySet:
    """Rows where every whitespace-separated word of ``q`` is in one of ``fields``. Every list's
    search box goes through here (or :func:`matches`, word by word)."""
    for word in (q or "").split():
        qs = qs.filter(matches(fields, word))
    return qs


#: Below this many rows an unfiltered list is counted exactly; above, PostgreSQL's estimate.
EXACT_COUNT_BELOW = 100_000


def list_count(qs: QuerySet) -> int:
    """The number of rows of a list, cheap on large tables.

    ``count(*)`` reads every row (PostgreSQL keeps no row count), so counting an unfiltered
    list of a million organisations costs more than reading its page. For a query without
    any condition on PostgreSQL, the planner's estimate (``pg_class.reltuples``, kept fresh
    by autovacuum) is returned when it is at least ``EXACT_COUNT_BELOW``; filtered lists and
    smaller tables are counted exactly.
    """
    from django.db import connections

    query = qs.query
    connection = connections[qs.db]
    if connection.vendor == "postgresql" and not query.where and not query.distinct:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [qs.model._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] >= EXACT_COUNT_BELOW:
            return int(row[0])
    elif connection.vendor == "postgresql" and query.where == _public_only(qs):
        # The public rows of a table with a stored visibility flag (an event's is_public): as
        # large as the table, so the same rule — the planner's estimate (the flag's statistics)
        # from a few hundred thousand rows on, not a count of every one of them.
        estimate = _planner_rows(qs)
        if estimate >= EXACT_COUNT_BELOW:
            return estimate
    return qs.count()


def _public_only(qs: QuerySet):
    """The WHERE of ``qs``'s model filtered on ``is_public=True`` alone (None without one)."""
    if not any(f.name == "is_public" for f in qs.model._meta.concrete_fields):
        return None
    return qs.model._default_manager.filter(is_public=True).query.where


def _planner_rows(qs: QuerySet) -> int:
    """PostgreSQL's estimate of the rows ``qs`` selects (EXPLAIN, nothing is read)."""
    import json

    from django.db import connections

    sql, params = qs.values("pk").query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


#: From this offset on, a page reads its rows' ids first, then the rows (a "deferred join").
DEFERRED_PAGE_FROM = 1_000


def page_slice(qs: QuerySet, offset: int, limit: int):
    """Rows ``offset`` to ``offset + limit`` of ``qs``.

    Deep pages (``DEFERRED_PAGE_FROM``) first read the page's ids — in ``qs``'s order, from an
    index when one matches, without the joined and selected columns of the skipped rows — then
    only those rows: page 200 of a body's 20,000 members joins 50 units, not 10,000.
    """
    if offset < DEFERRED_PAGE_FROM or not isinstance(qs, QuerySet):
        return qs[offset : offset + limit]
    ids = list(qs.values_list("pk", flat=True)[offset : offset + limit])
    return qs.filter(pk__in=ids)
