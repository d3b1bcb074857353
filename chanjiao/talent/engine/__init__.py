"""The matching engine (匹配引擎): plain functions on numpy arrays, no Django inside.

* ``Instance`` — students, positions with capacities, candidate edges with ranks and scores;
* ``stable_match`` — student-proposing deferred acceptance (stable mode, 稳定匹配);
* ``optimal_match`` — maximum total score by OR-Tools min-cost flow (optimal mode, 最优匹配);
* ``check_stable`` / ``check_feasible`` — independent verification of an assignment;
* ``score_edges`` / ``explain`` — the weighted score and its per-component explanation;
* ``run_match_files`` — the same on .csv/.parquet files (``chanjiao match``).

The talent service feeds it from the database; the benchmark in ``bench/`` and the tests in
``tests/`` use it alone.
"""

from .check import CheckReport, check_feasible, check_stable
from .instance import Instance, Result
from .io import MatchInputError, run_match_files
from .optimal import SCALE, optimal_match
from .score import COMPONENTS, DEFAULT_WEIGHTS, explain, preference_component, score_edges
from .stable import stable_match

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "SCALE",
    "CheckReport",
    "Instance",
    "MatchInputError",
    "Result",
    "check_feasible",
    "check_stable",
    "explain",
    "optimal_match",
    "preference_component",
    "run_match_files",
    "score_edges",
    "stable_match",
]
