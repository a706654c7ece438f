"""Follow-ups brought up to date one ingest at a time equal a full refresh, in any order of ingest.

After every ingest (and a removal) the ``followups`` and ``question_status``
tables of the database are compared with those a full refresh computes on a
copy of it: the series of Stoke Ferry (one body), Kent's meetings (several
committees of one council, dated out of order), and where ../shared is
present the pool's Milburn series read through a manifest.
"""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline import store
from pipeline.metadata import load_manifest

from .conftest import CORPUS, PARISH, kent, shared
pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

POOL_GOLD = CORPUS.parent / "gold" / "pool" / "milburn-pc"
KENT_SOME_NAMES = ("kcc-county-council-2024-12-19", "kcc-cabinet-2025-01-09", "kcc-county-council-2025-01-09",
                   "kcc-cabinet-2025-01-30")


def tracker_tables(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Follow-ups and question statuses, order-free, with each row's record named by its id (not its pk)."""
    followups = conn.execute("SELECT f.*, r.id AS record_id FROM followups f LEFT JOIN records r ON r.pk = f.record")
    keep = [i for i, d in enumerate(followups.description) if d[0] != "record"]
    questions = conn.execute("SELECT q.document_id, q.document, q.question, q.status, r.id FROM question_status q "
                             "LEFT JOIN records r ON r.pk = q.record")
    return {"followups": sorted((tuple(row[i] for i in keep) for row in followups), key=repr),
            "question_status": sorted((tuple(row) for row in questions), key=repr)}


def refreshed(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """The tracker tables a full refresh computes on a copy of the database."""
    copy = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(copy)
    copy.row_factory = sqlite3.Row
    copy.execute("PRAGMA foreign_keys = ON")
    store.refresh_followups(copy)
    return tracker_tables(copy)


def ingest_one_at_a_time(db: Path, files: list[Path], manifest: dict) -> sqlite3.Connection:
    conn = store.connect(db)
    for path in files:
        summary = store.ingest(conn, [str(path)], manifest=manifest, progress=False, timeout=None)
        assert not summary.failures and summary.followups is None, (summary.failures, summary.followups)
        assert store.followups_complete(conn)
        assert tracker_tables(conn) == refreshed(conn), f"after adding {path.name}"
    return conn


ORDERS = {"in date order": [0, 1, 2, 3], "latest first": [3, 2, 1, 0], "out of order": [2, 0, 3, 1]}


@pytest.mark.parametrize("order", list(ORDERS))
def test_stoke_ferry_one_meeting_at_a_time_equals_a_full_refresh(tmp_path, order):
    manifest = load_manifest(CORPUS / "MANIFEST.csv")
    conn = ingest_one_at_a_time(tmp_path / "sf.db", [PARISH[i] for i in ORDERS[order]], manifest)
    statuses = {r[0] for r in conn.execute("SELECT status FROM followups")}
    assert statuses >= {"resolved", "outstanding", "pending"}
    assert any(json.loads(r[0]) for r in conn.execute("SELECT evidence FROM followups")), "some evidence"


def test_removing_a_meeting_and_storing_it_again_equal_a_full_refresh(tmp_path):
    manifest = load_manifest(CORPUS / "MANIFEST.csv")
    conn = ingest_one_at_a_time(tmp_path / "rm.db", PARISH, manifest)
    full = tracker_tables(conn)
    store.remove_document(conn, PARISH[1].stem)
    assert tracker_tables(conn) == refreshed(conn)
    assert tracker_tables(conn) != full
    store.ingest(conn, [str(PARISH[1])], manifest=manifest, progress=False, timeout=None)
    assert tracker_tables(conn) == full


def test_kent_committees_out_of_date_order_equal_a_full_refresh(tmp_path):
    """Cabinet and County Council meetings of one council, the later ones first: other bodies' documents,
    undated citations of the previous meeting of a body, and a meeting stored between two others."""
    KENT_SOME = [p for p in kent() if p.stem in KENT_SOME_NAMES]  # from ../shared/corpus/external
    assert len(KENT_SOME) == 4
    manifest = load_manifest(CORPUS / "MANIFEST.csv")
    files = [KENT_SOME[i] for i in (3, 0, 2, 1)]
    conn = ingest_one_at_a_time(tmp_path / "kent.db", files, manifest)
    assert conn.execute("SELECT count(*) FROM followups").fetchone()[0] > 0


def test_the_pool_series_through_a_manifest_one_meeting_at_a_time(tmp_path):
    """Milburn's minutes as their reference texts, council, committee and date from a manifest, the latest
    meetings first and then the rest, as a user catching up on a council would store them."""
    POOL = shared("corpus/pool/milburn-pc")
    rows = []
    for gold in sorted(POOL_GOLD.glob("parish-council-*.json")):
        meta = json.loads(gold.read_text(encoding="utf-8"))["document"]
        rows.append({"path": str((POOL / f"{gold.stem}.pdf.ref.txt").resolve()), "council": "Milburn Parish Council",
                     "committee": "Parish Council", "meeting_date": meta["meeting_date"], "doc_type": "minutes"})
    manifest_file = tmp_path / "manifest.csv"
    with manifest_file.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    files = [Path(r["path"]) for r in rows]
    order = files[-2:] + files[:3] + files[3:-2][::-1]
    conn = ingest_one_at_a_time(tmp_path / "pool.db", order, load_manifest(manifest_file))
    assert conn.execute("SELECT count(*) FROM followups WHERE status = 'resolved'").fetchone()[0] > 0


def test_a_changed_linker_works_the_kept_rows_out_again(tmp_path, monkeypatch):
    """The tracker's kept rows are the linker's work: with other linker code (here a stand-in for its source
    hash) an update judges every pair again, rather than serving what the old code decided."""
    files = sorted((CORPUS / "parish").glob("stokeferry-pc-2012-0*.txt"))[:2]
    conn = store.connect(tmp_path / "s.db")
    store.ingest(conn, [str(p) for p in files], progress=False, timeout=None)
    kept = dict(conn.execute("SELECT document_id, fingerprint FROM tracker_documents").fetchall())
    calls = []

    def tracking(docs, memo=None):
        from pipeline import followup
        calls.append([d.stem for d in docs])
        return followup.track(docs, memo=memo)

    store.update_followups(conn, track=tracking)
    assert calls == [], "the same linker: nothing to work out again"
    monkeypatch.setattr("pipeline.store.tracker_cache.linker_hash", lambda: "another-linker")
    store.update_followups(conn, track=tracking)
    assert len(calls) == 1 and len(calls[0]) == len(files)
    again = dict(conn.execute("SELECT document_id, fingerprint FROM tracker_documents").fetchall())
    assert again.keys() == kept.keys() and all(again[k] != kept[k] for k in kept)
    assert tracker_tables(conn) == refreshed(conn)
