"""Common words (常用词) no organisation's name starts with, read from jieba's dictionary.

A name starts at a proper noun: a place (常州市…), a brand, a person's or a school's name. Words
of everyday prose before a place — 现场, 最后, 这天, 帮, 联同, 代表 — belong to the sentence, not
to the name (现场常州市职业教育发展中心 is 常州市职业教育发展中心). Which words are everyday prose
comes from jieba's dictionary (word, frequency, part of speech), so that the rule does not depend
on the words one annotated article happened to use; only the dictionary file is read (no
segmenter is loaded).

Plain functions, no Django.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from . import gazetteer as gz
from .lexicon import ORG_TYPE_TEXTS

#: Parts of speech of prose, never a name's first word: verbs, adverbs, prepositions,
#: conjunctions, pronouns, time and position words, numerals, measure words, particles,
#: idioms and set phrases.
_PROSE_TAGS = frozenset(
    ["v", "vn", "vd", "d", "p", "c", "r", "t", "f", "m", "q", "u", "y", "i", "l"]
)
#: Verbs rarer than this (天开, 19 in the dictionary) may as well be pieces of names.
_RARE_VERB = 30
#: Nouns this frequent are everyday words (现场, 代表, 领导), not names.
_FREQUENT_NOUN = 2000
#: Single characters of prose before a name (帮某大学, 来某学院).
_FUNCTION_CHARS = frozenset(
    "帮来解在到与和及由为将把被给向对从让请的了是也都又再才就赴往位个名各每今昨明日作设可更记共假原应这因"
)
#: Parts of speech of what a person does right after being named (接待, 随后, 向, 并): verbs,
#: adverbs, prepositions and conjunctions.
_ACT_TAGS = frozenset(["v", "vd", "d", "ad", "p", "c"])
#: Rarer words than this are often pieces of names in jieba's dictionary, not prose.
_FREQUENT_ACT = 100
#: Common nouns, adjectives and verbs this frequent (维系, 意愿, 典礼) are no brand before a place.
_COMMON_NOUN = 200
_COMMON_TAGS = frozenset(["n", "a", "an", "ad", "vn", "v"])
#: Words that do start names (中央人民政府…, 全国…, 国家…, the democratic parties: 民建某省委会).
_NAME_STARTS = frozenset(
    gz.words("中央 国家 全国 中国 中华 中共 国际 民革 民盟 民建 民进 农工党 致公党 九三学社 台盟")
)
_MAX_WORD = 4
_DATE_MARKS = frozenset("0123456789()（）")


class _Words(NamedTuple):
    """Words of two to four characters from jieba's dictionary, by what they do in prose."""

    prose: frozenset[str]  # verbs, adverbs, time words, frequent nouns …
    places: frozenset[str]  # place words (ns)
    verbs: frozenset[str]  # verbs (v)
    acts: frozenset[str]  # frequent verbs, adverbs, prepositions and conjunctions
    common: frozenset[str]  # prose and common nouns (not names of organisations or places)


@cache
def _dictionary() -> _Words:
    """The words of jieba's dict.txt (empty when jieba is not installed: then no name is cut and
    no act read)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        return _Words(frozenset(), frozenset(), frozenset(), frozenset(), frozenset())
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    prose, places, verbs, acts, common = set(), set(), set(), set(), set()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            word, freq, tag = line.split()
            if not 2 <= len(word) <= _MAX_WORD or word in _NAME_STARTS:
                continue
            if tag in _ACT_TAGS and int(freq) >= _FREQUENT_ACT:
                acts.add(word)
            if tag in _COMMON_TAGS and int(freq) >= _COMMON_NOUN:
                common.add(word)
            if (tag in _PROSE_TAGS and (tag != "v" or int(freq) >= _RARE_VERB)) or (
                tag == "n" and int(freq) >= _FREQUENT_NOUN
            ):
                prose.add(word)
                if tag == "v":
                    verbs.add(word)
            elif tag == "ns":
                places.add(word)
    return _Words(
        frozenset(prose),
        frozenset(places),
        frozenset(verbs),
        frozenset(acts),
        frozenset(common | prose),
    )


def is_verb(word: str) -> bool:
    """A verb of everyday prose (保障, 推动), never a name on its own."""
    return word in _dictionary().verbs


def is_place_word(word: str) -> bool:
    """A place word of the dictionary (北大荒, 三峡)."""
    return word in _dictionary().places


def is_prose(word: str) -> bool:
    """An everyday word of prose (积极, 现场, 领导): never a person's given name on its own."""
    words = _dictionary()
    return word in words.prose or word in words.acts


def opens_with_act(text: str) -> bool:
    """``text`` begins with a frequent verb, adverb, preposition or conjunction (接待了…, 随后…):
    what follows a person's name or title in a sentence, never the rest of a name."""
    acts = _dictionary().acts
    return any(text[:n] in acts for n in range(_MAX_WORD, 1, -1))


def _all_prose(text: str, prose: frozenset[str] | None = None) -> bool:
    """``text`` is made of prose words only (longest dictionary word first; ``prose``: another
    set of words)."""
    prose = _dictionary().prose if prose is None else prose
    i = 0
    while i < len(text):
        size = next(
            (n for n in range(min(_MAX_WORD, len(text) - i), 1, -1) if text[i : i + n] in prose),
            1 if text[i] in _FUNCTION_CHARS else 0,
        )
        if not size and text[i] in _DATE_MARKS:
            size = 1  # a date's digits and brackets: 今(25)日与某商业会
        if not size:
            return False
        i += size
    return True


def _verbs_between_places(name: str, limit: int) -> int:
    """How many leading characters of ``name`` are a place word and a run of prose with a verb
    in it before another place (龙江振兴贡献黑龙江… → 6); 0 when the name is not so made."""
    words = _dictionary()
    first = next((n for n in range(_MAX_WORD, 1, -1) if name[:n] in words.places), 0)
    if not first or not any(name[first : first + n] in words.verbs for n in (2, 3, 4)):
        return 0
    known = {hit[0] for hit in gz.find_places(name[: limit + _MAX_WORD])}

    def place_at(at: int) -> bool:
        return at in known

    return _prose_until_place(name, first + 2, limit, place_at, prose_from=first)


def _common_words_before_place(name: str, limit: int) -> int:
    """Where a province or city starts in ``name`` when only common words (no brand, no
    organisation's type) stand before it (0 otherwise): 意愿进驻台中软体园区 → 4."""
    common = _dictionary().common
    for start, _end, _place, _kind in gz.find_places(name[: limit + _MAX_WORD]):
        if start < 2 or start > min(limit, len(name) - 4):
            continue
        prefix = name[:start]
        if any(t in prefix for t in ORG_TYPE_TEXTS):
            return 0  # 平安银行深圳分行: the bank's branch, one name
        return start if _all_prose(prefix, common) else 0
    return 0


@lru_cache(maxsize=8192)  # (asked for every pair of an article's names)
def prose_run(text: str) -> bool:
    """``text`` is words of a sentence only — common words, prose, no place (展现, 这意味着,
    搭上): what may stand before a name without being part of it."""
    return bool(text) and _all_prose(text, _dictionary().common) and not gz.find_places(text)


def common_phrase(text: str) -> bool:
    """``text`` is made of common words only (智能制造, 备忘录): no brand."""
    return bool(text) and _all_prose(text, _dictionary().common)


@lru_cache(maxsize=8192)
def everyday_phrase(head: str) -> bool:
    """``head`` is made of everyday words only, with no place in it (农民, 孵化, 联盟伙伴): before an
    organisation's type it names a kind (农民合作社, 联盟伙伴学校), not one organisation."""
    return bool(head) and _all_prose(head) and not gz.find_places(head)


@lru_cache(maxsize=8192)
def prose_before_place(name: str, *, limit: int = 10) -> int:
    """How many leading characters of ``name`` are prose before the place it starts at (0 when
    none): 现场常州市… → 2, 七夕情人节这天帮东南科技大学 → 8."""
    if len(name) < 4:
        return 0
    prose, place_words = _dictionary().prose, _dictionary().places
    opens_with_prose = (
        name[0] in _FUNCTION_CHARS
        or name[0] in _DATE_MARKS
        or name[:2] in prose
        or name[:3] in prose
        or name[:4] in prose
    )
    if not opens_with_prose:
        # (most names: the first word is no prose, so no prefix of it can be) — unless a place
        # word opens a clause of verbs before the name: 为龙江振兴贡献黑龙江工程学院力量, or
        # common words stand before a province or city: 维系云林县政府, 典礼假香港都会大学
        return _verbs_between_places(name, limit) or _common_words_before_place(name, limit)
    known = {hit[0] for hit in gz.find_places(name[: limit + _MAX_WORD])}

    def place_at(at: int) -> bool:
        return (
            at in known
            or name[at : at + 2] in place_words
            or name[at : at + 3] in place_words
            or name[at : at + 4] in place_words
        )

    if place_at(0):
        return 0
    return _prose_until_place(name, 1, limit, place_at)


def _prose_until_place(name: str, first: int, limit: int, place_at, prose_from: int = 0) -> int:
    """Where the next place at or after ``first`` starts when ``name[prose_from:]`` runs prose
    words up to it (0 when the run is no prose, holds an organisation's type or reaches no
    place)."""
    for at in range(first, min(limit, len(name) - 2) + 1):
        if place_at(at):
            prefix = name[:at]
            if any(t in prefix for t in ORG_TYPE_TEXTS):
                return (
                    0  # an organisation's type inside makes it part of the name (某大学深圳研究院)
                )
            return at if _all_prose(name[prose_from:at]) else 0
    return 0
