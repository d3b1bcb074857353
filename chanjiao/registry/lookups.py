"""Look-up endpoints of the pickers (core.widgets.SearchSelect): a page of matches as JSON.

``GET /organizations/lookup/?q=江铃&page=1`` →
``{"results": [{"id": 7, "text": "江铃汽车股份有限公司（江铃）"}], "page": 1, "more": false}``.

Signed-in readers only (a form's picker is behind a sign-in anyway); names, short names and a
person's unit only — never a contact, a phone or a note. A unit is searched the way the
organisations list searches (``selectors.ORGANIZATION_SEARCH``: names, aliases, credit codes,
in Traditional or Simplified characters); a person the way the people list does.
"""

from __future__ import annotations

from django.db.models import F
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chanjiao.core.forms import SearchForm
from chanjiao.core.validators import as_id
from chanjiao.core.words import aside

from . import selectors
from .models import Membership, Organization, Position

#: Matches per page: a select the reader scans, not a list to read through.
PAGE_SIZE = 20
#: Pages beyond this are not served: a search this broad is narrowed by more words.
LAST_PAGE = 50


def _refused():
    return JsonResponse({"detail": _("请先登录")}, status=401)


def _window(request) -> tuple[int, int]:
    """The page asked for (1 when missing or not a number) and its first row's offset."""
    page = min(max(as_id(request.GET.get("page")) or 1, 1), LAST_PAGE)
    return page, (page - 1) * PAGE_SIZE


def _answer(page: int, rows: list, text) -> JsonResponse:
    more = len(rows) > PAGE_SIZE and page < LAST_PAGE
    results = [{"id": row.pk, "text": text(row)} for row in rows[:PAGE_SIZE]]
    return JsonResponse({"results": results, "page": page, "more": more})


@require_GET
def organization_lookup(request):
    """Units matching ``?q=``, by name; ``?kind=`` (repeated) keeps those kinds and
    ``?member_of=<body>`` a visible body's current member units, as the picker's field does."""
    if not request.user.is_authenticated:
        return _refused()
    actor = request.user
    qs = selectors.organization_list(actor=actor, **SearchForm(request.GET).filters())
    kinds = [k for k in request.GET.getlist("kind") if k in Organization.Kind.values]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if "member_of" in request.GET:
        members = Membership.objects.current().filter(
            body_id=as_id(request.GET.get("member_of")),
            body__in=selectors.visible_bodies(actor),
        )
        qs = qs.filter(pk__in=members.values("organization_id"))
    page, start = _window(request)
    rows = list(
        qs.order_by("name", "pk").only("pk", "name", "short_name")[start : start + PAGE_SIZE + 1]
    )
    return _answer(
        page, rows, lambda org: aside(org.name, org.short_name) if org.short_name else org.name
    )


@require_GET
def person_lookup(request):
    """People matching ``?q=`` (names and the titles they hold), each with a unit they work in,
    so two of the same name can be told apart."""
    if not request.user.is_authenticated:
        return _refused()
    qs = selectors.person_list(actor=request.user, **SearchForm(request.GET).filters())
    page, start = _window(request)
    rows = list(
        qs.prefetch_related(None)
        .order_by("name", "pk")
        .only("pk", "name")[start : start + PAGE_SIZE + 1]
    )
    units: dict[int, str] = {}
    positions = (
        Position.objects.filter(person__in=[p.pk for p in rows[:PAGE_SIZE]])
        .select_related("organization")
        # An open position (no end) first, then the latest ended one.
        .order_by("person_id", F("until").desc(nulls_first=True), "-since", "pk")
    )
    for position in positions:
        org = position.organization
        units.setdefault(position.person_id, org.short_name or org.name)
    return _answer(page, rows, lambda p: aside(p.name, units[p.pk]) if p.pk in units else p.name)
