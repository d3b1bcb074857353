"""Bytes → text (解码): saved pages come as UTF-8, GBK/GB18030 or Big5, with or without a BOM.

Order of trust: a byte-order mark, then strict UTF-8 (it almost never decodes other encodings by
accident), then the charset an HTML page declares, then charset-normalizer's guess restricted
to the encodings Chinese sites use, and last GB18030 with replacement characters, which the
repair step counts as losses.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Decoded", "decode_bytes", "looks_like_html", "read_document"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_CHINESE_ENCODINGS = ("gb18030", "gbk", "gb2312", "big5", "big5hkscs", "hz", "utf_8", "utf_16")
# GB2312 and GBK are subsets of GB18030: decoding with the superset loses nothing.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text and how: ``encoding`` used, ``replaced`` characters that did not decode."""

    text: str
    encoding: str
    replaced: int = 0


def _normalise_encoding(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(canonical, canonical)


def decode_bytes(data: bytes) -> Decoded:
    """Decode a saved article or page whatever its encoding (never raises)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            return Decoded(text, encoding, text.count("\ufffd"))
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        encoding = _normalise_encoding(declared.group(1).decode("ascii", "ignore"))
        if encoding:
            try:
                return Decoded(data.decode(encoding), encoding)
            except UnicodeDecodeError:
                pass
    guess = _guess(data)
    if guess:
        text = data.decode(guess, errors="replace")
        return Decoded(text, guess, text.count("\ufffd"))
    text = data.decode("gb18030", errors="replace")
    return Decoded(text, "gb18030", text.count("\ufffd"))


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(_CHINESE_ENCODINGS)).best()
    return _normalise_encoding(best.encoding) if best else None


_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b", re.I | re.S
)


def looks_like_html(text: str) -> bool:
    """True for a saved web page (starts like HTML), False for plain text."""
    return bool(_HTML_START.match(text[:2048]))


def read_document(path: str | Path) -> tuple[Decoded, bool]:
    """Read a file as text; the flag says whether it is HTML (by suffix, else by content)."""
    path = Path(path)
    decoded = decode_bytes(path.read_bytes())
    is_html = path.suffix.lower() in {".html", ".htm", ".xhtml", ".shtml"} or looks_like_html(
        decoded.text
    )
    return decoded, is_html
