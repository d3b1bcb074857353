"""Services that change a body's council records: seats, declared counts, charter files."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chanjiao.core.models import ObjectChange
from chanjiao.registry import services
from chanjiao.registry.models import Charter, Committee, CommitteeSeat, DeclaredCount
from chanjiao.registry.tests.factories import BodyFactory, BodyRoleFactory, PersonFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def committee(body):
    return Committee.objects.create(body=body, name="专家委员会")


@pytest.fixture
def seat(committee, member_org):
    return CommitteeSeat.objects.create(committee=committee, organization=member_org)


def test_seat_update_changes_role_and_dates_and_logs_it_under_the_body(
    secretariat_user, seat, body
):
    services.committee_seat_update(
        actor=secretariat_user,
        committee_seat=seat,
        data={"role": "director", "since": datetime.date(2024, 1, 1)},
    )
    seat.refresh_from_db()
    assert (seat.role, seat.since) == ("director", datetime.date(2024, 1, 1))
    change = ObjectChange.objects.filter(content_type__model="committeeseat").latest("id")
    assert change.action == ObjectChange.Action.UPDATE
    assert change.actor == secretariat_user
    assert (change.before["role"], change.after["role"]) == ("member", "director")
    assert change.related_object_id == body.pk


def test_seat_update_moves_the_seat_from_a_unit_to_a_person(secretariat_user, seat):
    person = PersonFactory(name="王主任")
    services.committee_seat_update(
        actor=secretariat_user,
        committee_seat=seat,
        data={"person": person, "organization": None},
    )
    seat.refresh_from_db()
    assert (seat.person, seat.organization) == (person, None)


def test_seat_update_refuses_both_a_person_and_a_unit(secretariat_user, seat):
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_update(
            actor=secretariat_user, committee_seat=seat, data={"person": PersonFactory()}
        )
    assert "organization" in exc.value.message_dict
    seat.refresh_from_db()
    assert seat.person is None


def test_seat_update_refuses_a_seat_with_nobody_holding_it(secretariat_user, seat):
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_update(
            actor=secretariat_user, committee_seat=seat, data={"organization": None}
        )
    assert "person" in exc.value.message_dict


def test_seat_create_refuses_both_a_person_and_a_unit(secretariat_user, committee, member_org):
    with pytest.raises(ValidationError):
        services.committee_seat_create(
            actor=secretariat_user,
            committee=committee,
            person=PersonFactory(),
            organization=member_org,
        )
    assert not CommitteeSeat.objects.exists()


def test_seat_update_refuses_an_end_before_the_start(secretariat_user, seat):
    with pytest.raises(ValidationError) as exc:
        services.committee_seat_update(
            actor=secretariat_user,
            committee_seat=seat,
            data={"since": datetime.date(2024, 6, 1), "until": datetime.date(2024, 1, 1)},
        )
    assert "终止日期不能早于起始日期" in str(exc.value)
    seat.refresh_from_db()
    assert seat.since is None


def test_seat_update_keeps_the_committee(secretariat_user, seat, body, committee):
    other = Committee.objects.create(body=body, name="另一委员会")
    services.committee_seat_update(
        actor=secretariat_user, committee_seat=seat, data={"committee": other, "role": "deputy"}
    )
    seat.refresh_from_db()
    assert (seat.committee, seat.role) == (committee, "deputy")


def test_another_bodys_secretariat_may_not_change_or_delete_a_seat(seat):
    stranger = BodyRoleFactory(body=BodyFactory(name="别的集团")).user
    with pytest.raises(PermissionDenied):
        services.committee_seat_update(actor=stranger, committee_seat=seat, data={"role": "deputy"})
    with pytest.raises(PermissionDenied):
        services.committee_seat_delete(actor=stranger, committee_seat=seat)
    assert CommitteeSeat.objects.filter(pk=seat.pk, role="member").exists()


def test_seat_delete_is_logged(secretariat_user, seat):
    services.committee_seat_delete(actor=secretariat_user, committee_seat=seat)
    assert not CommitteeSeat.objects.exists()
    assert ObjectChange.objects.filter(
        content_type__model="committeeseat", action=ObjectChange.Action.DELETE
    ).exists()


def test_declared_count_update_refuses_a_role_another_count_has(secretariat_user, body):
    DeclaredCount.objects.create(body=body, role="member", label="成员单位", value=79)
    count = DeclaredCount.objects.create(body=body, role="director", label="理事单位", value=20)
    with pytest.raises(ValidationError):
        services.declared_count_update(
            actor=secretariat_user, declared_count=count, data={"role": "member"}
        )
    count.refresh_from_db()
    assert count.role == "director"
    services.declared_count_update(
        actor=secretariat_user, declared_count=count, data={"value": 21, "body": BodyFactory()}
    )
    count.refresh_from_db()
    assert (count.value, count.body) == (21, body)


def test_charter_file_set_replaces_the_file_and_refuses_none(secretariat_user, body):
    charter = services.charter_create(actor=secretariat_user, body=body, version="2024")
    with pytest.raises(ValidationError) as exc:
        services.charter_file_set(actor=secretariat_user, charter=charter, file=None)
    assert "file" in exc.value.message_dict
    services.charter_file_set(
        actor=secretariat_user,
        charter=charter,
        file=SimpleUploadedFile("章程.pdf", b"%PDF-1.4 new"),
    )
    charter = Charter.objects.get(pk=charter.pk)
    assert charter.file.name.startswith("charters/") and charter.file.name.endswith(".pdf")
    with charter.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 new"
