"""The events and cooperation panels of the registry's pages (a body's, a unit's, a person's),
and the cooperation records on an event's page.

The registry sits below events and cooperation, so its pages do not read them; these providers
do, and :class:`~chanjiao.reports.apps.ReportsConfig` registers them with
:mod:`chanjiao.core.panels` at start. The keys are the ones the registry templates read.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from chanjiao.accounts.permissions import can_read_round
from chanjiao.cooperation.selectors import agreement_list, carrier_list
from chanjiao.core import panels
from chanjiao.events.selectors import body_events, organization_participations, person_agenda_items
from chanjiao.golds.permissions import can_run_programme
from chanjiao.golds.selectors import golds_programme_list

#: Rows of a unit's events, agreements and carriers on its page.
ORGANIZATION_LIST_LENGTH = 50


def body_panels(*, actor, body, limit: int) -> dict[str, Any]:
    """A body's latest ``limit`` events (and how many the actor may see), agreements and
    carriers; the page links to the full lists."""
    events, events_total = body_events(actor=actor, body=body.pk, limit=limit)
    last_year = timezone.localdate().year - 1
    return {
        # The annual report, for those who may read it (the secretariat, the supervisor).
        "annual_report_url": reverse("annual_report", args=[body.pk, last_year])
        if can_read_round(actor, body)
        else None,
        "plans_url": reverse("plan_list", args=[body.pk]),
        "chains_url": reverse("chain_alignment") + f"?body={body.pk}",
        "meetings_url": reverse("governance:meeting_list", args=[body.pk]),
        "resolutions_url": reverse("governance:published_resolutions", args=[body.pk]),
        "apply_url": reverse("governance:apply", args=[body.pk]) if body.is_published else None,
        "applications_url": reverse("governance:application_list", args=[body.pk]),
        # 五金建设: once the body runs it, or for who may start it (else the page is a 404).
        "golds_url": reverse("golds:programme", args=[body.pk])
        if can_run_programme(actor, body)
        or golds_programme_list(actor=actor, body=body.pk).exists()
        else None,
        "events": events,
        "events_total": events_total,
        "agreements": agreement_list(actor=actor, body=body.pk)[:limit],
        "carriers": carrier_list(actor=actor, body=body.pk)[:limit],
    }


def organization_panels(*, actor, organization) -> dict[str, Any]:
    """The events a unit took part in, and the agreements and carriers it is a party to."""
    return {
        "participations": organization_participations(actor=actor, organization=organization)[
            :ORGANIZATION_LIST_LENGTH
        ],
        "agreements": agreement_list(actor=actor, organization=organization.pk)[
            :ORGANIZATION_LIST_LENGTH
        ],
        "carriers": carrier_list(actor=actor, organization=organization.pk)[
            :ORGANIZATION_LIST_LENGTH
        ],
    }


def person_panels(*, actor, person) -> dict[str, Any]:
    """A person's speeches and reports at events."""
    return {"agenda_items": person_agenda_items(actor=actor, person=person)}


def event_panels(*, actor) -> dict[str, Any]:
    """What an event's ceremonies produced, as far as the actor may see it: the agreements and
    carriers (the events app sits below cooperation, so its pages do not read them)."""
    return {
        "ceremony_agreements": agreement_list(actor=actor),
        "ceremony_carriers": carrier_list(actor=actor),
    }


def register() -> None:
    panels.register("events.event_detail", event_panels)
    panels.register("registry.body_detail", body_panels)
    panels.register("registry.organization_detail", organization_panels)
    panels.register("registry.person_detail", person_panels)
