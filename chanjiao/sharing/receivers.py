"""What sharing does when an account's access ends (:data:`chanjiao.accounts.signals.access_ended`).

A calendar feed's address is its credential (:mod:`chanjiao.sharing.feeds`): whoever copied it
reads the feed without signing in. So when an account stops being a unit's contact, or a body's
secretariat, or is switched off or handed to a successor through a reset link, the feeds it
could read get new addresses and the old ones stop working:

- a unit it was the contact of: the unit's calendar (单位预约日历) and every resource the unit
  offers (in any body);
- a body whose secretariat it was: every resource offered in the body.

Each new address is written to the change log as a reset of the feed is, under the name of
whoever ended the access. The unit's other contacts and the resources' managers find the new
address on the calendar page.
"""

from __future__ import annotations

from django.db.models import Q
from django.dispatch import receiver

from chanjiao.accounts.signals import access_ended

from .models import Resource, UnitCalendar
from .services import feed_renew


@receiver(access_ended, dispatch_uid="sharing.feeds_follow_access")
def feeds_follow_access(sender, *, actor, account, body_ids, organization_ids, **kwargs) -> int:
    """Give new addresses to the feeds the account could read; returns how many."""
    if not (body_ids or organization_ids):
        return 0
    resources = Resource.objects.filter(
        Q(body_id__in=body_ids) | Q(owner_id__in=organization_ids)
    ).select_related("body")
    calendars = UnitCalendar.objects.filter(organization_id__in=organization_ids).select_related(
        "organization"
    )
    count = 0
    for resource in resources:
        feed_renew(resource, actor=actor, related=resource.body)
        count += 1
    for calendar in calendars:
        feed_renew(calendar, actor=actor, related=calendar.organization)
        count += 1
    return count
