"""The demo's industry chains (产业链) and development plans (发展规划).

The chains are facts: article 001 has 成都智能制造职业教育集团 serve the 智能制造产业链, article
002 has the automotive community gather the 汽车产业链's majors. Which majors each chain is
matched to is not in the articles: that matching is synthetic (``is_synthetic``, shown with a
合成数据 badge). 京津冀现代制造业职教集团's article counts Tianjin's 12 key chains without naming
them, so that body gets none.

No article states a plan's goals or targets: each demo body's plan is synthetic, says so in
its name and description, and its targets are set from the body's own figures (a little above
what the records show), so the plan page shows every status.

Loaded by :func:`chanjiao.demo.loader.load_demo` after the talent demo and the collection
round; idempotent (a chain or a plan with the same name is left as it is).
"""

from __future__ import annotations

from decimal import Decimal

from chanjiao.reports import plan_services
from chanjiao.reports import services as report_services
from chanjiao.reports.indicators import computed
from chanjiao.reports.models import CollectionRound, Indicator, IndustryChain, Plan, PlanTarget
from chanjiao.reports.selectors import round_totals
from chanjiao.talent.models import Major

#: (body, chain, where the article says so, majors matched for the demo).
CHAINS = [
    (
        "成都智能制造职业教育集团",
        "智能制造产业链",
        "成都工贸职业技术学院 2021：促进职业教育链、智能制造产业链和技术技能人才链的有机融合",
        ["工业机器人技术", "机电一体化技术", "数控技术"],
    ),
    (
        "全国汽车装备制造行业产教融合共同体",
        "汽车产业链",
        "江西 2024：聚集汽车产业链中的专业资源",
        ["新能源汽车技术", "数控技术"],
    ),
]

PLAN_NOTE = "合成数据：演示用规划，文章未载明规划目标与指标；目标值按本体记录设定"

#: (goal, task, indicator code or None for a measure, measure label, how far above the
#: records the target is set, the share of a measure's target recorded as done).
TARGETS = [
    ("扩大成员覆盖", "发展成员单位", "members_total", "", 1.2, None),
    ("深化校企合作", "签订校企合作协议", "agreements_signed", "", 1.0, None),
    ("深化校企合作", "共建实践载体", "carriers_founded", "", 2.0, None),
    ("协同育人", "开展订单培养", "order_students", "", 0.9, None),
    ("协同育人", "出版校企合作教材", None, "出版校企合作教材（部）", 4, 0.5),
]


def load_chains_demo(loader) -> None:
    actor = loader.actor
    for body_name, name, source, major_names in CHAINS:
        body = loader.bodies[body_name]
        majors = list(Major.objects.filter(name__in=major_names))
        loader.get_or_create(
            "industry_chains",
            IndustryChain.objects.filter(body=body, name=name),
            lambda body=body, name=name, source=source, majors=majors: (
                report_services.industry_chain_create(
                    actor=actor,
                    body=body,
                    name=name,
                    source=source,
                    description="对应专业为演示设定（合成数据）",
                    majors=majors,
                    is_synthetic=True,
                )
            ),
        )


def _target(body, year: int, code: str | None, factor: float) -> Decimal:
    if code is None:
        return Decimal(factor)
    indicator = Indicator.objects.get(code=code)
    if indicator.source == Indicator.Source.COMPUTED:
        now = computed(body, year).get(indicator.rule) or 0
    else:
        round_ = CollectionRound.objects.filter(body=body, year=year).first()
        totals = {r["indicator"].code: r["value"] for r in round_totals(round_)} if round_ else {}
        now = totals.get(code) or 0
    return Decimal(max(1, round(float(now) * factor)))


def load_plans_demo(loader) -> None:
    """A synthetic two-year plan per demo body, ending in the year of its collection round."""
    actor = loader.actor
    for body in loader.bodies.values():
        round_ = CollectionRound.objects.filter(body=body).order_by("-year").first()
        if round_ is None:
            continue
        year = round_.year
        name = f"{year - 1}–{year} 年发展规划（合成数据）"
        if Plan.objects.filter(body=body, name=name).exists():
            loader.existing["synthetic_plans"] += 1
            continue
        plan = plan_services.plan_create(
            actor=actor,
            body=body,
            name=name,
            starts_year=year - 1,
            ends_year=year,
            description=PLAN_NOTE,
        )
        loader.created["synthetic_plans"] += 1
        rows = []
        for goal, task, code, label, factor, _done in TARGETS:
            indicator = Indicator.objects.get(code=code) if code else None
            rows.append(
                {
                    "goal": goal,
                    "task": task,
                    "unit": None,
                    "person": "",
                    "deadline": None,
                    "target": {
                        "year": year,
                        "indicator": indicator,
                        "label": label,
                        "target": _target(body, year, code, factor),
                    },
                }
            )
        plan_services.plan_import(actor=actor, plan=plan, rows=rows)
        for goal, task, code, _label, factor, done in TARGETS:
            if code is None and done:
                measure = PlanTarget.objects.get(
                    task__goal__plan=plan, task__goal__title=goal, task__title=task, year=year
                )
                plan_services.target_record(
                    actor=actor, target=measure, actual=Decimal(round(factor * done))
                )
