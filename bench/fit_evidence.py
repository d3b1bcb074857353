"""Fits the weights of the evidence codes (``chanjiao.ingest.pipeline.evidence.WEIGHTS``) on our own
gold set and compares them with the hand-set weights, leaving one article out at a time.

    python bench/fit_evidence.py [--corpus bench/ingest_gold]

Every organisation, body and carrier the extractor finds carries its evidence codes; what is
proposed is what the codes' combined confidence, 1 − Π(1 − wᵢ), puts at or above 0.5. That rule
is a linear threshold over the codes — Σ −log(1 − wᵢ) ≥ log 2 — so a logistic regression with
non-negative coefficients over the same codes is the same kind of model, and its coefficients
translate back into weights (wᵢ = 1 − exp(−βᵢ·log 2 / −b)). The script:

1. runs the pipeline over the development articles with nothing filtered out, and labels each
   candidate the way ``score_ingest.py`` counts it (a gold name or alias: right; an optional
   name or a part of a gold name: not counted; anything else: wrong);
2. scores the hand-set weights (precision, recall, F1 summed over the articles, recall against
   every gold name, proposed or not);
3. fits the regression leaving each article out in turn and scores its decisions on the article
   left out — the cross-validated figure a learned filter must beat;
4. prints the weights fitted on all development articles.

It never reads the sealed articles. Organisations (with bodies) and carriers are fitted apart.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
FIGURES = {"organizations": ("organizations", "bodies"), "carriers": ("carriers",)}


def _scorer():
    path = SHARED / "tools" / "score_ingest.py"
    spec = importlib.util.spec_from_file_location("score_ingest", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collect(corpus: Path):
    """(article, figure, codes, label, gold count) rows: label 1 right, 0 wrong, None not counted."""
    from eval_ingest import _sources

    from chanjiao.ingest.pipeline import evidence
    from chanjiao.ingest.pipeline.pipeline import ingest_file

    scorer = _scorer()
    sealed = set()
    if (corpus / "sealed.txt").exists():
        sealed = set((corpus / "sealed.txt").read_text().split())
    urls = _sources(corpus)
    evidence.PROPOSE_MIN = 0.0  # keep every candidate; the threshold is applied here
    rows, golds = [], {}
    for article in sorted((corpus / "articles").glob("*.txt")):
        if article.stem in sealed:
            continue
        gold_path = corpus / "gold" / f"{article.stem}.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        record = ingest_file(article, source_url=urls.get(article.stem)).record
        optional = gold.get("optional", {})
        for figure, lists in FIGURES.items():
            keys = [scorer._keys(item) for key in lists for item in gold.get(key, [])]
            golds[(article.stem, figure)] = len(keys)
            allowed = {scorer.norm(n) for n in optional.get(figure, [])}
            for key in lists:
                for item in record.get(key, []):
                    n = scorer.norm(item.get("name"))
                    hit = next((i for i, k in enumerate(keys) if n in k), None)
                    if hit is not None:
                        label = 1
                    elif n in allowed or any(n in k for k in keys):
                        label = None
                    else:
                        label = 0
                    rows.append((article.stem, figure, n, tuple(item["evidence"]), label, hit))
    return rows, golds


def score(rows, golds, keep) -> tuple[float, float, float]:
    """Precision, recall and F1 over the articles of ``rows`` when ``keep(row)`` decides."""
    tp = counted = 0
    matched = set()
    articles = {(r[0], r[1]) for r in rows} | set(golds)
    for row in rows:
        if row[4] is None or not keep(row):
            continue
        if row[4] == 1:
            if (row[0], row[1], row[5]) not in matched:
                matched.add((row[0], row[1], row[5]))
                tp += 1
                counted += 1
        else:
            counted += 1
    gold = sum(golds[a] for a in articles if a in golds)
    p = tp / counted if counted else 1.0
    r = tp / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(
    x: np.ndarray, y: np.ndarray, l2: float = 0.5, steps: int = 3000
) -> tuple[np.ndarray, float]:
    """Logistic regression with non-negative coefficients (projected gradient descent)."""
    beta = np.full(x.shape[1], 0.5)
    bias = -1.0
    rate = 0.5
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ beta + bias)))
        grad = x.T @ (p - y) / len(y) + l2 * beta / len(y)
        beta = np.maximum(beta - rate * grad, 0.0)
        bias -= rate * float(np.mean(p - y))
    return beta, bias


def weights_of(codes: list[str], beta: np.ndarray, bias: float) -> dict[str, float]:
    """The coefficients as noisy-or weights with the same 0.5 threshold."""
    scale = math.log(2) / -bias if bias < 0 else 1.0
    return {c: round(1 - math.exp(-b * scale), 3) for c, b in zip(codes, beta, strict=True)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "bench" / "ingest_gold")
    args = parser.parse_args()
    import django

    django.setup()
    from chanjiao.ingest.pipeline import evidence

    rows, golds = collect(args.corpus)
    for figure in FIGURES:
        sub = [r for r in rows if r[1] == figure]
        sub_golds = {k: v for k, v in golds.items() if k[1] == figure}
        codes = sorted({c for r in sub for c in r[3]})
        hand = score(sub, sub_golds, lambda r: evidence.confidence(r[3]) >= 0.5)
        train = [r for r in sub if r[4] is not None]

        def matrix(rs, codes=codes):
            return np.array([[1.0 if c in r[3] else 0.0 for c in codes] for r in rs])

        decided = {}
        for stem in sorted({r[0] for r in sub}):
            fold = [r for r in train if r[0] != stem]
            beta, bias = fit(matrix(fold), np.array([r[4] for r in fold], dtype=float))
            for r in (r for r in sub if r[0] == stem):
                decided[id(r)] = float((matrix([r]) @ beta)[0] + bias) >= 0.0
        learned = score(sub, sub_golds, lambda r, d=decided: d[id(r)])
        beta, bias = fit(matrix(train), np.array([r[4] for r in train], dtype=float))
        print(f"\n{figure}: {len(train)} candidates counted, {sum(sub_golds.values())} gold names")
        print(f"  hand-set weights      P={hand[0]:.3f} R={hand[1]:.3f} F1={hand[2]:.3f}")
        print(f"  fitted, leave-one-out P={learned[0]:.3f} R={learned[1]:.3f} F1={learned[2]:.3f}")
        fitted = weights_of(codes, beta, bias)
        for code in codes:
            print(
                f"    {code:<12} hand {evidence.WEIGHTS.get(code, 0):.2f}  fitted {fitted[code]:.2f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
