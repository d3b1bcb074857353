"""The daily routines (每日例行任务) run without cron: the job workers queue them, each once a
day from its time on (site time), however many workers run.

Before, `chanjiao serve` (what `make run` starts) never ran them: agreements kept 履行中 after
their end date and neither the expiry nor the bookings' day-before reminders went out unless
an operator had set up cron."""

from __future__ import annotations

import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from chanjiao.core.models import DailyRun
from chanjiao.core.testing import run_task_worker
from chanjiao.operations import DAILY, queue_daily

SITE = ZoneInfo("Asia/Shanghai")
AGREEMENTS, BOOKINGS = (path for _at, path in DAILY)


def _at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, minute, tzinfo=SITE)


@pytest.mark.django_db
def test_each_routine_is_queued_once_a_day_from_its_time_on():
    assert queue_daily(_at(7, 0, 1)) == []
    assert queue_daily(_at(7, 0, 6)) == [AGREEMENTS]
    assert queue_daily(_at(7, 9)) == []  # a second worker, or the next round
    assert queue_daily(_at(7, 18, 30)) == [BOOKINGS]
    assert queue_daily(_at(7, 23)) == []
    # A worker first started late the next day queues what the day has had so far.
    assert queue_daily(_at(8, 19)) == [AGREEMENTS, BOOKINGS]
    assert DailyRun.objects.count() == 4


@pytest.mark.django_db
def test_the_day_is_the_sites_day():
    # 17:00 UTC on the 6th is 01:00 on the 7th in Beijing: the 7th's agreements run is due.
    utc = datetime.datetime(2026, 12, 6, 17, tzinfo=datetime.UTC)
    assert queue_daily(utc) == [AGREEMENTS]
    assert DailyRun.objects.get().day == datetime.date(2026, 12, 7)


@pytest.mark.django_db
def test_off_when_cron_runs_the_commands(settings):
    settings.CHANJIAO_DAILY = False
    assert queue_daily(_at(7, 20)) == []


@pytest.mark.django_db(transaction=True)
def test_the_queued_routine_moves_an_agreement_past_its_end_date(body):
    from chanjiao.cooperation.models import Agreement
    from chanjiao.cooperation.tests.factories import AgreementFactory

    today = timezone.localdate()
    agreement = AgreementFactory(
        body=body,
        status=Agreement.Status.IN_FORCE,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today - datetime.timedelta(days=2),
    )
    assert AGREEMENTS in queue_daily(timezone.now().replace(hour=12))
    run_task_worker()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_queue_a_routine_once():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time; PostgreSQL races for real")
    results: list[list[str]] = []
    barrier = threading.Barrier(2)

    def worker():
        from django.db import connection as own

        barrier.wait()
        try:
            results.append(queue_daily(_at(7, 12)))
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(map(len, results)) == [0, 1]
    assert DailyRun.objects.filter(task=AGREEMENTS).count() == 1
