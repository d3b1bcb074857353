"""The yearly cycle (年度周期): the indicators catalogue (指标), collection rounds (填报) in which a
body's member units report their figures, and the values they report.

The catalogue is data, not fields: a platform admin adds an indicator without a migration.
An indicator is either computed from the records (``rule`` names a function of
:mod:`chanjiao.reports.indicators`) or reported by the body, its member schools or its member
enterprises on a collection round's forms.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import link, optional_link, unique
from chanjiao.core.models import Job, TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.core.validators import validate_region_code
from chanjiao.core.words import aside, plain_number
from chanjiao.registry.models import Body, Organization
from chanjiao.talent.models import Major, MajorCategory, MajorClass


class Indicator(TimeStampedModel):
    """指标: one figure of a body's year, computed from the records or reported by units."""

    class Unit(models.TextChoices):
        PERSONS = "persons", pgettext_lazy("indicator unit", "人")
        PERSON_TIMES = "person_times", pgettext_lazy("indicator unit", "人次")
        PERSON_MONTHS = "person_months", pgettext_lazy("indicator unit", "人月")
        PERSON_DAYS = "person_days", pgettext_lazy("indicator unit", "人日")
        UNITS = "units", pgettext_lazy("indicator unit", "个")
        ORGANIZATIONS = "organizations", pgettext_lazy("indicator unit", "家")
        EVENTS = "events", pgettext_lazy("indicator unit", "场")
        DOCUMENTS = "documents", pgettext_lazy("indicator unit", "份")
        ITEMS = "items", pgettext_lazy("indicator unit", "项")
        COURSES = "courses", pgettext_lazy("indicator unit", "门")
        BOOKS = "books", pgettext_lazy("indicator unit", "部")
        CLASSES = "classes", pgettext_lazy("indicator unit", "班")
        HOURS = "hours", pgettext_lazy("indicator unit", "课时")
        TEN_THOUSAND_YUAN = "wan_yuan", pgettext_lazy("indicator unit", "万元")
        PERCENT = "percent", pgettext_lazy("indicator unit", "%")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("由记录计算")
        BODY = "body", _("产教融合体填报")
        SCHOOL = "school", _("成员学校填报")
        ENTERPRISE = "enterprise", _("成员企业填报")

    class Aggregate(models.TextChoices):
        SUM = "sum", _("求和")
        MEAN = "mean", _("平均")
        WEIGHTED_RATE = "weighted_rate", _("加权比率")

    #: Units counted in whole numbers (a value with decimals is refused).
    WHOLE_UNITS = frozenset(
        {
            Unit.PERSONS,
            Unit.PERSON_TIMES,
            Unit.UNITS,
            Unit.ORGANIZATIONS,
            Unit.EVENTS,
            Unit.DOCUMENTS,
            Unit.ITEMS,
            Unit.COURSES,
            Unit.BOOKS,
            Unit.CLASSES,
        }
    )

    code = models.CharField(
        _("代码"),
        max_length=40,
        unique=True,
        validators=[
            RegexValidator(r"^[a-z][a-z0-9_]*$", _("代码只能由小写字母、数字和下划线组成"))
        ],
    )
    name = NameField(_("名称"), max_length=100)
    name_en = NameField(_("英文名称"), max_length=200)
    unit = models.CharField(pgettext_lazy("measure", "单位"), max_length=16, choices=Unit.choices)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    rule = models.CharField(
        _("计算规则"),
        max_length=40,
        blank=True,
        help_text=_("由记录计算的指标使用的规则；填报的指标留空"),
    )
    aggregate = models.CharField(
        _("汇总方式"), max_length=16, choices=Aggregate.choices, default=Aggregate.SUM
    )
    weight = optional_link(
        "self",
        _("权重指标"),
        related_name="weighted",
        help_text=_("加权比率按此指标的值加权（如就业率按就业人数）"),
    )
    min_value = models.DecimalField(
        _("最小值"), max_digits=14, decimal_places=2, null=True, blank=True, default=Decimal(0)
    )
    max_value = models.DecimalField(
        _("最大值"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = pgettext_lazy("model", "指标")
        verbose_name_plural = pgettext_lazy("models", "指标")
        constraints = [
            models.CheckConstraint(
                condition=Q(source="computed", rule__gt="") | (~Q(source="computed") & Q(rule="")),
                name="indicator_rule_iff_computed",
                violation_error_message=_("由记录计算的指标须有计算规则，填报的指标不能有"),
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="indicator_min_not_above_max",
                violation_error_message=_("最小值不能大于最大值"),
            ),
        ]

    def __str__(self) -> str:
        return aside(self.label, self.get_unit_display())

    @property
    def label(self) -> str:
        """The name in the reader's language: the English name for an English reader."""
        english = (get_language() or "").startswith("en")
        return self.name_en if english and self.name_en else self.name

    def clean(self) -> None:
        from .indicators import RULES

        if self.source == self.Source.COMPUTED and self.rule not in RULES:
            raise ValidationError({"rule": _("没有这个计算规则：%(rule)s") % {"rule": self.rule}})
        if self.aggregate == self.Aggregate.WEIGHTED_RATE and self.weight_id is None:
            raise ValidationError({"weight": _("加权比率须指定权重指标")})


class CollectionRound(TimeStampedModel):
    """填报: a body's collection of one year's figures from its member units."""

    class Status(models.TextChoices):
        OPEN = "open", _("填报中")
        LOCKED = "locked", _("已锁定")

    body = link(Body, _("产教融合体"), related_name="collection_rounds")
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    opened_by = optional_link(settings.AUTH_USER_MODEL, _("发起人"), related_name="+")
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "body__name"]
        verbose_name = pgettext_lazy("model", "填报轮次")
        verbose_name_plural = pgettext_lazy("models", "填报轮次")
        constraints = [
            unique(("body", "year"), "round_once_per_body_year", _("该产教融合体本年度已发起填报")),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100),
                name="round_year_plausible",
                violation_error_message=_("年度须在 1990 到 2100 之间"),
            ),
        ]

    def __str__(self) -> str:
        return _("%(body)s %(year)s 年度填报") % {"body": self.body, "year": self.year}


class CollectionForm(TimeStampedModel):
    """One unit's form (填报表) in a round: a member school's or enterprise's, or the body's
    own (``organization`` empty, filled by the secretariat)."""

    class Audience(models.TextChoices):
        BODY = "body", _("产教融合体")
        SCHOOL = "school", _("学校")
        ENTERPRISE = "enterprise", _("企业")

    class Status(models.TextChoices):
        DRAFT = "draft", _("未提交")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("已退回修改")

    round = link(CollectionRound, _("填报轮次"), related_name="forms")
    organization = optional_link(
        Organization, _("填报单位"), on_delete=models.PROTECT, related_name="collection_forms"
    )
    audience = models.CharField(_("表类型"), max_length=16, choices=Audience.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = optional_link(settings.AUTH_USER_MODEL, _("提交人"), related_name="+")
    return_reason = models.TextField(_("退回原因"), blank=True)

    class Meta:
        ordering = ["round", "audience", "organization__name"]
        verbose_name = pgettext_lazy("model", "填报表")
        verbose_name_plural = pgettext_lazy("models", "填报表")
        constraints = [
            unique(
                ("round", "organization"),
                "form_once_per_unit",
                _("该单位在本轮已有填报表"),
                condition=Q(organization__isnull=False),
            ),
            unique(
                ("round",),
                "body_form_once_per_round",
                _("本轮已有产教融合体填报表"),
                condition=Q(organization__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        who = self.organization or self.round.body
        return _("%(who)s 的 %(year)s 年度填报表") % {"who": who, "year": self.round.year}

    @property
    def is_editable(self) -> bool:
        return (
            self.status != self.Status.SUBMITTED
            and self.round.status == CollectionRound.Status.OPEN
        )


class IndicatorValue(TimeStampedModel):
    """One reported figure on a form; who entered it and when stay with it."""

    form = link(CollectionForm, _("填报表"), related_name="values")
    indicator = link(Indicator, _("指标"), related_name="values", on_delete=models.PROTECT)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=2)
    entered_by = optional_link(settings.AUTH_USER_MODEL, _("填写人"), related_name="+")
    is_synthetic = models.BooleanField(_("合成数据"), default=False)

    class Meta:
        ordering = ["form", "indicator__order", "indicator__code"]
        verbose_name = pgettext_lazy("model", "指标值")
        verbose_name_plural = pgettext_lazy("models", "指标值")
        constraints = [
            unique(("form", "indicator"), "value_once_per_form", _("该指标在本表中已有数值")),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.label}: {self.value}"


class ReportText(TimeStampedModel):
    """A section of a body's annual report (年度工作报告) that people write."""

    class Section(models.TextChoices):
        CASES = "cases", _("典型案例")
        PROBLEMS = "problems", _("问题与对策")
        NEXT_YEAR = "next_year", _("下年度计划")

    body = link(Body, _("产教融合体"), related_name="report_texts")
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("部分"), max_length=16, choices=Section.choices)
    text = models.TextField(_("内容"), blank=True)
    updated_by = optional_link(settings.AUTH_USER_MODEL, _("修改人"), related_name="+")

    class Meta:
        ordering = ["body", "-year", "section"]
        verbose_name = pgettext_lazy("model", "报告文字")
        verbose_name_plural = pgettext_lazy("models", "报告文字")
        constraints = [
            unique(
                ("body", "year", "section"),
                "report_text_once_per_section",
                _("本年度报告已有这一部分"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year} {self.get_section_display()}"


class ReportApproval(TimeStampedModel):
    """报告审议: the meeting that approved a body's annual report for a year (set when the
    governing organ's resolution passes)."""

    body = link(Body, _("产教融合体"), related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    approved_on = models.DateField(_("审议通过日期"))
    approved_at = models.CharField(_("审议通过的会议"), max_length=200)

    class Meta:
        ordering = ["body", "-year"]
        verbose_name = pgettext_lazy("model", "报告审议")
        verbose_name_plural = pgettext_lazy("models", "报告审议")
        constraints = [
            unique(("body", "year"), "report_approved_once", _("该年度报告已审议通过")),
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.year}"


class Plan(TimeStampedModel):
    """发展规划: a body's plan over some years (e.g. 2024–2025 发展规划): goals → tasks →
    yearly targets (KPI), whose progress comes from the indicators or from values entered with
    evidence."""

    body = link(Body, _("产教融合体"), related_name="plans")
    name = NameField(_("名称"), max_length=200)
    starts_year = models.PositiveSmallIntegerField(_("起始年度"))
    ends_year = models.PositiveSmallIntegerField(_("截止年度"))
    description = models.TextField(_("说明"), blank=True)
    approved_on = models.DateField(_("审议通过日期"), null=True, blank=True)
    approved_at = models.CharField(_("审议通过的会议"), max_length=200, blank=True)

    class Meta:
        ordering = ["body", "-starts_year", "name"]
        verbose_name = pgettext_lazy("model", "发展规划")
        verbose_name_plural = pgettext_lazy("models", "发展规划")
        constraints = [
            unique(("body", "name"), "plan_name_once_per_body", _("该产教融合体已有同名规划")),
            models.CheckConstraint(
                condition=Q(starts_year__gte=1990, ends_year__lte=2100)
                & Q(ends_year__gte=models.F("starts_year")),
                name="plan_years_in_order",
                violation_error_message=_("规划年度须在 1990 到 2100 之间，且截止不早于起始"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanGoal(TimeStampedModel):
    """规划目标: one goal of a plan."""

    plan = link(Plan, _("发展规划"), related_name="goals")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = NameField(_("目标"), max_length=300)

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = pgettext_lazy("model", "规划目标")
        verbose_name_plural = pgettext_lazy("models", "规划目标")
        constraints = [unique(("plan", "title"), "goal_once_per_plan", _("本规划已有这个目标"))]

    def __str__(self) -> str:
        return self.title


class PlanTask(TimeStampedModel):
    """规划任务: a task under a goal, with the unit and person responsible and a deadline."""

    goal = link(PlanGoal, _("规划目标"), related_name="tasks")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    title = NameField(_("任务"), max_length=300)
    responsible_unit = optional_link(Organization, _("责任单位"), related_name="plan_tasks")
    responsible_person = NameField(_("责任人"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = pgettext_lazy("model", "规划任务")
        verbose_name_plural = pgettext_lazy("models", "规划任务")
        constraints = [unique(("goal", "title"), "task_once_per_goal", _("该目标下已有这个任务"))]

    def __str__(self) -> str:
        return self.title


class PlanTarget(TimeStampedModel):
    """指标目标: a task's target for one year — on an indicator of the catalogue (its progress
    then comes from the records or the collection round) or on a measure of its own (its
    progress is entered, with evidence). ``comparison`` says which way it points: at least
    the target (≥, the default) or at most (≤, an upper limit: exits, a gap, accidents)."""

    class Comparison(models.TextChoices):
        AT_LEAST = "at_least", _("至少（≥）")
        AT_MOST = "at_most", _("至多（≤）")

    #: The sign each comparison is written with (the plan page, the .xlsx, ``str()``).
    SIGNS = {Comparison.AT_LEAST: "≥", Comparison.AT_MOST: "≤"}

    task = link(PlanTask, _("规划任务"), related_name="targets")
    indicator = optional_link(
        Indicator, _("指标"), on_delete=models.PROTECT, related_name="plan_targets"
    )
    label = NameField(_("目标内容"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    comparison = models.CharField(
        _("比较"),
        max_length=8,
        choices=Comparison.choices,
        default=Comparison.AT_LEAST,
        help_text=_("至少：完成值达到目标值即完成；至多：年末完成值不超过目标值即完成"),
    )
    target = models.DecimalField(_("目标值"), max_digits=14, decimal_places=2)
    actual = models.DecimalField(
        _("完成值"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("没有对应指标时填写；有对应指标时由指标得出"),
    )
    evidence = models.URLField(_("佐证材料链接"), max_length=500, blank=True)

    class Meta:
        ordering = ["task", "year", "id"]
        verbose_name = pgettext_lazy("model", "指标目标")
        verbose_name_plural = pgettext_lazy("models", "指标目标")
        constraints = [
            models.CheckConstraint(
                condition=Q(indicator__isnull=False) | ~Q(label=""),
                name="target_names_what_it_measures",
                violation_error_message=_("请选择指标或填写目标内容"),
            ),
            models.CheckConstraint(
                condition=Q(target__gte=0),
                name="target_not_negative",
                violation_error_message=_("目标值不能为负数"),
            ),
        ]

    def __str__(self) -> str:
        what = self.indicator.label if self.indicator_id else self.label
        return f"{self.year} {what} {self.sign} {plain_number(self.target)}"

    @property
    def sign(self) -> str:
        """≥ for a target to reach, ≤ for a limit not to pass."""
        return self.SIGNS.get(self.comparison, "≥")

    @property
    def is_limit(self) -> bool:
        return self.comparison == self.Comparison.AT_MOST


class IndustryChain(TimeStampedModel):
    """产业链: an industry chain a body, or a region (a city's key chains), serves, with the
    majors that train for it: single majors, whole major classes (专业类) or categories (专业大类).

    The chain-alignment view (:mod:`chanjiao.reports.chains`) sets each chain against the
    majors the schools offer and the demand posted. ``is_synthetic`` says the majors were
    matched for the demo, not by the body.
    """

    body = optional_link(
        Body, _("产教融合体"), related_name="industry_chains", on_delete=models.CASCADE
    )
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        validators=[validate_region_code],
        help_text=_("一个地区的产业链（不属于某个产教融合体）填 6 位代码"),
    )
    name = NameField(_("名称"), max_length=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    description = models.TextField(_("说明"), blank=True)
    majors = models.ManyToManyField(
        Major, verbose_name=_("对应专业"), blank=True, related_name="industry_chains"
    )
    major_classes = models.ManyToManyField(
        MajorClass, verbose_name=_("对应专业类"), blank=True, related_name="industry_chains"
    )
    categories = models.ManyToManyField(
        MajorCategory, verbose_name=_("对应专业大类"), blank=True, related_name="industry_chains"
    )
    source = models.CharField(_("出处"), max_length=300, blank=True)
    is_synthetic = models.BooleanField(
        _("合成数据"), default=False, help_text=_("对应专业为演示设定")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = pgettext_lazy("model", "产业链")
        verbose_name_plural = pgettext_lazy("models", "产业链")
        constraints = [
            models.CheckConstraint(
                condition=(Q(body__isnull=False) & Q(region_code=""))
                | (Q(body__isnull=True) & ~Q(region_code="")),
                name="chain_of_a_body_or_a_region",
                violation_error_message=_("产业链属于一个产教融合体或一个地区（二选一）"),
            ),
            unique(("body", "name"), "chain_name_once_per_body", _("该产教融合体已有同名产业链")),
            unique(
                ("region_code", "name"),
                "chain_name_once_per_region",
                _("该地区已有同名产业链"),
                condition=Q(body__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReportJob(Job):
    """报告生成任务: a body's annual report for a year written as .docx or PDF by the worker,
    with its progress shown while the reader waits; the file is kept for its readers."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        SUCCEEDED = "succeeded", _("已完成")
        FAILED = "failed", _("失败")

    class Phase(models.TextChoices):
        GATHERING = "gathering", _("汇总数据")
        CHARTS = "charts", _("绘制图表")
        WRITING = "writing", _("生成文档")

    class Format(models.TextChoices):
        DOCX = "docx", "Word (.docx)"
        PDF = "pdf", "PDF"

    tasks = {"run": "chanjiao.reports.tasks.run_report"}
    progress_texts = {
        "running": _("进行中：%(phase)s…"),
        "succeeded": _("报告已生成"),
        "failed": _("报告生成失败"),
    }

    body = link(Body, _("产教融合体"), related_name="report_jobs")
    year = models.PositiveSmallIntegerField(_("年度"))
    format = models.CharField(_("格式"), max_length=8, choices=Format.choices)
    created_by = optional_link(settings.AUTH_USER_MODEL, _("发起人"), related_name="+")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(_("阶段"), max_length=16, choices=Phase.choices, blank=True)
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("reports"), blank=True)
    error = models.TextField(_("错误"), blank=True)
    #: The language of the page that asked for it: the report is written in it, as the page's
    #: direct download is.
    language = models.CharField(
        _("报告语言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta(Job.Meta):
        verbose_name = pgettext_lazy("model", "报告生成任务")
        verbose_name_plural = pgettext_lazy("models", "报告生成任务")

    def __str__(self) -> str:
        return f"{self.body} {self.year} .{self.format} #{self.pk}"
