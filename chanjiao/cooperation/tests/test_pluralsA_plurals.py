"""English counts in cooperation's pages and mails: one noun for 1, its plural otherwise.

Chinese has no plural, so "招生 1 人" read "1 students enrolled" and the expiry reminder
"in 1 days"; both are ngettext now. These tests read the English catalogue: they pass once it
has the plural entries."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from chanjiao.accounts.models import Preference
from chanjiao.cooperation import lifecycle
from chanjiao.cooperation.models import Agreement, CarrierMilestone
from chanjiao.cooperation.tests.factories import (
    AgreementFactory,
    CarrierFactory,
    MilestoneFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count, shown", [(1, "1 student enrolled"), (2, "2 students enrolled")])
def test_a_first_intake_counts_its_students_in_the_singular_and_the_plural(
    client, body, count, shown
):
    carrier = CarrierFactory(body=body)
    MilestoneFactory(
        carrier=carrier,
        kind=CarrierMilestone.Kind.FIRST_INTAKE,
        done_on=timezone.localdate(),
        headcount=count,
    )
    client.cookies["django_language"] = "en"
    response = client.get(reverse("cooperation:carrier_detail", args=[carrier.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert shown in html
    assert "1 students" not in html


@pytest.mark.parametrize("days, shown", [(1, "(in 1 day)."), (2, "(in 2 days).")])
def test_the_expiry_reminder_counts_the_days_left_in_the_singular_and_the_plural(
    body, member_org, contact_user, days, shown
):
    contact_user.email = "contact@school.cn"
    contact_user.save()
    Preference.objects.create(user=contact_user, language="en")
    today = timezone.localdate()
    AgreementFactory(
        body=body,
        parties=[member_org],
        status=Agreement.Status.IN_FORCE,
        starts_on=today - datetime.timedelta(days=365),
        ends_on=today + datetime.timedelta(days=days),
    )

    assert lifecycle.agreements_refresh(today=today)["reminded"] == 1

    (sent,) = mail.outbox
    assert sent.to == ["contact@school.cn"]
    assert shown in sent.body
