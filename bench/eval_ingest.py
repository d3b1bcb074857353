"""How well news ingest reads articles: runs the pipeline over a folder of saved articles and
scores the records against their gold annotations with the shared scorer
(``../shared/tools/score_ingest.py``), the development part and a sealed part apart.

    python bench/eval_ingest.py [--corpus DIR] [--sealed FILE] [--scorer PATH]

``DIR`` holds the articles (``*.txt`` or ``*.html``, one per file, in ``DIR`` or
``DIR/articles``) and ``DIR/gold/<name>.json`` their annotations (../shared/ingest/FORMAT.md);
``DIR/sources*.tsv`` (``stem<TAB>url<TAB>…``) give each article's address, which the pipeline
reads as it would for a fetched page (a date in the address dates the article). ``--sealed``
names a file listing the articles (one file stem per line; default ``DIR/sealed.txt`` when it
exists) kept for a single final scoring: they are scored apart and never mixed into the
development figures; ``--part development`` scores only the rest. Default corpus: the three
shared articles. Third-party article text stays out of the repository: our own gold set
(bench/ingest_gold) keeps annotations and addresses only, its texts in the git-ignored
``bench/ingest_gold/articles``.

Prints per-figure precision, recall and F1 (and the event fields' accuracy) for each part,
and the targets of issue 13 beside them.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TARGETS = {
    "organizations": 0.95,
    "people": 0.95,
    "titles": 0.95,
    "counts": 0.92,
    "carriers": 0.90,
    "event.date": 0.95,
}


def _scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_ingest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sources(corpus: Path) -> dict[str, str]:
    """Each article's address, by file stem, from ``sources*.tsv`` beside the gold."""
    urls = {}
    for table in sorted(corpus.glob("sources*.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) >= 2 and cells[1].startswith("http"):
                urls[cells[0].strip()] = cells[1].strip()
    return urls


def _predict(articles: list[Path], out: Path, urls: dict[str, str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from chanjiao.ingest.pipeline.pipeline import ingest_file

    for article in articles:
        record = ingest_file(article, source_url=urls.get(article.stem)).record
        (out / f"{article.stem}.json").write_text(json.dumps(record, ensure_ascii=False))


def _figures(scorer, gold: Path, pred: Path) -> dict:
    """The scorer's --json answer over a folder pair (per-file rows and totals)."""
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        scorer.main([str(gold), str(pred), "--json"])
    return json.loads(buffer.getvalue())


#: What --explain compares: the gold lists and the predicted names they are scored against.
_NAMED = {
    "organizations": ("organizations", "bodies"),
    "people": ("people",),
    "carriers": ("carriers",),
}


def _explain(scorer, gold_path: Path, pred_path: Path) -> None:
    """The names of one article the prediction missed (-) and added (+), per figure."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pred = json.loads(pred_path.read_text(encoding="utf-8"))
    optional = gold.get("optional", {})
    lines = []
    for figure, lists in _NAMED.items():
        items = [item for key in lists for item in gold.get(key, [])]
        keys = [scorer._keys(item) for item in items]
        found = {scorer.norm(p.get("name")) for key in lists for p in pred.get(key, [])}
        allowed = {scorer.norm(n) for n in optional.get(figure, [])}
        missed = [i["name"] for i, k in zip(items, keys, strict=True) if not k & found]
        extra = [n for n in found if n and n not in allowed and not any(n in k for k in keys)]
        if missed or extra:
            lines.append(f"  {figure}: -{missed} +{sorted(extra)}")
    if lines:
        print(gold_path.stem)
        print("\n".join(lines))


def _print(label: str, count: int, figures: dict) -> None:
    print(f"\n{label} ({count} articles)")
    for key, target in TARGETS.items():
        value = figures.get(key)
        if value is None:
            continue
        score = value.get("f1", value.get("accuracy"))
        detail = " ".join(f"{k}={v:.3f}" for k, v in value.items() if k != "f1")
        mark = "ok" if score >= target else "below"
        print(f"  {key:<14} {score:.3f}  (target {target:.2f}, {mark})  {detail}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    parser.add_argument("--sealed", type=Path, default=None)
    parser.add_argument("--scorer", type=Path, default=SHARED / "tools" / "score_ingest.py")
    parser.add_argument("--part", choices=("development", "sealed", "both"), default="both")
    parser.add_argument("--files", action="store_true", help="print each article's figures")
    parser.add_argument(
        "--explain", action="store_true", help="print each article's missed and extra names"
    )
    args = parser.parse_args()
    if not args.scorer.exists() or not (args.corpus / "gold").is_dir():
        print(f"no gold set at {args.corpus}/gold or no scorer at {args.scorer}: nothing to score")
        return 1
    sealed = set()
    if args.sealed is None and (args.corpus / "sealed.txt").exists():
        args.sealed = args.corpus / "sealed.txt"
    if args.sealed:
        sealed = {s.strip() for s in args.sealed.read_text().splitlines() if s.strip()}
    texts = args.corpus / "articles" if (args.corpus / "articles").is_dir() else args.corpus
    articles = sorted(
        p
        for p in texts.iterdir()
        if p.suffix in (".txt", ".html", ".htm")
        and (args.corpus / "gold" / f"{p.stem}.json").exists()
    )
    if not articles:
        golds = len(list((args.corpus / "gold").glob("*.json")))
        print(
            f"no article texts for the {golds} gold files in {args.corpus}/gold: put each "
            f"article's text in {args.corpus}/articles/<name>.txt (see {args.corpus}/README.md); nothing scored"
        )
        return 1
    scorer = _scorer(args.scorer)
    parts = {
        "development": [a for a in articles if a.stem not in sealed],
        "sealed": [a for a in articles if a.stem in sealed],
    }
    urls = _sources(args.corpus)
    for label, part in parts.items():
        if not part or args.part not in (label, "both"):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            gold, pred = Path(tmp) / "gold", Path(tmp) / "pred"
            gold.mkdir()
            pred.mkdir()
            for article in part:
                name = f"{article.stem}.json"
                (gold / name).write_bytes((args.corpus / "gold" / name).read_bytes())
            _predict(part, pred, urls)
            figures = _figures(scorer, gold, pred)
            if args.explain:
                for article in part:
                    _explain(scorer, gold / f"{article.stem}.json", pred / f"{article.stem}.json")
            if args.files:
                for row in figures["files"]:
                    print(row["file"], " ".join(f"{k}={v}" for k, v in row.items() if k != "file"))
            _print(label, len(part), figures["summary"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
