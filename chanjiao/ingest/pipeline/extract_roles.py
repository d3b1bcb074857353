"""Roles, agreements and carriers (角色、协议、载体): the verbs and labels around names.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from . import gazetteer as gz
from .common_words import prose_before_place
from .extract_counts import parse_count_number
from .extract_event import _sentence_bounds
from .extract_orgs import (
    HAN,
    Entity,
    Mention,
    _left_boundary,
    _Stops,
)
from .lexicon import (
    ABSTRACT_NOUNS,
    FOUNDING_VERBS,
    VISIT_VERBS,
)
from .name_joins import _TITLE_IN_HEAD
from .name_start import _LEADING_NOISE_RE, _ORG_SUFFIX_TEXTS, _proper_len
from .name_valid import BATCH_HEAD

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
    # (not the 等 of 中等职业学校, 高等学校, 平等 — but 修平等8所大学 counts)
    r"(?:(?<![中高初同均平相对])|(?<=平)(?=等(?:\d|[二两三四五六七八九十])))"
    r"等\s*(?:\d+|[二两三四五六七八九十百]+)?\s*(?:余|多)?(?:家|所|个)?"
    # a few words may describe the kind: 等产教融合生态合作企业, 等16所高工职校, 等企校代表
    rf"(?:(?!方面|领域|[与和及对向在为])[{HAN}]){{0,8}}?"
    r"(?P<type>企业|公司|院校|高校|学校|单位|机构|协会|职校|企校|大学|科大|大厂|厂商)"
)
# 与A、B及C3家公司成立…: a list the count right after it names as companies (no 等)
_COUNTED_TAIL = re.compile(
    rf"(?<=[{HAN}])(?<!等)(?P<n>\d|[两三四五六七八九十])(?:家|所)[{HAN}]{{0,10}}?"
    r"(?P<type>企业|公司|院校|高校)"
)
# a listed company may carry its stock code: 台积电 (2330-TW)、台达电 (2308-TW)
_STOCK_CODE = r"(?:\s*[(（]\d{4,6}-[A-Z]{2}[)）])?"
_ENUM_ITEMS = re.compile(
    rf"(?:[{HAN}A-Za-z0-9()（）]{{2,20}}{_STOCK_CODE}、)+[{HAN}A-Za-z0-9()（）]{{2,20}}{_STOCK_CODE}$"
)
_STOCK_CODE_END = re.compile(r"\s*[(（]\d{4,6}-[A-Z]{2}[)）]$")
_COUNTED_HEAD = re.compile(
    rf"(?:\d+|[两三四五六七八九十]+)\s*(?:余|多)?(?:家|所)[{HAN}]{{0,8}}?"
    r"(?P<type>企业|公司|院校|高校|大学|学校)[，,:：]?\s*"
    # 15家企业投注资金，分别为A、B: a short clause may stand before 分别为
    rf"(?:包括|包含|含|如|有|分别是|分别为|[{HAN}]{{1,6}}[，,]\s*分别[为是])[:：]?"
)
# 等10家行业领军及新兴领域企业: 家 counts organisations, whatever long description follows
_ENUM_TAIL_JIA = re.compile(
    rf"等\s*(?:\d+|[二两三四五六七八九十百]+)\s*(?:余|多)?家[{HAN}]{{0,14}}?(?P<type>企业|公司|单位|机构)"
)
# 以及A、B、C等 16 家 (the page ends, or no kind follows): 家 counts organisations
_COUNTED_END = re.compile(rf"等\s*(?:\d+|[二两三四五六七八九十百]+)\s*(?:余|多)?家(?![{HAN}])")
# 园区厂商A、B及C等: the kind right before the names, the list closed by 等
_KIND_BEFORE_ITEMS = re.compile(rf"厂商(?=[{HAN}A-Za-z0-9]{{2,12}}、)")
# names listed after 包括 up to the list's end: 友达、玉晶光、宏全 (the last before 等 or a stop)
_ITEMS_AFTER = re.compile(
    rf"(?:[{HAN}A-Za-z0-9]{{2,12}}{_STOCK_CODE}、)+[{HAN}A-Za-z0-9]{{2,12}}?(?=等|[，。；,;\s]|$)"
)
_CATEGORY_TAIL = re.compile(r"(?:机构|院校|高校|企业|企事业|单位|组织|部门|行业|社团|团体)$")
# 以A、B、C为龙头 (为核心, 为骨干): the members leading a body, listed
_LED_BY_ITEMS = re.compile(
    rf"以(?P<items>(?:[{HAN}A-Za-z0-9]{{2,12}}、)+[{HAN}A-Za-z0-9]{{2,12}})为(?P<role>龙头|核心|骨干)"
)
_ENUM_TYPE_KIND = {
    "企业": "enterprise",
    "公司": "enterprise",
    "院校": "other",
    "高校": "university",
    "学校": "other",
    "单位": "other",
    "机构": "other",
    "协会": "association",
    "职校": "secondary_school",
    "企校": "other",
    "大学": "university",  # 中兴、朝阳、岭东等8所大学: Taiwan's universities by their short names
    "科大": "university",
    "大厂": "enterprise",
    "厂商": "enterprise",
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


# (everything up to the last break: the greedy run backs off from the end to the nearest one)
_UP_TO_LAST_BREAK = re.compile(r"(?s).*[，。；：！？,;:!?\n由]")


def _clause_start(text: str, pos: int, limit: int = 200) -> int:
    """Where the clause holding ``pos`` starts: after the last break within ``limit`` before it."""
    window = max(0, pos - limit)
    last = _UP_TO_LAST_BREAK.match(text, window, pos)
    return last.end() if last else window


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


_FOUNDED_RE = re.compile("(?:" + "|".join(FOUNDING_VERBS) + r")[了的]?[“\"「『]?$")


def _is_founded(text: str, mention: Mention) -> bool:
    return bool(_FOUNDED_RE.search(text[max(0, mention.start - 10) : mention.start]))


def _is_visited(text: str, mention: Mention) -> bool:
    start = _clause_start(text, mention.start, 80)
    return any(v in text[start : mention.start] for v in VISIT_VERBS)


def _enumerated_orgs(text: str, mentions: list[Mention], stops: _Stops) -> list[Mention]:
    """Names without a suffix listed before 等N家企业 (与A、B、C等5家企业), or listed as the
    parties of a signing (与阿里云、特变电工签订…)."""
    found: list[Mention] = []
    covered = [(m.start, m.end) for m in mentions]
    tails = {m.start(): m for m in _ENUM_TAIL.finditer(text)}
    for m in _ENUM_TAIL_JIA.finditer(text):
        tails.setdefault(m.start(), m)
    for m in tails.values():
        items = _ENUM_ITEMS.search(text, max(0, m.start() - 160), m.start())
        if items:
            kind = _ENUM_TYPE_KIND[m.group("type")]
            found += _list_items(text, items, kind, covered, stops, bounded=False)
    for m in _COUNTED_END.finditer(text):
        items = _ENUM_ITEMS.search(text, max(0, m.start() - 160), m.start())
        if items:
            found += _list_items(text, items, "other", covered, stops, bounded=False)
    for m in _KIND_BEFORE_ITEMS.finditer(text):
        items = _ITEMS_AFTER.match(text, m.end())
        if items and text.startswith("等", items.end()):
            found += _list_items(text, items, "enterprise", covered, stops, bounded=True)
    for m in _COUNTED_TAIL.finditer(text):
        items = _ENUM_ITEMS.search(text, max(0, m.start() - 80), m.start())
        if items and len(re.split("[、及和]", items.group())) == parse_count_number(m.group("n")):
            kind = _ENUM_TYPE_KIND[m.group("type")]
            found += _list_items(text, items, kind, covered, stops, bounded=False)
    for m in _COUNTED_HEAD.finditer(text):
        # 与26家企业，包括友达、玉晶光、宏全…: the kind and the count first, then the names
        items = _ITEMS_AFTER.match(text, m.end())
        if items:
            kind = _ENUM_TYPE_KIND[m.group("type")]
            found += _list_items(text, items, kind, covered, stops, bounded=True)
    for m in _LED_BY_ITEMS.finditer(text):
        # 以冠捷、某电子、友达光电为龙头: the leading members, listed
        items = _ENUM_ITEMS.match(text, m.start("items"), m.end("items"))
        if items:
            kind = "enterprise" if m.group("role") == "龙头" else "other"
            found += _list_items(text, items, kind, covered, stops, bounded=True)
    for m in _SIGNING_TAIL.finditer(text):
        joined = _SIGNING_PARTIES.search(text, max(0, m.start() - 80), m.start())
        items = joined and _ENUM_ITEMS.match(text, joined.end(), m.start())
        if items and not _BRACKET.search(items.group()):  # 与政校行企(政府、学校…): a gloss
            found += _list_items(text, items, "enterprise", covered, stops, bounded=True)
    return found


def _list_items(
    text: str, items: re.Match, kind: str, covered, stops: _Stops, *, bounded: bool
) -> list[Mention]:
    """The names of a list A、B、C (the last two may be joined by 及, 和 or 与); ``bounded``: the
    list starts where the match does (after 与), else its first item is cut at a stop."""
    found = []
    pos = items.start()
    parts: list[str | None] = list(items.group().split("、"))
    # the last two may be joined by 及, 和 or 与: …、北门高工及高雄高工, …、鸿海与联发科
    last = re.fullmatch(rf"([{HAN}]{{2,10}})[及和与]([{HAN}]{{2,10}})", parts[-1] or "")
    if last:
        parts[-1:] = [last.group(1), None, last.group(2)]
    for i, item in enumerate(parts):
        if item is None:
            continue  # 及 stood where the 、 would: the position already passed it
        start, end = pos, pos + len(item)
        pos = end + 1
        code = _STOCK_CODE_END.search(item)
        if code:
            end -= len(code.group())  # 台积电 (2330-TW): the name without its stock code
        if i == 0 and not bounded:
            start = max(start, _left_boundary(text, stops, end, end, start))
        noise = _LEADING_NOISE_RE.match(text, start, end)
        if noise:
            start = noise.end()
        if i == 0:
            start += prose_before_place(text[start:end])  # 共选出中山大学、…: the verbs lead in
        item = text[start:end]
        if len(item) < 2 or any(a <= start < b or a < end <= b for a, b in covered):
            continue
        if _proper_len(item) < 2 or _TITLE_IN_HEAD.search(item) or _CATEGORY_TAIL.search(item):
            continue
        if re.search(r"\d", item):
            continue  # 其他机构及5所研究院: a count of members, not one
        own_suffix = next((s for s in _ORG_SUFFIX_TEXTS if item.endswith(s)), None)
        if own_suffix and _proper_len(item[: -len(own_suffix)]) < 2:
            continue  # 出版社, 中职学校, 技师学院: a kind of member, not one
        if bounded and (
            gz.strip_admin_suffix(item) in _PLACES
            or item in ABSTRACT_NOUNS
            or item.endswith(_PEOPLE_KINDS)
        ):
            continue  # 与福州、厦门签订: places; 与学生、家长签订: people; 与人才、技术: no party
        found.append(Mention(item, start, end, "org", kind, ""))
    return found


_PLACES = gz.PROVINCES | gz.CITIES
_BRACKET = re.compile(r"[()（）]")
_PEOPLE_KINDS = tuple(
    gz.words("学生 家长 教师 老师 员工 毕业生 学员 师生 职工 校友 专家 学子 人员 代表")
)
# the parties of a signing listed after 与 (与阿里云、特变电工签订…, 与A、B分别签署…)
_SIGNING_PARTIES = re.compile(r"[与同](?=[^与同，。；：\n]*$)")
_SIGNING_TAIL = re.compile(r"(?:分别|共同|正式)?(?:签订|签署|签约|举行签约|现场签约)")


# --- what an article unveils (揭牌): carriers named in quotes ------------------------------------

_QUOTED_NAME = r"[“「『\"][^“「『”」』\"，。；、\n]{2,40}[”」』\"]"
# 为“A学院”、“B学院”等三个新成立的学院揭牌 / 举行了“A”“B”揭牌仪式
_UNVEILED = re.compile(
    # starts at a quote (cheap to scan); a quoted name may follow its owner's name:
    # 为某物流“现场工程师试点班”、某公司“博士工作站”揭牌 — only the quoted parts are names
    rf"(?P<names>{_QUOTED_NAME}(?:[、，,和及与]?[^“「『”」』\"，。；、\n]{{0,20}}?{_QUOTED_NAME})*"
    r"[、，,和及与]?)"
    # and the last may be unquoted: …“博士工作站”、某学院大学生就业创业赋能中心揭牌
    rf"(?P<tail>[^“「『”」』\"，。；、\n]{{4,30}}?(?:中心|基地|学院|工作站|工坊))?"
    rf"(?:等[^，。；“”\n]{{0,12}})?(?:正式)?(?P<act>揭牌|授牌|挂牌)"
)
# a research institute or centre named right before its founding or unveiling (X研究院成立暨揭牌)
_FOUNDED_AFTER = re.compile(r"[”」』\"]?(?:正式)?(?:成立|揭牌|挂牌)(?!于|以来|之初|后|时)")
_UNVEILED_KIND = (
    ("产业学院", "industry_college"),
    ("学院", "school"),
    ("基地", "training_base"),
    ("研究院", "research_institute"),
    ("中心", "other"),
    ("工坊", "workshop"),
)


def _unveiled_kind(name: str) -> str:
    return next((kind for tail, kind in _UNVEILED_KIND if name.endswith(tail)), "other")


def unveiled_carriers(text: str) -> list[Mention]:
    """Carriers the article unveils by their quoted names: 为“某职业学院航海学院”揭牌 names the
    whole quoted name (the school's own new college), not the school and a department."""
    found = []
    for m in _UNVEILED.finditer(text):
        for q in re.finditer(_QUOTED_NAME, m.group("names")):
            name = q.group()[1:-1].strip()
            if not re.search(rf"[{HAN}]{{2}}", name) or len(name) < 4:
                continue
            if BATCH_HEAD.match(name):
                continue  # “第四批省重点支持建设现代产业学院”授牌: a batch of a kind, not one
            start = m.start("names") + q.start() + 1
            found.append(
                Mention(name, start, start + len(name), "carrier", _unveiled_kind(name), "")
            )
        if m.group("tail") and m.group("names").endswith(tuple("、，,和及与")):
            tail = m.group("tail")
            found.append(
                Mention(tail, m.start("tail"), m.end("tail"), "carrier", _unveiled_kind(tail), "")
            )
    return found


def founded_after(text: str, mention: Mention) -> bool:
    """A research institute or centre the article founds or unveils: 某研究院成立暨揭牌仪式."""
    return bool(_FOUNDED_AFTER.match(text, mention.end))
