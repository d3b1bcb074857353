"""Traditional → Simplified (繁简转换) with OpenCC's t2s, only for texts that are Traditional.

Converting a Simplified text again is not harmless: t2s maps some characters that Simplified
text uses legitimately (in names above all), so the decision is made on the whole text first.
A text counts as Traditional when a clear share of its Han characters change under t2s.
"""

from __future__ import annotations

import re
from functools import cache

import opencc

__all__ = ["is_traditional", "to_simplified", "traditional_share"]

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Above this share of changed Han characters a text is Traditional. Simplified news changes
# well under 1% (a stray variant in a name); Traditional news changes 20-40%.
THRESHOLD = 0.05
_MIN_CHANGED = 3


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def traditional_share(text: str) -> float:
    """Share of Han characters that t2s would change (0.0 for a text without Han)."""
    han = _HAN.findall(text)
    if not han:
        return 0.0
    sample = "".join(han)
    converted = _t2s().convert(sample)
    if len(converted) != len(sample):  # phrase tables never change lengths; be safe anyway
        converted = "".join(_t2s().convert(c) for c in sample)
    changed = sum(map(str.__ne__, sample, converted))
    return changed / len(sample) if changed >= _MIN_CHANGED else 0.0


def is_traditional(text: str) -> bool:
    """True when ``text`` is written in Traditional characters."""
    return traditional_share(text) >= THRESHOLD


def to_simplified(text: str) -> tuple[str, bool]:
    """The text in Simplified characters and whether it was converted.

    Simplified input comes back unchanged (same object), even if it quotes a few Traditional
    characters.
    """
    if not is_traditional(text):
        return text, False
    return _t2s().convert(text).translate(_VARIANTS), True


# variant forms t2s leaves alone (陜西 for 陕西 on Hong Kong and Taiwan pages)
_VARIANTS = str.maketrans({"陜": "陕", "峯": "峰", "衞": "卫", "綫": "线"})
