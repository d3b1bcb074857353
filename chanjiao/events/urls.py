"""URLs of the events app (mounted at /events/)."""

from django.urls import path

from chanjiao.core.routes import record_paths

from . import views
from . import views_registration as registration

app_name = "events"
urlpatterns = [
    *record_paths("", views, "event"),
    path("<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("<int:pk>/organizations/add/", views.participation_add, name="participation_add"),
    path(
        "<int:pk>/organizations/<int:ppk>/remove/",
        views.participation_remove,
        name="participation_remove",
    ),
    path("<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/edit/", views.agenda_edit, name="agenda_edit"),
    path("<int:pk>/agenda/<int:ipk>/remove/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/ceremonies/add/", views.ceremony_add, name="ceremony_add"),
    path("<int:pk>/ceremonies/<int:item>/edit/", views.ceremony_edit, name="ceremony_edit"),
    path("<int:pk>/ceremonies/<int:cpk>/remove/", views.ceremony_remove, name="ceremony_remove"),
    # registration (报名), the waitlist (候补) and check-in (签到)
    path(
        "<int:pk>/registration/",
        registration.registration_list_page,
        name="registration_list",
    ),
    path(
        "<int:pk>/registration/settings/",
        registration.registration_settings,
        name="registration_settings",
    ),
    path("<int:pk>/registration/register/", registration.register, name="register"),
    path(
        "<int:pk>/registration/<int:rpk>/cancel/",
        registration.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "<int:pk>/registration/<int:rpk>/approve/",
        registration.registration_approve,
        name="registration_approve",
    ),
    path(
        "<int:pk>/registration/<int:rpk>/decline/",
        registration.registration_decline,
        name="registration_decline",
    ),
    path("<int:pk>/registration/check-in/", registration.check_in, name="check_in"),
    path("<int:pk>/registration/badges.pdf", registration.badges, name="badges"),
    path(
        "<int:pk>/registration/attendees.xlsx",
        registration.attendee_export,
        name="attendee_export",
    ),
    path(
        "<int:pk>/registration/erase/",
        registration.registration_erase,
        name="registration_erase",
    ),
    path("tickets/<str:code>/", registration.ticket, name="ticket"),
]
