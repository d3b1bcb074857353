"""What the five-golds tests share: ``body``'s five-golds committee, on which an enterprise
(its contact: ``reviewer``) holds a seat; ``member_org`` (its contact: ``contact_user``) and
the enterprise are current members of ``body``; the programme, started by the secretariat
with every category run by that committee."""

import pytest
from django.core.files.base import ContentFile

from chanjiao.golds import services
from chanjiao.golds.models import GoldsNomination
from chanjiao.registry.models import Committee, CommitteeSeat
from chanjiao.registry.tests.factories import (
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def committee(body):
    return Committee.objects.create(body=body, name="金课程建设委员会", kind="five_golds")


@pytest.fixture
def seat_org(body, committee):
    """An enterprise holding a seat on the committee, a member of ``body``."""
    org = OrganizationFactory(name="精品钢铁集团有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=org)
    CommitteeSeat.objects.create(committee=committee, organization=org, role="director")
    return org


@pytest.fixture
def reviewer(seat_org):
    """The contact of the unit holding a seat: a committee member."""
    return OrganizationContactFactory(
        user=UserFactory(username="reviewer"), organization=seat_org
    ).user


@pytest.fixture
def member(body, member_org, contact_user):
    MembershipFactory(body=body, organization=member_org)
    return member_org


@pytest.fixture
def programme(body, committee, secretariat_user):
    return services.golds_programme_create(
        actor=secretariat_user,
        body=body,
        name="精品钢五金建设",
        committees={kind: committee for kind in ("major", "course", "textbook", "teacher", "base")},
    )


@pytest.fixture
def course(programme):
    return programme.categories.get(kind="course")


@pytest.fixture
def draft(course, member, contact_user):
    return services.golds_nomination_create(
        actor=contact_user, category=course, organization=member, year=2025,
        name="轧钢工艺在线开放课程", link="https://example.cn/course",
    )  # fmt: skip


@pytest.fixture
def submitted(draft, contact_user) -> GoldsNomination:
    return services.golds_nomination_submit(actor=contact_user, golds_nomination=draft)


def evidence_file(name="佐证.pdf") -> ContentFile:
    return ContentFile(b"%PDF-1.4 evidence", name=name)
