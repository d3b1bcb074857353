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

Everything is plain functions over strings; no Django, no model files. One module per rule
family — ``extract_orgs``, ``extract_people``, ``extract_counts``, ``extract_event``,
``extract_roles`` — and this module assembles the record from them.
"""

from __future__ import annotations

import re

from . import evidence as ev
from . import gazetteer as gz
from .carrier_rules import (
    _CARRIER_TYPE,
    _KIND_BEFORE_CARRIER,
    _MEETING_TOPIC,
    _ROOM_AFTER,
    _carrier_act,
    _glossed,
    _held_at,
    _quoted,
)
from .common_words import common_phrase, prose_run
from .extract_counts import find_counts, parse_count_number
from .extract_event import find_event
from .extract_orgs import (
    _ALIAS_RE,
    _NAMED_GROUPS,
    _PLACE_NAMES,
    _SUFFIX_BY_TEXT,
    _TITLE_ALT,
    Entity,
    Mention,
    _Stops,
    find_mentions,
)
from .extract_people import (
    find_people,
    name_spans,
    names_before_titles,
    speakers_opening_sentences,
    titled_names,
)
from .extract_roles import (
    _assign_roles,
    _clause_start,
    _enumerated_orgs,
    _is_founded,
    _is_visited,
    find_agreements,
    founded_after,
    unveiled_carriers,
)
from .name_start import HAN, _proper_len
from .people_brands import brands_before_posts

__all__ = ["extract", "parse_count_number"]


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
    if long.endswith(short) and short.startswith(("中华", "中国", "全国")):
        return False  # 中华职业教育社 beside 内蒙古中华职业教育社: the national one and a branch
    if long.endswith(short) and (len(short) >= 4 or _PLACE_ONLY.fullmatch(long[: -len(short)])):
        return True  # 临江市教育局 … 教育局局长: the same bureau
    if suffix and suffix[-1] not in long:
        return False
    if suffix in ("市委", "省委", "区委", "县委", "州委"):
        return False  # 双城区委 is the district's party committee, no short form of its units
    head = short[: len(short) - len(suffix)] if suffix else short
    group = _SUFFIX_BY_TEXT[suffix].group if suffix else ""
    if short in long and group in (
        "gov",
        "gov_top",
        "school",
        "research",
        "association",
        "company",
        "body",  # 某职教集团 inside 某职教集团指导委员会: the group and its committee
    ):
        return (
            False  # 教育部 inside 教育部…研究所, 某有限公司 inside 某有限公司重庆分公司: the parent
        )
    if group == "school" and long.endswith(suffix) and len(head) >= 4:
        return False  # 陕西工业职业技术学院 beside 陕西国防工业职业技术学院: two schools in full
    if group in _NAMED_GROUPS and gz.strip_admin_suffix(head) in _PLACE_NAMES:
        return False  # 河南职业技术学院 is a school of its own beside 河南交通职业技术学院
    if len(head) < 2 or head[:2] not in long:
        return False
    it = iter(long)
    return all(ch in it for ch in short)


# A place and nothing else: 市, 临江市, 四川省成都市
_PLACE_ONLY = re.compile(r"(?:[\u3400-\u9fff]{0,6}?(?:省|自治区|市|区|县|州))+")


# The place a government department's name starts with: 临江市, 四川省成都市, 高新区
_PLACE_PREFIX = re.compile(r"^(?:[\u3400-\u9fff]{1,6}?(?:省|自治区|市|区|县|州))+")


# A development zone is part of a district, not a place of its own: 双城区文旅局、经开区管委会、
# 企投局 are the district's three units.
_ZONE_FIRST = re.compile(r"(?:经济技术开发区|经济开发区|开发区|经开区|高新区|新区|园区)")
_ZONE_LAST = re.compile(r"(?:经济技术开发区|经济开发区|开发区|经开区|高新区|新区|园区)$")


_NATIONWIDE = ("中央", "国家", "中共", "全国", "中国")


def _carry_places(text: str, mentions: list[Mention]) -> dict[int, str]:
    """Short government names listed after one with its place take that place: in
    某市教体局、人社局、科技局 the three are 某市's (by mention index: the full name)."""
    out: dict[int, str] = {}
    for i in range(1, len(mentions)):
        m, prev = mentions[i], mentions[i - 1]
        if m.kind != "government" or text[prev.end : m.start] not in ("、", "，", ","):
            continue
        zone = _ZONE_FIRST.match(m.name)
        own = (
            m.name[0] in "省市区县"
            or m.name.startswith(_NATIONWIDE)  # 中央政府, 国家开发银行: no city's
            or _PLACE_PREFIX.match(m.name)
            or gz.find_places(m.name[:4])
        )
        if own and not zone:
            continue  # it names its own place (市经信局: the article's own city)
        if prev.kind != "government":
            continue
        before = out.get(i - 1, prev.name)
        if before[0] in "省市":
            out[i] = before[0] + m.name  # 市教育局、科技局: both the city's, expanded later
            continue
        place = _PLACE_PREFIX.match(before)
        if place and len(place.group()) < len(before):
            # a zone in the list (双城区…、经开区管委会、企投局) is the district's, not a place
            out[i] = _ZONE_LAST.sub("", place.group()) + m.name
    return out


# 某市第二届校企联盟, 某自治区第十三届人大常委会: the edition is the meeting's or the term's, not
# part of the name (never at its start: 第一中学, 第二届 alone)
_EDITION = re.compile(rf"(?<=[{HAN}])第[一二三四五六七八九十\d]+届(?=[{HAN}]{{2}})")


def _expansion_stated(
    text: str,
    mentions: list[Mention],
    i: int,
    expanded: str,
    written: set[str],
    canonical: dict[str, str],
) -> bool:
    """A relative name (市教委, 省教育厅) takes the article's place only where the article states
    it: the full name is written elsewhere (重庆市教育委员会 … 市教委), or the name follows one of
    the place's own in a list (昆明市教育局、市人社局); otherwise it stays as written."""
    place = expanded[: len(expanded) - len(mentions[i].name)]
    prev = mentions[i - 1] if i > 0 else None
    between = text[prev.end : mentions[i].start] if prev is not None else ""
    if (
        prev is not None
        and (between in ("、", "，", ",") or _POST_THEN_COMMA.fullmatch(between))
        and canonical.get(prev.name, prev.name).startswith(place)
    ):
        return True  # (阜阳市委常委、市政府党组副书记: a post of the place's, then its government)
    return expanded in written or any(
        _is_abbreviation(expanded, full, mentions[i].suffix) for full in written
    )


def _expand_relative(name: str, city: str | None, province: str | None) -> str:
    if name.startswith("市") and city and not name.startswith(("市场", "市民")):
        # (香港, 澳门 are no 市: 市政协 there is some other city's)
        return name if city in ("香港", "澳门") else city + name
    if name.startswith("省") and province:
        return province + name
    # 自治区教育厅 stays as written: annotators of five regions' reports all kept it so, and
    # the region's full name (新疆维吾尔自治区) is rarely how the report itself names it
    return name


# a post between two of a place's authorities in one person's titles (市委常委、市政府…)
_POST_THEN_COMMA = re.compile(rf"(?:{_TITLE_ALT})、")
# the verbs of a clause that cites a policy or a document (贯彻…精神, 根据…通知)
_CITED = re.compile(r"贯彻|落实|根据|按照|依据|依照|遵照|响应")
# “某通信学院”共建协议书, “某学院”揭牌: a quoted name the sentence goes on to build
_QUOTED_THEN_BUILT = re.compile(r"[”」』\"](?:正式)?(?:共建|揭牌|挂牌|成立)(?!以来|之初|时|后)")


def _support(codes: list[str]) -> dict:
    return {"evidence": codes, "confidence": ev.confidence(codes)}


def extract(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    site: str | None = None,
    page_month: tuple[int, int] | None = None,
) -> dict:
    """The FORMAT.md record for a Simplified main text (title and date found beforehand;
    ``page_month``: the year and month the page's address names when it names no whole
    date)."""
    titled = titled_names(text)
    names_first = names_before_titles(text) + speakers_opening_sentences(text)
    stops = _Stops(
        text,
        name_spans(text, {name for _, name in titled})
        + [(start, start + len(name)) for start, _, name, _ in names_first],
    )
    mentions = find_mentions(text, stops)
    carriers_m = [m for m in mentions if m.category == "carrier"]
    venues = [m for m in mentions if m.category == "venue"]
    mentions = [m for m in mentions if m.category in ("org", "body")]

    # quoted names unveiled (为“某学院航海学院”揭牌) are carriers, whatever names stand inside
    known = {c.name for c in carriers_m}
    unveiled = [c for c in unveiled_carriers(text) if c.name not in known]
    if unveiled:
        inside = [(c.start, c.end) for c in unveiled]
        mentions = [m for m in mentions if not any(a <= m.start < b for a, b in inside)]
        carriers_m = [c for c in carriers_m if not any(a <= c.start < b for a, b in inside)]
        carriers_m += unveiled
    # a 学院 or 研究院 founded or unveiled (成立了…学院, 某研究院成立暨揭牌) is something built,
    # not a participant
    mentions_before = list(mentions)
    listed_after_founding = False  # 共建A研究院、B研究院…: every item of the list is built
    for i, m in enumerate(list(mentions)):
        built = m.suffix in ("学院", "研究院", "中心", "研究中心") or (
            m.kind == "industrial_park" and "教育" in m.name  # 共建的某职业教育园区
        )
        listed_next = i + 1 < len(mentions_before) and (
            text[m.end : mentions_before[i + 1].start] == "、"
        )
        # (whether it is founded matters to a built organisation and to the list it opens)
        founded = ((m.category == "org" and built) or listed_next) and _is_founded(text, m)
        if i and text[mentions_before[i - 1].end : m.start] != "、":
            listed_after_founding = False
        listed = listed_after_founding
        listed_after_founding = founded or (listed and built)
        if (
            m.category == "org"
            and built
            and (
                founded
                or listed
                or (m.suffix != "学院" and founded_after(text, m))
                or _QUOTED_THEN_BUILT.match(text, m.end)
            )
        ):
            mentions.remove(m)
            kind = {"学院": "school", "研究院": "research_institute"}.get(m.suffix, "other")
            carriers_m.append(Mention(m.name, m.start, m.end, "carrier", kind, m.suffix))
    enumerated = _enumerated_orgs(text, mentions, stops)
    mentions += enumerated
    # a centre listed among organisations (与A中心、B有限公司签订) is one of them, not a carrier
    orgs_at = {m.start: m for m in mentions} | {m.end: m for m in mentions}
    for c in list(carriers_m):
        listed = (text[c.end : c.end + 1] == "、" and c.end + 1 in orgs_at) or (
            text[c.start - 1 : c.start] == "、" and c.start - 1 in orgs_at
        )
        if listed and c.suffix.endswith("中心"):
            carriers_m.remove(c)
            mentions.append(Mention(c.name, c.start, c.end, "org", "other", c.suffix))
    mentions.sort(key=lambda m: m.start)

    # aliases the article declares: 秦岭职业技术学院（以下简称“秦岭职院”）
    canonical: dict[str, str] = {}
    for a in _ALIAS_RE.finditer(text):
        owner = [m for m in mentions if m.end == a.start()]
        if owner:
            canonical[a.group("alias").strip()] = owner[-1].name
    declared = set(canonical.values())
    mentions += _alias_mentions(text, mentions, canonical)
    mentions.sort(key=lambda m: m.start)
    city, province = gz.dominant_places(text)
    if site:
        mentions = [m for m in mentions if m.name != site]

    # 会议在某区行政管理中心举行, 参观了…运营中心: a centre the event is held at, or one
    # visited, is a place, not a party
    mentions = [
        m
        for m in mentions
        if not (m.suffix == "中心" and (_held_at(text, m) or _is_visited(text, m)))
    ]
    carried = _carry_places(text, mentions)
    suffix_of_mention = {m.name: m.suffix for m in mentions}
    written = {m.name for m in mentions}
    entities: dict[str, Entity] = {}
    for i, m in enumerate(mentions):
        name = carried.get(i) or canonical.get(m.name, m.name)
        expanded = _expand_relative(name, city, province)
        if expanded != name and not _expansion_stated(
            text, mentions, i, expanded, written, canonical
        ):
            expanded = name  # 市教委主任某某: written so, and so proposed (FORMAT.md)
        name = _EDITION.sub("", expanded)
        canonical[m.name] = name
        entity = entities.get(name)
        if entity is None:
            entity = entities[name] = Entity(name, m.category, m.kind)
        entity.mentions.append((m.start, m.end))

    # 发展典范科技大学计划 … 获选为典范科技大学: a kind named in common words that the article
    # also writes as a programme's name is the programme's kind wherever it stands
    longest = max(map(len, entities), default=0)
    plans = [m.start() for m in re.finditer("计划", text)]  # (no search of the text per name)
    before_plan = {text[max(0, p - k) : p] for p in plans for k in range(1, longest + 1)}
    for name in [n for n in entities if n in before_plan]:
        head = name[: len(name) - len(suffix_of_mention.get(name, ""))]
        if common_phrase(head):
            del entities[name]

    # 展现大叶大学 … 大叶大学: a name the article writes elsewhere, with words of the sentence
    # before it here, is that name
    order = {n: i for i, n in enumerate(entities)}
    for long in sorted(entities, key=len, reverse=True):
        # (the shorter name is one of the at most six tails of this one: the first written)
        short = min(
            (
                long[cut:]
                for cut in range(1, min(6, len(long) - 3) + 1)
                if long[cut:] in entities
                and entities[long[cut:]].category == entities[long].category
                and prose_run(long[:cut])
            ),
            key=order.__getitem__,
            default=None,
        )
        if short is not None:
            entities[short].mentions += entities.pop(long).mentions
            for k, v in list(canonical.items()):
                if v == long:
                    canonical[k] = short

    # short forms of a name the article also writes in full are the same organisation
    suffix_of = {canonical.get(m.name, m.name): m.suffix for m in mentions}
    # (in the order first written: of two longer forms as long, the first, on every run)
    by_bigram: dict[str, dict[str, None]] = {}
    for name in entities:
        for i in range(len(name) - 1):
            by_bigram.setdefault(name[i : i + 2], {})[name] = None
    longest_first = {k: sorted(v, key=len, reverse=True) for k, v in by_bigram.items()}
    chars = {name: frozenset(name) for name in entities}  # an abbreviation's are all in it
    for short in sorted(entities, key=len):
        # (every longer form holds the short one's first two characters: _is_abbreviation)
        long = next(
            (
                other
                for other in longest_first.get(short[:2], ())
                if len(other) > len(short)
                and other in entities
                and chars[short] <= chars[other]
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
    event = find_event(text, title, published, page_month)
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
    brands = brands_before_posts(text, people, set(entities) | set(canonical))
    for person in people:
        brand = brands.get(person.name)
        if brand:
            # 华大智造北区副总监赵某: the company by its brand, the post within it
            person.title, person.organization = person.title[len(brand) :], brand
            entity = entities.setdefault(brand, Entity(brand, "org", "other"))
            if not entity.mentions:
                entity.mentions = [(m.start(), m.end()) for m in re.finditer(brand, text)]
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
    by_pair: dict[str, list[str]] = {}  # the carriers by every two characters in their names
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for m in carriers_m:
        spans_of.setdefault(m.name, []).append((m.start, m.end))
    heads = frozenset(name for name in entities if len(name) >= 4)
    for c in sorted(carriers_m, key=lambda c: c.start):
        if _MEETING_TOPIC.match(text, c.end):
            continue  # “智能制造产业学院建设研讨会”: the topic of a meeting, not a carrier
        if _is_visited(text, c) or c.name in carriers or _held_at(text, c):
            continue
        if _ROOM_AFTER.match(text, c.end):
            continue  # 于某重点实验室多功能厅签署: a room of the building the event was held in
        if _KIND_BEFORE_CARRIER.search(text, max(0, c.start - 4), c.start):
            continue  # 成为台湾钢铁生产基地, “两个稀土基地”: a role or a kind, not one carrier
        if _CARRIER_TYPE.match(c.name) and not _quoted(text, c):
            continue  # 省级示范性…基地, 开放性产教融合型实训基地: a kind of carrier, not one
        # (a longer name a short form abbreviates holds its first two characters)
        if any(_is_abbreviation(c.name, other, "") for other in by_pair.get(c.name[:2], ())):
            continue
        spans = spans_of[c.name]
        codes = ev.carrier_evidence(
            text,
            title,
            c.name,
            spans,
            founded=_carrier_act(text, c),
            suffix=c.suffix,
            proper_head=_proper_len(c.name[: len(c.name) - len(c.suffix)]),
            known_heads=heads,
        )
        carriers[c.name] = {"name": c.name, "kind": c.kind, **_support(codes)}
        for i in range(len(c.name) - 1):
            by_pair.setdefault(c.name[i : i + 2], []).append(c.name)

    # the short form of a carrier named in full (中德智能制造国际学院 of 某学院中德智能制造国际学院)
    endings = {c[i:] for c in carriers for i in range(len(c))}
    for name in [n for n, e in entities.items() if e.category == "org" and len(n) >= 4]:
        if name in endings:
            del entities[name]  # (or the carrier itself, named again where nothing founds it)
        elif (f"({name}" in text or f"（{name}" in text) and any(
            _glossed(text, c, name) for c in carriers
        ):
            del entities[name]  # 「创新前瞻科技研究学院」(创新前瞻学院): its short form in brackets
    person_orgs = {p.organization for p in people if p.organization}
    # 贯彻省政府…政策, 根据某厅《…》: an authority cited for its policy, nowhere a participant
    for name in [n for n, e in entities.items() if e.category == "org" and n not in person_orgs]:
        if entities[name].mentions and all(
            _CITED.search(text, _clause_start(text, start, 60), start)
            for start, _ in entities[name].mentions
        ):
            del entities[name]
    enumerated_names = {m.name for m in enumerated}
    named = {}
    for e in entities.values():
        codes = ev.name_evidence(
            text,
            title,
            e.name,
            e.mentions,
            suffix=suffix_of.get(e.name, ""),
            roles=e.roles,
            has_person=e.name in person_orgs,
            aliased=e.name in declared,
            known_heads=heads,
            enumerated=e.name in enumerated_names,
            proper_head=_proper_len(e.name[: len(e.name) - len(suffix_of.get(e.name, ""))]),
        )
        named[e.name] = _support(codes)
    bodies = [
        {"name": e.name, "kind": e.kind, **named[e.name]}
        for e in entities.values()
        if e.category == "body"
    ]
    organizations = [
        {"name": e.name, "kind": e.kind, "roles": e.roles or ["attendee"], **named[e.name]}
        for e in entities.values()
        if e.category == "org"
    ]
    carriers = {k: c for k, c in carriers.items() if c["confidence"] >= ev.PROPOSE_MIN}
    bodies = [b for b in bodies if b["confidence"] >= ev.PROPOSE_MIN]
    organizations = [o for o in organizations if o["confidence"] >= ev.PROPOSE_MIN]
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
