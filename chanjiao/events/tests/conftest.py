"""What the registration tests share: an upcoming event of ``body`` that takes registrations."""

import datetime

import pytest
from django.utils import timezone

from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory
from chanjiao.registry.tests.factories import MembershipFactory


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def upcoming(body, member_org):
    """An annual meeting of ``body`` a month ahead, open for registration with two places and
    every field asked; ``member_org`` is a member of ``body``."""
    MembershipFactory(body=body, organization=member_org)
    event = EventFactory(
        name="2025年度工作会议", starts_on=in_days(30), city="成都", venue="工贸学院", bodies=[body]
    )
    RegistrationSettingsFactory(event=event, capacity=2)
    return event
