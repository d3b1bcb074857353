"""The pages changing a body's council records: terms, committees and their seats, charter
versions and declared counts; the body page links them for those who may edit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chanjiao.core.models import ObjectChange
from chanjiao.registry.models import Charter, Committee, CommitteeSeat, DeclaredCount
from chanjiao.registry.tests.factories import (
    BodyFactory,
    BodyRoleFactory,
    PersonFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def council(body, member_org):
    """A term, a committee with a unit's seat, a charter version with its file, a count."""
    term = TermFactory(body=body, number=1, starts_on=datetime.date(2021, 4, 29))
    committee = Committee.objects.create(body=body, name="专家委员会", term=term)
    seat = CommitteeSeat.objects.create(committee=committee, organization=member_org)
    charter = Charter(body=body, version="2021", title="集团章程", adopted_on="2021-04-29")
    charter.file.save("章程.pdf", SimpleUploadedFile("章程.pdf", b"%PDF-1.4 old"), save=True)
    count = DeclaredCount.objects.create(body=body, role="member", label="成员单位", value=79)
    return {"term": term, "committee": committee, "seat": seat, "charter": charter, "count": count}


def _page(client, body) -> str:
    return client.get(reverse("registry:body_detail", args=[body.pk])).content.decode()


def test_body_page_links_the_edit_pages_for_its_secretariat_only(
    client, body, council, secretariat_user
):
    urls = [
        reverse("registry:term_edit", args=[body.pk, council["term"].pk]),
        reverse("registry:committee_edit", args=[body.pk, council["committee"].pk]),
        reverse("registry:seat_edit", args=[body.pk, council["committee"].pk, council["seat"].pk]),
        reverse(
            "registry:seat_remove", args=[body.pk, council["committee"].pk, council["seat"].pk]
        ),
        reverse("registry:charter_edit", args=[body.pk, council["charter"].pk]),
        reverse("registry:charter_remove", args=[body.pk, council["charter"].pk]),
        reverse("registry:declared_count_edit", args=[body.pk, council["count"].pk]),
    ]
    anonymous = _page(client, body)
    assert not [url for url in urls if url in anonymous]
    client.force_login(secretariat_user)
    page = _page(client, body)
    assert [url for url in urls if url not in page] == []
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_secretariat_edits_a_terms_dates(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:term_edit", args=[body.pk, council["term"].pk])
    response = client.post(url, {"number": "1", "starts_on": "2021-05-01", "ends_on": "2026-04-30"})
    assert response.status_code == 302 and response["Location"].endswith("#terms")
    council["term"].refresh_from_db()
    assert council["term"].ends_on == datetime.date(2026, 4, 30)
    page = _page(client, body)
    term_row = page[page.index(f'data-term="{council["term"].pk}"') :].split("</li>")[0]
    assert "2026" in term_row and "2021" in term_row
    change = ObjectChange.objects.filter(content_type__model="term").latest("id")
    assert (change.actor, change.source) == (secretariat_user, "ui")


def test_a_term_ending_before_it_starts_is_a_form_error(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:term_edit", args=[body.pk, council["term"].pk])
    response = client.post(url, {"number": "1", "starts_on": "2025-01-01", "ends_on": "2021-01-01"})
    assert response.status_code == 200
    assert "结束日期不能早于开始日期" in response.content.decode()
    council["term"].refresh_from_db()
    assert council["term"].ends_on is None


def test_secretariat_renames_a_committee(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:committee_edit", args=[body.pk, council["committee"].pk])
    client.post(url, {"name": "专家智库委员会", "kind": "expert_think_tank"})
    assert "专家智库委员会" in _page(client, body)


def test_secretariat_changes_a_seats_role_and_holder(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    seat = council["seat"]
    url = reverse("registry:seat_edit", args=[body.pk, council["committee"].pk, seat.pk])
    response = client.post(url, {"role": "deputy", "organization": seat.organization_id})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == "deputy"
    assert "副主任" in _page(client, body)
    person = PersonFactory(name="王专家")
    both = client.post(
        url, {"role": "deputy", "organization": seat.organization_id, "person": person.pk}
    )
    assert both.status_code == 200
    assert "只能选择其中一项" in both.content.decode()
    backwards = client.post(
        url,
        {"role": "deputy", "person": person.pk, "since": "2024-06-01", "until": "2024-01-01"},
    )
    assert "终止日期不能早于起始日期" in backwards.content.decode()
    seat.refresh_from_db()
    assert (seat.person, seat.since) == (None, None)


def test_secretariat_removes_a_seat_after_confirming(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    seat = council["seat"]
    url = reverse("registry:seat_remove", args=[body.pk, council["committee"].pk, seat.pk])
    assert client.get(url).status_code == 200
    assert CommitteeSeat.objects.filter(pk=seat.pk).exists()  # asking deletes nothing
    client.post(url)
    assert not CommitteeSeat.objects.filter(pk=seat.pk).exists()


def test_a_seat_is_found_only_under_its_own_committee(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    other = Committee.objects.create(body=body, name="另一委员会")
    url = reverse("registry:seat_edit", args=[body.pk, other.pk, council["seat"].pk])
    assert client.get(url).status_code == 404


def test_secretariat_corrects_a_charters_date_and_replaces_its_file(
    client, body, council, secretariat_user
):
    client.force_login(secretariat_user)
    charter = council["charter"]
    url = reverse("registry:charter_edit", args=[body.pk, charter.pk])
    response = client.post(
        url,
        {
            "version": "2021",
            "title": "集团章程",
            "adopted_on": "2021-05-10",
            "file": SimpleUploadedFile("章程新.pdf", b"%PDF-1.4 new"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    charter.refresh_from_db()
    assert charter.adopted_on == datetime.date(2021, 5, 10)
    download = client.get(reverse("registry:charter_file", args=[charter.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 new"
    # Saved again without a new file: the file stays.
    client.post(url, {"version": "2021", "title": "集团章程", "adopted_on": "2021-05-11"})
    charter.refresh_from_db()
    assert charter.file and charter.adopted_on == datetime.date(2021, 5, 11)


def test_secretariat_deletes_a_charter_version(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:charter_remove", args=[body.pk, council["charter"].pk])
    client.post(url)
    assert not Charter.objects.exists()


def test_secretariat_corrects_a_declared_count(client, body, council, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("registry:declared_count_edit", args=[body.pk, council["count"].pk])
    client.post(url, {"role": "member", "label": "成员单位", "value": "81"})
    council["count"].refresh_from_db()
    assert council["count"].value == 81
    page = _page(client, body)
    row = page[page.index(f'data-declared-count="{council["count"].pk}"') :].split("</li>")[0]
    assert "81" in row


def test_another_bodys_secretariat_may_not_open_the_edit_pages(client, body, council):
    stranger = BodyRoleFactory(body=BodyFactory(name="别的集团")).user
    client.force_login(stranger)
    url = reverse("registry:term_edit", args=[body.pk, council["term"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"number": "9"}).status_code == 403
    council["term"].refresh_from_db()
    assert council["term"].number == 1
