"""factory_boy factories for agreements and carriers (test set-up only)."""

import factory

from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.core.testing import many_to_many


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"校企合作协议{n}")
    kind = Agreement.Kind.SCHOOL_ENTERPRISE

    parties = many_to_many("parties")


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"智能制造产业学院{n}")
    kind = Carrier.Kind.INDUSTRY_COLLEGE

    owners = many_to_many("owners")
