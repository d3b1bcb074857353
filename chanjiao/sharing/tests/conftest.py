"""What the sharing tests share: a body with two member units, each with its contact; a
training base (exclusive, the owner confirms) and a lecture hall (40 seats, confirmed at once)
offered by the enterprise."""

import pytest

from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.sharing.models import Resource
from chanjiao.sharing.tests.factories import ResourceFactory


@pytest.fixture
def enterprise(db, body):
    """A member of ``body`` that offers resources (its contact: ``owner_user``)."""
    org = OrganizationFactory(name="成都精密制造有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=org)
    return org


@pytest.fixture
def owner_user(enterprise):
    return OrganizationContactFactory(
        user=UserFactory(username="owner", email="owner@example.cn"), organization=enterprise
    ).user


@pytest.fixture
def member(body, member_org, contact_user):
    """``member_org`` (its contact: ``contact_user``) as a member of ``body``."""
    MembershipFactory(body=body, organization=member_org)
    return member_org


@pytest.fixture
def second_member(body):
    """A third member unit of ``body`` with its own contact (``second``)."""
    org = OrganizationFactory(name="成都第二职业技术学校", kind="secondary_school")
    MembershipFactory(body=body, organization=org)
    user = UserFactory(username="second", email="second@example.cn")
    OrganizationContactFactory(user=user, organization=org)
    return org, user


@pytest.fixture
def base(body, enterprise):
    """An exclusive training base, open 08:00–18:00 every day; the owner confirms."""
    return ResourceFactory(
        name="智能制造实训基地",
        owner=enterprise,
        body=body,
        location="成都市郫都区",
        contact_name="王主任",
        contact_phone="13800002222",
        contact_email="wang@example.cn",
    )


@pytest.fixture
def hall(body, enterprise):
    """A lecture hall of 40 seats, confirmed at once."""
    return ResourceFactory(
        name="培训报告厅",
        kind=Resource.Kind.TRAINING_BASE,
        owner=enterprise,
        body=body,
        capacity_mode=Resource.CapacityMode.COUNTED,
        capacity=40,
        approval_required=False,
    )
