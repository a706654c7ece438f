"""Every kind of bad input × parse / extract / ingest, then all of them in one batch with the bundled corpus.

    .venv/bin/python benchmarks/robustness.py          # also part of `make fuzz` and `make benchmarks`

Prints, last, one line:

    bad inputs: N kinds, C crashes, H hangs, U unclear messages, L good documents lost

- a crash: a traceback, an exit status other than 0 or 1, or the command dying;
- a hang: the command still running past its limit (the per-document budget is 60 s here);
- an unclear message: a refused input without exactly one line naming the file and the reason, or a
  good input reported as failing;
- a good document lost: a good input of a kind, or a corpus document of the mixed batch, not stored.

Each run is a forked copy of this process (spaCy loaded once, here), invoking the CLI in process with
click's runner, so a hang is stopped from outside and the next run goes on.  The kinds are those of
tests/bad_inputs.py, which the suite tests one by one.
"""
from __future__ import annotations

import multiprocessing as mp
import sqlite3
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pipeline  # noqa: E402
from pipeline import api  # noqa: E402
from tests.bad_inputs import KINDS, Made, build_all, clear, faults, refusal_lines  # noqa: E402

BUDGET = "60"
HANG_AFTER = 150.0  # seconds: past the budget, the worker restart and the batch's own work


def _invoke(conn, args: list[str], made: list[Made]) -> None:
    from click.testing import CliRunner

    from pipeline.cli import main

    try:
        with faults(made):
            result = CliRunner().invoke(main, args)
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        detail = "".join(traceback.format_exception(result.exception)) if crashed else ""
        conn.send((result.exit_code, result.stdout + result.stderr + detail, crashed))
    except BaseException as e:  # noqa: BLE001 - anything at all is a crash to report
        conn.send((-1, traceback.format_exc(), True))
        raise SystemExit(1) from e


def run(args: list[str], made: list[Made]) -> tuple[str, int, str]:
    """('ok' | 'crash' | 'hang', exit status, output) of one CLI command, run in a forked process."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_invoke, args=(child, args, made))
    proc.start()
    child.close()
    if not parent.poll(HANG_AFTER):
        proc.kill()
        proc.join()
        return "hang", -1, ""
    try:
        code, output, crashed = parent.recv()
    except EOFError:
        code, output, crashed = proc.exitcode, "the command's process died", True
    proc.join(10)
    crashed = crashed or "Traceback" in output or code not in (0, 1)
    return ("crash" if crashed else "ok"), code, output


def stored_ids(db: Path) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(db) as conn:
        return {r[0] for r in conn.execute("SELECT id FROM documents")}


def main() -> int:
    from pipeline.nlp import get_nlp

    get_nlp()
    problems: list[str] = []
    counts = {"crash": 0, "hang": 0, "unclear": 0, "lost": 0}

    def report(what: str, text: str) -> None:
        counts[what] += 1
        problems.append(f"  {what}: {text}")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        made = build_all(KINDS, tmp / "inputs")
        for i, m in enumerate(made):
            for command in ("parse", "extract", "ingest"):
                db = tmp / f"db{i}-{command}.db"
                args = {"parse": ["parse", str(m.path), "--format", "text"],
                        "extract": ["extract", str(m.path), "--out", str(tmp / f"out{i}")],
                        "ingest": ["ingest", str(m.path), "--db", str(db), "--no-progress"]}[command]
                started = time.monotonic()
                status, code, output = run(args + ["--timeout", BUDGET, "--jobs", "1"], [m])
                where = f"{m.kind.name} × {command} ({time.monotonic() - started:.1f} s)"
                if status != "ok":
                    report(status, f"{where}: {output.strip().splitlines()[-1:] or ''}")
                    continue
                lines = refusal_lines(output, m.named)
                if m.kind.good:
                    if code != 0 or lines:
                        report("unclear", f"{where}: a good document reported as failing: {lines or code}")
                    if command == "ingest":
                        wanted = {pipeline.read(p).id for p in api.expand_paths([m.path])}
                        if wanted - stored_ids(db):
                            report("lost", f"{where}: not stored")
                elif code != 1 or not lines or not all(clear(line, m.named, m.kind.reason) for line in lines):
                    report("unclear", f"{where}: exit {code}, {lines or 'no line naming the file'}")
        # All of them at once, with the bundled corpus: every good document must be stored.
        db = tmp / "mixed.db"
        corpus = ROOT / "corpus"
        status, code, output = run(["ingest", str(corpus), *(str(m.path) for m in made), "--db", str(db),
                                    "--no-progress", "--timeout", BUDGET, "--jobs", "2"], made)
        if status != "ok":
            report(status, f"mixed batch: {output.strip().splitlines()[-1:] or ''}")
        good = api.expand_paths([corpus] + [m.path for m in made if m.kind.good])
        lost = {pipeline.read(p).id: p for p in good}
        for doc_id in set(lost) - stored_ids(db):
            report("lost", f"mixed batch: {lost[doc_id]} not stored")
    print("\n".join(problems))
    print(f"bad inputs: {len(KINDS)} kinds, {counts['crash']} crashes, {counts['hang']} hangs, "
          f"{counts['unclear']} unclear messages, {counts['lost']} good documents lost")
    return 1 if any(counts.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
