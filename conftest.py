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
def other_secretariat_user(db, other_body):
    """A user of ``other_body``'s secretariat: may touch nothing of ``body``."""
    return BodyRoleFactory(user=UserFactory(username="other-secretariat"), body=other_body).user


@pytest.fixture
def other_contact_user(db):
    """The contact of a unit that is not ``member_org``."""
    return OrganizationContactFactory(
        user=UserFactory(username="other-contact"),
        organization=OrganizationFactory(name="其他科技有限公司", kind="enterprise"),
    ).user


@pytest.fixture
def supervisor_user(db, body):
    """A user of ``body``'s supervising department (主管部门): reads, writes nothing, and sees
    no personal data."""
    return BodyRoleFactory(
        user=UserFactory(username="supervisor"), body=body, kind="supervisor"
    ).user


@pytest.fixture
def plain_user(db):
    """A signed-in user with no role anywhere."""
    return UserFactory(username="plain")


# API tokens of those users (the raw value a client sends as ``Authorization: Bearer``).


@pytest.fixture
def admin_token(admin_user):
    from chanjiao.core.testing import make_token

    return make_token(admin_user)


@pytest.fixture
def plain_token(plain_user):
    from chanjiao.core.testing import make_token

    return make_token(plain_user)


@pytest.fixture
def secretariat_token(secretariat_user):
    from chanjiao.core.testing import make_token

    return make_token(secretariat_user)


@pytest.fixture
def contact_token(contact_user):
    from chanjiao.core.testing import make_token

    return make_token(contact_user)


@pytest.fixture
def page(live_server, monkeypatch):
    """A Playwright page in Debian's headless Chromium that may only reach the live server.

    Playwright's sync API runs an event loop in this thread; Django's ORM calls the test makes
    between browser steps are still plain synchronous calls. A request to any other address
    (a CDN, say) is refused and fails the test: the app must work offline.
    """
    from django.db import connections

    from chanjiao.core.testing import CHROMIUM, keep_local

    # Only for this test: a later subprocess (check --deploy) must not inherit it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        outside: list[str] = []
        keep_local(page, live_server.url, outside)
        yield page
        context.close()
        browser.close()
        # The ORM calls the test made while Playwright ran got a connection of their own
        # (asgiref keeps connections per context); close it, or PostgreSQL cannot drop the
        # test database at the end ("being accessed by other users").
        connections.close_all()
        assert not outside, outside


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests hash passwords with MD5: PBKDF2's deliberate slowness (0.3–0.8 s a user here)
    would otherwise dominate every test that makes a user. Production keeps Django's hashers."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (Chinese). A request in English leaves English
    active in its thread (LocaleMiddleware activates, nothing deactivates), so a later test on
    the same worker read "admin created membership …" where it expected 创建了 成员关系."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
