"""Every write to talent data. Each service checks the actor's rights, validates, writes in one
transaction and records the change (who, when, before and after).

Matching (人才匹配) is a thin layer over the engine (:mod:`chanjiao.talent.engine`, plain
numpy functions): :func:`match_run_create` records a run and queues it; the worker calls
:func:`match_run_execute`, which builds the candidate edges from the database
(:func:`build_candidates`), solves, verifies the result and stores proposed matches with
their score explanation. Nothing is placed until :func:`match_proposals_accept`.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import can_file_under_body, is_platform_admin, require
from chanjiao.core import batches, jobs
from chanjiao.core.changelog import change_source, create_object, delete_object, update_object
from chanjiao.registry.models import Body

from .models import (
    DEFAULT_WEIGHTS,
    Application,
    Cohort,
    Major,
    MajorCategory,
    MajorClass,
    MatchProposal,
    MatchRun,
    Placement,
    Posting,
    Student,
    split_skills,
)
from .permissions import (
    can_edit_catalogue,
    can_edit_cohort,
    can_edit_posting,
    can_run_matching,
)
from .selectors import ACTIVE_PLACEMENT, BUSY_PLACEMENT, body_scope

logger = logging.getLogger(__name__)


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


# --- the majors catalogue (专业目录) --------------------------------------------------------

_CATALOGUE_DENIED = _("只有平台管理员可以维护专业目录")


def major_category_create(*, actor, **fields: Any) -> MajorCategory:
    """Add a category (专业大类) of a level."""
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(MajorCategory, actor=actor, data=fields)


def major_category_update(*, actor, category: MajorCategory, data: dict) -> MajorCategory:
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(category, actor=actor, data=data)


def major_class_create(*, actor, **fields: Any) -> MajorClass:
    """Add a class (专业类) to a category."""
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(MajorClass, actor=actor, data=fields)


def major_class_update(*, actor, major_class: MajorClass, data: dict) -> MajorClass:
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(major_class, actor=actor, data=data)


def major_create(*, actor, **fields: Any) -> Major:
    """Add a major to the catalogue."""
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(Major, actor=actor, data=fields)


def major_update(*, actor, major: Major, data: dict) -> Major:
    """Change a major (e.g. map it to the industry it serves)."""
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(major, actor=actor, data=data)


# --- cohorts (培养规模) -------------------------------------------------------------------


_COHORT_DENIED = _("只有该校联系人、所属产教融合体秘书处或平台管理员可以修改")


def _skills(data: dict) -> dict:
    if "skills" in data:
        data["skills"] = split_skills(data["skills"])
    return data


def _require_member_of(actor, organization, body) -> None:
    """A unit's contact files cohorts and postings only under bodies the unit belongs to."""
    require(
        can_file_under_body(actor, organization=organization, body=body),
        _("该单位不是所选产教融合体的成员单位，不能将记录归入该产教融合体"),
    )


def cohort_create(*, actor, school, major, **fields: Any) -> Cohort:
    """Record how many students a school trains in a major (by intake and graduation year)."""
    body = fields.get("body")
    _require_member_of(actor, school, body)
    require(can_edit_cohort(actor, school=school, body=body), _COHORT_DENIED)
    data = _skills({"school": school, "major": major, **fields})
    return create_object(Cohort, actor=actor, data=data, related=body)


def cohort_update(*, actor, cohort: Cohort, data: dict) -> Cohort:
    """Change a cohort; moving it to another school or body needs rights there too."""
    require(
        can_edit_cohort(actor, school=cohort.school_id, body=cohort.body_id),
        _COHORT_DENIED,
    )
    if "school" in data or "body" in data:
        school = data.get("school", cohort.school_id)
        body = data.get("body", cohort.body_id)
        _require_member_of(actor, school, body)
        require(can_edit_cohort(actor, school=school, body=body), _COHORT_DENIED)
    return update_object(cohort, actor=actor, data=_skills(dict(data)), related=cohort.body)


def cohort_delete(*, actor, cohort: Cohort) -> None:
    """Delete a cohort recorded by mistake, with its students and their choices."""
    require(
        can_edit_cohort(actor, school=cohort.school_id, body=cohort.body_id),
        _COHORT_DENIED,
    )
    delete_object(cohort, actor=actor, related=cohort.body)


# --- postings (需求岗位) ------------------------------------------------------------------

_POSTING_DENIED = _("只有该企业联系人、所属产教融合体秘书处或平台管理员可以修改需求岗位")


def posting_create(*, actor, enterprise, **fields: Any) -> Posting:
    """Post what an enterprise needs: interns, apprentices, an order class or employees."""
    body = fields.get("body")
    _require_member_of(actor, enterprise, body)
    require(can_edit_posting(actor, enterprise=enterprise, body=body), _POSTING_DENIED)
    data = _skills({"enterprise": enterprise, **fields})
    return create_object(Posting, actor=actor, data=data, related=body)


def posting_update(*, actor, posting: Posting, data: dict) -> Posting:
    """Change a posting (close it with ``status="closed"``)."""
    require(
        can_edit_posting(actor, enterprise=posting.enterprise_id, body=posting.body_id),
        _POSTING_DENIED,
    )
    if "enterprise" in data or "body" in data:
        _require_member_of(
            actor, data.get("enterprise", posting.enterprise_id), data.get("body", posting.body_id)
        )
        require(
            can_edit_posting(
                actor,
                enterprise=data.get("enterprise", posting.enterprise_id),
                body=data.get("body", posting.body_id),
            ),
            _POSTING_DENIED,
        )
    if "headcount" in data and data["headcount"] is not None:
        placed = posting.placements.filter(status__in=ACTIVE_PLACEMENT).count()
        if data["headcount"] < placed:
            raise ValidationError(
                {"headcount": _("已安置 %(n)d 人，需求人数不能少于此数") % {"n": placed}}
            )
    return update_object(posting, actor=actor, data=_skills(dict(data)), related=posting.body)


def posting_delete(*, actor, posting: Posting) -> None:
    """Delete a posting recorded by mistake (one with placements cannot be deleted)."""
    require(
        can_edit_posting(actor, enterprise=posting.enterprise_id, body=posting.body_id),
        _POSTING_DENIED,
    )
    delete_object(posting, actor=actor, related=posting.body)


# --- students (学生) and applications (志愿) ------------------------------------------------


def _require_cohort(actor, cohort: Cohort) -> None:
    require(
        can_edit_cohort(actor, school=cohort.school_id, body=cohort.body_id),
        _COHORT_DENIED,
    )


def student_create(
    *, actor, cohort: Cohort, applications: list[dict] | None = None, **fields: Any
) -> Student:
    """Add a student to a cohort (a name or a code, skills, region), optionally with choices
    ({posting, student_rank, …})."""
    _require_cohort(actor, cohort)
    with transaction.atomic():  # a refused choice leaves no student behind
        student = create_object(
            Student, actor=actor, data=_skills({"cohort": cohort, **fields}), related=cohort
        )
        for app in applications or []:
            application_create(actor=actor, student=student, **app)
    return student


def student_update(*, actor, student: Student, data: dict) -> Student:
    _require_cohort(actor, student.cohort)
    if "cohort" in data:
        _require_cohort(actor, data["cohort"])
    return update_object(student, actor=actor, data=_skills(dict(data)), related=student.cohort)


def student_delete(*, actor, student: Student) -> None:
    _require_cohort(actor, student.cohort)
    delete_object(student, actor=actor, related=student.cohort)


_ENTERPRISE_FIELDS = ("enterprise_rank", "enterprise_score")


def _require_posting(actor, posting: Posting) -> None:
    require(
        can_edit_posting(actor, enterprise=posting.enterprise_id, body=posting.body_id),
        _POSTING_DENIED,
    )


def application_create(*, actor, student: Student, posting: Posting, **fields: Any) -> Application:
    """Record a student's ranked choice of a posting (the student's editors); the enterprise's
    rank or score may be given too by whoever may edit the posting."""
    _require_cohort(actor, student.cohort)
    if any(fields.get(name) is not None for name in _ENTERPRISE_FIELDS):
        _require_posting(actor, posting)
    return create_object(
        Application,
        actor=actor,
        data={"student": student, "posting": posting, **fields},
        related=student.cohort,
    )


def application_update(*, actor, application: Application, data: dict) -> Application:
    """The student's editors change the rank; the posting's editors rank or score applicants."""
    if any(name in data for name in _ENTERPRISE_FIELDS):
        _require_posting(actor, application.posting)
    if set(data) - set(_ENTERPRISE_FIELDS):
        _require_cohort(actor, application.student.cohort)
    return update_object(application, actor=actor, data=data, related=application.student.cohort)


def application_delete(*, actor, application: Application) -> None:
    _require_cohort(actor, application.student.cohort)
    delete_object(application, actor=actor, related=application.student.cohort)


# --- match runs (匹配运行) ---------------------------------------------------------------

_RUN_DENIED = _("只有“%(body)s”的秘书处或平台管理员可以运行匹配或确认结果")


def _require_run(actor, body: Body) -> None:
    require(can_run_matching(actor, body), _RUN_DENIED % {"body": body})


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
        raise ValidationError({"parameters": _("未知参数") % unknown})
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
        raise ValidationError({"parameters": _("未知岗位类型") % bad})
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


def match_run_create(
    *,
    actor,
    body: Body,
    mode: str = MatchRun.Mode.STABLE,
    weights: dict | None = None,
    parameters: dict | None = None,
) -> MatchRun:
    """Record a match run of a body and queue it for the worker (``run_match``).

    ``mode`` is ``stable`` (student-proposing stable matching with capacities) or ``optimal``
    (the assignment of the highest total score). Only the body's secretariat or an admin.
    """
    _require_run(actor, body)
    data = {
        "body": body,
        "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        "mode": mode,
        "weights": clean_weights(weights),
        "parameters": clean_parameters(parameters),
        "status": MatchRun.Status.QUEUED,
    }
    run = create_object(MatchRun, actor=actor, data=data, related=body)
    run.task_id = jobs.enqueue(MatchRun, run.pk, MatchRun.task())
    MatchRun.objects.filter(pk=run.pk).update(task_id=run.task_id)
    return run


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
    claimed = jobs.retry_locked(
        lambda: jobs.claim(
            MatchRun,
            run.pk,
            token=token,
            status=MatchRun.Status.RUNNING,
            phase=MatchRun.Phase.BUILDING,
            done=0,
            total=0,
            error="",
            started_at=timezone.now(),
            finished_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
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
        return _fail(run, _("匹配引擎不可用") % exc)
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
        _fail(run, _("匹配失败") % exc)
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


def match_runs_recover() -> list[MatchRun]:
    """Queue again the runs whose worker is gone; end failed (with the reason) those cut off
    too often. Safe while other workers run (see :func:`chanjiao.core.jobs.recover`); a rerun
    is safe too (the proposals are written in one transaction at the end)."""
    return jobs.recover(MatchRun, task=MatchRun.task(), fail=_fail_recovered)


# --- reviewing proposals and placements (安置) ----------------------------------------------


def _proposal_ids(proposals: Iterable | None) -> list[int] | None:
    if proposals is None:
        return None
    return [_pk(p) for p in proposals]


def match_proposals_accept(*, actor, run: MatchRun, proposals=None) -> list[Placement]:
    """Accept proposed matches of a finished run (all still pending, or those given): each
    becomes a :class:`Placement` (status accepted), logged on the run's history.

    All or nothing: a posting that is full by now, or a student placed meanwhile, refuses the
    whole batch with a message that names them.
    """
    _require_run(actor, run.body)
    if run.status != MatchRun.Status.SUCCEEDED:
        raise ValidationError(_("匹配尚未完成，不能确认结果"))
    qs = run.proposals.filter(decision=MatchProposal.Decision.PROPOSED)
    ids = _proposal_ids(proposals)
    if ids is not None:
        decided = run.proposals.filter(pk__in=ids).exclude(decision=MatchProposal.Decision.PROPOSED)
        if decided.exists():
            raise ValidationError({"proposals": _("部分推荐已审核过")})
        qs = qs.filter(pk__in=ids)
    placements: list[Placement] = []
    today = timezone.localdate()
    with transaction.atomic():
        proposals_list = list(
            qs.select_related("student", "posting__enterprise").order_by("-score", "id")
        )
        postings = {
            p.pk: p
            for p in Posting.objects.select_for_update()
            .filter(pk__in={x.posting_id for x in proposals_list})
            .order_by("pk")
        }
        taken = dict(
            Placement.objects.filter(posting_id__in=list(postings), status__in=ACTIVE_PLACEMENT)
            .order_by()
            .values("posting_id")
            .annotate(n=Count("id"))
            .values_list("posting_id", "n")
        )
        busy = set(
            Placement.objects.filter(
                student_id__in=[x.student_id for x in proposals_list],
                status__in=BUSY_PLACEMENT,
            ).values_list("student_id", flat=True)
        )
        for proposal in proposals_list:
            posting = postings[proposal.posting_id]
            if taken.get(posting.pk, 0) >= posting.headcount:
                raise ValidationError(
                    _("岗位“%(p)s”已满 %(n)d 人") % {"p": posting, "n": posting.headcount}
                )
            if proposal.student_id in busy:
                raise ValidationError(_("学生“%(s)s”已有安置") % {"s": proposal.student})
            placement = create_object(
                Placement,
                actor=actor,
                data={
                    "student": proposal.student,
                    "posting": posting,
                    "body": run.body,
                    "run": run,
                    "proposal": proposal,
                    "status": Placement.Status.ACCEPTED,
                    "accepted_on": today,
                },
                related=run,
            )
            update_object(
                proposal,
                actor=actor,
                data={"decision": MatchProposal.Decision.ACCEPTED},
                related=run,
            )
            taken[posting.pk] = taken.get(posting.pk, 0) + 1
            busy.add(proposal.student_id)
            placements.append(placement)
    return placements


def match_proposals_reject(*, actor, run: MatchRun, proposals) -> int:
    """Mark pending proposals as not taken up (未采纳). Returns how many."""
    _require_run(actor, run.body)
    ids = _proposal_ids(proposals) or []
    count = 0
    with transaction.atomic():
        for proposal in run.proposals.filter(pk__in=ids, decision=MatchProposal.Decision.PROPOSED):
            update_object(
                proposal,
                actor=actor,
                data={"decision": MatchProposal.Decision.REJECTED},
                related=run,
            )
            count += 1
    return count


def _require_placement(actor, body) -> None:
    require(
        can_run_matching(actor, body) if body is not None else is_platform_admin(actor),
        _("只有所属产教融合体秘书处或平台管理员可以修改安置"),
    )


# The date each outcome fills in when it is recorded without one.
_OUTCOME_DATES = {
    Placement.Status.ACCEPTED: "accepted_on",
    Placement.Status.STARTED: "started_on",
    Placement.Status.FINISHED: "finished_on",
    Placement.Status.HIRED: "hired_on",
}


def _with_outcome_date(data: dict, current: Placement | None = None) -> dict:
    status = data.get("status")
    date_field = _OUTCOME_DATES.get(status)
    if date_field and not data.get(date_field) and not getattr(current, date_field, None):
        data[date_field] = timezone.localdate()
    return data


def placement_create(
    *, actor, student: Student, posting: Posting, body: Body, **fields: Any
) -> Placement:
    """Record a placement agreed outside a match run (the body's secretariat or an admin)."""
    _require_placement(actor, body)
    with transaction.atomic():
        posting = Posting.objects.select_for_update().get(pk=posting.pk)
        taken = posting.placements.filter(status__in=ACTIVE_PLACEMENT).count()
        if fields.get("status", Placement.Status.ACCEPTED) in ACTIVE_PLACEMENT and (
            taken >= posting.headcount
        ):
            raise ValidationError({"posting": _("该岗位已满") % posting.headcount})
        data = {"student": student, "posting": posting, "body": body, **fields}
        data.setdefault("status", Placement.Status.ACCEPTED)
        data = _with_outcome_date(data)
        return create_object(Placement, actor=actor, data=data, related=body)


def placement_update(*, actor, placement: Placement, data: dict) -> Placement:
    """Record an outcome (started, finished, hired, withdrawn) and its dates."""
    _require_placement(actor, placement.body)
    allowed = {"status", "accepted_on", "started_on", "finished_on", "hired_on", "notes"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({unknown[0]: _("安置只能修改状态、日期和备注")})
    data = _with_outcome_date(dict(data), placement)
    return update_object(placement, actor=actor, data=data, related=placement.run or placement.body)


def placement_delete(*, actor, placement: Placement) -> None:
    """Delete a placement recorded by mistake; its proposal is pending again."""
    _require_placement(actor, placement.body)
    with transaction.atomic():
        proposal = placement.proposal
        delete_object(placement, actor=actor, related=placement.run or placement.body)
        if proposal is not None:
            update_object(
                proposal,
                actor=actor,
                data={"decision": MatchProposal.Decision.PROPOSED},
                related=proposal.run,
            )
