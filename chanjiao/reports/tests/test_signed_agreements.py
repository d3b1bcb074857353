"""签订协议: a draft (拟定) agreement's ``signed_on`` is only a planned date, so it is counted
nowhere as signed; an agreement that was signed and later terminated or ended still counts."""

from __future__ import annotations

import datetime

import pytest

from chanjiao.cooperation.models import Agreement
from chanjiao.cooperation.tests.factories import AgreementFactory
from chanjiao.reports import annual, indicators, supervision

D = datetime.date
YEAR = 2026


@pytest.fixture
def agreements(body):
    AgreementFactory(body=body, signed_on=D(YEAR, 3, 1), status=Agreement.Status.DRAFT)
    AgreementFactory(body=body, signed_on=D(YEAR, 4, 1), status=Agreement.Status.SIGNED)
    AgreementFactory(
        body=body,
        signed_on=D(YEAR, 5, 1),
        status=Agreement.Status.TERMINATED,
        terminated_on=D(YEAR, 9, 1),
        termination_reason="企业停产",
    )
    return body


def test_a_draft_agreement_is_not_counted_as_signed_in_the_kpi(agreements):
    assert indicators.RULES["agreements_signed"](agreements, YEAR) == 2
    assert indicators.RULES["agreements_signed"].values([agreements.pk], YEAR) == {agreements.pk: 2}


def test_a_draft_agreement_is_not_listed_or_counted_in_the_annual_report(agreements):
    data = annual.build(agreements, YEAR).as_dict()
    assert data["agreements_total"] == 2 and len(data["agreements"]) == 2
    assert data["indicators"]["agreements_signed"]["value"] == 2
    assert data["trend"]["agreements_signed"][-1] == 2


def test_a_draft_agreement_is_not_counted_in_the_supervisors_table(agreements, admin_user):
    rows, _indicator = supervision.table(admin_user, YEAR, order="agreements_signed")
    (row,) = [r for r in rows if r.body == agreements]
    assert row.agreements == 2 and row.value == 2
