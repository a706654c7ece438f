"""Ingest throughput with 1 and 2 worker processes, and peak memory as the corpus grows.

    .venv/bin/python benchmarks/ingest.py [--copies 4] [--repeat 3] [--memory-copies 16]

The corpus is the bundled one repeated ``--copies`` times, every copy's
bytes varied (trailing whitespace after the end of each file), so that
each copy is a new document to the store rather than a duplicate it skips.
Each run is a fresh process ingesting into a fresh database, so model
load and worker start-up are counted as a user pays them.  Runs with 1 and
2 jobs alternate (paired) and the medians are compared: the figure is the
ratio, measured in this run.  Follow-up tracking is not timed (it runs
after the documents are stored; ``benchmarks/followups.py`` covers it).

Memory: peak RSS of the writer (this process's child doing the ingest)
and of its largest worker, for 1x and ``--memory-copies``x the corpus.
Flat means the 16x figures are within a few MB of the 1x ones.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def corpus_files() -> list[Path]:
    from pipeline import expand_paths

    return expand_paths([ROOT / "corpus"])


def varied_copy(data: bytes, k: int) -> bytes:
    """``data`` with trailing whitespace that differs for every ``k``: after a PDF's %%EOF, an XML or HTML
    root, or a text's last line, readers ignore it, so the copy reads the same but hashes differently."""
    tail = bytes(b" \n"[int(bit)] for bit in f"{k + 1:b}")
    return data + b"\n" + tail + b"\n"


def build_corpus(dest: Path, copies: int) -> list[Path]:
    """``copies`` copies of the bundled corpus below ``dest``, each file's bytes varied per copy."""
    files = corpus_files()
    out = []
    for k in range(copies):
        for f in files:
            target = dest / f"copy{k:03d}" / f.relative_to(ROOT / "corpus")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(varied_copy(f.read_bytes(), k))
            out.append(target)
    return out


def run_child(folders: list[Path], jobs: Any, db: Path) -> dict[str, Any]:
    """One ingest in a fresh process: seconds, documents stored, peak RSS of the writer and largest worker."""
    cmd = [sys.executable, __file__, "--child", jobs, str(db), *map(str, folders)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(jobs: str, db: str, folders: list[str]) -> None:
    """One measured ingest: JOBS is a number of local worker processes, or daskN for N LocalCluster workers
    (timed from the cluster being up: a real cluster is running before an ingest starts)."""
    import resource
    import time
    from contextlib import nullcontext

    from pipeline import store
    from pipeline.metadata import load_manifest

    manifest = load_manifest(ROOT / "corpus" / "MANIFEST.csv")
    conn = store.connect(db)
    dask = jobs.startswith("dask")
    n = int(jobs.removeprefix("dask"))
    t = time.perf_counter()
    if dask:
        from pipeline import distributed
    with distributed.cluster("local", n) if dask else nullcontext() as client:
        startup = time.perf_counter() - t
        t = time.perf_counter()
        runner = distributed.runner(client, absolute=False) if dask else None
        summary = store.ingest(conn, folders, manifest=manifest, progress=False, followups=False, jobs=n,
                               runner=runner)
        seconds = time.perf_counter() - t
    conn.close()
    kb = 1024  # ru_maxrss is in KiB on Linux
    me, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "cpu": me.ru_utime + me.ru_stime + workers.ru_utime + workers.ru_stime,
        "seconds": seconds, "startup": startup,
        "documents": summary.outcomes["new"], "failed": summary.outcomes["failed"],
        "writer_mb": me.ru_maxrss / kb, "worker_mb": workers.ru_maxrss / kb,
    }))


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def headroom(n: int = 15_000_000) -> float:
    """What two processes of pure Python get on this machine now: the time of two burns one after the other
    over the time of the same two side by side (2.0 on two idle cores; less when other work holds a core)."""
    import multiprocessing as mp
    import time

    t = time.perf_counter()
    _burn(n), _burn(n)
    serial = time.perf_counter() - t
    with mp.get_context("fork").Pool(2) as pool:
        t = time.perf_counter()
        pool.map(_burn, [n, n])
        parallel = time.perf_counter() - t
    return serial / parallel


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=4, help="corpus copies for the throughput runs (default 4)")
    ap.add_argument("--repeat", type=int, default=3, help="paired runs of 1 and 2 jobs (medians compared)")
    ap.add_argument("--memory-copies", type=int, default=16, help="corpus copies for the large memory run")
    ap.add_argument("--memory-jobs", type=int, default=2, help="jobs for the memory runs (default 2)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster runs")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)  # JOBS DB FOLDER...: one measured ingest
    args = ap.parse_args()
    if args.child:
        return child(args.child[0], args.child[1], args.child[2:])
    with tempfile.TemporaryDirectory(prefix="scrutiny-bench-") as tmp:
        tmp_path = Path(tmp)
        files = build_corpus(tmp_path / "corpus", max(args.copies, args.memory_copies))
        per_copy = len(files) // max(args.copies, args.memory_copies)
        copies = [tmp_path / "corpus" / f"copy{k:03d}" for k in range(max(args.copies, args.memory_copies))]
        kinds = ["1", "2"] + ([] if args.no_dask else ["dask1", "dask2"])
        runs: dict[str, list[dict[str, Any]]] = {k: [] for k in kinds}
        controls = []
        for r in range(args.repeat):
            controls.append(headroom())
            for kind in kinds:
                db = tmp_path / f"t{r}-{kind}.db"
                runs[kind].append(run_child(copies[:args.copies], kind, db))
                for p in tmp_path.glob(f"t{r}-{kind}.db*"):
                    p.unlink()
        n = per_copy * args.copies
        print(f"ingest of {n} documents ({args.copies}x the corpus of {per_copy}, bytes varied per copy), "
              f"{os.cpu_count()} cores, {args.repeat} paired runs, medians; follow-ups not timed")
        print(f"{'run':<22}{'seconds':>9}{'docs/s':>9}{'ratio':>8}{'CPU s':>8}   runs (s)")
        names = {"1": "1 job", "2": "2 jobs", "dask1": "Dask, 1 worker", "dask2": "Dask, 2 workers"}
        for kind in kinds:
            base = statistics.median(x["seconds"] for x in runs["dask1" if kind.startswith("dask") else "1"])
            secs = [x["seconds"] for x in runs[kind]]
            med = statistics.median(secs)
            cpu = statistics.median(x["cpu"] for x in runs[kind])
            print(f"{names[kind]:<22}{med:>9.2f}{n / med:>9.2f}{base / med:>8.2f}{cpu:>8.1f}   "
                  f"{', '.join(f'{s:.1f}' for s in secs)}")
        if not args.no_dask:
            local = statistics.median(x["seconds"] for x in runs["2"])
            print(f"Dask ratios are to Dask with 1 worker; Dask 2 workers vs 2 local jobs: "
                  f"{local / statistics.median(x['seconds'] for x in runs['dask2']):.2f}; LocalCluster start-up "
                  f"{statistics.median(x['startup'] for x in runs['dask2']):.1f} s (not timed)")
        print(f"control: two pure-Python processes side by side run {statistics.median(controls):.2f}x one after "
              f"the other on this machine now ({', '.join(f'{c:.2f}' for c in controls)}): the most 2 jobs can get")
        bad = [x for rs in runs.values() for x in rs if x["documents"] != n]  # every run stored every copy
        if bad:
            print(f"warning: a run stored {bad[0]['documents']} of {n} documents ({bad[0]['failed']} failed)")
        print(f"\npeak RSS, {args.memory_jobs} jobs")
        print(f"{'corpus':<8}{'docs':>6}{'writer MB':>11}{'worker MB':>11}{'seconds':>9}")
        for size in sorted({1, args.memory_copies}):
            m = run_child(copies[:size], str(args.memory_jobs), tmp_path / f"m{size}.db")
            print(f"{str(size) + 'x':<8}{m['documents']:>6}{m['writer_mb']:>11.0f}{m['worker_mb']:>11.0f}"
                  f"{m['seconds']:>9.1f}")


if __name__ == "__main__":
    main()
