"""A username is unique in any case, also when sign-ups arrive at the same instant: the database
holds it (a unique index on lower(username), migration accounts 0007) and the sign-up answers
「该用户名已被使用」 on the field, never a 500."""

import functools

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from chanjiao.accounts import services
from chanjiao.accounts.models import Invitation
from chanjiao.core.testing import at_once
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, UserFactory

User = get_user_model()
GOOD_PASSWORD = "Lian-He-Ti-2026!"
INDEX = "auth_user_username_lower_uniq"


def _links(n: int) -> list[str]:
    body = BodyFactory(name="并发注册集团")
    secretariat = BodyRoleFactory(user=UserFactory(username="sec"), body=body).user
    return [
        services.invitation_create(actor=secretariat, body=body, role="secretariat")[1]
        for _ in range(n)
    ]


@pytest.mark.django_db(transaction=True)
def test_six_sign_ups_with_names_differing_in_case_at_once_make_exactly_one_account():
    links = _links(6)

    def sign_up(raw: str, username: str) -> str:
        services.invitation_accept(raw_token=raw, username=username, password=GOOD_PASSWORD)
        return "created"

    names = ["dup", "Dup"] * 3
    outcomes = at_once(
        [functools.partial(sign_up, raw, name) for raw, name in zip(links, names, strict=True)],
        refused=(ValidationError,),
    )
    assert outcomes.count("created") == 1, outcomes
    assert all(o == "created" or "该用户名已被使用" in o for o in outcomes), outcomes
    assert User.objects.filter(username__iexact="dup").count() == 1
    # The refused links were not used up: the rollback gave them back.
    assert Invitation.objects.filter(accepted_at__isnull=True).count() == 5


def test_the_database_refuses_a_name_differing_only_in_case(db):
    UserFactory(username="wang")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="WANG")


def test_a_twin_committed_after_the_first_check_gets_the_field_error(db, monkeypatch):
    """The race, deterministically: the twin appears between the early check and the insert."""
    (raw,) = _links(1)
    real = services._sign_up

    def twin_first(invitation, **kwargs):
        User.objects.create(username="Dup")  # written by the other sign-up meanwhile
        monkeypatch.setattr(User.objects, "filter", _no_case_check(User.objects.filter))
        return real(invitation, **kwargs)

    monkeypatch.setattr(services, "_sign_up", twin_first)
    with pytest.raises(ValidationError) as refused:
        services.invitation_accept(raw_token=raw, username="dup", password=GOOD_PASSWORD)
    assert refused.value.message_dict == {"username": ["该用户名已被使用"]}
    assert Invitation.objects.get().accepted_at is None


def _no_case_check(filter_):
    """``User.objects.filter`` that does not see the twin once (the check inside the transaction
    ran before the other sign-up committed), so the insert meets the unique index."""
    seen = []

    def filter(*args, **kwargs):
        if "username__iexact" in kwargs and not seen:
            seen.append(True)
            return User.objects.none()
        return filter_(*args, **kwargs)

    return filter


def test_the_migration_stops_on_names_differing_only_in_case(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("chanjiao.accounts.migrations.0007_username_lower_unique")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {INDEX}")  # undone by the test's rollback
    UserFactory(username="li")
    UserFactory(username="LI")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    with pytest.raises(RuntimeError, match="LI / li"):
        migration.refuse_case_duplicates(apps, editor)
