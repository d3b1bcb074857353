"""Filters of the annual report's templates: figures printed as the .docx prints them."""

from django import template

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
