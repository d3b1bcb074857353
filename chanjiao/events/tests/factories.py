"""factory_boy factories for events (test set-up only)."""

import datetime

import factory

from chanjiao.core.testing import many_to_many
from chanjiao.events.models import Event, Registration, RegistrationSettings


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试大会{n}")
    kind = Event.Kind.CONFERENCE
    starts_on = datetime.date(2024, 5, 1)

    bodies = many_to_many("bodies")


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    """An event open for registration now (no window, no capacity unless given)."""

    class Meta:
        model = RegistrationSettings

    event = factory.SubFactory(EventFactory)
    asked_fields = ["unit", "title", "phone", "email", "needs"]


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"参会人{n}")
    status = Registration.Status.CONFIRMED
