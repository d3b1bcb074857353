"""Organisations an article names only by their brand before their people's posts (品牌单位):
华大智造北区副总监赵某 names the company 华大智造 and the post 北区副总监.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import re

from . import gazetteer as gz
from .common_words import common_phrase, is_prose
from .extract_orgs import _TITLE_ALT, HAN
from .extract_people import _NOT_NAMES, _TITLE_RE, _Person
from .name_start import _ends_with_suffix, all_han

#: What a unit is called inside its own organisation, never a brand (市, 学院, 我校, 该公司 …).
_UNIT_START = re.compile(
    r"[市省区县州镇乡村校院系部处科室所局厅委办会中本我该各全两双]|学院|公司|集团"
)
#: A unit inside an organisation ends the brand before it (北京电控党委 → 北京电控).
_UNIT_END = re.compile(
    r"(?:党委|党组|党总支|工会|董事会|监事会|委员会|办公室|总部|事业部|[部处科室组区])$"
)
_BRAND_SIZES = range(6, 2, -1)
# what follows a brand in a post: a unit of the company (党委, 北区, 总部 …)
_UNIT_AFTER_BRAND = re.compile(
    r"党委|党组|党总支|工会|董事会|监事会|总部|事业部|分公司|子公司|[东南西北华中][东南西北]?区"
    rf"|[{HAN}]{{2,8}}?(?:学院|研究院|研究所|中心|处|部|系)(?:{_TITLE_ALT})"
)


def brands_before_posts(text: str, people: list[_Person], known: set[str]) -> dict[str, str]:
    """Organisations an article names only by their brand before their people's posts
    (华大智造北区副总监赵某, 北京电控党委副书记郝某, and again 北京电控将…): for each person
    with no organisation, the longest start of the title, before its first post and any unit,
    that the article writes at least twice, when it is no place, no person, no everyday word and
    no part of a name already found.

    Returns the brand by person's name."""
    brands: dict[str, str] = {}
    names = {p.name for p in people}
    for person in people:
        title = person.title
        post = _TITLE_RE.search(title)
        if person.organization or post is None:
            continue
        for n in _BRAND_SIZES:
            brand = title[:n]
            if n > post.start() or _UNIT_END.search(brand):
                continue  # (工银澳门董 of 董事长, 北京电控党委: a post or a unit is no brand)
            if not (_TITLE_RE.match(title, n) or _UNIT_AFTER_BRAND.match(title, n)):
                continue  # (机电工程业技能提升计划…召集人: a programme's words, no brand)
            if not all_han(brand) or not _stands_apart(text, brand, title[n]):
                continue  # (the brand stands elsewhere before something else: 北京电控将…)
            if (
                _UNIT_START.match(brand)
                or _ends_with_suffix(brand)
                or common_phrase(brand)
                or is_prose(brand[:2])
                or brand[:2] in _NOT_NAMES
                or brand.startswith(tuple(names))
                or _all_places(brand)
                or any(brand in name for name in known)
            ):
                break  # (a shorter start is no brand either)
            brands[person.name] = brand
            break
    return brands


def _stands_apart(text: str, brand: str, after: str) -> bool:
    """``brand`` is written somewhere with another character after it than ``after`` (the one
    after it in the title): it is a whole name, not the start of a longer one."""
    at = text.find(brand)
    while at >= 0:
        if text[at + len(brand) : at + len(brand) + 1] != after:
            return True
        at = text.find(brand, at + 1)
    return False


def _all_places(text: str) -> bool:
    """``text`` is made of places only (青海省海西, 北京市)."""
    covered = sum(end - start for start, end, _, _ in gz.find_places(text))
    return covered >= len(gz.strip_admin_suffix(text)) or covered >= len(text) - 1
