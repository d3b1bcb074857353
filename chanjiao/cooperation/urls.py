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
    path(
        "agreements/<int:pk>/documents/<int:version>/",
        views.agreement_document,
        name="agreement_document_version",
    ),
    path(
        "agreements/<int:pk>/documents/new/",
        views.agreement_document_upload,
        name="agreement_document_upload",
    ),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/renew/", views.agreement_renew, name="agreement_renew"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="agreement_terminate"),
    *record_paths("carriers/", views, "carrier"),
    path("carriers/<int:pk>/milestones/new/", views.milestone_add, name="milestone_add"),
    path(
        "carriers/<int:pk>/milestones/<int:item>/edit/",
        views.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "carriers/<int:pk>/milestones/<int:item>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "carriers/<int:pk>/milestones/<int:item>/evidence/",
        views.milestone_evidence,
        name="milestone_evidence",
    ),
    path("carriers/<int:pk>/figures/new/", views.figure_add, name="figure_add"),
    path("carriers/<int:pk>/figures/<int:item>/edit/", views.figure_edit, name="figure_edit"),
    path("carriers/<int:pk>/figures/<int:item>/delete/", views.figure_delete, name="figure_delete"),
]
