"""The sharing lists as declarations: the catalogue's columns and filters, the bookings'
filters (:mod:`chanjiao.core.listing`, :mod:`chanjiao.core.filters`)."""

import datetime
from dataclasses import dataclass
from typing import Annotated, Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Field
from pydantic import AfterValidator

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec

from .models import Booking, Resource

RESOURCES = ListSpec(
    name="resources",
    title=pgettext_lazy("list", "共享资源"),
    default_sort="name",
    columns=(
        Column("name", _("资源"), sort=True),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("owner", _("提供单位"), "owner.name", sort=True),
        Column("body", _("产教融合体"), "body.name", sort=True),
        Column("location", _("地点"), sort=True),
        Column(
            "capacity",
            _("名额"),
            lambda r: r.capacity if not r.exclusive else _("独占"),
            sort="capacity",
        ),
        Column("is_active", _("开放预约"), lambda r: _("是") if r.is_active else _("否")),
    ),
)

RESOURCE_FILTERS = FilterSet(
    "ResourceFilters",
    Filter("kind", "choice", _("类型"), choices=Resource.Kind),
    Filter("body", "id", _("产教融合体"), "Only resources offered in this body."),
    Filter("owner", "id", _("提供单位"), "Only resources this unit offers."),
    Filter("active", "bool", _("开放预约"), "Only resources open (or closed) to bookings."),
    search="Words to find in the name, description, location and the owner's names.",
)


def _in_range(value: datetime.datetime) -> datetime.datetime:
    if not 1990 <= value.year <= 2200:
        raise ValueError("must be a time between the years 1990 and 2200")
    return value


#: A time in a query (a date alone: its midnight; no zone: local time, Asia/Shanghai).
QueryTime = Annotated[datetime.datetime, AfterValidator(_in_range)]


@dataclass(frozen=True)
class TimeFilter(Filter):
    """A filter by a time: a date and time in the API, a date on the page (its midnight)."""

    def annotation(self) -> Any:
        return QueryTime | None

    def schema_field(self) -> tuple[Any, Any]:
        return self.annotation(), Field(self.default, description=self.description)

    def form_field(self, rows=None) -> forms.Field:
        widget = forms.DateInput(attrs={"type": "date", "min": "1990-01-01", "max": "2200-12-31"})
        return forms.DateField(label=self.label, required=False, widget=widget)


def local_time(value: datetime.date | datetime.datetime | None) -> datetime.datetime | None:
    """A filter's time as an aware datetime: a date is its local midnight, a time without a
    zone local time."""
    if value is None:
        return None
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time.min)
    return timezone.make_aware(value) if timezone.is_naive(value) else value


BOOKING_FILTERS = FilterSet(
    "BookingFilters",
    Filter("resource", "id", _("共享资源"), "Only bookings of this resource."),
    Filter("organization", "id", _("预约单位"), "Only bookings this unit requested."),
    Filter("status", "choice", _("状态"), choices=Booking.Status),
    TimeFilter(
        "starts_after",
        "time",
        _("开始不早于"),
        "Only bookings starting at or after this time (a date alone: its midnight; without a "
        "zone: local time, Asia/Shanghai).",
    ),
    TimeFilter(
        "starts_before",
        "time",
        _("开始早于"),
        "Only bookings starting before this time (a date alone: its midnight, so "
        "`starts_before=2030-01-02` ends with 1 January; without a zone: local time).",
    ),
)


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None)


#: The bookings list (我的预约): its export (``?format=xlsx``) and sorts. The readers of the list
#: see each booking's details (:func:`chanjiao.sharing.selectors.booking_list`).
BOOKINGS = ListSpec(
    name="bookings",
    title=_("我的预约"),
    default_sort="starts_at",
    columns=(
        Column("id", _("编号"), "pk"),
        Column("starts_at", _("开始时间"), lambda b: _local(b.starts_at), sort="starts_at"),
        Column("ends_at", _("结束时间"), lambda b: _local(b.ends_at), sort="ends_at"),
        Column("resource", _("共享资源"), "resource.name", sort="resource__name"),
        Column("owner", _("提供单位"), "resource.owner.name"),
        Column(
            "organization",
            _("预约单位"),
            lambda b: b.organization.name if b.organization_id else _("个人"),
            sort="organization__name",
        ),
        Column("quantity", _("数量")),
        Column("purpose", _("用途")),
        Column("status", _("状态"), "get_status_display", sort="status"),
    ),
)
