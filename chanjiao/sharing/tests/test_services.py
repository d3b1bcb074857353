"""The booking rules (预约规则) and every write of sharing, through the services."""

from __future__ import annotations

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from chanjiao.core.exceptions import Conflict
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationContactFactory,
    OrganizationFactory,
)
from chanjiao.sharing import services
from chanjiao.sharing.models import Booking, Resource
from chanjiao.sharing.tests.factories import BookingFactory, ResourceFactory, at


def request(user, resource, start, end, **kwargs):
    kwargs.setdefault("purpose", "数控加工实训")
    return services.booking_request(
        actor=user, resource=resource, starts_at=start, ends_at=end, **kwargs
    )


# --- requesting -----------------------------------------------------------------------------


def test_a_member_books_a_training_base_and_it_waits_for_the_owner(member, contact_user, base):
    booking = request(contact_user, base, at(2, 9), at(2, 11))
    assert booking.status == "pending" and booking.organization == member
    assert booking.requested_by == contact_user and booking.exclusive
    change = ObjectChange.objects.get(object_id=booking.pk, content_type__model="booking")
    assert change.action == "create" and change.actor == contact_user
    assert change.after["status"] == "pending" and "exclusive" not in change.after


def test_without_approval_a_booking_is_confirmed_at_once(member, contact_user, hall):
    booking = request(contact_user, hall, at(2, 9), at(2, 11), quantity=30)
    assert booking.status == "confirmed" and booking.decided_at is not None
    assert booking.decided_by is None  # confirmed by the rule, not by a person


def test_an_overlapping_request_is_refused_naming_the_clash(
    member, contact_user, second_member, base
):
    first = request(contact_user, base, at(2, 9), at(2, 11))
    _org, second = second_member
    with pytest.raises(Conflict, match="时间冲突") as refused:
        request(second, base, at(2, 10), at(2, 12))
    message = str(refused.value)
    assert f"#{first.pk}" in message and "09:00–11:00" in message and "待确认" in message
    assert base.bookings.count() == 1


def test_back_to_back_bookings_do_not_clash(member, contact_user, second_member, base):
    request(contact_user, base, at(2, 9), at(2, 11))
    _org, second = second_member
    after = request(second, base, at(2, 11), at(2, 13))
    before = request(second, base, at(2, 8), at(2, 9))
    assert {after.status, before.status} == {"pending"}


def test_declined_and_cancelled_bookings_free_their_slot(
    member, contact_user, owner_user, second_member, base
):
    _org, second = second_member
    first = request(contact_user, base, at(2, 9), at(2, 11))
    services.booking_decline(actor=owner_user, booking=first, reason="设备检修")
    again = request(second, base, at(2, 9), at(2, 11))
    services.booking_cancel(actor=second, booking=again, reason="计划有变")
    third = request(contact_user, base, at(2, 9), at(2, 11))
    assert Booking.objects.get(pk=first.pk).reason == "设备检修"
    assert third.status == "pending"


def test_counted_places_are_summed_over_overlapping_bookings(
    member, contact_user, second_member, hall
):
    _org, second = second_member
    request(contact_user, hall, at(2, 9), at(2, 12), quantity=25)
    request(second, hall, at(2, 10), at(2, 11), quantity=15)  # 40 of 40 at 10:00
    with pytest.raises(Conflict, match="已满") as refused:
        request(second, hall, at(2, 10, 30), at(2, 13), quantity=1)
    assert "剩余 0 个" in str(refused.value)
    # After 12:00 only the second booking's hour is over: 40 free again from 12:00.
    assert request(second, hall, at(2, 12), at(2, 13), quantity=40).status == "confirmed"


def test_bookings_that_do_not_meet_each_other_are_not_added_up(member, contact_user, hall):
    request(contact_user, hall, at(2, 9), at(2, 10), quantity=30)
    request(contact_user, hall, at(2, 11), at(2, 12), quantity=30)
    # 09:00–12:00 meets both, but never more than 30 at once: 10 still fit.
    assert request(contact_user, hall, at(2, 9), at(2, 12), quantity=10).quantity == 10


def test_a_quantity_beyond_the_capacity_is_bad_input_not_a_conflict(member, contact_user, hall):
    with pytest.raises(ValidationError, match="不能超过名额"):
        request(contact_user, hall, at(2, 9), at(2, 10), quantity=41)


def test_an_exclusive_resource_takes_one_place_per_booking(member, contact_user, base):
    with pytest.raises(ValidationError, match="数量为 1"):
        request(contact_user, base, at(2, 9), at(2, 10), quantity=2)


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [
        ((2, 7), (2, 9), "不在开放时间内"),
        ((2, 17), (2, 19), "不在开放时间内"),
        ((2, 17), (3, 9), "同一天"),
        ((2, 11), (2, 10), "晚于开始时间"),
        ((-1, 9), (-1, 10), "过去"),
    ],
)
def test_requests_outside_the_rules_are_refused(member, contact_user, base, start, end, match):
    with pytest.raises(ValidationError, match=match):
        request(contact_user, base, at(*start), at(*end))
    assert not base.bookings.exists()


def test_a_closed_date_or_a_closed_weekday_cannot_be_booked(member, contact_user, base, owner_user):
    day = at(3, 9).date()
    services.resource_update(
        actor=owner_user,
        resource=base,
        data={
            "closed_dates": [day.isoformat()],
            "opening_hours": [
                {"weekday": d, "opens": "08:00", "closes": "12:00"}
                for d in range(1, 8)
                if d != at(4, 9).isoweekday()
            ],
        },
    )
    with pytest.raises(ValidationError, match="闭馆"):
        request(contact_user, base, at(3, 9), at(3, 10))
    with pytest.raises(ValidationError, match="不开放"):
        request(contact_user, base, at(4, 9), at(4, 10))
    assert request(contact_user, base, at(5, 9), at(5, 12)).status == "pending"


def test_without_opening_hours_any_time_may_be_booked_for_days(member, contact_user, base):
    base.opening_hours = []
    base.save()
    booking = request(contact_user, base, at(2, 20), at(30, 8))
    assert booking.status == "pending"


def test_a_time_without_a_zone_is_local_time(member, contact_user, base):
    start = at(2, 9).replace(tzinfo=None)
    booking = request(contact_user, base, start, start + datetime.timedelta(hours=1))
    assert timezone.localtime(booking.starts_at).hour == 9


def test_a_paused_resource_takes_no_bookings(member, contact_user, base):
    base.is_active = False
    base.save()
    with pytest.raises(ValidationError, match="暂停预约"):
        request(contact_user, base, at(2, 9), at(2, 10))


# --- who may book ----------------------------------------------------------------------------


def test_a_unit_outside_the_body_may_not_book_its_members_resource(base, other_contact_user):
    with pytest.raises(PermissionDenied):
        request(other_contact_user, base, at(2, 9), at(2, 10))


def test_the_bodies_of_the_owner_may_book_when_the_resource_says_so(
    base, enterprise, other_body, other_contact_user
):
    other_unit = other_contact_user.organization_contacts.get().organization
    MembershipFactory(body=other_body, organization=other_unit)
    with pytest.raises(PermissionDenied):
        request(other_contact_user, base, at(2, 9), at(2, 10))
    MembershipFactory(body=other_body, organization=enterprise)  # the owner is in both bodies
    base.audience = Resource.Audience.OWNER_BODIES
    base.save()
    assert request(other_contact_user, base, at(2, 9), at(2, 10)).organization == other_unit


def test_any_signed_in_user_books_a_public_resource_for_themselves(base, plain_user):
    base.audience = Resource.Audience.PUBLIC
    base.save()
    booking = request(plain_user, base, at(2, 9), at(2, 10))
    assert booking.organization is None and booking.requested_by == plain_user


def test_a_contact_of_several_units_says_which_one(body, base, contact_user, member):
    other = OrganizationFactory(name="成都第三职业学校")
    MembershipFactory(body=body, organization=other)
    OrganizationContactFactory(user=contact_user, organization=other)
    with pytest.raises(ValidationError) as refused:
        request(contact_user, base, at(2, 9), at(2, 10))
    assert "organization" in refused.value.message_dict
    assert (
        request(contact_user, base, at(2, 9), at(2, 10), organization=other).organization == other
    )
    with pytest.raises(PermissionDenied):
        request(contact_user, base, at(3, 9), at(3, 10), organization=OrganizationFactory())


def test_a_secretariat_without_a_unit_may_not_book(base, secretariat_user):
    with pytest.raises(PermissionDenied):
        request(secretariat_user, base, at(2, 9), at(2, 10))


# --- deciding --------------------------------------------------------------------------------


def test_the_owner_or_the_secretariat_decides_not_the_requester(
    member, contact_user, owner_user, secretariat_user, base
):
    booking = request(contact_user, base, at(2, 9), at(2, 11))
    with pytest.raises(PermissionDenied):
        services.booking_confirm(actor=contact_user, booking=booking)
    confirmed = services.booking_confirm(actor=owner_user, booking=booking)
    assert confirmed.status == "confirmed" and confirmed.decided_by == owner_user
    with pytest.raises(ValidationError, match="已确认"):
        services.booking_decline(actor=secretariat_user, booking=confirmed)
    cancelled = services.booking_cancel(actor=secretariat_user, booking=confirmed, reason="停电")
    assert cancelled.status == "cancelled"
    actions = list(
        ObjectChange.objects.filter(object_id=booking.pk, content_type__model="booking")
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert actions == [("create", "contact"), ("update", "owner"), ("update", "secretariat")]


def test_use_and_no_show_are_recorded_once_the_booking_has_begun(member, owner_user, base):
    booking = request(owner_user, base, at(2, 9), at(2, 11))  # the owner books its own base
    services.booking_confirm(actor=owner_user, booking=booking)
    with pytest.raises(ValidationError, match="开始之后"):
        services.booking_mark_used(actor=owner_user, booking=booking)
    past = BookingFactory(resource=base, organization=member, starts_at=at(-1, 9))
    assert services.booking_mark_no_show(actor=owner_user, booking=past).status == "no_show"
    with pytest.raises(ValidationError):
        services.booking_mark_used(actor=owner_user, booking=past)


def test_a_booking_that_has_ended_cannot_be_cancelled(member, contact_user, base):
    past = BookingFactory(resource=base, organization=member, starts_at=at(-1, 9))
    with pytest.raises(ValidationError, match="已经结束"):
        services.booking_cancel(actor=contact_user, booking=past)


def test_another_unit_cannot_cancel_a_booking(member, contact_user, second_member, base):
    booking = request(contact_user, base, at(2, 9), at(2, 11))
    with pytest.raises(PermissionDenied):
        services.booking_cancel(actor=second_member[1], booking=booking)


# --- resources -------------------------------------------------------------------------------


def test_the_owner_offers_a_resource_in_a_body_it_belongs_to(body, enterprise, owner_user):
    resource = services.resource_create(
        actor=owner_user,
        name="五轴加工中心",
        kind="equipment",
        owner=enterprise,
        body=body,
        capacity_mode="exclusive",
        capacity=7,  # an exclusive resource holds one booking: stored as 1
        opening_hours=[{"weekday": 3, "opens": datetime.time(14, 0), "closes": "17:30"}],
        closed_dates=["2030-10-02", datetime.date(2030, 10, 1)],
    )
    assert resource.capacity == 1
    assert resource.opening_hours == [{"weekday": 3, "opens": "14:00", "closes": "17:30"}]
    assert resource.closed_dates == ["2030-10-01", "2030-10-02"]
    change = ObjectChange.objects.get(object_id=resource.pk, content_type__model="resource")
    assert change.related_object_id == body.pk and "feed_token" not in change.after
    elsewhere = BodyFactory()
    with pytest.raises(ValidationError, match="不是"):
        services.resource_create(
            actor=owner_user, name="x", kind="equipment", owner=enterprise, body=elsewhere
        )


@pytest.mark.parametrize(
    "hours",
    [
        [{"weekday": 8, "opens": "08:00", "closes": "09:00"}],
        [{"weekday": 1, "opens": "10:00", "closes": "09:00"}],
        [
            {"weekday": 1, "opens": "08:00", "closes": "12:00"},
            {"weekday": 1, "opens": "11:00", "closes": "13:00"},
        ],
        [{"weekday": 1, "opens": "eight", "closes": "09:00"}],
    ],
)
def test_opening_hours_that_make_no_sense_are_refused(base, owner_user, hours):
    with pytest.raises(ValidationError) as refused:
        services.resource_update(actor=owner_user, resource=base, data={"opening_hours": hours})
    assert "opening_hours" in refused.value.message_dict


def test_another_unit_or_body_may_not_offer_or_edit(
    body, enterprise, base, contact_user, member, other_secretariat_user, secretariat_user
):
    with pytest.raises(PermissionDenied):
        services.resource_create(
            actor=contact_user, name="x", kind="equipment", owner=enterprise, body=body
        )
    with pytest.raises(PermissionDenied):
        services.resource_update(actor=other_secretariat_user, resource=base, data={"name": "改名"})
    renamed = services.resource_update(actor=secretariat_user, resource=base, data={"name": "改名"})
    assert renamed.name == "改名"


def test_the_capacity_cannot_drop_below_what_is_booked(member, contact_user, owner_user, hall):
    request(contact_user, hall, at(2, 9), at(2, 11), quantity=30)
    with pytest.raises(ValidationError, match="超过新的名额"):
        services.resource_update(actor=owner_user, resource=hall, data={"capacity": 20})
    with pytest.raises(ValidationError):
        services.resource_update(
            actor=owner_user, resource=hall, data={"capacity_mode": "exclusive"}
        )
    services.resource_update(actor=owner_user, resource=hall, data={"capacity": 30})
    assert Resource.objects.get(pk=hall.pk).capacity == 30


def test_a_resource_turned_exclusive_marks_its_bookings_exclusive(
    member, contact_user, owner_user, hall
):
    booking = request(contact_user, hall, at(2, 9), at(2, 11), quantity=1)
    assert not Booking.objects.get(pk=booking.pk).exclusive
    services.resource_update(actor=owner_user, resource=hall, data={"capacity_mode": "exclusive"})
    assert Booking.objects.get(pk=booking.pk).exclusive
    assert Resource.objects.get(pk=hall.pk).capacity == 1


def test_a_booked_resource_is_paused_not_deleted(member, contact_user, owner_user, base):
    request(contact_user, base, at(2, 9), at(2, 11))
    with pytest.raises(ValidationError, match="暂停预约"):
        services.resource_delete(actor=owner_user, resource=base)
    spare = ResourceFactory(owner=base.owner, body=base.body)
    services.resource_delete(actor=owner_user, resource=spare)
    assert not Resource.objects.filter(pk=spare.pk).exists()


def test_a_feed_address_is_replaced_and_the_change_logged_without_it(owner_user, base):
    old = base.feed_token
    fresh = services.resource_feed_reset(actor=owner_user, resource=base)
    assert fresh.feed_token != old
    change = ObjectChange.objects.filter(object_id=base.pk, content_type__model="resource").last()
    assert old not in str(change.after) and fresh.feed_token not in str(change.after)


# --- reminders -------------------------------------------------------------------------------


def test_tomorrows_confirmed_bookings_are_reminded_once(
    member, contact_user, second_member, owner_user, base, hall
):
    contact_user.email = "contact@example.cn"
    contact_user.save()
    confirmed = request(contact_user, base, at(1, 9), at(1, 11))
    services.booking_confirm(actor=owner_user, booking=confirmed)
    request(second_member[1], base, at(1, 14), at(1, 15))  # pending: no reminder
    request(second_member[1], hall, at(2, 9), at(2, 10))  # the day after: not yet
    assert services.booking_reminders_send() == 1
    (message,) = mail.outbox
    assert message.to == ["contact@example.cn"]
    assert "智能制造实训基地" in message.subject and "09:00–11:00" in message.body
    assert "13800002222" not in message.body  # the resource's contact is not the requester's
    assert services.booking_reminders_send() == 0 and len(mail.outbox) == 1


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the addresses at refused.example (a mistyped domain) and
    takes the rest into Django's test outbox."""

    def send_messages(self, messages):
        for message in messages:
            if all(to.endswith("@refused.example") for to in message.to):
                raise smtplib.SMTPRecipientsRefused(
                    {to: (550, b"no such user") for to in message.to}
                )
            mail.outbox.append(message)
        return len(messages)


def test_a_refused_address_does_not_stop_the_reminders_after_it(
    member, contact_user, second_member, owner_user, base, hall, settings, caplog
):
    """Before, the reminders went out in one batch: the first address the mail server refused
    stopped every reminder after it, and none was marked, so the ones before went out again."""
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    contact_user.email = "contact@example.cn"
    contact_user.save()
    second_org, second = second_member
    second.email = "second@refused.example"
    second.save()
    for who, resource, hour in (
        (contact_user, base, 9),
        (second, hall, 9),
        (contact_user, hall, 14),
    ):
        booking = request(who, resource, at(1, hour), at(1, hour + 1))
        if booking.status != Booking.Status.CONFIRMED:
            services.booking_confirm(actor=owner_user, booking=booking)
    assert services.booking_reminders_send() == 2
    assert [m.to for m in mail.outbox] == [["contact@example.cn"]] * 2
    assert "second@refused.example" in caplog.text
    waiting = Booking.objects.filter(reminded_at__isnull=True, status=Booking.Status.CONFIRMED)
    assert [b.requested_by for b in waiting] == [second]  # tried again by the next run


class UnreachableBackend(BaseEmailBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError("connection refused")

    def send_messages(self, messages):
        self.open()


@pytest.mark.django_db(transaction=True)
def test_the_days_reminders_are_tried_again_when_the_mail_server_was_down(
    member, contact_user, hall, settings
):
    """Before, a mail server down at the evening's run cost every booking of the next day its
    reminder: the daily routine ran once a day. Now the run is queued again a little later."""
    from django_tasks_db.models import DBTaskResult

    from chanjiao.core.testing import run_task_worker
    from chanjiao.sharing.tasks import RETRY_AFTER, send_booking_reminders

    contact_user.email = "contact@example.cn"
    contact_user.save()
    # The day after tomorrow: its reminders may be tried again at any hour of today.
    day = at(2, 9).date().isoformat()
    request(contact_user, hall, at(2, 9), at(2, 10))
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableBackend"
    send_booking_reminders.enqueue(day)
    run_task_worker()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1  # seen as failed
    again = DBTaskResult.objects.get(status="READY")
    assert again.args_kwargs["args"] == [day]
    assert again.run_after - timezone.now() <= RETRY_AFTER

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=again.pk).update(run_after=timezone.now())
    run_task_worker()
    assert [m.to for m in mail.outbox] == [["contact@example.cn"]]
    assert Booking.objects.get().reminded_at is not None


def test_the_reminder_command_takes_a_date(member, contact_user, hall, capsys):
    from django.core.management import call_command

    contact_user.email = "contact@example.cn"
    contact_user.save()
    request(contact_user, hall, at(3, 9), at(3, 10))
    call_command("send_booking_reminders", "--date", at(3, 9).date().isoformat())
    assert "1 booking(s) reminded" in capsys.readouterr().out
    assert len(mail.outbox) == 1


# --- usage ------------------------------------------------------------------------------------


def test_usage_counts_hours_places_and_no_shows_by_unit(body, member, enterprise, base, hall):
    year = at(-1, 9).year
    day = datetime.datetime(year, 3, 2, 9, tzinfo=timezone.get_current_timezone())
    hours = datetime.timedelta(hours=1)
    BookingFactory(resource=base, organization=member, starts_at=day, ends_at=day + 2 * hours)
    BookingFactory(
        resource=hall,
        organization=member,
        starts_at=day,
        ends_at=day + 3 * hours,
        quantity=20,
        status="used",
    )
    BookingFactory(
        resource=base,
        organization=enterprise,
        starts_at=day + 5 * hours,
        ends_at=day + 6 * hours,
        status="no_show",
    )
    BookingFactory(resource=base, organization=enterprise, starts_at=day, status="cancelled")
    BookingFactory(resource=base, organization=member, starts_at=day.replace(year=year - 1))
    BookingFactory(resource=ResourceFactory(), organization=member, starts_at=day)  # elsewhere
    from chanjiao.sharing.selectors import resource_usage

    usage = resource_usage(body=body, year=year)
    rows = {r.name: r for r in usage.rows}
    school = rows[member.name]
    assert (school.bookings, school.hours, school.places, school.place_hours) == (2, 5.0, 21, 62.0)
    firm = rows[enterprise.name]
    assert (firm.bookings, firm.hours, firm.no_shows, firm.cancelled) == (1, 1.0, 1, 1)
    assert usage.total.bookings == 3 and usage.total.hours == 6.0 and usage.resources == 2
    assert {label: n for _k, label, n, _h in usage.by_kind} == {"实训基地/场地": 3}
