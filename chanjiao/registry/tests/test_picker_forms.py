"""The unit and person pickers (core.widgets.SearchSelect) on the forms that pick from tables
too large to list: the page holds the chosen option and a search box, not every row; the
posted id is still checked against the field's queryset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from chanjiao.registry.models import Membership, Organization, Person

from .factories import MembershipFactory, OrganizationFactory, PersonFactory

MANY = 2_000
FEW_OPTIONS = 50


def _options(html: str, select_name: str) -> list[str]:
    """The <option>s of the select named ``select_name`` in ``html``."""
    found = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, f"no select {select_name}"
    return re.findall(r"<option[^>]*>[^<]*</option>", found.group(1))


@pytest.fixture
def many_units(db):
    Organization.objects.bulk_create(
        [Organization(name=f"批量单位{i:05d}有限公司", kind="enterprise") for i in range(MANY)]
    )


@pytest.fixture
def many_people(db):
    Person.objects.bulk_create([Person(name=f"批量人员{i:05d}") for i in range(MANY)])


def test_member_form_with_2000_units_lists_only_the_chosen_one_and_saves_a_posted_id(
    client, body, secretariat_user, many_units
):
    client.force_login(secretariat_user)
    url = reverse("registry:member_add", args=[body.pk])
    page = client.get(url).content.decode()
    assert len(_options(page, "organization")) < FEW_OPTIONS
    assert 'data-lookup="/organizations/lookup/"' in page

    unit = Organization.objects.get(name="批量单位01234有限公司")
    answer = client.post(url, {"organization": unit.pk, "role": "member"})
    assert answer.status_code == 302
    assert Membership.objects.filter(body=body, organization=unit).exists()


def test_a_form_sent_back_keeps_the_chosen_unit_among_few_options(
    client, body, secretariat_user, many_units
):
    client.force_login(secretariat_user)
    unit = Organization.objects.get(name="批量单位01500有限公司")
    page = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"organization": unit.pk, "role": "no-such-role"},
    ).content.decode()
    options = _options(page, "organization")
    assert len(options) < FEW_OPTIONS
    assert any(f'value="{unit.pk}"' in o and "selected" in o for o in options)


def test_an_unknown_unit_id_is_a_field_error(client, body, secretariat_user, many_units):
    client.force_login(secretariat_user)
    answer = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"organization": "999999999", "role": "member"},
    )
    assert answer.status_code == 200
    assert "organization" in answer.context["form"].errors
    assert not Membership.objects.filter(body=body).exists()


def test_a_unit_outside_the_fields_queryset_is_refused(client, body, secretariat_user, many_units):
    """The withdrawal form picks among the body's current members only: another unit's id,
    though it exists, is refused (the queryset validates, whatever the look-up offered)."""
    from chanjiao.governance.views_members import WithdrawalForm

    member = OrganizationFactory(name="在册成员单位")
    MembershipFactory(body=body, organization=member)
    outsider = Organization.objects.get(name="批量单位00007有限公司")
    data = {"withdrawal-organization": outsider.pk, "withdrawal-notice_on": "2025-01-01"}
    form = WithdrawalForm(data, body=body)
    assert not form.is_valid()
    assert "organization" in form.errors
    assert WithdrawalForm({**data, "withdrawal-organization": member.pk}, body=body).is_valid()


def test_a_search_sent_without_javascript_saves_nothing_and_offers_the_matches(
    client, body, secretariat_user, many_units
):
    client.force_login(secretariat_user)
    answer = client.post(
        reverse("registry:member_add", args=[body.pk]),
        {"organization__q": "批量单位0123", "organization__find": "1", "role": "member"},
    )
    assert answer.status_code == 200
    assert not Membership.objects.filter(body=body).exists()
    options = _options(answer.content.decode(), "organization")
    # 批量单位01230 … 01239: ten matches and the empty choice
    assert len(options) == 11
    assert all("批量单位0123" in o for o in options[1:])


def test_a_small_set_of_units_is_a_plain_select(db, body):
    """A contact registering for one of its three units sees them all, no search box."""
    from chanjiao.events.forms_registration import RegistrationForm
    from chanjiao.events.tests.factories import EventFactory, RegistrationSettingsFactory

    units = [OrganizationFactory() for _ in range(3)]
    settings = RegistrationSettingsFactory(event=EventFactory(bodies=[body]))
    form = RegistrationForm(
        settings=settings,
        units=Organization.objects.filter(pk__in=[u.pk for u in units]),
        organiser=False,
    )
    html = str(form["organization"])
    assert "data-cj-picker" not in html
    assert len(_options(html, "organization")) == 4  # 请选择 and the three units


@pytest.mark.parametrize(
    "page, field",
    [
        ("events:agenda_add", "speaker"),
        ("events:agenda_add", "speaker_organization"),
        ("events:ceremony_add", "recipients"),
        ("events:participation_add", "organization"),
        ("cooperation:agreement_create", "parties"),
        ("cooperation:carrier_create", "owners"),
        ("talent:posting_create", "enterprise"),
    ],
)
def test_pickers_of_units_and_people_render_few_options_at_scale(
    client, admin_user, body, many_units, many_people, page, field
):
    from chanjiao.events.tests.factories import EventFactory

    client.force_login(admin_user)
    args = [EventFactory(bodies=[body]).pk] if page.startswith("events:") else []
    answer = client.get(reverse(page, args=args))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert len(_options(html, field)) < FEW_OPTIONS
    assert f'id="id_{field}__q"' in html


def test_agenda_item_saves_a_speaker_picked_by_id(client, admin_user, body, many_people):
    from chanjiao.events.models import AgendaItem
    from chanjiao.events.tests.factories import EventFactory

    client.force_login(admin_user)
    event = EventFactory(bodies=[body])
    speaker = PersonFactory(name="主旨发言人")
    answer = client.post(
        reverse("events:agenda_add", args=[event.pk]),
        {
            "order": 1,
            "kind": AgendaItem.Kind.choices[0][0],
            "title": "主旨报告",
            "speaker": speaker.pk,
        },
    )
    assert answer.status_code == 302, answer.context["form"].errors
    assert AgendaItem.objects.get(event=event).speaker == speaker
