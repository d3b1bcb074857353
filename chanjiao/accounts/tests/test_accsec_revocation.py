"""What an account kept stops working with its access: a new password set through a reset link
(a secretariat handing the account to a successor), its last role ending, an admin switching it
off — each revokes its API tokens."""

import re

import pytest
from django.urls import reverse

from chanjiao.accounts import services
from chanjiao.accounts.models import ApiToken
from chanjiao.core.testing import bearer, make_token
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    MembershipFactory,
    OrganizationContactFactory,
    UserFactory,
)

NEW_PASSWORD = "Xin-Mi-Ma-2026!"


@pytest.fixture
def member(body, member_org):
    MembershipFactory(body=body, organization=member_org)
    return member_org


@pytest.fixture
def holder(member):
    """The contact of ``member``, which is a member of ``body`` only."""
    return OrganizationContactFactory(user=UserFactory(username="holder"), organization=member).user


def _me(client, token):
    return client.get("/api/v1/me", headers=bearer(token)).status_code


def _set_password_through_link(client, link: str) -> None:
    response = client.get(link, follow=True)  # Django swaps the token into the session
    assert response.context["validlink"]
    set_url = response.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302


def test_a_password_set_through_a_reset_link_revokes_the_accounts_api_tokens(
    client, body, holder, secretariat_user
):
    token = make_token(holder)
    assert _me(client, token) == 200
    client.force_login(secretariat_user)
    response = client.post(reverse("accounts:user_reset", kwargs={"pk": body.pk, "upk": holder.pk}))
    link = re.search(r'value="http://testserver(/accounts/reset/[^"]+)"', response.content.decode())
    client.logout()
    _set_password_through_link(client, link.group(1))
    holder.refresh_from_db()
    assert holder.check_password(NEW_PASSWORD)
    assert _me(client, token) == 401
    # The revocation is on the change log, under the account's own name.
    revoked = ApiToken.objects.get(user=holder)
    assert revoked.revoked
    from chanjiao.core.changelog import history_for

    assert history_for(revoked).filter(actor=holder, after__revoked=True).exists()


def test_ending_the_last_role_revokes_the_accounts_api_tokens(
    client, body, holder, secretariat_user
):
    token = make_token(holder)
    services.body_role_deactivate(actor=secretariat_user, body=body, account=holder)
    assert _me(client, token) == 401


def test_ending_one_role_keeps_the_tokens_of_an_account_that_still_has_another(
    client, body, other_body, secretariat_user, admin_user
):
    both = BodyRoleFactory(user=UserFactory(username="both"), body=body).user
    BodyRoleFactory(user=both, body=other_body)
    token = make_token(both)
    assert services.body_role_deactivate(actor=admin_user, body=body, account=both) == 1
    assert _me(client, token) == 200


def test_an_admin_switching_an_account_off_revokes_its_tokens(body, holder, admin_user):
    make_token(holder)
    services.account_deactivate(actor=admin_user, account=holder)
    assert not ApiToken.objects.filter(user=holder, revoked=False).exists()
