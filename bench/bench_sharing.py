"""Benchmark of shared-resource bookings under contention (预约并发) on PostgreSQL.

Sets up, in a dedicated database (``chanjiao_bench_sharing`` by default, created and migrated
by this script), one body with an owner unit offering four resources — two exclusive (独占: a
training base whose owner confirms, a robot cell confirmed at once) and two counted (按名额: a
40-seat hall, 12 workstations) — and 16 member units, each with its contact and an API token.
Earlier bookings are removed first, so every run starts empty.

Then 16 clients (threads, each with its own database connection) hammer
``POST /api/v1/resources/{id}/bookings`` for ``--seconds`` (through Django's test client: URL
routing, middleware, authentication, ninja, the service with its row lock, the change log),
each asking for a random resource and a random 1–2 hour slot among the next three days'
working hours (so most requests meet another), 1–6 places on the counted ones; one success in
ten is cancelled again (``POST /bookings/{id}/cancel``), so places free up while others ask.

The anchor: the same rule in hand-written SQL over psycopg from 16 connections (lock the
resource row, sum the overlapping active bookings, insert), the fastest this rule can go on
this server, run on the same resources afterwards.

After each phase a query looks for overbooking — two active bookings of an exclusive resource
that overlap, or an instant at which a counted resource's active bookings hold more places
than its capacity — and the script exits non-zero if it finds any (or if a request failed with
anything but 201 or 409). The data is SYNTHETIC.

    python bench/bench_sharing.py [--seconds 15] [--clients 16] [--database chanjiao_bench_sharing]

``PG_URL`` (default postgres://postgres@127.0.0.1:5432/postgres) says where PostgreSQL is.
"""

from __future__ import annotations

import argparse
import datetime
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_api import database_url, ensure_database, setup_django  # noqa: E402

UNITS = 16
RESOURCES = [
    # name, capacity mode, capacity, owner confirms
    ("数控实训基地", "exclusive", 1, True),
    ("工业机器人工作站", "exclusive", 1, False),
    ("培训报告厅", "counted", 40, False),
    ("实训工位", "counted", 12, True),
]
ACTIVE = ("pending", "confirmed")

OVERBOOKED_SQL = """
SELECT
  (SELECT count(*)
     FROM sharing_booking a
     JOIN sharing_booking b
       ON b.resource_id = a.resource_id AND a.id < b.id
      AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
     JOIN sharing_resource r ON r.id = a.resource_id
    WHERE r.capacity_mode = 'exclusive'
      AND a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed'))
  +
  (SELECT count(*) FROM (
     -- the load of a counted resource peaks at some booking's start: check every start
     SELECT a.id
       FROM sharing_booking a
       JOIN sharing_resource r ON r.id = a.resource_id AND r.capacity_mode = 'counted'
       JOIN sharing_booking b
         ON b.resource_id = a.resource_id AND b.status IN ('pending', 'confirmed')
        AND b.starts_at <= a.starts_at AND b.ends_at > a.starts_at
      WHERE a.status IN ('pending', 'confirmed')
      GROUP BY a.id, r.capacity
     HAVING sum(b.quantity) > r.capacity) AS over)
"""

RAW_BOOK_SQL = """
INSERT INTO sharing_booking
  (created_at, updated_at, resource_id, organization_id, starts_at, ends_at, quantity,
   purpose, status, reason, exclusive)
VALUES (now(), now(), %s, %s, %s, %s, %s, 'anchor', %s, '', %s)
"""


@dataclass
class Phase:
    name: str
    seconds: float = 0.0
    booked: int = 0
    refused: int = 0
    cancelled: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return self.booked + self.refused + len(self.errors)


def setup(clients: int):
    """The body, the owner, the four resources and ``clients`` member units with a contact and
    a token each; earlier bookings removed. Returns (resources, tokens, unit ids)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from chanjiao.accounts.models import ApiToken, OrganizationContact, hash_token
    from chanjiao.registry.models import Body, Membership, Organization
    from chanjiao.sharing.models import Resource

    with connection.cursor() as c:
        c.execute("TRUNCATE sharing_booking RESTART IDENTITY")
        c.execute("DELETE FROM core_objectchange WHERE content_type_id IN "
                  "(SELECT id FROM django_content_type WHERE app_label = 'sharing')")  # fmt: skip
    body, _ = Body.objects.get_or_create(
        name="预约压测职业教育集团（合成数据）",
        defaults={"kind": "vocational_education_group", "level": "municipal"},
    )
    owner, _ = Organization.objects.get_or_create(name="压测提供单位（合成数据）")
    Membership.objects.get_or_create(body=body, organization=owner, role="member")
    resources = []
    for name, mode, capacity, approval in RESOURCES:
        resource, _ = Resource.objects.update_or_create(
            name=name,
            body=body,
            defaults={
                "kind": "training_base",
                "owner": owner,
                "capacity_mode": mode,
                "capacity": capacity,
                "approval_required": approval,
                "opening_hours": [
                    {"weekday": d, "opens": "08:00", "closes": "18:00"} for d in range(1, 8)
                ],
                "audience": "body",
                "is_active": True,
            },
        )
        resources.append(resource)
    users = get_user_model().objects
    tokens, units = [], []
    for i in range(clients):
        unit, _ = Organization.objects.get_or_create(name=f"压测成员单位{i:02d}（合成数据）")
        Membership.objects.get_or_create(body=body, organization=unit, role="member")
        user, _ = users.get_or_create(username=f"bench-sharing-{i:02d}")
        OrganizationContact.objects.get_or_create(user=user, organization=unit)
        raw = ApiToken.generate()
        ApiToken.objects.create(user=user, name="bench", prefix=raw[:8], key_hash=hash_token(raw))
        tokens.append(raw)
        units.append(unit.pk)
    return resources, tokens, units


def _slot(rng: random.Random, today: datetime.date, zone) -> tuple[datetime.datetime, ...]:
    day = today + datetime.timedelta(days=rng.randint(1, 3))
    start = datetime.datetime.combine(day, datetime.time(rng.randint(8, 15)), tzinfo=zone)
    return start, start + datetime.timedelta(hours=rng.randint(1, 2))


def api_phase(resources, tokens, seconds: float) -> Phase:
    """Every client books through the API until the time is up."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    phase = Phase("API")
    lock = threading.Lock()
    start = threading.Barrier(len(tokens))
    zone, today = timezone.get_current_timezone(), timezone.localdate()

    def client(i: int, token: str):
        rng = random.Random(i)
        http = Client()
        headers = {"Authorization": f"Bearer {token}"}
        booked = refused = cancelled = 0
        errors, latencies = [], []
        start.wait()
        until = time.monotonic() + seconds
        try:
            while time.monotonic() < until:
                resource = rng.choice(resources)
                begins, ends = _slot(rng, today, zone)
                payload = {
                    "starts_at": begins.isoformat(),
                    "ends_at": ends.isoformat(),
                    "purpose": "压测",
                    "quantity": 1 if resource.exclusive else rng.randint(1, 6),
                }
                t0 = time.perf_counter()
                response = http.post(
                    f"/api/v1/resources/{resource.pk}/bookings",
                    payload,
                    content_type="application/json",
                    headers=headers,
                )
                latencies.append(time.perf_counter() - t0)
                if response.status_code == 201:
                    booked += 1
                    if rng.random() < 0.1:
                        done = http.post(
                            f"/api/v1/bookings/{response.json()['id']}/cancel",
                            {"reason": "压测取消"},
                            content_type="application/json",
                            headers=headers,
                        )
                        if done.status_code == 200:
                            cancelled += 1
                        else:
                            errors.append(f"cancel {done.status_code} {done.content[:200]!r}")
                elif response.status_code == 409:
                    refused += 1
                else:
                    errors.append(f"{response.status_code} {response.content[:200]!r}")
        finally:
            connection.close()
        with lock:
            phase.booked += booked
            phase.refused += refused
            phase.cancelled += cancelled
            phase.errors += errors
            phase.latencies += latencies

    threads = [threading.Thread(target=client, args=(i, t)) for i, t in enumerate(tokens)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.monotonic() - began
    return phase


def sql_phase(db_url: str, resources, units, seconds: float) -> Phase:
    """The anchor: the same rule in hand-written SQL, one psycopg connection per client."""
    import psycopg
    from django.utils import timezone

    phase = Phase("raw SQL")
    lock = threading.Lock()
    start = threading.Barrier(len(units))
    zone, today = timezone.get_current_timezone(), timezone.localdate()

    def client(i: int, unit: int):
        rng = random.Random(1000 + i)
        booked = refused = 0
        latencies = []
        with psycopg.connect(db_url) as conn:
            start.wait()
            until = time.monotonic() + seconds
            while time.monotonic() < until:
                resource = rng.choice(resources)
                begins, ends = _slot(rng, today, zone)
                quantity = 1 if resource.exclusive else rng.randint(1, 6)
                t0 = time.perf_counter()
                with conn.transaction():
                    conn.execute(
                        "SELECT capacity FROM sharing_resource WHERE id = %s FOR UPDATE",
                        [resource.pk],
                    )
                    # Simpler than the service's sweep: the sum of every overlapping booking
                    # (never less safe, sometimes stricter).
                    (held,) = conn.execute(
                        "SELECT coalesce(sum(quantity), 0) FROM sharing_booking WHERE "
                        "resource_id = %s AND status IN ('pending', 'confirmed') "
                        "AND starts_at < %s AND ends_at > %s",
                        [resource.pk, ends, begins],
                    ).fetchone()
                    if held + quantity <= resource.capacity:
                        conn.execute(
                            RAW_BOOK_SQL,
                            [resource.pk, unit, begins, ends, quantity, "confirmed",
                             resource.exclusive],
                        )  # fmt: skip
                        booked += 1
                    else:
                        refused += 1
                latencies.append(time.perf_counter() - t0)
        with lock:
            phase.booked += booked
            phase.refused += refused
            phase.latencies += latencies

    threads = [threading.Thread(target=client, args=(i, u)) for i, u in enumerate(units)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.monotonic() - began
    return phase


def overbooked() -> int:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(OVERBOOKED_SQL)
        return int(c.fetchone()[0])


def report(phase: Phase, over: int) -> None:
    ms = sorted(x * 1000 for x in phase.latencies) or [0.0]
    p95 = ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]
    print(
        f"{phase.name:<8} {phase.requests:>8} {phase.booked:>7} {phase.refused:>8} "
        f"{len(phase.errors):>6} {phase.requests / phase.seconds:>8.1f} "
        f"{phase.booked / phase.seconds:>10.1f} {statistics.median(ms):>7.1f} {p95:>7.1f} "
        f"{over:>10}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=UNITS)
    parser.add_argument("--database", default="chanjiao_bench_sharing")
    args = parser.parse_args(argv)

    ensure_database(args.database)
    setup_django(args.database)
    import logging

    # Each refused request (409) is a warning of django.request: thousands of lines.
    logging.getLogger("django.request").setLevel(logging.ERROR)
    resources, tokens, units = setup(args.clients)
    print(
        f"{len(resources)} resources (2 exclusive, 2 counted), {args.clients} clients, "
        f"{args.seconds:g} s per phase"
    )

    api = api_phase(resources, tokens, args.seconds)
    api_over = overbooked()
    from django.db import connection

    with connection.cursor() as c:
        c.execute("TRUNCATE sharing_booking")
    raw = sql_phase(database_url(args.database), resources, units, args.seconds)
    raw_over = overbooked()

    print(
        f"\n{'phase':<8} {'requests':>8} {'booked':>7} {'refused':>8} {'errors':>6} "
        f"{'req/s':>8} {'bookings/s':>10} {'p50 ms':>7} {'p95 ms':>7} {'overbooked':>10}"
    )
    report(api, api_over)
    report(raw, raw_over)
    ratio = (raw.requests / raw.seconds) / (api.requests / api.seconds) if api.requests else 0
    print(
        f"\nAPI: {api.booked} booked, {api.refused} refused (409), {api.cancelled} cancelled "
        f"again; raw SQL handles {ratio:.1f}x the requests per second"
    )
    for error in api.errors[:10]:
        print(f"  error: {error}")
    failed = bool(api_over or raw_over or api.errors)
    print(f"overbooked: {api_over + raw_over} (must be 0)  {'FAIL' if failed else 'PASS'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
