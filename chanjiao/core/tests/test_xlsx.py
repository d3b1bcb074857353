"""Exports write formula-like texts as text; uploads are checked before openpyxl parses them."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from chanjiao.core import table_files
from chanjiao.core.testing import LIST_PAGES
from chanjiao.core.xlsx import UnsafeSpreadsheet, append_row, check_xlsx, table_xlsx, workbook_bytes
from chanjiao.registry import excel as registry_excel
from chanjiao.registry.models import ImportJob
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.talent import excel as talent_excel

EVIL = [
    '=HYPERLINK("http://evil.example/x","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _formula_cells(data: bytes) -> list:
    wb = load_workbook(io.BytesIO(data))
    return [
        (ws.title, cell.coordinate, cell.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _texts(data: bytes) -> set:
    wb = load_workbook(io.BytesIO(data))
    return {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def test_table_export_writes_formula_like_texts_as_quoted_text():
    data = table_xlsx(title="t", headers=["名称"], rows=[[v] for v in EVIL] + [[-5], [3.5]])
    assert _formula_cells(data) == []
    wb = load_workbook(io.BytesIO(data))
    cells = [row[0] for row in wb.active.iter_rows(min_row=2)]
    assert [c.value for c in cells[: len(EVIL)]] == EVIL
    assert all(c.data_type == "s" and c.quotePrefix for c in cells[: len(EVIL)])
    # Numbers stay numbers, a negative one included.
    assert [c.value for c in cells[len(EVIL) :]] == [-5, 3.5]


def test_normal_workbook_rows_are_neutralised_when_saved():
    wb = Workbook()
    append_row(wb.active, ["=1+1", "plain"])
    wb.active["C1"] = "=2+2"  # set cell by cell, caught when saving
    assert _formula_cells(workbook_bytes(wb)) == []


@pytest.mark.django_db
def test_member_and_event_exports_write_a_formula_name_as_text(body, secretariat_user):
    from chanjiao.events.exports import events_to_xlsx
    from chanjiao.events.models import Event

    org = OrganizationFactory(name=EVIL[0])
    MembershipFactory(body=body, organization=org, role="member", contact="=1+2")
    event = Event.objects.create(name="=cmd|' /C calc'!A0", kind="conference")
    event.bodies.add(body)
    for data in (
        registry_excel.members_to_xlsx(body, actor=secretariat_user),
        events_to_xlsx(body, actor=secretariat_user),
    ):
        assert _formula_cells(data) == []
    # The name as stored (a Chinese name gets full-width brackets) is written as text, "=" kept.
    org.refresh_from_db()
    assert org.name.startswith("=HYPERLINK")
    assert org.name in _texts(registry_excel.members_to_xlsx(body, actor=secretariat_user))


@pytest.mark.django_db
def test_gap_export_writes_no_formula(body, admin_user):
    assert _formula_cells(talent_excel.gap_to_xlsx(actor=admin_user, body=body.pk)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("url", LIST_PAGES[:6])
def test_list_exports_write_formula_names_as_text(client, admin_user, body, url):
    from chanjiao.cooperation.models import Agreement, Carrier
    from chanjiao.events.models import Event
    from chanjiao.registry.tests.factories import PersonFactory

    body.name = "=1+1 集团"
    body.save()
    OrganizationFactory(name="=2+2")
    PersonFactory(name="=3+3")
    Event.objects.create(name="=4+4", kind="conference").bodies.add(body)
    Agreement.objects.create(title="=5+5", body=body)
    Carrier.objects.create(name="=6+6", body=body)
    client.force_login(admin_user)
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _formula_cells(response.content) == []
    assert any(isinstance(t, str) and t.startswith("=") for t in _texts(response.content))


# --- uploads --------------------------------------------------------------------------------


def _bomb(sheet_bytes: int = 120 * 1024 * 1024) -> bytes:
    """A valid-looking .xlsx whose sheet XML unpacks to ``sheet_bytes`` (built here, never
    committed): a few hundred KB on disk."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        ok = io.BytesIO()
        Workbook().save(ok)
        with zipfile.ZipFile(ok) as src:
            for info in src.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    zf.writestr(info.filename, src.read(info.filename))
        row = b'<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                b'spreadsheetml/2006/main"><sheetData>'
            )
            chunk = row * (1024 * 1024 // len(row))
            written = 0
            while written < sheet_bytes:
                fh.write(chunk)
                written += len(chunk)
            fh.write(b"</sheetData></worksheet>")
    return buf.getvalue()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _bomb()


#: Parsing the bomb takes about a minute (58 s when the issue was found): a refusal within this
#: many seconds was decided at the door. Not a speed target (those are benchmarks); the margin
#: keeps the test true on a busy machine.
AT_THE_DOOR = 5.0


def test_zip_bomb_is_refused_at_the_door_in_little_memory(bomb):
    assert len(bomb) < 2 * 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(UnsafeSpreadsheet) as err:
        check_xlsx(bomb)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < AT_THE_DOOR
    assert peak < 20 * 1024 * 1024
    assert "解压后过大" in str(err.value)


def test_rows_beyond_the_limit_are_refused_before_parsing(settings):
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称"])
    for i in range(60):
        ws.append([f"单位{i}"])
    data = workbook_bytes(wb)
    with pytest.raises(UnsafeSpreadsheet, match="50"):
        check_xlsx(data, rows_limit=50)
    check_xlsx(data, rows_limit=100)


def test_a_lying_dimension_does_not_hide_rows():
    buf = io.BytesIO()
    ok = io.BytesIO()
    Workbook().save(ok)
    with zipfile.ZipFile(ok) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                zf.writestr(info.filename, src.read(info.filename))
        rows = b"".join(
            b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 200)
        )
        zf.writestr(
            "xl/worksheets/sheet1.xml",
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<dimension ref="A1:A1"/><sheetData>' + rows + b"</sheetData></worksheet>",
        )
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(buf.getvalue(), rows_limit=100)


def test_an_upload_over_the_size_setting_is_refused(settings):
    settings.CHANJIAO_XLSX_MAX_BYTES = 1000
    with pytest.raises(UnsafeSpreadsheet, match="过大"):
        check_xlsx(b"PK" + b"\0" * 2000)


def test_not_a_zip_is_refused():
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(b"this is not a workbook")


def test_member_reader_refuses_a_bomb_without_openpyxl(bomb, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("openpyxl must not open a refused file")

    monkeypatch.setattr(table_files, "load_workbook", boom)
    with pytest.raises(registry_excel.ImportFileError):
        registry_excel.read_member_rows(bomb)
    with pytest.raises(talent_excel.ImportFileError):
        talent_excel._table_rows(bomb, "x.xlsx")


@pytest.mark.django_db
def test_member_import_page_answers_a_bomb_with_an_error_without_parsing_it(
    client, body, secretariat_user, bomb
):
    client.force_login(secretariat_user)
    started = time.perf_counter()
    response = client.post(
        reverse("registry:member_import", kwargs={"pk": body.pk}),
        {"file": SimpleUploadedFile("成员.xlsx", bomb)},
    )
    assert time.perf_counter() - started < AT_THE_DOOR
    assert response.status_code == 400
    assert "解压后过大" in response.content.decode()
    assert not ImportJob.objects.exists()  # never stored, never parsed


@pytest.mark.django_db
def test_talent_import_page_answers_a_bomb_with_an_error(client, body, secretariat_user, bomb):
    client.force_login(secretariat_user)
    response = client.post(
        reverse("talent:import", kwargs={"pk": body.pk, "kind": "postings"}),
        {"file": SimpleUploadedFile("岗位.xlsx", bomb)},
    )
    assert response.status_code in (200, 400)
    assert "解压后过大" in response.content.decode()


def test_a_file_is_named_and_written_in_one_language(client, admin_user, body):
    """An English reader downloaded the supervisor's table (English headers) as
    产教融合体对比-2025.xlsx; the events file (Chinese headers) joined its units with English
    commas. A file is named and written in the reader's language throughout: headers, labels,
    the joining commas and its name (the member list, a file imported back, stays Chinese)."""
    from urllib.parse import unquote

    from chanjiao.events.tests.factories import EventFactory

    event = EventFactory(name="成立大会", bodies=[body])
    for name in ("甲学院", "乙集团"):
        event.participations.create(organization=OrganizationFactory(name=name), role="host")
    client.force_login(admin_user)
    client.cookies["django_language"] = "en"
    supervision = client.get(reverse("supervision"), {"year": 2025, "format": "xlsx"})
    assert unquote(supervision["Content-Disposition"]).endswith("Bodies compared-2025.xlsx")
    events = client.get(reverse("body_events_export", args=[body.pk]))
    assert "-events-" in unquote(events["Content-Disposition"])
    texts = _texts(events.content)
    assert "Name" in texts and "名称" not in texts
    assert {"甲学院, 乙集团", "乙集团, 甲学院"} & texts  # not "甲学院、乙集团"
