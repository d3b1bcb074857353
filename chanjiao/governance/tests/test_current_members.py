"""One rule for "a current member unit" (现有成员单位), read the same way everywhere.

A membership is current on a day when it has begun (``since`` on or before it, or none) and
not yet ended (``until`` after it, or none). A withdrawal with notice sets ``until`` ahead, so
the unit stays a member, listed, counted, voting and offering resources, until that day; a unit
admitted from a day ahead is none of these yet. Before, the registry, sharing, golds and talent
read "no ``until``" while governance and the indicators read "not ended yet": a unit that had
given notice vanished from the body's page and could not offer a resource, yet voted, and the
bodies its contact saw offered a nomination the service then refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from chanjiao.core.testing import items
from chanjiao.golds.forms import member_units as golds_member_units
from chanjiao.governance.models import Organ
from chanjiao.governance.services import application_submit
from chanjiao.governance.services.membership import withdrawal_record
from chanjiao.governance.services.organs import voting_units
from chanjiao.ingest import services as ingest
from chanjiao.ingest.tests.helpers import ARTICLE
from chanjiao.registry import excel, selectors, services
from chanjiao.registry.models import Body, Membership, Organization
from chanjiao.registry.tests.factories import (
    OrganizationContactFactory,
    OrganizationFactory,
    UserFactory,
)
from chanjiao.reports.indicators import members_on
from chanjiao.sharing import services as sharing

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _member(admin, body, name, **dates):
    unit = OrganizationFactory(name=name)
    services.membership_create(actor=admin, body=body, organization=unit, **dates)
    return unit


@pytest.fixture
def units(admin_user, body):
    """Five units of ``body``: open-ended, admitted in the past, admitted from tomorrow, left
    yesterday and leaving in a month (a withdrawal with notice)."""
    made = {
        "open": _member(admin_user, body, "甲单位"),
        "since_past": _member(admin_user, body, "乙单位", since=TODAY - 30 * DAY),
        "since_ahead": _member(admin_user, body, "丙单位", since=TODAY + DAY),
        "left": _member(admin_user, body, "丁单位", since=TODAY - 90 * DAY),
        "leaving": _member(admin_user, body, "戊单位", since=TODAY - 90 * DAY),
    }
    for key, effective in (("left", TODAY - DAY), ("leaving", TODAY + 30 * DAY)):
        withdrawal_record(
            actor=admin_user,
            body=body,
            organization=made[key],
            notice_on=TODAY - 2 * DAY,
            effective_on=effective,
        )
    return made


def _ids(units, *keys):
    return {units[k].pk for k in keys}


@pytest.mark.django_db
def test_every_reader_of_membership_names_the_same_current_units(admin_user, body, units):
    current = _ids(units, "open", "since_past", "leaving")
    assert selectors.member_organization_ids([body.pk]) == current
    listed = selectors.body_members(actor=admin_user, body=body)
    assert {m.organization_id for m in listed} == current
    assert selectors.body_member_total(actor=admin_user, body=body) == 3
    assert selectors.body_list(actor=admin_user).get(pk=body.pk).member_count == 3
    assert set(golds_member_units(body).values_list("pk", flat=True)) == current
    assert set(voting_units(body, Organ.GENERAL_ASSEMBLY, TODAY).values_list("pk", flat=True)) == (
        current
    )
    assert {m.organization_id for m in members_on(body, TODAY)} == current
    for key, unit in units.items():
        assert (body.pk in selectors.unit_body_ids([unit.pk])) == (unit.pk in current), key


@pytest.mark.django_db
def test_the_body_page_lists_a_leaving_unit_with_its_day_and_not_one_admitted_tomorrow(
    client, body, units
):
    page = client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()
    assert "戊单位" in page and "甲单位" in page
    assert "丙单位" not in page and "丁单位" not in page
    leaving_on = date_format(TODAY + 30 * DAY)
    assert page.count("退出日期") == 1 and leaving_on in page


@pytest.mark.django_db
def test_a_leaving_unit_still_offers_resources_and_its_contact_sees_the_body(body, units):
    contact = OrganizationContactFactory(
        user=UserFactory(username="leaving"), organization=units["leaving"]
    ).user
    assert body.pk in selectors.member_body_ids(contact)
    sharing.resource_create(
        actor=contact, name="实训车间", kind="training_base", owner=units["leaving"], body=body
    )


@pytest.mark.django_db
def test_a_unit_admitted_from_tomorrow_cannot_offer_resources_yet(admin_user, body, units):
    with pytest.raises(ValidationError) as refused:
        sharing.resource_create(
            actor=admin_user,
            name="实训车间",
            kind="training_base",
            owner=units["since_ahead"],
            body=body,
        )
    assert "owner" in refused.value.message_dict


@pytest.mark.django_db
def test_on_the_day_a_withdrawal_takes_effect_the_unit_is_no_longer_current(body, units):
    effective = TODAY + 30 * DAY
    on_the_eve = Membership.objects.current(effective - DAY).filter(body=body)
    on_the_day = Membership.objects.current(effective).filter(body=body)
    assert units["leaving"].pk in set(on_the_eve.values_list("organization_id", flat=True))
    assert units["leaving"].pk not in set(on_the_day.values_list("organization_id", flat=True))
    assert units["since_ahead"].pk in set(on_the_day.values_list("organization_id", flat=True))


@pytest.mark.django_db
def test_the_api_says_a_leaving_unit_is_current_and_one_admitted_tomorrow_is_not(client, units):
    def is_current(key):
        response = client.get(f"/api/v1/organizations/{units[key].pk}/memberships")
        return [m["is_current"] for m in items(response)]

    assert is_current("leaving") == [True]
    assert is_current("since_ahead") == [False]
    assert is_current("left") == [False]
    assert is_current("open") == [True]


# --- a unit whose notice runs is still on the roll: no second membership is written ----------


@pytest.mark.django_db
def test_a_member_import_skips_a_unit_whose_notice_runs_and_adds_one_that_has_left(
    admin_user, body, units
):
    rows = [{"单位名称": units[k].name, "角色": "成员单位"} for k in ("leaving", "left")]
    preview = excel.member_import_preview(actor=admin_user, body=body, file=rows)
    outcome = {r.name: r.membership_outcome for r in preview.rows}
    assert outcome == {units["leaving"].name: "skip", units["left"].name: "new"}
    excel.member_import_commit(actor=admin_user, body=body, file_or_rows=rows)
    assert units["leaving"].memberships.count() == 1
    assert units["left"].memberships.filter(until__isnull=True).count() == 1


@pytest.mark.django_db
def test_an_application_from_a_unit_whose_notice_runs_is_refused_with_its_day(body, units):
    form = {
        "kind": "enterprise",
        "requested_role": "member",
        "contact_name": "林芳",
        "contact_phone": "0591-88886666",
    }
    with pytest.raises(ValidationError) as leaving:
        application_submit(actor=None, body=body, name=units["leaving"].name, **form)
    assert (TODAY + 30 * DAY).isoformat() in str(leaving.value)
    application, _token = application_submit(actor=None, body=body, name=units["left"].name, **form)
    assert application.organization == units["left"]


@pytest.mark.django_db
def test_an_article_naming_a_unit_whose_notice_runs_adds_no_second_membership(admin_user):
    def save(text):
        article, _created = ingest.article_submit(
            actor=admin_user, submission=ingest.Submission(text=text)
        )
        ingest.article_save(actor=admin_user, article=ingest.article_process(article_id=article.pk))

    save(ARTICLE)
    body = Body.objects.get(name="闽江智能装备职业教育集团")
    unit = Organization.objects.get(name="福州软件职业技术学院")
    withdrawal_record(
        actor=admin_user, body=body, organization=unit, notice_on=TODAY, effective_on=TODAY + DAY
    )
    save(ARTICLE.replace("200余人", "300余人"))  # a second report of the same founding
    assert unit.memberships.filter(body=body).count() == 1
