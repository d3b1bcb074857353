"""Numbers and counts (数量): a number, a classifier and what is counted.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .extract_orgs import HAN
from .lexicon import (
    ABSTRACT_NOUNS,
    ATTENDANCE_CUES,
)

# --- numbers and counts -------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_CN_DIGITS |= {"七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+"
_COUNT_RE = re.compile(
    rf"(?<![第\d零〇一二两三四五六七八九十百千万数几])(?<!(?<!目)前)"  # (前10名, but 目前118家)
    rf"(?P<pre>近|逾|超过|超|(?<![签合制节公条预])约|共计|共|累计|总计|合计|达到|达|计)?"
    # (a space may stand around the digits: 共 30 所大专院校, as Taiwan's pages write)
    rf"(?P<num>{_NUM}) ?(?P<wan>万)?(?P<mod1>余|多)?(?P<wan2>万)?"
    r"(?P<clf>个|家|所|名|位|人|项|条|支|批|门|种|场|套|座|间|户|类|本|篇|部门|部|台|份|件|大(?![会学]))"
    r"(?P<mod2>余|多|左右)?"
)
_NOT_COUNT_AFTER = re.compile(r"^(?:月|小时|工作日|学期|年|周|星期|世纪|点)")
# 百人规模 (a size), 五位一体 (a slogan), 1111人力银行 (a brand): no count
_NOT_A_COUNT_TAIL = re.compile(r"(?:以上)?规模|一体|力|民币")
# 百分之五名额: a share, not a count
_SHARE_BEFORE = re.compile(r"[百千万]分之$")
_SUBJECT_STOP = re.compile(
    rf"[^{HAN}]|的|和|与|及|以及|等|共同|参加|出席|参与|成为|举行|合作(?!项目|协议|意向|企业|单位|院校)|签订|签约|在|为|被|将|已|分别|"
    r"进行|开展|加入|入选|获|见证|齐聚|莅临|到场|参会|与会|通过|提供|覆盖|涉及|包括|涵盖|来自|组成|"
    r"构成|实现|建成|成立|组建|发起|代表|举办|召开|揭牌|授牌|是|增至|增加到|增加至|扩大到|扩大至|发展成|发展至|发展到|"
    r"[一二两三四五六七八九十]+[个家所名位项条批]"
)
_NP_BREAK = re.compile(r"[，。；：！？,;:!?、\n]|的")
_VP_END = re.compile(r"[，。；：！？,;:!?、\n]")
_CLAUSE_END = re.compile(r"[，。；：！？,;:!?\n]")
_PERSON_CLF = frozenset("人名位")
# the role a count of units holds (…等39家院校、企业为副理事长单位)
_ROLE_UNIT = re.compile(r"(?:常务)?副?(?:理事长|理事|会长|主任|秘书长|成员|会员|牵头)(?:成员)?单位")
_ROLE_AFTER = re.compile(rf"(?:[、和及与][{HAN}]{{1,6}})?为(?P<role>{_ROLE_UNIT.pattern})")
# the noun phrase before a count is the end of a list of who attended
_LIST_TAIL = re.compile(r"^(?:以及|及|和)|以及|、")
_TOTAL = frozenset(("共", "共计", "总计", "合计"))
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


# what a count with 大 counts when it counts units (六大专门委员会, 三大中心), not aims (五大功能)
_UNITS_AFTER_DA = re.compile(rf"[{HAN}]{{0,6}}?(?:委员会|中心|基地|平台|联盟|分会)")


def find_counts(text: str, names: list[str]) -> list[_Count]:
    """Stated counts: 220余人出席会议, 6个政府相关部门, 66个单位成为…首批成员."""
    counts: list[_Count] = []
    # the names by their first character, each list longest first (one lookup per count)
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_first.setdefault(name[:1], []).append(name)

    def named_at(s: str, at: int) -> str:
        return next((n for n in by_first.get(s[at : at + 1], ()) if s.startswith(n, at)), "")

    for m in _COUNT_RE.finditer(text):
        end = m.end()
        if _NOT_COUNT_AFTER.match(text[end : end + 3]) or _NOT_A_COUNT_TAIL.match(text, end):
            continue
        if _SHARE_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            continue
        num = m.group("num")
        if num in ("一", "〇", "零") or re.search(r"([一二两三四五六七八九])\1", num):
            continue  # 一个重要举措: an article, not a count (唯一一所: nor 一一)
        quoted = m.start() > 0 and text[m.start() - 1] in '“"「『'
        if quoted and not m.group("pre") and text[m.start() - 2 : m.start() - 1] != "等":
            continue  # “两个先行”, “三个一”: a slogan, not a count (but A、B等“四个联盟”)
        value = parse_count_number(num, bool(m.group("wan") or m.group("wan2")))
        if value is None or value <= 0:
            continue
        if m.group("clf") == "大" and (
            value > 10 or m.group("pre") or m.group("mod1") or not _UNITS_AFTER_DA.match(text, end)
        ):
            continue  # 五大功能, 三大重点项目 count aims; 二十大 is a party congress
        approx = bool(m.group("mod1") or m.group("mod2")) or m.group("pre") in (
            "近",
            "逾",
            "超过",
            "超",
            "约",
        )
        clf = m.group("clf")
        subject, stopper = _subject_after(text, end)
        if clf == "部门":
            subject, stopper = clf, ""  # 10部门联合主办: the departments are what is counted
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
            if attendance and m.group("pre") in _TOTAL and _LIST_TAIL.search(np_text):
                # …、某局负责同志以及某单位负责人共100余人参加: the total of everyone listed
                subject = "参会人员"
        elif subject and stopper in ("成为", "加入"):
            phrase_end = _VP_END.search(text, end, end + 40)
            phrase = text[end + len(subject) + 2 : phrase_end.start() if phrase_end else end + 30]
            phrase = phrase[len(named_at(phrase, 0)) :]
            if "的" in phrase:
                # …成为集团的首批成员单位 names the role; …加入集团的申请 does not
                tail = phrase.rsplit("的", 1)[1]
                phrase = tail if re.search("单位|成员|会员|理事", tail) else ""
            subject = phrase or subject
        elif not subject:
            subject = _noun_phrase_before(text, m.start())
        if clf not in _PERSON_CLF:
            role = _ROLE_AFTER.match(text, end + len(subject))
            named = named_at(text, end)
            held = _ROLE_UNIT.match(text, end + len(named)) if named else None
            if role:
                subject = role.group("role")  # 某某等39家院校、企业为副理事长单位: the role
            elif held:
                subject = held.group()  # 3家某联合体理事长单位: the role, not the body
        core = subject[2:] if subject.startswith(("重点", "主要", "核心")) else subject
        if not core or core.startswith(ABSTRACT_NOUNS):
            continue  # 三个方面, 四项举措, 两部份: not a count of people or units
        if clf == "场" and _PROGRAMME_ITEM.search(core):
            continue  # 3场主旨报告, 2场专题对话: the meeting's own programme, not units
        counts.append(_Count(subject, value, approx, m.start(), attendance))
    unique: list[_Count] = []
    kept: dict[int, list[_Count]] = {}  # by value: only counts of one value are the same
    for c in counts:
        same_value = kept.setdefault(c.value, [])
        if any(u.subject in c.subject or c.subject in u.subject for u in same_value):
            continue
        unique.append(c)
        same_value.append(c)
    return unique


_GROWTH_TAIL = re.compile(
    rf"(?:[由从](?:初期|最初|成立之初|成立时)?(?:{_NUM})[{HAN}]?(?:余|多)?)?"
    r"(?:增至|增加到|增加至|扩大到|扩大至|发展到|发展至|发展成|发展为)(?:目前|现在|如今|现)?的?$"
)


def _noun_phrase_before(text: str, pos: int) -> str:
    breaks = list(_NP_BREAK.finditer(text, max(0, pos - 24), pos))
    start = breaks[-1].end() if breaks else max(0, pos - 24)
    phrase = re.sub(r"^(?:其中|包括|共有|共|有|来自|另有)+", "", text[start:pos])
    # 成员单位由45家增至67家: the subject stands before 由
    phrase = _GROWTH_TAIL.sub("", phrase)
    return re.sub(
        r"(?:等|共|约|近|达到|达|计|总计|合计|共计|超过|逾|为|有|由|从|初期|最初|成立之初)+$",
        "",
        phrase,
    ).strip()
