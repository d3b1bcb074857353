"""Five golds (五金): programmes, categories, nominations and recognised results.

A body runs at most one five-golds programme (五金建设); it has five categories — gold majors
(金专业), courses (金课程), textbooks (金教材), teachers or teams (金师资) and bases (金基地) —
each run by a committee of the body (``registry.Committee``). Member units nominate results
(申报) in a category and a year; the category's committee reviews them: returns them for more
(退回补充), recognises them at a level in a year (已认定) or does not (未认定).

草稿 draft → 已提交 submitted → 退回补充 returned → (edited) → 已提交 …;
已提交 submitted → 已认定 recognised | 未认定 not recognised.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.cooperation.models import Carrier
from chanjiao.core.fields import NameField
from chanjiao.core.modeling import link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.registry.models import Body, Committee, Organization

#: The years a nomination or a recognition may name.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Level(models.TextChoices):
    """The level a result is recognised at (认定级别), lowest first."""

    BODY = "body", _("共同体级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("国家级")


class Kind(models.TextChoices):
    """The five categories (五金)."""

    MAJOR = "major", _("金专业")
    COURSE = "course", _("金课程")
    TEXTBOOK = "textbook", _("金教材")
    TEACHER = "teacher", _("金师资")
    BASE = "base", _("金基地")


class GoldsProgramme(TimeStampedModel):
    """五金建设: a body's five-golds programme (at most one per body)."""

    body = link(Body, _("产教融合体"), related_name="golds_programme", one_to_one=True)
    name = NameField(_("名称"), max_length=200)
    started_on = models.DateField(_("启动日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["body__name", "pk"]
        verbose_name = pgettext_lazy("model", "五金建设")
        verbose_name_plural = pgettext_lazy("models", "五金建设")

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("golds:programme", args=[self.body_id])


class GoldsCategory(TimeStampedModel):
    """五金类别: one of a programme's five categories and the committee that runs it."""

    Kind = Kind

    programme = link(GoldsProgramme, _("五金建设"), related_name="categories")
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    committee = optional_link(
        Committee,
        _("负责委员会"),
        related_name="golds_categories",
        help_text=_("负责评审该类别申报的委员会（本产教融合体的委员会）"),
    )

    class Meta:
        ordering = ["programme", "pk"]
        verbose_name = pgettext_lazy("model", "五金类别")
        verbose_name_plural = pgettext_lazy("models", "五金类别")
        constraints = [
            unique(("programme", "kind"), "golds_category_once", _("该类别已存在")),
        ]

    def __str__(self):
        return f"{self.programme} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("golds:category", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if (
            self.committee_id
            and self.programme_id
            and self.committee.body_id != self.programme.body_id
        ):
            raise ValidationError({"committee": _("委员会须属于本产教融合体")})


class GoldsNomination(TimeStampedModel):
    """五金申报: a member unit's nomination of a result in a category and a year; recognised
    (已认定), it is a five-golds result (五金成果) at a level in a year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        RETURNED = "returned", _("退回补充")
        RECOGNISED = "recognised", _("已认定")
        REJECTED = "rejected", _("未认定")

    #: Statuses in which the nominating unit may still change it.
    EDITABLE = (Status.DRAFT, Status.RETURNED)
    Level = Level

    category = link(GoldsCategory, _("类别"), related_name="nominations")
    organization = link(
        Organization, _("申报单位"), related_name="golds_nominations", on_delete=models.PROTECT
    )
    year = models.PositiveSmallIntegerField(_("申报年度"))
    name = NameField(_("成果名称"), max_length=300)
    description = models.TextField(_("简介"), blank=True)
    carrier = optional_link(
        Carrier,
        _("对应载体"),
        related_name="golds_nominations",
        help_text=_("金基地可关联本产教融合体的载体（实训基地、产业学院等）"),
    )
    evidence = models.FileField(
        _("佐证材料"), upload_to=PrivateUploadTo("golds-evidence"), blank=True
    )
    evidence_name = models.CharField(_("佐证文件名"), max_length=255, blank=True)
    link = models.URLField(_("佐证链接"), max_length=500, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    review_note = models.TextField(
        _("评审意见"), blank=True, help_text=_("退回补充的说明或未认定的理由")
    )
    level = models.CharField(_("认定级别"), max_length=16, choices=Level.choices, blank=True)
    recognised_year = models.PositiveSmallIntegerField(_("认定年度"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("评审时间"), null=True, blank=True)
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("评审人"), related_name="+")

    class Meta:
        ordering = ["-year", "category", "name", "pk"]
        verbose_name = pgettext_lazy("model", "五金申报")
        verbose_name_plural = pgettext_lazy("models", "五金申报")
        indexes = [
            models.Index(fields=["category", "status"], name="golds_nom_category_status"),
            models.Index(fields=["organization", "year"], name="golds_nom_unit_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="golds_nomination_year_plausible",
                violation_error_message=_("年度须在 2000 至 2100 之间"),
            ),
            models.CheckConstraint(
                condition=~Q(status="recognised")
                | (~Q(level="") & Q(recognised_year__isnull=False)),
                name="golds_recognised_has_level_and_year",
                violation_error_message=_("认定须注明级别和年度"),
            ),
            models.CheckConstraint(
                condition=Q(recognised_year__isnull=True)
                | Q(recognised_year__gte=FIRST_YEAR, recognised_year__lte=LAST_YEAR),
                name="golds_recognised_year_plausible",
                violation_error_message=_("年度须在 2000 至 2100 之间"),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("golds:nomination", args=[self.pk])

    @property
    def body_id(self) -> int:
        return self.category.programme.body_id

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE
