"""The annual report read in English names the body and its units by their English names
(英文名称) where one is recorded; read in Chinese, by their names."""

from __future__ import annotations

import datetime
import io

from chanjiao.reports import annual

D = datetime.date
YEAR = 2026


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_english_report_names_the_body_and_its_units_by_their_english_names(body):
    from django.utils import translation

    from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
    from chanjiao.reports.documents import to_docx, to_html

    body.english_name = "Chengdu Mould Vocational Education Group"
    body.save()
    chair = OrganizationFactory(name="成都甲职业技术学院", english_name="Chengdu A Polytechnic")
    MembershipFactory(body=body, organization=chair, role="chair", since=D(2020, 1, 1))
    plain = OrganizationFactory(name="成都丙装备有限公司")  # no English name: its name
    MembershipFactory(body=body, organization=plain, role="vice_chair", since=D(2020, 1, 1))
    with translation.override("en"):
        report = annual.build(body, YEAR)
        assert report.title == "Chengdu Mould Vocational Education Group: annual work report 2026"
        html = to_html(report, {})
        docx = to_docx(report, {})
    assert "Chengdu A Polytechnic" in html and "成都甲职业技术学院" not in html
    assert "成都丙装备有限公司" in html
    assert "Chengdu A Polytechnic" in _docx_text(docx)
    with translation.override("zh-hans"):
        assert annual.build(body, YEAR).title.startswith(body.name)
