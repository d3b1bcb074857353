"""A secretariat manages its body's users in the app: invite by sign-up link, list, deactivate,
reset a password — every write through a service, on the change log."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from chanjiao.accounts import services
from chanjiao.accounts.models import BodyRole, Invitation, OrganizationContact
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

User = get_user_model()
GOOD_PASSWORD = "Lian-He-Ti-2026!"


@pytest.fixture
def member(body, member_org):
    MembershipFactory(body=body, organization=member_org, role="member")
    return member_org


def _link_token(html: str) -> str:
    match = re.search(r"/accounts/invite/([A-Za-z0-9_\-]+)/", html)
    assert match, "the page shows the sign-up link"
    return match.group(1)


# --- invitations ----------------------------------------------------------------------------


def test_secretariat_invites_a_member_units_contact_who_signs_up_through_the_link(
    client, body, member, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("accounts:body_users", kwargs={"pk": body.pk})
    response = client.post(url, {"role": "contact", "organization": member.pk, "days": 7})
    assert response.status_code == 200
    token = _link_token(response.content.decode())
    invitation = Invitation.objects.get()
    assert invitation.token_hash != token and len(invitation.token_hash) == 64  # only the hash
    assert ObjectChange.objects.filter(object_repr__contains="单位联系人").exists()

    client.logout()
    accept = reverse("accounts:invitation_accept", kwargs={"token": token})
    assert client.get(accept).status_code == 200
    response = client.post(
        accept, {"username": "wang.contact", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    user = User.objects.get(username="wang.contact")
    assert user.check_password(GOOD_PASSWORD)
    assert OrganizationContact.objects.filter(user=user, organization=member).exists()
    # single use: the same link no longer opens
    assert client.get(accept).status_code == 404
    again = client.post(
        accept, {"username": "someone.else", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    )
    assert again.status_code == 404 and not User.objects.filter(username="someone.else").exists()


def test_secretariat_invites_a_colleague_who_gets_the_secretariat_role(body, secretariat_user):
    _inv, raw = services.invitation_create(actor=secretariat_user, body=body, role="secretariat")
    user = services.invitation_accept(raw_token=raw, username="li.mishu", password=GOOD_PASSWORD)
    assert BodyRole.objects.filter(user=user, body=body, kind="secretariat").exists()


def test_sign_up_applies_djangos_password_validators(body, secretariat_user):
    _inv, raw = services.invitation_create(actor=secretariat_user, body=body, role="secretariat")
    with pytest.raises(ValidationError) as err:
        services.invitation_accept(raw_token=raw, username="li", password="123")
    assert "password1" in err.value.error_dict
    assert not User.objects.filter(username="li").exists()
    # the link is still usable after a refused attempt
    assert services.invitation_for_token(raw) is not None


@pytest.mark.parametrize("password", ["Ab3", "password123", "20261207", "li-wei-2"])
def test_every_password_rule_a_person_breaks_reads_in_chinese(body, secretariat_user, password):
    """Django 5.2 reworded its too-short message and has no Chinese for it: the sign-up page
    said "This password is too short. It must contain at least 8 characters." in Chinese."""
    _inv, raw = services.invitation_create(actor=secretariat_user, body=body, role="secretariat")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.invitation_accept(raw_token=raw, username="li-wei", password=password)
    messages = err.value.message_dict["password1"]
    assert messages
    assert not [m for m in messages if re.search("[A-Za-z]{3}", m)], messages


def test_an_expired_or_revoked_invitation_does_not_open(body, secretariat_user):
    inv, raw = services.invitation_create(actor=secretariat_user, body=body, role="secretariat")
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    with pytest.raises(ValidationError):
        services.invitation_accept(raw_token=raw, username="late", password=GOOD_PASSWORD)
    inv2, raw2 = services.invitation_create(actor=secretariat_user, body=body, role="secretariat")
    services.invitation_revoke(actor=secretariat_user, invitation=inv2)
    assert services.invitation_for_token(raw2) is None


def test_a_contact_can_only_be_invited_for_a_current_member_of_the_body(
    body, secretariat_user, member_org
):
    with pytest.raises(ValidationError) as err:
        services.invitation_create(
            actor=secretariat_user, body=body, role="contact", organization=member_org
        )
    assert "organization" in err.value.error_dict


@pytest.mark.parametrize(
    "who", ["other_secretariat_user", "contact_user", "supervisor_user", "plain_user"]
)
def test_only_the_bodys_secretariat_or_an_admin_may_invite(request, body, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=actor, body=body, role="secretariat")


@pytest.mark.parametrize(
    "who,status", [("other_secretariat_user", 403), ("contact_user", 403), ("supervisor_user", 403)]
)
def test_the_user_management_page_is_closed_to_others(client, request, body, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("accounts:body_users", kwargs={"pk": body.pk})).status_code == status


def test_anonymous_is_sent_to_sign_in(client, body):
    response = client.get(reverse("accounts:body_users", kwargs={"pk": body.pk}))
    assert response.status_code == 302 and "login" in response["Location"]


# --- the list, deactivation, reset ----------------------------------------------------------


def test_user_list_shows_the_bodys_roles_and_contacts(client, body, member, secretariat_user):
    contact = OrganizationContactFactory(
        user=UserFactory(username="zhao.contact"), organization=member
    ).user
    stranger = OrganizationContactFactory(
        user=UserFactory(username="stranger"), organization=OrganizationFactory()
    ).user
    client.force_login(secretariat_user)
    html = client.get(reverse("accounts:body_users", kwargs={"pk": body.pk})).content.decode()
    assert "secretariat" in html and contact.username in html and member.name in html
    assert stranger.username not in html


def test_secretariat_deactivates_a_colleagues_role_in_its_body_only(
    body, other_body, secretariat_user
):
    colleague = BodyRoleFactory(user=UserFactory(username="colleague"), body=body).user
    BodyRoleFactory(user=colleague, body=other_body)
    assert services.body_role_deactivate(actor=secretariat_user, body=body, account=colleague) == 1
    assert list(BodyRole.objects.filter(user=colleague).values_list("body_id", flat=True)) == [
        other_body.pk
    ]
    assert ObjectChange.objects.filter(action="delete", object_repr__contains="colleague").exists()
    colleague.refresh_from_db()
    assert colleague.is_active  # the account is an admin's to switch off


def test_admin_deactivating_the_last_role_switches_the_account_off(body, member, admin_user):
    contact = OrganizationContactFactory(
        user=UserFactory(username="only"), organization=member
    ).user
    services.body_role_deactivate(actor=admin_user, body=body, account=contact)
    contact.refresh_from_db()
    assert not contact.is_active
    assert not OrganizationContact.objects.filter(user=contact).exists()


def test_secretariat_cannot_deactivate_accounts_or_the_supervisor(
    body, secretariat_user, supervisor_user, plain_user
):
    with pytest.raises(PermissionDenied):
        services.account_deactivate(actor=secretariat_user, account=plain_user)
    services.body_role_deactivate(actor=secretariat_user, body=body, account=supervisor_user)
    assert BodyRole.objects.filter(user=supervisor_user, body=body).exists()


def test_reset_link_is_one_time_and_sets_a_new_password(client, body, member, secretariat_user):
    contact = OrganizationContactFactory(
        user=UserFactory(username="forgot"), organization=member
    ).user
    client.force_login(secretariat_user)
    response = client.post(
        reverse("accounts:user_reset", kwargs={"pk": body.pk, "upk": contact.pk})
    )
    assert response.status_code == 200
    link = re.search(r'value="(http://testserver/accounts/reset/[^"]+)"', response.content.decode())
    assert link
    client.logout()
    url = link.group(1).removeprefix("http://testserver")
    response = client.get(url, follow=True)  # Django swaps the token into the session
    assert response.status_code == 200 and response.context["validlink"]
    set_url = response.redirect_chain[-1][0]
    new = "Xin-Mi-Ma-2026!"
    response = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.check_password(new)
    # used once: the same link is no longer valid
    response = client.get(url, follow=True)
    assert not response.context["validlink"]
    assert ObjectChange.objects.filter(object_repr="forgot", action="update").exists()


def test_secretariat_cannot_reset_an_account_that_serves_another_body(
    body, other_body, member, secretariat_user, admin_user
):
    shared = OrganizationContactFactory(
        user=UserFactory(username="shared"), organization=member
    ).user
    BodyRoleFactory(user=shared, body=other_body)
    with pytest.raises(PermissionDenied):
        services.password_reset_link(actor=secretariat_user, body=body, account=shared)
    with pytest.raises(PermissionDenied):
        services.password_reset_link(actor=secretariat_user, body=body, account=admin_user)
    assert services.password_reset_link(actor=admin_user, body=body, account=shared)


def test_reset_link_is_also_mailed_when_email_is_configured(
    settings, body, member, secretariat_user
):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    mailoutbox = mail.outbox
    contact = OrganizationContactFactory(
        user=UserFactory(username="mailme", email="mailme@example.com"), organization=member
    ).user
    with translation.override("en"):  # the secretariat reads in English; the mail is not its
        url = services.password_reset_link(actor=secretariat_user, body=body, account=contact)
    assert len(mailoutbox) == 1 and url in mailoutbox[0].body
    assert mailoutbox[0].subject == "重置您的密码"


# --- correcting a unit the secretariat registered -------------------------------------------


def test_secretariat_is_offered_the_edit_button_for_a_unit_it_registered_until_a_contact_exists(
    client, body, secretariat_user
):
    org = OrganizationFactory(name="新登记的企业", registered_by_body=body)
    MembershipFactory(body=body, organization=org)
    client.force_login(secretariat_user)
    detail = reverse("registry:organization_detail", kwargs={"pk": org.pk})
    edit = reverse("registry:organization_edit", kwargs={"pk": org.pk})
    assert edit in client.get(detail).content.decode()
    assert client.get(edit).status_code == 200
    _inv, raw = services.invitation_create(
        actor=secretariat_user, body=body, role="contact", organization=org
    )
    services.invitation_accept(raw_token=raw, username="own.contact", password=GOOD_PASSWORD)
    assert edit not in client.get(detail).content.decode()
    assert client.get(edit).status_code == 403


def test_secretariat_cannot_reset_a_supervisors_or_a_role_less_account(
    client, body, secretariat_user, supervisor_user, plain_user
):
    """Before, a secretariat could make a reset link for its own 主管部门 (a body's, or a
    region's: it reads every unpublished body of the region) and for any account with no role,
    set the password and sign in as them."""
    from chanjiao.accounts.models import SupervisedRegion

    region = UserFactory(username="bureau")
    SupervisedRegion.objects.create(user=region, region_code="510000")
    for account in (supervisor_user, region, plain_user):
        with pytest.raises(PermissionDenied):
            services.password_reset_link(actor=secretariat_user, body=body, account=account)
    client.force_login(secretariat_user)
    page = client.get(reverse("accounts:body_users", kwargs={"pk": body.pk})).content.decode()
    supervisor_row = page[page.index(supervisor_user.username) :].split("</tr>")[0]
    assert "user_reset" not in supervisor_row and "/reset/" not in supervisor_row
    assert "停用角色" not in supervisor_row  # the secretariat cannot end it: not offered


def test_a_reset_link_does_not_open_an_account_switched_off_since(
    client, body, member, secretariat_user, admin_user
):
    contact = OrganizationContactFactory(user=UserFactory(username="left"), organization=member)
    link = services.password_reset_link(actor=secretariat_user, body=body, account=contact.user)
    services.account_deactivate(actor=admin_user, account=contact.user)
    url = link.removeprefix("http://testserver")
    response = client.get(url, follow=True)
    assert not response.context["validlink"]


def test_an_invitation_stops_working_with_its_inviters_role_or_the_units_membership(
    client, body, member, secretariat_user
):
    colleague = BodyRoleFactory(user=UserFactory(username="leaving"), body=body).user
    _inv, by_colleague = services.invitation_create(actor=colleague, body=body, role="secretariat")
    _inv, for_unit = services.invitation_create(
        actor=secretariat_user, body=body, role="contact", organization=member
    )
    services.body_role_deactivate(actor=secretariat_user, body=body, account=colleague)
    assert Invitation.objects.get(invited_by=colleague).revoked
    body.memberships.all().delete()
    for raw in (by_colleague, for_unit):
        url = reverse("accounts:invitation_accept", kwargs={"token": raw})
        assert client.get(url).status_code == 404
        with pytest.raises(ValidationError):
            services.invitation_accept(raw_token=raw, username="backdoor", password=GOOD_PASSWORD)
    assert not User.objects.filter(username="backdoor").exists()
