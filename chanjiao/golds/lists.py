"""The five-golds lists as declarations: nominations' filters, the published list's (公示名单)
columns, filters and .xlsx export (:mod:`chanjiao.core.listing`, :mod:`chanjiao.core.filters`)."""

from django.utils.translation import gettext_lazy as _

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec

from .models import GoldsNomination, Kind, Level

NOMINATION_FILTERS = FilterSet(
    "GoldsNominationFilters",
    Filter("body", "id", _("产教融合体"), "Only nominations in this body's programme."),
    Filter("category", "id", _("类别"), "Only nominations in this category."),
    Filter("kind", "choice", _("类别"), choices=Kind),
    Filter("organization", "id", _("申报单位"), "Only nominations of this unit."),
    Filter("status", "choice", _("状态"), choices=GoldsNomination.Status),
    Filter("year", "year", _("申报年度"), "Only nominations for this year."),
    Filter("level", "choice", _("认定级别"), choices=Level),
    search="Words to find in the name, description and the unit's names.",
)

RESULT_FILTERS = FilterSet(
    "GoldsResultFilters",
    Filter("body", "id", _("产教融合体"), "Only results of this body's programme."),
    Filter("kind", "choice", _("类别"), choices=Kind),
    Filter("year", "year", _("认定年度"), "Only results recognised in this year."),
    Filter("level", "choice", _("认定级别"), choices=Level),
    Filter("organization", "id", _("申报单位"), "Only results of this unit."),
    search="Words to find in the name, description and the unit's names.",
)

#: The published list (公示名单) a committee publishes: name, unit, category, level, year.
RESULTS = ListSpec(
    name="golds-results",
    title=_("五金成果公示名单"),
    default_sort="",
    columns=(
        Column("name", _("成果名称"), sort=True),
        Column("organization", _("申报单位"), "organization.name", sort=True),
        Column("kind", _("类别"), "category.get_kind_display", sort="category__kind"),
        Column("level", _("认定级别"), "get_level_display", sort=True),
        Column("year", _("认定年度"), "recognised_year", sort="recognised_year"),
        Column("body", _("产教融合体"), "category.programme.body.name"),
    ),
)
