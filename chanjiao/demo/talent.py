"""Synthetic talent data for the demo (合成数据): cohorts, postings, 200 students and their
choices, so the gap analysis and matching have something to show.

Unlike :mod:`chanjiao.demo.data`, none of this comes from an article: it is generated
(deterministically, from a fixed seed) around the demo schools and enterprises the articles
name. Every row says so: ``is_synthetic`` is set (the pages show a 合成数据 badge), students are
named 合成学生0001 …, posting titles start with 合成岗位, and notes repeat it. The majors used
are real majors of the 2021 catalogue by name and category, but their codes are not shipped
(``is_synthetic``, no code) until the catalogue is imported with ``chanjiao import-majors``.

Loaded by :func:`chanjiao.demo.loader.load_demo` after the real facts; idempotent (each row is
looked up by its natural key, so a second load writes nothing).
"""

from __future__ import annotations

import datetime
import random

from chanjiao.talent import services as talent_services
from chanjiao.talent.models import (
    Application,
    Cohort,
    Level,
    Major,
    MajorCategory,
    Posting,
    Student,
)

SEED = 2026
SYNTHETIC_NOTE = "合成数据：演示用，按固定随机种子生成，并非真实学生、岗位或人数"

#: (name, category code, industry): associate-level (高职专科) majors, codes not shipped.
MAJORS = [
    ("机电一体化技术", "46", "智能制造"),
    ("工业机器人技术", "46", "智能制造"),
    ("数控技术", "46", "装备制造"),
    ("新能源汽车技术", "46", "汽车制造"),
    ("计算机应用技术", "51", "信息技术服务"),
    ("软件技术", "51", "信息技术服务"),
    ("电子商务", "53", "电子商务"),
]

#: The 2021 catalogue's names of the categories the demo majors belong to.
CATEGORY_NAMES = {"46": "装备制造大类", "51": "电子与信息大类", "53": "财经商贸大类"}

SKILLS = {
    "机电一体化技术": ["PLC编程", "电气识图", "传感器应用", "液压与气动", "机电设备维修"],
    "工业机器人技术": ["工业机器人操作", "PLC编程", "机器视觉", "离线编程", "电气识图"],
    "数控技术": ["数控编程", "CAD/CAM", "精密测量", "数控机床操作", "工艺设计"],
    "新能源汽车技术": ["动力电池检测", "电机控制", "整车装调", "高压安全", "汽车电气"],
    "计算机应用技术": ["Python", "数据库", "网络配置", "软件测试", "Linux"],
    "软件技术": ["Java", "Python", "数据库", "前端开发", "软件测试"],
    "电子商务": ["网店运营", "直播电商", "数据分析", "客户服务", "视觉设计"],
}

#: (school, body, major, intake year, graduation year, headcount, students with detail).
COHORTS = [
    ("成都工贸职业技术学院", "成都智能制造职业教育集团", "工业机器人技术", 2023, 2026, 45, 40),
    ("成都工贸职业技术学院", "成都智能制造职业教育集团", "机电一体化技术", 2023, 2026, 42, 40),
    ("成都工贸职业技术学院", "成都智能制造职业教育集团", "电子商务", 2023, 2026, 38, 0),
    (
        "江西机电职业技术学院",
        "全国汽车装备制造行业产教融合共同体",
        "新能源汽车技术",
        2023,
        2026,
        36,
        30,
    ),
    ("江西机电职业技术学院", "全国汽车装备制造行业产教融合共同体", "数控技术", 2023, 2026, 33, 30),
    ("天津机电职业技术学院", "京津冀现代制造业职教集团", "计算机应用技术", 2023, 2026, 38, 30),
    ("天津机电职业技术学院", "京津冀现代制造业职教集团", "电子商务", 2023, 2026, 35, 30),
]

#: (enterprise, body, title, kind, main major, other majors, skills, region, headcount,
#: starts, ends).
POSTINGS = [
    (
        "西门子工厂自动化工程有限公司",
        "成都智能制造职业教育集团",
        "工业机器人运维实习生",
        "internship",
        "工业机器人技术",
        ["机电一体化技术"],
        ["工业机器人操作", "PLC编程", "电气识图"],
        "四川省成都市",
        25,
        "2026-03-01",
        "2026-08-31",
    ),
    (
        "西门子工厂自动化工程有限公司",
        "成都智能制造职业教育集团",
        "自动化产线调试员",
        "job",
        "机电一体化技术",
        ["工业机器人技术"],
        ["PLC编程", "电气识图", "传感器应用"],
        "四川省成都市",
        20,
        "2026-07-01",
        None,
    ),
    (
        "西门子工厂自动化工程有限公司",
        "成都智能制造职业教育集团",
        "智能制造订单班",
        "order_class",
        "机电一体化技术",
        [],
        ["PLC编程", "机电设备维修"],
        "四川省",
        30,
        "2025-09-01",
        "2026-06-30",
    ),
    (
        "江铃汽车集团有限公司",
        "全国汽车装备制造行业产教融合共同体",
        "新能源汽车装调学徒",
        "apprenticeship",
        "新能源汽车技术",
        [],
        ["整车装调", "高压安全", "汽车电气"],
        "江西省南昌市",
        20,
        "2025-09-01",
        "2026-08-31",
    ),
    (
        "江铃汽车集团有限公司",
        "全国汽车装备制造行业产教融合共同体",
        "整车制造岗位实习",
        "internship",
        "数控技术",
        ["新能源汽车技术"],
        ["数控机床操作", "精密测量", "整车装调"],
        "江西省南昌市",
        25,
        "2026-03-01",
        "2026-08-31",
    ),
    (
        "江西同铃汽车科技有限公司",
        "全国汽车装备制造行业产教融合共同体",
        "数控加工技术员",
        "job",
        "数控技术",
        [],
        ["数控编程", "CAD/CAM", "工艺设计"],
        "江西省",
        15,
        "2026-07-01",
        None,
    ),
    (
        "天地伟业技术有限公司",
        "京津冀现代制造业职教集团",
        "软件测试岗位实习",
        "internship",
        "计算机应用技术",
        ["软件技术"],
        ["软件测试", "Python", "Linux"],
        "天津市",
        20,
        "2026-03-01",
        "2026-08-31",
    ),
    (
        "华为技术有限公司",
        "京津冀现代制造业职教集团",
        "ICT订单班",
        "order_class",
        "计算机应用技术",
        ["软件技术"],
        ["网络配置", "Linux", "数据库"],
        "天津市",
        30,
        "2025-09-01",
        "2026-06-30",
    ),
    (
        "北京京邦达贸易有限公司",
        "京津冀现代制造业职教集团",
        "电商运营岗位实习",
        "internship",
        "电子商务",
        [],
        ["网店运营", "数据分析", "客户服务"],
        "北京市",
        25,
        "2026-03-01",
        "2026-08-31",
    ),
]

_SCHOOL_REGIONS = {
    "成都工贸职业技术学院": "四川省成都市",
    "江西机电职业技术学院": "江西省南昌市",
    "天津机电职业技术学院": "天津市",
}
_OTHER_REGIONS = ["四川省", "江西省", "天津市", "北京市", "广东省深圳市", "浙江省杭州市"]


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _posting_title(title: str) -> str:
    return f"合成岗位：{title}"


def _cohort_name(intake: int, major: str) -> str:
    return f"合成数据·{intake}级{major}"


def student_name(n: int) -> str:
    """合成学生0001 … : a name nobody could take for a real person."""
    return f"合成学生{n:04d}"


def plan(seed: int = SEED) -> list[dict]:
    """The synthetic students with their skills, region and ranked choices (by posting key),
    generated from ``seed``: the same every time, whatever the database holds."""
    rng = random.Random(seed)
    postings_by_body: dict[str, list[tuple]] = {}
    for p in POSTINGS:
        postings_by_body.setdefault(p[1], []).append(p)
    students = []
    n = 0
    for school, body, major, intake, _grad, _headcount, detail in COHORTS:
        pool = SKILLS[major]
        for _i in range(detail):
            n += 1
            skills = rng.sample(pool, rng.randint(2, 4))
            home = _SCHOOL_REGIONS[school]
            region = home if rng.random() < 0.75 else rng.choice(_OTHER_REGIONS)
            options = postings_by_body.get(body, [])
            # Students lean to postings of their own major, but not always.
            weighted = sorted(
                options,
                key=lambda p, major=major: (
                    -(2.0 if p[4] == major else 1.0 if major in p[5] else 0.3) * rng.random()
                ),
            )
            choices = []
            for rank, p in enumerate(weighted[: min(3, len(weighted))], start=1):
                score = round(rng.uniform(55, 98), 1) if rng.random() < 0.7 else None
                choices.append({"posting": (p[0], p[2]), "rank": rank, "score": score})
            students.append(
                {
                    "name": student_name(n),
                    "cohort": (school, major, intake),
                    "skills": skills,
                    "region": region,
                    "choices": choices,
                }
            )
    return students


def load_talent_demo(loader) -> None:
    """Load the synthetic talent data with a demo ``_Loader`` (its actor, organisations and
    bodies, and its created/existing counters)."""
    actor = loader.actor
    majors: dict[str, Major] = {}
    categories: dict[str, MajorCategory] = {}
    for code in dict.fromkeys(c for _n, c, _i in MAJORS):
        # Shipped by the migrations; made again only where a test flushed the tables.
        categories[code] = loader.get_or_create(
            "major_categories",
            MajorCategory.objects.filter(level=Level.ASSOCIATE, code=code),
            lambda code=code: talent_services.major_category_create(
                actor=actor, level=Level.ASSOCIATE, code=code, name=CATEGORY_NAMES[code]
            ),
        )
    for name, category_code, industry in MAJORS:
        category = categories[category_code]
        majors[name] = loader.get_or_create(
            "synthetic_majors",
            Major.objects.filter(level=Level.ASSOCIATE, name=name),
            lambda name=name, category=category, industry=industry: talent_services.major_create(
                actor=actor,
                level=Level.ASSOCIATE,
                name=name,
                category=category,
                industry=industry,
                is_synthetic=True,
            ),
        )

    cohorts: dict[tuple, Cohort] = {}
    for school_name, body_name, major_name, intake, grad, headcount, _detail in COHORTS:
        school, body, major = loader.orgs[school_name], loader.bodies[body_name], majors[major_name]
        name = _cohort_name(intake, major_name)
        cohorts[(school_name, major_name, intake)] = loader.get_or_create(
            "synthetic_cohorts",
            Cohort.objects.filter(school=school, major=major, intake_year=intake, name=name),
            lambda school=school, body=body, major=major, name=name, intake=intake, grad=grad, headcount=headcount: (
                talent_services.cohort_create(
                    actor=actor,
                    school=school,
                    major=major,
                    name=name,
                    intake_year=intake,
                    graduation_year=grad,
                    headcount=headcount,
                    skills=SKILLS[major.name],
                    body=body,
                    is_synthetic=True,
                    notes=SYNTHETIC_NOTE,
                )
            ),
        )

    postings: dict[tuple, Posting] = {}
    for (
        enterprise_name,
        body_name,
        title,
        kind,
        major_name,
        others,
        skills,
        region,
        headcount,
        starts,
        ends,
    ) in POSTINGS:
        enterprise, body = loader.orgs[enterprise_name], loader.bodies[body_name]
        full_title = _posting_title(title)
        postings[(enterprise_name, title)] = loader.get_or_create(
            "synthetic_postings",
            Posting.objects.filter(enterprise=enterprise, title=full_title, body=body),
            lambda enterprise=enterprise, body=body, full_title=full_title, kind=kind, major_name=major_name, others=others, skills=skills, region=region, headcount=headcount, starts=starts, ends=ends: (
                talent_services.posting_create(
                    actor=actor,
                    enterprise=enterprise,
                    title=full_title,
                    kind=kind,
                    major=majors[major_name],
                    majors=[majors[m].pk for m in others],
                    skills=skills,
                    region=region,
                    headcount=headcount,
                    starts_on=_date(starts),
                    ends_on=_date(ends),
                    body=body,
                    is_synthetic=True,
                    description=SYNTHETIC_NOTE,
                )
            ),
        )

    for s in plan():
        cohort = cohorts[s["cohort"]]
        student = loader.get_or_create(
            "synthetic_students",
            Student.objects.filter(cohort=cohort, display_name=s["name"]),
            lambda s=s, cohort=cohort: talent_services.student_create(
                actor=actor,
                cohort=cohort,
                display_name=s["name"],
                skills=s["skills"],
                region=s["region"],
                is_synthetic=True,
            ),
        )
        for choice in s["choices"]:
            posting = postings[choice["posting"]]
            loader.get_or_create(
                "synthetic_applications",
                Application.objects.filter(student=student, posting=posting),
                lambda student=student, posting=posting, choice=choice: (
                    talent_services.application_create(
                        actor=actor,
                        student=student,
                        posting=posting,
                        student_rank=choice["rank"],
                        enterprise_score=choice["score"],
                    )
                ),
            )
