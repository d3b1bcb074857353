"""The checker finds what is wrong, so a passing check means something."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chanjiao.talent.engine import Instance, check_feasible, check_stable

from .oracles import brute_force_blocking_pairs, random_instance


def two_by_two() -> Instance:
    # Both students prefer position 0; position 0 prefers student 0. One seat each.
    return Instance.from_edges(
        n_students=2,
        n_positions=2,
        capacity=[1, 1],
        student=[0, 0, 1, 1],
        position=[0, 1, 0, 1],
        student_rank=[0, 1, 0, 1],
        position_rank=[0, 0, 1, 1],
        score=[1.0, 1.0, 1.0, 1.0],
    )


def test_checker_finds_a_blocking_pair_in_an_unstable_assignment():
    report = check_stable(two_by_two(), np.array([1, 0]))
    assert not report.ok
    assert report.blocking_pairs.tolist() == [[0, 0]]
    assert report.capacity_violations.size == 0 and report.unacceptable.size == 0
    assert check_stable(two_by_two(), np.array([0, 1])).ok


def test_an_unmatched_student_and_a_free_seat_block():
    report = check_stable(two_by_two(), np.array([0, -1]))
    assert report.blocking_pairs.tolist() == [[1, 1]]


def test_checker_finds_a_capacity_violation():
    report = check_feasible(two_by_two(), np.array([0, 0]))
    assert report.capacity_violations.tolist() == [0]
    assert not report.ok
    assert "1 positions over capacity" in report.summary()


def test_checker_finds_an_unacceptable_match():
    inst = Instance.from_edges(
        n_students=2, n_positions=2, capacity=[1, 1], student=[0, 1], position=[0, 0], score=[1, 1]
    )
    report = check_feasible(inst, np.array([0, 1]))
    assert report.unacceptable.tolist() == [1]
    assert check_stable(inst, np.array([0, 1])).unacceptable.tolist() == [1]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_blocking_pairs_match_the_definition_on_random_assignments(seed):
    rng = np.random.default_rng(seed)
    inst = random_instance(rng, int(rng.integers(0, 12)), int(rng.integers(1, 5)), density=0.6)
    assignment = rng.integers(-1, inst.n_positions, inst.n_students)
    report = check_stable(inst, assignment)
    assert {tuple(p) for p in report.blocking_pairs.tolist()} == brute_force_blocking_pairs(
        inst, assignment
    )
    load = np.bincount(assignment[assignment >= 0], minlength=inst.n_positions)
    assert report.capacity_violations.tolist() == np.flatnonzero(load > inst.capacity).tolist()


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        (np.array([0]), "shape"),
        (np.array([0, 2]), "assignment[1] = 2"),
        (np.array([-2, 0]), "assignment[0] = -2"),
        (np.array([0.5, 0.0]), "integers"),
    ],
)
def test_a_malformed_assignment_is_rejected(assignment, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_stable(two_by_two(), assignment)
