"""Stable mode: deferred acceptance checked by the checker and by the ``matching`` package."""

import numpy as np
import pytest
from hypothesis import given, settings

from chanjiao.talent.engine import Instance, check_stable, stable_match

from .oracles import hospital_resident_oracle, instances, random_instance


@settings(max_examples=200, deadline=None)
@given(instances())
def test_stable_match_is_stable_and_equals_the_matching_package(inst):
    result = stable_match(inst)

    report = check_stable(inst, result.assignment)
    assert report.ok, report.summary()
    np.testing.assert_array_equal(result.assignment, hospital_resident_oracle(inst))
    assert result.matched == int((result.assignment >= 0).sum())
    on_edge = result.assignment[inst.student] == inst.position
    assert result.objective == pytest.approx(float(inst.score[on_edge].sum()))


def test_student_optimal_when_two_stable_matchings_exist():
    # Students 0, 1 and positions 0, 1 (capacity 1) with crossed preferences: both
    # {0→0, 1→1} and {0→1, 1→0} are stable; the students' favourite is the first.
    inst = Instance.from_edges(
        n_students=2,
        n_positions=2,
        capacity=[1, 1],
        student=[0, 0, 1, 1],
        position=[0, 1, 0, 1],
        student_rank=[0, 1, 1, 0],
        position_rank=[1, 0, 0, 1],
        score=[1.0, 1.0, 1.0, 1.0],
    )
    assert stable_match(inst).assignment.tolist() == [0, 1]


def test_capacity_and_position_preference_decide_who_is_rejected():
    # Three students want position 0 (capacity 2); it prefers students 2 and 0; student 1
    # falls back to position 1.
    inst = Instance.from_edges(
        n_students=3,
        n_positions=2,
        capacity=[2, 1],
        student=[0, 1, 1, 2],
        position=[0, 0, 1, 0],
        student_rank=[0, 0, 1, 0],
        position_rank=[1, 2, 0, 0],
        score=[0.0, 0.0, 0.0, 0.0],
    )
    result = stable_match(inst)
    assert result.assignment.tolist() == [0, 1, 0]
    assert result.matched == 3


def test_no_edges_and_zero_capacities_leave_everyone_unmatched():
    empty = Instance.from_edges(
        n_students=3, n_positions=0, capacity=[], student=[], position=[], score=[]
    )
    assert stable_match(empty).assignment.tolist() == [-1, -1, -1]
    closed = Instance.from_edges(
        n_students=2, n_positions=1, capacity=[0], student=[0, 1], position=[0, 0], score=[1, 2]
    )
    result = stable_match(closed)
    assert result.assignment.tolist() == [-1, -1]
    assert result.matched == 0 and result.objective == 0.0


def test_medium_instance_with_long_lists_equals_the_matching_package():
    inst = random_instance(np.random.default_rng(7), 400, 40, max_capacity=12, density=0.3)
    result = stable_match(inst)
    assert check_stable(inst, result.assignment).ok
    np.testing.assert_array_equal(result.assignment, hospital_resident_oracle(inst))
    assert result.stats["rounds"] >= 1
    assert result.stats["proposals"] >= result.matched


def test_progress_never_decreases_and_ends_at_the_total():
    inst = random_instance(np.random.default_rng(3), 200, 20, density=0.4)
    calls = []
    stable_match(inst, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (200, 200)
    assert all(a[0] <= b[0] for a, b in zip(calls, calls[1:], strict=False))
