"""Independent checks of an assignment: stability (稳定性) and feasibility (可行性).

Written apart from the solvers and vectorised over all edges, so they can verify results of
any size (a 30M-edge instance takes a few seconds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .instance import Instance

__all__ = ["CheckReport", "check_feasible", "check_stable"]

_WORST = np.iinfo(np.int64).max


@dataclass
class CheckReport:
    """What is wrong with an assignment; ``ok`` when nothing is.

    ``blocking_pairs`` (k, 2): student, position pairs with an edge that are unmatched to each
    other yet would both rather be together (the student is unmatched or ranks the position
    above its own; the position has room or ranks the student above one it holds).
    ``capacity_violations``: positions holding more students than their capacity.
    ``unacceptable``: students matched to a position they have no edge to.
    """

    blocking_pairs: np.ndarray
    capacity_violations: np.ndarray
    unacceptable: np.ndarray

    @property
    def ok(self) -> bool:
        return not (
            self.blocking_pairs.size or self.capacity_violations.size or self.unacceptable.size
        )

    def summary(self) -> str:
        """One line for logs and the CLI."""
        if self.ok:
            return "ok"
        return (
            f"{len(self.blocking_pairs)} blocking pairs, "
            f"{self.capacity_violations.size} positions over capacity, "
            f"{self.unacceptable.size} unacceptable matches"
        )


def _as_assignment(inst: Instance, assignment) -> np.ndarray:
    a = np.asarray(assignment)
    if a.shape != (inst.n_students,):
        raise ValueError(f"assignment must have shape ({inst.n_students},), got {a.shape}")
    if a.size and a.dtype.kind not in "iu":
        raise ValueError(f"assignment must hold integers, got dtype {a.dtype}")
    a = a.astype(np.int64, copy=False)
    bad = (a < -1) | (a >= inst.n_positions)
    if bad.any():
        s = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"assignment[{s}] = {int(a[s])} is neither -1 nor a position index "
            f"(0..{inst.n_positions - 1})"
        )
    return a


def _feasibility(inst: Instance, a: np.ndarray):
    matched = a >= 0
    load = np.bincount(a[matched], minlength=inst.n_positions)
    over = np.flatnonzero(load > inst.capacity)
    on_edge = a[inst.student] == inst.position  # the edge each matched student holds, if any
    has_edge = np.zeros(inst.n_students, dtype=bool)
    has_edge[inst.student[on_edge]] = True
    unacceptable = np.flatnonzero(matched & ~has_edge)
    return on_edge, load, over, unacceptable


def check_feasible(inst: Instance, assignment) -> CheckReport:
    """Capacities and acceptability only (what the optimal mode promises)."""
    a = _as_assignment(inst, assignment)
    _, _, over, unacceptable = _feasibility(inst, a)
    return CheckReport(np.zeros((0, 2), dtype=np.int64), over, unacceptable)


def check_stable(inst: Instance, assignment) -> CheckReport:
    """Capacities, acceptability and blocking pairs (what the stable mode promises).

    A student matched without an edge counts as worse off than unmatched, and a position
    holding such a student would rather have any applicant — so such matches also show up as
    blocking pairs when someone acceptable is waiting.
    """
    a = _as_assignment(inst, assignment)
    on_edge, load, over, unacceptable = _feasibility(inst, a)
    # The rank each student holds (worst possible when unmatched or matched without an edge)
    # and the worst rank each position holds (worst possible when it holds such a student).
    student_has = np.full(inst.n_students, _WORST, dtype=np.int64)
    student_has[inst.student[on_edge]] = inst.student_rank[on_edge]
    position_worst = np.full(inst.n_positions, -1, dtype=np.int64)
    np.maximum.at(position_worst, inst.position[on_edge], inst.position_rank[on_edge])
    if unacceptable.size:
        position_worst[a[unacceptable]] = _WORST
    s, p = inst.student, inst.position
    student_wants = ~on_edge & (inst.student_rank < student_has[s])
    position_wants = (load[p] < inst.capacity[p]) | (inst.position_rank < position_worst[p])
    blocking = np.flatnonzero(student_wants & position_wants)
    pairs = np.stack([s[blocking], p[blocking]], axis=1).astype(np.int64)
    return CheckReport(pairs, over, unacceptable)
