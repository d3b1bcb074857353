"""Organisations (单位), people (人员) and their positions (职务)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import AliasesField, NameField
from chanjiao.core.modeling import dates_in_order, link, optional_link, unique
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.validators import validate_credit_code, validate_region_code


def split_aliases(text: str) -> list[str]:
    """Aliases are stored one per line; blank lines and duplicates are dropped."""
    return list(dict.fromkeys(a.strip() for a in (text or "").splitlines() if a.strip()))


def in_force_on(day, prefix: str = "") -> Q:
    """Rows with a ``since`` and an ``until`` (memberships, committee seats, positions) in
    force on ``day``: begun by then (or with no start recorded) and not yet ended (``until``
    is the day it ends). ``prefix`` reaches them from another row (``"seats__"``)."""
    since, until = f"{prefix}since", f"{prefix}until"
    return (Q(**{f"{since}__isnull": True}) | Q(**{f"{since}__lte": day})) & (
        Q(**{f"{until}__isnull": True}) | Q(**{f"{until}__gt": day})
    )


class InForce:
    """A row in force from ``since`` until ``until`` (a position, a membership, a seat)."""

    @property
    def ended(self) -> bool:
        """Ended by today: one whose ``until`` is ahead (a notice given) is still in force."""
        return self.until is not None and self.until <= timezone.localdate()

    @property
    def in_force(self) -> bool:
        """In force today (:func:`in_force_on`): begun, or with no start, and not ended."""
        return (self.since is None or self.since <= timezone.localdate()) and not self.ended


class Organization(TimeStampedModel):
    """单位: a school, enterprise, association, government department, park or institute."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府部门")
        INDUSTRIAL_PARK = "industrial_park", _("产业园区")
        ASSOCIATION = "association", _("行业协会")
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("本科高校")
        VOCATIONAL_COLLEGE = "vocational_college", _("高职院校")
        SECONDARY_SCHOOL = "secondary_school", _("中职学校")
        RESEARCH_INSTITUTE = "research_institute", _("科研院所")
        MEDIA = "media", _("媒体")
        INTERNATIONAL = "international", _("境外机构")
        OTHER = "other", _("其他")

    name = NameField(_("名称"), max_length=200, unique=True)
    short_name = NameField(_("简称"), max_length=100, blank=True)
    english_name = NameField(_("英文名称"), max_length=300, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    region = NameField(_("地区"), max_length=100, blank=True)
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, blank=True, validators=[validate_region_code]
    )
    industry = NameField(_("行业"), max_length=100, blank=True)
    industry_code = models.CharField(_("行业代码"), max_length=10, blank=True)
    website = models.URLField(_("网站"), blank=True)
    aliases = AliasesField(_("别名"), blank=True, help_text=_("每行一个"))
    description = models.TextField(_("简介"), blank=True)
    # Which body's secretariat registered the unit (登记机构): that secretariat may correct the
    # record until the unit's own contact takes it over (see accounts.permissions).
    registered_by_body = optional_link(
        "registry.Body",
        _("登记机构"),
        related_name="registered_organizations",
        editable=False,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("model", "单位")
        verbose_name_plural = pgettext_lazy("models", "单位")
        constraints = [
            unique(
                ("credit_code",),
                "organization_credit_code_unique",
                _("该统一社会信用代码已被其他单位使用"),
                condition=Q(credit_code__isnull=False),
            ),
        ]

    def __str__(self):
        return self.name

    def clean_fields(self, exclude=None):
        # The code as typed, trimmed before its length is checked (“ 9135… ” is 18 characters);
        # an empty code is "unknown", never a duplicate of another unknown code.
        if isinstance(self.credit_code, str):
            self.credit_code = self.credit_code.strip().upper() or None
        super().clean_fields(exclude=exclude)

    def clean(self):
        self.aliases = "\n".join(split_aliases(self.aliases))

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def other_aliases(self) -> list[str]:
        """The aliases a page shows beside the name and the short name: those two left out,
        so a short name that is also stored as an alias reads once."""
        return [a for a in self.alias_list if a not in (self.name, self.short_name)]

    def save(self, *args, **kwargs):
        from .bodies import Membership  # bodies build on organisations

        adding = self._state.adding
        super().save(*args, **kwargs)
        # Memberships keep the unit's name as their sort key (Membership.organization_name).
        if not adding:
            Membership.objects.filter(organization_id=self.pk).exclude(
                organization_name=self.name
            ).update(organization_name=self.name)


class Person(TimeStampedModel):
    """人员: someone who holds positions in organisations and seats in committees."""

    name = NameField(_("姓名"), max_length=100)
    english_name = NameField(_("英文姓名"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = pgettext_lazy("model", "人员")
        verbose_name_plural = pgettext_lazy("models", "人员")

    def __str__(self):
        return self.name


class Position(InForce, TimeStampedModel):
    """职务: a person's title in an organisation over a period (任职)."""

    person = link(Person, _("人员"), related_name="positions")
    organization = link(Organization, _("单位"), related_name="positions", on_delete=models.PROTECT)
    title = NameField(_("职务"), max_length=200)
    since = models.DateField(_("起始"), null=True, blank=True)
    until = models.DateField(_("终止"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)

    class Meta:
        ordering = ["person__name", "-since", "id"]
        verbose_name = pgettext_lazy("model", "职务")
        verbose_name_plural = pgettext_lazy("models", "职务")
        constraints = [
            dates_in_order(
                "since", "until", "position_until_after_since", _("终止日期不能早于起始日期")
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.organization} {self.title}"
