"""Shared fixtures: the bundled corpus, and the documents of ``../shared`` (each test that needs one asks
:func:`shared` for it, so it skips without ``../shared`` and fails under CI)."""
from __future__ import annotations

import copy
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
PARISH = sorted((CORPUS / "parish").glob("*.txt"))
BUILT = CORPUS / "built"  # made from the seeds by scripts/build_corpus.py: a DOCX, a ModernGov HTML page, a PDF
BUILT_PDF = BUILT / "thurrock-council-2015-07-22.pdf"
# The Kent County Council PDFs, read from ../shared/corpus/external/ (they came from another public
# repository, so they stay out of ours): names only, so that tests can be parametrised without ../shared.
KENT_NAMES = (
    "kcc-cabinet-2025-01-09.pdf", "kcc-cabinet-2025-01-30.pdf",
    "kcc-cabinet-report-budget-monitoring-nov-2024-25.pdf",
    "kcc-corporate-parenting-panel-2024-10-29.pdf", "kcc-corporate-parenting-panel-2024-12-10.pdf",
    "kcc-county-council-2024-12-19.pdf", "kcc-county-council-2025-01-09.pdf",
    "kcc-county-council-2025-02-13.pdf", "kcc-county-council-2025-03-13.pdf",
    "kcc-scrutiny-callin-family-hubs-report-2025-03-04.pdf",
)


SHARED = ROOT.parent / "shared"


def shared(relative: str) -> Path:
    """A file of ``../shared`` (documents from other public repositories stay there, never in the project).

    Skips with the reason when ``../shared`` is not beside the project; under CI (``CI=true``), where it
    always is, a missing file fails instead of hiding a broken test.
    """
    import os

    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the project")
        pytest.skip(f"{path} not found: ../shared is not beside the project")
    return path


def external(name: str) -> Path:
    """A document of ``../shared/corpus/external/`` (the Kent PDFs, ``moderngov/...``), by :func:`shared`."""
    return shared(f"corpus/external/{name}")


def kent(pattern: str = "*.pdf") -> list[Path]:
    """The Kent PDFs of ``../shared/corpus/external/`` whose names match ``pattern``, by :func:`external`."""
    from fnmatch import fnmatch

    return [external(n) for n in KENT_NAMES if fnmatch(n, pattern)]


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


def seed_paragraphs(name: str = "000_31e354d2ef60ea1b.txt", n: int = 6) -> list[str]:
    """Real paragraphs of a seed (the long ones), to build HTML/DOCX test files from."""
    text = (CORPUS / "seeds" / name).read_text(encoding="utf-8")
    paras = [p.strip() for p in text.split("\n") if len(p.strip()) > 120]
    return paras[:n]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The whole bundled corpus ingested with its manifest, as `make demo` builds it (read-only for tests)."""
    from pipeline import store
    from pipeline.metadata import load_manifest

    path = tmp_path_factory.mktemp("corpus-db") / "scrutiny.db"
    conn = store.connect(path)
    try:
        summary = store.ingest(conn, [str(CORPUS)], manifest=load_manifest(CORPUS / "MANIFEST.csv"), progress=False)
    finally:
        conn.close()
    assert not summary.failures, summary.failures
    return path


# ---- the store: extraction once per module, and comparing tables -------------------------------------

ROLLBACK_COLUMNS = ("ingested_at", "pk", "record")  # record: the records.pk its action got, numbered in store order


def rows(conn: sqlite3.Connection, table: str, drop: tuple[str, ...] = ROLLBACK_COLUMNS) -> list[tuple]:
    """A table's content, order-free and without columns that legitimately differ between runs."""
    cur = conn.execute(f"SELECT * FROM {table}")
    keep = [i for i, d in enumerate(cur.description) if d[0] not in drop]
    return sorted((tuple(r[i] for i in keep) for r in cur.fetchall()), key=repr)


def fts_ok(conn: sqlite3.Connection) -> None:
    """FTS5's own check that the external-content indexes match their tables (raises if not)."""
    conn.execute("INSERT INTO records_fts(records_fts, rank) VALUES ('integrity-check', 1)")
    conn.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")


@pytest.fixture(scope="module")
def extract_once():
    """Extraction is deterministic and slow: each document is extracted once per module, in process
    (a module asks for it with ``pytestmark = pytest.mark.usefixtures("extract_once")``).

    The store sees exactly what ``pipeline.extract`` returns (a fresh copy
    each time); only the repeated spaCy work is saved.
    """
    import pipeline
    from pipeline.records import Record

    real = pipeline.extract
    cache: dict[str, list[Record]] = {}

    def extract(doc):
        if doc.id not in cache:
            cache[doc.id] = real(doc)
        return copy.deepcopy(cache[doc.id])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "extract", extract)
        yield real


# ---- running the installed command ------------------------------------------------------

def scrutiny_command() -> list[str]:
    """The `scrutiny` console script of this environment (else the module), to run as a user would."""
    import sys

    exe = Path(sys.executable).with_name("scrutiny")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipeline.cli"]


def free_port() -> int:
    """A loopback port nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(args: list[str], port: int, timeout: float = 60) -> Iterator[str]:
    """`scrutiny serve ARGS` running until the block ends; yields its base URL once it answers."""
    import subprocess
    import time
    import urllib.request

    proc = subprocess.Popen(scrutiny_command() + ["serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"scrutiny serve {' '.join(args)} did not start: {proc.communicate()[0]}")
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
def long_minutes(chars: int) -> str:
    """A minutes document of at least ``chars`` characters, built from the corpus: the Stoke Ferry meetings
    and the seeds one after another, again and again, each under a heading of its own, as one long
    volume of minutes (a year's bound minutes, a budget book) reads."""
    meetings = [p.read_text(encoding="utf-8") for p in PARISH + SEEDS]
    parts, total, n = [], 0, 0
    while total < chars:
        text = meetings[n % len(meetings)]
        n += 1
        part = f"Part {n}: Minutes of Meeting {n}\n\n{text.strip()}\n\n"
        parts.append(part)
        total += len(part)
    return "".join(parts)
def extract_stalls_on(monkeypatch, path: Path, seconds: float) -> None:
    """pipeline.extract swapped for a stand-in that sleeps ``seconds`` on ``path`` and returns no records for
    every other document (worker processes are forked and inherit it): a document past its time budget."""
    import time

    import pipeline

    def stand_in(doc):
        if doc.stem == path.stem:
            time.sleep(seconds)
        return []

    monkeypatch.setattr(pipeline, "extract", stand_in)


# Hypothesis profiles for tests/test_fuzz.py: "ci" in the suite, "long" by hand (make fuzz).
try:
    import os
    from datetime import timedelta

    from hypothesis import HealthCheck, settings

    settings.register_profile("ci", max_examples=300, deadline=timedelta(seconds=5), derandomize=True,
                              print_blob=True, suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("long", max_examples=20_000, deadline=timedelta(seconds=5), print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
except ImportError:  # pragma: no cover - the test extras are not installed
    pass
