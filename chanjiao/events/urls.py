"""URLs of the events app (mounted at /events/)."""

from django.urls import path

from chanjiao.core.routes import record_paths

from . import views

app_name = "events"
urlpatterns = [
    *record_paths("", views, "event"),
    path("<int:pk>/organizations/add/", views.participation_add, name="participation_add"),
    path(
        "<int:pk>/organizations/<int:ppk>/remove/",
        views.participation_remove,
        name="participation_remove",
    ),
    path("<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:ipk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/ceremonies/add/", views.ceremony_add, name="ceremony_add"),
    path("<int:pk>/ceremonies/<int:cpk>/remove/", views.ceremony_remove, name="ceremony_remove"),
]
