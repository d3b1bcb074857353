"""Operating an instance: the job worker, backups and restores (``chanjiao worker``,
``chanjiao backup``, ``chanjiao restore``).

Kept apart from :mod:`chanjiao.cli` (argument parsing and printing) so that the worker and the
archive format can be tested and reused (``chanjiao serve`` supervises ``chanjiao worker``).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, close_old_connections, connection, connections
from django.utils.translation import gettext as _

from chanjiao.core import jobs

logger = logging.getLogger("chanjiao.worker")

#: Bumped when the archive layout changes; restore refuses archives it does not know.
ARCHIVE_FORMAT = 1


class OperationError(Exception):
    """A problem to report in one line (the command exits non-zero)."""


# --- the job worker -------------------------------------------------------------------------


def recover_jobs(say: Callable[[str], None] = logger.info) -> int:
    """Recover abandoned jobs of every app: member and talent imports and the checks of their
    uploads, match runs, ingest batches, report jobs.

    Safe while other workers run (:func:`chanjiao.core.jobs.recover`). Returns how many jobs
    were queued again or ended failed.
    """
    from chanjiao.ingest.services import batches_recover
    from chanjiao.registry.excel import UPLOADS as member_uploads
    from chanjiao.reports.report_jobs import report_jobs_recover
    from chanjiao.talent.excel import UPLOADS as talent_uploads
    from chanjiao.talent.matching import match_runs_recover

    count = 0
    for what, recover in (
        (_("导入任务"), member_uploads.recover),
        (_("导入文件校验"), member_uploads.checks_recover),
        (_("供需导入文件校验"), talent_uploads.checks_recover),
        (_("供需导入"), talent_uploads.recover),
        (_("匹配批次"), match_runs_recover),
        (_("新闻入库"), batches_recover),
        (_("报告生成"), report_jobs_recover),
    ):
        for job in jobs.retry_locked(recover, what="recovering jobs"):
            outcome = getattr(job, "recovery_outcome", jobs.REQUEUED)
            verb = _("重新排队") if outcome == jobs.REQUEUED else _("已结束为失败")
            say(_("%(summary)s：%(details)s") % {"summary": verb, "details": f"{what} {job.pk}"})
            count += 1
    return count


#: The daily routines (每日例行任务) the job workers queue, each once a day from its time on
#: (site time): agreements moved by date with their expiry reminders, then the bookings'
#: day-before reminders in the evening.
DAILY = (
    (datetime.time(0, 5), "chanjiao.cooperation.tasks.refresh_agreements"),
    (datetime.time(18, 0), "chanjiao.sharing.tasks.send_booking_reminders"),
)


def queue_daily(now: datetime.datetime | None = None) -> list[str]:
    """Queue each daily routine whose time has come today and that no worker has queued today:
    the first worker to write the day's :class:`~chanjiao.core.models.DailyRun` row queues it,
    the others find the row. A worker that starts late in the day queues what it missed; a day
    the instance was down all day is not made up (agreements catch up the next day). Returns
    the routines queued. Off with ``CHANJIAO_DAILY=0``."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from chanjiao.core.models import DailyRun

    if not settings.CHANJIAO_DAILY:
        return []
    now = timezone.localtime(now)
    queued = []
    for at, path in DAILY:
        if now.time() < at or DailyRun.objects.filter(task=path, day=now.date()).exists():
            continue
        try:
            with transaction.atomic():
                DailyRun.objects.create(task=path, day=now.date())
                import_string(path).enqueue()
        except IntegrityError:
            continue  # another worker queued it
        logger.info("queued the daily %s", path)
        queued.append(path)
    return queued


def queue_deferred() -> int:
    """(Redis) Put the tasks queued for later whose time has come (a mail sent again after
    the mail server failed) into their queue; one worker at a time, under RQ's scheduler lock.
    The database queue reads a task's time itself. Returns how many queues were looked at."""
    if backend_kind() != "rq":
        return 0
    import django_rq
    from rq.scheduler import RQScheduler

    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    scheduler = RQScheduler(queues, connection=django_rq.get_connection(queues[0]))
    mine = len(scheduler.acquire_locks())
    if not mine:
        return 0  # another worker is at it
    try:
        scheduler.enqueue_scheduled_jobs()
    finally:
        scheduler.release_locks()
    return mine


def _recover_periodically(stop: threading.Event) -> None:
    """Each worker looks for jobs of dead workers every half lease, so a job left behind by
    a worker that died is taken over while the others keep running; queues the daily
    routines that are due, and (Redis) the tasks queued for later whose time has come."""
    period = max(jobs.lease_seconds() / 2, 1.0)
    while not stop.wait(period):
        for step in (recover_jobs, queue_daily, queue_deferred):
            try:
                step()
            except Exception:  # noqa: BLE001 (a failed round is retried next period)
                logger.exception("%s failed; retrying in %.0f s", step.__name__, period)
            finally:
                connection.close()


def backend_kind() -> str:
    """``db`` (django-tasks-db), ``rq`` (django-tasks-rq) or the configured backend path."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_db"):
        return "db"
    if backend.startswith("django_tasks_rq"):
        return "rq"
    return backend


def run_worker(*, interval: float = 1.0, say: Callable[[str], None] = logger.info) -> int:
    """Recover what dead workers left behind, then run the configured backend's worker.

    Returns the exit code: 0 after a requested stop (SIGTERM/SIGINT), non-zero when the
    database or the queue cannot be reached or the backend is unknown. A database that is
    locked for a while (SQLite beside a large write) is waited for, never fatal.
    """
    kind = backend_kind()
    if kind not in ("db", "rq"):
        raise OperationError(_("不支持的任务后端：%(kind)s") % {"kind": kind})
    if kind == "rq":
        _check_redis()
    try:
        recover_jobs(say)
        queue_daily()
    except OperationalError as exc:
        raise OperationError(_("数据库不可用：%(error)s") % {"error": exc}) from exc
    connections.close_all()
    stop = threading.Event()
    thread = threading.Thread(
        target=_recover_periodically, args=(stop,), name="job-recovery", daemon=True
    )
    thread.start()
    try:
        return _run_db_worker(interval) if kind == "db" else _run_rq_worker()
    finally:
        stop.set()


def _check_redis() -> None:
    import django_rq

    try:
        django_rq.get_connection("default").ping()
    except Exception as exc:  # noqa: BLE001 (redis raises several kinds)
        raise OperationError(
            _("无法连接 Redis（%(url)s）：%(error)s") % {"url": settings.REDIS_URL, "error": exc}
        ) from exc


def _run_db_worker(interval: float) -> int:
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

    class LockPatientWorker(Worker):
        """django-tasks-db's worker, except that recording a task's outcome waits out a
        locked database instead of crashing the worker (and with it every job after it)."""

        def run_task(self, db_task_result) -> None:
            for name in ("set_successful", "set_failed"):
                method = getattr(db_task_result, name)

                def patient(*args, _method=method, **kwargs):
                    return jobs.retry_locked(
                        lambda: _method(*args, **kwargs), attempts=30, what="recording a task"
                    )

                setattr(db_task_result, name, patient)
            super().run_task(db_task_result)

    worker = LockPatientWorker(
        queue_names=["*"],
        interval=interval,
        batch=False,
        backend_name="default",
        startup_delay=True,
        max_tasks=None,
        worker_id=f"{jobs.worker_name()}-{get_random_string(8)}"[:64],
        excluded_queue_names=[],
    )
    worker.configure_signals()
    delay = 1.0
    while True:
        try:
            worker.run()
            return 0
        except SystemExit as exc:  # the worker's own signal handlers
            return int(exc.code or 0)
        except OperationalError as exc:
            if not jobs.is_lock_error(exc):
                logger.error("job worker: database error: %s", exc)
                return 1
            logger.warning("job worker: database locked, waiting %.0f s: %s", delay, exc)
            close_old_connections()
            time.sleep(delay)
            delay = min(delay * 2, 30)


def _run_rq_worker() -> int:
    import django_rq
    from rq import SimpleWorker

    class Worker(SimpleWorker):
        """SimpleWorker runs each job in this process (no fork): the job's heartbeat thread and
        this process live and die together, which is what the leases assume."""

        def unsubscribe(self):
            # On a stop, RQ unsubscribes and then stops its pubsub thread; since redis-py 8.2
            # PubSubWorkerThread.stop() waits for the thread without a limit, and the thread,
            # no longer subscribed, may wait up to 60 s for a subscription: a SIGTERM then took
            # up to a minute (a supervisor kills the worker first). Bound the wait; the thread
            # is a daemon and ends with the process.
            if self.pubsub_thread:
                self.pubsub.unsubscribe()
                try:
                    self.pubsub_thread.stop(timeout=1)
                except TypeError:  # redis-py before 8.2: stop() does not wait
                    self.pubsub_thread.stop()
                self.pubsub.close()

    worker = django_rq.get_worker(
        *settings.TASKS["default"].get("QUEUES", ["default"]),
        job_class="django_tasks_rq.backend.Job",
        worker_class=Worker,
    )
    worker.work(with_scheduler=False)
    return 0  # stopped on request (SIGTERM/SIGINT: RQ's warm shutdown)


# --- backup and restore ---------------------------------------------------------------------


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise OperationError(_("不支持的数据库：%(vendor)s") % {"vendor": vendor})
    return vendor


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": s["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, var in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST")):
        if s.get(key):
            env[var] = str(s[key])
    if s.get("PORT"):
        env["PGPORT"] = str(s["PORT"])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name) or f"/usr/bin/{name}"
    if not Path(path).exists():
        raise OperationError(_("找不到 %(tool)s：请安装 PostgreSQL 客户端") % {"tool": name})
    return path


def _counts() -> dict[str, int]:
    """Row counts of the main tables, so an operator can see what an archive holds."""
    from django.apps import apps

    out = {}
    for label in (
        "auth.user",
        "registry.body",
        "registry.organization",
        "registry.membership",
        "registry.person",
        "events.event",
        "core.objectchange",
    ):
        try:
            out[label] = apps.get_model(label).objects.count()
        except LookupError:
            continue
    return out


def backup(target: Path) -> dict:
    """Write one .tar.gz archive holding the database and the uploaded files (MEDIA_ROOT).

    Safe while the instance serves: SQLite is copied with its online backup API (a
    consistent snapshot even while others write), PostgreSQL with ``pg_dump`` (one
    snapshot, custom format). The database is copied before the files, so every file a row
    names is in the archive. Returns the manifest (also stored as ``manifest.json``).
    """
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        version = package_version("chanjiao")
    except PackageNotFoundError:  # pragma: no cover (run from a checkout without install)
        version = "unknown"
    engine = _engine()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="chanjiao-backup-") as tmp:
        tmpdir = Path(tmp)
        if engine == "sqlite":
            db_file = tmpdir / "db.sqlite3"
            source = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=60)
            try:
                dest = sqlite3.connect(str(db_file))
                with dest:
                    source.backup(dest, pages=1024, sleep=0.01)
                dest.close()
            finally:
                source.close()
        else:
            db_file = tmpdir / "db.dump"
            result = subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(db_file)],
                env=_pg_env(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise OperationError(
                    _("pg_dump 失败：%(error)s") % {"error": result.stderr.strip()}
                )
        files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        )
        manifest = {
            "format": ARCHIVE_FORMAT,
            "version": version,
            "engine": engine,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": db_file.name,
            "counts": _counts(),
            "media_files": len(files),
            "media_bytes": sum(p.stat().st_size for p in files),
        }
        partial = target.with_name(f".{target.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as tar:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
                tar.addfile(info, io.BytesIO(data))
                tar.add(db_file, arcname=db_file.name)
                for path in files:
                    with contextlib.suppress(FileNotFoundError):  # removed while we archived
                        tar.add(path, arcname=f"media/{path.relative_to(media_root).as_posix()}")
            os.chmod(partial, 0o600)  # personal data inside
            partial.replace(target)
        except BaseException:
            # A copy of the database (personal data) must not stay behind a failed backup.
            partial.unlink(missing_ok=True)
            raise
    return manifest


#: What reading a cut-off or damaged archive raises (gzip ends early: EOFError, zlib.error).
_DAMAGED = (OSError, EOFError, zlib.error, tarfile.TarError)


def _damaged(archive: Path) -> OperationError:
    return OperationError(
        _("备份文件不完整或已损坏：%(file)s；未做任何更改，请重新复制或重新备份")
        % {"file": archive}
    )


def read_manifest(archive: Path) -> dict:
    """The manifest of an archive written by :func:`backup`."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest = json.loads(member.read())
    except (EOFError, zlib.error) as exc:  # cut off in copying
        raise _damaged(archive) from exc
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise OperationError(
            _("不是 chanjiao 备份文件：%(file)s（%(error)s）") % {"file": archive, "error": exc}
        ) from exc
    if manifest.get("format") != ARCHIVE_FORMAT:
        raise OperationError(_("未知的备份格式：%(format)r") % {"format": manifest.get("format")})
    return manifest


def check_restorable(manifest: dict) -> None:
    """Refuse an archive of another database engine (a SQLite file cannot become PostgreSQL)."""
    engine = _engine()
    if manifest.get("engine") != engine:
        raise OperationError(
            _("备份来自 %(archive)s 数据库，当前实例使用 %(engine)s：不能恢复")
            % {"archive": manifest.get("engine"), "engine": engine}
        )


def restore(archive: Path) -> dict:
    """Replace the database and the uploaded files with those of ``archive``.

    For a *stopped* instance (no web server, no worker): SQLite's file is overwritten
    through the backup API (the WAL is taken along), PostgreSQL is restored with
    ``pg_restore --clean --if-exists``; MEDIA_ROOT is replaced by the archive's files (the
    old folder is kept beside it until the restore succeeded). Returns the manifest.
    """
    manifest = read_manifest(archive)
    check_restorable(manifest)
    engine = manifest["engine"]
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="chanjiao-restore-") as tmp:
        tmpdir = Path(tmp)
        try:  # the whole archive is unpacked before anything is overwritten
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(tmpdir, filter="data")  # no absolute paths, no links outside
        except _DAMAGED as exc:
            raise _damaged(archive) from exc
        db_file = tmpdir / manifest["database"]
        if not db_file.is_file():
            raise _damaged(archive)
        connections.close_all()
        if engine == "sqlite":
            source = sqlite3.connect(str(db_file))
            try:
                dest = sqlite3.connect(str(connection.settings_dict["NAME"]), timeout=60)
                with dest:
                    source.backup(dest)
                dest.close()
            finally:
                source.close()
        else:
            result = subprocess.run(
                [
                    _pg_tool("pg_restore"),
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--dbname",
                    connection.settings_dict["NAME"],
                    str(db_file),
                ],
                env=_pg_env(),
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise OperationError(
                    _("pg_restore 失败：%(error)s") % {"error": result.stderr.strip()[-2000:]}
                )
        restored_media = tmpdir / "media"
        restored_media.mkdir(exist_ok=True)
        old = media_root.with_name(f"{media_root.name}.before-restore-{os.getpid()}")
        if media_root.exists():
            media_root.replace(old)
        shutil.copytree(restored_media, media_root)
        if old.exists():
            shutil.rmtree(old)
    return manifest
