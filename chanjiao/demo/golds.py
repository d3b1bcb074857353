"""The fine-steel community's five golds programme (五金) for the demo — mostly synthetic (合成数据).

What is fact (PRODUCT.md, from the community's reports): 全国精品钢行业产教融合共同体 runs a five golds
programme — gold majors, courses, textbooks, teachers and bases — each with its own working
committee. What is not: the committees' names, who sits on them and every nomination or result.
Those are made up for trying the workflow and say so in their names (合成数据). Idempotent: a
committee, programme or nomination with the same name is left as it is.
"""

from __future__ import annotations

from chanjiao.golds import services as golds
from chanjiao.golds.models import GoldsCategory, GoldsNomination, GoldsProgramme
from chanjiao.registry import services as registry_services
from chanjiao.registry.models import Committee

BODY = "全国精品钢行业产教融合共同体"
SYNTHETIC = "合成数据：文章称五金各设工作委员会，未载明名称和组成；名称与组成为演示设定。"

SYNTHETIC_EVIDENCE = "https://example.org/synthetic-evidence"

#: One working committee per gold (names made up), and the unit seated as its director.
COMMITTEES = {
    "major": ("金专业建设工作委员会（合成数据）", "莱芜职业技术学院"),
    "course": ("金课程建设工作委员会（合成数据）", "北京科技大学"),
    "textbook": ("金教材建设工作委员会（合成数据）", "北京科技大学"),
    "teacher": ("金师资建设工作委员会（合成数据）", "莱芜职业技术学院"),
    "base": ("金基地建设工作委员会（合成数据）", "江苏沙钢集团有限公司"),
}

#: Nominations: (category, unit, name, year, what happened to it).
NOMINATIONS = [
    ("major", "莱芜职业技术学院", "钢铁智能冶金技术专业（合成数据）", 2025, ("recognised", "body")),
    ("course", "莱芜职业技术学院", "转炉炼钢生产操作课程（合成数据）", 2025, ("submitted", "")),
    ("textbook", "北京科技大学", "精品钢冶炼工艺新形态教材（合成数据）", 2025, ("draft", "")),
    ("base", "江苏沙钢集团有限公司", "精品钢生产性实训基地（合成数据）", 2025, ("submitted", "")),
]


def _committees(loader, body) -> dict[str, Committee]:
    committees = {}
    for kind, (name, director) in COMMITTEES.items():
        committee = Committee.objects.filter(body=body, name=name).first()
        if committee is None:
            committee = registry_services.committee_create(
                actor=loader.actor,
                body=body,
                name=name,
                kind=Committee.Kind.FIVE_GOLDS,
                description=SYNTHETIC,
            )
            registry_services.committee_seat_create(
                actor=loader.actor,
                committee=committee,
                organization=loader.orgs[director],
                role="director",
            )
            loader.created["committees"] += 1
        else:
            loader.existing["committees"] += 1
        committees[kind] = committee
    return committees


def load_golds_demo(loader) -> None:
    """The programme, its five committees and a few nominations at different stages."""
    actor = loader.actor
    body = loader.bodies[BODY]
    committees = _committees(loader, body)
    programme = GoldsProgramme.objects.filter(body=body).first()
    if programme is None:
        programme = golds.golds_programme_create(
            actor=actor,
            body=body,
            name="“五金”建设",
            description="金专业、金课程、金教材、金师资、金基地，每类由一个工作委员会负责。"
            + SYNTHETIC,
            committees=committees,
        )
        loader.created["golds programmes"] += 1
    else:
        loader.existing["golds programmes"] += 1
    for kind, unit, name, year, (status, level) in NOMINATIONS:
        category = GoldsCategory.objects.get(programme=programme, kind=kind)
        if GoldsNomination.objects.filter(category=category, name=name).exists():
            loader.existing["golds nominations"] += 1
            continue
        nomination = golds.golds_nomination_create(
            actor=actor,
            category=category,
            organization=loader.orgs[unit],
            year=year,
            name=name,
            description="合成数据：演示五金申报与评审流程，并非真实成果。",
            # a documentation address (RFC 2606): plainly not a real piece of evidence
            link=SYNTHETIC_EVIDENCE,
        )
        loader.created["golds nominations"] += 1
        if status == "draft":
            continue
        nomination = golds.golds_nomination_submit(actor=actor, golds_nomination=nomination)
        if status == "recognised":
            golds.golds_nomination_recognise(
                actor=actor, golds_nomination=nomination, level=level, year=year
            )
