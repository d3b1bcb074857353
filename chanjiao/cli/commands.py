"""The ``chanjiao`` commands on data: demo, imports and exports, users and tokens, matching and
the ingest of files."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

from chanjiao.core.terminal import progress_bar

from .base import (
    CommandError,
    _,
    _first_admin,
    _print_accounts,
    _print_errors,
    find_actor,
    find_body,
    find_organization,
)

# --- commands -------------------------------------------------------------------------------


def cmd_demo(args, console) -> int:
    """Load the demo data; its sign-ins only into an empty database (a fresh install)."""
    from django.core.management import call_command

    from chanjiao.core.changelog import change_source
    from chanjiao.demo.loader import DEMO_ACCOUNTS, database_is_empty, load_demo

    # A fresh database has no tables yet: the demo must work as the first command too.
    call_command("migrate", interactive=False, verbosity=0)
    empty = database_is_empty()
    # On an empty database the demo's own admin acts; otherwise a real admin must.
    actor = find_actor(args.as_user) if args.as_user else (None if empty else find_actor(None))
    with change_source("cli"):
        summary = load_demo(actor=actor)
    created = sum(v["created"] for v in summary.values())
    existing = sum(v["existing"] for v in summary.values())
    console.print(
        _("演示数据：新建 %(created)d，已有 %(existing)d")
        % {"created": created, "existing": existing}
    )
    for label, counts in summary.items():
        console.print(f"  {label:22} +{counts['created']:<4} ={counts['existing']}")
    if empty:
        _print_accounts(console, DEMO_ACCOUNTS)
    else:
        console.print(_("数据库不是空的：未创建演示账号"))
    return 0


def _read_file(args) -> tuple[Path, bytes]:
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("找不到文件：%(path)s") % {"path": path})
    return path, path.read_bytes()


def _write_checked(console, preview, *, summary: str, dry_run: bool, commit, refused, done) -> int:
    """An import on the command line once its file is checked: the counts, then the errors (and
    nothing written), or nothing more on a dry run, or the rows written with a progress bar —
    all or none (``refused``: the import's error, carrying the preview with what to fix)."""
    console.print(summary)
    if not preview.is_valid:
        _print_errors(console, preview)
        console.print(_("未写入任何数据"))
        return 1
    if dry_run:
        console.print(_("预演，未写入任何数据"))
        return 0
    with progress_bar(console, _("写入"), len(preview.rows)) as progress:
        try:
            result = commit(progress)
        except refused as exc:
            _print_errors(console, exc.preview)
            console.print(_("未写入任何数据"))
            return 1
    console.print(done(result))
    return 0


def cmd_import_members(args, console) -> int:
    from chanjiao.core.changelog import change_source
    from chanjiao.registry import excel

    body = find_body(args.body)
    actor = find_actor(args.as_user)
    _path, data = _read_file(args)
    with change_source("cli"):
        with progress_bar(console, _("校验")) as progress:
            preview = excel.member_import_preview(
                actor=actor, body=body, file=data, progress=progress
            )
        return _write_checked(
            console,
            preview,
            summary=_(
                "%(body)s：%(rows)d 行 · 新单位 %(new_organizations)d · "
                "新增成员 %(new_memberships)d · 已是成员 %(skipped)d"
            )
            % {"body": body.name, **preview.counts()},
            dry_run=args.dry_run,
            commit=lambda progress: excel.member_import_commit(
                actor=actor, body=body, file_or_rows=data, progress=progress
            ),
            refused=excel.MemberImportError,
            done=lambda result: (
                _("已导入：新单位 %(organizations)d · 新增成员 %(memberships)d · 跳过 %(skipped)d")
                % {
                    "organizations": result.created_organizations,
                    "memberships": result.created_memberships,
                    "skipped": result.skipped,
                }
            ),
        )


def cmd_import_talent(args, console) -> int:
    """Import a body's postings, cohorts, students or choices (志愿) from .xlsx/.csv: all rows
    or none, checked first (``--dry-run`` checks only)."""
    from chanjiao.core.changelog import change_source
    from chanjiao.talent import excel as talent_excel

    body = find_body(args.body)
    actor = find_actor(args.as_user)
    path, data = _read_file(args)
    with change_source("cli"):
        preview = talent_excel.import_preview(
            actor=actor, body=body, kind=args.kind, file=data, filename=path.name
        )
        return _write_checked(
            console,
            preview,
            summary=_("%(body)s：%(rows)d 行 · 新增 %(new)d · 已有 %(skipped)d")
            % {"body": body.name, **preview.counts()},
            dry_run=args.dry_run,
            commit=lambda progress: talent_excel.import_commit(
                actor=actor,
                body=body,
                kind=args.kind,
                file=data,
                filename=path.name,
                progress=progress,
            ),
            refused=talent_excel.TalentImportError,
            done=lambda result: (
                _("已导入 %(rows)d 行：新增 %(created)d · 跳过 %(skipped)d")
                % {"rows": result.rows, "created": result.created, "skipped": result.skipped}
            ),
        )


def cmd_export(args, console, which: str) -> int:
    from chanjiao.events.exports import events_to_xlsx
    from chanjiao.registry import excel

    if not args.file.lower().endswith(".xlsx") and not Path(args.file).is_dir():
        # The file is an Excel workbook whatever its name; another ending would mislead. (A
        # folder is refused by the write itself: "这是一个文件夹，请给出文件名".)
        raise CommandError(
            _("请给出以 .xlsx 结尾的文件名（写出的是 Excel 表格）：%(file)s") % {"file": args.file}
        )
    body = find_body(args.body)
    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    data = (excel.members_to_xlsx if which == "members" else events_to_xlsx)(body, actor=actor)
    Path(args.file).write_bytes(data)
    console.print(_("已写出 %(file)s（%(size)d 字节）") % {"file": args.file, "size": len(data)})
    return 0


def cmd_import_majors(args, console) -> int:
    """Load the majors catalogue (职业教育专业目录) from .csv/.xlsx: all rows or none."""
    from chanjiao.core.changelog import change_source
    from chanjiao.talent import excel as talent_excel

    actor = find_actor(args.as_user)
    path, data = _read_file(args)
    try:
        with change_source("cli"), progress_bar(console, _("导入")) as progress:
            result = talent_excel.majors_import(
                actor=actor,
                file=data,
                filename=path.name,
                progress=progress,
            )
    except talent_excel.TalentImportError as exc:
        _print_errors(console, exc.preview)
        console.print(_("未写入任何数据"))
        return 1
    console.print(
        _(
            "已导入 %(rows)d 行：新大类 %(categories)d · 新专业类 %(classes)d · "
            "新专业 %(majors)d · 更新 %(updated)d · 未变 %(unchanged)d"
        )
        % {
            "rows": result.rows,
            "categories": result.created_categories,
            "classes": result.created_classes,
            "majors": result.created_majors,
            "updated": result.updated_majors,
            "unchanged": result.unchanged,
        }
    )
    return 0


def cmd_createuser(args, console) -> int:
    from chanjiao.accounts.services import account_ensure
    from chanjiao.core.changelog import change_source

    password = args.password
    if password is None and not args.no_password:
        if not sys.stdin.isatty():
            raise CommandError(_("请用 --password 指定密码（没有终端可以询问）"))
        password = getpass.getpass(_("密码："))
        if password != getpass.getpass(_("再次输入：")):
            raise CommandError(_("两次输入的密码不一致"))
    if password == "":  # an empty $PASSWORD would make an account no one can sign in to
        raise CommandError(_("密码不能为空（不设密码请用 --no-password）"))
    # account_ensure checks the password with every validator (AUTH_PASSWORD_VALIDATORS).
    body = find_body(args.secretariat_of) if args.secretariat_of else None
    org = find_organization(args.contact_of) if args.contact_of else None
    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    with change_source("cli"):
        user, created = account_ensure(
            actor=actor,
            username=args.username,
            password=password,
            admin=args.admin,
            secretariat_of=body,
            contact_of=org,
            supervises_region=args.supervises_region,
            region_name=args.region_name,
            reset_password=True,
        )
    roles = []
    if user.is_superuser:
        roles.append(_("平台管理员"))
    if body:
        roles.append(_("%(body)s 秘书处") % {"body": body.name})
    if org:
        roles.append(_("%(organization)s 联系人") % {"organization": org.name})
    if args.supervises_region:
        region = args.region_name or args.supervises_region
        roles.append(_("%(region)s 主管部门") % {"region": region})
    done = _("已创建 %(username)s") if created else _("已更新 %(username)s")
    line = done % {"username": user.username}
    if roles:
        from chanjiao.core import words

        line = _("%(done)s：%(roles)s") % {"done": line, "roles": words.listed(roles)}
    console.print(line)
    return 0


def cmd_token(args, console) -> int:
    """Print a new API token for USER (for scripts): the token alone on stdout, once."""
    from django.contrib.auth import get_user_model

    from chanjiao.accounts.services import api_token_create
    from chanjiao.core.changelog import change_source

    user = get_user_model().objects.filter(username=args.username, is_active=True).first()
    if user is None:
        raise CommandError(_("找不到启用的用户“%(username)s”") % {"username": args.username})
    with change_source("cli"):
        token, raw = api_token_create(actor=user, name=args.name)
    # Only the token on stdout, so `TOKEN=$(chanjiao token bob)` works; the rest on stderr.
    print(raw)
    print(
        _(
            "已为 %(username)s 创建 API 令牌“%(name)s”（只显示这一次）："
            "请求时发送 `Authorization: Bearer <令牌>`"
        )
        % {"username": user.username, "name": token.name},
        file=sys.stderr,
    )
    return 0


def cmd_migrate(args, console) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_match(args, console) -> int:
    """Run the matching engine on files (no database): ``chanjiao match stable|optimal``."""
    from chanjiao.talent.engine.io import MatchInputError, run_match_files

    try:
        with progress_bar(console, _("匹配")) as progress:
            summary = run_match_files(
                args.mode,
                args.edges,
                args.positions,
                args.out,
                progress=progress,
            )
    except MatchInputError as exc:
        raise CommandError(exc.translated(_)) from exc
    console.print(_("已匹配：%(matched)d / %(students)d 名学生") % summary)
    console.print(_("目标值：%(objective).6f") % summary)
    console.print(_("用时：%(seconds).4f 秒（共 %(total_seconds).2f 秒）") % summary)
    console.print(_("检查：%(check)s") % summary)
    console.print(_("已写出：%(file)s") % {"file": args.out})
    return 0 if summary["check"] == "ok" else 1


def cmd_ingest(args) -> int:
    """News articles → FORMAT.md records (``chanjiao ingest --json/--out``); no database.

    ``--json`` prints the record (one file: an indented object; several: one object a line);
    ``--out DIR`` writes DIR/<file stem>.json for each file. A folder stands for the articles
    in it.
    """
    import json

    from chanjiao.ingest.commands import article_paths
    from chanjiao.ingest.pipeline import ingest_file

    paths = article_paths(args.files)
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        # Without Django (files in, JSON out) there is no catalogue: the default language.
        print(f"错误：找不到文件：{', '.join(missing)}", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for path in paths:
        result = ingest_file(path, source_url=args.source_url)
        for warning in result.warnings:
            print(f"{path.name}: {warning}", file=sys.stderr)
        if out:
            target = out / f"{path.stem}.json"
            target.write_text(
                json.dumps(result.record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            print(f"已写出 {target}", file=sys.stderr)
        elif len(paths) == 1:
            print(json.dumps(result.record, ensure_ascii=False, indent=1))
        else:
            print(json.dumps(result.record, ensure_ascii=False))
    return 0
