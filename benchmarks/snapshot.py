"""Records of every corpus document, written to a folder, and compared with an earlier snapshot.

    .venv/bin/python benchmarks/snapshot.py outputs/snap-before          # before a change
    .venv/bin/python benchmarks/snapshot.py outputs/snap-after --compare outputs/snap-before

A refactor proves itself by identical output: ``--compare`` lists every document whose records
differ (and how many were added and removed) and exits 1 if any did.  The documents are the
bundled corpus, the shared external and pool documents, and the shared invented cases, so a rule
change shows its side effects on every document we have.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from eval.gold import VALIDATION_COUNCILS  # noqa: E402
from pipeline.records import records_json  # noqa: E402

SHARED = ROOT.parent / "shared"
FOLDERS = [ROOT / "corpus", SHARED / "corpus" / "external", SHARED / "corpus" / "pool"]


def documents() -> list[Path]:
    """Every document file of the corpora (reference texts of PDFs and gold files left out)."""
    out = []
    for folder in FOLDERS:
        if folder.exists():
            out += [p for p in pipeline.expand_paths([folder]) if not p.name.endswith(".ref.txt")]
    return out


def key(path: Path) -> str:
    for folder in FOLDERS:
        if path.is_relative_to(folder):
            return f"{folder.name}/{path.relative_to(folder)}".replace("/", "__") + ".json"
    return path.name + ".json"


def snapshot(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in documents():
        try:
            doc = pipeline.read(path)
            data = records_json(doc, pipeline.extract(doc))
            data["document"]["source"] = key(path)[:-len(".json")]  # the same in every checkout and worktree
        except pipeline.ReadError as e:
            data = {"error": e.reason}
        (out / key(path)).write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))


def _lines(data: dict, offsets: bool = True) -> set[str]:
    """A document's output as comparable lines: each record, and each metadata field."""
    drop = () if offsets else ("start", "end", "id", "answers")
    recs = [{k: v for k, v in r.items() if k not in drop} for r in data.get("records") or []]
    meta = {k: v for k, v in (data.get("document") or {}).items() if offsets or k not in ("text_length", "id")}
    return {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in recs} | \
        {f"document.{k}={v}" for k, v in meta.items()} | ({f"error={data['error']}"} if "error" in data else set())


def _validation(name: str) -> bool:
    """Whether a snapshot file is a validation council's document, whose changes are never read."""
    return any(name.startswith(f"pool__{council}__") for council in VALIDATION_COUNCILS)


def compare(new: Path, old: Path, offsets: bool = True, show: int = 0) -> int:
    """Print the documents whose output differs (-removed +added lines); with ``offsets=False`` records
    that only moved in the text (a reader change) count as the same."""
    changed = 0
    for f in sorted(set(p.name for p in new.glob("*.json")) | set(p.name for p in old.glob("*.json"))):
        a = json.loads((old / f).read_text()) if (old / f).exists() else {}
        b = json.loads((new / f).read_text()) if (new / f).exists() else {}
        la, lb = _lines(a, offsets), _lines(b, offsets)
        if la != lb:
            changed += 1
            print(f"{f}: -{len(la - lb)} +{len(lb - la)}")
            if _validation(f):
                print("   (validation council: changed lines hidden; rules are never tuned on them)")
                continue
            for line in sorted(la - lb)[:show]:
                print("   -", line[:300])
            for line in sorted(lb - la)[:show]:
                print("   +", line[:300])
    print(f"{changed} documents differ")
    return 1 if changed else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--compare", type=Path, help="an earlier snapshot folder")
    ap.add_argument("--ignore-offsets", action="store_true", help="records that only moved are the same")
    ap.add_argument("--show", type=int, default=0, help="print up to N changed lines of each document")
    ap.add_argument("--no-extract", action="store_true", help="compare the folders as they are")
    args = ap.parse_args()
    if not args.no_extract:
        snapshot(args.out)
    return compare(args.out, args.compare, not args.ignore_offsets, args.show) if args.compare else 0


if __name__ == "__main__":
    sys.exit(main())
