"""Reviewers deciding one nomination at once: exactly one decision is taken, the others are
told it was already decided (real database, SQLite or PostgreSQL: each thread has its own
connection and transaction)."""

from __future__ import annotations

import functools

import pytest

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import at_once
from chanjiao.golds import services
from chanjiao.golds.models import GoldsNomination

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_recognise_and_return_on_one_nomination_one_wins(
    submitted, reviewer, secretariat_user
):
    stale = GoldsNomination.objects.get(pk=submitted.pk)  # every thread holds it as "submitted"

    def decide(i: int) -> str:
        if i % 2:
            services.golds_nomination_recognise(
                actor=reviewer, golds_nomination=stale, level="provincial", year=2025
            )
            return "recognised"
        services.golds_nomination_return(
            actor=secretariat_user, golds_nomination=stale, note="补充"
        )
        return "returned"

    outcomes = at_once([functools.partial(decide, i) for i in range(THREADS)])
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
