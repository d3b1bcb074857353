"""Filters of the annual report's templates: figures printed as the .docx prints them."""

from django import template

from chanjiao.reports.annual import local_name as _local_name
from chanjiao.reports.documents import change, number

register = template.Library()


@register.filter
def figure(value):
    """``1,200`` or ``85.5``; "—" when unknown."""
    return number(value)


@register.filter
def signed(value):
    """A change with its sign: ``+3``, ``-1``, ``0``; "—" when unknown."""
    return change(value)


@register.filter
def total(pairs):
    """The sum of the counts of ``(label, count)`` pairs."""
    return sum(n for _label, n in pairs)


@register.filter
def local_name(obj):
    """A body's or a unit's name in the reader's language (its English name for an English
    reader, when recorded)."""
    return _local_name(obj)
