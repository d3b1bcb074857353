"""Events (活动): conferences, forums, annual meetings, their roles, agenda and ceremonies;
registration (报名) for upcoming events with its waitlist (候补) and check-in (签到)."""

from django.conf import settings
from django.db import models
from django.db.models import F
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField, PhoneField
from chanjiao.core.history import describe_value
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.words import listed
from chanjiao.registry.models import Body, Organization, Person


class Event(TimeStampedModel):
    """活动: something one or several bodies hold — a founding conference, a forum, …"""

    class Kind(models.TextChoices):
        FOUNDING_CONFERENCE = "founding_conference", _("成立大会")
        CONFERENCE = "conference", _("会议")
        FORUM = "forum", _("论坛")
        ANNUAL_MEETING = "annual_meeting", _("年会")
        COUNCIL_MEETING = "council_meeting", _("理事会会议")
        SEMINAR = "seminar", _("研讨会")
        ROUND_TABLE = "round_table", _("圆桌会议")
        SITE_VISIT = "site_visit", _("考察")
        OTHER = "other", _("其他")

    name = NameField(_("名称"), max_length=300)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.CONFERENCE)
    theme = NameField(_("主题"), max_length=300, blank=True)
    starts_on = models.DateField(_("开始日期"), null=True, blank=True)
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    venue = NameField(_("地点"), max_length=200, blank=True)
    city = NameField(_("城市"), max_length=100, blank=True)
    attendance = models.PositiveIntegerField(_("参会人数"), null=True, blank=True)
    attendance_approx = models.BooleanField(_("约数"), default=False, help_text=_("如“220余人”"))
    bodies = models.ManyToManyField(
        Body, verbose_name=_("主办产教融合体"), related_name="events", blank=True
    )
    description = models.TextField(_("简介"), blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    is_published = models.BooleanField(_("公开"), default=True)
    # Derived, never set by hand: is_published and held by a published body (or by no body).
    # Kept by chanjiao.events.signals whenever an event, its holders or a body's publication
    # change, so the public list is one index scan (the rule itself: visible_event_q). The
    # partial index events_event_public_order (migration 0004, in plain SQL for NULLS LAST) is
    # in the list's order.
    is_public = models.BooleanField(_("对外可见"), default=False, editable=False)

    #: Derived fields the change log does not record (chanjiao.core.changelog.snapshot).
    CHANGELOG_DERIVED = ("is_public",)

    class Meta:
        ordering = [F("starts_on").desc(nulls_last=True), "name"]
        verbose_name = pgettext_lazy("model", "活动")
        verbose_name_plural = pgettext_lazy("models", "活动")
        constraints = [
            dates_in_order(
                "starts_on", "ends_on", "event_ends_after_starts", _("结束日期不能早于开始日期")
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        # An end without a start is no date at all: lists sort and filter by the start.
        if self.ends_on is not None and self.starts_on is None:
            raise ValidationError({"starts_on": _("已填结束日期时，请同时填写开始日期")})


class EventOrganization(TimeStampedModel):
    """An organisation's role in an event: 指导 guide, 主办 organiser, 承办 host, 协办 co-organiser."""

    class Role(models.TextChoices):
        GUIDE = "guide", _("指导单位")
        ORGANIZER = "organizer", _("主办单位")
        HOST = "host", _("承办单位")
        CO_ORGANIZER = "co_organizer", _("协办单位")
        INITIATOR = "initiator", _("发起单位")
        PARTNER = "partner", _("合作单位")
        ATTENDEE = "attendee", _("参会单位")

    event = link(Event, _("活动"), related_name="participations")
    organization = link(
        Organization, _("单位"), related_name="event_participations", on_delete=models.PROTECT
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["event", "role", "organization__name"]
        verbose_name = pgettext_lazy("model", "活动单位")
        verbose_name_plural = pgettext_lazy("models", "活动单位")
        constraints = [
            unique(
                ("event", "organization", "role"),
                "event_organization_role_unique",
                _("该单位已有此角色"),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_role_display()}"


class AgendaItem(TimeStampedModel):
    """议程: a speech, video speech, keynote, report or panel, with the speaker's title then."""

    class Kind(models.TextChoices):
        PRESIDING = "presiding", _("主持")
        WELCOME = "welcome", _("欢迎辞")
        SPEECH = "speech", _("致辞")
        VIDEO_SPEECH = "video_speech", _("视频致辞")
        KEYNOTE = "keynote", _("主旨报告")
        REPORT = "report", _("报告")
        PANEL = "panel", _("圆桌对话")
        OTHER = "other", _("其他")

    event = link(Event, _("活动"), related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.SPEECH)
    title = NameField(_("题目"), max_length=300, blank=True)
    speaker = optional_link(
        Person, _("发言人"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    speaker_title = NameField(_("时任职务"), max_length=200, blank=True)
    speaker_organization = optional_link(
        Organization,
        _("发言单位"),
        on_delete=models.PROTECT,
        related_name="agenda_items",
    )

    class Meta:
        ordering = ["event", "order", "id"]
        verbose_name = pgettext_lazy("model", "议程")
        verbose_name_plural = pgettext_lazy("models", "议程")

    def __str__(self):
        who = self.speaker or self.speaker_organization or ""
        return f"{self.get_kind_display()} {who} {self.title}".strip()


class Ceremony(TimeStampedModel):
    """仪式: a signing, unveiling, plaque awarding, appointment, award, release or launch.

    What a ceremony produced is linked from the other side: agreements and carriers point at
    the ceremony that created them.
    """

    class Kind(models.TextChoices):
        SIGNING = "signing", _("签约仪式")
        UNVEILING = "unveiling", _("揭牌仪式")
        PLAQUE_AWARDING = "plaque_awarding", _("授牌仪式")
        APPOINTMENT_LETTERS = "appointment_letters", _("颁发聘书")
        AWARD = "award", _("表彰")
        RELEASE = "release", _("发布仪式")
        LAUNCH = "launch", _("启动仪式")
        VOTE = "vote", _("审议表决")
        OTHER = "other", _("其他")

    event = link(Event, _("活动"), related_name="ceremonies")
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    name = NameField(_("名称"), max_length=300)
    description = models.TextField(_("说明"), blank=True)
    recipients = models.ManyToManyField(
        Organization, verbose_name=_("相关单位"), blank=True, related_name="ceremonies"
    )

    class Meta:
        ordering = ["event", "id"]
        verbose_name = pgettext_lazy("model", "仪式")
        verbose_name_plural = pgettext_lazy("models", "仪式")

    def __str__(self):
        return self.name


# --- registration (报名), the waitlist (候补) and check-in (签到) -----------------------------


class RegistrationSettings(TimeStampedModel):
    """报名设置: an upcoming event takes registrations — when, how many, what is asked.

    Its row is the lock every registration, cancellation and approval of the event takes
    (``select_for_update``; on SQLite the write lock of an IMMEDIATE transaction), so places
    are counted and given inside one critical section and never exceed the capacity.
    """

    class Asked(models.TextChoices):
        UNIT = "unit", _("单位")
        TITLE = "title", _("职务")
        PHONE = "phone", _("手机号码")
        EMAIL = "email", _("电子邮箱")
        NEEDS = "needs", _("特殊需求")

    event = link(Event, _("活动"), related_name="registration", one_to_one=True)
    opens_at = models.DateTimeField(
        _("报名开始时间"), null=True, blank=True, help_text=_("留空则立即开始")
    )
    closes_at = models.DateTimeField(
        _("报名截止时间"), null=True, blank=True, help_text=_("留空则截至活动开始")
    )
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空为不限；报满后的报名进入候补")
    )
    unit_quota = models.PositiveIntegerField(
        _("每单位限报人数"), null=True, blank=True, help_text=_("留空为不限")
    )
    asked_fields = models.JSONField(
        _("报名时填写"),
        default=list,
        blank=True,
        help_text=_("姓名必填；其余按需收集（只收集用得上的个人信息）"),
    )
    needs_approval = models.BooleanField(
        _("须主办方审核"), default=False, help_text=_("勾选后，报名经审核通过才确认名额")
    )
    personal_data_erased_at = models.DateTimeField(_("个人信息删除时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "报名设置")
        verbose_name_plural = pgettext_lazy("models", "报名设置")
        constraints = [
            dates_in_order(
                "opens_at",
                "closes_at",
                "event_registration_closes_after_opens",
                _("报名截止时间不能早于开始时间"),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="event_registration_capacity_positive",
                violation_error_message=_("名额至少为 1"),
            ),
            models.CheckConstraint(
                condition=models.Q(unit_quota__isnull=True) | models.Q(unit_quota__gte=1),
                name="event_registration_quota_positive",
                violation_error_message=_("每单位限报人数至少为 1"),
            ),
        ]

    def __str__(self):
        return f"{self.event} · {capfirst(self._meta.verbose_name)}"

    def clean(self):
        from django.core.exceptions import ValidationError

        asked = self.asked_fields if isinstance(self.asked_fields, list) else None
        if asked is None or not all(isinstance(f, str) for f in asked):
            raise ValidationError({"asked_fields": _("须为报名项的列表")})
        unknown = sorted(set(asked) - set(self.Asked.values))
        if unknown:
            raise ValidationError(
                {"asked_fields": _("没有这些报名项：%(items)s") % {"items": listed(unknown)}}
            )
        # One spelling of the same set: stored in the order of the choices, without repeats.
        self.asked_fields = [f for f in self.Asked.values if f in asked]

    def asks(self, field: str) -> bool:
        return field in (self.asked_fields or ())


def new_ticket_code() -> str:
    """A ticket code (票号): 128 random bits in base32 without padding — unguessable, and
    easy to type from a printed badge (letters A–Z and digits 2–7, no case)."""
    import base64
    import secrets

    return base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=")


class Registration(TimeStampedModel):
    """报名: one person registered for an event, by their unit's contact or by the organisers.

    Name, title, phone, e-mail and needs are personal data (chanjiao.accounts.privacy): the
    organisers (the secretariats of the holding bodies) and the person's own unit's contact
    read them. A check-in (签到) is a time on a confirmed registration, never a second row.
    """

    class Status(models.TextChoices):
        # 已确认 reads "Accepted" for a match proposal; a registration is "Confirmed".
        CONFIRMED = "confirmed", pgettext_lazy("registration", "已确认")
        WAITLISTED = "waitlisted", _("候补")
        PENDING = "pending", _("待审核")
        DECLINED = "declined", _("未通过")
        CANCELLED = "cancelled", _("已取消")

    #: Statuses that hold or wait for a place (and count towards a unit's quota).
    ACTIVE = (Status.CONFIRMED, Status.WAITLISTED, Status.PENDING)

    #: The ticket code is the ticket page's only key (and the entry QR code): never logged.
    CHANGELOG_DERIVED = ("ticket_code",)

    event = link(Event, _("活动"), related_name="registrations")
    name = NameField(_("姓名"), max_length=100)
    organization = optional_link(
        Organization, _("单位"), on_delete=models.PROTECT, related_name="event_registrations"
    )
    title = NameField(_("职务"), max_length=100, blank=True)
    phone = PhoneField(_("手机号码"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    needs = models.TextField(_("特殊需求"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    ticket_code = models.CharField(
        _("票号"), max_length=32, unique=True, default=new_ticket_code, editable=False
    )
    #: When the registration joined the waitlist: the queue is served first come, first served.
    waitlisted_at = models.DateTimeField(_("进入候补时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = optional_link(settings.AUTH_USER_MODEL, _("签到经办人"), related_name="+")
    registered_by = optional_link(settings.AUTH_USER_MODEL, _("报名经办人"), related_name="+")
    #: The language of the page it was made on: every mail about it is written in it, also
    #: the ones an organiser's approval or cancellation sends from a page in another language.
    language = models.CharField(
        _("邮件语言"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        ordering = ["event", "created_at", "id"]
        verbose_name = pgettext_lazy("model", "报名")
        verbose_name_plural = pgettext_lazy("models", "报名")
        indexes = [
            models.Index(fields=["event", "status"], name="events_registration_status"),
            models.Index(fields=["event", "organization"], name="events_registration_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True) | models.Q(status="confirmed"),
                name="event_registration_checked_in_is_confirmed",
                violation_error_message=_("只有已确认的报名可以签到"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_checked_in(self) -> bool:
        return self.checked_in_at is not None


describe_value(
    "events.registrationsettings",
    "asked_fields",
    lambda asked: listed(dict(RegistrationSettings.Asked.choices).get(f, f) for f in asked),
)
