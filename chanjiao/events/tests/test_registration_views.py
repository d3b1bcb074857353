"""Registration pages: settings, the register form, the list and its actions, the ticket, the
check-in page, badges (PDF), the attendee list (.xlsx), erasure, and the event page's figures."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.events import services_registration as services
from chanjiao.events.models import Registration
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _register(actor, event, name, **fields):
    return services.registration_create(actor=actor, event=event, name=name, **fields)


def test_the_organisers_open_registration_from_the_event_page(secretariat_user, body):
    event = EventFactory(starts_on=in_days(20), bodies=[body])
    client = _as(secretariat_user)
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    settings_url = reverse("events:registration_settings", args=[event.pk])
    assert "开启报名" in page and settings_url in page
    form = client.get(settings_url).content.decode()
    # Drawn as every other field (it fell back to the bare, unstyled browser control).
    assert re.search(
        r'<input type="datetime-local" name="closes_at"[^>]* class="form-control', form
    )
    response = client.post(
        settings_url,
        {
            "capacity": "50",
            "unit_quota": "3",
            "asked_fields": ["title", "phone"],
            "closes_at": f"{in_days(10):%Y-%m-%d}T18:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.registration.capacity, event.registration.asked_fields) == (
        50,
        ["title", "phone"],
    )
    assert event.registration.closes_at.hour == 10  # 18:00 in Beijing is 10:00 UTC
    history = client.get(reverse("events:event_history", args=[event.pk])).content.decode()
    assert "职务、手机号码" in history and '"phone"' not in history  # the items, not their codes
    page = client.get(reverse("events:event_detail", args=[event.pk])).content.decode()
    # The window is labelled (it read "– 2027-01-03 18:00"), in the site's time.
    assert "报名截止时间" in page and f"{in_days(10):%Y-%m-%d} 18:00" in page
    assert "报名开始时间" not in page  # none set: open from now
    visitor = Client().get(reverse("events:event_detail", args=[event.pk])).content.decode()
    assert "由单位联系人登录后为本单位人员报名" in visitor
    bad = client.post(settings_url, {"capacity": "0"})
    assert bad.status_code == 200 and "cj-field-invalid" in bad.content.decode()


def test_a_units_contact_registers_its_people_and_sees_only_its_own(
    client, upcoming, contact_user, other_contact_user, member_org
):
    client.force_login(contact_user)
    page = client.get(reverse("events:event_detail", args=[upcoming.pk])).content.decode()
    register_url = reverse("events:register", args=[upcoming.pk])
    assert register_url in page and reverse("events:check_in", args=[upcoming.pk]) not in page
    form = client.get(register_url).content.decode()
    assert 'name="phone"' in form and 'name="organization"' not in form  # its one unit
    response = client.post(
        register_url, {"name": "王老师", "phone": "13800001111", "add_another": "1"}
    )
    assert response.headers["Location"] == register_url
    client.post(register_url, {"name": "李老师"})
    third = client.post(register_url, {"name": "赵老师"}, follow=True).content.decode()
    assert "已进入候补" in third
    assert set(Registration.objects.values_list("organization", flat=True)) == {member_org.pk}
    _register(other_contact_user, upcoming, "他单位老师", phone="13900002222")
    listing = client.get(reverse("events:registration_list", args=[upcoming.pk])).content.decode()
    assert "王老师" in listing and "13800001111" in listing and "第 1 位" in listing
    assert "他单位老师" not in listing and "13900002222" not in listing
    assert reverse("events:badges", args=[upcoming.pk]) not in listing
    again = client.post(register_url, {"name": "王老师", "phone": "13800001111"})
    assert "已报名此活动" in again.content.decode()


def test_registration_pages_refuse_who_may_not(client, upcoming, plain_user, supervisor_user):
    for user in (plain_user, supervisor_user):
        client.force_login(user)
        assert client.get(reverse("events:register", args=[upcoming.pk])).status_code == 403
        assert (
            client.get(reverse("events:registration_list", args=[upcoming.pk])).status_code == 403
        )
        assert client.get(reverse("events:check_in", args=[upcoming.pk])).status_code == 403


def test_cancelling_from_the_list_promotes_the_first_waiting(
    upcoming, contact_user, secretariat_user
):
    for name in ("甲", "乙", "丙"):
        _register(contact_user, upcoming, name)
    first = Registration.objects.get(name="甲")
    client = _as(contact_user)
    response = client.post(
        reverse("events:registration_cancel", args=[upcoming.pk, first.pk]), follow=True
    )
    assert "已取消 甲 的报名" in response.content.decode()
    assert Registration.objects.get(name="丙").status == "confirmed"
    assert (
        client.get(reverse("events:registration_cancel", args=[upcoming.pk, first.pk])).status_code
        == 405
    )


def test_approving_and_declining_from_the_list(upcoming, contact_user, secretariat_user):
    services.registration_settings_update(
        actor=secretariat_user, settings=upcoming.registration, data={"needs_approval": True}
    )
    yes, no = (
        _register(contact_user, upcoming, "通过者"),
        _register(contact_user, upcoming, "不通过者"),
    )
    client = _as(secretariat_user)
    listing = client.get(reverse("events:registration_list", args=[upcoming.pk])).content.decode()
    assert (
        "待审核" in listing
        and reverse("events:registration_approve", args=[upcoming.pk, yes.pk]) in listing
    )
    client.post(reverse("events:registration_approve", args=[upcoming.pk, yes.pk]))
    client.post(reverse("events:registration_decline", args=[upcoming.pk, no.pk]))
    assert dict(Registration.objects.values_list("name", "status")) == {
        "通过者": "confirmed",
        "不通过者": "declined",
    }
    refused = _as(contact_user).post(
        reverse("events:registration_approve", args=[upcoming.pk, yes.pk]), follow=True
    )
    assert "只有主办产教融合体的秘书处" in refused.content.decode()


def test_the_ticket_page_shows_the_qr_code_of_a_confirmed_registration_only(
    client, upcoming, secretariat_user
):
    for name in ("甲", "乙", "丙"):
        _register(secretariat_user, upcoming, name)
    confirmed, waiting = Registration.objects.get(name="甲"), Registration.objects.get(name="丙")
    page = client.get(reverse("events:ticket", args=[confirmed.ticket_code])).content.decode()
    assert "<svg" in page and confirmed.ticket_code in page and upcoming.name in page
    assert 'name="robots" content="noindex' in page
    waiting_page = client.get(reverse("events:ticket", args=[waiting.ticket_code])).content.decode()
    assert "<svg" not in waiting_page and "候补" in waiting_page
    assert client.get(reverse("events:ticket", args=["NOSUCHCODE"])).status_code == 404


def test_the_check_in_page_takes_a_typed_code_once(upcoming, contact_user, secretariat_user):
    registration = _register(contact_user, upcoming, "签到者")
    client = _as(secretariat_user)
    url = reverse("events:check_in", args=[upcoming.pk])
    page = client.get(url).content.decode()
    assert "events/vendor/jsqr/jsQR.js" in page and 'name="code"' in page
    typed = "-".join(registration.ticket_code.lower()[i : i + 4] for i in range(0, 26, 4))
    done = client.post(url, {"code": typed}, headers={"HX-Request": "true"}).content.decode()
    assert "签到成功" in done and "签到者" in done and "已签到 1 / 1 人" in done
    again = client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "不重复计数" in again and "已签到 1 / 1 人" in again
    unknown = client.post(url, {"code": "NOSUCHCODE"}).content.decode()
    assert "没有这个票号" in unknown
    event_page = client.get(reverse("events:event_detail", args=[upcoming.pk])).content.decode()
    assert "签到 1 人" in event_page


def test_a_ticket_of_another_event_is_not_checked_in_here(upcoming, body, secretariat_user):
    from chanjiao.events.tests.factories import RegistrationSettingsFactory

    other = EventFactory(starts_on=in_days(5), bodies=[body])
    RegistrationSettingsFactory(event=other)
    stranger = _register(secretariat_user, other, "别的活动")
    client = _as(secretariat_user)
    answer = client.post(
        reverse("events:check_in", args=[upcoming.pk]), {"code": stranger.ticket_code}
    )
    assert "这张票不属于本活动" in answer.content.decode()
    assert Registration.objects.get(pk=stranger.pk).checked_in_at is None


def test_badges_print_as_a_pdf_and_the_attendee_list_exports_safely(
    upcoming, contact_user, secretariat_user
):
    _register(contact_user, upcoming, '=HYPERLINK("http://evil.example","点我")', title="@SUM(1)")
    _register(contact_user, upcoming, "张三", phone="13800001111", needs="素食")
    client = _as(secretariat_user)
    pdf = client.get(reverse("events:badges", args=[upcoming.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]
    export = client.get(reverse("events:attendee_export", args=[upcoming.pk]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == ["序号", "姓名", "单位", "职务"] and "签到时间" in rows[0]
    assert rows[2][1] == "张三" and "13800001111" in rows[2] and "素食" in rows[2]
    evil = sheet.cell(row=2, column=2)
    assert evil.data_type == "s" and evil.quotePrefix  # text, never a live formula
    assert sheet.cell(row=2, column=4).data_type == "s"
    for name in ("events:badges", "events:attendee_export", "events:check_in"):
        assert _as(contact_user).get(reverse(name, args=[upcoming.pk])).status_code == 403


def test_the_organisers_erase_personal_data_after_the_event(
    upcoming, contact_user, secretariat_user
):
    registration = _register(contact_user, upcoming, "李雷", phone="13800001111")
    services.registration_check_in(actor=secretariat_user, registration=registration)
    client = _as(secretariat_user)
    url = reverse("events:registration_erase", args=[upcoming.pk])
    assert "活动结束后才能删除" in client.get(url).content.decode()
    client.post(url)
    assert Registration.objects.get(pk=registration.pk).name == "李雷"
    upcoming.starts_on = in_days(-1)
    upcoming.save()
    listing = client.get(reverse("events:registration_list", args=[upcoming.pk])).content.decode()
    assert url in listing
    done = client.post(url, follow=True).content.decode()
    assert "已删除 1 条报名中的个人信息" in done and "13800001111" not in done
    history = client.get(reverse("events:event_history", args=[upcoming.pk])).content.decode()
    assert "李雷" not in history and "13800001111" not in history
    page = client.get(reverse("events:event_detail", args=[upcoming.pk])).content.decode()
    assert "签到 1 人" in page


def test_the_event_page_keeps_the_recorded_attendance_of_an_event_without_registration(
    client, body
):
    past = EventFactory(attendance=150, attendance_approx=True, bodies=[body])
    page = client.get(reverse("events:event_detail", args=[past.pk])).content.decode()
    assert "150 余人" in page and "签到" not in page


def test_the_events_history_hides_registrants_from_readers_without_the_right(
    upcoming, contact_user, plain_user, secretariat_user
):
    _register(contact_user, upcoming, "隐私人", phone="13800001111")
    for reader in (plain_user,):
        page = _as(reader).get(reverse("events:event_history", args=[upcoming.pk])).content.decode()
        assert "隐私人" not in page and "13800001111" not in page
    own = _as(secretariat_user).get(reverse("events:event_history", args=[upcoming.pk]))
    assert "隐私人" in own.content.decode()
