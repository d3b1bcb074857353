"""The weighted score and its per-component explanation."""

import numpy as np
import pytest

from chanjiao.talent.engine import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    explain,
    preference_component,
    score_edges,
)


def test_score_is_the_weighted_sum_and_explain_adds_up():
    components = {
        "major_fit": np.array([1.0, 0.0]),
        "skills_overlap": np.array([0.5, 1.0]),
        "region": np.array([0.0, 1.0]),
        "preference_rank": preference_component(np.array([0, 1])),
    }
    score, contributions = score_edges(components, DEFAULT_WEIGHTS)
    assert score.tolist() == pytest.approx([0.4 + 0.15 + 0.2, 0.3 + 0.1 + 0.1])
    why = explain(contributions, 1)
    assert list(why) == list(components)
    assert why["region"] == pytest.approx(0.1)
    assert sum(why.values()) == pytest.approx(score[1])
    assert set(DEFAULT_WEIGHTS) == set(COMPONENTS)


def test_weights_are_parameters():
    components = {"a": np.array([1.0, 2.0]), "b": np.array([3.0, 0.0])}
    score, _ = score_edges(components, {"a": 2.0, "b": -1.0})
    assert score.tolist() == [-1.0, 4.0]


@pytest.mark.parametrize(
    ("components", "weights", "message"),
    [
        ({"a": [1.0]}, {}, "no weight for component(s): a"),
        ({"a": [1.0]}, {"a": 1, "typo": 1}, "weight(s) for unknown component(s): typo"),
        ({"a": [1.0], "b": [1.0, 2.0]}, {"a": 1, "b": 1}, "component b has 2 values, expected 1"),
        ({"a": [np.nan]}, {"a": 1}, "component a has a value that is not a finite number"),
        ({"a": [[1.0]]}, {"a": 1}, "component a must be one-dimensional"),
        ({"a": [1.0]}, {"a": float("inf")}, "weight of a is not a finite number"),
    ],
)
def test_score_inputs_are_checked(components, weights, message):
    with pytest.raises(ValueError) as excinfo:
        score_edges(components, weights)
    assert message in str(excinfo.value)


def test_preference_component_favours_first_choices():
    assert preference_component([0, 1, 3]).tolist() == [1.0, 0.5, 0.25]
    with pytest.raises(ValueError):
        preference_component([-1])
