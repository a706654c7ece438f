"""The gold sets and how predictions are scored against them, for ``benchmarks/`` and ``tests/``.

Scoring is always done by the vendored scorer beside this file (``eval/score.py``), so that the
figures do not depend on what sits next to the repository; ``tests/test_accuracy.py`` checks that it
is identical to the client's ``../shared/eval/score.py`` whenever that is present.

Each gold file names its reference text and, where the document read is not that text (a PDF or
HTML page, ours in ``../shared``), the ``document_path`` to extract from.
"""
from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Optional

import pipeline
from pipeline.records import records_json

from . import score as reference_score

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold"
GOLD_SETS = {"development": GOLD / "dev", "kent (ours)": GOLD / "kent",
             "kent, second pair (ours)": GOLD / "kent-unseen"}
POOL = GOLD / "pool"
# Chosen before any pool gold or score was seen (gold/pool/README.md).  Their misses are never
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
    """Extract each gold file's document and write its records as ``<gold name>.json`` in ``out_dir``."""
    for g in sorted(gold_dir.glob("*.json")):
        if g.name.startswith("followups-"):
            continue
        doc = pipeline.read(source_of(g))
        (out_dir / g.name).write_text(json.dumps(records_json(doc, pipeline.extract(doc)), ensure_ascii=False))


def score(gold_dir: Path, verbose: Optional[bool] = False, pred_dir: Optional[Path] = None) -> dict:
    """The reference scorer's JSON report for ``gold_dir`` (and its printed table under ``table`` unless
    ``verbose`` is None).  ``pred_dir``: score these predictions instead of extracting now."""
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


def score_followups(gold_dir: Path, predictions: Path) -> dict:
    """The reference scorer's follow-up report: status and first-evidence accuracy of ``predictions``."""
    return reference_score.score_followups(gold_dir, predictions)
