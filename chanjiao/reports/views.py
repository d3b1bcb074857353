"""Pages that gather from several domains: the landing page (首页) and a body's events as
.xlsx (under the body's address)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import is_platform_admin, secretariat_body_ids
from chanjiao.cooperation.selectors import agreement_list, carrier_list
from chanjiao.core.listing import xlsx_response
from chanjiao.events.exports import events_to_xlsx
from chanjiao.events.selectors import event_list
from chanjiao.registry.selectors import body_detail, body_list, organization_list, person_list

from .todo import todo_for


def home(request):
    """首页: the signed-in user's to-do list (待办事项), counts, the newest events and the bodies
    the visitor may see."""
    actor = request.user
    bodies = body_list(actor=actor).select_related("approved_by").order_by("-founded_on", "name")
    events = event_list(actor=actor)
    context = {
        "title": None,
        "counts": {
            "bodies": bodies.count(),
            "organizations": organization_list(actor=actor).count(),
            "people": person_list(actor=actor).count(),
            "events": events.count(),
            "agreements": agreement_list(actor=actor).count(),
            "carriers": carrier_list(actor=actor).count(),
        },
        "recent_events": events[:6],
        "bodies": bodies[:12],
        "my_body_ids": secretariat_body_ids(actor),
        "is_admin": is_platform_admin(actor),
        "todo": todo_for(actor),
    }
    return render(request, "reports/home.html", context)


def body_events_export(request, pk: int):
    """The body's events as .xlsx (``/bodies/<id>/events/export.xlsx``)."""
    body = body_detail(actor=request.user, pk=pk)
    today = timezone.localdate().isoformat()
    return xlsx_response(
        events_to_xlsx(body, actor=request.user),
        filename=_("%(body)s-活动-%(day)s.xlsx") % {"body": body.name, "day": today},
        fallback=f"body-{body.pk}-events-{today}.xlsx",
    )
