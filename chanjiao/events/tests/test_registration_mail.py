"""Registration mails go through the job worker: the page that registers never waits for a
mail server, and every mail is written in the language of the page the registration was made
on, with the place in the queue."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from chanjiao.core.testing import run_task_worker
from chanjiao.events import registration_mail
from chanjiao.events import services_registration as services


def register(actor, event, name, **fields):
    return services.registration_create(actor=actor, event=event, name=name, **fields)


def test_the_ticket_link_is_absolute_when_the_site_is_known(db, upcoming, contact_user, settings):
    registration = register(contact_user, upcoming, "链接")
    url = registration_mail.ticket_url
    assert url(registration) == f"/events/tickets/{registration.ticket_code}/"
    settings.CHANJIAO_SITE_URL = "https://cj.example.cn"
    assert url(registration).startswith("https://cj.example.cn/events/tickets/")
    assert url(registration, "http://a.test/").startswith("http://a.test/events/")


@pytest.mark.django_db(transaction=True)
def test_registration_mails_wait_for_the_job_worker_in_the_language_of_the_page(
    upcoming, contact_user
):
    """Before, the mail was sent inside the web request: a slow mail server (up to
    EMAIL_TIMEOUT) kept the registrant waiting. Now the write queues it once committed."""
    register(contact_user, upcoming, "张一", email="zhang1@example.cn")
    register(contact_user, upcoming, "张二", email="zhang2@example.cn")
    with translation.override("en"):  # an English page
        register(contact_user, upcoming, "张三", email="zhang3@example.cn")
    assert mail.outbox == []  # nothing was sent while the page waited
    assert DBTaskResult.objects.filter(status="READY").count() == 3

    run_task_worker()
    assert not DBTaskResult.objects.filter(status="READY").exists()
    by_person = {m.to[0]: m for m in mail.outbox}
    assert by_person["zhang1@example.cn"].subject == "报名成功：2025年度工作会议"
    waitlisted = by_person["zhang3@example.cn"]
    assert waitlisted.subject == "Added to waitlist: 2025年度工作会议"
    assert "you are number 1 on the waitlist" in waitlisted.body  # its place when it registered


@pytest.mark.django_db(transaction=True)
def test_a_registration_deleted_before_the_worker_came_is_not_mailed(upcoming, contact_user):
    registration = register(contact_user, upcoming, "张一", email="zhang1@example.cn")
    registration.delete()
    run_task_worker()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_every_mail_of_a_registration_is_in_the_language_it_was_made_in_whoever_acts_later(
    upcoming, contact_user, secretariat_user
):
    """Before, a mail followed the page of whoever made the change: an organiser reading in
    English cancelled a Chinese registrant's place and wrote to them in English."""
    chinese = register(contact_user, upcoming, "张一", email="zhang1@example.cn")
    with translation.override("en"):
        english = register(contact_user, upcoming, "Li Lei", email="li.lei@example.com")
    run_task_worker()
    mail.outbox.clear()
    with translation.override("en"):  # the organiser reads in English
        services.registration_cancel(actor=secretariat_user, registration=chinese)
    services.registration_cancel(actor=secretariat_user, registration=english)  # in Chinese
    run_task_worker()
    by_person = {m.to[0]: m.subject for m in mail.outbox}
    assert by_person == {
        "zhang1@example.cn": "报名已取消：2025年度工作会议",
        "li.lei@example.com": "Registration cancelled: 2025年度工作会议",
    }


class _DownBackend:
    """A mail server that refuses every message."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


@pytest.mark.django_db(transaction=True)
def test_a_mail_the_server_refused_is_sent_again_later_until_the_last_try(
    upcoming, contact_user, settings, caplog
):
    """Before, a mail server down for a minute when someone registered meant that registrant
    never got the mail with their ticket. Now the mail is queued again, later each time."""
    settings.EMAIL_BACKEND = f"{__name__}._DownBackend"
    register(contact_user, upcoming, "张一", email="zhang1@example.cn")
    run_task_worker()
    assert mail.outbox == []
    later = DBTaskResult.objects.get(status="READY")  # waits for its time: the worker left it
    assert later.args_kwargs["args"][-1] == 1
    wait = later.run_after - timezone.now()
    assert datetime.timedelta(seconds=30) < wait <= registration_mail.RETRY_AFTER[0]
    assert "trying again" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back
    DBTaskResult.objects.filter(pk=later.pk).update(run_after=timezone.now())
    run_task_worker()
    assert [m.to for m in mail.outbox] == [["zhang1@example.cn"]]
    assert not DBTaskResult.objects.filter(status="READY").exists()

    # A mail refused at every try is given up after the last, with an error in the log.
    settings.EMAIL_BACKEND = f"{__name__}._DownBackend"
    registration = upcoming.registrations.get()
    tries = len(registration_mail.RETRY_AFTER)
    url = registration_mail.ticket_url(registration)
    assert not registration_mail.send(registration.pk, "confirmed", url, None, "zh-hans", tries)
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert "given up" in caplog.text
