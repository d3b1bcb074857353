"""Development plans (发展规划): each target's progress, and a plan to and from .xlsx.

A target on an indicator takes its value from the indicator for the plan's body and the
target's year (computed from the records, or the sum of the collection round's submitted
forms); a target on a measure of its own takes the value entered with its evidence. Its status
(:func:`status_of`, the one the plan page, the API, the annual report and the supervisor's
规划目标达成 count all use) depends on which way the target points:

- 至少 (≥, a target to reach): 未开始 for a year still to come, 已完成 as soon as the value
  reaches the target, 未完成 for a past year that did not, and for the current year 按进度 or
  滞后 against the share of the year gone by.
- 至多 (≤, a limit not to pass: exits, a gap, accidents): 未开始 for a year still to come;
  for a past year 已完成 when the value stayed within the limit, 未完成 when it passed it or
  none was recorded; for the current year 滞后 as soon as the value passes the limit (it is
  over it now) and 按进度 while it is within it or none is recorded yet — never 已完成 before
  the year is over, since the value may still rise.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from chanjiao.accounts.permissions import can_read_round
from chanjiao.core.tabular import Column, ImportFileError, read_table
from chanjiao.core.validators import ascii_digits, normalize_name
from chanjiao.core.xlsx import append_row, header_sheet, workbook_bytes
from chanjiao.registry.models import Organization

from . import indicators
from .models import Indicator, Plan, PlanGoal, PlanTarget
from .selectors import rounds_totals

STATUS_LABELS = {
    "not_started": gettext_lazy("未开始"),
    "done": gettext_lazy("已完成"),
    "on_track": gettext_lazy("按进度"),
    "behind": gettext_lazy("滞后"),
    "missed": gettext_lazy("未完成"),
}


@dataclass
class Progress:
    target: PlanTarget
    value: Decimal | None
    #: None when hidden: the status of a total the reader may not see would give it away.
    status: str | None
    #: The value is a collection round's total the reader may not see (:func:`progress_for`).
    hidden: bool = False

    @property
    def status_label(self) -> str | None:
        return None if self.status is None else str(STATUS_LABELS[self.status])


def _indicator_values(
    wanted: dict[int, set[tuple[int, Indicator]]],
) -> dict[tuple[int, int, str], Decimal | None]:
    """The value of each wanted ``(year, indicator)`` for each body, by (body id, year, code):
    one grouped query a computed indicator and year, one set of queries for every round."""
    from .models import CollectionRound

    values: dict[tuple[int, int, str], Decimal | None] = {}
    bodies_of: dict[tuple[int, Indicator], list[int]] = defaultdict(list)
    for body_id, pairs in wanted.items():
        for pair in pairs:
            bodies_of[pair].append(body_id)
    years = {year for year, _indicator in bodies_of}
    for (year, indicator), body_ids in bodies_of.items():
        if indicator.source == Indicator.Source.COMPUTED and indicator.rule in indicators.RULES:
            for body_id, value in indicators.RULES[indicator.rule].values(body_ids, year).items():
                values[(body_id, year, indicator.code)] = value
    # A reported indicator: the sum of the body's first round of the year.
    first: dict[tuple[int, int], CollectionRound] = {}
    for round_ in CollectionRound.objects.filter(body_id__in=list(wanted), year__in=years):
        first.setdefault((round_.body_id, round_.year), round_)
    totals = rounds_totals(first.values())
    for (body_id, year), round_ in first.items():
        for total in totals[round_.pk]:
            values[(body_id, year, total["indicator"].code)] = total["value"]
    return values


def status_of(target: PlanTarget, value: Decimal | None, today: datetime.date) -> str:
    """The target's status on ``today`` for ``value`` (see the module's docstring)."""
    if target.year > today.year:
        return "not_started"
    if target.is_limit:
        within = value is not None and value <= target.target
        if target.year < today.year:
            return "done" if within else "missed"
        return "behind" if value is not None and not within else "on_track"
    if value is not None and value >= target.target:
        return "done"
    if target.year < today.year:
        return "missed"
    share = Decimal(today.timetuple().tm_yday) / Decimal(365)
    return "on_track" if value is not None and value >= target.target * share else "behind"


def plan_progress(plan: Plan, today: datetime.date | None = None) -> list:
    """The plan as a tree: ``[(goal, [(task, [Progress, …]), …]), …]``."""
    return plans_progress([plan], today)[plan.pk]


def progress_for(actor, plan: Plan, today: datetime.date | None = None) -> list:
    """:func:`plan_progress` as ``actor`` may read it: the value of a target on a reported
    indicator is a sum of the collection round's forms, which only those who may read the round
    see (its secretariat, supervising department, admins); for others it is None (``hidden``),
    and so is its status, which would tell how the total stands against the target."""
    tree = plan_progress(plan, today)
    if can_read_round(actor, plan.body):
        return tree
    for _goal, tasks in tree:
        for _task, rows in tasks:
            for p in rows:
                indicator = p.target.indicator
                if indicator is not None and indicator.source != Indicator.Source.COMPUTED:
                    p.value, p.status, p.hidden = None, None, True
    return tree


def plans_progress(plans: Iterable[Plan], today: datetime.date | None = None) -> dict[int, list]:
    """:func:`plan_progress` of each plan, by its id, in a fixed number of queries however
    many plans (the supervisor's table follows every plan of the year)."""
    today = today or timezone.localdate()
    plans = list(plans)
    goals: dict[int, list[PlanGoal]] = defaultdict(list)
    for goal in PlanGoal.objects.filter(plan__in=plans).prefetch_related(
        "tasks__targets__indicator", "tasks__responsible_unit"
    ):
        goals[goal.plan_id].append(goal)
    wanted: dict[int, set[tuple[int, Indicator]]] = defaultdict(set)
    for plan in plans:
        for goal in goals[plan.pk]:
            for task in goal.tasks.all():
                for t in task.targets.all():
                    if t.indicator_id and t.year <= today.year:
                        wanted[plan.body_id].add((t.year, t.indicator))
    values = _indicator_values(wanted) if wanted else {}
    trees = {}
    for plan in plans:
        tree = []
        for goal in goals[plan.pk]:
            tasks = []
            for task in goal.tasks.all():
                rows = []
                for target in task.targets.all():
                    if target.indicator_id:
                        value = values.get((plan.body_id, target.year, target.indicator.code))
                    else:
                        value = target.actual
                    rows.append(Progress(target, value, status_of(target, value, today)))
                tasks.append((task, rows))
            tree.append((goal, tasks))
        trees[plan.pk] = tree
    return trees


# --- .xlsx -------------------------------------------------------------------------------------

COLUMNS = (
    Column("goal", gettext_lazy("目标"), ("goal",)),
    Column("task", gettext_lazy("任务"), ("task",)),
    Column("unit", gettext_lazy("责任单位"), ("responsible unit",)),
    Column("person", gettext_lazy("责任人"), ("responsible person",)),
    Column("deadline", gettext_lazy("完成时限"), ("deadline",)),
    Column("year", gettext_lazy("年度"), ("year",)),
    Column("indicator", gettext_lazy("指标代码"), ("indicator",)),
    Column("label", gettext_lazy("目标内容"), ("measure",)),
    Column("comparison", gettext_lazy("比较"), ("comparison", "方向", "direction")),
    Column("target", gettext_lazy("目标值"), ("target",)),
    Column("actual", gettext_lazy("完成值"), ("actual",)),
    Column("evidence", gettext_lazy("佐证材料链接"), ("evidence",)),
)


def plan_to_xlsx(plan: Plan) -> bytes:
    """The plan, one target a row (a task without targets on a row of its own), in the columns
    :func:`rows_from_file` reads back."""
    wb = Workbook()
    ws = header_sheet(wb.active, str(plan.starts_year), [c.label for c in COLUMNS])
    for goal in plan.goals.prefetch_related("tasks__targets__indicator", "tasks__responsible_unit"):
        for task in goal.tasks.all():
            head = [
                goal.title,
                task.title,
                task.responsible_unit.name if task.responsible_unit else "",
                task.responsible_person,
                task.deadline,
            ]
            targets = list(task.targets.all()) or [None]
            for t in targets:
                tail = (
                    [
                        t.year,
                        t.indicator.code if t.indicator else "",
                        t.label,
                        t.sign,
                        t.target,
                        t.actual,
                        t.evidence,
                    ]
                    if t
                    else [None, "", "", "", None, None, ""]
                )
                append_row(ws, head + tail)
    return workbook_bytes(wb)


def _number(text: str, row: int, what) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(
            _("第 %(row)d 行：%(what)s“%(value)s”不是数字")
            % {"row": row, "what": what, "value": text}
        ) from None
    if not value.is_finite() or value < 0:
        raise ValidationError(
            _("第 %(row)d 行：%(what)s须为不小于 0 的数") % {"row": row, "what": what}
        )
    return value


#: How a cell of the 比较 column may say which way a target points (spaces, brackets and
#: case aside): the sign, the word, or the choice's label.
_COMPARISONS = {
    **dict.fromkeys(
        ("≥", ">=", "＞＝", "至少", "不少于", "不低于", "至少≥", "atleast", "at_least", "atleast≥"),
        PlanTarget.Comparison.AT_LEAST,
    ),
    **dict.fromkeys(
        (
            "≤",
            "<=",
            "＜＝",
            "至多",
            "不多于",
            "不超过",
            "不高于",
            "至多≤",
            "atmost",
            "at_most",
            "atmost≤",
        ),
        PlanTarget.Comparison.AT_MOST,
    ),
}


def _comparison(text: str, row: int) -> str | None:
    """The comparison a cell names; None for an empty cell (the service's default then)."""
    key = "".join(text.split()).lower()
    for bracket in "()（）":
        key = key.replace(bracket, "")
    if not key:
        return None
    if key not in _COMPARISONS:
        raise ValidationError(
            _("第 %(row)d 行：比较须为 ≥ 或 ≤（至少或至多），而不是“%(value)s”")
            % {"row": row, "value": text}
        )
    return _COMPARISONS[key]


def rows_from_file(plan: Plan, upload) -> list[dict]:
    """The rows of a plan workbook as service input; every wrong row is reported (row number,
    column, what to fix) and none is returned then. A file without the 比较 column, or a row
    with it empty, says nothing of the comparison: a new target is then at least (≥), one
    already there keeps its own."""
    try:
        rows = read_table(upload, columns=COLUMNS, key="task", filename=getattr(upload, "name", ""))
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from exc
    units = {}
    for org in Organization.objects.only("pk", "name", "short_name"):
        units[org.name] = org
        if org.short_name:
            units.setdefault(org.short_name, org)
    catalogue = {i.code: i for i in Indicator.objects.all()}
    out, errors = [], []
    for row in rows:
        v, n = row.values, row.number
        try:
            if not v.get("goal") or not v.get("task"):
                raise ValidationError(_("第 %(row)d 行：缺少目标或任务") % {"row": n})
            unit = None
            if v.get("unit"):
                unit = units.get(normalize_name(v["unit"]))
                if unit is None:
                    raise ValidationError(
                        _("第 %(row)d 行：没有登记这个单位：%(name)s")
                        % {"row": n, "name": v["unit"]}
                    )
            deadline = None
            if v.get("deadline"):
                try:
                    deadline = datetime.date.fromisoformat(v["deadline"][:10])
                except ValueError:
                    raise ValidationError(
                        _("第 %(row)d 行：完成时限须为 YYYY-MM-DD") % {"row": n}
                    ) from None
            item = {
                "goal": v["goal"],
                "task": v["task"],
                "unit": unit,
                "person": v.get("person", ""),
                "deadline": deadline,
                "target": None,
            }
            target = _number(v.get("target", ""), n, _("目标值"))
            if target is not None:
                year = v.get("year", "")
                if not (ascii_digits(year) and plan.starts_year <= int(year) <= plan.ends_year):
                    raise ValidationError(
                        _("第 %(row)d 行：年度须在 %(start)d 到 %(end)d 之间")
                        % {"row": n, "start": plan.starts_year, "end": plan.ends_year}
                    )
                indicator = None
                if v.get("indicator"):
                    indicator = catalogue.get(v["indicator"])
                    if indicator is None:
                        raise ValidationError(
                            _("第 %(row)d 行：没有这个指标：%(code)s")
                            % {"row": n, "code": v["indicator"]}
                        )
                elif not v.get("label"):
                    raise ValidationError(_("第 %(row)d 行：请填写指标代码或目标内容") % {"row": n})
                actual = _number(v.get("actual", ""), n, _("完成值"))
                if indicator is not None and actual is not None:
                    raise ValidationError(
                        _("第 %(row)d 行：有指标代码的目标由指标得出完成值，请删去完成值")
                        % {"row": n}
                    )
                item["target"] = {
                    "year": int(year),
                    "indicator": indicator,
                    "label": v.get("label", ""),
                    "target": target,
                    "actual": actual,
                    "evidence": v.get("evidence", ""),
                }
                comparison = _comparison(v.get("comparison", ""), n)
                if comparison is not None:
                    item["target"]["comparison"] = comparison
            out.append(item)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return out
