"""What the registry's API modules share: the router and which related bodies to show."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router

from chanjiao.core.api import actor

from ..models import Body, Charter, Term
from ..selectors import visible_bodies

router = Router()

COUNT = {"ge": 0, "le": 2147483647}


def bodies_seen(request: HttpRequest, *parent) -> QuerySet[Body]:
    """The bodies the request's actor may see: those an input may name."""
    return visible_bodies(actor(request))


def terms_seen(request: HttpRequest, *parent) -> QuerySet[Term]:
    """The terms of the bodies the request's actor may see: those an input may name (a term of
    a body out of sight is refused as an unknown id is)."""
    return Term.objects.filter(body__in=visible_bodies(actor(request)))


def charters_seen(request: HttpRequest, *parent) -> QuerySet[Charter]:
    """The charter versions of the bodies the request's actor may see: those an input may
    name."""
    return Charter.objects.filter(body__in=visible_bodies(actor(request)))


def only_visible_bodies(request: HttpRequest, bodies: list[Body]) -> list[Body]:
    """The bodies among ``bodies`` the request's actor may see: unpublished ones stay hidden
    when they appear as a related object (an event's holder, a body's parent).

    Answers are remembered on the request, so a page of events costs one query, not one each.
    """
    known: dict[int, bool] = request.__dict__.setdefault("_cj_body_visible", {})
    # Bodies loaded through a prefetch that checked or marked their visibility (see the event
    # selectors) need no query.
    known.update({b.pk: bool(b.cj_visible) for b in bodies if hasattr(b, "cj_visible")})
    unknown = [b.pk for b in bodies if b.pk not in known]
    if unknown:
        seen = set(
            visible_bodies(actor(request)).filter(pk__in=unknown).values_list("pk", flat=True)
        )
        known.update({pk: pk in seen for pk in unknown})
    return [b for b in bodies if known[b.pk]]
