"""factory_boy factories for shared resources and bookings (rows written directly, for test
set-up only: bookings made here skip the capacity check on purpose)."""

import datetime

import factory
from django.utils import timezone

from chanjiao.registry.tests.factories import BodyFactory, OrganizationFactory
from chanjiao.sharing.models import Booking, Resource

#: Open every day from 08:00 to 18:00.
EVERY_DAY = [{"weekday": d, "opens": "08:00", "closes": "18:00"} for d in range(1, 8)]


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    name = factory.Sequence(lambda n: f"数控实训基地{n}")
    kind = Resource.Kind.TRAINING_BASE
    owner = factory.SubFactory(OrganizationFactory)
    body = factory.SubFactory(BodyFactory)
    opening_hours = factory.LazyFunction(lambda: list(EVERY_DAY))


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    resource = factory.SubFactory(ResourceFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda b: b.starts_at + datetime.timedelta(hours=2))
    purpose = "实训教学"
    status = Booking.Status.CONFIRMED
    exclusive = factory.LazyAttribute(lambda b: b.resource.exclusive)


def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    """Local (Asia/Shanghai) time ``days`` from today at ``hour:minute``."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )
