"""Control characters in the annual report: a written section holding one is refused with a
message naming the section and the character (line breaks of any kind become one "\\n"), and
the .docx is written whatever the records hold (a unit's name, a section stored before)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from chanjiao.registry.models import Organization
from chanjiao.registry.tests.factories import MembershipFactory
from chanjiao.reports import annual, services
from chanjiao.reports.documents import WordDocument, to_docx
from chanjiao.reports.models import ReportText

YEAR = 2025


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_a_written_section_with_a_control_character_is_refused_naming_the_section(
    body, secretariat_user
):
    with pytest.raises(ValidationError) as caught:
        services.report_texts_save(
            actor=secretariat_user,
            body=body,
            year=YEAR,
            texts={"cases": "典型案例一\x0b第二行\x1b[31m", "problems": "无"},
        )
    assert caught.value.message_dict == {
        "cases": ["典型案例：第 10 个字符是控制字符 U+001B，请删除后再保存。"]
    }
    assert not ReportText.objects.exists()  # all or nothing


def test_line_breaks_of_any_kind_are_kept_as_newlines(body, secretariat_user):
    services.report_texts_save(
        actor=secretariat_user,
        body=body,
        year=YEAR,
        texts={"cases": "第一行\r\n第二行\x0b第三行\f第四行\r第五行\t完"},
    )
    assert ReportText.objects.get().text == "第一行\n第二行\n第三行\n第四行\n第五行\t完"


def test_the_report_page_says_which_section_to_fix_and_the_docx_still_downloads(
    client, body, secretariat_user
):
    page = reverse("annual_report", args=[body.pk, YEAR])
    client.force_login(secretariat_user)
    response = client.post(
        page,
        {"cases": "典型案例一\x0b第二行\x1b[31m", "problems": "", "next_year": ""},
        follow=True,
    )
    assert "典型案例：第 10 个字符是控制字符 U+001B" in response.content.decode()
    docx = client.get(reverse("annual_report_download", args=[body.pk, YEAR, "docx"]))
    assert docx.status_code == 200


def test_the_docx_is_written_from_records_holding_control_characters(body, secretariat_user):
    # Stored before the check, or by another way in: the document drops what Word cannot hold.
    ReportText.objects.create(body=body, year=YEAR, section="cases", text="案例\x1b[31m一\n第二行")
    unit = Organization.objects.create(name="成都\x07甲职业技术学院", kind="vocational_college")
    MembershipFactory(body=body, organization=unit, role="chair")
    text = _docx_text(to_docx(annual.build(body, YEAR)))
    assert "案例[31m一" in text and "第二行" in text
    assert "成都甲职业技术学院" in text


def test_the_word_writer_drops_characters_a_docx_cannot_hold():
    word = WordDocument()
    word.heading("标题\x00", 1)
    word.paragraph("段落\x1f")
    word.bullet("要点\x08", 2)
    word.table(["表头\x0c"], [["单元格\x1b"]])
    assert _docx_text(word.bytes()).split("\n") == ["标题", "段落", "要点", "表头", "单元格"]
