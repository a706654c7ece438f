"""Accuracy: run `extract` over a gold folder and print the reference scorer's table.

    .venv/bin/python benchmarks/accuracy.py                 # development gold (corpus/gold) and our two Kent sets
    .venv/bin/python benchmarks/accuracy.py --gold corpus/gold --verbose

Each gold file names its reference text; that text is what is extracted
from (for the Kent gold, the PDF the text was read from).
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from benchmarks import reference_score  # noqa: E402
from pipeline.records import records_json  # noqa: E402

GOLD_SETS = {"development": ROOT / "corpus" / "gold", "kent (ours)": ROOT / "corpus" / "gold-kent",
             "kent, second pair (ours)": ROOT / "corpus" / "gold-kent-unseen"}
POOL = ROOT / "corpus" / "gold-pool"
# Chosen before any pool gold or score was seen (corpus/gold-pool/README.md).  Their misses are never
# printed: only aggregate scores.
VALIDATION_COUNCILS = ("garelochhead-cc", "newbiggin-pc", "durham-cc", "east-herts-dc")


def pool_councils(validation: bool) -> list[Path]:
    """The pool's council folders: the validation four, or the tuning ten."""
    return [d for d in sorted(POOL.iterdir()) if d.is_dir() and (d.name in VALIDATION_COUNCILS) == validation]


def flatten(councils: list[Path], out: Path) -> Path:
    """One gold folder for several councils' gold: ``<council>__<name>.json`` with absolute reference
    texts and document paths, so the reference scorer reads them as one set (follow-up gold is left out:
    its document names are per series)."""
    out.mkdir(parents=True, exist_ok=True)
    for council in councils:
        for g in sorted(council.glob("*.json")):
            if g.name.startswith("followups-"):
                continue
            data = json.loads(g.read_text(encoding="utf-8"))
            for key in ("reference_text", "document_path"):
                if data.get(key):
                    data[key] = str((g.parent / data[key]).resolve())
            (out / f"{council.name}__{g.name}").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def source_of(gold_file: Path) -> Path:
    """The document a gold file annotates: its ``document_path`` (pool gold, and our Kent gold, whose PDFs
    are read from ../shared/corpus/external/), else the reference text."""
    data = json.loads(gold_file.read_text(encoding="utf-8"))
    return (gold_file.parent / (data.get("document_path") or data["reference_text"])).resolve()


def predict(gold_dir: Path, out_dir: Path) -> None:
    for g in sorted(gold_dir.glob("*.json")):
        if g.name.startswith("followups-"):
            continue
        doc = pipeline.read(source_of(g))
        (out_dir / g.name).write_text(json.dumps(records_json(doc, pipeline.extract(doc)), ensure_ascii=False))


def score(gold_dir: Path, verbose: bool = False, pred_dir: Optional[Path] = None) -> dict:
    """The reference scorer's JSON report for ``gold_dir`` (and its printed table when verbose).
    ``pred_dir``: score these predictions instead of extracting now."""
    with tempfile.TemporaryDirectory() as tmp:
        if pred_dir is None:
            pred_dir = Path(tmp)
            predict(gold_dir, pred_dir)
        args = ["--gold", str(gold_dir), "--pred", str(pred_dir)]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            reference_score.main(args + ["--json"])
        report = json.loads(buf.getvalue())
        if verbose is not None:
            buf = io.StringIO()
            with contextlib.redirect_stdout(buf):
                reference_score.main(args + (["--verbose"] if verbose else []))
            report["table"] = buf.getvalue()
    return report


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
