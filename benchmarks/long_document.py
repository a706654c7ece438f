"""Extraction time of a document far over spaCy's max_length, against the per-document budget.

    .venv/bin/python benchmarks/long_document.py [--chars 2000000] [--part 200000]

The document is built from corpus text (the Stoke Ferry meetings and the seeds, one after another,
as a bound volume of minutes: ``tests.conftest.long_minutes``) and extracted the way ``ingest``
does it, in block-aligned parts through ``nlp.pipe``.  Prints characters, parts, records, seconds
and characters per second; exits 1 when it does not fit the default budget (120 s).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline.document import chunks  # noqa: E402
from pipeline.extraction import CHUNK_CHARS, extract_long  # noqa: E402
from pipeline.nlp import get_nlp  # noqa: E402
from pipeline.workers import DEFAULT_TIMEOUT  # noqa: E402
from tests.conftest import long_minutes  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=2_000_000)
    ap.add_argument("--part", type=int, default=CHUNK_CHARS, help="characters per part")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long-minutes.txt"
        path.write_text(long_minutes(args.chars + args.chars // 50), encoding="utf-8")
        started = time.perf_counter()
        doc = pipeline.read(path)
        read = time.perf_counter() - started
    nlp = get_nlp()
    started = time.perf_counter()
    records = extract_long(doc, nlp, args.part)
    took = time.perf_counter() - started
    print(f"{len(doc.text):,} characters in {len(chunks(doc, min(args.part, nlp.max_length)))} parts: "
          f"{len(records):,} records; read {read:.1f} s, extracted {took:.1f} s "
          f"({len(doc.text) / took:,.0f} characters/s); budget {DEFAULT_TIMEOUT:g} s")
    return 0 if read + took < DEFAULT_TIMEOUT else 1


if __name__ == "__main__":
    sys.exit(main())
