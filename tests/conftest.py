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
