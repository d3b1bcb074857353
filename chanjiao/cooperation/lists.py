"""The cooperation lists (协议、载体) as declarations: columns, sort keys, export values
(:mod:`chanjiao.core.listing`)."""

from django.utils.translation import gettext_lazy as _

from chanjiao.core.listing import Column, ListSpec

AGREEMENTS = ListSpec(
    name="agreements",
    title=_("合作协议"),
    default_sort="-signed_on",
    columns=(
        Column("title", _("协议"), "title", sort="title"),
        Column("kind", _("类型"), "get_kind_display", sort="kind"),
        Column("parties", _("签约方"), lambda a: [o.name for o in a.parties.all()]),
        Column("signed_on", _("签约日期"), "signed_on", sort="signed_on"),
        Column("status", _("状态"), "get_status_display", sort="status"),
        Column("body", _("产教融合体"), "body.name", sort="body__name"),
    ),
)

CARRIERS = ListSpec(
    name="carriers",
    title=_("合作载体"),
    default_sort="name",
    columns=(
        Column("name", _("载体"), "name", sort="name"),
        Column("kind", _("类型"), "get_kind_display", sort="kind"),
        Column("owners", _("共建单位"), lambda c: [o.name for o in c.owners.all()]),
        Column("founded_on", _("成立日期"), "founded_on", sort="founded_on"),
        Column("city", _("城市"), "city", sort="city"),
        Column("body", _("产教融合体"), "body.name", sort="body__name"),
    ),
)
