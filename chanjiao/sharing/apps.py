from django.apps import AppConfig


class SharingConfig(AppConfig):
    """共享资源: what member units offer each other (equipment, training bases and venues,
    experts and teachers, courses, internship places, certification) and the bookings of it,
    which never exceed a resource's capacity."""

    name = "chanjiao.sharing"
    label = "sharing"
    verbose_name = "Sharing"
