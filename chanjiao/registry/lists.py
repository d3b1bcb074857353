"""The registry's lists (列表) as declarations: columns, sort keys and export values
(:mod:`chanjiao.core.listing`). The pages, the sortable headers and the .xlsx exports all read
these, so a column is declared once."""

from django.utils.translation import gettext_lazy as _

from chanjiao.core.listing import Column, ListSpec


def _positions(person) -> str:
    return "；".join(
        f"{p.organization.name} · {p.title}" + ("（曾任）" if p.until else "")
        for p in person.positions.all()
    )


BODIES = ListSpec(
    name="bodies",
    title=_("产教融合体"),
    default_sort="name",
    columns=(
        Column("name", _("名称"), "name", sort="name"),
        Column("short_name", _("简称"), "short_name"),
        Column("kind", _("类型"), "get_kind_display", sort="kind"),
        Column("level", _("层级"), "get_level_display", sort="level"),
        Column("region", _("地区"), "region", sort="region"),
        Column("founded_on", _("成立日期"), "founded_on", sort="founded_on"),
        Column("members", _("成员单位"), "member_count", sort="member_count"),
        Column("status", _("状态"), "get_status_display", sort="status"),
    ),
)

ORGANIZATIONS = ListSpec(
    name="organizations",
    title=_("单位"),
    default_sort="name",
    columns=(
        Column("name", _("名称"), "name", sort="name"),
        Column("short_name", _("简称"), "short_name"),
        Column("kind", _("类型"), "get_kind_display", sort="kind"),
        Column("region", _("地区"), "region", sort="region"),
        Column("industry", _("行业"), "industry", sort="industry"),
        Column("credit_code", _("统一社会信用代码"), "credit_code", sort="credit_code"),
    ),
)

PEOPLE = ListSpec(
    name="people",
    title=_("人员"),
    default_sort="name",
    columns=(
        Column("name", _("姓名"), "name", sort="name"),
        Column("english_name", _("英文姓名"), "english_name", sort="english_name"),
        Column("positions", _("单位与职务"), _positions),
    ),
)

MEMBERS = ListSpec(
    name="members",
    title=_("成员单位"),
    default_sort="name",
    columns=(
        Column("name", _("单位"), "organization.name", sort="organization__name"),
        Column("kind", _("类型"), "organization.get_kind_display", sort="organization__kind"),
        Column("role", _("角色"), "get_role_display", sort="role"),
        Column("term", _("届"), lambda m: str(m.term) if m.term_id else "", sort="term__number"),
        Column("since", _("加入日期"), "since", sort="since"),
        Column("region", _("地区"), "organization.region", sort="organization__region"),
        # 联系人 is personal: exported only to the unit itself, the secretariat and admins.
        Column("contact", _("联系人"), "contact", personal="contact"),
    ),
)
