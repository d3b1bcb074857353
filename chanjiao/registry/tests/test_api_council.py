"""REST API of a body's council records: terms, committees, their seats, charter versions with
their files, declared counts — created, read, changed by PATCH and PUT, deleted."""

import datetime

import pytest
from django.core.files.base import ContentFile

from chanjiao.core.models import ObjectChange
from chanjiao.core.testing import api_write, assert_error, bearer, items
from chanjiao.registry.models import Charter, Committee, CommitteeSeat, DeclaredCount
from chanjiao.registry.tests.factories import BodyFactory, PersonFactory, TermFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def committee(body):
    return Committee.objects.create(body=body, name="专家委员会")


@pytest.fixture
def seats(body, committee):
    return f"/api/v1/bodies/{body.pk}/committees/{committee.pk}/seats"


# --- terms and committees: PUT beside PATCH -------------------------------------------------


def test_put_replaces_a_terms_dates_and_resets_what_is_left_out(client, secretariat_token, body):
    term = TermFactory(body=body, number=1, name="首届理事会", starts_on=datetime.date(2020, 1, 1))
    path = f"/api/v1/bodies/{body.pk}/terms/{term.pk}"
    response = api_write(
        client, "put", path, {"number": 1, "starts_on": "2021-03-01", "ends_on": "2025-02-28"},
        secretariat_token,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["starts_on"] == "2021-03-01"
    assert response.json()["name"] == ""  # left out: back to its default
    term.refresh_from_db()
    assert (term.starts_on, term.ends_on) == (datetime.date(2021, 3, 1), datetime.date(2025, 2, 28))
    bad = api_write(
        client, "put", path, {"number": 1, "starts_on": "2025-01-01", "ends_on": "2021-01-01"},
        secretariat_token,
    )  # fmt: skip
    assert_error(bad, 422)
    assert "结束日期不能早于开始日期" in bad.json()["detail"]


def test_put_needs_the_whole_record(client, secretariat_token, body):
    term = TermFactory(body=body, number=1)
    response = api_write(
        client, "put", f"/api/v1/bodies/{body.pk}/terms/{term.pk}", {"name": "第一届"},
        secretariat_token,
    )  # fmt: skip
    assert_error(response, 422, "number")


def test_put_replaces_a_committee(client, secretariat_token, body, committee):
    term = TermFactory(body=body, number=2)
    response = api_write(
        client, "put", f"/api/v1/bodies/{body.pk}/committees/{committee.pk}",
        {"name": "专家智库委员会", "kind": "expert_think_tank", "term": term.pk},
        secretariat_token,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["term"]["id"] == term.pk
    other_term = TermFactory(body=BodyFactory(name="别的集团"), number=1)
    refused = api_write(
        client, "put", f"/api/v1/bodies/{body.pk}/committees/{committee.pk}",
        {"name": "专家智库委员会", "term": other_term.pk}, secretariat_token,
    )  # fmt: skip
    assert_error(refused, 422, "term")


# --- committee seats ---------------------------------------------------------------------------


def test_seats_are_created_listed_changed_and_deleted(
    client, secretariat_token, seats, member_org, committee
):
    created = api_write(
        client, "post", seats, {"organization": member_org.pk, "since": "2024-01-01"},
        secretariat_token,
    )  # fmt: skip
    assert created.status_code == 201, created.content
    seat = created.json()
    assert seat["organization"]["name"] == member_org.name and seat["role_label"] == "委员"
    assert [s["id"] for s in items(client.get(seats))] == [seat["id"]]
    assert client.get(f"{seats}/{seat['id']}").json()["since"] == "2024-01-01"

    patched = api_write(
        client, "patch", f"{seats}/{seat['id']}", {"role": "deputy"}, secretariat_token
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["role"], patched.json()["since"]) == ("deputy", "2024-01-01")

    person = PersonFactory(name="刘主任")
    put = api_write(
        client, "put", f"{seats}/{seat['id']}", {"person": person.pk, "role": "director"},
        secretariat_token,
    )  # fmt: skip
    assert put.status_code == 200, put.content
    body = put.json()
    # the whole record: the unit and the start date left out are gone
    assert (body["person"]["name"], body["organization"], body["since"]) == ("刘主任", None, None)

    deleted = api_write(client, "delete", f"{seats}/{seat['id']}", token=secretariat_token)
    assert deleted.status_code == 204
    assert not CommitteeSeat.objects.filter(committee=committee).exists()


def test_a_seat_with_both_or_neither_holder_is_a_field_error(
    client, secretariat_token, seats, member_org
):
    both = {"organization": member_org.pk, "person": PersonFactory().pk}
    assert_error(api_write(client, "post", seats, both, secretariat_token), 422, "organization")
    assert_error(
        api_write(client, "post", seats, {"role": "member"}, secretariat_token), 422, "person"
    )
    seat = api_write(client, "post", seats, {"organization": member_org.pk}, secretariat_token)
    path = f"{seats}/{seat.json()['id']}"
    response = api_write(client, "patch", path, {"person": PersonFactory().pk}, secretariat_token)
    assert_error(response, 422, "organization")
    response = api_write(
        client, "patch", path, {"since": "2024-06-01", "until": "2024-01-01"}, secretariat_token
    )
    assert_error(response, 422)
    assert "终止日期不能早于起始日期" in response.json()["detail"]


def test_seats_are_found_only_under_their_own_committee(
    client, secretariat_token, body, committee, member_org
):
    seat = CommitteeSeat.objects.create(committee=committee, organization=member_org)
    other = Committee.objects.create(body=body, name="另一委员会")
    wrong = f"/api/v1/bodies/{body.pk}/committees/{other.pk}/seats/{seat.pk}"
    assert client.get(wrong).status_code == 404
    assert (
        api_write(client, "patch", wrong, {"role": "deputy"}, secretariat_token).status_code == 404
    )


def test_another_secretariat_may_not_change_a_seat(client, seats, committee, member_org, db):
    from chanjiao.core.testing import make_token
    from chanjiao.registry.tests.factories import BodyRoleFactory

    seat = CommitteeSeat.objects.create(committee=committee, organization=member_org)
    stranger = make_token(BodyRoleFactory(body=BodyFactory(name="别的集团")).user)
    response = api_write(client, "patch", f"{seats}/{seat.pk}", {"role": "director"}, stranger)
    assert response.status_code == 403
    assert CommitteeSeat.objects.get(pk=seat.pk).role == "member"


# --- charters (章程) ---------------------------------------------------------------------------


def test_charter_versions_with_their_file(client, secretariat_token, body):
    charters = f"/api/v1/bodies/{body.pk}/charters"
    created = api_write(
        client, "post", charters, {"version": "2024", "adopted_on": "2024-05-20"}, secretariat_token
    )
    assert created.status_code == 201, created.content
    charter = created.json()
    assert (charter["has_file"], charter["file_url"]) == (False, None)
    path = f"{charters}/{charter['id']}"

    patched = api_write(client, "patch", path, {"adopted_on": "2024-06-18"}, secretariat_token)
    assert patched.json()["adopted_on"] == "2024-06-18"

    upload = client.post(
        f"{path}/file",
        {"file": ContentFile(b"%PDF-1.4 charter", name="章程.pdf")},
        headers=bearer(secretariat_token),
    )
    assert upload.status_code == 200, upload.content
    assert upload.json()["has_file"] is True
    assert upload.json()["file_url"] == f"{path}/file"
    download = client.get(f"{path}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 charter"
    assert download["Content-Disposition"].startswith("attachment")

    put = api_write(
        client,
        "put",
        path,
        {"version": "2024 修订", "adopted_at": "第二次会员大会"},
        secretariat_token,
    )
    assert put.status_code == 200, put.content
    # the whole record replaced (the date left out is cleared), the file kept
    assert (put.json()["adopted_on"], put.json()["has_file"]) == (None, True)

    second = api_write(client, "post", charters, {"version": "2025"}, secretariat_token)
    assert [c["version"] for c in items(client.get(charters))] == ["2025", "2024 修订"]
    duplicate = api_write(
        client,
        "patch",
        f"{charters}/{second.json()['id']}",
        {"version": "2024 修订"},
        secretariat_token,
    )
    assert_error(duplicate, 422)

    assert api_write(client, "delete", path, token=secretariat_token).status_code == 204
    assert list(Charter.objects.values_list("version", flat=True)) == ["2025"]


def test_uploading_no_file_is_a_field_error(client, secretariat_token, body):
    charter = Charter.objects.create(body=body, version="2024")
    response = client.post(
        f"/api/v1/bodies/{body.pk}/charters/{charter.pk}/file", headers=bearer(secretariat_token)
    )
    assert_error(response, 422, "file")


def test_an_unpublished_bodys_charter_file_is_served_only_to_its_readers(
    client, secretariat_token, body
):
    body.is_published = False
    body.save()
    charter = Charter(body=body, version="2024")
    charter.file.save("章程.pdf", ContentFile(b"%PDF-1.4 secret"), save=True)
    path = f"/api/v1/bodies/{body.pk}/charters/{charter.pk}/file"
    assert client.get(path).status_code == 404
    assert client.get(path, headers=bearer(secretariat_token)).status_code == 200


def test_a_charter_without_a_file_has_nothing_to_download(client, body):
    charter = Charter.objects.create(body=body, version="2024")
    assert client.get(f"/api/v1/bodies/{body.pk}/charters/{charter.pk}/file").status_code == 404


# --- declared counts -----------------------------------------------------------------------------


def test_declared_counts_are_corrected_by_patch_and_put(client, secretariat_token, body):
    count = DeclaredCount.objects.create(body=body, role="member", label="成员单位", value=79)
    DeclaredCount.objects.create(body=body, role="director", label="理事单位", value=20)
    path = f"/api/v1/bodies/{body.pk}/declared-counts/{count.pk}"
    assert client.get(path).json()["value"] == 79
    patched = api_write(client, "patch", path, {"value": 81}, secretariat_token)
    assert (patched.status_code, patched.json()["value"]) == (200, 81)
    put = api_write(client, "put", path, {"label": "成员单位", "value": 82}, secretariat_token)
    assert put.status_code == 200, put.content
    assert (put.json()["value"], put.json()["role"]) == (82, None)  # role left out: none
    taken = api_write(client, "patch", path, {"role": "director"}, secretariat_token)
    assert_error(taken, 422)
    assert (
        ObjectChange.objects.filter(
            content_type__model="declaredcount", object_id=count.pk, action="update", source="api"
        ).count()
        == 2
    )


def test_put_replaces_a_position_and_a_membership(client, admin_token, body, member_org):
    from chanjiao.registry.tests.factories import MembershipFactory, PositionFactory

    position = PositionFactory(organization=member_org, title="院长", source="新闻")
    path = f"/api/v1/people/{position.person_id}/positions/{position.pk}"
    put = api_write(
        client, "put", path, {"organization": member_org.pk, "title": "党委书记"}, admin_token
    )
    assert put.status_code == 200, put.content
    assert (put.json()["title"], put.json()["source"]) == ("党委书记", "")
    membership = MembershipFactory(body=body, organization=member_org, contact="王")
    path = f"/api/v1/bodies/{body.pk}/members/{membership.pk}"
    put = api_write(client, "put", path, {"role": "director"}, admin_token)
    assert put.status_code == 200, put.content
    membership.refresh_from_db()
    assert (membership.role, membership.contact, membership.organization) == (
        "director", "", member_org,
    )  # fmt: skip
