"""URLs of the five golds (五金) programme (mounted at ``golds/``)."""

from django.urls import path

from . import views

app_name = "golds"
urlpatterns = [
    path("bodies/<int:pk>/", views.programme, name="programme"),
    path("bodies/<int:pk>/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("categories/<int:pk>/", views.category, name="category"),
    path("categories/<int:pk>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("nominations/<int:pk>/", views.nomination, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/delete/", views.nomination_delete, name="nomination_delete"),
    path("nominations/<int:pk>/submit/", views.nomination_submit, name="nomination_submit"),
    path("nominations/<int:pk>/review/", views.nomination_review, name="nomination_review"),
    path("nominations/<int:pk>/evidence/", views.nomination_evidence, name="nomination_evidence"),
    path("nominations/<int:pk>/history/", views.nomination_history, name="nomination_history"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("results/", views.result_list, name="result_list"),
]
