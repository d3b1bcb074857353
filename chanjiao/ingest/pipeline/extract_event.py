"""The event (活动): its name, kind, date, place and theme.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from . import gazetteer as gz

# --- dates, event, theme ------------------------------------------------------------------------

_DATE_IN_TEXT = re.compile(
    # a year of the common era, or of the ROC calendar (民国102年, 113年: Taiwan's pages)
    r"(?:(?:(?P<y>(?:19|20)\d{2})|(?<!\d)(?P<roc>1[0-3]\d)|民国\s*(?P<roc2>\d{2,3}))\s*年\s*)?"
    r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*"
    # a range (4月25-27日, 4月24日-25日, 4月30日至5月2日) is dated by its first day
    r"(?:[日号]?\s*[-~～—–至到]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*)?[日号]"
    r"|(?P<y2>(?:19|20)\d{2})[-/.](?P<m2>\d{1,2})[-/.](?P<d2>\d{1,2})"
    # a page that lost its 月 (1230日，… for 12月30日) at the start of a paragraph
    r"|(?:(?<=\n)|(?<=^)|(?<=\s))(?P<m3>1[0-2]|[1-9])(?P<d3>[0-3]\d)日(?=[,，上下晚])"
    # and one that lost both 年 and 月 (2015529日，… for 2015年5月29日)
    r"|(?:(?<=\n)|(?<=^)|(?<=\s))(?P<y4>(?:19|20)\d{2})(?P<m4>1[0-2]|[1-9])(?P<d4>[0-3]\d)日"
    r"(?=[,，上下晚])"
)
_DATELINE_SPAN = 200
_DATELINE_NEWS = re.compile(
    rf"(?:^|\n)[^\n，。,]{{0,16}}?(?:{_DATE_IN_TEXT.pattern})\s*(?:讯|电|消息)"
)
_DATELINE_REPORTER = re.compile(
    rf"(?:^|\n)[^\n，。,]{{0,10}}?[（(](?:本报|本网)?(?:见习|特约)?(?:记者|通讯员)[^）)\n]{{1,30}}[）)]\s*(?:{_DATE_IN_TEXT.pattern})"
)
# the time of day after a date (12月17日下午), and where the event was then held (在某大学举行)
_DAYTIME = r"(?:上午|下午|晚上)?"
_HELD_THERE = r"[在于][^，。；\n]{1,40}?(?:举行|召开|举办|开幕)"
# the name of the event, then the day it was held (…座谈会」，12月17日在某大学举行)
_DATE_THEN_HELD = re.compile(
    rf"[”\"」』]?[,，]?\s*(?:{_DATE_IN_TEXT.pattern})\s*{_DAYTIME}{_HELD_THERE}"
)
# the name of the event, then the day alone it was held (…论坛22日在南宁举行)
_DAY_THEN_HELD = re.compile(rf"[”\"」』]?(\d{{1,2}})日\s*{_DAYTIME}{_HELD_THERE}")
_LEAD_SPAN = 400
# a date opening a clause anywhere near the top (…质量，2022年4月1日，某校与某公司签约)
_CLAUSE_DATE = re.compile(
    r"[，,。；]\s*(?:(?P<y>(?:19|20)\d{2})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*"
    rf"(?:日?\s*[-~～—–至到]\s*\d{{1,2}}\s*)?日\s*{_DAYTIME}[，,]"
)
_DAY_AFTER_DATELINE = re.compile(rf"\s*(\d{{1,2}})日{_DAYTIME}[，,]")
# a dateline that names the day after 讯 (本报讯 6月16日，…)
_DATE_AFTER_DATELINE = re.compile(
    rf"(?:^|\n)[^\n，。,]{{0,8}}?(?:讯|电)\s*[:：]?\s*(?:[(（][^)）\n]{{1,12}}[)）])?\s*"
    rf"(?:{_DATE_IN_TEXT.pattern})\s*{_DAYTIME}[,，]"
)
# a byline, then the date (本网讯某学院某某报道 2023年9月16日，…)
_DATE_AFTER_BYLINE = re.compile(
    rf"(?:报道|报导)\s*[:：]?\s*(?:{_DATE_IN_TEXT.pattern})\s*{_DAYTIME}[,，]"
)
# the day an event was held, wherever the article says it (…并于2019年12月5日在学校举行成立大会)
# (or where it was held between: 于3月20日特选在某大学举办, 于2022年10月28日举行「…」)
_HELD_ON = re.compile(
    rf"[于在]\s*(?:{_DATE_IN_TEXT.pattern})\s*{_DAYTIME}"
    r"(?:[^，。；\n]{0,4}?[在于][^，。；\n]{1,40}?)?(?:举行|召开|举办|开幕|启动|揭牌|挂牌|主办)"
)
# a whole date (its year stated, of the common era or the ROC calendar) after 于 or 在
_ON_DATE = re.compile(
    r"[于在]\s*(?=(?:(?:19|20)\d{2}|1[0-3]\d|民国\s*\d{2,3})\s*年)(?:" + _DATE_IN_TEXT.pattern + ")"
)
# 本月26日假某饭店签署: a day of the page's month, named so
_THIS_MONTH_DAY = re.compile(r"本月\s*(\d{1,2})\s*[日号]")
# a day alone (某大学与某院19日共同签订…): the day of the page's month
_BARE_DAY = re.compile(
    rf"(?<![\d月(（\-~～—–至到])(\d{{1,2}})日{_DAYTIME}(?:[在于与到]|共同|正式|举行|签|携手|,|，)"
)


def _with_day(date: str, day: int) -> str:
    """``date`` moved to ``day`` of its month; unchanged when that day does not exist or would
    come after ``date`` (a dateline never precedes the day it reports)."""
    base = dt.date.fromisoformat(date)
    try:
        moved = base.replace(day=day)
    except ValueError:
        return date
    return moved.isoformat() if moved <= base else date


def _day_of_page(published: str, day: int) -> str | None:
    """``day`` of the page's month when it is not after the page's date, else None (a day after
    the page's is some other month's: not guessed)."""
    base = dt.date.fromisoformat(published)
    return _with_day(published, day) if day <= base.day else None


# a weekday with its day in brackets (香港都会大学周三（14日）与…签署): the day of the page's month
_WEEKDAY_DAY = re.compile(r"(?:周|星期)[一二三四五六日天]\s*[(（]\s*(\d{1,2})\s*日?\s*[)）]")
# a day named relative to the page's date: 今晚, 昨日, 今(26)日, 昨(18)日 (Taiwan's and Macau's
# papers)
_RELATIVE_DAY = re.compile(
    r"(?P<today>今(?:天|日|晚|早|午)|本日)|(?P<yesterday>昨(?:天|日|晚))|[今昨]\s*[(（]\s*(?P<d>\d{1,2})\s*(?:[)）]\s*日|日\s*[)）])"
)


def _numbered_today(lead: str, year: int, month: int) -> str | None:
    """The day 今(22日) names in the month the page's address gives (None when it names none)."""
    m = _RELATIVE_DAY.search(lead)
    if not m or not m.group("d"):
        return None
    try:
        return dt.date(year, month, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def _relative_day(lead: str, published: str) -> str | None:
    """The day a report's 今晚/昨日/今(26)日 names, counted from the page's date."""
    m = _RELATIVE_DAY.search(lead)
    if not m:
        return None
    base = dt.date.fromisoformat(published)
    if m.group("yesterday"):
        return (base - dt.timedelta(days=1)).isoformat()
    if m.group("d"):
        day = int(m.group("d"))
        if not 1 <= day <= 31 or day > base.day + 1:
            return None  # (a day after the page's is some other month's: not guessed)
        try:
            return base.replace(day=day).isoformat()
        except ValueError:
            return None
    return base.isoformat()


# (not the day the news came: 7月21日，来自某委的消息 / 记者从某厅获悉)
_LEAD_DATE = re.compile(
    rf"(?:^|\n|。)\s*(?:{_DATE_IN_TEXT.pattern})\s*(?:上午|下午|晚上|晚|早|中午)?[,，](?!来自|记者|据|从)"
)
_EVENT_KW = (
    r"(?:成立大会|成立仪式|揭牌仪式|启动仪式|签约仪式|签署仪式|签字仪式|授牌仪式|启动会|年会|理事会议|理事大会|理事会|论坛|峰会|"
    r"研讨会|座谈会|交流会|推进会|对接会|洽谈会|博览会|展览会|发布会|报告会|培训班|现场会|工作会议|"
    r"推介会|筹备会|总结会|部署会|培训会|开幕式|活动周|宣传周|讲解会|说明会|宣讲会|分享会|见面会|"
    r"大会|会议|典礼)"
)
_EVENT_KW_RE = re.compile(_EVENT_KW)
# what follows an event's name when the article says where it was held: …在南昌举行
_HELD_AFTER = re.compile(
    # (假 is Hong Kong's 在: 典礼假某大学举行)
    r"[”\"」』]?(?P<day>\d{1,2}日(?:上午|下午|晚上)?)?(?:[于在假](?P<place>[^，。；,;\n]{1,30}?))?"
    r"(?:隆重|顺利|正式|成功|盛大|胜利)?(?:举行|召开|举办|开幕|启幕|开班|启动)"
)
# 】 ends a site label such as 【高职高专网】 that some pages print before the headline
_CLAUSE_PUNCT = re.compile(r"[，。；：！？,;:!?\n】\]]")
_CONVENE_VERBS = "召开|举办|举行|主办|承办"
# (协办 too, inside a name: 主办及某大学协办「某座谈会」)
_CONVENE_VERB = re.compile(rf"(?:{_CONVENE_VERBS}|协办)了?")
_EVENT_CONVENED = re.compile(
    rf"(?:{_CONVENE_VERBS})了?(?P<name>[^，。；：！？,;:!?\n]{{2,60}}{_EVENT_KW})"
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
    # The last sentence end before pos, looked for backwards in growing windows: a long text's
    # thousandth sentence does not read the text from its start (one character per match).
    start, hi, window = 0, pos, 256
    while hi > 0:
        lo = max(0, hi - window)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
        if ends:
            start = ends[-1]
            break
        hi, window = lo, window * 2
    m = _SENTENCE_END.search(text, pos)
    return start, (m.end() if m else len(text))


def resolve_date(
    match: re.Match, published: str | None, year_hint: int | None = None
) -> str | None:
    """An in-text date as ISO; a bare 4月29日 takes the year of ``published``, else
    ``year_hint`` (a year the event's name or the article states).

    A bare date later than the publication date belongs to the year before (a report
    published on 5 January about 28 December).
    """
    groups = match.groupdict()
    y = groups.get("y") or groups.get("y2") or groups.get("y4")
    if not y and (roc := groups.get("roc") or groups.get("roc2")):
        y = str(int(roc) + 1911)  # 民国113年 is 2024
    month = int(groups.get("m") or groups.get("m2") or groups.get("m3") or groups["m4"])
    day = int(groups.get("d") or groups.get("d2") or groups.get("d3") or groups["d4"])
    pub = dt.date.fromisoformat(published) if published else None
    if y:
        year = int(y)
    elif pub:
        year = pub.year
    elif year_hint:
        year = year_hint
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


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)(?:\s*年)?(?!\s*[-/.月]\s*\d)")
# a year the article states, not a target (力争到2025年, 至2030年) and not history's end (以来, 起)
_YEAR_IN_TEXT = re.compile(
    r"(?<![\d到至自从])(?<![到自从]\s)((?:19|20)\d{2})\s*年(?!\s*(?:以来|至今|起|前|以前|之前|后|底前|末))"
)


def year_hint(name: str | None, text: str, page_year: int | None = None) -> int | None:
    """The year a report without a publication date is about: the one in the event's name
    (2022年…论坛, 2024京津冀…论坛), else the year of the page's address (…/202403/…), else the
    latest year the article states (an article names earlier years for history — 2019年成立 —
    rarely later ones)."""
    if name:
        m = _YEAR_IN_NAME.search(name)
        if m:
            return int(m.group(1))
    if page_year:
        return page_year
    years = [int(y) for y in _YEAR_IN_TEXT.findall(text)]
    return max(years) if years else None


def _clean_event_name(name: str) -> str | None:
    name = name.strip()
    if "的" in name:
        head, _, tail = name.rpartition("的")
        head = _OWNER_PREFIX.sub("", head)
        # 此次合作备忘录的签署仪式: what is signed names the ceremony, when nothing else does
        whole = _GENERIC_EVENT.match(tail) and 2 <= len(head) <= 10 and "的" not in head
        name = head + tail if whole else tail
    name = re.sub(r"[“”\"「」『』]", "", _EVENT_PREFIX.sub("", name)).strip()
    if len(name) < 4 or _GENERIC_EVENT.match(name):
        return None
    return name


_OWNER_PREFIX = re.compile(r"^(?:此次|本次|这次|是次|该|双方|两地)+")


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
        start = m.start("name")
        # 主办及某大学协办「某座谈会」: the name follows the last of the verbs
        inner = list(_CONVENE_VERB.finditer(text, start, m.end("name")))
        if inner:
            start = inner[-1].end()
        name = _clean_event_name(text[start : m.end("name")])
        if name:
            return start, m.end("name"), name, None
    return None


def _date_near_mentions(
    text: str, name: str, published: str | None, hint: int | None
) -> str | None:
    """A date in a sentence that names the event (a page may repeat its headline first), by its
    full name or, failing that, by its name without the year and place before it
    (2018年某市职业教育活动周 is the 职业教育活动周 dated in the first sentence)."""
    core = _NAME_LEAD.sub("", name)
    for needle in dict.fromkeys((name, core)):
        if len(needle) < 4:
            continue
        pos = text.find(needle)
        while pos != -1:
            s_start, s_end = _sentence_bounds(text, pos)
            m = _DATE_IN_TEXT.search(text, s_start, s_end)
            if m:
                return resolve_date(m, published, hint)
            pos = text.find(needle, s_end)
    return None


# a year and a place an event's name may start with (2018年济宁市…, 2024京津冀…)
_NAME_LEAD = re.compile(r"^(?:(?:19|20)\d{2}年?)?(?:[\u3400-\u9fff]{2,4}?[省市区县])?")


def find_event(
    text: str,
    title: str | None,
    published: str | None,
    page_month: tuple[int, int] | None = None,
) -> _Event:
    """The event the article reports: its name, kind, date, venue, city and theme
    (``page_month``: the year and month the page's address names when it names no whole
    date)."""
    page_year = page_month[0] if page_month else None
    event = _Event()
    candidates = [c for c in (_held_event(text), _convened_event(text)) if c]
    if candidates:
        start, end, name, place = min(candidates, key=lambda c: c[0])
        event.name, event.start, event.end = name, start, end
        hint = None if published else year_hint(name, text, page_year)
        s_start, s_end = _sentence_bounds(text, start)
        sentence = text[s_start:s_end]
        dates = list(_DATE_IN_TEXT.finditer(sentence))
        before = [d for d in dates if s_start + d.start() <= end]
        chosen = (before or dates or [None])[-1 if before else 0]
        held_on = _DATE_THEN_HELD.match(text, end)
        if held_on:
            chosen = held_on  # 「某座谈会」，2024年12月17日在某大学举行: the day it was held
        if chosen is not None:
            event.date = resolve_date(chosen, published, hint)
        else:
            event.date = _date_near_mentions(text, name, published, hint)
        day_held = None if held_on else _DAY_THEN_HELD.match(text, end)
        if day_held and published:
            # 某论坛22日在南宁举行 under a dateline of the 23rd: the day of the page's month
            event.date = _day_of_page(published, int(day_held.group(1))) or event.date
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
                    hint = None if published else year_hint(event.name, text, page_year)
                    event.date = resolve_date(dates[0], published, hint)
            _set_place(event, m.group("place"))
    if event.date is None:
        # a dateline (本报8月18日讯, （记者 某某）8月18日) dates the report's event; else the
        # date a paragraph opens with near the top (12月20日，…成立; 2025年11月3日，…公示)
        head = text[:_DATELINE_SPAN]
        m = (
            _DATELINE_NEWS.search(head)
            or _DATELINE_REPORTER.search(head)
            or _DATE_AFTER_DATELINE.search(head)
            or _DATE_AFTER_BYLINE.search(head)
            or _LEAD_DATE.search(text[:_LEAD_SPAN])
            or _CLAUSE_DATE.search(text[:_LEAD_SPAN])
            or _HELD_ON.search(text[:_LEAD_SPAN])
        )
        if m:
            hint = None if published else year_hint(event.name, text, page_year)
            event.date = resolve_date(m, published, hint)
            day = _DAY_AFTER_DATELINE.match(text, m.end())
            if day and event.date:
                # 某网2月23日讯 22日，…: the dateline's month, the day the report names
                event.date = _with_day(event.date, int(day.group(1)))
    if event.date is None and published:
        event.date = _relative_day(text[:_LEAD_SPAN], published)
    if event.date is None:
        # 双方于114年12月2日再次深化伙伴关系，…签署: a whole date the lead says something was
        # done on (never after the page's own date)
        on = _ON_DATE.search(text[:_LEAD_SPAN])
        date = resolve_date(on, published, None) if on else None
        if date and (not published or date <= published):
            event.date = date
    if event.date is None and not published and page_month:
        # 今(22日) on a page whose address names only its month (…/2023/04/481514)
        event.date = _numbered_today(text[:_LEAD_SPAN], *page_month)
    if event.date is None and published:
        day = (
            _WEEKDAY_DAY.search(text[:_LEAD_SPAN])
            or _THIS_MONTH_DAY.search(text[:_LEAD_SPAN])
            or _BARE_DAY.search(text[:_LEAD_SPAN])
        )
        if day:
            event.date = _day_of_page(published, int(day.group(1)))
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
    # 于上周五（10月10日）在某中心举行: the time before 在, the place after it
    place = re.sub(r"^[^在]*?[）)]\s*在", "", place)
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
