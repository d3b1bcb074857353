"""How an organisation's suffix relates to the name written just before it (名称衔接): one
name (开发区…有限公司), a department of it (大学…学院), or a new name (职教集团…职教集团).

Part of :mod:`.extract_orgs`; plain functions over strings, no Django.
"""

from __future__ import annotations

import re

from . import gazetteer as gz
from .lexicon import DISCIPLINES, Suffix
from .name_start import all_han

_TITLE_IN_HEAD = re.compile("|".join(map(re.escape, (t for t in gz.TITLES if len(t) >= 2))))
_DISCIPLINE_HEAD = re.compile("(?:" + "|".join(map(re.escape, DISCIPLINES)) + ")+")


def _attach(prev: Suffix, cur: Suffix, prev_name_ok: bool, adjacent: bool = False) -> str:
    """How a suffix relates to the organisation named just before it in the same run.

    combine: one name (开发区…有限公司, 工业和信息化部…中心, 市委…工委);
    department: a unit inside the previous organisation (联合会…部, 大学…学院), dropped;
    separate: a new name starting after the previous one.
    """
    if prev.text == "局" and cur.group == "company":
        return "combine"  # 中建八局装饰工程有限公司: a bureau-numbered company, one name
    if cur.text == "工委" and (
        prev.text in ("管委会", "管理委员会", "委员会") or (prev.group == "park" and prev_name_ok)
    ):
        # 某开发区(管委会)党工委书记: the zone's party committee, in the title
        return "department"
    if cur.text == "办事处" and prev.group == "company":
        return "department"  # 某技术有限公司重庆办事处总监: the company's office, in the title
    if cur.text == "工会" and prev.group == "company":
        return "department"  # 某公司重庆分公司工会副主席: the company's union, named in the title
    if cur.kind == "committee" and prev.group == "association":
        return "combine"  # 某学会就业工作委员会: the association's own committee
    if adjacent and cur.group == prev.group == "association":
        return "combine"  # 某工会联合总会: a federation named after what it federates
    if cur.kind == "committee" and prev.group == "school":
        return "combine"  # 某学校对外开放专家咨询委员会: a school's own committee, named after it
    if cur.category == "body" and prev.group == "park":
        return "combine"  # 某经济开发区物联网产教联合体: a park's own consortium, named after it
    if (
        cur.category == "body"
        and adjacent
        and (prev.category == "carrier" or (prev.group == "school" and not prev_name_ok))
    ):
        # 地方特色产业学院联盟, 全国县级职教中心联盟: an alliance named after its members' kind
        return "combine"
    if cur.category in ("body", "carrier", "venue"):
        return "separate"
    if prev.group == "park" or cur.text in _BRANCH_SUFFIXES:
        return "combine"  # 开发区…有限公司; 协会…分会, 学院…支社: a branch keeps its parent's name
    if cur.text == "委员会":
        # 省委…发展委员会 is the party's own commission; 学院学术委员会 a body inside it, but
        # 某大学委员会 with nothing between is a branch named after the university
        return "combine" if prev.group == "gov_top" or adjacent else "department"
    if cur.group == "research" and (prev.group == "research" or prev.text.endswith("中心")):
        return "combine"  # 中国科学院…研究所, 某部职业教育中心研究所
    if cur.text in ("厅", "办公室") and prev.text in ("人民政府", "政府"):
        return "department"  # 省政府办公厅: the government's own office, named in the title
    if cur.text == "办公室" and prev.text in ("厅", "局"):
        return "department"  # 某省教育厅港澳台事务办公室: the department's office, in the title
    if cur.text == "部":
        if prev.text in _PARTY_COMMITTEES:
            return "department"  # 市委宣传部: a department of the city's party committee
        return "combine" if prev.group == "gov_top" and prev.text != "部" else "department"
    if cur.text in ("学院", "中心", "办公室") and prev.group in (
        "school",
        "company",
        "association",
        "body",
    ):
        return "department"
    if prev.group in ("gov_top", "gov") and cur.group in ("gov", "other", "research"):
        return "combine"
    if prev.text == "集团" and cur.group == "company":
        return "combine"  # 某通信集团江苏有限公司, 某集团国际工程有限公司
    if cur.text in ("分公司", "子公司") and prev.group == "company":
        return "combine"
    if cur.group == "research" and prev.group == "school":
        return "department"  # 清华大学教育研究院教授: the university, and the title
    if cur.group == "research" and prev.group in ("company", "gov", "gov_top"):
        return "combine"
    return "separate" if prev_name_ok else "combine"


_BRANCH_SUFFIXES = frozenset(("分会", "支社"))
# A local party committee: its 组织部, 宣传部, 统战部 are departments, named in the title.
_PARTY_COMMITTEES = frozenset(("市委", "省委", "区委", "县委", "州委"))


# single characters that name a subject in a department's short name (文学院, 电气学院)
_SUBJECT_CHARS = frozenset("文理工医商法农经管艺体美音外电机化材数物生环建信计软建护药财教史哲")


def _whole_name_across(text: str, prev: tuple, start: int, suffix: Suffix) -> bool:
    """Whether a 学院 or 中心 after a school (an office after a government) stays one name with it.

    某大学耿丹学院 is an independent college (two characters that name no subject); a 中心 well
    after a generic 高等学校 (教育部高等学校科学研究发展中心) belongs to one long name.
    """
    between = text[prev[1] : start]
    if not all_han(between):
        return False
    if between.startswith("驻") and suffix.group.startswith("gov"):
        return True  # 中央人民政府驻某地联络办公室: the government's office elsewhere, one name
    if prev[2].text in ("人民政府", "政府") and suffix.text == "办公室" and len(between) >= 2:
        return True  # 某省人民政府港澳事务办公室: an agency named for its affairs, not the 办公厅
    if prev[2].text == "大学" and suffix.text == "学院":
        return (
            len(between) == 2
            and not _DISCIPLINE_HEAD.fullmatch(between)
            and not any(c in _SUBJECT_CHARS for c in between)
            and not _TITLE_IN_HEAD.search(between)
        )
    if prev[2].text == "学校" and suffix.text == "中心":
        return prev[3] is None and len(between) >= 4
    return False
