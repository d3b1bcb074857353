"""English counts in the registry's pages: one noun for 1, its plural for any other number.

Chinese has no plural, so these messages were single-form gettext and English read
"1 attendees" or "1 rows"; they are ngettext now, with the Chinese the same in both forms.
These tests read the English catalogue: they pass once it has the plural entries."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from chanjiao.events.tests.factories import EventFactory
from chanjiao.registry.models import ImportJob

pytestmark = pytest.mark.django_db


def english(client, url: str, **headers) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("count, shown", [(1, "1 attendee<"), (2, "2 attendees<")])
def test_body_page_counts_an_events_attendance_in_the_singular_and_the_plural(
    client, body, count, shown
):
    EventFactory(bodies=[body], attendance=count, attendance_approx=False)
    html = english(client, reverse("registry:body_detail", args=[body.pk]))
    assert shown in html
    assert "1 attendees" not in html


@pytest.mark.parametrize(
    "count, shown",
    [
        (1, ["1 row: ", "1 new organisation registered, ", "1 membership added, ",
             "1 skipped as already a member."]),
        (2, ["2 rows: ", "2 new organisations registered, ", "2 memberships added, ",
             "2 skipped as already members."]),
    ],
)  # fmt: skip
def test_import_summary_counts_rows_units_and_memberships_in_the_singular_and_the_plural(
    client, body, secretariat_user, count, shown
):
    job = ImportJob.objects.create(
        body=body,
        created_by=secretariat_user,
        file=ContentFile(b"", name="members.xlsx"),
        status=ImportJob.Status.SUCCEEDED,
        summary={
            "rows": count,
            "created_organizations": count,
            "created_memberships": count,
            "skipped": count,
        },
    )
    client.force_login(secretariat_user)
    url = reverse("registry:member_import_status", args=[job.pk])
    html = english(client, url, HX_Request="true")
    for text in shown:
        assert text in html
