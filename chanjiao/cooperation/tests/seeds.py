"""Records the schemathesis run (core/tests/test_api_schemathesis.py) needs for cooperation's
endpoints: seed(**records) creates them and returns the path parameters per resource."""

from __future__ import annotations

from typing import Any


def seed(**records: Any) -> dict[str, dict[str, Any]]:
    """records: body, member_org, enterprise, secretariat_user, admin_user, event,
    agreement, committee (see the seeded fixture).

    A carrier of the body owned by both units, with a milestone (its evidence stored) and a
    year's figures; the agreement's text as version 1."""
    from django.core.files.base import ContentFile

    from chanjiao.cooperation.models import CarrierFigure, CarrierMilestone
    from chanjiao.cooperation.tests.factories import CarrierFactory

    carrier = CarrierFactory(
        name="数控技术产业学院", body=records["body"],
        owners=[records["member_org"], records["enterprise"]],
    )  # fmt: skip
    milestone = CarrierMilestone(carrier=carrier, kind="base_built", done_on="2024-03-01")
    milestone.evidence.save("验收.pdf", ContentFile(b"%PDF-1.4 evidence"), save=False)
    milestone.evidence_name = "验收.pdf"
    milestone.save()
    figure = CarrierFigure.objects.create(carrier=carrier, year=2024, students=120)
    records["agreement"].documents.create(
        version=1, file=ContentFile(b"%PDF-1.4 agreement", name="协议.pdf")
    )
    return {
        "carriers": {"id": carrier.pk, "milestone_id": milestone.pk, "figure_id": figure.pk},
        "agreements": {"version": 1},
    }
