"""A calendar feed's address is a credential: when the account that could copy it loses its
role, is switched off or is handed to a successor by a reset link, the feed gets a new address
and the old one stops answering (chanjiao.sharing.receivers)."""

from django.urls import reverse

from chanjiao.accounts import services as account_services
from chanjiao.core.changelog import history_for
from chanjiao.registry.tests.factories import (
    BodyRoleFactory,
    UserFactory,
)
from chanjiao.sharing import services
from chanjiao.sharing.models import Resource
from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory


def _unit_feed(client, token: str) -> int:
    return client.get(reverse("sharing:unit_feed", args=[token])).status_code


def _resource_feed(client, token: str) -> int:
    return client.get(reverse("sharing:resource_feed", args=[token])).status_code


def test_ending_a_contact_role_gives_the_units_feed_and_its_resources_feeds_new_addresses(
    client, body, enterprise, owner_user, base, secretariat_user
):
    BookingFactory(resource=base, organization=enterprise)
    calendar = services.unit_calendar(actor=owner_user, organization=enterprise)
    old_unit, old_base = calendar.feed_token, base.feed_token
    assert _unit_feed(client, old_unit) == 200 and _resource_feed(client, old_base) == 200

    account_services.body_role_deactivate(actor=secretariat_user, body=body, account=owner_user)

    assert _unit_feed(client, old_unit) == 404
    assert _resource_feed(client, old_base) == 404
    calendar.refresh_from_db()
    base.refresh_from_db()
    assert _unit_feed(client, calendar.feed_token) == 200
    assert _resource_feed(client, base.feed_token) == 200
    # Each new address is on the change log, under the name of who ended the role.
    assert history_for(base).filter(actor=secretariat_user, after__has_key="feed_address").exists()


def test_a_resource_the_unit_offers_in_another_body_gets_a_new_address_too(
    client, body, other_body, enterprise, owner_user, secretariat_user
):
    elsewhere = ResourceFactory(owner=enterprise, body=other_body)
    old = elsewhere.feed_token
    account_services.body_role_deactivate(actor=secretariat_user, body=body, account=owner_user)
    assert _resource_feed(client, old) == 404


def test_ending_a_secretariat_role_gives_the_bodys_resources_new_addresses(
    client, body, other_body, base, admin_user
):
    leaving = BodyRoleFactory(user=UserFactory(username="leaving"), body=body).user
    elsewhere = ResourceFactory(body=other_body)
    old_base, old_elsewhere = base.feed_token, elsewhere.feed_token
    account_services.body_role_deactivate(actor=admin_user, body=body, account=leaving)
    assert _resource_feed(client, old_base) == 404
    # Another body's resources keep theirs.
    assert _resource_feed(client, old_elsewhere) == 200


def test_ending_a_viewer_role_changes_no_address(client, body, base, secretariat_user):
    viewer = BodyRoleFactory(user=UserFactory(username="viewer"), body=body, kind="viewer").user
    old = base.feed_token
    account_services.body_role_deactivate(actor=secretariat_user, body=body, account=viewer)
    assert Resource.objects.get(pk=base.pk).feed_token == old


def test_other_units_feeds_keep_their_addresses(
    client, body, enterprise, owner_user, member, contact_user, secretariat_user
):
    theirs = services.unit_calendar(actor=contact_user, organization=member)
    their_resource = ResourceFactory(owner=member, body=body)
    account_services.body_role_deactivate(actor=secretariat_user, body=body, account=owner_user)
    assert _unit_feed(client, theirs.feed_token) == 200
    assert _resource_feed(client, their_resource.feed_token) == 200


def test_switching_an_account_off_gives_its_feeds_new_addresses(
    client, enterprise, owner_user, base, admin_user
):
    calendar = services.unit_calendar(actor=owner_user, organization=enterprise)
    account_services.account_deactivate(actor=admin_user, account=owner_user)
    assert _unit_feed(client, calendar.feed_token) == 404
    assert _resource_feed(client, base.feed_token) == 404


def test_a_password_reset_through_a_link_gives_the_accounts_feeds_new_addresses(
    client, enterprise, owner_user, base
):
    calendar = services.unit_calendar(actor=owner_user, organization=enterprise)
    account_services.password_reset_done(account=owner_user)
    assert _unit_feed(client, calendar.feed_token) == 404
    assert _resource_feed(client, base.feed_token) == 404
