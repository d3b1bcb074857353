"""Template filters that ask the permission rule (:mod:`chanjiao.accounts.permissions`) what a
page may offer the reader: ``{% load roles %}``."""

from django import template

from chanjiao.accounts.permissions import can_ingest

register = template.Library()


@register.filter
def may_ingest(user) -> bool:
    """Whether the news-ingest page is for this user (admins and secretariats)."""
    return can_ingest(user)
