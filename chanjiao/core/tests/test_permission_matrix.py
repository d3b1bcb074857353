"""The permission matrix: every actor × every write of the API, every private read, and every
page that writes, against the one rule of :mod:`chanjiao.accounts.permissions`
(docs/permissions.md has it as a table).

Actors: anonymous, a member unit's contact (``contact``: of ``member_org``, a member of
``body``), another unit's contact (``other_contact``: of ``other_org``, a member of
``other_body``), ``body``'s secretariat (``sec``), ``other_body``'s secretariat (``other_sec``),
``body``'s supervisor (主管部门) and an admin. ``body`` is unpublished, so reads of it are
private; ``other_body`` is published.

Each row is one request with the set of actors for whom it must succeed; for everyone else it
must be refused (401, 403 or 404; a page may also send an anonymous visitor to sign in). The
operations are read from the OpenAPI document and the URL patterns, so a new endpoint or page
without a row fails :func:`test_every_api_write_has_a_row` / :func:`test_every_page_has_a_row`.

The data is built once for the module, inside a transaction rolled back at the module's end;
each row runs in its own savepoint (pytest-django's ``db``) and each actor's request in a nested
savepoint that is rolled back, so every actor meets the same data. Actors keep one API token
and one session for the module (no sign-in per cell).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.testing import bearer, make_token
from chanjiao.events.models import AgendaItem, Ceremony, EventOrganization
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.models import Committee, DeclaredCount
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    PositionFactory,
    TermFactory,
)
from chanjiao.talent.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    MajorFactory,
    PostingFactory,
    StudentFactory,
)

ACTORS = ("anon", "contact", "other_contact", "other_sec", "sec", "supervisor", "admin")
REFUSED = {401, 403, 404}

# Who may, by the rule (see the module docstring of chanjiao.accounts.permissions).
ADMIN = frozenset({"admin"})
SEC = frozenset({"sec", "admin"})  # body's secretariat (and admins)
OTHER_SEC = frozenset({"other_sec", "admin"})
ANY_SEC = frozenset({"sec", "other_sec", "admin"})
UNIT = frozenset({"contact", "admin"})  # member_org's own contact (and admins)
UNIT_OR_SEC = frozenset({"contact", "sec", "admin"})
OTHER_UNIT_OR_SEC = frozenset({"other_contact", "other_sec", "admin"})
READERS = frozenset({"sec", "supervisor", "admin"})  # who reads the unpublished body
BOTH_UNITS = frozenset({"contact", "other_contact"})  # the school and the enterprise
EVERYONE = frozenset(ACTORS)
NOBODY = frozenset()


# Cohorts, students and applications filed under ``body`` are the secretariat's here: ``body``
# is unpublished, and a school's contact holds no role in it, so it does not see them.

# --- the data ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Everything the rows act on, by name, an API token and a signed-in session per actor.

    Built once: the rows only read it (every write a row makes is rolled back), so a module
    transaction that is rolled back at the end keeps it out of the other modules' way, on
    SQLite and PostgreSQL alike. Uploaded files go to a directory of the module's own.
    """
    from django.test import override_settings

    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")))
    media.enable()
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            try:
                yield _build_world()
            finally:
                transaction.set_rollback(True)
    finally:
        media.disable()


@pytest.fixture
def w(world, db):
    """The world, for one test: its writes are rolled back with the test's savepoint."""
    return world


def _build_world() -> dict[str, Any]:
    from django.core.files.base import ContentFile

    from chanjiao.accounts.models import Invitation, hash_token
    from chanjiao.ingest.models import Article, IngestBatch, Proposal
    from chanjiao.registry.models import Charter, ImportJob
    from chanjiao.registry.tests.factories import (
        BodyFactory,
        BodyRoleFactory,
        OrganizationContactFactory,
        UserFactory,
    )
    from chanjiao.talent.models import Placement, TalentImport
    from chanjiao.talent.tests.helpers import finished_run

    # The actors, as conftest.py makes them (its fixtures are per test; this world is not).
    body = BodyFactory(name="成都智能制造职业教育集团", is_published=False)
    other_body = BodyFactory(name="其他职业教育集团")
    member_org = OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college")
    other_org = OrganizationFactory(name="其他科技有限公司", kind="enterprise")
    users = {
        "contact": OrganizationContactFactory(
            user=UserFactory(username="contact", email="zhang.contact@example.cn"),
            organization=member_org,
        ).user,
        "other_contact": OrganizationContactFactory(
            user=UserFactory(username="other-contact"), organization=other_org
        ).user,
        "other_sec": BodyRoleFactory(
            user=UserFactory(username="other-secretariat"), body=other_body
        ).user,
        "sec": BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user,
        "supervisor": BodyRoleFactory(
            user=UserFactory(username="supervisor"), body=body, kind="supervisor"
        ).user,
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    secretariat_user = users["sec"]

    w: dict[str, Any] = {"body": body, "other_body": other_body, "member_org": member_org}
    w["other_org"] = other_org
    w["membership"] = MembershipFactory(
        body=body, organization=member_org, contact="联系人王秘", notes="内部备注：待续费"
    )
    MembershipFactory(body=other_body, organization=other_org)
    w["new_org"] = OrganizationFactory(name="新登记单位")
    w["term"] = TermFactory(body=body, number=1)
    w["committee"] = Committee.objects.create(body=body, name="专家委员会")
    w["count"] = DeclaredCount.objects.create(body=body, label="成员单位", value=10)
    w["person"] = PersonFactory(name="张三")
    w["position"] = PositionFactory(person=w["person"], organization=member_org, title="院长")
    w["other_person"] = PersonFactory(name="李四")
    PositionFactory(person=w["other_person"], organization=other_org, title="总经理")
    # Registered by the secretariat (the change log's creation row says so): its own to correct
    # while no unit with a contact holds the person; then the unit's.
    from chanjiao.registry.services import person_create

    w["registered_person"] = person_create(actor=secretariat_user, name="赵六")
    w["taken_over_person"] = person_create(actor=secretariat_user, name="钱七")
    PositionFactory(person=w["taken_over_person"], organization=member_org, title="教授")

    w["event"] = EventFactory(name="本体年会", is_published=False, bodies=[body])
    # Published as an event, but held by an unpublished body: still private.
    w["flagged_event"] = EventFactory(name="本体公开活动", is_published=True, bodies=[body])
    w["other_event"] = EventFactory(name="他体年会", is_published=True, bodies=[other_body])
    w["participation"] = EventOrganization.objects.create(
        event=w["event"], organization=member_org, role="organizer"
    )
    w["agenda_item"] = AgendaItem.objects.create(event=w["event"], order=1, title="致辞")
    w["ceremony"] = Ceremony.objects.create(event=w["event"], kind="signing", name="签约仪式")
    w["other_ceremony"] = Ceremony.objects.create(
        event=w["other_event"], kind="signing", name="他体签约仪式"
    )
    # Registration (报名): body's coming event (its secretariat organises it; its registrant's
    # phone is a secret), and other_body's published one, where any unit's contact registers.
    from chanjiao.events.models import Registration, RegistrationSettings

    coming = timezone.localdate() + datetime.timedelta(days=30)
    w["reg_event"] = EventFactory(
        name="本体报名活动", is_published=False, bodies=[body], starts_on=coming
    )
    w["open_event"] = EventFactory(name="他体报名活动", bodies=[other_body], starts_on=coming)
    for key in ("reg_event", "open_event"):
        RegistrationSettings.objects.create(event=w[key], capacity=50, asked_fields=["phone"])
    w["registration"] = Registration.objects.create(
        event=w["reg_event"], name="报名人王", organization=member_org, phone="13800001111",
        status="confirmed",
    )  # fmt: skip
    w["pending_registration"] = Registration.objects.create(
        event=w["reg_event"], name="待审人", organization=member_org, status="pending"
    )
    w["unit_registration"] = Registration.objects.create(
        event=w["open_event"], name="他体报名人", organization=member_org, status="confirmed"
    )
    w["ticket"] = w["registration"].ticket_code
    w["agreement"] = AgreementFactory(title="本体协议", body=body, event=w["event"])
    w["agreement"].documents.create(version=1, file=ContentFile(b"%PDF-1.4", name="协议.pdf"))
    w["other_agreement"] = AgreementFactory(title="他体协议", body=other_body)
    w["carrier"] = CarrierFactory(name="本体产业学院", body=body)

    w["major"] = MajorFactory()
    w["cohort"] = CohortFactory(school=member_org, major=w["major"], body=body)
    w["student"] = StudentFactory(cohort=w["cohort"])
    w["student2"] = StudentFactory(cohort=w["cohort"])
    w["posting"] = PostingFactory(enterprise=other_org, body=other_body)
    w["body_posting"] = PostingFactory(enterprise=other_org, body=body, headcount=5)
    w["application"] = ApplicationFactory(student=w["student"], posting=w["body_posting"])
    w["run"] = finished_run(body, [(w["student2"], w["body_posting"])], user=secretariat_user)
    w["proposal"] = w["run"].proposals.get()
    w["placement"] = Placement.objects.create(
        student=w["student"], posting=w["body_posting"], body=body
    )

    w["article"] = Article.objects.create(
        input="text", raw="本体新闻", text="本体新闻", body=body, created_by=secretariat_user
    )
    w["article_proposal"] = Proposal.objects.create(
        article=w["article"], kind="organization", data={"name": "新闻中的单位"}
    )
    w["batch"] = IngestBatch.objects.create(created_by=secretariat_user)

    # Stored files: charters (with their body), uploaded lists (the body's secretariat and
    # the uploader only), the agreement's text (with the agreement).
    def charter(of, version):
        c = Charter(body=of, version=version)
        c.file.save("章程.pdf", ContentFile(b"%PDF-1.4 charter"), save=False)
        c.save()
        return c

    w["charter"] = charter(body, "2024")
    w["other_charter"] = charter(other_body, "2023")

    def upload(model, by, **fields):
        job = model(body=body, created_by=by, original_name="成员名单.xlsx", **fields)
        job.file.save("list.xlsx", ContentFile("联系人王秘 13800001111".encode()), save=False)
        job.save()
        return job

    w["import_job"] = upload(ImportJob, secretariat_user)
    # Uploaded by someone who does not run the body (a secretariat that has since moved on).
    w["foreign_import_job"] = upload(ImportJob, users["other_sec"])
    w["talent_import"] = upload(TalentImport, secretariat_user, kind="cohorts")
    w["foreign_talent_import"] = upload(TalentImport, users["other_sec"], kind="cohorts")
    # The uploader's account was deleted since (created_by SET_NULL): nobody is its uploader.
    w["orphan_import_job"] = upload(ImportJob, None)
    w["orphan_talent_import"] = upload(TalentImport, None, kind="cohorts")

    # User management: an open invitation (its raw link token kept) and a used one.
    def invitation(raw, **fields):
        return Invitation.objects.create(
            body=body,
            role="secretariat",
            token_hash=hash_token(raw),
            expires_at=timezone.now() + datetime.timedelta(days=7),
            invited_by=secretariat_user,
            **fields,
        )

    w["invitation"] = invitation("open-invitation-token")
    w["invitation_token"] = "open-invitation-token"
    invitation("used-invitation-token", accepted_at=timezone.now())
    w["used_invitation_token"] = "used-invitation-token"
    for name, user in users.items():
        w[f"{name}_user"] = user  # as a page argument: /bodies/{body}/users/{contact_user}/…

    # The yearly cycle: body's 2024 round, member_org's form (a draft) and a second school's
    # (submitted); other_body's round.
    from chanjiao.reports.indicators import install_catalogue
    from chanjiao.reports.models import CollectionForm, Indicator
    from chanjiao.reports.services import round_open

    install_catalogue(Indicator)  # a flushing (browser) test may have emptied it

    second_school = OrganizationFactory(name="成都第二职业学校", kind="secondary_school")
    MembershipFactory(body=body, organization=second_school)
    w["collection_round"] = round_open(actor=secretariat_user, body=body, year=2024)
    w["school_form"] = w["collection_round"].forms.get(organization=member_org)
    w["submitted_form"] = w["collection_round"].forms.get(organization=second_school)
    CollectionForm.objects.filter(pk=w["submitted_form"].pk).update(status="submitted")
    w["other_round"] = round_open(actor=users["other_sec"], body=other_body, year=2024)
    w["indicator"] = Indicator.objects.get(code="order_students")
    w["report_year"], w["pdf"] = "2024", "pdf"
    from chanjiao.reports.models import Plan, PlanGoal, PlanTarget, PlanTask

    w["plan"] = Plan.objects.create(body=body, name="发展规划", starts_year=2024, ends_year=2025)
    w["plan_goal"] = PlanGoal.objects.create(plan=w["plan"], title="目标")
    w["plan_task"] = task = PlanTask.objects.create(goal=w["plan_goal"], title="任务")
    w["plan_target"] = PlanTarget.objects.create(task=task, year=2024, label="基地", target=1)
    w["goal"], w["task"], w["target"] = "goal", "task", "target"
    from chanjiao.reports.models import ReportJob

    w["report_job"] = ReportJob.objects.create(
        body=body, year=2024, format="pdf", status="succeeded", done=3, total=3
    )
    w["report_job"].file.save("report.pdf", ContentFile(b"%PDF-1.4 report"), save=True)

    # Governance: an open general assembly of body, member_org present; a motion being voted
    # on, one not yet opened, a resolution not published, a rule of body's.
    from chanjiao.governance.models import Attendance, DecisionRule, Meeting, Motion, Resolution

    w["meeting"] = Meeting.objects.create(
        body=body, organ="general_assembly", title="会员大会", date=datetime.date(2025, 6, 18)
    )
    Attendance.objects.create(meeting=w["meeting"], organization=member_org, status="present")
    w["voting_motion"] = Motion.objects.create(
        meeting=w["meeting"], decision_type="charter", title="修改章程", status="voting"
    )
    w["draft_motion"] = Motion.objects.create(
        meeting=w["meeting"], decision_type="charter", title="修改章程（二）"
    )
    w["election_motion"] = Motion.objects.create(
        meeting=w["meeting"], decision_type="election", title="换届选举"
    )
    closed = Motion.objects.create(
        meeting=w["meeting"], decision_type="charter", title="通过章程", status="passed"
    )
    w["resolution"] = Resolution.objects.create(
        motion=closed, number=1, passed=True, decided_at=timezone.now()
    )
    w["decision_rule"] = DecisionRule.objects.create(
        body=body, decision_type="budget", organ="council"
    )
    # a meeting called by mistake: nothing on it has been voted, so it may be deleted
    w["spare_meeting"] = Meeting.objects.create(
        body=body, organ="council", title="临时理事会", date=datetime.date(2025, 7, 2)
    )
    # a unit that left body by written notice (the notice's file kept); a warning to member_org
    from chanjiao.governance.models import Sanction, Withdrawal

    leaver = OrganizationFactory(name="已退出单位")
    MembershipFactory(body=body, organization=leaver, until=datetime.date(2025, 3, 31))
    w["withdrawal"] = Withdrawal(
        body=body,
        organization=leaver,
        notice_on=datetime.date(2025, 3, 1),
        effective_on=datetime.date(2025, 3, 31),
    )
    w["withdrawal"].file.save("notice.pdf", ContentFile(b"%PDF-1.4 notice"), save=True)
    w["sanction"] = Sanction.objects.create(
        membership=w["membership"],
        kind="warning",
        reason="多次缺席",
        since=datetime.date(2025, 1, 1),
    )
    # an application to join body, with its file; a document of the draft motion
    from chanjiao.governance.models import MotionAttachment
    from chanjiao.governance.services.applications import _hash

    # (``membership_application``: ``application`` is a student's application to a posting)
    w["membership_application"] = body.applications.create(
        name="申请单位", contact_name="申请人", contact_phone="13900000000", token_hash=_hash("tok")
    )
    w["membership_application"].file.save(
        "licence.pdf", ContentFile(b"%PDF-1.4 licence"), save=True
    )
    w["application_token"] = "tok"
    w["attachment"] = MotionAttachment(motion=w["draft_motion"], title="章程草案")
    w["attachment"].file.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    from chanjiao.reports.models import IndustryChain

    w["chain"] = IndustryChain.objects.create(body=body, name="智能制造产业链")
    w["region_chain"] = IndustryChain.objects.create(region_code="510100", name="电子信息产业链")
    w["region_code"] = "510100"

    # Sharing (共享资源): member_org offers a training base in body (its contact's phone is a
    # secret), and one never booked; other_org a public lecture hall in other_body; a second
    # member school (no contact) has a pending request and a confirmed booking that has begun.
    from chanjiao.sharing.models import Booking, Resource, ResourcePhoto, UnitCalendar

    w["resource"] = Resource.objects.create(
        name="本体实训基地", kind="training_base", owner=member_org, body=body,
        contact_phone="13800001111",
    )  # fmt: skip
    w["spare_resource"] = Resource.objects.create(
        name="本体闲置设备", kind="equipment", owner=member_org, body=body
    )
    w["other_resource"] = Resource.objects.create(
        name="他体报告厅", kind="training_base", owner=other_org, body=other_body,
        capacity_mode="counted", capacity=30, approval_required=False, audience="public",
    )  # fmt: skip
    soon = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    w["booking"] = Booking.objects.create(
        resource=w["resource"], organization=second_school, starts_at=soon,
        ends_at=soon + datetime.timedelta(hours=2), purpose="实训", status="pending",
    )  # fmt: skip
    begun = timezone.now() - datetime.timedelta(hours=1)
    w["past_booking"] = Booking.objects.create(
        resource=w["resource"], organization=second_school, starts_at=begun,
        ends_at=begun + datetime.timedelta(hours=2), purpose="实训", status="confirmed",
    )  # fmt: skip
    w["photo"] = ResourcePhoto(resource=w["resource"])
    w["photo"].image.save("base.png", ContentFile(b"\x89PNG photo"), save=True)
    w["booking_slot"] = {
        "starts_at": (soon + datetime.timedelta(days=1)).isoformat(),
        "ends_at": (soon + datetime.timedelta(days=1, hours=2)).isoformat(),
        "purpose": "参观学习",
    }
    w["resource_feed_token"] = w["resource"].feed_token
    w["unit_feed_token"] = UnitCalendar.objects.create(organization=member_org).feed_token

    w["users"] = users
    for extension in EXTENSIONS:
        extension.extend_world(w)
    w["tokens"] = {name: make_token(user) for name, user in users.items()}
    w["sessions"] = {name: _session(user) for name, user in users.items()}
    # After the sign-ins: a reset token is bound to the account's last sign-in.
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    contact = users["contact"]
    contact.refresh_from_db()
    w["reset_uid"] = urlsafe_base64_encode(force_bytes(contact.pk))
    w["reset_token"] = default_token_generator.make_token(contact)
    w["bad_token"] = "bad-token-123"
    # Personal details (who reaches a person) that pages show only to those the privacy rule
    # allows: the contact's e-mail, the membership's contact, its internal notes, a phone.
    w["secrets"] = ["zhang.contact@example.cn", "联系人王秘", "内部备注：待续费", "13800001111"]
    return w


def _session(user) -> str:
    """A signed-in session's key for ``user`` (made once; each cell sends it as a cookie)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


# --- API rows ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One request and who may make it.

    ``op`` is ``METHOD /api/v1/path`` as in the OpenAPI document (``{id}`` placeholders);
    ``path`` fills them from the world; ``payload`` builds the JSON body. ``gate_only``: an
    allowed actor passes the permission check but the request itself may still be refused as
    invalid input (422), e.g. saving a review with nothing to save.
    """

    op: str
    allowed: frozenset[str]
    path: Callable[[dict], str]
    payload: Callable[[dict], Any] | None = None
    note: str = ""
    gate_only: bool = False
    check: Callable[[dict, Any], bool] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return f"{self.op} {self.note}".strip()


def _p(template: str) -> Callable[[dict], str]:
    """``/bodies/{body}/terms/{term}`` → a function filling the ids from the world."""

    def fill(w: dict) -> str:
        import re

        return "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: str(w[m.group(1)].pk), template)

    return fill


def _org(w):
    return {"name": w["member_org"].name, "kind": "vocational_college", "region": "成都"}


def _event(*bodies):
    return lambda w: {"name": "新活动", "kind": "forum", "bodies": [w[b].pk for b in bodies]}


def _agreement(**links):
    def build(w):
        data = {"title": "新协议", "parties": [w["member_org"].pk], "body": w["body"].pk}
        data.update({k: w[v].pk for k, v in links.items()})
        return data

    return build


def _carrier(**links):
    def build(w):
        data = {"name": "新载体", "kind": "industry_college", "body": w["body"].pk}
        data.update({k: w[v].pk for k, v in links.items()})
        return data

    return build


def _cohort(body_key):
    return lambda w: {
        "school": w["member_org"].pk,
        "major": w["major"].pk,
        "intake_year": 2024,
        "graduation_year": 2027,
        "headcount": 30,
        "body": w[body_key].pk,
    }


def _posting(body_key):
    return lambda w: {
        "enterprise": w["other_org"].pk,
        "title": "新岗位",
        "headcount": 3,
        "body": w[body_key].pk,
    }


def _indicator(w):
    return {
        "code": "joint_patents",
        "name": "联合专利",
        "name_en": "Joint patents",
        "unit": "items",
        "source": "school",
    }


API_WRITES: list[Row] = [
    # the yearly cycle: the catalogue is the platform's; a round is the secretariat's, a form
    # its unit's (and the secretariat's, entering a form returned as a file)
    Row("POST /indicators", ADMIN, _p("/indicators"), _indicator),
    Row(
        "POST /plans",
        SEC,
        _p("/plans"),
        lambda w: {"body": w["body"].pk, "name": "新规划", "starts_year": 2024, "ends_year": 2025},
    ),
    Row("PATCH /indicators/{id}", ADMIN, _p("/indicators/{indicator}"), lambda w: {"order": 5}),
    Row(
        "PATCH /plans/{id}",
        SEC,
        _p("/plans/{plan}"),
        lambda w: {"description": "修订"},
    ),
    Row(
        "PUT /plans/{id}",
        SEC,
        _p("/plans/{plan}"),
        lambda w: {
            "body": w["body"].pk,
            "name": "发展规划",
            "starts_year": 2024,
            "ends_year": 2025,
        },
    ),
    Row("DELETE /plans/{id}", SEC, _p("/plans/{plan}")),
    Row("POST /plans/{id}/goals", SEC, _p("/plans/{plan}/goals"), lambda w: {"title": "新目标"}),
    Row(
        "PATCH /plans/{id}/goals/{goal_id}",
        SEC,
        _p("/plans/{plan}/goals/{plan_goal}"),
        lambda w: {"order": 3},
    ),
    Row(
        "PUT /plans/{id}/goals/{goal_id}",
        SEC,
        _p("/plans/{plan}/goals/{plan_goal}"),
        lambda w: {"title": "目标二"},
    ),
    Row("DELETE /plans/{id}/goals/{goal_id}", SEC, _p("/plans/{plan}/goals/{plan_goal}")),
    Row(
        "POST /plans/{id}/tasks",
        SEC,
        _p("/plans/{plan}/tasks"),
        lambda w: {"goal": w["plan_goal"].pk, "title": "新任务"},
    ),
    Row(
        "PATCH /plans/{id}/tasks/{task_id}",
        SEC,
        _p("/plans/{plan}/tasks/{plan_task}"),
        lambda w: {"responsible_person": "王主任"},
    ),
    Row(
        "PUT /plans/{id}/tasks/{task_id}",
        SEC,
        _p("/plans/{plan}/tasks/{plan_task}"),
        lambda w: {"goal": w["plan_goal"].pk, "title": "任务二"},
    ),
    Row("DELETE /plans/{id}/tasks/{task_id}", SEC, _p("/plans/{plan}/tasks/{plan_task}")),
    Row(
        "POST /plans/{id}/targets",
        SEC,
        _p("/plans/{plan}/targets"),
        lambda w: {"task": w["plan_task"].pk, "year": 2025, "label": "课程", "target": 2},
    ),
    Row(
        "PATCH /plans/{id}/targets/{target_id}",
        SEC,
        _p("/plans/{plan}/targets/{plan_target}"),
        lambda w: {"actual": 1},
    ),
    Row(
        "PUT /plans/{id}/targets/{target_id}",
        SEC,
        _p("/plans/{plan}/targets/{plan_target}"),
        lambda w: {"task": w["plan_task"].pk, "year": 2024, "label": "基地", "target": 2},
    ),
    Row("DELETE /plans/{id}/targets/{target_id}", SEC, _p("/plans/{plan}/targets/{plan_target}")),
    Row(
        "POST /industry-chains",
        SEC,
        _p("/industry-chains"),
        lambda w: {"body": w["body"].pk, "name": "新能源汽车产业链"},
    ),
    # governance: the secretariat runs meetings; only a unit's representative votes for it
    Row(
        "POST /decision-rules",
        SEC,
        _p("/decision-rules"),
        lambda w: {"body": w["body"].pk, "decision_type": "ordinary", "organ": "council"},
    ),
    Row(
        "POST /meetings",
        SEC,
        _p("/meetings"),
        lambda w: {
            "body": w["body"].pk,
            "organ": "council",
            "title": "理事会",
            "date": "2025-07-01",
        },
    ),
    Row(
        "PATCH /meetings/{id}",
        SEC,
        _p("/meetings/{meeting}"),
        lambda w: {"notes": "会议由理事长主持。", "place": "报告厅"},
    ),
    Row(
        "PUT /meetings/{id}",
        SEC,
        _p("/meetings/{meeting}"),
        lambda w: {
            "organ": "general_assembly",
            "title": "会员大会",
            "date": "2025-06-18",
            "notes": "会议由理事长主持。",
        },
    ),
    Row("DELETE /meetings/{id}", SEC, _p("/meetings/{spare_meeting}")),
    Row("POST /meetings/{id}/publish", SEC, _p("/meetings/{spare_meeting}/publish")),
    Row(
        "POST /meetings/{id}/attendance",
        SEC,
        _p("/meetings/{meeting}/attendance"),
        lambda w: {"organization": w["member_org"].pk, "status": "absent"},
    ),
    Row(
        "POST /meetings/{id}/motions",
        SEC,
        _p("/meetings/{meeting}/motions"),
        lambda w: {"decision_type": "charter", "title": "章程修正案"},
    ),
    Row(
        "PATCH /motions/{id}",
        SEC,
        _p("/motions/{draft_motion}"),
        lambda w: {"title": "修改章程（修订稿）"},
    ),
    Row(
        "PUT /motions/{id}",
        SEC,
        _p("/motions/{draft_motion}"),
        lambda w: {"title": "修改章程（修订稿）", "text": "第五条修改为……", "order": 2},
    ),
    Row("DELETE /motions/{id}", SEC, _p("/motions/{draft_motion}")),
    Row("POST /motions/{id}/open", SEC, _p("/motions/{draft_motion}/open")),
    Row(
        "POST /motions/{id}/votes",
        frozenset({"contact"}),
        _p("/motions/{voting_motion}/votes"),
        lambda w: {"choice": "yes"},
    ),
    Row(
        "POST /motions/{id}/paper-count",
        SEC,
        _p("/motions/{voting_motion}/paper-count"),
        lambda w: {"yes": 1, "no": 0, "abstain": 0},
    ),
    Row("POST /motions/{id}/close", SEC, _p("/motions/{voting_motion}/close")),
    Row(
        "POST /meetings/{id}/elections",
        SEC,
        _p("/meetings/{meeting}/elections"),
        lambda w: {"number": 2, "slate": [{"organization": w["member_org"].pk, "role": "chair"}]},
    ),
    Row(
        "PUT /motions/{id}/slate",
        SEC,
        _p("/motions/{election_motion}/slate"),
        lambda w: {"slate": [{"organization": w["member_org"].pk, "role": "director"}]},
    ),
    Row(
        "POST /withdrawals",
        SEC,
        _p("/withdrawals"),
        lambda w: {
            "body": w["body"].pk,
            "organization": w["member_org"].pk,
            "notice_on": "2025-07-01",
        },
    ),
    Row(
        "POST /sanctions",
        SEC,
        _p("/sanctions"),
        lambda w: {
            "membership": w["membership"].pk,
            "kind": "warning",
            "reason": "多次缺席",
            "since": "2025-07-01",
        },
    ),
    Row(
        "POST /sanctions/{id}/end",
        SEC,
        _p("/sanctions/{sanction}/end"),
        lambda w: {"until": "2025-07-31"},
    ),
    Row(
        "POST /membership-applications",
        EVERYONE,
        _p("/membership-applications"),
        lambda w: {
            "body": w["other_body"].pk,
            "name": "新申请单位",
            "contact_name": "联系人",
            "contact_phone": "13800000000",
        },
        note="to the published body",
    ),
    Row(
        "POST /membership-applications/{id}/review",
        SEC,
        _p("/membership-applications/{membership_application}/review"),
        lambda w: {"decision": "complete"},
    ),
    Row(
        "POST /membership-application-status",
        EVERYONE,
        _p("/membership-application-status"),
        lambda w: {"token": w["application_token"]},
        note="whoever holds the token",
    ),
    Row(
        "POST /industry-chains",
        ADMIN,
        _p("/industry-chains"),
        lambda w: {"region_code": "510100", "name": "新能源汽车产业链"},
        note="a region's chain",
    ),
    Row("PATCH /industry-chains/{id}", SEC, _p("/industry-chains/{chain}"), lambda w: {"order": 2}),
    Row(
        "PATCH /industry-chains/{id}",
        ADMIN,
        _p("/industry-chains/{region_chain}"),
        lambda w: {"order": 2},
        note="a region's chain",
    ),
    Row(
        "PUT /industry-chains/{id}",
        SEC,
        _p("/industry-chains/{chain}"),
        lambda w: {"body": w["body"].pk, "name": "智能装备产业链"},
    ),
    Row("DELETE /industry-chains/{id}", SEC, _p("/industry-chains/{chain}")),
    Row(
        "PUT /indicators/{id}",
        ADMIN,
        _p("/indicators/{indicator}"),
        lambda w: {**_indicator(w), "code": "order_students"},
    ),
    Row(
        "POST /collection-rounds",
        SEC,
        _p("/collection-rounds"),
        lambda w: {"body": w["body"].pk, "year": 2023},
    ),
    Row("POST /collection-rounds/{id}/lock", SEC, _p("/collection-rounds/{collection_round}/lock")),
    Row(
        "POST /collection-rounds/{id}/add-forms",
        SEC,
        _p("/collection-rounds/{collection_round}/add-forms"),
    ),
    Row(
        "POST /collection-rounds/{id}/remind",
        SEC,
        _p("/collection-rounds/{collection_round}/remind"),
    ),
    Row(
        "PUT /collection-rounds/{id}/forms/{form_id}/values",
        UNIT_OR_SEC,
        _p("/collection-rounds/{collection_round}/forms/{school_form}/values"),
        lambda w: {"values": {"order_classes": 2}},
    ),
    Row(
        "POST /collection-rounds/{id}/forms/{form_id}/submit",
        UNIT_OR_SEC,
        _p("/collection-rounds/{collection_round}/forms/{school_form}/submit"),
        note="incomplete: the allowed get 422",
        gate_only=True,
    ),
    Row(
        "POST /collection-rounds/{id}/forms/{form_id}/return",
        SEC,
        _p("/collection-rounds/{collection_round}/forms/{submitted_form}/return"),
        lambda w: {"reason": "请更正订单班数"},
    ),
    # organisations: registered by secretariats, edited by the unit's contact
    Row("POST /organizations", ANY_SEC, _p("/organizations"), lambda w: {"name": "另一新单位"}),
    Row(
        "PATCH /organizations/{id}",
        UNIT,
        _p("/organizations/{member_org}"),
        lambda w: {"region": "成都"},
    ),
    Row("PUT /organizations/{id}", UNIT, _p("/organizations/{member_org}"), _org),
    Row("DELETE /organizations/{id}", ADMIN, _p("/organizations/{new_org}")),
    # people: edited by the units holding their positions
    Row(
        "POST /people",
        UNIT_OR_SEC | {"other_contact", "other_sec"},
        _p("/people"),
        lambda w: {"name": "王五"},
    ),
    Row(
        "POST /people",
        UNIT_OR_SEC,
        _p("/people"),
        lambda w: {
            "name": "王五",
            "positions": [{"organization": w["member_org"].pk, "title": "教师"}],
        },
        note="with a position in member_org",
    ),
    Row("PATCH /people/{id}", UNIT, _p("/people/{person}"), lambda w: {"name": "张三丰"}),
    Row(
        "PATCH /people/{id}",
        SEC,
        _p("/people/{registered_person}"),
        lambda w: {"name": "赵六一"},
        note="registered by the secretariat, no unit yet",
    ),
    Row(
        "PATCH /people/{id}",
        UNIT,
        _p("/people/{taken_over_person}"),
        lambda w: {"name": "钱七一"},
        note="registered by the secretariat, now held by a unit with a contact",
    ),
    Row("PUT /people/{id}", UNIT, _p("/people/{person}"), lambda w: {"name": "张三丰"}),
    Row("DELETE /people/{id}", UNIT, _p("/people/{person}")),
    Row(
        "POST /people/{id}/positions",
        UNIT,
        _p("/people/{person}/positions"),
        lambda w: {"organization": w["member_org"].pk, "title": "副院长"},
    ),
    Row(
        "POST /people/{id}/positions",
        ADMIN,
        _p("/people/{other_person}/positions"),
        lambda w: {"organization": w["member_org"].pk, "title": "副院长"},
        note="another unit's person",
    ),
    Row(
        "PATCH /people/{id}/positions/{position_id}",
        UNIT,
        _p("/people/{person}/positions/{position}"),
        lambda w: {"title": "党委书记"},
    ),
    Row(
        "DELETE /people/{id}/positions/{position_id}",
        UNIT,
        _p("/people/{person}/positions/{position}"),
    ),
    # bodies and what is filed under them: the body's secretariat
    Row(
        "POST /bodies",
        ADMIN,
        _p("/bodies"),
        lambda w: {"name": "新产教融合体", "kind": "vocational_education_group"},
    ),
    Row("PATCH /bodies/{id}", SEC, _p("/bodies/{body}"), lambda w: {"region": "成都"}),
    Row(
        "PUT /bodies/{id}",
        SEC,
        _p("/bodies/{body}"),
        lambda w: {"name": w["body"].name, "kind": w["body"].kind},
    ),
    Row("DELETE /bodies/{id}", ADMIN, _p("/bodies/{body}")),
    Row(
        "POST /bodies/{id}/members",
        SEC,
        _p("/bodies/{body}/members"),
        lambda w: {"organization": w["new_org"].pk},
    ),
    Row(
        "PATCH /bodies/{id}/members/{membership_id}",
        SEC,
        _p("/bodies/{body}/members/{membership}"),
        lambda w: {"notes": "改"},
    ),
    Row(
        "DELETE /bodies/{id}/members/{membership_id}",
        SEC,
        _p("/bodies/{body}/members/{membership}"),
    ),
    Row("POST /bodies/{id}/terms", SEC, _p("/bodies/{body}/terms"), lambda w: {"number": 2}),
    Row(
        "PATCH /bodies/{id}/terms/{term_id}",
        SEC,
        _p("/bodies/{body}/terms/{term}"),
        lambda w: {"name": "第一届"},
    ),
    Row("DELETE /bodies/{id}/terms/{term_id}", SEC, _p("/bodies/{body}/terms/{term}")),
    Row(
        "POST /bodies/{id}/committees",
        SEC,
        _p("/bodies/{body}/committees"),
        lambda w: {"name": "新委员会"},
    ),
    Row(
        "PATCH /bodies/{id}/committees/{committee_id}",
        SEC,
        _p("/bodies/{body}/committees/{committee}"),
        lambda w: {"name": "改名委员会"},
    ),
    Row(
        "DELETE /bodies/{id}/committees/{committee_id}",
        SEC,
        _p("/bodies/{body}/committees/{committee}"),
    ),
    Row(
        "POST /bodies/{id}/declared-counts",
        SEC,
        _p("/bodies/{body}/declared-counts"),
        lambda w: {"label": "企业", "value": 3},
    ),
    Row(
        "DELETE /bodies/{id}/declared-counts/{count_id}",
        SEC,
        _p("/bodies/{body}/declared-counts/{count}"),
    ),
    # events: held only by bodies the secretariat runs
    Row("POST /events", SEC, _p("/events"), _event("body")),
    Row(
        "POST /events",
        ADMIN,
        _p("/events"),
        _event("body", "other_body"),
        note="co-held with other_body",
    ),
    Row("PATCH /events/{id}", SEC, _p("/events/{event}"), lambda w: {"city": "成都"}),
    Row(
        "PATCH /events/{id}",
        ADMIN,
        _p("/events/{event}"),
        lambda w: {"bodies": [w["body"].pk, w["other_body"].pk]},
        note="adds other_body as co-holder",
    ),
    Row("PUT /events/{id}", SEC, _p("/events/{event}"), _event("body")),
    Row("DELETE /events/{id}", SEC, _p("/events/{event}")),
    Row(
        "POST /events/{id}/organizations",
        SEC,
        _p("/events/{event}/organizations"),
        lambda w: {"organization": w["new_org"].pk, "role": "co_organizer"},
    ),
    Row(
        "DELETE /events/{id}/organizations/{participation_id}",
        SEC,
        _p("/events/{event}/organizations/{participation}"),
    ),
    Row(
        "POST /events/{id}/agenda-items",
        SEC,
        _p("/events/{event}/agenda-items"),
        lambda w: {"order": 2, "title": "主旨报告"},
    ),
    Row(
        "PATCH /events/{id}/agenda-items/{item_id}",
        SEC,
        _p("/events/{event}/agenda-items/{agenda_item}"),
        lambda w: {"title": "改"},
    ),
    Row(
        "DELETE /events/{id}/agenda-items/{item_id}",
        SEC,
        _p("/events/{event}/agenda-items/{agenda_item}"),
    ),
    Row(
        "POST /events/{id}/ceremonies",
        SEC,
        _p("/events/{event}/ceremonies"),
        lambda w: {"kind": "unveiling", "name": "揭牌"},
    ),
    Row(
        "PATCH /events/{id}/ceremonies/{ceremony_id}",
        SEC,
        _p("/events/{event}/ceremonies/{ceremony}"),
        lambda w: {"name": "改"},
    ),
    Row(
        "DELETE /events/{id}/ceremonies/{ceremony_id}",
        SEC,
        _p("/events/{event}/ceremonies/{ceremony}"),
    ),
    # registration: organised by the event's secretariat; a unit's contact registers its own
    # people for an event it can see
    Row(
        "PUT /events/{id}/registration",
        SEC,
        _p("/events/{reg_event}/registration"),
        lambda w: {"capacity": 60, "asked_fields": ["phone"]},
    ),
    Row(
        "PATCH /events/{id}/registration",
        SEC,
        _p("/events/{reg_event}/registration"),
        lambda w: {"capacity": 60},
    ),
    Row(
        "POST /events/{id}/registration/erase",
        SEC,
        _p("/events/{reg_event}/registration/erase"),
        note="before the event: the allowed get 422",
        gate_only=True,
    ),
    Row(
        "POST /events/{id}/registrations",
        SEC,
        _p("/events/{reg_event}/registrations"),
        lambda w: {"name": "新报名人"},
    ),
    Row(
        "POST /events/{id}/registrations",
        frozenset({"contact", "other_contact", "other_sec", "admin"}),
        _p("/events/{open_event}/registrations"),
        lambda w: {"name": "新报名人"},
        note="a published body's event: any unit's contact, for its own people",
    ),
    Row(
        "DELETE /events/{id}/registrations/{reg_id}",
        SEC,
        _p("/events/{reg_event}/registrations/{registration}"),
    ),
    Row(
        "DELETE /events/{id}/registrations/{reg_id}",
        frozenset({"contact", "other_sec", "admin"}),
        _p("/events/{open_event}/registrations/{unit_registration}"),
        note="the unit's own registration",
    ),
    Row(
        "POST /events/{id}/registrations/{reg_id}/approve",
        SEC,
        _p("/events/{reg_event}/registrations/{pending_registration}/approve"),
    ),
    Row(
        "POST /events/{id}/registrations/{reg_id}/decline",
        SEC,
        _p("/events/{reg_event}/registrations/{pending_registration}/decline"),
    ),
    Row(
        "POST /registrations/{code}/check-in",
        SEC,
        lambda w: f"/api/v1/registrations/{w['ticket']}/check-in",
    ),
    # agreements and carriers: filed under the body, linking only its own events
    Row("POST /agreements", SEC, _p("/agreements"), _agreement(event="event")),
    Row(
        "POST /agreements",
        ADMIN,
        _p("/agreements"),
        _agreement(event="other_event"),
        note="another body's event",
    ),
    Row(
        "POST /agreements",
        ADMIN,
        _p("/agreements"),
        _agreement(event="other_event", ceremony="other_ceremony"),
        note="another body's ceremony",
    ),
    Row("PATCH /agreements/{id}", SEC, _p("/agreements/{agreement}"), lambda w: {"notes": "改"}),
    Row(
        "PATCH /agreements/{id}",
        ADMIN,
        _p("/agreements/{agreement}"),
        lambda w: {"event": w["other_event"].pk},
        note="to another body's event",
    ),
    Row(
        "PUT /agreements/{id}",
        SEC,
        _p("/agreements/{agreement}"),
        _agreement(event="event", ceremony="ceremony"),
    ),
    Row("DELETE /agreements/{id}", SEC, _p("/agreements/{agreement}")),
    Row(
        "POST /carriers", SEC, _p("/carriers"), _carrier(ceremony="ceremony", agreement="agreement")
    ),
    Row(
        "POST /carriers",
        ADMIN,
        _p("/carriers"),
        _carrier(ceremony="other_ceremony"),
        note="another body's ceremony",
    ),
    Row(
        "POST /carriers",
        ADMIN,
        _p("/carriers"),
        _carrier(agreement="other_agreement"),
        note="another body's agreement",
    ),
    Row("PATCH /carriers/{id}", SEC, _p("/carriers/{carrier}"), lambda w: {"city": "成都"}),
    Row("PUT /carriers/{id}", SEC, _p("/carriers/{carrier}"), _carrier()),
    Row("DELETE /carriers/{id}", SEC, _p("/carriers/{carrier}")),
    # talent: contacts file only under bodies their unit belongs to
    Row("POST /cohorts", SEC, _p("/cohorts"), _cohort("body")),
    Row(
        "POST /cohorts",
        OTHER_SEC,
        _p("/cohorts"),
        _cohort("other_body"),
        note="under a body the school is not a member of",
    ),
    Row("PATCH /cohorts/{id}", SEC, _p("/cohorts/{cohort}"), lambda w: {"headcount": 35}),
    Row(
        "PATCH /cohorts/{id}",
        OTHER_SEC - {"other_sec"},
        _p("/cohorts/{cohort}"),
        lambda w: {"body": w["other_body"].pk},
        note="moved to a body the school is not a member of",
    ),
    Row("PUT /cohorts/{id}", SEC, _p("/cohorts/{cohort}"), _cohort("body")),
    Row("DELETE /cohorts/{id}", SEC, _p("/cohorts/{cohort}"), gate_only=True),
    Row("POST /postings", OTHER_UNIT_OR_SEC, _p("/postings"), _posting("other_body")),
    Row(
        "POST /postings",
        SEC,
        _p("/postings"),
        _posting("body"),
        note="under a body the enterprise is not a member of",
    ),
    Row(
        "PATCH /postings/{id}",
        OTHER_UNIT_OR_SEC,
        _p("/postings/{posting}"),
        lambda w: {"headcount": 4},
    ),
    Row("PUT /postings/{id}", OTHER_UNIT_OR_SEC, _p("/postings/{posting}"), _posting("other_body")),
    Row("DELETE /postings/{id}", OTHER_UNIT_OR_SEC, _p("/postings/{posting}")),
    Row(
        "POST /students",
        SEC,
        _p("/students"),
        lambda w: {"cohort": w["cohort"].pk, "display_name": "学生甲"},
    ),
    Row(
        "PATCH /students/{id}", UNIT_OR_SEC, _p("/students/{student}"), lambda w: {"region": "成都"}
    ),
    Row("DELETE /students/{id}", UNIT_OR_SEC, _p("/students/{student2}")),
    Row(
        "POST /applications",
        SEC,
        _p("/applications"),
        lambda w: {"student": w["student2"].pk, "posting": w["body_posting"].pk, "student_rank": 1},
    ),
    Row(
        "PATCH /applications/{id}",
        UNIT_OR_SEC,
        _p("/applications/{application}"),
        lambda w: {"student_rank": 2},
    ),
    Row("DELETE /applications/{id}", UNIT_OR_SEC, _p("/applications/{application}")),
    Row("POST /match-runs", SEC, _p("/match-runs"), lambda w: {"body": w["body"].pk}),
    Row(
        "POST /match-runs/{id}/accept",
        SEC,
        _p("/match-runs/{run}/accept"),
        lambda w: {"proposals": [w["proposal"].pk]},
    ),
    Row(
        "POST /match-runs/{id}/reject",
        SEC,
        _p("/match-runs/{run}/reject"),
        lambda w: {"proposals": [w["proposal"].pk]},
    ),
    Row(
        "POST /placements",
        SEC,
        _p("/placements"),
        lambda w: {
            "student": w["student2"].pk,
            "posting": w["body_posting"].pk,
            "body": w["body"].pk,
        },
    ),
    Row("PATCH /placements/{id}", SEC, _p("/placements/{placement}"), lambda w: {"notes": "改"}),
    Row("DELETE /placements/{id}", SEC, _p("/placements/{placement}")),
    # sharing: a resource is the owner unit's contact's and the body's secretariat's; a member
    # unit's contact books for its unit; any signed-in user books a public resource
    Row(
        "POST /resources",
        UNIT_OR_SEC,
        _p("/resources"),
        lambda w: {
            "name": "新实训室",
            "kind": "training_base",
            "owner": w["member_org"].pk,
            "body": w["body"].pk,
        },
    ),
    Row(
        "PATCH /resources/{id}",
        UNIT_OR_SEC,
        _p("/resources/{resource}"),
        lambda w: {"location": "新址"},
    ),
    Row(
        "PUT /resources/{id}",
        UNIT_OR_SEC,
        _p("/resources/{resource}"),
        lambda w: {
            "name": "本体实训基地",
            "kind": "training_base",
            "owner": w["member_org"].pk,
            "body": w["body"].pk,
        },
    ),
    Row("DELETE /resources/{id}", UNIT_OR_SEC, _p("/resources/{spare_resource}")),
    Row(
        "POST /resources/{id}/bookings",
        UNIT,
        _p("/resources/{resource}/bookings"),
        lambda w: {**w["booking_slot"], "organization": w["member_org"].pk},
    ),
    Row(
        "POST /resources/{id}/bookings",
        EVERYONE - {"anon"},
        _p("/resources/{other_resource}/bookings"),
        lambda w: w["booking_slot"],
        note="a public resource",
    ),
    Row("POST /bookings/{id}/confirm", UNIT_OR_SEC, _p("/bookings/{booking}/confirm")),
    Row(
        "POST /bookings/{id}/decline",
        UNIT_OR_SEC,
        _p("/bookings/{booking}/decline"),
        lambda w: {"reason": "检修"},
    ),
    Row("POST /bookings/{id}/cancel", UNIT_OR_SEC, _p("/bookings/{booking}/cancel"), lambda w: {}),
    Row("POST /bookings/{id}/used", UNIT_OR_SEC, _p("/bookings/{past_booking}/used")),
    Row("POST /bookings/{id}/no-show", UNIT_OR_SEC, _p("/bookings/{past_booking}/no-show")),
    # news ingest: secretariats; an article is reviewed by its body's secretariat
    Row(
        "POST /articles",
        ANY_SEC,
        _p("/articles"),
        lambda w: {"text": "2024年5月1日，新单位举行会议。", "name": "a.txt"},
    ),
    Row(
        "PATCH /articles/{id}/proposals/{proposal_id}",
        SEC,
        _p("/articles/{article}/proposals/{article_proposal}"),
        lambda w: {"decision": "drop"},
        gate_only=True,
    ),
    Row(
        "POST /articles/{id}/save",
        SEC,
        _p("/articles/{article}/save"),
        lambda w: {},
        gate_only=True,
    ),
    Row("POST /articles/{id}/discard", SEC, _p("/articles/{article}/discard"), gate_only=True),
    Row(
        "POST /ingest-batches",
        ANY_SEC,
        _p("/ingest-batches"),
        lambda w: {"articles": [{"text": "新单位举行会议。", "name": "b.txt"}]},
    ),
]


def _listed(key: str) -> Callable[[dict, Any], bool]:
    """A list read "succeeds" when the private row ``key`` is among its items."""

    def check(w: dict, response) -> bool:
        items = response.json().get("items", []) if response.status_code == 200 else []
        return any(item.get("id") == w[key].pk for item in items)

    return check


def _calendar_range() -> str:
    """``?from=…&to=…`` covering the world's bookings (the pending one is 30 days ahead)."""
    today = timezone.localdate()
    return f"?from={today - datetime.timedelta(days=2)}&to={today + datetime.timedelta(days=40)}"


def _calendar_details(key: str) -> Callable[[dict, Any], bool]:
    """The calendar names the world's booking ``key`` (its details, not just a taken slot)."""

    def check(w: dict, response) -> bool:
        entries = response.json() if response.status_code == 200 else []
        return any(entry.get("booking") == w[key].pk for entry in entries)

    return check


API_READS: list[Row] = [
    # sharing: an unpublished body's resources for its readers and member units; a booking's
    # details for the resource's managers, the body's readers and the requesting unit
    Row("GET /resources", READERS | {"contact"}, _p("/resources"), check=_listed("resource")),
    Row("GET /resources/{id}", READERS | {"contact"}, _p("/resources/{resource}")),
    Row(
        "GET /resources/{id}",
        EVERYONE,
        _p("/resources/{other_resource}"),
        note="a published body's",
    ),
    Row(
        "GET /resources/{id}/bookings",
        READERS | {"contact"},
        _p("/resources/{resource}/bookings"),
        check=_listed("booking"),
    ),
    Row("GET /bookings", READERS | {"contact"}, _p("/bookings"), check=_listed("booking")),
    Row(
        "GET /resources/{id}/calendar",
        READERS | {"contact"},
        lambda w: _p("/resources/{resource}/calendar")(w) + _calendar_range(),
        check=_calendar_details("booking"),
        note="the booking's details",
    ),
    Row(
        "GET /resources/{id}/calendar",
        EVERYONE,
        _p("/resources/{other_resource}/calendar"),
        note="a published body's",
    ),
    Row("GET /bookings/{id}", READERS | {"contact"}, _p("/bookings/{booking}")),
    Row("GET /plans", READERS, _p("/plans"), check=_listed("plan")),
    Row("GET /industry-chains", READERS, _p("/industry-chains"), check=_listed("chain")),
    Row("GET /meetings", READERS | {"contact"}, _p("/meetings"), check=_listed("meeting")),
    Row("GET /meetings/{id}", READERS | {"contact"}, _p("/meetings/{meeting}")),
    Row("GET /motions/{id}", READERS | {"contact"}, _p("/motions/{voting_motion}")),
    Row("GET /bodies/{id}/council-history", READERS, _p("/bodies/{body}/council-history")),
    Row(
        "GET /bodies/{id}/council-history",
        EVERYONE,
        _p("/bodies/{other_body}/council-history"),
        note="a published body's",
    ),
    # membership events and sanctions: those who read the body's meetings, never the public
    Row(
        "GET /bodies/{id}/member-history",
        READERS | {"contact"},
        _p("/bodies/{body}/member-history"),
    ),
    Row(
        "GET /bodies/{id}/member-history",
        OTHER_UNIT_OR_SEC,
        _p("/bodies/{other_body}/member-history"),
        note="a published body's: its readers only",
    ),
    Row("GET /sanctions", READERS | {"contact"}, _p("/sanctions"), check=_listed("sanction")),
    Row(
        "GET /membership-applications",
        SEC,
        _p("/membership-applications"),
        check=_listed("membership_application"),
    ),
    Row(
        "GET /membership-applications/{id}",
        SEC,
        _p("/membership-applications/{membership_application}"),
    ),
    Row(
        "GET /resolutions",
        READERS | {"contact"},
        _p("/resolutions"),
        check=_listed("resolution"),
    ),
    Row(
        "GET /decision-rules",
        READERS,
        _p("/decision-rules"),
        check=_listed("decision_rule"),
    ),
    Row("GET /industry-chains/{id}", READERS, _p("/industry-chains/{chain}")),
    Row(
        "GET /industry-chains/{id}",
        EVERYONE,
        _p("/industry-chains/{region_chain}"),
        note="a region's",
    ),
    Row(
        "GET /chain-alignment",
        READERS,
        lambda w: f"/api/v1/chain-alignment?body={w['body'].pk}&year=2024",
    ),
    Row(
        "GET /chain-alignment",
        EVERYONE,
        lambda w: "/api/v1/chain-alignment?region=510100&year=2024",
        note="a region's",
    ),
    Row("GET /plans/{id}", READERS, _p("/plans/{plan}")),
    Row("GET /plans/{id}/goals", READERS, _p("/plans/{plan}/goals")),
    Row("GET /plans/{id}/goals/{goal_id}", READERS, _p("/plans/{plan}/goals/{plan_goal}")),
    Row("GET /plans/{id}/tasks", READERS, _p("/plans/{plan}/tasks")),
    Row("GET /plans/{id}/tasks/{task_id}", READERS, _p("/plans/{plan}/tasks/{plan_task}")),
    Row("GET /plans/{id}/targets", READERS, _p("/plans/{plan}/targets")),
    Row("GET /plans/{id}/targets/{target_id}", READERS, _p("/plans/{plan}/targets/{plan_target}")),
    Row(
        "GET /supervision/bodies",
        frozenset({"supervisor", "admin"}),
        _p("/supervision/bodies?year=2024"),
    ),
    Row(
        "GET /bodies/{id}/annual-report",
        READERS,
        _p("/bodies/{body}/annual-report?year=2024"),
    ),
    Row(
        "GET /bodies/{id}/annual-report",
        READERS,
        _p("/bodies/{body}/annual-report?year=2024&format=docx"),
        note="as .docx",
    ),
    Row(
        "GET /collection-rounds",
        READERS | {"contact"},
        _p("/collection-rounds"),
        check=_listed("collection_round"),
    ),
    Row(
        "GET /collection-rounds/{id}",
        READERS | {"contact"},
        _p("/collection-rounds/{collection_round}"),
    ),
    Row(
        "GET /collection-rounds/{id}/forms",
        READERS | {"contact"},
        _p("/collection-rounds/{collection_round}/forms"),
        check=_listed("school_form"),
    ),
    Row(
        "GET /collection-rounds/{id}/forms",
        READERS,
        _p("/collection-rounds/{collection_round}/forms"),
        note="another unit's form",
        check=_listed("submitted_form"),
    ),
    Row(
        "GET /collection-rounds/{id}/forms/{form_id}",
        READERS | {"contact"},
        _p("/collection-rounds/{collection_round}/forms/{school_form}"),
    ),
    Row("GET /bodies/{id}", READERS, _p("/bodies/{body}")),
    Row("GET /bodies/{id}", EVERYONE, _p("/bodies/{other_body}"), note="published body"),
    Row("GET /bodies", READERS, _p("/bodies"), check=_listed("body")),
    Row("GET /bodies/{id}/members", READERS, _p("/bodies/{body}/members")),
    Row("GET /bodies/{id}/terms", READERS, _p("/bodies/{body}/terms")),
    Row("GET /bodies/{id}/committees", READERS, _p("/bodies/{body}/committees")),
    Row("GET /bodies/{id}/declared-counts", READERS, _p("/bodies/{body}/declared-counts")),
    Row("GET /events/{id}", READERS, _p("/events/{event}")),
    Row(
        "GET /events/{id}",
        READERS,
        _p("/events/{flagged_event}"),
        note="public event of an unpublished body",
    ),
    Row("GET /events/{id}", EVERYONE, _p("/events/{other_event}"), note="published body's event"),
    Row("GET /events", READERS, _p("/events"), check=_listed("flagged_event")),
    Row("GET /events/{id}/organizations", READERS, _p("/events/{event}/organizations")),
    Row("GET /events/{id}/agenda-items", READERS, _p("/events/{event}/agenda-items")),
    Row("GET /events/{id}/ceremonies", READERS, _p("/events/{event}/ceremonies")),
    Row("GET /events/{id}/registration", READERS, _p("/events/{reg_event}/registration")),
    Row(
        "GET /events/{id}/registration",
        EVERYONE,
        _p("/events/{open_event}/registration"),
        note="a published body's event",
    ),
    # registrations: the organisers, and the registrant's own unit's contact
    Row(
        "GET /events/{id}/registrations",
        SEC,
        _p("/events/{reg_event}/registrations"),
        check=_listed("registration"),
    ),
    Row(
        "GET /events/{id}/registrations",
        frozenset({"contact", "other_sec", "admin"}),
        _p("/events/{open_event}/registrations"),
        note="a unit's own registration",
        check=_listed("unit_registration"),
    ),
    Row(
        "GET /events/{id}/registrations/{reg_id}",
        SEC,
        _p("/events/{reg_event}/registrations/{registration}"),
    ),
    Row(
        "GET /events/{id}/registrations/{reg_id}",
        frozenset({"contact", "other_sec", "admin"}),
        _p("/events/{open_event}/registrations/{unit_registration}"),
        note="a unit's own registration",
    ),
    Row("GET /agreements/{id}", READERS, _p("/agreements/{agreement}")),
    Row("GET /carriers/{id}", READERS, _p("/carriers/{carrier}")),
    Row("GET /cohorts/{id}", READERS, _p("/cohorts/{cohort}")),
    Row("GET /match-runs/{id}", READERS, _p("/match-runs/{run}")),
    Row("GET /match-runs/{id}/proposals", READERS, _p("/match-runs/{run}/proposals")),
    Row("GET /articles/{id}", SEC, _p("/articles/{article}")),
    Row("GET /ingest-batches/{id}", SEC, _p("/ingest-batches/{batch}")),
    Row("GET /bodies/{id}/history", READERS, _p("/bodies/{body}/history")),
    Row(
        "GET /organizations/{id}/memberships",
        READERS,
        _p("/organizations/{member_org}/memberships"),
        check=_listed("membership"),
    ),
    Row("GET /agreements", READERS, _p("/agreements"), check=_listed("agreement")),
    Row("GET /carriers", READERS, _p("/carriers"), check=_listed("carrier")),
    Row("GET /cohorts", READERS, _p("/cohorts"), check=_listed("cohort")),
    Row("GET /postings/{id}", READERS, _p("/postings/{body_posting}")),
    Row("GET /postings", READERS, _p("/postings"), check=_listed("body_posting")),
    # a unit reads its own: the school its students, the school and the enterprise the
    # applications and placements between them
    Row("GET /students/{id}", READERS | {"contact"}, _p("/students/{student}")),
    Row("GET /students", READERS | {"contact"}, _p("/students"), check=_listed("student")),
    Row("GET /applications/{id}", READERS | BOTH_UNITS, _p("/applications/{application}")),
    Row(
        "GET /applications",
        READERS | BOTH_UNITS,
        _p("/applications"),
        check=_listed("application"),
    ),
    Row("GET /match-runs", READERS, _p("/match-runs"), check=_listed("run")),
    Row("GET /placements/{id}", READERS | BOTH_UNITS, _p("/placements/{placement}")),
    Row("GET /placements", READERS | BOTH_UNITS, _p("/placements"), check=_listed("placement")),
    Row("GET /articles", SEC, _p("/articles"), check=_listed("article")),
    Row("GET /talent/gap", READERS, _p("/talent/gap?body={body}"), note="of an unpublished body"),
    Row("GET /history", ADMIN, _p("/history"), note="everything's"),
    Row(
        "GET /history",
        READERS,
        _p("/history?object_type=events.event&object_id={event}"),
        note="an event's",
    ),
    Row(
        "GET /history",
        READERS,
        _p("/history?object_type=cooperation.agreement&object_id={agreement}"),
        note="an agreement's",
    ),
    Row(
        "GET /history",
        READERS,
        _p("/history?object_type=talent.cohort&object_id={cohort}"),
        note="a cohort's",
    ),
    Row(
        "GET /history",
        READERS,
        _p("/history?object_type=talent.matchrun&object_id={run}"),
        note="a match run's",
    ),
]

#: GET operations that are not private reads: public registers (organisations, people, majors)
#: and the reader's own account. A new GET operation must be placed here or get a row above.
PUBLIC_API_READS = {
    "GET /organizations", "GET /organizations/{id}", "GET /people", "GET /people/{id}",
    "GET /people/{id}/positions", "GET /majors", "GET /majors/{id}", "GET /major-categories",
    "GET /me", "GET /indicators", "GET /indicators/{id}",
}  # fmt: skip


# --- rows kept beside this module -----------------------------------------------------------
# Apps added later keep their rows in ``matrix_<app>.py`` beside this module: each has
# ``extend_world(w)`` (the records its rows need, added to the world; ``w["users"]`` holds the
# actors' accounts), ``API_WRITES``, ``API_READS``, ``PUBLIC_API_READS``, ``pages()`` and
# ``READ_ONLY_PAGES``. They import what they use from this module (Row, _p, the actor sets).
from . import matrix_cooperation, matrix_golds, matrix_registry  # noqa: E402

EXTENSIONS = (matrix_cooperation, matrix_golds, matrix_registry)
for _extension in EXTENSIONS:
    API_WRITES += _extension.API_WRITES
    API_READS += _extension.API_READS
    PUBLIC_API_READS |= _extension.PUBLIC_API_READS


def _api_headers(w: dict, actor: str) -> dict:
    return bearer(w["tokens"][actor]) if actor != "anon" else {}


def _request(client: Client, headers: dict, method: str, path: str, payload: Any):
    send = getattr(client, method.lower())
    if method == "GET":
        return send(path, headers=headers)
    if payload is None:
        return send(path, headers=headers)
    return send(path, payload, content_type="application/json", headers=headers)


def _outcome(row: Row, w: dict, response) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if row.check is not None:
        return "allowed" if row.check(w, response) else "refused"
    if status in REFUSED:
        return "refused"
    if status == 422 and "或您无权查看" in response.content.decode():
        return "refused"  # an id the actor may not see is unknown to it
    if row.gate_only or status < 400:
        return "allowed"
    return f"invalid {status}: {response.content[:200]!r}"


def _walk(
    allowed: frozenset[str],
    do: Callable[[str], Any],
    outcome: Callable[[str, Any], str],
) -> list[str]:
    """Each actor in its own rolled-back savepoint (``outcome`` looks at the response and the
    database before the rollback); the cells that disagree with the rule."""
    wrong = []
    for actor in ACTORS:
        sid = transaction.savepoint()
        try:
            response = do(actor)
            got = outcome(actor, response)
        finally:
            transaction.savepoint_rollback(sid)
        want = "allowed" if actor in allowed else "refused"
        if got != want:
            detail = ""
            if response.headers.get("Content-Type", "").startswith("application/json"):
                detail = str(response.json().get("detail", ""))[:120]
            wrong.append(f"{actor}: want {want}, got {got} ({response.status_code} {detail})")
    return wrong


@pytest.mark.parametrize("row", API_WRITES + API_READS, ids=lambda r: r.id)
def test_api_cell(w, row: Row):
    method = row.op.split()[0]
    path = row.path(w)

    def do(actor):
        payload = row.payload(w) if row.payload else None
        return _request(Client(), _api_headers(w, actor), method, path, payload)

    wrong = _walk(row.allowed, do, lambda actor, response: _outcome(row, w, response))
    assert not wrong, "\n".join(wrong)


def test_refusals_say_why(w):
    """A refused write answers 403 with the service's reason, not a generic text."""
    client = Client()
    response = client.post(
        "/api/v1/events",
        {"name": "联合活动", "bodies": [w["body"].pk, w["other_body"].pk]},
        content_type="application/json",
        headers=bearer(w["tokens"]["sec"]),
    )
    assert response.status_code == 403
    assert "主办" in response.json()["detail"]


def _schema_writes() -> set[str]:
    from config.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path.removeprefix('/api/v1')}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }


def test_every_api_read_is_placed():
    """A new read endpoint must come with its row in the matrix, or be a public register's."""
    from config.api import api

    reads = {
        f"GET {path.removeprefix('/api/v1')}"
        for path, operations in api.get_openapi_schema()["paths"].items()
        if "get" in operations
    }
    missing = reads - {row.op for row in API_READS} - PUBLIC_API_READS
    assert not missing, f"API reads without a permission-matrix row: {sorted(missing)}"
    stale = ({row.op for row in API_READS} | PUBLIC_API_READS) - reads
    assert not stale, f"rows for operations that do not exist: {sorted(stale)}"


def test_every_api_write_has_a_row():
    """A new write endpoint must come with its row in the matrix."""
    missing = _schema_writes() - {row.op for row in API_WRITES}
    assert not missing, f"API writes without a permission-matrix row: {sorted(missing)}"
    stale = {row.op for row in API_WRITES} - _schema_writes()
    assert not stale, f"rows for operations that do not exist: {sorted(stale)}"


# --- pages ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page (its form, shown by GET; or a POST-only action) and who may open it.

    ``args`` are world keys: a record's id, or a string as it is (a link's token). ``check``
    (response and database, before the rollback) says whether the actor got what the page gives
    (the write took effect, the form is shown), where the status code alone cannot tell.
    ``private_to``: only these actors may find any personal detail of the world (``w["secrets"]``)
    in the response; a refused response never shows any.
    """

    name: str
    allowed: frozenset[str]
    args: tuple[str, ...] = ()
    method: str = "GET"
    query: str = ""
    note: str = ""
    follow: bool = False
    private_to: frozenset[str] | None = None
    check: Callable[[dict, Any], bool] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        return f"{self.method} {self.name}({','.join(self.args)}){self.query} {self.note}".strip()


def _served(w: dict, response) -> bool:
    """A stored file was sent."""
    return response.status_code == 200 and getattr(response, "streaming", False)


def _reset_form(w: dict, response) -> bool:
    """The set-a-new-password form is shown (the link worked)."""
    return response.status_code == 200 and b'name="new_password1"' in response.content


def _reset_link_shown(w: dict, response) -> bool:
    return response.status_code == 200 and b"/accounts/reset/" in response.content


def _role_gone(user_key: str) -> Callable[[dict, Any], bool]:
    """The account lost its roles in ``body``, or (for a contact) its unit's contact role."""

    def gone(w: dict, response) -> bool:
        from chanjiao.accounts.models import BodyRole, OrganizationContact

        user = w[user_key]
        return not (
            BodyRole.objects.filter(user=user).exists()
            or OrganizationContact.objects.filter(user=user).exists()
        )

    return gone


def _account_off(w: dict, response) -> bool:
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.get(pk=w["contact_user"].pk).is_active


def _invitation_revoked(w: dict, response) -> bool:
    from chanjiao.accounts.models import Invitation

    return Invitation.objects.get(pk=w["invitation"].pk).revoked


def _round_locked(w: dict, response) -> bool:
    from chanjiao.reports.models import CollectionRound

    return CollectionRound.objects.get(pk=w["collection_round"].pk).status == "locked"


def _unit_feed_moved(w: dict, response) -> bool:
    """member_org's calendar feed has a new address (the old one is gone)."""
    from chanjiao.sharing.models import UnitCalendar

    return not UnitCalendar.objects.filter(feed_token=w["unit_feed_token"]).exists()


def _booking_is(status: str, key: str = "booking") -> Callable[[dict, Any], bool]:
    """The world's booking ``key`` now has ``status`` (the decision took effect)."""

    def check(w: dict, response) -> bool:
        return type(w[key]).objects.get(pk=w[key].pk).status == status

    return check


SIGNED_IN = EVERYONE - {"anon"}

PAGES: list[Page] = [
    # sharing (共享资源)
    Page("sharing:resource_create", UNIT_OR_SEC | {"other_contact", "other_sec"}),
    Page("sharing:resource_detail", READERS | {"contact"}, ("resource",), private_to=UNIT_OR_SEC),
    Page("sharing:resource_detail", EVERYONE, ("other_resource",), note="a published body's"),
    Page("sharing:resource_edit", UNIT_OR_SEC, ("resource",), private_to=UNIT_OR_SEC),
    Page("sharing:resource_history", READERS | {"contact"}, ("resource",), private_to=UNIT_OR_SEC),
    Page("sharing:resource_delete", UNIT_OR_SEC, ("spare_resource",)),
    Page(
        "sharing:resource_delete",
        UNIT_OR_SEC,
        ("spare_resource",),
        method="POST",
        check=lambda w, r: (
            not type(w["spare_resource"]).objects.filter(pk=w["spare_resource"].pk).exists()
        ),
    ),
    Page("sharing:resource_calendar", READERS | {"contact"}, ("resource",), private_to=UNIT_OR_SEC),
    Page("sharing:resource_book", UNIT, ("resource",)),
    Page("sharing:resource_book", SIGNED_IN, ("other_resource",), note="a public resource"),
    Page("sharing:photo_add", UNIT_OR_SEC, ("resource",), method="POST"),
    Page("sharing:photo", READERS | {"contact"}, ("photo",), check=_served),
    Page(
        "sharing:photo_delete",
        UNIT_OR_SEC,
        ("photo",),
        method="POST",
        check=lambda w, r: not type(w["photo"]).objects.filter(pk=w["photo"].pk).exists(),
    ),
    Page(
        "sharing:resource_feed_reset",
        UNIT_OR_SEC,
        ("resource",),
        method="POST",
        check=lambda w, r: (
            type(w["resource"]).objects.get(pk=w["resource"].pk).feed_token
            != w["resource_feed_token"]
        ),
    ),
    Page("sharing:resource_feed", EVERYONE, ("resource_feed_token",), private_to=NOBODY),
    Page("sharing:resource_feed", NOBODY, ("bad_token",), private_to=NOBODY),
    Page("sharing:unit_feed", EVERYONE, ("unit_feed_token",), private_to=NOBODY),
    Page("sharing:unit_feed", NOBODY, ("bad_token",), private_to=NOBODY),
    Page("sharing:unit_calendar", UNIT, ("member_org",)),
    Page("sharing:unit_feed_reset", UNIT, ("member_org",), method="POST", check=_unit_feed_moved),
    Page("sharing:booking_detail", READERS | {"contact"}, ("booking",)),
    Page("sharing:booking_history", READERS | {"contact"}, ("booking",)),
    Page(
        "sharing:booking_confirm",
        UNIT_OR_SEC,
        ("booking",),
        method="POST",
        check=_booking_is("confirmed"),
    ),
    Page(
        "sharing:booking_decline",
        UNIT_OR_SEC,
        ("booking",),
        method="POST",
        check=_booking_is("declined"),
    ),
    Page(
        "sharing:booking_cancel",
        UNIT_OR_SEC,
        ("booking",),
        method="POST",
        check=_booking_is("cancelled"),
    ),
    Page(
        "sharing:booking_used",
        UNIT_OR_SEC,
        ("past_booking",),
        method="POST",
        check=_booking_is("used", "past_booking"),
    ),
    Page(
        "sharing:booking_no_show",
        UNIT_OR_SEC,
        ("past_booking",),
        method="POST",
        check=_booking_is("no_show", "past_booking"),
    ),
    Page("sharing:usage", READERS, ("body",)),
    # the yearly cycle
    Page("supervision", frozenset({"supervisor", "admin"})),
    Page("governance:meeting_list", READERS, ("body",)),
    Page(
        "governance:meeting_list",
        SEC,
        ("body",),
        method="POST",
        note="the form that calls a meeting",
        check=lambda w, r: r.status_code == 200 and b'name="organ"' in r.content,
    ),
    Page("governance:meeting", READERS | {"contact"}, ("meeting",)),
    Page("governance:meeting_edit", SEC, ("meeting",)),
    Page("governance:meeting_delete", SEC, ("spare_meeting",)),
    Page(
        "governance:meeting_delete",
        SEC,
        ("spare_meeting",),
        method="POST",
        check=lambda w, r: (
            not type(w["spare_meeting"]).objects.filter(pk=w["spare_meeting"].pk).exists()
        ),
    ),
    Page("governance:renewal", READERS, ("body",)),
    Page("governance:renewal", EVERYONE, ("other_body",), note="a published body's history"),
    Page(
        "governance:renewal",
        SEC,
        ("body",),
        method="POST",
        note="the form that prepares an election",
        check=lambda w, r: r.status_code == 200 and b'name="slate-TOTAL_FORMS"' in r.content,
    ),
    Page("governance:member_history", READERS | {"contact"}, ("body",)),
    Page(
        "governance:member_history",
        OTHER_UNIT_OR_SEC,
        ("other_body",),
        note="a published body's: its readers only",
    ),
    Page(
        "governance:member_history",
        SEC,
        ("body",),
        method="POST",
        note="the forms that record a withdrawal or a sanction",
        check=lambda w, r: r.status_code == 200 and b'name="withdrawal-notice_on"' in r.content,
    ),
    Page(
        "governance:sanction_end",
        SEC,
        ("sanction",),
        method="POST",
        note="with no date: refused with a message, but only the secretariat gets that far",
    ),
    Page("governance:withdrawal_file", SEC, ("withdrawal",), check=_served),
    Page("governance:decision_rules", READERS, ("body",)),
    Page("governance:decision_rules", EVERYONE, ("other_body",), note="a published body's"),
    Page(
        "governance:decision_rules",
        SEC,
        ("body",),
        method="POST",
        note="the form that restates a rule",
        check=lambda w, r: r.status_code == 200 and b'name="rule-organ"' in r.content,
    ),
    Page("governance:minutes", READERS, ("meeting", "pdf"), note="not yet published"),
    Page("governance:meeting_publish", SEC, ("meeting",), method="POST"),
    Page("governance:published_resolutions", READERS, ("body",)),
    Page("governance:published_resolutions", EVERYONE, ("other_body",)),
    Page("governance:attachment_add", SEC, ("draft_motion",), method="POST"),
    Page("governance:attachment_delete", SEC, ("attachment",), method="POST"),
    Page("governance:attachment_file", READERS | {"contact"}, ("attachment",), check=_served),
    Page("governance:apply", EVERYONE, ("other_body",)),
    Page("governance:application_list", SEC, ("body",)),
    Page(
        "governance:application_review",
        SEC,
        ("membership_application",),
        method="POST",
        note="nothing chosen: the review form again, saying what to fix",
        check=lambda w, r: r.status_code == 400 and b"is-invalid" in r.content,
    ),
    Page("governance:application_file", SEC, ("membership_application",), check=_served),
    Page("governance:application_status", EVERYONE, ("application_token",)),
    Page("governance:application_withdraw", EVERYONE, ("application_token",), method="POST"),
    Page("governance:attendance", SEC, ("meeting",), method="POST"),
    Page("governance:motion_add", SEC, ("meeting",), method="POST"),
    Page("governance:motion_edit", SEC, ("draft_motion",)),
    Page(
        "governance:motion_edit",
        SEC,
        ("draft_motion",),
        method="POST",
        note="nothing sent: the form again, saying what to fix",
        check=lambda w, r: r.status_code in (200, 400) and b'name="title"' in r.content,
    ),
    Page("governance:motion_delete", SEC, ("draft_motion",)),
    Page(
        "governance:motion_delete",
        SEC,
        ("draft_motion",),
        method="POST",
        check=lambda w, r: (
            not type(w["draft_motion"]).objects.filter(pk=w["draft_motion"].pk).exists()
        ),
    ),
    Page("governance:motion_open", SEC, ("draft_motion",), method="POST"),
    Page("governance:motion_paper", SEC, ("voting_motion",), method="POST"),
    Page("governance:motion_close", SEC, ("voting_motion",), method="POST"),
    Page(
        "governance:motion_vote",
        frozenset({"contact"}),
        ("voting_motion",),
        method="POST",
        note="with no choice: refused with a message, but only a voter gets that far",
    ),
    Page("plan_list", READERS, ("body",)),
    Page(
        "plan_list",
        SEC,
        ("body",),
        method="POST",
        note="the form that makes a plan",
        check=lambda w, r: b'name="starts_year"' in r.content,
    ),
    Page("plan_detail", READERS, ("plan",)),
    Page("plan_edit", SEC, ("plan",)),
    Page("plan_delete", SEC, ("plan",)),
    Page(
        "plan_delete",
        SEC,
        ("plan",),
        method="POST",
        check=lambda w, r: not type(w["plan"]).objects.filter(pk=w["plan"].pk).exists(),
    ),
    Page("plan_part_add", SEC, ("plan", "goal")),
    Page("plan_part_add", SEC, ("plan", "target")),
    Page("plan_part_edit", SEC, ("plan", "task", "plan_task")),
    Page("plan_part_delete", SEC, ("plan", "target", "plan_target")),
    Page(
        "plan_part_delete",
        SEC,
        ("plan", "goal", "plan_goal"),
        method="POST",
        check=lambda w, r: not type(w["plan_goal"]).objects.filter(pk=w["plan_goal"].pk).exists(),
    ),
    Page("chain_create", SEC, ("body",)),
    Page("chain_create", SEC, ("body",), method="POST", note="an empty form back"),
    Page("region_chain_create", ADMIN, ("region_code",)),
    Page("chain_edit", SEC, ("chain",)),
    Page("chain_edit", ADMIN, ("region_chain",), note="a region's"),
    Page("chain_delete", SEC, ("chain",)),
    Page(
        "chain_delete",
        SEC,
        ("chain",),
        method="POST",
        check=lambda w, r: not type(w["chain"]).objects.filter(pk=w["chain"].pk).exists(),
    ),
    Page("chain_history", READERS, ("chain",)),
    Page("plan_export", READERS, ("plan",)),
    Page("plan_import", SEC, ("plan",), method="POST"),
    Page("plan_target_record", SEC, ("plan_target",), method="POST"),
    Page("annual_report", READERS, ("body", "report_year")),
    Page("annual_report", SEC, ("body", "report_year"), method="POST"),
    Page("annual_report_download", READERS, ("body", "report_year", "pdf")),
    Page("report_job_create", READERS, ("body", "report_year", "pdf"), method="POST"),
    Page("report_job", READERS, ("report_job",)),
    Page("report_job_download", READERS, ("report_job",), check=_served),
    Page("collection_list", SIGNED_IN),
    Page(
        "collection_list",
        ANY_SEC,
        note="the form that opens a round",
        check=lambda w, r: r.status_code == 200 and b'name="year"' in r.content,
    ),
    Page("collection_round", READERS | {"contact"}, ("collection_round",)),
    Page("collection_lock", SEC, ("collection_round",), method="POST", check=_round_locked),
    Page("collection_remind", SEC, ("collection_round",), method="POST"),
    Page("collection_add_forms", SEC, ("collection_round",), method="POST"),
    Page("collection_form", READERS | {"contact"}, ("school_form",)),
    Page("collection_form", READERS, ("submitted_form",), note="another unit's form"),
    Page("collection_form", UNIT_OR_SEC, ("school_form",), method="POST"),
    Page("collection_form_return", SEC, ("submitted_form",), method="POST"),
    Page("collection_form_template", READERS | {"contact"}, ("school_form",)),
    Page("collection_form_upload", UNIT_OR_SEC, ("school_form",), method="POST"),
    Page("registry:body_create", ADMIN),
    Page("registry:body_edit", SEC, ("body",)),
    Page("registry:declared_count_add", SEC, ("body",)),
    Page("registry:member_add", SEC, ("body",)),
    Page("registry:member_edit", SEC, ("body", "membership")),
    Page("registry:member_remove", SEC, ("body", "membership")),
    Page("registry:term_add", SEC, ("body",)),
    Page("registry:committee_add", SEC, ("body",)),
    Page("registry:seat_add", SEC, ("body", "committee")),
    Page("registry:charter_add", SEC, ("body",)),
    Page("registry:member_import", SEC, ("body",)),
    Page("registry:organization_create", ANY_SEC),
    Page("registry:organization_edit", UNIT, ("member_org",)),
    Page("registry:person_create", UNIT_OR_SEC | {"other_contact", "other_sec"}),
    Page("registry:person_edit", UNIT, ("person",)),
    Page("registry:position_add", UNIT, ("person",)),
    Page("registry:position_add", frozenset({"other_contact", "admin"}), ("other_person",)),
    Page("events:event_create", ANY_SEC),
    Page("events:event_edit", SEC, ("event",)),
    Page("events:participation_add", SEC, ("event",)),
    Page("events:participation_remove", SEC, ("event", "participation")),
    Page("events:agenda_add", SEC, ("event",)),
    Page("events:agenda_remove", SEC, ("event", "agenda_item")),
    Page("events:ceremony_add", SEC, ("event",)),
    Page("events:ceremony_remove", SEC, ("event", "ceremony")),
    # registration (报名): the organisers; a unit's contact registers and sees its own
    Page("events:registration_settings", SEC, ("reg_event",)),
    Page("events:registration_list", SEC, ("reg_event",)),
    Page(
        "events:registration_list",
        frozenset({"contact", "other_contact", "other_sec", "admin"}),
        ("open_event",),
        note="a published body's event: each unit its own",
    ),
    Page("events:register", SEC, ("reg_event",)),
    Page(
        "events:register",
        frozenset({"contact", "other_contact", "other_sec", "admin"}),
        ("open_event",),
        note="a published body's event",
    ),
    Page("events:registration_cancel", SEC, ("reg_event", "registration"), method="POST"),
    Page(
        "events:registration_cancel",
        frozenset({"contact", "other_sec", "admin"}),
        ("open_event", "unit_registration"),
        method="POST",
        note="the unit's own registration",
    ),
    Page(
        "events:registration_approve",
        SEC,
        ("reg_event", "pending_registration"),
        method="POST",
    ),
    Page(
        "events:registration_decline",
        SEC,
        ("reg_event", "pending_registration"),
        method="POST",
    ),
    Page("events:check_in", SEC, ("reg_event",)),
    Page("events:badges", SEC, ("reg_event",)),
    Page("events:attendee_export", SEC, ("reg_event",)),
    Page("events:registration_erase", SEC, ("reg_event",)),
    # a ticket: whoever holds its link (the code is unguessable); no personal detail on it
    Page("events:ticket", EVERYONE, ("ticket",), private_to=NOBODY),
    Page("events:ticket", NOBODY, ("bad_token",), private_to=NOBODY),
    Page("cooperation:agreement_create", ANY_SEC),
    Page("cooperation:agreement_edit", SEC, ("agreement",)),
    Page("cooperation:carrier_create", ANY_SEC),
    Page("cooperation:carrier_edit", SEC, ("carrier",)),
    Page("talent:cohort_create", UNIT_OR_SEC | {"other_contact", "other_sec"}),
    Page("talent:cohort_edit", SEC, ("cohort",)),
    Page("talent:posting_create", UNIT_OR_SEC | {"other_contact", "other_sec"}),
    Page("talent:posting_edit", OTHER_UNIT_OR_SEC, ("posting",)),
    Page("talent:import", SEC, ("body",), query="cohorts"),
    Page("talent:import", SEC, ("body",), query="students"),
    Page("talent:import", SEC, ("body",), query="applications"),
    Page("talent:placement_edit", SEC, ("placement",)),
    Page("ingest:article_list", ANY_SEC),
    Page("ingest:article_review", SEC, ("article",)),
    Page("ingest:batch_detail", SEC, ("batch",)),
    # user management (用户管理): the body's secretariat and admins
    Page("accounts:body_users", SEC, ("body",)),
    Page(
        "accounts:invitation_revoke",
        SEC,
        ("body", "invitation"),
        method="POST",
        check=_invitation_revoked,
    ),
    Page(
        "accounts:user_deactivate",
        SEC,
        ("body", "contact_user"),
        method="POST",
        note="a member unit's contact",
        check=_role_gone("contact_user"),
    ),
    Page(
        "accounts:user_deactivate",
        ADMIN,
        ("body", "supervisor_user"),
        method="POST",
        note="the supervising department is not the secretariat's to remove",
        check=_role_gone("supervisor_user"),
    ),
    Page(
        "accounts:user_deactivate",
        NOBODY,
        ("body", "other_sec_user"),
        method="POST",
        note="another body's secretariat keeps its role",
        check=_role_gone("other_sec_user"),
    ),
    Page(
        "accounts:account_deactivate",
        ADMIN,
        ("body", "contact_user"),
        method="POST",
        check=_account_off,
    ),
    Page(
        "accounts:user_reset",
        SEC,
        ("body", "contact_user"),
        method="POST",
        check=_reset_link_shown,
    ),
    Page(
        "accounts:user_reset",
        ADMIN,
        ("body", "other_contact_user"),
        method="POST",
        note="an account outside the body",
        check=_reset_link_shown,
    ),
    # links handed to people: the link is the credential; a bad one opens nothing, and no
    # token page shows anyone's personal details
    Page("accounts:invitation_accept", EVERYONE, ("invitation_token",), private_to=NOBODY),
    Page("accounts:invitation_accept", NOBODY, ("used_invitation_token",), private_to=NOBODY),
    Page("accounts:invitation_accept", NOBODY, ("bad_token",), private_to=NOBODY),
    Page(
        "accounts:password_reset_confirm",
        EVERYONE,
        ("reset_uid", "reset_token"),
        follow=True,
        private_to=NOBODY,
        check=_reset_form,
    ),
    Page(
        "accounts:password_reset_confirm",
        NOBODY,
        ("reset_uid", "bad_token"),
        follow=True,
        private_to=NOBODY,
        check=_reset_form,
    ),
    Page("accounts:password_reset_complete", EVERYONE, private_to=NOBODY),
    # stored files: with what they belong to; uploaded lists only to the body's secretariat
    # and their uploader
    Page("registry:charter_file", READERS, ("charter",), check=_served),
    Page("registry:charter_file", EVERYONE, ("other_charter",), check=_served),
    Page("registry:member_import_file", SEC, ("import_job",), check=_served),
    Page(
        "registry:member_import_file",
        SEC | {"other_sec"},
        ("foreign_import_job",),
        note="its uploader",
        check=_served,
    ),
    Page("talent:import_file", SEC, ("talent_import",), check=_served),
    Page(
        "talent:import_file",
        SEC | {"other_sec"},
        ("foreign_talent_import",),
        note="its uploader",
        check=_served,
    ),
    Page("cooperation:agreement_document", SEC, ("agreement",), check=_served),
    # an upload's progress: its uploader and the body's secretariat
    Page("registry:member_import_status", SEC, ("import_job",)),
    Page(
        "registry:member_import_status",
        SEC | {"other_sec"},
        ("foreign_import_job",),
        note="uploader",
    ),
    Page("registry:member_import_status", SEC, ("orphan_import_job",), note="uploader deleted"),
    Page("talent:import_status", SEC, ("talent_import",)),
    Page("talent:import_status", SEC | {"other_sec"}, ("foreign_talent_import",), note="uploader"),
    Page("talent:import_status", SEC, ("orphan_talent_import",), note="uploader deleted"),
    Page("registry:member_import_file", SEC, ("orphan_import_job",), check=_served),
    Page("talent:import_file", SEC, ("orphan_talent_import",), check=_served),
    # the pickers' look-ups (names only): any signed-in reader; nothing personal to anyone
    Page("registry:organization_lookup", SIGNED_IN, private_to=NOBODY),
    Page("registry:person_lookup", SIGNED_IN, private_to=NOBODY),
    # private reads
    Page("registry:body_detail", READERS, ("body",)),
    Page("registry:body_history", READERS, ("body",)),
    Page("registry:member_list", READERS, ("body",), private_to=SEC),
    Page("registry:member_list", EVERYONE, ("other_body",)),
    Page("registry:member_export", READERS, ("body",)),
    Page("body_events_export", READERS, ("body",)),
    Page("cooperation:carrier_history", READERS, ("carrier",)),
    Page("talent:cohort_detail", READERS, ("cohort",)),
    Page("talent:cohort_history", READERS, ("cohort",)),
    Page("talent:posting_detail", READERS, ("body_posting",)),
    Page("talent:posting_history", READERS, ("body_posting",)),
    Page("talent:posting_detail", EVERYONE, ("posting",), note="a published body's posting"),
    Page("events:event_detail", READERS, ("event",)),
    Page("events:event_detail", READERS, ("flagged_event",)),
    Page("events:event_history", READERS, ("event",)),
    Page("cooperation:agreement_detail", READERS, ("agreement",)),
    Page("cooperation:agreement_history", READERS, ("agreement",)),
    Page("cooperation:carrier_detail", READERS, ("carrier",)),
    Page("talent:run_detail", READERS, ("run",)),
    Page("talent:run_history", READERS, ("run",)),
]

#: Pages that only take a POST (no form to open): their writes are the services the API rows
#: above already walk (match runs, accepting proposals, discarding an article).
POST_ONLY_PAGES = {"talent:run_create", "talent:run_accept", "ingest:article_discard"}

#: Pages that write nothing and show only what the selectors scope (or only the user's own).
READ_ONLY_PAGES = {
    "set_language", "home", "login", "logout", "accounts:tokens", "accounts:token_revoke",
    "registry:body_list", "registry:organization_list",
    "registry:organization_detail", "registry:organization_history", "registry:person_list",
    "registry:person_detail", "registry:person_history", "events:event_list",
    "cooperation:index", "cooperation:agreement_list", "cooperation:carrier_list",
    "talent:overview", "talent:cohort_list", "talent:posting_list", "talent:import_template",
    "talent:gap", "talent:gap_export", "talent:run_list", "talent:placement_list",
    "chain_alignment",
    "sharing:index", "sharing:resource_list", "sharing:booking_list",
}  # fmt: skip
for _extension in EXTENSIONS:
    PAGES += _extension.pages()
    READ_ONLY_PAGES |= _extension.READ_ONLY_PAGES


def _page_names() -> set[str]:
    from django.urls import get_resolver
    from django.urls.resolvers import URLResolver

    names: set[str] = set()

    def walk(resolver, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                if ns in ("admin", "api"):
                    continue
                walk(pattern, f"{namespace}:{ns}" if namespace and ns else ns or namespace)
            elif pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver(), None)
    return names


def test_every_page_has_a_row():
    """A new page must be placed: in the matrix, or among the pages that write nothing."""
    known = {page.name for page in PAGES} | READ_ONLY_PAGES | POST_ONLY_PAGES
    missing = _page_names() - known
    assert not missing, f"pages without a permission-matrix row: {sorted(missing)}"


def _page_client(w: dict, actor: str) -> Client:
    """A client carrying the actor's session (made once for the module)."""
    client = Client()
    if actor != "anon":
        client.cookies[settings.SESSION_COOKIE_NAME] = w["sessions"][actor]
    return client


#: Lists and figures as .xlsx (``?format=xlsx`` on their page): who gets the file and, with a
#: world key, whose file holds that record (the rows follow the page's scope).
EXPORTS = [
    ("sharing:usage", ("body",), READERS, None),
    ("sharing:booking_list", (), READERS | {"contact"}, "booking"),
]


@pytest.mark.parametrize(("name", "args", "allowed", "key"), EXPORTS, ids=[e[0] for e in EXPORTS])
def test_export_cell(w, name, args, allowed, key):
    import io

    from django.urls import reverse
    from openpyxl import load_workbook

    url = reverse(name, args=[w[a].pk for a in args]) + "?format=xlsx&all=1"

    def outcome(actor, response) -> str:
        if response.status_code >= 500:
            return f"error {response.status_code}"
        if response.status_code != 200 or "spreadsheetml" not in response["Content-Type"]:
            return "refused"
        rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        return "allowed" if key is None or any(r[0] == w[key].pk for r in rows) else "refused"

    wrong = _walk(allowed, lambda actor: _page_client(w, actor).get(url), outcome)
    assert not wrong, "\n".join(wrong)


def _page_outcome(page: Page, w: dict, actor: str, response) -> str:
    status = response.status_code
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)  # read, and so closed
    else:
        content = response.content
    if status >= 500:
        return f"error {status}"
    allowed = (
        page.check(w, response)
        if page.check is not None
        else status < 400
        and not (status == 302 and "/login" in response.headers.get("Location", ""))
    )
    may_see = page.private_to if page.private_to is not None else EVERYONE
    if not (allowed and actor in may_see):
        shown = [s for s in w["secrets"] if s.encode() in content]
        if shown:
            return f"shows {shown}"
    if allowed:
        return "allowed"
    if page.check is not None or status in REFUSED or status == 302:
        return "refused"  # a 302 here is the sign-in page (allowed redirects are < 400)
    return f"status {status}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_page_cell(w, page: Page):
    from django.urls import reverse

    args = [w[a] if isinstance(w[a], str) else w[a].pk for a in page.args]
    if page.query:
        args.append(page.query)
    url = reverse(page.name, args=args)

    def do(actor):
        send = getattr(_page_client(w, actor), page.method.lower())
        return send(url, follow=page.follow)

    wrong = _walk(page.allowed, do, lambda actor, response: _page_outcome(page, w, actor, response))
    assert not wrong, "\n".join(wrong)


# --- rules that need their own story ----------------------------------------------------


def _user(w: dict, actor: str):
    """The actor's account, fresh from the database (permission checks cache roles on the
    object, and the world's objects outlive each test's writes)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=w["users"][actor].pk)


def test_a_secretariat_corrects_a_unit_it_registered_until_the_unit_has_a_contact(w):
    from chanjiao.accounts.permissions import can_edit_organization
    from chanjiao.registry.services import organization_create, organization_update
    from chanjiao.registry.tests.factories import OrganizationContactFactory, UserFactory

    secretariat_user, other_secretariat_user = _user(w, "sec"), _user(w, "other_sec")
    org = organization_create(actor=secretariat_user, name="秘书处登记的单位")
    assert org.registered_by_body == w["body"]
    organization_update(actor=secretariat_user, organization=org, data={"region": "成都"})
    assert not can_edit_organization(other_secretariat_user, org)
    OrganizationContactFactory(user=UserFactory(username="own-contact"), organization=org)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        organization_update(actor=secretariat_user, organization=org, data={"region": "绵阳"})


def test_a_person_registered_by_a_secretariat_is_its_to_correct_until_a_unit_takes_over(w):
    from django.core.exceptions import PermissionDenied

    from chanjiao.registry.services import person_create, person_update, position_create

    secretariat_user, other_secretariat_user = _user(w, "sec"), _user(w, "other_sec")
    contact_user = _user(w, "contact")
    person = person_create(actor=secretariat_user, name="赵六")
    person_update(actor=secretariat_user, person=person, data={"name": "赵六一"})
    with pytest.raises(PermissionDenied):
        person_update(actor=other_secretariat_user, person=person, data={"name": "x"})
    # A speaker from a member school: the secretariat may record the position …
    position_create(
        actor=secretariat_user, person=person, organization=w["member_org"], title="教授"
    )
    # … and from then on the school (which has its own contact) speaks for the person.
    person_update(actor=contact_user, person=person, data={"name": "赵六"})
    with pytest.raises(PermissionDenied):
        person_update(actor=secretariat_user, person=person, data={"name": "赵六二"})


def test_forms_offer_only_the_bodys_own_events_and_ceremonies(w):
    from chanjiao.cooperation.forms import AgreementForm, CarrierForm
    from chanjiao.registry.selectors import editable_bodies

    bodies = editable_bodies(actor=_user(w, "sec"))
    form = AgreementForm(bodies=bodies, body_required=True)
    assert set(form.fields["event"].queryset) == {w["event"], w["flagged_event"], w["reg_event"]}
    assert set(form.fields["ceremony"].queryset) == {w["ceremony"]}
    carrier = CarrierForm(bodies=bodies, body_required=True)
    offered = set(carrier.fields["agreement"].queryset)
    assert w["agreement"] in offered and w["other_agreement"] not in offered
    assert w["other_ceremony"] not in set(carrier.fields["ceremony"].queryset)
