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
    return qs.count()
