"""The permission matrix's rows for registry (see test_permission_matrix.py, which walks them).

Every record that makes up a body's council — its terms, committees and their seats, charter
versions (with their files) and declared counts — is changed by the body's secretariat and
admins only; it is read by whoever reads the body (``body`` is unpublished: its readers).
``reg_seat`` sits on the world's committee; ``reg_charter`` is a version of ``body`` with a
file, ``reg_bare_charter`` one without.
"""

from __future__ import annotations

from typing import Any

from .test_permission_matrix import READERS, SEC, Row, _p

_SEATS = "/bodies/{body}/committees/{committee}/seats"
_SEAT = _SEATS + "/{reg_seat}"


def _seat(w):
    return {"organization": w["member_org"].pk, "role": "deputy", "since": "2024-01-01"}


def _charter(version):
    return lambda w: {"version": version, "adopted_on": "2024-05-20", "adopted_at": "会员大会"}


API_WRITES: list[Row] = [
    # PUT beside PATCH on what a body is made of
    Row(
        "PUT /bodies/{id}/members/{membership_id}",
        SEC,
        _p("/bodies/{body}/members/{membership}"),
        lambda w: {"role": "director", "notes": "改"},
    ),
    Row(
        "PUT /bodies/{id}/terms/{term_id}",
        SEC,
        _p("/bodies/{body}/terms/{term}"),
        lambda w: {"number": 1, "starts_on": "2023-01-01", "ends_on": "2027-12-31"},
    ),
    Row(
        "PUT /bodies/{id}/committees/{committee_id}",
        SEC,
        _p("/bodies/{body}/committees/{committee}"),
        lambda w: {"name": "专家委员会", "kind": "expert_think_tank"},
    ),
    Row(
        "PATCH /bodies/{id}/declared-counts/{count_id}",
        SEC,
        _p("/bodies/{body}/declared-counts/{count}"),
        lambda w: {"value": 12},
    ),
    Row(
        "PUT /bodies/{id}/declared-counts/{count_id}",
        SEC,
        _p("/bodies/{body}/declared-counts/{count}"),
        lambda w: {"label": "成员单位", "value": 12, "as_of": "2025-01-01"},
    ),
    # committee seats (委员会席位)
    Row("POST " + "/bodies/{id}/committees/{committee_id}/seats", SEC, _p(_SEATS), _seat),
    Row(
        "PATCH /bodies/{id}/committees/{committee_id}/seats/{seat_id}",
        SEC,
        _p(_SEAT),
        lambda w: {"role": "director"},
    ),
    Row("PUT /bodies/{id}/committees/{committee_id}/seats/{seat_id}", SEC, _p(_SEAT), _seat),
    Row("DELETE /bodies/{id}/committees/{committee_id}/seats/{seat_id}", SEC, _p(_SEAT)),
    # charter versions (章程) and their files
    Row("POST /bodies/{id}/charters", SEC, _p("/bodies/{body}/charters"), _charter("2025")),
    Row(
        "PATCH /bodies/{id}/charters/{charter_id}",
        SEC,
        _p("/bodies/{body}/charters/{reg_charter}"),
        lambda w: {"adopted_on": "2024-06-01"},
    ),
    Row(
        "PUT /bodies/{id}/charters/{charter_id}",
        SEC,
        _p("/bodies/{body}/charters/{reg_charter}"),
        _charter("2024 修订"),
    ),
    Row(
        "DELETE /bodies/{id}/charters/{charter_id}",
        SEC,
        _p("/bodies/{body}/charters/{reg_charter}"),
    ),
    Row(
        "POST /bodies/{id}/charters/{charter_id}/file",
        SEC,
        _p("/bodies/{body}/charters/{reg_charter}/file"),
        note="no file sent: the allowed get 422 after the check",
        gate_only=True,
    ),
    # PUT beside PATCH elsewhere: positions, an event's agenda and ceremonies, talent
    Row(
        "PUT /people/{id}/positions/{position_id}",
        frozenset({"contact", "admin"}),
        _p("/people/{person}/positions/{position}"),
        lambda w: {"organization": w["member_org"].pk, "title": "党委书记"},
    ),
    Row(
        "PUT /events/{id}/agenda-items/{item_id}",
        SEC,
        _p("/events/{event}/agenda-items/{agenda_item}"),
        lambda w: {"order": 1, "kind": "keynote", "title": "主旨报告"},
    ),
    Row(
        "PUT /events/{id}/ceremonies/{ceremony_id}",
        SEC,
        _p("/events/{event}/ceremonies/{ceremony}"),
        lambda w: {"kind": "signing", "name": "签约仪式", "recipients": [w["member_org"].pk]},
    ),
    Row(
        "PUT /students/{id}",
        SEC,
        _p("/students/{student}"),
        lambda w: {"cohort": w["cohort"].pk, "display_name": "学生乙", "region": "成都"},
        note="the whole record names its cohort, which the school's contact does not see here",
    ),
    Row(
        "PUT /applications/{id}",
        SEC,
        _p("/applications/{application}"),
        lambda w: {"student_rank": 2},
        note="ranks and score: the student's editors and the posting's",
    ),
    Row(
        "PUT /placements/{id}",
        SEC,
        _p("/placements/{placement}"),
        lambda w: {"status": "started", "notes": "已到岗"},
    ),
]

API_READS: list[Row] = [
    # one record of what a body is made of, with its version: whoever reads the body
    Row(
        "GET /bodies/{id}/members/{membership_id}",
        READERS,
        _p("/bodies/{body}/members/{membership}"),
    ),
    Row("GET /bodies/{id}/terms/{term_id}", READERS, _p("/bodies/{body}/terms/{term}")),
    # one agenda item or ceremony, with its version: whoever reads the event
    Row(
        "GET /events/{id}/agenda-items/{item_id}",
        READERS,
        _p("/events/{event}/agenda-items/{agenda_item}"),
    ),
    Row(
        "GET /events/{id}/organizations/{participation_id}",
        READERS,
        _p("/events/{event}/organizations/{participation}"),
    ),
    Row(
        "GET /events/{id}/ceremonies/{ceremony_id}",
        READERS,
        _p("/events/{event}/ceremonies/{ceremony}"),
    ),
    Row(
        "GET /bodies/{id}/committees/{committee_id}",
        READERS,
        _p("/bodies/{body}/committees/{committee}"),
    ),
    Row(
        "GET /bodies/{id}/declared-counts/{count_id}",
        READERS,
        _p("/bodies/{body}/declared-counts/{count}"),
    ),
    Row("GET /bodies/{id}/committees/{committee_id}/seats", READERS, _p(_SEATS)),
    Row("GET /bodies/{id}/committees/{committee_id}/seats/{seat_id}", READERS, _p(_SEAT)),
    Row("GET /bodies/{id}/charters", READERS, _p("/bodies/{body}/charters")),
    Row(
        "GET /bodies/{id}/charters/{charter_id}",
        READERS,
        _p("/bodies/{body}/charters/{reg_charter}"),
    ),
    Row(
        "GET /bodies/{id}/charters/{charter_id}/file",
        READERS,
        _p("/bodies/{body}/charters/{reg_charter}/file"),
    ),
]
#: GET operations that are not private reads (public registers).
PUBLIC_API_READS: set[str] = {"GET /people/{id}/positions/{position_id}"}
#: Pages that write nothing and show only what the selectors scope.
READ_ONLY_PAGES: set[str] = set()


def extend_world(w: dict[str, Any]) -> None:
    """Add the records these rows need to the matrix's world."""
    from django.core.files.base import ContentFile

    from chanjiao.registry.models import Charter, CommitteeSeat
    from chanjiao.registry.tests.factories import PersonFactory

    w["reg_seat"] = CommitteeSeat.objects.create(
        committee=w["committee"], person=PersonFactory(name="席位专家"), role="member"
    )
    charter = Charter(body=w["body"], version="2024 修订", adopted_on="2024-05-20")
    charter.file.save("章程修订.pdf", ContentFile(b"%PDF-1.4 revised charter"), save=False)
    charter.save()
    w["reg_charter"] = charter
    w["reg_bare_charter"] = Charter.objects.create(body=w["body"], version="草案")


def _gone(key: str):
    """The world's record ``key`` no longer exists (the delete took effect)."""

    def check(w: dict, response) -> bool:
        return not type(w[key]).objects.filter(pk=w[key].pk).exists()

    return check


def pages() -> list:
    """This app's page rows (Page is defined after the API rows, hence a function)."""
    from .test_permission_matrix import Page

    return [
        Page("registry:declared_count_edit", SEC, ("body", "count")),
        Page("registry:term_edit", SEC, ("body", "term")),
        Page("registry:committee_edit", SEC, ("body", "committee")),
        Page("registry:seat_edit", SEC, ("body", "committee", "reg_seat")),
        Page("registry:seat_remove", SEC, ("body", "committee", "reg_seat")),
        Page(
            "registry:seat_remove",
            SEC,
            ("body", "committee", "reg_seat"),
            method="POST",
            check=_gone("reg_seat"),
        ),
        Page("registry:charter_edit", SEC, ("body", "reg_charter")),
        Page("registry:charter_remove", SEC, ("body", "reg_bare_charter")),
        Page(
            "registry:charter_remove",
            SEC,
            ("body", "reg_bare_charter"),
            method="POST",
            check=_gone("reg_bare_charter"),
        ),
        Page("events:agenda_edit", SEC, ("event", "agenda_item")),
        Page("events:ceremony_edit", SEC, ("event", "ceremony")),
        Page("events:event_delete", SEC, ("event",)),
        Page("events:event_delete", SEC, ("event",), method="POST", check=_gone("event")),
    ]
