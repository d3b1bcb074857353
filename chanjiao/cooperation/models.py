"""Cooperation (合作): agreements between parties and the carriers (载体) they create."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
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
        EXPIRING = "expiring", _("即将到期")
        RENEWED = "renewed", _("已续签")
        ENDED = "ended", _("已到期")
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
    notes = models.TextField(_("备注"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("到期提醒天数"),
        default=60,
        validators=[MaxValueValidator(3650)],
        help_text=_("到期日前多少天进入“即将到期”并发送提醒"),
    )
    reminder_sent_at = models.DateTimeField(_("到期提醒发送时间"), null=True, blank=True)
    renewed_from = optional_link(
        "self", _("续签自"), related_name="renewal", one_to_one=True, on_delete=models.PROTECT
    )
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    termination_reason = models.TextField(_("终止原因"), blank=True)

    #: Statuses that follow the dates (the others are set by an act: 拟定, 已续签, 已终止).
    DATED = (Status.SIGNED, Status.IN_FORCE, Status.EXPIRING, Status.ENDED)
    #: Statuses closed by an act, never by a date or an edit.
    CLOSED = (Status.RENEWED, Status.TERMINATED)

    class Meta:
        ordering = [F("signed_on").desc(nulls_last=True), "title"]
        verbose_name = pgettext_lazy("model", "协议")
        verbose_name_plural = pgettext_lazy("models", "协议")
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
        errors = self.date_errors(timezone.localdate())
        if self.status == self.Status.TERMINATED:
            if not self.termination_reason.strip():
                errors["termination_reason"] = _("提前终止须写明原因")
            if self.terminated_on is None:
                errors["terminated_on"] = _("提前终止须写明终止日期")
        if errors:
            raise ValidationError(errors)

    def date_errors(self, today: datetime.date) -> dict:
        """What is wrong with the dates, by field: a signed agreement (any status but 拟定) was
        signed no later than ``today``; an agreement is signed no later than its end and ends
        (is terminated) no earlier than it was signed. (A signed agreement whose date nobody
        reported may have none; a draft that becomes signed needs one: the services see to
        that.)"""
        errors = {}
        signed = self.signed_on
        if signed is not None:
            if self.status != self.Status.DRAFT and signed > today:
                errors["signed_on"] = _("签约日期不能晚于今天；尚未签约的请选择“拟定”")
            elif self.ends_on is not None and signed > self.ends_on:
                errors["signed_on"] = _("签约日期不能晚于到期日期")
            if self.terminated_on is not None and self.terminated_on < signed:
                errors["terminated_on"] = _("终止日期不能早于签约日期")
        return errors

    def status_on(self, today: datetime.date) -> str:
        """The status the dates give on ``today``: 已签约 until ``starts_on``, 履行中 from it,
        即将到期 within ``reminder_days`` before ``ends_on``, 已到期 after it. 拟定, 已续签 and
        已终止 are left as they are (an act sets them)."""
        if self.status not in self.DATED:
            return self.status
        if self.ends_on is not None and today > self.ends_on:
            return self.Status.ENDED
        if self.starts_on is not None and today < self.starts_on:
            return self.Status.SIGNED
        if self.ends_on is not None and (self.ends_on - today).days <= self.reminder_days:
            return self.Status.EXPIRING
        if self.starts_on is not None:
            return self.Status.IN_FORCE
        # No start date: signed or in force as recorded (an earlier date-derived state falls back).
        if self.status in (self.Status.EXPIRING, self.Status.ENDED):
            return self.Status.IN_FORCE
        return self.status

    @property
    def current_document(self):
        """The newest version of the agreement's text (协议文本), or None."""
        docs = getattr(self, "_prefetched_objects_cache", {}).get("documents")
        if docs is not None:
            return max(docs, key=lambda d: d.version, default=None)
        return self.documents.order_by("-version").first()


class AgreementDocument(models.Model):
    """One version of an agreement's text (协议文本): the signed scan, a supplement. The newest
    version is the current one."""

    agreement = link(Agreement, _("协议"), related_name="documents")
    version = models.PositiveIntegerField(_("版本"))
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("agreements"))
    original_name = models.CharField(_("原文件名"), max_length=255, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, _("上传人"), related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["agreement", "-version"]
        verbose_name = pgettext_lazy("model", "协议文本")
        verbose_name_plural = pgettext_lazy("models", "协议文本")
        constraints = [
            unique(
                ("agreement", "version"),
                "agreement_document_version_unique",
                _("该协议已有此版本号的文本"),
            ),
        ]

    def __str__(self):
        return _("%(agreement)s（第%(version)d版）") % {
            "agreement": self.agreement,
            "version": self.version,
        }


class State(models.TextChoices):
    """A carrier's state (建设状态), as its done milestones give it."""

    PLANNING = "planning", _("筹建中")
    FOUNDED = "founded", _("已成立")
    RUNNING = "running", _("运行中")
    RECOGNISED = "recognised", _("已认定")
    CLOSED = "closed", _("已撤销")


class Level(models.TextChoices):
    """The level a carrier is recognised at (认定级别), lowest first."""

    SCHOOL = "school", _("校级")
    BODY = "body", _("共同体级")
    CITY = "city", _("市级")
    PROVINCIAL = "provincial", _("省级")
    NATIONAL = "national", _("国家级")


LEVEL_RANK = {value: rank for rank, value in enumerate(Level.values)}


class Carrier(TimeStampedModel):
    """载体: an industry college (产业学院), training base (实训基地), lab, institute or workshop."""

    State = State
    Level = Level

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
    # Kept by the milestone services in the same transaction, so lists filter on them.
    state = models.CharField(
        _("建设状态"), max_length=16, choices=State.choices, default=State.PLANNING, editable=False
    )
    level = models.CharField(
        _("认定级别"), max_length=16, choices=Level.choices, blank=True, editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "载体")
        verbose_name_plural = pgettext_lazy("models", "载体")

    def __str__(self):
        return self.name


class CarrierMilestone(TimeStampedModel):
    """A carrier's milestone (里程碑): founded, first intake, base built, recognised … planned
    (``due_on``) or done (``done_on``), with its evidence (a file and/or a link)."""

    class Kind(models.TextChoices):
        FOUNDED = "founded", _("成立")
        FIRST_INTAKE = "first_intake", _("首届招生")
        BASE_BUILT = "base_built", _("基地建成")
        EQUIPMENT = "equipment", _("设备到位")
        RECOGNISED = "recognised", _("认定")
        REVIEWED = "reviewed", _("评估")
        CLOSED = "closed", _("撤销")
        OTHER = "other", _("其他")

    carrier = link(Carrier, _("载体"), related_name="milestones")
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    due_on = models.DateField(_("计划日期"), null=True, blank=True)
    done_on = models.DateField(
        _("完成日期"), null=True, blank=True, help_text=_("留空表示尚在计划中")
    )
    headcount = models.PositiveIntegerField(
        _("招生人数"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    level = models.CharField(_("认定级别"), max_length=16, choices=Level.choices, blank=True)
    note = models.TextField(_("说明"), blank=True)
    evidence = models.FileField(
        _("佐证材料"), upload_to=PrivateUploadTo("carrier-evidence"), blank=True
    )
    evidence_name = models.CharField(_("佐证文件名"), max_length=255, blank=True)
    link = models.URLField(_("佐证链接"), max_length=500, blank=True)
    recorded_by = optional_link(settings.AUTH_USER_MODEL, _("登记人"), related_name="+")

    class Meta:
        ordering = [F("done_on").asc(nulls_last=True), F("due_on").asc(nulls_last=True), "pk"]
        verbose_name = pgettext_lazy("model", "载体里程碑")
        verbose_name_plural = pgettext_lazy("models", "载体里程碑")

    def __str__(self):
        return f"{self.carrier} · {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.due_on is None and self.done_on is None:
            errors["done_on"] = _("请填写完成日期，或计划日期（尚未完成时）")
        if self.kind == self.Kind.FIRST_INTAKE and not self.headcount:
            errors["headcount"] = _("首届招生须填写招生人数")
        if self.kind == self.Kind.RECOGNISED and not self.level:
            errors["level"] = _("认定须填写认定级别")
        if self.level and self.kind not in (self.Kind.RECOGNISED, self.Kind.REVIEWED):
            errors["level"] = _("只有认定或评估可以填写级别")
        if errors:
            raise ValidationError(errors)

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Planned, its date past, not done."""
        today = today or timezone.localdate()
        return self.done_on is None and self.due_on is not None and self.due_on < today


class CarrierFigure(TimeStampedModel):
    """A carrier's figures for one year (年度数据): students enrolled, courses, teachers and the
    value of its equipment (万元). They feed the indicators 载体在校生数 and 载体设备总值."""

    carrier = link(Carrier, _("载体"), related_name="figures")
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    students = models.PositiveIntegerField(
        _("在校生数"), default=0, validators=[MaxValueValidator(10_000_000)]
    )
    courses = models.PositiveIntegerField(
        _("课程数"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    teachers = models.PositiveIntegerField(
        _("教师数"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    equipment_value = models.DecimalField(
        _("设备总值（万元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(9_999_999_999)],
    )

    class Meta:
        ordering = ["carrier", "-year"]
        verbose_name = pgettext_lazy("model", "载体年度数据")
        verbose_name_plural = pgettext_lazy("models", "载体年度数据")
        constraints = [
            unique(
                ("carrier", "year"), "carrier_figure_year_unique", _("该载体已有这一年度的数据")
            ),
            models.CheckConstraint(
                condition=models.Q(equipment_value__gte=0),
                name="carrier_figure_equipment_not_negative",
                violation_error_message=_("设备总值不能为负数"),
            ),
        ]

    def __str__(self):
        return f"{self.carrier} · {self.year}"
