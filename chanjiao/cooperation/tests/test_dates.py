"""The dates an agreement's record must keep (signed by today, before its end, terminated after
signing; signing an empty date means today), deleting a renewal, and the daily refresh of
carriers whose founding date has come."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from chanjiao.cooperation import forms, lifecycle, progress, services, tasks
from chanjiao.cooperation.models import Agreement, Carrier
from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory
from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error

pytestmark = pytest.mark.django_db

D = datetime.date
S = Agreement.Status
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _changes(obj, action="update"):
    return ObjectChange.objects.filter(
        content_type__model=type(obj)._meta.model_name, object_id=obj.pk, action=action
    )


# --- signing with the date left empty -----------------------------------------------------


def test_signing_a_draft_with_an_empty_date_records_today_not_the_planned_date(
    body, secretariat_user
):
    planned_past = AgreementFactory(body=body, status=S.DRAFT, signed_on=D(2025, 3, 1))
    planned_future = AgreementFactory(body=body, status=S.DRAFT, signed_on=TODAY + 400 * DAY)
    for draft in (planned_past, planned_future):
        signed = lifecycle.agreement_sign(actor=secretariat_user, agreement=draft)
        assert (signed.status, signed.signed_on) == (S.SIGNED, TODAY)


def test_signing_by_the_api_and_the_page_with_no_date_is_today(
    client, secretariat_user, secretariat_token, body
):
    by_api = AgreementFactory(body=body, status=S.DRAFT, signed_on=TODAY + 400 * DAY)
    response = api_write(client, "post", f"/api/v1/agreements/{by_api.pk}/sign", {},
                         secretariat_token)  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["signed_on"] == TODAY.isoformat()
    on_page = AgreementFactory(body=body, status=S.DRAFT, signed_on=D(2025, 3, 1))
    client.force_login(secretariat_user)
    url = reverse("cooperation:agreement_sign", args=[on_page.pk])
    assert "留空为今天" in client.get(url).content.decode()
    assert client.post(url, {"signed_on": ""}).status_code == 302
    on_page.refresh_from_db()
    assert on_page.signed_on == TODAY


# --- create and edit keep the dates in order ----------------------------------------------


def _create(actor, body, **fields):
    return services.agreement_create(actor=actor, body=body, title="校企合作协议", **fields)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"signed_on": TODAY + DAY}, "signed_on", "签约日期不能晚于今天"),
        ({"signed_on": TODAY + DAY, "status": S.IN_FORCE}, "signed_on", "签约日期不能晚于今天"),
        (
            {"signed_on": D(2025, 6, 1), "starts_on": D(2024, 1, 1), "ends_on": D(2025, 5, 31)},
            "signed_on",
            "签约日期不能晚于到期日期",
        ),
    ],
)
def test_creating_a_signed_agreement_checks_its_dates(
    body, secretariat_user, fields, field, message
):
    with pytest.raises(ValidationError) as caught:
        _create(secretariat_user, body, **fields)
    assert message in " ".join(caught.value.message_dict[field])
    assert not Agreement.objects.exists()


def test_a_draft_may_plan_a_future_signing_date(body, secretariat_user):
    draft = _create(secretariat_user, body, status=S.DRAFT, signed_on=TODAY + 30 * DAY)
    assert draft.status == S.DRAFT


def test_a_draft_becomes_signed_by_an_edit_only_with_a_date(body, secretariat_user):
    draft = AgreementFactory(body=body, status=S.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(
            actor=secretariat_user, agreement=draft, data={"status": S.IN_FORCE}
        )
    assert "签约须填写签约日期" in caught.value.message_dict["signed_on"][0]
    with pytest.raises(ValidationError, match="签约日期不能晚于今天"):
        services.agreement_update(
            actor=secretariat_user,
            agreement=Agreement.objects.get(pk=draft.pk),
            data={"status": S.SIGNED, "signed_on": TODAY + DAY},
        )
    signed = services.agreement_update(
        actor=secretariat_user,
        agreement=Agreement.objects.get(pk=draft.pk),
        data={"status": S.SIGNED, "signed_on": TODAY},
    )
    assert (signed.status, signed.signed_on) == (S.SIGNED, TODAY)


def test_editing_a_signed_agreement_keeps_its_dates_in_order(body, secretariat_user):
    agreement = AgreementFactory(body=body, status=S.SIGNED, signed_on=D(2024, 5, 1))
    for data, message in (
        ({"signed_on": TODAY + DAY}, "签约日期不能晚于今天"),
        ({"ends_on": D(2024, 4, 30)}, "签约日期不能晚于到期日期"),
    ):
        with pytest.raises(ValidationError, match=message):
            services.agreement_update(
                actor=secretariat_user, agreement=Agreement.objects.get(pk=agreement.pk), data=data
            )
    agreement.refresh_from_db()
    assert agreement.signed_on == D(2024, 5, 1) and agreement.ends_on is None


def test_a_terminated_agreement_cannot_be_signed_after_it_ended(body, secretariat_user):
    agreement = AgreementFactory(
        body=body, status=S.TERMINATED, signed_on=D(2024, 5, 1), terminated_on=D(2025, 1, 1),
        termination_reason="企业转产",
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(
            actor=secretariat_user, agreement=agreement, data={"signed_on": D(2025, 2, 1)}
        )
    assert "终止日期不能早于签约日期" in caught.value.message_dict["terminated_on"][0]


def test_a_signed_agreement_cannot_go_back_to_draft(
    client, body, secretariat_user, secretariat_token
):
    agreement = AgreementFactory(body=body, status=S.SIGNED, signed_on=D(2024, 5, 1))
    with pytest.raises(ValidationError, match="已签约的协议不能改回“拟定”"):
        services.agreement_update(
            actor=secretariat_user, agreement=agreement, data={"status": S.DRAFT}
        )
    path = f"/api/v1/agreements/{agreement.pk}"
    assert_error(api_write(client, "patch", path, {"status": "draft"}, secretariat_token), 422,
                 "status")  # fmt: skip
    agreement.refresh_from_db()
    assert agreement.status == S.SIGNED


def test_the_edit_form_offers_draft_only_to_a_draft(body):
    def offered(instance):
        form = forms.AgreementForm(instance=instance, bodies=None, body_required=False)
        return [value for value, _label in form.fields["status"].choices]

    assert S.DRAFT in offered(Agreement())
    assert S.DRAFT in offered(AgreementFactory(body=body, status=S.DRAFT))
    assert S.DRAFT not in offered(AgreementFactory(body=body, signed_on=D(2024, 5, 1)))


def test_the_daily_refresh_skips_a_record_with_dates_out_of_order(body):
    # Saved before the dates were checked: signed after its end. The others still move.
    AgreementFactory(
        body=body, status=S.SIGNED, signed_on=D(2024, 6, 1), starts_on=D(2024, 1, 1),
        ends_on=D(2024, 5, 1),
    )  # fmt: skip
    fine = AgreementFactory(
        body=body, status=S.SIGNED, signed_on=D(2023, 12, 1), starts_on=D(2024, 1, 1)
    )
    assert lifecycle.agreements_refresh(today=TODAY)["moved"] == 1
    fine.refresh_from_db()
    assert fine.status == S.IN_FORCE


# --- deleting a renewal -------------------------------------------------------------------


def test_deleting_a_renewal_gives_the_original_back_its_dated_status(
    client, body, secretariat_user, secretariat_token
):
    original = AgreementFactory(
        body=body, status=S.IN_FORCE, signed_on=D(2023, 1, 1), starts_on=D(2023, 1, 1),
        ends_on=TODAY + 400 * DAY,
    )  # fmt: skip
    renewal = lifecycle.agreement_renew(
        actor=secretariat_user, agreement=original, starts_on=TODAY + 401 * DAY,
        ends_on=TODAY + 2000 * DAY,
    )  # fmt: skip
    original.refresh_from_db()
    assert original.status == S.RENEWED

    deleted = api_write(client, "delete", f"/api/v1/agreements/{renewal.pk}", None,
                        secretariat_token)  # fmt: skip
    assert deleted.status_code == 204, deleted.content

    original.refresh_from_db()
    assert original.status == S.IN_FORCE
    change = _changes(original).order_by("-pk").first()
    assert (change.before["status"], change.after["status"]) == (S.RENEWED, S.IN_FORCE)
    # renewable again
    again = lifecycle.agreement_renew(
        actor=secretariat_user, agreement=original, starts_on=TODAY + 401 * DAY,
        ends_on=TODAY + 2000 * DAY,
    )  # fmt: skip
    assert again.renewed_from == original


def test_deleting_an_agreement_removes_its_document_files(
    body, secretariat_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = str(tmp_path)
    agreement = AgreementFactory(body=body, signed_on=D(2024, 5, 1))
    doc = lifecycle.agreement_document_add(
        actor=secretariat_user, agreement=agreement, file=SimpleUploadedFile("协议.pdf", b"%PDF")
    )
    stored = Path(doc.file.path)
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_delete(actor=secretariat_user, agreement=agreement)
    assert not stored.exists()


# --- carriers whose founding date comes ---------------------------------------------------


def test_a_carrier_founded_on_a_future_date_is_founded_by_the_daily_refresh(body, secretariat_user):
    carrier = services.carrier_create(
        actor=secretariat_user, body=body, name="数字工匠实训基地", kind="training_base",
        founded_on=TODAY + 10 * DAY,
    )  # fmt: skip
    already = CarrierFactory(body=body, founded_on=D(2020, 1, 1), state=Carrier.State.FOUNDED)
    assert carrier.state == Carrier.State.PLANNING

    assert progress.carriers_refresh(today=TODAY + 9 * DAY) == 0
    assert tasks.refresh_agreements.call((TODAY + 10 * DAY).isoformat())["carriers"] == 1
    assert progress.carriers_refresh(today=TODAY + 11 * DAY) == 0

    carrier.refresh_from_db()
    assert carrier.state == Carrier.State.FOUNDED
    change = _changes(carrier).get()
    assert change.actor is None and change.source == "job"
    assert change.after["state"] == Carrier.State.FOUNDED
    assert not _changes(already).exists()


def test_a_first_intake_before_the_founding_date_is_refused(body, secretariat_user):
    carrier = CarrierFactory(body=body, founded_on=TODAY + 10 * DAY)
    with pytest.raises(ValidationError) as caught:
        progress.milestone_create(
            actor=secretariat_user, carrier=carrier, kind="first_intake", done_on=TODAY,
            headcount=40,
        )  # fmt: skip
    assert "不能早于载体的成立日期" in caught.value.message_dict["done_on"][0]
    carrier.refresh_from_db()
    assert carrier.state == Carrier.State.PLANNING
    # founded by its milestone: the intake comes after it
    other = CarrierFactory(body=body)
    progress.milestone_create(
        actor=secretariat_user, carrier=other, kind="founded", done_on=D(2024, 9, 1)
    )
    with pytest.raises(ValidationError, match="不能早于载体的成立日期"):
        progress.milestone_create(
            actor=secretariat_user, carrier=other, kind="first_intake", done_on=D(2024, 8, 1),
            headcount=40,
        )  # fmt: skip
    progress.milestone_create(
        actor=secretariat_user, carrier=other, kind="first_intake", done_on=D(2024, 9, 1),
        headcount=40,
    )  # fmt: skip
    other.refresh_from_db()
    assert other.state == Carrier.State.RUNNING


def test_a_founding_date_moved_after_a_done_first_intake_is_refused(body, secretariat_user):
    carrier = CarrierFactory(body=body, founded_on=D(2023, 3, 1))
    progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind="first_intake", done_on=D(2023, 9, 1),
        headcount=40,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.carrier_update(
            actor=secretariat_user, carrier=carrier, data={"founded_on": D(2024, 1, 1)}
        )
    assert "首届招生（2023-09-01）" in caught.value.message_dict["founded_on"][0]
    carrier.refresh_from_db()
    assert carrier.founded_on == D(2023, 3, 1)
    # the same day as the intake, or earlier, is kept
    services.carrier_update(
        actor=secretariat_user, carrier=carrier, data={"founded_on": D(2023, 9, 1)}
    )
    carrier.refresh_from_db()
    assert carrier.founded_on == D(2023, 9, 1)
