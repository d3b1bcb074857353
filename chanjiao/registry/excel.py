"""Member lists (成员名单) to and from Excel (.xlsx), and member import jobs.

Reading a file is plain parsing (:func:`read_member_rows`, column specs on
:mod:`chanjiao.core.tabular`); :func:`member_import_preview` checks every row against the
registry and writes nothing (:mod:`.excel_check`); :func:`member_import_commit` writes all rows
through the registry services (permissions and the change log hold) or nothing at all.
:func:`members_to_xlsx` writes the same columns back, so an export imports again unchanged
(round trip). Import jobs (:class:`~chanjiao.registry.models.ImportJob`) are checked and run by
the background worker with progress (:mod:`chanjiao.core.tabular_jobs`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from chanjiao.accounts.permissions import can_edit_body, require
from chanjiao.core import batches, jobs
from chanjiao.core.tabular import (
    ImportCounts,
    ImportFileError,
    RowError,
    SheetRow,
    as_rows,
    file_error,
    header_sheet,
    join_messages,
    list_validation,
    read_table,
    workbook_bytes,
    zh,
)
from chanjiao.core.tabular import rows_from_dicts as _rows_from_dicts
from chanjiao.core.tabular_jobs import UploadJobs
from chanjiao.core.validators import ascii_digits

from . import services
from .excel_check import (
    COLUMN_LABELS,
    KIND_CODES,
    MEMBER_COLUMNS,
    MEMBER_SPECS,
    ROLE_CODES,
    MemberImportError,
    Preview,
    PreviewRow,
    build_preview,
    kind_label,
    role_label,
)
from .models import ROLE_ORDER, Body, ImportJob, Organization, Role
from .selectors import body_members

__all__ = [
    "COLUMN_LABELS",
    "KIND_CODES",
    "MEMBER_COLUMNS",
    "ROLE_CODES",
    "ImportFileError",
    "MemberImportError",
    "Preview",
    "PreviewRow",
    "RowError",
    "SheetRow",
    "kind_label",
    "role_label",
]


def read_member_rows(source) -> list[SheetRow]:
    """Parse a member list (.xlsx path, bytes or file object) into rows. Plain data, no DB.

    The header row is the first row (of the first ten) that has a 单位名称 (name) column;
    unknown columns are ignored and blank rows skipped.
    """
    return read_table(source, columns=MEMBER_SPECS, key="name", allow_csv=False)


def rows_from_dicts(items: Iterable[dict]) -> list[SheetRow]:
    """Rows given as dicts (keys: field names or headers); numbered as if under a header row."""
    return _rows_from_dicts(items, MEMBER_SPECS)


def _as_rows(file_or_rows) -> list[SheetRow]:
    return as_rows(file_or_rows, MEMBER_SPECS, "name", allow_csv=False)


def require_import_permission(actor, body: Body) -> None:
    require(
        can_edit_body(actor, body),
        _("只有“%(body)s”的秘书处或平台管理员可以导入成员名单") % {"body": body},
    )


def member_import_preview(*, actor, body: Body, file, progress=None) -> Preview:
    """Check a member list against the registry and say per row what would happen.

    Writes nothing. Row errors name the row, the column and what to fix (unknown kind or
    role, a wrong credit-code check digit, a duplicate row, a credit code that belongs to
    another organisation, a second chair, an empty name); a file that cannot be read gives
    one file-level error. Raises PermissionDenied unless the actor runs the body.
    """
    require_import_permission(actor, body)
    try:
        rows = _as_rows(file)
    except ImportFileError as exc:
        return Preview(body=body, rows=[], file_errors=[file_error(exc)])
    return build_preview(body=body, rows=rows, progress=progress)


@dataclass
class ImportResult(ImportCounts):
    """What an import wrote."""

    created_organizations: int = 0
    matched_organizations: int = 0
    created_memberships: int = 0
    skipped: int = 0


#: Batches of an import (docs/decisions/0005; the machinery is chanjiao.core.batches). Read at
#: each call, so a test may shrink them.
IMPORT_BATCH_SECONDS = batches.BATCH_SECONDS
IMPORT_BATCH_ROWS = batches.BATCH_ROWS
IMPORT_BATCH_PAUSE_SQLITE = batches.BATCH_PAUSE_SQLITE

_ORGANIZATION = "registry.organization"
_MEMBERSHIP = "registry.membership"
#: What a failed import takes back, dependants first.
_TAKE_BACK_ORDER = (_MEMBERSHIP, _ORGANIZATION)


def member_import_commit(
    *,
    actor,
    body: Body,
    file_or_rows,
    progress: Callable[[int, int], None] | None = None,
    job: ImportJob | None = None,
    lease: jobs.Lease | None = None,
) -> ImportResult:
    """Import a member list: every row is written, or none is.

    ``file_or_rows`` is an .xlsx (path, bytes, file object) or a list of row dicts. Units are
    matched as in :func:`member_import_preview`; new ones are registered with
    ``organization_create`` and memberships added with ``membership_create``, so permissions
    and the change log (source ``import``) hold. Units already members in the same role are
    skipped, so importing the same file twice writes nothing the second time. Raises
    :class:`MemberImportError` (with the preview) when a row is wrong.

    Every row is checked first; then the rows are written in batches, each its own short
    transaction (:func:`chanjiao.core.batches.write_in_batches`), so a large import never
    holds SQLite's write lock for more than a fraction of a second (docs/decisions/0005).
    When a row fails while writing (a concurrent writer took a name), the rows of the earlier
    batches are taken back out before the error is raised. With a ``job``, the ids written are
    recorded in the job's lease in the same transactions, so a job whose worker was killed can
    be resumed (its rows are matched and skipped) or taken back (``UPLOADS.take_back``).
    """
    require_import_permission(actor, body)
    try:
        rows = _as_rows(file_or_rows)
    except ImportFileError as exc:
        raise MemberImportError(Preview(body=body, rows=[], file_errors=[file_error(exc)])) from exc
    preview = build_preview(body=body, rows=rows)
    if not preview.is_valid:
        raise MemberImportError(preview)

    def write_row(i: int, batch: batches.Batch) -> None:
        row = preview.rows[i]
        try:
            # A unit registered by an earlier row of the same file (``same_as``).
            org = row.organization or batch.recall(row.same_as or 0)
            if org is None:
                fields: dict[str, Any] = {"name": row.name, "kind": row.kind or "other"}
                if row.credit_code:
                    fields["credit_code"] = row.credit_code
                if ascii_digits(row.region):
                    fields["region_code"] = row.region
                elif row.region:
                    fields["region"] = row.region
                org = services.organization_create(actor=actor, registered_by_body=body, **fields)
                batch.remember(row.number, org)
                batch.wrote(org)
                batch.count("created_organizations")
            elif row.organization:
                batch.count("matched_organizations")
            if row.already_member:
                batch.count("skipped")
            else:
                membership = services.membership_create(
                    actor=actor, body=body, organization=org, role=row.role, contact=row.contact
                )
                batch.wrote(membership)
                batch.count("created_memberships")
        except ValidationError as exc:
            # A constraint caught what the check could not see (a concurrent writer).
            messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
            row.errors.append(RowError(row.number, None, join_messages(messages)))
            raise MemberImportError(preview) from exc

    out = batches.write_in_batches(
        len(preview.rows),
        write_row,
        take_back_order=_TAKE_BACK_ORDER,
        job=job,
        lease=lease,
        progress=progress,
        what="importing members",
        batch_seconds=IMPORT_BATCH_SECONDS,
        batch_rows=IMPORT_BATCH_ROWS,
        pause=(
            IMPORT_BATCH_PAUSE_SQLITE if connections[DEFAULT_DB_ALIAS].vendor == "sqlite" else 0
        ),
    )
    result = ImportResult(rows=len(rows))
    for name in (
        "created_organizations",
        "matched_organizations",
        "created_memberships",
        "skipped",
    ):
        setattr(result, name, out.counts[name])
    return result


# --- export ---------------------------------------------------------------------------------


@translation.override("zh-hans")  # a file people exchange: Chinese throughout
def members_to_xlsx(body: Body, *, actor=None) -> bytes:
    """The body's current member list as .xlsx, in the columns the import reads (round trip).

    Kinds and roles are written as Chinese labels with drop-down lists; credit codes as text.
    """
    wb = Workbook()
    ws = header_sheet(
        wb.active, "成员名单", [zh(c.label) for c in MEMBER_SPECS], [40, 14, 16, 24, 18, 18]
    )
    members = sorted(
        body_members(actor=actor, body=body),
        key=lambda m: (ROLE_ORDER.get(m.role, 99), m.organization.name),
    )
    for m in members:
        org = m.organization
        ws.append(
            [
                org.name,
                kind_label(org.kind),
                role_label(m.role),
                org.credit_code or "",
                org.region or org.region_code,
                m.contact,
            ]
        )
    for col in ("D",):  # keep leading zeros and long digit runs as text
        for cell in ws[col][1:]:
            cell.number_format = "@"
    last = max(ws.max_row, 2) + 500
    for letter, choices in (("B", Organization.Kind.choices), ("C", Role.choices)):
        list_validation(ws, letter, [zh(label) for _c, label in choices], last)
    return workbook_bytes(wb)


# --- import jobs ----------------------------------------------------------------------------


def preview_to_dict(preview: Preview) -> dict:
    """A preview as plain JSON data (stored on the job by the background check)."""
    keys = ("number", "name", "kind", "role", "credit_code", "region", "contact", "match")
    return {
        "file_errors": [e.to_dict() for e in preview.file_errors],
        "rows": [
            {
                **{k: getattr(r, k) for k in keys},
                "organization": r.organization.pk if r.organization else None,
                "same_as": r.same_as,
                "already_member": r.already_member,
                "errors": [e.to_dict() for e in r.errors],
                "warnings": list(r.warnings),
                "letters": r.letters,
                "raw": r.raw,
            }
            for r in preview.rows
        ],
    }


def preview_from_dict(body: Body, data: dict) -> Preview:
    """The :class:`Preview` stored by :func:`preview_to_dict` (its units loaded in one query)."""
    ids = {r["organization"] for r in data.get("rows", []) if r.get("organization")}
    orgs = Organization.objects.in_bulk(ids)
    rows = []
    for r in data.get("rows", []):
        fields = {k: v for k, v in r.items() if k not in ("organization", "errors")}
        row = PreviewRow(**fields, organization=orgs.get(r.get("organization")))
        row.errors = [RowError.from_dict(e) for e in r.get("errors", [])]
        rows.append(row)
    return Preview(
        body=body,
        rows=rows,
        file_errors=[RowError.from_dict(e) for e in data.get("file_errors", [])],
    )


def _run(actor, job: ImportJob, data: bytes, progress, lease) -> ImportResult:
    preview = member_import_preview(
        actor=actor, body=job.body, file=data, progress=progress.checking
    )
    if not preview.is_valid:
        raise MemberImportError(preview)
    lease.check()
    progress.phase(ImportJob.Phase.WRITING, len(preview.rows))
    return member_import_commit(
        actor=actor,
        body=job.body,
        file_or_rows=data,
        progress=progress.writing,
        job=job,
        lease=lease,
    )


UPLOADS = UploadJobs(
    model=ImportJob,
    done_status=ImportJob.Status.SUCCEEDED,
    require=require_import_permission,
    check=lambda actor, job, data: member_import_preview(actor=actor, body=job.body, file=data),
    failed_check=lambda job, message: Preview(
        body=job.body, rows=[], file_errors=[file_error(message)]
    ),
    to_dict=preview_to_dict,
    from_dict=lambda job, data: preview_from_dict(job.body, data),
    run=_run,
    take_back_order=_TAKE_BACK_ORDER,
    upload_to=lambda job, name: f"body{job.body.pk}-{timezone.now():%Y%m%d%H%M%S}.xlsx",
)


def import_job_create(*, actor, body: Body, file, name: str = "") -> ImportJob:
    """Store an uploaded member list under MEDIA_ROOT/imports/ for preview and confirmation."""
    return UPLOADS.create(actor=actor, body=body, file=file, name=name, default_name="members.xlsx")


def import_job_preview(*, actor, job: ImportJob) -> Preview:
    """The preview of a stored upload (nothing written)."""
    with job.file.open("rb") as fh:
        return member_import_preview(actor=actor, body=job.body, file=fh.read())
