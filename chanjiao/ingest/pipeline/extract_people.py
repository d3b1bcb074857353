"""People in a text (人员): a title and a name, either order, chains of titles.

Part of :mod:`.extract` (rule-based extraction); plain functions over strings, no Django.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from . import gazetteer as gz
from .common_words import is_prose, opens_with_act
from .extract_orgs import (
    _PLACE_NAMES,
    _SCHOOL_SHORT,
    _TITLE_ALT,
    HAN,
    Mention,
)
from .extract_roles import _mentions_in
from .gazetteer import words
from .name_joins import _TITLE_IN_HEAD
from .name_start import _GENERIC_RE, _ends_with_suffix, all_han

# --- people -------------------------------------------------------------------------------------

_NAME_CHARS_EXCLUDED = frozenset(
    "的了在和与及是为等对向将把被也还就都从并或即共率之其该此这那个们、"
)
_STRONG_AFTER = re.compile(
    rf"(?:[^{HAN}]|等|和|与|及|在|出席|参加|参与|主持|表示|宣读|致辞|讲话|发言|一行|同志|先生|女士|"
    r"代表|介绍|指出|以|为|强调|认为|宣布|带领|陪同|莅临|到会|到场|应邀|受邀|分别|共同|也|亦|还|则|首先|担任|当选|见证|"
    r"视频|带队|一起|先后|响应|"
    r"的(?:见证|带领|陪同|主持|率领|支持|指导|报告|主旨报告|发言|讲话)|谈到|提到|教授|博士|院士|热情|"
    r"随团|随同|告诉|[做作]了?题为|所[做作]|今\s*[(（]|今[天日晚])"
)
_WEAK_AFTER = re.compile(
    r"(?:作|致|对|向|就|从|说|进行|上台|揭牌|颁发|签署|签约|签订|支持|解读|回顾|总结|汇报|报告|结合|带来|"
    r"分享|寄语|勉励|详细|全面|深入|重点|分析|阐述|部署|动员|主讲|点评|授课|讲授|进一步|并|又|获|"
    r"荣获|被|是|围绕|率|发表|通报|所做|所作|安排|于|副|做|发布|到|赴|受|之|随)"
)
_NOT_NAMES = frozenset(
    words("""高度 高兴 强调 强化 任务 任职 方面 方式 方向 方案 文件 文化 文明 齐心 齐聚 全面 全体 全国
    全力 全省 全市 向上 向前 于是 时间 时代 明确 关于 关注 关心 关键 应该 应邀 应用 项目 成员
    成为 成果 成功 成立 国家 国际 安全 安排 周年 马上 和谐 单位 常务 黄金 金牌 牛年 万人 上级
    司机 党员 党建 党委 钱款 严格 严肃 任命 代表 毕业 华丽 华夏 文章 江山 于此 向着 连续 解读
    解决 宣讲 宣传 陆续 谢谢 欧洲 石油 温暖 童年 罗列 简要 简单 申请 师生 师资 史上 邓小平
    智库 平台 团队 中心 专家 专业 车间 基地 园区 班组 钱包 宣读 宣布 宣誓 卓越 都出 都是 都在 都有 都要 都将 都对
    计划 计算 计量 项目""")
)
_HONORIFICS = frozenset(("先生", "女士", "小姐", "老师", "同志"))
# four characters before 女士 or 太太: her husband's surname, her own and her given name
_MARRIED_NAME = re.compile(rf"[{HAN}]{{4}}(?=女士|太太)")
# any post's assistant is a post (管委会主任助理, 理事长助理)
_TITLE_RE = re.compile(rf"(?:{_TITLE_ALT})(?:助理)?")
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?\n（）()]")
_CHAIN_LEAD = re.compile(
    r"^(?:会上|会议|随后|其中|由|邀请|来自|包括|特邀|应邀|受邀|出席|参加|主持人|主持|嘉宾|以及|及|和|与|并|连同|"
    r"在|随|陪同)+"
)


@dataclass(slots=True)
class _Person:
    name: str
    title: str
    organization: str | None
    start: int
    end: int


# (a full stop between two parts of a name stands for the dot: 吐尔逊.伊不拉音)
_FOREIGN_NAME = re.compile(rf"[{HAN}]{{1,6}}(?:[·•‧・.．][{HAN}]{{1,6}})*[·•‧・.．](?=[{HAN}])")


def _foreign_name_at(text: str, pos: int) -> str | None:
    """A transliterated name (素拉蓬·西拉帕差): its last part ends at the first boundary word."""
    head = _FOREIGN_NAME.match(text, pos)
    if not head:
        return None
    last = head.end()
    for strength in (_STRONG_AFTER, _WEAK_AFTER):
        for n in range(2, 9):
            part = text[last : last + n]
            if len(part) < n or not all_han(part):
                break
            after = text[last + n : last + n + 4]
            if not after or strength.match(after):
                return text[pos : last + n]
    return None


_MINORITY_HEAD = re.compile("|".join(sorted(gz.MINORITY_NAME_HEADS, key=len, reverse=True)))


def _minority_name_at(text: str, pos: int) -> str | None:
    """A Tibetan or Mongolian name (才让胜利, 斯琴): a common name word and up to three more
    characters, the shortest that a strong boundary follows (说, 致辞, a comma)."""
    head = _MINORITY_HEAD.match(text, pos)
    if not head:
        return None
    for n in range(min(3, 8 - len(head.group())) + 1):
        cand = text[pos : head.end() + n]
        if len(cand) != len(head.group()) + n or not all_han(cand):
            continue
        if cand in gz.CITIES or any(c in _NAME_CHARS_EXCLUDED for c in cand):
            continue
        after = text[pos + len(cand) : pos + len(cand) + 4]
        if not after or _STRONG_AFTER.match(after) or re.match("说", after):
            return cand
    return None


def _name_at(text: str, pos: int) -> str | None:
    """A Chinese personal name starting at ``pos`` (after a title), or None."""
    foreign = _foreign_name_at(text, pos)
    if foreign:
        return foreign
    minority = _minority_name_at(text, pos)
    if minority:
        return minority
    if _TITLE_RE.match(text, pos + 1):
        return None  # 原厅长, 原常务副部长: a post after 原 (former), no 原 someone
    married = _MARRIED_NAME.match(text, pos)
    if married and all(c in gz.SURNAMES for c in married.group()[:2]):
        return married.group()  # 尤曾某丽女士: a married woman's two surnames (Hong Kong)
    if text[pos : pos + 2] in gz.COMPOUND_SURNAMES:
        lengths = (4, 3)
    elif text[pos : pos + 1] in gz.SURNAMES:
        lengths = (3, 2)
    else:
        return None
    found: dict[int, str] = {}
    for n in lengths:
        cand = text[pos : pos + n]
        if len(cand) != n or not all_han(cand):
            continue
        # 王和平, 李为民: 和/为 inside a given name only where a strong boundary follows
        middle_word = n == 3 and cand[1] in _NAME_MIDDLE_OK and cand[2] not in _NAME_CHARS_EXCLUDED
        # 洪礼和出席: a 和 that a verb follows ends the name, it joins nothing
        last_he = n == 3 and cand[2] == "和" and bool(_TWO_CHAR_AFTER.match(text, pos + n))
        if last_he and not any(c in _NAME_CHARS_EXCLUDED for c in cand[1:2]):
            found[n] = "strong"
            continue
        if not middle_word and any(c in _NAME_CHARS_EXCLUDED for c in cand[1:]):
            continue
        if cand[1:] in _HONORIFICS:
            continue  # 召集人庄先生: a surname and an honorific, not the person's name
        if cand in _NOT_NAMES or cand[:2] in _NOT_NAMES or cand in _PLACE_NAMES:
            continue
        if n == 2 and is_prose(cand):
            continue  # 与内地学校相比: an everyday word, not 相 someone
        if cand[-1] in _UNIT_ENDINGS and (n > 2 or _TITLE_RE.match(text, pos + n)):
            continue  # 某局高教处, 党政办主任: a department, not 高 someone (but 理事刘科 is)
        after = text[pos + n : pos + n + 4]
        if not after or _STRONG_AFTER.match(after) or _TITLE_RE.match(text, pos + n):
            found[n] = "strong"  # (主席陈某议员, 董事长陈某董事长: a post after the name too)
        elif _WEAK_AFTER.match(after) and not middle_word:
            found[n] = "weak"
        elif opens_with_act(after) and not middle_word and not is_prose(cand[-2:]):
            found[n] = "weak"  # 陶某到…, 王某接待: a verb after the name (教师应积极学习: no name)
    long, short = lengths
    after_short = text[pos + short : pos + short + 4]
    if short in found and (
        _TWO_CHAR_AFTER.match(after_short) or _TITLE_RE.match(text, pos + short)
    ):
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
_NAME_MIDDLE_OK = frozenset("和为向从其之")
_UNIT_ENDINGS = frozenset("处科室局厅部委司所站组办")
_TWO_CHAR_AFTER = re.compile(
    r"作为|代表|出席|主持|表示|介绍|致辞|讲话|发言|参加|陪同|带领|以及|说(?=[,，:：“\"「])"
)
_BARE_SCHOOL = re.compile(r"^(?:我校|本校|该校|学校|学院|大学)")


def _title_pieces(
    chain: str, chain_start: int, mentions: list[Mention]
) -> tuple[str, int | None, bool]:
    """The title text of a chain like "A主任、B副主任", the index of the person's organisation,
    and whether the chain names the school only as 学校/学院 (the article's own school).

    The person's organisation is the first organisation of the chain (a body only when no
    organisation is named): its name leaves the title where it opens the first post; posts held
    in other organisations, and posts after another, keep their organisation's name
    (某市政府副市长、某市域产教联合体理事长王某: 副市长 of the city government, and
    某市域产教联合体理事长; 集团理事长、某职业技术学院院长: the school's name stays).
    """
    items, offset = [], chain_start
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
        items.append((item, item_start, inside))
    named = [i for _, _, inside in items for i in inside]
    own = next((i for i in named if mentions[i].category == "org"), named[0] if named else None)
    pieces, bare_school = [], False
    for item, item_start, inside in items:
        if inside:
            if not pieces and (own in inside or mentions[inside[-1]].name == mentions[own].name):
                piece = item[mentions[inside[-1]].end - item_start :]
            else:
                at = mentions[inside[0]].start - item_start
                if item[at - 1 : at] == "原":
                    at -= 1  # 原某市委会副主委: a post held before keeps its "former"
                piece = item[at:]
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
    return "、".join(pieces), own, bare_school


_LIST_JOINS = frozenset("、和及")
# what follows a name in a list: the next name, the list's end, an honorific (A先生B先生)
_LISTED_NAME_END = re.compile(r"[、，,。；;\s和及]|等|作为|分别|参加|出席|先生|女士|博士|教授")
# an honorific after a name, with a Hong Kong honour after it (施某先生,MH、陈某先生)
_HONORIFIC = re.compile(r"(?:先生|女士|博士|教授)(?:[,，]\s*(?:[A-Z]{2,4}|太平绅士)(?=[、，,]))?")
_LISTED_AFTER = re.compile(r"[、，,]|共同|分别")
# 主任（兼书记）, 院长（正处级）, 副院长（主持工作）: a bracket after the title, before the name
_CONCURRENT_POST = re.compile(
    rf"[(（](?:兼[{HAN}、]{{1,10}}|[{HAN}]{{1,6}}级|主持(?:全面)?工作|总指挥|副总指挥"
    rf"|[{HAN}及、]{{1,10}})[)）]"  # (协理副校长(企业)某某: the post's portfolio)
)


# 副校长(全球事务), 主管(健康社区): the field a post covers (not 兼书记, 正处级, 主持工作)
_PORTFOLIO = re.compile(rf"[(（](?!兼|主持|副?总指挥)[{HAN}及、]{{1,10}}(?<!级)[)）]")


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
            # (the last joined by 和 or 及: 教师A、B和C; or each after an honorific: 委员A博士B先生)
            pos = m.end() + len(name)
            while True:
                honorific = _HONORIFIC.match(text, pos)
                nxt = honorific.end() if honorific else pos
                if text[nxt : nxt + 1] in _LIST_JOINS and not _TITLE_RE.match(text, nxt + 1):
                    nxt += 1
                elif not honorific:
                    break
                name = _name_at(text, nxt)
                if not name or not (
                    _LISTED_NAME_END.match(text, nxt + len(name))
                    or (
                        len(name) == 3
                        and opens_with_act(text[nxt + len(name) : nxt + len(name) + 4])
                    )
                ):
                    break  # (创办人A、B及C接待: the list ends at a verb)
                found.append((m, name))
                pos = nxt + len(name)
    return found


_TITLE_ENDS = re.compile(rf"(?:{_TITLE_ALT})$")
_TITLE_AFTER_NAME = re.compile(rf"(?:{_TITLE_ALT})(?:兼(?:{_TITLE_ALT}))*")
# what makes a title the start of a longer word (院长办公会, 主任委员会, 校长们, 书记处)
_TITLE_CONTINUES = frozenset("会办室处组团助级职们信")
# what may stand right before a name written ahead of its title (…处郁某处长, 由宋某副院长主持)
_BEFORE_NAME_OK = re.compile(rf"[^{HAN}]|[由和与及向对请为是处科室司宾]")
_GIVEN_NAME_LAST = frozenset("新正")
_NAME_LAST_EXCLUDED = frozenset("校院会部局厅处委司社所站组室团长员任原前新老总副正职")
_NAME_LAST_EXCLUDED_OF_THREE = _NAME_LAST_EXCLUDED - _GIVEN_NAME_LAST


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
        if not all_han(cand) or cand[-1] in (
            _NAME_LAST_EXCLUDED_OF_THREE if n == 3 else _NAME_LAST_EXCLUDED
        ):
            continue  # (袁保新校长: 新 ends a given name of two characters)
        middle_word = n == 3 and cand[1] in _NAME_MIDDLE_OK  # 黄向荣老师, 刘为民副校长
        if any(c in _NAME_CHARS_EXCLUDED for c in cand[2 if middle_word else 1 :]):
            continue
        if n == 2 and is_prose(cand):
            continue  # 召集人及荣誉会长: an everyday word, not 荣 someone
        if _TITLE_ENDS.search(text, max(0, start - 8), start + 1):
            continue  # 局长孙东教授: the 长 ends the post before the name, no 长孙 someone
        if cand[1:] in _HONORIFICS:
            continue  # 召集人庄先生: a surname and an honorific, not the person's name
        if cand in _NOT_NAMES or cand[:2] in _NOT_NAMES or cand in _PLACE_NAMES:
            continue
        if cand[-1] in _UNIT_ENDINGS:
            continue  # 某局高教处: a department, not 高 someone
        if _TITLE_IN_HEAD.search(cand) or _GENERIC_RE.fullmatch(cand):
            continue
        before = text[max(0, start - 8) : start]
        if cand[0] == "余" and before[-1:].isdigit():
            continue  # 150余位专家: a count of people, not 余某
        if (
            not before
            or _BEFORE_NAME_OK.fullmatch(before[-1])
            or _ends_with_suffix(before)
            or before.endswith(_SCHOOL_SHORT)  # 某科大汪某董事长
            or before.endswith(("我院", "我校", "本院", "本校"))  # 我院黄某副院长
        ):
            return start, cand
    return None


# a sentence that opens with a bare name and what the person said (杨某在致辞中指出, 林某表示：)
_SPEAKER_OPENS = re.compile(
    rf"(?:^|(?<=[。！？\n]))\s*(?P<name>[{HAN}]{{2,3}})"
    r"(?=在(?:致辞|讲话|发言|主旨报告|报告|总结讲话)|(?:致辞|讲话|发言)(?:时|中)?(?:指出|表示|强调)"
    r"|(?:指出|表示|强调)[，,:：])"
)


# a sentence that opens with the names of those who signed for their units (刘某、王某分别代表
# 某集团、某公司与学院签约)
_SIGNERS_OPEN = re.compile(
    rf"(?:^|(?<=[。！？\n]))\s*(?P<names>[{HAN}]{{2,3}}(?:[、与和][{HAN}]{{2,3}})+)分别代表"
)


def speakers_opening_sentences(text: str) -> list[tuple[int, int, str, str]]:
    """People named bare at the start of a sentence that reports what they said (杨某在致辞中
    指出…) or that they signed for their units (刘某、王某分别代表…): (start, end, name, "") —
    the article named their post elsewhere or not at all."""
    found = []
    spans = [(m.start("name"), m.group("name")) for m in _SPEAKER_OPENS.finditer(text)]
    for m in _SIGNERS_OPEN.finditer(text):
        at = m.start("names")
        for name in re.split("[、与和]", m.group("names")):
            spans.append((at, name))
            at += len(name) + 1
    for start, name in spans:
        if name[0] not in gz.SURNAMES and name[:2] not in gz.COMPOUND_SURNAMES:
            continue
        if (
            is_prose(name)
            or is_prose(name[:2])
            or name in _NOT_NAMES
            or name[:2] in _NOT_NAMES
            or name in _PLACE_NAMES
            or any(c in _NAME_CHARS_EXCLUDED for c in name[1:])
            or _TITLE_IN_HEAD.search(name)
            or _ends_with_suffix(name)
        ):
            continue  # 王书记在讲话中, 会议强调: a post or a word, not a name
        found.append((start, start + len(name), name, ""))
    return found


def names_before_titles(text: str) -> list[tuple[int, int, str, str]]:
    """People written name first: 张某院长主持, 协会李某副会长兼秘书长 → (start, end, name, title)."""
    found = []
    for m in _TITLE_AFTER_NAME.finditer(text):
        after = text[m.end() : m.end() + 4]
        bounded = not after or bool(
            _STRONG_AFTER.match(after) or _WEAK_AFTER.match(after) or opens_with_act(after)
        )  # (陆某局长接待了…: a verb after the title)
        if not bounded and after[0] in _TITLE_CONTINUES:
            continue
        if _name_at(text, m.end()):
            continue  # the title belongs to the name after it (校长王某)
        hit = _name_before(text, m.start())
        if hit and (bounded or _ends_with_suffix(text[max(0, hit[0] - 12) : hit[0]])):
            # (某高中蔡某校长感性地说: the organisation, the name and the title in a row)
            found.append((hit[0], m.end(), hit[1], m.group()))
    # 赵某当选理事长, 王某、刘某当选常务副理事长: elected to a post, the names before the verb
    for m in _ELECTED.finditer(text):
        title = m.group("title").replace("兼任", "、").replace("兼", "、")
        pos = m.start()
        while (hit := _name_before(text, pos)) is not None:
            found.append((hit[0], m.end(), hit[1], title))
            if text[hit[0] - 1 : hit[0]] != "、":
                break
            pos = hit[0] - 1
    return found


_ELECTED = re.compile(
    rf"(?:当选为?|被推选为|被选举为)(?P<title>(?:{_TITLE_ALT})(?:兼任?(?:{_TITLE_ALT}))*)"
)


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
            honorific = _HONORIFIC.match(text, chain_start)
            if honorific and honorific.end() < m.start():
                chain_start = honorific.end()  # 毕某文先生及某局执行干事: the honorific is his
            while chain_start < m.start() and text[chain_start] in "、和及与":
                chain_start += 1
        chain = text[chain_start : m.end()]
        title, org_index, bare_school = _title_pieces(chain, chain_start, mentions)
        if not title:
            continue
        portfolio = _PORTFOLIO.match(text, m.end())
        if portfolio:
            title += (
                portfolio.group()
            )  # 副校长(发展及对外关系)某某: the post's portfolio is its own
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
            # (某校刘某副校长及苏某主任: the unit's other people end the gap)
            gap = re.split(r"[及和、]", text[before[-1].end : start])[-1]
            org = canonical.get(before[-1].name)
            if gap and not _BARE_SCHOOL.match(gap):
                title = gap + title  # 联合会教育发展中心陈某主任: the unit goes to the title
        people.append(_Person(name, title, org, start, end))
    # 某协会张某共同为…揭牌, 某公司李某、某公司王某分别…: a name right after its organisation
    for m in mentions:
        if m.category != "org" or _TITLE_RE.match(text, m.end):
            continue
        name = _name_at(text, m.end)
        after = m.end + len(name) if name else m.end
        if not name or name in seen:
            continue
        if not _LISTED_AFTER.match(text, after) and (
            not _TWO_CHAR_AFTER.match(text, after) or is_prose(name[1:])
        ):
            continue  # 某总工会李某主持: a name, then what the person did (向大会致辞: none)
        seen.add(name)
        org = canonical.get(m.name, m.name)
        people.append(_Person(name, "", org, m.end, after))
        # 某厅梅某、李某、罗某: the unit's other people listed after the first
        while text[after : after + 1] == "、":
            name = _name_at(text, after + 1)
            end = after + 1 + len(name) if name else after
            if not name or name in seen or not _LISTED_NAME_END.match(text, end):
                break
            seen.add(name)
            people.append(_Person(name, "", org, after + 1, end))
            after = end
    unique: dict[str, _Person] = {}
    for p in people:
        known = unique.get(p.name)
        if known is None or (known.title.endswith("领导") and not p.title.endswith("领导")):
            unique[p.name] = p  # 校领导王某 …, 党委书记王某: the post, not the group, is the title
    return list(unique.values())
