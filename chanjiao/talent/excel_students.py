"""Students (学生) and their choices (志愿) from .xlsx or .csv: column specs on
:mod:`chanjiao.core.tabular`, written through the services by :func:`.excel.import_commit`.

A student row names its cohort as the cohorts import does (school, major, intake year and the
cohort's name), then the student's name or code; an application row names the student the same
way, then the posting (employer and title) and the student's rank of it. Cohorts, students
and postings must be recorded first; rows already recorded are skipped.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chanjiao.core.tabular import (
    Column,
    ImportPreview,
    ImportRow,
    SheetRow,
    labels,
    model_errors,
    parse_int,
)
from chanjiao.registry.models import Body

from .excel_resolve import Resolver
from .models import Application, Cohort, Posting, Student, split_skills

_COHORT_COLUMNS = [
    Column("school", gettext_lazy("学校"), ("院校", "学校名称", "school")),
    Column("major", gettext_lazy("专业"), ("专业代码", "专业名称", "major")),
    Column("intake_year", gettext_lazy("入学年份"), ("入学年", "年级", "intake_year", "intake")),
    Column("cohort", gettext_lazy("班级"), ("班级名称", "培养规模", "cohort")),
]
STUDENT_COLUMNS: list[Column] = [
    *_COHORT_COLUMNS,
    Column("display_name", gettext_lazy("姓名或代号"), ("姓名", "学号", "代号", "display_name")),
    Column("skills", gettext_lazy("技能"), ("技能证书", "skills")),
    Column("region", gettext_lazy("意向地区"), ("地区", "region")),
]
APPLICATION_COLUMNS: list[Column] = [
    *_COHORT_COLUMNS,
    Column("student", gettext_lazy("姓名或代号"), ("姓名", "学号", "代号", "学生", "student")),
    Column("enterprise", gettext_lazy("用人单位"), ("企业", "企业名称", "enterprise")),
    Column("posting", gettext_lazy("岗位名称"), ("岗位", "posting", "title")),
    Column("student_rank", gettext_lazy("志愿顺序"), ("志愿", "student_rank", "rank")),
    Column("enterprise_rank", gettext_lazy("企业排序"), ("enterprise_rank",)),
    Column("enterprise_score", gettext_lazy("企业评分"), ("评分", "enterprise_score", "score")),
]


class _Cohorts:
    """The body's cohorts, found by the school, major, intake year and name a row gives."""

    def __init__(self, body: Body, rows: list[SheetRow], extra_orgs=()):
        self.resolver = Resolver(
            [r.values.get("school", "") for r in rows] + list(extra_orgs),
            [r.values.get("major", "") for r in rows],
        )
        self.by_key = {
            (c.school_id, c.major_id, c.intake_year, c.name): c
            for c in Cohort.objects.filter(body=body)
        }

    def find(self, row: ImportRow) -> Cohort | None:
        v = row.values
        school = major = None
        for column in ("school", "major"):
            if not v.get(column, "").strip():
                row.add_error(column, _("必填"))
        if v.get("school", "").strip():
            school, problem = self.resolver.organization(v["school"])
            if problem:
                row.add_error("school", problem)
        if v.get("major", "").strip():
            major, problem = self.resolver.major(v["major"])
            if problem:
                row.add_error("major", problem)
        intake = parse_int(row, "intake_year", lo=1949, hi=2100, required=True)
        if not row.ok:
            return None
        name = v.get("cohort", "").strip()
        cohort = self.by_key.get((school.pk, major.pk, intake, name))
        if cohort is None:
            row.add_error("cohort", _("本产教融合体中没有这个培养规模（班级）：请先导入培养规模"))
        return cohort


def students_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    """Check a students file: each row's cohort must be recorded in ``body``."""
    names = labels(STUDENT_COLUMNS)
    cohorts = _Cohorts(body, rows)
    preview = ImportPreview(kind="students", columns=list(names.items()), rows=[])
    existing = {(s.cohort_id, s.display_name): s for s in Student.objects.filter(cohort__body=body)}
    seen: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=names)
        v = row.values
        cohort = cohorts.find(row)
        display_name = v.get("display_name", "").strip()
        if not display_name:
            row.add_error("display_name", _("必填"))
        row.data = {
            "cohort": cohort,
            "display_name": display_name[:100],
            "skills": split_skills(v.get("skills", "")),
            "region": v.get("region", "").strip()[:100],
        }
        if row.ok:
            key = (cohort.pk, row.data["display_name"])
            if key in seen:
                row.add_error(
                    "display_name", _("与第 %(n)d 行重复（同一班级、同一学生）") % {"n": seen[key]}
                )
            seen.setdefault(key, row.number)
            row.existing = existing.get(key)
        if row.ok and row.existing is None:
            model_errors(row, Student(**row.data), names)
        preview.rows.append(row)
    return preview


def applications_preview(*, body: Body, rows: list[SheetRow]) -> ImportPreview:
    """Check an applications file: each row's student and posting must be recorded."""
    names = labels(APPLICATION_COLUMNS)
    cohorts = _Cohorts(body, rows, [r.values.get("enterprise", "") for r in rows])
    preview = ImportPreview(kind="applications", columns=list(names.items()), rows=[])
    students = {(s.cohort_id, s.display_name): s for s in Student.objects.filter(cohort__body=body)}
    postings: dict[tuple, list[Posting]] = {}
    for p in Posting.objects.filter(body=body):
        postings.setdefault((p.enterprise_id, p.title), []).append(p)
    applied = {
        (a.student_id, a.posting_id): a
        for a in Application.objects.filter(student__cohort__body=body).only(
            "pk", "student_id", "posting_id"
        )
    }
    seen: dict[tuple, int] = {}
    seen_rank: dict[tuple, int] = {}
    for sheet_row in rows:
        row = ImportRow(number=sheet_row.number, values=sheet_row.values, labels=names)
        v = row.values
        cohort = cohorts.find(row)
        student = posting = None
        name = v.get("student", "").strip()
        if not name:
            row.add_error("student", _("必填"))
        elif cohort is not None:
            student = students.get((cohort.pk, name))
            if student is None:
                row.add_error("student", _("该班级中没有学生“%(v)s”：请先导入学生") % {"v": name})
        enterprise = None
        if not v.get("enterprise", "").strip():
            row.add_error("enterprise", _("用人单位为空"))
        else:
            enterprise, problem = cohorts.resolver.organization(v["enterprise"])
            if problem:
                row.add_error("enterprise", problem)
        title = v.get("posting", "").strip()
        if not title:
            row.add_error("posting", _("岗位名称为空"))
        elif enterprise is not None:
            found = postings.get((enterprise.pk, title), [])
            if len(found) == 1:
                posting = found[0]
            elif found:
                row.add_error(
                    "posting", _("该单位有多个同名岗位“%(v)s”：请先改名区分") % {"v": title}
                )
            else:
                row.add_error(
                    "posting", _("本产教融合体中该单位没有岗位“%(v)s”：请先导入岗位") % {"v": title}
                )
        rank = parse_int(row, "student_rank", lo=1, hi=100, required=True)
        enterprise_rank = parse_int(row, "enterprise_rank", lo=1, hi=100_000, required=False)
        score = None
        if v.get("enterprise_score", "").strip():
            try:
                score = float(v["enterprise_score"])
                if not 0 <= score <= 100:
                    raise ValueError
            except ValueError:
                row.add_error(
                    "enterprise_score", _("应在 %(lo)d–%(hi)d 之间") % {"lo": 0, "hi": 100}
                )
        row.data = {
            "student": student,
            "posting": posting,
            "student_rank": rank,
            "enterprise_rank": enterprise_rank,
            "enterprise_score": score,
        }
        if row.ok:
            key = (student.pk, posting.pk)
            if key in seen:
                row.add_error(
                    "posting", _("与第 %(n)d 行重复（同一学生、同一岗位）") % {"n": seen[key]}
                )
            seen.setdefault(key, row.number)
            if (student.pk, rank) in seen_rank:
                row.add_error(
                    "student_rank",
                    _("与第 %(n)d 行志愿顺序重复") % {"n": seen_rank[(student.pk, rank)]},
                )
            seen_rank.setdefault((student.pk, rank), row.number)
            row.existing = applied.get(key)
        if row.ok and row.existing is None:
            model_errors(row, Application(**row.data), names)
        preview.rows.append(row)
    return preview
