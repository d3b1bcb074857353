"""The sharing lists as declarations: the catalogue's columns and filters, the bookings'
filters (:mod:`chanjiao.core.listing`, :mod:`chanjiao.core.filters`)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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

BOOKING_FILTERS = FilterSet(
    "BookingFilters",
    Filter("resource", "id", _("共享资源"), "Only bookings of this resource."),
    Filter("organization", "id", _("预约单位"), "Only bookings this unit requested."),
    Filter("status", "choice", _("状态"), choices=Booking.Status),
)
