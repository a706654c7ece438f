"""Follow-up linker quality on the gold series (status and first-evidence accuracy).

    python benchmarks/followups.py                 # actions from pipeline.read + pipeline.extract
    python benchmarks/followups.py --gold-actions  # gold action records: the linker alone
    python benchmarks/followups.py --both          # both modes
    python benchmarks/followups.py --gold-actions --verbose   # every gold action next to the prediction

Scoring is the reference scorer's ``score_followups`` (../shared/eval/score.py),
so the figures are the ones the project is measured by.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any, Optional

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from eval.gold import GOLD_SETS, POOL, VALIDATION_COUNCILS  # noqa: E402
from pipeline import followup  # noqa: E402

GOLD = GOLD_SETS["development"]


def gold_sets() -> list[tuple[str, Path, bool]]:
    """(name, folder, whether its misses may be shown) of every folder holding follow-up gold."""
    sets = [("development (Stoke Ferry)", GOLD, True)]
    if POOL.exists():
        for folder in sorted(d for d in POOL.iterdir() if d.is_dir() and any(d.glob("followups-*.json"))):
            validation = folder.name in VALIDATION_COUNCILS
            sets.append((f"pool: {folder.name}{' (validation)' if validation else ''}", folder, not validation))
    return sets
# The vendored copy of the client's scorer, the one every benchmark and test uses (tests/test_accuracy.py
# keeps it identical to ../shared/eval/score.py).
SCORER_CANDIDATES = (REPO / "eval" / "score.py",)


def load_scorer() -> Optional[Any]:
    """The reference scorer module (``score_followups``), or None when no copy is found."""
    for path in SCORER_CANDIDATES:
        if path.exists():
            spec = importlib.util.spec_from_file_location("reference_score", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.SOURCE = path
            return module
    return None


def series_stems(gold: Path = GOLD) -> dict[str, list[str]]:
    """Each gold series and its documents, oldest first."""
    out = {}
    for sp in sorted(gold.glob("followups-*.json")):
        data = json.loads(sp.read_text(encoding="utf-8"))
        out[data["series"]] = data["documents"]
    return out


def build_docs(stems: list[str], gold_actions: bool, gold: Path = GOLD) -> list[followup.MeetingDoc]:
    """Gold records on the reference texts, or the main pipeline's extraction of the same documents (the
    original PDF or HTML where the gold names it in ``document_path``), read as a user's files would be:
    no manifest, so council and meeting date come from the text."""
    gold_files = [gold / f"{s}.json" for s in stems]
    if gold_actions:
        return followup.docs_from_gold(gold_files)
    sources = []
    for gf in gold_files:
        data = json.loads(gf.read_text(encoding="utf-8"))
        sources.append((gf.parent / (data.get("document_path") or data["reference_text"])).resolve())
    return followup.docs_from_files(sources)


def predict(gold_actions: bool, gold: Path = GOLD) -> list[dict]:
    preds: list[dict] = []
    for _series, stems in series_stems(gold).items():
        preds.extend(f.to_dict() for f in followup.track(build_docs(stems, gold_actions, gold)))
    return preds


def report(mode: str, preds: list[dict], verbose: bool, gold: Path = GOLD) -> None:
    """Status and first-evidence accuracy of ``preds`` by the reference scorer, with its confusion table."""
    scorer = load_scorer()
    print(f"== {mode}: {len(preds)} predicted actions")
    if scorer is None:
        print("reference scorer is missing (eval/score.py): no figures")
        return
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(preds, fh)
        path = Path(fh.name)
    try:
        res = scorer.score_followups(gold, path)
    finally:
        path.unlink()
    status = res["status_ok"] / max(res["gold"], 1)
    on_matched = res["status_ok"] / max(res["matched"], 1)
    evidence = res["evidence_ok"] / max(res["evidence_of"], 1)
    print(f"gold actions {res['gold']}; matched {res['matched']}; status accuracy {status:.3f} "
          f"(on matched actions {on_matched:.3f}); first evidence {res['evidence_ok']}/{res['evidence_of']} "
          f"= {evidence:.3f}   [scorer: {scorer.SOURCE.relative_to(REPO.parent)}]")
    for k, v in sorted(res["confusion"].items()):
        print(f"  {k:<28}{v}")
    if verbose:
        show_misses(preds, gold)


def show_misses(preds: list[dict], gold: Path = GOLD) -> None:
    """Gold action, gold status and first evidence next to the prediction the reference scorer pairs it with
    (its own ``locate`` and ``pair``, so "missing" here is missing to the scorer too)."""
    scorer = load_scorer()
    for sp in sorted(gold.glob("followups-*.json")):
        series = json.loads(sp.read_text(encoding="utf-8"))
        for stem in series["documents"]:
            g_file = json.loads((gold / f"{stem}.json").read_text(encoding="utf-8"))
            text = scorer.norm_text((gold / g_file["reference_text"]).read_text(encoding="utf-8", errors="replace"))
            golds = [dict(g) for g in series["links"] if g["document"] == stem]
            ps = [dict(p) for p in preds if scorer.stem_of(p.get("document")) == stem]
            for r in golds + ps:
                r["_span"] = scorer.locate(text, r.get("quote"))
            by_gold = {id(g): p for g, p in scorer.pair("action", [g for g in golds if g["_span"]],
                                                          [p for p in ps if p["_span"]])}
            for g in golds:
                p = by_gold.get(id(g))
                status = p["status"] if p else "missing"
                g_ev = g["evidence"][0]["document"][-5:] if g.get("evidence") else "-"
                p_ev = p["evidence"][0]["document"][-5:] if p and p["evidence"] else "-"
                mark = "  " if status == g["status"] and (g_ev == p_ev or g["status"] not in ("resolved", "progressed")) else "XX"
                print(f"{mark} {stem[-5:]} {g['action']:<4} gold {g['status']:<11} {g_ev}  "
                      f"pred {status:<11} {p_ev}  | {g['quote'][:70]}")
                if p and mark == "XX":
                    for e in p["evidence"]:
                        print(f"        -> {e['document'][-5:]} {e['score']:.2f} {e['method']}: {e['quote'][:110]}")


def main(argv: Optional[list[str]] = None) -> int:
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold-actions", action="store_true", help="use the gold action records (the linker alone)")
    ap.add_argument("--both", action="store_true", help="report both modes")
    ap.add_argument("--verbose", action="store_true", help="list every gold action with the prediction")
    ap.add_argument("--only", help="only the gold sets whose name contains this (e.g. pool, milburn)")
    args = ap.parse_args(argv)
    modes = [True, False] if args.both else [args.gold_actions]
    for name, gold, readable in gold_sets():
        if args.only and args.only not in name:
            continue
        for gold_actions in modes:
            mode = f"{name}, {'gold actions' if gold_actions else 'extracted actions'}"
            report(mode, predict(gold_actions, gold), args.verbose and readable, gold)  # never validation misses
    return 0


if __name__ == "__main__":
    sys.exit(main())
