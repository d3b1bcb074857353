"""URLs of the cooperation app (mounted at /cooperation/)."""

from django.urls import path
from django.views.generic import RedirectView

from chanjiao.core.routes import record_paths

from . import views

app_name = "cooperation"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cooperation:agreement_list"), name="index"),
    *record_paths("agreements/", views, "agreement"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    *record_paths("carriers/", views, "carrier"),
]
