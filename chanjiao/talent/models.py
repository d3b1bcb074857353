"""Talent (人才供需): the majors catalogue, school cohorts, enterprise demand postings, students
and their applications, match runs with their proposed matches, and placements.

Every write goes through ``services.py``; the constraints here are the last line of defence.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField
from chanjiao.core.models import Job, TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.registry.models import Body, Organization

_SKILL_SEPARATORS = re.compile(r"[、,，;；/|\n\r\t]+")


def split_skills(value) -> list[str]:
    """Skills as a clean list: a list or a text separated by 、 , ; / or new lines; blanks and
    repeats dropped, order kept."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else _SKILL_SEPARATORS.split(str(value))
    out: list[str] = []
    for item in items:
        for part in _SKILL_SEPARATORS.split(str(item)):
            part = " ".join(part.split())
            if part and part not in out:
                out.append(part[:100])
    return out


class Level(models.TextChoices):
    """The three levels of the 2021 vocational majors catalogue (职业教育专业目录)."""

    SECONDARY = "secondary", _("中职")
    ASSOCIATE = "associate", _("高职专科")
    BACHELOR = "bachelor", _("高职本科")


class MajorCategory(TimeStampedModel):
    """专业大类: one of the 19 categories of a level (e.g. 46 装备制造大类), coded with 2 digits."""

    level = models.CharField(_("层次"), max_length=16, choices=Level.choices)
    code = models.CharField(_("代码"), max_length=2)
    name = NameField(_("名称"), max_length=100)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("专业大类")
        verbose_name_plural = _("专业大类")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                name="major_category_code_unique_per_level",
                violation_error_message=_("该层次已有此大类代码"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.code and not re.fullmatch(r"\d{2}", self.code):
            raise ValidationError({"code": _("大类代码应为 2 位数字")})


class MajorClass(TimeStampedModel):
    """专业类: a class within a category (e.g. 自动化类), coded with 4 digits."""

    category = models.ForeignKey(
        MajorCategory, verbose_name=_("专业大类"), on_delete=models.PROTECT, related_name="classes"
    )
    code = models.CharField(_("代码"), max_length=4)
    name = NameField(_("名称"), max_length=100)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = _("专业类")
        verbose_name_plural = _("专业类")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"],
                name="major_class_code_unique_per_category",
                violation_error_message=_("该大类已有此专业类代码"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.code and not re.fullmatch(r"\d{4}", self.code):
            raise ValidationError({"code": _("专业类代码应为 4 位数字")})
        if self.code and self.category_id and not self.code.startswith(self.category.code):
            raise ValidationError({"code": _("专业类代码须以大类代码开头")})


class Major(TimeStampedModel):
    """专业: a major of the catalogue (6-digit code), or a demo major whose code is not known.

    ``industry`` names the industry the major mainly serves (行业), so supply and demand can be
    compared by industry. A demo major (``is_synthetic``) has no code; importing the catalogue
    gives it the real code when the level and the name match.
    """

    level = models.CharField(_("层次"), max_length=16, choices=Level.choices)
    code = models.CharField(_("代码"), max_length=6, blank=True)
    name = NameField(_("名称"), max_length=100)
    category = models.ForeignKey(
        MajorCategory, verbose_name=_("专业大类"), on_delete=models.PROTECT, related_name="majors"
    )
    major_class = models.ForeignKey(
        MajorClass,
        verbose_name=_("专业类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="majors",
    )
    industry = NameField(_("对应行业"), max_length=100, blank=True)
    industry_code = models.CharField(_("行业代码"), max_length=10, blank=True)
    is_synthetic = models.BooleanField(
        _("合成数据"),
        default=False,
        help_text=_("演示用，代码未核实"),
    )

    class Meta:
        ordering = ["level", "code", "name"]
        verbose_name = _("专业")
        verbose_name_plural = _("专业")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=~Q(code=""),
                name="major_code_unique_per_level",
                violation_error_message=_("该层次已有此专业代码"),
            ),
            models.UniqueConstraint(
                fields=["level", "name"],
                name="major_name_unique_per_level",
                violation_error_message=_("该层次已有同名专业"),
            ),
            models.CheckConstraint(
                condition=~Q(code="") | Q(is_synthetic=True),
                name="major_code_required_unless_synthetic",
                violation_error_message=_("目录专业须有代码"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}" if self.code else self.name

    def clean(self):
        if self.code and not re.fullmatch(r"\d{6}", self.code):
            raise ValidationError({"code": _("专业代码应为 6 位数字")})
        if self.category_id and self.level and self.category.level != self.level:
            raise ValidationError({"category": _("大类与专业不在同一层次")})
        if self.code and self.category_id and not self.code.startswith(self.category.code):
            raise ValidationError({"code": _("专业代码须以大类代码开头")})
        if self.major_class_id:
            if self.category_id and self.major_class.category_id != self.category_id:
                raise ValidationError({"major_class": _("专业类不属于该大类")})
            if self.code and not self.code.startswith(self.major_class.code):
                raise ValidationError({"code": _("专业代码须以专业类代码开头")})


class Cohort(TimeStampedModel):
    """培养规模: the students a school trains in one major, by intake and graduation year."""

    school = models.ForeignKey(
        Organization, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="cohorts"
    )
    major = models.ForeignKey(
        Major, verbose_name=_("专业"), on_delete=models.PROTECT, related_name="cohorts"
    )
    name = NameField(
        _("名称"), max_length=200, blank=True, help_text=_("如：2023级机电一体化技术1班")
    )
    intake_year = models.PositiveSmallIntegerField(_("入学年份"))
    graduation_year = models.PositiveSmallIntegerField(_("毕业年份"))
    headcount = models.PositiveIntegerField(_("人数"))
    skills = models.JSONField(_("技能"), default=list, blank=True)
    body = models.ForeignKey(
        Body,
        verbose_name=_("所属产教融合体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cohorts",
    )
    is_synthetic = models.BooleanField(_("合成数据"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["-graduation_year", "school__name", "major__name", "name"]
        verbose_name = _("培养规模")
        verbose_name_plural = _("培养规模")
        constraints = [
            models.CheckConstraint(
                condition=Q(graduation_year__gte=F("intake_year")),
                name="cohort_graduates_after_intake",
                violation_error_message=_("毕业年份不能早于入学年份"),
            ),
            models.CheckConstraint(
                condition=Q(intake_year__gte=1949, intake_year__lte=2100),
                name="cohort_intake_year_range",
                violation_error_message=_("入学年份应在 1949–2100"),
            ),
            models.UniqueConstraint(
                fields=["school", "major", "intake_year", "name"],
                name="cohort_unique_per_school_major_year",
                violation_error_message=_("该校该专业该年级已有同名记录"),
            ),
        ]

    def __str__(self):
        return self.name or f"{self.school} · {self.major.name} · {self.intake_year}级"

    def clean(self):
        self.skills = split_skills(self.skills)


class Posting(TimeStampedModel):
    """需求岗位: what an enterprise needs — interns, apprentices, an order class, employees."""

    class Kind(models.TextChoices):
        INTERNSHIP = "internship", _("岗位实习")
        JOB = "job", _("就业岗位")
        APPRENTICESHIP = "apprenticeship", _("现代学徒制")
        ORDER_CLASS = "order_class", _("订单班")

    class Status(models.TextChoices):
        OPEN = "open", _("招募中")
        CLOSED = "closed", _("已关闭")

    enterprise = models.ForeignKey(
        Organization, verbose_name=_("用人单位"), on_delete=models.PROTECT, related_name="postings"
    )
    title = NameField(_("岗位名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.INTERNSHIP)
    major = models.ForeignKey(
        Major,
        verbose_name=_("主要专业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
        help_text=_("供需分析按此专业统计"),
    )
    majors = models.ManyToManyField(
        Major,
        verbose_name=_("其他可接受专业"),
        blank=True,
        related_name="accepting_postings",
    )
    skills = models.JSONField(_("技能要求"), default=list, blank=True)
    region = NameField(_("工作地区"), max_length=100, blank=True)
    headcount = models.PositiveIntegerField(_("需求人数"))
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    body = models.ForeignKey(
        Body,
        verbose_name=_("所属产教融合体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="postings",
    )
    description = models.TextField(_("说明"), blank=True)
    is_synthetic = models.BooleanField(_("合成数据"), default=False)

    class Meta:
        ordering = ["status", F("starts_on").desc(nulls_last=True), "title", "id"]
        verbose_name = _("需求岗位")
        verbose_name_plural = _("需求岗位")
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="posting_headcount_positive",
                violation_error_message=_("需求人数至少为 1"),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="posting_ends_after_starts",
                violation_error_message=_("结束日期不能早于开始日期"),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.title}"

    def clean(self):
        self.skills = split_skills(self.skills)


class Student(TimeStampedModel):
    """学生: one student of a cohort, with the least personal data matching needs.

    ``display_name`` is a name or a code the school chooses (学号 or 化名); nothing else that
    identifies a person is stored.
    """

    cohort = models.ForeignKey(
        Cohort, verbose_name=_("培养规模"), on_delete=models.CASCADE, related_name="students"
    )
    display_name = NameField(_("姓名或代号"), max_length=100)
    skills = models.JSONField(_("技能"), default=list, blank=True)
    region = NameField(_("意向地区"), max_length=100, blank=True)
    is_synthetic = models.BooleanField(_("合成数据"), default=False)

    class Meta:
        ordering = ["cohort", "display_name"]
        verbose_name = _("学生")
        verbose_name_plural = _("学生")
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "display_name"],
                name="student_name_unique_per_cohort",
                violation_error_message=_("该班已有同名学生"),
            ),
        ]

    def __str__(self):
        return self.display_name


class Application(TimeStampedModel):
    """志愿: a student's ranked choice of a posting, and the enterprise's view of the student.

    ``student_rank`` 1 is the first choice. The enterprise ranks (1 = best) or scores (0–100)
    its applicants; either may be left empty.
    """

    student = models.ForeignKey(
        Student, verbose_name=_("学生"), on_delete=models.CASCADE, related_name="applications"
    )
    posting = models.ForeignKey(
        Posting, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="applications"
    )
    student_rank = models.PositiveSmallIntegerField(_("志愿顺序"))
    enterprise_rank = models.PositiveSmallIntegerField(_("企业排序"), null=True, blank=True)
    enterprise_score = models.FloatField(_("企业评分"), null=True, blank=True)

    class Meta:
        ordering = ["student", "student_rank"]
        verbose_name = _("志愿")
        verbose_name_plural = _("志愿")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "posting"],
                name="application_once_per_posting",
                violation_error_message=_("已申报该岗位"),
            ),
            models.UniqueConstraint(
                fields=["student", "student_rank"],
                name="application_rank_unique_per_student",
                violation_error_message=_("志愿顺序重复"),
            ),
            models.CheckConstraint(
                condition=Q(student_rank__gte=1),
                name="application_rank_from_one",
                violation_error_message=_("志愿顺序从 1 开始"),
            ),
            models.CheckConstraint(
                condition=Q(enterprise_rank__isnull=True) | Q(enterprise_rank__gte=1),
                name="application_enterprise_rank_from_one",
                violation_error_message=_("企业排序从 1 开始"),
            ),
            models.CheckConstraint(
                condition=Q(enterprise_score__isnull=True)
                | Q(enterprise_score__gte=0, enterprise_score__lte=100),
                name="application_score_0_100",
                violation_error_message=_("企业评分应在 0–100"),
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting} ({self.student_rank})"


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

    body = models.ForeignKey(
        Body, verbose_name=_("产教融合体"), on_delete=models.CASCADE, related_name="match_runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="match_runs",
    )
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
        verbose_name = _("匹配运行")
        verbose_name_plural = _("匹配运行")

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

    run = models.ForeignKey(
        MatchRun, verbose_name=_("匹配运行"), on_delete=models.CASCADE, related_name="proposals"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("学生"), on_delete=models.CASCADE, related_name="proposals"
    )
    posting = models.ForeignKey(
        Posting, verbose_name=_("岗位"), on_delete=models.CASCADE, related_name="proposals"
    )
    score = models.FloatField(_("得分"))
    explanation = models.JSONField(_("得分说明"), default=dict, blank=True)
    student_rank = models.PositiveSmallIntegerField(_("志愿顺序"), null=True, blank=True)
    decision = models.CharField(
        _("审核"), max_length=16, choices=Decision.choices, default=Decision.PROPOSED
    )

    class Meta:
        ordering = ["run", "-score", "id"]
        verbose_name = _("推荐匹配")
        verbose_name_plural = _("推荐匹配")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "student"],
                name="proposal_one_per_student_per_run",
                violation_error_message=_("一次运行中每名学生至多一个推荐"),
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

    student = models.ForeignKey(
        Student, verbose_name=_("学生"), on_delete=models.PROTECT, related_name="placements"
    )
    posting = models.ForeignKey(
        Posting, verbose_name=_("岗位"), on_delete=models.PROTECT, related_name="placements"
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("产教融合体"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    run = models.ForeignKey(
        MatchRun,
        verbose_name=_("匹配运行"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    proposal = models.OneToOneField(
        MatchProposal,
        verbose_name=_("推荐匹配"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placement",
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
        verbose_name = _("安置")
        verbose_name_plural = _("安置")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "posting"],
                condition=~Q(status="withdrawn"),
                name="placement_once_per_student_and_posting",
                violation_error_message=_("该学生已安置到此岗位"),
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(finished_on__gte=F("started_on")),
                name="placement_finishes_after_start",
                violation_error_message=_("结束日期不能早于到岗日期"),
            ),
        ]

    def __str__(self):
        return f"{self.student} → {self.posting}"


class TalentImport(Job):
    """供需导入: an uploaded .xlsx (or .csv) of postings or cohorts and its background jobs.

    The upload is stored; the worker parses and checks it and stores the preview
    (``summary["preview"]``); once confirmed, the worker imports it in short batches, all rows
    or none (docs/decisions/0005), progress in ``phase``/``done``/``total``.
    """

    class Kind(models.TextChoices):
        POSTINGS = "postings", _("需求岗位")
        COHORTS = "cohorts", _("培养规模")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        IMPORTED = "imported", _("已导入")
        FAILED = "failed", _("失败")

    class Phase(models.TextChoices):
        CHECKING = "checking", _("校验")
        WRITING = "writing", _("写入")

    SUCCEEDED = Status.IMPORTED

    tasks = {
        "check": "chanjiao.talent.tasks.run_talent_preview",
        "run": "chanjiao.talent.tasks.run_talent_import",
    }
    progress_texts = {
        "running": _("正在校验…"),
        "running:writing": _("正在写入…"),
        "imported": _("导入完成"),
        "failed": _("导入失败，未写入任何数据"),
    }

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("产教融合体"), on_delete=models.CASCADE, related_name="talent_imports"
    )
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("imports/talent"))
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_imports",
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.PREVIEW
    )
    summary = models.JSONField(_("结果"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    phase = models.CharField(_("阶段"), max_length=16, choices=Phase.choices, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("供需导入")
        verbose_name_plural = _("供需导入")

    def __str__(self):
        return f"{self.body} · {self.get_kind_display()} · {self.original_name}"
