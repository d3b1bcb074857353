"""Stored uploads of a tabular import, checked and imported by the background worker.

An app declares its import job once as an :class:`UploadJobs` (the job model, its tasks, how
to check and how to import a stored file) and gets the whole life of an upload: store the
file (:meth:`~UploadJobs.create`), queue its check (the preview is computed by the worker,
never in a web request, and kept on the job), confirm (queue the import), run the import with
progress (all rows or none, :mod:`chanjiao.core.batches`), and recover checks and imports
whose worker died (:func:`chanjiao.core.jobs.recover`).

The job model has the fields of the member and talent import jobs: ``status`` (``preview``,
``queued``, ``running``, a finished-ok status and ``failed``), ``phase``, ``done``, ``total``,
``errors``, ``summary``, ``task_id``, ``attempts``, ``started_at``, ``finished_at``, ``file``,
``original_name``, ``body`` and ``created_by``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import batches, jobs
from .tabular import ImportFileError, TabularImportError, file_error, read_bytes
from .xlsx import UnsafeSpreadsheet

logger = logging.getLogger(__name__)


def stored_bytes(job: models.Model) -> bytes:
    with job.file.open("rb") as fh:
        return fh.read()


@dataclass
class UploadJobs:
    """The life of one kind of stored upload (see the module doc).

    ``check(actor, job, data)`` returns the preview of a stored file (nothing written);
    ``failed_check(job, message)`` a preview holding only ``message`` as a file error;
    ``to_dict`` / ``from_dict(job, data)`` keep a preview on the job as JSON. ``run(actor,
    job, data, progress, lease)`` imports the file (all rows or none) and returns a result
    with ``rows`` and ``as_dict()``; it raises a :class:`TabularImportError` when a row is
    wrong. The worker's tasks are the job model's (``model.task("check")``, ``"run"``).
    """

    model: type[models.Model]
    done_status: str
    require: Callable[[Any, Any], None]
    check: Callable[[Any, Any, bytes], Any]
    failed_check: Callable[[Any, str], Any]
    to_dict: Callable[[Any], dict]
    from_dict: Callable[[Any, dict], Any]
    run: Callable[..., Any]
    take_back_order: tuple[str, ...]
    upload_to: Callable[[Any, str], str]

    # --- the upload and its check ---

    def create(self, *, actor, body, file, name: str = "", default_name: str, **fields: Any):
        """Store an upload under MEDIA_ROOT for its background check (the caller has refused
        an unsafe .xlsx at the door: :func:`chanjiao.core.xlsx.check_xlsx`). ``fields``: more
        fields of the job (its kind …)."""
        self.require(actor, body)
        data = read_bytes(file)
        name = name or Path(getattr(file, "name", "") or default_name).name
        job = self.model(body=body, created_by=actor, original_name=name[:255], **fields)
        job.file.save(self.upload_to(job, name), ContentFile(data), save=False)
        job.save()
        return job

    def check_enqueue(self, *, actor, job):
        """Queue the check of a stored upload (its preview) for the worker."""
        self.require(actor, job.body)
        job.task_id = jobs.enqueue(self.model, job.pk, self.model.task("check"))
        self.model._default_manager.filter(pk=job.pk).update(task_id=job.task_id)
        return job

    def check_run(self, *, job_id: int, token: str | None = None) -> dict:
        """Check a stored upload and keep its preview on the job (the worker's entry point).

        Writes nothing but the job row: ``summary["preview"]`` holds the rows and their
        errors, ``total`` the number of rows. A file that cannot be read becomes a file-level
        error of the preview. Running it again recomputes the same preview. The check beats
        the job's lease while it runs (a worker that dies mid-check: :meth:`checks_recover`).
        """
        job = self.model._default_manager.select_related("body", "created_by").get(pk=job_id)
        if job.status != self.model.Status.PREVIEW:
            return {"skipped": job.status}
        if not jobs.retry_locked(lambda: jobs.check_claim(self.model, job.pk, token=token)):
            return {"skipped": "queued again under another task"}
        try:
            with jobs.running(self.model, job.pk, token=token):
                preview = self.check(job.created_by, job, stored_bytes(job))
        except (PermissionDenied, ImportFileError, UnsafeSpreadsheet) as exc:  # said in words
            preview = self.failed_check(job, str(exc))
        except Exception:  # a broken file must end the check with a reason, not hang it
            logger.exception("checking import %s %s failed", self.model.__name__, job.pk)
            preview = self.failed_check(
                job,
                _(
                    "无法读取文件：请用 Excel 或 WPS 打开后重新保存为 .xlsx，再上传；"
                    "仍然不行时请联系平台管理员"
                ),
            )
        self._store_check(job, preview)
        return preview.counts()

    def _store_check(self, job, preview) -> None:
        manager = self.model._default_manager
        jobs.retry_locked(
            lambda: manager.filter(pk=job.pk, status=self.model.Status.PREVIEW).update(
                summary={"preview": self.to_dict(preview)}, total=len(preview.rows)
            )
        )

    def _check_fail(self, job, reason: str) -> None:
        self._store_check(job, self.failed_check(job, reason))

    def checks_recover(self) -> list:
        """Queue again the checks whose worker died before the preview was stored; after too
        many, end the check with the reason as the preview's error, so the page that waits
        for it stops waiting. Safe while other workers run."""
        return jobs.recover(
            self.model,
            task=self.model.task("check"),
            fail=self._check_fail,
            active=(self.model.Status.PREVIEW,),
            pending=~Q(summary__has_key="preview"),
            queued_status=None,
        )

    def stored_preview(self, job):
        """The preview the background check stored on ``job``, or None while it runs."""
        data = (job.summary or {}).get("preview")
        return None if data is None else self.from_dict(job, data)

    # --- the import ---

    def enqueue(self, *, actor, job):
        """Confirm a previewed upload: queue its import for the worker."""
        self.require(actor, job.body)
        status = self.model.Status
        if job.status not in (status.PREVIEW, status.FAILED):
            return job
        job.status = status.QUEUED
        job.phase = ""
        job.done = job.total = 0
        job.errors = []
        job.finished_at = None
        job.save(
            update_fields=[
                "status",
                "phase",
                "done",
                "total",
                "errors",
                "finished_at",
                "updated_at",
            ]
        )
        job.task_id = jobs.enqueue(self.model, job.pk, self.model.task("run"))
        self.model._default_manager.filter(pk=job.pk).update(task_id=job.task_id)
        return job

    def take_back(self, *, job) -> None:
        """Take back every row ``job`` wrote, in whatever attempt."""
        batches.take_back_job(job, order=self.take_back_order)

    def run_job(self, *, job_id: int, token: str | None = None) -> dict:
        """Run a queued import (the worker's entry point). Safe to run again.

        A task whose ``token`` is no longer the job's (it was recovered and queued again)
        does nothing; a job that already succeeded returns its summary; a rerun after a
        worker died resumes (the rows the dead run wrote are found and skipped). Row errors
        fail the job with nothing written; any other failure takes back what was written and
        fails the job with its reason.
        """
        status = self.model.Status
        manager = self.model._default_manager
        job = manager.select_related("body", "created_by").get(pk=job_id)
        if job.status == self.done_status:
            return job.summary
        fresh = {"phase": self.model.Phase.CHECKING, "done": 0, "total": 0, "errors": []}
        finished = (self.done_status, status.FAILED)
        if not jobs.start(self.model, job.pk, token=token, finished=finished, **fresh):
            return {"skipped": "queued again under another task, or finished"}
        progress = batches.JobProgress(job)

        def finish(state: str, *, errors=None, summary=None) -> None:
            fields: dict[str, Any] = {"status": state, "finished_at": timezone.now()}
            if errors is not None:
                fields["errors"] = errors
            if summary is not None:
                fields["summary"] = summary
            jobs.retry_locked(lambda: manager.filter(pk=job.pk).update(**fields))
            if state == self.done_status:
                jobs.forget_written(self.model, job.pk)

        with jobs.running(self.model, job.pk, token=token) as lease:
            try:
                result = self.run(job.created_by, job, stored_bytes(job), progress, lease)
                finish(self.done_status, errors=[], summary=result.as_dict())
                jobs.retry_locked(
                    lambda: manager.filter(pk=job.pk).update(done=result.rows, total=result.rows)
                )
                return result.as_dict()
            except jobs.LeaseLost:
                # Another worker judged this one dead and runs the job now: leave it to it.
                return {"skipped": "taken over by another worker"}
            except TabularImportError as exc:
                self.take_back(job=job)  # an earlier, cut-off attempt may have written
                finish(
                    status.FAILED,
                    errors=exc.preview.errors_as_list(),
                    summary=exc.preview.counts(),
                )
                return {"errors": len(exc.preview.errors)}
            except PermissionDenied as exc:
                self.take_back(job=job)
                finish(status.FAILED, errors=[file_error(exc).as_dict()])
                return {"errors": 1}
            except Exception as exc:
                self.take_back(job=job)
                finish(
                    status.FAILED,
                    errors=[
                        file_error(
                            _("导入出错，未写入任何数据：%(error)s") % {"error": exc}
                        ).as_dict()
                    ],
                )
                raise

    def _fail(self, job, reason: str) -> None:
        self.take_back(job=job)
        self.model._default_manager.filter(pk=job.pk).update(
            status=self.model.Status.FAILED,
            phase="",
            errors=[file_error(reason).as_dict()],
            finished_at=timezone.now(),
        )

    def recover(self) -> list:
        """Queue again the imports whose worker is gone; end failed (with the reason, rows
        taken back) those cut off too often. Safe while other workers run
        (:func:`chanjiao.core.jobs.recover`)."""
        return jobs.recover(self.model, task=self.model.task("run"), fail=self._fail)


def phased(progress: batches.JobProgress, phase: str) -> Callable[[int, int], None]:
    """The write progress of an import: the phase turns to ``phase`` at the first batch."""
    started = False

    def report(done: int, total: int) -> None:
        nonlocal started
        if not started:
            started = True
            progress.phase(phase, total)
        progress.writing(done, total)

    return report
