"""The majors catalogue (职业教育专业目录): levels, categories (专业大类), classes (专业类), majors."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import link, optional_link, unique
from chanjiao.core.models import TimeStampedModel


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
        verbose_name = pgettext_lazy("model", "专业大类")
        verbose_name_plural = pgettext_lazy("models", "专业大类")
        constraints = [
            unique(
                ("level", "code"), "major_category_code_unique_per_level", _("该层次已有此大类代码")
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        if self.code and not re.fullmatch(r"\d{2}", self.code):
            raise ValidationError({"code": _("大类代码应为 2 位数字")})


class MajorClass(TimeStampedModel):
    """专业类: a class within a category (e.g. 自动化类), coded with 4 digits."""

    category = link(MajorCategory, _("专业大类"), related_name="classes", on_delete=models.PROTECT)
    code = models.CharField(_("代码"), max_length=4)
    name = NameField(_("名称"), max_length=100)

    class Meta:
        ordering = ["category", "code"]
        verbose_name = pgettext_lazy("model", "专业类")
        verbose_name_plural = pgettext_lazy("models", "专业类")
        constraints = [
            unique(
                ("category", "code"),
                "major_class_code_unique_per_category",
                _("该大类已有此专业类代码"),
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
    category = link(MajorCategory, _("专业大类"), related_name="majors", on_delete=models.PROTECT)
    major_class = optional_link(
        MajorClass,
        _("专业类"),
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
        verbose_name = pgettext_lazy("model", "专业")
        verbose_name_plural = pgettext_lazy("models", "专业")
        constraints = [
            unique(
                ("level", "code"),
                "major_code_unique_per_level",
                _("该层次已有此专业代码"),
                condition=~Q(code=""),
            ),
            unique(("level", "name"), "major_name_unique_per_level", _("该层次已有同名专业")),
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
