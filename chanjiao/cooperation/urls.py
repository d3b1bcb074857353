"""URLs of the cooperation app (mounted at /cooperation/)."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "cooperation"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cooperation:agreement_list"), name="index"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/history/", views.agreement_history, name="agreement_history"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("carriers/", views.carrier_list, name="carrier_list"),
    path("carriers/new/", views.carrier_create, name="carrier_create"),
    path("carriers/<int:pk>/", views.carrier_detail, name="carrier_detail"),
    path("carriers/<int:pk>/edit/", views.carrier_edit, name="carrier_edit"),
    path("carriers/<int:pk>/history/", views.carrier_history, name="carrier_history"),
]
