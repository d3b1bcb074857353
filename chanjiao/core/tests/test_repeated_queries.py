"""No page and no API read asks the database the same question once per row (N+1).

The demo is loaded once; every GET route, page and API, is asked by an anonymous reader, an
admin, a body's secretariat and a unit's contact, on up to three records of the kind its path
names (and under each, up to two of the records a second id names: a term of a body, a seat of
a committee), and every page again as a file (``?format=xlsx``: a list's export reads every
row). A SELECT that comes back more than twice in one request with only its values changed is
a query run once per row (a page may read the same thing twice: a record and the fresh copy its
form edits). The annual report's pages, under a year, are left out: it reads its indicators
once for each year it shows."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver

from chanjiao.core.tests.test_query_values import _routes

#: How often one SELECT may come back in one request, with other values.
MOST = 2

#: What the record named by a path's first id is, by what comes before it.
KINDS = {
    "accounts/bodies": "registry.Body",
    "api/v1/agreements": "cooperation.Agreement",
    "api/v1/applications": "talent.Application",
    "api/v1/articles": "ingest.Article",
    "api/v1/bodies": "registry.Body",
    "api/v1/bookings": "sharing.Booking",
    "api/v1/carriers": "cooperation.Carrier",
    "api/v1/cohorts": "talent.Cohort",
    "api/v1/collection-rounds": "reports.CollectionRound",
    "api/v1/events": "events.Event",
    "api/v1/golds-categories": "golds.GoldsCategory",
    "api/v1/golds-nominations": "golds.GoldsNomination",
    "api/v1/golds-programmes": "golds.GoldsProgramme",
    "api/v1/indicators": "reports.Indicator",
    "api/v1/industry-chains": "reports.IndustryChain",
    "api/v1/ingest-batches": "ingest.IngestBatch",
    "api/v1/match-runs": "talent.MatchRun",
    "api/v1/meetings": "governance.Meeting",
    "api/v1/membership-applications": "governance.Application",
    "api/v1/motions": "governance.Motion",
    "api/v1/organizations": "registry.Organization",
    "api/v1/people": "registry.Person",
    "api/v1/placements": "talent.Placement",
    "api/v1/plans": "reports.Plan",
    "api/v1/postings": "talent.Posting",
    "api/v1/resources": "sharing.Resource",
    "api/v1/students": "talent.Student",
    "bodies": "registry.Body",
    "chains": "reports.IndustryChain",
    "collection": "reports.CollectionRound",
    "collection/forms": "reports.CollectionForm",
    "cooperation/agreements": "cooperation.Agreement",
    "cooperation/carriers": "cooperation.Carrier",
    "events": "events.Event",
    "golds/bodies": "registry.Body",
    "golds/categories": "golds.GoldsCategory",
    "golds/nominations": "golds.GoldsNomination",
    "golds/programmes": "golds.GoldsProgramme",
    "golds/units": "registry.Organization",
    "governance/bodies": "registry.Body",
    "governance/meetings": "governance.Meeting",
    "governance/motions": "governance.Motion",
    "organizations": "registry.Organization",
    "people": "registry.Person",
    "plans": "reports.Plan",
    "sharing/bodies": "registry.Body",
    "sharing/bookings": "sharing.Booking",
    "sharing/resources": "sharing.Resource",
    "sharing/units": "registry.Organization",
    "talent/bodies": "registry.Body",
    "talent/cohorts": "talent.Cohort",
    "talent/postings": "talent.Posting",
    "talent/runs": "talent.MatchRun",
    "accounts/tokens": "accounts.ApiToken",
    "api/v1/majors": "talent.Major",
    "charters": "registry.Charter",
    "governance/applications": "governance.Application",
    "governance/attachments": "governance.MotionAttachment",
    "governance/sanctions": "governance.Sanction",
    "api/v1/sanctions": "governance.Sanction",
    "governance/withdrawals": "governance.Withdrawal",
    "imports": "registry.ImportJob",
    "ingest": "ingest.Article",
    "ingest/batches": "ingest.IngestBatch",
    "plans/targets": "reports.PlanTarget",
    "report-jobs": "reports.ReportJob",
    "sharing/photos": "sharing.ResourcePhoto",
    "talent/imports": "talent.TalentImport",
    "talent/placements": "talent.Placement",
}


#: What a path's second (or third) id names, by the segment before it: the model, the field
#: that ties it to the record before, and the column the path shows (its id unless named).
CHILDREN = {
    "agenda": ("events.AgendaItem", "event"),
    "agenda-items": ("events.AgendaItem", "event"),
    "ceremonies": ("events.Ceremony", "event"),
    "organizations": ("events.EventOrganization", "event"),
    "registration": ("events.Registration", "event"),
    "registrations": ("events.Registration", "event"),
    "charters": ("registry.Charter", "body"),
    "committees": ("registry.Committee", "body"),
    "seats": ("registry.CommitteeSeat", "committee"),
    "declared": ("registry.DeclaredCount", "body"),
    "declared-counts": ("registry.DeclaredCount", "body"),
    "members": ("registry.Membership", "body"),
    "terms": ("registry.Term", "body"),
    "positions": ("registry.Position", "person"),
    "figures": ("cooperation.CarrierFigure", "carrier"),
    "milestones": ("cooperation.CarrierMilestone", "carrier"),
    "evidence": ("cooperation.CarrierMilestone", "carrier"),
    "documents": ("cooperation.AgreementDocument", "agreement", "version"),
    "proposals": ("ingest.Proposal", "article"),
    "forms": ("reports.CollectionForm", "round"),
    "goal": ("reports.PlanGoal", "plan"),
    "goals": ("reports.PlanGoal", "plan"),
    "task": ("reports.PlanTask", "goal__plan"),
    "tasks": ("reports.PlanTask", "goal__plan"),
    "target": ("reports.PlanTarget", "task__goal__plan"),
    "targets": ("reports.PlanTarget", "task__goal__plan"),
    "invitations": ("accounts.Invitation", "body"),
    "users": ("accounts.BodyRole", "body", "user_id"),
}

#: Path parameters that are not records: their values, or None where the route is left out
#: (a year: the annual report reads its indicators once for each year it shows).
VALUES = {"fmt": ("docx",), "part": ("goal", "task", "target"), "kind": None, "year": None}


def _shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?|%s)(?:, (?:\?|%s))*\)", "(?)", sql)


#: A path parameter: ``<int:pk>``, ``<str:fmt>``, the API's ``<id>``.
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def _is_id(found: re.Match) -> bool:
    return found.group(2) not in VALUES and (
        found.group(1) == "int"
        or found.group(2) in ("id", "pk", "version")
        or found.group(2).endswith("_id")
    )


def _routes_with_ids():
    """Each route (not the admin's) as ``(route, head, rest)``: ``head`` what comes before its
    first parameter, ``rest`` the rest when that parameter is a record's id (else None)."""
    for route in sorted(set(_routes(get_resolver()))):
        if route.startswith(("admin/", "^")) or "(?P" in route or "logout" in route:
            continue
        found = PARAMETER.search(route)
        if found is None:
            yield route, route, None
            continue
        head = route[: found.start()].rstrip("/")
        yield route, head, route[found.end() :] if _is_id(found) else None


def _segments(rest: str):
    """The segments before each further id of a route, a plan's part standing for its kinds."""
    for found in PARAMETER.finditer(rest):
        if _is_id(found):
            segment = rest[: found.start()].rstrip("/").rsplit("/", 1)[-1]
            yield VALUES["part"] if segment.startswith("<") else (segment,)


def _expand(path: str, rest: str, parent: int):
    """``path`` + ``rest`` with each parameter given: records tied to the one before (up to
    two each), formats and parts by their values; nothing where a value is left out."""
    found = PARAMETER.search(rest)
    if found is None:
        yield path + rest
        return
    before, after = path + rest[: found.start()], rest[found.end() :]
    if not _is_id(found):
        for value in VALUES.get(found.group(2)) or ():
            yield from _expand(before + value, after, parent)
        return
    label, link, *column = CHILDREN[before.rstrip("/").rsplit("/", 1)[-1]]
    rows = apps.get_model(label).objects.filter(**{link: parent}).order_by("pk")
    for pk, value in rows.values_list("pk", *(column or ["pk"]))[:2]:
        yield from _expand(f"{before}{value}", after, pk)


def _urls():
    for route, head, rest in _routes_with_ids():
        if route == head:
            yield "/" + route
            if not route.startswith("api/"):
                yield f"/{route}?format=xlsx"  # a list as a file: every row, not a page
            continue
        if rest is None:
            continue  # pages of no record (a password reset link)
        model = apps.get_model(KINDS[head])
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:3]:
            for url in _expand(f"/{head}/{pk}", rest, pk):
                yield url
                if not head.startswith("api/") and url.endswith("/"):
                    yield f"{url}?format=xlsx"  # a record's list as a file


def test_every_route_with_an_id_says_what_record_it_names():
    assert not [r for r, head, rest in _routes_with_ids() if rest is not None and head not in KINDS]
    unnamed = [
        (route, segment)
        for route, _head, rest in _routes_with_ids()
        for segments in _segments(rest or "")
        for segment in segments
        if segment not in CHILDREN
    ]
    assert not unnamed, unnamed
    unread = [
        (route, found.group(0))
        for route, _head, rest in _routes_with_ids()
        for found in PARAMETER.finditer(rest or "")
        if not _is_id(found) and found.group(2) not in VALUES
    ]
    assert not unread, unread


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    from chanjiao.demo.loader import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        try:
            load_demo()
            yield
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize("reader", [None, "admin", "chengdu", "jxjd"])
def test_no_read_asks_the_same_query_once_per_row(demo, db, reader):
    from django.contrib.auth import get_user_model

    client = Client(raise_request_exception=False)
    if reader:
        client.force_login(get_user_model().objects.get(username=reader))
    repeated = []
    for url in _urls():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            continue
        shapes = Counter(
            _shape(q["sql"]) for q in captured if q["sql"].lstrip().upper().startswith("SELECT")
        )
        for sql, times in shapes.items():
            if times > MOST:
                repeated.append(f"{url}: {times}× {sql[:300]}")
    assert not repeated, "\n".join(repeated)
