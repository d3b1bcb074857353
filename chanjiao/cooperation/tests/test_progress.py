"""A carrier's milestones and yearly figures: validation, the state they give, who records
them, the indicators they feed, and the secretariat's to-do list."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chanjiao.cooperation import progress
from chanjiao.cooperation.models import Agreement, Carrier, CarrierMilestone
from chanjiao.cooperation.selectors import (
    agreements_needing_attention,
    carrier_list,
    carriers_with_overdue_milestones,
)
from chanjiao.cooperation.tests.factories import (
    AgreementFactory,
    CarrierFactory,
    FigureFactory,
    MilestoneFactory,
)
from chanjiao.core.models import ObjectChange
from chanjiao.registry.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
K = CarrierMilestone.Kind
TODAY = timezone.localdate()
AGO = TODAY - datetime.timedelta(days=30)


@pytest.fixture
def carrier(body, member_org):
    return CarrierFactory(name="数字工匠产业学院", body=body, owners=[member_org])


def test_first_intake_needs_a_headcount_and_recognition_a_level(carrier, secretariat_user):
    with pytest.raises(ValidationError) as error:
        progress.milestone_create(
            actor=secretariat_user, carrier=carrier, kind=K.FIRST_INTAKE, done_on=AGO
        )
    assert "headcount" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        progress.milestone_create(
            actor=secretariat_user, carrier=carrier, kind=K.RECOGNISED, done_on=AGO
        )
    assert "level" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        progress.milestone_create(actor=secretariat_user, carrier=carrier, kind=K.BASE_BUILT)
    assert "done_on" in error.value.message_dict  # neither planned nor done
    with pytest.raises(ValidationError) as error:
        progress.milestone_create(
            actor=secretariat_user,
            carrier=carrier,
            kind=K.BASE_BUILT,
            done_on=TODAY + datetime.timedelta(days=1),
        )
    assert "done_on" in error.value.message_dict  # not done yet: a plan


def test_state_and_level_follow_the_done_milestones(carrier, secretariat_user):
    def state():
        carrier.refresh_from_db()
        return carrier.state, carrier.level

    assert state() == ("planning", "")
    founded = progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.FOUNDED, done_on=D(2023, 9, 1)
    )
    assert state() == ("founded", "")
    carrier.refresh_from_db()
    assert carrier.founded_on == D(2023, 9, 1)  # the founding gives the date
    progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.FIRST_INTAKE, done_on=D(2023, 9, 10),
        headcount=45,
    )  # fmt: skip
    assert state() == ("running", "")
    # planned, not done: nothing changes
    progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.RECOGNISED, level="national",
        due_on=TODAY + datetime.timedelta(days=300),
    )  # fmt: skip
    assert state() == ("running", "")
    city = progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.RECOGNISED, level="city", done_on=AGO
    )
    progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.RECOGNISED, level="provincial",
        done_on=AGO,
    )  # fmt: skip
    assert state() == ("recognised", "provincial")  # the highest level
    progress.milestone_update(
        actor=secretariat_user, milestone=city, data={"kind": K.CLOSED, "level": ""}
    )
    assert state() == ("closed", "provincial")
    progress.milestone_delete(actor=secretariat_user, milestone=city)
    assert state() == ("recognised", "provincial")
    assert founded.recorded_by == secretariat_user
    # the carrier's history says so, in the same log
    assert ObjectChange.objects.filter(
        object_id=carrier.pk, action="update", after__state="recognised"
    ).exists()


def test_owner_units_contacts_record_milestones_others_do_not(
    carrier, contact_user, other_secretariat_user, other_contact_user, supervisor_user
):
    milestone = progress.milestone_create(
        actor=contact_user, carrier=carrier, kind=K.BASE_BUILT, done_on=AGO
    )
    assert milestone.recorded_by == contact_user
    for actor in (other_secretariat_user, other_contact_user, supervisor_user):
        with pytest.raises(PermissionDenied):
            progress.milestone_create(actor=actor, carrier=carrier, kind=K.OTHER, done_on=AGO)
        with pytest.raises(PermissionDenied):
            progress.figure_create(actor=actor, carrier=carrier, year=2024)


def test_an_owner_units_contact_sees_its_carrier_of_an_unpublished_body(
    body, carrier, contact_user, other_contact_user
):
    body.is_published = False
    body.save()
    assert carrier in carrier_list(actor=contact_user)
    assert carrier not in carrier_list(actor=other_contact_user)


def test_evidence_file_and_name(carrier, secretariat_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    milestone = progress.milestone_create(
        actor=secretariat_user, carrier=carrier, kind=K.EQUIPMENT, done_on=AGO,
        evidence=SimpleUploadedFile("验收报告.pdf", b"%PDF"), link="https://example.cn/news/1",
    )  # fmt: skip
    assert milestone.evidence_name == "验收报告.pdf"
    assert milestone.evidence.name.startswith("carrier-evidence/")
    # a form sends the stored file back unchanged: the name stays
    progress.milestone_update(
        actor=secretariat_user, milestone=milestone, data={"evidence": milestone.evidence}
    )
    milestone.refresh_from_db()
    assert milestone.evidence_name == "验收报告.pdf"


def test_overdue_milestones(carrier):
    late = MilestoneFactory(carrier=carrier, kind=K.BASE_BUILT, due_on=AGO)
    coming = MilestoneFactory(carrier=carrier, due_on=TODAY + datetime.timedelta(days=3))
    done = MilestoneFactory(carrier=carrier, due_on=AGO, done_on=AGO)
    assert (late.is_overdue(), coming.is_overdue(), done.is_overdue()) == (True, False, False)
    assert coming.is_overdue(TODAY + datetime.timedelta(days=4))


def test_carriers_with_overdue_milestones_for_the_secretariat(
    carrier, body, secretariat_user, other_secretariat_user, admin_user,
    django_assert_num_queries,
):  # fmt: skip
    MilestoneFactory(carrier=carrier, kind=K.BASE_BUILT, due_on=AGO)
    MilestoneFactory(carrier=carrier, kind=K.EQUIPMENT, due_on=AGO - datetime.timedelta(days=9))
    on_time = CarrierFactory(body=body)
    MilestoneFactory(carrier=on_time, due_on=TODAY + datetime.timedelta(days=9))
    for i in range(3):
        MilestoneFactory(carrier=CarrierFactory(body=body, name=f"其他{i}"), due_on=AGO)
    with django_assert_num_queries(3):  # the roles, the carriers, their overdue milestones
        rows = list(carriers_with_overdue_milestones(actor=secretariat_user))
    assert len(rows) == 4 and on_time not in rows
    mine = next(r for r in rows if r == carrier)
    assert mine.overdue_count == 2
    assert [m.kind for m in mine.overdue_milestones] == [K.EQUIPMENT, K.BASE_BUILT]
    assert list(carriers_with_overdue_milestones(actor=other_secretariat_user)) == []
    assert len(list(carriers_with_overdue_milestones(actor=admin_user))) == 4


def test_agreements_needing_attention_say_why(
    body, secretariat_user, other_secretariat_user, django_assert_num_queries
):
    S = Agreement.Status
    expiring = AgreementFactory(title="甲", body=body, status=S.EXPIRING, ends_on=TODAY)
    past = AgreementFactory(title="乙", body=body, status=S.IN_FORCE, ends_on=AGO)
    quiet = AgreementFactory(title="丙", body=body, status=S.DRAFT)
    Agreement.objects.filter(pk=quiet.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=400)
    )
    fine = AgreementFactory(title="丁", body=body, status=S.DRAFT)
    ended = AgreementFactory(title="戊", body=body, status=S.ENDED, ends_on=AGO)
    AgreementFactory(title="他", body=BodyFactory(), status=S.EXPIRING)
    for _i in range(3):
        AgreementFactory(body=body, status=S.SIGNED)
    with django_assert_num_queries(2):  # the roles, the agreements
        rows = agreements_needing_attention(actor=secretariat_user)
    reasons = {a.title: [code for code, _label in a.reasons] for a in rows}
    assert reasons["甲"] == ["expiring", "no_document"]
    assert reasons["乙"] == ["no_document", "past_end"]
    assert reasons["丙"] == ["inactive"]
    assert fine.title not in reasons and ended.title not in reasons and "他" not in reasons
    assert len(rows) == 6  # and the three signed ones without a document
    assert agreements_needing_attention(actor=other_secretariat_user) == []
    assert expiring in rows and past in rows


def test_figures_are_unique_per_year_and_not_negative(carrier, secretariat_user):
    progress.figure_create(actor=secretariat_user, carrier=carrier, year=2024, students=120)
    with pytest.raises(ValidationError):
        progress.figure_create(actor=secretariat_user, carrier=carrier, year=2024)
    with pytest.raises(ValidationError):
        progress.figure_create(
            actor=secretariat_user, carrier=carrier, year=2025, equipment_value=Decimal("-1")
        )


def test_carrier_indicators_equal_the_sum_of_the_body_carriers_figures(body):
    from chanjiao.reports.indicators import DEFAULT_CATALOGUE, computed

    a, b = CarrierFactory(body=body), CarrierFactory(body=body)
    FigureFactory(carrier=a, year=2024, students=120, teachers=8, equipment_value=Decimal("350.5"))
    FigureFactory(carrier=b, year=2024, students=80, courses=12, equipment_value=Decimal("100"))
    FigureFactory(carrier=a, year=2023, students=999)  # another year
    FigureFactory(carrier=CarrierFactory(body=BodyFactory()), year=2024, students=999)
    values = computed(
        body,
        2024,
        ["carrier_students", "carrier_courses", "carrier_teachers", "carrier_equipment_value"],
    )
    assert values == {
        "carrier_students": Decimal(200),
        "carrier_courses": Decimal(12),
        "carrier_teachers": Decimal(8),
        "carrier_equipment_value": Decimal("450.5"),
    }
    codes = {row[0] for row in DEFAULT_CATALOGUE}
    assert {"carrier_students", "carrier_equipment_value"} <= codes


def test_the_catalogue_migration_installed_the_carrier_indicators(db):
    from chanjiao.reports.models import Indicator

    assert (
        Indicator.objects.filter(
            code__in=["carrier_students", "carrier_equipment_value"], rule__startswith="carrier_"
        ).count()
        == 2
    )


def test_a_carrier_filters_by_state_and_level(body, secretariat_user):
    recognised = CarrierFactory(name="甲", body=body)
    progress.milestone_create(
        actor=secretariat_user, carrier=recognised, kind=K.RECOGNISED, level="provincial",
        done_on=AGO,
    )  # fmt: skip
    CarrierFactory(name="乙", body=body)
    names = lambda **f: [c.name for c in carrier_list(actor=secretariat_user, **f)]  # noqa: E731
    assert names(state="recognised") == ["甲"]
    assert names(level="provincial") == ["甲"]
    assert names(state="planning") == ["乙"]
    assert Carrier.objects.get(name="甲").level == "provincial"
