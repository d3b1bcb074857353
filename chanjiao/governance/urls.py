"""URLs of governance: a body's meetings, one meeting run live, and its actions."""

from django.urls import path

from . import views, views_applications, views_members, views_publication, views_renewal

app_name = "governance"

urlpatterns = [
    path("bodies/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/minutes/<str:fmt>/", views.minutes_download, name="minutes"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/motions/", views.motion_add, name="motion_add"),
    path("motions/<int:pk>/edit/", views.motion_edit, name="motion_edit"),
    path("motions/<int:pk>/delete/", views.motion_delete, name="motion_delete"),
    path("motions/<int:pk>/open/", views.motion_open, name="motion_open"),
    path("motions/<int:pk>/vote/", views.motion_vote, name="motion_vote"),
    path("motions/<int:pk>/paper/", views.motion_paper, name="motion_paper"),
    path("motions/<int:pk>/close/", views.motion_close, name="motion_close"),
    # what a meeting publishes
    path(
        "bodies/<int:pk>/resolutions/",
        views_publication.published_resolutions,
        name="published_resolutions",
    ),
    path("meetings/<int:pk>/publish/", views_publication.meeting_publish, name="meeting_publish"),
    path("motions/<int:pk>/attachments/", views_publication.attachment_add, name="attachment_add"),
    path(
        "attachments/<int:pk>/delete/",
        views_publication.attachment_delete,
        name="attachment_delete",
    ),
    path("attachments/<int:pk>/", views_publication.attachment_file, name="attachment_file"),
    # membership events and sanctions (成员变动与处分); the decision rules (表决规则)
    path(
        "bodies/<int:pk>/members/history/",
        views_members.member_history,
        name="member_history",
    ),
    path("sanctions/<int:pk>/end/", views_members.sanction_end, name="sanction_end"),
    path("withdrawals/<int:pk>/file/", views_members.withdrawal_file, name="withdrawal_file"),
    path("bodies/<int:pk>/rules/", views_members.decision_rules, name="decision_rules"),
    # council renewal (换届)
    path("bodies/<int:pk>/renewal/", views_renewal.renewal, name="renewal"),
    # applications to join (入会申请)
    path("bodies/<int:pk>/apply/", views_applications.apply, name="apply"),
    path(
        "bodies/<int:pk>/applications/",
        views_applications.application_list,
        name="application_list",
    ),
    path(
        "applications/<int:pk>/review/",
        views_applications.application_review,
        name="application_review",
    ),
    path(
        "applications/<int:pk>/file/", views_applications.application_file, name="application_file"
    ),
    path(
        "applications/status/<str:token>/",
        views_applications.application_status,
        name="application_status",
    ),
    path(
        "applications/status/<str:token>/withdraw/",
        views_applications.application_withdraw,
        name="application_withdraw",
    ),
]
