"""The five golds' services: the programme and its categories, who nominates, the review
state machine, who reviews (never the nominating unit), the change log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chanjiao.core.exceptions import Conflict
from chanjiao.core.models import ObjectChange
from chanjiao.golds import selectors, services
from chanjiao.golds.models import GoldsNomination
from chanjiao.registry.models import Committee, CommitteeSeat
from chanjiao.registry.tests.factories import (
    OrganizationContactFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
)

from .conftest import evidence_file

S = GoldsNomination.Status


def test_a_programme_starts_with_its_five_categories_and_their_committees(programme, committee):
    kinds = set(programme.categories.values_list("kind", flat=True))
    assert kinds == {"major", "course", "textbook", "teacher", "base"}
    assert set(programme.categories.values_list("committee", flat=True)) == {committee.pk}
    assert ObjectChange.objects.filter(object_repr="精品钢五金建设", action="create").exists()


def test_only_the_bodys_secretariat_starts_a_programme(body, other_secretariat_user, contact_user):
    for user in (other_secretariat_user, contact_user):
        with pytest.raises(PermissionDenied):
            services.golds_programme_create(actor=user, body=body, name="五金")


def test_a_body_has_one_programme(programme, body, secretariat_user):
    with pytest.raises(ValidationError) as exc:
        services.golds_programme_create(actor=secretariat_user, body=body, name="第二个")
    assert "body" in exc.value.message_dict


def test_a_categorys_committee_must_be_the_bodys(programme, other_body, secretariat_user):
    foreign = Committee.objects.create(body=other_body, name="他体委员会")
    category = programme.categories.get(kind="base")
    with pytest.raises(ValidationError):
        services.golds_category_update(
            actor=secretariat_user, golds_category=category, data={"committee": foreign}
        )


def test_a_contact_nominates_only_for_its_own_unit(course, member, seat_org, contact_user):
    with pytest.raises(PermissionDenied):
        services.golds_nomination_create(
            actor=contact_user, category=course, organization=seat_org, year=2025, name="课"
        )


def test_the_nominating_unit_must_be_a_current_member(course, other_contact_user):
    from chanjiao.accounts.models import OrganizationContact

    unit = OrganizationContact.objects.get(user=other_contact_user).organization
    with pytest.raises(ValidationError) as exc:
        services.golds_nomination_create(
            actor=other_contact_user, category=course, organization=unit, year=2025, name="课"
        )
    assert "organization" in exc.value.message_dict


def test_the_secretariat_nominates_for_any_member_unit(course, member, secretariat_user):
    n = services.golds_nomination_create(
        actor=secretariat_user, category=course, organization=member, year=2025, name="课"
    )
    assert n.status == S.DRAFT


def test_submitting_needs_evidence(course, member, contact_user):
    n = services.golds_nomination_create(
        actor=contact_user, category=course, organization=member, year=2025, name="课"
    )
    with pytest.raises(ValidationError) as exc:
        services.golds_nomination_submit(actor=contact_user, golds_nomination=n)
    assert "evidence" in exc.value.message_dict
    services.golds_nomination_evidence_set(
        actor=contact_user, golds_nomination=n, file=evidence_file()
    )
    n = services.golds_nomination_submit(actor=contact_user, golds_nomination=n)
    assert n.status == S.SUBMITTED and n.submitted_at is not None
    assert n.evidence_name == "佐证.pdf" and n.evidence.name.startswith("golds-evidence/")


def test_a_committee_member_recognises_at_a_level_in_a_year(submitted, reviewer):
    n = services.golds_nomination_recognise(
        actor=reviewer, golds_nomination=submitted, level="provincial", year=2025
    )
    assert (n.status, n.level, n.recognised_year, n.decided_by) == (
        S.RECOGNISED, "provincial", 2025, reviewer,
    )  # fmt: skip
    change = ObjectChange.objects.filter(object_id=n.pk, action="update").latest("pk")
    assert change.after["status"] == "recognised" and change.actor == reviewer


@pytest.mark.parametrize("level,year", [("", 2025), ("provincial", None), ("city", 2025)])
def test_a_recognition_needs_a_level_and_a_year(submitted, reviewer, level, year):
    with pytest.raises(ValidationError):
        services.golds_nomination_recognise(
            actor=reviewer, golds_nomination=submitted, level=level, year=year
        )
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_the_database_refuses_a_recognition_without_level(submitted):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GoldsNomination.objects.filter(pk=submitted.pk).update(status="recognised")


def test_a_unit_cannot_review_its_own_nomination(submitted, contact_user, committee, member):
    # Even when its unit holds a seat on the committee.
    CommitteeSeat.objects.create(committee=committee, organization=member)
    with pytest.raises(PermissionDenied) as exc:
        services.golds_nomination_recognise(
            actor=contact_user, golds_nomination=submitted, level="body", year=2025
        )
    assert "本单位" in str(exc.value)


def test_a_secretariat_user_who_is_the_units_contact_cannot_review_it(
    submitted, secretariat_user, member
):
    OrganizationContactFactory(user=secretariat_user, organization=member)
    with pytest.raises(PermissionDenied):
        services.golds_nomination_return(
            actor=secretariat_user, golds_nomination=submitted, note="补充"
        )


def test_someone_outside_the_committee_cannot_review(
    submitted, other_contact_user, other_secretariat_user
):
    for user in (other_contact_user, other_secretariat_user):
        with pytest.raises(PermissionDenied):
            services.golds_nomination_reject(actor=user, golds_nomination=submitted, reason="否")


def test_a_person_holding_a_seat_reviews_through_the_units_account(body, submitted, committee):
    expert = PersonFactory(name="王专家")
    CommitteeSeat.objects.create(committee=committee, person=expert, role="member")
    from chanjiao.registry.tests.factories import OrganizationFactory

    institute = OrganizationFactory(name="冶金研究院")
    PositionFactory(person=expert, organization=institute, title="研究员")
    user = OrganizationContactFactory(user=UserFactory(), organization=institute).user
    n = services.golds_nomination_return(
        actor=user, golds_nomination=submitted, note="补充课程标准"
    )
    assert n.status == S.RETURNED


def test_a_returned_nomination_is_edited_and_submitted_again(submitted, reviewer, contact_user):
    n = services.golds_nomination_return(actor=reviewer, golds_nomination=submitted, note="补充")
    assert n.review_note == "补充"
    n = services.golds_nomination_update(
        actor=contact_user, golds_nomination=n, data={"description": "已补充课程标准"}
    )
    n = services.golds_nomination_submit(actor=contact_user, golds_nomination=n)
    assert n.status == S.SUBMITTED


def test_a_return_needs_a_note_and_a_rejection_a_reason(submitted, reviewer):
    with pytest.raises(ValidationError):
        services.golds_nomination_return(actor=reviewer, golds_nomination=submitted, note=" ")
    with pytest.raises(ValidationError):
        services.golds_nomination_reject(actor=reviewer, golds_nomination=submitted, reason="")


def test_a_submitted_nomination_cannot_be_edited(submitted, contact_user):
    with pytest.raises(ValidationError):
        services.golds_nomination_update(
            actor=contact_user, golds_nomination=submitted, data={"name": "改名"}
        )


def test_a_decided_nomination_cannot_be_decided_again(submitted, reviewer, secretariat_user):
    services.golds_nomination_reject(actor=reviewer, golds_nomination=submitted, reason="不足")
    with pytest.raises(Conflict):
        services.golds_nomination_recognise(
            actor=secretariat_user, golds_nomination=submitted, level="body", year=2025
        )
    submitted.refresh_from_db()
    assert submitted.status == S.REJECTED


def test_a_programme_with_nominations_is_not_deleted(programme, draft, secretariat_user):
    with pytest.raises(ValidationError):
        services.golds_programme_delete(actor=secretariat_user, golds_programme=programme)


def test_nominations_waiting_are_those_the_actor_reviews_never_its_own(
    body, submitted, draft, reviewer, contact_user, secretariat_user, admin_user,
    django_assert_num_queries,
):  # fmt: skip
    assert list(selectors.nominations_waiting(actor=reviewer)) == [submitted]
    assert list(selectors.nominations_waiting(actor=secretariat_user)) == [submitted]
    assert list(selectors.nominations_waiting(actor=admin_user)) == [submitted]
    assert list(selectors.nominations_waiting(actor=contact_user)) == []
    fresh = type(reviewer).objects.get(pk=reviewer.pk)
    with django_assert_num_queries(4):  # roles, units, seats, the list: however many rows
        rows = list(selectors.nominations_waiting(actor=fresh))
        assert rows[0].category.programme.body == body and rows[0].organization.name


def test_drafts_stay_with_the_unit_and_results_are_public(
    body, draft, submitted, reviewer, plain_user, supervisor_user, contact_user
):
    assert list(selectors.golds_nomination_list(actor=plain_user)) == []
    assert list(selectors.golds_nomination_list(actor=supervisor_user)) == []
    assert submitted in selectors.golds_nomination_list(actor=reviewer)
    n = services.golds_nomination_create(
        actor=contact_user, category=submitted.category, organization=submitted.organization,
        year=2025, name="另一门课",
    )  # fmt: skip
    assert n not in selectors.golds_nomination_list(actor=reviewer)
    services.golds_nomination_recognise(
        actor=reviewer, golds_nomination=submitted, level="national", year=2025
    )
    public = selectors.golds_result_list(actor=plain_user)
    assert [r.pk for r in public] == [submitted.pk]
    assert not public[0].cj_insider
    body.is_published = False
    body.save()
    assert list(selectors.golds_result_list(actor=plain_user)) == []
    assert [r.pk for r in selectors.golds_result_list(actor=supervisor_user)] == [submitted.pk]
