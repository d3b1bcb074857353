"""An event's life after it is recorded: what its ceremonies show, who deletes it, what its
registrants are told when it moves, and when its registration closes."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from chanjiao.cooperation.selectors import agreement_list, carrier_list
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core import panels
from chanjiao.core.exceptions import Conflict
from chanjiao.core.testing import api_write, assert_error, bearer, make_token, run_task_worker
from chanjiao.events import registration_mail, selectors, services
from chanjiao.events import services_registration as registration
from chanjiao.events.models import Ceremony, Event, Registration
from chanjiao.events.selectors_registration import State, closes_at, registration_state
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
)
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, UserFactory

pytestmark = pytest.mark.django_db


def at_start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


# --- 1. a ceremony shows only the agreements and carriers the reader may see -----------------


@pytest.fixture
def outcomes_from_cooperation(monkeypatch):
    """Cooperation's scoped lists handed down to the event page, as the apps above do
    (``chanjiao.core.panels``, page :data:`chanjiao.events.selectors.OUTCOMES_PAGE`)."""
    providers = panels.defaultdict(list, {k: list(v) for k, v in panels._providers.items()})
    monkeypatch.setattr(panels, "_providers", providers)

    def outcomes(*, actor):
        return {
            "ceremony_agreements": agreement_list(actor=actor),
            "ceremony_carriers": carrier_list(actor=actor),
        }

    panels.register(selectors.OUTCOMES_PAGE, outcomes)


@pytest.fixture
def signing(body):
    """A public event of ``body`` whose signing produced an agreement and a carrier of a
    published body and of an unpublished one."""
    hidden = BodyFactory(name="未公开集团", is_published=False)
    event = EventFactory(name="签约大会", bodies=[body])
    ceremony = Ceremony.objects.create(event=event, kind="signing", name="签约仪式")
    AgreementFactory(title="公开协议", body=body, event=event, ceremony=ceremony)
    AgreementFactory(title="未公开集团协议", body=hidden, event=event, ceremony=ceremony)
    CarrierFactory(name="公开产业学院", body=body, ceremony=ceremony)
    CarrierFactory(name="未公开产业学院", body=hidden, ceremony=ceremony)
    return event


def test_ceremony_outcomes_of_an_unpublished_body_are_hidden_on_the_event_page_and_api(
    client, signing, outcomes_from_cooperation, secretariat_token
):
    ceremony = signing.ceremonies.get()
    html = client.get(reverse("events:event_detail", args=[signing.pk])).content.decode()
    assert "公开协议" in html and "公开产业学院" in html
    assert "未公开集团协议" not in html and "未公开产业学院" not in html

    def shown(out):
        return (
            [a["title"] for a in out["agreements"]],
            [c["name"] for c in out["carriers"]],
        )

    expected = (["公开协议"], ["公开产业学院"])
    detail = client.get(f"/api/v1/events/{signing.pk}").json()
    assert shown(detail["ceremonies"][0]) == expected
    listing = client.get(f"/api/v1/events/{signing.pk}/ceremonies").json()
    assert shown(listing["items"][0]) == expected
    # A write's answer reads the ceremony again: its secretariat does not run the hidden body.
    path = f"/api/v1/events/{signing.pk}/ceremonies/{ceremony.pk}"
    one = api_write(client, "patch", path, {"name": "签约仪式（改）"}, secretariat_token).json()
    assert shown(one) == expected


def test_ceremony_outcomes_of_an_unpublished_body_are_shown_to_an_admin(
    client, admin_user, signing, outcomes_from_cooperation
):
    token = make_token(admin_user)
    out = client.get(f"/api/v1/events/{signing.pk}", headers=bearer(token)).json()
    titles = {a["title"] for a in out["ceremonies"][0]["agreements"]}
    assert titles == {"公开协议", "未公开集团协议"}


def test_without_cooperation_answering_a_ceremony_shows_no_outcome_rather_than_any(
    client, signing, monkeypatch
):
    monkeypatch.setattr(panels, "_providers", panels.defaultdict(list))
    html = client.get(reverse("events:event_detail", args=[signing.pk])).content.decode()
    assert "未公开集团协议" not in html and "公开协议" not in html
    out = client.get(f"/api/v1/events/{signing.pk}").json()
    assert out["ceremonies"][0]["agreements"] == []


# --- 2. a co-held event is deleted only by who runs every holder --------------------------------


@pytest.fixture
def co_held(body, other_body):
    return EventFactory(name="联合年会", bodies=[body, other_body])


def test_a_co_holders_secretariat_may_not_delete_a_co_held_event(secretariat_user, co_held):
    with pytest.raises(PermissionDenied, match="联合主办"):
        services.event_delete(actor=secretariat_user, event=co_held)
    assert Event.objects.filter(pk=co_held.pk).exists()


def test_a_co_holders_secretariat_may_remove_its_own_body_from_the_holders(
    secretariat_user, co_held, other_body
):
    services.event_update(actor=secretariat_user, event=co_held, data={"bodies": [other_body]})
    assert list(co_held.bodies.all()) == [other_body]


def test_an_admin_or_a_secretariat_running_every_holder_deletes_a_co_held_event(
    admin_user, co_held, other_body, body
):
    runs_both = UserFactory(username="runs-both")
    BodyRoleFactory(user=runs_both, body=body)
    BodyRoleFactory(user=runs_both, body=other_body)
    services.event_delete(actor=runs_both, event=co_held)
    assert not Event.objects.filter(pk=co_held.pk).exists()
    second = EventFactory(bodies=[body, other_body])
    services.event_delete(actor=admin_user, event=second)
    assert not Event.objects.filter(pk=second.pk).exists()


def test_deleting_a_co_held_event_through_the_api_is_refused_saying_why(
    client, secretariat_token, co_held
):
    response = api_write(client, "delete", f"/api/v1/events/{co_held.pk}", None, secretariat_token)
    assert "联合主办" in assert_error(response, 403)["detail"]


# --- 3. registrants: deleting is refused, moving tells them ----------------------------------


def test_an_event_with_registrations_is_not_deleted_until_they_are_cancelled(
    secretariat_user, upcoming
):
    RegistrationFactory(event=upcoming, status=Registration.Status.CONFIRMED)
    RegistrationFactory(event=upcoming, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=upcoming, status=Registration.Status.CANCELLED)
    with pytest.raises(Conflict, match="2 条有效报名"):
        services.event_delete(actor=secretariat_user, event=upcoming)
    assert Event.objects.filter(pk=upcoming.pk).exists()
    Registration.objects.filter(event=upcoming).update(status=Registration.Status.CANCELLED)
    services.event_delete(actor=secretariat_user, event=upcoming)
    assert not Event.objects.filter(pk=upcoming.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_moving_an_event_mails_everyone_registered_its_new_date_and_venue(
    upcoming, contact_user, secretariat_user
):
    registration.registration_create(
        actor=contact_user, event=upcoming, name="张一", email="zhang1@example.cn"
    )
    gone = registration.registration_create(
        actor=contact_user, event=upcoming, name="张二", email="zhang2@example.cn"
    )
    registration.registration_cancel(actor=secretariat_user, registration=gone)
    run_task_worker()
    mail.outbox.clear()

    services.event_update(actor=secretariat_user, event=upcoming, data={"attendance": 80})
    run_task_worker()
    assert mail.outbox == []  # nothing a registrant needs to know

    new_day = in_days(20)
    services.event_update(
        actor=secretariat_user, event=upcoming, data={"starts_on": new_day, "venue": "新会场"}
    )
    run_task_worker()
    assert [m.to for m in mail.outbox] == [["zhang1@example.cn"]]  # not the cancelled one
    sent = mail.outbox[0]
    assert sent.subject == "活动信息变更：2025年度工作会议"
    assert f"{new_day:%Y-%m-%d}" in sent.body and "新会场" in sent.body


def test_the_changed_mail_gives_the_new_days_and_place(upcoming):
    upcoming.ends_on = upcoming.starts_on + datetime.timedelta(days=1)
    person = RegistrationFactory(event=upcoming, name="王五")
    subject, text = registration_mail.message(person, registration_mail.CHANGED, "/t/", None)
    assert subject == "活动信息变更：2025年度工作会议"
    assert f"{upcoming.starts_on:%Y-%m-%d} 至 {upcoming.ends_on:%Y-%m-%d}" in text
    assert "成都 工贸学院" in text and "/t/" in text


# --- 4. registration closes once the event has started ---------------------------------------


def test_an_event_moved_earlier_closes_its_registration_despite_a_later_closing_time(
    secretariat_user, upcoming
):
    settings = upcoming.registration
    registration.registration_settings_update(
        actor=secretariat_user, settings=settings, data={"closes_at": at_start_of(in_days(25))}
    )
    services.event_update(actor=secretariat_user, event=upcoming, data={"starts_on": in_days(-1)})
    settings.refresh_from_db()
    assert closes_at(settings) == at_start_of(in_days(-1))
    assert registration_state(settings) == State.CLOSED


def test_an_event_that_has_begun_is_closed_even_before_its_opening_time(upcoming):
    settings = upcoming.registration
    settings.opens_at = at_start_of(in_days(10))
    settings.event.starts_on = in_days(-1)
    assert registration_state(settings) == State.CLOSED


def test_a_closing_time_after_the_event_starts_is_refused(secretariat_user, upcoming):
    late = at_start_of(in_days(31))
    with pytest.raises(ValidationError) as refused:
        registration.registration_settings_set(
            actor=secretariat_user, event=upcoming, closes_at=late
        )
    assert "closes_at" in refused.value.message_dict
    with pytest.raises(ValidationError):
        registration.registration_settings_update(
            actor=secretariat_user, settings=upcoming.registration, data={"closes_at": late}
        )
    on_time = at_start_of(in_days(30))
    registration.registration_settings_set(
        actor=secretariat_user, event=upcoming, closes_at=on_time
    )


def test_a_late_closing_time_is_a_field_error_on_the_settings_page(
    client, secretariat_user, upcoming
):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("events:registration_settings", args=[upcoming.pk]),
        {"closes_at": f"{in_days(40):%Y-%m-%d}T18:00"},
    )
    assert response.status_code == 200
    assert "报名截止时间不能晚于活动开始" in response.content.decode()


# --- 5 and 6. the edit form: hidden co-holders, and a refused change of holders -------------


def test_the_edit_form_keeps_an_unpublished_co_holder_without_naming_it(
    client, secretariat_user, body
):
    hidden = BodyFactory(name="未公开主办集团", is_published=False)
    event = EventFactory(name="合办论坛", bodies=[body, hidden])
    client.force_login(secretariat_user)
    url = reverse("events:event_edit", args=[event.pk])
    page = client.get(url).content.decode()
    assert "未公开主办集团" not in page
    assert "另有 1 个主办方您无权查看" in page
    form = {
        "name": "合办论坛（改）",
        "kind": "conference",
        "bodies": [body.pk],
        "is_published": "on",
    }
    assert client.post(url, form).status_code == 302
    event.refresh_from_db()
    assert event.name == "合办论坛（改）"
    assert set(event.bodies.all()) == {body, hidden}


def test_removing_another_holder_in_the_edit_form_is_a_field_error_keeping_the_edits(
    client, secretariat_user, co_held, body, other_body
):
    client.force_login(secretariat_user)
    url = reverse("events:event_edit", args=[co_held.pk])
    form = {"name": "改过的名称", "kind": "conference", "bodies": [body.pk], "is_published": "on"}
    response = client.post(url, form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "不能移除其他职业教育集团" in page and 'value="改过的名称"' in page
    assert set(co_held.bodies.all()) == {body, other_body}


# --- 7. the delete page ---------------------------------------------------------------------


def test_the_event_page_links_its_delete_page_for_who_may_delete(
    client, secretariat_user, body, co_held
):
    own = EventFactory(name="本体活动", bodies=[body])
    client.force_login(secretariat_user)
    delete_url = reverse("events:event_delete", args=[own.pk])
    assert delete_url in client.get(reverse("events:event_detail", args=[own.pk])).content.decode()
    co_held_page = client.get(reverse("events:event_detail", args=[co_held.pk])).content.decode()
    assert reverse("events:event_delete", args=[co_held.pk]) not in co_held_page

    assert "确定要删除" in client.get(delete_url).content.decode()
    response = client.post(delete_url)
    assert response.status_code == 302 and response.url == reverse("events:event_list")
    assert not Event.objects.filter(pk=own.pk).exists()
    assert client.post(reverse("events:event_delete", args=[co_held.pk])).status_code == 403


def test_the_delete_page_of_an_event_with_registrations_says_how_many(
    client, secretariat_user, upcoming
):
    RegistrationFactory(event=upcoming)
    client.force_login(secretariat_user)
    response = client.post(reverse("events:event_delete", args=[upcoming.pk]), follow=True)
    assert "此活动有 1 条有效报名，不能删除" in response.content.decode()
    assert Event.objects.filter(pk=upcoming.pk).exists()


# --- 8. an end needs a start ------------------------------------------------------------------


def test_an_end_date_without_a_start_date_is_refused_on_the_start(secretariat_user, body):
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            actor=secretariat_user,
            name="无开始",
            bodies=[body],
            starts_on=None,
            ends_on=datetime.date(2024, 5, 2),
        )
    assert "starts_on" in refused.value.message_dict
