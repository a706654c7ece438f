"""The cost of adding one meeting to a stored series of 5, 20 and 80, against ingesting it alone.

    .venv/bin/python benchmarks/followups_cost.py [--sizes 5 20 80] [--repeat 3] [--full] [--mode both]

Each series is one council's meetings, a month apart: the corpus's text
documents (the Stoke Ferry minutes, the seeds, the Kent gold texts) in
turn, every copy's bytes varied (``benchmarks/ingest.varied_copy``) and its
council, committee and date given by a manifest, so each is a meeting of
its own.  The meeting added is Stoke Ferry's October 2012 minutes dated a
month after the series' last.  Timed, in this one process with the model
loaded (paired, medians of ``--repeat``):

* **alone**: ``store.ingest`` of that document into an empty database;
* **added**: the same ``store.ingest`` into a copy of the series' database
  (read, extract, store, and follow-ups brought up to date);

each both as a ``scrutiny ingest`` process (``--mode command``: what a
user pays, model load included, as the issue measured it) and inside this
process with the model loaded (``--mode in-process``: the stricter figure,
whose baseline is the extraction alone).

Each is shown as wall-clock seconds and as this process's CPU seconds (one
job, so all the work is in this process), which other programs on a shared
machine disturb less.

The figure is added / alone (goal: at most 2 at 80 meetings).  Building
each series is not timed; its documents are extracted once per distinct
text (copies share the records, as they share the words).  ``--full`` also
times ``store.refresh_followups`` on each series, which rebuilds every pair
as every ingest did before follow-ups were kept between runs.
"""
from __future__ import annotations

import argparse
import copy
import csv
import datetime
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.ingest import varied_copy  # noqa: E402

COUNCIL, COMMITTEE = "Benchmark Parish Council", "Parish Council"
FIRST_MEETING = datetime.date(2001, 1, 10)


def sources() -> list[Path]:
    corpus, gold = ROOT / "corpus", ROOT / "gold"
    return sorted((corpus / "parish").glob("*.txt")) + sorted((corpus / "seeds").glob("*.txt")) + \
        sorted((gold / "kent").glob("*.txt")) + sorted((gold / "kent-unseen").glob("*.txt"))


def meeting_date(i: int) -> str:
    month = FIRST_MEETING.month - 1 + i
    return FIRST_MEETING.replace(year=FIRST_MEETING.year + month // 12, month=month % 12 + 1).isoformat()


def write_series(folder: Path, n: int) -> tuple[list[Path], Path, Path]:
    """``n`` meetings and the one to add (dated after them), with a manifest for all: (series, new, manifest)."""
    src = sources()
    folder.mkdir(parents=True, exist_ok=True)
    files, rows = [], []
    for i in range(n + 1):
        origin = src[i % len(src)] if i < n else ROOT / "corpus" / "parish" / "stokeferry-pc-2012-10-10.txt"
        target = folder / f"meeting-{i:03d}.txt"
        target.write_bytes(varied_copy(origin.read_bytes(), i))
        files.append(target)
        rows.append({"path": target.name, "council": COUNCIL, "committee": COMMITTEE,
                     "meeting_date": meeting_date(i), "doc_type": "minutes"})
    manifest = folder / "MANIFEST.csv"
    with manifest.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return files[:-1], files[-1], manifest


def extracting_once() -> Any:
    """``pipeline.extract`` answering each distinct text once (for building the series, never timed)."""
    import pipeline

    real, cache = pipeline.extract, {}

    def extract(doc: Any) -> Any:
        if doc.text not in cache:
            cache[doc.text] = real(doc)
        return copy.deepcopy(cache[doc.text])

    return real, extract


def ingest(db: Path, files: list[Path], manifest: dict) -> tuple[float, float]:
    """Ingest ``files`` into ``db``: (seconds, CPU seconds of this process)."""
    from pipeline import store

    conn = store.connect(db)
    try:
        t, cpu = time.perf_counter(), time.process_time()
        summary = store.ingest(conn, [str(f) for f in files], manifest=manifest, progress=False, timeout=None,
                               jobs=1)
        took = time.perf_counter() - t, time.process_time() - cpu
    finally:
        conn.close()
    if summary.failures or summary.followups:
        raise SystemExit(f"ingest failed: {summary.failures or summary.followups}")
    return took


def ingest_command(db: Path, files: list[Path], manifest_file: Path) -> tuple[float, float]:
    """``scrutiny ingest`` of ``files`` into ``db`` in a fresh process, as a user runs it (model load included):
    (seconds, CPU seconds of the process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run([*scrutiny_command(), "ingest", *map(str, files), "--manifest", str(manifest_file),
                           "--db", str(db), "--no-progress", "--jobs", "1"], capture_output=True, text=True)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"scrutiny ingest failed: {done.stderr[-2000:]}")
    return took, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def scrutiny_command() -> list[str]:
    exe = Path(sys.executable).with_name("scrutiny")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[5, 20, 80])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--full", action="store_true", help="also time a full refresh of each series")
    ap.add_argument("--mode", choices=["command", "in-process", "both"], default="both",
                    help="time `scrutiny ingest` processes (as a user runs them), ingests in this warm process, or both")
    args = ap.parse_args(argv)
    modes = ["command", "in-process"] if args.mode == "both" else [args.mode]

    import pipeline
    from pipeline import store
    from pipeline.metadata import load_manifest

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real, cached = extracting_once()
        print(f"{'meetings':>8} {'mode':>10} {'alone s':>8} {'added s':>8} {'ratio':>6}  {'alone cpu':>9} "
              f"{'added cpu':>9} {'ratio':>6}  {'actions':>7}" + (f" {'full refresh s':>14}" if args.full else ""))
        for n in args.sizes:
            series, new, manifest_file = write_series(tmp / f"series-{n}", n)
            manifest = load_manifest(manifest_file)
            built = tmp / f"series-{n}.db"
            pipeline.extract = cached
            try:
                ingest(built, series, manifest)
            finally:
                pipeline.extract = real
            ingest(tmp / f"warm-{n}.db", [new], manifest)      # the model and pattern files loaded: not timed
            for mode in modes:
                alone, added = [], []
                for k in range(args.repeat):
                    empty, copy_db = tmp / f"alone-{n}-{mode}-{k}.db", tmp / f"added-{n}-{mode}-{k}.db"
                    shutil.copy(built, copy_db)
                    if mode == "command":
                        alone.append(ingest_command(empty, [new], manifest_file))
                        added.append(ingest_command(copy_db, [new], manifest_file))
                    else:
                        alone.append(ingest(empty, [new], manifest))
                        added.append(ingest(copy_db, [new], manifest))
                conn = store.connect(copy_db)
                actions = conn.execute("SELECT count(*) FROM followups").fetchone()[0]
                full = ""
                if args.full and mode == modes[-1]:
                    t = time.perf_counter()
                    store.refresh_followups(conn)
                    full = f" {time.perf_counter() - t:>14.2f}"
                conn.close()
                a, b = (statistics.median(t for t, _ in alone), statistics.median(t for t, _ in added))
                ac, bc = (statistics.median(c for _, c in alone), statistics.median(c for _, c in added))
                print(f"{n:>8} {mode:>10} {a:>8.2f} {b:>8.2f} {b / a:>6.2f}  {ac:>9.2f} {bc:>9.2f} {bc / ac:>6.2f}  "
                      f"{actions:>7}{full}", flush=True)
    print("ratio: adding one meeting to a stored series of that many, over ingesting it into an empty database "
          "(goal <= 2 at 80).  command: `scrutiny ingest` processes, model load included, as a user runs them; "
          "in-process: this warm process, extraction alone in the baseline.  cpu: CPU seconds, steadier on a "
          "shared machine")
    return 0


if __name__ == "__main__":
    sys.exit(main())
