"""Reviewers deciding one nomination at once: exactly one decision is taken, the others are
told it was already decided (real database, SQLite or PostgreSQL: each thread has its own
connection and transaction)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from chanjiao.core.exceptions import Conflict
from chanjiao.core.models import ObjectChange
from chanjiao.golds import services
from chanjiao.golds.models import GoldsNomination

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_recognise_and_return_on_one_nomination_one_wins(
    submitted, reviewer, secretariat_user
):
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)
    stale = GoldsNomination.objects.get(pk=submitted.pk)  # every thread holds it as "submitted"

    def decide(i: int):
        start.wait()
        try:
            if i % 2:
                services.golds_nomination_recognise(
                    actor=reviewer, golds_nomination=stale, level="provincial", year=2025
                )
                result = "recognised"
            else:
                services.golds_nomination_return(
                    actor=secretariat_user, golds_nomination=stale, note="补充"
                )
                result = "returned"
        except Conflict as exc:
            result = f"refused: {exc}"
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(outcomes) == THREADS, "a thread did not finish"
    won = [o for o in outcomes if not o.startswith("refused")]
    assert len(won) == 1, outcomes
    assert all(o in won or "已由他人处理" in o for o in outcomes), outcomes
    final = GoldsNomination.objects.get(pk=submitted.pk)
    assert final.status == won[0]
    if final.status == "recognised":
        assert (final.level, final.recognised_year) == ("provincial", 2025)
    else:
        assert final.level == "" and final.recognised_year is None
    decisions = ObjectChange.objects.filter(
        object_id=submitted.pk, action="update", after__status__in=["recognised", "returned"]
    )
    assert decisions.count() == 1
