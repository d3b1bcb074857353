"""The events list (活动列表) as a declaration: columns, sort keys, export values
(:mod:`chanjiao.core.listing`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec
from chanjiao.core.words import sentences

from .models import Event, Registration


def _roles(event) -> str:
    return sentences(
        _("%(role)s：%(unit)s") % {"role": p.get_role_display(), "unit": p.organization.name}
        for p in event.participations.all()
    )


def event_list_spec(visible_body_ids) -> ListSpec:
    """The events list for a reader who may see the bodies ``visible_body_ids``: a co-holding
    body the reader may not see is left out of the page and of the export alike."""
    visible = set(visible_body_ids)
    return ListSpec(
        name="events",
        title=pgettext_lazy("list", "活动"),
        default_sort="-starts_on",
        columns=(
            Column("starts_on", _("日期"), sort=True),
            Column("ends_on", _("结束日期"), sort=True),
            Column("name", _("活动"), sort=True),
            Column("kind", _("类型"), "get_kind_display", sort=True),
            Column("city", _("城市"), sort=True),
            Column("venue", _("地点"), sort=True),
            Column("attendance", _("参会人数"), sort=True),
            Column(
                "bodies",
                _("产教融合体"),
                lambda e: [b.name for b in e.bodies.all() if b.pk in visible],
            ),
            Column("organizations", _("参与单位"), _roles),
        ),
        export_prefetch=("participations__organization",),
    )


# --- filters (one declaration each: the selector's keywords, the API, the filter bar) ---------

EVENT_FILTERS = FilterSet(
    "EventFilters",
    Filter("kind", "choice", _("类型"), choices=Event.Kind),
    Filter("body", "id", _("产教融合体"), "Only events held by this body."),
    Filter("organization", "id", _("单位"), "Only events this unit had a role in."),
    Filter("year", "year", _("年份"), "Starting in this year."),
    Filter("city", "text", _("城市"), "Part of the city name."),
    search="Words to find in name, theme, venue and city.",
)


class CheckIn(models.TextChoices):
    """Whether a registrant has checked in (签到), as a filter."""

    CHECKED_IN = "checked_in", _("已签到")
    NOT_CHECKED_IN = "not_checked_in", _("未签到")


#: The registrations of an event (报名名单): the page's filter bar and the API's query.
REGISTRATION_FILTERS = FilterSet(
    "EventRegistrationFilters",
    Filter("status", "choice", _("状态"), choices=Registration.Status),
    Filter("organization", "id", _("单位"), "Only registrations of this unit."),
    Filter("check_in", "choice", _("签到"), "Checked in or not yet.", choices=CheckIn),
    search="Words to find in the name, title, phone, e-mail and unit.",
)
