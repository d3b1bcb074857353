"""URLs of sharing (mounted at /sharing/): the catalogue of shared resources, a resource with
its calendar, photos and booking form, bookings and their decisions, a unit's calendar, the
iCal feeds and a body's usage figures."""

from django.urls import path
from django.views.generic import RedirectView

from chanjiao.core.routes import record_paths

from . import views, views_bookings

app_name = "sharing"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="sharing:resource_list"), name="index"),
    *record_paths("resources/", views, "resource"),
    path("resources/<int:pk>/delete/", views.resource_delete, name="resource_delete"),
    path("resources/<int:pk>/calendar/", views.resource_calendar, name="resource_calendar"),
    path("resources/<int:pk>/book/", views.resource_book, name="resource_book"),
    path("resources/<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("resources/<int:pk>/feed/reset/", views.resource_feed_reset, name="resource_feed_reset"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
    path("bookings/", views_bookings.booking_list, name="booking_list"),
    path("bookings/<int:pk>/", views_bookings.booking_detail, name="booking_detail"),
    path("bookings/<int:pk>/history/", views_bookings.booking_history, name="booking_history"),
    path("bookings/<int:pk>/confirm/", views_bookings.booking_confirm, name="booking_confirm"),
    path("bookings/<int:pk>/decline/", views_bookings.booking_decline, name="booking_decline"),
    path("bookings/<int:pk>/cancel/", views_bookings.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/used/", views_bookings.booking_used, name="booking_used"),
    path("bookings/<int:pk>/no-show/", views_bookings.booking_no_show, name="booking_no_show"),
    path("units/<int:pk>/calendar/", views.unit_calendar, name="unit_calendar"),
    path("units/<int:pk>/feed/reset/", views.unit_feed_reset, name="unit_feed_reset"),
    path("bodies/<int:pk>/usage/", views_bookings.usage, name="usage"),
    path("feeds/resources/<str:token>.ics", views.resource_feed, name="resource_feed"),
    path("feeds/units/<str:token>.ics", views.unit_feed, name="unit_feed"),
]
