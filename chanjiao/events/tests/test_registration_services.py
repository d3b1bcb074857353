"""Registration services: places, the waitlist, quotas, approval, check-in, erasure and mail."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from chanjiao.core.changelog import history_for
from chanjiao.core.exceptions import Conflict
from chanjiao.core.models import ObjectChange
from chanjiao.events import services_registration as services
from chanjiao.events.models import Registration
from chanjiao.events.selectors_registration import (
    attendance_of,
    registration_counts,
    registration_list,
    waitlist_positions,
)
from chanjiao.events.tests.conftest import in_days
from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory
from chanjiao.registry.tests.factories import (
    BodyFactory,
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

S = Registration.Status


@pytest.fixture(autouse=True)
def _mail_at_once(settings):
    """These tests read the mails that writes queue: the queue runs each task at once (the job
    worker's part is proven in :mod:`.test_registration_mail`)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }


def register(actor, event, name, **fields):
    return services.registration_create(actor=actor, event=event, name=name, **fields)


def statuses(event) -> dict[str, str]:
    return dict(Registration.objects.filter(event=event).values_list("name", "status"))


def test_a_full_event_waitlists_then_promotes_first_come_first_served_and_says_so_by_mail(
    upcoming, contact_user, django_capture_on_commit_callbacks
):
    contact_user.email = "contact@school.example.cn"
    contact_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        for i, name in enumerate(("张一", "张二", "张三", "张四"), start=1):
            register(contact_user, upcoming, name, email=f"zhang{i}@example.cn")
    assert statuses(upcoming) == {
        "张一": S.CONFIRMED,
        "张二": S.CONFIRMED,
        "张三": S.WAITLISTED,
        "张四": S.WAITLISTED,
    }
    assert list(waitlist_positions(upcoming).values()) == [1, 2]
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count("报名成功：2025年度工作会议") == 2
    assert subjects.count("已进入候补：2025年度工作会议") == 2
    first = mail.outbox[0]
    assert first.to == ["zhang1@example.cn", "contact@school.example.cn"]
    code = Registration.objects.get(name="张一").ticket_code
    assert f"/events/tickets/{code}/" in first.body
    assert "候补第 2 位" in mail.outbox[3].body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(
            actor=contact_user, registration=Registration.objects.get(name="张二")
        )
    assert statuses(upcoming)["张三"] == S.CONFIRMED  # the first in the queue
    assert statuses(upcoming)["张四"] == S.WAITLISTED
    promoted = next(m for m in mail.outbox if m.subject.startswith("候补转为确认"))
    assert promoted.to[0] == "zhang3@example.cn"
    assert Registration.objects.get(name="张三").ticket_code in promoted.body
    assert registration_counts(upcoming).confirmed == 2


def test_cancelling_a_waitlisted_registration_promotes_nobody(upcoming, secretariat_user):
    for name in ("甲", "乙", "丙", "丁"):
        register(secretariat_user, upcoming, name)
    services.registration_cancel(
        actor=secretariat_user, registration=Registration.objects.get(name="丙")
    )
    assert statuses(upcoming) == {"甲": S.CONFIRMED, "乙": S.CONFIRMED, "丙": S.CANCELLED,
                                  "丁": S.WAITLISTED}  # fmt: skip
    # cancelling twice changes nothing and logs nothing
    before = ObjectChange.objects.count()
    services.registration_cancel(
        actor=secretariat_user, registration=Registration.objects.get(name="丙")
    )
    assert ObjectChange.objects.count() == before


def test_a_larger_capacity_promotes_the_waitlist(upcoming, secretariat_user):
    for name in ("甲", "乙", "丙", "丁", "戊"):
        register(secretariat_user, upcoming, name)
    services.registration_settings_update(
        actor=secretariat_user, settings=upcoming.registration, data={"capacity": 4}
    )
    assert statuses(upcoming) == {"甲": S.CONFIRMED, "乙": S.CONFIRMED, "丙": S.CONFIRMED,
                                  "丁": S.CONFIRMED, "戊": S.WAITLISTED}  # fmt: skip
    # one below the people confirmed is refused, saying how many (before, it was taken
    # silently and the list read "4 accepted, 1 place, 0 left")
    with pytest.raises(ValidationError) as refused:
        services.registration_settings_update(
            actor=secretariat_user, settings=upcoming.registration, data={"capacity": 3}
        )
    assert "4" in str(refused.value.message_dict["capacity"])
    upcoming.registration.refresh_from_db()
    assert upcoming.registration.capacity == 4 and registration_counts(upcoming).confirmed == 4


def test_a_units_quota_counts_every_active_registration_of_the_unit(
    upcoming, contact_user, secretariat_user, member_org
):
    services.registration_settings_update(
        actor=secretariat_user, settings=upcoming.registration, data={"unit_quota": 2}
    )
    for name in ("甲", "乙"):
        register(contact_user, upcoming, name)
    with pytest.raises(Conflict, match="每单位限报 2 人"):
        register(contact_user, upcoming, "丙")
    with pytest.raises(Conflict, match="每单位限报 2 人"):  # the organisers too
        register(secretariat_user, upcoming, "丁", organization=member_org)
    register(secretariat_user, upcoming, "戊")  # a guest of no unit
    services.registration_cancel(
        actor=contact_user, registration=Registration.objects.get(name="甲")
    )
    register(contact_user, upcoming, "丙")  # a cancelled one frees the quota


def test_registration_is_open_only_in_its_window_except_for_the_organisers(
    upcoming, contact_user, secretariat_user
):
    settings = upcoming.registration
    now = timezone.now()
    services.registration_settings_update(
        actor=secretariat_user,
        settings=settings,
        data={"opens_at": now + datetime.timedelta(days=1)},
    )
    with pytest.raises(Conflict, match="报名尚未开始"):
        register(contact_user, upcoming, "早到")
    services.registration_settings_update(
        actor=secretariat_user,
        settings=settings,
        data={
            "opens_at": now - datetime.timedelta(days=2),
            "closes_at": now - datetime.timedelta(days=1),
        },
    )
    with pytest.raises(Conflict, match="报名已截止"):
        register(contact_user, upcoming, "迟到")
    late = register(secretariat_user, upcoming, "现场补录")
    assert late.status == S.CONFIRMED


def test_without_a_closing_time_registration_closes_when_the_event_begins(
    body, member_org, contact_user
):
    from chanjiao.registry.tests.factories import MembershipFactory

    MembershipFactory(body=body, organization=member_org)
    today = EventFactory(starts_on=timezone.localdate(), bodies=[body])
    RegistrationSettingsFactory(event=today)
    with pytest.raises(Conflict, match="报名已截止"):
        register(contact_user, today, "当天")


def test_an_event_without_registration_settings_takes_no_registration(body, secretariat_user):
    event = EventFactory(starts_on=in_days(10), bodies=[body])
    with pytest.raises(Conflict, match="未开放报名"):
        register(secretariat_user, event, "某人")


def test_a_units_contact_registers_only_its_own_people(
    upcoming, contact_user, other_contact_user, plain_user, member_org
):
    mine = register(contact_user, upcoming, "本单位")
    assert mine.organization == member_org and mine.registered_by == contact_user
    with pytest.raises(PermissionDenied, match="本单位"):
        register(other_contact_user, upcoming, "冒名", organization=member_org)
    with pytest.raises(PermissionDenied):
        register(plain_user, upcoming, "无角色")
    # a contact of two units says which
    second = OrganizationFactory(name="第二单位")
    OrganizationContactFactory(user=contact_user, organization=second)
    contact_user._cj_contact_org_ids = frozenset({member_org.pk, second.pk})
    with pytest.raises(ValidationError) as error:
        register(contact_user, upcoming, "两单位")
    assert "organization" in error.value.message_dict
    assert register(contact_user, upcoming, "两单位", organization=second).organization == second


def test_an_unpublished_bodys_event_takes_no_registration_from_outside_units(
    contact_user, member_org
):
    hidden = BodyFactory(is_published=False)
    event = EventFactory(starts_on=in_days(10), bodies=[hidden])
    RegistrationSettingsFactory(event=event)
    with pytest.raises(PermissionDenied):
        register(contact_user, event, "看不见")


def test_only_the_fields_the_event_asks_for_are_collected(upcoming, contact_user, secretariat_user):
    services.registration_settings_update(
        actor=secretariat_user, settings=upcoming.registration, data={"asked_fields": ["phone"]}
    )
    with pytest.raises(ValidationError) as error:
        register(contact_user, upcoming, "多填", email="x@example.cn", needs="清真")
    assert set(error.value.message_dict) == {"email", "needs"}
    with pytest.raises(ValidationError) as error:
        register(contact_user, upcoming, "错号", phone="电话号码")
    assert "phone" in error.value.message_dict
    assert register(contact_user, upcoming, "正好", phone="138 0000 1111").phone == "13800001111"
    with pytest.raises(ValidationError):
        services.registration_settings_update(
            actor=secretariat_user,
            settings=upcoming.registration,
            data={"asked_fields": ["id_card"]},
        )


def test_the_same_person_twice_is_refused(upcoming, contact_user):
    register(contact_user, upcoming, "王五", phone="13800001111")
    with pytest.raises(Conflict, match="已报名"):
        register(contact_user, upcoming, " 王五 ", phone="13800001111")
    register(contact_user, upcoming, "王五", phone="13900002222")  # a namesake


def test_one_phone_however_it_is_written_is_one_person(upcoming, contact_user):
    """A mobile number was stored as typed: 138 0000 1111, +86 138-0000-1111 and full-width
    digits were three phones, so the same person registered again was not seen."""
    first = register(contact_user, upcoming, "赵六", phone="138 0000 1111")
    assert first.phone == "13800001111"
    for typed in ("+86 138-0000-1111", "１３８００００１１１１"):
        with pytest.raises(Conflict, match="已报名"):
            register(contact_user, upcoming, "赵六", phone=typed)


@pytest.mark.parametrize("typed", ["abc", "138 0000 111a", "12"])
def test_a_phone_that_is_not_a_number_is_refused_naming_the_field(upcoming, contact_user, typed):
    with pytest.raises(ValidationError, match="手机号码") as err:
        register(contact_user, upcoming, "钱七", phone=typed)
    assert "phone" in err.value.message_dict
    assert not Registration.objects.filter(name="钱七").exists()


def test_with_approval_a_units_registration_waits_then_gets_a_place_or_the_waitlist(
    upcoming, contact_user, secretariat_user
):
    services.registration_settings_update(
        actor=secretariat_user, settings=upcoming.registration, data={"needs_approval": True}
    )
    pending = [register(contact_user, upcoming, n) for n in ("甲", "乙", "丙", "丁")]
    assert {r.status for r in pending} == {S.PENDING}
    assert register(secretariat_user, upcoming, "主办方嘉宾").status == S.CONFIRMED
    first = services.registration_approve(actor=secretariat_user, registration=pending[0])
    second = services.registration_approve(actor=secretariat_user, registration=pending[1])
    assert (first.status, second.status) == (S.CONFIRMED, S.WAITLISTED)
    declined = services.registration_decline(actor=secretariat_user, registration=pending[2])
    assert declined.status == S.DECLINED
    with pytest.raises(Conflict, match="待审核"):
        services.registration_approve(actor=secretariat_user, registration=pending[2])
    with pytest.raises(PermissionDenied):
        services.registration_approve(actor=contact_user, registration=pending[3])


def test_check_in_records_the_time_and_who_and_a_second_one_counts_nothing(
    upcoming, contact_user, secretariat_user
):
    registration = register(contact_user, upcoming, "签到人")
    checked = services.registration_check_in(actor=secretariat_user, registration=registration)
    assert checked.checked_in_at is not None and checked.checked_in_by == secretariat_user
    with pytest.raises(services.AlreadyCheckedIn, match="已于 .* 签到，不重复计数"):
        services.registration_check_in(actor=secretariat_user, registration=registration)
    assert registration_counts(upcoming).checked_in == 1
    assert attendance_of(upcoming) == 1
    with pytest.raises(PermissionDenied):
        services.registration_check_in(actor=contact_user, registration=registration)
    with pytest.raises(Conflict, match="已签到，不能取消"):
        services.registration_cancel(actor=contact_user, registration=registration)


def test_a_waitlisted_or_cancelled_ticket_cannot_be_checked_in(upcoming, secretariat_user):
    for name in ("甲", "乙", "丙"):
        register(secretariat_user, upcoming, name)
    waiting = Registration.objects.get(name="丙")
    with pytest.raises(Conflict, match="候补"):
        services.registration_check_in(actor=secretariat_user, registration=waiting)


def test_a_unit_contact_lists_and_cancels_only_its_own_units_registrations(
    upcoming, contact_user, other_contact_user, secretariat_user, supervisor_user
):
    mine = register(contact_user, upcoming, "本单位人员", phone="13800001111")
    theirs = register(other_contact_user, upcoming, "他单位人员")
    assert list(registration_list(actor=contact_user, event=upcoming)) == [mine]
    assert list(registration_list(actor=other_contact_user, event=upcoming)) == [theirs]
    assert set(registration_list(actor=secretariat_user, event=upcoming)) == {mine, theirs}
    assert list(registration_list(actor=supervisor_user, event=upcoming)) == []
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=other_contact_user, registration=mine)


def test_every_write_is_in_the_events_history(upcoming, contact_user, secretariat_user):
    registration = register(contact_user, upcoming, "记录人")
    services.registration_check_in(actor=secretariat_user, registration=registration)
    actions = [c.action for c in history_for(upcoming).filter(object_id=registration.pk)]
    assert sorted(actions) == ["create", "update"]


def test_after_the_event_the_organisers_erase_personal_data_and_the_counts_stay(
    upcoming, contact_user, secretariat_user
):
    kept = register(contact_user, upcoming, "李雷", title="教务处长", phone="13800001111",
                    email="lilei@example.cn", needs="素食")  # fmt: skip
    register(contact_user, upcoming, "韩梅梅", phone="13900002222")
    services.registration_check_in(actor=secretariat_user, registration=kept)
    with pytest.raises(ValidationError, match="活动结束后"):
        services.registration_personal_data_erase(actor=secretariat_user, event=upcoming)
    upcoming.starts_on = upcoming.ends_on = in_days(-2)
    upcoming.save()
    with pytest.raises(PermissionDenied):
        services.registration_personal_data_erase(actor=contact_user, event=upcoming)
    assert services.registration_personal_data_erase(actor=secretariat_user, event=upcoming) == 2

    erased = Registration.objects.get(pk=kept.pk)
    assert (erased.name, erased.title, erased.phone, erased.email, erased.needs) == (
        "已删除", "", "", "", "",
    )  # fmt: skip
    assert erased.status == S.CONFIRMED and erased.checked_in_at is not None
    assert registration_counts(upcoming).checked_in == 1
    assert attendance_of(upcoming) == 1
    # nothing erased survives in the change log …
    log = str(list(ObjectChange.objects.values_list("before", "after", "object_repr")))
    for secret in ("李雷", "13800001111", "lilei@example.cn", "素食", "韩梅梅", "教务处长"):
        assert secret not in log
    # … which records the erasure itself
    erasure = ObjectChange.objects.filter(object_id=upcoming.registration.pk).latest("id")
    assert erasure.after["personal_data_erased_at"] and erasure.actor == secretariat_user
    with pytest.raises(Conflict):
        services.registration_personal_data_erase(actor=secretariat_user, event=upcoming)
    with pytest.raises(Conflict, match="个人信息已删除"):
        register(secretariat_user, upcoming, "再报")


def test_the_organisers_are_the_secretariat_of_a_holding_body(upcoming, other_secretariat_user):
    with pytest.raises(PermissionDenied):
        services.registration_settings_update(
            actor=other_secretariat_user, settings=upcoming.registration, data={"capacity": 9}
        )
    with pytest.raises(PermissionDenied):
        services.registration_settings_set(actor=other_secretariat_user, event=upcoming)


def test_a_mail_server_down_does_not_undo_a_registration(
    upcoming, contact_user, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "chanjiao.events.tests.test_registration_services.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(contact_user, upcoming, "邮件失败", email="x@example.cn")
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert "mail was not sent" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")

    def open(self):
        pass

    def close(self):
        pass


def test_a_person_without_an_address_gets_no_mail_but_the_contact_does(
    upcoming, contact_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(contact_user, upcoming, "无邮箱")
    assert mail.outbox == []  # neither has an address
    other = UserFactory(username="u2", email="u2@example.cn")
    OrganizationContactFactory(user=other, organization=OrganizationFactory())
    with django_capture_on_commit_callbacks(execute=True):
        register(other, upcoming, "有经办人")
    assert [m.to for m in mail.outbox] == [["u2@example.cn"]]
