"""Roles per body, member-unit contacts and API tokens.

A platform admin (平台管理员) is a Django superuser. Everyone else gets rights through
:class:`BodyRole` (秘书处 secretariat or 查看者 viewer of one body) and
:class:`OrganizationContact` (成员单位联系人, the contact of one unit).
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.fields import NameField
from chanjiao.core.modeling import link, optional_link
from chanjiao.core.models import TimeStampedModel
from chanjiao.core.validators import validate_region_code
from chanjiao.core.words import aside


class BodyRole(TimeStampedModel):
    """A user's role in one body.

    秘书处 secretariat users edit the body; 查看者 viewers see it unpublished; 主管部门
    supervisors (the education bureau or ministry department that oversees the body) read
    everything of it that is not personal data, and write nothing.
    """

    class Kind(models.TextChoices):
        SECRETARIAT = "secretariat", _("秘书处")
        VIEWER = "viewer", _("查看者")
        SUPERVISOR = "supervisor", _("主管部门")

    user = link(settings.AUTH_USER_MODEL, _("账号"), related_name="body_roles")
    body = link("registry.Body", _("产教融合体"), related_name="user_roles")
    kind = models.CharField(_("角色"), max_length=16, choices=Kind.choices)

    class Meta:
        verbose_name = pgettext_lazy("model", "机构角色")
        verbose_name_plural = pgettext_lazy("models", "机构角色")
        constraints = [
            models.UniqueConstraint(fields=["user", "body"], name="body_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.body}"


def region_prefix(code: str) -> str:
    """The part of a six-digit division code that its sub-regions share: 510000 (a province)
    → 51, 510100 (a city) → 5101, 510104 (a district) → 510104."""
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


class SupervisedRegion(TimeStampedModel):
    """主管部门的辖区: a supervising department (an education bureau, a provincial department)
    oversees every body registered in a region and its sub-regions, as a body's supervisor
    (主管部门) role does for one body: it reads everything of them that is not personal data,
    and writes nothing."""

    user = link(settings.AUTH_USER_MODEL, _("账号"), related_name="supervised_regions")
    region_code = models.CharField(
        _("行政区划代码"), max_length=6, validators=[validate_region_code]
    )
    name = NameField(_("辖区名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "主管辖区")
        verbose_name_plural = pgettext_lazy("models", "主管辖区")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region_code"], name="supervised_region_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.name or self.region_code}"

    @property
    def prefix(self) -> str:
        return region_prefix(self.region_code)


class OrganizationContact(TimeStampedModel):
    """成员单位联系人: a user who maintains one organisation's own record."""

    user = link(settings.AUTH_USER_MODEL, _("账号"), related_name="organization_contacts")
    organization = link("registry.Organization", _("单位"), related_name="contacts")

    class Meta:
        verbose_name = pgettext_lazy("model", "单位联系人")
        verbose_name_plural = pgettext_lazy("models", "单位联系人")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="organization_contact_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.organization}"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(TimeStampedModel):
    """API 令牌: a bearer token for the REST API. Only its hash is stored."""

    user = link(settings.AUTH_USER_MODEL, _("账号"), related_name="api_tokens")
    name = NameField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    key_hash = models.CharField(_("令牌哈希"), max_length=64, unique=True, editable=False)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked = models.BooleanField(_("已吊销"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model", "API 令牌")
        verbose_name_plural = pgettext_lazy("models", "API 令牌")

    def __str__(self):
        return aside(self.name, f"{self.prefix}…")

    @staticmethod
    def generate() -> str:
        return "cj_" + secrets.token_urlsafe(32)


class Invitation(TimeStampedModel):
    """邀请: a sign-up link a body's secretariat gives to a new colleague or to a member unit's
    contact.

    Only the SHA-256 hash of the link's random token is stored; the link expires at
    ``expires_at`` and works once (``accepted_at`` is set in the same UPDATE that claims it).
    """

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("秘书处")
        CONTACT = "contact", _("单位联系人")

    body = link("registry.Body", _("产教融合体"), related_name="invitations")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    organization = optional_link(
        "registry.Organization",
        _("单位"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(_("链接令牌哈希"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("有效期至"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    accepted_by = optional_link(
        settings.AUTH_USER_MODEL,
        _("接受人"),
        related_name="invitations_accepted",
    )
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    revoked = models.BooleanField(_("已撤销"), default=False)

    #: The link's token hash is never logged (only the link's holder should find the row).
    CHANGELOG_DERIVED = ("token_hash",)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model", "邀请")
        verbose_name_plural = pgettext_lazy("models", "邀请")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="secretariat", organization__isnull=True)
                | models.Q(role="contact", organization__isnull=False),
                name="invitation_contact_has_organization",
            ),
        ]

    def __str__(self):
        who = self.organization.name if self.organization_id else self.body.name
        return f"{self.get_role_display()} · {who}"

    @staticmethod
    def generate() -> str:
        return secrets.token_urlsafe(32)


class Preference(TimeStampedModel):
    """A user's 偏好: the language they read the platform in, kept when they switch it, so
    that their sign-in on another browser and the mails written to them use it too."""

    user = link(settings.AUTH_USER_MODEL, _("账号"), related_name="preference", one_to_one=True)
    language = models.CharField(_("语言"), max_length=16, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = pgettext_lazy("model", "用户偏好")
        verbose_name_plural = pgettext_lazy("models", "用户偏好")

    def __str__(self):
        return str(_("%(user)s 的偏好") % {"user": self.user})
