"""Every write to talent data. Each service checks the actor's rights, validates, writes in one
transaction and records the change (who, when, before and after).

:func:`match_run_create` records a match run (人才匹配) and queues it; the worker's side, from
the database to the engine and back, is :mod:`chanjiao.talent.matching`. Nothing is placed
until :func:`match_proposals_accept`.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import can_file_under_body, is_platform_admin, require
from chanjiao.core import jobs
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.registry.models import Body, Organization

from .matching import clean_parameters, clean_weights
from .models import (
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

_CATALOGUE_DENIED = gettext_lazy("只有平台管理员可以维护专业目录")


def major_category_create(*, actor: Actor, level: str, code: str, name: str) -> MajorCategory:
    """Add a category (专业大类) of a level."""
    fields = given(locals())
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(MajorCategory, actor=actor, data=fields)


def major_category_update(*, actor: Actor, category: MajorCategory, data: dict) -> MajorCategory:
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(category, actor=actor, data=data)


def major_class_create(
    *, actor: Actor, category: MajorCategory, code: str, name: str
) -> MajorClass:
    """Add a class (专业类) to a category."""
    fields = given(locals())
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(MajorClass, actor=actor, data=fields)


def major_class_update(*, actor: Actor, major_class: MajorClass, data: dict) -> MajorClass:
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(major_class, actor=actor, data=data)


def major_create(
    *,
    actor: Actor,
    level: str,
    name: str,
    category: MajorCategory,
    code: str = "",
    major_class: MajorClass | None = None,
    industry: str = "",
    industry_code: str = "",
    is_synthetic: bool = False,
) -> Major:
    """Add a major to the catalogue."""
    fields = given(locals())
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return create_object(Major, actor=actor, data=fields)


def major_update(*, actor: Actor, major: Major, data: dict) -> Major:
    """Change a major (e.g. map it to the industry it serves)."""
    require(can_edit_catalogue(actor), _CATALOGUE_DENIED)
    return update_object(major, actor=actor, data=data)


# --- cohorts (培养规模) -------------------------------------------------------------------


_COHORT_DENIED = gettext_lazy("只有该校联系人、所属产教融合体秘书处或平台管理员可以修改")


def _skills(data: dict) -> dict:
    if "skills" in data:
        data["skills"] = split_skills(data["skills"])
    return data


def _require_member_of(actor: Actor, organization, body) -> None:
    """A unit's contact files cohorts and postings only under bodies the unit belongs to."""
    require(
        can_file_under_body(actor, organization=organization, body=body),
        _("该单位不是所选产教融合体的成员单位，不能将记录归入该产教融合体"),
    )


def cohort_create(
    *,
    actor: Actor,
    school: Organization,
    major: Major,
    intake_year: int,
    graduation_year: int,
    headcount: int,
    name: str = "",
    skills: str | Iterable[str] = (),
    body: Body | None = None,
    is_synthetic: bool = False,
    notes: str = "",
) -> Cohort:
    """Record how many students a school trains in a major (by intake and graduation year)."""
    data = _skills(given(locals()))
    _require_member_of(actor, school, body)
    require(can_edit_cohort(actor, school=school, body=body), _COHORT_DENIED)
    return create_object(Cohort, actor=actor, data=data, related=body)


def cohort_update(*, actor: Actor, cohort: Cohort, data: dict) -> Cohort:
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


def cohort_delete(*, actor: Actor, cohort: Cohort) -> None:
    """Delete a cohort recorded by mistake, with its students and their choices."""
    require(
        can_edit_cohort(actor, school=cohort.school_id, body=cohort.body_id),
        _COHORT_DENIED,
    )
    delete_object(cohort, actor=actor, related=cohort.body)


# --- postings (需求岗位) ------------------------------------------------------------------

_POSTING_DENIED = gettext_lazy("只有该企业联系人、所属产教融合体秘书处或平台管理员可以修改需求岗位")


def posting_create(
    *,
    actor: Actor,
    enterprise: Organization,
    title: str,
    headcount: int,
    kind: str = Posting.Kind.INTERNSHIP,
    major: Major | None = None,
    majors: Iterable[Major] = (),
    skills: str | Iterable[str] = (),
    region: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    status: str = Posting.Status.OPEN,
    body: Body | None = None,
    description: str = "",
    is_synthetic: bool = False,
) -> Posting:
    """Post what an enterprise needs: interns, apprentices, an order class or employees."""
    data = _skills(given(locals()))
    _require_member_of(actor, enterprise, body)
    require(can_edit_posting(actor, enterprise=enterprise, body=body), _POSTING_DENIED)
    return create_object(Posting, actor=actor, data=data, related=body)


def posting_update(*, actor: Actor, posting: Posting, data: dict) -> Posting:
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


def posting_delete(*, actor: Actor, posting: Posting) -> None:
    """Delete a posting recorded by mistake (one with placements cannot be deleted)."""
    require(
        can_edit_posting(actor, enterprise=posting.enterprise_id, body=posting.body_id),
        _POSTING_DENIED,
    )
    delete_object(posting, actor=actor, related=posting.body)


# --- students (学生) and applications (志愿) ------------------------------------------------


def _require_cohort(actor: Actor, cohort: Cohort) -> None:
    require(
        can_edit_cohort(actor, school=cohort.school_id, body=cohort.body_id),
        _COHORT_DENIED,
    )


def student_create(
    *,
    actor: Actor,
    cohort: Cohort,
    display_name: str,
    skills: str | Iterable[str] = (),
    region: str = "",
    is_synthetic: bool = False,
    applications: Iterable[dict[str, Any]] = (),
) -> Student:
    """Add a student to a cohort (a name or a code, skills, region), optionally with choices
    ({posting, student_rank, …})."""
    data = _skills(given(locals(), "applications"))
    _require_cohort(actor, cohort)
    with transaction.atomic():  # a refused choice leaves no student behind
        student = create_object(Student, actor=actor, data=data, related=cohort)
        for app in applications:
            application_create(actor=actor, student=student, **app)
    return student


def student_update(*, actor: Actor, student: Student, data: dict) -> Student:
    _require_cohort(actor, student.cohort)
    if "cohort" in data:
        _require_cohort(actor, data["cohort"])
    return update_object(student, actor=actor, data=_skills(dict(data)), related=student.cohort)


def student_delete(*, actor: Actor, student: Student) -> None:
    _require_cohort(actor, student.cohort)
    delete_object(student, actor=actor, related=student.cohort)


_ENTERPRISE_FIELDS = ("enterprise_rank", "enterprise_score")


def _require_posting(actor: Actor, posting: Posting) -> None:
    require(
        can_edit_posting(actor, enterprise=posting.enterprise_id, body=posting.body_id),
        _POSTING_DENIED,
    )


def application_create(
    *,
    actor: Actor,
    student: Student,
    posting: Posting,
    student_rank: int,
    enterprise_rank: int | None = None,
    enterprise_score: float | None = None,
) -> Application:
    """Record a student's ranked choice of a posting (the student's editors); the enterprise's
    rank or score may be given too by whoever may edit the posting."""
    fields = given(locals())
    _require_cohort(actor, student.cohort)
    if enterprise_rank is not None or enterprise_score is not None:
        _require_posting(actor, posting)
    return create_object(Application, actor=actor, data=fields, related=student.cohort)


def application_update(*, actor: Actor, application: Application, data: dict) -> Application:
    """The student's editors change the rank; the posting's editors rank or score applicants."""
    if any(name in data for name in _ENTERPRISE_FIELDS):
        _require_posting(actor, application.posting)
    if set(data) - set(_ENTERPRISE_FIELDS):
        _require_cohort(actor, application.student.cohort)
    return update_object(application, actor=actor, data=data, related=application.student.cohort)


def application_delete(*, actor: Actor, application: Application) -> None:
    _require_cohort(actor, application.student.cohort)
    delete_object(application, actor=actor, related=application.student.cohort)


# --- match runs (匹配运行) ---------------------------------------------------------------

_RUN_DENIED = gettext_lazy("只有“%(body)s”的秘书处或平台管理员可以运行匹配或确认结果")


def _require_run(actor: Actor, body: Body) -> None:
    require(can_run_matching(actor, body), _RUN_DENIED % {"body": body})


def match_run_create(
    *,
    actor: Actor,
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


# --- reviewing proposals and placements (安置) ----------------------------------------------


def _proposal_ids(proposals: Iterable | None) -> list[int] | None:
    if proposals is None:
        return None
    return [_pk(p) for p in proposals]


def _lock_for_placing(posting_ids, student_ids, *, excluding: int | None = None):
    """Lock the postings, then the students, about to take placements (in one order, so two
    writers wait for each other instead of both taking the last seat). Returns the postings by
    id, the seats each has taken and the students placed already, ``excluding`` a placement."""
    postings = {
        p.pk: p
        for p in Posting.objects.select_for_update().filter(pk__in=set(posting_ids)).order_by("pk")
    }
    list(Student.objects.select_for_update().filter(pk__in=set(student_ids)).order_by("pk"))
    placements = Placement.objects.exclude(pk=excluding) if excluding else Placement.objects
    taken = dict(
        placements.filter(posting_id__in=list(postings), status__in=ACTIVE_PLACEMENT)
        .order_by()
        .values("posting_id")
        .annotate(n=Count("id"))
        .values_list("posting_id", "n")
    )
    busy = placements.filter(student_id__in=set(student_ids), status__in=BUSY_PLACEMENT)
    return postings, taken, set(busy.values_list("student_id", flat=True))


def _placing_refusal(posting: Posting, student, *, taken: int | None, busy: bool) -> dict:
    """Why ``student`` cannot take a seat in ``posting`` now, as {field: message}, or {}: the
    posting is full (``taken`` of its headcount; None: the seat is held already) or the student
    is placed already (``busy``)."""
    if taken is not None and taken >= posting.headcount:
        return {"posting": _("岗位“%(p)s”已满 %(n)d 人") % {"p": posting, "n": posting.headcount}}
    if busy:
        return {"student": _("学生“%(s)s”已有安置") % {"s": student}}
    return {}


def _require_in_scope(student: Student, posting: Posting, body: Body | None) -> None:
    """A body places its own students in its own postings: each filed under the body, or under
    no body by one of its current member units (as a match run of the body picks them)."""
    if body is None:
        return
    errors = {}
    in_body = body_scope([body.pk], body_field="cohort__body", org_field="cohort__school")
    if not Student.objects.filter(in_body, pk=student.pk).exists():
        errors["student"] = _(
            "学生“%(s)s”不属于“%(body)s”：其培养规模未归入该产教融合体，学校也不是其成员单位"
        ) % {"s": student, "body": body}
    if not Posting.objects.filter(
        body_scope([body.pk], org_field="enterprise"), pk=posting.pk
    ).exists():
        errors["posting"] = _(
            "岗位“%(p)s”不属于“%(body)s”：它未归入该产教融合体，发布单位也不是其成员单位"
        ) % {"p": posting, "body": body}
    if errors:
        raise ValidationError(errors)


def match_proposals_accept(*, actor: Actor, run: MatchRun, proposals=None) -> list[Placement]:
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
        postings, taken, busy = _lock_for_placing(
            [x.posting_id for x in proposals_list], [x.student_id for x in proposals_list]
        )
        for proposal in proposals_list:
            posting = postings[proposal.posting_id]
            taken_now, busy_now = taken.get(posting.pk, 0), proposal.student_id in busy
            if refusal := _placing_refusal(
                posting, proposal.student, taken=taken_now, busy=busy_now
            ):
                raise ValidationError(next(iter(refusal.values())))
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


def match_proposals_reject(*, actor: Actor, run: MatchRun, proposals) -> int:
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


def _require_placement(actor: Actor, body) -> None:
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
    *,
    actor: Actor,
    student: Student,
    posting: Posting,
    body: Body,
    status: str = Placement.Status.ACCEPTED,
    accepted_on: datetime.date | None = None,
    started_on: datetime.date | None = None,
    finished_on: datetime.date | None = None,
    hired_on: datetime.date | None = None,
    notes: str = "",
) -> Placement:
    """Record a placement agreed outside a match run (the body's secretariat or an admin)."""
    data = given(locals(), "posting")
    _require_placement(actor, body)
    _require_in_scope(student, posting, body)
    with transaction.atomic():
        postings, taken, busy = _lock_for_placing([posting.pk], [student.pk])
        posting = postings[posting.pk]
        refusal = _placing_refusal(
            posting,
            student,
            taken=taken.get(posting.pk, 0) if status in ACTIVE_PLACEMENT else None,
            busy=status in BUSY_PLACEMENT and student.pk in busy,
        )
        if refusal:
            raise ValidationError(refusal)
        data = _with_outcome_date({**data, "posting": posting})
        return create_object(Placement, actor=actor, data=data, related=body)


def placement_update(*, actor: Actor, placement: Placement, data: dict) -> Placement:
    """Record an outcome (started, finished, hired, withdrawn) and its dates."""
    _require_placement(actor, placement.body)
    allowed = {"status", "accepted_on", "started_on", "finished_on", "hired_on", "notes"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({unknown[0]: _("安置只能修改状态、日期和备注")})
    data = _with_outcome_date(dict(data), placement)
    status = data.get("status", placement.status)
    takes_seat = status in ACTIVE_PLACEMENT and placement.status not in ACTIVE_PLACEMENT
    takes_student = status in BUSY_PLACEMENT and placement.status not in BUSY_PLACEMENT
    with transaction.atomic():
        if takes_seat or takes_student:
            # Back from withdrawn (or finished → hired): the seat or student may be taken now.
            postings, taken, busy = _lock_for_placing(
                [placement.posting_id], [placement.student_id], excluding=placement.pk
            )
            refusal = _placing_refusal(
                postings[placement.posting_id],
                placement.student,
                taken=taken.get(placement.posting_id, 0) if takes_seat else None,
                busy=takes_student and placement.student_id in busy,
            )
            if refusal:
                raise ValidationError(refusal)
        return update_object(
            placement, actor=actor, data=data, related=placement.run or placement.body
        )


def placement_delete(*, actor: Actor, placement: Placement) -> None:
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
