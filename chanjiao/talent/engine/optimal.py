"""Optimal mode (最优匹配): the assignment with the largest total score under capacities.

A min-cost flow on the sparse candidate graph, solved by OR-Tools
(``ortools.graph.python.min_cost_flow.SimpleMinCostFlow``, vectorised arc API)::

    source ──1──▶ student ──1, −score──▶ position ──capacity──▶ sink
       └───────────────────── bypass, cost 0 ───────────────────┘

The source sends one unit per student; a unit through the bypass is a student left unmatched
(score 0), so a student is matched only when that raises the total. Edges whose score rounds
to ≤ 0 can never raise it and are left out of the network.

Scores are floats; the solver needs integers. Costs are ``round(score × scale)`` with
``scale = 1e6`` (scores are exact to 1e-6). The scale is lowered automatically when
``max|score| × scale`` would come near what the solver's int64 cost scaling can hold
(int64_max / (2 × (nodes + 1)), with a margin of 64 — at 1M students scores up to ~60 000 keep
the full scale), and the scale used is in ``Result.stats["scale"]``. The reported objective is the float sum of the
chosen edges' scores, not the scaled integer cost.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from .instance import Instance, Result

__all__ = ["SCALE", "Network", "build_network", "load_network", "optimal_match", "solve_loaded"]

SCALE = 1_000_000
# OR-Tools multiplies every cost by (nodes + 1) and refuses costs above
# int64_max / (2 × (nodes + 1)) (BAD_COST_RANGE); node potentials grow beyond the largest cost
# while it runs, so we keep a further factor of 64 of headroom.
_HEADROOM = 64


@dataclass
class Network:
    """The flow network handed to OR-Tools; arc ``i < edges.size`` carries edge ``edges[i]``."""

    tails: np.ndarray  # int32
    heads: np.ndarray  # int32
    capacities: np.ndarray  # int64
    costs: np.ndarray  # int64
    source: int
    sink: int
    supply: int
    edges: np.ndarray
    scale: float

    @property
    def n_nodes(self) -> int:
        return self.sink + 1


def build_network(inst: Instance, scale: float = SCALE) -> Network:
    """The source → students → positions → sink network with integer costs (see module doc)."""
    n, n_pos, m = inst.n_students, inst.n_positions, inst.n_edges
    source, sink = n + n_pos, n + n_pos + 1
    if n + n_pos + 2 > np.iinfo(np.int32).max or m > np.iinfo(np.int32).max:
        raise ValueError("too many nodes or edges for the solver's int32 ids")
    max_abs = float(np.abs(inst.score).max()) if m else 0.0
    max_cost = np.iinfo(np.int64).max / (2 * (n + n_pos + 3) * _HEADROOM)
    if max_abs * scale > max_cost:
        scale = max_cost / max_abs
    cost = np.rint(inst.score * scale)
    usable = cost > 0
    usable &= inst.capacity[inst.position] > 0
    edges = np.flatnonzero(usable).astype(np.int32)
    del usable
    k = edges.size
    e_student = inst.student[edges]
    e_position = inst.position[edges]
    has_edge = np.bincount(e_student, minlength=n) > 0
    students = np.flatnonzero(has_edge).astype(np.int32)
    p_deg = np.bincount(e_position, minlength=n_pos)
    positions = np.flatnonzero(p_deg).astype(np.int32)
    supply = int(students.size)
    n_arcs = k + students.size + positions.size + 1
    a, b, c = k, k + students.size, k + students.size + positions.size

    tails = np.empty(n_arcs, dtype=np.int32)
    tails[:a] = e_student
    tails[a:b] = source
    tails[b:c] = positions + n
    tails[c] = source
    heads = np.empty(n_arcs, dtype=np.int32)
    np.add(e_position, n, out=heads[:a], casting="unsafe")
    heads[a:b] = students
    heads[b:c] = sink
    heads[c] = sink
    del e_student, e_position
    capacities = np.ones(n_arcs, dtype=np.int64)
    capacities[b:c] = np.minimum(inst.capacity[positions], p_deg[positions])
    capacities[c] = supply
    costs = np.zeros(n_arcs, dtype=np.int64)
    np.negative(cost[edges], out=costs[:a], casting="unsafe")
    return Network(tails, heads, capacities, costs, source, sink, supply, edges, scale)


def load_network(net: Network) -> min_cost_flow.SimpleMinCostFlow:
    """A fresh OR-Tools solver holding ``net`` (arcs added in one vectorised call)."""
    smcf = min_cost_flow.SimpleMinCostFlow()
    smcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.capacities, net.costs)
    smcf.set_nodes_supplies(
        np.array([net.source, net.sink], dtype=np.int32),
        np.array([net.supply, -net.supply], dtype=np.int64),
    )
    return smcf


def solve_loaded(smcf: min_cost_flow.SimpleMinCostFlow) -> float:
    """Solve a loaded network; returns the seconds OR-Tools took. RuntimeError if not optimal."""
    t = time.perf_counter()
    status = smcf.solve()
    seconds = time.perf_counter() - t
    if status != smcf.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow did not reach an optimum: {status}")
    return seconds


def optimal_match(
    inst: Instance,
    progress: Callable[[int, int], None] | None = None,
    *,
    scale: float = SCALE,
) -> Result:
    """The assignment maximising the total score under capacities; students may stay unmatched.

    ``progress(done, 3)`` marks the steps: network built, solved, read back.
    ``Result.stats`` has ``scale``, ``arcs`` and ``solve_seconds`` (OR-Tools alone).
    """
    t0 = time.perf_counter()
    net = build_network(inst, scale)
    if progress is not None:
        progress(1, 3)
    assignment = np.full(inst.n_students, -1, dtype=np.int64)
    solve_seconds = 0.0
    arcs = int(net.tails.size)
    if net.supply:
        smcf = load_network(net)
        # OR-Tools holds its own copy now; free ours before the solver allocates its work arrays.
        net.tails = net.heads = net.capacities = net.costs = None
        solve_seconds = solve_loaded(smcf)
        if progress is not None:
            progress(2, 3)
        flows = smcf.flows(np.arange(net.edges.size, dtype=np.int32))
        del smcf
        chosen = net.edges[flows > 0]
    else:
        chosen = net.edges[:0]
    assignment[inst.student[chosen]] = inst.position[chosen]
    if progress is not None:
        progress(3, 3)
    return Result(
        assignment=assignment,
        objective=float(inst.score[chosen].sum()),
        matched=int(chosen.size),
        seconds=time.perf_counter() - t0,
        stats={"scale": net.scale, "arcs": arcs, "solve_seconds": solve_seconds},
    )
