"""Why a name is proposed (依据) and how sure the extraction is of it (抽取置信度).

Every organisation, body and carrier the extractor finds carries the evidence that supports it —
codes from :data:`WEIGHTS` — and a confidence combined from them. What has too little support is
not proposed at all (precision first: a reviewer who must delete a third of the proposals stops
trusting them). The registry adds its own evidence when a name links (``registry``, added by
``chanjiao.ingest.proposing``).

Plain functions over strings; no Django.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from . import gazetteer as gz
from .common_words import everyday_phrase
from .gazetteer import words
from .lexicon import SCHOOL_OWNERS, SUFFIXES

#: What each kind of evidence is worth on its own (0..1); pieces combine as independent signals.
WEIGHTS: dict[str, float] = {
    # the name ends in an organisation type that names one (职业技术学院, 有限公司, 教育局 …)
    "suffix": 0.5,
    # the name ends in a type that also ends ordinary words (中心, 基地, 学校, 集团 …)
    "weak_suffix": 0.3,
    # the type follows a head of everyday words only (孵化学院, 农民合作社): it may name a kind, so
    # it takes one more piece of evidence (a list, a role, a person) to be proposed
    "everyday_head": 0.35,
    # the name starts with a place, a country or a name the article gives in full
    "place": 0.3,
    # it is an item of a list the article closes with its kind (A、B、C等5家企业)
    "enumerated": 0.55,
    # a role is stated for it (主办, 牵头, 理事长单位, 签约 …)
    "role": 0.35,
    # it stands in a list of names (A、B、C)
    "list": 0.25,
    # a person is named with a title in it (某学院院长王某)
    "person": 0.35,
    # the article names it more than once
    "repeated": 0.25,
    # the headline names it
    "headline": 0.3,
    # the article declares a short form for it (以下简称…)
    "alias": 0.3,
    # it stands in quotes or book-title marks
    "quoted": 0.3,
    # carriers: founded, unveiled, awarded or co-built in the sentence
    "founded": 0.4,
    # carriers: a level stands in the name or before it (国家级, 省级, 示范)
    "level": 0.15,
    # the registry holds the name (added when linking)
    "registry": 0.7,
}

#: Governments are named after the fields they govern (劳工事务局, 经济建设委员会), so an everyday
#: head is no doubt about them.
_GOVERNMENT_SUFFIXES = frozenset(s.text for s in SUFFIXES if s.group.startswith("gov"))

#: Below this an extraction is not proposed.
PROPOSE_MIN = 0.5

#: Suffixes that end ordinary words as well as names.
WEAK_SUFFIXES = frozenset(words("中心 基地 学校 院 所 站 室 办 馆 社 平台 工坊"))

# 国立成功大学, 市立某高中: who runs it stands before a school's own name (Taiwan's usage)
_OWNED = re.compile(rf"(?:{'|'.join(SCHOOL_OWNERS)})[\u3400-\u9fff]{{2}}")
_LEVEL = re.compile(r"国家级|省级|市级|国家|示范|重点|标杆|骨干|高水平")
_LIST_NEIGHBOUR = frozenset("、")
# a county, district or city named with its level before the rest of the name (晋江市教育局)
_ADMIN_PLACE = re.compile(r"^[\u3400-\u9fff]{2,4}(?:省|市|区|县|州|旗|盟)(?=[\u3400-\u9fff]{2})")
_NATIONAL = ("中国", "全国", "中华", "国家", *sorted(gz.COUNTRIES))


def confidence(codes: Iterable[str]) -> float:
    """The combined confidence of independent pieces of evidence: 1 − Π(1 − wᵢ)."""
    miss = 1.0
    for code in sorted(set(codes)):  # (in one order: the same float on every run)
        miss *= 1.0 - WEIGHTS.get(code, 0.0)
    return round(1.0 - miss, 3)


def starts_with_place(name: str) -> bool:
    """The name begins with a province, city, county or country (a proper head)."""
    places = gz.find_places(name[:8])
    return (
        bool(places and places[0][0] == 0)
        or name.startswith(_NATIONAL)
        or bool(_ADMIN_PLACE.match(name))
    )


def _starts_with_known(name: str, known_heads: Collection[str]) -> bool:
    """``name`` begins with another name of the article, shorter than itself (某学院某产业学院)."""
    return any(name[:k] in known_heads for k in range(2, len(name)))


def in_list(text: str, spans: Iterable[tuple[int, int]]) -> bool:
    """One of the mentions is an item of a list of names: 、 stands right before or after it."""
    for start, end in spans:
        if text[start - 1 : start] in _LIST_NEIGHBOUR or text[end : end + 1] in _LIST_NEIGHBOUR:
            return True
    return False


def name_evidence(
    text: str,
    title: str | None,
    name: str,
    spans: list[tuple[int, int]],
    *,
    suffix: str,
    roles: Iterable[str] = (),
    has_person: bool = False,
    aliased: bool = False,
    known_heads: Collection[str] = frozenset(),
    enumerated: bool = False,
    proper_head: int = 0,
) -> list[str]:
    """The evidence for an organisation or body named ``name`` at ``spans`` in ``text``.

    ``proper_head``: how many characters before the suffix are not generic words; a weak suffix
    after four or more (机械工业教育发展中心) names one organisation as surely as a strong one.
    """
    codes: list[str] = []
    if enumerated:
        codes.append("enumerated")
    if suffix:
        weak = suffix in WEAK_SUFFIXES and proper_head < 4
        if weak:
            codes.append("weak_suffix")
        elif (
            suffix not in _GOVERNMENT_SUFFIXES
            and not _OWNED.match(name)
            and everyday_phrase(name[: -len(suffix)])
        ):
            codes.append("everyday_head")
        else:
            codes.append("suffix")
    if starts_with_place(name) or _starts_with_known(name, known_heads):
        codes.append("place")
    if any(r != "attendee" for r in roles):
        codes.append("role")
    if in_list(text, spans):
        codes.append("list")
    if has_person:
        codes.append("person")
    if len({s for s, _ in spans}) >= 2:
        codes.append("repeated")
    if title and name in title:
        codes.append("headline")
    if aliased:
        codes.append("alias")
    if any(text[s - 1 : s] in '“「『《"' for s, _ in spans if s > 0):
        codes.append("quoted")
    return codes


def carrier_evidence(
    text: str,
    title: str | None,
    name: str,
    spans: list[tuple[int, int]],
    *,
    founded: bool,
    suffix: str = "",
    known_heads: Collection[str] = frozenset(),
    proper_head: int = 0,
) -> list[str]:
    """The evidence for a carrier (载体) named ``name`` at ``spans`` in ``text``: a carrier's own
    type (产业学院, 实训基地) counts as a suffix, a word that ends many things (中心) as a weak one."""
    weak = not suffix or (suffix in WEAK_SUFFIXES and proper_head < 4)
    codes = ["weak_suffix" if weak else "suffix"]
    if founded:
        codes.append("founded")
    if starts_with_place(name) or _starts_with_known(name, known_heads):
        codes.append("place")
    if _LEVEL.search(name) or any(_LEVEL.search(text[max(0, s - 6) : s]) for s, _ in spans):
        codes.append("level")
    if len({s for s, _ in spans}) >= 2:
        codes.append("repeated")
    if title and name in title:
        codes.append("headline")
    if any(text[s - 1 : s] in '“「『《"' for s, _ in spans if s > 0):
        codes.append("quoted")
    return codes
