"""Rule-based extraction of the FORMAT.md record from a Simplified main text (信息抽取).

The rules follow how Chinese news reports about industry–education bodies are written:

* organisations end in a type suffix (职业技术学院, 有限公司, 协会, 教育厅 …) and start after the
  nearest stop (punctuation, a preposition, a verb such as 召开 or 签订, a title such as 校长);
  a department written after its organisation (联合会教育培训部) goes to the person's title;
* people are a title followed by a name: 党委书记王某致辞 (surname list, boundary words);
* roles come from the verbs around a name list: 由A、B牵头发起, A主办, 理事长单位A;
* counts are a number, a classifier and a noun (220余人出席, 66个单位, 近千家企业);
* the event is "X大会在Y举行" or "召开X论坛", its date the day in that sentence, resolved
  against the publication date; the theme is 以“…”为主题.

Everything is plain functions over strings; no Django, no model files.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

from . import gazetteer as gz
from .gazetteer import words
from .lexicon import (
    ABSTRACT_NOUNS,
    ATTENDANCE_CUES,
    DESCRIPTOR_NOUNS,
    DISCIPLINES,
    FOUNDING_VERBS,
    GENERIC_WORDS,
    INTERNAL_COMMITTEES,
    LEADING_NOISE,
    MINISTRY_CORES,
    STOP_VERBS,
    SUFFIXES,
    VISIT_VERBS,
    Suffix,
)

__all__ = ["extract", "parse_count_number"]

HAN = "\u3400-\u9fff"
_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"  # TÜV, Zürich
_MAX_NAME = 32

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
    rf"[^{HAN}0-9A-Za-z{_LATIN}()（）·]"
    # 和 starting a clause begins a name (和利时科技集团), elsewhere it joins two
    r"|(?<![，,、。；;：:“\"\s])(?<![，,、。；;：:“\"\s][\u3400-\u9fff])"
    r"和(?!信息化|社会保障|城乡建设|改革|旅游|技术|计划生育|工业|[平田林美谐])"
    r"|(?<!自)由|在(?!线)|(?<!国)有(?![限色])|(?:19|20)\d{2}年|(?<![财政神曾已])经(?![济信开贸管营典纬])"
    r"|向(?![阳日])|对(?!外)|[及从把被受让将并还也已均是即又再的了暨或其要]|就(?!业)|(?<![高中初])等"
    r"|单位(?!工会)|代表(?![处团])|联合(?![会体国利大])|指导(?!委员会|中心|站)|组织(?!部)"
    r"|交流(?!中心)|会议(?!中心|室)|希望(?!集团|小学)"
    # 们 and 各 never stand inside a name (同仁们, 各成员单位); nor does a count (5个产业…)
    r"|[们各]|(?<=[\d一二两三四五六七八九十])[个家项批]|首[个家届批]"
)
_STOP_FIRST = set(
    "与和由在有经向对及从把被受让将并还也已均是即又再的了等暨或其就要单代联指组交会希们各个家项批首"
)
_STOP_RE = re.compile(
    _starting_with(_STOP_FIRST, rf"|[^{HAN}0-9A-Za-z{_LATIN}()（）·]")
    + rf"(?:(?P<soft>与(?!会))|(?P<hard>{_HARD_STOP}))"
)
_STOP_WORDS = tuple(dict.fromkeys((*STOP_VERBS, *gz.TITLES)))
_TITLE_SET = frozenset(gz.TITLES)
_TITLE_INSIDE_NAME = re.compile(r"[会团组库站处馆]|学院|委员会|工作")
# Parentheses inside a company name hold a place: 星辰数码(上海)有限公司.
_NAME_PAREN = re.compile(rf"[(（][{HAN}]{{2,6}}[)）](?=[{HAN}])")
_LOCATED_BRAND = re.compile(rf"[(（][{HAN}]{{2,8}}[)）]")
_BOOK_TITLE = re.compile(r"《[^》]{0,80}》")
_LEADING_NOISE_RE = re.compile(
    r"(?:(?:19|20)\d{2}年?|\d+[年届]|[\d零〇一二两三四五六七八九十百千万]+(?:余|多)?[个家所名位项条批类]|"
    r"[二两三四五六七八九十]大|[(（]|" + "|".join(map(re.escape, LEADING_NOISE)) + r")+"
)
_GENERIC_RE = re.compile("|".join(map(re.escape, GENERIC_WORDS)))
_TITLE_IN_HEAD = re.compile("|".join(map(re.escape, (t for t in gz.TITLES if len(t) >= 2))))
_RELATIVE_GOV = re.compile(rf"^[省市区县](?:委)?[{HAN}]{{0,6}}$")
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
            if m.end() - m.start() == 1 and m.start() in allowed:
                continue
            if m.end() - m.start() >= 2:
                place = _place_starting_name(text, m.start(), m.end())
                if place is not None:
                    # the name runs from the place (应某省希望教育集团邀请): stop before it
                    spans.append((place, place, False))
                    continue
            spans.append((m.end(), m.start(), m.lastgroup == "soft"))
        for end, word in _automaton(_STOP_WORDS).iter(text):
            # a title ends the text before a name, except inside one (委员会, 董事会, 专家工作站)
            if word in _TITLE_SET and _TITLE_INSIDE_NAME.match(text, end + 1):
                continue
            spans.append((end + 1, end + 1 - len(word), False))
        spans.extend((e, b, False) for b, e in extra)
        spans.sort()
        self.ends = [e for e, _, _ in spans]
        self.starts = [s for _, s, _ in spans]
        self.soft = [soft for _, _, soft in spans]

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


def _proper_len(head: str) -> int:
    return len(_GENERIC_RE.sub("", head))


_ORG_SUFFIX_TEXTS = tuple(s.text for s in SUFFIXES if s.category == "org")


def _ends_with_suffix(text: str) -> bool:
    return text.endswith(_ORG_SUFFIX_TEXTS)


def _soft_stop_is_internal(text: str, stop_start: int, run_start: int, name_end: int) -> bool:
    """Whether 与 at ``stop_start`` is inside a name (物流与采购联合会) rather than joining two.

    It joins two when what stands before it is an organisation or a list item (A、B与C), a
    pronoun-like single character, or when a place name follows (…工厂与江西省…基地).
    """
    left = text[run_start:stop_start]
    right = text[stop_start + 1 : name_end]
    if len(left) < 2 or _ends_with_suffix(left):
        return False
    if (
        run_start > 0
        and text[run_start - 1] in "、，,"
        and len(left) < 5
        and not left.startswith(_NATIONAL)
    ):
        return False  # A、京东与B joins two; 、某省物流与交通运输协会 is one name
    return not any(right.startswith(p) for p in _PLACES_AND_COUNTRIES)


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


def _attach(prev: Suffix, cur: Suffix, prev_name_ok: bool, adjacent: bool = False) -> str:
    """How a suffix relates to the organisation named just before it in the same run.

    combine: one name (开发区…有限公司, 工业和信息化部…中心, 市委…工委);
    department: a unit inside the previous organisation (联合会…部, 大学…学院), dropped;
    separate: a new name starting after the previous one.
    """
    if cur.kind == "committee" and prev.group == "association":
        return "combine"  # 某学会就业工作委员会: the association's own committee
    if cur.category in ("body", "carrier", "venue"):
        return "separate"
    if prev.group == "park" or cur.text in _BRANCH_SUFFIXES:
        return "combine"  # 开发区…有限公司; 协会…分会, 学院…支社: a branch keeps its parent's name
    if cur.text == "委员会":
        # 省委…发展委员会 is the party's own commission; 学院学术委员会 a body inside it, but
        # 某大学委员会 with nothing between is a branch named after the university
        return "combine" if prev.group == "gov_top" or adjacent else "department"
    if cur.group == "research" and prev.group == "research":
        return "combine"  # 中国科学院…研究所
    if cur.text == "部":
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
_HAN_RE = re.compile(rf"[{HAN}]")


def _clean_candidate(text: str, start: int, end: int, suffix: Suffix) -> tuple[int, str] | None:
    """Trim leading noise from ``text[start:end]``; None when no name remains."""
    noise = _LEADING_NOISE_RE.match(text, start, end)
    if noise:
        start = noise.end()
    if (
        suffix.text == "部"
        and text.startswith("国家", start)
        and text[start + 2 : end - 1] in MINISTRY_CORES
    ):
        start += 2  # 国家教育部 is 教育部
    name = text[start:end]
    if len(name) <= len(suffix.text):
        return None
    if len(name) > _MAX_NAME:
        # too long to be one name: restart at the first place name that leaves a short one
        places = [p for p in gz.find_places(name) if len(name) - p[0] <= _MAX_NAME]
        if not places:
            return None
        start += places[0][0]
        name = text[start:end]
    return start, name


def _valid(name: str, suffix: Suffix, text: str, end: int) -> bool:
    head = name[: len(name) - len(suffix.text)]
    if not head:
        return False
    for m in _TITLE_IN_HEAD.finditer(head):
        if not _TITLE_INSIDE_NAME.match(name, m.end()):
            return False  # 委员 inside 委员会 is no title
    if suffix.group == "company" and gz.strip_admin_suffix(head) in _PLACE_NAMES:
        return False  # 江苏有限公司 names no company: the place belongs to a longer name
    if suffix.text == "办公室" and not _OFFICE_OWNER.search(head):
        return False  # 绩效考核办公室: an office inside the organisation named before it
    if suffix.text.endswith("委员会") and head in INTERNAL_COMMITTEES:
        return False  # 学术委员会主任: a committee inside the organisation named before
    if suffix.text == "学院" and _DISCIPLINE_HEAD.fullmatch(head):
        return False  # 机械工程学院: a school's department (二级学院), named after a subject
    if suffix.text == "学院":
        if _SHORT_UNIVERSITY_DEPT.search(head):
            return False  # 某交大土木工程学院: the department of a university written short
        if not gz.find_places(head[:3]) and _DEPARTMENT_LIST_TAIL.match(text, end):
            return False  # 发展规划处、城市轨道交通学院负责人: units of the article's own school
    proper = _proper_len(head)
    relative = suffix.group in ("gov", "gov_top", "research") and _RELATIVE_GOV.match(head)
    if proper < 2 and not relative:  # 市教委, 省农科院: the article's own city or province
        return False
    if suffix.text == "部" and not head.endswith(MINISTRY_CORES):
        return False
    if suffix.category == "body":
        if suffix.text == "共同体" and not re.search("行业|产教", name):
            return False
        if suffix.text == "联合体" and not re.search("产教|市域", name):
            return False
    if suffix.category in ("body", "company") or suffix.group == "company":
        before = text[max(0, end - len(name) - 4) : end - len(name)]
        if _FIRST_OF_KIND.search(before):
            return False  # 全国第一家轨道交通职教集团: a description of a body, not its name
    if suffix.category in ("body", "carrier"):
        after = text[end : end + 2]
        nouns = DESCRIPTOR_NOUNS if suffix.category == "body" else _CARRIER_DESCRIPTORS
        if after in nouns or after[:1] in nouns:
            return False
    return True


_FIRST_OF_KIND = re.compile(r"(?:第一|首)[家个所]$")
_CARRIER_DESCRIPTORS = (DESCRIPTOR_NOUNS - {"建设", "发展", "改革"}) | {"群"}
_OFFICE_OWNER = re.compile(
    rf"[省市区县州委]|政府|国务院|中共|{'|'.join(sorted(gz.PROVINCES | gz.CITIES, key=len, reverse=True))}"
)
_DISCIPLINE_HEAD = re.compile("(?:" + "|".join(map(re.escape, DISCIPLINES)) + ")+")
_SHORT_UNIVERSITY_DEPT = re.compile(
    "[交师农工医财理]大(?:" + "|".join(map(re.escape, DISCIPLINES)) + ")+$"
)
# what follows the last of a school's own units in a list: …学院、…处负责人参加
_DEPARTMENT_LIST_TAIL = re.compile(
    rf"(?:、[{HAN}]{{2,14}}?)*(?:等)?(?:相关|有关)?(?:负责人|负责同志|骨干教师|教师代表|师生代表)"
)


# single characters that name a subject in a department's short name (文学院, 电气学院)
_SUBJECT_CHARS = frozenset("文理工医商法农经管艺体美音外电机化材数物生环建信计软建护药财教史哲")


def _whole_name_across(text: str, prev: tuple, start: int, suffix: Suffix) -> bool:
    """Whether a 学院 or 中心 after a school stays one name with it.

    某大学耿丹学院 is an independent college (two characters that name no subject); a 中心 well
    after a generic 高等学校 (教育部高等学校科学研究发展中心) belongs to one long name.
    """
    between = text[prev[1] : start]
    if not re.fullmatch(rf"[{HAN}]+", between):
        return False
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
        alternatives = [cand_start]
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
            if relation == "department":
                continue
            if relation == "separate":
                # 职教集团…职教集团 are two names; 济南局…集团有限公司 with nothing between is one
                # (…有限公司为集团成员: text between that names nothing is no part of a name)
                between = text[prev[1] : start]
                joinable = not _HAN_RE.search(between) or (
                    gz.strip_admin_suffix(between) in _PLACE_NAMES
                )
                if prev[2].group.startswith("gov") and suffix.group == "gov_top":
                    joinable = False  # 区人民政府区委: the district's party committee, not a part
                alternatives = [prev[1], cand_start] if joinable else [prev[1]]
        mention = None
        located = _LOCATED_BRAND.match(text, end) if suffix.text == "鲁班工坊" else None
        if located and not _valid(text[cand_start:end], suffix, text, end):
            # 鲁班工坊（泰国）: the brand names itself, the country follows in brackets
            name = suffix.text + located.group()
            mention = Mention(name, start, located.end(), suffix.category, suffix.kind, suffix.text)
            alternatives = []
        for alt in alternatives:
            cleaned = _clean_candidate(text, alt, end, suffix)
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
                mention = Mention(cleaned[1], cleaned[0], end, suffix.category, kind, suffix.text)
                break
        if mention is not None:
            # a shorter name swallowed by this one is not a name of its own
            while mentions and mentions[-1].start >= mention.start:
                mentions.pop()
            mentions.append(mention)
        seen.append((start, end, suffix, len(mentions) - 1 if mention else None))
    return mentions


# --- people -------------------------------------------------------------------------------------

_NAME_CHARS_EXCLUDED = frozenset(
    "的了在和与及是为等对向将把被也还就都从并或即共率之其该此这那个们、"
)
_STRONG_AFTER = re.compile(
    rf"(?:[^{HAN}]|等|和|与|及|在|出席|参加|参与|主持|表示|宣读|致辞|讲话|发言|一行|同志|先生|女士|"
    r"代表|介绍|指出|以|为|强调|认为|宣布|带领|陪同|莅临|到会|到场|应邀|受邀|分别|共同|也|还|则|首先|担任|当选|"
    r"的(?:见证|带领|陪同|主持|率领|支持|指导|报告|主旨报告|发言|讲话)|谈到|提到|教授|博士|院士|热情|"
    r"随团|随同|[做作]了?题为|所[做作])"
)
_WEAK_AFTER = re.compile(
    r"(?:作|致|对|向|就|从|说|进行|上台|揭牌|颁发|签署|签约|解读|回顾|总结|汇报|报告|结合|带来|"
    r"分享|寄语|勉励|详细|全面|深入|重点|分析|阐述|部署|动员|主讲|点评|授课|讲授|进一步|并|又|获|"
    r"荣获|被|是|围绕|率|发表|通报|所做|所作|安排)"
)
_NOT_NAMES = frozenset(
    words("""高度 高兴 强调 强化 任务 任职 方面 方式 方向 方案 文件 文化 文明 齐心 齐聚 全面 全体 全国
    全力 全省 全市 向上 向前 于是 时间 时代 明确 关于 关注 关心 关键 应该 应邀 应用 项目 成员
    成为 成果 成功 成立 国家 国际 安全 安排 周年 马上 和谐 单位 常务 黄金 金牌 牛年 万人 上级
    司机 党员 党建 党委 钱款 严格 严肃 任命 代表 毕业 华丽 华夏 文章 江山 于此 向着 连续 解读
    解决 宣讲 宣传 陆续 谢谢 欧洲 石油 温暖 童年 罗列 简要 简单 申请 师生 师资 史上 邓小平
    智库 平台 团队 中心 专家 专业 车间 基地 园区 班组 钱包""")
)
_TITLE_RE = re.compile(rf"(?:{_TITLE_ALT})")
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?\n（）()]")
_CHAIN_LEAD = re.compile(
    r"^(?:会上|会议|随后|其中|由|邀请|来自|包括|特邀|应邀|受邀|出席|参加|主持人|主持|嘉宾|以及|及|和|与)+"
)


@dataclass(slots=True)
class _Person:
    name: str
    title: str
    organization: str | None
    start: int
    end: int


_FOREIGN_NAME = re.compile(rf"[{HAN}]{{1,6}}(?:[·•‧・][{HAN}]{{1,6}})*[·•‧・]")


def _foreign_name_at(text: str, pos: int) -> str | None:
    """A transliterated name (素拉蓬·西拉帕差): its last part ends at the first boundary word."""
    head = _FOREIGN_NAME.match(text, pos)
    if not head:
        return None
    last = head.end()
    for strength in (_STRONG_AFTER, _WEAK_AFTER):
        for n in range(2, 9):
            part = text[last : last + n]
            if len(part) < n or not re.fullmatch(rf"[{HAN}]+", part):
                break
            after = text[last + n : last + n + 4]
            if not after or strength.match(after):
                return text[pos : last + n]
    return None


def _name_at(text: str, pos: int) -> str | None:
    """A Chinese personal name starting at ``pos`` (after a title), or None."""
    foreign = _foreign_name_at(text, pos)
    if foreign:
        return foreign
    if text[pos : pos + 2] in gz.COMPOUND_SURNAMES:
        lengths = (4, 3)
    elif text[pos : pos + 1] in gz.SURNAMES:
        lengths = (3, 2)
    else:
        return None
    found: dict[int, str] = {}
    for n in lengths:
        cand = text[pos : pos + n]
        if len(cand) != n or not re.fullmatch(rf"[{HAN}]+", cand):
            continue
        # 王和平, 李为民: 和/为 inside a given name only where a strong boundary follows
        middle_word = n == 3 and cand[1] in _NAME_MIDDLE_OK and cand[2] not in _NAME_CHARS_EXCLUDED
        if not middle_word and any(c in _NAME_CHARS_EXCLUDED for c in cand[1:]):
            continue
        if cand in _NOT_NAMES or cand[:2] in _NOT_NAMES or cand in gz.CITIES | gz.PROVINCES:
            continue
        after = text[pos + n : pos + n + 4]
        if not after or _STRONG_AFTER.match(after):
            found[n] = "strong"
        elif _WEAK_AFTER.match(after) and not middle_word:
            found[n] = "weak"
    long, short = lengths
    after_short = text[pos + short : pos + short + 4]
    if short in found and _TWO_CHAR_AFTER.match(after_short):
        return text[
            pos : pos + short
        ]  # 王某作为代表: 作为 is a word, not the name's third character
    if found.get(long) == "strong":
        return text[pos : pos + long]
    if short in found:
        return text[pos : pos + short]
    if long in found:
        return text[pos : pos + long]
    return None


# 和 and 为 join words everywhere else but are common inside given names (王和平, 李为民)
_NAME_MIDDLE_OK = frozenset("和为")
_TWO_CHAR_AFTER = re.compile(r"作为|代表|出席|主持|表示|介绍|致辞|讲话|发言|参加|陪同|带领")
_BARE_SCHOOL = re.compile(r"^(?:我校|本校|该校|学校|学院|大学)")


def _title_pieces(
    chain: str, chain_start: int, mentions: list[Mention]
) -> tuple[str, int | None, bool]:
    """The title text of a chain like "A主任、B副主任", the index of its first organisation, and
    whether the chain names the school only as 学校/学院 (the article's own school)."""
    pieces, first_org, bare_school = [], None, False
    offset = chain_start
    for item in chain.split("、"):
        item_start, item_end = offset, offset + len(item)
        offset = item_end + 1
        first = bisect_left(mentions, item_start, key=lambda m: m.start)
        inside = [
            i
            for i in range(first, len(mentions))
            if mentions[i].start < item_end
            and mentions[i].end <= item_end
            and mentions[i].category in ("org", "body")
        ]
        if inside:
            if first_org is None:
                first_org = inside[0]
            piece = item[mentions[inside[-1]].end - item_start :]
        else:
            piece = _CHAIN_LEAD.sub("", item)
            bare = _BARE_SCHOOL.match(piece)
            if bare and _TITLE_RE.match(piece, bare.end()):
                piece = piece[bare.end() :]
                bare_school = True
        piece = piece.strip()
        passive = piece.rfind("由")
        if passive > 0 and _TITLE_RE.search(piece, passive):
            piece = piece[passive + 1 :]  # 院长由某大学某学院院长王某担任: the post after 由
        if piece and _TITLE_RE.search(piece):
            pieces.append(piece)
    return "、".join(pieces), first_org, bare_school


_CONCURRENT_POST = re.compile(rf"[(（]兼[{HAN}、]{{1,10}}[)）]")


def titled_names(text: str) -> list[tuple[re.Match, str]]:
    """Every title directly followed by a personal name: (the title's match, the name)."""
    found = []
    for m in _TITLE_RE.finditer(text):
        name = _name_at(text, m.end())
        gloss = None if name else _CONCURRENT_POST.match(text, m.end())
        if gloss:
            # 办公室主任（兼书记）史某: the bracket adds a post, the name follows it
            name = _name_at(text, gloss.end())
            if name:
                found.append((m, name))
            continue
        if name:
            found.append((m, name))
            # 副主任A、B、C: every name of the list carries the title
            pos = m.end() + len(name)
            while text[pos : pos + 1] == "、" and not _TITLE_RE.match(text, pos + 1):
                name = _name_at(text, pos + 1)
                if not name or not re.match(
                    r"[、，,。；;\s]|等|作为|分别", text[pos + 1 + len(name) :]
                ):
                    break
                found.append((m, name))
                pos += 1 + len(name)
    return found


_TITLE_AFTER_NAME = re.compile(rf"(?:{_TITLE_ALT})(?:兼(?:{_TITLE_ALT}))*")
# what may stand right before a name written ahead of its title (…处郁某处长, 由宋某副院长主持)
_BEFORE_NAME_OK = re.compile(rf"[^{HAN}]|[由和与及向对请为是处科室司]")
_NAME_LAST_EXCLUDED = frozenset("校院会部局厅处委司社所站组室团长员任原前新老总副正")


def _name_before(text: str, pos: int) -> tuple[int, str] | None:
    """A personal name ending at ``pos`` (right before a title): (start, name), or None."""
    for n in (4, 3, 2):
        start = pos - n
        if start < 0:
            continue
        cand = text[start:pos]
        if n == 4 and cand[:2] not in gz.COMPOUND_SURNAMES:
            continue
        if n < 4 and cand[0] not in gz.SURNAMES and cand[:2] not in gz.COMPOUND_SURNAMES:
            continue
        if not re.fullmatch(rf"[{HAN}]+", cand) or cand[-1] in _NAME_LAST_EXCLUDED:
            continue
        if any(c in _NAME_CHARS_EXCLUDED for c in cand[1:]):
            continue
        if cand in _NOT_NAMES or cand[:2] in _NOT_NAMES or cand in gz.CITIES | gz.PROVINCES:
            continue
        if _TITLE_IN_HEAD.search(cand) or _GENERIC_RE.fullmatch(cand):
            continue
        before = text[max(0, start - 8) : start]
        if not before or _BEFORE_NAME_OK.fullmatch(before[-1]) or _ends_with_suffix(before):
            return start, cand
    return None


def names_before_titles(text: str) -> list[tuple[int, int, str, str]]:
    """People written name first: 张某院长主持, 协会李某副会长兼秘书长 → (start, end, name, title)."""
    found = []
    for m in _TITLE_AFTER_NAME.finditer(text):
        after = text[m.end() : m.end() + 4]
        if after and not (_STRONG_AFTER.match(after) or _WEAK_AFTER.match(after)):
            continue
        if _name_at(text, m.end()):
            continue  # the title belongs to the name after it (校长王某)
        hit = _name_before(text, m.start())
        if hit:
            found.append((hit[0], m.end(), hit[1], m.group()))
    return found


def name_spans(text: str, names: set[str]) -> list[tuple[int, int]]:
    """Every occurrence of the given names (they end the text before an organisation)."""
    spans = []
    for name in names:
        start = text.find(name)
        while start >= 0:
            spans.append((start, start + len(name)))
            start = text.find(name, start + 1)
    return spans


def find_people(
    text: str,
    mentions: list[Mention],
    canonical: dict[str, str],
    titled: list[tuple[re.Match, str]] | None = None,
    own_school: str | None = None,
    names_first: list[tuple[int, int, str, str]] | None = None,
) -> list[_Person]:
    """People named after a title: 学院党委书记王某致辞, A主任、B副主任陈某.

    ``own_school`` is the organisation a bare 学院/学校 before a title refers to.
    """
    people: list[_Person] = []
    last_match = None
    for m, name in titled if titled is not None else titled_names(text):
        if m is last_match and people:
            # the next name of a list after one title (副主任A、B): same title, same organisation
            start = text.find(name, people[-1].end)
            last = people[-1]
            people.append(_Person(name, last.title, last.organization, start, start + len(name)))
            continue
        last_match = m
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, max(0, m.start() - 80), m.start())]
        chain_start = breaks[-1] if breaks else max(0, m.start() - 80)
        if people and people[-1].end > chain_start:
            chain_start = people[-1].end
            while chain_start < m.start() and text[chain_start] in "、和及与":
                chain_start += 1
        chain = text[chain_start : m.end()]
        title, org_index, bare_school = _title_pieces(chain, chain_start, mentions)
        if not title:
            continue
        org = canonical.get(mentions[org_index].name) if org_index is not None else None
        if org is None and bare_school:
            org = own_school
        elif org is None and people and _TITLE_RE.fullmatch(title):
            # 校长王某 right after 学院党委书记李某: the same organisation
            last = people[-1]
            same_sentence = not re.search(r"[。！？!?\n]", text[last.end : m.start()])
            org = last.organization if same_sentence else None
        people.append(_Person(name, title, org, m.start(), m.end() + len(name)))
    seen = {p.name for p in people}
    for start, end, name, title in names_first or ():
        if name in seen:
            continue
        seen.add(name)
        floor = max(0, start - 60)
        breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, floor, start)]
        clause_start = breaks[-1] if breaks else floor
        item_start = max(clause_start, text.rfind("、", clause_start, start) + 1)
        before = [
            x for x in _mentions_in(mentions, item_start, start) if x.category in ("org", "body")
        ]
        org = None
        if before:
            gap = text[before[-1].end : start]
            org = canonical.get(before[-1].name)
            if gap and not _BARE_SCHOOL.match(gap):
                title = gap + title  # 联合会教育发展中心陈某主任: the unit goes to the title
        people.append(_Person(name, title, org, start, end))
    unique: dict[str, _Person] = {}
    for p in people:
        unique.setdefault(p.name, p)
    return list(unique.values())


# --- numbers and counts -------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+"
_COUNT_RE = re.compile(
    rf"(?<![第\d零〇一二两三四五六七八九十百千万数几前])"
    rf"(?P<pre>近|逾|超过|超|(?<![签合制节公条预])约|共计|共|累计|总计|合计|达到|达|计)?"
    rf"(?P<num>{_NUM})(?P<wan>万)?(?P<mod1>余|多)?(?P<wan2>万)?"
    r"(?P<clf>个|家|所|名|位|人|项|条|支|批|门|种|场|套|座|间|户|类|本|篇|部|台|大(?![会学]))"
    r"(?P<mod2>余|多)?"
)
_NOT_COUNT_AFTER = re.compile(r"^(?:月|小时|工作日|学期|年|周|星期|世纪|点)")
_SUBJECT_STOP = re.compile(
    rf"[^{HAN}]|的|和|与|及|以及|等|共同|参加|出席|参与|成为|举行|合作(?!项目|协议|企业|单位|院校)|签订|签约|在|为|被|将|已|分别|"
    r"进行|开展|加入|入选|获|见证|齐聚|莅临|到场|参会|与会|通过|提供|覆盖|涉及|包括|涵盖|来自|组成|"
    r"构成|实现|建成|成立|组建|发起|代表|举办|召开|揭牌|授牌|是|增至|增加到|增加至|扩大到|扩大至|"
    r"[一二两三四五六七八九十]+[个家所名位项条批]"
)
_NP_BREAK = re.compile(r"[，。；：！？,;:!?、\n]|的")
_VP_END = re.compile(r"[，。；：！？,;:!?、\n]")
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")
_PERSON_CLF = frozenset("人名位")
_ATTENDED_ALSO = re.compile("(?:" + "|".join(ATTENDANCE_CUES) + rf")[{HAN}]{{0,6}}?的(?:还|另)?有")


def parse_count_number(num: str, wan: bool = False) -> int | None:
    """220 → 220; 百 → 100; 二十三 → 23; 1.2 with 万 → 12000; None when not a number."""
    num = num.replace(",", "")
    if num[0].isdigit():
        value = float(num)
    else:
        value, section, current = 0, 0, 0
        for ch in num:
            if ch in _CN_DIGITS:
                current = _CN_DIGITS[ch]
            elif ch in _CN_UNITS:
                unit = _CN_UNITS[ch]
                if unit == 10000:
                    value += (section + current) * unit
                    section, current = 0, 0
                else:
                    section += (current or 1) * unit
                    current = 0
            else:
                return None
        value += section + current
    if wan:
        value *= 10000
    return int(round(value))


@dataclass(slots=True)
class _Count:
    subject: str
    value: int
    approx: bool
    start: int
    attendance: bool = False


def _subject_after(text: str, pos: int) -> tuple[str, str]:
    """The noun after a classifier, and the word that ended it."""
    if text[pos : pos + 1] in ("“", '"', "「", "『"):
        # 8家“某某示范基地”: the quoted name is the noun
        close = re.compile(r"[”\"」』]").search(text, pos + 1, pos + 40)
        if close and close.start() > pos + 1:
            return text[pos + 1 : close.start()], ""
    m = _SUBJECT_STOP.search(text, pos, pos + 14)
    end = m.start() if m else min(len(text), pos + 12)
    return text[pos:end], (m.group() if m else "")


_PROGRAMME_ITEM = re.compile(
    r"报告|对话|讲座|论坛|演讲|沙龙|研讨|交流|分享|发言|圆桌|路演|会议|活动|展演|表演|发布"
)


def find_counts(text: str, names: list[str]) -> list[_Count]:
    """Stated counts: 220余人出席会议, 6个政府相关部门, 66个单位成为…首批成员."""
    counts: list[_Count] = []
    for m in _COUNT_RE.finditer(text):
        end = m.end()
        if _NOT_COUNT_AFTER.match(text[end : end + 3]):
            continue
        num = m.group("num")
        if num in ("一", "〇", "零"):
            continue  # 一个重要举措: an article, not a count
        if m.start() > 0 and text[m.start() - 1] in '“"「『' and not m.group("pre"):
            continue  # “两个先行”, “三个一”: a slogan, not a count
        value = parse_count_number(num, bool(m.group("wan") or m.group("wan2")))
        if value is None or value <= 0:
            continue
        if m.group("clf") == "大" and (value > 10 or m.group("pre") or m.group("mod1")):
            continue  # 六大专门委员会 counts kinds; 二十大 is a party congress
        approx = bool(m.group("mod1") or m.group("mod2")) or m.group("pre") in (
            "近",
            "逾",
            "超过",
            "超",
            "约",
        )
        clf = m.group("clf")
        subject, stopper = _subject_after(text, end)
        attendance = False
        if clf in _PERSON_CLF:
            np_text = _noun_phrase_before(text, m.start())
            vp_end = _VP_END.search(text, end, end + 16)
            vp = text[end : vp_end.start() if vp_end else min(len(text), end + 12)]
            # attendance is a number of people said to attend (出席, 参会, 见证 …)
            # the verb may come after a list of who they were (…名专家、学者齐聚…)
            clause_end = _CLAUSE_END.search(text, end, end + 40)
            clause = text[end : clause_end.start() if clause_end else end + 40]
            clause = re.split(r"\d|[二两三四五六七八九十百千]+[名位人]", clause, maxsplit=1)[0]
            attendance = any(cue in np_text + vp + clause for cue in ATTENDANCE_CUES)
            if not attendance:
                # 出席会议的还有…代表120多人: the cue opens the clause, the count closes it
                opened = _CLAUSE_END.split(text[max(0, m.start() - 60) : m.start()])[-1]
                attendance = bool(_ATTENDED_ALSO.search(opened))
            if not subject or clf == "人":
                subject = (np_text + vp).strip()
        elif subject and stopper in ("成为", "加入"):
            phrase_end = _VP_END.search(text, end, end + 40)
            phrase = text[end + len(subject) + 2 : phrase_end.start() if phrase_end else end + 30]
            for name in sorted(names, key=len, reverse=True):
                if phrase.startswith(name):
                    phrase = phrase[len(name) :]
                    break
            if "的" in phrase:
                # …成为集团的首批成员单位 names the role; …加入集团的申请 does not
                tail = phrase.rsplit("的", 1)[1]
                phrase = tail if re.search("单位|成员|会员|理事", tail) else ""
            subject = phrase or subject
        elif not subject:
            subject = _noun_phrase_before(text, m.start())
        core = subject[2:] if subject.startswith(("重点", "主要")) else subject
        if not core or core.startswith(ABSTRACT_NOUNS):
            continue  # 三个方面, 四项举措: not a count of people or units
        if clf == "场" and _PROGRAMME_ITEM.search(core):
            continue  # 3场主旨报告, 2场专题对话: the meeting's own programme, not units
        counts.append(_Count(subject, value, approx, m.start(), attendance))
    unique: list[_Count] = []
    for c in counts:
        if any(
            u.value == c.value and (u.subject in c.subject or c.subject in u.subject)
            for u in unique
        ):
            continue
        unique.append(c)
    return unique


_GROWTH_TAIL = re.compile(
    rf"(?:由(?:{_NUM})[{HAN}]?(?:余|多)?)?(?:增至|增加到|增加至|扩大到|扩大至|发展到|发展至)$"
)


def _noun_phrase_before(text: str, pos: int) -> str:
    breaks = list(_NP_BREAK.finditer(text, max(0, pos - 24), pos))
    start = breaks[-1].end() if breaks else max(0, pos - 24)
    phrase = re.sub(r"^(?:其中|包括|共有|共|有|来自|另有)+", "", text[start:pos])
    # 成员单位由45家增至67家: the subject stands before 由
    phrase = _GROWTH_TAIL.sub("", phrase)
    return re.sub(
        r"(?:等|共|约|近|达到|达|计|总计|合计|共计|超过|逾|为|有|由)+$", "", phrase
    ).strip()


# --- dates, event, theme ------------------------------------------------------------------------

_DATE_IN_TEXT = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*"
    r"(?:[-~～—–至到]\s*\d{1,2}\s*)?[日号]"
    r"|(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})"
)
_DATELINE_SPAN = 200
_DATELINE_NEWS = re.compile(rf"(?:^|\n)[^\n，。,]{{0,16}}?(?:{_DATE_IN_TEXT.pattern})\s*(?:讯|电)")
_DATELINE_REPORTER = re.compile(
    rf"(?:^|\n)[^\n，。,]{{0,10}}?[（(](?:本报|本网)?(?:记者|通讯员)[^）)\n]{{1,30}}[）)]\s*(?:{_DATE_IN_TEXT.pattern})"
)
_EVENT_KW = (
    r"(?:成立大会|成立仪式|揭牌仪式|启动仪式|签约仪式|启动会|年会|理事会议|理事大会|理事会|论坛|峰会|"
    r"研讨会|座谈会|交流会|推进会|对接会|洽谈会|博览会|展览会|发布会|报告会|培训班|现场会|工作会议|"
    r"推介会|筹备会|总结会|部署会|培训会|开幕式|"
    r"大会|会议|典礼)"
)
_EVENT_KW_RE = re.compile(_EVENT_KW)
# what follows an event's name when the article says where it was held: …在南昌举行
_HELD_AFTER = re.compile(
    r"[”\"」』]?(?:[于在](?P<place>[^，。；,;\n]{1,30}?))?"
    r"(?:隆重|顺利|正式|成功|盛大|胜利)?(?:举行|召开|举办|开幕|启幕|开班)"
)
# 】 ends a site label such as 【高职高专网】 that some pages print before the headline
_CLAUSE_PUNCT = re.compile(r"[，。；：！？,;:!?\n】\]]")
_EVENT_CONVENED = re.compile(
    rf"(?:召开|举办|举行|主办|承办)了?(?P<name>[^，。；：！？,;:!?\n]{{2,60}}{_EVENT_KW})"
)
_BODY_FOUNDED = re.compile(
    r"(?P<name>[^，。；：！？,;:!?\n]{2,40}?(?:职业教育集团|职教集团|产教融合共同体|共同体|产教联合体|联合体|联盟))"
    r"(?:[于在](?P<place>[^，。；,;\n]{2,30}?))?(?:正式|隆重|宣告|顺利|举行|揭牌)*成立"
)
_EVENT_PREFIX = re.compile(
    r"^(?:近日|日前|今天|昨天|当天|上午|下午|晚上|\d{1,2}月\d{1,2}[日号]|\d{4}年(?=\d{1,2}月)|[至到]|在|于|,|，)+"
)
_GENERIC_EVENT = re.compile(r"^(?:本次|此次|这次|该|本届|会议|大会|活动|首届)*" + _EVENT_KW + "$")
_THEME_RE = re.compile(
    r"以[“\"「『](?P<a>[^”\"」』]{2,40})[”\"」』]为主题"
    r"|主题(?:为|是)[:：]?[“\"「『](?P<b>[^”\"」』]{2,40})[”\"」』]"
)
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_VENUE_RE = re.compile(
    r"[在于](?P<place>[^，。；,;\n在于]{2,30}?)(?:隆重|顺利|正式|成功|盛大|胜利)?(?:举行|召开|举办|开幕|启幕)"
)
_EVENT_KINDS = (
    ("founding_conference", r"成立大会|成立仪式|成立暨"),
    ("annual_meeting", r"年会"),
    ("council_meeting", r"理事会|理事大会|理事会议"),
    ("forum", r"论坛|峰会"),
    ("seminar", r"研讨会|座谈会|交流会|培训班|沙龙"),
    (
        "conference",
        r"大会|会议|推进会|现场会|对接会|洽谈会|报告会|发布会|推介会|筹备会|总结会|部署会",
    ),
)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    m = _SENTENCE_END.search(text, pos)
    return start, (m.end() if m else len(text))


def resolve_date(match: re.Match, published: str | None) -> str | None:
    """An in-text date as ISO; a bare 4月29日 takes the year of ``published``.

    A bare date later than the publication date belongs to the year before (a report
    published on 5 January about 28 December).
    """
    y = match.group("y") or match.group("y2")
    month = int(match.group("m") or match.group("m2"))
    day = int(match.group("d") or match.group("d2"))
    pub = dt.date.fromisoformat(published) if published else None
    if y:
        year = int(y)
    elif pub:
        year = pub.year
    else:
        return None
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if not y and pub and date > pub + dt.timedelta(days=7):
        try:
            date = date.replace(year=year - 1)
        except ValueError:
            return None
    return date.isoformat()


def _clean_event_name(name: str) -> str | None:
    name = name.strip()
    if "的" in name:
        name = name[name.rindex("的") + 1 :]
    name = re.sub(r"[“”\"「」『』]", "", _EVENT_PREFIX.sub("", name)).strip()
    if len(name) < 4 or _GENERIC_EVENT.match(name):
        return None
    return name


def _event_kind(name: str) -> str:
    for kind, pattern in _EVENT_KINDS:
        if re.search(pattern, name):
            return kind
    return "other"


@dataclass(slots=True)
class _Event:
    name: str | None = None
    kind: str | None = None
    date: str | None = None
    venue: str | None = None
    city: str | None = None
    theme: str | None = None
    attendance: int | None = None
    start: int = -1
    end: int = -1


def _held_event(text: str) -> tuple[int, int, str, str | None] | None:
    """The first "X大会在Y举行": (start, end of the name, cleaned name, place)."""
    for kw in _EVENT_KW_RE.finditer(text):
        after = _HELD_AFTER.match(text, kw.end())
        if not after:
            continue
        floor = max(0, kw.start() - 60)
        breaks = [b.end() for b in _CLAUSE_PUNCT.finditer(text, floor, kw.start())]
        start = breaks[-1] if breaks else floor
        name = _clean_event_name(text[start : kw.end()])
        if name:
            return start, kw.end(), name, after.group("place")
    return None


def _convened_event(text: str) -> tuple[int, int, str, str | None] | None:
    """The first "召开X论坛": (start, end of the name, cleaned name, no place)."""
    for m in _EVENT_CONVENED.finditer(text):
        name = _clean_event_name(m.group("name"))
        if name:
            return m.start("name"), m.end("name"), name, None
    return None


def _date_near_mentions(text: str, name: str, published: str | None) -> str | None:
    """A date in a later sentence that names the event (a page may repeat its headline first)."""
    pos = text.find(name)
    while pos != -1:
        s_start, s_end = _sentence_bounds(text, pos)
        m = _DATE_IN_TEXT.search(text, s_start, s_end)
        if m:
            return resolve_date(m, published)
        pos = text.find(name, s_end)
    return None


def find_event(text: str, title: str | None, published: str | None) -> _Event:
    """The event the article reports: its name, kind, date, venue, city and theme."""
    event = _Event()
    candidates = [c for c in (_held_event(text), _convened_event(text)) if c]
    if candidates:
        start, end, name, place = min(candidates, key=lambda c: c[0])
        event.name, event.start, event.end = name, start, end
        s_start, s_end = _sentence_bounds(text, start)
        sentence = text[s_start:s_end]
        dates = list(_DATE_IN_TEXT.finditer(sentence))
        before = [d for d in dates if s_start + d.start() <= end]
        chosen = (before or dates or [None])[-1 if before else 0]
        if chosen is not None:
            event.date = resolve_date(chosen, published)
        else:
            event.date = _date_near_mentions(text, name, published)
        if not place:
            venue_m = _VENUE_RE.search(sentence)
            place = venue_m.group("place") if venue_m else None
        _set_place(event, place)
    elif title and (_held_event(title) or _convened_event(title)):
        _, _, event.name, place = _held_event(title) or _convened_event(title)
        _set_place(event, place)
    else:
        # "X在Y正式成立" with no meeting named: the event is X's founding
        m = _BODY_FOUNDED.search(text) or (_BODY_FOUNDED.search(title) if title else None)
        name = _clean_event_name(m.group("name")) if m else None
        if m and name:
            event.name = name + "成立大会"
            source = text if m.string is text else ""
            if source:
                s_start, s_end = _sentence_bounds(text, m.start())
                dates = list(_DATE_IN_TEXT.finditer(text, s_start, s_end))
                if dates:
                    event.date = resolve_date(dates[0], published)
            _set_place(event, m.group("place"))
    if event.date is None:
        # a dateline (本报8月18日讯, （记者 某某）8月18日) dates the report's event
        head = text[:_DATELINE_SPAN]
        m = _DATELINE_NEWS.search(head) or _DATELINE_REPORTER.search(head)
        if m:
            event.date = resolve_date(m, published)
    if event.name:
        event.kind = _event_kind(event.name)
    theme = _THEME_RE.search(text)
    if theme:
        event.theme = (theme.group("a") or theme.group("b")).strip()
    return event


_TIME_WORDS = re.compile(
    r"^(?:近日|日前|今天|昨天|当天|此间|上午|下午|晚上|\d{1,2}月\d{1,2}[日号]|线上)"
)


_CITY_SHORT = {"京": "北京", "沪": "上海", "津": "天津", "渝": "重庆", "穗": "广州", "蓉": "成都"}


def _set_place(event: _Event, place: str | None) -> None:
    if not place or _TIME_WORDS.match(place.strip()):
        return
    place = place.strip()
    place = _CITY_SHORT.get(place, place)  # 在京举行
    if len(place) < 2:
        return
    short = gz.strip_admin_suffix(place)
    if short in gz.CITIES:
        event.city = short
        return
    event.venue = place
    cities = [p for p in gz.find_places(place) if p[3] == "city"]
    if cities:
        event.city = cities[0][2]


# --- roles, agreements, carriers ----------------------------------------------------------------

_ROLE_VERBS = (
    ("guide", r"指导"),
    ("organizer", r"主办"),
    ("host", r"承办"),
    ("co_organizer", r"协办"),
    (
        "initiator",
        r"牵头发起|联合发起|共同发起|发起成立|牵头组建|牵头成立|共同组建|联合组建|牵头|发起",
    ),
)
_ROLE_LABEL = re.compile(
    r"(?P<label>指导|主办|承办|协办|支持|牵头|发起)单位(?:为|是|有|[:：])(?P<list>[^。；;\n]{2,200})"
)
_ROLE_VERB_RE = re.compile("|".join(f"(?P<{r}>{p})" for r, p in _ROLE_VERBS))
_LABEL_ROLE = {
    "指导": "guide",
    "主办": "organizer",
    "承办": "host",
    "协办": "co_organizer",
    "支持": "partner",
    "牵头": "initiator",
    "发起": "initiator",
}
_CHAIR_RE = re.compile(r"(?P<vice>副)?理事长单位")
_LISTED_AS = re.compile(
    r"(?:等\d*家?(?:单位)?)?(?:当选|为)(?:集团|联盟|共同体|联合体)?(?:首批)?"
    r"(?P<role>副理事长|理事长|常务理事|理事|成员|会员)单位"
)
_CO_FOUND_RE = re.compile(
    r"共建|合作成立|合作共建|联合共建|携手共建|合作建设|共同建设|合作开办|合作举办"
)
_LISTED_ROLE = {
    "理事长": "chair",
    "副理事长": "vice_chair",
    "常务理事": "member",
    "理事": "member",
    "成员": "member",
    "会员": "member",
}
_CONVENE_RE = re.compile(r"召开|举办|举行")
_SIGN_RE = re.compile(r"签订|签署|签约")
_BARE_BODY = re.compile(r"(?:集团|联盟|共同体|联合体)(?:双方|各方|共同)?$")
_ENUM_TAIL = re.compile(
    r"等(?:\d+|[二两三四五六七八九十百]+)?(?:余|多)?(?:家|所|个)?"
    r"(?P<type>企业|公司|院校|高校|学校|单位|机构|协会)"
)
_ENUM_ITEMS = re.compile(rf"(?:[{HAN}A-Za-z0-9()（）]{{2,20}}、)+[{HAN}A-Za-z0-9()（）]{{2,20}}$")
_CATEGORY_TAIL = re.compile(r"(?:机构|院校|高校|企业|企事业|单位|组织|部门|行业|社团|团体)$")
_ENUM_TYPE_KIND = {
    "企业": "enterprise",
    "公司": "enterprise",
    "院校": "other",
    "高校": "university",
    "学校": "other",
    "单位": "other",
    "机构": "other",
    "协会": "association",
}


def _mentions_in(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """Mentions inside ``start:end`` (``mentions`` sorted by start)."""
    i = bisect_left(mentions, start, key=lambda m: m.start)
    found = []
    while i < len(mentions) and mentions[i].start < end:
        if mentions[i].end <= end:
            found.append(mentions[i])
        i += 1
    return found


def _clause_start(text: str, pos: int, limit: int = 200) -> int:
    breaks = list(re.finditer(r"[，。；：！？,;:!?\n]|由", text[max(0, pos - limit) : pos]))
    return max(0, pos - limit) + breaks[-1].end() if breaks else max(0, pos - limit)


def _assign_roles(
    text: str, mentions: list[Mention], entities: dict[str, Entity], canonical: dict[str, str]
) -> None:
    def give(mention: Mention, role: str) -> None:
        entity = entities.get(canonical.get(mention.name, ""))
        if entity is not None and entity.category == "org":
            entity.add_role(role)

    for m in _ROLE_VERB_RE.finditer(text):
        role = m.lastgroup
        if role is None:
            continue
        clause_start = _clause_start(text, m.start())
        before = _mentions_in(mentions, clause_start, m.start())
        # "A、B牵头发起": the names end right before the verb (allowing 共同/联合/等)
        if before and re.fullmatch(
            r"(?:共同|联合|等|单位|[、和及与])*", text[before[-1].end : m.start()]
        ):
            for mention in before:
                give(mention, role)
    for m in _ROLE_LABEL.finditer(text):
        for mention in _mentions_in(mentions, m.start("list"), m.end("list")):
            give(mention, _LABEL_ROLE[m.group("label")])
    for m in _CHAIR_RE.finditer(text):
        role = "vice_chair" if m.group("vice") else "chair"
        after = [x for x in _mentions_in(mentions, m.end(), m.end() + 60) if x.start <= m.end() + 2]
        if after:
            give(after[0], role)
        before = [
            x for x in _mentions_in(mentions, m.start() - 60, m.start()) if m.start() - x.end <= 4
        ]
        if before and re.search(r"为|当选|担任", text[before[-1].end : m.start()]):
            give(before[-1], role)
    for m in _CO_FOUND_RE.finditer(text):
        # 学院与A、B共建…: the partners are the names between 与 and the verb
        clause_start = _clause_start(text, m.start(), 120)
        with_pos = text.rfind("与", clause_start, m.start())
        if with_pos >= 0:
            for mention in _mentions_in(mentions, with_pos + 1, m.start()):
                give(mention, "partner")
    for m in _LISTED_AS.finditer(text):
        breaks = list(
            re.finditer(r"[，。；：,;:!?！？\n]", text[max(0, m.start() - 200) : m.start()])
        )
        list_start = max(0, m.start() - 200) + (breaks[-1].end() if breaks else 0)
        for mention in _mentions_in(mentions, list_start, m.start()):
            give(mention, _LISTED_ROLE[m.group("role")])
    for m in _CONVENE_RE.finditer(text):
        clause_start = _clause_start(text, m.start(), 60)
        before = _mentions_in(mentions, clause_start, m.start())
        if before and before[0].category == "org":
            gap = text[before[0].end : m.start()]
            gap = re.sub(r"[(（][^)）]*[)）]", "", gap)
            if len(gap) <= 4:
                give(before[0], "host")


def _main_actor(
    mentions: list[Mention], canonical: dict[str, str], hosts: set[str]
) -> Mention | None:
    """The organisation an article is about: its host, else the one it names most often."""
    orgs = [m for m in mentions if m.category == "org" and canonical.get(m.name)]
    if not orgs:
        return None
    hosted = [m for m in orgs if canonical[m.name] in hosts]
    if hosted:
        return hosted[0]
    counts: dict[str, int] = {}
    for m in orgs:
        counts[canonical[m.name]] = counts.get(canonical[m.name], 0) + 1
    best = max(counts, key=lambda n: counts[n])
    return next(m for m in orgs if canonical[m.name] == best)


def find_agreements(
    text: str,
    mentions: list[Mention],
    canonical: dict[str, str],
    kinds: dict[str, str],
    hosts: set[str] = frozenset(),
    main_body: str | None = None,
) -> list[dict]:
    """Agreements signed (签订…协议, 签约): parties and kind.

    The party written before 与 is the signer; when the sentence leaves it out (并与A、B签订…)
    or calls it by its type (联盟与A签署…), it is the article's host or its body.
    """
    agreements: list[dict] = []
    seen: set[tuple[str, ...]] = set()
    subject = _main_actor(mentions, canonical, hosts)
    for m in _SIGN_RE.finditer(text):
        s_start, s_end = _sentence_bounds(text, m.start())
        sentence = text[s_start:s_end]
        if not re.search(r"协议|协定|合同|备忘录|合作书|签约", sentence):
            continue
        kind = _agreement_kind(sentence)
        orgs = [
            x
            for x in _mentions_in(mentions, s_start, s_end)
            if x.category == "org" and canonical.get(x.name)
        ]
        if kind == "other" and any(x.kind == "international" for x in orgs):
            kind = "international"
        with_pos = sentence.find("与")
        left = [x for x in orgs if with_pos >= 0 and x.end <= s_start + with_pos]
        right = [x for x in orgs if x not in left and x.start < m.start()]
        main = canonical[left[0].name] if left else None
        if main is None and with_pos > 0 and main_body and _BARE_BODY.search(sentence[:with_pos]):
            main = main_body
        if main is None and subject is not None:
            main = canonical[subject.name]
        pairs = [(main, canonical[o.name]) for o in right if main and canonical[o.name] != main]
        for parties in pairs:
            if parties not in seen:
                seen.add(parties)
                agreements.append({"parties": list(parties), "kind": kind})
        if not pairs and not any(a["parties"] == [] and a["kind"] == kind for a in agreements):
            agreements.append({"parties": [], "kind": kind})
    if any(a["parties"] for a in agreements):
        agreements = [a for a in agreements if a["parties"]]
    schools = {"vocational_college", "university", "secondary_school"}
    for a in agreements:
        pk = {kinds.get(p) for p in a["parties"]}
        if a["kind"] in ("other", "co_founding") and pk & schools and "enterprise" in pk:
            a["kind"] = "school_enterprise_cooperation"
        elif "international" in pk and a["kind"] == "other":
            a["kind"] = "international"
    return agreements


def _agreement_kind(sentence: str) -> str:
    if re.search(r"校.?企|校园企|产教", sentence):
        return "school_enterprise_cooperation"
    if re.search(r"标准", sentence):
        return "standard_drafting"
    if re.search(r"国际|境外|海外|鲁班工坊|中外", sentence):
        return "international"
    if re.search(r"共建|共同建设|合作建设", sentence):
        return "co_founding"
    return "other"


_FOUNDED_RE = re.compile("(?:" + "|".join(FOUNDING_VERBS) + r")了?[“\"「『]?$")


def _is_founded(text: str, mention: Mention) -> bool:
    return bool(_FOUNDED_RE.search(text[max(0, mention.start - 10) : mention.start]))


def _is_visited(text: str, mention: Mention) -> bool:
    start = _clause_start(text, mention.start, 40)
    return any(v in text[start : mention.start] for v in VISIT_VERBS)


def _enumerated_orgs(text: str, mentions: list[Mention], stops: _Stops) -> list[Mention]:
    """Names without a suffix listed before 等N家企业 (与A、B、C等5家企业)."""
    found = []
    covered = [(m.start, m.end) for m in mentions]
    for m in _ENUM_TAIL.finditer(text):
        window_start = max(0, m.start() - 160)
        items = _ENUM_ITEMS.search(text, window_start, m.start())
        if not items:
            continue
        kind = _ENUM_TYPE_KIND[m.group("type")]
        pos = items.start()
        for i, item in enumerate(items.group().split("、")):
            start, end = pos, pos + len(item)
            pos = end + 1
            if i == 0:
                start = max(start, _left_boundary(text, stops, end, end, start))
            noise = _LEADING_NOISE_RE.match(text, start, end)
            if noise:
                start = noise.end()
            item = text[start:end]
            if len(item) < 2 or any(a <= start < b or a < end <= b for a, b in covered):
                continue
            if _proper_len(item) < 2 or _TITLE_IN_HEAD.search(item) or _CATEGORY_TAIL.search(item):
                continue
            own_suffix = next((s for s in _ORG_SUFFIX_TEXTS if item.endswith(s)), None)
            if own_suffix and _proper_len(item[: -len(own_suffix)]) < 2:
                continue  # 出版社, 中职学校, 技师学院: a kind of member, not one
            found.append(Mention(item, start, end, "org", kind, ""))
    return found


# --- assembling the record ----------------------------------------------------------------------


def _alias_mentions(text: str, mentions: list[Mention], canonical: dict[str, str]) -> list[Mention]:
    """Each later use of a declared short form (秦岭职院党委书记…) as a mention of its owner."""
    covered = [(m.start, m.end) for m in mentions]
    by_name = {m.name: m for m in mentions}
    found = []
    for alias, owner in canonical.items():
        source = by_name.get(owner)
        if source is None:
            continue
        start = text.find(alias)
        while start >= 0:
            end = start + len(alias)
            if not any(a < end and start < b for a, b in covered):
                found.append(Mention(alias, start, end, source.category, source.kind, ""))
            start = text.find(alias, end)
    return found


def _is_abbreviation(short: str, long: str, suffix: str) -> bool:
    """赣江集团 of 赣江汽车集团有限公司, 秦岭学院 of 西安秦岭职业技术学院, 华为 of 华为技术…."""
    if len(short) >= len(long) or len(short) < 2:
        return False
    if long.endswith(short) and len(short) >= 4:
        return True
    if suffix and suffix[-1] not in long:
        return False
    head = short[: len(short) - len(suffix)] if suffix else short
    group = _SUFFIX_BY_TEXT[suffix].group if suffix else ""
    if short in long and group in ("gov", "gov_top", "school", "research", "association"):
        return False  # 教育部 inside 教育部…研究所: the parent, not a short form
    if group in _NAMED_GROUPS and gz.strip_admin_suffix(head) in _PLACE_NAMES:
        return False  # 河南职业技术学院 is a school of its own beside 河南交通职业技术学院
    if len(head) < 2 or head[:2] not in long:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def _expand_relative(name: str, city: str | None, province: str | None) -> str:
    if name.startswith("市") and city and not name.startswith(("市场", "市民")):
        return city + name
    if name.startswith("省") and province:
        return province + name
    return name


def extract(
    text: str, *, title: str | None = None, published: str | None = None, site: str | None = None
) -> dict:
    """The FORMAT.md record for a Simplified main text (title and date found beforehand)."""
    titled = titled_names(text)
    names_first = names_before_titles(text)
    stops = _Stops(
        text,
        name_spans(text, {name for _, name in titled})
        + [(start, start + len(name)) for start, _, name, _ in names_first],
    )
    mentions = find_mentions(text, stops)
    carriers_m = [m for m in mentions if m.category == "carrier"]
    venues = [m for m in mentions if m.category == "venue"]
    mentions = [m for m in mentions if m.category in ("org", "body")]

    # a 学院 or 研究院 named right after a founding verb is something built, not a participant
    for m in list(mentions):
        if m.category == "org" and m.suffix in ("学院", "研究院", "中心") and _is_founded(text, m):
            mentions.remove(m)
            kind = {"学院": "school", "研究院": "research_institute"}.get(m.suffix, "other")
            carriers_m.append(Mention(m.name, m.start, m.end, "carrier", kind, m.suffix))
    mentions += _enumerated_orgs(text, mentions, stops)
    mentions.sort(key=lambda m: m.start)

    # aliases the article declares: 秦岭职业技术学院（以下简称“秦岭职院”）
    canonical: dict[str, str] = {}
    for a in _ALIAS_RE.finditer(text):
        owner = [m for m in mentions if m.end == a.start()]
        if owner:
            canonical[a.group("alias").strip()] = owner[-1].name
    mentions += _alias_mentions(text, mentions, canonical)
    mentions.sort(key=lambda m: m.start)
    city, province = gz.dominant_places(text)
    if site:
        mentions = [m for m in mentions if m.name != site]

    entities: dict[str, Entity] = {}
    for m in mentions:
        name = canonical.get(m.name, m.name)
        name = _expand_relative(name, city, province)
        canonical[m.name] = name
        entity = entities.get(name)
        if entity is None:
            entity = entities[name] = Entity(name, m.category, m.kind)
        entity.mentions.append((m.start, m.end))

    # short forms of a name the article also writes in full are the same organisation
    suffix_of = {canonical.get(m.name, m.name): m.suffix for m in mentions}
    by_bigram: dict[str, set[str]] = {}
    for name in entities:
        for i in range(len(name) - 1):
            by_bigram.setdefault(name[i : i + 2], set()).add(name)
    for short in sorted(entities, key=len):
        candidates = by_bigram.get(short[:2], set()) | by_bigram.get(short[-2:], set())
        long = next(
            (
                other
                for other in sorted(candidates, key=len, reverse=True)
                if other in entities
                and len(other) > len(short)
                and entities[other].category == entities[short].category
                and _is_abbreviation(short, other, suffix_of.get(short, ""))
            ),
            None,
        )
        if long is None:
            continue
        entities[long].mentions += entities.pop(short).mentions
        for k, v in list(canonical.items()):
            if v == short:
                canonical[k] = long

    _assign_roles(text, mentions, entities, canonical)
    event = find_event(text, title, published)
    if event.start >= 0 and event.venue:
        for m in mentions:
            if m.name == event.venue or canonical.get(m.name) == canonical.get(event.venue):
                entity = entities.get(canonical.get(m.name, ""))
                if entity and entity.category == "org":
                    entity.add_role("host")
    if event.venue is None and venues:
        event.venue = venues[0].name

    schools = [
        e
        for e in entities.values()
        if e.kind in ("vocational_college", "university", "secondary_school")
    ]
    own_school = next((e.name for e in schools if "host" in e.roles), None) or (
        max(schools, key=lambda e: len(e.mentions)).name if schools else None
    )
    people = find_people(text, mentions, canonical, titled, own_school, names_first)
    counts = find_counts(text, list(entities) + [m.name for m in mentions])
    attendance = next((c.value for c in counts if c.attendance), None)
    event.attendance = attendance

    kinds = {name: e.kind for name, e in entities.items()}
    hosts = {name for name, e in entities.items() if "host" in e.roles}
    main_body = next((e.name for e in entities.values() if e.category == "body"), None)
    agreements = find_agreements(text, mentions, canonical, kinds, hosts, main_body)
    for a in agreements:
        for party in a["parties"][1:]:
            if party in entities:
                entities[party].add_role("partner")

    # a body the headline names but the text only calls 联合体 or 集团
    for m in find_mentions(title) if title else ():
        known = m.name in entities or m.name in canonical
        if m.category != "body" or known:
            continue
        if not any(_is_abbreviation(m.name, other, m.suffix) for other in entities):
            entities[m.name] = Entity(m.name, m.category, m.kind)

    carriers: dict[str, dict] = {}
    for c in sorted(carriers_m, key=lambda c: c.start):
        if _is_visited(text, c) or c.name in carriers:
            continue
        if any(_is_abbreviation(c.name, other, "") for other in carriers):
            continue
        carriers[c.name] = {"name": c.name, "kind": c.kind}

    bodies = [{"name": e.name, "kind": e.kind} for e in entities.values() if e.category == "body"]
    organizations = [
        {"name": e.name, "kind": e.kind, "roles": e.roles or ["attendee"]}
        for e in entities.values()
        if e.category == "org"
    ]
    return {
        "title": title,
        "published": published,
        "event": {
            "name": event.name,
            "kind": event.kind,
            "date": event.date,
            "venue": event.venue,
            "city": event.city,
            "theme": event.theme,
            "attendance": event.attendance,
        },
        "bodies": bodies,
        "organizations": organizations,
        "people": [
            {"name": p.name, "title": p.title, "organization": p.organization} for p in people
        ],
        "counts": [{"subject": c.subject, "value": c.value, "approx": c.approx} for c in counts],
        "carriers": list(carriers.values()),
        "agreements": agreements,
    }
