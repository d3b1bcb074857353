from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SharingConfig(AppConfig):
    """共享资源: what member units offer each other (equipment, training bases and venues,
    experts and teachers, courses, internship places, certification) and the bookings of it,
    which never exceed a resource's capacity."""

    name = "chanjiao.sharing"
    label = "sharing"
    verbose_name = pgettext_lazy("app", "共享资源")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from chanjiao.core.history import describe_key
        from chanjiao.core.history_filters import private_rows

        from . import receivers  # noqa: F401 (feeds get new addresses when access ends)
        from .permissions import booking_rows

        private_rows("sharing.Booking", booking_rows)
        for model in ("sharing.Resource", "sharing.UnitCalendar"):
            describe_key(model, "feed_address", lambda: gettext("更换了订阅地址"))
