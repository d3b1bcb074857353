"""Event services: who may record events and what the log keeps."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chanjiao.core.changelog import history_for
from chanjiao.events import services
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import OrganizationFactory, PersonFactory


@pytest.mark.django_db
def test_secretariat_records_an_event_of_its_body_with_roles_agenda_and_ceremony(
    secretariat_user, body
):
    event = services.event_create(
        actor=secretariat_user,
        bodies=[body],
        name="成立大会",
        kind="founding_conference",
        starts_on="2021-04-29",
    )
    host = OrganizationFactory(name="成都工贸职业技术学院")
    services.event_organization_add(
        actor=secretariat_user, event=event, organization=host, role="host"
    )
    services.agenda_item_create(
        actor=secretariat_user,
        event=event,
        kind="speech",
        speaker=PersonFactory(name="王涛"),
        speaker_title="党委书记",
        speaker_organization=host,
        order=1,
    )
    services.ceremony_create(
        actor=secretariat_user, event=event, kind="unveiling", name="揭牌仪式", recipients=[host]
    )
    assert list(event.bodies.all()) == [body]
    assert event.ceremonies.get().recipients.get() == host
    assert len(history_for(event)) == 4


@pytest.mark.django_db
def test_event_needs_a_holding_body_the_actor_runs(secretariat_user, other_body):
    with pytest.raises(ValidationError):
        services.event_create(actor=secretariat_user, name="无主办大会")
    with pytest.raises(PermissionDenied):
        services.event_create(actor=secretariat_user, bodies=[other_body], name="他人大会")


@pytest.mark.django_db
def test_secretariat_cannot_move_its_event_to_a_body_it_does_not_run(
    secretariat_user, body, other_body
):
    event = EventFactory(bodies=[body])
    with pytest.raises(PermissionDenied):
        services.event_update(actor=secretariat_user, event=event, data={"bodies": [other_body]})
    assert list(event.bodies.all()) == [body]


@pytest.mark.django_db
def test_event_cannot_end_before_it_starts(admin_user, body):
    with pytest.raises(ValidationError):
        services.event_create(
            actor=admin_user,
            bodies=[body],
            name="倒序会议",
            starts_on="2024-05-02",
            ends_on="2024-05-01",
        )
