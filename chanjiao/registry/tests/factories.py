"""factory_boy factories for registry models (rows written directly, for test set-up only)."""

import factory

from chanjiao.accounts.models import BodyRole, OrganizationContact
from chanjiao.core.testing import PASSWORD
from chanjiao.registry.models import Body, Membership, Organization, Person, Position


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}有限公司")
    kind = Organization.Kind.ENTERPRISE


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"测试职业教育集团{n}")
    kind = Body.Kind.VOCATIONAL_EDUCATION_GROUP
    level = Body.Level.MUNICIPAL


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"张{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = "校长"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "member"


class BodyRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyRole

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    kind = BodyRole.Kind.SECRETARIAT


class OrganizationContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationContact

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "registry.Term"

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: n + 1)
