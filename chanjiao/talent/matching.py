"""Matching (人才匹配) on the database: the adapter between talent's records and the engine.

:func:`build_candidates` turns a body's students, applications and open postings into the
candidate edges the engine matches over (:mod:`chanjiao.talent.engine`, plain numpy
functions); :func:`match_run_execute` is the worker's side of a run (queued by
:func:`chanjiao.talent.services.match_run_create`): it builds the candidates, solves, verifies
the result and stores the proposed matches with their score explanation, writing its
progress as it goes; :func:`match_runs_recover` queues again the runs whose worker is gone.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.core import batches, jobs
from chanjiao.core.changelog import change_source, update_object
from chanjiao.registry.models import Body

from .models import (
    DEFAULT_WEIGHTS,
    Application,
    MatchAcceptance,
    MatchProposal,
    MatchRun,
    Placement,
    Posting,
    Student,
)
from .selectors import ACTIVE_PLACEMENT, BUSY_PLACEMENT, body_scope
from .services_matching import match_acceptances_recover

logger = logging.getLogger(__name__)


# --- a run's weights and parameters --------------------------------------------------------


def clean_weights(weights: dict | None) -> dict[str, float]:
    """The score weights to use: known components only, none negative, not all zero."""
    if not weights:
        return dict(DEFAULT_WEIGHTS)
    unknown = sorted(set(weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise ValidationError(
            {
                "weights": _("未知的评分项：%(names)s；可用：%(ok)s")
                % {"names": ", ".join(unknown), "ok": ", ".join(DEFAULT_WEIGHTS)}
            }
        )
    out: dict[str, float] = {}
    for name in DEFAULT_WEIGHTS:
        value = weights.get(name, 0.0)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValidationError({"weights": _("权重须为数字")}) from None
        if not math.isfinite(value) or value < 0 or value > 100:
            raise ValidationError({"weights": _("权重应在 0–100")})
        out[name] = value
    if not any(out.values()):
        raise ValidationError({"weights": _("权重不能全为 0")})
    return out


def clean_parameters(parameters: dict | None) -> dict[str, Any]:
    """Run parameters: ``year`` (graduation year of the students), ``kinds`` (posting kinds),
    ``include_unapplied`` (also pair students with postings of a fitting major they did not
    choose) and ``min_score`` (0–1: weaker pairs are not candidates)."""
    params = dict(parameters or {})
    out: dict[str, Any] = {
        "year": None,
        "kinds": [],
        "include_unapplied": False,
        "min_score": 0.0,
    }
    unknown = sorted(set(params) - set(out))
    if unknown:
        raise ValidationError(
            {
                "parameters": _("未知参数：%(names)s；可用：%(ok)s")
                % {"names": ", ".join(unknown), "ok": ", ".join(out)}
            }
        )
    year = params.get("year")
    if year not in (None, ""):
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ValidationError({"parameters": _("年份须为整数")}) from None
        if not 1949 <= year <= 2100:
            raise ValidationError({"parameters": _("年份超出范围")})
        out["year"] = year
    kinds = params.get("kinds") or []
    if isinstance(kinds, str):
        kinds = [kinds]
    bad = [k for k in kinds if k not in Posting.Kind.values]
    if bad:
        raise ValidationError(
            {
                "parameters": _("未知岗位类型：%(kinds)s；可用：%(ok)s")
                % {"kinds": ", ".join(map(str, bad)), "ok": ", ".join(Posting.Kind.values)}
            }
        )
    out["kinds"] = sorted(set(kinds))
    out["include_unapplied"] = bool(params.get("include_unapplied", False))
    try:
        min_score = float(params.get("min_score") or 0.0)
    except (TypeError, ValueError):
        raise ValidationError({"parameters": _("最低分须为数字")}) from None
    if not math.isfinite(min_score) or not 0 <= min_score <= 1:
        raise ValidationError({"parameters": _("最低分应在 0–1")})
    out["min_score"] = min_score
    return out


# --- candidates: the edges the engine matches over ----------------------------------------


def _province(region: str) -> str:
    # 四川省成都市 → 四川; 天津市 → 天津. Two characters name every province-level region.
    return (region or "").strip()[:2]


def _region_fit(student_region: str, posting_region: str) -> float:
    a, b = (student_region or "").strip(), (posting_region or "").strip()
    if not b:
        return 0.5  # the posting takes anyone: neither a plus nor a minus
    if not a:
        return 0.0
    if a in b or b in a:
        return 1.0
    return 0.5 if _province(a) == _province(b) else 0.0


def _jaccard(a: set, b: set) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass
class Candidates:
    """The matching problem of a run as plain arrays, and the rows they stand for.

    Students and positions (postings) are numbered densely; edge ``e`` joins
    ``student_ids[student[e]]`` with ``posting_ids[position[e]]``. Ranks start at 1 (best).
    """

    student_ids: list[int]
    posting_ids: list[int]
    capacity: Any
    student: Any
    position: Any
    student_rank: Any
    position_rank: Any
    score: Any
    components: dict[str, Any]
    contributions: dict[str, Any]
    application_rank: Any
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def n_edges(self) -> int:
        return len(self.student)

    def instance(self):
        """The engine's :class:`Instance` of this problem."""
        from chanjiao.talent.engine import Instance

        return Instance.from_edges(
            n_students=len(self.student_ids),
            n_positions=len(self.posting_ids),
            capacity=self.capacity,
            student=self.student,
            position=self.position,
            # The engine numbers ranks from 0 within each student and position.
            student_rank=self.student_rank - 1,
            position_rank=self.position_rank - 1,
            score=self.score,
        )

    def explanation(self, edge: int) -> dict[str, dict[str, float]]:
        """Per component: its value (0–1), its weight and the points it gave the pair."""
        return {
            name: {
                "value": round(float(self.components[name][edge]), 4),
                "weight": round(float(self.weights.get(name, 0.0)), 4),
                "points": round(float(self.contributions[name][edge]), 4),
            }
            for name in self.components
        }


def _dense_ranks(group, *keys):
    """1-based rank of each edge within its ``group`` (ordered by ``keys``, first is primary)."""
    import numpy as np

    n = len(group)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort(tuple(reversed((group, *keys))))
    ranks = np.empty(n, dtype=np.int64)
    sorted_groups = group[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_groups)) + 1]
    run_start = np.repeat(starts, np.diff(np.r_[starts, n]))
    ranks[order] = np.arange(n) - run_start + 1
    return ranks


def build_candidates(
    *, body: Body, weights: dict[str, float], parameters: dict[str, Any]
) -> Candidates:
    """The students, open postings and candidate pairs of a body's match run.

    Students are those of the body's cohorts not already placed; positions the body's open
    postings with seats left. Candidate pairs are the students' applications (and, with
    ``include_unapplied``, postings of a fitting major they did not choose). Each pair gets
    score components — major fit (same major 1, same class 0.6, same category 0.3), skills
    overlap (Jaccard), region (same place 1, same province 0.5), the student's preference
    (1/rank) and the enterprise's view (score/100, else 1/rank, else 0.5) — weighed by
    ``score_edges``. Students rank their pairs by their choices, then by score; enterprises by
    their own rank or score, then by score.
    """
    import numpy as np

    from chanjiao.talent.engine import score_edges

    students_qs = Student.objects.filter(
        body_scope([body.pk], body_field="cohort__body", org_field="cohort__school")
    ).exclude(pk__in=Placement.objects.filter(status__in=BUSY_PLACEMENT).values("student_id"))
    if parameters.get("year"):
        students_qs = students_qs.filter(cohort__graduation_year=parameters["year"])
    students = list(
        students_qs.order_by("pk").values_list(
            "pk",
            "skills",
            "region",
            "cohort__skills",
            "cohort__major_id",
            "cohort__major__major_class_id",
            "cohort__major__category_id",
            "cohort__school__region",
        )
    )
    postings_qs = Posting.objects.filter(status=Posting.Status.OPEN).filter(
        body_scope([body.pk], org_field="enterprise")
    )
    if parameters.get("kinds"):
        postings_qs = postings_qs.filter(kind__in=parameters["kinds"])
    postings = [
        p
        for p in postings_qs.annotate(
            placed=Count("placements", filter=Q(placements__status__in=ACTIVE_PLACEMENT))
        )
        .order_by("pk")
        .values_list(
            "pk",
            "headcount",
            "placed",
            "skills",
            "region",
            "major_id",
            "major__major_class_id",
            "major__category_id",
        )
        if p[1] - p[2] > 0
    ]
    posting_index = {p[0]: i for i, p in enumerate(postings)}
    student_index = {s[0]: i for i, s in enumerate(students)}

    # The majors each posting accepts: its main major and the others, with class and category.
    accepted: dict[int, list[tuple[int | None, int | None, int | None]]] = {
        p[0]: [(p[5], p[6], p[7])] if p[5] else [] for p in postings
    }
    for pid, mid, cid, gid in Posting.majors.through.objects.filter(
        posting_id__in=list(posting_index)
    ).values_list("posting_id", "major_id", "major__major_class_id", "major__category_id"):
        accepted[pid].append((mid, cid, gid))

    def major_fit(s, pid: int) -> float:
        wanted = accepted[pid]
        if not wanted:
            return 0.5  # no major asked for: neutral
        if any(s[4] == m for m, _c, _g in wanted):
            return 1.0
        if s[5] and any(s[5] == c for _m, c, _g in wanted):
            return 0.6
        if any(s[6] == g for _m, _c, g in wanted):
            return 0.3
        return 0.0

    # Candidate pairs: the applications, then (optionally) fitting postings not chosen.
    pairs: dict[tuple[int, int], tuple[int | None, int | None, float | None]] = {}
    for sid, pid, rank, e_rank, e_score in Application.objects.filter(
        student_id__in=list(student_index), posting_id__in=list(posting_index)
    ).values_list(
        "student_id", "posting_id", "student_rank", "enterprise_rank", "enterprise_score"
    ):
        pairs[(sid, pid)] = (rank, e_rank, e_score)
    if parameters.get("include_unapplied"):
        for s in students:
            for p in postings:
                if (s[0], p[0]) not in pairs and accepted[p[0]] and major_fit(s, p[0]) > 0:
                    pairs[(s[0], p[0])] = (None, None, None)

    keys = sorted(pairs)
    n = len(keys)
    student_arr = np.fromiter((student_index[s] for s, _p in keys), dtype=np.int64, count=n)
    position_arr = np.fromiter((posting_index[p] for _s, p in keys), dtype=np.int64, count=n)
    by_student = {s[0]: s for s in students}
    by_posting = {p[0]: p for p in postings}
    comp = {name: np.zeros(n, dtype=np.float64) for name in DEFAULT_WEIGHTS}
    app_rank = np.zeros(n, dtype=np.int64)  # 0: not chosen by the student
    e_rank_arr = np.full(n, np.inf)
    e_score_arr = np.full(n, np.nan)
    for e, (sid, pid) in enumerate(keys):
        s, p = by_student[sid], by_posting[pid]
        rank, e_rank, e_score = pairs[(sid, pid)]
        skills = set(s[1] or []) or set(s[3] or [])
        comp["major_fit"][e] = major_fit(s, pid)
        comp["skills_overlap"][e] = _jaccard(skills, set(p[3] or []))
        comp["region"][e] = _region_fit(s[2] or s[7], p[4])
        comp["preference_rank"][e] = 1.0 / rank if rank else 0.0
        if e_score is not None:
            comp["enterprise"][e] = e_score / 100.0
        elif e_rank:
            comp["enterprise"][e] = 1.0 / e_rank
        else:
            comp["enterprise"][e] = 0.5
        app_rank[e] = rank or 0
        if e_rank:
            e_rank_arr[e] = e_rank
        if e_score is not None:
            e_score_arr[e] = e_score

    if n:
        score, contributions = score_edges(comp, weights)
        score = np.asarray(score, dtype=np.float64)
        contributions = {k: np.asarray(v, dtype=np.float64) for k, v in contributions.items()}
    else:
        score = np.zeros(0, dtype=np.float64)
        contributions = {k: np.zeros(0, dtype=np.float64) for k in comp}

    keep = score >= float(parameters.get("min_score") or 0.0) - 1e-12
    if not keep.all():
        student_arr, position_arr, score, app_rank = (
            student_arr[keep],
            position_arr[keep],
            score[keep],
            app_rank[keep],
        )
        e_rank_arr, e_score_arr = e_rank_arr[keep], e_score_arr[keep]
        comp = {k: v[keep] for k, v in comp.items()}
        contributions = {k: v[keep] for k, v in contributions.items()}

    # Students: their choices first (in their order), then the rest by score.
    unchosen = (app_rank == 0).astype(np.int64)
    student_rank = _dense_ranks(student_arr, unchosen, app_rank, -score, position_arr)
    # Enterprises: their own rank, then their score, then the computed score.
    e_score_key = np.where(np.isnan(e_score_arr), 1.0, -e_score_arr / 100.0)
    position_rank = _dense_ranks(position_arr, e_rank_arr, e_score_key, -score, student_arr)
    capacity = np.fromiter((p[1] - p[2] for p in postings), dtype=np.int64, count=len(postings))
    return Candidates(
        student_ids=[s[0] for s in students],
        posting_ids=[p[0] for p in postings],
        capacity=capacity,
        student=student_arr,
        position=position_arr,
        student_rank=student_rank,
        position_rank=position_rank,
        score=score,
        components=comp,
        contributions=contributions,
        application_rank=app_rank,
        weights=dict(weights),
    )


# --- running a match run (the worker's side) ----------------------------------------------


class _RunProgress(batches.JobProgress):
    """The run's progress writer (``phase``, ``done``/``total``, at most twice a second).

    The solver runs outside any transaction, so each write is visible to the page at once; the
    engine reports ``(done, total)``, and anything else it passes is ignored, not trusted.
    """

    def phase(self, phase: str, total: int = 0, done: int = 0) -> None:
        total = max(int(total), 0)
        self._update(phase=phase, done=min(max(int(done), 0), total), total=total)
        self._last = time.monotonic()

    def __call__(self, *args, **kwargs) -> None:
        done = kwargs.get("done", args[0] if args else None)
        total = kwargs.get("total", args[1] if len(args) > 1 else None)
        try:
            done, total = max(int(done), 0), max(int(total), 0)
        except (TypeError, ValueError):
            return
        if done < total and time.monotonic() - self._last < self.seconds:
            return
        self._last = time.monotonic()
        self._update(done=min(done, total), total=total)


def _count(value) -> int:
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "__len__"):
        return len(value)
    return int(value)


def _report(check) -> dict[str, Any]:
    return {
        "ok": bool(check.ok),
        "blocking_pairs": _count(getattr(check, "blocking_pairs", 0)),
        "capacity_violations": _count(getattr(check, "capacity_violations", 0)),
        "unacceptable": _count(getattr(check, "unacceptable", 0)),
    }


def match_run_execute(*, run_id: int, token: str | None = None) -> dict:
    """Run a queued match run (the worker's entry point); safe to run again.

    ``token`` is the run token it was queued with (:func:`chanjiao.core.jobs.enqueue`): a
    task whose token is no longer the run's (it was recovered and queued again) does nothing.

    Builds the candidates, solves (stable or optimal), verifies the assignment (stability with
    ``check_stable``, capacities and acceptability with ``check_feasible``) and stores the
    proposed matches with their explanation in one transaction, replacing those of an earlier
    attempt. A run that already succeeded returns its summary.
    """
    run = MatchRun.objects.select_related("body", "created_by").get(pk=run_id)
    if run.status == MatchRun.Status.SUCCEEDED:
        return run.summary
    fresh = {"phase": MatchRun.Phase.BUILDING, "done": 0, "total": 0, "error": ""}
    if not jobs.start(MatchRun, run.pk, token=token, **fresh):
        return {"skipped": "queued again under another task, or finished"}
    with jobs.running(MatchRun, run.pk, token=token) as lease:
        try:
            return _match_run_solve(run, lease)
        except jobs.LeaseLost:
            return {"skipped": "taken over by another worker"}


def _match_run_solve(run: MatchRun, lease: jobs.Lease) -> dict:
    progress = _RunProgress(run, every=10**9)
    try:
        from chanjiao.talent import engine
    except ImportError as exc:
        return _fail(run, _("匹配引擎不可用：%(error)s") % {"error": exc})
    try:
        weights = clean_weights(run.weights)
        parameters = clean_parameters(run.parameters)
        candidates = build_candidates(body=run.body, weights=weights, parameters=parameters)
        summary: dict[str, Any] = {
            "students": len(candidates.student_ids),
            "positions": len(candidates.posting_ids),
            "capacity": int(candidates.capacity.sum()) if len(candidates.capacity) else 0,
            "edges": candidates.n_edges,
        }
        progress.phase(MatchRun.Phase.SOLVING, total=len(candidates.student_ids))
        if candidates.n_edges:
            instance = candidates.instance()
            solve = (
                engine.stable_match if run.mode == MatchRun.Mode.STABLE else engine.optimal_match
            )
            result = solve(instance, progress=progress)
            progress.phase(MatchRun.Phase.CHECKING)
            stable = _report(engine.check_stable(instance, result.assignment))
            feasible = _report(engine.check_feasible(instance, result.assignment))
            assignment = [int(a) for a in result.assignment]
            summary.update(
                matched=int(result.matched),
                objective=round(float(result.objective), 6),
                seconds=round(float(result.seconds), 6),
                check={"stable": stable, "feasible": feasible},
            )
        else:
            assignment = []
            summary.update(
                matched=0,
                objective=0.0,
                seconds=0.0,
                check={
                    "stable": {"ok": True, "blocking_pairs": 0},
                    "feasible": {"ok": True, "capacity_violations": 0, "unacceptable": 0},
                },
            )
        checks = summary["check"]
        summary["ok"] = bool(checks["feasible"]["ok"]) and (
            run.mode != MatchRun.Mode.STABLE or bool(checks["stable"]["ok"])
        )
        progress.phase(MatchRun.Phase.SAVING, total=summary["matched"])
        lease.check()
        jobs.retry_locked(lambda: _save_proposals(run, candidates, assignment, summary))
        return summary
    except jobs.LeaseLost:
        raise
    except Exception as exc:
        logger.exception("match run %s failed", run.pk)
        _fail(run, _("匹配失败：%(error)s") % {"error": exc})
        raise


def _edge_of(candidates: Candidates) -> dict[tuple[int, int], int]:
    return {
        (int(s), int(p)): e
        for e, (s, p) in enumerate(zip(candidates.student, candidates.position, strict=True))
    }


def _save_proposals(
    run: MatchRun, candidates: Candidates, assignment: list[int], summary: dict
) -> None:
    edges = _edge_of(candidates)
    proposals = []
    for i, position in enumerate(assignment):
        if position < 0:
            continue
        e = edges.get((i, position))
        if e is None:  # the engine paired what was never a candidate: the check says so
            continue
        rank = int(candidates.application_rank[e])
        proposals.append(
            MatchProposal(
                run=run,
                student_id=candidates.student_ids[i],
                posting_id=candidates.posting_ids[position],
                score=round(float(candidates.score[e]), 6),
                explanation=candidates.explanation(e),
                student_rank=rank or None,
            )
        )
    with change_source("job"), transaction.atomic():
        MatchProposal.objects.filter(run=run).delete()
        MatchProposal.objects.bulk_create(proposals, batch_size=500)
        fresh = MatchRun.objects.get(pk=run.pk)
        update_object(
            fresh,
            actor=run.created_by,
            data={
                "status": MatchRun.Status.SUCCEEDED,
                "phase": "",
                "summary": summary,
                "done": fresh.total,
                "finished_at": timezone.now(),
            },
            related=run.body,
        )


def _fail(run: MatchRun, message: str) -> dict:
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )
    return {"error": message}


def _fail_recovered(run: MatchRun, reason: str) -> None:
    _fail(run, reason)


def match_runs_recover() -> list[MatchRun | MatchAcceptance]:
    """Queue again the runs, and the background acceptances of their proposals, whose worker is
    gone; end failed (with the reason) those cut off too often. Safe while other workers run
    (see :func:`chanjiao.core.jobs.recover`); a rerun is safe too (the proposals are written in
    one transaction at the end; an acceptance resumes, or is taken back when it fails)."""
    runs = jobs.recover(MatchRun, task=MatchRun.task(), fail=_fail_recovered)
    return [*runs, *match_acceptances_recover()]
