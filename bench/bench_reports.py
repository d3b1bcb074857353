"""Benchmark of the yearly cycle's reports (年度报告与主管部门视图) on PostgreSQL.

Loads, once, into a dedicated database (``chanjiao_bench_reports`` by default, created and
migrated by this script; rows generated in SQL with ``generate_series``):

  * 2,000 bodies in 40 cities, 60,000 organisations;
  * one body with 10,000 current member units, 2,000 events in 2024 (each with a ceremony),
    500 agreements and 100 carriers that year, and a 2024 collection round whose 2,000 school
    forms are submitted with every school indicator;
  * every other body with 25 members and 3 events in 2024.

Then it times, in this process:

  * the big body's annual report as .docx (gathered, charts drawn, written) — target <= 2 s;
  * the same report as PDF — target <= 5 s;
  * the supervisor's table over the 2,000 bodies, ranked by members — target <= 1 s;

and, beside each, the time PostgreSQL takes to count the same things with hand-written SQL
(the anchor), with the ratio. The data is SYNTHETIC.

    python bench/bench_reports.py [--runs 3] [--database chanjiao_bench_reports] [--reload]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api_load import FIELDS, KINDS, REGIONS, _insert, _sql_array  # noqa: E402
from bench_api import database_url, ensure_database, setup_django  # noqa: E402

YEAR = 2024
BODIES = 2_000
ORGANIZATIONS = 60_000
BIG_MEMBERS = 10_000
BIG_EVENTS = 2_000
OTHER_MEMBERS = 25
OTHER_EVENTS = 3
SUBMITTED_FORMS = 2_000
TARGETS = {"docx": 2.0, "pdf": 5.0, "supervision": 1.0}


def counts() -> dict[str, int]:
    from chanjiao.events.models import Event
    from chanjiao.registry.models import Body, Membership

    return {
        "bodies": Body.objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
    }


EXPECTED = {
    "bodies": BODIES,
    "memberships": BIG_MEMBERS + (BODIES - 1) * OTHER_MEMBERS,
    "events": BIG_EVENTS + (BODIES - 1) * OTHER_EVENTS,
}


def load() -> None:
    from django.db import connection

    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import Indicator

    started = time.monotonic()
    regions, fields = _sql_array(REGIONS), _sql_array(FIELDS)
    kinds, kind_codes = _sql_array([k for k, _ in KINDS]), _sql_array([c for _, c in KINDS])
    n_r, n_f, n_k = len(REGIONS), len(FIELDS), len(KINDS)
    # 40 cities' division codes (synthetic, six digits): 5101, 5102, … as prefixes.
    with connection.cursor() as c:
        c.execute(
            "TRUNCATE registry_organization, registry_body, registry_membership, events_event, "
            "events_event_bodies, events_ceremony, cooperation_agreement, cooperation_carrier, "
            "reports_collectionround, reports_collectionform, reports_indicatorvalue "
            "RESTART IDENTITY CASCADE"
        )
        _insert(
            c,
            "registry_organization",
            {
                "id": "i",
                "name": f"({regions})[1 + i % {n_r}] || ({fields})[1 + (i / {n_r}) % {n_f}] || "
                f"({kinds})[1 + i % {n_k}] || '（' || i || '）'",
                "kind": f"({kind_codes})[1 + i % {n_k}]",
                "credit_code": "NULL",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {ORGANIZATIONS}) AS i",
        )
        _insert(
            c,
            "registry_body",
            {
                "id": "i",
                "name": f"({regions})[1 + i % {n_r}] || '职业教育集团（' || i || '）'",
                "kind": "'vocational_education_group'",
                "level": "'municipal'",
                "region_code": f"'51' || lpad((1 + i % {n_r})::text, 2, '0') || '00'",
                "status": "'active'",
                "is_published": "true",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {BODIES}) AS i",
        )
        # The big body (1): units 1 … 10,000; body b > 1: 25 units from 10,000 + 25 (b - 2).
        _insert(
            c,
            "registry_membership",
            {
                "id": "i",
                "body_id": "1",
                "organization_id": "i",
                "role": "CASE WHEN i = 1 THEN 'chair' WHEN i <= 30 THEN 'vice_chair' "
                "ELSE 'member' END",
                "since": f"make_date(2015 + i % {YEAR - 2014}, 1 + i % 12, 1)",
                "organization_name": "''",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {BIG_MEMBERS}) AS i",
        )
        _insert(
            c,
            "registry_membership",
            {
                "id": f"{BIG_MEMBERS} + 1 + i",
                "body_id": f"2 + (i / {OTHER_MEMBERS})",
                "organization_id": f"{BIG_MEMBERS} + 1 + i",
                "role": "'member'",
                "organization_name": "''",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(0, {(BODIES - 1) * OTHER_MEMBERS - 1}) AS i",
        )
        _insert(
            c,
            "events_event",
            {
                "id": "i",
                "name": "'活动（' || i || '）'",
                "kind": "'forum'",
                "starts_on": f"make_date({YEAR}, 1 + i % 12, 1 + i % 28)",
                "is_published": "true",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {EXPECTED['events']}) AS i",
        )
        c.execute(
            "INSERT INTO events_event_bodies (event_id, body_id) SELECT i, CASE WHEN i <= "
            f"{BIG_EVENTS} THEN 1 ELSE 2 + (i - {BIG_EVENTS} - 1) / {OTHER_EVENTS} END "
            f"FROM generate_series(1, {EXPECTED['events']}) AS i"
        )
        _insert(
            c,
            "events_ceremony",
            {
                "id": "i",
                "event_id": "i",
                "kind": "'signing'",
                "name": "'签约仪式（' || i || '）'",
                "created_at": "now()",
                "updated_at": "now()",
            },
            f"FROM generate_series(1, {BIG_EVENTS}) AS i",
        )
        _insert(
            c,
            "cooperation_agreement",
            {
                "id": "i",
                "title": "'校企合作协议（' || i || '）'",
                "kind": "'school_enterprise_cooperation'",
                "body_id": "1",
                "signed_on": f"make_date({YEAR}, 1 + i % 12, 1)",
                "status": "'signed'",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "FROM generate_series(1, 500) AS i",
        )
        _insert(
            c,
            "cooperation_carrier",
            {
                "id": "i",
                "name": "'产业学院（' || i || '）'",
                "kind": "'industry_college'",
                "body_id": "1",
                "founded_on": f"make_date({YEAR}, 1 + i % 12, 1)",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "FROM generate_series(1, 100) AS i",
        )
        install_catalogue(Indicator)
        c.execute(
            "INSERT INTO reports_collectionround (body_id, year, status, created_at, updated_at) "
            f"VALUES (1, {YEAR}, 'open', now(), now())"
        )
        _insert(
            c,
            "reports_collectionform",
            {
                "id": "o.id",
                "round_id": "1",
                "organization_id": "o.id",
                "audience": "'school'",
                "status": "'submitted'",
                "return_reason": "''",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "FROM registry_organization o WHERE o.id <= "
            f"{BIG_MEMBERS} AND o.kind IN ('vocational_college', 'secondary_school', "
            f"'university') ORDER BY o.id LIMIT {SUBMITTED_FORMS}",
        )
        _insert(
            c,
            "reports_indicatorvalue",
            {
                "id": "f.id * 1000 + i.id",
                "form_id": "f.id",
                "indicator_id": "i.id",
                "value": "CASE WHEN i.unit = 'percent' THEN 80 ELSE 1 + f.id % 50 END",
                "is_synthetic": "true",
                "created_at": "now()",
                "updated_at": "now()",
            },
            "FROM reports_collectionform f CROSS JOIN reports_indicator i "
            "WHERE i.source = 'school'",
        )
        for table in ("registry_membership", "events_event", "reports_indicatorvalue"):
            c.execute(f"ANALYZE {table}")
    print(f"loaded in {time.monotonic() - started:.0f} s", flush=True)


def timed(fn, runs: int) -> float:
    """The median seconds of ``runs`` calls (after one to warm the caches)."""
    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def raw(conn, statements: list[str], runs: int) -> float:
    def run():
        for sql in statements:
            conn.execute(sql).fetchall()

    return timed(run, runs)


REPORT_SQL = [
    # composition and roles at the year's end
    "SELECT o.kind, m.role, count(*) FROM registry_membership m JOIN registry_organization o "
    f"ON o.id = m.organization_id WHERE m.body_id = 1 AND (m.since IS NULL OR m.since <= "
    f"'{YEAR}-12-31') AND (m.until IS NULL OR m.until > '{YEAR}-12-31') GROUP BY 1, 2",
    # events by month, with their ceremonies
    "SELECT e.id, e.name, e.starts_on, c.name FROM events_event e JOIN events_event_bodies b "
    "ON b.event_id = e.id LEFT JOIN events_ceremony c ON c.event_id = e.id WHERE b.body_id = 1 "
    f"AND e.starts_on BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31'",
    "SELECT title, signed_on FROM cooperation_agreement WHERE body_id = 1 AND signed_on "
    f"BETWEEN '{YEAR}-01-01' AND '{YEAR}-12-31'",
    # the collected values added up
    "SELECT v.indicator_id, sum(v.value), count(*) FROM reports_indicatorvalue v JOIN "
    "reports_collectionform f ON f.id = v.form_id JOIN reports_collectionround r ON r.id = "
    f"f.round_id WHERE r.body_id = 1 AND r.year = {YEAR} AND f.status = 'submitted' GROUP BY 1",
]
SUPERVISION_SQL = [
    "SELECT body_id, count(*) FROM registry_membership WHERE (since IS NULL OR since <= "
    f"'{YEAR}-12-31') AND (until IS NULL OR until > '{YEAR}-12-31') GROUP BY 1",
    "SELECT b.body_id, extract(quarter FROM e.starts_on), count(*) FROM events_event_bodies b "
    f"JOIN events_event e ON e.id = b.event_id WHERE e.starts_on BETWEEN '{YEAR}-01-01' AND "
    f"'{YEAR}-12-31' GROUP BY 1, 2",
    "SELECT body_id, count(*) FROM cooperation_agreement WHERE signed_on BETWEEN "
    f"'{YEAR}-01-01' AND '{YEAR}-12-31' GROUP BY 1",
    "SELECT body_id, count(*) FROM cooperation_carrier WHERE founded_on BETWEEN "
    f"'{YEAR}-01-01' AND '{YEAR}-12-31' GROUP BY 1",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database", default="chanjiao_bench_reports")
    parser.add_argument("--reload", action="store_true")
    args = parser.parse_args(argv)

    ensure_database(args.database)
    setup_django(args.database)
    found = counts()
    if args.reload or found != EXPECTED:
        print(f"loading (found {found}) …", flush=True)
        load()
    else:
        print(f"reusing {args.database}: {found}")

    import psycopg
    from django.contrib.auth import get_user_model

    from chanjiao.registry.models import Body
    from chanjiao.reports import annual, supervision
    from chanjiao.reports.charts import report_charts
    from chanjiao.reports.documents import to_docx, to_pdf

    body = Body.objects.get(pk=1)
    admin = get_user_model()(username="bench", is_superuser=True, is_active=True)

    def report(write):
        def run():
            built = annual.build(body, YEAR)
            write(built, report_charts(built))

        return run

    report_data = annual.build(body, YEAR).as_dict()
    members = report_data["indicators"]["members_total"]["value"]
    rows, _indicator = supervision.table(admin, YEAR)
    print(
        f"big body: {members} members at the end of {YEAR}, {report_data['events_total']} events "
        f"({len(report_data['events'])} listed by name); "
        f"supervisor's table: {len(rows)} bodies"
    )
    results = []
    with psycopg.connect(database_url(args.database), autocommit=True) as conn:
        anchors = {
            "docx": raw(conn, REPORT_SQL, args.runs),
            "pdf": raw(conn, REPORT_SQL, args.runs),
            "supervision": raw(conn, SUPERVISION_SQL, args.runs),
        }
    results.append(("docx", timed(report(to_docx), args.runs)))
    results.append(("pdf", timed(report(to_pdf), args.runs)))
    results.append(("supervision", timed(lambda: supervision.table(admin, YEAR), args.runs)))
    failed = False
    print(f"\n{'case':<12} {'seconds':>8} {'target':>7} {'raw SQL':>8} {'ratio':>7}  result")
    for name, seconds in results:
        ok = seconds <= TARGETS[name]
        failed |= not ok
        anchor = anchors[name]
        print(
            f"{name:<12} {seconds:8.2f} {TARGETS[name]:7.1f} {anchor:8.3f} "
            f"{seconds / anchor if anchor else float('inf'):6.0f}x  {'PASS' if ok else 'FAIL'}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
