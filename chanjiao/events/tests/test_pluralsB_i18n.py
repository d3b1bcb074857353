"""English for an event's counts, its registrations' status and its files (pluralsB).

A count written with plain gettext gave English one form whatever the number ("1 attendees",
"has 1 active registrations"); 已确认 was one message for a match proposal ("Accepted") and
a registration (which English calls "Confirmed"); the attendee and events exports were
written in Chinese for a reader of the English pages. The English tests read the catalogue.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chanjiao.core.exceptions import Conflict
from chanjiao.events import services, services_registration
from chanjiao.events.exports import events_to_xlsx
from chanjiao.events.models import Registration
from chanjiao.events.tests.factories import EventFactory
from chanjiao.talent.models import MatchProposal

pytestmark = pytest.mark.django_db


def _client(user=None, language="en") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def _register(actor, event, name):
    return services_registration.registration_create(actor=actor, event=event, name=name)


def _attendance(client, event) -> str:
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    return page.split('id="event-attendance"', 1)[1].split("</span>", 1)[0]


def test_english_says_one_attendee_and_two_attendees(body):
    one = EventFactory(attendance=1, bodies=[body])
    two = EventFactory(attendance=2, bodies=[body])
    client = _client()
    assert "1 attendee" in _attendance(client, one)
    assert "1 attendees" not in _attendance(client, one)
    assert "2 attendees" in _attendance(client, two)
    assert "2 人" in _attendance(_client(language="zh-hans"), two)  # the Chinese is unchanged


def test_english_says_one_active_registration_and_two_active_registrations(
    upcoming, contact_user, secretariat_user
):
    def refusal() -> str:
        with pytest.raises(Conflict) as refused, translation.override("en"):
            services.event_deletable(actor=secretariat_user, event=upcoming)
        return str(refused.value)

    _register(contact_user, upcoming, "李雷")
    assert "has 1 active registration and" in refusal()
    _register(contact_user, upcoming, "韩梅梅")
    assert "has 2 active registrations and" in refusal()


def test_english_says_one_person_per_unit_when_the_quota_is_one(
    upcoming, contact_user, secretariat_user
):
    settings = upcoming.registration
    settings.unit_quota = 1
    settings.save()
    _register(contact_user, upcoming, "李雷")
    with pytest.raises(Conflict) as refused, translation.override("en"):
        _register(contact_user, upcoming, "韩梅梅")
    assert "up to 1 person;" in str(refused.value)
    page = _client(contact_user).get(reverse("events:registration_list", args=[upcoming.pk]))
    assert "Up to 1 person per organisation." in page.content.decode()


def test_a_registration_reads_confirmed_in_english_and_a_proposal_accepted():
    with translation.override("en"):
        assert Registration(status="confirmed").get_status_display() == "Confirmed"
        assert MatchProposal(decision="accepted").get_decision_display() == "Accepted"
    with translation.override("zh-hans"):
        assert Registration(status="confirmed").get_status_display() == "已确认"
        assert MatchProposal(decision="accepted").get_decision_display() == "已确认"


def test_the_registration_list_counts_confirmed_places_in_english(
    upcoming, contact_user, secretariat_user
):
    _register(contact_user, upcoming, "李雷")
    url = reverse("events:registration_list", args=[upcoming.pk])
    page = _client(secretariat_user).get(url).content.decode()
    assert ">Confirmed<" in page and ">Accepted<" not in page
    assert ">已确认<" in _client(secretariat_user, "zh-hans").get(url).content.decode()


def test_the_attendee_export_follows_the_readers_language(upcoming, contact_user, secretariat_user):
    _register(contact_user, upcoming, "李雷")
    url = reverse("events:attendee_export", args=[upcoming.pk])
    english = _client(secretariat_user).get(url)
    sheet = load_workbook(io.BytesIO(english.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert sheet.title == "Registrations"
    assert rows[0][:3] == ["No.", "Name", "Organisation"] and "Checked in at" in rows[0]
    assert "Confirmed" in rows[1] and "李雷" in rows[1]  # the data stay as entered
    named = english["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    assert named.endswith("-registrations.xlsx")
    chinese = _client(secretariat_user, "zh-hans").get(url)
    rows = [list(row) for row in load_workbook(io.BytesIO(chinese.content)).active.values]
    assert rows[0][:3] == ["序号", "姓名", "单位"] and "已确认" in rows[1]


def test_the_events_export_follows_the_active_language(body):
    EventFactory(name="成立大会", kind="founding_conference", attendance=220, bodies=[body])
    with translation.override("en"):
        sheet = load_workbook(io.BytesIO(events_to_xlsx(body))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "Events"
    assert rows[0][:4] == ("Name", "Type", "Start date", "End date")
    assert rows[1][:2] == ("成立大会", "Founding conference")
    with translation.override("zh-hans"):
        sheet = load_workbook(io.BytesIO(events_to_xlsx(body))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "活动" and rows[0][:2] == ("名称", "类型") and rows[1][1] == "成立大会"
