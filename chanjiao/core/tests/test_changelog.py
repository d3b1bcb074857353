"""The generic write path: validation, one transaction, one change-log row per write."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from chanjiao.core.changelog import (
    change_source,
    create_object,
    delete_object,
    history_for,
    update_object,
)
from chanjiao.core.models import ObjectChange
from chanjiao.registry.models import Membership, Organization
from chanjiao.registry.tests.factories import BodyFactory, MembershipFactory, OrganizationFactory


@pytest.mark.django_db
def test_create_logs_actor_action_and_after_snapshot(admin_user):
    org = create_object(Organization, actor=admin_user, data={"name": "华为技术有限公司"})
    change = ObjectChange.objects.get()
    assert change.action == "create"
    assert change.actor == admin_user
    assert change.before is None
    assert change.after["name"] == "华为技术有限公司"
    assert change.object_id == org.pk


@pytest.mark.django_db
def test_update_logs_only_changed_fields_and_noop_logs_nothing(admin_user):
    org = OrganizationFactory(name="京东")
    update_object(org, actor=admin_user, data={"short_name": "京东"})
    update_object(org, actor=admin_user, data={"short_name": "京东"})
    changes = list(ObjectChange.objects.all())
    assert len(changes) == 1
    assert changes[0].changed_fields == [("short_name", "", "京东")]


@pytest.mark.django_db
def test_an_update_from_a_copy_read_earlier_keeps_what_others_changed_since(admin_user):
    """A service handed a copy read before a colleague's save changes only what it was asked
    to: before, it saved its whole copy and put the colleague's value back unseen."""
    org = OrganizationFactory(name="旧名称职业学院", english_name="")
    stale = Organization.objects.get(pk=org.pk)
    update_object(org, actor=admin_user, data={"name": "新名称职业学院"})
    update_object(stale, actor=admin_user, data={"english_name": "New Name College"})
    org.refresh_from_db()
    assert (org.name, org.english_name) == ("新名称职业学院", "New Name College")
    last = ObjectChange.objects.filter(object_id=org.pk).order_by("-id").first()
    assert set(last.after) - {"english_name"} == set(last.before) - {"english_name"}
    assert last.before["name"] == last.after["name"] == "新名称职业学院"


def test_invalid_data_raises_and_writes_nothing(admin_user):
    with pytest.raises(ValidationError) as exc:
        create_object(Organization, actor=admin_user, data={"name": "X", "credit_code": "123"})
    assert "credit_code" in exc.value.message_dict
    assert not Organization.objects.exists()
    assert not ObjectChange.objects.exists()


@pytest.mark.django_db
def test_deleting_a_referenced_row_is_a_validation_error_and_keeps_the_log_clean(admin_user):
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        delete_object(membership.organization, actor=admin_user)
    assert Organization.objects.filter(pk=membership.organization.pk).exists()
    assert not ObjectChange.objects.exists()


@pytest.mark.django_db
def test_related_changes_show_in_the_related_objects_history(admin_user):
    body = BodyFactory()
    org = OrganizationFactory()
    with change_source("api"):
        m = create_object(
            Membership, actor=admin_user, data={"body": body, "organization": org}, related=body
        )
    history = list(history_for(body))
    assert [c.object_id for c in history] == [m.pk]
    assert history[0].source == "api"


@pytest.mark.django_db(transaction=True)
def test_concurrent_chair_appointments_leave_exactly_one_chair(admin_user):
    """Two writers racing to appoint a chair unit: one wins, the other gets a clean error."""
    body = BodyFactory()
    orgs = [OrganizationFactory(), OrganizationFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def appoint(org):
        try:
            barrier.wait()
            create_object(
                Membership,
                actor=None,
                data={"body_id": body.pk, "organization_id": org.pk, "role": "chair"},
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("rejected")
        finally:
            connection.close()

    threads = [threading.Thread(target=appoint, args=(o,)) for o in orgs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Membership.objects.filter(body=body, role="chair").count() == 1
    assert sorted(outcomes) == ["ok", "rejected"]
    assert ObjectChange.objects.filter(action="create").count() == 1
