"""Extraction speed: words per second of `extract`, as a ratio to the bare English pipeline.

    .venv/bin/python benchmarks/extract_speed.py [--repeat 3]

The baseline is the unmodified English spaCy pipeline (all its components,
parser included) run with ``nlp.pipe`` over the same document texts in the
same run.  Goal: ratio >= 1.0, i.e. extraction costs no more than the bare
statistical pipeline (reading files is not timed: both sides start from text).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import config  # noqa: E402
from pipeline.nlp import get_nlp  # noqa: E402


def corpus_documents() -> list:
    return [doc for _, doc in pipeline.read_many([ROOT / "corpus"]) if not isinstance(doc, Exception)]


def best_of(repeat: int, fn) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = corpus_documents()
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(config.spacy_model())
    ours = get_nlp()
    list(bare.pipe(texts[:1]))  # warm both up
    pipeline.extract(docs[0])
    base_s = best_of(args.repeat, lambda: list(bare.pipe(texts)))
    ours_s = best_of(args.repeat, lambda: list(pipeline.extract_many(docs)))
    print(f"{len(docs)} documents, {words} words; spaCy pipeline {config.spacy_model()} "
          f"({', '.join(bare.pipe_names)} vs ours: {', '.join(ours.pipe_names)})")
    print(f"{'run':<34}{'seconds':>9}{'words/s':>10}{'ratio':>8}")
    print(f"{'bare nlp.pipe (baseline)':<34}{base_s:>9.2f}{words / base_s:>10.0f}{1.0:>8.2f}")
    print(f"{'scrutiny extract':<34}{ours_s:>9.2f}{words / ours_s:>10.0f}{base_s / ours_s:>8.2f}")


if __name__ == "__main__":
    main()
