"""URLs of the reports app: the landing page (its name ``home`` is the one every page and
setting uses) and a body's events as .xlsx, under the body's address."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "bodies/<int:pk>/events/export.xlsx",
        views.body_events_export,
        name="body_events_export",
    ),
]
