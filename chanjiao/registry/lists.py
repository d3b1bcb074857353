"""The registry's lists (列表) as declarations: columns, sort keys and export values
(:mod:`chanjiao.core.listing`) and filters (:mod:`chanjiao.core.filters`). The pages, the
sortable headers, the .xlsx exports, the filter bars and the API's query parameters all read
these, so a column or a filter is declared once."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec
from chanjiao.core.words import sentences

from .models import Body, Organization


def _positions(person) -> str:
    return sentences(
        f"{p.organization.name} · {p.title}" + (str(_("（曾任）")) if p.ended else "")
        for p in person.positions.all()
    )


BODIES = ListSpec(
    name="bodies",
    title=pgettext_lazy("list", "产教融合体"),
    default_sort="name",
    columns=(
        Column("name", _("名称"), sort=True),
        Column("short_name", _("简称")),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("level", _("层级"), "get_level_display", sort=True),
        Column("region", _("地区"), sort=True),
        Column("founded_on", _("成立日期"), sort=True),
        Column("members", _("成员单位"), "member_count", sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
    ),
)

ORGANIZATIONS = ListSpec(
    name="organizations",
    title=pgettext_lazy("list", "单位"),
    default_sort="name",
    columns=(
        Column("name", _("名称"), sort=True),
        Column("short_name", _("简称")),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("region", _("地区"), sort=True),
        Column("industry", _("行业"), sort=True),
        Column("credit_code", _("统一社会信用代码"), sort=True),
    ),
)

PEOPLE = ListSpec(
    name="people",
    title=pgettext_lazy("list", "人员"),
    default_sort="name",
    columns=(
        Column("name", _("姓名"), sort=True),
        Column("english_name", _("英文姓名"), sort=True),
        Column("positions", _("单位与职务"), _positions),
    ),
)

MEMBERS = ListSpec(
    name="members",
    title=_("成员单位"),
    default_sort="name",
    columns=(
        Column("name", _("单位"), "organization.name", sort=True),
        Column("kind", _("类型"), "organization.get_kind_display", sort=True),
        Column("role", _("角色"), "get_role_display", sort=True),
        Column("term", _("届"), lambda m: str(m.term) if m.term_id else "", sort="term__number"),
        Column("since", _("加入日期"), sort=True),
        Column("region", _("地区"), "organization.region", sort=True),
        # 联系人 is personal: exported only to the unit itself, the secretariat and admins.
        Column("contact", _("联系人"), personal="contact"),
    ),
)


# --- filters (one declaration each: the selector's keywords, the API, the filter bar) ---------

BODY_FILTERS = FilterSet(
    "BodyFilters",
    Filter("kind", "choice", _("类型"), choices=Body.Kind),
    Filter("level", "choice", _("层级"), choices=Body.Level),
    Filter("region", "text", _("地区"), "Part of the region name."),
    Filter("status", "choice", _("状态"), choices=Body.Status),
    Filter("year", "year", _("成立年份"), "Founded in this year."),
    search="Words to find in names and aliases.",
)

ORGANIZATION_FILTERS = FilterSet(
    "OrganizationFilters",
    Filter("kind", "choice", _("类型"), choices=Organization.Kind),
    Filter("region", "text", _("地区"), "Part of the region name."),
    Filter("body", "id", _("产教融合体"), "Only members (current or former) of this body."),
    search="Words to find in names, aliases or credit code.",
)

PERSON_FILTERS = FilterSet(
    "PersonFilters",
    Filter("organization", "id", _("单位"), "Only people with a post in this unit."),
    Filter("body", "id", _("产教融合体"), "Only people with a post in a member of this body."),
    search="Words to find in names and titles held.",
)
