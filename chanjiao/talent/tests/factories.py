"""factory_boy factories for talent models (rows written directly, for test set-up only)."""

import factory

from chanjiao.registry.tests.factories import OrganizationFactory
from chanjiao.talent.models import (
    Application,
    Cohort,
    Major,
    MajorCategory,
    MajorClass,
    Posting,
    Student,
)


class MajorCategoryFactory(factory.django.DjangoModelFactory):
    """A 高职专科 category; the migration ships 41–59, a flushed test database may not."""

    class Meta:
        model = MajorCategory
        django_get_or_create = ("level", "code")

    level = "associate"
    code = "46"
    name = "装备制造大类"


class MajorClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MajorClass
        django_get_or_create = ("category", "code")

    category = factory.SubFactory(MajorCategoryFactory)
    code = factory.LazyAttribute(lambda o: f"{o.category.code}01")
    name = factory.Sequence(lambda n: f"测试专业类{n}")


class MajorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Major

    level = "associate"
    category = factory.SubFactory(MajorCategoryFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: (
            (o.major_class.code if o.major_class else o.category.code + "99") + f"{n % 100:02d}"
        )
    )
    name = factory.Sequence(lambda n: f"测试专业{n}")
    major_class = None


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    school = factory.SubFactory(
        OrganizationFactory,
        name=factory.Sequence(lambda n: f"测试职业技术学院{n}"),
        kind="vocational_college",
    )
    major = factory.SubFactory(MajorFactory)
    intake_year = 2023
    graduation_year = 2026
    headcount = 40


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    enterprise = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"测试岗位{n}")
    kind = "internship"
    headcount = 10


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    cohort = factory.SubFactory(CohortFactory)
    display_name = factory.Sequence(lambda n: f"学生{n:04d}")


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    student = factory.SubFactory(StudentFactory)
    posting = factory.SubFactory(PostingFactory)
    student_rank = 1
