"""Cooperation (合作): agreements between parties and the carriers (载体) they create."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import dates_in_order, optional_link
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.events.models import Ceremony, Event
from chanjiao.registry.models import Body, Organization


class Agreement(TimeStampedModel):
    """协议: school–enterprise cooperation, co-founding, standards drafting and the like."""

    class Kind(models.TextChoices):
        SCHOOL_ENTERPRISE = "school_enterprise_cooperation", _("校企合作")
        CO_FOUNDING = "co_founding", _("共建")
        TRAINING_BASE = "training_base", _("共建实训基地")
        JOINT_LAB = "joint_lab", _("联合实验室")
        STANDARD_DRAFTING = "standard_drafting", _("标准制定")
        ORDER_CLASS = "order_class", _("订单班")
        APPRENTICESHIP = "apprenticeship", _("现代学徒制")
        INTERNATIONAL = "international", _("国际合作")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("拟定")
        SIGNED = "signed", _("已签约")
        IN_FORCE = "in_force", _("履行中")
        EXPIRED = "expired", _("已到期")
        TERMINATED = "terminated", _("已终止")

    title = NameField(_("名称"), max_length=300)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    parties = models.ManyToManyField(
        Organization, verbose_name=_("签约方"), related_name="agreements", blank=True
    )
    body = optional_link(Body, _("所属产教融合体"), related_name="agreements")
    event = optional_link(Event, _("签约活动"), related_name="agreements")
    ceremony = optional_link(Ceremony, _("签约仪式"), related_name="agreements")
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SIGNED
    )
    starts_on = models.DateField(_("生效日期"), null=True, blank=True)
    ends_on = models.DateField(_("到期日期"), null=True, blank=True)
    document = models.FileField(_("文本"), upload_to=PrivateUploadTo("agreements"), blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        verbose_name = _("协议")
        verbose_name_plural = _("协议")
        constraints = [
            dates_in_order(
                "starts_on", "ends_on", "agreement_ends_after_starts", _("到期日期不能早于生效日期")
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.ceremony_id and self.event_id and self.ceremony.event_id != self.event_id:
            raise ValidationError({"ceremony": _("仪式不属于该活动")})


class Carrier(TimeStampedModel):
    """载体: an industry college (产业学院), training base (实训基地), lab, institute or workshop."""

    class Kind(models.TextChoices):
        INDUSTRY_COLLEGE = "industry_college", _("产业学院")
        TRAINING_BASE = "training_base", _("实训基地")
        LABORATORY = "laboratory", _("实验室")
        RESEARCH_INSTITUTE = "research_institute", _("研究院")
        WORKSHOP = "workshop", _("工坊")
        SCHOOL = "school", _("学院/学校")
        OTHER = "other", _("其他")

    name = NameField(_("名称"), max_length=300)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    owners = models.ManyToManyField(
        Organization, verbose_name=_("共建单位"), related_name="carriers", blank=True
    )
    body = optional_link(Body, _("所属产教融合体"), related_name="carriers")
    agreement = optional_link(Agreement, _("依据协议"), related_name="carriers")
    ceremony = optional_link(Ceremony, _("成立仪式"), related_name="carriers")
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    city = NameField(_("城市"), max_length=100, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("载体")
        verbose_name_plural = _("载体")

    def __str__(self):
        return self.name
