"""The minutes of a meeting (会议纪要), written from the record: the meeting, the attendance of
its voting units, the agenda, each motion with its resolution and figures, and the secretary's
notes — as a standalone HTML page, a PDF (WeasyPrint) and a .docx (python-docx), the same text
in each."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chanjiao.core.words import aside
from chanjiao.reports.documents import WordDocument

from .models import Attendance, Meeting, Motion, Resolution
from .services.roll import meeting_voters

FORMATS = ("docx", "pdf", "html")


@dataclass
class MotionLine:
    motion: Motion
    resolution: Resolution | None

    @property
    def result(self) -> str:
        if self.resolution is None:
            return _("未表决")
        figures = self.resolution.figures
        outcome = _("通过") if self.resolution.passed else _("未通过")
        if figures.get("recorded"):
            return _("第 %(n)d 号决议：%(outcome)s（据%(source)s记载，未载票数）。") % {
                "n": self.resolution.number,
                "outcome": outcome,
                "source": figures.get("source", ""),
            }
        # The count that decides English's singular or plural is the yes votes needed.
        return ngettext(
            "第 %(n)d 号决议：%(outcome)s。有表决权 %(members)s，参加 %(present)s；"
            "赞成 %(yes)s，反对 %(no)s，弃权 %(abstain)s（须 %(needed)s 票赞成）。",
            "第 %(n)d 号决议：%(outcome)s。有表决权 %(members)s，参加 %(present)s；"
            "赞成 %(yes)s，反对 %(no)s，弃权 %(abstain)s（须 %(needed)s 票赞成）。",
            int(figures.get("needed") or 0),
        ) % {
            "n": self.resolution.number,
            "outcome": outcome,
            "members": figures.get("members", 0),
            "present": figures.get("present", 0),
            "yes": figures.get("yes", 0),
            "no": figures.get("no", 0),
            "abstain": figures.get("abstain", 0),
            "needed": figures.get("needed", 0),
        }


@dataclass
class Minutes:
    meeting: Meeting
    attendance: list[tuple[str, str]]
    motions: list[MotionLine]

    @property
    def title(self) -> str:
        return _("%(meeting)s 会议纪要") % {"meeting": self.meeting.title}

    @property
    def heading(self) -> str:
        m = self.meeting
        parts = [m.body.name, m.get_organ_display(), m.get_mode_display(), f"{m.date:%Y-%m-%d}"]
        return " · ".join(parts + ([m.place] if m.place else []))


def build(meeting: Meeting) -> Minutes:
    records = {a.organization_id: a for a in meeting.attendance.select_related("proxy")}
    attendance = []
    # The meeting's roll: a unit admitted at the meeting is not among its voters.
    for unit in meeting_voters(meeting):
        record = records.get(unit.pk)
        if meeting.mode == Meeting.Mode.CORRESPONDENCE:
            status = ""
        elif record is None:
            status = _("未登记")
        elif record.status == Attendance.Status.PROXY and record.proxy:
            status = aside(record.get_status_display(), record.proxy.name)
        else:
            status = record.get_status_display()
        attendance.append((unit.name, status))
    motions = [
        MotionLine(motion, getattr(motion, "resolution", None))
        for motion in meeting.motions.select_related("resolution")
    ]
    return Minutes(meeting=meeting, attendance=attendance, motions=motions)


def to_html(minutes: Minutes) -> str:
    return render_to_string("governance/minutes_document.html", {"minutes": minutes})


def to_pdf(minutes: Minutes) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(minutes)).write_pdf()


def to_docx(minutes: Minutes) -> bytes:
    word = WordDocument()
    meeting = minutes.meeting
    word.heading(minutes.title, 0)
    word.paragraph(minutes.heading)
    word.heading(_("一、出席情况"), 1)
    if meeting.mode == Meeting.Mode.CORRESPONDENCE:
        word.paragraph(_("通讯表决：以寄回的表决票计。"))
    word.table([_("单位"), _("出席情况")], [list(row) for row in minutes.attendance])
    if meeting.agenda:
        word.heading(_("二、议程"), 1)
        for line in meeting.agenda.splitlines():
            word.paragraph(line)
    word.heading(_("三、议案与决议"), 1)
    for line in minutes.motions:
        word.heading(line.motion.title, 2)
        if line.motion.text:
            word.paragraph(line.motion.text)
        word.paragraph(line.result)
    if meeting.notes:
        word.heading(_("四、会议记录"), 1)
        for paragraph in meeting.notes.splitlines():
            word.paragraph(paragraph)
    return word.bytes()


WRITERS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", to_docx),
    "pdf": ("application/pdf", to_pdf),
    "html": ("text/html; charset=utf-8", lambda minutes: to_html(minutes).encode()),
}
