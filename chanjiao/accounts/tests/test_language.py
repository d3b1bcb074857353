"""The language a signed-in user chooses is kept with their account (偏好): signing in on
another browser opens the platform in it, and the mails written to them use it. Before, the
choice lived in one browser's cookie, and every mail to a user was written in Chinese."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from chanjiao.accounts.models import Preference
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import OrganizationContactFactory, UserFactory

SWITCH = reverse("set_language")
PASSWORD = "Zhong-Wen-2026!"


def test_a_signed_in_users_choice_is_kept_and_opens_their_next_sign_in_elsewhere(db):
    user = UserFactory(username="lilei")
    user.set_password(PASSWORD)
    user.save()
    first = Client()
    first.force_login(user)
    assert first.post(SWITCH, {"language": "en", "next": "/"}).status_code == 302
    assert Preference.objects.get(user=user).language == "en"
    change = ObjectChange.objects.filter(content_type__model="preference").get()
    assert change.actor == user and change.after["language"] == "en"

    elsewhere = Client()  # another browser: no language cookie
    signed_in = elsewhere.post(
        reverse("login"), {"username": "lilei", "password": PASSWORD}, follow=True
    )
    assert signed_in.status_code == 200
    assert elsewhere.cookies["django_language"].value == "en"
    assert 'lang="en"' in elsewhere.get("/").content.decode()

    first.post(SWITCH, {"language": "zh-hans", "next": "/"})
    assert Preference.objects.get(user=user).language == "zh-hans"  # one row, changed


def test_an_anonymous_switch_or_an_unknown_language_keeps_nothing(client, db):
    client.post(SWITCH, {"language": "en", "next": "/"})
    user = UserFactory(username="hanmeimei")
    client.force_login(user)
    client.post(SWITCH, {"language": "fr", "next": "/"})
    assert not Preference.objects.exists()


def test_a_reminder_is_written_in_each_readers_language_whoever_sends_it(
    round_, secretariat_user, member_org
):
    """The units' contacts of a 填报 round: one reads in English, one in Chinese; the
    secretariat sends the reminders from a Chinese page."""
    from chanjiao.accounts import services as accounts
    from chanjiao.reports import services as reports

    english = OrganizationContactFactory(
        user=UserFactory(username="lucy", email="lucy@example.com"), organization=member_org
    ).user
    OrganizationContactFactory(
        user=UserFactory(username="wang", email="wang@example.cn"), organization=member_org
    )
    accounts.language_set(actor=english, language="en")
    with translation.override("zh-hans"):
        assert reports.round_remind(actor=secretariat_user, round=round_) >= 2
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["lucy@example.com"].startswith("Please")
    assert subjects["wang@example.cn"].startswith("请填报")


@pytest.fixture
def round_(body, member_org, secretariat_user):
    from chanjiao.registry.tests.factories import MembershipFactory
    from chanjiao.reports import services as reports

    MembershipFactory(body=body, organization=member_org)
    return reports.round_open(actor=secretariat_user, body=body, year=2024)


def test_a_language_kept_a_moment_before_by_another_tab_is_changed_not_duplicated(db):
    from chanjiao.accounts import services

    user = UserFactory(username="twotabs")
    Preference.objects.create(user=user, language="en")  # the other tab, after this one read
    real_filter = Preference.objects.filter
    reads = []

    def first_read_finds_none(*args, **kwargs):
        reads.append(1)
        found = real_filter(*args, **kwargs)
        return found.none() if len(reads) == 1 else found

    with mock.patch.object(Preference.objects, "filter", first_read_finds_none):
        kept = services.language_set(actor=user, language="zh-hans")
    assert kept.language == "zh-hans" and Preference.objects.count() == 1
    with pytest.raises(ValidationError):
        services.language_set(actor=UserFactory(username="other"), language="fr")


def test_an_invitee_who_reads_the_sign_up_page_in_english_keeps_english(
    client, body, member_org, secretariat_user
):
    """Before, an account created from an invitation kept no language, so its mails came in
    Chinese until its user switched once more while signed in."""
    from chanjiao.accounts import services
    from chanjiao.registry.tests.factories import MembershipFactory

    MembershipFactory(body=body, organization=member_org)
    accept = []
    for _n in range(2):
        _inv, raw = services.invitation_create(
            actor=secretariat_user, body=body, role="contact", organization=member_org
        )
        accept.append(reverse("accounts:invitation_accept", kwargs={"token": raw}))
    sign_up = {"password1": PASSWORD, "password2": PASSWORD}

    client.post(SWITCH, {"language": "en", "next": accept[0]})  # chosen on the sign-up page
    assert client.post(accept[0], {**sign_up, "username": "lucy"}).status_code == 302
    assert Preference.objects.get(user__username="lucy").language == "en"

    never_chose = Client()  # the browser's Accept-Language is not a choice
    never_chose.post(accept[1], {**sign_up, "username": "wang"}, HTTP_ACCEPT_LANGUAGE="en")
    assert not Preference.objects.filter(user__username="wang").exists()
