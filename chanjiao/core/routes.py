"""URL patterns every kind of record has, written once."""

from __future__ import annotations

from types import ModuleType

from django.urls import URLPattern, path


def record_paths(prefix: str, views: ModuleType, name: str) -> list[URLPattern]:
    """The five pages of a kind of record under ``prefix`` (``"cohorts/"``): its list, the
    form for a new one, one record, its edit form and its history, served by the views
    ``<name>_list``, ``<name>_create``, ``<name>_detail``, ``<name>_edit`` and
    ``<name>_history`` of ``views`` under the URL names of the same spelling."""
    pages = (
        ("", "list"),
        ("new/", "create"),
        ("<int:pk>/", "detail"),
        ("<int:pk>/edit/", "edit"),
        ("<int:pk>/history/", "history"),
    )
    return [
        path(f"{prefix}{suffix}", getattr(views, f"{name}_{page}"), name=f"{name}_{page}")
        for suffix, page in pages
    ]
