"""The match score (匹配得分) and its explanation, per edge.

The score of a (student, position) edge is a weighted sum of components, each an array with one
value per edge::

    score[e] = Σ_c weights[c] × components[c][e]

The engine does not care what the components are; the talent service uses the four in
``COMPONENTS`` (each scaled to 0..1 so the weights read as shares). Keeping the per-component
contributions lets the UI explain every match: "专业对口 0.32 + 技能匹配 0.18 + …".
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["COMPONENTS", "DEFAULT_WEIGHTS", "explain", "preference_component", "score_edges"]

#: Component names used by the talent service, with their Chinese terms.
COMPONENTS: dict[str, str] = {
    "major_fit": "专业对口",  # the student's major matches the position's majors
    "skills_overlap": "技能匹配",  # share of the position's required skills the student has
    "region": "地域",  # the position is in the student's preferred region
    "preference_rank": "志愿顺序",  # how high the student ranked the position
}

#: Weights the service starts from; every deployment may set its own.
DEFAULT_WEIGHTS: dict[str, float] = {
    "major_fit": 0.4,
    "skills_overlap": 0.3,
    "region": 0.1,
    "preference_rank": 0.2,
}


def score_edges(
    components: Mapping[str, np.ndarray], weights: Mapping[str, float]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """The weighted score per edge and each component's contribution (weight × value).

    Every component needs a weight and every weight a component (a typo must not silently
    weigh nothing). Components must be one-dimensional, of equal length and finite. Returns
    ``(score, contributions)`` with ``score == sum(contributions.values())`` (float64).
    """
    missing = [name for name in components if name not in weights]
    unknown = [name for name in weights if name not in components]
    if missing:
        raise ValueError(f"no weight for component(s): {', '.join(missing)}")
    if unknown:
        raise ValueError(f"weight(s) for unknown component(s): {', '.join(unknown)}")
    length = None
    contributions: dict[str, np.ndarray] = {}
    for name, values in components.items():
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1:
            raise ValueError(f"component {name} must be one-dimensional, got shape {arr.shape}")
        if length is None:
            length = arr.shape[0]
        elif arr.shape[0] != length:
            raise ValueError(f"component {name} has {arr.shape[0]} values, expected {length}")
        if not np.isfinite(arr).all():
            raise ValueError(f"component {name} has a value that is not a finite number")
        weight = float(weights[name])
        if not np.isfinite(weight):
            raise ValueError(f"weight of {name} is not a finite number: {weights[name]!r}")
        contributions[name] = weight * arr
    score = np.zeros(length or 0, dtype=np.float64)
    for contribution in contributions.values():
        score += contribution
    return score, contributions


def explain(contributions: Mapping[str, np.ndarray], edge: int) -> dict[str, float]:
    """Each component's contribution to the score of one edge, in component order.

    The values add up to that edge's score.
    """
    return {name: float(values[edge]) for name, values in contributions.items()}


def preference_component(student_rank: np.ndarray) -> np.ndarray:
    """A student's ranking turned into a 0..1 component: 1 for the first choice, 1/2 for the
    second, 1/(r + 1) for rank r (0-based). Strongly favours the first choices, as students do.
    """
    rank = np.asarray(student_rank, dtype=np.float64)
    if rank.size and rank.min() < 0:
        raise ValueError("student_rank must be ≥ 0")
    return 1.0 / (rank + 1.0)
