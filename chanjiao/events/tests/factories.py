"""factory_boy factories for events (test set-up only)."""

import datetime

import factory

from chanjiao.core.testing import many_to_many
from chanjiao.events.models import Event


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"测试大会{n}")
    kind = Event.Kind.CONFERENCE
    starts_on = datetime.date(2024, 5, 1)

    bodies = many_to_many("bodies")
