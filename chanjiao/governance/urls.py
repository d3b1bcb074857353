"""URLs of governance: a body's meetings, one meeting run live, and its actions."""

from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("bodies/<int:pk>/meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/minutes/<str:fmt>/", views.minutes_download, name="minutes"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/motions/", views.motion_add, name="motion_add"),
    path("motions/<int:pk>/open/", views.motion_open, name="motion_open"),
    path("motions/<int:pk>/vote/", views.motion_vote, name="motion_vote"),
    path("motions/<int:pk>/paper/", views.motion_paper, name="motion_paper"),
    path("motions/<int:pk>/close/", views.motion_close, name="motion_close"),
]
