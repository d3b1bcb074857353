"""Records the schemathesis run (core/tests/test_api_schemathesis.py) needs for golds's
endpoints: seed(**records) creates them and returns the path parameters per resource."""

from __future__ import annotations

from typing import Any


def seed(**records: Any) -> dict[str, dict[str, Any]]:
    """records: body, member_org, enterprise, secretariat_user, admin_user, event,
    agreement, committee (see the seeded fixture).

    The body's programme with its five categories (run by the seeded committee) and a
    submitted nomination of ``member_org`` with its evidence file stored."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from chanjiao.golds.models import GoldsCategory, GoldsNomination, GoldsProgramme, Kind

    programme = GoldsProgramme.objects.create(body=records["body"], name="五金建设")
    for kind in Kind.values:
        GoldsCategory.objects.create(programme=programme, kind=kind, committee=records["committee"])
    category = programme.categories.get(kind="course")
    nomination = GoldsNomination(
        category=category, organization=records["member_org"], year=2025, name="数控课程",
        status="submitted", submitted_at=timezone.now(),
    )  # fmt: skip
    nomination.evidence.save("佐证.pdf", ContentFile(b"%PDF-1.4 golds"), save=False)
    nomination.evidence_name = "佐证.pdf"
    nomination.save()
    return {
        "golds-programmes": {"id": programme.pk},
        "golds-categories": {"id": category.pk},
        "golds-nominations": {"id": nomination.pk},
    }
