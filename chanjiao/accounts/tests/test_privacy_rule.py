"""The personal-data rule itself (chanjiao.accounts.privacy), actor by actor."""

import pytest

from chanjiao.accounts import privacy
from chanjiao.registry.models import Membership
from chanjiao.registry.tests.factories import BodyRoleFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = "联系人张三 13800001111 zhangsan@example.com"


@pytest.fixture
def membership(body, member_org):
    return MembershipFactory(
        body=body, organization=member_org, contact=CONTACT, notes="内部备注XYZ"
    )


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        ("admin_user", True),
        ("secretariat_user", True),
        ("contact_user", True),
        ("other_contact_user", False),
        ("other_secretariat_user", False),
        ("supervisor_user", False),
        ("plain_user", False),
    ],
)
def test_membership_contact_is_read_only_by_unit_secretariat_and_admin(
    request, membership, actor, allowed
):
    user = request.getfixturevalue(actor)
    assert privacy.may_read_personal(user, membership) is allowed
    annotated = privacy.annotate_personal(Membership.objects.filter(pk=membership.pk), user).get()
    assert privacy.may_read_personal(user, annotated) is allowed
    data = privacy.redact(user, membership, {"id": membership.pk, "contact": CONTACT})
    assert data["contact"] == (CONTACT if allowed else None)


def test_anonymous_reads_no_personal_field(membership):
    from django.contrib.auth.models import AnonymousUser

    assert not privacy.may_read_personal(AnonymousUser(), membership)
    assert not Membership.objects.filter(privacy.personal_q(AnonymousUser(), Membership)).exists()


def test_snapshot_of_a_deleted_membership_is_judged_by_its_own_keys(
    membership, secretariat_user, other_secretariat_user
):
    data = {
        "body_id": membership.body_id,
        "organization_id": membership.organization_id,
        "contact": CONTACT,
        "notes": "",
    }
    assert privacy.redact_snapshot(secretariat_user, Membership, None, data)["contact"] == CONTACT
    hidden = privacy.redact_snapshot(other_secretariat_user, Membership, None, data)
    assert hidden["contact"] == privacy.hidden_text() and hidden["notes"] == ""


def test_a_redacted_queryset_can_be_annotated_and_filtered_again(membership, secretariat_user):
    """Lists and exports annotate again what a selector already redacted."""
    qs = privacy.redacted(Membership.objects.all(), secretariat_user)
    again = privacy.annotate_personal(qs.filter(body=membership.body), secretariat_user)
    (row,) = list(again)
    assert row.contact == CONTACT and privacy.may_read_personal(secretariat_user, row)


def test_a_write_through_a_redacted_object_keeps_the_stored_personal_values(
    membership, supervisor_user, admin_user
):
    from chanjiao.core.changelog import update_object

    (seen,) = privacy.redacted(Membership.objects.filter(pk=membership.pk), supervisor_user)
    assert seen.contact == "" and seen.notes == ""
    update_object(seen, actor=admin_user, data={"role": "vice_chair"})
    membership.refresh_from_db()
    assert membership.contact == CONTACT and membership.notes == "内部备注XYZ"


def test_the_secretariat_that_registered_a_person_reads_its_notes(
    body, secretariat_user, other_secretariat_user, supervisor_user
):
    """It may edit the person (accounts.permissions.can_edit_person), so it reads what it wrote."""
    from chanjiao.registry.models import Person
    from chanjiao.registry.services import person_create

    colleague = BodyRoleFactory(user=UserFactory(username="colleague"), body=body).user
    person = person_create(actor=secretariat_user, name="李明", notes="内部备注XYZ")
    for user, allowed in [
        (secretariat_user, True),
        (colleague, True),
        (other_secretariat_user, False),
        (supervisor_user, False),
    ]:
        (seen,) = privacy.redacted(Person.objects.filter(pk=person.pk), user)
        assert (seen.notes == "内部备注XYZ") is allowed, user
