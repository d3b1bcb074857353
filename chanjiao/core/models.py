"""Base model and the change log (变更记录).

No domain models live here: only what every domain app builds on.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .modeling import optional_link


class TimeStampedModel(models.Model):
    """Abstract base: creation and modification times on every domain row."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        # What get_<field>_display() calls. Django's builds a dict of every choice per call,
        # and hashing a lazy label translates it: a page of 50 members spent ~25 ms there.
        # Same result from a map built once per field (labels stay lazy: the active language
        # still decides, when the label is turned into text).
        value = getattr(self, field.attname)
        return force_str(_choice_map(field).get(make_hashable(value), value), strings_only=True)


class Job(TimeStampedModel):
    """Abstract base of every background job row (后台任务): a member import, a supply/demand
    import, a match run, an ingest batch.

    It holds what :mod:`chanjiao.core.jobs` (claim, lease, recovery) and
    :class:`chanjiao.core.batches.JobProgress` (progress) read and write: the queued task,
    the attempts, when it started and finished, its ``phase`` and ``done``/``total``. A job
    model adds its ``status`` field (its own ``Status`` choices, whose ending values are
    :attr:`SUCCEEDED` and :attr:`FAILED`), its own ``phase`` choices when it has phases, and
    what it works on; the progress partial ``core/_job_progress.html`` shows any of them.
    """

    #: The ``status`` values that end a job.
    SUCCEEDED = "succeeded"
    FAILED = "failed"

    phase = models.CharField(_("阶段"), max_length=16, blank=True)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), default=0)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")),
                name="%(app_label)s_%(class)s_done_within_total",
                violation_error_message=_("已处理不能超过总数"),
            ),
        ]

    #: The background tasks that run this job, by step, named by dotted path:
    #: ``{"run": "chanjiao.talent.tasks.run_match"}`` (an import also has ``"check"``). A service
    #: queues its job with ``Model.task(step)`` and so never imports its app's tasks module
    #: (the tasks call the services).
    tasks: dict[str, str] = {}

    @classmethod
    def task(cls, step: str = "run"):
        """The task that runs ``step`` of this kind of job."""
        return import_string(cls.tasks[step])

    #: The progress line's words by ``"status"`` or ``"status:phase"`` (the more precise
    #: first); a text may name the phase as ``%(phase)s``. A status not listed shows its label.
    progress_texts: dict = {}

    @property
    def is_finished(self) -> bool:
        return self.status in (self.SUCCEEDED, self.FAILED)

    def progress_text(self) -> str:
        """What the progress line says now (the shared partial ``core/_job_progress.html``)."""
        if self.status == "queued":
            return _("排队中，等待后台任务处理…")
        # "succeeded" names the job's ending status, whatever its value (an import's "imported").
        status = "succeeded" if self.status == self.SUCCEEDED else self.status
        text = self.progress_texts.get(f"{status}:{self.phase}")
        if text is None:
            text = self.progress_texts.get(status)
        if text is None:
            return self.get_status_display()
        phase = self.get_phase_display() if self.phase else ""
        return str(text) % {"phase": phase} if "%(phase)s" in str(text) else str(text)

    @property
    def succeeded(self) -> bool:
        return self.status == self.SUCCEEDED

    @property
    def percent(self) -> int:
        """Progress in whole percent (0 while the total is unknown)."""
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def bar_width(self) -> int:
        """How full the progress bar is drawn: whole once finished, and while writing has
        begun but not counted a row yet (a full striped bar: working, amount unknown)."""
        if self.is_finished or (self.phase == "writing" and not self.done):
            return 100
        return self.percent


class UploadJob(Job):
    """Abstract base of an uploaded spreadsheet's import (导入任务): the worker checks every row
    (phase ``checking``) and stores the preview, then, once confirmed, writes all rows or none
    (phase ``writing``); see :mod:`chanjiao.core.tabular_jobs`. A subclass adds what the rows
    are imported into, the file and its ``status`` (with ``preview`` before ``queued``)."""

    class Phase(models.TextChoices):
        CHECKING = "checking", _("校验")
        WRITING = "writing", _("写入")

    progress_texts = {
        "running": _("正在校验…"),
        "running:writing": _("正在写入…"),
        "succeeded": _("导入完成"),
        "failed": _("导入失败，未写入任何数据"),
    }

    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    phase = models.CharField(_("阶段"), max_length=16, choices=Phase.choices, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta(Job.Meta):
        abstract = True


_CHOICE_MAPS: dict[int, dict] = {}


def _choice_map(field: models.Field) -> dict:
    """A choice field's values (hashable) and their lazy labels, built once per field."""
    found = _CHOICE_MAPS.get(id(field))
    if found is None:
        found = {make_hashable(value): label for value, label in field.flatchoices}
        _CHOICE_MAPS[id(field)] = found
    return found


class ObjectChange(models.Model):
    """One write to one object: who, when, what, and the fields before and after.

    变更记录. Shaped like NetBox's ObjectChange. ``related_*`` points at the object whose
    history page should also show this change (a membership change shows on its body).
    Written only by services through :func:`chanjiao.core.changelog.record_change`.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("创建")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")

    time = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = optional_link(settings.AUTH_USER_MODEL, _("操作人"), related_name="changes")
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    changed_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("对象"), max_length=300)
    related_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    related_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    source = models.CharField(
        _("来源"), max_length=20, blank=True, help_text=_("ui, api, cli, job, import")
    )

    class Meta:
        ordering = ["-time", "-id"]
        verbose_name = pgettext_lazy("model", "变更记录")
        verbose_name_plural = pgettext_lazy("models", "变更记录")
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["related_content_type", "related_object_id"]),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def changed_fields(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for every field whose value differs."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class JobLease(models.Model):
    """Who is running a background job right now, and what the job has written so far.

    任务租约. One row per job (an import, a match run, an ingest batch), written by
    :mod:`chanjiao.core.jobs`: the running task beats ``heartbeat_at`` every few seconds from
    its own thread, so a job whose worker was killed is recognised by a heartbeat that stopped,
    not by its status (several workers may run at once). ``written`` lists the rows a job
    committed batch by batch, so a job that ends failed can take them back out.
    """

    kind = models.CharField(_("任务类型"), max_length=64)
    object_id = models.PositiveBigIntegerField(_("任务编号"))
    # Changed each time the job is queued; only the task given this token may run the job.
    token = models.CharField(_("运行令牌"), max_length=64, blank=True)
    worker = models.CharField(_("后台进程"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    recoveries = models.PositiveSmallIntegerField(_("恢复次数"), default=0)
    written = models.JSONField(_("已写入"), default=dict, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "任务租约")
        verbose_name_plural = pgettext_lazy("models", "任务租约")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="job_lease_one_per_job")
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id}"


class DailyRun(models.Model):
    """每日例行任务: one day's run of a daily routine (agreements moved by date, the bookings'
    day-before reminders), queued by the first job worker that reaches it — the unique row is
    how many workers agree that one of them queued it."""

    task = models.CharField(_("任务"), max_length=200)
    day = models.DateField(_("日期"))
    queued_at = models.DateTimeField(_("排队时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "每日例行任务")
        verbose_name_plural = pgettext_lazy("models", "每日例行任务")
        constraints = [models.UniqueConstraint(fields=["task", "day"], name="daily_run_once_a_day")]

    def __str__(self):
        return f"{self.task} {self.day}"
