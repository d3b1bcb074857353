"""The permission matrix's rows for cooperation (see test_permission_matrix.py, which walks them)."""

from __future__ import annotations

from typing import Any

from .test_permission_matrix import Row  # noqa: F401  (the rows below are of this shape)

API_WRITES: list[Row] = []
API_READS: list[Row] = []
#: GET operations that are not private reads (public registers).
PUBLIC_API_READS: set[str] = set()
#: Pages that write nothing and show only what the selectors scope.
READ_ONLY_PAGES: set[str] = set()


def extend_world(w: dict[str, Any]) -> None:
    """Add the records these rows need to the matrix's world."""


def pages() -> list:
    """This app's page rows (Page is defined after the API rows, hence a function)."""
    return []
