"""The database file: table definitions, opening it, and the one way a transaction starts.

Every other module of the store writes through :func:`transaction` and
:func:`insert_row`, and reads through a connection from :func:`connect`,
:func:`open_existing` or :func:`opened`, so the pragmas (WAL, foreign keys,
busy timeout) and the schema version check live in this one place.
"""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Union

DEFAULT_DB = Path("outputs/scrutiny.db")
SCHEMA_VERSION = 1
DB = Union[str, Path, sqlite3.Connection]
MMAP_BYTES = 1 << 30

DOCUMENT_COLUMNS = ("id", "path", "source", "stem", "format", "council", "committee", "meeting_date", "title",
                    "doc_type", "url", "licence", "pages", "text_length", "text", "ingested_at")
# Every spec field, in the spec's order, then provenance.
SPEC_FIELDS = ("id", "type", "quote", "start", "end", "asker", "asker_role", "respondent", "respondent_role",
               "answers", "number", "kind", "owner", "requested_by", "due", "value", "value_high", "unit",
               "measure", "period")
RECORD_COLUMNS = ("document_id", "document") + SPEC_FIELDS + ("rule", "confidence", "page", "label", "extra")
FOLLOWUP_COLUMNS = ("document_id", "document", "action", "quote", "status", "owner", "requested_by", "due",
                    "evidence", "evidence_document", "evidence_quote", "evidence_score", "evidence_method",
                    "latest_document", "latest_quote", "extra")
ACTION_STATUSES = ("resolved", "progressed", "outstanding", "pending")
QUESTION_STATUSES = ("answered", "deferred", "unanswered")
TABLES = ("documents", "records", "followups", "question_status", "errors")

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    stem TEXT NOT NULL,
    format TEXT,
    council TEXT,
    committee TEXT,
    meeting_date TEXT,
    title TEXT,
    doc_type TEXT,
    url TEXT,
    licence TEXT,
    pages INTEGER,
    text_length INTEGER,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_stem ON documents(stem);
CREATE INDEX IF NOT EXISTS documents_meeting ON documents(council, committee, meeting_date);

CREATE TABLE IF NOT EXISTS records (
    pk INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER,
    "end" INTEGER,
    asker TEXT,
    asker_role TEXT,
    respondent TEXT,
    respondent_role TEXT,
    answers TEXT,
    number TEXT,
    kind TEXT,
    owner TEXT,
    requested_by TEXT,
    due TEXT,
    value NUMERIC,
    value_high NUMERIC,
    unit TEXT,
    measure TEXT,
    period TEXT,
    rule TEXT,
    confidence REAL,
    page INTEGER,
    label TEXT,
    extra TEXT,
    UNIQUE (document_id, id)
);
CREATE INDEX IF NOT EXISTS records_type ON records(type);

CREATE TABLE IF NOT EXISTS followups (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    action TEXT NOT NULL,
    quote TEXT,
    status TEXT NOT NULL,
    owner TEXT,
    requested_by TEXT,
    due TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    evidence_document TEXT,
    evidence_quote TEXT,
    evidence_score REAL,
    evidence_method TEXT,
    latest_document TEXT,
    latest_quote TEXT,
    extra TEXT,
    PRIMARY KEY (document_id, action)
);
CREATE INDEX IF NOT EXISTS followups_status ON followups(status);

CREATE TABLE IF NOT EXISTS question_status (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (document_id, question)
);

CREATE TABLE IF NOT EXISTS errors (
    file TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    time TEXT NOT NULL
);

"""

def _fts_ddl(table: str, columns: tuple[str, ...]) -> str:
    """An FTS5 index over ``table``'s ``columns`` (external content), kept in sync by triggers.

    One definition serves both indexes, so the record and document indexes
    cannot drift apart in tokenizer or trigger logic.
    """
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(
    {cols}, content='{table}', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} BEGIN
    INSERT INTO {fts}(rowid, {cols}) VALUES (new.pk, {new});
END;
CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} BEGIN
    INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.pk, {old});
END;
CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {cols} ON {table} BEGIN
    INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.pk, {old});
    INSERT INTO {fts}(rowid, {cols}) VALUES (new.pk, {new});
END;
"""


SCHEMA += _fts_ddl("records", ("quote", "measure")) + _fts_ddl("documents", ("title", "text"))


class StoreError(Exception):
    """A database problem the user can act on; ``str()`` is one line."""


# ---- connections and transactions ------------------------------------------------

def connect(path: Union[str, Path] = DEFAULT_DB) -> sqlite3.Connection:
    """Open (creating if need be) the database at ``path``, in WAL mode with the schema in place.

    The connection is in autocommit mode: writes go through :func:`transaction`,
    which is the only place a transaction starts or ends.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _configure(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crashed process loses no committed document
        ensure_schema(conn)
    except (sqlite3.DatabaseError, StoreError) as e:
        conn.close()
        raise StoreError(f"cannot use {path} as a scrutiny database: {e}") from None
    return conn


def open_existing(path: Union[str, Path]) -> sqlite3.Connection:
    """Open a database that must already exist: reading never creates an empty file by mistake.

    A folder written by ``scrutiny ingest --out-parquet`` opens as an in-memory copy (:mod:`.parquet`).
    """
    path = Path(path)
    if path.is_dir():
        from .parquet import open_dataset

        return open_dataset(path)
    if not path.is_file():
        raise StoreError(f"no database at {path}: run `scrutiny ingest PATH --db {path}` first")
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:  # not SQLite at all
        conn.close()
        raise StoreError(f"{path} is not a scrutiny database ({e})") from None
    if version != SCHEMA_VERSION or not _has_table(conn, "documents"):
        conn.close()
        raise StoreError(f"{path} is not a scrutiny database (schema version {version}, expected {SCHEMA_VERSION})")
    # Readers take pages straight from the OS page cache instead of copying each into SQLite's 2 MB cache: a
    # search over a million records touches a record and a document row per match (benchmarks/search.py).
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


@contextmanager
def opened(db: DB) -> Iterator[sqlite3.Connection]:
    """A connection for an existing ``db``: a connection is used as is (and left open), a path opened and closed."""
    if isinstance(db, sqlite3.Connection):
        yield db
        return
    conn = open_existing(db)
    try:
        yield conn
    finally:
        conn.close()


def _configure(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 10000")  # a reader or second writer waits instead of failing


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables, indexes and triggers that are missing; refuse a database from a newer version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this scrutiny ({SCHEMA_VERSION})")
    with transaction(conn):
        for statement in _statements(SCHEMA):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    """Split the schema script into statements (triggers keep their inner semicolons)."""
    out, current = [], ""
    for line in script.strip().splitlines():
        current += line + "\n"
        if sqlite3.complete_statement(current):
            out.append(current.strip())
            current = ""
    return out


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All or nothing: commit when the block ends, roll back on any exception (Ctrl-C included).

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a concurrent writer
    waits (busy_timeout) rather than failing half-way.  Inside a transaction
    the caller already holds, a savepoint nests instead.
    """
    if conn.in_transaction:
        conn.execute("SAVEPOINT store")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK TO store")
            conn.execute("RELEASE store")
            raise
        conn.execute("RELEASE store")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    """INSERT one row given as {column: value}."""
    columns = ", ".join(f'"{c}"' for c in row)  # quoted: "end" is an SQL keyword
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
