"""The ``chanjiao`` command: serve the platform, load the demo, import and export Excel lists,
create users.

Every write runs as an actor (``--as USER``, by default the first platform admin) and is
labelled ``cli`` in the change log (imports are labelled ``import``).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


class CommandError(Exception):
    """A problem to report in one line and exit non-zero."""


# --- look-ups -------------------------------------------------------------------------------


def find_body(ref: str):
    """A body by id, exact name, short name or alias."""
    from django.db.models import Q

    from chanjiao.registry.models import Body

    ref = ref.strip()
    if ref.isdigit():
        body = Body.objects.filter(pk=int(ref)).first()
        if body:
            return body
    body = Body.objects.filter(name=ref).first()
    if body:
        return body
    candidates = [
        b
        for b in Body.objects.filter(Q(short_name=ref) | Q(aliases__contains=ref))
        if ref == b.short_name or ref in b.alias_list
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise CommandError(
            f"“{ref}” 指向多个产教融合体 / matches several bodies: "
            + "、".join(f"{b.pk} {b.name}" for b in candidates)
        )
    raise CommandError(f"找不到产教融合体 / no body “{ref}” (give its id or full name)")


def find_organization(ref: str):
    from chanjiao.registry.models import Organization

    ref = ref.strip()
    org = None
    if ref.isdigit():
        org = Organization.objects.filter(pk=int(ref)).first()
    org = org or Organization.objects.filter(name=ref).first()
    org = org or Organization.objects.filter(credit_code=ref.upper()).first()
    if org is None:
        raise CommandError(f"找不到单位 / no organisation “{ref}” (give its id or full name)")
    return org


def find_actor(username: str | None):
    """The ``--as`` user, or the first platform admin."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"找不到用户 / no active user “{username}”")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(
            "没有平台管理员：请先运行 `chanjiao createuser NAME --admin` 或用 --as 指定用户 / "
            "no platform admin: create one with `chanjiao createuser NAME --admin` or pass --as"
        )
    return user


# --- commands -------------------------------------------------------------------------------


def cmd_demo(args, console) -> int:
    from django.core.management import call_command

    from chanjiao.core.changelog import change_source
    from chanjiao.demo.loader import DEMO_ACCOUNTS, load_demo

    # A fresh database has no tables yet: the demo must work as the first command too.
    call_command("migrate", interactive=False, verbosity=0)
    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    with change_source("cli"):
        summary = load_demo(actor=actor)
    created = sum(v["created"] for v in summary.values())
    console.print(
        f"演示数据 / demo data: 新建 created {created}, 已有 existing "
        f"{sum(v['existing'] for v in summary.values())}"
    )
    for label, counts in summary.items():
        console.print(f"  {label:22} +{counts['created']:<4} ={counts['existing']}")
    _print_accounts(console, DEMO_ACCOUNTS)
    return 0


def _first_admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _print_accounts(console, accounts) -> None:
    console.print("演示账号 / demo sign-ins:")
    for username, password, what in accounts:
        console.print(f"  {username:8} / {password:14} {what}")


def _print_errors(console, preview) -> None:
    from rich.table import Table

    table = Table(title=f"错误 / errors ({len(preview.errors)})", show_lines=False)
    table.add_column("行 row", justify="right")
    table.add_column("列 column")
    table.add_column("问题 / what to fix")
    for e in preview.errors:
        table.add_row(str(e.row or ""), e.column_label, e.message)
    console.print(table)


def cmd_import_members(args, console) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from chanjiao.core.changelog import change_source
    from chanjiao.registry import excel

    body = find_body(args.body)
    actor = find_actor(args.as_user)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"找不到文件 / no such file: {path}")
    data = path.read_bytes()
    with change_source("cli"):
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("校验 / checking", total=None)
            preview = excel.member_import_preview(
                actor=actor,
                body=body,
                file=data,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        counts = preview.counts()
        console.print(
            f"{body.name}: {counts['rows']} 行 rows · 新单位 new organisations "
            f"{counts['new_organizations']} · 新增成员 new memberships {counts['new_memberships']}"
            f" · 已是成员 skipped {counts['skipped']}"
        )
        if not preview.is_valid:
            _print_errors(console, preview)
            console.print("未写入任何数据 / nothing written")
            return 1
        if args.dry_run:
            console.print("预演，未写入 / dry run: nothing written")
            return 0
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("写入 / writing", total=len(preview.rows))
            try:
                result = excel.member_import_commit(
                    actor=actor,
                    body=body,
                    file_or_rows=data,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
            except excel.MemberImportError as exc:
                _print_errors(console, exc.preview)
                console.print("未写入任何数据 / nothing written")
                return 1
    console.print(
        f"已导入 / imported: 新单位 {result.created_organizations} · 新增成员 "
        f"{result.created_memberships} · 跳过 {result.skipped}"
    )
    return 0


def cmd_export(args, console, which: str) -> int:
    from chanjiao.registry import excel

    body = find_body(args.body)
    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    data = (excel.members_to_xlsx if which == "members" else excel.events_to_xlsx)(
        body, actor=actor
    )
    Path(args.file).write_bytes(data)
    console.print(f"已写出 / wrote {args.file} ({len(data)} bytes)")
    return 0


def cmd_import_majors(args, console) -> int:
    """Load the majors catalogue (职业教育专业目录) from .csv/.xlsx: all rows or none."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from chanjiao.core.changelog import change_source
    from chanjiao.talent import excel as talent_excel

    actor = find_actor(args.as_user)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"找不到文件 / no such file: {path}")
    data = path.read_bytes()
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    try:
        with change_source("cli"), Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("导入 / importing", total=None)
            result = talent_excel.majors_import(
                actor=actor,
                file=data,
                filename=path.name,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except talent_excel.TalentImportError as exc:
        _print_errors(console, exc.preview)
        console.print("未写入任何数据 / nothing written")
        return 1
    console.print(
        f"已导入 / imported {result.rows} 行 rows: 新大类 categories {result.created_categories}"
        f" · 新专业类 classes {result.created_classes} · 新专业 majors {result.created_majors}"
        f" · 更新 updated {result.updated_majors} · 未变 unchanged {result.unchanged}"
    )
    return 0


def cmd_createuser(args, console) -> int:
    from chanjiao.accounts.services import account_ensure
    from chanjiao.core.changelog import change_source

    password = args.password
    if password is None and not args.no_password:
        if not sys.stdin.isatty():
            raise CommandError("请用 --password 指定密码 / pass --password (no terminal to ask)")
        password = getpass.getpass("密码 / password: ")
        if password != getpass.getpass("再次输入 / again: "):
            raise CommandError("两次输入的密码不一致 / the passwords differ")
    if password is not None:
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
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
            reset_password=True,
        )
    roles = []
    if user.is_superuser:
        roles.append("平台管理员 / admin")
    if body:
        roles.append(f"{body.name} 秘书处 / secretariat")
    if org:
        roles.append(f"{org.name} 联系人 / contact")
    console.print(
        f"{'已创建 / created' if created else '已更新 / updated'} {user.username}"
        + (f": {', '.join(roles)}" if roles else "")
    )
    return 0


def cmd_migrate(args, console) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_match(args, console) -> int:
    """Run the matching engine on files (no database): ``chanjiao match stable|optimal``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from chanjiao.talent.engine.io import MatchInputError, run_match_files

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("匹配 / matching", total=None)
            summary = run_match_files(
                args.mode,
                args.edges,
                args.positions,
                args.out,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except MatchInputError as exc:
        raise CommandError(str(exc)) from exc
    console.print(f"匹配 / matched: {summary['matched']} / {summary['students']} students")
    console.print(f"目标值 / objective: {summary['objective']:.6f}")
    console.print(
        f"用时 / time: {summary['seconds']:.4f} s (total {summary['total_seconds']:.2f} s)"
    )
    console.print(f"检查 / check: {summary['check']}")
    console.print(f"已写出 / wrote: {args.out}")
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
        print(f"错误 / error: 找不到文件 / no such file: {', '.join(missing)}", file=sys.stderr)
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
            print(f"已写出 / wrote {target}", file=sys.stderr)
        elif len(paths) == 1:
            print(json.dumps(result.record, ensure_ascii=False, indent=1))
        else:
            print(json.dumps(result.record, ensure_ascii=False))
    return 0


# --- worker, backup, restore ---------------------------------------------------------------


def cmd_worker(args, console) -> int:
    """Recover jobs whose worker died, then run the job worker of the configured backend."""
    import logging

    from chanjiao import operations

    logging.getLogger("chanjiao").setLevel(logging.INFO)
    console.print(f"后台任务 / job worker: {operations.backend_kind()} · {_host_pid()}")
    try:
        return operations.run_worker(
            interval=args.interval, say=lambda line: console.print(line)
        )
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc


def _host_pid() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def cmd_backup(args, console) -> int:
    """Write the database and the uploaded files into one archive (while serving)."""
    from chanjiao import operations

    try:
        manifest = operations.backup(Path(args.file))
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc
    counts = " · ".join(f"{k.split('.')[-1]} {v}" for k, v in manifest["counts"].items())
    console.print(
        f"已备份 / backed up ({manifest['engine']}) → {args.file}: {counts} · "
        f"files {manifest['media_files']}"
    )
    return 0


def cmd_restore(args, console) -> int:
    """Replace the database and the uploaded files with an archive's (on a stopped instance)."""
    from django.conf import settings

    from chanjiao import operations

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"找不到文件 / no such file: {path}")
    try:
        manifest = operations.read_manifest(path)
        operations.check_restorable(manifest)
        counts = " · ".join(f"{k.split('.')[-1]} {v}" for k, v in manifest["counts"].items())
        console.print(
            f"备份 / archive: {manifest['created_at']} · {manifest['engine']} · {counts} · "
            f"files {manifest['media_files']}"
        )
        if not args.yes:
            console.print(
                "将覆盖当前数据库和上传文件（请先停止网页服务和后台任务）/ this overwrites the "
                f"database and {settings.MEDIA_ROOT} (stop the server and the workers first)"
            )
            console.print("继续吗 / continue? [y/N] ", end="", markup=False)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes", "是"):
                console.print("已取消，未做任何修改 / cancelled: nothing changed")
                return 1
        operations.restore(path)
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc
    console.print(f"已恢复 / restored from {path}")
    return 0


# --- serve ----------------------------------------------------------------------------------


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _wait_for_port(host: str, port: int, proc, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    target = "127.0.0.1" if host in ("0.0.0.0", "") else ("::1" if host == "::" else host)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection((target, port), timeout=0.5):
            return True
        time.sleep(0.2)
    return False


def _stop(procs: list[subprocess.Popen]) -> None:
    """Ask the children to stop (SIGTERM; the worker finishes its task), then make sure."""
    for p in procs:
        if p.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _prepare(console) -> None:
    """Migrate, load the demo into an empty database, ensure the demo sign-ins, static files."""
    from django.conf import settings
    from django.core.management import call_command

    from chanjiao.core.changelog import change_source
    from chanjiao.demo.loader import ensure_demo_accounts, load_demo
    from chanjiao.ingest.services import batches_recover
    from chanjiao.registry.excel import import_jobs_recover
    from chanjiao.registry.models import Body
    from chanjiao.talent.services import match_runs_recover

    call_command("migrate", interactive=False, verbosity=0)
    with change_source("cli"):
        if not Body.objects.exists():
            console.print("载入演示数据 / loading the demo data …")
            load_demo(actor=_first_admin())
        ensure_demo_accounts(actor=_first_admin())
    # WhiteNoise serves STATIC_ROOT (and the app folders too when DEBUG is on); collect only
    # when the folder is missing, so a second start stays fast.
    static_root = Path(settings.STATIC_ROOT)
    if not (static_root / "vendor").is_dir():
        call_command("collectstatic", interactive=False, verbosity=0)
    for job in import_jobs_recover():
        console.print(f"重新排队导入任务 / re-queued import job {job.pk}")
    for run in match_runs_recover():
        console.print(f"重新排队匹配批次 / re-queued match run {run.pk}")
    for batch in batches_recover():
        console.print(f"重新排队新闻入库任务 / re-queued ingest batch {batch.pk}")


def cmd_serve(args, console) -> int:
    from django.db import connections

    from chanjiao.demo.loader import DEMO_ACCOUNTS

    if not _port_free(args.host, args.port):
        raise CommandError(
            f"端口 {args.port} 已被占用 / port {args.port} is in use: try --port {args.port + 1}"
        )
    _prepare(console)
    connections.close_all()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    python = [sys.executable, "-m", "django"]
    procs: list[subprocess.Popen] = []

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        if not args.no_worker:
            procs.append(
                subprocess.Popen(
                    [*python, "db_worker", "--no-reload", "--interval", "1", "--verbosity", "0"],
                    env=env,
                )
            )
        web = subprocess.Popen(
            [*python, "runserver", f"{args.host}:{args.port}", "--noreload", "--skip-checks"],
            env=env,
        )
        procs.append(web)
        if not _wait_for_port(args.host, args.port, web):
            console.print("网页服务未能启动 / the web server did not start")
            return 1
        host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
        console.print()
        console.print(f"产教 chanjiao: http://{host}:{args.port}/", style="bold")
        console.print(
            f"  API: http://{host}:{args.port}/api/v1/docs · "
            f"{'后台任务 / job worker: on' if not args.no_worker else 'no worker'}"
        )
        _print_accounts(console, DEMO_ACCOUNTS)
        console.print("按 Ctrl-C 停止 / press Ctrl-C to stop")
        while True:
            for p in procs:
                code = p.poll()
                if code is not None:
                    name = "web server" if p is web else "job worker"
                    console.print(f"{name} 已退出 / exited ({code})")
                    return code or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        console.print("\n正在停止 / stopping …")
        return 0
    finally:
        _stop(procs)
        signal.signal(signal.SIGTERM, previous)


# --- entry point ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chanjiao",
        description="产教 chanjiao — the platform for industry–education integration bodies",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("serve", help="migrate, load the demo when empty, serve with a job worker")
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-worker", action="store_true", help="do not start the job worker")

    p = sub.add_parser("demo", help="load the demo data (idempotent)")
    p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser("import-members", help="import a body's member list from .xlsx")
    p.add_argument("body", metavar="BODY", help="id or name of the body")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")
    p.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    for name, what in (("export-members", "member list"), ("export-events", "events")):
        p = sub.add_parser(name, help=f"write a body's {what} to .xlsx")
        p.add_argument("body", metavar="BODY", help="id or name of the body")
        p.add_argument("file", metavar="FILE.xlsx")
        p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser(
        "import-majors", help="load the majors catalogue from .csv/.xlsx (all rows or none)"
    )
    p.add_argument("file", metavar="FILE", help="columns level, code, name, category, class")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this admin")

    p = sub.add_parser("createuser", help="create a user or add roles to one")
    p.add_argument("username", metavar="USERNAME")
    p.add_argument("--admin", action="store_true", help="platform admin (superuser)")
    p.add_argument("--secretariat-of", metavar="BODY", help="secretariat of this body")
    p.add_argument("--contact-of", metavar="ORG", help="contact of this organisation")
    p.add_argument("--password", metavar="P", help="password (asked when omitted)")
    p.add_argument("--no-password", action="store_true", help="no usable password")
    p.add_argument("--as", dest="as_user", metavar="USER")

    p = sub.add_parser("match", help="match students to positions from .csv/.parquet files")
    p.add_argument("mode", choices=["stable", "optimal"], help="stable or optimal matching")
    p.add_argument(
        "--edges", required=True, help="student,position,student_rank,position_rank,score"
    )
    p.add_argument("--positions", required=True, help="position,capacity")
    p.add_argument("--out", required=True, help="where to write student,position of each match")

    p = sub.add_parser(
        "ingest",
        help="news articles (.txt/.html, folders, addresses) into the review queue, or --json",
    )
    p.add_argument(
        "files", nargs="*", metavar="FILE", help="saved article (text or HTML) or folder"
    )
    p.add_argument("--url", action="append", metavar="URL", help="fetch this page (repeatable)")
    p.add_argument("--json", action="store_true", help="print the records as JSON (no database)")
    p.add_argument("--out", metavar="DIR", help="write DIR/<file stem>.json for each file")
    p.add_argument("--source-url", metavar="URL", help="the page's address for a saved copy")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser("review", help="list the review queue, show an article, accept it")
    p.add_argument("article", nargs="?", type=int, metavar="ID", help="the article to review")
    p.add_argument("--status", help="with no ID: only articles in this status (pending, saved …)")
    p.add_argument("--accept", action="store_true", help="save the kept proposals as records")
    p.add_argument("--drop", type=int, nargs="+", metavar="P", help="drop these proposals")
    p.add_argument("--create", type=int, nargs="+", metavar="P", help="make these new records")
    p.add_argument(
        "--link", nargs="+", metavar="P=RECORD", help="link proposal P to registry record RECORD"
    )
    p.add_argument("--main", metavar="pID|bID", help="the body the article is about")
    p.add_argument("--discard", action="store_true", help="set the article aside")
    p.add_argument("--as", dest="as_user", metavar="USER", help="act as this user")

    p = sub.add_parser(
        "worker", help="run the job worker (recovers jobs of dead workers first); one per core"
    )
    p.add_argument(
        "--interval", type=float, default=1.0, help="seconds between queue polls (database queue)"
    )

    p = sub.add_parser("backup", help="database and uploaded files into one archive (.tar.gz)")
    p.add_argument("file", metavar="FILE.tar.gz")

    p = sub.add_parser("restore", help="replace database and uploaded files from an archive")
    p.add_argument("file", metavar="FILE.tar.gz")
    p.add_argument("--yes", action="store_true", help="do not ask before overwriting")

    sub.add_parser("migrate", help="apply database migrations")
    return parser


COMMANDS = {
    "serve": cmd_serve,
    "demo": cmd_demo,
    "import-members": cmd_import_members,
    "export-members": lambda a, c: cmd_export(a, c, "members"),
    "export-events": lambda a, c: cmd_export(a, c, "events"),
    "import-majors": cmd_import_majors,
    "createuser": cmd_createuser,
    "migrate": cmd_migrate,
    "worker": cmd_worker,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "match": cmd_match,
    "ingest": lambda a, c: _ingest_command("cmd_ingest_queue", a, c),
    "review": lambda a, c: _ingest_command("cmd_review", a, c),
}


def _ingest_command(name: str, args, console) -> int:
    from chanjiao.ingest import commands

    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    try:
        return getattr(commands, name)(args, console, actor=actor)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc


def main(argv: list[str] | None = None) -> int:
    """Run one ``chanjiao`` command; returns the exit code (0 on success)."""
    args = build_parser().parse_args(argv)
    if args.command == "ingest" and (args.json or args.out):
        return cmd_ingest(args)  # files in, JSON out: no Django set-up, no database
    _setup()
    from django.core.exceptions import PermissionDenied, ValidationError
    from rich.console import Console

    console = Console(highlight=False)
    try:
        return COMMANDS[args.command](args, console)
    except CommandError as exc:
        console.print(f"错误 / error: {exc}", style="red")
        return 2
    except PermissionDenied as exc:
        console.print(f"无权限 / permission denied: {exc}", style="red")
        return 3
    except ValidationError as exc:
        console.print("错误 / error: " + "；".join(exc.messages), style="red")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
