"""Shared fixtures: the bundled corpus (never ../shared, which CI need not have)."""
from __future__ import annotations

from pathlib import Path

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
