"""Worker processes: input order, the per-document time budget, and a resident worker kept across calls."""
from __future__ import annotations

import pytest

from pipeline import workers

from .conftest import PARISH, SEEDS, extract_stalls_on

SLOW = SEEDS[1]


@pytest.fixture
def stand_in(monkeypatch):
    """Extraction that sleeps on one document and is instant on the rest."""
    extract_stalls_on(monkeypatch, SLOW, 60)


def test_two_jobs_keep_input_order_and_a_document_over_budget_costs_only_itself(stand_in):
    paths = [SEEDS[0], SLOW, *PARISH]
    got = list(workers.process(paths, workers.Job(), jobs=2, timeout=3))
    assert [o.path for o in got] == paths
    assert got[1].error is not None and got[1].error.reason == "extraction exceeded 3 s"
    assert all(o.error is None and o.document is not None for i, o in enumerate(got) if i != 1)


def test_a_resident_worker_serves_many_documents_and_is_replaced_after_a_timeout(stand_in):
    held = workers.Resident(workers.Job(), timeout=3)
    try:
        first = held.run(SEEDS[0])
        pid = held.worker.proc.pid
        assert first.error is None and held.run(PARISH[0]).error is None
        assert held.worker.proc.pid == pid  # the same process, pipeline loaded once
        slow = held.run(SLOW)
        assert slow.error.reason == "extraction exceeded 3 s" and held.worker.stopped
        assert held.run(PARISH[1]).error is None and held.worker.proc.pid != pid
    finally:
        held.close()
