"""The writes of reviewing a match run (推荐匹配) and of placements (安置); part of
:mod:`chanjiao.talent.services`, which re-exports them.

Accepting proposals checks every one first — the run has finished, each proposal is pending,
its posting open with a seat left, its student placed nowhere else — so a refusal writes
nothing. The placements are then written in short batches (:mod:`chanjiao.core.batches`,
docs/decisions/0005), each its own transaction that checks its rows again under lock, so other
writers take their turn between batches; when a row is refused after all (a colleague took the
last seat meanwhile), what the earlier batches wrote is taken back and the proposals are pending
again. Each placement is validated and logged, which takes seconds per hundred: a selection of
more than :data:`ACCEPT_INLINE_LIMIT` proposals is accepted by a background job
(:class:`~chanjiao.talent.models.MatchAcceptance`, queued by :func:`match_acceptance_create`
once the check passed), so the request stays short.
"""

from __future__ import annotations

import datetime
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.accounts.permissions import is_platform_admin, require
from chanjiao.core import batches, changelog, jobs
from chanjiao.core.changelog import Actor, create_object, delete_object, given, update_object
from chanjiao.core.models import ObjectChange
from chanjiao.core.words import sentences
from chanjiao.registry.models import Body

from .models import MatchAcceptance, MatchProposal, MatchRun, Placement, Posting, Student
from .permissions import can_run_matching
from .selectors import ACTIVE_PLACEMENT, BUSY_PLACEMENT, body_scope

logger = logging.getLogger(__name__)

#: Above this many proposals an acceptance runs as a background job (about two seconds of
#: writing on SQLite; the page's "确认所选" takes one page of 50, so only "全部确认" goes there).
ACCEPT_INLINE_LIMIT = 100

_RUN_DENIED = gettext_lazy("只有“%(body)s”的秘书处或平台管理员可以运行匹配或确认结果")
_PENDING = MatchProposal.Decision.PROPOSED
_ACCEPTED = MatchProposal.Decision.ACCEPTED


def _require_run(actor: Actor, body: Body) -> None:
    require(can_run_matching(actor, body), _RUN_DENIED % {"body": body})


def _proposal_ids(proposals) -> list[int] | None:
    if proposals is None:
        return None
    return [getattr(p, "pk", p) for p in proposals]


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


def _closed_refusal(posting: Posting) -> dict:
    """{field: message} when ``posting`` is closed: nobody is placed in it any more (the
    placements already there are still updated and withdrawn)."""
    if posting.status == Posting.Status.CLOSED:
        return {"posting": _("岗位“%(posting)s”已关闭，不能再安置") % {"posting": posting}}
    return {}


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


# --- accepting proposals -------------------------------------------------------------------


def _to_accept(run: MatchRun, ids: list[int] | None):
    """The proposals to accept: every pending one of ``run``, or those of ``ids``."""
    qs = run.proposals.filter(decision=_PENDING)
    if ids is not None:
        if run.proposals.filter(pk__in=ids).exclude(decision=_PENDING).exists():
            raise ValidationError({"proposals": _("部分推荐已审核过")})
        qs = qs.filter(pk__in=ids)
    return qs


def _require_no_acceptance(run: MatchRun, job: MatchAcceptance | None = None) -> None:
    """Nothing is reviewed while a background acceptance (other than ``job``) runs."""
    running = run.acceptances.filter(
        status__in=(MatchAcceptance.Status.QUEUED, MatchAcceptance.Status.RUNNING)
    )
    if running.exclude(pk=getattr(job, "pk", None)).exists():
        raise ValidationError(_("该匹配运行已有一项确认正在进行，请等它完成"))


def _check(actor: Actor, run: MatchRun, ids: list[int] | None, *, job=None) -> int:
    """Everything that could refuse accepting, checked before anything is written: how many
    proposals there are to accept, or a ValidationError naming the first refused one. Reads
    ids, not records: four queries for thousands of proposals, in well under a second."""
    _require_run(actor, run.body)
    if run.status != MatchRun.Status.SUCCEEDED:
        raise ValidationError(_("匹配尚未完成，不能确认结果"))
    _require_no_acceptance(run, job)
    qs = _to_accept(run, ids)
    rows = list(qs.order_by("-score", "id").values_list("student_id", "posting_id"))
    postings = Posting.objects.select_related("enterprise").in_bulk({p for _s, p in rows})
    taken = dict(
        Placement.objects.filter(posting_id__in=list(postings), status__in=ACTIVE_PLACEMENT)
        .order_by()
        .values("posting_id")
        .annotate(n=Count("id"))
        .values_list("posting_id", "n")
    )
    busy = set(
        Placement.objects.filter(
            student_id__in=qs.values("student_id"), status__in=BUSY_PLACEMENT
        ).values_list("student_id", flat=True)
    )
    for student_id, posting_id in rows:
        posting = postings[posting_id]
        is_busy = student_id in busy
        refusal = _closed_refusal(posting) or _placing_refusal(
            posting,
            Student.objects.get(pk=student_id) if is_busy else None,
            taken=taken.get(posting_id, 0),
            busy=is_busy,
        )
        if refusal:
            raise ValidationError(next(iter(refusal.values())))
        taken[posting_id] = taken.get(posting_id, 0) + 1
        busy.add(student_id)
    return len(rows)


def _checked(
    actor: Actor, run: MatchRun, ids: list[int] | None, *, job: MatchAcceptance | None = None
) -> list[MatchProposal]:
    """:func:`_check`, then the proposals to accept, best first."""
    _check(actor, run, ids, job=job)
    qs = _to_accept(run, ids).select_related("student", "posting__enterprise")
    return list(qs.order_by("-score", "id"))


def _reopen_taken_back(run: MatchRun, since: datetime.datetime) -> None:
    """After a failed acceptance's placements were taken back: its proposals (accepted, with no
    placement left) are pending again and their acceptance leaves the change log, as if it had
    never happened."""
    orphans = run.proposals.filter(decision=_ACCEPTED, placement__isnull=True)
    ids = list(orphans.values_list("pk", flat=True))
    content_type = ContentType.objects.get_for_model(MatchProposal)
    for start in range(0, len(ids), batches.BATCH_ROWS):
        chunk = ids[start : start + batches.BATCH_ROWS]

        def reopen(chunk=chunk) -> None:
            with transaction.atomic():
                ObjectChange.objects.filter(
                    content_type=content_type,
                    object_id__in=chunk,
                    action=ObjectChange.Action.UPDATE,
                    time__gte=since,
                    after__decision=_ACCEPTED,
                ).delete()
                MatchProposal.objects.filter(pk__in=chunk, decision=_ACCEPTED).update(
                    decision=_PENDING
                )

        jobs.retry_locked(reopen, what="taking back an acceptance")


def _write_placements(
    actor: Actor,
    run: MatchRun,
    proposals: list[MatchProposal],
    *,
    since: datetime.datetime,
    job: MatchAcceptance | None = None,
    lease: jobs.Lease | None = None,
    progress=None,
) -> list[Placement]:
    """Write a placement for each checked proposal and mark it accepted, in short batches;
    every row is checked again under lock. On failure everything is taken back."""
    today = timezone.localdate()

    def write_row(i: int, batch: batches.Batch) -> None:
        proposal = proposals[i]
        postings, taken, busy = _lock_for_placing([proposal.posting_id], [proposal.student_id])
        if not MatchProposal.objects.filter(pk=proposal.pk, decision=_PENDING).exists():
            raise ValidationError({"proposals": _("部分推荐已审核过")})
        posting = postings[proposal.posting_id]
        refusal = _closed_refusal(posting) or _placing_refusal(
            posting,
            proposal.student,
            taken=taken.get(posting.pk, 0),
            busy=proposal.student_id in busy,
        )
        if refusal:
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
        batch.wrote(placement)
        update_object(proposal, actor=actor, data={"decision": _ACCEPTED}, related=run)
        batch.remember(i, placement)

    try:
        out = batches.write_in_batches(
            len(proposals),
            write_row,
            take_back_order=("talent.placement",),
            job=job,
            lease=lease,
            progress=progress,
            # the caller's source (ui, api), or "job" in the worker
            source="job" if job is not None else changelog._source.get(),
            what="accepting proposals",
        )
    except jobs.LeaseLost:
        raise
    except BaseException:
        _reopen_taken_back(run, since)
        raise
    return [out.remembered[i] for i in range(len(proposals))]


def match_proposals_accept(*, actor: Actor, run: MatchRun, proposals=None) -> list[Placement]:
    """Accept proposed matches of a finished run (all still pending, or those given): each
    becomes a :class:`Placement` (status accepted), logged on the run's history.

    All or nothing: a closed or full posting, or a student placed meanwhile, refuses them all
    with a message that names it. Written in short batches (see the module docstring); more
    than :data:`ACCEPT_INLINE_LIMIT` proposals are for :func:`match_acceptance_create`.
    """
    since = timezone.now()
    checked = _checked(actor, run, _proposal_ids(proposals))
    return _write_placements(actor, run, checked, since=since)


def accepts_in_background(run: MatchRun, proposals=None) -> bool:
    """Whether accepting these proposals (all pending: None) is for a background job."""
    return _to_accept(run, _proposal_ids(proposals)).count() > ACCEPT_INLINE_LIMIT


def match_acceptance_create(*, actor: Actor, run: MatchRun, proposals=None) -> MatchAcceptance:
    """Check the proposals as :func:`match_proposals_accept` does (a refusal queues nothing),
    then queue their acceptance as a background job; the run's page shows its progress."""
    ids = _proposal_ids(proposals)
    total = _check(actor, run, ids)
    data = {
        "run": run,
        "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        "proposal_ids": ids,
        "status": MatchAcceptance.Status.QUEUED,
        "total": total,
    }
    job = create_object(MatchAcceptance, actor=actor, data=data, related=run)
    job.task_id = jobs.enqueue(MatchAcceptance, job.pk, MatchAcceptance.task())
    MatchAcceptance.objects.filter(pk=job.pk).update(task_id=job.task_id)
    return job


def _end_acceptance(job: MatchAcceptance, error: str | None) -> None:
    """End ``job``: succeeded (``error`` None), or failed with everything it wrote taken
    back."""
    fields = {"phase": "", "finished_at": timezone.now()}
    if error is None:
        fields.update(status=MatchAcceptance.Status.SUCCEEDED, error="", done=F("total"))
        jobs.forget_written(MatchAcceptance, job.pk)
    else:
        batches.take_back_job(job, order=("talent.placement",))
        _reopen_taken_back(job.run, job.created_at)
        fields.update(status=MatchAcceptance.Status.FAILED, error=error[:2000], done=0)
    jobs.retry_locked(lambda: MatchAcceptance.objects.filter(pk=job.pk).update(**fields))


def match_acceptance_execute(*, job_id: int, token: str | None = None) -> dict:
    """Run a queued acceptance (the worker's entry point); safe to run again.

    A task whose ``token`` is no longer the job's does nothing; a rerun after a worker died
    resumes (the proposals its placements were written for are accepted, the rest pending). A
    refusal — the proposals were checked when queued, but a posting may have closed or filled
    since — fails the job with its reason and nothing written.
    """
    job = MatchAcceptance.objects.select_related("run__body", "created_by").get(pk=job_id)
    if job.status == MatchAcceptance.Status.SUCCEEDED:
        return {"accepted": job.total}
    fresh = {"phase": MatchAcceptance.Phase.CHECKING, "error": ""}
    if not jobs.start(MatchAcceptance, job.pk, token=token, **fresh):
        return {"skipped": "queued again under another task, or finished"}
    progress = batches.JobProgress(job)
    with jobs.running(MatchAcceptance, job.pk, token=token) as lease:
        try:
            # A cut-off earlier attempt accepted some: the rest are still to do.
            written = jobs.written(MatchAcceptance, job.pk).get("talent.placement", [])
            done = Placement.objects.filter(pk__in=written).values_list("proposal_id", flat=True)
            ids = job.proposal_ids
            if ids is not None:
                ids = sorted(set(ids) - set(done))
            proposals = _checked(job.created_by, job.run, ids, job=job)
            total = len(written) + len(proposals)

            def report(n: int, _total: int) -> None:
                progress.writing(len(written) + n, total)

            progress.phase(MatchAcceptance.Phase.WRITING, total)
            progress.writing(len(written), total)
            _write_placements(
                job.created_by,
                job.run,
                proposals,
                since=job.created_at,
                job=job,
                lease=lease,
                progress=report,
            )
        except jobs.LeaseLost:
            return {"skipped": "taken over by another worker"}
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            _end_acceptance(job, sentences(messages))
            return {"error": sentences(messages)}
        except Exception as exc:
            logger.exception("acceptance %s of match run %s failed", job.pk, job.run_id)
            _end_acceptance(job, _("确认出错，未生成任何安置记录：%(error)s") % {"error": exc})
            raise
        _end_acceptance(job, None)
        return {"accepted": total}


def match_acceptances_recover() -> list[MatchAcceptance]:
    """Queue again the acceptances whose worker is gone; end failed (everything taken back)
    those cut off too often (see :func:`chanjiao.core.jobs.recover`)."""
    return jobs.recover(
        MatchAcceptance,
        task=MatchAcceptance.task(),
        fail=lambda job, why: _end_acceptance(job, why),
    )


def match_proposals_reject(*, actor: Actor, run: MatchRun, proposals) -> int:
    """Mark pending proposals as not taken up (未采纳). Returns how many."""
    _require_run(actor, run.body)
    _require_no_acceptance(run)
    ids = _proposal_ids(proposals) or []
    count = 0
    with transaction.atomic():
        for proposal in run.proposals.filter(pk__in=ids, decision=_PENDING):
            update_object(
                proposal,
                actor=actor,
                data={"decision": MatchProposal.Decision.REJECTED},
                related=run,
            )
            count += 1
    return count


# --- placements (安置) -----------------------------------------------------------------------


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
    """Record a placement agreed outside a match run (the body's secretariat or an admin);
    never in a closed posting."""
    data = given(locals(), "posting")
    _require_placement(actor, body)
    _require_in_scope(student, posting, body)
    with transaction.atomic():
        postings, taken, busy = _lock_for_placing([posting.pk], [student.pk])
        posting = postings[posting.pk]
        refusal = _closed_refusal(posting) or _placing_refusal(
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
