"""The permission matrix's rows for cooperation (see test_permission_matrix.py, which walks them).

Carrier milestones and figures: the body's secretariat, the owner units' contacts and admins
(``coop_carrier`` is owned by ``member_org``, whose contact is ``contact``; ``carrier`` has no
owner). Agreement acts and uploads: the body's secretariat and admins. Agreement documents: the
parties' contacts, the body's secretariat and admins (``party_agreement`` has ``member_org`` as
a party; ``agreement`` has none) — not the supervisor, who reads the agreement itself.
"""

from __future__ import annotations

from typing import Any

from .test_permission_matrix import (
    READERS,
    SEC,
    UNIT_OR_SEC,
    Row,
    _p,
)

UNIT_READERS = READERS | {"contact"}  # the unpublished body's readers and the owner's contact

API_WRITES: list[Row] = [
    # milestones (里程碑): the owner unit's contact too
    Row(
        "POST /carriers/{id}/milestones",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/milestones"),
        lambda w: {"kind": "base_built", "done_on": "2024-05-01"},
    ),
    Row(
        "POST /carriers/{id}/milestones",
        SEC,
        _p("/carriers/{carrier}/milestones"),
        lambda w: {"kind": "founded", "done_on": "2024-05-01"},
        note="a carrier without owners",
    ),
    Row(
        "PATCH /carriers/{id}/milestones/{milestone_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/milestones/{milestone}"),
        lambda w: {"note": "改"},
    ),
    Row(
        "PUT /carriers/{id}/milestones/{milestone_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/milestones/{milestone}"),
        lambda w: {"kind": "equipment", "done_on": "2024-06-01"},
    ),
    Row(
        "DELETE /carriers/{id}/milestones/{milestone_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/milestones/{milestone}"),
    ),
    Row(
        "POST /carriers/{id}/evidence/{milestone_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/evidence/{milestone}"),
        note="no file sent: the allowed get 422 after the check",
        gate_only=True,
    ),
    # yearly figures (年度数据)
    Row(
        "POST /carriers/{id}/figures",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/figures"),
        lambda w: {"year": 2023, "students": 100},
    ),
    Row(
        "PATCH /carriers/{id}/figures/{figure_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/figures/{figure}"),
        lambda w: {"students": 130},
    ),
    Row(
        "PUT /carriers/{id}/figures/{figure_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/figures/{figure}"),
        lambda w: {"year": 2024, "teachers": 9},
    ),
    Row(
        "DELETE /carriers/{id}/figures/{figure_id}",
        UNIT_OR_SEC,
        _p("/carriers/{coop_carrier}/figures/{figure}"),
    ),
    # the acts on an agreement: the secretariat (a party's contact neither)
    Row("POST /agreements/{id}/sign", SEC, _p("/agreements/{draft_agreement}/sign"), lambda w: {}),
    Row(
        "POST /agreements/{id}/renew",
        SEC,
        _p("/agreements/{party_agreement}/renew"),
        lambda w: {"starts_on": "2027-01-01", "ends_on": "2029-12-31"},
    ),
    Row(
        "POST /agreements/{id}/terminate",
        SEC,
        _p("/agreements/{party_agreement}/terminate"),
        lambda w: {"reason": "企业转产"},
    ),
    Row(
        "POST /agreements/{id}/documents",
        SEC,
        _p("/agreements/{party_agreement}/documents"),
        note="no file sent: the allowed get 422 after the check",
        gate_only=True,
    ),
]

API_READS: list[Row] = [
    Row("GET /carriers/{id}/milestones", UNIT_READERS, _p("/carriers/{coop_carrier}/milestones")),
    Row(
        "GET /carriers/{id}/milestones/{milestone_id}",
        UNIT_READERS,
        _p("/carriers/{coop_carrier}/milestones/{milestone}"),
    ),
    Row(
        "GET /carriers/{id}/evidence/{milestone_id}",
        UNIT_READERS,
        _p("/carriers/{coop_carrier}/evidence/{milestone}"),
    ),
    Row("GET /carriers/{id}/figures", UNIT_READERS, _p("/carriers/{coop_carrier}/figures")),
    Row(
        "GET /carriers/{id}/figures/{figure_id}",
        UNIT_READERS,
        _p("/carriers/{coop_carrier}/figures/{figure}"),
    ),
    # documents: the parties' contacts, the secretariat, admins (not the supervisor)
    Row(
        "GET /agreements/{id}/documents",
        UNIT_OR_SEC,
        _p("/agreements/{party_agreement}/documents"),
    ),
    Row(
        "GET /agreements/{id}/documents/{version}",
        UNIT_OR_SEC,
        lambda w: f"/api/v1/agreements/{w['party_agreement'].pk}/documents/1",
    ),
    Row(
        "GET /agreements/{id}/documents/{version}",
        SEC,
        lambda w: f"/api/v1/agreements/{w['agreement'].pk}/documents/1",
        note="an agreement without parties",
    ),
]
#: GET operations that are not private reads (public registers).
PUBLIC_API_READS: set[str] = set()
#: Pages that write nothing and show only what the selectors scope.
READ_ONLY_PAGES: set[str] = set()


def extend_world(w: dict[str, Any]) -> None:
    """Add the records these rows need to the matrix's world."""
    from django.core.files.base import ContentFile

    from chanjiao.cooperation.models import CarrierFigure, CarrierMilestone
    from chanjiao.cooperation.tests.factories import AgreementFactory, CarrierFactory

    body, member_org = w["body"], w["member_org"]
    w["coop_carrier"] = CarrierFactory(name="本体共建学院", body=body, owners=[member_org])
    milestone = CarrierMilestone(carrier=w["coop_carrier"], kind="base_built", done_on="2024-03-01")
    milestone.evidence.save("验收.pdf", ContentFile(b"%PDF-1.4 evidence"), save=False)
    milestone.evidence_name = "验收.pdf"
    milestone.save()
    w["milestone"] = milestone
    w["figure"] = CarrierFigure.objects.create(carrier=w["coop_carrier"], year=2024, students=80)
    w["party_agreement"] = AgreementFactory(
        title="成员单位协议", body=body, parties=[member_org], status="in_force"
    )
    w["party_agreement"].documents.create(
        version=1, file=ContentFile(b"%PDF-1.4 party", name="协议.pdf")
    )
    w["draft_agreement"] = AgreementFactory(title="拟定协议", body=body, status="draft")
    w["doc_version"] = "1"


def pages() -> list:
    """This app's page rows (Page is defined after the API rows, hence a function)."""
    from .test_permission_matrix import Page, _served

    coop = ("coop_carrier",)
    return [
        Page("cooperation:milestone_add", UNIT_OR_SEC, coop),
        Page("cooperation:milestone_add", SEC, ("carrier",), note="a carrier without owners"),
        Page("cooperation:milestone_edit", UNIT_OR_SEC, ("coop_carrier", "milestone")),
        Page("cooperation:milestone_delete", UNIT_OR_SEC, ("coop_carrier", "milestone")),
        Page(
            "cooperation:milestone_evidence",
            UNIT_READERS,
            ("coop_carrier", "milestone"),
            check=_served,
        ),
        Page("cooperation:figure_add", UNIT_OR_SEC, coop),
        Page("cooperation:figure_edit", UNIT_OR_SEC, ("coop_carrier", "figure")),
        Page("cooperation:figure_delete", UNIT_OR_SEC, ("coop_carrier", "figure")),
        Page("cooperation:agreement_sign", SEC, ("draft_agreement",)),
        Page("cooperation:agreement_renew", SEC, ("party_agreement",)),
        Page("cooperation:agreement_terminate", SEC, ("party_agreement",)),
        Page("cooperation:agreement_document_upload", SEC, ("party_agreement",)),
        Page(
            "cooperation:agreement_document_version",
            UNIT_OR_SEC,
            ("party_agreement", "doc_version"),
            check=_served,
        ),
        Page(
            "cooperation:agreement_document",
            UNIT_OR_SEC,
            ("party_agreement",),
            check=_served,
            note="a party's contact",
        ),
    ]
