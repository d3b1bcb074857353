"""The talent lists (培养规模、需求岗位、安置、匹配运行) as declarations: columns, sort keys,
export values (:mod:`chanjiao.core.listing`). A student's name is personal: the placements
export shows it only to readers the privacy rule allows."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chanjiao.core.filters import Filter, FilterSet
from chanjiao.core.listing import Column, ListSpec

from .models import MatchRun, Placement, Posting

COHORTS = ListSpec(
    name="cohorts",
    title=pgettext_lazy("list", "培养规模"),
    default_sort="-graduation_year",
    columns=(
        Column("school", _("学校"), "school.name", sort=True),
        Column("name", _("名称"), sort=True),
        Column("major", _("专业"), "major.name", sort=True),
        Column("major_code", _("专业代码"), "major.code", sort=True),
        Column("category", _("专业大类"), "major.category.name", sort=True),
        Column("intake_year", _("入学"), sort=True),
        Column("graduation_year", _("毕业"), sort=True),
        Column("headcount", _("人数"), sort=True),
        Column("students", _("学生明细"), "student_count", sort=True),
    ),
)

POSTINGS = ListSpec(
    name="postings",
    title=pgettext_lazy("list", "需求岗位"),
    default_sort="",
    columns=(
        Column("title", _("岗位"), sort=True),
        Column("enterprise", _("企业"), "enterprise.name", sort=True),
        Column("kind", _("类型"), "get_kind_display", sort=True),
        Column("major", _("主要专业"), "major.name", sort=True),
        Column("region", _("地区"), sort=True),
        Column("headcount", _("需求"), sort=True),
        Column("placed", _("已安置"), sort=True),
        Column("starts_on", _("开始日期"), sort=True),
        Column("ends_on", _("结束日期"), sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
    ),
)

PLACEMENTS = ListSpec(
    name="placements",
    title=pgettext_lazy("list", "安置"),
    default_sort="",
    columns=(
        Column(
            "student",
            _("学生"),
            "student.display_name",
            personal="display_name",
            personal_of="student",
        ),
        Column("school", _("学校"), "student.cohort.school.name"),
        Column("major", _("专业"), "student.cohort.major.name"),
        Column("posting", _("岗位"), "posting.title", sort=True),
        Column("enterprise", _("企业"), "posting.enterprise.name", sort=True),
        Column("kind", _("类型"), "posting.get_kind_display", sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
        Column("accepted_on", _("确认日期"), sort=True),
        Column("started_on", _("到岗日期"), sort=True),
        Column("finished_on", _("结束日期"), sort=True),
        Column("hired_on", _("录用日期"), sort=True),
        Column(
            "run",
            _("来源"),
            lambda p: f"#{p.run_id}" if p.run_id else str(_("手工")),
            sort="run_id",
        ),
    ),
)

RUNS = ListSpec(
    name="match-runs",
    title=pgettext_lazy("list", "匹配运行"),
    default_sort="-created_at",
    columns=(
        Column("id", _("运行"), lambda r: f"#{r.pk}", sort="id"),
        Column("body", _("产教融合体"), "body.name", sort=True),
        Column("mode", _("方式"), "get_mode_display", sort=True),
        Column("status", _("状态"), "get_status_display", sort=True),
        Column("matched", _("匹配人数"), lambda r: (r.summary or {}).get("matched")),
        Column("accepted", _("已确认"), "accepted_count", sort=True),
        Column("created_by", _("发起人"), lambda r: str(r.created_by or "")),
        Column("created_at", _("发起时间"), sort=True),
    ),
)


# --- filters (one declaration each: the selector's keywords, the API, the filter bar) ---------

COHORT_FILTERS = FilterSet(
    "CohortFilters",
    Filter(
        "body",
        "id",
        _("产教融合体"),
        "Cohorts of this body (and those its member schools filed under none).",
    ),
    Filter("school", "id", _("学校")),
    Filter("major", "id", _("专业")),
    Filter("category", "id", _("专业大类"), "Only majors of this category."),
    Filter("year", "year", _("毕业年份"), "Graduating in this year."),
    Filter("region", "text", _("地区"), "Part of the school's region."),
    search="Words to find in names, schools and majors.",
)

POSTING_FILTERS = FilterSet(
    "PostingFilters",
    Filter(
        "body",
        "id",
        _("产教融合体"),
        "Postings of this body (and those its member units filed under none).",
    ),
    Filter("enterprise", "id", _("企业")),
    Filter("kind", "choice", _("类型"), choices=Posting.Kind),
    Filter("status", "choice", _("状态"), choices=Posting.Status),
    Filter("major", "id", _("专业"), "Postings that take this major."),
    Filter("region", "text", _("地区")),
    Filter("year", "year", _("年份"), "Postings whose period touches this year."),
    search="Words to find in titles, employers and majors.",
)

RUN_FILTERS = FilterSet(
    "MatchRunFilters",
    Filter("body", "id", _("产教融合体")),
    Filter("status", "choice", _("状态"), choices=MatchRun.Status),
)

PLACEMENT_FILTERS = FilterSet(
    "PlacementFilters",
    Filter("body", "id", _("产教融合体")),
    Filter("status", "choice", _("状态"), choices=Placement.Status),
    Filter("run", "id", _("匹配运行")),
    Filter("posting", "id", _("需求岗位")),
    Filter("enterprise", "id", _("企业")),
    Filter("school", "id", _("学校")),
    search="",
)
