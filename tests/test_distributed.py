"""Dask: a two-worker LocalCluster ingests the bundled corpus exactly as a plain ingest does; a partitioned
Parquet dataset holds what a database holds and the follow-up tracker and pipeline.dataset read it back.
Both go through the plain ingest's decisions (unchanged, duplicate, re-extraction, edited metadata)."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from pipeline import dataset, store
from pipeline.metadata import load_manifest
from pipeline.store import parquet

from .conftest import CORPUS, PARISH, SEEDS

pytest.importorskip("distributed")

from pipeline import distributed  # noqa: E402

MANIFEST = load_manifest(CORPUS / "MANIFEST.csv")

RECORD_SQL = 'SELECT document_id, document, id, type, quote, start, "end", asker, respondent, owner, due, value, ' \
             'unit, measure, rule, confidence, page, label, extra FROM records'
DOCUMENT_SQL = "SELECT id, path, source, stem, format, council, committee, meeting_date, title, doc_type, url, " \
               "licence, pages, text_length, text, supplied_meta, extracted_with FROM documents"
PAGE_SQL = 'SELECT document_id, page, start, "end" FROM pages'
BLOCK_SQL = 'SELECT document_id, seq, kind, start, "end", page, label, table_index FROM blocks'
FOLLOWUP_SQL = "SELECT document_id, action, status, evidence FROM followups"


def table(conn: sqlite3.Connection, sql: str, docs: set[str] | None = None) -> list[tuple]:
    rows = (tuple(r) for r in conn.execute(sql))
    return sorted((r for r in rows if docs is None or r[0] in docs), key=repr)


def assert_same_as(conn: sqlite3.Connection, plain: Path, followups: bool = True) -> None:
    """Records, documents, pages, blocks (and follow-ups) in ``conn`` are those of the plain ingest of the same
    documents (pk and times aside)."""
    docs = {r[0] for r in conn.execute("SELECT id FROM documents")}
    with sqlite3.connect(plain) as want:
        assert table(conn, DOCUMENT_SQL) == table(want, DOCUMENT_SQL, docs)
        assert table(conn, RECORD_SQL) == table(want, RECORD_SQL, docs)
        assert table(conn, PAGE_SQL) == table(want, PAGE_SQL, docs)
        assert table(conn, BLOCK_SQL) == table(want, BLOCK_SQL, docs) and table(conn, BLOCK_SQL)
        if followups:
            assert table(conn, FOLLOWUP_SQL) == table(want, FOLLOWUP_SQL)


@pytest.fixture(scope="module")
def client():
    with distributed.cluster("local", workers=2) as c:
        yield c


def test_a_two_worker_local_cluster_stores_what_a_plain_ingest_stores(corpus_db, client, tmp_path):
    assert len(client.nthreads()) == 2
    conn = store.connect(tmp_path / "dask.db")
    runner = distributed.runner(client, absolute=False)
    summary = store.ingest(conn, [str(CORPUS)], manifest=MANIFEST, progress=False, runner=runner)
    assert summary.outcomes["new"] > 10 and not summary.failures
    assert_same_as(conn, corpus_db)
    # the plain ingest's decisions: bytes held are skipped before any task is sent, a copy is a duplicate
    copy = tmp_path / "copy.txt"
    shutil.copy(PARISH[0], copy)
    again = store.ingest(conn, [str(CORPUS / "parish"), str(copy)], manifest=MANIFEST, progress=False, runner=runner)
    assert again.outcomes == {"unchanged": len(PARISH), "duplicate": 1}
    conn.close()


def test_parquet_dataset_reads_back_as_the_plain_database_and_refreshes_as_it_does(corpus_db, tmp_path):
    out = tmp_path / "parquet"
    inputs = [str(p) for p in PARISH + SEEDS]
    # in this process: which workers read is the runner's business (above), what is written the sink's
    summary, totals = parquet.ingest_parquet(out, inputs, manifest=MANIFEST, progress=False, jobs=1, timeout=None)
    assert summary.outcomes["new"] == len(inputs) and totals["documents"] == len(inputs)
    assert "council=Stoke Ferry Parish Council" in {p.parent.name for p in (out / "documents").glob("*/*.parquet")}
    got = store.open_existing(out)  # a folder opens as an in-memory copy, follow-ups computed
    assert_same_as(got, corpus_db, followups=False)
    assert got.execute("SELECT count(*) FROM followups").fetchone()[0] > 0
    got.close()
    frame = dataset.records(out)
    assert len(frame) == sum(totals["records"].values()) and frame["page"].dtype == "Int64"
    # --reextract writes the same documents again as later versions; readers keep one of each
    forced, totals = parquet.ingest_parquet(out, inputs[:2], manifest=MANIFEST, progress=False, reextract=True,
                                            jobs=1, timeout=None)
    assert forced.outcomes == {"forced": 2} and totals["documents"] == len(inputs)
    assert len(dataset.records(out)) == len(frame)


def test_parquet_ingest_skips_what_it_holds_and_redoes_a_batch_cut_short(tmp_path):
    out = tmp_path / "parquet"
    first, _ = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert first.outcomes["new"] == 2
    again, totals = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert again.outcomes == {"unchanged": 2} and totals["documents"] == 2
    # metadata given now that was not stored with them: extracted again, as a database would
    edited, totals = parquet.ingest_parquet(out, PARISH[:1], progress=False, meta={"committee": "Full Council"},
                                            jobs=1, timeout=None)
    assert edited.outcomes == {"metadata": 1} and totals["documents"] == 2
    # a crash after a batch's records but before its documents: the next run removes the orphan and redoes it
    docs = sorted((out / "documents").glob("*/*.parquet"))
    for part in docs:
        part.unlink()
    redo, totals = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert redo.outcomes["new"] == 2 and totals["documents"] == 2
    conn = parquet.open_dataset(out)
    assert conn.execute("SELECT count(DISTINCT document_id) FROM records").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == sum(totals["records"].values())


def test_a_dry_run_into_a_dataset_writes_nothing(tmp_path):
    out = tmp_path / "parquet"
    parquet.ingest_parquet(out, PARISH[:1], progress=False, jobs=1, timeout=None)
    before = sorted(out.rglob("*"))
    summary, totals = store.dry_run(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert summary.outcomes == {"unchanged": 1, "new": 1} and totals["documents"] == 2
    assert sorted(out.rglob("*")) == before


def test_a_folder_that_is_no_dataset_is_refused(tmp_path):
    with pytest.raises(store.StoreError, match="not a Parquet dataset"):
        store.open_existing(tmp_path)
