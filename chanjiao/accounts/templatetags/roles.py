"""Template filters that ask the permission rule (:mod:`chanjiao.accounts.permissions`) what a
page may offer the reader: ``{% load roles %}``."""

from django import template

from chanjiao.accounts.permissions import can_ingest, can_supervise

register = template.Library()


@register.filter
def may_ingest(user) -> bool:
    """Whether the news-ingest page is for this user (admins and secretariats)."""
    return can_ingest(user)


@register.filter
def may_supervise(user) -> bool:
    """Whether the supervisor's cross-body view is for this user (admins and supervising
    departments)."""
    return can_supervise(user)
