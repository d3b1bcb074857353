"""URLs of the registry: bodies/, organizations/ and people/ (mounted at the site root)."""

from django.urls import path

from . import views, views_organizations, views_people
from .views_excel import urlpatterns as excel_urlpatterns
from .views_files import urlpatterns as file_urlpatterns

app_name = "registry"
urlpatterns = [
    # bodies (产教融合体)
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/history/", views.body_history, name="body_history"),
    path("bodies/<int:pk>/declared/add/", views.declared_count_add, name="declared_count_add"),
    path("bodies/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("bodies/<int:pk>/members/<int:mpk>/edit/", views.member_edit, name="member_edit"),
    path("bodies/<int:pk>/members/<int:mpk>/remove/", views.member_remove, name="member_remove"),
    path("bodies/<int:pk>/terms/add/", views.term_add, name="term_add"),
    path("bodies/<int:pk>/committees/add/", views.committee_add, name="committee_add"),
    path("bodies/<int:pk>/committees/<int:cpk>/seats/add/", views.seat_add, name="seat_add"),
    path("bodies/<int:pk>/charters/add/", views.charter_add, name="charter_add"),
    # organisations (单位)
    path("organizations/", views_organizations.organization_list, name="organization_list"),
    path(
        "organizations/options/",
        views_organizations.organization_options,
        name="organization_options",
    ),
    path("organizations/new/", views_organizations.organization_create, name="organization_create"),
    path(
        "organizations/<int:pk>/",
        views_organizations.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<int:pk>/edit/",
        views_organizations.organization_edit,
        name="organization_edit",
    ),
    path(
        "organizations/<int:pk>/history/",
        views_organizations.organization_history,
        name="organization_history",
    ),
    # people (人员)
    path("people/", views_people.person_list, name="person_list"),
    path("people/new/", views_people.person_create, name="person_create"),
    path("people/<int:pk>/", views_people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views_people.person_edit, name="person_edit"),
    path("people/<int:pk>/history/", views_people.person_history, name="person_history"),
    path("people/<int:pk>/positions/add/", views_people.position_add, name="position_add"),
]

urlpatterns += excel_urlpatterns + file_urlpatterns
