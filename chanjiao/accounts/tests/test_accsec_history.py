"""Who signed up through a body's links and whose password-reset link was made are read in the
body's history only by its user managers (its secretariat, admins); an invitation's link token
hash is shown to nobody."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType

from chanjiao.accounts import services
from chanjiao.accounts.models import Invitation
from chanjiao.core.history import history_scope, render_changes
from chanjiao.registry.tests.factories import MembershipFactory

User = get_user_model()
GOOD_PASSWORD = "Lian-He-Ti-2026!"


@pytest.fixture
def signed_up(body, member_org, secretariat_user):
    """A contact who signed up through the secretariat's link, then got a reset link."""
    MembershipFactory(body=body, organization=member_org)
    _invitation, raw = services.invitation_create(
        actor=secretariat_user, body=body, role="contact", organization=member_org
    )
    user = services.invitation_accept(raw_token=raw, username="newcomer", password=GOOD_PASSWORD)
    services.password_reset_link(actor=secretariat_user, body=body, account=user)
    return user


def _user_rows(body, viewer):
    ct = ContentType.objects.get_for_model(User)
    return history_scope(body, viewer=viewer).filter(content_type=ct)


@pytest.mark.parametrize(
    "reader", ["plain_user", "other_secretariat_user", "supervisor_user", "contact_user"]
)
def test_a_bodys_sign_ups_and_reset_links_are_hidden_from_readers_who_do_not_manage_its_users(
    request, client, body, signed_up, reader
):
    viewer = request.getfixturevalue(reader)
    assert not _user_rows(body, viewer).exists()
    client.force_login(viewer)
    response = client.get(f"/bodies/{body.pk}/history/")
    assert response.status_code == 200
    assert "newcomer" not in response.content.decode()


@pytest.mark.parametrize("reader", ["secretariat_user", "admin_user"])
def test_the_bodys_user_managers_read_its_sign_ups_and_reset_links(
    request, body, signed_up, reader
):
    viewer = request.getfixturevalue(reader)
    rows = _user_rows(body, viewer)
    assert rows.filter(action="create", object_id=signed_up.pk).exists()
    assert rows.filter(action="update", object_id=signed_up.pk).exists()


def test_an_invitations_link_token_hash_is_never_shown(
    body, signed_up, secretariat_user, admin_user
):
    invitation = Invitation.objects.get()
    ct = ContentType.objects.get_for_model(Invitation)
    rows = history_scope(body, viewer=admin_user).filter(content_type=ct)
    assert rows.exists()
    for viewer in (secretariat_user, admin_user):
        for entry in render_changes(rows, viewer=viewer):
            assert invitation.token_hash not in entry.sentence
            assert invitation.token_hash[:8] not in entry.sentence


def test_a_reset_link_reads_as_the_act_not_as_raw_keys(body, signed_up, secretariat_user):
    """The entry read 「password_reset_link 从「空」改为「2026-12-08T00:51:32+00:00」」."""
    from django.utils import translation

    rows = _user_rows(body, secretariat_user).filter(action="update", object_id=signed_up.pk)
    [entry] = render_changes(rows, viewer=secretariat_user)
    assert "生成了重置密码链接" in entry.sentence
    assert "password_reset_link" not in entry.sentence and "从「" not in entry.sentence
    with translation.override("en"):
        [entry] = render_changes(rows, viewer=secretariat_user)
        assert "made a password-reset link" in entry.sentence
