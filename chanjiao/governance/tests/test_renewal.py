"""Council renewal (换届) end to end: the secretariat prepares an election with its slate, the
general assembly votes, and the close hands the council's seats over to the new term — the
old seats end that day, the slate's units take theirs, a director left off the slate stays a
plain member, the old term ends the day before. A failed election changes nothing; a slate
that breaks the rules is refused with what is wrong. Passed plan and annual-report motions
record their approval. The renewal page and the API, and who may use them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, make_token
from chanjiao.governance import selectors, services
from chanjiao.governance.models import Candidate, Motion
from chanjiao.registry.models import Membership, Term
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    TermFactory,
)
from chanjiao.reports.models import Plan, ReportApproval

DAY = datetime.date(2025, 6, 18)
COUNCIL_KEYS = ("chair", "vice", "director1", "director2")


@pytest.fixture
def first_term(body, council):
    """The council of the ``council`` fixture, recorded as the body's first term."""
    term = TermFactory(body=body, number=1, starts_on=datetime.date(2024, 1, 1))
    Membership.objects.filter(body=body, role__in=services.COUNCIL_ROLES).update(term=term)
    return term


@pytest.fixture
def assembly(body, council, secretariat_user):
    """A general assembly (会员大会) with every member unit present: it elects the council."""
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="general_assembly",
        title="二届一次会员大会",
        date=DAY,
    )
    for org, _user in council.values():
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=org, status="present"
        )
    return meeting


@pytest.fixture
def council_meeting(body, council, secretariat_user):
    meeting = services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届五次理事会", date=DAY
    )
    for key in COUNCIL_KEYS:
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=council[key][0], status="present"
        )
    return meeting


def _slate(council):
    """The new council: the vice chair becomes chair and the chair vice chair, director1 stays,
    the plain member joins as a director, director2 is left off."""
    return [
        (council["vice"][0], "chair"),
        (council["chair"][0], "vice_chair"),
        (council["director1"][0], "director"),
        (council["member"][0], "director"),
    ]


def _decide(motion, secretariat_user, council, choice="yes", keys=None):
    """Open the vote, every representative of ``keys`` votes ``choice``, close."""
    services.motion_open(actor=secretariat_user, motion=motion)
    for key in keys or council:
        services.vote_cast(actor=council[key][1], motion=motion, choice=choice)
    return services.motion_close(actor=secretariat_user, motion=motion)


def _current_roles(body):
    return {
        (m.organization.name, m.role)
        for m in Membership.objects.filter(body=body, until__isnull=True).select_related(
            "organization"
        )
    }


# --- the renewal ------------------------------------------------------------------------------


def test_a_passed_election_hands_the_council_over_to_the_new_term(
    body, council, first_term, assembly, secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user,
        meeting=assembly,
        number=2,
        starts_on=None,
        slate=_slate(council),
    )
    assert motion.decision_type == "election" and motion.title == "关于选举第2届理事会的议案"
    term = motion.term
    assert (term.body, term.number, term.starts_on) == (body, 2, None)
    assert {(c.organization, c.role) for c in motion.slate.all()} == set(_slate(council))

    resolution = _decide(motion, secretariat_user, council)
    assert resolution.passed
    day = timezone.localdate(resolution.decided_at)

    new = Membership.objects.filter(body=body, term=term)
    assert {(m.organization, m.role, m.since, m.until) for m in new} == {
        (org, role, day, None) for org, role in _slate(council)
    }
    old = Membership.objects.filter(body=body, term=first_term)
    assert old.count() == 4
    for seat in old:
        assert seat.until == day
        assert f"依第 {resolution.number} 号决议换届" in seat.notes
    # the member elected a director leaves its plain membership for the seat
    plain = Membership.objects.get(body=body, organization=council["member"][0], role="member")
    assert plain.until == day
    # director2, left off the slate, stays in the body as a plain member from that day
    dropped = Membership.objects.get(
        body=body, organization=council["director2"][0], until__isnull=True
    )
    assert (dropped.role, dropped.since, dropped.term) == ("member", day, None)
    first_term.refresh_from_db()
    term.refresh_from_db()
    assert first_term.ends_on == day - datetime.timedelta(days=1)
    assert term.starts_on == day
    assert _current_roles(body) == {
        ("副理事长单位集团", "chair"),
        ("理事长单位学院", "vice_chair"),
        ("理事单位一公司", "director"),
        ("普通成员单位", "director"),
        ("理事单位二学校", "member"),
    }
    voters = services.voting_units(body, "council", day)
    assert set(voters) == {council[k][0] for k in ("chair", "vice", "director1", "member")}
    # the registry's services wrote the change log
    assert (
        ObjectChange.objects.filter(
            content_type__model="membership", action="create", object_id__in=new.values("pk")
        ).count()
        == 4
    )

    history = selectors.council_history(body)
    assert [g.term for g in history] == [term, first_term]
    assert {(m.organization, m.role) for m in history[0].seats} == set(_slate(council))
    assert len(history[1].seats) == 4 and all(m.until == day for m in history[1].seats)


def test_a_failed_election_changes_nothing(body, council, first_term, assembly, secretariat_user):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    before = _current_roles(body)
    resolution = _decide(motion, secretariat_user, council, choice="no")
    assert not resolution.passed
    assert _current_roles(body) == before
    assert not Membership.objects.filter(body=body, until__isnull=False).exists()
    first_term.refresh_from_db()
    motion.term.refresh_from_db()
    assert first_term.ends_on is None and motion.term.starts_on is None
    # the same term may be put to a new election
    again = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=DAY, slate=_slate(council)
    )
    assert again.term == motion.term


def test_a_recorded_election_takes_effect_on_the_meeting_day(
    body, council, first_term, assembly, secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    services.resolution_record(
        actor=secretariat_user, motion=motion, passed=True, source="二届一次会员大会纪要"
    )
    chair = Membership.objects.get(body=body, role="chair", until__isnull=True)
    assert (chair.organization, chair.since, chair.term) == (council["vice"][0], DAY, motion.term)


def test_an_election_of_leaders_only_changes_the_roles_of_the_slates_units(
    body, council, first_term, council_meeting, secretariat_user
):
    """Without a term, within the running one: the old chair keeps a seat as a director."""
    from chanjiao.governance.models import DecisionRule

    DecisionRule.objects.create(body=body, decision_type="election", organ="council")
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=council_meeting,
        decision_type="election",
        title="关于增补理事长单位的议案",
    )
    services.slate_set(
        actor=secretariat_user, motion=motion, slate=[(council["director1"][0], "chair")]
    )
    _decide(motion, secretariat_user, council, keys=COUNCIL_KEYS)
    assert _current_roles(body) == {
        ("理事单位一公司", "chair"),
        ("理事长单位学院", "director"),
        ("副理事长单位集团", "vice_chair"),
        ("理事单位二学校", "director"),
        ("普通成员单位", "member"),
    }
    assert (
        not Membership.objects.filter(body=body, until__isnull=True)
        .exclude(role="member")
        .exclude(term=first_term)
        .exists()
    )


# --- the slate's rules ------------------------------------------------------------------------


def _refused(secretariat_user, meeting, slate, number=2, field="slate"):
    with pytest.raises(ValidationError) as error:
        services.election_prepare(
            actor=secretariat_user, meeting=meeting, number=number, starts_on=None, slate=slate
        )
    assert field in error.value.message_dict, error.value
    return " ".join(error.value.message_dict[field])


def test_a_slate_with_two_chairs_is_refused(council, first_term, assembly, secretariat_user):
    slate = [(council["vice"][0], "chair"), (council["chair"][0], "chair")]
    assert "只能有一个理事长单位" in _refused(secretariat_user, assembly, slate)
    assert not Term.objects.filter(number=2).exists() and not Motion.objects.exists()


def test_a_unit_that_is_not_a_member_cannot_be_on_the_slate(
    council, first_term, assembly, secretariat_user
):
    outsider = OrganizationFactory(name="外部科技有限公司")
    message = _refused(secretariat_user, assembly, [(outsider, "director")])
    assert "外部科技有限公司 不是本产教融合体的现任成员单位" in message


def test_a_former_member_cannot_be_on_the_slate(
    body, council, first_term, assembly, secretariat_user
):
    former = OrganizationFactory(name="已退出单位")
    MembershipFactory(
        body=body,
        organization=former,
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2024, 1, 1),
    )
    assert "已退出单位" in _refused(secretariat_user, assembly, [(former, "director")])


def test_only_council_roles_are_on_a_slate(council, first_term, assembly, secretariat_user):
    message = _refused(secretariat_user, assembly, [(council["member"][0], "secretariat")])
    assert "不是理事会的角色" in message and "秘书处单位" in message


def test_a_unit_is_on_the_slate_once(council, first_term, assembly, secretariat_user):
    unit = council["director1"][0]
    message = _refused(secretariat_user, assembly, [(unit, "director"), (unit, "vice_chair")])
    assert "出现了不止一次" in message


def test_an_empty_slate_is_refused(council, first_term, assembly, secretariat_user):
    assert "不能为空" in _refused(secretariat_user, assembly, [])


def test_a_term_number_taken_is_refused(council, first_term, assembly, secretariat_user):
    message = _refused(secretariat_user, assembly, _slate(council), number=1, field="number")
    assert "第 1 届已有成员" in message
    # the term of an election still to be voted on is taken too
    services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    assert "第 2 届" in _refused(secretariat_user, assembly, _slate(council), field="number")


def test_the_election_must_be_put_to_the_organ_that_elects(
    council, first_term, council_meeting, secretariat_user
):
    """The general assembly elects by default: a council meeting cannot, and no term is left."""
    _refused(secretariat_user, council_meeting, _slate(council), field="decision_type")
    assert not Term.objects.filter(number=2).exists()


def test_only_the_secretariat_prepares_an_election(
    council, first_term, assembly, other_secretariat_user
):
    with pytest.raises(PermissionDenied):
        services.election_prepare(
            actor=council["chair"][1],
            meeting=assembly,
            number=2,
            starts_on=None,
            slate=_slate(council),
        )
    with pytest.raises(PermissionDenied):
        services.election_prepare(
            actor=other_secretariat_user,
            meeting=assembly,
            number=2,
            starts_on=None,
            slate=_slate(council),
        )


def test_the_slate_is_replaced_until_the_vote_opens(
    council, first_term, assembly, secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    kept = Candidate.objects.get(motion=motion, organization=council["director1"][0])
    services.slate_set(
        actor=secretariat_user,
        motion=motion,
        slate=[(council["director1"][0], "director"), (council["director2"][0], "chair")],
    )
    assert {(c.organization, c.role) for c in motion.slate.all()} == {
        (council["director1"][0], "director"),
        (council["director2"][0], "chair"),
    }
    assert Candidate.objects.filter(pk=kept.pk).exists()  # an unchanged line is kept
    services.motion_open(actor=secretariat_user, motion=motion)
    with pytest.raises(ValidationError, match="不能再修改"):
        services.slate_set(actor=secretariat_user, motion=motion, slate=_slate(council))


# --- plans and annual reports ------------------------------------------------------------------


def test_a_passed_plan_motion_records_the_plans_approval(
    body, council, council_meeting, secretariat_user
):
    plan = Plan.objects.create(
        body=body, name="2025—2027 发展规划", starts_year=2025, ends_year=2027
    )
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=council_meeting,
        decision_type="plan",
        title="关于审议发展规划的议案",
        plan=plan,
    )
    resolution = _decide(motion, secretariat_user, council, keys=COUNCIL_KEYS)
    plan.refresh_from_db()
    assert plan.approved_on == timezone.localdate(resolution.decided_at)
    assert plan.approved_at == "一届五次理事会"
    assert ObjectChange.objects.filter(
        content_type__model="plan", object_id=plan.pk, action="update"
    ).exists()


def test_a_failed_plan_motion_approves_nothing(body, council, council_meeting, secretariat_user):
    plan = Plan.objects.create(body=body, name="发展规划", starts_year=2025, ends_year=2027)
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=council_meeting,
        decision_type="plan",
        title="关于审议发展规划的议案",
        plan=plan,
    )
    _decide(motion, secretariat_user, council, choice="no", keys=COUNCIL_KEYS)
    plan.refresh_from_db()
    assert plan.approved_on is None


def test_a_passed_annual_report_motion_records_the_reports_approval(
    body, council, council_meeting, secretariat_user
):
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=council_meeting,
        decision_type="annual_report",
        title="关于审议2024年度工作报告的议案",
        report_year=2024,
    )
    resolution = _decide(motion, secretariat_user, council, keys=COUNCIL_KEYS)
    approval = ReportApproval.objects.get(body=body, year=2024)
    assert approval.approved_on == timezone.localdate(resolution.decided_at)
    assert approval.approved_at == "一届五次理事会"


def test_what_a_motion_acts_on_must_fit_it(
    body, other_body, council, council_meeting, secretariat_user
):
    foreign = Plan.objects.create(
        body=other_body, name="他体规划", starts_year=2025, ends_year=2027
    )
    own = Plan.objects.create(body=body, name="本体规划", starts_year=2025, ends_year=2027)
    cases = [
        ({"decision_type": "plan", "plan": foreign}, "plan"),
        ({"decision_type": "ordinary", "plan": own}, "plan"),
        ({"decision_type": "ordinary", "report_year": 2024}, "report_year"),
        ({"decision_type": "annual_report", "report_year": 1800}, "report_year"),
        ({"decision_type": "ordinary", "term": TermFactory(body=body, number=9)}, "term"),
        ({"decision_type": "ordinary", "term": TermFactory(body=other_body, number=1)}, "term"),
    ]
    for fields, field in cases:
        with pytest.raises(ValidationError) as error:
            services.motion_create(
                actor=secretariat_user, meeting=council_meeting, title="议案", **fields
            )
        assert field in error.value.message_dict, (fields, error.value)


# --- the page ----------------------------------------------------------------------------------


def _form_data(meeting, lines, number=2):
    data = {
        "meeting": meeting.pk,
        "number": number,
        "starts_on": "",
        "ends_on": "",
        "title": "",
        "text": "",
        "slate-TOTAL_FORMS": len(lines),
        "slate-INITIAL_FORMS": 0,
        "slate-MIN_NUM_FORMS": 0,
        "slate-MAX_NUM_FORMS": 1000,
    }
    for i, (org, role) in enumerate(lines):
        data[f"slate-{i}-organization"] = org.pk if org else ""
        data[f"slate-{i}-role"] = role
    return data


def test_the_secretariat_prepares_an_election_on_the_renewal_page(
    client, body, council, first_term, assembly, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("governance:renewal", args=[body.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="election-form"' in html and 'name="slate-0-organization"' in html
    assert "第1届理事会" in html and "理事长单位学院" in html
    assert page.context["form"]["number"].value() == 2
    assert len(page.context["formset"].initial) == 4  # the slate starts as the current council

    response = client.post(url, _form_data(assembly, [*_slate(council), (None, "")]))
    motion = Motion.objects.get(decision_type="election")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting", args=[assembly.pk])
    assert motion.term.number == 2 and motion.slate.count() == 4
    shown = client.get(response["Location"]).content.decode()
    assert "选举第2届理事会" in shown and "副理事长单位集团 · 理事长单位" in shown

    # a slate that breaks the rules is shown again with what is wrong
    again = client.post(
        url,
        _form_data(assembly, [(council["vice"][0], "chair"), (council["chair"][0], "chair")], 3),
    )
    assert again.status_code == 200
    assert "只能有一个理事长单位" in again.content.decode()
    # a unit without a role
    blank_role = client.post(url, _form_data(assembly, [(council["vice"][0], "")], 3))
    assert blank_role.status_code == 200 and "请选择角色" in blank_role.content.decode()
    assert Motion.objects.count() == 1


def test_the_renewal_page_shows_the_history_to_readers_and_the_form_to_the_secretariat_only(
    client, body, council, first_term, assembly, secretariat_user, other_secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    _decide(motion, secretariat_user, council)
    url = reverse("governance:renewal", args=[body.pk])
    public = client.get(url)
    assert public.status_code == 200
    html = public.content.decode()
    assert "第2届理事会" in html and "第1届理事会" in html
    assert html.index("第2届理事会") < html.index("第1届理事会")  # the current term first
    assert 'id="election-form"' not in html
    for user in (council["chair"][1], other_secretariat_user):
        client.force_login(user)
        assert 'id="election-form"' not in client.get(url).content.decode()
        refused = client.post(url, _form_data(assembly, _slate(council), 3))
        assert refused.status_code == 403
    client.logout()
    assert client.post(url, _form_data(assembly, _slate(council), 3)).status_code == 403
    assert Motion.objects.filter(decision_type="election").count() == 1


def test_an_unpublished_bodys_renewal_page_is_not_found_for_others(
    client, body, council, other_secretariat_user
):
    body.is_published = False
    body.save()
    client.force_login(other_secretariat_user)
    url = reverse("governance:renewal", args=[body.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_the_meetings_page_links_to_the_renewal_page(client, body, secretariat_user):
    client.force_login(secretariat_user)
    html = client.get(reverse("governance:meeting_list", args=[body.pk])).content.decode()
    assert reverse("governance:renewal", args=[body.pk]) in html


def test_a_plan_motion_is_put_from_the_meeting_page(
    client, body, other_body, council, council_meeting, secretariat_user
):
    plan = Plan.objects.create(body=body, name="本体规划", starts_year=2025, ends_year=2027)
    Plan.objects.create(body=other_body, name="他体规划", starts_year=2024, ends_year=2025)
    client.force_login(secretariat_user)
    page = client.get(reverse("governance:meeting", args=[council_meeting.pk]))
    assert set(page.context["motion_form"].fields["plan"].queryset) == set(body.plans.all())
    response = client.post(
        reverse("governance:motion_add", args=[council_meeting.pk]),
        {
            "decision_type": "plan",
            "title": "关于审议发展规划的议案",
            "plan": plan.pk,
            "admit_role": "member",
            "order": 0,
        },
    )
    assert response.status_code == 302
    motion = Motion.objects.get(decision_type="plan")
    assert motion.plan == plan
    shown = client.get(reverse("governance:meeting", args=[council_meeting.pk]))
    assert "审议的规划：本体规划" in shown.content.decode()


# --- the API ------------------------------------------------------------------------------------


def test_an_election_through_the_api(client, body, council, first_term, assembly, secretariat_user):
    sec = make_token(secretariat_user)
    lines = [{"organization": org.pk, "role": role} for org, role in _slate(council)]
    url = f"/api/v1/meetings/{assembly.pk}/elections"
    response = api_write(client, "post", url, {"number": 2, "slate": lines}, sec)
    assert response.status_code == 201, response.content
    motion = response.json()
    assert motion["decision_type"] == "election" and motion["term"] is not None
    assert {(c["organization"]["id"], c["role"]) for c in motion["slate"]} == {
        (org.pk, role) for org, role in _slate(council)
    }
    assert motion["slate"][0]["role_label"]

    # refusals: a rule of the slate, an unknown unit, a role outside the council, not the
    # secretariat — 4xx with what is wrong, nothing written
    two_chairs = [{"organization": council[k][0].pk, "role": "chair"} for k in ("chair", "vice")]
    body_ = assert_error(
        api_write(client, "post", url, {"number": 3, "slate": two_chairs}, sec), 422, "slate"
    )
    assert "理事长单位" in " ".join(body_["errors"]["slate"])
    unknown = [{"organization": 999999, "role": "director"}]
    assert_error(api_write(client, "post", url, {"number": 3, "slate": unknown}, sec), 422, "slate")
    wrong_role = [{"organization": council["member"][0].pk, "role": "member"}]
    assert_error(api_write(client, "post", url, {"number": 3, "slate": wrong_role}, sec), 422)
    assert_error(api_write(client, "post", url, {"number": 1, "slate": lines}, sec), 422, "number")
    rep = make_token(council["chair"][1])
    assert_error(api_write(client, "post", url, {"number": 3, "slate": lines}, rep), 403)
    assert Motion.objects.filter(decision_type="election").count() == 1

    slate_url = f"/api/v1/motions/{motion['id']}/slate"
    new_lines = [{"organization": council["director2"][0].pk, "role": "chair"}]
    response = api_write(client, "put", slate_url, {"slate": new_lines}, sec)
    assert response.status_code == 200, response.content
    assert [c["organization"]["id"] for c in response.json()["slate"]] == [
        council["director2"][0].pk
    ]
    assert_error(api_write(client, "put", slate_url, {"slate": new_lines}, rep), 403)

    history = client.get(f"/api/v1/bodies/{body.pk}/council-history")
    assert history.status_code == 200, history.content
    terms = history.json()["terms"]
    assert [t["number"] for t in terms] == [2, 1]
    assert terms[0]["seats"] == []
    assert {s["organization"]["name"] for s in terms[1]["seats"]} == {
        council[k][0].name for k in COUNCIL_KEYS
    }


def test_the_council_history_through_the_api_after_a_renewal(
    client, body, council, first_term, assembly, secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    resolution = _decide(motion, secretariat_user, council)
    day = timezone.localdate(resolution.decided_at).isoformat()
    terms = client.get(f"/api/v1/bodies/{body.pk}/council-history").json()["terms"]
    assert [(t["number"], t["starts_on"]) for t in terms] == [(2, day), (1, "2024-01-01")]
    assert {(s["organization"]["name"], s["role"], s["since"]) for s in terms[0]["seats"]} == {
        (org.name, role, day) for org, role in _slate(council)
    }
    assert all(s["until"] == day for s in terms[1]["seats"])


def test_the_council_history_of_an_unpublished_body_is_not_found(client, body, council):
    body.is_published = False
    body.save()
    assert client.get(f"/api/v1/bodies/{body.pk}/council-history").status_code == 404


def test_an_election_does_not_seat_a_unit_that_left_while_the_vote_ran(
    body, council, first_term, assembly, secretariat_user
):
    motion = services.election_prepare(
        actor=secretariat_user, meeting=assembly, number=2, starts_on=None, slate=_slate(council)
    )
    services.motion_open(actor=secretariat_user, motion=motion)
    for key in council:
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    gone = council["member"][0]  # on the slate as a director; withdraws before the close
    services.withdrawal_record(
        actor=secretariat_user, body=body, organization=gone, notice_on=timezone.localdate()
    )
    with pytest.raises(ValidationError, match=f"{gone.name} 已不是本产教融合体的现任成员单位"):
        services.motion_close(actor=secretariat_user, motion=motion)
    motion.refresh_from_db()
    assert motion.status == Motion.Status.VOTING and not hasattr(motion, "resolution")

    # While the vote runs, only a unit that left may be struck off; the others stay as they are.
    with pytest.raises(ValidationError, match="仍是现任成员单位"):
        services.slate_set(actor=secretariat_user, motion=motion, slate=_slate(council)[1:3])
    with pytest.raises(ValidationError, match="不能再修改"):
        services.slate_set(
            actor=secretariat_user,
            motion=motion,
            slate=[(council["vice"][0], "vice_chair"), *_slate(council)[1:3]],
        )
    services.slate_set(actor=secretariat_user, motion=motion, slate=_slate(council)[:3])
    resolution = services.motion_close(actor=secretariat_user, motion=motion)
    assert resolution.passed
    assert not Membership.objects.filter(organization=gone, until__isnull=True).exists()
    assert (council["vice"][0].name, "chair") in _current_roles(body)
