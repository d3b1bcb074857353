"""URLs of the reports app: the landing page (its name ``home`` is the one every page and
setting uses)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]
