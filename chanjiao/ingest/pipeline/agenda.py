"""Agenda items (会议议程): who presided, welcomed, spoke or reported at the reported event.

``agenda(text, people)`` reads the article's main text for the names the extractor found and
proposes one entry per thing a person did on the programme, in the order the text tells it.

How Chinese event reports write the programme, and the rules that follow from it:

* An agenda verb follows its subject: 党委书记王新致辞, 校长王维园主持会议, 会议由王维园主持,
  郝志强作视频致辞, 李毅帅以《…》为题作主旨报告. The verb binds to the nearest name before it in
  the same clause (clauses end at ，；。！？ and line breaks), across the title, an organisation
  and adverbials (代表学校, 在开幕式上, 以《…》为题, 通过视频连线方式).
* A list shares its verb: names joined by 、和与及 before the verb (A、B、C分别致辞; 陈晓明以
  《…》为题、…李毅帅以《…》为题作主旨报告) all get it. When the verb's clause says 分别, 先后,
  依次, 相继, 共同, 一同, 均 or 等 and starts as a noun phrase, the comma-separated title-and-name
  phrases just before it in the same sentence are the list too (A主任陈晓明，B副主任仇小娟，
  企业领导分别致辞).
* Verbs and kinds: 主持 → presiding (not 主持人, 主持工作, 主持完成…); 主持人为X → presiding;
  致欢迎辞/词, or 对莅临的嘉宾表示热烈欢迎 → welcome; 视频/线上/连线 with 致辞/讲话/发言 →
  video_speech; 致辞, 讲话 (not 讲话精神), 发言 (not 发言人), 作总结 → speech; 主旨/主题报告,
  演讲, 发言 → keynote; 作…报告, 专题报告, 工作报告, 宣读, 解读, 汇报, 通报, 作…说明, 介绍…情况 →
  report; 圆桌对话/论坛, 对话交流, 参与…对话 → panel; 宣布…成立/开幕, 揭牌, 授牌, 颁奖, 点评 →
  other. "X致辞的有A、B" and "主持人为A" name the subject after the verb.
* Not an agenda item: only attending (A出席会议, A出席揭牌仪式: the verb is what was attended),
  the object of a preposition (向A汇报, 为A颁奖, 对A的报告进行点评), hearsay (据A介绍), a
  verb inside what someone said (A表示，…; A希望…讲话精神: 表示/指出/强调/希望/学习… between
  name and verb), and a name's letters inside a word (高峰 in 高峰论坛). Text in quotes,
  book-title marks and brackets is masked first (（主持工作）, 《…报告》).
* 在致辞中, 在主持中 refer back to an item already given: they add one only when the person
  has no item of that family yet (welcome, speech and video_speech are one family).
* One person may have several items (presided and spoke) but never two of one kind; within one
  clause the specific kind wins (致辞并表示欢迎 → welcome, not also speech).

Rules only, over generic wording — no article, region or name is special-cased.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from .gazetteer import TITLES

__all__ = ["KINDS", "AgendaEntry", "agenda"]

KINDS = ("presiding", "welcome", "speech", "video_speech", "keynote", "report", "panel", "other")


@dataclass(frozen=True, slots=True)
class AgendaEntry:
    """One thing a person did on the event's programme."""

    name: str  # the person's name as given in ``people``
    kind: str  # one of KINDS
    order: int  # 1-based order of appearance in the text
    start: int  # offset in text of the clause that gave it (for highlighting)
    end: int


# --- text preparation ---------------------------------------------------------------------------

_MASK = "＿"
# Quoted text, titles and brackets hold no programme: 以《…报告》为题, “…讲话精神”, （主持工作）.
_ENCLOSED = re.compile(
    r"《[^《》\n]{0,80}》|“[^“”\n]{0,80}”|‘[^‘’\n]{0,80}’|「[^「」\n]{0,80}」|『[^『』\n]{0,80}』"
    r"|（[^（）\n]{0,40}）|\([^()\n]{0,40}\)|\"[^\"\n]{0,80}\""
)
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?\n]")
_SENTENCE_BREAK = frozenset("；;。！？!?\n")


def _mask(text: str) -> str:
    """``text`` with the inside of quotes, titles and brackets replaced (same offsets)."""
    return _ENCLOSED.sub(
        lambda m: m.group()[0] + _MASK * (len(m.group()) - 2) + m.group()[-1], text
    )


def _length(s: str) -> int:
    """Length without masked characters (a long book title is one adverbial, not 40 words)."""
    return len(s) - s.count(_MASK)


# --- verbs --------------------------------------------------------------------------------------

_IN_CLAUSE = r"[^，,；;。！？!?\n]"
_VERB_PATTERNS = (
    (
        "welcome",
        r"致了?欢迎[辞词]|欢迎[辞词]"
        rf"|(?:向|对){_IN_CLAUSE}{{0,40}}?(?:莅临|到来|来宾|嘉宾|与会|出席){_IN_CLAUSE}{{0,30}}?"
        r"表示了?(?:热烈|诚挚|衷心|最)?的?(?:热烈|诚挚|衷心)?的?欢迎",
    ),
    ("keynote", r"(?:主旨|主题)(?:报告|演讲|发言|讲话)"),
    ("video_speech", r"(?:视频|线上|远程|云端)(?:连线)?(?:方式|形式)?(?:致辞|致词|讲话|发言)"),
    (
        "report",
        # 作 (not 作为, 作出, 工作, 合作 …) … 报告: the words between may not be another verb
        r"(?<![工合操创写制动])[作做](?![为出用好品者业法风客证战])了?"
        rf"(?:(?!发言|致辞|讲话|主持|宣读|解读){_IN_CLAUSE}){{0,60}}?(?:报告|说明)(?![会厅书单])"
        r"|专题报告|工作报告|宣读|解读|汇报(?!演出|会)|通报"
        rf"|介绍了?{_IN_CLAUSE}{{0,25}}?(?:情况|进展|经验|做法|成果|方案|思路|举措|概况|工作|筹备)",
    ),
    (
        "panel",
        r"圆桌(?:对话|论坛|讨论|会谈|交流|会议|沙龙)|对话交流|高端对话"
        rf"|(?:参与|参加|进行|开展|展开)了?{_IN_CLAUSE}{{0,15}}?对话",
    ),
    (
        "speech",
        r"致辞|致词|致贺[辞词]|(?:发表|作)了?重要讲话|(?<!重要)讲话(?![精要指稿内])|发言(?![人权稿])"
        rf"|(?<![工合操创写制动])[作做](?![为出用好品者业法风客证战])了?{_IN_CLAUSE}{{0,10}}?总结",
    ),
    (
        "presiding",
        r"主持(?!人|工作|全面|日常|完成|研发|研究|编写|编制|制定|项目|课题|建设|设计|开发|起草|申报"
        r"|参与|国家|省级|市级|省部级|了?[一二三四五六七八九十两\d多数]+[项个余])",
    ),
    (
        "other",
        rf"宣布{_IN_CLAUSE}{{0,20}}?(?:成立|开幕|闭幕|启动|开始|结束|揭牌)|揭牌|授牌|授旗|颁奖|颁发|点评",
    ),
)
_VERBS = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _VERB_PATTERNS))
_KEYNOTE_IN_REPORT = re.compile(r"主旨|主题(?:报告|演讲|发言)")
_VIDEO = re.compile(r"视频|线上|远程|云端|连线")
# "主持人为A", "致辞的嘉宾有A、B": the subject follows
_HOST_CUE = re.compile(r"主持人(?:为|是|由)?[:：]?")
_FORWARD = re.compile(r"的(?:嘉宾|领导|专家|代表|人员|人)?(?:有|是|为|包括)[:：]?")
# between a name and its verb, these make the verb part of what the person said or heard
_REPORTED = re.compile(
    r"表示|指出|强调|希望|认为|要求|提出|谈到|提到|说(?!明)|(?<![名职])称(?!号)|学习|贯彻|落实|领会|听取|观看|聆听|收看"
)
# the verb is what was attended (出席揭牌仪式) unless a new predicate starts (出席大会并致辞)
_ATTENDED = re.compile(r"(?:出席|参加|参与|莅临|列席|见证|观摩)(?!.*(?:并|后|且|又|再|时|同时))")
_ATTENDING = re.compile(r"出席|参加|参与|莅临|列席|见证|观摩|参会|与会")
# 向A, 学院向A, 为优秀学生A: a preposition at most a short title before the name
_PREPOSITION_OBJECT = re.compile(r"(?<![作成认因行称针面相])[向为给对](?!外)[^、，,]{0,6}$")
_HEARSAY = re.compile(r"据|经(?![济信开贸管营])")
_LIST_JOIN = re.compile(r"[、和与及]")
_SHARED = re.compile(r"分别|先后|依次|相继|共同|一同|均|等")
_AFTER_NAME = re.compile(
    r"[^\u3400-\u9fff]|等|和|与|及|同志|先生|女士|教授|博士|院士|在|以|作|做|致|主持|宣读|解读|介绍"
    r"|代表|对|向|为|就|围绕|通过|分别|先后|依次|相继|共同|一同|出席|参加|表示|指出|强调|汇报|发表"
    r"|进行|所作|的|也|还|则|率|带领|陪同|详细|首先|随后|最后|应邀|受邀|莅临|宣布|点评|颁"
)
_BEFORE_NAME = frozenset("，,；;。！？!?\n、：:和与及由请邀并“”（）()" + _MASK)
_TITLE_END = re.compile("(?:" + "|".join(map(re.escape, TITLES)) + ")$")
_HONORIFIC = re.compile(r"(?:等|同志|先生|女士|教授|博士|院士)?\s*$")
_ADDRESS = frozenset(("welcome", "speech", "video_speech"))


@dataclass(slots=True)
class _Mention:
    name: str  # as given in ``people``
    start: int
    end: int


@dataclass(slots=True)
class _Hit:
    mention: _Mention
    kind: str
    verb: int  # where the verb starts
    clause: int  # start of the verb's clause (one clause = one statement)
    span: tuple[int, int]
    reference: bool = False


# --- the text's structure -----------------------------------------------------------------------


class _Text:
    """The masked text with its clause breaks and the mentions of the people."""

    def __init__(self, text: str, people: Sequence[str]):
        self.masked = _mask(text)
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(self.masked)]
        self.mentions = self._mentions(people)

    def clause(self, pos: int) -> tuple[int, int]:
        """Start and end (without the punctuation) of the clause around ``pos``."""
        i = bisect_right(self.breaks, pos - 1)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.masked)
        while start < end and self.masked[start].isspace():
            start += 1
        return start, end

    def previous_clause(self, start: int) -> tuple[int, int] | None:
        """The clause before the one starting at ``start``, when the sentence goes on."""
        i = bisect_right(self.breaks, start - 1) - 1
        if i < 0 or self.masked[self.breaks[i]] in _SENTENCE_BREAK:
            return None
        return self.clause(self.breaks[i])

    def next_clause(self, end: int) -> tuple[int, int] | None:
        """The clause after the one ending at ``end``, when the sentence goes on."""
        if end >= len(self.masked) or self.masked[end] in _SENTENCE_BREAK:
            return None
        return self.clause(end + 1)

    def in_span(self, start: int, end: int) -> list[_Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def _mentions(self, people: Sequence[str]) -> list[_Mention]:
        masked = self.masked
        taken = bytearray(len(masked))
        found: list[_Mention] = []
        names = {p: p.strip() for p in people if p and p.strip()}
        # longer names first: 王新华 is not a mention of 王新
        for given, name in sorted(names.items(), key=lambda kv: -len(kv[1])):
            pos = masked.find(name)
            while pos >= 0:
                end = pos + len(name)
                if not any(taken[pos:end]) and self._is_name_at(pos, end):
                    taken[pos:end] = b"\x01" * len(name)
                    found.append(_Mention(given, pos, end))
                pos = masked.find(name, pos + 1)
        found.sort(key=lambda m: m.start)
        return found

    def _is_name_at(self, start: int, end: int) -> bool:
        """Whether a name's letters stand as a name here, not inside a word (高峰论坛)."""
        masked = self.masked
        if start == 0 or masked[start - 1] in _BEFORE_NAME:
            return True
        if _TITLE_END.search(masked, max(0, start - 10), start):
            return True
        return end >= len(masked) or bool(_AFTER_NAME.match(masked, end))


def _is_noun_phrase(segment: str) -> bool:
    """A stretch with no predicate: titles, organisations and names only."""
    return not (
        _VERBS.search(segment)
        or _REPORTED.search(segment)
        or _ATTENDING.search(segment)
        or "由" in segment
        or _HOST_CUE.search(segment)
    )


def _name_phrase(t: _Text, start: int, end: int) -> list[_Mention]:
    """The names of a clause that is only a list of titled names (A主任陈晓明), else []."""
    mentions = t.in_span(start, end)
    if not mentions:
        return []
    tail = t.masked[mentions[-1].end : end]
    if not _HONORIFIC.fullmatch(tail):
        return []
    rest = t.masked[start:end]
    for m in mentions:
        rest = rest.replace(m.name.strip(), "")
    return mentions if _is_noun_phrase(rest) else []


# --- binding verbs to names ---------------------------------------------------------------------


def _joined_before(t: _Text, first: _Mention, candidates: list[_Mention]) -> list[_Mention]:
    """``first`` and the names listed before it with 、和与及 (A、B、C分别致辞)."""
    chain = [first]
    for prev in reversed(candidates):
        if prev.end > chain[0].start:
            continue
        link = t.masked[prev.end : chain[0].start]
        if _length(link) > 40 or not _LIST_JOIN.search(link) or not _is_noun_phrase(link):
            break
        chain.insert(0, prev)
    return chain


def _subject_before(
    t: _Text, verb_start: int, kind: str, clause_start: int
) -> tuple[_Mention | None, list[_Mention]]:
    """The name a verb binds to (nearest before it, not an object) and the clause's names."""
    before = t.in_span(clause_start, verb_start)
    for i in range(len(before) - 1, -1, -1):
        m = before[i]
        boundary = before[i - 1].end if i > 0 else clause_start
        chunk = t.masked[boundary : m.start].lstrip("、和与及 ")
        if _HEARSAY.match(chunk):
            return None, before
        if _PREPOSITION_OBJECT.search(chunk):
            continue  # 向A汇报, 为A颁奖: A receives, the subject is further back
        gap = t.masked[m.end : verb_start]
        if _length(gap) > 40 or _REPORTED.search(gap):
            return None, before
        if kind != "panel" and _ATTENDED.search(gap):
            return None, before  # 出席揭牌仪式: attended, did not perform
        if kind == "panel" and "主持" in gap:
            return None, before  # 主持圆桌对话: presided over it (its own item)
        return m, before[:i]
    return None, before


def _extend_back(t: _Text, clause_start: int, upto: int) -> tuple[list[_Mention], int]:
    """Titled names in the comma-separated phrases before a shared verb's clause."""
    if not _is_noun_phrase(t.masked[clause_start:upto]):
        return [], clause_start
    found: list[_Mention] = []
    start = clause_start
    prev = t.previous_clause(clause_start)
    while prev is not None:
        names = _name_phrase(t, *prev)
        if not names:
            break
        found[:0] = names
        start = prev[0]
        prev = t.previous_clause(prev[0])
    return found, start


def _subjects_after(t: _Text, cue_end: int, clause_end: int) -> tuple[list[_Mention], int]:
    """Names that follow a cue (主持人为A, 致辞的有A、B，C): the first close to it, then lists."""
    after = t.in_span(cue_end, clause_end)
    if not after:
        return [], clause_end
    head = t.masked[cue_end : after[0].start]
    if _length(head) > 20 or not _is_noun_phrase(head):
        return [], clause_end
    chain = [after[0]]
    for m in after[1:]:
        link = t.masked[chain[-1].end : m.start]
        if _length(link) > 40 or not _LIST_JOIN.search(link) or not _is_noun_phrase(link):
            break
        chain.append(m)
    end = clause_end
    nxt = t.next_clause(clause_end)
    while nxt is not None:
        names = _name_phrase(t, *nxt)
        if not names:
            break
        chain.extend(names)
        end = nxt[1]
        nxt = t.next_clause(nxt[1])
    return chain, end


def _hits(t: _Text) -> list[_Hit]:
    hits: list[_Hit] = []
    masked = t.masked
    for cue in _HOST_CUE.finditer(masked):
        clause_start, clause_end = t.clause(cue.start())
        subjects, end = _subjects_after(t, cue.end(), clause_end)
        for m in subjects:
            hits.append(_Hit(m, "presiding", cue.start(), clause_start, (clause_start, end)))
    for verb in _VERBS.finditer(masked):
        kind = verb.lastgroup or "other"
        if kind == "report" and _KEYNOTE_IN_REPORT.search(verb.group()):
            kind = "keynote"
        clause_start, clause_end = t.clause(verb.start())
        forward = _FORWARD.match(masked, verb.end())
        if forward:
            subjects, end = _subjects_after(t, forward.end(), clause_end)
            for m in subjects:
                hits.append(_Hit(m, kind, verb.start(), clause_start, (clause_start, end)))
            continue
        subject, earlier = _subject_before(t, verb.start(), kind, clause_start)
        subjects = _joined_before(t, subject, earlier) if subject else []
        span_start = clause_start
        if _SHARED.search(masked, clause_start, verb.start()):
            upto = subjects[0].start if subjects else verb.start()
            extra, span_start = _extend_back(t, clause_start, upto)
            subjects = extra + subjects
        if not subjects:
            continue
        gap = masked[subjects[-1].end : verb.end()]
        if kind == "speech" and _VIDEO.search(gap):
            kind = "video_speech"
        reference = "在" in masked[subjects[-1].end : verb.start()] and masked[
            verb.end() : verb.end() + 1
        ] in ("中", "时")
        for m in subjects:
            hits.append(
                _Hit(m, kind, verb.start(), clause_start, (span_start, clause_end), reference)
            )
    return hits


def agenda(text: str, people: Sequence[str]) -> list[AgendaEntry]:
    """Proposed agenda items for ``people`` (names as extracted) from an article's main text.

    Each entry says what one person did (``kind``), in the order the text tells it, with the
    offsets of the clause that says so. See the module docstring for the rules.
    """
    if not text or not people:
        return []
    t = _Text(text, people)
    if not t.mentions:
        return []
    hits = sorted(_hits(t), key=lambda h: (h.mention.start, h.verb))
    direct = [h for h in hits if not h.reference]
    # within one clause the specific address wins: 致辞并对来宾表示欢迎 is a welcome
    specific = {(h.mention.name, h.clause) for h in direct if h.kind in ("welcome", "video_speech")}
    direct = [
        h for h in direct if not (h.kind == "speech" and (h.mention.name, h.clause) in specific)
    ]
    chosen: dict[tuple[str, str], _Hit] = {}
    for h in direct:
        chosen.setdefault((h.mention.name, h.kind), h)
    for h in hits:
        if not h.reference:
            continue
        family = _ADDRESS if h.kind in _ADDRESS else {h.kind}
        if not any(name == h.mention.name and kind in family for name, kind in chosen):
            chosen[(h.mention.name, h.kind)] = h
    ordered = sorted(chosen.values(), key=lambda h: (h.mention.start, h.verb))
    return [
        AgendaEntry(h.mention.name, h.kind, i, h.span[0], h.span[1])
        for i, h in enumerate(ordered, start=1)
    ]
