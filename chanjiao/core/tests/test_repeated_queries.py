"""No page and no API read asks the database the same question once per row (N+1).

The demo is loaded once; every GET route, page and API, is asked by an anonymous reader, an
admin, a body's secretariat and a unit's contact, on up to three records of the kind its path
names, and every page again as a file (``?format=xlsx``: a list's export reads every row). A SELECT that comes back more than twice in one request with only its values changed is
a query run once per row (a page may read the same thing twice: a record and the fresh copy its
form edits). Pages under a second record (a term of a body) or a year (the annual report, which
reads its indicators once for each year it shows) are left out."""

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


def _shape(sql: str) -> str:
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\((?:\?|%s)(?:, (?:\?|%s))*\)", "(?)", sql)


#: A path parameter: ``<int:pk>``, ``<str:fmt>``, the API's ``<id>``.
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


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
        is_id = found.group(1) == "int" or found.group(2) in ("id", "pk")
        yield route, head, route[found.end() :] if is_id else None


def _urls():
    for route, head, rest in _routes_with_ids():
        if route == head:
            yield "/" + route
            if not route.startswith("api/"):
                yield f"/{route}?format=xlsx"  # a list as a file: every row, not a page
            continue
        # Pages under a second record (a term of a body) are left out, and those of no record.
        if rest is None or PARAMETER.sub("", rest.replace("<str:fmt>", "docx")) != rest.replace(
            "<str:fmt>", "docx"
        ):
            continue
        model = apps.get_model(KINDS[head])
        for pk in model.objects.order_by("pk").values_list("pk", flat=True)[:3]:
            yield f"/{head}/{pk}{rest.replace('<str:fmt>', 'docx')}"
            if not head.startswith("api/") and rest.endswith("/"):
                yield f"/{head}/{pk}{rest}?format=xlsx"  # a record's list as a file


def test_every_route_with_an_id_says_what_record_it_names():
    assert not [r for r, head, rest in _routes_with_ids() if rest is not None and head not in KINDS]


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
