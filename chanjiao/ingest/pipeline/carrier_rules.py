"""The rules that tell one named carrier (载体: a 产业学院, a 实训基地, a centre) from a kind of
carrier, a room the event was held in, or a topic of a meeting; used by ``extract``."""

from __future__ import annotations

import re

from .extract_orgs import Mention

# A carrier's name that starts with what kind of carrier it is (建设开放性产教融合型实训基地,
# 打造一批高水平…基地) describes carriers in general, not a named one. A level alone (建成了国家级
# …实训基地, 获批省级…基地) names the one built or awarded.
_CARRIER_TYPE = re.compile(
    r"^(?:开放性|开放型|产教融合型|高水平|一流|优质|共享型|区域性|新型|一批|多个|若干|各类|一系列)"
)


def _quoted(text: str, mention: Mention) -> bool:
    """The name stands in quotes or book-title marks (“…”, 《…》): the article names it."""
    return text[mention.start - 1 : mention.start] in '“「『《"' and mention.start > 0


_CARRIER_ACT = re.compile(
    r"揭牌|授牌|挂牌|成立|共建|组建|建成|获批|认定|入选|签约|签订|签署|设立|启动|落户|命名|建设|打造|建立"
)


_MEETING_TOPIC = re.compile(
    r"(?:建设|发展|改革|创新|人才培养|工作)?(?:研讨会|论坛|座谈会|交流会|推进会|培训班|工作会|专题会)"
)


def _carrier_act(text: str, mention: Mention) -> bool:
    """A carrier is founded, unveiled, awarded or co-built in the clause that names it (合作成立
    A、B、C: every name of the list after the verb), or the verb follows it (A揭牌)."""
    before = text[max(0, mention.start - 100) : mention.start]
    before = before[max(before.rfind(c) for c in "。；;，,\n") + 1 :]
    after = text[mention.end : mention.end + 12]
    after = after[: min((i for i in (after.find("。"), after.find("\n")) if i >= 0), default=12)]
    return bool(_CARRIER_ACT.search(before) or _CARRIER_ACT.search(after))


_HELD = re.compile(r"(?:隆重|顺利|正式|成功|盛大)?(?:召开|举行|举办|开幕)")


_KIND_BEFORE_CARRIER = re.compile(r"(?:成为|[两二三四五六七八九十\d]个)[“\"「]?$")
_ROOM_AFTER = re.compile(
    r"(?:多功能厅|学术报告厅|报告厅|会议室|大礼堂|礼堂|大厅|演播厅|展厅|[一二三四五六七八九\d]楼)"
)


def _glossed(text: str, name: str, short: str) -> bool:
    """``short`` stands in brackets right after ``name`` (its short form) and every character of
    it is in ``name``."""
    return all(c in name for c in short) and any(
        text.startswith(f"{open_}{short}", at + len(name) + gap)
        for at in _all_at(text, name)
        for gap in (0, 1)  # (after a closing quote: 「某学院」(某院))
        for open_ in "(（"
    )


def _all_at(text: str, name: str) -> list[int]:
    found, at = [], text.find(name)
    while at >= 0:
        found.append(at)
        at = text.find(name, at + 1)
    return found


def _held_at(text: str, mention: Mention) -> bool:
    """The event is held at the base (推进会在某职业技能公共实训基地顺利召开): a venue there."""
    return text[mention.start - 1 : mention.start] in "在于" and bool(
        _HELD.match(text, mention.end)
    )
