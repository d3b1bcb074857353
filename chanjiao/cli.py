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


def _(message: str) -> str:
    """gettext, imported when called: every message is built after ``_setup()`` (the commands
    run under the default language, zh-hans; the English is in the catalogue)."""
    from django.utils.translation import gettext

    return gettext(message)


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
            _("“%(ref)s”指向多个产教融合体：%(bodies)s")
            % {"ref": ref, "bodies": "、".join(f"{b.pk} {b.name}" for b in candidates)}
        )
    raise CommandError(_("找不到产教融合体“%(ref)s”（请给出编号或全称）") % {"ref": ref})


def find_organization(ref: str):
    from chanjiao.registry.models import Organization

    ref = ref.strip()
    org = None
    if ref.isdigit():
        org = Organization.objects.filter(pk=int(ref)).first()
    org = org or Organization.objects.filter(name=ref).first()
    org = org or Organization.objects.filter(credit_code=ref.upper()).first()
    if org is None:
        raise CommandError(_("找不到单位“%(ref)s”（请给出编号或全称）") % {"ref": ref})
    return org


def find_actor(username: str | None):
    """The ``--as`` user, or the first platform admin."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("找不到启用的用户“%(username)s”") % {"username": username})
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(
            _("没有平台管理员：请先运行 `chanjiao createuser NAME --admin` 或用 --as 指定用户")
        )
    return user


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


def _first_admin():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _print_accounts(console, accounts) -> None:
    console.print(_("演示账号（仅供演示，密码未经校验）："))
    for username, password, what in accounts:
        console.print(f"  {username:8} / {password:14} {what}")


def _print_errors(console, preview) -> None:
    from rich.table import Table

    table = Table(title=_("错误（%(n)d）") % {"n": len(preview.errors)}, show_lines=False)
    table.add_column(_("行"), justify="right")
    table.add_column(_("列"))
    table.add_column(_("问题"))
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
        raise CommandError(_("找不到文件：%(path)s") % {"path": path})
    data = path.read_bytes()
    with change_source("cli"):
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("校验"), total=None)
            preview = excel.member_import_preview(
                actor=actor,
                body=body,
                file=data,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        counts = preview.counts()
        console.print(
            _(
                "%(body)s：%(rows)d 行 · 新单位 %(new_organizations)d · "
                "新增成员 %(new_memberships)d · 已是成员 %(skipped)d"
            )
            % {"body": body.name, **counts}
        )
        if not preview.is_valid:
            _print_errors(console, preview)
            console.print(_("未写入任何数据"))
            return 1
        if args.dry_run:
            console.print(_("预演，未写入任何数据"))
            return 0
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("写入"), total=len(preview.rows))
            try:
                result = excel.member_import_commit(
                    actor=actor,
                    body=body,
                    file_or_rows=data,
                    progress=lambda done, total: bar.update(task, completed=done, total=total),
                )
            except excel.MemberImportError as exc:
                _print_errors(console, exc.preview)
                console.print(_("未写入任何数据"))
                return 1
    console.print(
        _("已导入：新单位 %(organizations)d · 新增成员 %(memberships)d · 跳过 %(skipped)d")
        % {
            "organizations": result.created_organizations,
            "memberships": result.created_memberships,
            "skipped": result.skipped,
        }
    )
    return 0


def cmd_export(args, console, which: str) -> int:
    from chanjiao.events.exports import events_to_xlsx
    from chanjiao.registry import excel

    body = find_body(args.body)
    actor = find_actor(args.as_user) if args.as_user else _first_admin()
    data = (excel.members_to_xlsx if which == "members" else events_to_xlsx)(body, actor=actor)
    Path(args.file).write_bytes(data)
    console.print(_("已写出 %(file)s（%(size)d 字节）") % {"file": args.file, "size": len(data)})
    return 0


def cmd_import_majors(args, console) -> int:
    """Load the majors catalogue (职业教育专业目录) from .csv/.xlsx: all rows or none."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from chanjiao.core.changelog import change_source
    from chanjiao.talent import excel as talent_excel

    actor = find_actor(args.as_user)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("找不到文件：%(path)s") % {"path": path})
    data = path.read_bytes()
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    try:
        with change_source("cli"), Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("导入"), total=None)
            result = talent_excel.majors_import(
                actor=actor,
                file=data,
                filename=path.name,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
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
            reset_password=True,
        )
    roles = []
    if user.is_superuser:
        roles.append(_("平台管理员"))
    if body:
        roles.append(_("%(body)s 秘书处") % {"body": body.name})
    if org:
        roles.append(_("%(organization)s 联系人") % {"organization": org.name})
    done = _("已创建 %(username)s") if created else _("已更新 %(username)s")
    line = done % {"username": user.username}
    if roles:
        line = _("%(done)s：%(roles)s") % {"done": line, "roles": "、".join(roles)}
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
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from chanjiao.talent.engine.io import MatchInputError, run_match_files

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(_("匹配"), total=None)
            summary = run_match_files(
                args.mode,
                args.edges,
                args.positions,
                args.out,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except MatchInputError as exc:
        raise CommandError(str(exc)) from exc
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


# --- worker, backup, restore ---------------------------------------------------------------


def cmd_worker(args, console) -> int:
    """Recover jobs whose worker died, then run the job worker of the configured backend."""
    import logging

    from chanjiao import operations

    logging.getLogger("chanjiao").setLevel(logging.INFO)
    console.print(
        _("后台任务：%(backend)s · %(host)s")
        % {"backend": operations.backend_kind(), "host": _host_pid()}
    )
    try:
        return operations.run_worker(interval=args.interval, say=lambda line: console.print(line))
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
        _("已备份（%(engine)s）→ %(file)s：%(counts)s · 文件 %(files)d")
        % {
            "engine": manifest["engine"],
            "file": args.file,
            "counts": counts,
            "files": manifest["media_files"],
        }
    )
    return 0


def cmd_restore(args, console) -> int:
    """Replace the database and the uploaded files with an archive's (on a stopped instance)."""
    from django.conf import settings

    from chanjiao import operations

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(_("找不到文件：%(path)s") % {"path": path})
    try:
        manifest = operations.read_manifest(path)
        operations.check_restorable(manifest)
        counts = " · ".join(f"{k.split('.')[-1]} {v}" for k, v in manifest["counts"].items())
        console.print(
            _("备份：%(created_at)s · %(engine)s · %(counts)s · 文件 %(files)d")
            % {
                "created_at": manifest["created_at"],
                "engine": manifest["engine"],
                "counts": counts,
                "files": manifest["media_files"],
            }
        )
        if not args.yes:
            console.print(
                _("将覆盖当前数据库和上传文件 %(media)s（请先停止网页服务和后台任务）")
                % {"media": settings.MEDIA_ROOT}
            )
            console.print(_("继续吗？[y/N] "), end="", markup=False)
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes", "是"):
                console.print(_("已取消，未做任何修改"))
                return 1
        operations.restore(path)
    except operations.OperationError as exc:
        raise CommandError(str(exc)) from exc
    console.print(_("已从 %(path)s 恢复") % {"path": path})
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


def _prepare(console, *, demo: bool = True) -> bool:
    """Migrate, load the demo into an empty database, collect static files. Returns whether
    the demo (and with it its sign-ins) was loaded.

    No account is ever created or restored here: the demo's sign-ins come with the demo, into
    an empty database only, and a deleted account stays deleted.
    """
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from chanjiao.core.changelog import change_source
    from chanjiao.demo.loader import database_is_empty, load_demo

    call_command("migrate", interactive=False, verbosity=0)
    loaded = False
    if demo and database_is_empty():
        console.print(_("数据库为空：载入演示数据 …"))
        with change_source("cli"):
            load_demo()
        loaded = True
    elif not get_user_model().objects.filter(is_superuser=True, is_active=True).exists():
        console.print(
            _("还没有平台管理员：运行 `chanjiao createuser NAME --admin` 创建第一个"),
            style="yellow",
        )
    # Jobs cut off by a stop are recovered by `chanjiao worker` itself, at each (re)start.
    _collect_static(console)
    return loaded


STATIC_STAMP = ".chanjiao-static"


def _static_fingerprint() -> str:
    """What the collected files depend on: the storage and every source file's name, size and
    modification time (a few hundred stat calls, no reading)."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    entries = [settings.STORAGES["staticfiles"]["BACKEND"]]
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            st = os.stat(storage.path(path))
            entries.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def _collect_static(console) -> None:
    """collectstatic when the collected files are missing or stale, so a second start is fast.

    In production the storage writes hashed, compressed copies and a manifest
    (staticfiles.json) that the pages need; without it every page would fail.
    """
    from django.conf import settings
    from django.core.management import call_command

    root = Path(settings.STATIC_ROOT)
    stamp = root / STATIC_STAMP
    fingerprint = _static_fingerprint()
    manifest_needed = "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]
    fresh = stamp.is_file() and stamp.read_text() == fingerprint
    if fresh and (not manifest_needed or (root / "staticfiles.json").is_file()):
        return
    console.print(_("收集静态文件 …"))
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)


def _job_worker_argv() -> list[str]:
    """`chanjiao worker`: recovers jobs of dead workers, then runs the configured backend's
    worker (the database queue or Redis)."""
    return [sys.executable, "-m", "chanjiao.cli", "worker"]


def _web_server_argv(host: str, port: int) -> list[str]:
    """gunicorn serving config.wsgi: CHANJIAO_WEB_WORKERS processes (default 2–4 by the
    machine's cores) of CHANJIAO_WEB_THREADS threads (default 4), so a slow request or a
    burst of clients waits in the listen queue instead of being refused."""
    from django.conf import settings

    cores = os.cpu_count() or 1
    workers = int(os.environ.get("CHANJIAO_WEB_WORKERS") or min(4, max(2, cores)))
    threads = int(os.environ.get("CHANJIAO_WEB_THREADS") or 4)
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    argv = [
        *[sys.executable, "-m", "gunicorn", "config.wsgi:application"],
        *["--bind", bind, "--workers", str(workers), "--threads", str(threads)],
        *["--worker-class", "gthread", "--graceful-timeout", "10", "--timeout", "60"],
        *["--log-level", "warning"],
    ]
    # Production: load the app once and fork the workers from it (they start in a moment and
    # share memory; the port opens only when the app is ready). Development: reload on edits.
    argv.append("--reload" if settings.DEBUG else "--preload")
    return argv


class _Supervised:
    """A child process that is restarted when it exits, waiting longer after each quick exit
    (1, 2, 4 … 30 s; back to 1 s once it has run for a minute)."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        self.name, self.argv, self.env = name, argv, env
        self.proc: subprocess.Popen | None = None
        self.started = 0.0
        self.quick_exits = 0
        self.restart_at: float | None = None

    def start(self) -> subprocess.Popen:
        self.proc = subprocess.Popen(self.argv, env=self.env)
        self.started = time.monotonic()
        self.restart_at = None
        return self.proc

    def check(self, console) -> None:
        """Restart the process when it has exited and its wait is over."""
        now = time.monotonic()
        if self.proc is not None and (code := self.proc.poll()) is not None:
            self.quick_exits = 0 if now - self.started > 60 else self.quick_exits + 1
            delay = min(30, 2 ** max(0, self.quick_exits - 1))
            console.print(
                _("%(name)s已退出（%(code)s），%(delay)d 秒后重启，网站照常服务")
                % {"name": self.name, "code": code, "delay": delay},
                style="yellow",
            )
            self.proc, self.restart_at = None, now + delay
        if self.proc is None and self.restart_at is not None and now >= self.restart_at:
            proc = self.start()
            console.print(_("%(name)s已重启（pid %(pid)d）") % {"name": self.name, "pid": proc.pid})


def cmd_serve(args, console) -> int:
    """Serve: gunicorn for the web and the job worker(s) beside it, supervised separately.

    A job worker that exits is restarted (with backoff) while the site keeps serving; only the
    web server's exit, Ctrl-C or SIGTERM stops everything.
    """
    from django.db import connections

    from chanjiao.demo.loader import DEMO_ACCOUNTS

    if not _port_free(args.host, args.port):
        raise CommandError(
            _("端口 %(port)d 已被占用：试试 --port %(next)d")
            % {"port": args.port, "next": args.port + 1}
        )
    demo_loaded = _prepare(console, demo=not args.no_demo)
    connections.close_all()

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    job_workers = 0 if args.no_worker else args.job_workers
    workers = [_Supervised(_("后台任务"), _job_worker_argv(), env) for _n in range(job_workers)]
    web: subprocess.Popen | None = None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        for worker in workers:
            worker.start()
        web = subprocess.Popen(_web_server_argv(args.host, args.port), env=env)
        if not _wait_for_port(args.host, args.port, web):
            console.print(_("网页服务未能启动"))
            return 1
        host = "127.0.0.1" if args.host in ("0.0.0.0", "") else args.host
        console.print()
        console.print(f"产教 chanjiao: http://{host}:{args.port}/", style="bold")
        console.print(f"  API: http://{host}:{args.port}/api/v1/docs")
        console.print("  " + _("网页服务：gunicorn（pid %(pid)d）") % {"pid": web.pid})
        for worker in workers:
            console.print("  " + _("后台任务：pid %(pid)d") % {"pid": worker.proc.pid})
        if not workers:
            console.print("  " + _("后台任务：未启动"))
        if demo_loaded:
            _print_accounts(console, DEMO_ACCOUNTS)
        console.print(_("按 Ctrl-C 停止"))
        while True:
            if (code := web.poll()) is not None:
                console.print(_("网页服务已退出（%(code)s）") % {"code": code})
                return code or 1
            for worker in workers:
                worker.check(console)
            time.sleep(0.5)
    except KeyboardInterrupt:
        console.print("\n" + _("正在停止 …"))
        return 0
    finally:
        _stop([p for p in [*(w.proc for w in workers), web] if p is not None])
        signal.signal(signal.SIGTERM, previous)


# --- entry point ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chanjiao",
        description="产教 chanjiao — the platform for industry–education integration bodies",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "serve", help="migrate, load the demo when empty, serve (gunicorn) with job workers"
    )
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--no-worker", action="store_true", help="do not start the job worker")
    p.add_argument(
        "--job-workers",
        type=int,
        default=int(os.environ.get("CHANJIAO_JOB_WORKERS") or 1),
        metavar="N",
        help="job worker processes (default 1, or CHANJIAO_JOB_WORKERS)",
    )
    p.add_argument(
        "--no-demo", action="store_true", help="never load the demo, even into an empty database"
    )

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

    p = sub.add_parser("token", help="print a new API token for a user (for scripts)")
    p.add_argument("username", metavar="USER")
    p.add_argument("--name", default="cli", help="what the token is for (shown in the list)")

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
    "token": cmd_token,
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
        console.print(_("错误：%(error)s") % {"error": exc}, style="red")
        return 2
    except PermissionDenied as exc:
        console.print(_("无权限：%(error)s") % {"error": exc}, style="red")
        return 3
    except ValidationError as exc:
        console.print(_("错误：%(error)s") % {"error": "；".join(exc.messages)}, style="red")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
