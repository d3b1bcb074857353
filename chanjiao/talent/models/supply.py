"""Supply and demand: school cohorts (培养规模), enterprise postings (需求岗位), students (学生) and their applications (志愿)."""

from __future__ import annotations

import re

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.words import aside
from chanjiao.registry.models import Body, Organization

from .catalogue import Major

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


class Cohort(TimeStampedModel):
    """培养规模: the students a school trains in one major, by intake and graduation year."""

    school = link(Organization, _("学校"), related_name="cohorts", on_delete=models.PROTECT)
    major = link(Major, _("专业"), related_name="cohorts", on_delete=models.PROTECT)
    name = NameField(
        _("名称"), max_length=200, blank=True, help_text=_("如：2023级机电一体化技术1班")
    )
    intake_year = models.PositiveSmallIntegerField(_("入学年份"))
    graduation_year = models.PositiveSmallIntegerField(_("毕业年份"))
    headcount = models.PositiveIntegerField(_("人数"))
    skills = models.JSONField(_("技能"), default=list, blank=True)
    body = optional_link(Body, _("所属产教融合体"), related_name="cohorts")
    is_synthetic = models.BooleanField(_("合成数据"), default=False)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["-graduation_year", "school__name", "major__name", "name"]
        verbose_name = pgettext_lazy("model", "培养规模")
        verbose_name_plural = pgettext_lazy("models", "培养规模")
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
            unique(
                ("school", "major", "intake_year", "name"),
                "cohort_unique_per_school_major_year",
                _("该校该专业该年级已有同名记录"),
            ),
        ]

    def __str__(self):
        if self.name:
            return self.name
        intake = _("%(year)s级") % {"year": self.intake_year}
        return f"{self.school} · {self.major.name} · {intake}"

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

    enterprise = link(
        Organization, _("用人单位"), related_name="postings", on_delete=models.PROTECT
    )
    title = NameField(_("岗位名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.INTERNSHIP)
    major = optional_link(
        Major,
        _("主要专业"),
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
    body = optional_link(Body, _("所属产教融合体"), related_name="postings")
    description = models.TextField(_("说明"), blank=True)
    is_synthetic = models.BooleanField(_("合成数据"), default=False)

    class Meta:
        ordering = ["status", F("starts_on").desc(nulls_last=True), "title", "id"]
        verbose_name = pgettext_lazy("model", "需求岗位")
        verbose_name_plural = pgettext_lazy("models", "需求岗位")
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="posting_headcount_positive",
                violation_error_message=_("需求人数至少为 1"),
            ),
            dates_in_order(
                "starts_on", "ends_on", "posting_ends_after_starts", _("结束日期不能早于开始日期")
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

    cohort = link(Cohort, _("培养规模"), related_name="students")
    display_name = NameField(_("姓名或代号"), max_length=100)
    skills = models.JSONField(_("技能"), default=list, blank=True)
    region = NameField(_("意向地区"), max_length=100, blank=True)
    is_synthetic = models.BooleanField(_("合成数据"), default=False)

    class Meta:
        ordering = ["cohort", "display_name"]
        verbose_name = pgettext_lazy("model", "学生")
        verbose_name_plural = pgettext_lazy("models", "学生")
        constraints = [
            unique(
                ("cohort", "display_name"), "student_name_unique_per_cohort", _("该班已有同名学生")
            ),
        ]

    def __str__(self):
        return self.display_name


class Application(TimeStampedModel):
    """志愿: a student's ranked choice of a posting, and the enterprise's view of the student.

    ``student_rank`` 1 is the first choice. The enterprise ranks (1 = best) or scores (0–100)
    its applicants; either may be left empty.
    """

    student = link(Student, _("学生"), related_name="applications")
    posting = link(Posting, _("岗位"), related_name="applications")
    student_rank = models.PositiveSmallIntegerField(_("志愿顺序"))
    enterprise_rank = models.PositiveSmallIntegerField(_("企业排序"), null=True, blank=True)
    enterprise_score = models.FloatField(_("企业评分"), null=True, blank=True)

    class Meta:
        ordering = ["student", "student_rank"]
        verbose_name = pgettext_lazy("model", "志愿")
        verbose_name_plural = pgettext_lazy("models", "志愿")
        constraints = [
            unique(("student", "posting"), "application_once_per_posting", _("已申报该岗位")),
            unique(
                ("student", "student_rank"),
                "application_rank_unique_per_student",
                _("志愿顺序重复"),
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
        return aside(
            f"{self.student} → {self.posting}", _("第 %(n)s 志愿") % {"n": self.student_rank}
        )
