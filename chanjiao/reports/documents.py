"""The annual report as documents: an HTML page that prints well, a PDF (WeasyPrint, from the
same HTML), and a .docx (python-docx) that offices edit. All three are written from one
:class:`~chanjiao.reports.annual.AnnualReport` and one set of chart images, so their numbers
are those of ``format=json``."""

from __future__ import annotations

import base64
import io
import re
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from chanjiao.core.words import listed

from .annual import AnnualReport, local_name
from .charts import report_charts
from .models import ReportText
from .plans import STATUS_LABELS

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
CJK_FONT = "Noto Sans CJK SC"


#: What XML 1.0 (a .docx) cannot hold: C0 control characters other than tab, newline and
#: carriage return, unpaired surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text) -> str:
    """``text`` without the characters a .docx cannot hold: text from any source (a written
    section, a unit's name, an import) is written, never a failed download."""
    return _NOT_XML.sub("", str(text))


def number(value: Decimal | None) -> str:
    """``1,200``, ``85.5``: a figure as the report prints it ("—" when unknown)."""
    if value is None:
        return "—"
    value = Decimal(value).normalize()
    return f"{value:,f}" if value == value.to_integral_value() else f"{value:,}"


def change(value: Decimal | None) -> str:
    if value is None:
        return "—"
    if not value:
        return "0"
    return ("+" if value > 0 else "") + number(value)


def document_context(report: AnnualReport, charts: dict[str, bytes]) -> dict:
    return {
        "report": report,
        "charts": {k: base64.b64encode(v).decode() for k, v in charts.items()},
        "sections": [
            (label, report.texts.get(key, "")) for key, label in ReportText.Section.choices
        ],
        "status_labels": list(STATUS_LABELS.values()),
        "unlisted": unlisted_lines(report),
    }


def unlisted_lines(report: AnnualReport) -> list[str]:
    """What the report counts but does not list by name (a long year lists its first ones)."""
    messages = {
        "events": lambda n: ngettext(
            "另有 %(n)d 场活动未逐一列出（共 %(total)d 场，完整清单见活动列表的导出）。",
            "另有 %(n)d 场活动未逐一列出（共 %(total)d 场，完整清单见活动列表的导出）。",
            n,
        ),
        "agreements": lambda n: ngettext(
            "另有 %(n)d 份协议未逐一列出（共 %(total)d 份）。",
            "另有 %(n)d 份协议未逐一列出（共 %(total)d 份）。",
            n,
        ),
        "carriers": lambda n: ngettext(
            "另有 %(n)d 个载体未逐一列出（共 %(total)d 个）。",
            "另有 %(n)d 个载体未逐一列出（共 %(total)d 个）。",
            n,
        ),
    }
    totals = {
        "events": report.events_total,
        "agreements": report.agreements_total,
        "carriers": report.carriers_total,
    }
    return [
        messages[key](n) % {"n": n, "total": totals[key]}
        for key, n in report.unlisted.items()
        if n > 0
    ]


def figure_name(f) -> str:
    """An indicator's name in the .docx, marked when its value is synthetic."""
    if not f.is_synthetic:
        return f.indicator.label
    return _("%(name)s（%(detail)s）") % {"name": f.indicator.label, "detail": _("合成数据")}


def to_html(report: AnnualReport, charts: dict[str, bytes] | None = None) -> str:
    """The report as one standalone HTML document (charts inline), for printing and the PDF."""
    charts = charts if charts is not None else report_charts(report)
    return render_to_string("reports/annual_report_document.html", document_context(report, charts))


def to_pdf(report: AnnualReport, charts: dict[str, bytes] | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(report, charts)).write_pdf()


class WordDocument:
    """A .docx in the product's style (python-docx): the CJK body font, headings, bullets at
    two levels, tables with a bold header row, pictures; its bytes by :meth:`bytes`."""

    def __init__(self) -> None:
        from docx import Document
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.doc = doc = Document()
        style = doc.styles["Normal"]
        style.font.name = CJK_FONT
        style.font.size = Pt(10.5)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
        # Styles looked up once and set by id: python-docx finds a style by scanning them all,
        # which a report with thousands of events would do thousands of times.
        self._grid = doc.styles["Table Grid"]
        self._bullets = {
            1: doc.styles["List Bullet"].style_id,
            2: doc.styles["List Bullet 2"].style_id,
        }

    # Every text goes through xml_safe(): python-docx refuses a control character.
    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(xml_safe(text), level=level)

    def paragraph(self, text: str) -> None:
        self.doc.add_paragraph(xml_safe(text))

    def bullet(self, text: str, level: int = 1) -> None:
        paragraph = self.doc.add_paragraph(xml_safe(text))
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = self._bullets[level]

    def table(self, headers: list[str], rows: list[list[str]]) -> None:
        t = self.doc.add_table(rows=1, cols=len(headers))
        t.style = self._grid
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            cell.text = xml_safe(text)
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            for cell, text in zip(t.add_row().cells, row, strict=True):
                cell.text = xml_safe(text)

    def picture(self, data: bytes) -> None:
        from docx.shared import Cm

        self.doc.add_picture(io.BytesIO(data), width=Cm(15))

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def to_docx(report: AnnualReport, charts: dict[str, bytes] | None = None) -> bytes:
    charts = charts if charts is not None else report_charts(report)
    word = WordDocument()
    heading, paragraph, bullet, table = word.heading, word.paragraph, word.bullet, word.table

    def picture(name: str) -> None:
        if name in charts:
            word.picture(charts[name])

    heading(report.title, 0)
    if report.has_synthetic:
        paragraph(_("注：本报告中标注“合成数据”的数值为演示用合成数据，并非真实填报。"))

    heading(_("一、概况"), 1)
    total = sum(n for _k, n in report.composition)
    paragraph(
        ngettext(
            "截至 %(year)s 年底，共有成员单位 %(n)d 家。",
            "截至 %(year)s 年底，共有成员单位 %(n)d 家。",
            total,
        )
        % {"year": report.year, "n": total}
    )
    table([_("类型"), _("数量")], [[k, str(n)] for k, n in report.composition])
    picture("members")
    table([_("角色"), _("数量")], [[r, str(n)] for r, n in report.roles])
    if report.council:
        heading(_("理事会"), 2)
        table(
            [_("单位"), _("角色")],
            [[local_name(m.organization), m.get_role_display()] for m in report.council],
        )
    if report.committees:
        heading(_("专门委员会"), 2)
        table([_("委员会"), _("委员")], [[c.name, str(c.seat_count)] for c in report.committees])
    heading(_("成员变化"), 2)
    paragraph(
        _("新加入：%(names)s")
        % {"names": listed(local_name(m.organization) for m in report.joined) or _("无")}
    )
    paragraph(
        _("退出：%(names)s")
        % {"names": listed(local_name(m.organization) for m in report.departed) or _("无")}
    )

    heading(_("二、年度工作"), 1)
    for line in report.events:
        e = line.event
        named = _("%(name)s（%(detail)s）") % {"name": e.name, "detail": e.get_kind_display()}
        bullet(f"{e.starts_on:%Y-%m-%d} {named}")
        for ceremony, produced in line.ceremonies:
            text = ceremony.name
            if produced:
                text = _("%(summary)s：%(details)s") % {
                    "summary": text,
                    "details": listed(produced),
                }
            bullet(text, 2)
    if not report.events:
        paragraph(_("本年度没有登记活动。"))
    for line in unlisted_lines(report):
        paragraph(line)
    picture("events")
    if report.agreements:
        heading(_("签订协议"), 2)
        table(
            [_("协议"), _("签约日期"), _("签约方")],
            [
                [a.title, f"{a.signed_on:%Y-%m-%d}", listed(local_name(p) for p in a.parties.all())]
                for a in report.agreements
            ],
        )
    if report.carriers:
        heading(_("新建载体"), 2)
        table(
            [_("载体"), _("类型"), _("成立日期")],
            [[c.name, c.get_kind_display(), f"{c.founded_on:%Y-%m-%d}"] for c in report.carriers],
        )

    heading(_("三、四个合作与五大要素"), 1)
    for title, groups in ((_("四个合作"), report.cooperation), (_("五大要素"), report.elements)):
        heading(title, 2)
        table(
            [_("方面"), _("指标"), pgettext("measure", "单位"), _("本年度"), _("变化")],
            [
                [
                    label,
                    figure_name(f),
                    f.indicator.get_unit_display(),
                    number(f.value),
                    change(f.change),
                ]
                for label, figures in groups
                for f in figures
            ],
        )

    heading(_("四、人才供需"), 1)
    table(
        [_("指标"), pgettext("measure", "单位"), str(report.year), _("变化")],
        [
            [figure_name(f), f.indicator.get_unit_display(), number(f.value), change(f.change)]
            for f in report.talent
        ],
    )
    if report.gaps:
        title = _("按专业大类的供需")
        if report.gaps_synthetic:
            title = _("%(name)s（%(detail)s）") % {"name": title, "detail": _("合成数据")}
        heading(title, 2)
        table(
            [_("专业大类"), _("供给（毕业生）"), _("需求（岗位）"), _("缺口")],
            [[g.label, str(g.supply), str(g.demand), change(g.gap)] for g in report.gaps],
        )

    heading(_("五、指标"), 1)
    if report.round is not None:
        paragraph(
            ngettext(
                "填报：%(done)d / %(total)d 家单位已提交（%(status)s）。",
                "填报：%(done)d / %(total)d 家单位已提交（%(status)s）。",
                report.forms_total,
            )
            % {
                "done": report.forms_submitted,
                "total": report.forms_total,
                "status": report.round.get_status_display(),
            }
        )
    table(
        [_("指标"), pgettext("measure", "单位"), str(report.year), str(report.year - 1), _("变化")],
        [
            [
                figure_name(f),
                f.indicator.get_unit_display(),
                number(f.value),
                number(f.previous),
                change(f.change),
            ]
            for f in report.figures
        ],
    )
    picture("trend")
    if report.plans:
        heading(_("规划进展"), 2)
        table(
            [_("发展规划"), *(str(label) for label in STATUS_LABELS.values())],
            [[plan.name, *(str(n) for n in statuses.values())] for plan, statuses in report.plans],
        )

    heading(_("六、典型案例、问题与下年度计划"), 1)
    for label, text in document_context(report, {})["sections"]:
        heading(str(label), 2)
        for line in (text or _("（待填写）")).splitlines():
            paragraph(line)
    return word.bytes()
