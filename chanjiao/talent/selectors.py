"""Every talent read that is more than ``.get()``, scoped to what the actor may see, and the
supply–demand gap analysis (人才供需分析).

A body's talent is what is filed under it, plus what its current member units filed under no
body at all: a school records its cohorts once and every body it belongs to sees them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Left
from django.utils.translation import gettext as _

from chanjiao.accounts.permissions import (
    contact_organization_ids,
    is_platform_admin,
    role_body_ids,
)
from chanjiao.accounts.privacy import redacted, search_personal
from chanjiao.core.selectors import search
from chanjiao.core.words import aside
from chanjiao.registry.models import Membership
from chanjiao.registry.selectors import visible_bodies

from .models import (
    Application,
    Cohort,
    Major,
    MajorCategory,
    MatchAcceptance,
    MatchProposal,
    MatchRun,
    Placement,
    Posting,
    Student,
)

#: Placements that hold a student and a seat (a withdrawn one frees both).
ACTIVE_PLACEMENT = ("accepted", "started", "finished", "hired")
#: Placements that keep a student out of a new match run.
BUSY_PLACEMENT = ("accepted", "started", "hired")


def body_scope(body_ids, *, body_field: str = "body", org_field: str) -> Q:
    """Rows filed under one of ``body_ids``, or under no body by a current member unit."""
    ids = list(body_ids)
    members = Membership.objects.current().filter(body_id__in=ids).values("organization_id")
    return Q(**{f"{body_field}_id__in": ids}) | Q(
        **{f"{body_field}__isnull": True, f"{org_field}_id__in": members}
    )


def _seen_body_scope(actor, body: int, *, body_field: str = "body", org_field: str) -> Q:
    """:func:`body_scope` of one body; one hidden from the actor keeps nothing, as an unknown id
    does, so a filter never tells who the members of an unpublished body are."""
    if not visible_bodies(actor).filter(pk=body).exists():
        return Q(pk__in=[])
    return body_scope([body], body_field=body_field, org_field=org_field)


def _public(qs: QuerySet, actor, body_field: str = "body") -> QuerySet:
    # Filed under an unpublished body: hidden with it. Filed under none: public.
    return qs.filter(
        Q(**{f"{body_field}__isnull": True}) | Q(**{f"{body_field}__in": visible_bodies(actor)})
    )


# --- the majors catalogue (专业目录) --------------------------------------------------------


def major_list(
    *,
    actor=None,
    q: str | None = None,
    level: str | None = None,
    category: int | None = None,
    industry: str | None = None,
) -> QuerySet[Major]:
    """Majors of the catalogue; ``q`` searches codes, names and industries."""
    qs = search(Major.objects.all(), q, ["code", "name", "industry"])
    if level:
        qs = qs.filter(level=level)
    if category:
        qs = qs.filter(category_id=category)
    if industry:
        qs = qs.filter(industry__icontains=industry)
    return qs.select_related("category", "major_class")


def major_category_list(*, actor=None, level: str | None = None) -> QuerySet[MajorCategory]:
    """The categories (专业大类) with how many majors each has."""
    qs = MajorCategory.objects.all()
    if level:
        qs = qs.filter(level=level)
    return qs.annotate(major_count=Count("majors"))


# --- cohorts (培养规模) and postings (需求岗位) ---------------------------------------------


def cohort_list(
    *,
    actor,
    q: str | None = None,
    body: int | None = None,
    school: int | None = None,
    major: int | None = None,
    category: int | None = None,
    year: int | None = None,
    region: str | None = None,
) -> QuerySet[Cohort]:
    """Cohorts the actor may see; ``year`` is the graduation year, ``body`` includes the
    cohorts its member schools filed under no body."""
    qs = search(
        _public(Cohort.objects.all(), actor),
        q,
        ["name", "school__name", "school__short_name", "major__name", "major__code"],
    )
    if body:
        qs = qs.filter(_seen_body_scope(actor, body, org_field="school"))
    if school:
        qs = qs.filter(school_id=school)
    if major:
        qs = qs.filter(major_id=major)
    if category:
        qs = qs.filter(major__category_id=category)
    if year:
        qs = qs.filter(graduation_year=year)
    if region:
        qs = qs.filter(school__region__icontains=region)
    qs = (
        qs.select_related("school", "major__category", "body")
        .annotate(student_count=Count("students", distinct=True))
        .order_by("-graduation_year", "school__name", "major__name", "name", "id")
    )
    # Internal notes: the school, the body's secretariat and admins (chanjiao.accounts.privacy).
    return redacted(qs, actor)


def posting_list(
    *,
    actor,
    q: str | None = None,
    body: int | None = None,
    enterprise: int | None = None,
    kind: str | None = None,
    status: str | None = None,
    major: int | None = None,
    region: str | None = None,
    year: int | None = None,
) -> QuerySet[Posting]:
    """Postings the actor may see; ``major`` matches the main or any accepted major; ``year``
    keeps postings whose period touches that year."""
    qs = search(
        _public(Posting.objects.all(), actor),
        q,
        ["title", "enterprise__name", "enterprise__short_name", "major__name", "region"],
    )
    if body:
        qs = qs.filter(_seen_body_scope(actor, body, org_field="enterprise"))
    if enterprise:
        qs = qs.filter(enterprise_id=enterprise)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if major:
        qs = qs.filter(
            Q(major_id=major)
            | Q(pk__in=Posting.majors.through.objects.filter(major_id=major).values("posting_id"))
        )
    if region:
        qs = qs.filter(region__icontains=region)
    if year:
        qs = qs.filter(_period_touches(year))
    return (
        qs.select_related("enterprise", "major__category", "body")
        .prefetch_related("majors")
        .annotate(
            placed=Count(
                "placements", filter=Q(placements__status__in=ACTIVE_PLACEMENT), distinct=True
            )
        )
        .order_by("status", F("starts_on").desc(nulls_last=True), "title", "id")
    )


def _period_touches(year: int) -> Q:
    return (Q(starts_on__isnull=True) | Q(starts_on__year__lte=year)) & (
        Q(ends_on__isnull=True) | Q(ends_on__year__gte=year)
    )


# --- students and applications (personal data: signed-in roles only) ----------------------


def visible_students(actor) -> QuerySet[Student]:
    """Admins see every student; a body's role holders see the body's; a school's contact its
    own. Nobody else sees students at all."""
    qs = Student.objects.all()
    if is_platform_admin(actor):
        return qs
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    cond = Q(cohort__school_id__in=contact_organization_ids(actor))
    bodies = role_body_ids(actor)
    if bodies:
        cond |= body_scope(bodies, body_field="cohort__body", org_field="cohort__school")
    return qs.filter(cond)


def student_list(
    *,
    actor,
    q: str | None = None,
    cohort: int | None = None,
    body: int | None = None,
    synthetic: bool | None = None,
) -> QuerySet[Student]:
    """Students the actor may see; ``q`` searches names, skills and regions."""
    qs = search_personal(
        visible_students(actor),
        q,
        user=actor,
        fields=["region"],
        personal=["display_name"],
        model=Student,
    )
    if cohort:
        qs = qs.filter(cohort_id=cohort)
    if body:
        qs = qs.filter(
            _seen_body_scope(actor, body, body_field="cohort__body", org_field="cohort__school")
        )
    if synthetic is not None:
        qs = qs.filter(is_synthetic=synthetic)
    # A body's viewers and supervisor see its students, but not who they are.
    return redacted(qs.select_related("cohort__school", "cohort__major"), actor)


def application_list(
    *, actor, student: int | None = None, posting: int | None = None
) -> QuerySet[Application]:
    """Applications of visible students, and those to postings of the actor's own enterprise."""
    qs = Application.objects.all()
    if not is_platform_admin(actor):
        qs = qs.filter(
            Q(student__in=visible_students(actor))
            | Q(posting__enterprise_id__in=contact_organization_ids(actor))
        )
    if student:
        qs = qs.filter(student_id=student)
    if posting:
        qs = qs.filter(posting_id=posting)
    qs = qs.select_related("student", "posting__enterprise").order_by(
        "student__display_name", "student_rank", "id"
    )
    return redacted(qs, actor, related=("student",))


# --- match runs, proposals and placements ------------------------------------------------


def match_run_list(
    *, actor, body: int | None = None, status: str | None = None
) -> QuerySet[MatchRun]:
    """Runs of the bodies the actor holds a role in (all for admins), newest first."""
    qs = MatchRun.objects.all()
    if not is_platform_admin(actor):
        qs = qs.filter(body_id__in=role_body_ids(actor))
    if body:
        qs = qs.filter(body_id=body)
    if status:
        qs = qs.filter(status=status)
    # Its background acceptances ("全部确认" of many proposals), the latest first.
    latest = Prefetch("acceptances", MatchAcceptance.objects.order_by("-id"), "acceptance_jobs")
    qs = qs.select_related("body", "created_by").prefetch_related(latest)
    return qs.annotate(
        proposal_count=Count("proposals", distinct=True),
        accepted_count=Count("proposals", filter=Q(proposals__decision="accepted"), distinct=True),
    )


def proposal_list(
    *, actor, run: MatchRun, decision: str | None = None, q: str | None = None
) -> QuerySet[MatchProposal]:
    """A run's proposed matches, best score first."""
    qs = search_personal(
        MatchProposal.objects.filter(run=run),
        q,
        user=actor,
        fields=["posting__title", "posting__enterprise__name"],
        personal=["student__display_name"],
        model=Student,
        path="student",
    )
    if decision:
        qs = qs.filter(decision=decision)
    qs = qs.select_related(
        "student__cohort__school", "student__cohort__major", "posting__enterprise"
    ).order_by("-score", "id")
    return redacted(qs, actor, related=("student",))


def proposals_in_closed_postings(*, run: MatchRun) -> int:
    """How many of a run's pending proposals are for postings closed since (not acceptable)."""
    return run.proposals.filter(decision="proposed", posting__status="closed").count()


def visible_placements(actor) -> QuerySet[Placement]:
    """Admins, the body's role holders, and the contacts of the school and the enterprise."""
    qs = Placement.objects.all()
    if is_platform_admin(actor):
        return qs
    if not getattr(actor, "is_authenticated", False):
        return qs.none()
    orgs = contact_organization_ids(actor)
    return qs.filter(
        Q(body_id__in=role_body_ids(actor))
        | Q(posting__enterprise_id__in=orgs)
        | Q(student__cohort__school_id__in=orgs)
    )


def placement_list(
    *,
    actor,
    q: str | None = None,
    body: int | None = None,
    status: str | None = None,
    run: int | None = None,
    posting: int | None = None,
    enterprise: int | None = None,
    school: int | None = None,
) -> QuerySet[Placement]:
    """Placements the actor may see, newest first."""
    qs = search_personal(
        visible_placements(actor),
        q,
        user=actor,
        fields=["posting__title", "posting__enterprise__name"],
        personal=["student__display_name"],
        model=Student,
        path="student",
    )
    if body:
        qs = qs.filter(body_id=body)
    if status:
        qs = qs.filter(status=status)
    if run:
        qs = qs.filter(run_id=run)
    if posting:
        qs = qs.filter(posting_id=posting)
    if enterprise:
        qs = qs.filter(posting__enterprise_id=enterprise)
    if school:
        qs = qs.filter(student__cohort__school_id=school)
    qs = qs.select_related(
        "student__cohort__school", "student__cohort__major", "posting__enterprise", "body", "run"
    )
    return redacted(qs, actor, related=("student",))


# --- the supply–demand gap (人才供需缺口) ---------------------------------------------------

GAP_DIMENSIONS = ("major", "category", "industry", "region")

# What each dimension groups by: (cohort field, posting field). Regions are compared by
# province (省级): the first two characters name every province-level region unambiguously
# (四川省成都市 → 四川), so a school in 成都 and a posting in 四川省 meet.
_GAP_FIELDS = {
    "major": ("major_id", "major_id"),
    "category": ("major__category_id", "major__category_id"),
    "industry": ("major__industry", "major__industry"),
    "region": ("school__region", "region"),
}

#: The 34 province-level regions (省级行政区) by their first two characters.
PROVINCES = {
    name[:2]: name
    for name in [
        "北京市",
        "天津市",
        "河北省",
        "山西省",
        "内蒙古自治区",
        "辽宁省",
        "吉林省",
        "黑龙江省",
        "上海市",
        "江苏省",
        "浙江省",
        "安徽省",
        "福建省",
        "江西省",
        "山东省",
        "河南省",
        "湖北省",
        "湖南省",
        "广东省",
        "广西壮族自治区",
        "海南省",
        "重庆市",
        "四川省",
        "贵州省",
        "云南省",
        "西藏自治区",
        "陕西省",
        "甘肃省",
        "青海省",
        "宁夏回族自治区",
        "新疆维吾尔自治区",
        "台湾省",
        "香港特别行政区",
        "澳门特别行政区",
    ]
}


@dataclass
class GapRow:
    """Supply (graduating headcount) beside demand (open posted headcount) for one group.

    ``gap`` is demand − supply: above zero, industry needs more than schools train (短缺);
    below zero, schools train more than is asked for (过剩).
    """

    key: str
    label: str
    supply: int
    demand: int

    @property
    def gap(self) -> int:
        return self.demand - self.supply

    @property
    def ratio(self) -> float | None:
        """Demand per graduate (None without graduates)."""
        return round(self.demand / self.supply, 2) if self.supply else None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "supply": self.supply,
            "demand": self.demand,
            "gap": self.gap,
            "ratio": self.ratio,
        }


def gap_querysets(
    *, actor, body: int | None = None, region: str | None = None, year: int | None = None
) -> tuple[QuerySet[Cohort], QuerySet[Posting]]:
    """The cohorts (supply) and open postings (demand) a gap analysis counts. ``body`` is
    one the actor may see: the API, the pages and ``reports.chains`` check it first."""
    cohorts = _public(Cohort.objects.all(), actor)
    postings = _public(Posting.objects.filter(status=Posting.Status.OPEN), actor)
    if body:
        cohorts = cohorts.filter(body_scope([body], org_field="school"))
        postings = postings.filter(body_scope([body], org_field="enterprise"))
    if region:
        cohorts = cohorts.filter(school__region__icontains=region)
        postings = postings.filter(region__icontains=region)
    if year:
        cohorts = cohorts.filter(graduation_year=year)
        postings = postings.filter(_period_touches(year))
    return cohorts, postings


def _sums(qs: QuerySet, field: str, by: str) -> dict:
    # One GROUP BY query: {group value: summed headcount}.
    group = Left(field, 2) if by == "region" else F(field)
    rows = (
        qs.order_by()
        .annotate(group=group)
        .values("group")
        .annotate(n=Sum("headcount"))
        .values_list("group", "n")
    )
    out: dict = {}
    for key, n in rows:
        key = key or None  # "" and None are both "not given"
        out[key] = out.get(key, 0) + (n or 0)
    return out


def _labels(by: str, keys) -> dict:
    ids = [k for k in keys if k is not None]
    if by == "major":
        return {m.pk: str(m) for m in Major.objects.filter(pk__in=ids)}
    if by == "category":
        return {
            c.pk: aside(f"{c.code} {c.name}", c.get_level_display())
            for c in MajorCategory.objects.filter(pk__in=ids)
        }
    if by == "region":
        return {k: PROVINCES.get(k, str(k)) for k in ids}
    return {k: str(k) for k in ids}


def _none_label(by: str) -> str:
    return {
        "major": _("未指定专业"),
        "category": _("未指定专业"),
        "industry": _("未对应行业"),
        "region": _("未填地区"),
    }[by]


def talent_gap(
    *,
    actor,
    body: int | None = None,
    region: str | None = None,
    year: int | None = None,
    by: str = "major",
) -> list[GapRow]:
    """Supply and demand grouped ``by`` major, category, industry or region (province),
    largest gap (shortage or surplus) first.

    Supply is the headcount of cohorts graduating in ``year``; demand the headcount of open
    postings whose period touches ``year`` (each counted under its main major). Both are
    summed by the database (two GROUP BY queries); only the grouped totals meet in Python.
    """
    if by not in _GAP_FIELDS:
        raise ValueError(f"unknown dimension {by!r}")
    cohorts, postings = gap_querysets(actor=actor, body=body, region=region, year=year)
    cohort_field, posting_field = _GAP_FIELDS[by]
    supply = _sums(cohorts, cohort_field, by)
    demand = _sums(postings, posting_field, by)
    keys = set(supply) | set(demand)
    labels = _labels(by, keys)
    rows = [
        GapRow(
            key="" if key is None else str(key),
            label=labels.get(key, str(key)) if key is not None else _none_label(by),
            supply=supply.get(key, 0),
            demand=demand.get(key, 0),
        )
        for key in keys
    ]
    rows.sort(key=lambda r: (-abs(r.gap), -r.demand, r.label))
    return rows


def gap_includes_synthetic(
    *, actor, body: int | None = None, region: str | None = None, year: int | None = None
) -> bool:
    """Whether any cohort or posting the gap analysis counts is synthetic (合成数据)."""
    cohorts, postings = gap_querysets(actor=actor, body=body, region=region, year=year)
    return cohorts.filter(is_synthetic=True).exists() or postings.filter(is_synthetic=True).exists()


def gap_years(*, actor, body: int | None = None) -> list[int]:
    """Graduation years with cohorts (newest first), for the year picker."""
    cohorts, _postings = gap_querysets(actor=actor, body=body)
    return sorted(set(cohorts.values_list("graduation_year", flat=True)), reverse=True)


def talent_overview(*, actor, body: int) -> dict:
    """Counts on a body's talent page."""
    cohorts, postings = gap_querysets(actor=actor, body=body)
    supply = cohorts.aggregate(n=Sum("headcount"))["n"] or 0
    demand = postings.aggregate(n=Sum("headcount"))["n"] or 0
    return {
        "cohorts": cohorts.count(),
        "supply": supply,
        "postings": postings.count(),
        "demand": demand,
        "students": student_list(actor=actor, body=body).count(),
        "runs": match_run_list(actor=actor, body=body).count(),
        "placements": placement_list(actor=actor, body=body)
        .filter(status__in=ACTIVE_PLACEMENT)
        .count(),
    }


def run_detail(*, actor, pk: int) -> MatchRun:
    """One run the actor may see (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(match_run_list(actor=actor), pk=pk)


def cohort_students(*, actor, cohort: Cohort) -> QuerySet[Student]:
    """A cohort's students the actor may see, with their choices."""
    apps = Application.objects.select_related("posting__enterprise").order_by("student_rank")
    return redacted(
        visible_students(actor)
        .filter(cohort=cohort)
        .prefetch_related(Prefetch("applications", queryset=apps))
        .order_by("display_name"),
        actor,
    )
