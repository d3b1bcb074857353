"""Bodies (产教融合体) and what belongs to them: declared counts, terms, memberships,
committees and their seats, charters."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import AliasesField, NameField
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.uploads import PrivateUploadTo
from chanjiao.core.validators import validate_region_code

from .organizations import InForce, Organization, Person, in_force_on, split_aliases


class Body(TimeStampedModel):
    """产教融合体: a 职教集团, 产教融合共同体, 市域产教联合体, council, committee or alliance."""

    class Kind(models.TextChoices):
        VOCATIONAL_EDUCATION_GROUP = "vocational_education_group", _("职业教育集团")
        INDUSTRY_COMMUNITY = "industry_community", _("行业产教融合共同体")
        MUNICIPAL_CONSORTIUM = "municipal_consortium", _("市域产教联合体")
        COUNCIL = "council", _("理事会")
        COMMITTEE = "committee", _("委员会")
        ALLIANCE = "alliance", _("联盟")
        OTHER = "other", _("其他")

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        MUNICIPAL = "municipal", _("市级")
        REGIONAL = "regional", _("区域")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("筹建中")
        ACTIVE = "active", _("运行中")
        DISSOLVED = "dissolved", _("已撤销")

    name = NameField(_("名称"), max_length=200, unique=True)
    short_name = NameField(_("简称"), max_length=100, blank=True)
    english_name = NameField(_("英文名称"), max_length=300, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, default=Level.OTHER)
    industry = NameField(_("行业领域"), max_length=100, blank=True)
    region = NameField(_("地区"), max_length=100, blank=True)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    approval_document = models.CharField(_("批准文件"), max_length=300, blank=True)
    approved_by = optional_link(Organization, _("批准单位"), related_name="approved_bodies")
    parent = optional_link("self", _("上级"), related_name="children")
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    is_published = models.BooleanField(_("公开"), default=True, help_text=_("公开后访客可见"))
    website = models.URLField(_("网站"), blank=True)
    aliases = AliasesField(_("别名"), blank=True, help_text=_("每行一个"))
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "产教融合体")
        verbose_name_plural = pgettext_lazy("models", "产教融合体")

    def __str__(self):
        return self.name

    def clean(self):
        self.aliases = "\n".join(split_aliases(self.aliases))
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("不能以自身为上级")})

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def other_aliases(self) -> list[str]:
        """The aliases a page shows beside the name and the short name: those two left out,
        so a short name that is also stored as an alias reads once."""
        return [a for a in self.alias_list if a not in (self.name, self.short_name)]


class Role(models.TextChoices):
    """A member unit's role in a body (成员角色); the order is the display order."""

    INITIATOR = "initiator", _("牵头发起单位")
    CHAIR = "chair", _("理事长单位")
    VICE_CHAIR = "vice_chair", _("副理事长单位")
    EXECUTIVE_MEMBER = "executive_member", _("常务理事单位")
    DIRECTOR = "director", _("理事单位")
    MEMBER = "member", pgettext_lazy("member role", "成员单位")  # one role, not the list
    SECRETARIAT = "secretariat", _("秘书处单位")
    GUIDE = "guide", _("指导单位")
    ADVISOR = "advisor", _("顾问单位")


ROLE_ORDER = {value: i for i, value in enumerate(Role.values)}


def role_order_expression() -> models.Case:
    """A membership's role as its place in the display order (ROLE_ORDER): the body page's sort
    key, and the expression of the index that serves it (the two must be the same SQL)."""
    return models.Case(
        *[models.When(role=r, then=models.Value(i)) for r, i in ROLE_ORDER.items()],
        default=models.Value(len(ROLE_ORDER)),
        output_field=models.IntegerField(),
    )


class DeclaredCount(TimeStampedModel):
    """公布数量: a count a body published (e.g. 79 家成员单位), shown beside the registry count."""

    body = link(Body, _("产教融合体"), related_name="declared_counts")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, null=True, blank=True)
    label = NameField(_("名目"), max_length=100)
    value = models.PositiveIntegerField(_("数量"))
    as_of = models.DateField(_("截至"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)

    class Meta:
        ordering = ["body", "id"]
        verbose_name = pgettext_lazy("model", "公布数量")
        verbose_name_plural = pgettext_lazy("models", "公布数量")
        constraints = [
            unique(
                ("body", "role"),
                "declared_count_one_per_role",
                _("该角色已有公布数量"),
                condition=Q(role__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.body} · {self.label} {self.value}"


class Term(TimeStampedModel):
    """届: the N-th council (第N届理事会) of a body, with its dates."""

    body = link(Body, _("产教融合体"), related_name="terms")
    number = models.PositiveSmallIntegerField(_("届次"))
    name = NameField(_("名称"), max_length=100, blank=True)
    starts_on = models.DateField(_("开始"), null=True, blank=True)
    ends_on = models.DateField(_("结束"), null=True, blank=True)

    class Meta:
        ordering = ["body", "number"]
        verbose_name = pgettext_lazy("model", "届")
        verbose_name_plural = pgettext_lazy("models", "届")
        constraints = [
            unique(("body", "number"), "term_number_unique_per_body", _("该届次已存在")),
            dates_in_order(
                "starts_on", "ends_on", "term_ends_after_starts", _("结束日期不能早于开始日期")
            ),
        ]

    def __str__(self):
        return self.name or _("第%(number)s届理事会") % {"number": self.number}


class MembershipQuerySet(models.QuerySet):
    def current(self, day=None):
        """The memberships in force on ``day`` (today by default): a unit admitted from a day
        ahead is not a member yet, and one that has given notice stays a member until its
        withdrawal takes effect. The one rule for "a current member" everywhere."""
        return self.filter(in_force_on(day or timezone.localdate()))

    def not_ended(self, day=None):
        """The memberships that have not ended by ``day`` (today by default): those in force
        and those to come. A unit with one is on the body's roll — a member import skips it,
        an application is refused and an article adds no second membership — even while its
        withdrawal's notice runs."""
        return self.filter(Q(until__isnull=True) | Q(until__gt=day or timezone.localdate()))


class Membership(InForce, TimeStampedModel):
    """成员关系: an organisation's role in a body, optionally within a term (届).

    ``until`` is set ahead by a withdrawal with notice; :meth:`MembershipQuerySet.current`
    says who is a member on a day. The unique rules below are about open-ended memberships
    (no ``until``)."""

    body = link(Body, _("产教融合体"), related_name="memberships")
    organization = link(
        Organization, _("单位"), related_name="memberships", on_delete=models.PROTECT
    )
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    term = optional_link(Term, _("届"), on_delete=models.PROTECT, related_name="memberships")
    since = models.DateField(_("加入日期"), null=True, blank=True)
    until = models.DateField(_("退出日期"), null=True, blank=True)
    contact = NameField(_("联系人"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    # A copy of the unit's name, the members list's sort key: with it an index gives a body's
    # members in name order (a page of 20,000 is read off the index instead of joining and
    # sorting every member). Set by save() and by Organization.save() on a rename.
    organization_name = models.CharField(
        _("单位名称（排序用）"), max_length=200, editable=False, default=""
    )

    objects = MembershipQuerySet.as_manager()

    #: Derived fields the change log does not record (chanjiao.core.changelog.snapshot).
    CHANGELOG_DERIVED = ("organization_name",)

    class Meta:
        ordering = ["body", "role", "organization__name"]
        indexes = [
            # A body's members by name (the API's list), and by role in display order then
            # name (the body's page): a page is read off these indexes, in order, checking
            # ``since``/``until`` in the index (current members are most of a body's rows).
            models.Index(
                "body", "organization_name", "id", "until", "since", name="membership_by_name"
            ),
            models.Index(
                F("body"),
                role_order_expression(),
                F("organization_name"),
                F("id"),
                F("until"),
                F("since"),
                name="membership_by_role",
            ),
            # The body's member counts (by role, distinct units) read this index alone.
            models.Index(
                fields=["body", "organization"],
                include=["role", "until", "since"],
                name="membership_units",
            ),
        ]
        verbose_name = pgettext_lazy("model", "成员关系")
        verbose_name_plural = pgettext_lazy("models", "成员关系")
        constraints = [
            dates_in_order(
                "since", "until", "membership_until_after_since", _("退出日期不能早于加入日期")
            ),
            # The same unit cannot hold the same current role twice (per term, or without one).
            unique(
                ("body", "organization", "role", "term"),
                "membership_unique_role_per_term",
                _("该单位已在本届担任此角色"),
                condition=Q(until__isnull=True, term__isnull=False),
            ),
            unique(
                ("body", "organization", "role"),
                "membership_unique_role",
                _("该单位已担任此角色"),
                condition=Q(until__isnull=True, term__isnull=True),
            ),
            # One chair unit (理事长单位) per body and term.
            unique(
                ("body", "term"),
                "membership_one_chair_per_term",
                _("本届已有理事长单位"),
                condition=Q(role="chair", until__isnull=True, term__isnull=False),
            ),
            unique(
                ("body",),
                "membership_one_chair",
                _("已有理事长单位"),
                condition=Q(role="chair", until__isnull=True, term__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_role_display()} · {self.body}"

    def save(self, *args, **kwargs):
        if self.organization_id is not None:
            self.organization_name = self.organization.name
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "organization" in update_fields:
                kwargs["update_fields"] = {*update_fields, "organization_name"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.term_id and self.body_id and self.term.body_id != self.body_id:
            raise ValidationError({"term": _("届次不属于该产教融合体")})


class Committee(TimeStampedModel):
    """委员会: a working committee, expert think tank, advisory group or the like of a body."""

    class Kind(models.TextChoices):
        WORKING_COMMITTEE = "working_committee", _("工作委员会")
        EXPERT_THINK_TANK = "expert_think_tank", _("专家智库委员会")
        ADVISORY_GROUP = "advisory_group", _("顾问团")
        TEACHING_STEERING = "teaching_steering", _("教学指导委员会")
        FIVE_GOLDS = "five_golds", _("五金建设委员会")
        SECRETARIAT = "secretariat", _("秘书处")
        OTHER = "other", _("其他")

    body = link(Body, _("产教融合体"), related_name="committees")
    term = optional_link(Term, _("届"), related_name="committees")
    name = NameField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    description = models.TextField(_("简介"), blank=True)

    class Meta:
        ordering = ["body", "name"]
        verbose_name = pgettext_lazy("model", "委员会")
        verbose_name_plural = pgettext_lazy("models", "委员会")
        constraints = [
            unique(("body", "name"), "committee_name_unique_per_body", _("该委员会已存在")),
        ]

    def __str__(self):
        return self.name


class CommitteeSeat(InForce, TimeStampedModel):
    """委员会席位: a person or an organisation sitting on a committee in a role."""

    class SeatRole(models.TextChoices):
        DIRECTOR = "director", _("主任")
        DEPUTY = "deputy", _("副主任")
        MEMBER = "member", _("委员")
        SECRETARY = "secretary", _("秘书")

    committee = link(Committee, _("委员会"), related_name="seats")
    person = optional_link(
        Person,
        _("人员"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    organization = optional_link(
        Organization,
        _("单位"),
        on_delete=models.PROTECT,
        related_name="committee_seats",
    )
    role = models.CharField(
        _("职务"), max_length=16, choices=SeatRole.choices, default=SeatRole.MEMBER
    )
    since = models.DateField(_("起始"), null=True, blank=True)
    until = models.DateField(_("终止"), null=True, blank=True)

    class Meta:
        ordering = ["committee", "role", "id"]
        verbose_name = pgettext_lazy("model", "委员会席位")
        verbose_name_plural = pgettext_lazy("models", "委员会席位")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organization__isnull=False),
                name="seat_has_holder",
                violation_error_message=_("席位须指定人员或单位"),
            ),
            dates_in_order(
                "since", "until", "seat_until_after_since", _("终止日期不能早于起始日期")
            ),
        ]

    def __str__(self):
        holder = self.person or self.organization
        return f"{self.committee} · {holder} · {self.get_role_display()}"


class Charter(TimeStampedModel):
    """章程: one version of a body's charter, with its file and adoption date."""

    body = link(Body, _("产教融合体"), related_name="charters")
    version = NameField(_("版本"), max_length=50)
    title = NameField(_("标题"), max_length=200, blank=True)
    adopted_on = models.DateField(_("通过日期"), null=True, blank=True)
    adopted_at = models.CharField(_("通过会议"), max_length=200, blank=True)
    file = models.FileField(_("文件"), upload_to=PrivateUploadTo("charters"), blank=True)
    text = models.TextField(_("正文"), blank=True)

    class Meta:
        ordering = ["body", "-adopted_on", "-id"]
        verbose_name = pgettext_lazy("model", "章程")
        verbose_name_plural = pgettext_lazy("models", "章程")
        constraints = [
            unique(("body", "version"), "charter_version_unique_per_body", _("该章程版本已存在")),
        ]

    def __str__(self):
        return self.title or f"{self.body} 章程 {self.version}"
