"""Items in running text, with the separators of the reader's language: names one after another
(甲、乙、丙; "A, B, C") and messages one after another (一；二; "one; two")."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


def listed(items: Iterable[object]) -> str:
    """Names one after another: 甲、乙 in Chinese, "A, B" in English."""
    return _("、").join(str(item) for item in items)


def sentences(items: Iterable[object]) -> str:
    """Messages one after another: 一；二 in Chinese, "one; two" in English."""
    return _("；").join(str(item) for item in items)
