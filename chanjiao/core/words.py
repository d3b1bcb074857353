"""Items in running text, with the separators of the reader's language: names one after another
(甲、乙、丙; "A, B, C"), messages one after another (一；二; "one; two"), a name with a word
about it (甲（代理）; "A (proxy)"); and a number as people write it (1200, not 1.2E+3)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _


def listed(items: Iterable[object]) -> str:
    """Names one after another: 甲、乙 in Chinese, "A, B" in English."""
    return _("、").join(str(item) for item in items)


def sentences(items: Iterable[object]) -> str:
    """Messages one after another: 一；二 in Chinese, "one; two" in English."""
    return _("；").join(str(item) for item in items)


def aside(name: object, detail: object) -> str:
    """A name with a word about it: 张三（代理）in Chinese, "Zhang San (proxy)" in English."""
    return _("%(name)s（%(detail)s）") % {"name": name, "detail": detail}


def plain_number(value: Decimal | float | int | str) -> str:
    """``1200``, ``12.5``: a number as people write it, for a form box or a sentence: no
    exponent (``Decimal("1200.00").normalize()`` is ``1.2E+3``) and no trailing zeros (a
    stored ``96.0`` reads ``96``)."""
    return f"{Decimal(str(value)).normalize():f}"
