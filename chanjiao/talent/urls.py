"""URLs of the talent app (mounted at /talent/)."""

from django.urls import path

from chanjiao.core.routes import record_paths

from . import views, views_import, views_matching

app_name = "talent"
urlpatterns = [
    path("", views.overview, name="overview"),
    *record_paths("cohorts/", views, "cohort"),
    *record_paths("postings/", views, "posting"),
    path("bodies/<int:pk>/import/<str:kind>/", views_import.import_upload, name="import"),
    path("import/<str:kind>/template.xlsx", views_import.import_template, name="import_template"),
    path("imports/<int:pk>/", views_import.import_status, name="import_status"),
    path("imports/<int:pk>/file/", views_import.import_file, name="import_file"),
    path("gap/", views.gap, name="gap"),
    path("gap/export.xlsx", views.gap_export, name="gap_export"),
    path("runs/", views_matching.run_list, name="run_list"),
    path("runs/new/", views_matching.run_create, name="run_create"),
    path("runs/<int:pk>/", views_matching.run_detail, name="run_detail"),
    path("runs/<int:pk>/accept/", views_matching.run_accept, name="run_accept"),
    path("runs/<int:pk>/history/", views_matching.run_history, name="run_history"),
    path("placements/", views_matching.placement_list, name="placement_list"),
    path("placements/<int:pk>/edit/", views_matching.placement_edit, name="placement_edit"),
]
