"""The schema seen by other tools (Datasette, sqlite-utils) and the update of version-1 and version-4 databases.

Datasette finds a table's search index and its foreign-key links only in
the forms it looks for; these tests check them with the tools' own
detection code, on a database ingested from bundled documents.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline import store

from .conftest import PARISH, ROOT, SEEDS, fts_ok
from .conftest import rows

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

FILES = PARISH[:2] + [SEEDS[0]]
V1_SCHEMA = ROOT / "tests" / "data" / "schema_v1.sql"


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "scrutiny.db"
    conn = store.connect(path)
    store.ingest(conn, [str(p) for p in FILES], progress=False)
    conn.close()
    return path


def test_search_indexes_are_detected_by_datasette_and_sqlite_utils(db):
    from datasette.utils import detect_fts
    sqlite_utils = pytest.importorskip("sqlite_utils")

    conn = sqlite3.connect(db)
    assert detect_fts(conn, "records") == "records_fts"
    assert detect_fts(conn, "documents") == "documents_fts"
    sdb = sqlite_utils.Database(db)
    assert sdb["records"].detect_fts() == "records_fts"
    found = list(sdb["records"].search("missing children", columns=["document", "quote", "measure"]))
    assert found and all("missing" in f"{r['quote']} {r['measure']}".lower() for r in found)  # a figure's measure
    assert {r["document"] for r in found} == {SEEDS[0].stem}
    docs = list(sdb["documents"].search("village hall", columns=["stem"]))
    assert {r["stem"] for r in docs} <= {p.stem for p in PARISH} and docs


def test_foreign_keys_point_at_primary_keys_and_resolve(db):
    conn = store.open_existing(db)
    primary = {t: [c["name"] for c in conn.execute(f"PRAGMA table_info({t})") if c["pk"]]
               for t in ("documents", "records")}
    assert primary == {"documents": ["id"], "records": ["pk"]}
    fks = {(t, fk["from"]): (fk["table"], fk["to"]) for t in store.TABLES
           for fk in conn.execute(f"PRAGMA foreign_key_list({t})")}
    assert fks[("records", "document_id")] == ("documents", "id")
    assert fks[("followups", "record")] == ("records", "pk")
    assert fks[("followups", "evidence_document_id")] == ("documents", "id")
    assert fks[("followups", "latest_document_id")] == ("documents", "id")
    assert fks[("question_status", "record")] == ("records", "pk")
    for (table, column), (other, key) in fks.items():  # a link Datasette follows is to a row's primary key
        assert [key] == primary[other], (table, column)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # Every follow-up names its action record, and every evidence document is linked by id.
    linked = conn.execute("""SELECT f.action, r.id, r.type, f.evidence_document, d.stem FROM followups f
                             JOIN records r ON r.pk = f.record
                             LEFT JOIN documents d ON d.id = f.evidence_document_id""").fetchall()
    assert len(linked) == conn.execute("SELECT count(*) FROM followups").fetchone()[0] > 0
    assert all(a == rid and t == "action" and ev == stem for a, rid, t, ev, stem in linked)
    assert any(ev is not None for _, _, _, ev, _ in linked)
    assert conn.execute("SELECT count(*) FROM question_status WHERE record IS NULL").fetchone()[0] == 0


def test_documents_list_is_every_document_without_its_text(db):
    conn = store.open_existing(db)
    columns = [c["name"] for c in conn.execute("PRAGMA table_info(documents_list)")]
    assert "text" not in columns and {"id", "stem", "council", "meeting_date", "text_length"} <= set(columns)
    assert sorted(r["stem"] for r in conn.execute("SELECT stem FROM documents_list")) == sorted(p.stem for p in FILES)


def test_document_rowid_is_its_pk(db):
    conn = store.open_existing(db)
    assert all(r[0] == r[1] for r in conn.execute("SELECT rowid, pk FROM documents"))


def _v1_database(path: Path) -> None:
    """A database as scrutiny wrote it before schema version 2 (documents keyed by pk, FTS content='x')."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(V1_SCHEMA.read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_a_version_1_database_is_updated_on_open_with_its_documents_and_records(db, tmp_path, extract_once):
    old = tmp_path / "v1.db"
    _v1_database(old)
    conn = sqlite3.connect(old, isolation_level=None)
    conn.row_factory = sqlite3.Row
    fresh = store.open_existing(db)
    for table in ("documents", "records"):
        have = {c["name"] for c in conn.execute(f"PRAGMA table_info({table})")}  # the columns version 1 had
        columns = [c["name"] for c in fresh.execute(f"PRAGMA table_info({table})") if c["name"] in have]
        quoted = ", ".join(f'"{c}"' for c in columns)
        for row in fresh.execute(f"SELECT {quoted} FROM {table} ORDER BY pk"):
            conn.execute(f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' * len(columns))})", tuple(row))
    assert "content='records'" in conn.execute("SELECT sql FROM sqlite_master WHERE name = 'records_fts'").fetchone()[0]
    conn.close()

    migrated = store.open_existing(old)  # reading an old database updates it
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    # version 1 kept no record of supplied metadata or of the pipeline: the next ingest extracts those again
    later = ("ingested_at", "supplied_meta", "extracted_with")
    for table in ("documents", "records", "followups", "question_status"):
        assert rows(migrated, table, drop=later) == rows(fresh, table, drop=later), table
    assert migrated.execute("SELECT count(*) FROM documents WHERE extracted_with IS NULL").fetchone()[0] > 0
    assert 'content="records"' in migrated.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'records_fts'").fetchone()[0]
    hits = store.search(migrated, "missing children")
    assert hits and hits == store.search(fresh, "missing children")
    migrated.execute("INSERT INTO records_fts(records_fts, rank) VALUES ('integrity-check', 1)")
    migrated.execute("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
    migrated.close()
    again = store.connect(old)  # and the updated file opens as current from then on
    assert rows(again, "records") == rows(fresh, "records")


def test_a_version_4_database_gains_blocks_and_its_documents_are_read_again_to_store_them(db, tmp_path):
    """Schema 5 keeps each document's blocks for the follow-up linker.  A database written before keeps every row
    and its follow-ups; its documents lose their pipeline stamp, so the next ingest reads them again and stores
    their blocks, and the follow-ups worked out from those blocks are the ones worked out from the text before."""
    old = tmp_path / "v4.db"
    source, target = sqlite3.connect(db), sqlite3.connect(old)
    source.backup(target)
    source.close()
    target.execute("DROP TABLE blocks")  # as scrutiny wrote it before blocks were kept
    target.execute("PRAGMA user_version = 4")
    target.close()
    fresh = store.open_existing(db)
    assert fresh.execute("SELECT count(DISTINCT document_id) FROM blocks").fetchone()[0] == len(FILES)

    migrated = store.open_existing(old)  # reading an old database updates it
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 5
    assert migrated.execute("SELECT count(*) FROM blocks").fetchone()[0] == 0
    unstamped = ("ingested_at", "extracted_with")
    for table in ("documents", "records", "followups", "question_status"):
        assert rows(migrated, table, drop=unstamped) == rows(fresh, table, drop=unstamped), table
    assert migrated.execute("SELECT count(*) FROM documents WHERE extracted_with IS NULL").fetchone()[0] == len(FILES)
    migrated.close()

    conn = store.connect(old)
    summary = store.ingest(conn, [str(p) for p in FILES], progress=False)
    assert summary.outcomes == Counter(reextracted=len(FILES))
    assert rows(conn, "blocks") == rows(fresh, "blocks")
    kinds = {r[0] for r in conn.execute("SELECT kind FROM blocks")}
    assert {"heading", "paragraph"} <= kinds
    for table in ("records", "followups", "question_status"):
        assert rows(conn, table) == rows(fresh, table), table
    conn.close()


def test_sqlite_utils_command_line_searches_the_records(db):
    exe = Path(sys.executable).with_name("sqlite-utils")
    if not exe.exists() and not shutil.which("sqlite-utils"):
        pytest.skip("the sqlite-utils command is not installed (it comes with the test extras)")
    out = subprocess.run([str(exe if exe.exists() else "sqlite-utils"), "search", str(db), "records",
                          "missing children", "-c", "quote", "--csv"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "missing" in out.stdout.lower() and len(out.stdout.splitlines()) > 1


def test_updating_a_version_4_database_adds_the_blocks_table_and_recomputes_nothing(db, tmp_path):
    """From schema 4 an update only adds tables: a million-record database opens at once, its follow-ups as they
    were (here one marked by hand, which a recomputation would overwrite)."""
    old = tmp_path / "v4.db"
    source, target = sqlite3.connect(db), sqlite3.connect(old)
    source.backup(target)
    source.close()
    target.execute("DROP TABLE blocks")
    target.execute("UPDATE followups SET evidence_score = -1 WHERE rowid = (SELECT min(rowid) FROM followups)")
    target.execute("PRAGMA user_version = 4")
    target.commit()
    target.close()
    migrated = store.open_existing(old)
    assert migrated.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert migrated.execute("SELECT count(*) FROM followups WHERE evidence_score = -1").fetchone()[0] == 1
    fts_ok(migrated)
    migrated.close()
