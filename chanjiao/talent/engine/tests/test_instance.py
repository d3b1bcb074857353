"""Instance validation: every malformed input is refused with a message that says where."""

import numpy as np
import pytest

from chanjiao.talent.engine import Instance
from chanjiao.talent.engine.instance import InstanceError


def edges(**overrides):
    kwargs = {
        "n_students": 2,
        "n_positions": 2,
        "capacity": [1, 1],
        "student": [0, 0, 1],
        "position": [0, 1, 0],
        "student_rank": [0, 1, 0],
        "position_rank": [0, 0, 1],
        "score": [1.0, 0.5, 0.25],
    }
    kwargs.update(overrides)
    return kwargs


def test_valid_instance_keeps_its_arrays_read_only():
    inst = Instance.from_edges(**edges())
    assert inst.n_edges == 3
    assert inst.capacity.dtype == np.int64 and inst.score.dtype == np.float64
    with pytest.raises(ValueError, match="read-only"):
        inst.score[0] = 2.0


def test_missing_ranks_are_derived_from_the_score_higher_is_better():
    inst = Instance.from_edges(
        n_students=2,
        n_positions=3,
        capacity=[1, 1, 1],
        student=[0, 0, 0, 1, 1],
        position=[0, 1, 2, 1, 2],
        score=[0.1, 0.9, 0.5, 0.7, 0.7],
    )
    assert inst.student_rank.tolist() == [2, 0, 1, 0, 1]  # ties: lower position first
    assert inst.position_rank.tolist() == [0, 0, 1, 1, 0]  # position 2: 0.7 before 0.5


def test_gapped_ranks_are_renumbered_keeping_their_order():
    inst = Instance.from_edges(**edges(student_rank=[10, 30, 5], position_rank=[2, 9, 4]))
    assert inst.student_rank.tolist() == [0, 1, 0]
    assert inst.position_rank.tolist() == [0, 0, 1]


@pytest.mark.parametrize(
    ("overrides", "kind", "message"),
    [
        (
            {"student": [0, 0, 0], "position": [0, 1, 0], "student_rank": [0, 1, 2]},
            "duplicate_edge",
            "edges 0 and 2 both join student 0 and position 0",
        ),
        (
            {"student_rank": [0, 0, 0]},
            "student_rank_tie",
            "student 0 has two edges with the same student_rank 0 (edges 0 and 1)",
        ),
        (
            {"position_rank": [3, 0, 3]},
            "position_rank_tie",
            "position 0 has two edges with the same position_rank 3 (edges 0 and 2)",
        ),
        ({"position": [0, 5, 0]}, "edge_value", "position[1] = 5 is not a valid position index"),
        ({"student": [0, -1, 1]}, "edge_value", "student[1] = -1 is not a valid student index"),
    ],
)
def test_edge_errors_name_the_edges(overrides, kind, message):
    with pytest.raises(InstanceError) as excinfo:
        Instance.from_edges(**edges(**overrides))
    assert excinfo.value.kind == kind
    assert message in str(excinfo.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"capacity": [1, -2]}, "capacity[1] = -2 is negative"),
        ({"capacity": [1]}, "capacity has 1 entries, expected 2"),
        ({"score": [1.0, np.nan, 0.0]}, "score[1] = nan is not a finite number"),
        ({"score": [1.0]}, "score must have shape (3,)"),
        ({"student_rank": [0, 1.5, 0]}, "student_rank[1] = 1.5 is not an integer"),
        ({"position": [[0, 1, 0]]}, "position must be one-dimensional"),
        ({"n_students": -1}, "n_students must be ≥ 0"),
        ({"n_positions": 1.5}, "n_positions must be an integer"),
        ({"score": None, "student_rank": None}, "give score, or both"),
    ],
)
def test_value_errors_are_clear(overrides, message):
    with pytest.raises(ValueError) as excinfo:
        Instance.from_edges(**edges(**overrides))
    assert message in str(excinfo.value)


def test_duplicates_are_found_among_students_of_every_degree():
    # Students with 1, 3 and 4 edges; the duplicate hides in the 4-edge student.
    student = [0, 1, 1, 1, 2, 2, 2, 2]
    position = [0, 0, 1, 2, 3, 1, 0, 3]
    with pytest.raises(InstanceError, match="edges 4 and 7 both join student 2 and position 3"):
        Instance.from_edges(
            n_students=3,
            n_positions=4,
            capacity=[1] * 4,
            student=student,
            position=position,
            score=np.arange(8.0),
        )


def test_the_callers_arrays_stay_writable():
    score = np.array([1.0, 0.5, 0.25])
    Instance.from_edges(**edges(score=score))
    score[0] = 3.0  # still the caller's to change
