"""The permission matrix's rows for golds (see test_permission_matrix.py, which walks them).

The world: ``body``'s five-golds committee (``golds_committee``), on which ``other_org`` holds
a seat — so ``other_contact`` is a committee member and reviews; ``body``'s programme with its
five categories run by that committee (``golds_category`` is the courses'); ``member_org``'s
draft (``golds_draft``), its submitted nomination with an evidence file (``golds_submitted``)
and a recognised result (``golds_result``). ``body`` is unpublished: its programme is seen by
its readers, its member units' contacts and the committee's members; nominations in progress
by the unit, the committee and the secretariat; drafts not by the committee.
"""

from __future__ import annotations

import io
from typing import Any

from .test_permission_matrix import EVERYONE, OTHER_SEC, SEC, UNIT_OR_SEC, Row, _listed, _p

#: The committee's member, the body's secretariat, admins.
REVIEWERS = frozenset({"other_contact", "sec", "admin"})
#: Who reads a nomination in progress: the unit, the committee, the secretariat, admins.
INSIDERS = REVIEWERS | {"contact"}
#: Who sees the programme: the body's readers, its member's contact, the committee's member.
PROGRAMME_READERS = EVERYONE - {"anon", "other_sec"}
#: Who reads a recognised result of the unpublished body.
RESULT_READERS = INSIDERS | {"supervisor"}


def _nomination(w):
    return {
        "category": w["golds_category"].pk,
        "organization": w["member_org"].pk,
        "year": 2025,
        "name": "新申报课程",
    }


API_WRITES: list[Row] = [
    Row(
        "POST /golds-programmes",
        OTHER_SEC,
        _p("/golds-programmes"),
        lambda w: {"body": w["other_body"].pk, "name": "他体五金建设"},
    ),
    Row(
        "PATCH /golds-programmes/{id}",
        SEC,
        _p("/golds-programmes/{golds_programme}"),
        lambda w: {"name": "五金建设（修订）"},
    ),  # fmt: skip
    Row(
        "PUT /golds-programmes/{id}",
        SEC,
        _p("/golds-programmes/{golds_programme}"),
        lambda w: {"name": "五金建设", "description": "简介"},
    ),  # fmt: skip
    Row(
        "DELETE /golds-programmes/{id}",
        SEC,
        _p("/golds-programmes/{golds_programme}"),
        note="it has nominations: the allowed get 422 after the check",
        gate_only=True,
    ),
    Row(
        "PATCH /golds-categories/{id}",
        SEC,
        _p("/golds-categories/{golds_category}"),
        lambda w: {"committee": w["golds_committee"].pk},
    ),  # fmt: skip
    Row(
        "PUT /golds-categories/{id}",
        SEC,
        _p("/golds-categories/{golds_category}"),
        lambda w: {"committee": None},
    ),  # fmt: skip
    Row("POST /golds-nominations", UNIT_OR_SEC, _p("/golds-nominations"), _nomination),
    Row(
        "PATCH /golds-nominations/{id}",
        UNIT_OR_SEC,
        _p("/golds-nominations/{golds_draft}"),
        lambda w: {"name": "改名"},
    ),  # fmt: skip
    Row(
        "PUT /golds-nominations/{id}",
        UNIT_OR_SEC,
        _p("/golds-nominations/{golds_draft}"),
        _nomination,
    ),  # fmt: skip
    Row("DELETE /golds-nominations/{id}", UNIT_OR_SEC, _p("/golds-nominations/{golds_draft}")),
    Row(
        "POST /golds-nominations/{id}/submit",
        UNIT_OR_SEC,
        _p("/golds-nominations/{golds_draft}/submit"),
    ),  # fmt: skip
    Row(
        "POST /golds-nominations/{id}/evidence",
        UNIT_OR_SEC,
        _p("/golds-nominations/{golds_draft}/evidence"),
        note="no file sent: the allowed get 422 after the check",
        gate_only=True,
    ),
    Row(
        "POST /golds-nominations/{id}/return",
        REVIEWERS,
        _p("/golds-nominations/{golds_submitted}/return"),
        lambda w: {"note": "请补充"},
    ),  # fmt: skip
    Row(
        "POST /golds-nominations/{id}/recognise",
        REVIEWERS,
        _p("/golds-nominations/{golds_submitted}/recognise"),
        lambda w: {"level": "provincial", "year": 2025},
    ),  # fmt: skip
    Row(
        "POST /golds-nominations/{id}/reject",
        REVIEWERS,
        _p("/golds-nominations/{golds_submitted}/reject"),
        lambda w: {"reason": "不足"},
    ),  # fmt: skip
]


def _exported(w: dict, response) -> bool:
    """The .xlsx export holds the recognised result."""
    import openpyxl

    if response.status_code != 200:
        return False
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(row[0] == w["golds_result"].name for row in sheet.iter_rows(values_only=True))


def _served(w: dict, response) -> bool:
    return response.status_code == 200 and getattr(response, "streaming", False)


API_READS: list[Row] = [
    Row(
        "GET /golds-programmes",
        PROGRAMME_READERS,
        _p("/golds-programmes"),
        check=_listed("golds_programme"),
    ),  # fmt: skip
    Row("GET /golds-programmes/{id}", PROGRAMME_READERS, _p("/golds-programmes/{golds_programme}")),
    Row(
        "GET /golds-categories",
        PROGRAMME_READERS,
        _p("/golds-categories"),
        check=_listed("golds_category"),
    ),  # fmt: skip
    Row("GET /golds-categories/{id}", PROGRAMME_READERS, _p("/golds-categories/{golds_category}")),
    Row(
        "GET /golds-nominations",
        INSIDERS,
        _p("/golds-nominations"),
        check=_listed("golds_submitted"),
    ),  # fmt: skip
    Row("GET /golds-nominations/{id}", INSIDERS, _p("/golds-nominations/{golds_submitted}")),
    Row(
        "GET /golds-nominations/{id}",
        UNIT_OR_SEC,
        _p("/golds-nominations/{golds_draft}"),
        note="a draft",
    ),  # fmt: skip
    Row(
        "GET /golds-nominations/{id}/evidence",
        INSIDERS,
        _p("/golds-nominations/{golds_submitted}/evidence"),
        check=_served,
    ),  # fmt: skip
    Row("GET /golds-results", RESULT_READERS, _p("/golds-results"), check=_listed("golds_result")),
    Row(
        "GET /golds-results/export", RESULT_READERS, _p("/golds-results/export"), check=_exported
    ),  # fmt: skip
]
#: GET operations that are not private reads (public registers).
PUBLIC_API_READS: set[str] = set()
#: Pages that write nothing and show only what the selectors scope.
READ_ONLY_PAGES: set[str] = {
    "golds:programme", "golds:category", "golds:nomination", "golds:nomination_history",
    "golds:unit", "golds:result_list",
}  # fmt: skip


def extend_world(w: dict[str, Any]) -> None:
    """Add the records these rows need to the matrix's world."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from chanjiao.golds.models import GoldsCategory, GoldsNomination, GoldsProgramme, Kind
    from chanjiao.registry.models import Committee, CommitteeSeat

    body, member_org = w["body"], w["member_org"]
    committee = Committee.objects.create(body=body, name="五金建设委员会", kind="five_golds")
    CommitteeSeat.objects.create(committee=committee, organization=w["other_org"])
    w["golds_committee"] = committee
    programme = GoldsProgramme.objects.create(body=body, name="本体五金建设")
    w["golds_programme"] = programme
    for kind in Kind.values:
        GoldsCategory.objects.create(programme=programme, kind=kind, committee=committee)
    category = programme.categories.get(kind="course")
    w["golds_category"] = category

    def nomination(name, **fields):
        return GoldsNomination.objects.create(
            category=category, organization=member_org, year=2025, name=name, **fields
        )

    w["golds_draft"] = nomination("草稿课程", link="https://example.cn/draft")
    submitted = nomination("已提交课程", status="submitted", submitted_at=timezone.now())
    submitted.evidence.save("佐证.pdf", ContentFile(b"%PDF-1.4 golds"), save=False)
    submitted.evidence_name = "佐证.pdf"
    submitted.save()
    w["golds_submitted"] = submitted
    w["golds_result"] = nomination(
        "已认定课程", status="recognised", level="provincial", recognised_year=2025
    )


def pages() -> list:
    """This app's page rows (Page is defined after the API rows, hence a function)."""
    from .test_permission_matrix import Page

    def submitted(w, response) -> bool:
        w["golds_draft"].refresh_from_db()
        return w["golds_draft"].status == "submitted"

    return [
        Page("golds:programme_create", OTHER_SEC, ("other_body",)),
        Page("golds:programme_edit", SEC, ("golds_programme",)),
        Page("golds:category_edit", SEC, ("golds_category",)),
        Page("golds:nominate", UNIT_OR_SEC, ("golds_category",)),
        Page("golds:nomination_edit", UNIT_OR_SEC, ("golds_draft",)),
        Page("golds:nomination_delete", UNIT_OR_SEC, ("golds_draft",)),
        Page(
            "golds:nomination_submit", UNIT_OR_SEC, ("golds_draft",), method="POST", check=submitted
        ),  # fmt: skip
        Page("golds:nomination_review", REVIEWERS, ("golds_submitted",)),
        Page("golds:nomination_evidence", INSIDERS, ("golds_submitted",), check=_served),
    ]
