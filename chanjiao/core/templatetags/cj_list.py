"""Template tags of the list mechanism (:mod:`chanjiao.core.listing`).

``{% sort_th "name" %}`` renders a table header that sorts the list by the column named
``name`` of the page's ``list_spec``: a link to the same page with ``?sort=name`` (or
``-name`` when already sorted ascending), keeping every filter and dropping ``page``. A column
that does not sort renders as a plain header. ``{% export_url %}`` is the current list as .xlsx.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


def _query(request, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.simple_tag(takes_context=True)
def sort_th(context, key: str, css_class: str = "", label=None):
    """A sortable ``<th>`` for column ``key`` of ``list_spec`` (see the module doc)."""
    spec = context.get("list_spec")
    request = context.get("request")
    column = spec.column(key) if spec else None
    text = label if label is not None else (column.label if column else key)
    if column is None or not column.sort or request is None:
        return format_html('<th scope="col" class="{}">{}</th>', css_class, text)
    current = spec.sort_param(request)
    if current == key:
        state, target, icon = "ascending", f"-{key}", "bi-caret-up-fill"
    elif current == f"-{key}":
        state, target, icon = "descending", key, "bi-caret-down-fill"
    else:
        state, target, icon = "none", key, "bi-chevron-expand"
    hint = _("按此列排序")
    return format_html(
        '<th scope="col" class="{} cj-sortable" aria-sort="{}">'
        '<a class="cj-sort-link text-reset text-decoration-none" href="{}" title="{}">{}'
        ' <i class="bi {} small text-body-secondary" aria-hidden="true"></i></a></th>',
        css_class,
        state,
        _query(request, sort=target, page=None, format=None),
        hint,
        text,
        icon,
    )


@register.simple_tag(takes_context=True)
def export_url(context) -> str:
    """The current list (same filters and sort, every page) as an .xlsx download."""
    request = context.get("request")
    if request is None:
        return "?format=xlsx"
    return _query(request, format="xlsx", page=None)
