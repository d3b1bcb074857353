"""Writes to talent data: rights, validation, the change log, reviewing proposals and
recording outcomes."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import OrganizationContactFactory, UserFactory
from chanjiao.talent import services
from chanjiao.talent.models import MatchProposal, MatchRun, Placement
from chanjiao.talent.tests.factories import StudentFactory
from chanjiao.talent.tests.helpers import finished_run


def test_a_school_contact_records_cohorts_of_its_own_school_only(world, body):
    school = world["schools"]["a"]
    contact = OrganizationContactFactory(
        user=UserFactory(username="school-contact"), organization=school
    ).user
    cohort = services.cohort_create(
        actor=contact,
        school=school,
        major=world["majors"]["soft"],
        intake_year=2024,
        graduation_year=2027,
        headcount=25,
        skills="Python、数据库, Python",
    )
    assert cohort.skills == ["Python", "数据库"]
    change = ObjectChange.objects.get(object_id=cohort.pk, content_type__model="cohort")
    assert change.action == "create" and change.actor == contact
    with pytest.raises(PermissionDenied):
        services.cohort_create(
            actor=contact,
            school=world["schools"]["b"],
            major=world["majors"]["soft"],
            intake_year=2024,
            graduation_year=2027,
            headcount=25,
        )


def test_a_cohort_cannot_graduate_before_it_starts(world, secretariat_user, body):
    with pytest.raises(ValidationError):
        services.cohort_create(
            actor=secretariat_user,
            school=world["schools"]["a"],
            major=world["majors"]["mech"],
            intake_year=2025,
            graduation_year=2024,
            headcount=1,
            body=body,
        )


def test_secretariat_of_another_body_cannot_post_demand_under_this_body(
    world, body, other_secretariat
):
    with pytest.raises(PermissionDenied):
        services.posting_create(
            actor=other_secretariat,
            enterprise=world["enterprises"]["e1"],
            title="越权岗位",
            headcount=1,
            body=body,
        )


def test_secretariat_of_another_body_cannot_start_a_run(world, body, other_secretariat):
    before = (MatchRun.objects.count(), ObjectChange.objects.count())
    with pytest.raises(PermissionDenied):
        services.match_run_create(actor=other_secretariat, body=body)
    assert (MatchRun.objects.count(), ObjectChange.objects.count()) == before


def test_a_run_is_recorded_with_its_weights_and_queued(world, body, secretariat_user):
    run = services.match_run_create(
        actor=secretariat_user,
        body=body,
        mode="optimal",
        weights={"major_fit": 2, "skills_overlap": 1},
        parameters={"year": "2026", "kinds": ["internship"]},
    )
    assert run.status == MatchRun.Status.QUEUED and run.task_id
    assert run.weights == {
        "major_fit": 2.0,
        "skills_overlap": 1.0,
        "region": 0.0,
        "preference_rank": 0.0,
        "enterprise": 0.0,
    }
    assert run.parameters["year"] == 2026 and run.parameters["kinds"] == ["internship"]
    change = ObjectChange.objects.get(content_type__model="matchrun", object_id=run.pk)
    assert change.actor == secretariat_user and change.related_object_id == body.pk


@pytest.mark.parametrize(
    "weights, parameters",
    [
        ({"luck": 1}, None),
        ({"major_fit": -1}, None),
        ({"major_fit": 0, "skills_overlap": 0}, None),
        (None, {"year": 1800}),
        (None, {"kinds": ["volunteer"]}),
        (None, {"min_score": 2}),
        (None, {"colour": "red"}),
    ],
)
def test_bad_weights_or_parameters_are_refused(world, body, secretariat_user, weights, parameters):
    with pytest.raises(ValidationError):
        services.match_run_create(
            actor=secretariat_user, body=body, weights=weights, parameters=parameters
        )
    assert not MatchRun.objects.exists()


def _proposed(world, body, n=2):
    students = [StudentFactory(cohort=world["cohorts"]["a_mech"]) for _ in range(n)]
    return finished_run(body, [(s, world["postings"]["mech"]) for s in students]), students


def test_secretariat_of_another_body_cannot_accept_placements(world, body, other_secretariat):
    run, _students = _proposed(world, body)
    with pytest.raises(PermissionDenied):
        services.match_proposals_accept(actor=other_secretariat, run=run)
    assert not Placement.objects.exists()
    assert not run.proposals.exclude(decision="proposed").exists()


def test_accepting_creates_placements_with_change_log_entries(world, body, secretariat_user):
    run, students = _proposed(world, body)
    since = ObjectChange.objects.order_by("-id").values_list("id", flat=True).first() or 0

    placements = services.match_proposals_accept(actor=secretariat_user, run=run)

    assert len(placements) == 2
    assert {p.student_id for p in placements} == {s.pk for s in students}
    assert all(
        p.status == "accepted" and p.body == body and p.run == run and p.accepted_on
        for p in placements
    )
    changes = ObjectChange.objects.filter(id__gt=since)
    created = changes.filter(content_type=ContentType.objects.get_for_model(Placement))
    assert sorted(created.values_list("object_id", flat=True)) == sorted(p.pk for p in placements)
    run_type = ContentType.objects.get_for_model(MatchRun)
    for change in created:
        assert change.action == "create" and change.actor == secretariat_user
        assert change.related_content_type == run_type and change.related_object_id == run.pk
    assert set(run.proposals.values_list("decision", flat=True)) == {"accepted"}
    # Accepting again has nothing left to accept.
    assert services.match_proposals_accept(actor=secretariat_user, run=run) == []


def test_accepting_some_proposals_leaves_the_others_pending(world, body, secretariat_user):
    run, _students = _proposed(world, body, n=3)
    first = run.proposals.order_by("id").first()
    placements = services.match_proposals_accept(actor=secretariat_user, run=run, proposals=[first])
    assert [p.proposal_id for p in placements] == [first.pk]
    assert run.proposals.filter(decision="proposed").count() == 2
    assert (
        services.match_proposals_reject(
            actor=secretariat_user, run=run, proposals=run.proposals.filter(decision="proposed")
        )
        == 2
    )


def test_accepting_into_a_full_posting_writes_nothing(world, body, secretariat_user):
    posting = world["postings"]["robot"]  # 5 seats
    students = [StudentFactory(cohort=world["cohorts"]["a_robot"]) for _ in range(6)]
    run = finished_run(body, [(s, posting) for s in students])
    before = (Placement.objects.count(), ObjectChange.objects.count())
    with pytest.raises(ValidationError, match="已满"):
        services.match_proposals_accept(actor=secretariat_user, run=run)
    assert (Placement.objects.count(), ObjectChange.objects.count()) == before


def test_a_run_that_has_not_finished_cannot_be_accepted(world, body, secretariat_user):
    run = services.match_run_create(actor=secretariat_user, body=body)
    with pytest.raises(ValidationError):
        services.match_proposals_accept(actor=secretariat_user, run=run)


def test_recording_an_outcome_fills_its_date_and_is_logged(world, body, secretariat_user):
    run, _students = _proposed(world, body, n=1)
    (placement,) = services.match_proposals_accept(actor=secretariat_user, run=run)
    services.placement_update(
        actor=secretariat_user, placement=placement, data={"status": "started"}
    )
    placement.refresh_from_db()
    assert placement.status == "started" and placement.started_on is not None
    services.placement_update(
        actor=secretariat_user,
        placement=placement,
        data={"status": "hired", "hired_on": datetime.date(2026, 7, 1)},
    )
    change = ObjectChange.objects.filter(
        content_type__model="placement", object_id=placement.pk, action="update"
    ).first()
    assert change.before["status"] == "started" and change.after["status"] == "hired"
    with pytest.raises(ValidationError):
        services.placement_update(
            actor=secretariat_user, placement=placement, data={"posting": world["postings"]["soft"]}
        )


def test_deleting_a_placement_puts_its_proposal_back_to_pending(world, body, secretariat_user):
    run, _students = _proposed(world, body, n=1)
    (placement,) = services.match_proposals_accept(actor=secretariat_user, run=run)
    services.placement_delete(actor=secretariat_user, placement=placement)
    assert run.proposals.get().decision == MatchProposal.Decision.PROPOSED


def test_a_posting_cannot_need_fewer_people_than_are_placed(world, body, secretariat_user):
    run, _students = _proposed(world, body, n=2)
    services.match_proposals_accept(actor=secretariat_user, run=run)
    with pytest.raises(ValidationError):
        services.posting_update(
            actor=secretariat_user, posting=world["postings"]["mech"], data={"headcount": 1}
        )


def test_an_enterprise_contact_scores_applicants_but_cannot_change_their_choices(
    world, body, secretariat_user
):
    from chanjiao.talent.tests.factories import ApplicationFactory

    e1 = world["enterprises"]["e1"]
    contact = OrganizationContactFactory(user=UserFactory(username="hr"), organization=e1).user
    application = ApplicationFactory(
        student=StudentFactory(cohort=world["cohorts"]["a_mech"]),
        posting=world["postings"]["mech"],
    )
    services.application_update(
        actor=contact, application=application, data={"enterprise_score": 88}
    )
    assert application.enterprise_score == 88
    with pytest.raises(PermissionDenied):
        services.application_update(
            actor=contact, application=application, data={"student_rank": 2}
        )


def test_a_placement_by_hand_into_a_full_posting_is_refused_with_the_headcount(
    world, body, secretariat_user
):
    posting = world["postings"]["mech"]
    posting.headcount = 1
    posting.save(update_fields=["headcount"])
    students = [StudentFactory(cohort=world["cohorts"]["a_mech"]) for _ in range(2)]
    placement = services.placement_create(
        actor=secretariat_user, student=students[0], posting=posting, body=body
    )
    assert placement.status == "accepted" and placement.accepted_on is not None
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            actor=secretariat_user, student=students[1], posting=posting, body=body
        )
    assert exc.value.message_dict == {"posting": [f"岗位“{posting}”已满 1 人"]}


def test_a_placement_by_hand_takes_a_student_and_a_posting_of_the_body_only(
    world, body, secretariat_user
):
    own = StudentFactory(cohort=world["cohorts"]["a_mech"])
    elsewhere = StudentFactory(cohort=world["cohorts"]["b_mech"])  # filed under other_body
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            actor=secretariat_user,
            student=elsewhere,
            posting=world["postings"]["other_body"],
            body=body,
        )
    assert set(exc.value.message_dict) == {"student", "posting"}
    assert "不属于" in exc.value.message_dict["posting"][0]
    assert not Placement.objects.exists()
    # Filed under no body by member units: within the body, as a match run takes them.
    member_student = StudentFactory(cohort=world["cohorts"]["a_robot"])
    services.placement_create(
        actor=secretariat_user,
        student=member_student,
        posting=world["postings"]["robot"],
        body=body,
    )
    services.placement_create(
        actor=secretariat_user, student=own, posting=world["postings"]["mech"], body=body
    )
    assert Placement.objects.count() == 2


def test_a_student_placed_already_cannot_be_placed_by_hand_again(world, body, secretariat_user):
    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    services.placement_create(
        actor=secretariat_user, student=student, posting=world["postings"]["mech"], body=body
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_create(
            actor=secretariat_user, student=student, posting=world["postings"]["soft"], body=body
        )
    assert exc.value.message_dict == {"student": [f"学生“{student}”已有安置"]}
    assert Placement.objects.count() == 1


def test_reviving_a_withdrawn_placement_checks_the_seat_and_the_student_again(
    world, body, secretariat_user
):
    posting = world["postings"]["mech"]
    posting.headcount = 1
    posting.save(update_fields=["headcount"])
    first, second = (StudentFactory(cohort=world["cohorts"]["a_mech"]) for _ in range(2))
    withdrawn = services.placement_create(
        actor=secretariat_user, student=second, posting=posting, body=body
    )
    services.placement_update(
        actor=secretariat_user, placement=withdrawn, data={"status": "withdrawn"}
    )
    services.placement_create(actor=secretariat_user, student=first, posting=posting, body=body)
    with pytest.raises(ValidationError) as exc:
        services.placement_update(
            actor=secretariat_user, placement=withdrawn, data={"status": "started"}
        )
    assert exc.value.message_dict == {"posting": [f"岗位“{posting}”已满 1 人"]}
    # The seat is free again, but the student has been placed elsewhere meanwhile.
    posting.headcount = 2
    posting.save(update_fields=["headcount"])
    services.placement_create(
        actor=secretariat_user, student=second, posting=world["postings"]["soft"], body=body
    )
    with pytest.raises(ValidationError) as exc:
        services.placement_update(
            actor=secretariat_user, placement=withdrawn, data={"status": "accepted"}
        )
    assert exc.value.message_dict == {"student": [f"学生“{second}”已有安置"]}
    withdrawn.refresh_from_db()
    assert withdrawn.status == "withdrawn"
    # Outcomes of a placement that holds its seat are recorded as before.
    services.placement_update(
        actor=secretariat_user,
        placement=Placement.objects.get(student=first),
        data={"status": "started"},
    )
