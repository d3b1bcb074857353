"""Supply/demand imports (供需导入): an uploaded workbook of postings or cohorts and its jobs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.modeling import link, optional_link
from chanjiao.core.models import UploadJob
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.registry.models import Body


class TalentImport(UploadJob):
    """供需导入: an uploaded .xlsx (or .csv) of postings, cohorts, students or their choices
    (志愿), and its background jobs.

    The upload is stored; the worker parses and checks it and stores the preview
    (``summary["preview"]``); once confirmed, the worker imports it in short batches, all rows
    or none (docs/decisions/0005), progress in ``phase``/``done``/``total``.
    """

    class Kind(models.TextChoices):
        POSTINGS = "postings", pgettext_lazy("list", "需求岗位")
        COHORTS = "cohorts", pgettext_lazy("list", "培养规模")
        STUDENTS = "students", _("学生")
        APPLICATIONS = "applications", _("志愿")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        IMPORTED = "imported", _("已导入")
        FAILED = "failed", _("失败")

    SUCCEEDED = Status.IMPORTED

    tasks = {
        "check": "chanjiao.talent.tasks.run_talent_preview",
        "run": "chanjiao.talent.tasks.run_talent_import",
    }

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    body = link(Body, _("产教融合体"), related_name="talent_imports")
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("imports/talent"))
    created_by = optional_link(settings.AUTH_USER_MODEL, _("提交人"), related_name="talent_imports")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )

    class Meta(UploadJob.Meta):
        verbose_name = pgettext_lazy("model", "供需导入")
        verbose_name_plural = pgettext_lazy("models", "供需导入")

    def __str__(self):
        return f"{self.body} · {self.get_kind_display()} · {self.original_name}"
