"""Repair of encoding damage (修复): pinyin annotations and characters lost to '?'.

Some sites print a ruby-style reading after every rare character, and copies of such pages keep
it inline: 學(xué)習(xí) → 學習. Where the character itself did not survive a conversion, only
'?' remains, sometimes eating the opening parenthesis of its reading: 新?lián)?dāng). The reading
is removed in both cases; the lost characters cannot be recovered, so they are counted and
located for a reviewer instead of being guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Repair", "join_split_words", "repair"]

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_VOWELS = "aeiouüv" + _TONED
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxzcsryw])?[{_VOWELS}]{{1,4}}(?:ng|n|r)?"
_HAN = r"\u3400-\u9fff\uf900-\ufaff"
# A reading right after a Han character (or a '?' that stands for one).
# Some copies put a space inside the parentheses (會(huì )).
_READING = re.compile(rf"(?<=[{_HAN}?？])[(（] ?(?P<py>{_SYLLABLE}) ?[)）]")
# A lost character whose reading lost its opening parenthesis too: ?lián) → ?
_LOST_READING = re.compile(rf"(?P<q>[?？])(?P<py>{_SYLLABLE}) ?[)）]")
_HAS_TONE = re.compile(rf"[{_TONED}]")
# '?' between two Han characters is a lost character unless it ends a question.
_LOST = re.compile(rf"(?<=[{_HAN}])[?？]+(?=[{_HAN}，,、；;])|\ufffd")
_QUESTION_PARTICLES = frozenset("吗呢吧么嘛啊呀谁哪何")


@dataclass(slots=True)
class Repair:
    """The repaired text, how many readings were removed and where characters were lost."""

    text: str
    readings_removed: int = 0
    lost_positions: list[int] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return len(self.lost_positions)


def _is_reading(py: str, toned_only: bool) -> bool:
    return bool(_HAS_TONE.search(py)) or not toned_only


def repair(text: str) -> Repair:
    """Remove inline pinyin readings and locate characters lost to '?' or U+FFFD.

    Readings without tone marks ("(ai)") are removed only when the text has several toned
    ones, so that an ordinary parenthesised Latin word in a clean text stays.
    """
    toned = sum(1 for m in _READING.finditer(text) if _HAS_TONE.search(m.group("py")))
    toned_only = toned < 3
    removed = 0

    def drop(match: re.Match) -> str:
        nonlocal removed
        if not _is_reading(match.group("py"), toned_only):
            return match.group(0)
        removed += 1
        return match.group("q") if "q" in match.groupdict() else ""

    if "(" in text or "（" in text:
        text = _READING.sub(drop, text)
    if "?" in text or "？" in text:
        text = _LOST_READING.sub(drop, text)
    lost = [
        m.start() + i
        for m in _LOST.finditer(text)
        if m.group() == "\ufffd" or text[m.start() - 1] not in _QUESTION_PARTICLES
        for i in range(len(m.group()))
    ]
    return Repair(text, removed, lost)


# A space between two Han characters: a line wrapped or typeset inside a word (开 发区).
_HAN_GAP = re.compile(rf"(?<=[{_HAN}])[ \u3000\u00a0]+(?=[{_HAN}])")


def join_split_words(text: str, split_words: frozenset[str]) -> str:
    """Remove a space that splits one of ``split_words`` (临江经济技术开 发区 → …开发区).

    Only a space inside such a word goes: spaces between names (主办：甲学院 乙公司) stay.
    """
    if not _HAN_GAP.search(text):
        return text
    longest = max(map(len, split_words), default=0)

    def join(match: re.Match) -> str:
        left = text[max(0, match.start() - longest) : match.start()]
        right = text[match.end() : match.end() + longest]
        for k in range(1, len(left) + 1):
            head = left[-k:]
            for j in range(1, len(right) + 1):
                if head + right[:j] in split_words:
                    return ""
        return match.group()

    return _HAN_GAP.sub(join, text)
