"""The ingest pipeline (新闻入库): plain functions from a news article to the FORMAT.md record.

Stages: ``decode`` (bytes → text), ``text`` (main text, title, date: trafilatura for HTML, a line
filter for saved text), ``repair`` (inline pinyin, characters lost to '?'), ``convert``
(Traditional → Simplified with OpenCC t2s, only for Traditional texts), ``extract`` (rules over
``lexicon`` word lists and the ``gazetteer``), joined by ``pipeline``.

Why rules and no segmenter: the articles follow a narrow, formulaic style (title + name,
organisation-type suffixes, 由…牵头发起, N余人出席), the rules run offline at over a hundred
articles a second on one core, and every decision can be traced to a word list a reviewer can
extend. jieba's segmenter is not run; its dictionary (word, frequency, part of speech) is read
once by ``common_words`` to tell everyday prose from a name's first word (现场常州市… starts at
常州), so that this rule does not rest on the words some annotated article happened to use.

No Django here (ARCHITECTURE rule 7); a service in the ingest app will connect it to the
registry and the review queue.
"""

from .pipeline import IngestResult, ingest_bytes, ingest_file, ingest_text, process

__all__ = ["IngestResult", "ingest_bytes", "ingest_file", "ingest_text", "process"]
