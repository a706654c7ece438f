"""Start-up: wall time of `scrutiny --help` and `scrutiny search`, against `python -c pass` in the same run.

    .venv/bin/python benchmarks/startup.py [--repeat 15]

Each command runs as a fresh process, as a user types it; the median of
``--repeat`` runs is its figure (runs alternate, so a busy moment hits every
command alike).  Goal: both under 0.3 s.  Also checks that neither command
imports spaCy, pandas, pyarrow, Dask or a reader library, and that the
English pipeline, asked for twice under two names, loads once.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HEAVY = ("spacy", "pandas", "numpy", "pyarrow", "dask", "distributed", "lxml", "pypdfium2", "docx", "pdfplumber")


def small_database(folder: Path) -> Path:
    """One parish meeting ingested: a real database for `search` to open and query."""
    db = folder / "startup.db"
    subprocess.run([str(BIN / "scrutiny"), "ingest", str(ROOT / "corpus" / "parish" / "stokeferry-pc-2012-07-11.txt"),
                    "--db", str(db), "--no-progress"], check=True, capture_output=True)
    return db


def wall(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def heavy_imports(args: list[str]) -> list[str]:
    """The heavy packages imported by running the CLI with ``args`` in a fresh interpreter."""
    code = ("import sys\nfrom pipeline.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print('HEAVY:', *sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    return [line for line in out.stdout.splitlines() if line.startswith("HEAVY:")][-1].split()[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="scrutiny-startup-") as tmp:
        db = small_database(Path(tmp))
        commands = {
            "python -c pass (baseline)": [sys.executable, "-c", "pass"],
            "scrutiny --help": [str(BIN / "scrutiny"), "--help"],
            "scrutiny search": [str(BIN / "scrutiny"), "search", "speed watch", "--type", "action", "--db", str(db)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, cmd in commands.items():
                times[name].append(wall(cmd))
        base = statistics.median(times["python -c pass (baseline)"])
        print(f"{'command':<28}{'median s':>10}{'x baseline':>12}{'over baseline s':>17}")
        for name, ts in times.items():
            med = statistics.median(ts)
            print(f"{name:<28}{med:>10.3f}{med / base:>12.1f}{med - base:>17.3f}")
        for label, cli_args in (("--help", ["--help"]), ("search", ["search", "speed watch", "--db", str(db)])):
            print(f"heavy imports by `scrutiny {label}`: {', '.join(heavy_imports(cli_args)) or 'none'}")
    check = ("from pipeline import config\nfrom pipeline.nlp import get_nlp\n"
             "print(get_nlp() is get_nlp(config.spacy_model()))")
    same = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    print(f"English pipeline loaded once per process (get_nlp() is get_nlp(name)): {same}")


if __name__ == "__main__":
    main()
