"""URLs of the registry: bodies/, organizations/ and people/ (mounted at the site root)."""

from django.urls import path

from chanjiao.core.routes import record_paths

from . import lookups, views, views_council, views_organizations, views_people
from .views_excel import urlpatterns as excel_urlpatterns
from .views_files import urlpatterns as file_urlpatterns

app_name = "registry"
urlpatterns = [
    # bodies (产教融合体)
    *record_paths("bodies/", views, "body"),
    path("bodies/<int:pk>/declared/add/", views.declared_count_add, name="declared_count_add"),
    path("bodies/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("bodies/<int:pk>/members/<int:mpk>/edit/", views.member_edit, name="member_edit"),
    path("bodies/<int:pk>/members/<int:mpk>/remove/", views.member_remove, name="member_remove"),
    path("bodies/<int:pk>/terms/add/", views.term_add, name="term_add"),
    path("bodies/<int:pk>/committees/add/", views.committee_add, name="committee_add"),
    path("bodies/<int:pk>/committees/<int:cpk>/seats/add/", views.seat_add, name="seat_add"),
    path("bodies/<int:pk>/charters/add/", views.charter_add, name="charter_add"),
    # changing the council's records (views_council.py)
    path(
        "bodies/<int:pk>/declared/<int:item>/edit/",
        views_council.declared_count_edit,
        name="declared_count_edit",
    ),
    path("bodies/<int:pk>/terms/<int:item>/edit/", views_council.term_edit, name="term_edit"),
    path(
        "bodies/<int:pk>/committees/<int:item>/edit/",
        views_council.committee_edit,
        name="committee_edit",
    ),
    path(
        "bodies/<int:pk>/committees/<int:cpk>/seats/<int:spk>/edit/",
        views_council.seat_edit,
        name="seat_edit",
    ),
    path(
        "bodies/<int:pk>/committees/<int:cpk>/seats/<int:spk>/remove/",
        views_council.seat_remove,
        name="seat_remove",
    ),
    path(
        "bodies/<int:pk>/charters/<int:item>/edit/",
        views_council.charter_edit,
        name="charter_edit",
    ),
    path(
        "bodies/<int:pk>/charters/<int:item>/remove/",
        views_council.charter_remove,
        name="charter_remove",
    ),
    # organisations (单位)
    *record_paths("organizations/", views_organizations, "organization"),
    # the pickers' look-ups (core.widgets.SearchSelect), JSON
    path("organizations/lookup/", lookups.organization_lookup, name="organization_lookup"),
    path("people/lookup/", lookups.person_lookup, name="person_lookup"),
    # people (人员)
    *record_paths("people/", views_people, "person"),
    path("people/<int:pk>/positions/add/", views_people.position_add, name="position_add"),
]

urlpatterns += excel_urlpatterns + file_urlpatterns
