"""REST API of talent: cohorts and postings (the shared CRUD check), the gap, match runs,
proposals and placements."""

import pytest

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import (
    api_write,
    assert_error,
    bearer,
    check_crud_endpoint,
    items,
    make_token,
)
from chanjiao.registry.tests.factories import OrganizationContactFactory, UserFactory
from chanjiao.talent.models import Cohort, MatchRun, Placement, Posting, Student
from chanjiao.talent.tests.factories import StudentFactory
from chanjiao.talent.tests.helpers import finished_run


@pytest.fixture
def other_token(other_secretariat):
    return make_token(other_secretariat)


def _cohort(world, body):
    create = {
        "school": world["schools"]["a"].pk,
        "major": world["majors"]["soft"].pk,
        "name": "2024级软件技术1班",
        "intake_year": 2024,
        "graduation_year": 2027,
        "headcount": 42,
        "skills": ["Java", "数据库"],
        "body": body.pk,
    }
    return create, {"headcount": 45, "skills": ["Java"], "graduation_year": 2028}


def _posting(world, body):
    create = {
        "enterprise": world["enterprises"]["e1"].pk,
        "title": "数控加工订单班",
        "kind": "order_class",
        "major": world["majors"]["mech"].pk,
        "majors": [world["majors"]["robot"].pk],
        "skills": ["数控编程"],
        "region": "四川省成都市",
        "headcount": 30,
        "starts_on": "2025-09-01",
        "ends_on": "2026-06-30",
        "body": body.pk,
    }
    return create, {"status": "closed", "headcount": 25, "majors": []}


@pytest.mark.parametrize(
    "path, model, payloads",
    [("/api/v1/cohorts", Cohort, _cohort), ("/api/v1/postings", Posting, _posting)],
    ids=["cohorts", "postings"],
)
def test_supply_and_demand_crud(
    client, admin_token, plain_token, world, body, path, model, payloads
):
    check_crud_endpoint(
        client,
        path,
        model,
        payloads(world, body),
        admin_token=admin_token,
        denied_token=plain_token,
    )


def test_posting_list_filters(client, world, body):
    titles = {
        p["title"]
        for p in items(
            client.get("/api/v1/postings", {"body": body.pk, "status": "open", "year": 2026})
        )
    }
    assert titles == {world["postings"][k].title for k in ("mech", "soft", "robot")}
    majors = items(client.get("/api/v1/postings", {"major": world["majors"]["robot"].pk}))
    assert {p["id"] for p in majors} == {
        world["postings"]["robot"].pk,
        world["postings"]["later"].pk,
    }


def test_gap_endpoint_answers_largest_gap_first(client, world, body):
    response = client.get("/api/v1/talent/gap", {"body": body.pk, "year": 2026, "by": "category"})
    page = response.json()
    assert page["count"] == 2
    assert [(r["label"], r["supply"], r["demand"], r["gap"]) for r in page["items"]] == [
        ("46 装备制造大类（高职专科）", 70, 15, -55),
        ("51 电子与信息大类（高职专科）", 10, 60, 50),
    ]
    assert set(page["items"][0]) == {"key", "label", "supply", "demand", "gap", "ratio"}
    assert_error(client.get("/api/v1/talent/gap", {"by": "colour"}), 422, "by")
    assert_error(client.get("/api/v1/talent/gap", {"body": 999999}), 404)


def test_secretariat_of_another_body_cannot_start_a_run_or_accept(
    client, world, body, other_token, secretariat_token, secretariat_user
):
    before = (MatchRun.objects.count(), ObjectChange.objects.count())
    assert_error(
        api_write(client, "post", "/api/v1/match-runs", {"body": body.pk}, other_token), 403
    )
    assert_error(api_write(client, "post", "/api/v1/match-runs", {"body": body.pk}), 401)
    assert (MatchRun.objects.count(), ObjectChange.objects.count()) == before

    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    run = finished_run(body, [(student, world["postings"]["mech"])])
    assert_error(client.get(f"/api/v1/match-runs/{run.pk}", headers=bearer(other_token)), 404)
    assert_error(
        api_write(client, "post", f"/api/v1/match-runs/{run.pk}/accept", {}, other_token), 404
    )
    # Even a secretariat that can see the run is refused when it is of another body.
    from chanjiao.accounts.models import BodyRole

    BodyRole.objects.filter(user__username="other-secretariat").update(body=body, kind="viewer")
    assert_error(
        api_write(client, "post", f"/api/v1/match-runs/{run.pk}/accept", {}, other_token), 403
    )
    assert not Placement.objects.exists()

    response = api_write(
        client, "post", f"/api/v1/match-runs/{run.pk}/accept", {}, secretariat_token
    )
    assert response.status_code == 201, response.content
    (placement,) = response.json()
    assert placement["student"]["id"] == student.pk and placement["status"] == "accepted"
    assert placement["run"] == run.pk


def test_a_secretariat_starts_a_run_and_polls_it(client, world, body, secretariat_token):
    payload = {
        "body": body.pk,
        "mode": "optimal",
        "weights": {
            "major_fit": 1,
            "skills_overlap": 1,
            "region": 0,
            "preference_rank": 1,
            "enterprise": 0,
        },
        "parameters": {"year": 2026, "kinds": ["internship", "job"]},
    }
    response = api_write(client, "post", "/api/v1/match-runs", payload, secretariat_token)
    assert response.status_code == 201, response.content
    run = response.json()
    assert run["status"] == "queued" and run["mode"] == "optimal"
    assert run["weights"]["region"] == 0 and run["parameters"]["kinds"] == ["internship", "job"]
    detail = client.get(f"/api/v1/match-runs/{run['id']}", headers=bearer(secretariat_token)).json()
    assert {"done", "total", "percent", "summary", "status"} <= set(detail)
    listed = items(
        client.get("/api/v1/match-runs", {"body": body.pk}, headers=bearer(secretariat_token))
    )
    assert [r["id"] for r in listed] == [run["id"]]
    # Accepting before the run has finished is a client error, not a crash.
    assert_error(
        api_write(client, "post", f"/api/v1/match-runs/{run['id']}/accept", {}, secretariat_token),
        422,
    )
    # Bad weights are field errors.
    bad = {**payload, "weights": {"major_fit": -1}}
    assert_error(api_write(client, "post", "/api/v1/match-runs", bad, secretariat_token), 422)


def test_proposals_list_their_explanation(client, world, body, secretariat_token):
    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    run = finished_run(body, [(student, world["postings"]["mech"])])
    (proposal,) = items(
        client.get(f"/api/v1/match-runs/{run.pk}/proposals", headers=bearer(secretariat_token))
    )
    assert proposal["explanation"]["major_fit"] == {"value": 1.0, "weight": 0.35, "points": 0.35}
    assert proposal["school"]["id"] == world["schools"]["a"].pk
    assert proposal["decision"] == "proposed"


def test_placements_are_read_by_the_school_and_enterprise_contacts_only(
    client, world, body, secretariat_user, secretariat_token, other_token
):
    from chanjiao.talent import services

    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    run = finished_run(body, [(student, world["postings"]["mech"])])
    (placement,) = services.match_proposals_accept(actor=secretariat_user, run=run)
    school_contact = make_token(
        OrganizationContactFactory(
            user=UserFactory(username="school"), organization=world["schools"]["a"]
        ).user
    )
    stranger = make_token(
        OrganizationContactFactory(
            user=UserFactory(username="stranger"), organization=world["schools"]["b"]
        ).user
    )
    assert [
        p["id"] for p in items(client.get("/api/v1/placements", headers=bearer(school_contact)))
    ] == [placement.pk]
    assert items(client.get("/api/v1/placements", headers=bearer(stranger))) == []
    assert items(client.get("/api/v1/placements")) == []
    # Outcomes: the contact may read, not write; the secretariat records them.
    assert_error(
        api_write(
            client,
            "patch",
            f"/api/v1/placements/{placement.pk}",
            {"status": "started"},
            school_contact,
        ),
        403,
    )
    response = api_write(
        client,
        "patch",
        f"/api/v1/placements/{placement.pk}",
        {"status": "started"},
        secretariat_token,
    )
    assert response.status_code == 200 and response.json()["started_on"]
    assert_error(
        api_write(
            client, "patch", f"/api/v1/placements/{placement.pk}", {"status": "hired"}, other_token
        ),
        404,
    )


def test_students_and_applications_are_not_public(client, world, body, secretariat_token):
    response = api_write(
        client,
        "post",
        "/api/v1/students",
        {"cohort": world["cohorts"]["a_mech"].pk, "display_name": "学生A", "skills": ["PLC编程"]},
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    student = response.json()
    response = api_write(
        client,
        "post",
        "/api/v1/applications",
        {"student": student["id"], "posting": world["postings"]["mech"].pk, "student_rank": 1},
        secretariat_token,
    )
    assert response.status_code == 201, response.content
    assert items(client.get("/api/v1/students")) == []
    assert items(client.get("/api/v1/applications")) == []
    assert_error(client.get(f"/api/v1/students/{student['id']}"), 404)
    assert len(items(client.get("/api/v1/students", headers=bearer(secretariat_token)))) == 1
    assert Student.objects.get().display_name == "学生A"


def test_majors_catalogue_is_public(client, world):
    categories = items(client.get("/api/v1/major-categories", {"level": "associate", "limit": 100}))
    assert {c["code"] for c in categories} >= {"46", "51"}
    majors = items(client.get("/api/v1/majors", {"q": "机电"}))
    assert [m["name"] for m in majors] == ["机电一体化技术"]
    assert majors[0]["category"]["code"] == "46"


def test_a_placement_by_hand_outside_the_body_is_a_422(client, world, body, secretariat_token):
    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    payload = {
        "student": student.pk,
        "posting": world["postings"]["other_body"].pk,
        "body": body.pk,
    }
    error = assert_error(
        api_write(client, "post", "/api/v1/placements", payload, secretariat_token), 422
    )
    assert "posting" in error["errors"], error
    payload["posting"] = world["postings"]["mech"].pk
    assert (
        api_write(client, "post", "/api/v1/placements", payload, secretariat_token).status_code
        == 201
    )
    payload["posting"] = world["postings"]["soft"].pk
    error = assert_error(
        api_write(client, "post", "/api/v1/placements", payload, secretariat_token), 422
    )
    assert "student" in error["errors"], error
