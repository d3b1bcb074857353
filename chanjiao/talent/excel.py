"""Talent lists to and from files: demand postings, cohorts, students and their choices
(:mod:`.excel_students`) from .xlsx or .csv (preview with row errors, then all rows or none),
the majors catalogue (:mod:`.excel_majors`), and the gap analysis to .xlsx (:mod:`.exports`).

Each import is a list of column specs on :mod:`chanjiao.core.tabular`. A preview checks every
row against the registry and the catalogue and writes nothing; a commit writes all rows through
the services (permissions and the change log, source ``import``) in short batches, or nothing
at all (what was written is taken back: docs/decisions/0005). An upload from the web is parsed
by the worker only (:mod:`chanjiao.core.tabular_jobs`): its preview by
``UPLOADS.check_run``, its import by ``UPLOADS.run_job``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from chanjiao.accounts.permissions import require
from chanjiao.core import batches, jobs
from chanjiao.core.tabular import (
    Column,
    ImportCounts,
    ImportFileError,
    ImportPreview,
    ImportRow,
    RowError,
    SheetRow,
    accepted,
    as_rows,
    choice_map,
    empty_preview,
    join_messages,
    labels,
    model_errors,
    no_rows_error,
    parse_date,
    parse_int,
    read_table,
    table_rows,
)
from chanjiao.core.tabular import template_xlsx as _template_xlsx
from chanjiao.core.tabular_jobs import UploadJobs, phased
from chanjiao.core.words import listed
from chanjiao.registry.models import Body

from . import services
from .excel_majors import (
    LEVEL_CODES,
    MAJOR_COLUMNS,
    MajorImportResult,
    TalentImportError,
    majors_import,
    majors_preview,
)
from .excel_resolve import Resolver
from .excel_students import (
    APPLICATION_COLUMNS,
    STUDENT_COLUMNS,
    applications_preview,
    students_preview,
)
from .exports import gap_to_xlsx
from .models import Cohort, Posting, TalentImport, split_skills
from .permissions import can_import

__all__ = [
    "APPLICATION_COLUMNS",
    "COHORT_COLUMNS",
    "STUDENT_COLUMNS",
    "KIND_CODES",
    "LEVEL_CODES",
    "MAJOR_COLUMNS",
    "POSTING_COLUMNS",
    "STATUS_CODES",
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "ImportRow",
    "MajorImportResult",
    "RowError",
    "SheetRow",
    "TalentImportError",
    "gap_to_xlsx",
    "import_commit",
    "import_preview",
    "majors_import",
    "majors_preview",
    "read_table",
    "require_import_permission",
    "template_xlsx",
]

# --- postings (需求岗位) and cohorts (培养规模) ------------------------------------------------

POSTING_COLUMNS: list[Column] = [
    Column(
        "enterprise",
        gettext_lazy("用人单位"),
        ("企业", "企业名称", "单位", "单位名称", "enterprise", "employer"),
    ),
    Column("title", gettext_lazy("岗位名称"), ("岗位", "名称", "title", "position", "posting")),
    Column("kind", gettext_lazy("类型"), ("岗位类型", "kind", "type")),
    Column("major", gettext_lazy("主要专业"), ("专业", "专业代码", "major")),
    Column("majors", gettext_lazy("其他可接受专业"), ("可接受专业", "其他专业", "majors")),
    Column("skills", gettext_lazy("技能要求"), ("技能", "skills")),
    Column("region", gettext_lazy("工作地区"), ("地区", "工作地点", "region")),
    # "需求"/"Demand": the header of the postings list export (talent/lists.py).
    Column("headcount", gettext_lazy("需求人数"), ("人数", "需求", "headcount", "demand")),
    Column("starts_on", gettext_lazy("开始日期"), ("开始", "starts_on", "start")),
    Column("ends_on", gettext_lazy("结束日期"), ("结束", "ends_on", "end")),
    Column("status", gettext_lazy("状态"), ("status",)),
    Column("description", gettext_lazy("说明"), ("描述", "备注", "description")),
]
COHORT_COLUMNS: list[Column] = [
    Column("school", gettext_lazy("学校"), ("院校", "学校名称", "单位", "school")),
    Column("major", gettext_lazy("专业"), ("专业代码", "专业名称", "major")),
    Column("name", gettext_lazy("名称"), ("班级", "班级名称", "name")),
    # "入学"/"毕业": the headers of the cohorts list export (talent/lists.py).
    Column(
        "intake_year", gettext_lazy("入学年份"), ("入学年", "入学", "年级", "intake_year", "intake")
    ),
    Column(
        "graduation_year",
        gettext_lazy("毕业年份"),
        ("毕业年", "毕业", "届", "graduation_year", "graduation"),
    ),
    Column("headcount", gettext_lazy("人数"), ("学生人数", "毕业生人数", "headcount")),
    Column("skills", gettext_lazy("技能"), ("技能证书", "skills")),
    Column("notes", gettext_lazy("备注"), ("notes",)),
]

_KIND_SYNONYMS = {
    "实习": "internship",
    "就业": "job",
    "学徒": "apprenticeship",
    "学徒制": "apprenticeship",
}
_STATUS_SYNONYMS = {"开放": "open", "招聘中": "open", "关闭": "closed", "结束": "closed"}
KIND_CODES = choice_map(Posting.Kind.choices, _KIND_SYNONYMS)
STATUS_CODES = choice_map(Posting.Status.choices, _STATUS_SYNONYMS)


def _table_rows(data: bytes, filename: str = "") -> list[list]:
    """Every row of the first sheet of an .xlsx, or of a .csv (kept for tests)."""
    return table_rows(data, filename)


def _choice(row: ImportRow, column: str, codes: dict, choices, default: str, message) -> str:
    text = row.values.get(column, "").strip()
    if not text:
        return default
    code = codes.get(text.lower(), "")
    if not code:
        row.add_error(column, message % {"v": text, "ok": accepted(choices)})
    return code


def _duplicate(row: ImportRow, seen: dict, key: tuple, column: str, message) -> None:
    if key in seen:
        row.add_error(column, message % {"n": seen[key]})
    else:
        seen[key] = row.number


def _postings_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    names = labels(POSTING_COLUMNS)
    resolver = Resolver(
        [r.values.get("enterprise", "") for r in rows],
        [r.values.get("major", "") for r in rows]
        + [m for r in rows for m in split_skills(r.values.get("majors", ""))],
    )
    preview = ImportPreview(kind="postings", columns=list(names.items()), rows=[])
    seen: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=names)
        v = row.values
        enterprise = None
        if not v.get("enterprise", "").strip():
            row.add_error("enterprise", _("用人单位为空"))
        else:
            enterprise, problem = resolver.organization(v["enterprise"])
            if problem:
                row.add_error("enterprise", problem)
        title = v.get("title", "").strip()
        if not title:
            row.add_error("title", _("岗位名称为空"))
        kind = _choice(
            row,
            "kind",
            KIND_CODES,
            Posting.Kind.choices,
            Posting.Kind.INTERNSHIP.value,
            _("未知类型“%(v)s”，可填：%(ok)s"),
        )
        status = _choice(
            row,
            "status",
            STATUS_CODES,
            Posting.Status.choices,
            Posting.Status.OPEN.value,
            _("未知状态“%(v)s”，可填：%(ok)s"),
        )
        major = None
        if v.get("major", "").strip():
            major, problem = resolver.major(v["major"])
            if problem:
                row.add_error("major", problem)
        majors = []
        for ref in split_skills(v.get("majors", "")):
            other, problem = resolver.major(ref)
            if problem:
                row.add_error("majors", problem)
            elif other not in majors and other != major:
                majors.append(other)
        headcount = parse_int(row, "headcount", lo=1, hi=1_000_000, required=True)
        starts_on, ends_on = parse_date(row, "starts_on"), parse_date(row, "ends_on")
        data = {
            "enterprise": enterprise,
            "title": title[:200],
            "kind": kind,
            "major": major,
            "majors": [m.pk for m in majors],
            "skills": split_skills(v.get("skills", "")),
            "region": v.get("region", "").strip()[:100],
            "headcount": headcount,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "status": status,
            "description": v.get("description", "").strip(),
            "body": body,
        }
        if row.ok:
            instance = Posting(**{k: val for k, val in data.items() if k != "majors"})
            model_errors(row, instance, names)
        if row.ok:
            _duplicate(
                row,
                seen,
                (enterprise.pk, title, kind, starts_on),
                "title",
                _("与第 %(n)d 行重复（同一单位、岗位、类型和开始日期）"),
            )
            # One filed under no body by the unit shows in the body's list (and its export).
            row.existing = (
                Posting.objects.filter(Q(body=body) | Q(body__isnull=True))
                .filter(enterprise=enterprise, title=title, kind=kind, starts_on=starts_on)
                .order_by(F("body").desc(nulls_last=True), "pk")
                .first()
            )
        row.data = data
        preview.rows.append(row)
    return preview


def _cohorts_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    names = labels(COHORT_COLUMNS)
    resolver = Resolver(
        [r.values.get("school", "") for r in rows], [r.values.get("major", "") for r in rows]
    )
    preview = ImportPreview(kind="cohorts", columns=list(names.items()), rows=[])
    seen: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=names)
        v = row.values
        school = major = None
        if not v.get("school", "").strip():
            row.add_error("school", _("学校为空"))
        else:
            school, problem = resolver.organization(v["school"])
            if problem:
                row.add_error("school", problem)
        if not v.get("major", "").strip():
            row.add_error("major", _("专业为空"))
        else:
            major, problem = resolver.major(v["major"])
            if problem:
                row.add_error("major", problem)
        intake = parse_int(row, "intake_year", lo=1949, hi=2100, required=True)
        graduation = parse_int(row, "graduation_year", lo=1949, hi=2100, required=True)
        headcount = parse_int(row, "headcount", lo=0, hi=1_000_000, required=True)
        name = v.get("name", "").strip()[:200]
        data = {
            "school": school,
            "major": major,
            "name": name,
            "intake_year": intake,
            "graduation_year": graduation,
            "headcount": headcount,
            "skills": split_skills(v.get("skills", "")),
            "notes": v.get("notes", "").strip(),
            "body": body,
        }
        if row.ok:
            _duplicate(
                row,
                seen,
                (school.pk, major.pk, intake, name),
                "name",
                _("与第 %(n)d 行重复（同一学校、专业、入学年份和名称）"),
            )
            row.existing = Cohort.objects.filter(
                school=school, major=major, intake_year=intake, name=name
            ).first()
        if row.ok and row.existing is None:
            # Checked only when new: a row recorded already fails the unique constraint.
            model_errors(row, Cohort(**data), names)
        row.data = data
        preview.rows.append(row)
    return preview


#: kind -> (columns, key column, preview builder, service that creates a row, title).
_KINDS = {
    "postings": (
        POSTING_COLUMNS,
        "enterprise",
        _postings_preview,
        lambda: services.posting_create,
        pgettext_lazy("list", "需求岗位"),
    ),
    "cohorts": (
        COHORT_COLUMNS,
        "school",
        _cohorts_preview,
        lambda: services.cohort_create,
        pgettext_lazy("list", "培养规模"),
    ),
    "students": (
        STUDENT_COLUMNS,
        "display_name",
        students_preview,
        lambda: services.student_create,
        gettext_lazy("学生"),
    ),
    "applications": (
        APPLICATION_COLUMNS,
        "student",
        applications_preview,
        lambda: services.application_create,
        gettext_lazy("志愿"),
    ),
}


def columns_of(kind: str):
    """The columns of an import of ``kind`` (postings, cohorts, students, applications)."""
    return _KINDS[kind][0]


def require_import_permission(actor, body: Body) -> None:
    require(
        can_import(actor, body),
        _("只有“%(body)s”的秘书处或平台管理员可以导入") % {"body": body},
    )


def import_preview(*, actor, body: Body, kind: str, file, filename: str = "") -> ImportPreview:
    """Check a postings, cohorts, students or applications file (``kind``) and say per row
    what would happen.

    Writes nothing. Row errors name the row, the column and what to fix (an organisation not
    in the registry, a major not in the catalogue, an unknown kind, a bad number or date, a
    duplicate row, an end before the start); rows already recorded are skipped.
    """
    require_import_permission(actor, body)
    columns, key, build, _create, _title = _KINDS[kind]
    try:
        rows = as_rows(file, columns, key, filename)
    except ImportFileError as exc:
        return empty_preview(kind, columns, exc)
    if missing := [f for f in _REQUIRED.get(kind, ()) if rows and not _given(rows, f)]:
        names = labels(columns)
        return empty_preview(
            kind,
            columns,
            _("文件缺少%(names)s列：请按模板补上这些列后再导入")
            % {"names": listed(f"“{names[f]}”" for f in missing)},
        )
    preview = build(body=body, rows=rows)
    if not rows:
        preview.file_errors.append(no_rows_error())
    return preview


#: The columns a file of a kind must have (each row fills them).
_REQUIRED = {
    "postings": ("title", "headcount"),
    "cohorts": ("major", "intake_year", "graduation_year", "headcount"),
}


def _given(rows: list[SheetRow], column: str) -> bool:
    """Whether the file has the column (a row read from a file holds every column found)."""
    return any(column in r.values for r in rows)


@dataclass
class ImportResult(ImportCounts):
    """What an import wrote."""

    created: int = 0
    skipped: int = 0


#: What a failed import takes back, dependants first (a posting's majors go with it).
_TAKE_BACK_ORDER = ("talent.application", "talent.student", "talent.posting", "talent.cohort")


def import_commit(
    *,
    actor,
    body: Body,
    kind: str,
    file,
    filename: str = "",
    progress: Callable[[int, int], None] | None = None,
    job: TalentImport | None = None,
    lease: jobs.Lease | None = None,
) -> ImportResult:
    """Import a postings, cohorts, students or applications file: every row is written, or
    none is.

    Every row is checked first (raises :class:`TalentImportError` with the preview when any
    row is wrong, nothing written). The rows are then written through the services in short
    batches, each its own transaction (:func:`chanjiao.core.batches.write_in_batches`,
    docs/decisions/0005), so a large file never holds SQLite's write lock for seconds; when a
    write fails, what the earlier batches wrote is taken back before the error is raised. Rows
    already recorded are skipped, so importing the same file twice writes nothing the second
    time, and a job resumed after its worker died skips the rows the dead run wrote. With a
    ``job``, the ids written are recorded in its lease in the same transactions.
    """
    require_import_permission(actor, body)
    preview = import_preview(actor=actor, body=body, kind=kind, file=file, filename=filename)
    if not preview.is_valid:
        raise TalentImportError(preview)
    create = _KINDS[kind][3]()

    def write_row(i: int, batch: batches.Batch) -> None:
        row = preview.rows[i]
        if row.existing is not None:
            batch.count("skipped")
            return
        try:
            obj = create(actor=actor, **row.data)
        except ValidationError as exc:
            # A constraint caught what the preview could not see (a concurrent writer).
            row.add_error(None, join_messages(exc.messages))
            raise TalentImportError(preview) from exc
        batch.wrote(obj)
        batch.count("created")

    out = batches.write_in_batches(
        len(preview.rows),
        write_row,
        take_back_order=_TAKE_BACK_ORDER,
        job=job,
        lease=lease,
        progress=progress,
        what=f"importing {kind}",
    )
    return ImportResult(
        rows=len(preview.rows), created=out.counts["created"], skipped=out.counts["skipped"]
    )


def template_xlsx(kind: str) -> bytes:
    """An empty workbook with the headers of a postings, cohorts, students or applications
    import (in the active language)."""
    columns, _key, _build, _create, title = _KINDS[kind if kind in _KINDS else "cohorts"]
    return _template_xlsx(title, columns)


# --- stored uploads, checked and imported by the worker ----------------------------------------


def _run(actor, job: TalentImport, data: bytes, progress, lease) -> ImportResult:
    return import_commit(
        actor=actor,
        body=job.body,
        kind=job.kind,
        file=data,
        filename=job.original_name,
        progress=phased(progress, TalentImport.Phase.WRITING),
        job=job,
        lease=lease,
    )


def _upload_to(job: TalentImport, name: str) -> str:
    suffix = ".csv" if name.lower().endswith(".csv") else ".xlsx"
    return f"body{job.body.pk}-{job.kind}-{timezone.now():%Y%m%d%H%M%S}{suffix}"


UPLOADS = UploadJobs(
    model=TalentImport,
    done_status=TalentImport.Status.IMPORTED,
    require=require_import_permission,
    check=lambda actor, job, data: import_preview(
        actor=actor, body=job.body, kind=job.kind, file=data, filename=job.original_name
    ),
    failed_check=lambda job, message: empty_preview(job.kind, _KINDS[job.kind][0], message),
    to_dict=ImportPreview.to_dict,
    from_dict=lambda job, data: ImportPreview.from_dict(data),
    run=_run,
    take_back_order=_TAKE_BACK_ORDER,
    upload_to=_upload_to,
)


def talent_import_create(*, actor, body: Body, kind: str, file, name: str = "") -> TalentImport:
    """Store an upload under MEDIA_ROOT/imports/talent/ for its background check."""
    return UPLOADS.create(
        actor=actor, body=body, file=file, name=name, default_name=f"{kind}.xlsx", kind=kind
    )


def talent_import_preview(*, actor, job: TalentImport) -> ImportPreview:
    """The preview of a stored upload, computed now (nothing written). Parses the file: call
    it from the worker (``UPLOADS.check_run``), not from a web request."""
    with job.file.open("rb") as fh:
        return UPLOADS.check(actor, job, fh.read())


def preview_to_dict(preview: ImportPreview) -> dict:
    """A preview as plain JSON data (stored on the job by the background check)."""
    return preview.to_dict()


preview_from_dict = ImportPreview.from_dict
