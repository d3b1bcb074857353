"""Records the schemathesis run (core/tests/test_api_schemathesis.py) needs for registry's
endpoints: seed(**records) creates them and returns the path parameters per resource."""

from __future__ import annotations

from typing import Any


def seed(**records: Any) -> dict[str, dict[str, Any]]:
    """records: body, member_org, enterprise, secretariat_user, admin_user, event,
    agreement, committee (see the seeded fixture).

    A seat on the committee (held by the member unit) and a charter version of the body with
    its file stored, for the seat and charter endpoints."""
    from django.core.files.base import ContentFile

    from chanjiao.registry.models import Charter, CommitteeSeat

    seat = CommitteeSeat.objects.create(
        committee=records["committee"], organization=records["member_org"], role="director"
    )
    charter = Charter(body=records["body"], version="2024", adopted_on="2024-05-20")
    charter.file.save("章程.pdf", ContentFile(b"%PDF-1.4 charter"), save=False)
    charter.save()
    return {"bodies": {"seat_id": seat.pk, "charter_id": charter.pk}}
