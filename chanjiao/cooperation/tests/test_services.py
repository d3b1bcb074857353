"""Agreement and carrier services: filed under a body, edited by its secretariat only."""

import pytest
from django.core.exceptions import PermissionDenied

from chanjiao.cooperation import services
from chanjiao.cooperation.tests.factories import AgreementFactory
from chanjiao.core.models import ObjectChange
from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.tests.factories import OrganizationFactory


@pytest.mark.django_db
def test_agreement_with_parties_and_the_carrier_it_founds(secretariat_user, body):
    school, firm = OrganizationFactory(kind="vocational_college"), OrganizationFactory()
    event = EventFactory(bodies=[body])
    agreement = services.agreement_create(
        actor=secretariat_user,
        body=body,
        event=event,
        title="共建产业学院协议",
        kind="co_founding",
        parties=[school, firm],
        signed_on="2024-10-20",
    )
    carrier = services.carrier_create(
        actor=secretariat_user,
        body=body,
        agreement=agreement,
        name="智能制造产业学院",
        kind="industry_college",
        owners=[school, firm],
    )
    assert set(agreement.parties.all()) == {school, firm}
    assert carrier.agreement == agreement
    logged = ObjectChange.objects.get(content_type__model="agreement")
    assert sorted(logged.after["parties"]) == sorted([school.pk, firm.pk])


@pytest.mark.django_db
def test_secretariat_cannot_file_or_move_agreements_into_another_body(
    secretariat_user, body, other_body
):
    with pytest.raises(PermissionDenied):
        services.agreement_create(actor=secretariat_user, body=other_body, title="越权协议")
    agreement = AgreementFactory(body=body)
    with pytest.raises(PermissionDenied):
        services.agreement_update(
            actor=secretariat_user, agreement=agreement, data={"body": other_body}
        )
    with pytest.raises(PermissionDenied):
        services.carrier_create(actor=secretariat_user, body=other_body, name="越权载体")
