"""Template helpers used by every page: optional URLs, meter widths, role ordering."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from chanjiao.core.validators import ascii_digits
from chanjiao.core.words import plain_number

register = template.Library()


@register.simple_tag
def url_or_none(name: str, *args, **kwargs) -> str | None:
    """The URL of ``name``, or None when it does not exist (yet): ``{% url_or_none … as x %}``.

    Pages link to features other apps provide (e.g. the Excel import) only when they exist.
    """
    try:
        return reverse(name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


@register.filter
def percent(part, whole) -> int:
    """``part`` as a whole percentage of ``whole`` (0 when ``whole`` is empty), capped at 100."""
    try:
        part, whole = int(part or 0), int(whole or 0)
    except (TypeError, ValueError):
        return 0
    if whole <= 0:
        return 0
    return min(round(100 * part / whole), 100)


@register.filter
def plain(value) -> str:
    """A number as people write it: ``96`` for a stored ``96.0``, ``12.5``; "—" when unknown."""
    if value is None or value == "":
        return "—"
    return plain_number(value)


@register.filter
def lines(text: str | None) -> list[str]:
    """Non-empty lines of ``text`` (aliases are stored one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def sub(value, arg) -> int:
    """``value - arg`` for integers (0 when either is missing)."""
    try:
        return int(value or 0) - int(arg or 0)
    except (TypeError, ValueError):
        return 0


@register.filter
def title_at(title: str | None, organization) -> str:
    """A title as written beside its organisation, without repeating the organisation's name.

    Articles write “中国机械工业联合会教育培训部主任”; shown after the organisation's own name
    (or one of its aliases) that prefix would read twice.
    """
    title = (title or "").strip()
    if organization is None:
        return title
    names = [organization.name, organization.short_name, *organization.alias_list]
    for name in sorted(filter(None, names), key=len, reverse=True):
        if title.startswith(name) and len(title) > len(name):
            return title[len(name) :]
    return title


@register.filter
def ingest_url(article_id: str) -> str | None:
    """The review page of the article a change came from (change source ``ingest:<id>``)."""
    return (
        url_or_none("ingest:article_review", int(article_id)) if ascii_digits(article_id) else None
    )
