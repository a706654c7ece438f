"""Dask: a two-worker LocalCluster ingests the bundled corpus exactly as a plain ingest does, into SQLite
and into a partitioned Parquet dataset that the follow-up tracker and pipeline.dataset read back."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pipeline import dataset, store
from pipeline.metadata import load_manifest
from pipeline.store import parquet

from .conftest import CORPUS, PARISH

pytest.importorskip("distributed")

from pipeline import distributed  # noqa: E402

MANIFEST = load_manifest(CORPUS / "MANIFEST.csv")


def table(conn: sqlite3.Connection, sql: str) -> list[tuple]:
    return sorted((tuple(r) for r in conn.execute(sql)), key=repr)


def assert_same_as(conn: sqlite3.Connection, plain: Path) -> None:
    """Records, documents and follow-ups in ``conn`` are those of the plain ingest (pk and times aside)."""
    with sqlite3.connect(plain) as want:
        for sql in (RECORD_SQL, DOCUMENT_SQL, FOLLOWUP_SQL):
            assert table(conn, sql) == table(want, sql)


RECORD_SQL = 'SELECT document_id, document, id, type, quote, start, "end", asker, respondent, owner, due, value, ' \
             'unit, measure, rule, confidence, page, label, extra FROM records'
DOCUMENT_SQL = "SELECT id, path, source, stem, format, council, committee, meeting_date, title, doc_type, url, " \
               "licence, pages, text_length, text FROM documents"
FOLLOWUP_SQL = "SELECT document_id, action, status, evidence FROM followups"


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """The bundled corpus ingested the plain way, in this process."""
    db = tmp_path_factory.mktemp("plain") / "plain.db"
    conn = store.connect(db)
    store.ingest(conn, [CORPUS], manifest=MANIFEST, progress=False, jobs=1, timeout=None)
    conn.close()
    return db


@pytest.fixture(scope="module")
def client():
    with distributed.cluster("local", workers=2) as c:
        yield c


def test_a_two_worker_local_cluster_stores_what_a_plain_ingest_stores(plain, client, tmp_path):
    assert len(client.nthreads()) == 2
    conn = store.connect(tmp_path / "dask.db")
    summary = store.ingest(conn, [CORPUS], manifest=MANIFEST, progress=False,
                           runner=distributed.runner(client, absolute=False))
    assert summary.outcomes["new"] == 20 and not summary.failures
    assert_same_as(conn, plain)
    conn.close()


def test_parquet_dataset_reads_back_as_the_plain_database(plain, client, tmp_path):
    out = tmp_path / "parquet"
    summary, totals = parquet.ingest_parquet(out, [CORPUS], manifest=MANIFEST, progress=False,
                                             runner=distributed.runner(client, absolute=False))
    assert summary.outcomes["new"] == 20 and totals["documents"] == 20
    assert {p.parent.name for p in (out / "documents").glob("*/*.parquet")} >= {
        "council=Kent County Council", "council=Stoke Ferry Parish Council"}
    got = store.open_existing(out)  # a folder opens as an in-memory copy, follow-ups computed
    assert_same_as(got, plain)
    got.close()
    frame = dataset.records(out)
    assert len(frame) == sum(totals["records"].values()) and frame["page"].dtype == "Int64"
    assert set(dataset.followups(out)["status"]) <= set(store.ACTION_STATUSES)


def test_parquet_ingest_skips_what_it_holds_and_redoes_a_batch_cut_short(tmp_path):
    out = tmp_path / "parquet"
    first, _ = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert first.outcomes["new"] == 2
    again, totals = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert again.outcomes["unchanged"] == 2 and totals["documents"] == 2
    # a crash after a batch's records but before its documents: the next run removes the orphan and redoes it
    docs = sorted((out / "documents").glob("*/*.parquet"))
    docs[0].unlink()
    redo, totals = parquet.ingest_parquet(out, PARISH[:2], progress=False, jobs=1, timeout=None)
    assert redo.outcomes["new"] == 2 and totals["documents"] == 2
    conn = parquet.open_dataset(out)
    assert conn.execute("SELECT count(DISTINCT document_id) FROM records").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == sum(totals["records"].values())


def test_a_folder_that_is_no_dataset_is_refused(tmp_path):
    with pytest.raises(store.StoreError, match="not a Parquet dataset"):
        store.open_existing(tmp_path)
