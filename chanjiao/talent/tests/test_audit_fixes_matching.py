"""Audit fixes around matching: a run's history names no student to supervisors and viewers,
the body filter tells nothing of an unpublished body, nobody is placed in a closed posting, and
accepting many proposals writes in short batches (in the background when there are many)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse

from chanjiao.accounts.models import BodyRole
from chanjiao.core import batches, jobs
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, bearer, make_token
from chanjiao.registry.tests.factories import MembershipFactory, UserFactory
from chanjiao.talent import selectors, services, services_matching
from chanjiao.talent.models import MatchAcceptance, MatchProposal, Placement
from chanjiao.talent.tests.factories import StudentFactory
from chanjiao.talent.tests.helpers import finished_run

NAME = "合成学生Q7X"


def _run(world, body, n=3, *, posting="mech", names=None):
    cohort = world["cohorts"]["a_mech"]
    names = names or [None] * n
    students = [
        StudentFactory(cohort=cohort, **({"display_name": name} if name else {})) for name in names
    ]
    return finished_run(body, [(s, world["postings"][posting]) for s in students])


def _text(response) -> str:
    return response.content.decode()


# --- 1. a run's history names no student to supervisors and viewers -------------------------


@pytest.fixture
def viewer_user(db, body):
    return BodyRole.objects.create(user=UserFactory(), body=body, kind="viewer").user


@pytest.mark.parametrize(("reader", "sees"), [("supervisor_user", False), ("viewer_user", False)])
def test_supervisors_and_viewers_read_no_student_name_in_a_run_history(
    request, client, world, body, secretariat_user, reader, sees
):
    run = _run(world, body, 1, names=[NAME])
    services.match_proposals_accept(actor=secretariat_user, run=run)
    user = request.getfixturevalue(reader)
    client.force_login(user)
    page = client.get(reverse("talent:run_history", args=[run.pk]))
    assert page.status_code == 200 and "推荐匹配" in _text(page)
    api = client.get(
        "/api/v1/history",
        {"object_type": "talent.matchrun", "object_id": run.pk},
        headers=bearer(make_token(user)),
    )
    assert api.status_code == 200 and api.json()["count"]
    for response in (page, api):
        assert (NAME in _text(response)) is sees


def test_the_secretariat_still_reads_the_proposal_in_the_run_history(
    client, world, body, secretariat_user
):
    run = _run(world, body, 1, names=[NAME])
    services.match_proposals_accept(actor=secretariat_user, run=run)
    client.force_login(secretariat_user)
    assert NAME in _text(client.get(reverse("talent:run_history", args=[run.pk])))


# --- 2. the body filter tells nothing of an unpublished body --------------------------------


@pytest.mark.parametrize("path", ["/api/v1/cohorts", "/api/v1/postings"])
def test_the_body_filter_of_an_unpublished_body_answers_as_an_unknown_id(
    client, world, body, secretariat_token, path
):
    body.is_published = False
    body.save()
    # What its members filed under no body is public on its own, but not as the body's.
    assert client.get(path).json()["count"]
    hidden = client.get(path, {"body": body.pk}).json()
    assert hidden["count"] == 0
    assert hidden == client.get(path, {"body": 999999}).json()
    # Its secretariat sees the body, and so its members' rows.
    mine = client.get(path, {"body": body.pk}, headers=bearer(secretariat_token)).json()
    assert mine["count"]


def test_the_student_filter_tells_another_body_nothing_of_an_unpublished_body(
    world, body, other_body, other_secretariat
):
    """School A belongs to both bodies: the other body's secretariat sees its students, but
    filtering them by the unpublished body must not tell that A is a member there."""
    MembershipFactory(body=other_body, organization=world["schools"]["a"])
    StudentFactory(cohort=world["cohorts"]["a_robot"])  # filed under no body
    body.is_published = False
    body.save()
    assert selectors.student_list(actor=other_secretariat).exists()
    assert not selectors.student_list(actor=other_secretariat, body=body.pk).exists()


# --- 3. nobody is placed in a closed posting -------------------------------------------------


def test_proposals_for_a_posting_closed_after_the_run_cannot_be_accepted(
    world, body, secretariat_user
):
    run = _run(world, body, 3)
    posting = world["postings"]["mech"]
    services.posting_update(actor=secretariat_user, posting=posting, data={"status": "closed"})
    before = (Placement.objects.count(), ObjectChange.objects.count())
    with pytest.raises(ValidationError, match="已关闭，不能再安置") as caught:
        services.match_proposals_accept(actor=secretariat_user, run=run)
    assert posting.title in str(caught.value)
    assert (Placement.objects.count(), ObjectChange.objects.count()) == before
    assert set(run.proposals.values_list("decision", flat=True)) == {"proposed"}


def test_a_manual_placement_in_a_closed_posting_is_refused(client, world, body, secretariat_token):
    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    posting = world["postings"]["closed"]
    payload = {"student": student.pk, "posting": posting.pk, "body": body.pk, "status": "hired"}
    body_ = assert_error(
        api_write(client, "post", "/api/v1/placements", payload, secretariat_token), 422, "posting"
    )
    assert "已关闭" in str(body_["errors"]["posting"])
    assert not Placement.objects.exists()


def test_a_placement_already_in_a_posting_that_closed_may_still_be_updated_and_withdrawn(
    world, body, secretariat_user
):
    run = _run(world, body, 1)
    (placement,) = services.match_proposals_accept(actor=secretariat_user, run=run)
    posting = world["postings"]["mech"]
    services.posting_update(actor=secretariat_user, posting=posting, data={"status": "closed"})
    for status in ("started", "withdrawn"):
        services.placement_update(
            actor=secretariat_user, placement=placement, data={"status": status}
        )
        placement.refresh_from_db()
        assert placement.status == status


def test_the_run_page_marks_proposals_whose_posting_closed(client, world, body, secretariat_user):
    run = _run(world, body, 2)
    client.force_login(secretariat_user)
    assert "data-closed-posting" not in _text(
        client.get(reverse("talent:run_detail", args=[run.pk]))
    )
    services.posting_update(
        actor=secretariat_user, posting=world["postings"]["mech"], data={"status": "closed"}
    )
    page = _text(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert page.count("data-closed-posting") == 2 and 'id="closed-postings"' in page
    response = client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"})
    assert response.status_code == 302 and not Placement.objects.exists()
    page = _text(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert "已关闭，不能再安置" in page


# --- 4. accepting writes in short batches, many in the background ----------------------------


@pytest.fixture
def small_batches(monkeypatch):
    """One proposal per batch, so a few proposals make several transactions."""
    monkeypatch.setattr(batches, "BATCH_ROWS", 1)


@pytest.fixture
def small_inline_limit(monkeypatch):
    """More than two proposals at once are accepted in the background."""
    monkeypatch.setattr(services_matching, "ACCEPT_INLINE_LIMIT", 2)


def test_accepting_writes_one_short_transaction_per_batch(
    world, body, secretariat_user, small_batches, monkeypatch
):
    run = _run(world, body, 3)
    calls = []
    real = batches.write_in_batches

    def spy(total, write_row, **kwargs):
        calls.append(total)
        return real(total, write_row, **kwargs)

    monkeypatch.setattr(batches, "write_in_batches", spy)
    placements = services.match_proposals_accept(actor=secretariat_user, run=run)
    assert calls == [3] and len(placements) == 3
    assert [p.proposal.score for p in placements] == sorted(
        (p.proposal.score for p in placements), reverse=True
    )
    assert set(run.proposals.values_list("decision", flat=True)) == {"accepted"}


def test_a_refusal_while_writing_takes_back_what_earlier_batches_wrote(
    world, body, secretariat_user, small_batches, monkeypatch
):
    """A colleague takes the last seat between the check and the last batch: the batches
    written before are taken back, with their change log, and the proposals are pending."""
    posting = world["postings"]["robot"]  # 5 seats
    students = [StudentFactory(cohort=world["cohorts"]["a_robot"]) for _ in range(3)]
    run = finished_run(body, [(s, posting) for s in students])
    others = [StudentFactory(cohort=world["cohorts"]["a_robot"]) for _ in range(3)]
    real = services_matching._lock_for_placing
    seen = []

    def lock(*args, **kwargs):
        seen.append(1)
        if len(seen) == 2:  # between the first and second batch
            for other in others:
                Placement.objects.create(student=other, posting=posting, body=body)
        return real(*args, **kwargs)

    monkeypatch.setattr(services_matching, "_lock_for_placing", lock)
    since = ObjectChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with pytest.raises(ValidationError, match="已满"):
        services.match_proposals_accept(actor=secretariat_user, run=run)
    assert set(Placement.objects.values_list("student_id", flat=True)) == {o.pk for o in others}
    assert set(run.proposals.values_list("decision", flat=True)) == {"proposed"}
    assert not ObjectChange.objects.filter(id__gt=since).exists()


def test_accept_all_of_many_proposals_is_queued_and_run_by_the_worker(
    client, world, body, secretariat_user, small_inline_limit, small_batches
):
    run = _run(world, body, 3)
    client.force_login(secretariat_user)
    response = client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"})
    assert response.status_code == 302
    job = MatchAcceptance.objects.get()
    assert job.status == "queued" and job.total == 3 and job.task_id
    assert job.created_by == secretariat_user and not Placement.objects.exists()
    page = _text(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert "?partial=acceptance" in page and 'id="accept-all"' not in page
    # Nothing else is reviewed meanwhile.
    with pytest.raises(ValidationError, match="正在进行"):
        services.match_proposals_accept(actor=secretariat_user, run=run)

    assert services.match_acceptance_execute(job_id=job.pk) == {"accepted": 3}
    job.refresh_from_db()
    assert job.status == "succeeded" and job.done == job.total == 3
    assert Placement.objects.filter(run=run).count() == 3
    changes = ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(Placement), source="job"
    )
    assert changes.count() == 3 and {c.actor for c in changes} == {secretariat_user}
    partial = client.get(
        reverse("talent:run_detail", args=[run.pk]),
        {"partial": "acceptance"},
        headers={"HX-Request": "true"},
    )
    assert partial["HX-Refresh"] == "true" and "推荐已确认" in _text(partial)


def test_accept_all_refused_at_once_queues_nothing(
    client, world, body, secretariat_user, small_inline_limit
):
    run = _run(world, body, 3, posting="closed")
    client.force_login(secretariat_user)
    client.post(reverse("talent:run_accept", args=[run.pk]), {"action": "all"})
    assert not MatchAcceptance.objects.exists() and not Placement.objects.exists()


def test_a_background_acceptance_refused_by_the_worker_writes_nothing_and_says_why(
    client, world, body, secretariat_user, small_inline_limit
):
    run = _run(world, body, 3)
    job = services.match_acceptance_create(actor=secretariat_user, run=run)
    posting = world["postings"]["mech"]
    services.posting_update(actor=secretariat_user, posting=posting, data={"status": "closed"})
    result = services.match_acceptance_execute(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "已关闭" in job.error and posting.title in job.error
    assert "已关闭" in result["error"]
    assert not Placement.objects.exists()
    assert set(run.proposals.values_list("decision", flat=True)) == {"proposed"}
    client.force_login(secretariat_user)
    page = _text(client.get(reverse("talent:run_detail", args=[run.pk])))
    assert job.error in page and 'id="accept-all"' in page


def test_a_cut_off_background_acceptance_resumes_where_it_stopped(
    world, body, secretariat_user, small_inline_limit, small_batches, monkeypatch
):
    run = _run(world, body, 3)
    job = services.match_acceptance_create(actor=secretariat_user, run=run)
    checks = []

    def check(lease):
        checks.append(1)
        if len(checks) == 2:  # another worker took the job over after the first batch
            raise jobs.LeaseLost("taken over")

    monkeypatch.setattr(jobs.Lease, "check", check)
    assert "skipped" in services.match_acceptance_execute(job_id=job.pk)
    assert Placement.objects.count() == 1
    monkeypatch.undo()
    assert services.match_acceptance_execute(job_id=job.pk) == {"accepted": 3}
    assert Placement.objects.count() == 3
    assert set(run.proposals.values_list("decision", flat=True)) == {"accepted"}


def test_an_abandoned_background_acceptance_is_recovered_with_the_match_runs(
    world, body, secretariat_user, small_inline_limit, settings
):
    from chanjiao.talent.matching import match_runs_recover

    run = _run(world, body, 3)
    job = services.match_acceptance_create(actor=secretariat_user, run=run)
    MatchAcceptance.objects.filter(pk=job.pk).update(status="running", task_id="")
    settings.CHANJIAO_JOB_LEASE_SECONDS = 0
    assert [type(j) for j in match_runs_recover()] == [MatchAcceptance]
    job.refresh_from_db()
    assert job.status == "queued"


def test_the_api_accepts_many_proposals_in_the_background(
    client, world, body, secretariat_token, small_inline_limit
):
    run = _run(world, body, 3)
    response = api_write(
        client, "post", f"/api/v1/match-runs/{run.pk}/accept", {}, secretariat_token
    )
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued" and response.json()["total"] == 3
    again = api_write(client, "post", f"/api/v1/match-runs/{run.pk}/accept", {}, secretariat_token)
    assert_error(again, 422)
    services.match_acceptance_execute(job_id=response.json()["id"])
    got = client.get(f"/api/v1/match-runs/{run.pk}", headers=bearer(secretariat_token)).json()
    assert got["acceptance"]["status"] == "succeeded" and got["accepted_count"] == 3
    # A few are still accepted at once.
    small = _run(world, body, 1, posting="soft")
    response = api_write(
        client, "post", f"/api/v1/match-runs/{small.pk}/accept", {}, secretariat_token
    )
    assert response.status_code == 201 and len(response.json()) == 1
    assert MatchProposal.objects.filter(run=small, decision="accepted").count() == 1
