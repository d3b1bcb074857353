"""Stable mode (稳定匹配): student-proposing deferred acceptance with position capacities.

The hospital/residents problem (Gale–Shapley 1962, Roth 1984). The result is the
student-optimal stable matching: no student and position would both rather have each other
than what they got, and no student could get a better position in any stable matching.

Why rounds instead of a proposal loop: a Python loop over up to 30M proposals takes minutes.
The McVitie–Wilson observation is that the student-optimal stable matching does not depend on
the order in which proposals are made, so every unmatched student may propose at once. Each
round is a handful of numpy operations over the students still looking:

1. every active student proposes to the next position on its list;
2. a proposal worse than a full position's worst held student is rejected at once (one
   comparison with a per-position threshold — most proposals of late rounds end here);
3. the remaining proposals are merged with the held students of the positions they reach;
   each position keeps its best ``capacity`` by ``position_rank``, the rest are rejected;
4. rejected students move one step down their lists and form the next round.

Edges are addressed by their *position-major index* ``q = start[position] + position_rank``:
sorting q's groups them by position and orders each group by the position's preference, so a
position's choice is a sort of plain integers (and merging two sorted runs is linear).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from .instance import Instance, Result, csr_start

__all__ = ["stable_match"]

_PROGRESS_EVERY = 0.2  # seconds between progress calls, so a job writing them stays cheap


def stable_match(inst: Instance, progress: Callable[[int, int], None] | None = None) -> Result:
    """The student-optimal stable matching of ``inst`` (student-proposing deferred acceptance).

    ``progress(done, total)`` is called between rounds (at most every 0.2 s) and once at the
    end; ``done`` counts students that are matched or have exhausted their list and never
    decreases; ``total`` is ``n_students``. ``Result.stats`` has ``rounds`` and ``proposals``.
    """
    t0 = time.perf_counter()
    n, n_pos, m = inst.n_students, inst.n_positions, inst.n_edges
    idx = inst._position_slot.dtype  # int32 unless the instance is huge

    s_deg, s_start = csr_start(inst.student, n)
    p_deg, p_start = csr_start(inst.position, n_pos)
    # q_s[s_start[s] + r] = q of the student's r-th choice; edge_of_q[q] = edge id.
    q_s = np.empty(m, dtype=idx)
    q_s[inst._student_slot] = inst._position_slot
    edge_of_q = np.empty(m, dtype=idx)
    edge_of_q[inst._position_slot] = np.arange(m, dtype=idx)
    pos_of_q = np.repeat(np.arange(n_pos, dtype=idx), p_deg)
    student_of_edge = inst.student

    # A position never holds more students than applied to it: bounds the slot array even
    # for "unlimited" capacities.
    cap = np.minimum(inst.capacity, p_deg)
    c_start = np.zeros(n_pos + 1, dtype=np.int64)
    np.cumsum(cap, out=c_start[1:])
    slots = np.empty(int(c_start[-1]), dtype=idx)  # held q's of each position, best first
    held = np.zeros(n_pos, dtype=np.int64)
    # A proposal q to position p is considered iff q < threshold[p]: anything while p has room
    # (its block ends at p_start[p + 1]), nothing for capacity 0, else better than its worst.
    threshold = np.where(cap > 0, p_start[1:], p_start[:-1]).astype(idx)

    nxt = np.zeros(n, dtype=np.int64)  # index into the student's list of the current proposal
    active = np.flatnonzero(s_deg > 0).astype(idx)
    settled = n - active.size  # matched or list exhausted: monotone
    rounds = proposals = 0
    last_report = t0

    while active.size:
        rounds += 1
        proposals += active.size
        qq = q_s[s_start[active] + nxt[active]]
        contender = qq < threshold[pos_of_q[qq]]
        rejected = active[~contender]
        cq = qq[contender]
        if cq.size:
            cq.sort()
            cp = pos_of_q[cq]
            first = np.empty(cq.size, dtype=bool)
            first[0] = True
            np.not_equal(cp[1:], cp[:-1], out=first[1:])
            touched = cp[first]
            lens = held[touched]
            total = int(lens.sum())
            if total:
                # Held q's of the touched positions, gathered block by block: already sorted,
                # so the concatenation is two sorted runs and timsort merges them linearly.
                ends = np.cumsum(lens)
                offs = np.repeat(c_start[touched] - (ends - lens), lens) + np.arange(total)
                pool = np.concatenate([slots[offs], cq])
                pool.sort(kind="stable")
                pp = pos_of_q[pool]
                first = np.empty(pool.size, dtype=bool)
                first[0] = True
                np.not_equal(pp[1:], pp[:-1], out=first[1:])
            else:
                pool, pp = cq, cp
            group_start = np.flatnonzero(first)
            size = np.diff(np.append(group_start, pool.size))
            rank = np.arange(pool.size) - np.repeat(group_start, size)
            keep = rank < cap[pp]
            kept_pos = pp[keep]
            slots[c_start[kept_pos] + rank[keep]] = pool[keep]
            new_held = np.minimum(size, cap[touched])
            settled += int(new_held.sum() - lens.sum())
            held[touched] = new_held
            full = new_held == cap[touched]
            full_pos = touched[full]
            threshold[full_pos] = slots[c_start[full_pos] + new_held[full] - 1]
            out = pool[~keep]
            if out.size:
                rejected = np.concatenate([rejected, student_of_edge[edge_of_q[out]]])
        nxt[rejected] += 1
        more = nxt[rejected] < s_deg[rejected]
        settled += int(rejected.size - np.count_nonzero(more))
        active = rejected[more]
        if progress is not None and time.perf_counter() - last_report >= _PROGRESS_EVERY:
            progress(settled, n)
            last_report = time.perf_counter()

    assignment = np.full(n, -1, dtype=np.int64)
    total = int(held.sum())
    offs = np.repeat(c_start[:-1] - (np.cumsum(held) - held), held) + np.arange(total)
    final_q = slots[offs]
    matched_edges = edge_of_q[final_q]
    assignment[student_of_edge[matched_edges]] = pos_of_q[final_q]
    objective = float(inst.score[matched_edges].sum())
    if progress is not None:
        progress(n, n)
    return Result(
        assignment=assignment,
        objective=objective,
        matched=total,
        seconds=time.perf_counter() - t0,
        stats={"rounds": rounds, "proposals": proposals},
    )
