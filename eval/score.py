#!/usr/bin/env python3
# Vendored copy of the client's reference scorer (../shared/eval/score.py): the one copy benchmarks and
# tests score with (eval/gold.py).  tests/test_accuracy.py checks it is identical when ../shared is present.
"""Score extracted records against gold annotations (see spec/RECORDS.md).

    python3 eval/score.py --gold corpus/gold --pred outputs/pred [--json] [--verbose]
    python3 eval/score.py --gold corpus/gold --followups followups.json

Standard library only. Gold file <name>.json is paired with prediction
file <name>.json; a missing prediction file counts as an empty one.
"""
import argparse
import html
import json
import re
import signal
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

TYPES = ("question", "answer", "resolution", "action", "figure")
ATTRS = {
    "question": ("asker", "asker_role"),
    "answer": ("respondent", "respondent_role"),
    "resolution": ("number", "kind"),
    "action": ("kind", "owner", "requested_by", "due"),
    "figure": ("unit", "kind", "period", "measure", "value_high"),
}
NAME_ATTRS = {"asker", "respondent", "owner", "requested_by"}
TEXT_ATTRS = {"due", "measure"}
TITLES = {"councillor", "cllr", "mr", "mrs", "ms", "miss", "dr", "the", "a", "an", "cc"}
STOP = {"the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "at", "by", "with", "who", "were", "was", "be"}
DOC_ATTRS = ("council", "committee", "meeting_date", "title", "doc_type")


def norm_text(s):
    s = html.unescape(re.sub(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>", " ", s))  # markup left in a text is not text
    s = unicodedata.normalize("NFKC", s)
    s = s.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                   "\u2013": "-", "\u2014": "-", "\u2010": "-", "\u2011": "-",
                                   "\u00a0": " ", "\u00b7": " ", "\u2022": " "}))
    return re.sub(r"\s+", " ", s).strip()


def tokens(s):
    return [t for t in re.findall(r"[a-z0-9%£.]+", norm_text(s or "").lower()) if t not in STOP]


def dice_tokens(a, b):
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = 0
    pool = list(tb)
    for t in ta:
        if t in pool:
            pool.remove(t)
            common += 1
    return 2 * common / (len(ta) + len(tb))


def occurrences(text, q):
    out, i = [], text.find(q)
    while i >= 0:
        out.append(i)
        i = text.find(q, i + 1)
    return out


def locate(text, quote, rel=None, context=None, occurrence=None):
    """Return (start, end) of quote in normalised text, or None."""
    q = norm_text(quote or "")
    if not q:
        return None
    if context:
        c = norm_text(context)
        ci = text.find(c)
        if ci < 0:
            ci = text.lower().find(c.lower())
        if ci >= 0:
            qi = c.lower().find(q.lower())
            if qi >= 0:
                return ci + qi, ci + qi + len(q)
    hits = occurrences(text, q) or occurrences(text.lower(), q.lower())
    if hits:
        if occurrence and 1 <= occurrence <= len(hits):
            s = hits[occurrence - 1]
        elif rel is not None:
            s = min(hits, key=lambda h: abs(h / max(len(text), 1) - rel))
        else:
            s = hits[0]
        return s, s + len(q)
    # tolerant fallback: anchor on the first and last words of the quote
    if len(q) >= 24:
        head, tail = q[:16].lower(), q[-16:].lower()
        low = text.lower()
        best = None
        for hs in occurrences(low, head):
            te = low.find(tail, hs)
            if te >= 0:
                span = (hs, te + len(tail))
                if 0.6 * len(q) <= span[1] - span[0] <= 1.6 * len(q):
                    if best is None or (rel is not None and abs(hs / len(text) - rel) < abs(best[0] / len(text) - rel)):
                        best = span
        if best:
            return best
        # last resort: best fuzzy window of the same length
        sm = SequenceMatcher(None, low, q.lower(), autojunk=False)
        m = sm.find_longest_match(0, len(low), 0, len(q))
        if m.size >= max(12, len(q) // 3):
            s = max(0, m.a - m.b)
            return s, min(len(text), s + len(q))
    return None


def name_norm(s):
    toks = [t for t in re.findall(r"[a-z]+", norm_text(s).lower()) if t not in TITLES]
    return toks


def attr_ok(attr, gold, pred):
    if pred == gold:  # also lets gold score itself where it lists alternatives
        return True
    if isinstance(gold, list):
        return any(attr_ok(attr, g, pred) for g in gold)
    if pred is None:
        return gold is None
    if attr in NAME_ATTRS:
        g, p = name_norm(str(gold)), name_norm(str(pred))
        if not g or not p:
            return g == p
        short, long_ = (g, p) if len(g) <= len(p) else (p, g)
        return g == p or set(short) <= set(long_)
    if attr in TEXT_ATTRS:
        return dice_tokens(str(gold), str(pred)) >= 0.5
    if attr == "number":
        f = lambda x: re.sub(r"[()\s.:\-]+$", "", re.sub(r"^[(\s]+", "", str(x))).lower()
        return f(gold) == f(pred)
    if attr == "period":
        f = lambda x: re.sub(r"[\s]", "", norm_text(str(x)).lower())
        return f(gold) == f(pred)
    if attr == "value_high":
        try:
            return abs(float(gold) - float(pred)) <= 1e-6 * max(1.0, abs(float(gold)))
        except (TypeError, ValueError):
            return False
    return norm_text(str(gold)).lower() == norm_text(str(pred)).lower()


def value_ok(g, p):
    try:
        return abs(float(g) - float(p)) <= 1e-6 * max(1.0, abs(float(g)))
    except (TypeError, ValueError):
        return False


def doc_attr_ok(attr, gold, pred):
    if pred == gold:
        return True
    if isinstance(gold, list):
        return any(doc_attr_ok(attr, g, pred) for g in gold)
    if pred is None:
        return False
    if attr == "council":
        drop = {"council", "borough", "london", "of", "metropolitan", "city", "county", "district", "the", "royal"}
        f = lambda x: [t for t in re.findall(r"[a-z]+", str(x).lower()) if t not in drop]
        return f(gold) == f(pred)
    if attr in ("committee", "title"):
        return dice_tokens(str(gold), str(pred)) >= (0.6 if attr == "committee" else 0.8)
    return norm_text(str(gold)).lower() == norm_text(str(pred)).lower()


def spans_match(typ, g, p):
    (gs, ge), (ps, pe) = g["_span"], p["_span"]
    ov = min(ge, pe) - max(gs, ps)
    if typ == "figure":
        return (ov > 0 and value_ok(g.get("value"), p.get("value"))), max(ov, 0)
    if ov <= 0:
        return False, 0
    d = 2 * ov / ((ge - gs) + (pe - ps))
    return d >= 0.5, d


def pair(typ, golds, preds):
    """One-to-one matching, best overlap first. Returns list of (g, p)."""
    cands = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            ok, score = spans_match(typ, g, p)
            if ok:
                cands.append((score, gi, pi))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in cands:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((golds[gi], preds[pi]))
    return pairs


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def score_doc(gold_path, pred_path, report):
    gold = load(gold_path)
    ref = gold.get("reference_text")
    text_path = (gold_path.parent / ref) if ref else None
    if not text_path or not text_path.exists():
        raise SystemExit(f"{gold_path}: reference_text {ref!r} not found")
    text = norm_text(text_path.read_text(encoding="utf-8", errors="replace"))
    pred = load(pred_path) if pred_path.exists() else {"document": {}, "records": []}
    precs = pred.get("records") or []
    ends = [r.get("end") for r in precs if isinstance(r.get("end"), int)]
    plen = (pred.get("document") or {}).get("text_length") or (max(ends) if ends else None)

    for r in gold["records"]:
        s, e = r.get("start"), r.get("end")
        if isinstance(s, int) and isinstance(e, int) and text[s:e].lower() == norm_text(r.get("quote") or "").lower():
            r["_span"] = (s, e)  # gold offsets count in the normalised text
        else:
            r["_span"] = locate(text, r.get("quote"), context=r.get("context"), occurrence=r.get("occurrence"))
        if r["_span"] is None:
            report["errors"].append(f"{gold_path.name}: gold {r.get('id')} quote not found: {r.get('quote')!r}")
    for r in precs:
        rel = (r["start"] / plen) if isinstance(r.get("start"), int) and plen else None
        r["_rel"] = rel
        r["_span"] = locate(text, r.get("quote"), rel=rel)
    spread_repeats(text, precs)

    doc = report["docs"].setdefault(gold_path.stem, {t: [0, 0, 0] for t in TYPES})
    gdoc, pdoc = gold.get("document", {}), pred.get("document") or {}
    for a in DOC_ATTRS:
        if gdoc.get(a) is not None:
            report["doc_attrs"].setdefault(a, [0, 0])
            report["doc_attrs"][a][1] += 1
            if doc_attr_ok(a, gdoc.get(a), pdoc.get(a)):
                report["doc_attrs"][a][0] += 1
            elif report["verbose"]:
                report["misses"].append(f"{gold_path.stem} document.{a}: gold {gdoc.get(a)!r} pred {pdoc.get(a)!r}")

    gold_to_pred = {}
    for typ in TYPES:
        gs = [r for r in gold["records"] if r.get("type") == typ and r["_span"]]
        ps = [r for r in precs if r.get("type") == typ and r.get("_span")]
        unlocated = sum(1 for r in precs if r.get("type") == typ and not r.get("_span"))
        req = [g for g in gs if not g.get("optional")]
        opt = [g for g in gs if g.get("optional")]
        main = pair(typ, req, ps)
        taken = {id(p) for _, p in main}
        rest = [p for p in ps if id(p) not in taken]
        soft = pair(typ, opt, rest)
        soft_taken = {id(p) for _, p in soft}
        n_pred = len(ps) - len(soft_taken) + unlocated
        tp = len(main)
        c = report["counts"][typ]
        c[0] += len(req)
        c[1] += n_pred
        c[2] += tp
        doc[typ][0] += len(req)
        doc[typ][1] += n_pred
        doc[typ][2] += tp
        for g, p in main + soft:
            gold_to_pred[g.get("id")] = p
        for g, p in main:
            for a in ATTRS[typ]:
                if a in g and g[a] is not None:
                    k = f"{typ}.{a}"
                    report["attrs"].setdefault(k, [0, 0])
                    report["attrs"][k][1] += 1
                    if attr_ok(a, g[a], p.get(a)):
                        report["attrs"][k][0] += 1
                    elif report["verbose"]:
                        report["misses"].append(f"{gold_path.stem} {g.get('id')} {k}: gold {g[a]!r} pred {p.get(a)!r}")
        if report["verbose"]:
            matched_g = {id(g) for g, _ in main}
            matched_p = taken | soft_taken
            for g in req:
                if id(g) not in matched_g:
                    report["misses"].append(f"{gold_path.stem} MISSED {typ} {g.get('id')}: {g.get('quote')[:120]!r}")
            for p in ps:
                if id(p) not in matched_p:
                    report["misses"].append(f"{gold_path.stem} EXTRA {typ} {p.get('id')}: {str(p.get('quote'))[:120]!r}")
    # question-answer links
    pred_by_id = {r.get("id"): r for r in precs}
    gold_q_of_pred = {id(p): gid for gid, p in gold_to_pred.items()}
    for g in gold["records"]:
        if g.get("type") != "answer" or not g.get("answers") or g.get("optional"):
            continue
        p = gold_to_pred.get(g.get("id"))
        if p is None:
            continue
        report["links"][1] += 1
        pq = pred_by_id.get(p.get("answers"))
        if pq is not None and gold_q_of_pred.get(id(pq)) == g["answers"]:
            report["links"][0] += 1


def spread_repeats(text, precs):
    """Predictions of one type quoting the same words go to distinct occurrences, in their own order.

    A short quote ("£7.50") can occur several times; each prediction is placed by its relative
    position, and offsets counted in a differently cleaned text can put two predictions on one
    occurrence. Keep the order of the predictions and give each its own occurrence where the text
    has enough of them.
    """
    groups = {}
    for r in precs:
        q = norm_text(r.get("quote") or "")
        if r.get("_span") and q and r.get("_rel") is not None:
            groups.setdefault((r.get("type"), q.lower()), []).append(r)
    low = text.lower()
    for (_, q), rs in groups.items():
        if len(rs) < 2 or len({r["_span"] for r in rs}) == len(rs):
            continue
        hits = occurrences(text, norm_text(rs[0]["quote"])) or occurrences(low, q)
        if len(hits) < len(rs):
            continue
        rs = sorted(rs, key=lambda r: r["_rel"])
        n, k, prev = len(text) or 1, len(rs), -1
        for i, r in enumerate(rs):
            # the nearest occurrence after the previous one that leaves room for the rest
            choices = range(prev + 1, len(hits) - (k - i - 1))
            j = min(choices, key=lambda c: abs(hits[c] / n - r["_rel"]))
            r["_span"] = (hits[j], hits[j] + len(q))
            prev = j


def stem_of(doc):
    """'dir/name.txt', 'name.txt' and 'name' all name the document 'name'."""
    name = str(doc or "").replace("\\", "/").split("/")[-1]
    return re.sub(r"\.(txt|html?|pdf|docx|xml|md)$", "", name, flags=re.I)


def score_followups(gold_dir, pred_path):
    """Status and first-evidence accuracy of predicted follow-ups against gold series files."""
    preds = load(pred_path)
    if isinstance(preds, dict):
        preds = preds.get("followups") or preds.get("links") or []
    out = {"series": {}, "matched": 0, "gold": 0, "status_ok": 0, "evidence_ok": 0, "evidence_of": 0, "confusion": {}}
    for sp in sorted(gold_dir.glob("followups-*.json")):
        series = load(sp)
        texts = {}
        for stem in series["documents"]:
            g = load(gold_dir / f"{stem}.json")
            texts[stem] = norm_text((gold_dir / g["reference_text"]).read_text(encoding="utf-8", errors="replace"))
        s_out = {"gold": 0, "matched": 0, "status_ok": 0}
        for stem, text in texts.items():
            golds = [dict(l) for l in series["links"] if l["document"] == stem]
            ps = [dict(p) for p in preds if stem_of(p.get("document")) == stem]
            for r in golds + ps:
                r["_span"] = locate(text, r.get("quote"))
            golds = [g for g in golds if g["_span"]]
            ps = [p for p in ps if p["_span"]]
            pairs = pair("action", golds, ps)
            by_gold = {id(g): p for g, p in pairs}
            for g in golds:
                out["gold"] += 1
                s_out["gold"] += 1
                p = by_gold.get(id(g))
                key = f"{g['status']}->{p.get('status') if p else 'missing'}"
                out["confusion"][key] = out["confusion"].get(key, 0) + 1
                if not p:
                    continue
                out["matched"] += 1
                s_out["matched"] += 1
                if p.get("status") == g["status"]:
                    out["status_ok"] += 1
                    s_out["status_ok"] += 1
                if g["status"] in ("resolved", "progressed") and g.get("evidence"):
                    out["evidence_of"] += 1
                    pe = p.get("evidence") or []
                    if pe and stem_of(pe[0].get("document")) == g["evidence"][0]["document"]:
                        out["evidence_ok"] += 1
        out["series"][series["series"]] = s_out
    return out


def prf(g, p, tp):
    pr = tp / p if p else 0.0
    rc = tp / g if g else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return pr, rc, f1


def main(argv=None):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--pred", type=Path)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--verbose", action="store_true", help="list every miss")
    ap.add_argument("--followups", type=Path, help="score `scrutiny followups --format json` output against gold followups-*.json")
    args = ap.parse_args(argv)
    if args.followups:
        f = score_followups(args.gold, args.followups)
        if args.json:
            print(json.dumps(f, indent=1))
        else:
            g = f["gold"] or 1
            print(f"gold actions {f['gold']}; matched {f['matched']}; status accuracy {f['status_ok'] / g:.3f}; "
                  f"first evidence {f['evidence_ok']}/{f['evidence_of']}")
            for k, v in sorted(f["confusion"].items()):
                print(f"  {k:<28}{v}")
        return 0
    report = {"counts": {t: [0, 0, 0] for t in TYPES}, "attrs": {}, "links": [0, 0],
              "doc_attrs": {}, "docs": {}, "errors": [], "misses": [], "verbose": args.verbose}
    if not args.pred:
        ap.error("--pred is required (or --followups)")
    golds = sorted(p for p in args.gold.glob("*.json") if not p.name.startswith("followups-"))
    if not golds:
        raise SystemExit(f"no gold files in {args.gold}")
    for gp in golds:
        score_doc(gp, args.pred / gp.name, report)
    out = {"types": {}, "attributes": {}, "documents": {}}
    G = P = T = 0
    for t, (g, p, tp) in report["counts"].items():
        pr, rc, f1 = prf(g, p, tp)
        out["types"][t] = {"gold": g, "pred": p, "tp": tp, "precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4)}
        G, P, T = G + g, P + p, T + tp
    pr, rc, f1 = prf(G, P, T)
    out["micro"] = {"gold": G, "pred": P, "tp": T, "precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4)}
    out["macro_f1"] = round(sum(v["f1"] for v in out["types"].values()) / len(TYPES), 4)
    for k, (ok, n) in sorted(report["attrs"].items()):
        out["attributes"][k] = {"correct": ok, "of": n, "accuracy": round(ok / n, 4) if n else None}
    for k, (ok, n) in sorted(report["doc_attrs"].items()):
        out["attributes"][f"document.{k}"] = {"correct": ok, "of": n, "accuracy": round(ok / n, 4) if n else None}
    ok, n = report["links"]
    out["answer_links"] = {"correct": ok, "of": n, "accuracy": round(ok / n, 4) if n else None}
    for d, counts in report["docs"].items():
        out["documents"][d] = {t: round(prf(*c)[2], 4) for t, c in counts.items()}
    out["gold_errors"] = report["errors"]
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"{'type':<11}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}")
    for t, v in out["types"].items():
        print(f"{t:<11}{v['gold']:>6}{v['pred']:>6}{v['tp']:>6}{v['precision']:>8.3f}{v['recall']:>8.3f}{v['f1']:>8.3f}")
    m = out["micro"]
    print(f"{'micro':<11}{m['gold']:>6}{m['pred']:>6}{m['tp']:>6}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}")
    print(f"macro F1 {out['macro_f1']:.3f}")
    print("attributes (accuracy on matched records):")
    for k, v in out["attributes"].items():
        acc = "-" if v["accuracy"] is None else f"{v['accuracy']:.3f}"
        print(f"  {k:<26}{v['correct']:>5}/{v['of']:<5}{acc}")
    al = out["answer_links"]
    print(f"answer->question links: {al['correct']}/{al['of']}")
    for e in report["errors"]:
        print("gold error:", e, file=sys.stderr)
    for line in report["misses"]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
