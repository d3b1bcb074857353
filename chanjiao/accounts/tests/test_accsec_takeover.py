"""A secretariat cannot take over or switch off the contact of a unit that is also on another
body's roll: that account speaks and votes for the unit there too (docs/permissions.md, "A
body's own accounts"). Admins can; the user list says why the buttons are missing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.accounts import services
from chanjiao.accounts.models import Invitation, OrganizationContact
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

GOOD_PASSWORD = "Lian-He-Ti-2026!"


@pytest.fixture
def shared_unit(body, other_body):
    """A unit that is a member of ``body`` and of ``other_body``."""
    unit = OrganizationFactory(name="江西机电职业技术学院")
    MembershipFactory(body=body, organization=unit)
    MembershipFactory(body=other_body, organization=unit)
    return unit


@pytest.fixture
def shared_contact(shared_unit):
    return OrganizationContactFactory(
        user=UserFactory(username="jxjd"), organization=shared_unit
    ).user


@pytest.fixture
def own_unit(body):
    """A unit that is a member of ``body`` only."""
    unit = OrganizationFactory(name="成都工贸职业技术学院")
    MembershipFactory(body=body, organization=unit)
    return unit


def test_secretariat_cannot_reset_the_password_of_a_contact_of_a_unit_in_another_body(
    body, shared_contact, secretariat_user, admin_user
):
    with pytest.raises(PermissionDenied):
        services.password_reset_link(actor=secretariat_user, body=body, account=shared_contact)
    assert services.password_reset_link(actor=admin_user, body=body, account=shared_contact)


def test_secretariat_cannot_end_the_contact_role_of_a_unit_in_another_body(
    body, shared_unit, shared_contact, secretariat_user, admin_user
):
    ended = services.body_role_deactivate(actor=secretariat_user, body=body, account=shared_contact)
    assert ended == 0
    assert OrganizationContact.objects.filter(
        user=shared_contact, organization=shared_unit
    ).exists()
    assert services.body_role_deactivate(actor=admin_user, body=body, account=shared_contact) == 1


def test_the_pages_refuse_the_takeover_too(
    client, body, shared_unit, shared_contact, secretariat_user
):
    client.force_login(secretariat_user)
    reset = reverse("accounts:user_reset", kwargs={"pk": body.pk, "upk": shared_contact.pk})
    assert client.post(reset).status_code == 403
    end = reverse("accounts:user_deactivate", kwargs={"pk": body.pk, "upk": shared_contact.pk})
    client.post(end)
    assert OrganizationContact.objects.filter(
        user=shared_contact, organization=shared_unit
    ).exists()


def test_a_membership_still_to_come_in_another_body_already_counts(
    body, other_body, own_unit, secretariat_user
):
    contact = OrganizationContactFactory(user=UserFactory(username="soon"), organization=own_unit)
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    MembershipFactory(body=other_body, organization=own_unit, since=next_month)
    with pytest.raises(PermissionDenied):
        services.password_reset_link(actor=secretariat_user, body=body, account=contact.user)


def test_secretariat_still_manages_the_contact_of_a_unit_only_in_its_body(
    body, other_body, own_unit, secretariat_user
):
    contact = OrganizationContactFactory(user=UserFactory(username="own"), organization=own_unit)
    # A membership of the unit in another body that has ended does not count.
    MembershipFactory(
        body=other_body,
        organization=own_unit,
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2021, 1, 1),
    )
    assert services.password_reset_link(actor=secretariat_user, body=body, account=contact.user)
    assert services.body_role_deactivate(actor=secretariat_user, body=body, account=contact.user)


def test_user_list_shows_a_shared_units_contact_without_buttons_and_says_why(
    client, body, shared_contact, secretariat_user
):
    client.force_login(secretariat_user)
    response = client.get(reverse("accounts:body_users", kwargs={"pk": body.pk}))
    assert response.status_code == 200
    row = next(u for u in response.context["users"] if u.account == shared_contact)
    assert not row.manageable and not row.endable
    assert "其他产教融合体" in row.admin_only and "平台管理员" in row.admin_only
    html = response.content.decode()
    assert f"/users/{shared_contact.pk}/reset/" not in html
    assert f"/users/{shared_contact.pk}/deactivate/" not in html


def test_an_admin_sees_no_reason_and_has_the_buttons(client, body, shared_contact, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("accounts:body_users", kwargs={"pk": body.pk}))
    row = next(u for u in response.context["users"] if u.account == shared_contact)
    assert row.manageable and row.admin_only is None


def test_secretariat_cannot_invite_a_contact_for_a_unit_in_another_body(
    body, shared_unit, secretariat_user, admin_user
):
    with pytest.raises(ValidationError) as refused:
        services.invitation_create(
            actor=secretariat_user, body=body, role="contact", organization=shared_unit
        )
    assert "只有平台管理员可以邀请" in str(refused.value.message_dict["organization"])
    invitation, raw = services.invitation_create(
        actor=admin_user, body=body, role="contact", organization=shared_unit
    )
    assert services.invitation_for_token(raw) == invitation


def test_the_invitation_form_shows_the_refusal_on_the_unit(
    client, body, shared_unit, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("accounts:body_users", kwargs={"pk": body.pk})
    response = client.post(url, {"role": "contact", "organization": shared_unit.pk, "days": 7})
    assert response.status_code == 400
    assert "只有平台管理员可以邀请" in str(response.context["form"].errors["organization"])
    assert not Invitation.objects.exists()


def test_a_secretariats_open_link_stops_working_when_the_unit_joins_another_body(
    body, other_body, own_unit, secretariat_user
):
    _invitation, raw = services.invitation_create(
        actor=secretariat_user, body=body, role="contact", organization=own_unit
    )
    assert services.invitation_for_token(raw) is not None
    MembershipFactory(body=other_body, organization=own_unit)
    assert services.invitation_for_token(raw) is None
    with pytest.raises(ValidationError):
        services.invitation_accept(raw_token=raw, username="late", password=GOOD_PASSWORD)
