"""Retrain the action textcat (``models/action_textcat``) from the gold.

    python -m pipeline.train                 # train on every training council, write models/action_textcat
    python -m pipeline.train --cv            # cross-validation by council: out-of-fold scores per threshold

Training councils: the development gold (``gold/dev``), our Kent gold (``gold/kent``) and the
pool's tuning councils.  Never the pool's validation councils (``eval/gold.py``'s
VALIDATION_COUNCILS) nor ``gold/kent-unseen``: both stay held out.

Each clause (utterance) of a training document, as the rule pipeline cuts it, is one example: COMMITMENT or
REQUEST when it overlaps a gold action as the scorer matches them (Dice >= 0.5 of located spans), NONE
otherwise; a clause matching only an optional gold action is left out.  A fixed seed makes retraining
give the same weights.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.training import Example

from .config import REPO_ROOT, models_dir
from .extraction import action_model

SEED = 7
EPOCHS = 6
TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
              "no_output_layer": False, "length": 2 ** 16},
}
POOL = REPO_ROOT / "gold" / "pool"


def training_gold() -> list[tuple[str, Path]]:
    """(council, gold file) of every training document; the validation councils and Kent-unseen never."""
    from eval.gold import VALIDATION_COUNCILS  # the pool's validation councils: held out

    out = []
    for g in sorted((REPO_ROOT / "gold" / "dev").glob("*.json")):
        if not g.name.startswith("followups-"):
            out.append(("stokeferry-pc" if g.name.startswith("stokeferry") else f"dev-{g.stem[:3]}", g))
    out += [("kent", g) for g in sorted((REPO_ROOT / "gold" / "kent").glob("*.json"))]
    for council in sorted(d for d in POOL.iterdir() if d.is_dir() and d.name not in VALIDATION_COUNCILS):
        out += [(council.name, g) for g in sorted(council.glob("*.json")) if not g.name.startswith("followups-")]
    return out


@dataclass
class Item:
    """One processed training document."""

    council: str
    gold: Path
    doc: object              # the spaCy Doc after the rule components
    examples: list           # (text, label or None for left out) per utterance, in order


def rule_doc(nlp: Language, gold: Path):
    """The document a gold file annotates, through every component except the trained one."""
    import pipeline
    from eval.gold import source_of
    from .nlp import make_doc

    doc = make_doc(nlp, pipeline.read(source_of(gold)))
    for name, proc in nlp.pipeline:
        if name != "scrutiny_action_model":
            doc = proc(doc)
    return doc


def _gold_actions(gold: Path, text: str) -> list[tuple[tuple[int, int], str, bool]]:
    from eval import score as rs

    out = []
    for r in json.loads(gold.read_text(encoding="utf-8"))["records"]:
        if r.get("type") != "action":
            continue
        s, e = r.get("start"), r.get("end")
        if isinstance(s, int) and isinstance(e, int) and text[s:e].lower() == rs.norm_text(r["quote"]).lower():
            span = (s, e)
        else:
            span = rs.locate(text, r.get("quote"), context=r.get("context"), occurrence=r.get("occurrence"))
        kind = r.get("kind")
        kind = (kind[0] if isinstance(kind, list) and kind else kind) or "commitment"
        if span:
            out.append((span, kind, bool(r.get("optional"))))
    return out


def label_utterances(doc, gold: Path) -> list[tuple[str, Optional[str]]]:
    """(clause text, label) for each utterance; label None when it matches only an optional gold action."""
    from eval import score as rs

    data = json.loads(gold.read_text(encoding="utf-8"))
    text = rs.norm_text((gold.parent / data["reference_text"]).read_text(encoding="utf-8", errors="replace"))
    golds = _gold_actions(gold, text)
    length = max(len(doc._.text), 1)
    out = []
    for u in doc._.utterances or []:
        label: Optional[str] = "NONE"
        span = rs.locate(text, doc._.text[u.start:u.end], rel=u.start / length)
        best = 0.0
        for g, kind, optional in golds if span else ():
            ov = min(g[1], span[1]) - max(g[0], span[0])
            d = 2 * ov / (g[1] - g[0] + span[1] - span[0]) if ov > 0 else 0.0
            if d >= 0.5 and d > best:
                best, label = d, (None if optional else kind.upper())
        out.append((action_model.clause_text(doc, u), label))
    return out


def load_items(nlp: Language) -> list[Item]:
    items = []
    for council, gold in training_gold():
        doc = rule_doc(nlp, gold)
        items.append(Item(council, gold, doc, label_utterances(doc, gold)))
    return items


def train(examples: list[tuple[str, str]], seed: int = SEED, epochs: int = EPOCHS) -> Language:
    """A blank English pipeline with one bag-of-words textcat trained on (text, label) pairs."""
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config=TEXTCAT_CONFIG)
    for label in action_model.LABELS:
        textcat.add_label(label)
    data = [Example.from_dict(nlp.make_doc(t), {"cats": {k: float(k == y) for k in action_model.LABELS}})
            for t, y in examples]
    optimizer = nlp.initialize(lambda: data[:200])
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(data)
        for i in range(0, len(data), 32):
            nlp.update(data[i:i + 32], sgd=optimizer, drop=0.0)
    return nlp


def save(nlp: Language, out: Path) -> None:
    """Write the pipeline, with a hash of its weights in meta.json: the rule stamp (pipeline/stamp.py) hashes
    the .json files under models/, so new weights make ``scrutiny ingest`` re-extract."""
    weights = nlp.get_pipe("textcat").model.to_bytes()
    nlp.meta["name"] = "scrutiny_action_textcat"
    nlp.meta["description"] = "Action clauses (NONE / COMMITMENT / REQUEST), trained by python -m pipeline.train"
    nlp.meta["scrutiny_weights_sha256"] = hashlib.sha256(weights).hexdigest()
    nlp.to_disk(out)


def examples_of(items: list[Item]) -> list[tuple[str, str]]:
    return [(t, y) for it in items for t, y in it.examples if y is not None]


def _flat_gold(items: list[Item], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for it in items:
        data = json.loads(it.gold.read_text(encoding="utf-8"))
        for key in ("reference_text", "document_path"):
            if data.get(key):
                data[key] = str((it.gold.parent / data[key]).resolve())
        (out / f"{it.council}__{it.gold.name}").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _score(gold_dir: Path, pred_dir: Path) -> dict:
    import contextlib
    import io

    from eval import score as reference_score

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        reference_score.main(["--gold", str(gold_dir), "--pred", str(pred_dir), "--json"])
    return json.loads(buf.getvalue())


def predictions(it: Item, proposals: list, threshold: float) -> dict:
    """The document's JSON: the rule records plus the proposals at or above ``threshold``."""
    from .extraction import finish
    from .records import records_json

    records = copy.deepcopy([r for r in it.doc._.records if r.quote.strip()] + [r for r, p in proposals if p >= threshold])
    records = finish(it.doc._.document, records)
    return records_json(it.doc._.document, records)


def cross_validate(items: list[Item], thresholds: list[float]) -> dict[float, dict]:
    """Leave one council out: out-of-fold predictions for every training document, scored per threshold."""
    councils = sorted({it.council for it in items})
    proposals: dict[int, list] = {}
    for council in councils:
        model = train(examples_of([it for it in items if it.council != council]))
        for k, it in enumerate(items):
            if it.council == council:
                proposals[k] = action_model.propose(it.doc, model, min(thresholds))
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir = Path(tmp) / "gold"
        _flat_gold(items, gold_dir)
        for t in thresholds:
            pred_dir = Path(tmp) / f"pred-{t}"
            pred_dir.mkdir()
            for k, it in enumerate(items):
                doc_json = predictions(it, proposals[k], t)
                (pred_dir / f"{it.council}__{it.gold.name}").write_text(json.dumps(doc_json, ensure_ascii=False))
            out[t] = _score(gold_dir, pred_dir)
    return out


def main(argv: Optional[list[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cv", action="store_true", help="cross-validate by council instead of writing the model")
    ap.add_argument("--out", type=Path, default=None, help="where to write the model (default models/action_textcat)")
    ap.add_argument("--thresholds", default="0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.01")
    args = ap.parse_args(argv)
    from .nlp import get_nlp

    items = load_items(get_nlp())
    ex = examples_of(items)
    print(f"{len(items)} documents, {len({i.council for i in items})} councils, {len(ex)} clauses, "
          f"{sum(y != 'NONE' for _, y in ex)} actions", file=sys.stderr)
    if args.cv:
        for t, rep in cross_validate(items, [float(x) for x in args.thresholds.split(",")]).items():
            a, m = rep["types"]["action"], rep["micro"]
            print(f"threshold {t:.2f}: micro F1 {m['f1']:.3f}  actions P {a['precision']:.3f} R {a['recall']:.3f} "
                  f"F1 {a['f1']:.3f}  action.kind/owner/due "
                  + "/".join(f"{rep['attributes'].get('action.' + k, {}).get('accuracy', float('nan')):.2f}"
                             for k in ("kind", "owner", "due")))
        return
    out = args.out or models_dir() / action_model.MODEL_DIR
    save(train(ex), out)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
