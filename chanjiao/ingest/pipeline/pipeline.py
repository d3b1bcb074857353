"""The ingest pipeline (新闻入库流水线): an article's text → the FORMAT.md record.

decode (bytes only) → main text (trafilatura for HTML, a line filter for text) → repair of
pinyin readings and lost characters → Traditional → Simplified when the text is Traditional →
rule-based extraction. Plain functions on plain data: the review UI and the registry link are
later steps that call ``process`` from a service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import convert, decode, extract, repair, text
from .lexicon import SPLIT_WORDS

__all__ = ["IngestResult", "ingest_bytes", "ingest_file", "ingest_text", "process"]


@dataclass(slots=True)
class IngestResult:
    """The record plus what a reviewer should know about how it was obtained."""

    record: dict
    #: the repaired, Simplified main text the record was extracted from (for highlighting)
    body: str = ""
    converted: bool = False
    readings_removed: int = 0
    lost_characters: int = 0
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


def _prepare(value: str | None) -> tuple[str | None, bool, int, int]:
    if not value:
        return value, False, 0, 0
    fixed = repair.repair(value)
    simplified, converted = convert.to_simplified(fixed.text)
    simplified = repair.join_split_words(simplified, SPLIT_WORDS)
    return simplified, converted, fixed.readings_removed, fixed.lost


def process(raw: str, *, source_url: str | None = None, html: bool = False) -> IngestResult:
    """Run every stage on one article and keep the stage reports beside the record."""
    if html:
        main = text.from_html(raw, url=source_url)
        body, converted, removed, lost = _prepare(main.body)
        title = _prepare(main.title)[0]
        published, site = main.published, main.site
    else:
        # repair and convert before splitting: the line filter counts Simplified Han characters
        prepared, converted, removed, lost = _prepare(raw)
        main = text.from_plain(prepared or "")
        body, title, published, site = main.body, main.title, main.published, main.site
    # a page's address often carries its date when the page itself prints none
    published = published or text.date_from_url(source_url)
    page_month = None if published else text.month_from_url(source_url)
    record = extract.extract(
        body or "", title=title, published=published, site=site, page_month=page_month
    )
    result = IngestResult(record, body or "", converted, removed, lost)
    if lost:
        result.warnings.append(f"{lost} characters were lost to '?' in the source")
    if not body:
        result.warnings.append("no main text found")
    return result


def ingest_text(text_in: str, *, source_url: str | None = None, html: bool = False) -> dict:
    """The FORMAT.md object for one article given as text (HTML when ``html``)."""
    return process(text_in, source_url=source_url, html=html).record


def _from_decoded(decoded: decode.Decoded, is_html: bool, source_url: str | None) -> IngestResult:
    result = process(decoded.text, source_url=source_url, html=is_html)
    result.encoding = decoded.encoding
    if decoded.replaced:
        result.warnings.append(f"{decoded.replaced} bytes did not decode ({decoded.encoding})")
    return result


def ingest_file(path: str | Path, *, source_url: str | None = None) -> IngestResult:
    """Read, decode and process one saved article (HTML detected by suffix or content)."""
    decoded, is_html = decode.read_document(path)
    return _from_decoded(decoded, is_html, source_url)


def ingest_bytes(
    data: bytes, *, source_url: str | None = None, html: bool | None = None
) -> IngestResult:
    """Decode and process an article held in memory (an upload or a fetched page).

    ``html`` None means: decide by content (a page that starts like HTML).
    """
    decoded = decode.decode_bytes(data)
    is_html = decode.looks_like_html(decoded.text) if html is None else html
    return _from_decoded(decoded, is_html, source_url)
