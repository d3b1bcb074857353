"""Shared resources (共享资源) and their bookings (预约).

A member unit offers a resource in a body — equipment, a training base or venue, experts and
teachers, courses, internship places, skill certification — with its capacity, opening hours
and closed dates, whether it approves each request and who may book it. Members book it for a
half-open time range ``[starts_at, ends_at)``; active bookings (pending and confirmed) never
hold more than the capacity at any instant.

That last rule is enforced in :func:`chanjiao.sharing.services.booking_request`, under the
resource's row lock (on SQLite the write lock every transaction takes), and — for exclusive
resources on PostgreSQL — by the exclusion constraint ``sharing_booking_no_overlap`` that the
migration ``0002`` adds there (``EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at,
ends_at, '[)') WITH &&) WHERE exclusive AND status IN ('pending', 'confirmed')``). It is not
declared in ``Meta.constraints``: SQLite has no range types, and ``full_clean`` would try to
validate it there.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField, PhoneField
from chanjiao.core.history import describe_value
from chanjiao.core.modeling import link, optional_link
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.core.words import listed, sentences
from chanjiao.registry.models import Body, Organization

from .schedule import WEEKDAYS, ScheduleError, normalise_closed_dates, normalise_hours

#: The image formats a resource's photo may have (what browsers show; never SVG, which can
#: carry scripts).
PHOTO_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]


def new_feed_token() -> str:
    """An unguessable token for a calendar feed's address (订阅地址)."""
    return secrets.token_urlsafe(24)


WEEKDAY_LABELS = (_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日"))


def day_hours_text(intervals, weekday: int) -> str:
    """One day's opening hours (ISO weekday, Monday 1): "08:00–12:00、14:00–17:30", or ""."""
    return listed(f"{i['opens']}–{i['closes']}" for i in intervals if i.get("weekday") == weekday)


def opening_hours_text(intervals) -> str:
    """开放时间 in words, as the change log writes it: "周一 09:00–17:00；周三 08:00–12:00、
    14:00–17:30" (closed days left out)."""
    days = [
        f"{label} {hours}"
        for weekday, label in zip(WEEKDAYS, WEEKDAY_LABELS, strict=True)
        if (hours := day_hours_text(intervals, weekday))
    ]
    return sentences(days) or str(_("不限时段"))


def validate_opening_hours(value) -> None:
    try:
        normalise_hours(value)
    except ScheduleError as exc:
        raise ValidationError(_("开放时间有误：%(error)s"), params={"error": exc}) from exc


def validate_closed_dates(value) -> None:
    try:
        normalise_closed_dates(value)
    except ScheduleError as exc:
        raise ValidationError(_("闭馆日期有误：%(error)s"), params={"error": exc}) from exc


class Resource(TimeStampedModel):
    """共享资源: what a member unit (``owner``) offers the members of a body (``body``)."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("设备")
        TRAINING_BASE = "training_base", _("实训基地/场地")
        EXPERT = "expert", _("专家/师资")
        COURSE = "course", _("课程/教学资源")
        INTERNSHIP = "internship", _("实习岗位")
        CERTIFICATION = "certification", _("技能认证")

    class CapacityMode(models.TextChoices):
        #: 独占: one booking at a time (a lab, an expert's day).
        EXCLUSIVE = "exclusive", _("独占（同一时间一个预约）")
        #: 按名额: ``capacity`` seats or places at any one time, shared by several bookings.
        COUNTED = "counted", _("按名额（同一时间多个预约）")

    class Audience(models.TextChoices):
        """Who may book (预约范围)."""

        BODY = "body", _("本产教融合体的成员单位")
        OWNER_BODIES = "owner_bodies", _("提供单位所在各产教融合体的成员单位")
        PUBLIC = "public", _("所有登录用户")

    name = NameField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    owner = link(
        Organization, _("提供单位"), related_name="shared_resources", on_delete=models.PROTECT
    )
    body = link(Body, _("所属产教融合体"), related_name="shared_resources")
    description = models.TextField(_("简介"), blank=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    capacity_mode = models.CharField(
        _("容量方式"),
        max_length=10,
        choices=CapacityMode.choices,
        default=CapacityMode.EXCLUSIVE,
    )
    capacity = models.PositiveIntegerField(
        _("名额"), default=1, help_text=_("同一时间可预约的人数或数量；独占资源为 1")
    )
    opening_hours = models.JSONField(
        _("开放时间"),
        default=list,
        blank=True,
        validators=[validate_opening_hours],
        help_text=_("不填表示不限时段"),
    )
    closed_dates = models.JSONField(
        _("闭馆日期"), default=list, blank=True, validators=[validate_closed_dates]
    )
    approval_required = models.BooleanField(
        _("需提供单位确认"),
        default=True,
        help_text=_("不勾选则预约提交即确认"),
    )
    audience = models.CharField(
        _("预约范围"), max_length=16, choices=Audience.choices, default=Audience.BODY
    )
    is_active = models.BooleanField(_("开放预约"), default=True)
    contact_name = NameField(_("联系人"), max_length=100, blank=True)
    contact_phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    # The address of the resource's calendar feed (.ics) carries this token: whoever has the
    # address reads the feed. Not a field anyone edits, and kept out of the change log.
    feed_token = models.CharField(
        _("订阅令牌"), max_length=64, unique=True, default=new_feed_token, editable=False
    )

    CHANGELOG_DERIVED = ("feed_token",)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = pgettext_lazy("model", "共享资源")
        verbose_name_plural = pgettext_lazy("models", "共享资源")
        indexes = [models.Index(fields=["body", "kind"], name="resource_body_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="resource_capacity_positive",
                violation_error_message=_("名额至少为 1"),
            ),
            models.CheckConstraint(
                condition=~Q(capacity_mode="exclusive") | Q(capacity=1),
                name="resource_exclusive_capacity_one",
                violation_error_message=_("独占资源的名额为 1"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def exclusive(self) -> bool:
        return self.capacity_mode == self.CapacityMode.EXCLUSIVE

    def clean(self):
        if self.exclusive and self.capacity != 1:
            raise ValidationError({"capacity": _("独占资源的名额为 1")})


class ResourcePhoto(TimeStampedModel):
    """A photo of a resource (资源照片), served only through a view that checks the reader."""

    resource = link(Resource, _("共享资源"), related_name="photos")
    image = models.ImageField(
        _("照片"),
        upload_to=PrivateUploadTo("resources"),
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
        help_text=_("JPEG、PNG、WebP 或 GIF，不超过 5 MB"),
    )
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = pgettext_lazy("model", "资源照片")
        verbose_name_plural = pgettext_lazy("models", "资源照片")

    def __str__(self):
        return self.caption or f"{self.resource} #{self.pk}"


class Booking(TimeStampedModel):
    """预约: a unit's request for a resource over ``[starts_at, ends_at)``.

    待确认 pending → 已确认 confirmed (only until it begins) or 已拒绝 declined; pending or
    confirmed → 已取消 cancelled; confirmed → 已使用 used or 未到场 no-show once it has begun,
    if it was confirmed before it began.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", pgettext_lazy("booking", "已确认")
        DECLINED = "declined", _("已拒绝")
        CANCELLED = "cancelled", _("已取消")
        USED = "used", _("已使用")
        NO_SHOW = "no_show", _("未到场")

    #: Statuses that hold their places (count against the capacity).
    ACTIVE = (Status.PENDING, Status.CONFIRMED)
    #: Statuses of a booking that was granted (the usage figures count these).
    GRANTED = (Status.CONFIRMED, Status.USED, Status.NO_SHOW)

    # A booked resource is paused rather than deleted (the service refuses); it goes with its
    # body, as everything filed under a body does.
    resource = link(Resource, _("共享资源"), related_name="bookings")
    organization = optional_link(
        Organization,
        _("预约单位"),
        on_delete=models.PROTECT,
        related_name="resource_bookings",
        help_text=_("面向所有登录用户的资源可以个人名义预约"),
    )
    requested_by = optional_link(
        settings.AUTH_USER_MODEL, _("申请人"), related_name="resource_bookings"
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    purpose = models.CharField(_("用途"), max_length=300)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("处理人"), related_name="+")
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    reason = models.TextField(_("说明"), blank=True)
    # A copy of the resource's capacity mode when the booking was made (kept in step when the
    # mode changes): the PostgreSQL exclusion constraint can only read the booking's own row.
    exclusive = models.BooleanField(_("独占"), default=True, editable=False)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True, editable=False)

    CHANGELOG_DERIVED = ("exclusive", "reminded_at")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = pgettext_lazy("model", "预约")
        verbose_name_plural = pgettext_lazy("models", "预约")
        indexes = [
            models.Index(fields=["resource", "starts_at"], name="booking_resource_start"),
            models.Index(fields=["organization", "starts_at"], name="booking_unit_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="booking_ends_after_starts",
                violation_error_message=_("结束时间必须晚于开始时间"),
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1),
                name="booking_quantity_positive",
                violation_error_message=_("数量至少为 1"),
            ),
        ]

    def __str__(self):
        return f"{self.resource} #{self.pk}" if self.pk else str(self.resource)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE


class UnitCalendar(TimeStampedModel):
    """The calendar feed of a unit (单位预约日历): its bookings and those of its resources.

    One row per unit, made when one of its contacts first opens the unit's calendar; its token
    is in the feed's address."""

    organization = link(Organization, _("单位"), related_name="resource_calendar", one_to_one=True)
    feed_token = models.CharField(
        _("订阅令牌"), max_length=64, unique=True, default=new_feed_token, editable=False
    )

    CHANGELOG_DERIVED = ("feed_token",)

    class Meta:
        verbose_name = pgettext_lazy("model", "单位预约日历")
        verbose_name_plural = pgettext_lazy("models", "单位预约日历")

    def __str__(self):
        return str(self.organization)


describe_value("sharing.resource", "opening_hours", opening_hours_text)
