"""The cooperation lists (协议、载体) as declarations: columns, sort keys, export values
(:mod:`chanjiao.core.listing`)."""

from django.utils.translation import gettext_lazy as _

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec

from .models import Agreement, Carrier, Level, State

AGREEMENTS = ListSpec(
    name="agreements",
    title=_("合作协议"),
    default_sort="-signed_on",
    columns=(
        Column("title", _("协议"), sort=True),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("parties", _("签约方"), lambda a: [o.name for o in a.parties.all()]),
        Column("signed_on", _("签约日期"), sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
        Column("body", _("产教融合体"), "body.name", sort=True),
    ),
)

CARRIERS = ListSpec(
    name="carriers",
    title=_("合作载体"),
    default_sort="name",
    columns=(
        Column("name", _("载体"), sort=True),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("owners", _("共建单位"), lambda c: [o.name for o in c.owners.all()]),
        Column("founded_on", _("成立日期"), sort=True),
        Column("state", _("建设状态"), "get_state_display", sort=True),
        Column("level", _("认定级别"), "get_level_display", sort=True),
        Column("city", _("城市"), sort=True),
        Column("body", _("产教融合体"), "body.name", sort=True),
    ),
)


# --- filters (one declaration each: the selector's keywords, the API, the filter bar) ---------

AGREEMENT_FILTERS = FilterSet(
    "AgreementFilters",
    Filter("kind", "choice", _("类型"), choices=Agreement.Kind),
    Filter("body", "id", _("产教融合体")),
    Filter("organization", "id", _("单位"), "Only agreements this unit signed."),
    Filter("event", "id", _("活动")),
    Filter("year", "year", _("签约年份"), "Signed in this year."),
    Filter("status", "choice", _("状态"), choices=Agreement.Status),
    search="Words to find in the title and parties' names.",
)

CARRIER_FILTERS = FilterSet(
    "CarrierFilters",
    Filter("kind", "choice", _("类型"), choices=Carrier.Kind),
    Filter("body", "id", _("产教融合体")),
    Filter("organization", "id", _("共建单位"), "Only carriers this unit co-founded (an owner)."),
    Filter("year", "year", _("成立年份"), "Founded in this year."),
    Filter("state", "choice", _("建设状态"), "As its done milestones give it.", choices=State),
    Filter("level", "choice", _("认定级别"), "Its highest recognition.", choices=Level),
    search="Words to find in the name and owners' names.",
)
