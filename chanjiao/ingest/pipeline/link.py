"""Name linking (名称匹配): which registry records an extracted name may be.

An ``Index`` is built once over the registry's names (organisations, bodies, carriers or people)
and answers ``match(name)`` with the plausible records, best first, each with a confidence in
0..1 and the method that found it. Matches at or above ``LINK_THRESHOLD`` are linked by default;
the others are shown to the reviewer as suggestions beside a proposed new record.

Methods and confidences:

* ``exact`` 1.0 — the normalized names are equal (``normalize``: NFKC, no spaces, quotes,
  book-title marks or middle dots, Latin in lower case);
* ``alias`` 0.95 — the name equals one of the record's aliases (short names, former names);
* ``fuzzy`` < 0.95 — organisations and bodies only, scored on the distinctive part (below);
* ``name`` 0.7 / 0.6 — people only: the same name, without an organisation that confirms it.

Fuzzy scoring (区分性核心): Chinese organisation names share long generic parts — a region
(四川省, 成都市) and a type (职业技术学院, 有限公司, 行业协会) — so a plain string ratio rates
四川省模具行业协会 and 四川省汽车行业协会 as 78 % alike although they are two organisations.
Every name is therefore split by ``parts`` into

    regions  the leading provinces, cities and counties (and a place in brackets: 联想(北京)),
    type     the trailing generic type, mapped to a family (职业学院 ~ 职业技术学院),
    core     what is left: the distinctive part (模具, 工贸, 教育 of 江西省教育厅).

and the confidence is::

    0.94 × core × type × region

* ``core``: rapidfuzz's normalized Indel similarity of the two cores; below 0.8 it is 0, so
  different cores (模具/汽车, 工贸/航空, 教育/科技) never match whatever else they share;
* ``type``: 1 for the same type, 0.97 for the same family (职业学院/职业技术学院, 集团/集团有限
  公司), 0.85 for a school written by its short type (机电学院 for …职业技术学院), 0.9 when only
  one side has a type, 0 for different families (a 分公司 is not its 有限公司);
* ``region``: 1 for the same regions, 0.97 when one is more specific (乐山市… / 四川省乐山市…),
  0.9 when only one side names a region, 0 when they name different regions.

A shortened core (江铃集团 for 江铃汽车集团有限公司: 江铃 is a subsequence of 江铃汽车) is
scored ``0.8 × type × region``. Fuzzy matches therefore stay below 0.95 (never above an exact
or alias match) and only a real variant of the same name — same core, same region, same type
family — reaches ``LINK_THRESHOLD``: 成都工贸职业学院 for 成都工贸职业技术学院 scores 0.91.

Speed: records are grouped by core (then region), and the unique cores are indexed once by
their pairs of characters one or two apart. A look-up shortlists the cores sharing such a pair
with its own — every core that can reach 0.8 does (``Index._shortlist``) — runs rapidfuzz
``process.extract`` with a score cutoff over that shortlist, and scores the records of the
cores that pass. 100,000 organisation names build in about 1.5 s and a look-up of an absent
name takes well under a millisecond. Plain Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .gazetteer import CITIES, PROVINCES

__all__ = [
    "LINK_THRESHOLD",
    "Candidate",
    "Index",
    "Match",
    "Parts",
    "fuzzy_confidence",
    "normalize",
    "parts",
]

LINK_THRESHOLD = 0.9

EXACT = 1.0
ALIAS = 0.95
FUZZY_CAP = 0.94
ABBREVIATION = 0.8
# people: the same name confirmed by none of their organisations (namesakes are common)
NAME_ONLY = 0.7
NAME_OTHER_ORG = 0.6

# below these a fuzzy candidate is not worth showing
CORE_MIN = 0.8
SUGGEST_MIN = 0.6


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registry record that a name can be linked to."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()  # short names and other names of the record
    context: frozenset[int] = frozenset()  # for people: ids of organisations they hold posts in


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate record for a name, with how it was found and how sure that is."""

    id: int
    name: str  # the candidate's registry name
    method: str  # "exact" | "alias" | "fuzzy" | "name"
    confidence: float  # 0..1


# --- normalization ------------------------------------------------------------------------------

_REMOVED = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·•‧・]")


def normalize(name: str) -> str:
    """The form names are compared in: NFKC, without whitespace, quotes, book-title marks and
    the middle dots of foreign names, Latin letters in lower case (the FORMAT.md comparison)."""
    return _REMOVED.sub("", unicodedata.normalize("NFKC", name or "")).lower()


# --- parts of a name ----------------------------------------------------------------------------


def _region_forms() -> dict[str, str]:
    """Every written form of a province or city at the start of a name → its short form."""
    forms: dict[str, str] = {}
    for city in CITIES:
        for suffix in ("", "市", "州", "地区", "盟"):
            forms[city + suffix] = city
    for province in PROVINCES:
        for suffix in ("", "省", "市", "自治区", "特别行政区"):
            forms[province + suffix] = province
    for full, short in (
        ("广西壮族自治区", "广西"),
        ("宁夏回族自治区", "宁夏"),
        ("新疆维吾尔自治区", "新疆"),
        ("西藏自治区", "西藏"),
        ("内蒙古自治区", "内蒙古"),
        ("中华人民共和国", "中国"),
        ("中国", "中国"),
        ("全国", "中国"),
    ):
        forms[full] = short
    # development zones name where an organisation is, like a district: 高新区电子信息产业发展局
    for zone in ("高新区", "开发区", "经开区", "高新技术产业开发区", "经济技术开发区"):
        forms[zone] = zone
    return forms


_REGION_FORMS = _region_forms()
_REGION_LENGTHS = sorted({len(f) for f in _REGION_FORMS}, reverse=True)
# A county-level city or district not in the gazetteer: 义乌市, 昆山市, 郫都区 (after a city).
# The character before 市 must not make a common noun of it (超市, 城市, 门市, 夜市, 股市).
_OTHER_CITY = re.compile(r"^([\u3400-\u9fff]{2,3}?)(?<![超城门夜股集都])(?:市|省)(?![场民值级])")
_DISTRICT = re.compile(r"^[\u3400-\u9fff]{1,3}?(?:区|县|旗)(?![域级])")
# 市教育局, 省教育厅: the article's own city or province, unknown here.
_RELATIVE = re.compile(r"^[省市](?![场民政值级区县中内外])")
# A place in brackets inside a company name: 联想(北京)有限公司, 亮捷教育科技(天津)有限公司.
_BRACKETED = re.compile(r"\(([^()]{1,8})\)")
_KEEP_BRACKETED = frozenset(("集团", "控股", "股份", "中国"))


def _types() -> dict[str, str]:
    """Generic type endings → their family. Longer endings are tried first."""
    families = {
        "company": "集团股份有限公司 集团有限责任公司 集团有限公司 股份有限公司 有限责任公司 "
        "有限公司 公司 集团 控股",
        "branch": "分公司 子公司 分行 支行 分院 分校 办事处",
        "bank": "银行",
        "vocational_college": "职业技术学院 职业学院 技术学院 职业技术大学 职业大学 高等专科学校 "
        "专科学校 高等职业学校 高等职业技术学校",
        "technician_college": "技师学院 高级技工学校 技工学校",
        "secondary_school": "中等职业学校 中等职业技术学校 中等专业学校 职业高级中学 职业中学 "
        "职业技术学校 职业学校 职业中专 职业教育中心 职教中心",
        "school": "高级中学 中学 小学 学校",
        "university": "学院 大学",
        "research": "设计研究院 研究院 研究所 研究中心 科学院 设计院",
        "association": "行业协会 协会",
        "society": "学会",
        "federation": "联合会",
        "chamber": "商会",
        "promotion": "促进会",
        "study_society": "研究会",
        "foundation": "基金会",
        "union": "总工会 工会",
        "government": "人民政府 政府",
        "department": "厅",
        "bureau": "局",
        "commission": "委员会 管委会 委",
        "ministry": "部",
        "office": "办公室 办",
        "park": "经济技术开发区 高新技术产业开发区 开发区 高新区 经开区 产业园区 工业园区 产业园 "
        "工业园 科技园",
        "hospital": "医院",
        "center": "中心",
        # 产教融合体
        "vocational_group": "职业教育集团 职教集团",
        "community": "产教融合共同体 共同体",
        "consortium": "市域产教联合体 产教联合体 联合体",
        "alliance": "产教融合联盟 职业教育联盟 联盟",
        # 载体
        "industry_college": "现代产业学院 特色产业学院 产业学院",
        "training_base": "生产性实训基地 实训基地 实践基地 实习基地 培训基地 基地 实训中心 培训中心",
        "laboratory": "重点实验室 联合实验室 实验室",
        "workshop": "鲁班工坊 工坊",
        "studio": "技能大师工作室 大师工作室 工作室",
    }
    return {t: family for family, texts in families.items() for t in texts.split()}


_TYPES = _types()
_TYPE_LENGTHS = sorted({len(t) for t in _TYPES}, reverse=True)
# Families a name is also written in: 机电学院 for 天津机电职业技术学院.
_RELATED_FAMILIES = frozenset(
    {
        frozenset(("university", "vocational_college")),
        frozenset(("university", "technician_college")),
        frozenset(("school", "secondary_school")),
        frozenset(("university", "industry_college")),
    }
)


@dataclass(frozen=True, slots=True)
class Parts:
    """A normalized name split into its leading regions, distinctive core and generic type."""

    regions: frozenset[str]
    core: str
    type: str  # "" when the name has no known type ending
    family: str  # "" when ``type`` is ""


def _strip_regions(name: str) -> tuple[frozenset[str], str]:
    regions: list[str] = []
    for _ in range(4):  # 中国, 四川省, 乐山市, 市中区 at most
        for n in _REGION_LENGTHS:
            short = _REGION_FORMS.get(name[:n])
            if short and len(name) > n:
                regions.append(short)
                name = name[n:]
                break
        else:
            m = _OTHER_CITY.match(name)
            district = _DISTRICT.match(name) if regions and not m else None
            if m and len(name) > m.end():
                regions.append(m.group(1))
                name = name[m.end() :]
                continue
            if district and len(name) > district.end():
                regions.append(district.group())  # 高新区, 郫都区: kept whole
                name = name[district.end() :]
                continue
            break
    if not regions:
        relative = _RELATIVE.match(name)
        if relative and len(name) > 2:
            name = name[1:]  # an unknown region: compared as if none were written
    return frozenset(regions), name


def parts(normalized: str) -> Parts:
    """Split a normalized name into regions, core and type (see the module docstring)."""
    name = normalized
    bracketed: list[str] = []

    def pull(m: re.Match) -> str:
        inner = m.group(1)
        if inner in _KEEP_BRACKETED:
            return inner  # 中国有色(集团)有限公司: part of the name, not a place
        bracketed.append(_REGION_FORMS.get(inner, inner))
        return ""

    name = _BRACKETED.sub(pull, name)
    regions, name = _strip_regions(name)
    type_ = ""
    for n in _TYPE_LENGTHS:
        if len(name) > n and name[-n:] in _TYPES:
            type_, name = name[-n:], name[:-n]
            break
    else:
        if name in _TYPES and not regions:
            # the name is only a type (学院): nothing distinctive to compare
            return Parts(frozenset(bracketed), "", name, _TYPES[name])
        if name in _TYPES:
            type_, name = name, ""
    return Parts(regions | frozenset(bracketed), name, type_, _TYPES.get(type_, ""))


def _type_factor(a: Parts, b: Parts) -> float:
    if a.type == b.type:
        return 1.0
    if not a.type or not b.type:
        return 0.9
    if a.family == b.family:
        return 0.97
    if frozenset((a.family, b.family)) in _RELATED_FAMILIES:
        return 0.85
    return 0.0


def _region_factor(a: frozenset[str], b: frozenset[str]) -> float:
    if a == b:
        return 1.0
    if not a or not b:
        return 0.9
    if a <= b or b <= a:
        return 0.97
    return 0.0


def _grams(core: str) -> set[str]:
    """Pairs of characters one or two apart (ab and a_b of axb); a one-character core is its
    own gram. Two cores with an Indel similarity of 0.8 or more always share one (see
    ``Index._shortlist``)."""
    if len(core) == 1:
        return {core}
    return {
        core[i] + core[j] for i in range(len(core) - 1) for j in (i + 1, i + 2) if j < len(core)
    }


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def fuzzy_confidence(query: Parts, other: Parts, core_similarity: float | None = None) -> float:
    """The fuzzy confidence of two names' parts (0 when they cannot be the same record)."""
    region = _region_factor(query.regions, other.regions)
    if not region:
        return 0.0
    type_ = _type_factor(query, other)
    if not type_:
        return 0.0
    if core_similarity is None:
        if query.core and other.core:
            core_similarity = fuzz.ratio(query.core, other.core) / 100
        else:
            core_similarity = 1.0 if query.core == other.core else 0.0
    best = FUZZY_CAP * core_similarity * type_ * region if core_similarity >= CORE_MIN else 0.0
    # a shortened core: 江铃 of 江铃汽车 (same first character, in order, shorter)
    if (
        2 <= len(query.core) < len(other.core)
        and query.core[0] == other.core[0]
        and _is_subsequence(query.core, other.core)
    ):
        best = max(best, ABBREVIATION * type_ * region)
    return min(best, FUZZY_CAP)


# --- the index ----------------------------------------------------------------------------------


class Index:
    """Registry names prepared for ``match``; build once, query many times.

    ``fuzzy=True`` (organisations, bodies, carriers): exact, alias and fuzzy matches.
    ``fuzzy=False`` (people): exact names only; the organisations in ``Candidate.context``
    decide whether a same-name record is the person (see ``match``).
    """

    def __init__(self, candidates: Iterable[Candidate], *, fuzzy: bool = True) -> None:
        self._candidates: list[Candidate] = list(candidates)
        self._fuzzy = fuzzy
        self._names: dict[str, list[int]] = {}
        self._aliases: dict[str, list[int]] = {}
        # fuzzy: every name and alias as (candidate, parts), grouped by core, then by region
        self._entries: list[tuple[int, Parts]] = []
        self._by_core: dict[str, dict[str, list[int]]] = {}
        self._by_prefix: dict[str, list[str]] = {}
        self._cores: list[str] = []
        # pairs of characters one or two apart in the cores → their positions in ``_cores``
        self._by_gram: dict[str, list[int]] = {}
        for i, candidate in enumerate(self._candidates):
            key = normalize(candidate.name)
            if key:
                self._names.setdefault(key, []).append(i)
            keys = [key] if key else []
            for alias in candidate.aliases:
                alias_key = normalize(alias)
                if alias_key and alias_key not in keys:
                    self._aliases.setdefault(alias_key, []).append(i)
                    keys.append(alias_key)
            if fuzzy:
                for k in keys:
                    self._add_entry(i, parts(k))
        if fuzzy:
            self._cores = [core for core in self._by_core if core]
            for n, core in enumerate(self._cores):
                if len(core) >= 2:
                    self._by_prefix.setdefault(core[:2], []).append(core)
                for gram in _grams(core):
                    self._by_gram.setdefault(gram, []).append(n)

    def _add_entry(self, candidate: int, p: Parts) -> None:
        entry = len(self._entries)
        self._entries.append((candidate, p))
        by_region = self._by_core.setdefault(p.core, {})
        for region in p.regions or ("",):
            by_region.setdefault(region, []).append(entry)

    def __len__(self) -> int:
        return len(self._candidates)

    def match(self, name: str, *, limit: int = 5, context: int | None = None) -> list[Match]:
        """The plausible records for ``name``: at most ``limit``, by confidence then name.

        People (``fuzzy=False``): a same-name record whose organisations include ``context``
        is ``exact`` 1.0 (``alias`` 0.95 for an alias); without that organisation it is only
        ``name`` 0.6 — two 王涛 at two schools are two people; with no ``context`` at all,
        ``name`` 0.7. So a person is linked by default only when an organisation confirms it.
        Each record appears once, with its best method.
        """
        key = normalize(name)
        if not key or limit <= 0:
            return []
        best: dict[int, tuple[float, str]] = {}

        def offer(i: int, method: str, confidence: float) -> None:
            if i not in best or confidence > best[i][0]:
                best[i] = (confidence, method)

        if self._fuzzy:
            for i in self._names.get(key, ()):
                offer(i, "exact", EXACT)
            for i in self._aliases.get(key, ()):
                offer(i, "alias", ALIAS)
            self._fuzzy_matches(parts(key), offer)
        else:
            for method, found in (("exact", self._names), ("alias", self._aliases)):
                for i in found.get(key, ()):
                    if context is None:
                        offer(i, "name", NAME_ONLY)
                    elif context in self._candidates[i].context:
                        offer(i, method, EXACT if method == "exact" else ALIAS)
                    else:
                        offer(i, "name", NAME_OTHER_ORG)
        found = [
            Match(c.id, c.name, method, confidence)
            for i, (confidence, method) in best.items()
            for c in (self._candidates[i],)
        ]
        found.sort(key=lambda m: (-m.confidence, m.name, m.id))
        unique: list[Match] = []
        seen: set[int] = set()
        for m in found:  # two candidates may carry the same id: keep the best
            if m.id not in seen:
                seen.add(m.id)
                unique.append(m)
        return unique[:limit]

    def _shortlist(self, core: str) -> list[str]:
        """The cores that can reach ``CORE_MIN`` against ``core``, found by their grams.

        A similarity of 0.8 means a common subsequence of k ≥ 0.4·(a + b) characters. If no
        two consecutive characters of it were at most two apart in both strings, the gaps
        would add 2·(k − 1) characters, so a + b ≥ 4k − 2 > 2.5k for k ≥ 2: impossible. So
        every such core shares a gram with ``core`` and its length is within 2/3..3/2 of it;
        rapidfuzz then scores a few hundred strings instead of every core in the registry.
        """
        found: set[int] = set()
        for gram in _grams(core):
            found.update(self._by_gram.get(gram, ()))
        low, high = len(core) * 2 / 3 - 1e-9, len(core) * 3 / 2 + 1e-9
        cores = self._cores
        return [cores[n] for n in found if low <= len(cores[n]) <= high]

    def _fuzzy_matches(self, query: Parts, offer) -> None:
        similar: dict[str, float | None] = {}
        if query.core:
            if len(query.core) >= 2:
                # shortened names (江铃 of 江铃汽车): same first two characters, a subsequence
                for core in self._by_prefix.get(query.core[:2], ()):
                    if len(core) > len(query.core) and _is_subsequence(query.core, core):
                        similar[core] = None
            for core, score, _ in process.extract(
                query.core,
                self._shortlist(query.core),
                scorer=fuzz.ratio,
                score_cutoff=CORE_MIN * 100,
                limit=None,
            ):
                similar[core] = score / 100
        elif query.regions:
            similar[""] = 1.0
        for core, score in similar.items():
            by_region = self._by_core.get(core)
            if not by_region:
                continue
            if query.regions:
                # a record naming none of the query's regions cannot pass the region test
                keys = [*query.regions, ""]
                entries = {e for k in keys for e in by_region.get(k, ())}
            else:
                entries = {e for group in by_region.values() for e in group}
            for e in entries:
                candidate, p = self._entries[e]
                confidence = fuzzy_confidence(query, p, score)
                if confidence >= SUGGEST_MIN:
                    offer(candidate, "fuzzy", confidence)
