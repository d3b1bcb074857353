"""The annual report (年度工作报告): its figures against counts made in the test, and the .docx,
PDF and HTML carrying the same numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from chanjiao.cooperation.models import Carrier
from chanjiao.events.models import Ceremony, Event
from chanjiao.reports import annual, services
from chanjiao.reports.charts import report_charts
from chanjiao.reports.documents import to_docx, to_html, to_pdf
from chanjiao.reports.models import CollectionRound, Indicator


@pytest.fixture
def collected(world, secretariat_user, contact_user, member_org):
    """``world``'s 2024 round with the school ``member_org`` (a member since 2021) submitted."""
    from chanjiao.registry.tests.factories import MembershipFactory

    MembershipFactory(body=world, organization=member_org)
    round_ = services.round_open(actor=secretariat_user, body=world, year=2024)
    form = round_.forms.get(organization=member_org)
    values = {i.code: "10" for i in Indicator.objects.filter(source="school")}
    services.form_save(actor=contact_user, form=form, values={**values, "order_students": "120"})
    services.form_submit(actor=contact_user, form=form)
    return round_


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_reports_figures_are_the_records_counts_and_the_submitted_values(world, collected):
    report = annual.build(world, 2024)
    data = report.as_dict()
    figures = {code: f["value"] for code, f in data["indicators"].items()}
    # Counted here from what the world fixture made: five memberships in force at the end of
    # 2024 (member_org joined too), two of its events in 2024, one agreement, one carrier.
    assert figures["members_total"] == 5 and figures["events_held"] == 2
    assert figures["agreements_signed"] == 1 and figures["carriers_founded"] == 1
    assert figures["graduates"] == 75 and figures["placements_hired"] == 2
    assert figures["order_students"] == 120  # one form submitted
    assert figures["internship_positions"] is None  # no enterprise submitted
    assert data["indicators"]["events_held"]["previous"] == 1  # 2023-12-31
    assert data["indicators"]["events_held"]["change"] == 1
    assert sum(data["events_by_month"]) == 2
    assert data["collection"] == {
        "round": collected.pk,
        "status": "open",
        "forms_submitted": 1,
        "forms_total": collected.forms.count(),
    }
    assert data["trend"]["years"] == [2020, 2021, 2022, 2023, 2024]


def test_the_docx_pdf_and_html_carry_the_same_numbers(world, collected):
    report = annual.build(world, 2024)
    docx = _docx_text(to_docx(report))
    html = to_html(report)
    for text in (docx, html):
        assert report.title in text
        assert "成员单位数" in text and "订单培养人数" in text and "120" in text
    pdf = to_pdf(report)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_a_year_without_events_says_so_and_draws_no_empty_monthly_chart(world):
    """2022 had no events: the report says so in words; the monthly chart (an empty plot with
    a y axis from -0.04 to 0.04 before) is left out of every format."""
    from docx import Document

    quiet, busy = annual.build(world, 2022), annual.build(world, 2024)
    assert "events" not in report_charts(quiet) and "events" in report_charts(busy)
    pictures = {
        year: len(Document(io.BytesIO(to_docx(report))).inline_shapes)
        for year, report in ((2022, quiet), (2024, busy))
    }
    assert pictures[2022] == pictures[2024] - 1
    assert 'alt="各月活动"' not in to_html(quiet) and 'alt="各月活动"' in to_html(busy)
    assert "本年度没有登记活动" in to_html(quiet)


def test_written_sections_are_the_secretariats_and_show_in_every_format(
    world, secretariat_user, supervisor_user
):
    services.report_texts_save(
        actor=secretariat_user, body=world, year=2024, texts={"cases": "订单班培养典型案例"}
    )
    with pytest.raises(PermissionDenied):
        services.report_texts_save(
            actor=supervisor_user, body=world, year=2024, texts={"cases": "改写"}
        )
    report = annual.build(world, 2024)
    assert report.texts == {"cases": "订单班培养典型案例"}
    assert "订单班培养典型案例" in _docx_text(to_docx(report))


def test_what_a_ceremony_produced_is_listed_under_its_event(world, secretariat_user):
    event = Event.objects.get(bodies=world, starts_on__month=4, starts_on__year=2024)
    ceremony = Ceremony.objects.create(event=event, kind="unveiling", name="产业学院揭牌")
    Carrier.objects.filter(body=world, founded_on__year=2024).update(ceremony=ceremony)
    report = annual.build(world, 2024)
    line = next(line for line in report.events if line.event == event)
    assert [(c.name, produced) for c, produced in line.ceremonies] == [
        ("产业学院揭牌", [Carrier.objects.get(ceremony=ceremony).name])
    ]


def test_the_report_page_and_downloads_are_for_readers_only(
    client, world, secretariat_user, contact_user, supervisor_user
):
    page = reverse("annual_report", args=[world.pk, 2024])
    docx = reverse("annual_report_download", args=[world.pk, 2024, "docx"])
    client.force_login(contact_user)
    assert client.get(page).status_code == 403
    client.force_login(supervisor_user)
    assert client.get(page).status_code == 200
    assert client.post(page, {"cases": "x"}).status_code == 404
    client.force_login(secretariat_user)
    response = client.get(docx)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "2024" in _docx_text(response.content)
    saved = client.post(page, {"cases": "校企共建案例", "problems": "", "next_year": ""})
    assert saved.status_code == 302
    assert "校企共建案例" in client.get(page).content.decode()
    assert client.get(reverse("annual_report", args=[world.pk, 1900])).status_code == 404


def test_synthetic_values_are_labelled_in_the_report(world, secretariat_user, member_org):
    from chanjiao.registry.tests.factories import MembershipFactory

    MembershipFactory(body=world, organization=member_org)
    round_ = services.round_open(actor=secretariat_user, body=world, year=2024)
    form = round_.forms.get(organization=member_org)
    values = {i.code: "5" for i in Indicator.objects.filter(source="school")}
    services.form_save(actor=secretariat_user, form=form, values=values, is_synthetic=True)
    services.form_submit(actor=secretariat_user, form=form)
    report = annual.build(world, 2024)
    assert report.has_synthetic
    assert "合成数据" in to_html(report) and "合成数据" in _docx_text(to_docx(report))
    assert CollectionRound.objects.get().status == "open"
    assert report.figure("order_students") == Decimal(5)


def test_plan_progress_is_in_the_report(world, secretariat_user):
    from chanjiao.reports.models import Plan, PlanGoal, PlanTarget, PlanTask

    plan = Plan.objects.create(body=world, name="2024—2025 规划", starts_year=2024, ends_year=2025)
    task = PlanTask.objects.create(
        goal=PlanGoal.objects.create(plan=plan, title="目标"), title="任务"
    )
    PlanTarget.objects.create(task=task, year=2024, label="基地", target=2, actual=2)
    PlanTarget.objects.create(task=task, year=2024, label="课程", target=5, actual=1)
    PlanTarget.objects.create(task=task, year=2025, label="教材", target=1)
    report = annual.build(world, 2024)
    assert report.as_dict()["plans"]["2024—2025 规划"] == {
        "not_started": 0,
        "done": 1,
        "on_track": 0,
        "behind": 0,
        "missed": 1,
    }
    assert "规划进展" in _docx_text(to_docx(report)) and "2024—2025 规划" in to_html(report)


def test_four_cooperations_five_elements_and_supply_demand_by_category(world, collected):
    from chanjiao.talent.models import Cohort, Posting

    report = annual.build(world, 2024)
    data = report.as_dict()
    assert data["cooperation"]["合作育人"] == ["order_students", "order_classes", "apprentices"]
    assert data["elements"]["实训基地"][0] == "training_bases"
    assert data["indicators"]["programmes_offered"]["value"] == 3
    # Supply and demand by major category, counted here: the world's 2024 cohorts (45 + 30)
    # and its postings starting in 2024 (12), plus the one without a start when run in 2024.
    supply, demand = {}, {}
    for c in Cohort.objects.filter(body=world, graduation_year=2024):
        supply[c.major.category.name] = supply.get(c.major.category.name, 0) + c.headcount
    for p in Posting.objects.filter(body=world):
        if (p.starts_on or p.created_at.date()).year == 2024:
            name = p.major.category.name if p.major else "未指定专业"
            demand[name] = demand.get(name, 0) + p.headcount
    got = {g["label"]: (g["supply"], g["demand"]) for g in data["talent_gap"]}
    assert got == {k: (supply.get(k, 0), demand.get(k, 0)) for k in set(supply) | set(demand)}
    assert sum(s for s, _d in got.values()) == data["indicators"]["graduates"]["value"]
    assert sum(d for _s, d in got.values()) == data["indicators"]["demand_posted"]["value"]
    docx, html = _docx_text(to_docx(report)), to_html(report)
    for text in (docx, html):
        assert "四个合作" in text and "五大要素" in text and "按专业大类的供需" in text
        assert "专业点数" in text and "订单培养人数" in text


def test_an_english_reader_reads_the_indicators_english_names(client, world, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("annual_report", args=[world.pk, 2024])
    english = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "Member units" in english and "Events held" in english and "成员单位数" not in english
    chinese = client.get(url, headers={"Accept-Language": "zh-hans"}).content.decode()
    assert "成员单位数" in chinese and "Events held" not in chinese
