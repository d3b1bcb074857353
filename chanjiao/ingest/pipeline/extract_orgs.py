"""Organisations in a text (单位): type suffixes, left boundaries, mentions.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

from . import gazetteer as gz
from .common_words import is_prose, opens_with_act
from .lexicon import (
    SCHOOL_OWNERS,
    STOP_VERBS,
    SUFFIXES,
    Suffix,
)
from .name_joins import _attach, _whole_name_across
from .name_start import (
    _MAX_NAME,
    _ORG_SUFFIX_TEXTS,
    HAN,
    SUBSIDIARY,
    _clean_candidate,
    _ends_with_suffix,
    _proper_len,
)
from .name_valid import _TAIWAN_SHORT, _TITLE_INSIDE_NAME, _valid

_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"  # TÜV, Zürich

# --- organisations ------------------------------------------------------------------------------

_SUFFIX_BY_TEXT = {s.text: s for s in SUFFIXES}


def _starting_with(first_chars: set[str], extra: str = "") -> str:
    """A lookahead that fails fast where no alternative can start (re has no literal trie)."""
    return "(?=[" + "".join(sorted(re.escape(c) for c in first_chars)) + "]" + extra + ")"


_SUFFIX_PATTERNS = {s.text: re.compile(s.pattern) for s in SUFFIXES if s.pattern}


@cache
def _automaton(words_: tuple[str, ...]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for w in words_:
        automaton.add_word(w, w)
    automaton.make_automaton()
    return automaton


def _suffix_matches(text: str) -> list[tuple[int, int, Suffix]]:
    """Organisation suffixes in ``text``, leftmost-longest and not overlapping."""
    by_start: dict[int, list[str]] = {}
    for end, word in _automaton(tuple(_SUFFIX_BY_TEXT)).iter(text):
        by_start.setdefault(end - len(word) + 1, []).append(word)
    found, last_end = [], 0
    for start in sorted(by_start):
        if start < last_end:
            continue
        for word in sorted(by_start[start], key=len, reverse=True):
            pattern = _SUFFIX_PATTERNS.get(word)
            if pattern is None or pattern.match(text, start):
                found.append((start, start + len(word), _SUFFIX_BY_TEXT[word]))
                last_end = start + len(word)
                break
    return found


_TITLE_ALT = "|".join(map(re.escape, gz.TITLES))
_HARD_STOP = (
    # (a dash after 中国 joins a partner region inside a name: 中国—东盟某职业教育集团)
    rf"(?!(?<=中国)[—–－-][{HAN}])[^{HAN}0-9A-Za-z{_LATIN}()（）·]"
    # 和 starting a clause begins a name (和利时科技集团), elsewhere it joins two
    r"|(?<![，,、。；;：:“\"\s])(?<![，,、。；;：:“\"\s][\u3400-\u9fff])"
    r"和(?!信息化|社会保障|城乡建设|改革|旅游|技术|计划生育|工业|物资储备|化学|化工|清洁|军民|管理|[平田林美谐])"
    r"|(?<!自)由|在(?!线)|以(?!色列)|到|(?<!国)有(?![限色])|(?:19|20)\d{2}年|(?<![财政神曾已])经(?![济信开贸管营典纬费])"
    r"|向(?![阳日])|对(?!外|口)|(?<![华有作成])为(?![民本])|从(?!化)|[把被受让将并还也已均即又的了暨或其要]|(?<!求)是|就(?!业)"
    # 及 joins two names, except inside a bureau's (创新及科技局, 劳工及福利局)
    # or a committee's or an association's named after two fields (创意产业及科技创新委员会)
    r"|(?<=[局署厅部委会司院校所社团)）])及|及(?![\u3400-\u9fff]{1,4}[局署]|[\u3400-\u9fff]{2,6}(?:委员会|协会))"
    # 再 is an adverb, except in 中再 (China Re), 再生资源 (recycling) and 再训练 (retraining)
    r"|(?<!中)再(?!生|训练|就业|教育|培训)|(?<![高中初])等"
    r"|单位(?!工会)|代表(?![处团])|联合(?![会体国利大总])|指导(?!委员会|中心|站)|组织(?![部总联协促])"
    # (交流 inside a name: 某人才技术交流发展中心, 某文化交流协会)
    r"|交流(?![\u3400-\u9fff]{0,4}(?:中心|联盟|协会|促进会|基金会)|合作)|会议(?!中心|室)|希望(?!集团|小学)"
    # 予 after a verb of giving is "to" (捐赠予某局, 授予某校); 们 and 各 never stand inside a
    # name (同仁们, 各成员单位; but 图们 is a city, 香港各界…委员会 is named after all walks of
    # life); nor does a count (5个产业…)
    r"|(?<=[赠授给赋颁])予|(?<!图)们|(?<!社会)各(?!界[\u3400-\u9fff]{2,12}(?:委员会|联合会|协会|协进会))"
    r"|(?<=[\d一二两三四五六七八九十])[个家项批]|首[个家届批]"
    # 作 after 会 is the verb (理事会作工作报告), never part of a name
    r"|(?<=会)作"
    # 之 is "of" between two phrases (进驻园区之某公会), except in a name's own 之家, 之星 …
    r"|之(?![家星窗声友路光])"
)
_STOP_FIRST = set(
    "与和由在有经向对及从把被受让将并还也已均是即又再的了等暨或其就要单代联指组交会希们各个家项批首以到为作之予"
)
_STOP_RE = re.compile(
    _starting_with(_STOP_FIRST, rf"|[^{HAN}0-9A-Za-z{_LATIN}()（）·]")
    + rf"(?:(?P<soft>与(?!会))|(?P<hard>{_HARD_STOP}))"
)
_STOP_WORDS = tuple(dict.fromkeys((*STOP_VERBS, *gz.TITLES)))
_TITLE_SET = frozenset(gz.TITLES)
_ASSOCIATION_AFTER = re.compile(r"(?:协会|学会|联合会|联谊会|研究会|促进会)")
_GATHERED = frozenset(gz.words("学者 校友 专家 师生 人员 嘉宾 领导"))
# Parentheses inside a company name hold a place: 星辰数码(上海)有限公司.
_NAME_PAREN = re.compile(rf"[(（][{HAN}]{{2,6}}[)）](?=[{HAN}])")
_LOCATED_BRAND = re.compile(rf"[(（][{HAN}]{{2,8}}[)）]")
_BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
_ALIAS_RE = re.compile(
    r"[(（](?:以下|下文)?(?:简称|下称)[:：]?[“\"「]?(?P<alias>[^”\"」)）]{2,12})[”\"」]?[)）]"
)


@dataclass(slots=True)
class Mention:
    """A named organisation, body, carrier or venue at ``start:end`` in the text."""

    name: str
    start: int
    end: int
    category: str
    kind: str
    suffix: str


@dataclass(slots=True)
class Entity:
    """One organisation or body of the record, with every place it is mentioned."""

    name: str
    category: str
    kind: str
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    def add_role(self, role: str) -> None:
        if role not in self.roles:
            self.roles.append(role)


class _Stops:
    """Positions that end the text in front of a name, searchable by position.

    ``extra`` adds spans known from elsewhere (the people's names: 赵某作集团工作报告).
    """

    def __init__(self, text: str, extra: list[tuple[int, int]] = ()):
        allowed = set()
        for m in _NAME_PAREN.finditer(text):
            if m.start() > 0 and re.match(rf"[{HAN}]", text[m.start() - 1]):
                allowed.update((m.start(), m.end() - 1))
        spans: list[tuple[int, int, bool]] = []
        for m in _STOP_RE.finditer(text):
            start, end = m.span()
            if end - start == 1:
                if start in allowed:
                    continue
            elif end - start >= 2:
                place = _place_starting_name(text, start, end)
                if place is not None:
                    # the name runs from the place (应某省希望教育集团邀请): stop before it
                    spans.append((place, place, False))
                    continue
            spans.append((end, start, m.lastgroup == "soft"))
        for end, word in _automaton(_STOP_WORDS).iter(text):
            # a title ends the text before a name, except inside one (委员会, 董事会, 专家工作站)
            if word in _TITLE_SET and _TITLE_INSIDE_NAME.match(text, end + 1):
                continue
            if word in _GATHERED and _ASSOCIATION_AFTER.match(text, end + 1):
                continue  # 专家学者协会, 校友联谊会: the people an association gathers
            start = end + 1 - len(word)
            if start >= 2 and text[start - 2 : start] in _OWNERS:
                continue  # 国立成功大学: after who runs a school comes its own name
            spans.append((end + 1, end + 1 - len(word), False))
        spans.extend((e, b, False) for b, e in extra)
        spans.sort()
        self.ends, self.starts, self.soft = (
            (list(c) for c in zip(*spans, strict=True)) if spans else ([], [], [])
        )

    def before(self, pos: int) -> int:
        """Index of the last stop ending at or before ``pos`` (-1 when none)."""
        return bisect_right(self.ends, pos) - 1


# a name's tail after a word inside it: 某省希望教育集团, 某省联合职业技术学院
_NAME_TAIL = re.compile(
    r"(?:(?![的了是在与和及对向从把被将并也已均各们等为])"
    + rf"[{HAN}]){{0,10}}?(?:"
    + "|".join(
        map(
            re.escape,
            sorted(
                {s.text for s in SUFFIXES if s.category in ("org", "body") and len(s.text) >= 2},
                key=len,
                reverse=True,
            ),
        )
    )
    + ")"
)
_PLACE_ENDING = frozenset(
    gz.PROVINCES | gz.CITIES | {p + a for p in gz.PROVINCES | gz.CITIES for a in "省市"}
)


def _place_starting_name(text: str, start: int, end: int) -> int | None:
    """Where the name begins when the stop word at ``start:end`` is inside it: a place stands
    right before the word and name characters ending in an organisation suffix follow
    (某省希望教育集团). None when the word is a real stop."""
    if _NAME_TAIL.match(text, end) is None:
        return None
    for n in (4, 3, 2):
        if start >= n and text[start - n : start] in _PLACE_ENDING:
            return start - n
    return None


def _soft_stop_is_internal(text: str, stop_start: int, run_start: int, name_end: int) -> bool:
    """Whether 与 at ``stop_start`` is inside a name (物流与采购联合会) rather than joining two.

    It joins two when what stands before it is an organisation or a list item (A、B与C), a
    pronoun-like single character, or when a place name follows (…工厂与江西省…基地).
    """
    left = text[run_start:stop_start]
    right = text[stop_start + 1 : name_end]
    if (
        len(left) < 2
        or _ends_with_suffix(left)
        or left.endswith(_SCHOOL_SHORT)
        or (len(left) <= 5 and left.endswith((*_TAIWAN_SHORT, "工商")))
        or (len(left) == 2 and left[1] == "大")
    ):
        return False  # …科大与…集团, 都大与某商会: 科大, 都大 are schools written short
    if len(left) <= 3 and opens_with_act(left):
        return False  # 特别与某大学: an adverb, then the partner
    if re.search(r"(?:[室楼厅馆场\d]|[\d)）]日)$", left):
        # 在某楼209会议室与某公司举行, 某学院昨(18)日与某公司: a room or a day, then the partner
        return False
    if left.endswith(("上", "中", "后", "时")) and is_prose(left[-3:-1] or left):
        return False  # 仪式上与某公司签约: when it happened, then the partner
    if _proper_len(_strip_suffix(right)) == 0:
        return False  # 深度合作事宜与学院: what follows 与 is a bare kind of organisation
    if _BODY_TAIL.search(right) and not gz.find_places(right[:3]):
        return True  # 数字产业与智能计算产教融合共同体: a body named after two fields
    if (
        run_start > 0
        and text[run_start - 1] in "、，,"
        and len(left) < 5
        and not left.startswith(_NATIONAL)
    ):
        return False  # A、京东与B joins two; 、某省物流与交通运输协会 is one name
    return not any(right.startswith(p) for p in _PLACES_AND_COUNTRIES)


def _strip_suffix(name: str) -> str:
    """``name`` without the organisation suffix it ends with (学院, 有限公司 …)."""
    for suffix in _ORG_SUFFIX_TEXTS_LONGEST:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


_BODY_TAIL = re.compile(r"(?:产教融合共同体|产教联合体|共同体)$")
_ORG_SUFFIX_TEXTS_LONGEST = tuple(sorted(_ORG_SUFFIX_TEXTS, key=len, reverse=True))
_SCHOOL_SHORT = ("科大", "工大", "师大", "农大", "医大", "交大", "财大", "理工", "职院", "职校")
_NATIONAL = ("中国", "全国", "中华")
_PLACES_AND_COUNTRIES = tuple(gz.PROVINCES | gz.CITIES | gz.COUNTRIES)
_PLACE_NAMES = gz.PROVINCES | gz.CITIES
_NAMED_GROUPS = frozenset(("school", "company", "research", "association"))


def _left_boundary(text: str, stops: _Stops, start: int, end: int, floor: int) -> int:
    """Where a name ending with a suffix at ``start:end`` begins (never before ``floor``)."""
    i = stops.before(start)
    while i >= 0 and stops.ends[i] > floor:
        if stops.soft[i]:
            prev = stops.ends[i - 1] if i > 0 else 0
            if _soft_stop_is_internal(text, stops.starts[i], max(prev, floor), end):
                i -= 1
                continue
        return stops.ends[i]
    return floor


# A people's congress (人大, its 常委会) followed by one of its committees: the congress is the
# organisation.
_CONGRESS_COMMITTEE = re.compile(
    rf"^(?P<parent>[{HAN}]{{2,12}}?人大(?:常委会)?)(?=[{HAN}]{{2,}}委员会$)"
)
_HAN_RE = re.compile(rf"[{HAN}]")
# Hong Kong's and Macau's government before one of its bureaus or secretariats (香港特区政府创新及
# 科技局, 澳门特别行政区政府社会文化司): the bureau goes by its own name
_SAR_GOVERNMENT = re.compile(rf"(?:香港|澳门)(?:特别行政区|特区)?政府(?!驻)(?=[{HAN}]{{2,}}$)")


_BRACKETED_PLACE = re.compile(r"[(（]([^()（）]{2,8})[)）]")


def _names_place(text: str) -> bool:
    """``text`` is a province, city or country (香港, 深圳, 澳门特别行政区, 新加坡)."""
    return gz.strip_admin_suffix(text) in _PLACE_NAMES or text in gz.COUNTRIES


_JOINT_DASHES = frozenset("—–-－")
_OWNERS = frozenset(SCHOOL_OWNERS)
_CLOSE_QUOTES = frozenset("”」』")
_OPEN_QUOTE = re.compile(r"[“「『](?=[^“「『”」』]*$)")
_CLAUSE_PUNCT_IN_NAME = re.compile(r"[，。；：！？,;:!?、\n]")


def find_mentions(text: str, stops: _Stops | None = None) -> list[Mention]:
    """Every organisation, body, carrier and venue name in ``text`` with its position."""
    stops = stops or _Stops(text)
    masked = [(m.start(), m.end()) for m in _BOOK_TITLE.finditer(text)]
    mentions: list[Mention] = []
    # every suffix seen so far: (start, end, suffix, index in mentions or None)
    seen: list[tuple[int, int, Suffix, int | None]] = []
    for start, end, suffix in _suffix_matches(text):
        if any(a <= start < b for a, b in masked):
            continue
        if start > 0 and text[start - 1] in "(（" and text[end : end + 1] in ")）":
            continue  # 某职业教育集团（联盟）: a bracketed gloss, not a second name
        cand_start = _left_boundary(text, stops, start, end, 0)
        if text[end : end + 1] in _CLOSE_QUOTES:
            # a quoted name (8家“校企协同就业示范实践基地”) runs from its opening quote
            opening = _OPEN_QUOTE.search(text, max(0, start - _MAX_NAME), start)
            if opening and not _CLAUSE_PUNCT_IN_NAME.search(text, opening.end(), start):
                cand_start = opening.end()
        elif (
            suffix.category == "carrier"
            and cand_start == start
            and text[start - 1 : start] in _CLOSE_QUOTES
        ):
            # a quoted name before the carrier's kind (“数字城市”实训基地) is part of its name
            opening = _OPEN_QUOTE.search(text, max(0, start - _MAX_NAME), start - 1)
            if opening and not _CLAUSE_PUNCT_IN_NAME.search(text, opening.end(), start - 1):
                cand_start = opening.start()
        alternatives = [cand_start]
        owner = None  # a carrier named after its owner: the owner stays a name of its own
        prev = seen[-1] if seen else None
        if prev is not None and prev[1] > cand_start:
            # another name ends inside this one: 开发区…公司, 联合会…部, 职教集团…职教集团
            relation = _attach(prev[2], suffix, prev[3] is not None, prev[1] == start)
            if (
                relation == "department"
                and suffix.group == "research"
                and gz.strip_admin_suffix(text[prev[1] : start]) in _PLACE_NAMES
            ):
                relation = "combine"  # 某大学深圳研究院: an institute in another city, not a unit
            if relation == "department" and _whole_name_across(text, prev, start, suffix):
                relation = "combine"
            if relation == "combine" and SUBSIDIARY.match(text, prev[1]):
                relation = "separate"  # 某集团旗下某农场: a subsidiary has a name of its own
            if relation == "department":
                continue
            if relation == "separate":
                # 职教集团…职教集团 are two names; 济南局…集团有限公司 with nothing between is one
                # (…有限公司为集团成员: text between that names nothing is no part of a name)
                between = text[prev[1] : start]
                joinable = not _HAN_RE.search(between) or (
                    gz.strip_admin_suffix(between) in _PLACE_NAMES
                )
                located_in = _BRACKETED_PLACE.fullmatch(between)
                if located_in and _names_place(located_in.group(1)):
                    # 中国工商银行(澳门)股份有限公司: the bank's company in a place, one name
                    joinable = None
                if between.startswith("附属") and prev[3] is not None:
                    # 某师范学院附属实验学校: the attached school is named after its parent
                    alternatives = [mentions[prev[3]].start]
                    joinable = None
                if prev[2].group.startswith("gov") and suffix.group == "gov_top":
                    joinable = False  # 区人民政府区委: the district's party committee, not a part
                if joinable is not None:
                    alternatives = [prev[1], cand_start] if joinable else [prev[1]]
                if joinable is False and suffix.category == "carrier" and prev[3] is not None:
                    # 某学院实习实训基地: a base with no name of its own keeps its owner's
                    owner = mentions[prev[3]]
                    alternatives.append(owner.start)
        if (
            suffix.category == "carrier"
            and prev is not None
            and prev[3] is not None
            and mentions[prev[3]].end == cand_start - 1
            and text[cand_start - 1] in _JOINT_DASHES
            and "联合" in text[cand_start:end]
        ):
            # 某大学—某公司联合实验室: a joint carrier named after both partners, the first kept
            owner = mentions[prev[3]]
            alternatives = [owner.start]
        mention = None
        located = _LOCATED_BRAND.match(text, end) if suffix.text == "鲁班工坊" else None
        if located and not _valid(text[cand_start:end], suffix, text, end):
            # 鲁班工坊（泰国）: the brand names itself, the country follows in brackets
            name = suffix.text + located.group()
            mention = Mention(name, start, located.end(), suffix.category, suffix.kind, suffix.text)
            alternatives = []
        sar_start = len(text)
        for alt in alternatives:
            cleaned = _clean_candidate(text, alt, end, suffix)
            congress = _CONGRESS_COMMITTEE.match(cleaned[1]) if cleaned else None
            if congress and suffix.text.endswith("委员会"):
                # 某市人大教科卫体委员会: a committee of the people's congress, named in the title
                parent = congress.group("parent")
                mention = Mention(
                    parent, cleaned[0], cleaned[0] + len(parent), "org", "government", "人大常委会"
                )
                break
            if cleaned and _valid(cleaned[1], suffix, text, end):
                kind = suffix.kind
                if (
                    prev is not None
                    and prev[1] > cleaned[0]
                    and prev[2].group.startswith("gov")
                    and suffix.group == "other"
                ):
                    kind = "government"  # 工业和信息化部…中心 is part of the ministry
                if suffix.category == "org" and cleaned[1].startswith(tuple(gz.COUNTRIES)):
                    kind = "international"
                name_start = cleaned[0]
                sar = _SAR_GOVERNMENT.match(cleaned[1]) if suffix.group == "gov" else None
                if sar:
                    # 澳门特区政府教育及青年发展局: the bureau goes by its own name
                    sar_start, name_start = name_start, name_start + sar.end()
                name = text[name_start:end]
                mention = Mention(name, name_start, end, suffix.category, kind, suffix.text)
                break
        if mention is not None:
            # a shorter name swallowed by this one is not a name of its own (nor the government
            # before a bureau that goes by its own name)
            swallowed = min(mention.start, sar_start)
            while mentions and mentions[-1].start >= swallowed and mentions[-1] is not owner:
                mentions.pop()
            mentions.append(mention)
        seen.append((start, end, suffix, len(mentions) - 1 if mention else None))
    return mentions
