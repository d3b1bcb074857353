"""Matching end to end: candidates and their scores, runs through the real worker, and the
engine's own checks on what the run proposed and the secretariat accepted."""

import numpy as np
import pytest

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import run_task_worker
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.talent import matching, services
from chanjiao.talent.models import MatchRun, Placement
from chanjiao.talent.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    MajorCategoryFactory,
    MajorClassFactory,
    MajorFactory,
    PostingFactory,
    StudentFactory,
)

engine = pytest.importorskip("chanjiao.talent.engine")


def _matching_world():
    """A body with 8 students of two majors and 3 postings (5 seats), every student applying
    to 2–3 postings with ranks, some with enterprise scores."""
    body = BodyFactory(name="测试智能制造职教集团")
    user = BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user
    equipment = MajorCategoryFactory(code="46", name="装备制造大类")
    automation = MajorClassFactory(category=equipment, code="4603", name="自动化类")
    mech = MajorFactory(name="机电一体化技术", category=equipment, major_class=automation)
    robot = MajorFactory(name="工业机器人技术", category=equipment, major_class=automation)
    school = OrganizationFactory(
        name="测试职业技术学院", kind="vocational_college", region="四川省成都市"
    )
    MembershipFactory(body=body, organization=school)
    cohorts = [
        CohortFactory(school=school, major=mech, body=body, skills=["PLC编程", "电气识图"]),
        CohortFactory(school=school, major=robot, body=body, skills=["工业机器人操作"]),
    ]
    postings = [
        PostingFactory(
            major=mech, headcount=2, body=body, region="四川省成都市", skills=["PLC编程"]
        ),
        PostingFactory(major=robot, headcount=2, body=body, skills=["工业机器人操作"]),
        PostingFactory(major=mech, headcount=1, body=body, region="天津市"),
    ]
    rng = np.random.default_rng(7)
    students = []
    for i in range(8):
        student = StudentFactory(cohort=cohorts[i % 2], region="四川省成都市" if i % 3 else "")
        order = rng.permutation(3)[: 2 + i % 2]
        for rank, p in enumerate(order, start=1):
            ApplicationFactory(
                student=student,
                posting=postings[p],
                student_rank=rank,
                enterprise_score=float(rng.integers(50, 100)) if i % 2 else None,
            )
        students.append(student)
    return body, user, students, postings


def _assignment(candidates, placements) -> np.ndarray:
    assignment = np.full(len(candidates.student_ids), -1, dtype=np.int64)
    for p in placements:
        assignment[candidates.student_ids.index(p.student_id)] = candidates.posting_ids.index(
            p.posting_id
        )
    return assignment


@pytest.mark.django_db(transaction=True)
def test_a_match_run_through_the_real_worker_yields_placements_that_pass_check_stable():
    from django_tasks_db.models import DBTaskResult

    body, user, _students, _postings = _matching_world()
    run = services.match_run_create(actor=user, body=body, mode="stable")
    assert run.status == MatchRun.Status.QUEUED and not run.proposals.exists()

    run_task_worker()

    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED, run.error
    assert DBTaskResult.objects.get(pk=run.task_id).status == "SUCCESSFUL"
    summary = run.summary
    assert summary["students"] == 8 and summary["positions"] == 3 and summary["capacity"] == 5
    assert summary["matched"] == run.proposals.count() == 5
    assert summary["check"]["stable"]["ok"] and summary["check"]["feasible"]["ok"]
    assert summary["ok"] and run.done == run.total and run.attempts == 1
    # The run's result is logged on its history, written by the job as the run's creator.
    change = ObjectChange.objects.filter(content_type__model="matchrun", action="update").get()
    assert change.source == "job" and change.actor == user
    assert change.after["status"] == "succeeded"

    # Every proposal explains its score: the points add up to it.
    for proposal in run.proposals.all():
        points = sum(c["points"] for c in proposal.explanation.values())
        assert points == pytest.approx(proposal.score, abs=1e-3)

    candidates = matching.build_candidates(
        body=body, weights=run.weights, parameters=run.parameters
    )
    instance = candidates.instance()
    placements = services.match_proposals_accept(actor=user, run=run)
    assert len(placements) == 5 and Placement.objects.count() == 5
    report = engine.check_stable(instance, _assignment(candidates, placements))
    assert report.ok, report.summary()


@pytest.mark.django_db(transaction=True)
def test_an_optimal_run_scores_at_least_as_high_as_a_stable_one_and_is_feasible():
    body, user, _students, _postings = _matching_world()
    stable = services.match_run_create(actor=user, body=body, mode="stable")
    optimal = services.match_run_create(actor=user, body=body, mode="optimal")
    run_task_worker()
    stable.refresh_from_db()
    optimal.refresh_from_db()
    assert optimal.status == MatchRun.Status.SUCCEEDED, optimal.error
    assert optimal.summary["check"]["feasible"]["ok"] and optimal.summary["ok"]
    assert optimal.summary["objective"] >= stable.summary["objective"] - 1e-6


def test_placed_students_and_full_postings_leave_the_next_run(db):
    body, user, students, postings = _matching_world()
    first = services.match_run_create(actor=user, body=body)
    matching.match_run_execute(run_id=first.pk)
    services.match_proposals_accept(actor=user, run=MatchRun.objects.get(pk=first.pk))
    second = services.match_run_create(actor=user, body=body)
    summary = matching.match_run_execute(run_id=second.pk)
    assert summary["students"] == 3 and summary["capacity"] == 0 and summary["matched"] == 0


def test_a_run_is_idempotent_once_it_succeeded(db):
    body, user, _students, _postings = _matching_world()
    run = services.match_run_create(actor=user, body=body)
    summary = matching.match_run_execute(run_id=run.pk)
    proposals = list(MatchRun.objects.get(pk=run.pk).proposals.values_list("pk", flat=True))
    assert matching.match_run_execute(run_id=run.pk) == summary
    assert list(MatchRun.objects.get(pk=run.pk).proposals.values_list("pk", flat=True)) == proposals


def test_score_components_give_partial_credit_for_related_majors(world, body):
    """Same major 1, same class 0.6, same category 0.3; skills by Jaccard; region by place."""
    other_equipment = MajorFactory(name="数控技术", category=world["categories"]["equipment"])
    school = world["schools"]["a"]
    same = StudentFactory(cohort=world["cohorts"]["a_mech"], skills=["PLC编程", "焊接"])
    sibling = StudentFactory(cohort=world["cohorts"]["a_robot"], region="天津市")
    cousin = StudentFactory(cohort=CohortFactory(school=school, major=other_equipment, body=body))
    StudentFactory(cohort=world["cohorts"]["a_soft"])  # another category: no candidate
    candidates = matching.build_candidates(
        body=body,
        weights=matching.clean_weights(None),
        parameters=matching.clean_parameters({"include_unapplied": True}),
    )
    posting = candidates.posting_ids.index(world["postings"]["mech"].pk)

    def component(student, name):
        s = candidates.student_ids.index(student.pk)
        (edge,) = np.flatnonzero((candidates.student == s) & (candidates.position == posting))
        return candidates.components[name][edge]

    assert component(same, "major_fit") == 1.0
    assert component(sibling, "major_fit") == 0.6
    assert component(cousin, "major_fit") == 0.3
    # {PLC编程, 焊接} against {PLC编程, 电气识图}: 1 shared of 3.
    assert component(same, "skills_overlap") == pytest.approx(1 / 3)
    assert component(same, "region") == 1.0  # the school's region, 四川省成都市
    assert component(sibling, "region") == 0.0  # prefers 天津市
    assert component(same, "preference_rank") == 0.0  # did not choose it
    soft_students = set(world["cohorts"]["a_soft"].students.values_list("pk", flat=True))
    chosen = {
        candidates.student_ids[s]
        for s, p in zip(candidates.student, candidates.position, strict=True)
        if p == posting
    }
    assert not soft_students & chosen


@pytest.mark.django_db(transaction=True)
def test_a_run_cut_off_by_a_worker_restart_is_queued_again_and_finishes(settings):
    from django_tasks_db.models import DBTaskResult

    settings.CHANJIAO_JOB_LEASE_SECONDS = 0  # its worker stopped beating: gone

    body, user, _students, _postings = _matching_world()
    run = services.match_run_create(actor=user, body=body, mode="stable")
    # The worker died mid-run: its task is marked running and nobody will finish it.
    DBTaskResult.objects.filter(pk=run.task_id).update(status="RUNNING")
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.RUNNING, done=3, total=8)

    assert [r.pk for r in matching.match_runs_recover()] == [run.pk]
    run_task_worker()

    run.refresh_from_db()
    assert run.status == MatchRun.Status.SUCCEEDED, run.error
    assert run.proposals.count() == run.summary["matched"] == 5
    assert matching.match_runs_recover() == []  # nothing left behind


def test_a_run_refused_or_failed_names_what_was_wrong(db):
    """An unknown parameter or posting kind is named with the ones that exist (the message
    had lost its placeholder: 未知参数, but which?). A run that fails in the worker records
    why: the message meant for it raised a TypeError instead, and the run stayed unfinished."""
    from django.core.exceptions import ValidationError

    body, user, _students, _postings = _matching_world()
    with pytest.raises(ValidationError) as refused:
        services.match_run_create(actor=user, body=body, parameters={"colour": "red"})
    assert "colour" in str(refused.value) and "min_score" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.match_run_create(actor=user, body=body, parameters={"kinds": ["gig"]})
    assert "gig" in str(refused.value) and "internship" in str(refused.value)

    run = services.match_run_create(actor=user, body=body)
    MatchRun.objects.filter(pk=run.pk).update(parameters={"colour": "red"})  # an older release's
    with pytest.raises(ValidationError):
        matching.match_run_execute(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert run.error.startswith("匹配失败：") and "colour" in run.error
