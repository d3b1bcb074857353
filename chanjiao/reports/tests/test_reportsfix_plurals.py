"""English chooses singular or plural by the count in the reports app's messages (ngettext and
``{% blocktranslate count %}``); Chinese reads the same either way.

The English tests read the catalogue's msgid_plural entries for these messages: they pass once
chanjiao/locale/en has them (the lead fills the catalogue)."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.reports import annual, services
from chanjiao.reports.documents import to_docx, to_html, unlisted_lines
from chanjiao.reports.views_collection import FORMS_ADDED, READ_VALUES, REMINDED
from chanjiao.reports.views_plans import IMPORTED

D = datetime.date
YEAR = 2024


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    return "\n".join(p.text for p in doc.paragraphs)


def _unlisted(events: int, agreements: int, carriers: int) -> SimpleNamespace:
    # What unlisted_lines reads of a report: the totals, and how many are not listed.
    return SimpleNamespace(
        events_total=events + 100,
        agreements_total=agreements + 100,
        carriers_total=carriers + 100,
        unlisted={"events": events, "agreements": agreements, "carriers": carriers},
    )


@pytest.fixture
def one_member(body, secretariat_user):
    """``body`` with one member unit at the end of 2024 and a round with its one form."""
    unit = OrganizationFactory(name="成都甲职业技术学院", kind="vocational_college")
    MembershipFactory(body=body, organization=unit, since=D(2020, 1, 1))
    services.round_open(actor=secretariat_user, body=body, year=YEAR)
    return body


def _two_members(body):
    unit = OrganizationFactory(name="成都乙装备有限公司", kind="enterprise")
    MembershipFactory(body=body, organization=unit, since=D(2020, 1, 1))


def test_the_english_report_says_one_member_unit_and_two_member_units(one_member):
    with translation.override("en"):
        report = annual.build(one_member, YEAR)
        html, docx = to_html(report, {}), _docx_text(to_docx(report, {}))
    for text in (html, docx):
        assert "At the end of 2024 the body had 1 member unit." in text
        assert "Collection: 0 of 1 unit submitted" in text
    _two_members(one_member)
    with translation.override("en"):
        report = annual.build(one_member, YEAR)
        html, docx = to_html(report, {}), _docx_text(to_docx(report, {}))
    for text in (html, docx):
        assert "At the end of 2024 the body had 2 member units." in text


def test_the_chinese_report_reads_the_same_for_one_and_for_two(one_member):
    report = annual.build(one_member, YEAR)
    assert "截至 2024 年底，共有成员单位 1 家。" in to_html(report, {})
    assert "截至 2024 年底，共有成员单位 1 家。" in _docx_text(to_docx(report, {}))
    assert "填报：0 / 1 家单位已提交" in to_html(report, {})
    _two_members(one_member)
    assert "截至 2024 年底，共有成员单位 2 家。" in to_html(annual.build(one_member, YEAR), {})


def test_the_english_lines_of_what_is_not_listed_are_singular_for_one():
    with translation.override("en"):
        one = unlisted_lines(_unlisted(1, 1, 1))
        two = unlisted_lines(_unlisted(2, 2, 2))
    assert one == [
        "1 more event is not listed one by one (101 in all; the events list exports every one).",
        "1 more agreement is not listed one by one (101 in all).",
        "1 more carrier is not listed one by one (101 in all).",
    ]
    assert two == [
        "2 more events are not listed one by one (102 in all; the events list exports every one).",
        "2 more agreements are not listed one by one (102 in all).",
        "2 more carriers are not listed one by one (102 in all).",
    ]
    assert unlisted_lines(_unlisted(1, 0, 0)) == [
        "另有 1 场活动未逐一列出（共 101 场，完整清单见活动列表的导出）。"
    ]


def test_the_english_messages_of_the_collection_and_the_plan_import_are_singular_for_one():
    with translation.override("en"):
        assert REMINDED % {"n": 1} == "Reminder sent to 1 contact."
        assert REMINDED % {"n": 3} == "Reminders sent to 3 contacts."
        assert FORMS_ADDED % {"n": 1} == "Form added for 1 new member unit."
        assert FORMS_ADDED % {"n": 2} == "Forms added for 2 new member units."
        assert READ_VALUES % {"n": 1} == "Read 1 value from the file."
        assert READ_VALUES % {"n": 2} == "Read 2 values from the file."
        assert IMPORTED % {"n": 1} == "Imported 1 target."
        assert IMPORTED % {"n": 2} == "Imported 2 targets."
    assert REMINDED % {"n": 1} == "已向 1 位联系人发送提醒。"
    assert IMPORTED % {"n": 2} == "已导入 2 个指标目标。"


def test_the_english_supervisors_view_counts_one_body_in_the_singular(client, admin_user):
    from django.conf import settings

    from chanjiao.registry.tests.factories import BodyFactory

    BodyFactory(name="成都甲职教集团", region_code="510100")
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("supervision"), {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    assert "2024: 1 body, ranked by the chosen indicator." in page.content.decode()
    BodyFactory(name="成都乙职教集团", region_code="510100")
    page = client.get(reverse("supervision"), {"year": YEAR}, HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "2024: 2 bodies side by side, ranked by the chosen indicator." in text
