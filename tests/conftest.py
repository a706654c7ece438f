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
