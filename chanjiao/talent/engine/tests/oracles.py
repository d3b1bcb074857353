"""Test oracles and instance generators for the engine tests (no Django needed).

The oracles are independent implementations: the ``matching`` package's hospital/residents
solver for the stable mode, networkx's min-cost flow for the optimal mode and a brute-force
definition of a blocking pair for the checker.
"""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
from hypothesis import strategies as st

from chanjiao.talent.engine import SCALE, Instance


def random_instance(
    rng: np.random.Generator,
    n_students: int,
    n_positions: int,
    *,
    max_capacity: int = 4,
    density: float = 0.5,
    dense_ranks: bool = True,
    derive_position_rank: bool = False,
) -> Instance:
    """Random acceptable sets; student ranks by a random order, position ranks by a random
    priority over all students (gapped unless ``dense_ranks``), scores normal with ties."""
    capacity = rng.integers(0, max_capacity + 1, n_positions)
    student, position, student_rank = [], [], []
    for s in range(n_students):
        chosen = np.flatnonzero(rng.random(n_positions) < density)
        chosen = rng.permutation(chosen)
        student += [s] * chosen.size
        position += chosen.tolist()
        student_rank += list(range(chosen.size))
    student = np.array(student, dtype=np.int64)
    position = np.array(position, dtype=np.int64)
    student_rank = np.array(student_rank, dtype=np.int64)
    # Each position's priority over all students; used as a gapped rank, or densified.
    priority = np.argsort(rng.random((max(n_positions, 1), max(n_students, 1))), axis=1)
    position_rank = priority[position, student] if student.size else np.zeros(0, np.int64)
    if not dense_ranks:
        student_rank = student_rank * 3 + 7  # same order, gaps and an offset
    score = np.round(rng.normal(0.5, 1.0, student.size), 2)  # ties and negatives on purpose
    return Instance.from_edges(
        n_students=n_students,
        n_positions=n_positions,
        capacity=capacity,
        student=student,
        position=position,
        student_rank=student_rank,
        position_rank=None if derive_position_rank else position_rank,
        score=score,
    )


@st.composite
def instances(draw, max_students: int = 30, max_positions: int = 8, max_capacity: int = 4):
    """Small random instances: ≤ 30 students, ≤ 8 positions, capacities 0–4."""
    n = draw(st.integers(0, max_students))
    p = draw(st.integers(0, max_positions))
    density = draw(st.sampled_from([0.0, 0.2, 0.5, 0.8, 1.0]))
    dense = draw(st.booleans())
    derive = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    return random_instance(
        np.random.default_rng(seed),
        n,
        p,
        max_capacity=max_capacity,
        density=density,
        dense_ranks=dense,
        derive_position_rank=derive,
    )


def hospital_resident_oracle(inst: Instance) -> np.ndarray:
    """The student-optimal stable matching by ``matching.games.HospitalResident``."""
    from matching.games import HospitalResident

    resident_prefs: dict[int, list[int]] = {}
    for e in np.lexsort((inst.student_rank, inst.student)):
        if inst.capacity[inst.position[e]] > 0:  # the package cannot hold capacity-0 hospitals
            resident_prefs.setdefault(int(inst.student[e]), []).append(int(inst.position[e]))
    hospital_prefs: dict[int, list[int]] = {}
    for e in np.lexsort((inst.position_rank, inst.position)):
        if inst.capacity[inst.position[e]] > 0:
            hospital_prefs.setdefault(int(inst.position[e]), []).append(int(inst.student[e]))
    assignment = np.full(inst.n_students, -1, dtype=np.int64)
    if not resident_prefs:
        return assignment
    capacities = {h: int(inst.capacity[h]) for h in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        matching = game.solve(optimal="resident")
        assert game.check_validity() and game.check_stability()
    for hospital, residents in matching.items():
        for resident in residents:
            assignment[resident.name] = hospital.name
    return assignment


def networkx_optimum(inst: Instance, scale: float = SCALE) -> tuple[int, float]:
    """Minimum integer cost and the float score of the chosen edges, by networkx min-cost flow
    on source → students → positions → sink with an unmatched (score 0) bypass per student."""
    graph = nx.DiGraph()
    n = inst.n_students
    source, sink = "source", "sink"
    graph.add_node(source, demand=-n)
    graph.add_node(sink, demand=n)
    for s in range(n):
        graph.add_edge(source, ("s", s), capacity=1, weight=0)
        graph.add_edge(("s", s), sink, capacity=1, weight=0)  # stay unmatched: score 0
    for p in range(inst.n_positions):
        graph.add_edge(("p", p), sink, capacity=int(inst.capacity[p]), weight=0)
    cost = np.rint(inst.score * scale).astype(np.int64)
    for e in range(inst.n_edges):
        graph.add_edge(
            ("s", int(inst.student[e])),
            ("p", int(inst.position[e])),
            capacity=1,
            weight=-int(cost[e]),
        )
    flow_cost, flow = nx.network_simplex(graph)
    objective = sum(
        float(inst.score[e])
        for e in range(inst.n_edges)
        if flow[("s", int(inst.student[e]))][("p", int(inst.position[e]))] > 0
    )
    return int(flow_cost), objective


def brute_force_blocking_pairs(inst: Instance, assignment: np.ndarray) -> set[tuple[int, int]]:
    """Blocking pairs straight from the definition, one edge at a time."""
    rank_of = {}
    for e in range(inst.n_edges):
        s, p = int(inst.student[e]), int(inst.position[e])
        rank_of[s, p] = (int(inst.student_rank[e]), int(inst.position_rank[e]))
    pairs = set()
    for (s, p), (srank, prank) in rank_of.items():
        current = int(assignment[s])
        if current == p:
            continue
        held = rank_of.get((s, current)) if current >= 0 else None
        student_wants = current < 0 or held is None or srank < held[0]
        holders = [t for t in range(inst.n_students) if assignment[t] == p]
        position_wants = len(holders) < inst.capacity[p] or any(
            (t, p) not in rank_of or prank < rank_of[t, p][1] for t in holders
        )
        if student_wants and position_wants:
            pairs.add((s, p))
    return pairs
