"""Every write to talent data. Each service checks the actor's rights, validates, writes in one
transaction and records the change (who, when, before and after).

:func:`match_run_create` records a match run (人才匹配) and queues it; the worker's side, from
the database to the engine and back, is :mod:`chanjiao.talent.matching`. Nothing is placed
until :func:`match_proposals_accept`: reviewing proposals and recording placements are in
:mod:`chanjiao.talent.services_matching`, re-exported here.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from chanjiao.accounts.permissions import can_file_under_body, require
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
    MatchRun,
    Posting,
    Student,
    split_skills,
)
from .permissions import (
    can_edit_catalogue,
    can_edit_cohort,
    can_edit_posting,
)
from .selectors import ACTIVE_PLACEMENT

# Reviewing proposals and recording placements live beside this module; they are services too.
from .services_matching import (  # noqa: F401
    ACCEPT_INLINE_LIMIT,
    _require_run,
    accepts_in_background,
    match_acceptance_create,
    match_acceptance_execute,
    match_acceptances_recover,
    match_proposals_accept,
    match_proposals_reject,
    placement_create,
    placement_delete,
    placement_update,
)

logger = logging.getLogger(__name__)


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
                {
                    "headcount": ngettext(
                        "已安置 %(n)d 人，需求人数不能少于此数",
                        "已安置 %(n)d 人，需求人数不能少于此数",
                        placed,
                    )
                    % {"n": placed}
                }
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
