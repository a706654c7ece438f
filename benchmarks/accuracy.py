"""Accuracy: run `extract` over a gold folder and print the reference scorer's table.

    .venv/bin/python benchmarks/accuracy.py                 # development gold (gold/dev), our two Kent sets, the pool
    .venv/bin/python benchmarks/accuracy.py --gold gold/dev --verbose

Each gold file names its reference text; that text is what is extracted
from, unless it names a ``document_path`` (the Kent PDFs and pool documents
of ../shared).  Scoring is eval/gold.py with the vendored eval/score.py.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.gold import GOLD_SETS, POOL, flatten, pool_councils, score  # noqa: E402


def gold_sets(tmp: Path) -> dict[str, tuple[Path, bool]]:
    """Every gold set by name: (folder, whether its misses may be read)."""
    sets = {name: (folder, True) for name, folder in GOLD_SETS.items()}
    if POOL.exists():
        sets["pool, tuning councils (ours)"] = (flatten(pool_councils(False), tmp / "pool-tuning"), True)
        sets["pool, validation councils (ours)"] = (flatten(pool_councils(True), tmp / "pool-validation"), False)
    return sets


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, help="one gold folder (default: every gold set)")
    ap.add_argument("--only", help="only the gold sets whose name contains this (e.g. pool)")
    ap.add_argument("--verbose", action="store_true", help="list every miss (never for validation councils)")
    ap.add_argument("--pred", type=Path, help="score the predictions in this folder (named as the gold) "
                                              "instead of extracting now")
    ap.add_argument("--json", action="store_true", help="print one JSON object of every set's report")
    args = ap.parse_args()
    reports = {}
    with tempfile.TemporaryDirectory() as tmp:
        sets = {args.gold.name: (args.gold, True)} if args.gold else gold_sets(Path(tmp))
        for name, (folder, readable) in sets.items():
            if args.only and args.only not in name:
                continue
            report = score(folder, verbose=args.verbose and readable, pred_dir=args.pred)
            table = report.pop("table")  # never the misses of a validation set: verbose is off for those
            reports[name] = report
            if not args.json:
                shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else f"{len(list(folder.glob('*.json')))} gold files"
                print(f"== {name}: {shown}")
                print(table)
    if args.json:
        print(json.dumps({k: {"micro": v["micro"], "types": v["types"], "attributes": v["attributes"]}
                          for k, v in reports.items()}, indent=1))
        return
    micro = {name: r["micro"]["f1"] for name, r in reports.items()}
    dev = micro.pop("development", None)
    for name, f1 in micro.items() if dev is not None else ():
        print(f"micro F1 gap, development vs {name}: {abs(dev - f1):.3f} (above 0.10 means the rules are overfit)")
    tune, val = micro.get("pool, tuning councils (ours)"), micro.get("pool, validation councils (ours)")
    if tune is not None and val is not None:
        print(f"micro F1 gap, pool tuning vs validation councils: {abs(tune - val):.3f} (goal: within 0.08)")


if __name__ == "__main__":
    main()
