from django.apps import AppConfig


class SharingConfig(AppConfig):
    """共享资源: what member units offer each other (equipment, training bases and venues,
    experts and teachers, courses, internship places, certification) and the bookings of it,
    which never exceed a resource's capacity."""

    name = "chanjiao.sharing"
    label = "sharing"
    verbose_name = "Sharing"

    def ready(self) -> None:
        from chanjiao.core.history_filters import private_rows

        from .permissions import booking_rows

        private_rows("sharing.Booking", booking_rows)
