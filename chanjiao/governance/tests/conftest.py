"""What the governance tests share: a body's council with a representative for each unit."""

import datetime

import pytest

from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def council(body):
    """Four council units (each with its representative) and a plain member, who has no seat
    in the council. Returns {name: (organization, representative)}."""
    seats = {
        "chair": ("理事长单位学院", "chair"),
        "vice": ("副理事长单位集团", "vice_chair"),
        "director1": ("理事单位一公司", "director"),
        "director2": ("理事单位二学校", "director"),
        "member": ("普通成员单位", "member"),
    }
    out = {}
    for key, (name, role) in seats.items():
        org = OrganizationFactory(name=name)
        MembershipFactory(body=body, organization=org, role=role, since=datetime.date(2024, 1, 1))
        user = UserFactory(username=f"rep-{key}")
        OrganizationContactFactory(user=user, organization=org)
        out[key] = (org, user)
    return out
