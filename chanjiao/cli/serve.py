"""``chanjiao serve``: prepare the database and static files, then run gunicorn and the job
workers, each supervised."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .base import (
    CommandError,
    _,
    _print_accounts,
    from_environment,
    port_number,
    worker_count,
)

# --- serve ----------------------------------------------------------------------------------


def _bind_problem(host: str, port: int) -> str | None:
    """Why the web server could not listen on ``host``:``port`` (None: it can). A port in use
    is the port's problem; a host that does not resolve, or is not an address of this
    machine, is the host's."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return _("端口 %(port)d 已被占用：试试 --port %(next)d") % {
                "port": port,
                "next": port + 1 if port < 65535 else port - 1,
            }
        if exc.errno == errno.EACCES:
            return _(
                "没有权限使用端口 %(port)d（1024 以下的端口需要管理员权限）：试试 --port 8000"
            ) % {"port": port}
        if isinstance(exc, socket.gaierror):
            return _(
                "找不到主机“%(host)s”：请检查 --host（本机用 127.0.0.1，对所有网络开放用 0.0.0.0）"
            ) % {"host": host}
        return _(
            "本机没有地址“%(host)s”，无法在它上面提供服务：请检查 --host"
            "（本机用 127.0.0.1，对所有网络开放用 0.0.0.0）"
        ) % {"host": host}
    return None


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

    if args.port is None:
        args.port = from_environment("PORT", "8000", port_number)
    if args.job_workers is None:
        args.job_workers = from_environment("CHANJIAO_JOB_WORKERS", "1", worker_count)
    if problem := _bind_problem(args.host, args.port):
        raise CommandError(problem)
    # Ctrl-C (SIGINT) stops serve even when it was started from a shell that ignores SIGINT for
    # background commands (a script's `chanjiao serve &`): Python then installs no handler.
    previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
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
        signal.signal(signal.SIGINT, previous_int)
