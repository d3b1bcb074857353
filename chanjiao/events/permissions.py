"""Permission checks that read events' data (the general rule: chanjiao.accounts.permissions)."""

from __future__ import annotations

from chanjiao.accounts.permissions import is_platform_admin, secretariat_body_ids


def can_delete_event(user, event) -> bool:
    """Delete an event: an admin, or a secretariat that runs every body holding it. A
    co-holder's secretariat may only remove its own body from the holders (an edit)."""
    if is_platform_admin(user):
        return True
    holders = set(event.bodies.values_list("pk", flat=True))
    return bool(holders) and holders <= secretariat_body_ids(user)
