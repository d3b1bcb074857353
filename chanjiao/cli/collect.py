"""``chanjiao collect open|status|lock BODY YEAR``: a body's yearly collection round (填报)."""

from __future__ import annotations

import datetime

from .base import CommandError, _, _first_admin, find_actor, find_body


def cmd_collect(args, console) -> int:
    from rich.table import Table

    from chanjiao.core.changelog import change_source
    from chanjiao.reports import selectors, services
    from chanjiao.reports.models import CollectionRound

    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    body = find_body(args.body)
    round_ = CollectionRound.objects.filter(body=body, year=args.year).first()
    if args.action == "open":
        deadline = None
        if args.deadline:
            try:
                deadline = datetime.date.fromisoformat(args.deadline)
            except ValueError as exc:
                raise CommandError(
                    _("截止日期须为 YYYY-MM-DD：%(value)s") % {"value": args.deadline}
                ) from exc
        with change_source("cli"):
            round_ = services.round_open(actor=actor, body=body, year=args.year, deadline=deadline)
        console.print(
            _("已发起 %(round)s：%(n)d 张填报表") % {"round": round_, "n": round_.forms.count()}
        )
        return 0
    if round_ is None:
        raise CommandError(
            _("%(body)s 没有 %(year)s 年度的填报") % {"body": body, "year": args.year}
        )
    if args.action == "lock":
        with change_source("cli"):
            services.round_lock(actor=actor, round=round_)
        console.print(_("已锁定 %(round)s") % {"round": round_})
        return 0
    table = Table(title=str(round_))
    for header in (_("填报单位"), _("表类型"), _("状态"), _("提交时间")):
        table.add_column(header)
    forms = selectors.round_forms(actor=actor, round=round_)
    for form in forms:
        table.add_row(
            str(form.organization or body),
            form.get_audience_display(),
            form.get_status_display(),
            form.submitted_at.strftime("%Y-%m-%d %H:%M") if form.submitted_at else "",
        )
    console.print(table)
    done = sum(1 for f in forms if f.status == "submitted")
    console.print(
        _("%(status)s：已提交 %(done)d / %(total)d")
        % {"status": round_.get_status_display(), "done": done, "total": len(forms)}
    )
    return 0


def cmd_report(args, console) -> int:
    """``chanjiao report BODY YEAR --format docx|pdf|html|json --out FILE``."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from chanjiao.reports import annual
    from chanjiao.reports.views_annual import FORMATS, readable_report

    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    body = readable_report(actor, find_body(args.body).pk, args.year)
    report = annual.build(body, args.year)
    if args.format == "json":
        data = json.dumps(report.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
        content = data.encode()
    else:
        from chanjiao.reports.charts import report_charts

        content = FORMATS[args.format][1](report, report_charts(report))
    return _write(
        args.out or f"{body.name}-{args.year}年度工作报告.{args.format}", content, console
    )


def _write(path: str, content: bytes, console) -> int:
    from pathlib import Path

    out = Path(path)
    out.write_bytes(content)  # a file that cannot be written is reported by main()
    console.print(_("已写出 %(path)s") % {"path": out})
    return 0


def cmd_minutes(args, console) -> int:
    """``chanjiao minutes MEETING --format docx|pdf|html --out FILE``."""
    from chanjiao.governance import minutes, selectors

    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    meeting = selectors.meeting_list(actor=actor).filter(pk=args.meeting).first()
    if meeting is None:
        raise CommandError(_("没有这次会议，或无权查看：%(id)s") % {"id": args.meeting})
    content = minutes.WRITERS[args.format][1](minutes.build(meeting))
    return _write(args.out or f"{meeting.title}-会议纪要.{args.format}", content, console)
