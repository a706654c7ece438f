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
