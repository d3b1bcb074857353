"""Schemathesis over every operation of the API, as an anonymous reader, as an admin and as a
body's secretariat (bearer tokens), on a database seeded so that writes meet real rows.

Every response must be no server error and must conform to the OpenAPI document: a documented
status code, the documented content type, a body matching the documented schema. The examples
are bounded (a few per operation and user; see ``BUDGET``) so the whole run stays within a few
minutes on two cores; hypothesis is derandomized, so a failure reproduces.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from chanjiao.core.testing import api_write, bearer, make_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

#: Examples per operation and user: (random valid input, invalid input, valid input aimed at
#: the seeded rows).
BUDGET = {
    "anonymous": (4, 2, 4),
    "secretariat": (4, 2, 6),
    "admin": (6, 3, 8),
}
#: Seconds the whole run may take: a bound on the suite, not a speed target (it takes 2–3
#: minutes beside a second test worker).
TIME_LIMIT = 600


@contextlib.contextmanager
def _keep_test_connection():
    # Django's own test client detaches these handlers; a plain WSGI call must too, or the end
    # of each request would close the connection that holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(body, member_org, secretariat_user, admin_user):
    """A body with a member, a person, an event with roles, agenda and a ceremony, an
    agreement, a carrier, talent records with a finished match run, a placement and an
    ingested article. Returns the value for every path parameter, per resource."""
    from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
    from chanjiao.events.models import AgendaItem, Ceremony, EventOrganization
    from chanjiao.events.tests.factories import EventFactory
    from chanjiao.ingest.tests.helpers import ARTICLE
    from chanjiao.registry.models import Committee, DeclaredCount, Term
    from chanjiao.registry.tests.factories import (
        MembershipFactory,
        OrganizationFactory,
        PersonFactory,
        PositionFactory,
    )
    from chanjiao.talent.models import Placement
    from chanjiao.talent.tests.factories import (
        ApplicationFactory,
        CohortFactory,
        PostingFactory,
        StudentFactory,
    )
    from chanjiao.talent.tests.helpers import finished_run

    enterprise = OrganizationFactory(name="成都数控装备有限公司", kind="enterprise")
    membership = MembershipFactory(body=body, organization=member_org, role="initiator")
    MembershipFactory(body=body, organization=enterprise)
    position = PositionFactory(person=PersonFactory(), organization=member_org)
    event = EventFactory(bodies=[body])
    participation = EventOrganization.objects.create(
        event=event, organization=member_org, role="host"
    )
    item = AgendaItem.objects.create(event=event, title="致辞", order=1)
    # The event takes registrations (its window has passed: the organisers still register).
    from chanjiao.events.models import Registration, RegistrationSettings

    RegistrationSettings.objects.create(event=event, capacity=3, asked_fields=["phone"])
    registration = Registration.objects.create(
        event=event, name="报名人", organization=member_org, status="confirmed"
    )
    agreement = AgreementFactory(body=body, parties=[member_org, enterprise])
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="签约仪式")
    term = Term.objects.create(body=body, number=1)
    committee = Committee.objects.create(body=body, name="专业建设委员会")
    count = DeclaredCount.objects.create(body=body, label="成员单位", value=66)
    cohort = CohortFactory(school=member_org, body=body)
    posting = PostingFactory(body=body, major=cohort.major, enterprise=enterprise)
    students = [StudentFactory(cohort=cohort) for _ in range(3)]
    application = ApplicationFactory(student=students[0], posting=posting)
    run = finished_run(body, [(s, posting) for s in students], user=secretariat_user)
    placement = Placement.objects.create(student=students[2], posting=posting, body=body)

    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import Indicator
    from chanjiao.reports.services import round_open

    install_catalogue(Indicator)  # a flushing (browser) test may have emptied it

    collection = round_open(actor=secretariat_user, body=body, year=2024)
    from chanjiao.reports.models import Plan

    plan = Plan.objects.create(body=body, name="发展规划", starts_year=2024, ends_year=2025)
    from chanjiao.reports.models import IndustryChain, PlanGoal, PlanTarget, PlanTask

    goal = PlanGoal.objects.create(plan=plan, title="目标")
    task = PlanTask.objects.create(goal=goal, title="任务")
    target = PlanTarget.objects.create(task=task, year=2024, label="基地", target=1)

    chain = IndustryChain.objects.create(body=body, name="智能制造产业链")
    from chanjiao.governance.models import Attendance, Meeting, Motion

    meeting = Meeting.objects.create(
        body=body, organ="general_assembly", title="会员大会", date="2025-06-18"
    )
    Attendance.objects.create(meeting=meeting, organization=member_org, status="present")
    membership_application = body.applications.create(
        name="申请单位", contact_name="申请人", contact_phone="13900000000", token_hash="0" * 64
    )
    motion = Motion.objects.create(
        meeting=meeting, decision_type="charter", title="修改章程", status="voting"
    )
    chain.majors.add(cohort.major)
    from chanjiao.governance.models import Sanction

    sanction = Sanction.objects.create(
        membership=membership, kind="warning", reason="多次缺席", since="2025-01-01"
    )
    school_form = collection.forms.get(organization=member_org)
    # Sharing: the enterprise's training base (no fixed hours) with a pending request of the
    # school a month ahead.
    from chanjiao.sharing.models import Booking, Resource

    resource = Resource.objects.create(
        name="数控实训基地", kind="training_base", owner=enterprise, body=body
    )
    import datetime

    from django.utils import timezone

    soon = timezone.now() + datetime.timedelta(days=30)
    booking = Booking.objects.create(
        resource=resource,
        organization=member_org,
        starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2),
        purpose="实训",
        status="pending",
    )

    token = make_token(admin_user)
    from django.test import Client

    article = api_write(Client(), "post", "/api/v1/articles", {"text": ARTICLE}, token).json()
    seeds = {
        "organizations": {"id": member_org.pk},
        "people": {"id": position.person_id, "position_id": position.pk},
        "bodies": {
            "id": body.pk,
            "membership_id": membership.pk,
            "term_id": term.pk,
            "committee_id": committee.pk,
            "count_id": count.pk,
        },
        "events": {
            "id": event.pk,
            "participation_id": participation.pk,
            "item_id": item.pk,
            "ceremony_id": ceremony.pk,
            "reg_id": registration.pk,
        },
        "registrations": {"code": registration.ticket_code},
        "agreements": {"id": agreement.pk},
        "carriers": {"id": CarrierFactory(body=body, owners=[enterprise]).pk},
        "majors": {"id": cohort.major_id},
        "cohorts": {"id": cohort.pk},
        "postings": {"id": posting.pk},
        "students": {"id": students[1].pk},
        "applications": {"id": application.pk},
        "match-runs": {"id": run.pk},
        "placements": {"id": placement.pk},
        "articles": {"id": article["id"], "proposal_id": article["proposals"][0]["id"]},
        "ingest-batches": {},
        "indicators": {"id": Indicator.objects.get(code="order_students").pk},
        "collection-rounds": {"id": collection.pk, "form_id": school_form.pk},
        "plans": {"id": plan.pk, "goal_id": goal.pk, "task_id": task.pk, "target_id": target.pk},
        "industry-chains": {"id": chain.pk},
        "meetings": {"id": meeting.pk},
        "motions": {"id": motion.pk},
        "membership-applications": {"id": membership_application.pk},
        "sanctions": {"id": sanction.pk},
        "resources": {"id": resource.pk},
        "bookings": {"id": booking.pk},
    }
    # Apps keep their own seeds beside their tests (``tests/seeds.py``: ``seed(**records)``
    # returns path parameters per resource, merged into these).
    from chanjiao.cooperation.tests.seeds import seed as cooperation_seed
    from chanjiao.golds.tests.seeds import seed as golds_seed
    from chanjiao.registry.tests.seeds import seed as registry_seed

    records = {
        "body": body,
        "member_org": member_org,
        "enterprise": enterprise,
        "secretariat_user": secretariat_user,
        "admin_user": admin_user,
        "event": event,
        "agreement": agreement,
        "committee": committee,
    }
    for seed in (cooperation_seed, golds_seed, registry_seed):
        for resource, parameters in seed(**records).items():
            seeds.setdefault(resource, {}).update(parameters)
    return seeds


@dataclass
class Findings:
    failures: dict[str, str] = field(default_factory=dict)
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def _run(operation, mode, examples, user, headers, path_parameters, findings: Findings) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def run(case):
        response = case.call(headers=headers)
        findings.cases += 1
        findings.statuses[response.status_code] = findings.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, BaseExceptionGroup) as exc:  # failed checks
            for failure in getattr(exc, "exceptions", [exc]):
                title = getattr(failure, "title", type(failure).__name__)
                key = f"{case.method} {operation.path}: {title}"
                if key not in findings.failures:
                    findings.failures[key] = (
                        f"{key}\n    as {user}: {case.method} {case.formatted_path}"
                        f" query={case.query} body={case.body!r}\n"
                        f"    → {response.status_code} {response.text[:300]}\n"
                        f"    {str(failure)[:500]}"
                    )

    try:
        run()
    except Unsatisfiable:
        # Nothing of the operation can be made invalid (GET /api/v1/me).
        if mode is GenerationMode.POSITIVE:
            raise


def test_every_operation_as_every_user_answers_within_the_schema(
    seeded, admin_user, secretariat_user
):
    """Generated requests against every operation, as anonymous, secretariat and admin: no 5xx,
    and every response conforms to the OpenAPI document (status code, content type, body)."""
    from django.core.handlers.wsgi import WSGIHandler

    # Not config.wsgi: importing it closes every connection (for gunicorn's forked workers),
    # the test's transaction with them.
    application = WSGIHandler()

    users = {
        "anonymous": {},
        "secretariat": bearer(make_token(secretariat_user)),
        "admin": bearer(make_token(admin_user)),
    }
    started = time.monotonic()
    findings = Findings()
    with _keep_test_connection():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 60
        # Deletes last (for every user), so they do not take away the rows others aim at.
        passes = (
            [op for op in operations if op.method.upper() != "DELETE"],
            [op for op in operations if op.method.upper() == "DELETE"],
        )
        for batch in passes:
            for user, headers in users.items():
                positive, negative, aimed = BUDGET[user]
                for operation in batch:
                    _run(
                        operation, GenerationMode.POSITIVE, positive, user, headers, None, findings
                    )
                    _run(
                        operation, GenerationMode.NEGATIVE, negative, user, headers, None, findings
                    )
                    resource = operation.path.removeprefix("/api/v1/").split("/")[0]
                    real = seeded.get(resource, {})
                    wanted = {p.name for p in operation.path_parameters}
                    if wanted and wanted <= set(real):
                        values = {name: real[name] for name in wanted}
                        _run(
                            operation,
                            GenerationMode.POSITIVE,
                            aimed,
                            user,
                            headers,
                            values,
                            findings,
                        )
    elapsed = time.monotonic() - started
    assert not findings.failures, f"{len(findings.failures)} kinds of failure:\n" + "\n".join(
        list(findings.failures.values())[:40]
    )
    # The run reached the rows: some writes succeeded, some were refused, some found nothing.
    assert {200, 201, 401, 403, 404, 422} <= set(findings.statuses), findings.statuses
    assert elapsed < TIME_LIMIT, (elapsed, findings.cases)
