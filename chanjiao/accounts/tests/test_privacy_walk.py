"""Walk every read of the product — every GET operation of the OpenAPI document, every page,
every export, every history page — as each actor, and look for seeded personal values.

Personal fields (chanjiao.accounts.privacy) carry distinctive markers. Anonymous visitors,
signed-in users without a role, another unit's contact, another body's secretariat, the body's
supervisor (主管部门) and viewer must find none of them anywhere (JSON, HTML, .xlsx); the body's
secretariat, the unit's contact and admins do read them where they are shown.

New endpoints and pages are walked automatically; one whose path parameter this file cannot fill
fails the test, so that it gets a seeded object.
"""

from __future__ import annotations

import datetime
import html
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from chanjiao.core.changelog import record_change, snapshot
from chanjiao.core.testing import bearer, make_token
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
)

CONTACT = "联系人张三 13800001111 zhangsan@example.com"
NOTE = "内部备注XYZ"
STUDENT = "学生李四S7Q"
# Each marker alone must not appear: a page that shows only the phone number leaks too.
MARKERS = [
    "联系人张三",
    "13800001111",
    "zhangsan@example.com",
    NOTE,
    STUDENT,
    "secretariat-mail@example.com",
]

DENIED = [
    "anonymous",
    "plain_user",
    "other_contact_user",
    "other_secretariat_user",
    "supervisor_user",
    "viewer_user",
]
ALLOWED = ["secretariat_user", "contact_user", "admin_user"]


@pytest.fixture
def viewer_user(db, body):
    """A viewer (查看者) of ``body``: sees it unpublished, reads no personal data."""
    return BodyRoleFactory(user=UserFactory(username="viewer"), body=body, kind="viewer").user


@pytest.fixture
def world(db, settings, tmp_path, body, other_body, member_org, secretariat_user):
    """One object of every kind around ``body``, every personal field carrying a marker, and a
    change-log row for each; returns the ids to put in paths."""
    from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
    from chanjiao.events.models import AgendaItem, Ceremony, Event, EventOrganization
    from chanjiao.ingest.models import Article, IngestBatch
    from chanjiao.registry.models import Charter, Committee, DeclaredCount, ImportJob
    from chanjiao.talent.models import MatchProposal, MatchRun, Placement, TalentImport
    from chanjiao.talent.tests.factories import (
        ApplicationFactory,
        CohortFactory,
        MajorFactory,
        PostingFactory,
        StudentFactory,
    )

    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Users' e-mail addresses reach a person: nobody but the user, its secretariat and admins.
    secretariat_user.email = "secretariat-mail@example.com"
    secretariat_user.save(update_fields=["email"])
    enterprise = OrganizationFactory(name="甲智能装备有限公司", kind="enterprise")
    term = TermFactory(body=body)
    membership = MembershipFactory(
        body=body, organization=member_org, term=term, contact=CONTACT, notes=NOTE
    )
    MembershipFactory(body=body, organization=enterprise, contact=CONTACT, notes=NOTE)
    person = PersonFactory(name="王校长", notes=NOTE)
    position = PositionFactory(person=person, organization=member_org, title="校长")
    committee = Committee.objects.create(body=body, name="专家委员会")
    declared = DeclaredCount.objects.create(body=body, label="成员单位", value=2)
    charter = Charter.objects.create(
        body=body, version="2024", file=SimpleUploadedFile("章程.pdf", b"%PDF-1.4 charter")
    )
    event = Event.objects.create(name="年会", starts_on=datetime.date(2025, 5, 1))
    event.bodies.set([body])
    participation = EventOrganization.objects.create(
        event=event, organization=member_org, role="organizer"
    )
    agenda = AgendaItem.objects.create(event=event, title="致辞")
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="签约仪式")
    # The event takes registrations: member_org's registrant carries every marker.
    from chanjiao.events.models import Registration, RegistrationSettings

    RegistrationSettings.objects.create(event=event, asked_fields=["title", "phone", "email"])
    registration = Registration.objects.create(
        event=event,
        name="联系人张三",
        organization=member_org,
        title=NOTE,
        phone="13800001111",
        email="zhangsan@example.com",
        needs=NOTE,
        status="confirmed",
    )
    agreement = AgreementFactory(
        body=body,
        parties=[member_org, enterprise],
        notes=NOTE,
        document=SimpleUploadedFile("协议.pdf", b"%PDF-1.4 agreement"),
    )
    carrier = CarrierFactory(body=body, owners=[member_org])
    major = MajorFactory(name="机电一体化技术")
    cohort = CohortFactory(school=member_org, major=major, body=body, notes=NOTE)
    student = StudentFactory(cohort=cohort, display_name=STUDENT)
    posting = PostingFactory(enterprise=enterprise, major=major, body=body, headcount=3)
    application = ApplicationFactory(student=student, posting=posting)
    run = MatchRun.objects.create(body=body, created_by=secretariat_user, status="succeeded")
    proposal = MatchProposal.objects.create(run=run, student=student, posting=posting, score=0.9)
    placement = Placement.objects.create(
        student=student, posting=posting, body=body, run=run, proposal=proposal, notes=NOTE
    )
    import_job = ImportJob.objects.create(
        body=body,
        created_by=secretariat_user,
        file=SimpleUploadedFile("成员名单.xlsx", CONTACT.encode()),
        original_name="成员名单.xlsx",
    )
    talent_import = TalentImport.objects.create(
        body=body,
        kind="cohorts",
        created_by=secretariat_user,
        file=SimpleUploadedFile("培养规模.xlsx", NOTE.encode()),
        original_name="培养规模.xlsx",
    )
    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import Indicator
    from chanjiao.reports.services import round_open

    install_catalogue(Indicator)  # a flushing (browser) test may have emptied it
    collection = round_open(actor=secretariat_user, body=body, year=2024)
    collection_form = collection.forms.get(organization=member_org)
    from chanjiao.reports.models import Plan, PlanGoal, PlanTarget, PlanTask

    plan = Plan.objects.create(body=body, name="发展规划", starts_year=2024, ends_year=2025)
    plan_goal = PlanGoal.objects.create(plan=plan, title="目标")
    plan_task = PlanTask.objects.create(goal=plan_goal, title="任务", responsible_unit=member_org)
    plan_target = PlanTarget.objects.create(task=plan_task, year=2024, label="基地", target=1)
    from chanjiao.governance.models import Meeting, Motion, MotionAttachment, Sanction, Withdrawal
    from chanjiao.reports.models import IndustryChain, ReportJob

    meeting = Meeting.objects.create(
        body=body, organ="general_assembly", title="会员大会", date=datetime.date(2025, 6, 18)
    )
    motion = Motion.objects.create(meeting=meeting, decision_type="charter", title="修改章程")
    membership_application = body.applications.create(
        name="申请加入的公司",
        contact_name="联系人张三",
        contact_phone="13800001111",
        contact_email="zhangsan@example.com",
        token_hash="1" * 64,
    )
    report_job = ReportJob.objects.create(
        body=body, year=2024, format="docx", status="succeeded", done=3, total=3
    )

    chain = IndustryChain.objects.create(body=body, name="智能制造产业链")
    chain.majors.add(major)
    batch = IngestBatch.objects.create(created_by=secretariat_user)
    article = Article.objects.create(batch=batch, input="text", raw="新闻", text="新闻")
    # A shared resource of the enterprise, its contact carrying the markers; a booking of it by
    # member_org and a photo.
    from chanjiao.sharing.models import Booking, Resource, ResourcePhoto

    resource = Resource.objects.create(
        name="数控实训基地",
        kind="training_base",
        owner=enterprise,
        body=body,
        contact_name="联系人张三",
        contact_phone="13800001111",
        contact_email="zhangsan@example.com",
    )
    starts = datetime.datetime(2030, 3, 4, 9, tzinfo=datetime.UTC)
    booking = Booking.objects.create(
        resource=resource,
        organization=member_org,
        requested_by=secretariat_user,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        purpose="实训",
    )
    photo = ResourcePhoto.objects.create(
        resource=resource, image=SimpleUploadedFile("基地.png", b"\x89PNG")
    )
    for obj, related in [
        (membership, body),
        (person, None),
        (position, person),
        (agreement, None),
        (cohort, None),
        (student, cohort),
        # filed under its run, as accepting a proposal does: the run's history names the
        # proposal, whose name is the student's
        (placement, run),
        (registration, event),
        (resource, body),
    ]:
        record_change(
            actor=secretariat_user,
            action="create",
            obj=obj,
            before=None,
            after=snapshot(obj),
            related=related,
        )
    return {
        "bodies": body.pk,
        "organizations": member_org.pk,
        "people": person.pk,
        "events": event.pk,
        "agreements": agreement.pk,
        "carriers": carrier.pk,
        "majors": major.pk,
        "cohorts": cohort.pk,
        "postings": posting.pk,
        "students": student.pk,
        "applications": application.pk,
        "match-runs": run.pk,
        "runs": run.pk,
        "placements": placement.pk,
        "articles": article.pk,
        "ingest": article.pk,
        "ingest-batches": batch.pk,
        "batches": batch.pk,
        "imports": import_job.pk,
        "talent-imports": talent_import.pk,
        "tokens": 1,
        "year": 2024,
        "plans": plan.pk,
        "goal_id": plan_goal.pk,
        "task_id": plan_task.pk,
        "target_id": plan_target.pk,
        "part": "task",
        "item": plan_task.pk,
        "industry-chains": chain.pk,
        "report-jobs": report_job.pk,
        "meetings": meeting.pk,
        "motions": motion.pk,
        "membership-applications": membership_application.pk,
        "attachments": MotionAttachment.objects.create(
            motion=motion, title="附件", file="motions/x.pdf"
        ).pk,
        "withdrawals": Withdrawal.objects.create(
            body=body,
            organization=enterprise,
            notice_on=datetime.date(2025, 3, 1),
            effective_on=datetime.date(2025, 3, 31),
            file="withdrawals/x.pdf",
        ).pk,
        "resources": resource.pk,
        "bookings": booking.pk,
        "photos": photo.pk,
        "units": member_org.pk,
        "sanctions": Sanction.objects.create(
            membership=membership,
            kind="warning",
            reason="多次缺席",
            since=datetime.date(2025, 1, 1),
        ).pk,
        "chains": chain.pk,
        "code": "510100",
        "targets": plan_target.pk,
        "indicators": Indicator.objects.get(code="order_students").pk,
        "collection-rounds": collection.pk,
        "form_id": collection_form.pk,
        "collection": collection.pk,
        "forms": collection_form.pk,
        "upk": secretariat_user.pk,
        "ipk": agenda.pk,  # an agenda item on events/, an invitation id (none) on accounts/
        "reg_id": registration.pk,  # a registration, in the API's and the pages' paths
        "rpk": registration.pk,
        # second-level ids in page paths
        "mpk": membership.pk,
        # one row under its owner in the API's paths (bodies/{id}/members/{membership_id}, …)
        "membership_id": membership.pk,
        "term_id": term.pk,
        "position_id": position.pk,
        "item_id": agenda.pk,  # events/{id}/agenda-items/{item_id}
        "ceremony_id": ceremony.pk,
        "cpk": {"bodies": committee.pk, "events": ceremony.pk},
        "ppk": participation.pk,
        "participation_id": participation.pk,  # events/{id}/organizations/{participation_id}
        "declared": declared.pk,
        "charters": charter.pk,
        "term": term.pk,
        "count_id": declared.pk,
        "committee_id": committee.pk,
        "charter_id": charter.pk,
        "seat_id": (seat := committee.seats.create(organization=member_org)).pk,
        "spk": seat.pk,
        "version": 1,  # an agreement's document
        "milestone_id": carrier.milestones.create(kind="other", done_on="2024-01-01").pk,
        "figure_id": carrier.figures.create(year=2024).pk,
        **_golds(body=body, member_org=member_org, committee=committee),
        "objects": {
            "membership": membership,
            "person": person,
            "agreement": agreement,
            "cohort": cohort,
            "student": student,
            "placement": placement,
            "import_job": import_job,
            "talent_import": talent_import,
            "charter": charter,
        },
    }


def _golds(**records) -> dict:
    """The five golds' rows (chanjiao/golds/tests/seeds.py), under their API and page names."""
    from chanjiao.golds.tests.seeds import seed

    ids = {resource: params["id"] for resource, params in seed(**records).items()}
    return {**ids, **{k.removeprefix("golds-"): v for k, v in ids.items()}}


def _user(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def _text(response) -> str:
    """Everything a reader gets from a response, as text: JSON decoded, .xlsx cells read."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    ctype = response.get("Content-Type", "")
    if body[:2] == b"PK":
        out = []
        with zipfile.ZipFile(io.BytesIO(body)) as z:
            for name in z.namelist():
                # openpyxl writes CJK as XML character references (&#32852;)
                out.append(html.unescape(z.read(name).decode("utf-8", "replace")))
        return "\n".join(out)
    if "json" in ctype:
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            pass
    return body.decode("utf-8", "replace")


def _leaks(text: str) -> list[str]:
    return [m for m in MARKERS if m in text]


# --- API -------------------------------------------------------------------------------------


def _api_get_paths(world) -> list[str]:
    from config.api import api

    paths = []
    for path, ops in api.get_openapi_schema()["paths"].items():
        if "get" not in ops or "openapi" in path or "/docs" in path:
            continue
        resource = path.removeprefix("/api/v1/").split("/")[0]
        for name in re.findall(r"{(\w+)}", path):
            # {id} is the resource's row; a second-level id is seeded under its own name
            value = world.get(resource) if name == "id" else world.get(name)
            assert value is not None, (
                f"{path}: seed an object for {{{name}}} in the privacy walk (chanjiao/accounts/"
                "tests/test_privacy_walk.py)"
            )
            path = path.replace(f"{{{name}}}", str(value))
        paths.append(path)
    return paths


@pytest.mark.parametrize("actor", DENIED)
def test_no_api_read_shows_personal_data_to_actors_without_the_right(request, client, world, actor):
    user = _user(request, actor)
    headers = bearer(make_token(user)) if user else {}
    found = {}
    for path in _api_get_paths(world):
        response = client.get(path, headers=headers)
        assert response.status_code < 500, (path, response.status_code)
        if leaks := _leaks(_text(response)):
            found[path] = leaks
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("actor", ALLOWED)
def test_member_contact_and_notes_are_read_by_the_unit_its_secretariat_and_admins(
    request, client, world, actor
):
    headers = bearer(make_token(request.getfixturevalue(actor)))
    members = client.get(f"/api/v1/bodies/{world['bodies']}/members", headers=headers).json()[
        "items"
    ]
    mine = next(m for m in members if m["id"] == world["mpk"])
    assert mine["contact"] == CONTACT and mine["notes"] == NOTE


def test_anonymous_members_api_returns_no_contact_or_notes(client, world):
    members = client.get(f"/api/v1/bodies/{world['bodies']}/members").json()["items"]
    assert members and all(m["contact"] is None and m["notes"] is None for m in members)


def test_other_units_contact_reads_no_contact_of_this_unit(
    client, world, other_contact_user, contact_user
):
    """A contact reads its own membership's contact, not the other member's."""
    headers = bearer(make_token(contact_user))
    members = client.get(f"/api/v1/bodies/{world['bodies']}/members", headers=headers).json()[
        "items"
    ]
    by_id = {m["id"]: m for m in members}
    assert by_id[world["mpk"]]["contact"] == CONTACT
    assert [m["contact"] for m in members if m["id"] != world["mpk"]] == [None]


def test_members_schema_says_contact_and_notes_may_be_null():
    from config.api import api

    schema = api.get_openapi_schema()["components"]["schemas"]["MembershipOut"]["properties"]
    for name in ("contact", "notes"):
        types = {s.get("type") for s in schema[name].get("anyOf", [schema[name]])}
        assert "null" in types, (name, schema[name])


# --- pages, exports and history --------------------------------------------------------------


def _page_paths(world) -> list[str]:
    """Every page URL with its parameters filled from the seeded world (GET only)."""
    out = []

    def walk(resolver, prefix):
        for p in resolver.url_patterns:
            pattern = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p, pattern)
            elif isinstance(p, URLPattern):
                out.append(pattern)

    walk(get_resolver(), "")
    paths = []
    for pattern in out:
        if pattern.startswith(("admin/", "api/", "^", "i18n/", "media/", "static/")):
            continue
        segments = pattern.split("/")
        # The resource a parameter names is the segment before the first parameter.
        first = next((i for i, s in enumerate(segments) if s.startswith("<")), None)
        resource = segments[first - 1] if first else ""

        def fill(m, resource=resource, pattern=pattern):
            kind, name = m.group(1), m.group(2)
            if kind == "str" and name == "kind":
                return "cohorts"
            if kind != "int" and name not in world:
                return "x"  # tokens and the like: a wrong one must not leak either
            value = world.get(resource) if name == "pk" else world.get(name)
            if isinstance(value, dict):
                value = value.get(resource)
            assert value is not None, f"{pattern}: seed an object for <{name}> in the privacy walk"
            return str(value)

        paths.append("/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, pattern))
    return paths


@pytest.mark.parametrize("actor", DENIED)
def test_no_page_export_or_history_shows_personal_data_to_actors_without_the_right(
    request, client, world, actor
):
    user = _user(request, actor)
    if user:
        client.force_login(user)
    found = {}
    for path in _page_paths(world):
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        text = _text(response)
        if leaks := _leaks(text):
            found[path] = leaks
        if "format=xlsx" in text:  # the list's own export (core.listing)
            export = client.get(path + "?format=xlsx")
            assert export.status_code < 500, (path, export.status_code)
            if leaks := _leaks(_text(export)):
                found[path + "?format=xlsx"] = leaks
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


@pytest.mark.parametrize("actor", ["secretariat_user", "admin_user"])
def test_secretariat_and_admin_see_member_contacts_on_the_page_and_in_the_export(
    request, client, world, actor
):
    client.force_login(request.getfixturevalue(actor))
    page = _text(client.get(f"/bodies/{world['bodies']}/"))
    assert "联系人张三" in page
    export = _text(client.get(f"/bodies/{world['bodies']}/members/export.xlsx"))
    assert "联系人张三" in export and "13800001111" in export


@pytest.mark.parametrize("actor", ["secretariat_user", "admin_user", "contact_user"])
def test_history_pages_show_contacts_to_those_who_may_read_them(request, client, world, actor):
    client.force_login(request.getfixturevalue(actor))
    assert "联系人张三" in _text(client.get(f"/bodies/{world['bodies']}/history/"))
    assert NOTE in _text(client.get(f"/people/{world['people']}/history/"))


@pytest.mark.parametrize(
    ("actor", "sees"), [("secretariat_user", True), ("supervisor_user", False)]
)
def test_list_exports_carry_student_names_only_for_those_who_may_read_them(
    request, client, world, actor, sees
):
    client.force_login(request.getfixturevalue(actor))
    page = _text(client.get("/talent/placements/"))
    assert "format=xlsx" in page  # the walk above follows this link on every list
    export = _text(client.get("/talent/placements/?format=xlsx"))
    assert (STUDENT in export) is sees
    assert "机电一体化技术" in export  # the row is there either way


@pytest.mark.parametrize(
    ("actor", "found"),
    [("secretariat_user", 1), ("contact_user", 1), ("supervisor_user", 0), ("viewer_user", 0)],
)
def test_a_search_finds_a_student_by_name_only_for_those_who_may_read_it(
    request, client, world, actor, found
):
    """Otherwise a supervisor could learn names letter by letter from what a search returns."""
    headers = bearer(make_token(request.getfixturevalue(actor)))
    for path in ("/api/v1/students", "/api/v1/placements"):
        by_name = client.get(path, {"q": STUDENT[:3]}, headers=headers).json()["count"]
        assert by_name == found, path
    by_posting = client.get("/api/v1/placements", {"q": "测试岗位"}, headers=headers).json()
    assert by_posting["count"] == 1


@pytest.mark.parametrize(
    "actor", ["anonymous", "plain_user", "supervisor_user", "other_secretariat_user"]
)
def test_history_shows_no_contact_even_of_a_removed_member_to_readers_without_the_right(
    request, client, world, actor, secretariat_user
):
    """Before: any signed-in user read a body's history with its members' contacts."""
    from chanjiao.registry.services import membership_delete, membership_update

    membership = world["objects"]["membership"]
    membership_update(
        actor=secretariat_user, membership=membership, data={"contact": "联系人张三 13800001111 新"}
    )
    membership_delete(actor=secretariat_user, membership=membership)
    user = _user(request, actor)
    if user:
        client.force_login(user)
    for path in (
        f"/bodies/{world['bodies']}/history/",
        f"/api/v1/bodies/{world['bodies']}/history",
    ):
        response = client.get(path, headers=bearer(make_token(user)) if user else {})
        assert response.status_code < 500
        assert not _leaks(_text(response)), path


def test_the_secretariat_reads_the_contact_of_a_removed_member_in_history(
    client, world, secretariat_user
):
    from chanjiao.registry.services import membership_delete

    membership_delete(actor=secretariat_user, membership=world["objects"]["membership"])
    client.force_login(secretariat_user)
    assert "13800001111" in _text(client.get(f"/bodies/{world['bodies']}/history/"))
