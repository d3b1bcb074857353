"""Optimal mode: OR-Tools min-cost flow checked against networkx."""

import numpy as np
import pytest
from hypothesis import given, settings

from chanjiao.talent.engine import SCALE, Instance, check_feasible, optimal_match

from .oracles import instances, networkx_optimum


@settings(max_examples=200, deadline=None)
@given(instances())
def test_optimal_objective_equals_networkx_and_respects_capacities(inst):
    result = optimal_match(inst)

    assert check_feasible(inst, result.assignment).ok
    load = np.bincount(result.assignment[result.assignment >= 0], minlength=inst.n_positions)
    assert (load <= inst.capacity).all()
    chosen = result.assignment[inst.student] == inst.position
    assert result.matched == int(chosen.sum()) == int((result.assignment >= 0).sum())
    assert result.objective == pytest.approx(float(inst.score[chosen].sum()))

    nx_cost, nx_objective = networkx_optimum(inst)
    our_cost = -int(np.rint(inst.score[chosen] * SCALE).sum())
    assert our_cost == nx_cost
    assert result.objective == pytest.approx(nx_objective, abs=1e-6 * max(1, result.matched))


def test_students_stay_unmatched_rather_than_lower_the_total():
    inst = Instance.from_edges(
        n_students=3,
        n_positions=1,
        capacity=[5],
        student=[0, 1, 2],
        position=[0, 0, 0],
        score=[2.5, -1.0, 0.0],
    )
    result = optimal_match(inst)
    assert result.assignment.tolist() == [0, -1, -1]
    assert result.objective == 2.5


def test_optimal_trades_a_first_choice_for_a_higher_total():
    # Position 0 has one seat: the flow gives it to student 1, whose alternative is worse.
    inst = Instance.from_edges(
        n_students=2,
        n_positions=2,
        capacity=[1, 1],
        student=[0, 0, 1],
        position=[0, 1, 0],
        score=[5.0, 4.0, 3.0],
    )
    result = optimal_match(inst)
    assert result.assignment.tolist() == [1, 0]
    assert result.objective == 7.0
    assert result.stats["scale"] == SCALE


def test_huge_scores_lower_the_scale_instead_of_overflowing():
    inst = Instance.from_edges(
        n_students=2,
        n_positions=1,
        capacity=[1],
        student=[0, 1],
        position=[0, 0],
        score=[3e12, 1e12],
    )
    result = optimal_match(inst)
    assert result.assignment.tolist() == [0, -1]
    assert result.stats["scale"] < SCALE
    assert result.objective == 3e12


def test_progress_reports_the_three_steps():
    inst = Instance.from_edges(
        n_students=1, n_positions=1, capacity=[1], student=[0], position=[0], score=[1.0]
    )
    calls = []
    optimal_match(inst, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
