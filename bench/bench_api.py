"""Benchmark of the read API at scale (查询性能) on PostgreSQL.

Loads, once, 1,000,000 organisations, 1,000 bodies, 3,000,000 memberships (one body with
20,000 current members) and 200,000 events (each held by one body, with two organisations'
roles) into a dedicated database (``chanjiao_bench`` by default), created and migrated by this
script; the rows are generated in SQL (``generate_series``), so the load takes a few minutes.
A second run reuses the database when the counts are right (``--reload`` loads it again).

Then it times, in this process through Django's test client (the whole Django stack: URL
routing, middleware, ninja, the selectors, serialisation; no network and no WSGI server), N
requests of each endpoint, beside the same rows fetched by hand-written SQL over psycopg (the
SQL the endpoint ought to issue: the page and its count), and prints p50/p95 of both, their
ratio, the queries each request issued, and PASS/FAIL for the targets:

  * p95 <= 50 ms per request,
  * p95 <= 3x the raw SQL's p95 (API endpoints; the body's HTML page is judged on p95 and
    its queries: its raw SQL is two of its dozen sections),
  * at most MAX_QUERIES queries per API request and MAX_PAGE_QUERIES for the body's page (no
    N+1: a fixed number whatever the rows).

The data is SYNTHETIC: names recombined from a few word lists with a running number.

    python bench/bench_api.py [--requests 200] [--database chanjiao_bench] [--reload]

``PG_URL`` (default postgres://postgres@127.0.0.1:5432/postgres) says where PostgreSQL is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api_load import EXPECTED, counts, load, sync_public_flags  # noqa: E402 (beside this file)

TARGET_P95_MS = 50.0
TARGET_RATIO = 3.0
MAX_QUERIES = 6
#: The body's page (HTML) has a section per related list: at most 15 queries for an anonymous
#: reader, 19 signed in (see registry/tests/test_scale.py BODY_PAGE_QUERIES); fixed, whatever
#: the number of members.
MAX_PAGE_QUERIES = 15


def database_url(name: str) -> str:
    base = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(name: str) -> None:
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["CHANJIAO_DEBUG"] = "0"
    os.environ["CHANJIAO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Pages link static files by name: without collectstatic there is no manifest to look
    # the hashed names up in (WhiteNoise serves them in production; their cost is not timed).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrated in {time.monotonic() - started:.1f} s")


# --- measuring ----------------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return p50 * 1000, p95 * 1000


def time_requests(client, url: str, n: int) -> tuple[float, float, int, int]:
    """p50 and p95 in ms of ``n`` GETs of ``url``, the queries one request issued, its status."""
    from django.db import connection

    for _ in range(3):  # warm the caches (ninja's schemas, PostgreSQL's buffers)
        response = client.get(url)
    # Counted with a wrapper: Django empties connection.queries when a request starts.
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(url)
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - started)
    return (*_percentiles(samples), len(queries), response.status_code)


def time_sql(conn, statements: list[tuple[str, list]], n: int) -> tuple[float, float]:
    """p50 and p95 in ms of running ``statements`` (and fetching every row) ``n`` times.

    Parameters are bound on the client, as Django does: with server-side binding PostgreSQL
    may plan ``LIKE $1`` generically and not use the trigram indexes.
    """
    import psycopg

    cursor = psycopg.ClientCursor(conn)
    for _ in range(3):
        for sql, params in statements:
            cursor.execute(sql, params).fetchall()
    samples = []
    for _ in range(n):
        started = time.perf_counter()
        for sql, params in statements:
            cursor.execute(sql, params).fetchall()
        samples.append(time.perf_counter() - started)
    return _percentiles(samples)


def cases() -> list[tuple[str, str, list[tuple[str, list]]]]:
    """(label, URL, the SQL the endpoint ought to issue) for every measured endpoint."""
    org_cols = (
        "id, name, short_name, english_name, kind, credit_code, region, region_code, industry, "
        "industry_code, website, aliases, description, updated_at"
    )
    search = "福州智能装备职业"
    like = f"%{search}%"
    estimate = (
        "SELECT reltuples::bigint FROM pg_class WHERE oid = 'registry_organization'::regclass",
        [],
    )
    # Memberships sort on their copy of the unit's name (registry migration 0006), read off the
    # index membership_by_name, which also holds the dates that make a membership current
    # (registry.models.in_force_on); a deep page reads its ids first, then the rows (the
    # endpoint does the same: core.selectors.page_slice).
    from django.utils import timezone

    day = timezone.localdate().isoformat()
    current = f"(since IS NULL OR since <= '{day}') AND (until IS NULL OR until > '{day}')"
    m_current = current.replace("since", "m.since").replace("until", "m.until")
    member_cols = (
        "m.id, m.role, m.since, m.until, m.contact, m.notes, m.term_id, o.id, o.name, "
        "o.short_name, o.kind FROM registry_membership m JOIN registry_organization o "
        "ON o.id = m.organization_id"
    )
    member_sql = (
        f"SELECT {member_cols} WHERE m.body_id = 1 AND {m_current} "
        "ORDER BY m.organization_name, m.id LIMIT 50"
    )
    deep_ids = (
        f"SELECT id FROM registry_membership WHERE body_id = 1 AND {current} "
        "ORDER BY organization_name, id LIMIT 50 OFFSET 9950"
    )
    deep_rows = (
        f"SELECT {member_cols} WHERE m.body_id = 1 AND {m_current} AND m.id = ANY(%s) "
        "ORDER BY m.organization_name, m.id"
    )
    # The app's display order of roles (registry.models.ROLE_ORDER), so that the CASE below is
    # the expression of the index membership_by_role (a stale list sorts every row).
    from chanjiao.registry.models import ROLE_ORDER

    roles = list(ROLE_ORDER)
    role_order = (
        "CASE "
        + " ".join(f"WHEN m.role = '{r}' THEN {i}" for i, r in enumerate(roles))
        + f" ELSE {len(roles)} END"
    )
    page_sql = (
        f"SELECT {member_cols} WHERE m.body_id = 1 AND {m_current} "
        f"ORDER BY {role_order}, m.organization_name, m.id LIMIT 50"
    )
    member_counts = (
        "SELECT count(DISTINCT organization_id), "
        + ", ".join(f"count(*) FILTER (WHERE role = '{r}')" for r in roles)
        + f" FROM registry_membership WHERE body_id = 1 AND {current}"
    )
    event_cols = (
        "e.id, e.name, e.kind, e.theme, e.starts_on, e.ends_on, e.venue, e.city, e.attendance, "
        "e.attendance_approx, e.is_published"
    )
    # Public events carry a stored flag (events migration 0004), kept by events.visibility.
    visible = "e.is_public"
    return [
        (
            "organisation list",
            "/api/v1/organizations?limit=50",
            [
                (f"SELECT {org_cols} FROM registry_organization ORDER BY name LIMIT 50", []),
                estimate,
            ],
        ),
        (
            f"organisation search ?q={search}",
            f"/api/v1/organizations?q={search}&limit=50",
            [
                (
                    f"SELECT {org_cols} FROM registry_organization WHERE upper(name) LIKE "
                    "upper(%s) OR upper(short_name) LIKE upper(%s) OR upper(aliases) LIKE "
                    "upper(%s) ORDER BY name LIMIT 50",
                    [like, like, like],
                ),
                (
                    "SELECT count(*) FROM registry_organization WHERE upper(name) LIKE upper(%s) "
                    "OR upper(short_name) LIKE upper(%s) OR upper(aliases) LIKE upper(%s)",
                    [like, like, like],
                ),
            ],
        ),
        (
            "organisation detail",
            "/api/v1/organizations/424242",
            [(f"SELECT {org_cols} FROM registry_organization WHERE id = 424242", [])],
        ),
        (
            "body members (20,000), page 1",
            "/api/v1/bodies/1/members?limit=50",
            [
                (member_sql, []),
                (
                    "SELECT count(*) FROM registry_membership WHERE body_id = 1 AND until IS NULL",
                    [],
                ),
            ],
        ),
        (
            "body members (20,000), page 200",
            "/api/v1/bodies/1/members?limit=50&offset=9950",
            [
                (deep_ids, []),
                (deep_rows, [list(range(1, 51))]),
                (
                    "SELECT count(*) FROM registry_membership WHERE body_id = 1 AND until IS NULL",
                    [],
                ),
            ],
        ),
        (
            "event list",
            "/api/v1/events?limit=50",
            [
                (
                    f"SELECT {event_cols} FROM events_event e WHERE {visible} "
                    "ORDER BY e.starts_on DESC NULLS LAST, e.name LIMIT 50",
                    [],
                ),
                (
                    "SELECT eb.event_id, b.id, b.name FROM events_event_bodies eb JOIN "
                    "registry_body b ON b.id = eb.body_id WHERE eb.event_id = ANY(%s)",
                    [list(range(1, 51))],
                ),
                (
                    "EXPLAIN (FORMAT JSON) SELECT id FROM events_event e WHERE e.is_public "
                    "ORDER BY e.starts_on DESC NULLS LAST, e.name",
                    [],
                ),
            ],
        ),
        (
            "event detail",
            "/api/v1/events/123456",
            [
                (f"SELECT {event_cols} FROM events_event e WHERE e.id = 123456 AND {visible}", []),
                (
                    "SELECT eo.id, eo.role, o.id, o.name FROM events_eventorganization eo JOIN "
                    "registry_organization o ON o.id = eo.organization_id WHERE eo.event_id = "
                    "123456",
                    [],
                ),
                (
                    "SELECT b.id, b.name FROM events_event_bodies eb JOIN registry_body b ON "
                    "b.id = eb.body_id WHERE eb.event_id = 123456",
                    [],
                ),
                (
                    "SELECT a.id, a.order, a.kind, a.title, a.speaker_title, p.id, p.name, o.id, "
                    "o.name FROM events_agendaitem a LEFT JOIN registry_person p ON p.id = "
                    "a.speaker_id LEFT JOIN registry_organization o ON o.id = "
                    "a.speaker_organization_id WHERE a.event_id = 123456 ORDER BY a.order",
                    [],
                ),
                (
                    "SELECT c.id, c.kind, c.name, c.description FROM events_ceremony c "
                    "WHERE c.event_id = 123456",
                    [],
                ),
            ],
        ),
        (
            "body page (20,000 members), page 1",
            "/bodies/1/",
            [(member_counts, []), (page_sql, [])],
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--database", default="chanjiao_bench")
    parser.add_argument("--reload", action="store_true", help="load the rows again")
    parser.add_argument("--only", help="run only the cases whose label contains this")
    args = parser.parse_args(argv)

    ensure_database(args.database)
    setup_django(args.database)
    found = counts()
    if args.reload or found != EXPECTED:
        print(f"loading (found {found}) …", flush=True)
        load()
    else:
        print(f"reusing {args.database}: {found}")
        from chanjiao.events.models import Event

        if not Event.objects.filter(is_public=True).exists():  # loaded before the flag was set
            sync_public_flags()
            from django.db import connection

            with connection.cursor() as c:
                c.execute("VACUUM ANALYZE events_event")

    import psycopg
    from django.test import Client

    client = Client()
    rows = []
    failed = False
    with psycopg.connect(database_url(args.database), autocommit=True) as conn:
        for label, url, statements in cases():
            if args.only and args.only not in label:
                continue
            p50, p95, queries, status = time_requests(client, url, args.requests)
            raw50, raw95 = time_sql(conn, statements, args.requests)
            ratio = p95 / raw95 if raw95 else float("inf")
            # The ratio is an API endpoint's target: the body's page is an HTML page of a dozen
            # sections whose "raw SQL" here is only its member counts and first page of
            # members, so it is judged on p95 and on its fixed number of queries.
            page = url.startswith("/bodies/")
            ok = status == 200 and p95 <= TARGET_P95_MS and (page or ratio <= TARGET_RATIO)
            ok = ok and queries <= (MAX_PAGE_QUERIES if page else MAX_QUERIES)
            failed |= not ok
            rows.append((label, status, p50, p95, raw50, raw95, ratio, queries, ok))
            print(
                f"{label:38} {status} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms | raw SQL p50 "
                f"{raw50:6.1f} p95 {raw95:6.1f} | {ratio:4.1f}x | {queries} queries | "
                f"{'PASS' if ok else 'FAIL'}",
                flush=True,
            )
    print()
    print("| endpoint | status | p50 | p95 | raw SQL p50 | raw SQL p95 | p95 ratio | queries | |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, status, p50, p95, raw50, raw95, ratio, queries, ok in rows:
        print(
            f"| {label} | {status} | {p50:.1f} ms | {p95:.1f} ms | {raw50:.1f} ms | "
            f"{raw95:.1f} ms | {ratio:.1f}× | {queries} | {'PASS' if ok else 'FAIL'} |"
        )
    print(
        f"\ntargets: p95 <= {TARGET_P95_MS:g} ms, <= {TARGET_RATIO:g}x raw SQL, "
        f"<= {MAX_QUERIES} queries per API request ({MAX_PAGE_QUERIES} for the body page): "
        f"{'FAIL' if failed else 'PASS'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
