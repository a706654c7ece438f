"""Shared fixtures: the bundled corpus (never ../shared, which CI need not have)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEEDS = sorted((CORPUS / "seeds").glob("*.txt"))
PARISH = sorted((CORPUS / "parish").glob("*.txt"))
KENT = sorted((CORPUS / "kent").glob("*.pdf"))


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
