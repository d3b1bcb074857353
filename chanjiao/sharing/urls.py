"""URLs of sharing: the catalogue of shared resources, a resource with its calendar and
bookings, a unit's bookings, and the iCal feeds."""

from django.urls import path  # noqa: F401

app_name = "sharing"

urlpatterns: list = []
