"""Agreements over their life: status by date, the acts, the reminder, the documents."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from chanjiao.cooperation import lifecycle, services
from chanjiao.cooperation.models import Agreement
from chanjiao.cooperation.tests.factories import AgreementFactory
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Agreement.Status


def _dated(**fields) -> Agreement:
    fields.setdefault("status", S.SIGNED)
    return Agreement(starts_on=D(2025, 1, 1), ends_on=D(2027, 12, 31), **fields)


@pytest.mark.parametrize(
    "today, status",
    [
        (D(2024, 12, 31), S.SIGNED),  # before it comes into force
        (D(2025, 1, 1), S.IN_FORCE),  # from starts_on
        (D(2027, 10, 31), S.IN_FORCE),  # 61 days before the end
        (D(2027, 11, 1), S.EXPIRING),  # 60 days before
        (D(2027, 12, 31), S.EXPIRING),  # its last day
        (D(2028, 1, 1), S.ENDED),  # after ends_on
    ],
)
def test_status_follows_the_dates_on_a_fixed_today(today, status):
    assert _dated().status_on(today) == status


def test_reminder_days_set_when_an_agreement_turns_expiring():
    agreement = _dated(reminder_days=10)
    assert agreement.status_on(D(2027, 12, 20)) == S.IN_FORCE
    assert agreement.status_on(D(2027, 12, 21)) == S.EXPIRING  # 10 days before


@pytest.mark.parametrize("status", [S.DRAFT, S.RENEWED, S.TERMINATED])
def test_dates_do_not_move_what_an_act_set(status):
    assert _dated(status=status).status_on(D(2028, 6, 1)) == status


def test_refresh_moves_statuses_by_date_and_logs_them_as_the_platform(body):
    today = timezone.localdate()
    starting = AgreementFactory(body=body, status=S.SIGNED, starts_on=today)
    ending = AgreementFactory(
        body=body, status=S.IN_FORCE, starts_on=D(2020, 1, 1), ends_on=today - datetime.timedelta(1)
    )
    draft = AgreementFactory(body=body, status=S.DRAFT, starts_on=D(2020, 1, 1))

    result = lifecycle.agreements_refresh(today=today)

    assert result["moved"] == 2
    for agreement, status in ((starting, S.IN_FORCE), (ending, S.ENDED), (draft, S.DRAFT)):
        agreement.refresh_from_db()
        assert agreement.status == status
    change = ObjectChange.objects.filter(object_id=ending.pk, action="update").get()
    assert change.actor is None and change.after["status"] == S.ENDED


def test_entering_expiring_mails_the_parties_and_the_secretariat_once(
    body, member_org, contact_user, secretariat_user
):
    contact_user.email, secretariat_user.email = "contact@school.cn", "mishu@body.cn"
    contact_user.save(), secretariat_user.save()
    today = D(2027, 12, 1)
    agreement = AgreementFactory(
        title="订单班协议",
        body=body,
        parties=[member_org],
        status=S.IN_FORCE,
        starts_on=D(2025, 1, 1),
        ends_on=D(2027, 12, 31),
    )

    first = lifecycle.agreements_refresh(today=today)
    second = lifecycle.agreements_refresh(today=today + datetime.timedelta(days=1))

    assert (first, second) == ({"moved": 1, "reminded": 1}, {"moved": 0, "reminded": 0})
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {contact_user.email, secretariat_user.email}
    assert "订单班协议" in mail.outbox[0].subject
    agreement.refresh_from_db()
    assert agreement.status == S.EXPIRING and agreement.reminder_sent_at is not None


def test_a_later_end_date_is_reminded_again(body, secretariat_user):
    agreement = AgreementFactory(
        body=body, status=S.EXPIRING, starts_on=D(2020, 1, 1),
        ends_on=timezone.localdate() + datetime.timedelta(days=5), reminder_sent_at=timezone.now(),
    )  # fmt: skip
    later = timezone.localdate() + datetime.timedelta(days=400)
    services.agreement_update(actor=secretariat_user, agreement=agreement, data={"ends_on": later})
    agreement.refresh_from_db()
    assert agreement.status == S.IN_FORCE and agreement.reminder_sent_at is None


def test_refresh_agreements_command(body, capsys):
    AgreementFactory(body=body, status=S.SIGNED, starts_on=D(2020, 1, 1), ends_on=D(2021, 1, 1))
    call_command("refresh_agreements", "--date", "2024-01-01")
    assert "1 agreement(s) moved" in capsys.readouterr().out


def test_sign_a_draft(body, secretariat_user):
    draft = AgreementFactory(body=body, status=S.DRAFT, starts_on=D(2020, 1, 1))
    signed = lifecycle.agreement_sign(actor=secretariat_user, agreement=draft)
    assert signed.status == S.IN_FORCE  # signed today, in force since 2020
    assert signed.signed_on == timezone.localdate()
    with pytest.raises(ValidationError, match="只有拟定中的协议可以签约"):
        lifecycle.agreement_sign(actor=secretariat_user, agreement=signed)


def test_renewal_creates_the_successor_and_links_the_chain(body, secretariat_user, member_org):
    enterprise = OrganizationFactory(name="成都数控有限公司")
    old = AgreementFactory(
        title="共建协议", kind="co_founding", body=body, parties=[member_org, enterprise],
        status=S.EXPIRING, starts_on=D(2023, 1, 1), ends_on=timezone.localdate(),
        reminder_days=30,
    )  # fmt: skip
    new = lifecycle.agreement_renew(
        actor=secretariat_user,
        agreement=old,
        starts_on=timezone.localdate() + datetime.timedelta(days=1),
        ends_on=timezone.localdate() + datetime.timedelta(days=3 * 365),
    )
    old.refresh_from_db()
    assert old.status == S.RENEWED and old.renewal == new
    assert (new.renewed_from, new.title, new.kind, new.body) == (
        old,
        "共建协议",
        "co_founding",
        body,
    )
    assert set(new.parties.all()) == {member_org, enterprise}
    assert new.status == S.SIGNED and new.reminder_days == 30
    # the old one is renewed once; a renewed one cannot be terminated or edited back
    with pytest.raises(ValidationError):
        lifecycle.agreement_renew(
            actor=secretariat_user, agreement=old, starts_on=D(2030, 1, 1), ends_on=D(2031, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.agreement_update(actor=secretariat_user, agreement=old, data={"status": "signed"})
    # a renewal of the renewal makes a chain of three
    third = lifecycle.agreement_renew(
        actor=secretariat_user, agreement=new, starts_on=D(2040, 1, 1), ends_on=D(2042, 1, 1)
    )
    from chanjiao.cooperation.selectors import agreement_chain

    assert agreement_chain(new, actor=secretariat_user) == [old, new, third]


def test_renewal_refuses_a_start_before_the_old_one(body, secretariat_user):
    old = AgreementFactory(body=body, status=S.IN_FORCE, starts_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        lifecycle.agreement_renew(
            actor=secretariat_user, agreement=old, starts_on=D(2023, 1, 1), ends_on=D(2025, 1, 1)
        )
    assert "starts_on" in error.value.message_dict


def test_termination_needs_a_reason(body, secretariat_user):
    agreement = AgreementFactory(body=body, status=S.IN_FORCE, signed_on=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        lifecycle.agreement_terminate(actor=secretariat_user, agreement=agreement, reason="  ")
    assert "reason" in error.value.message_dict
    done = lifecycle.agreement_terminate(
        actor=secretariat_user, agreement=agreement, reason="企业转产", terminated_on=D(2025, 3, 1)
    )
    assert (done.status, done.terminated_on, done.termination_reason) == (
        S.TERMINATED, D(2025, 3, 1), "企业转产"
    )  # fmt: skip
    with pytest.raises(ValidationError):
        lifecycle.agreement_terminate(actor=secretariat_user, agreement=done, reason="再次")


def test_terminated_status_cannot_be_set_by_an_edit(body, secretariat_user):
    agreement = AgreementFactory(body=body, status=S.IN_FORCE)
    with pytest.raises(ValidationError, match="终止操作"):
        services.agreement_update(
            actor=secretariat_user, agreement=agreement, data={"status": "terminated"}
        )


def test_acts_are_the_secretariats(body, other_secretariat_user, contact_user, member_org):
    agreement = AgreementFactory(body=body, status=S.DRAFT, parties=[member_org])
    for actor in (other_secretariat_user, contact_user):
        with pytest.raises(PermissionDenied):
            lifecycle.agreement_sign(actor=actor, agreement=agreement)
        with pytest.raises(PermissionDenied):
            lifecycle.agreement_document_add(
                actor=actor, agreement=agreement, file=SimpleUploadedFile("a.pdf", b"%PDF")
            )


def test_documents_are_versioned_the_newest_current(body, secretariat_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    agreement = AgreementFactory(body=body)
    first = lifecycle.agreement_document_add(
        actor=secretariat_user, agreement=agreement, file=SimpleUploadedFile("签字版.pdf", b"%PDF1")
    )
    second = lifecycle.agreement_document_add(
        actor=secretariat_user,
        agreement=agreement,
        file=SimpleUploadedFile("补充.pdf", b"%PDF2"),
        note="补充条款",
    )
    assert (first.version, second.version) == (1, 2)
    assert agreement.current_document == second
    assert second.original_name == "补充.pdf" and second.uploaded_by == secretariat_user
