"""Where an organisation's name starts (名称起点): noise before it, conjunctions that join two
parties, and names too long to be one — with the measures every extractor uses on a name's
head (how much of it is proper, whether it ends in an organisation's suffix).

Part of :mod:`.extract_orgs`; plain functions over strings, no Django.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import gazetteer as gz
from .common_words import prose_before_place
from .lexicon import (
    GENERIC_WORDS,
    LEADING_NOISE,
    MINISTRY_CORES,
    NAMED_WHOLE,
    ORG_TYPE_TEXTS,
    SUFFIXES,
    Suffix,
)

HAN = "\u3400-\u9fff"
_ALL_HAN = re.compile(rf"[{HAN}]+")


def all_han(text: str) -> bool:
    """``text`` is Chinese characters only (and not empty)."""
    return _ALL_HAN.fullmatch(text) is not None


_MAX_NAME = 32

_GLOSS_THEN_CONJUNCTION = re.compile(r"[)）][与和及同]")
_LEADING_NOISE_RE = re.compile(
    r"(?:自(?=\d)|(?:19|20)\d{2}(?:年度|年)?|民国\d{2,3}年|\d?A+级|[今昨]?[(（]?\d{1,2}[)）]?日|\d{1,2}月(?:\d{1,2}日)?|\d+ ?[年届]|(?<=\d )年|第[\d一二三四五六七八九十]+届|[\d零〇一二两三四五六七八九十百千万]+(?:余|多)?[个家所名位项条批类]|"
    r"[二两三四五六七八九十]大|[(（]|" + "|".join(map(re.escape, LEADING_NOISE)) + r")+"
)

_GENERIC_RE = re.compile("|".join(map(re.escape, GENERIC_WORDS)))
_BRACKETS = re.compile(r"[()（）]")
_HAN_BEFORE = re.compile(rf"[{HAN}]{{2,8}}$")


@lru_cache(maxsize=8192)  # (heads repeat across an article's candidates and across articles)
def _proper_len(head: str) -> int:
    """How many characters of ``head`` name something: all but generic words (国家级, 相关, 新)
    and brackets; a place counts whole (阜新 is not 新 after 阜)."""
    proper, last = 0, 0
    for start, end, _, _ in gz.find_places(head):
        proper += _plain_len(head[last:start]) + end - start
        last = end
    return proper + _plain_len(head[last:])


def _plain_len(text: str) -> int:
    return len(_BRACKETS.sub("", _GENERIC_RE.sub("", text))) if text else 0


def _across_and(text: str, start: int, end: int, suffix: Suffix) -> int:
    """Where a name starts when 和 stands right before ``start`` inside it: 宁夏发展战略和信息
    研究所, 香港职工教育和职业培训协会 — what follows 和 is a field with no place, too plain to name
    anything alone, and what precedes it, from the start of its phrase, is a place and fields with
    no organisation's suffix."""
    head = text[start : end - len(suffix.text)]
    if text[start - 1 : start] != "和" or gz.find_places(head):
        return start
    if len(head) > 2 and (len(head) > 6 or _proper_len(head) > 2 or suffix.group == "gov"):
        return start
    if suffix.group == "gov":
        # 科技和人才局, 文化和旅游局: a bureau named after two fields, the first a ministry's
        core = next((c for c in MINISTRY_CORES if text.endswith(c, 0, start - 1)), None)
        if core:
            return start - 1 - len(core)
    left = _HAN_BEFORE.search(text, max(0, start - 9), start - 1)
    if not left or _ends_with_suffix(left.group()):
        return start
    places = gz.find_places(left.group())
    return left.start() if places and places[0][0] == 0 else start


_ORG_SUFFIX_TEXTS = tuple(s.text for s in SUFFIXES if s.category == "org")


def _ends_with_suffix(text: str) -> bool:
    return text.endswith(_ORG_SUFFIX_TEXTS)


def _clean_candidate(text: str, start: int, end: int, suffix: Suffix) -> tuple[int, str] | None:
    """Trim leading noise from ``text[start:end]``; None when no name remains."""
    start = _across_and(text, start, end, suffix)
    noise = _LEADING_NOISE_RE.match(text, start, end)
    if noise:
        start = noise.end()
    if (
        text[start : start + 1] == "原"
        and not _place_at(text, start)
        and (_place_at(text, start + 1) or text.startswith(_FORMER_OF, start + 1))
    ):
        start += 1  # 原致公党某市委会主委: "former", then the name (原阳县 is a county)
    while start < end and text[start] in ")）":
        start += 1  # )保障局: what a repaired reading left before the name, never part of it
    owned = SUBSIDIARY.search(text, start + 1, end)
    if owned:
        start = owned.end()  # 北京某控所属北京某技师学院: the school, its owner named before
    national = text.find("国立", start + 1, end)
    if national > 0 and not (_place_at(text, start) or text.startswith(tuple(gz.COUNTRIES), start)):
        # 自112学年起续与国立某科技大学: 国立 opens a name (缅甸曼德勒国立… keeps its country)
        start = national
    for close in _BYLINE.finditer(text, start, end):
        start = close.end()  # (记者某某报导)台南市某大学, 某地9月27日讯(记者某某): a byline first
    if text[start : start + 1] == "与":
        start += 1  # 某大酒店与某学院签约: the conjunction joins two parties
    joined_after_gloss = _GLOSS_THEN_CONJUNCTION.search(text, start, end)
    if joined_after_gloss:
        start = joined_after_gloss.end()  # 某局(VTC)与某公司: two parties, the first glossed
    joined = text.find("同", start, end)
    if (
        joined == start
        and _ends_with_suffix(text[max(0, start - 12) : start])
        and _place_at(text, start + 1)
    ):
        start += 1  # 某学院同某公司: the name before 同 was taken already
    elif joined > 0 and _joins_with_tong(text, start, joined):
        start = joined + 1  # 学院同某公司签约: 同 joins two parties when a place follows
    if (
        suffix.text == "部"
        and text.startswith("国家", start)
        and text[start + 2 : end - 1] in MINISTRY_CORES
    ):
        start += 2  # 国家教育部 is 教育部
    if suffix.group != "company":
        start += prose_before_place(text[start:end])  # 现场常州市…中心: prose before the place
    start += _address_before_name(text[start:end])  # 某市某省糖业集团…: an address, then the name
    start = _after_short_form(text, start, end)  # 某大学(某大)某协会: the university is named
    dot = text.rfind("·", start, end)
    if dot > start and _place_at(text, dot + 1):
        start = dot + 1  # 某高铁·贵阳职业技术学院: a partner's brand, then the school's own name
    name = text[start:end]
    if len(name) <= len(suffix.text) and not (name == suffix.text in NAMED_WHOLE):
        return None
    if len(name) > _MAX_NAME:
        # too long to be one name: restart at the first place name that leaves a short one
        places = [p for p in gz.find_places(name) if len(name) - p[0] <= _MAX_NAME]
        if not places:
            return None
        start += places[0][0]
        name = text[start:end]
    return start, name


_GLOSS = re.compile(r"[(（]([^()（）]{1,6})[)）]")
# what a name after 原 ("former") starts with: the party, the democratic parties, the nation
_FORMER_OF = (
    *gz.words("中共 中国 中华 全国 国家 民革 民盟 民建 民进 农工党 致公党 九三学社 台盟"),
    *gz.COUNTRIES,
)
# 某集团旗下某农场, 北京某控所属某技师学院: a subsidiary has a name of its own
SUBSIDIARY = re.compile("所属|旗下|下属")
# a byline's bracket closing before the name, its opening bracket there or left out
# (…记者某某报导)台南市…, 海口9月27日讯(记者某某)某集团), or a dateline (某地9月27日讯)
_BYLINE = re.compile(
    r"[(（]?[^()（）]*(?:记者|报导|报道|通讯员|摄影|撰稿)[^()（）]*[)）]"
    # or a day before the name (某团于12月12日早上参访某大学): no name holds a date
    r"|\d{1,2}月\d{1,2}日(?:讯|电)?"
)


def _after_short_form(text: str, start: int, end: int) -> int:
    """Where a name starts when another ends inside it with its short form in brackets:
    香港城市大学(城大)工商业领袖协会 → 工商业领袖协会 (the university was named already)."""
    for gloss in _GLOSS.finditer(text, start, end):
        before = text[start : gloss.start()]
        short = gloss.group(1)
        if gloss.end() < end and _ends_with_suffix(before) and all(c in before for c in short):
            start = gloss.end()
    return start


_ADDRESS_PLACE = re.compile(rf"[{HAN}]{{2,4}}(?:市|县|区|州|旗|盟)")
_ADDRESS_ENDS = ("市", "县", "区", "州", "旗", "盟", "城", "镇")
_TAIWAN_CITY_UNIVERSITY = re.compile(
    f"(?:{'|'.join(gz.TAIWAN_CITIES)})[市县]"
    rf"(?!立)(?=[{HAN}]{{2,8}}(?:科技大学|大学|技术学院)$)"
)


def _address_before_name(name: str) -> int:
    """How many leading characters of ``name`` are an address before the name proper: a
    province written after a city or county (横州市广西糖业集团… → 广西糖业集团…), or a place named
    again after a zone (广州中新知识城广州康大职业技术学院 → 广州康大职业技术学院). 0 when none."""
    located = _TAIWAN_CITY_UNIVERSITY.match(name)
    if located:
        return located.end()  # 台南市昆山科技大学: Taiwan's universities carry no city (but 市立)
    places = gz.find_places(name[:16])
    if places and places[0][0] == 0:
        first, first_kind = places[0][2], places[0][3]
    elif (admin := _ADDRESS_PLACE.match(name)) is not None:
        first, first_kind = admin.group(), "county"
    else:
        return 0
    for at, _end, place, kind in places:
        if at == 0 or at > 12:
            continue
        prefix = name[:at]
        if not prefix.endswith(_ADDRESS_ENDS) or any(t in prefix for t in ORG_TYPE_TEXTS):
            return 0
        if place == first or (kind == "province" and first_kind != "province"):
            return at
    return 0


def _joins_with_tong(text: str, start: int, at: int) -> bool:
    """同 at ``at`` joins two parties: a place follows it and a party's kind precedes it."""
    before = text[start:at]
    return (before in _TONG_SUBJECTS or _ends_with_suffix(before)) and _place_at(text, at + 1)


def _place_at(text: str, at: int) -> bool:
    places = gz.find_places(text[at : at + 4])
    return bool(places and places[0][0] == 0)


_TONG_SUBJECTS = frozenset(gz.words("学院 学校 我校 我院 双方 公司 集团 企业 大学 该校 该院"))
