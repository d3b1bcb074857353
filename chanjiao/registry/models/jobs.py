"""Member-list import jobs (an uploaded workbook checked and then run in the background)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.modeling import link, optional_link
from chanjiao.core.models import UploadJob
from chanjiao.core.uploads import PrivateUploadTo

from .bodies import Body


class ImportJob(UploadJob):
    """成员导入任务: one uploaded member list (.xlsx) of a body and its background import.

    Previewed first (nothing written), then queued; the worker checks every row (progress
    ``done``/``total``) and writes all rows in one transaction or none.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    tasks = {
        "check": "chanjiao.registry.tasks.run_member_preview",
        "run": "chanjiao.registry.tasks.run_member_import",
    }

    body = link(Body, _("产教融合体"), related_name="import_jobs")
    # Under MEDIA_ROOT/imports/: a worker on another machine reads it from the shared storage.
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("imports"))
    created_by = optional_link(settings.AUTH_USER_MODEL, _("提交人"), related_name="import_jobs")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )

    class Meta(UploadJob.Meta):
        verbose_name = pgettext_lazy("model", "成员导入任务")
        verbose_name_plural = pgettext_lazy("models", "成员导入任务")

    def __str__(self):
        return f"{self.body} · {self.original_name or self.file.name} · {self.get_status_display()}"
