"""The annual report's 人才供需 figures: the cohorts and postings a body counts for a year (the
talent app's scope: filed under the body, or under none by a member unit, read at the year's
end), the same in the report, the indicators and the supervisor's table; and synthetic records
(合成数据) labelled wherever a figure counts them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chanjiao.reports import annual, supervision
from chanjiao.reports.documents import to_docx
from chanjiao.reports.indicators import RULES, computed
from chanjiao.talent.models import Cohort, Placement, Posting
from chanjiao.talent.selectors import talent_gap
from chanjiao.talent.tests.factories import CohortFactory, PostingFactory, StudentFactory

D = datetime.date


@pytest.fixture
def unfiled(world):
    """Rows the world's units filed under no body, and rows of units that are not its members
    at the end of 2024 (a stranger school; 成都丁科技, which left in September 2024)."""
    from chanjiao.registry.tests.factories import OrganizationFactory

    college = world.memberships.get(role="chair").organization
    firm = world.memberships.get(role="member", since=None).organization
    left = world.memberships.get(until=D(2024, 9, 1)).organization
    stranger = OrganizationFactory(name="外地职业技术学院", kind="vocational_college")
    CohortFactory(school=college, intake_year=2021, graduation_year=2024, headcount=20)
    CohortFactory(school=stranger, intake_year=2021, graduation_year=2024, headcount=300)
    PostingFactory(enterprise=firm, headcount=7, starts_on=D(2024, 3, 1))
    PostingFactory(enterprise=left, headcount=400, starts_on=D(2024, 3, 1))
    return world


def _synthetic(report, code):
    return next(f.is_synthetic for f in report.figures if f.indicator.code == code)


def test_a_bodys_talent_figures_count_what_its_member_units_filed_under_no_body(unfiled):
    """75 graduates filed under the body + 20 its chair college filed under none; demand 12
    filed + 7 its member firm posted under none (the world's posting without a start counts in
    the year it was recorded: not 2024). The stranger's 300 and the 400 of the firm that left
    before the year's end are not the body's."""
    world = unfiled
    figures = computed(world, 2024, ["graduates", "demand_posted", "programmes_offered"])
    assert figures["graduates"] == 95
    assert figures["demand_posted"] == 19
    report = annual.build(world, 2024)
    assert report.figure("graduates") == 95 and report.figure("demand_posted") == 19
    # the supply–demand table counts the same cohorts and postings as the figures
    assert sum(g.supply for g in report.gaps) == 95
    assert sum(g.demand for g in report.gaps) == 19


def test_the_supervisors_table_counts_a_units_unfiled_cohorts_under_each_of_its_bodies(
    unfiled, admin_user
):
    """The chair college is a member of the world and of the other body: its unfiled 20
    graduates count for both, beside each body's own filed cohorts (the other has none in 2024)."""
    world = unfiled
    other = Cohort.objects.exclude(body=None).exclude(body=world).first().body
    values = RULES["graduates"].values([world.pk, other.pk], 2024)
    assert values == {world.pk: 95, other.pk: 20}
    rows, _indicator = supervision.table(admin_user, 2024, order="graduates")
    by_body = {r.body.pk: r.value for r in rows}
    assert by_body[world.pk] == 95 and by_body[other.pk] == 20
    assert RULES["graduates"](other, 2024) == 20


def test_the_reports_graduates_are_the_talent_pages_supply_for_the_body_and_year(
    unfiled, admin_user
):
    world = unfiled
    rows = talent_gap(actor=admin_user, body=world.pk, year=2024, by="category")
    assert sum(r.supply for r in rows) == annual.build(world, 2024).figure("graduates") == 95


def test_a_programme_run_by_a_member_school_unfiled_counts_once_per_body(world):
    college = world.memberships.get(role="chair").organization
    filed = Cohort.objects.get(body=world, school=college, graduation_year=2025)
    before = computed(world, 2024, ["programmes_offered"])["programmes_offered"]
    # the same school × major again, filed under no body: the same 专业点
    CohortFactory(school=college, major=filed.major, intake_year=2024, graduation_year=2027)
    assert computed(world, 2024, ["programmes_offered"])["programmes_offered"] == before
    # another major of that school, filed under no body: one more
    CohortFactory(school=college, intake_year=2024, graduation_year=2027)
    assert computed(world, 2024, ["programmes_offered"])["programmes_offered"] == before + 1


def test_no_synthetic_record_no_label(world):
    report = annual.build(world, 2024)
    assert not report.has_synthetic and not report.gaps_synthetic
    assert not any(f.is_synthetic for f in report.talent)


def test_graduates_from_synthetic_cohorts_are_labelled_in_every_format(world, admin_client):
    Cohort.objects.filter(body=world, graduation_year=2024, headcount=45).update(is_synthetic=True)
    report = annual.build(world, 2024)
    assert _synthetic(report, "graduates") and not _synthetic(report, "demand_posted")
    assert report.gaps_synthetic and report.has_synthetic
    data = report.as_dict()
    assert data["indicators"]["graduates"]["is_synthetic"] is True
    assert data["talent_gap_synthetic"] is True
    page = admin_client.get(reverse("annual_report", args=[world.pk, 2024])).content.decode()
    assert "本报告中标注“合成数据”的数值为演示用合成数据" in page
    talent = page[page.index("四、人才供需") : page.index("五、指标")]
    assert talent.count("cj-report-synthetic") == 2  # 毕业生数 and the table by category
    from docx import Document

    doc = Document(io.BytesIO(to_docx(report, charts={})))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert cells.count("毕业生数（合成数据）") == 2  # 人才供需 and the indicators' table
    headings = [p.text for p in doc.paragraphs]
    assert "按专业大类的供需（合成数据）" in headings
    api = admin_client.get(f"/api/v1/bodies/{world.pk}/annual-report", {"year": 2024}).json()
    assert api["indicators"]["graduates"]["is_synthetic"] and api["talent_gap_synthetic"]


def test_a_synthetic_posting_a_member_filed_under_no_body_labels_the_demand(world):
    firm = world.memberships.get(role="member", since=None).organization
    PostingFactory(enterprise=firm, headcount=5, starts_on=D(2024, 5, 1), is_synthetic=True)
    report = annual.build(world, 2024)
    assert report.figure("demand_posted") == 17  # 12 filed + 5
    assert _synthetic(report, "demand_posted") and not _synthetic(report, "graduates")


def test_last_years_synthetic_cohorts_label_the_change_of_this_years_row(world):
    CohortFactory(body=world, intake_year=2020, graduation_year=2023, is_synthetic=True)
    assert _synthetic(annual.build(world, 2024), "graduates")


def test_a_placement_of_a_synthetic_student_labels_the_placements(world):
    posting = Posting.objects.get(body=world, headcount=12)
    student = StudentFactory(is_synthetic=True)
    Placement.objects.create(
        student=student, posting=posting, body=world, status="accepted", accepted_on=D(2024, 8, 1)
    )
    report = annual.build(world, 2024)
    assert report.figure("placements_made") == 3
    assert _synthetic(report, "placements_made") and not _synthetic(report, "placements_hired")


def test_the_supervisors_table_labels_a_value_that_counts_synthetic_records(
    world, client, admin_user
):
    Cohort.objects.filter(body=world, graduation_year=2024).update(is_synthetic=True)
    rows, _indicator = supervision.table(admin_user, 2024, order="graduates")
    flags = {r.body.pk: r.is_synthetic for r in rows}
    assert flags[world.pk] is True and not any(v for k, v in flags.items() if k != world.pk)
    client.force_login(admin_user)
    page = client.get(reverse("supervision"), {"year": 2024, "order": "graduates"})
    assert page.content.decode().count("cj-synthetic") == 1
    export = client.get(
        reverse("supervision"), {"year": 2024, "order": "graduates", "format": "xlsx"}
    )
    sheet = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert sheet[0][-1] == "合成数据"
    marked = {row[1]: row[-1] for row in sheet[1:]}
    assert marked[world.name] == "是" and {v for k, v in marked.items() if k != world.name} <= {
        None,
        "",
    }


def test_the_supervisors_table_labels_a_synthetic_collected_value(
    world, admin_user, secretariat_user, member_org
):
    from chanjiao.registry.tests.factories import MembershipFactory
    from chanjiao.reports import services
    from chanjiao.reports.models import Indicator

    MembershipFactory(body=world, organization=member_org)
    round_ = services.round_open(actor=secretariat_user, body=world, year=2024)
    form = round_.forms.get(organization=member_org)
    values = {i.code: "10" for i in Indicator.objects.filter(source="school")}
    services.form_save(actor=secretariat_user, form=form, values=values, is_synthetic=True)
    services.form_submit(actor=secretariat_user, form=form)
    rows, _indicator = supervision.table(admin_user, 2024, order="order_students")
    row = next(r for r in rows if r.body.pk == world.pk)
    assert row.value == 10 and row.is_synthetic
