"""The minutes (会议纪要) of a meeting: attendance, each motion with its resolution and figures,
the secretary's notes — the same text in the .docx, the PDF and the page; from the CLI too."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse

from chanjiao.cli import main
from chanjiao.governance import services
from chanjiao.registry.tests.factories import OrganizationFactory


def _closed_meeting(body, council, secretariat_user):
    meeting = services.meeting_create(
        actor=secretariat_user,
        body=body,
        organ="council",
        title="一届三次理事会",
        date=datetime.date(2025, 6, 18),
        agenda="一、审议吸收新成员",
    )
    for key in ("chair", "vice", "director1"):
        services.attendance_set(
            actor=secretariat_user, meeting=meeting, organization=council[key][0], status="present"
        )
    motion = services.motion_create(
        actor=secretariat_user,
        meeting=meeting,
        decision_type="admission",
        title="关于吸收新成员的议案",
        admits=[OrganizationFactory(name="申请加入科技有限公司")],
    )
    services.motion_open(actor=secretariat_user, motion=motion)
    for key in ("chair", "vice", "director1"):
        services.vote_cast(actor=council[key][1], motion=motion, choice="yes")
    services.motion_close(actor=secretariat_user, motion=motion)
    meeting.notes = "会议由理事长主持。"
    meeting.save()
    return meeting


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_minutes_carry_attendance_resolutions_and_notes_in_every_format(
    client, body, council, secretariat_user, plain_user
):
    meeting = _closed_meeting(body, council, secretariat_user)
    client.force_login(secretariat_user)
    docx = client.get(reverse("governance:minutes", args=[meeting.pk, "docx"]))
    assert "attachment" in docx["Content-Disposition"]
    html = client.get(reverse("governance:minutes", args=[meeting.pk, "html"])).content.decode()
    for text in (_docx_text(docx.content), html):
        assert "一届三次理事会 会议纪要" in text
        assert "理事单位二学校" in text and "缺席" not in text  # not recorded: 未登记
        assert "未登记" in text and "出席" in text
        assert (
            "第 1 号决议：通过。有表决权 4，参加 3；赞成 3，反对 0，弃权 0（须 2 票赞成）。" in text
        )
        assert "会议由理事长主持。" in text and "审议吸收新成员" in text
    pdf = client.get(reverse("governance:minutes", args=[meeting.pk, "pdf"])).content
    assert pdf.startswith(b"%PDF")
    client.force_login(plain_user)
    assert client.get(reverse("governance:minutes", args=[meeting.pk, "pdf"])).status_code == 404


def test_the_minutes_from_the_command_line(
    body, council, secretariat_user, admin_user, tmp_path, capsys
):
    meeting = _closed_meeting(body, council, secretariat_user)
    out = tmp_path / "纪要.docx"
    assert main(["minutes", str(meeting.pk), "--format", "docx", "--out", str(out)]) == 0
    assert "第 1 号决议" in _docx_text(out.read_bytes())
    assert main(["minutes", "999999", "--out", str(out)]) != 0
    printed = capsys.readouterr()
    assert "没有这次会议" in printed.out + printed.err


def test_the_printable_minutes_declare_the_language_they_are_written_in(
    client, body, council, secretariat_user
):
    """The printable page said lang="zh-hans" over English text (a screen reader then reads
    English with Chinese rules), and had no main landmark to jump to."""
    meeting = _closed_meeting(body, council, secretariat_user)
    client.force_login(secretariat_user)
    url = reverse("governance:minutes", args=[meeting.pk, "html"])
    chinese = client.get(url).content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans">' in chinese and "会议纪要" in chinese
    assert '<html lang="en">' in english and "Minutes" in english
    assert "<main>" in chinese
