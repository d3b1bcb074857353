"""The ingest pipeline (新闻入库): plain functions from a news article to the FORMAT.md record.

Stages: ``decode`` (bytes → text), ``text`` (main text, title, date: trafilatura for HTML, a line
filter for saved text), ``repair`` (inline pinyin, characters lost to '?'), ``convert``
(Traditional → Simplified with OpenCC t2s, only for Traditional texts), ``extract`` (rules over
``lexicon`` word lists and the ``gazetteer``), joined by ``pipeline``.

Why rules and no segmenter: the articles follow a narrow, formulaic style (title + name,
organisation-type suffixes, 由…牵头发起, N余人出席), the rules run offline at a few hundred
articles a second on one core, and every decision can be traced to a word list a reviewer can
extend. jieba/jionlp would add start-up time and model-like behaviour without a clear gain on
these patterns; they remain an option for names without a suffix.

No Django here (ARCHITECTURE rule 7); a service in the ingest app will connect it to the
registry and the review queue.
"""

from .pipeline import IngestResult, ingest_bytes, ingest_file, ingest_text, process

__all__ = ["IngestResult", "ingest_bytes", "ingest_file", "ingest_text", "process"]
