"""factory_boy factories for agreements and carriers (test set-up only)."""

import factory

from chanjiao.cooperation.models import (
    Agreement,
    AgreementDocument,
    Carrier,
    CarrierFigure,
    CarrierMilestone,
)
from chanjiao.core.testing import many_to_many


class AgreementFactory(factory.django.DjangoModelFactory):
    """``document=<uploaded file>`` stores it as the agreement's text, version 1."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"校企合作协议{n}")
    kind = Agreement.Kind.SCHOOL_ENTERPRISE

    parties = many_to_many("parties")

    @factory.post_generation
    def document(self, create, extracted, **kwargs):
        if create and extracted:
            AgreementDocument.objects.create(
                agreement=self, version=1, file=extracted, original_name=extracted.name
            )


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"智能制造产业学院{n}")
    kind = Carrier.Kind.INDUSTRY_COLLEGE

    owners = many_to_many("owners")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierMilestone

    carrier = factory.SubFactory(CarrierFactory)
    kind = CarrierMilestone.Kind.BASE_BUILT


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CarrierFigure

    carrier = factory.SubFactory(CarrierFactory)
    year = 2024
