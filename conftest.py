"""Fixtures shared by every app's tests: the three kinds of user and a body they act on."""

import pytest

from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture
def admin_user(db):
    """A platform admin (平台管理员)."""
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def body(db):
    """A published municipal vocational education group."""
    return BodyFactory(name="成都智能制造职业教育集团")


@pytest.fixture
def other_body(db):
    """A second body whose secretariat is somebody else."""
    return BodyFactory(name="其他职业教育集团")


@pytest.fixture
def secretariat_user(db, body):
    """A user of ``body``'s secretariat (秘书处)."""
    return BodyRoleFactory(user=UserFactory(username="secretariat"), body=body).user


@pytest.fixture
def member_org(db):
    return OrganizationFactory(name="成都工贸职业技术学院", kind="vocational_college")


@pytest.fixture
def contact_user(db, member_org):
    """The contact (联系人) of ``member_org``."""
    return OrganizationContactFactory(
        user=UserFactory(username="contact"), organization=member_org
    ).user


@pytest.fixture
def plain_user(db):
    """A signed-in user with no role anywhere."""
    return UserFactory(username="plain")
