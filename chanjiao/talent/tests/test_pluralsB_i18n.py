"""English counts and files of the talent pages (pluralsB): "1 students are already placed",
"1 rows: …", "Now: 1 cohorts …", and a gap export in Chinese for a reader of the English page.
The English tests read the catalogue; the Chinese ones prove the text did not change."""

import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from chanjiao.talent import excel, services
from chanjiao.talent.tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_a_headcount_below_one_placed_student_says_student_in_english(
    world, body, secretariat_user
):
    posting = world["postings"]["mech"]
    student = StudentFactory(cohort=world["cohorts"]["a_mech"])
    services.placement_create(actor=secretariat_user, student=student, posting=posting, body=body)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.posting_update(actor=secretariat_user, posting=posting, data={"headcount": 0})
    assert refused.value.message_dict["headcount"] == [
        "1 student is already placed: the headcount cannot be lower"
    ]


def _import_progress(language: str, rows: int, created: int, skipped: int) -> str:
    job = SimpleNamespace(
        pk=1,
        body_id=1,
        kind="postings",
        status="imported",
        is_finished=True,
        summary={"rows": rows, "created": created, "skipped": skipped},
        errors=[],
        done=rows,
        total=rows,
    )
    with translation.override(language):
        html = render_to_string("talent/_import_progress.html", {"job": job, "list_url": "/"})
    return " ".join(html.split())


def test_an_import_of_one_row_says_row_in_english():
    assert "1 row: 1 added, 0 existing rows skipped." in _import_progress("en", 1, 1, 0)
    assert "2 rows: 1 added, 1 existing row skipped." in _import_progress("en", 2, 1, 1)


def test_the_import_summary_reads_as_before_in_chinese():
    text = _import_progress("zh-hans", 3, 2, 1)
    assert "共 3 行：新增 2 行，已有记录跳过 1 行。" in text


def test_the_run_form_counts_cohorts_students_and_postings_in_english(
    world, body, secretariat_user
):
    client = Client()
    client.force_login(secretariat_user)
    url = reverse("talent:run_create") + f"?body={body.pk}"
    client.cookies["django_language"] = "en"
    response = client.get(url)
    stats = response.context["stats"]
    page = " ".join(response.content.decode().split())

    def counted(n, noun, nouns):
        return f"{n} {noun if n == 1 else nouns}"

    assert (
        f"Now: {counted(stats['cohorts'], 'cohort', 'cohorts')}, "
        f"{counted(stats['students'], 'student record', 'student records')}, and "
        f"{counted(stats['postings'], 'open posting', 'open postings')} "
        f"({counted(stats['demand'], 'person', 'people')} in all)."
    ) in page
    client.cookies["django_language"] = "zh-hans"
    page = " ".join(client.get(url).content.decode().split())
    assert (
        f"当前：{stats['cohorts']} 个培养规模、{stats['students']} 名学生明细、"
        f"{stats['postings']} 个招募中的岗位共 {stats['demand']} 人。"
    ) in page


def test_the_gap_export_follows_the_readers_language(world, body):
    with translation.override("en"):
        wb = load_workbook(io.BytesIO(excel.gap_to_xlsx(actor=None, body=body.pk, year=2026)))
    assert wb.sheetnames == ["By major", "By major category", "By industry", "By region", "Notes"]
    header = next(wb["By major"].iter_rows(values_only=True))
    assert header[:3] == ("Major", "Supply (graduates)", "Demand (postings)")
    notes = dict(wb["Notes"].iter_rows(values_only=True))
    assert notes["Body"] == body.name and notes["Region"] == "All"


def test_the_gap_export_page_names_the_file_in_english(world, body, admin_user):
    client = Client()
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("talent:gap_export"), {"body": body.pk, "year": 2026})
    named = response["Content-Disposition"].split("filename*=UTF-8''", 1)[1]
    assert named.startswith("talent-gap-")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "By major"
