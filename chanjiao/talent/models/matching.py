"""Matching: match runs (匹配运行), the matches they propose (推荐匹配) and placements (安置)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.history import describe_value
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
from chanjiao.core.models import Job, TimeStampedModel
from chanjiao.registry.models import Body

from .supply import Posting, Student

#: The score components a match run weighs (named as in ``engine.COMPONENTS``, plus the
#: enterprise's own rank or score), with their default weights.
DEFAULT_WEIGHTS: dict[str, float] = {
    "major_fit": 0.35,
    "skills_overlap": 0.2,
    "region": 0.1,
    "preference_rank": 0.2,
    "enterprise": 0.15,
}


class MatchRun(Job):
    """匹配运行: one matching of a body's students to its open postings, run as a job.

    The run proposes matches (:class:`MatchProposal`); nothing is placed until the secretariat
    accepts them.
    """

    class Mode(models.TextChoices):
        STABLE = "stable", _("稳定匹配")
        OPTIMAL = "optimal", _("最优分配")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    class Phase(models.TextChoices):
        BUILDING = "building", _("构建候选")
        SOLVING = "solving", _("求解")
        CHECKING = "checking", _("校验")
        SAVING = "saving", pgettext_lazy("match phase", "保存")

    tasks = {"run": "chanjiao.talent.tasks.run_match"}
    progress_texts = {
        "running": _("进行中：%(phase)s…"),
        "succeeded": _("匹配完成"),
        "failed": _("匹配失败"),
    }

    body = link(Body, _("产教融合体"), related_name="match_runs")
    created_by = optional_link(settings.AUTH_USER_MODEL, _("发起人"), related_name="match_runs")
    mode = models.CharField(_("方式"), max_length=16, choices=Mode.choices, default=Mode.STABLE)
    weights = models.JSONField(_("评分权重"), default=dict, blank=True)
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("阶段"), max_length=16, choices=Phase.choices, blank=True)
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta(Job.Meta):
        verbose_name = pgettext_lazy("model", "匹配运行")
        verbose_name_plural = pgettext_lazy("models", "匹配运行")

    def __str__(self):
        return f"{self.body} · {self.get_mode_display()} #{self.pk}"


class MatchProposal(TimeStampedModel):
    """推荐匹配: one student–posting pair a run proposes, with its score explained.

    ``explanation`` holds, per score component, its value (0–1), its weight and its points
    (value × weight), so a reviewer can see why the pair was proposed.
    """

    class Decision(models.TextChoices):
        PROPOSED = "proposed", _("待审核")
        ACCEPTED = "accepted", _("已确认")
        REJECTED = "rejected", _("未采纳")

    run = link(MatchRun, _("匹配运行"), related_name="proposals")
    student = link(Student, _("学生"), related_name="proposals")
    posting = link(Posting, _("岗位"), related_name="proposals")
    score = models.FloatField(_("得分"))
    explanation = models.JSONField(_("得分说明"), default=dict, blank=True)
    student_rank = models.PositiveSmallIntegerField(_("志愿顺序"), null=True, blank=True)
    decision = models.CharField(
        _("审核"), max_length=16, choices=Decision.choices, default=Decision.PROPOSED
    )

    class Meta:
        ordering = ["run", "-score", "id"]
        verbose_name = pgettext_lazy("model", "推荐匹配")
        verbose_name_plural = pgettext_lazy("models", "推荐匹配")
        constraints = [
            unique(
                ("run", "student"),
                "proposal_one_per_student_per_run",
                _("一次运行中每名学生至多一个推荐"),
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting}"


class Placement(TimeStampedModel):
    """安置: a student placed in a posting (accepted from a run or recorded by hand), with its
    outcome over time: accepted → started → finished, or hired."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("已确认")
        STARTED = "started", _("已到岗")
        FINISHED = "finished", _("已结束")
        HIRED = "hired", _("已录用")
        WITHDRAWN = "withdrawn", pgettext_lazy("placement status", "已撤销")

    student = link(Student, _("学生"), related_name="placements", on_delete=models.PROTECT)
    posting = link(Posting, _("岗位"), related_name="placements", on_delete=models.PROTECT)
    body = optional_link(Body, _("产教融合体"), related_name="placements")
    run = optional_link(MatchRun, _("匹配运行"), related_name="placements")
    proposal = optional_link(
        MatchProposal, _("推荐匹配"), related_name="placement", one_to_one=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACCEPTED
    )
    accepted_on = models.DateField(_("确认日期"), null=True, blank=True)
    started_on = models.DateField(_("到岗日期"), null=True, blank=True)
    finished_on = models.DateField(_("结束日期"), null=True, blank=True)
    hired_on = models.DateField(_("录用日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = pgettext_lazy("model", "安置")
        verbose_name_plural = pgettext_lazy("models", "安置")
        constraints = [
            unique(
                ("student", "posting"),
                "placement_once_per_student_and_posting",
                _("该学生已安置到此岗位"),
                condition=~Q(status="withdrawn"),
            ),
            dates_in_order(
                "started_on",
                "finished_on",
                "placement_finishes_after_start",
                _("结束日期不能早于到岗日期"),
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting}"


class MatchAcceptance(Job):
    """批量确认: many proposals of a finished run accepted in the background, as a job.

    Accepting validates and logs every placement, which takes minutes for thousands of
    proposals: the secretariat's request checks them all and queues this job, the worker writes
    the placements in short batches (all or none), and the run's page shows the progress.
    ``proposal_ids`` names the proposals to accept; empty (``None``), every pending one.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    class Phase(models.TextChoices):
        CHECKING = "checking", _("校验")
        WRITING = "writing", _("写入")

    tasks = {"run": "chanjiao.talent.tasks.run_acceptance"}
    progress_texts = {
        "running": _("正在确认推荐：%(phase)s…"),
        "succeeded": _("推荐已确认，安置记录已生成"),
        "failed": _("确认未完成，未生成任何安置记录"),
    }

    run = link(MatchRun, _("匹配运行"), related_name="acceptances")
    created_by = optional_link(
        settings.AUTH_USER_MODEL, _("发起人"), related_name="match_acceptances"
    )
    proposal_ids = models.JSONField(_("推荐匹配"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("阶段"), max_length=16, choices=Phase.choices, blank=True)
    error = models.TextField(_("错误"), blank=True)

    class Meta(Job.Meta):
        verbose_name = pgettext_lazy("model", "批量确认")
        verbose_name_plural = pgettext_lazy("models", "批量确认")
        constraints = [
            *Job.Meta.constraints,
            unique(
                ("run",),
                "match_acceptance_one_active_per_run",
                _("该匹配运行已有一项确认正在进行，请等它完成"),
                condition=Q(status__in=("queued", "running")),
            ),
        ]

    def __str__(self):
        return _("%(run)s 的批量确认") % {"run": self.run}


def _proposal_count_text(ids) -> str:
    return _("%(n)s 条") % {"n": len(ids)} if isinstance(ids, list) else str(ids)


# A selection of thousands of proposals is logged as how many, not as their ids.
describe_value("talent.matchacceptance", "proposal_ids", _proposal_count_text)
