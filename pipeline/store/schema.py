"""The database file: table definitions, opening it, and the one way a transaction starts.

Every other module of the store writes through :func:`transaction` and
:func:`insert_row`, and reads through a connection from :func:`connect`,
:func:`open_existing` or :func:`opened`, so the pragmas (WAL, foreign keys,
busy timeout) and the schema version check live in this one place.

Concurrent ingests into one database: within an ingest only the main process
writes (workers read and extract); across ingests each transaction takes the
write lock up front and waits for it (busy timeout, then retries for up to
SCRUTINY_DB_WAIT seconds), so none fails with "database is locked".
"""
from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Union

DEFAULT_DB = Path("outputs/scrutiny.db")
# 2: documents keyed by id (so foreign keys to it resolve), FTS declared content="table" (detected by
# Datasette and sqlite-utils), follow-ups and question statuses linked to their records and evidence documents.
# 3: follow-ups carry their due date and agenda item; page offsets per document; meeting dates ISO.
# 4: documents carry the metadata the caller supplied and the pipeline stamp that extracted them.
# 5: each document's blocks (kind, offsets, page, label), so the follow-up linker reads the reader's blocks.
SCHEMA_VERSION = 5
DB = Union[str, Path, sqlite3.Connection]
MMAP_BYTES = 1 << 30

DOCUMENT_COLUMNS = ("id", "path", "source", "stem", "format", "council", "committee", "meeting_date", "title",
                    "doc_type", "url", "licence", "pages", "text_length", "text", "ingested_at", "supplied_meta",
                    "extracted_with")
# Every spec field, in the spec's order, then provenance.
SPEC_FIELDS = ("id", "type", "quote", "start", "end", "asker", "asker_role", "respondent", "respondent_role",
               "answers", "number", "kind", "owner", "requested_by", "due", "value", "value_high", "unit",
               "measure", "period")
RECORD_COLUMNS = ("document_id", "document") + SPEC_FIELDS + ("rule", "confidence", "page", "label", "extra")
FOLLOWUP_COLUMNS = ("document_id", "document", "action", "record", "quote", "status", "owner", "requested_by",
                    "due", "evidence", "evidence_document", "evidence_document_id", "evidence_quote",
                    "evidence_score", "evidence_method", "latest_document", "latest_document_id", "latest_quote",
                    "due_date", "due_basis", "item_no", "item_title", "extra")
ACTION_STATUSES = ("resolved", "progressed", "outstanding", "pending")
# What the tracker shows: the spec's four, and ``overdue`` (due date passed, not resolved) worked out when read.
TRACKER_STATUSES = ("resolved", "progressed", "overdue", "outstanding", "pending")
QUESTION_STATUSES = ("answered", "deferred", "unanswered")
BLOCK_COLUMNS = ("document_id", "seq", "kind", "start", "end", "page", "label", "table_index")
TABLES = ("documents", "records", "followups", "question_status", "errors", "pages", "blocks")

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER NOT NULL UNIQUE,
    id TEXT PRIMARY KEY,
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
    ingested_at TEXT NOT NULL,
    supplied_meta TEXT,
    extracted_with TEXT
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
    record INTEGER REFERENCES records(pk) ON DELETE CASCADE,
    quote TEXT,
    status TEXT NOT NULL,
    owner TEXT,
    requested_by TEXT,
    due TEXT,
    evidence TEXT NOT NULL DEFAULT '[]',
    evidence_document TEXT,
    evidence_document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    evidence_quote TEXT,
    evidence_score REAL,
    evidence_method TEXT,
    latest_document TEXT,
    latest_document_id TEXT REFERENCES documents(id) ON DELETE SET NULL,
    latest_quote TEXT,
    due_date TEXT,
    due_basis TEXT,
    item_no TEXT,
    item_title TEXT,
    extra TEXT,
    PRIMARY KEY (document_id, action)
);
CREATE INDEX IF NOT EXISTS followups_status ON followups(status);
CREATE INDEX IF NOT EXISTS followups_record ON followups(record);

CREATE TABLE IF NOT EXISTS question_status (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    document TEXT NOT NULL,
    question TEXT NOT NULL,
    record INTEGER REFERENCES records(pk) ON DELETE CASCADE,
    status TEXT NOT NULL,
    PRIMARY KEY (document_id, question)
);

CREATE TABLE IF NOT EXISTS errors (
    file TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS pages (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (document_id, page)
);

-- The reader's blocks of each document, located in its text (the text itself is text[start:end]).
CREATE TABLE IF NOT EXISTS blocks (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    page INTEGER,
    label TEXT,
    table_index INTEGER,
    PRIMARY KEY (document_id, seq)
);

-- The documents without their text: what a list of meetings shows (the text is on the row page).
CREATE VIEW IF NOT EXISTS documents_list AS
    SELECT pk, id, stem, council, committee, meeting_date, title, doc_type, format, pages, text_length, url,
           licence, source, path, ingested_at
    FROM documents;

-- Records and actions with their meeting and status, so a browser can facet them by council and committee.
CREATE VIEW IF NOT EXISTS records_by_meeting AS
    SELECT r.pk, d.council, d.committee, d.meeting_date, r.document, r.id, r.type, r.kind,
           COALESCE(f.status, qs.status) AS status, r.quote, r.asker, r.respondent, r.owner, r.due,
           r.value, r.unit, r.measure, r.period, r.page, r.document_id
    FROM records r JOIN documents d ON d.id = r.document_id
    LEFT JOIN followups f ON r.type = 'action' AND f.record = r.pk
    LEFT JOIN question_status qs ON r.type = 'question' AND qs.record = r.pk;
CREATE VIEW IF NOT EXISTS actions AS
    SELECT d.council, d.committee, d.meeting_date, f.document, f.action, f.status, f.owner, f.requested_by, f.due,
           f.quote, f.evidence_document, f.evidence_quote, f.latest_document, f.latest_quote, f.record, f.document_id
    FROM followups f JOIN documents d ON d.id = f.document_id;
-- What the store knows about itself: 'followups_stale' is set in the transaction that adds or removes a
-- document and cleared in the one that recomputes the tracker, so a tracker refresh that was killed is
-- redone by the next ingest even when that ingest adds nothing.
CREATE TABLE IF NOT EXISTS state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

"""

# The full-text indexes' tokenizer; anything that must split words as they do (champions.token_of) uses it.
FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"


def _fts_ddl(table: str, columns: tuple[str, ...]) -> str:
    """An FTS5 index over ``table``'s ``columns`` (external content), kept in sync by triggers.

    One definition serves both indexes, so the record and document indexes
    cannot drift apart in tokenizer or trigger logic.  ``content="table"`` is
    in double quotes because that is the form Datasette and sqlite-utils
    look for when they detect a table's search index.
    """
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    fts = f"{table}_fts"
    return f"""
CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5(
    {cols}, content="{table}", content_rowid="pk", tokenize='{FTS_TOKENIZER}');
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

# Columns later versions added to tables that existing databases already hold: (version, table, column, type).
# An older database gains them in place (``ALTER TABLE ... ADD COLUMN``: no rewrite, no data touched).
ADDED_COLUMNS = (
    (4, "documents", "supplied_meta", "TEXT"),   # JSON: the metadata the caller supplied, by source
    (4, "documents", "extracted_with", "TEXT"),  # the pipeline stamp of the extraction (NULL: before stamps)
)


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
        retry_busy(conn, "PRAGMA journal_mode = WAL")  # two ingests may create the database at once
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
    if not 1 <= version <= SCHEMA_VERSION or not _has_table(conn, "documents"):
        conn.close()
        raise StoreError(f"{path} is not a scrutiny database (schema version {version}, expected {SCHEMA_VERSION})")
    if version < SCHEMA_VERSION:  # written by an earlier scrutiny: brought up to date once, then read as usual
        try:
            ensure_schema(conn)
        except sqlite3.DatabaseError as e:
            conn.close()
            raise StoreError(f"cannot upgrade {path} from schema version {version} ({e}): "
                             f"run `scrutiny ingest PATH --db {path}` where the file is writable") from None
    # Readers take pages straight from the OS page cache instead of copying each into SQLite's 2 MB cache: a
    # search over a million records touches a record and a document row per match (benchmarks/search.py).
    # Here only, not in connect(): a writer's RSS would count the mapped pages.
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return conn


def in_memory_copy(path: Union[str, Path]) -> sqlite3.Connection:
    """An in-memory copy of the database at ``path`` (empty where there is none), schema in place.

    For a dry run: everything an ingest would do happens to the copy, and
    the file is never written.  A Parquet dataset's folder is loaded into one.
    """
    if Path(path).is_dir():
        from .parquet import is_dataset, open_dataset

        if is_dataset(path) or any(Path(path).iterdir()):  # an empty folder is a dataset yet to be written
            return open_dataset(path)
    memory = sqlite3.connect(":memory:", isolation_level=None)
    if Path(path).is_file():
        source = open_existing(path)
        try:
            source.backup(memory)
        finally:
            source.close()
    _configure(memory)
    ensure_schema(memory)
    return memory


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
    """Create the tables, indexes and triggers that are missing; update an older database; refuse a newer one."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"database schema version {version} is newer than this scrutiny ({SCHEMA_VERSION})")
    if 1 <= version < SCHEMA_VERSION and _has_table(conn, "documents"):
        _migrate(conn)
        return
    with transaction(conn):
        _create(conn)


def _create(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# Rebuilt, not altered, by a migration: what they hold is derived from documents and records.
_DERIVED = ("records_fts", "documents_fts", "followups", "question_status")
# From schema 4 on, an update only adds tables (5: ``blocks``): nothing is copied, no index rebuilt, no
# follow-up recomputed, so a database of a million records is brought up to date at once.
ONLY_TABLES_ADDED_SINCE = 4


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring an older database to the current schema in one transaction, keeping every document and record.

    From schema 4, the tables added since are created and that is all.  Before it:

    ``documents`` is copied into a table keyed by ``id`` (SQLite cannot
    change a primary key in place), keeping each row's ``pk`` and rowid;
    the full-text indexes are recreated and rebuilt from their tables, and
    the follow-ups recomputed, since both are derived data.  Foreign keys
    are off while tables are swapped, so nothing cascades.
    """
    if conn.execute("PRAGMA user_version").fetchone()[0] >= ONLY_TABLES_ADDED_SINCE:
        with transaction(conn):
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version < SCHEMA_VERSION:  # else another process updated it while this one waited for the lock
                _add_columns(conn, version)
                _create(conn)
                _unstamp_documents_without_blocks(conn)
        return
    conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction, hence before it
    try:
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                return  # another process updated it while this one waited for the write lock
            for kind, name in conn.execute("SELECT type, name FROM sqlite_master "
                                           "WHERE type IN ('trigger', 'view')").fetchall():
                conn.execute(f'DROP {kind.upper()} "{name}"')
            for table in _DERIVED:
                conn.execute(f"DROP TABLE IF EXISTS {table}")
            _add_columns(conn, conn.execute("PRAGMA user_version").fetchone()[0])  # so the copy below has them
            documents = next(s for s in _statements(SCHEMA) if s.startswith("CREATE TABLE IF NOT EXISTS documents "))
            conn.execute(documents.replace(" documents ", " documents_new ", 1))
            columns = ", ".join(("pk",) + DOCUMENT_COLUMNS)
            conn.execute(f"INSERT INTO documents_new (rowid, {columns}) SELECT pk, {columns} FROM documents")
            conn.execute("DROP TABLE documents")
            conn.execute("ALTER TABLE documents_new RENAME TO documents")
            _iso_meeting_dates(conn)
            _create(conn)
            _unstamp_documents_without_blocks(conn)
            for table in ("records", "documents"):
                conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise StoreError(f"{len(problems)} rows refer to missing documents or records")
            from .followups import refresh_followups  # here: followups imports this module
            refresh_followups(conn)
    finally:
        conn.execute("PRAGMA foreign_keys = ON")



def _iso_meeting_dates(conn: sqlite3.Connection) -> None:
    """Schema 1 stored a manifest's ``14/01/2025`` as given: read day first now, or cleared (the document is
    then reported as left out of follow-ups)."""
    from ..dates import parse_day

    for pk, value in conn.execute("SELECT pk, meeting_date FROM documents WHERE meeting_date IS NOT NULL").fetchall():
        day = parse_day(value)
        conn.execute("UPDATE documents SET meeting_date = ? WHERE pk = ?", (day.isoformat() if day else None, pk))


def _unstamp_documents_without_blocks(conn: sqlite3.Connection) -> None:
    """Before schema 5 no blocks were stored: such a document's pipeline stamp is cleared, so the next ingest
    that names it reads and extracts it again and stores its blocks (until then the follow-up linker splits its
    text into lines, which gives the same passages)."""
    conn.execute("UPDATE documents SET extracted_with = NULL "
                 "WHERE id NOT IN (SELECT DISTINCT document_id FROM blocks)")


def _add_columns(conn: sqlite3.Connection, version: int) -> None:
    """Give a database of an older schema ``version`` the columns added since (see ``ADDED_COLUMNS``)."""
    for since, table, column, kind in ADDED_COLUMNS:
        have = {c["name"] for c in conn.execute(f"PRAGMA table_info({table})")}
        if since > version and column not in have:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


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
    begin(conn)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# How long a writer waits for others in all (SCRUTINY_DB_WAIT, seconds): busy_timeout alone gives up after
# 10 s, and another ingest's follow-up refresh over a large database holds the write lock longer than that.
DEFAULT_DB_WAIT = 600.0


def db_wait() -> float:
    return float(os.environ.get("SCRUTINY_DB_WAIT") or DEFAULT_DB_WAIT)


def _busy(e: sqlite3.OperationalError) -> bool:
    return "locked" in str(e) or "busy" in str(e)


def retry_busy(conn: sqlite3.Connection, sql: str) -> sqlite3.Cursor:
    """Run ``sql``, waiting while another connection holds the database (each try waits busy_timeout, then
    a short pause), for up to SCRUTINY_DB_WAIT seconds in all; past that, one line says who to wait for."""
    deadline = time.monotonic() + db_wait()
    pause = 0.05
    while True:
        try:
            return conn.execute(sql)
        except sqlite3.OperationalError as e:
            if not _busy(e):
                raise
            if time.monotonic() >= deadline:
                raise StoreError(f"the database is busy: another process (an ingest?) has held it for over "
                                 f"{db_wait():g} s; try again when it has finished (SCRUTINY_DB_WAIT sets the wait)") \
                    from None
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def begin(conn: sqlite3.Connection) -> None:
    """Take the write lock (``BEGIN IMMEDIATE``), waiting for other writers rather than failing."""
    retry_busy(conn, "BEGIN IMMEDIATE")


def insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    """INSERT one row given as {column: value}."""
    columns = ", ".join(f'"{c}"' for c in row)  # quoted: "end" is an SQL keyword
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
