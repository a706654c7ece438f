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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from benchmarks import reference_score  # noqa: E402
from pipeline.records import records_json  # noqa: E402

GOLD_SETS = {"development": ROOT / "corpus" / "gold", "kent (ours)": ROOT / "corpus" / "gold-kent",
             "kent, second pair (ours)": ROOT / "corpus" / "gold-kent-unseen"}


def source_of(gold_file: Path) -> Path:
    """The document a gold file annotates: the Kent PDF for our gold, else the reference text."""
    pdf = ROOT / "corpus" / "kent" / f"{gold_file.stem}.pdf"
    if pdf.exists():
        return pdf
    return (gold_file.parent / json.loads(gold_file.read_text())["reference_text"]).resolve()


def predict(gold_dir: Path, out_dir: Path) -> None:
    for g in sorted(gold_dir.glob("*.json")):
        if g.name.startswith("followups-"):
            continue
        doc = pipeline.read(source_of(g))
        (out_dir / g.name).write_text(json.dumps(records_json(doc, pipeline.extract(doc)), ensure_ascii=False))


def score(gold_dir: Path, verbose: bool = False) -> dict:
    """The reference scorer's JSON report for ``gold_dir`` (and its printed table when verbose)."""
    with tempfile.TemporaryDirectory() as tmp:
        predict(gold_dir, Path(tmp))
        args = ["--gold", str(gold_dir), "--pred", tmp]
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
            reference_score.main(args + ["--json"])
        report = json.loads(buf.getvalue())
        if verbose:
            reference_score.main(args + ["--verbose"])
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, help="one gold folder (default: development and both Kent sets)")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    args = ap.parse_args()
    sets = {args.gold.name: args.gold} if args.gold else GOLD_SETS
    micro = {}
    for name, folder in sets.items():
        print(f"== {name}: {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
        report = score(folder, verbose=True) if args.verbose else score(folder)
        if not args.verbose:
            with tempfile.TemporaryDirectory() as tmp:
                predict(folder, Path(tmp))
                reference_score.main(["--gold", str(folder), "--pred", tmp])
        micro[name] = report["micro"]["f1"]
        print()
    dev = micro.pop("development", None)
    for name, f1 in micro.items() if dev is not None else ():
        print(f"micro F1 gap, development vs {name}: {abs(dev - f1):.3f} (above 0.10 means the rules are overfit)")


if __name__ == "__main__":
    main()
