"""Background jobs that survive their worker (后台任务): leases, heartbeats, recovery, retries.

Every long job (a member import, a match run, an ingest batch) is a row with a status and a
``task_id`` pointing at the task queued for it (django-tasks: the database backend or RQ).
Several workers may run at once, on several machines, so a job marked ``running`` proves
nothing about its worker. This module decides who is alive:

* a job is queued with a fresh run token (:func:`enqueue`), and the task that runs it
  *claims* it with that token first (:func:`claim`): a task whose token is no longer the
  job's does nothing, so a job queued twice is still run once;
* while it runs, a thread beats the job's :class:`~chanjiao.core.models.JobLease` every
  ``CHANJIAO_JOB_HEARTBEAT_SECONDS`` (default 10) from its own connection;
* :func:`recover` (run when a worker starts, and every lease period by each worker) treats a
  job as abandoned only when its task no longer waits in the queue *and* nothing has shown a
  sign of life for ``CHANJIAO_JOB_LEASE_SECONDS`` (default 60): the heartbeat, the job's own
  start, the task's start. An abandoned job is queued again, or, after
  ``CHANJIAO_JOB_MAX_RECOVERIES`` (default 3) recoveries, ends failed with a reason a
  secretariat can read. Taking a job over is one conditional UPDATE of the lease's token, so
  two workers recovering at once cannot both queue it.

:func:`retry_locked` retries a short write that met SQLite's write lock ("database is
locked") with backoff instead of letting the worker die.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.db import OperationalError, connection, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import JobLease

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: What :func:`recover` did to a job.
REQUEUED = "requeued"
FAILED = "failed"


def heartbeat_seconds() -> float:
    return float(getattr(settings, "CHANJIAO_JOB_HEARTBEAT_SECONDS", 10))


def lease_seconds() -> float:
    return float(getattr(settings, "CHANJIAO_JOB_LEASE_SECONDS", 60))


def max_recoveries() -> int:
    return int(getattr(settings, "CHANJIAO_JOB_MAX_RECOVERIES", 3))


def worker_name() -> str:
    """This process as the lease shows it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def kind_of(model: type[models.Model] | models.Model) -> str:
    """The lease's name for a job model: ``registry.importjob``."""
    return model._meta.label_lower


# --- short writes that meet a lock ----------------------------------------------------------


def is_lock_error(exc: BaseException) -> bool:
    """True for a write that waited too long for a lock (SQLite's "database is locked", a
    PostgreSQL deadlock or lock timeout): worth retrying, not a bug."""
    if not isinstance(exc, OperationalError):
        return False
    text = str(exc).lower()
    return (
        "is locked" in text
        or "deadlock detected" in text
        or "lock timeout" in text
        or "could not obtain lock" in text
    )


def retry_locked(
    fn: Callable[[], T], *, attempts: int = 8, first_delay: float = 0.2, what: str = ""
) -> T:
    """Call ``fn`` and retry it with growing, jittered waits while the database is locked.

    ``fn`` must be a whole transaction (or a single statement): it is run again from the start.
    Raises the last error after ``attempts`` tries.
    """
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except OperationalError as exc:
            if not is_lock_error(exc) or attempt == attempts or connection.in_atomic_block:
                raise
            logger.warning(
                "database locked%s (attempt %d/%d): retrying in %.1f s",
                f" while {what}" if what else "",
                attempt,
                attempts,
                delay,
            )
            time.sleep(delay * (0.5 + random.random()))  # noqa: S311 (jitter, not security)
            delay = min(delay * 2, 10)
    raise AssertionError("unreachable")  # pragma: no cover


# --- queueing, claiming and heartbeats -----------------------------------------------------


class LeaseLost(Exception):
    """Another worker took this job over (it thought this one dead): stop without writing."""


def _new_token() -> str:
    return f"{time.time_ns():x}-{random.getrandbits(48):x}"


def enqueue(model: type[models.Model], pk: int, task, *, fresh: bool = True) -> str:
    """Queue ``task(pk, token)`` for job ``pk`` under a fresh run token; returns the task id.

    The token is committed to the job's lease *before* the task exists, so however fast a
    worker picks the task up, it finds its token, and any older task of the same job (left in
    a queue by a recovery) finds a token that is no longer its own and does nothing. The lease's
    heartbeat starts now: a job just queued is not mistaken for an abandoned one. ``fresh``
    (a person queued it, not a recovery) starts the count of recoveries again.
    """
    token = _new_token()
    defaults: dict[str, Any] = {"token": token, "heartbeat_at": timezone.now(), "worker": ""}
    if fresh:
        defaults["recoveries"] = 0
    JobLease.objects.update_or_create(kind=kind_of(model), object_id=pk, defaults=defaults)
    return str(task.enqueue(pk, token).id)


def claim(
    model: type[models.Model],
    pk: int,
    *,
    token: str | None,
    finished: tuple[str, ...] = ("succeeded", "failed"),
    **running: Any,
) -> bool:
    """Mark job ``pk`` as running for the task holding ``token`` (``running``: fields to set).

    Refused (False) when the job has finished or was queued again under another token since.
    ``token=None`` (a direct call from a test or the command line, or a task queued before
    tokens existed) claims any job that has not finished.
    """
    kind = kind_of(model)
    with transaction.atomic():
        if token is not None:
            mine = JobLease.objects.filter(kind=kind, object_id=pk, token=token).update(
                heartbeat_at=timezone.now(), worker=worker_name()
            )
            if not mine:
                return False
        if not model._default_manager.filter(pk=pk).exclude(status__in=finished).update(**running):
            return False
        if token is None:
            JobLease.objects.update_or_create(
                kind=kind,
                object_id=pk,
                defaults={"token": "", "heartbeat_at": timezone.now(), "worker": worker_name()},
            )
    return True


def start(
    model: type[models.Model],
    pk: int,
    *,
    token: str | None,
    finished: tuple[str, ...] = ("succeeded", "failed"),
    **fields: Any,
) -> bool:
    """:func:`claim` job ``pk`` and mark it running: one more attempt, started now, not
    finished (``fields``: what else a fresh run resets, such as its phase and counts);
    retried while the database is busy. False: another task holds it, or it has finished."""
    return retry_locked(
        lambda: claim(
            model,
            pk,
            token=token,
            finished=finished,
            status="running",
            started_at=timezone.now(),
            finished_at=None,
            attempts=F("attempts") + 1,
            **fields,
        )
    )


@dataclass
class Lease:
    """The running job's hold on its lease; ``check()`` raises :class:`LeaseLost` once another
    worker has taken the job over."""

    kind: str
    object_id: int
    token: str
    lost: threading.Event = field(default_factory=threading.Event)

    def beat(self) -> bool:
        """Write one heartbeat; False when the lease belongs to another run now."""
        return bool(
            JobLease.objects.filter(
                kind=self.kind, object_id=self.object_id, token=self.token
            ).update(heartbeat_at=timezone.now())
        )

    def check(self) -> None:
        if self.lost.is_set():
            raise LeaseLost(f"{self.kind} {self.object_id}")


@contextlib.contextmanager
def running(model: type[models.Model], pk: int, *, token: str | None) -> Iterator[Lease]:
    """Keep the lease of a claimed job alive while the block runs (a heartbeat thread).

    Inside an outer transaction (a test, a caller's atomic block) no other connection could
    see a heartbeat, so none is written.
    """
    lease = Lease(kind=kind_of(model), object_id=pk, token=token or "")
    if connection.in_atomic_block:
        yield lease
        return
    stop = threading.Event()

    def beat_forever() -> None:
        from django.db import connection as thread_connection

        try:
            while not stop.wait(heartbeat_seconds()):
                try:
                    if not lease.beat():
                        lease.lost.set()
                        return
                except OperationalError as exc:  # locked for a moment: the next beat counts
                    logger.warning("heartbeat of %s %s skipped: %s", lease.kind, pk, exc)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=beat_forever, name=f"heartbeat-{lease.kind}-{pk}", daemon=True)
    thread.start()
    try:
        yield lease
    finally:
        stop.set()
        thread.join(timeout=30)


# --- the rows a job wrote (taken back out when it fails) ------------------------------------


def record_written(model: type[models.Model], pk: int, *, label: str, ids: list[int]) -> None:
    """Add ``ids`` of ``label`` (``app.model``) to what job ``pk`` wrote.

    Call inside the transaction that wrote them, so the list and the rows commit together even
    when the worker is killed right after.
    """
    if not ids:
        return
    lease, _ = JobLease.objects.select_for_update().get_or_create(kind=kind_of(model), object_id=pk)
    written = dict(lease.written or {})
    written[label] = [*written.get(label, []), *ids]
    JobLease.objects.filter(pk=lease.pk).update(written=written)


def written(model: type[models.Model], pk: int) -> dict[str, list[int]]:
    """What job ``pk`` has written so far, by ``app.model`` label."""
    lease = JobLease.objects.filter(kind=kind_of(model), object_id=pk).first()
    return dict(lease.written or {}) if lease else {}


def forget_written(model: type[models.Model], pk: int) -> None:
    """The job's rows are final (it succeeded) or gone (they were taken back out)."""
    JobLease.objects.filter(kind=kind_of(model), object_id=pk).update(written={})


# --- recovery -------------------------------------------------------------------------------


def _task_state(task_id: str) -> tuple[str | None, datetime | None]:
    """The queued task's status (READY, RUNNING, …) and start time; (None, None) when the
    queue no longer knows it (finished and pruned, Redis flushed, never queued)."""
    if not task_id:
        return None, None
    from django_tasks import default_task_backend

    try:
        result = default_task_backend.get_result(task_id)
    except Exception:  # noqa: BLE001 (unknown id, malformed id, queue unreachable)
        return None, None
    return str(result.status), result.started_at


def _fail_db_task(task_id: str) -> None:
    """The database backend keeps a dead worker's task "RUNNING" for ever: close it."""
    if not task_id:
        return
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover
        return
    with contextlib.suppress(Exception):
        DBTaskResult.objects.filter(pk=task_id, status="RUNNING").update(status="FAILED")


def is_abandoned(job: models.Model, *, now: datetime | None = None) -> bool:
    """True when nobody is running or about to run this active job (see the module doc)."""
    now = now or timezone.now()
    status, task_started = _task_state(job.task_id)
    if status == "READY":
        return False  # waiting its turn in the queue, however long the queue
    lease = JobLease.objects.filter(kind=kind_of(job), object_id=job.pk).first()
    signs = [
        lease.heartbeat_at if lease else None,
        getattr(job, "started_at", None),
        getattr(job, "updated_at", None),
        task_started if status == "RUNNING" else None,
    ]
    last = max((s for s in signs if s is not None), default=None)
    return last is None or now - last >= timedelta(seconds=lease_seconds())


def check_claim(model: type[models.Model], pk: int, *, token: str | None) -> bool:
    """May the check task holding ``token`` run the check of upload ``pk`` (its preview)?

    A check is queued like a job (:func:`enqueue`, same lease), so a check task left in a
    queue after a recovery queued the check again finds a token that is no longer its own and
    does nothing. ``token=None`` (a direct call) may always run.
    """
    if token is None:
        return True
    return bool(
        JobLease.objects.filter(kind=kind_of(model), object_id=pk, token=token).update(
            heartbeat_at=timezone.now(), worker=worker_name()
        )
    )


def recover(
    model: type[models.Model],
    *,
    task,
    fail: Callable[[models.Model, str], None],
    active: tuple[str, ...] = ("queued", "running"),
    queued_status: str | None = "queued",
    pending: Q | None = None,
) -> list[models.Model]:
    """Queue again (or end failed) the jobs of ``model`` whose worker is gone.

    ``task`` is the job's task (called as ``task(pk, token)``); ``fail(job, reason)`` ends the
    job failed with ``reason`` and takes back what it wrote. Safe to call from several workers
    at once: each abandoned job is taken over by exactly one caller (a conditional UPDATE of
    its lease token). Returns the jobs handled, each with ``recovery_outcome`` set to
    :data:`REQUEUED` or :data:`FAILED`.

    The check of an upload (its preview, parsed by the worker) is recovered the same way:
    ``active`` is the preview status, ``pending`` selects the uploads whose preview has not
    arrived, and ``queued_status=None`` leaves their status as it is.
    """
    from django.utils.translation import gettext as _

    kind = kind_of(model)
    handled: list[models.Model] = []
    waiting = model._default_manager.filter(status__in=active)
    if pending is not None:
        waiting = waiting.filter(pending)
    for job in waiting.order_by("pk"):
        if not is_abandoned(job):
            continue
        lease, _created = JobLease.objects.get_or_create(kind=kind, object_id=job.pk)
        marker = f"recovering-{_new_token()}"
        if not JobLease.objects.filter(pk=lease.pk, token=lease.token).update(
            token=marker, recoveries=F("recoveries") + 1
        ):
            continue  # another worker took it over first
        if not waiting.filter(pk=job.pk).exists():
            continue  # it finished meanwhile
        _fail_db_task(job.task_id)
        recoveries = lease.recoveries + 1
        if recoveries > max_recoveries():
            reason = _(
                "后台进程在处理这项任务时中断了 %(n)d 次，已停止重试，已写入的数据已撤回。"
                "请检查文件后重新提交；如仍失败，请联系平台管理员。"
            ) % {"n": recoveries - 1}
            logger.warning("%s %s abandoned %d times: failed", kind, job.pk, recoveries)
            fail(job, reason)
            job.recovery_outcome = FAILED
            handled.append(job)
            continue
        task_id = enqueue(model, job.pk, task, fresh=False)
        fields = {} if queued_status is None else {"status": queued_status}
        model._default_manager.filter(pk=job.pk).update(task_id=task_id, **fields)
        job.task_id = task_id
        job.recovery_outcome = REQUEUED
        logger.info("%s %s re-queued as task %s", kind, job.pk, task_id)
        handled.append(job)
    return handled
