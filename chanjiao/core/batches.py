"""Large imports in short writes (docs/decisions/0005), shared by every import job.

An import checks every row first, then writes them with :func:`write_in_batches`: batches of
at most ``BATCH_SECONDS`` (or ``BATCH_ROWS`` rows), each its own transaction, with a pause on
SQLite so that web requests waiting on its single write lock get their turn. The ids written
are recorded in the job's lease (:func:`chanjiao.core.jobs.record_written`) in the same
transaction as the rows, so :func:`take_back_job` can delete exactly what a failed (or killed)
import wrote: all rows or none, without holding the lock for seconds.

:class:`JobProgress` writes a job row's ``phase``/``done``/``total`` for the page that polls it.
Used by the member import (registry.excel) and the postings/cohorts import (talent.excel).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from . import jobs
from .changelog import change_source

#: A batch ends after this many seconds of writing (or rows); the importer then pauses on
#: SQLite, longer than its busy handler sleeps (≤100 ms), so waiting writers take the lock.
BATCH_SECONDS = 0.25
BATCH_ROWS = 500
BATCH_PAUSE_SQLITE = 0.12


class JobProgress:
    """Writes ``phase``, ``done`` and ``total`` to a job row where its status page reads them.

    Rows are checked outside any transaction and written in short batches, each committed
    before the next begins, so progress is written between them on every database. Writes are
    throttled (every ``every`` rows or ``seconds``) and retried while the database is locked.
    """

    def __init__(self, job: models.Model, *, every: int = 10, seconds: float = 0.5):
        self.job = job
        self.every = every
        self.seconds = seconds
        self._last = 0.0

    def _update(self, **fields: Any) -> None:
        manager = type(self.job)._default_manager
        jobs.retry_locked(lambda: manager.filter(pk=self.job.pk).update(**fields))

    def phase(self, phase: str, total: int) -> None:
        self._update(phase=phase, done=0, total=total)

    def _due(self, done: int, total: int) -> bool:
        now = time.monotonic()
        if done == total or done % self.every == 0 or now - self._last >= self.seconds:
            self._last = now
            return True
        return False

    def checking(self, done: int, total: int) -> None:
        if self._due(done, total):
            self._update(done=done, total=total)

    writing = checking


@dataclass
class Batch:
    """What one batch (one transaction) wrote; merged into the import's totals only once the
    transaction committed, so a batch retried after a lock error is not counted twice."""

    shared: dict[Any, Any]
    written: dict[str, list[int]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    remembered: dict[Any, Any] = field(default_factory=dict)

    def wrote(self, obj: models.Model) -> None:
        """Record a row this batch created (taken back if the import fails)."""
        self.written.setdefault(obj._meta.label_lower, []).append(obj.pk)

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] += n

    def remember(self, key: Any, value: Any) -> None:
        """Keep ``value`` for later rows (e.g. a unit registered by an earlier row)."""
        self.remembered[key] = value

    def recall(self, key: Any, default: Any = None) -> Any:
        if key in self.remembered:
            return self.remembered[key]
        return self.shared.get(key, default)


@dataclass
class BatchesWritten:
    """What :func:`write_in_batches` wrote: ids by ``app.model`` label, and the counts."""

    written: dict[str, list[int]] = field(default_factory=dict)
    counts: Counter = field(default_factory=Counter)
    remembered: dict[Any, Any] = field(default_factory=dict)


def write_in_batches(
    total: int,
    write_row: Callable[[int, Batch], None],
    *,
    take_back_order: Sequence[str],
    job: models.Model | None = None,
    lease: jobs.Lease | None = None,
    progress: Callable[[int, int], None] | None = None,
    source: str = "import",
    what: str = "importing",
    batch_seconds: float | None = None,
    batch_rows: int | None = None,
    pause: float | None = None,
) -> BatchesWritten:
    """Call ``write_row(i, batch)`` for ``i`` in ``range(total)``, in short transactions.

    ``write_row`` writes row ``i`` through the services and reports on ``batch`` what it
    created (:meth:`Batch.wrote`) and counted; it raises to stop the import. A batch that meets
    the database's lock is retried whole. With ``job``, the ids are recorded in its lease in
    the batch's transaction. On any failure but :class:`~chanjiao.core.jobs.LeaseLost` (another
    worker runs the job now) everything written is taken back (:func:`take_back`, in
    ``take_back_order`` of labels: dependants first) before the error is raised again.
    """
    batch_seconds = BATCH_SECONDS if batch_seconds is None else batch_seconds
    batch_rows = BATCH_ROWS if batch_rows is None else batch_rows
    if pause is None:
        pause = BATCH_PAUSE_SQLITE if connections[DEFAULT_DB_ALIAS].vendor == "sqlite" else 0
    out = BatchesWritten()

    def write_batch(start: int) -> tuple[int, Batch]:
        batch = Batch(shared=out.remembered)
        began = time.monotonic()
        i = start
        with change_source(source), transaction.atomic():
            while i < total and (
                i == start or (i - start < batch_rows and time.monotonic() - began < batch_seconds)
            ):
                write_row(i, batch)
                i += 1
            if job is not None:
                for label, pks in batch.written.items():
                    jobs.record_written(type(job), job.pk, label=label, ids=pks)
        return i, batch

    done = 0
    try:
        while done < total:
            if lease is not None:
                lease.check()
            done, batch = jobs.retry_locked(lambda start=done: write_batch(start), what=what)
            for label, pks in batch.written.items():
                out.written.setdefault(label, []).extend(pks)
            out.counts.update(batch.counts)
            out.remembered.update(batch.remembered)
            if progress:
                progress(done, total)
            if pause and done < total:
                time.sleep(pause)
    except jobs.LeaseLost:
        raise  # another worker runs this job now and resumes from what was written
    except BaseException:
        if job is not None:
            take_back_job(job, order=take_back_order)
        else:
            take_back(out.written, order=take_back_order)
        raise
    return out


def take_back(written: dict[str, list[int]], *, order: Sequence[str]) -> None:
    """Delete the rows an import wrote, and their change-log rows, in short transactions: the
    import never happened.

    ``order`` lists the ``app.model`` labels to delete, dependants first (memberships before
    the units they tie). A row that has meanwhile gained other ties (PROTECT) is kept.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import ProtectedError

    from .models import ObjectChange

    for label in order:
        model = apps.get_model(label)
        pks = list(written.get(label, []))
        content_type = ContentType.objects.get_for_model(model)
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]

            def delete_chunk(chunk=chunk, model=model, content_type=content_type) -> None:
                with transaction.atomic():
                    gone = list(chunk)
                    try:
                        with transaction.atomic():
                            model._default_manager.filter(pk__in=chunk).delete()
                    except ProtectedError:
                        gone = []
                        for pk in chunk:
                            try:
                                with transaction.atomic():
                                    model._default_manager.filter(pk=pk).delete()
                                gone.append(pk)
                            except ProtectedError:
                                pass
                    ObjectChange.objects.filter(
                        content_type=content_type, object_id__in=gone
                    ).delete()

            jobs.retry_locked(delete_chunk, what="taking back an import")


def take_back_job(job: models.Model, *, order: Sequence[str]) -> None:
    """Take back every row ``job`` wrote, in whatever attempt (see :func:`take_back`)."""
    take_back(jobs.written(type(job), job.pk), order=order)
    jobs.forget_written(type(job), job.pk)
