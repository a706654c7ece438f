"""The dataset: one embedded SQLite file holding documents, records and follow-ups.

``scrutiny ingest`` reads, extracts and stores; ``search``, ``followups``,
``export`` and :mod:`pipeline.dataset` read what is stored.  There is no
server: the database is a single file (default ``outputs/scrutiny.db``) in
WAL mode, so readers never block the ingest that is writing.

Tables
------
``documents``   one row per stored document, keyed by ``id``, the sha256 of
                the file's bytes.
                pk (integer rowid, for the full-text index), id, path (the
                absolute path it was read from; unique), source (the path as
                given), stem (file name without folder or extension: the name
                users and follow-ups see), format, council, committee,
                meeting_date (ISO), title, doc_type, url, licence, pages,
                text_length, text, ingested_at (UTC ISO time).
``records``     one row per extracted record.
                pk, document_id (-> documents.id), document (its stem), then
                every field of the records spec: id (q1, a1, r1, x1, f1 ...;
                unique within the document), type, quote, start, end, asker,
                asker_role, respondent, respondent_role, answers, number,
                kind, owner, requested_by, due, value, value_high, unit,
                measure, period; then provenance: rule, confidence, page,
                label, and extra (JSON of any further keys, else NULL).
                A field that does not apply to the record's type is NULL.
``followups``   one row per action, recomputed after every ingest by
                :func:`refresh_followups` (pipeline.followup.track).
                document_id, document (stem), action (record id), quote,
                status (resolved | progressed | outstanding | pending),
                owner, requested_by, due, evidence (JSON list of
                {document, quote, start, end, score, method}, earliest
                first), evidence_document / evidence_quote / evidence_score /
                evidence_method (the first evidence), latest_document /
                latest_quote (the last evidence), extra (JSON of any further
                keys of FollowUp.to_dict()).
``question_status``  one row per question, recomputed with the follow-ups:
                document_id, document (stem), question (record id), status
                (answered | deferred | unanswered).
``errors``      files that could not be stored: file (absolute path; one row
                per file, the latest failure), reason (one line), time.  A
                file's row goes when it is later stored.
``records_fts``, ``documents_fts``  FTS5 indexes (porter stemming, unicode61
                without diacritics) over records.quote + measure (a figure's
                quote is only "£2m"; its measure says what of) and
                documents.title + text: external-content tables kept in
                sync by triggers.

Identity: a document is its content.  Storing the same bytes again adds
nothing (a second copy under another path is reported as a duplicate);
new bytes under a path already stored replace that path's document and its
records.  Each document is written in one transaction, so an interrupted
ingest leaves whole documents only, and running it again completes the rest.
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Optional, Sequence, Union

from .document import Document, content_id
from .errors import ReadError
from .records import COMMON_FIELDS, PROVENANCE_FIELDS, RECORD_TYPES, TYPE_FIELDS, Record

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DEFAULT_DB = Path("outputs/scrutiny.db")
SCHEMA_VERSION = 1
DB = Union[str, Path, sqlite3.Connection]

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

CREATE VIRTUAL TABLE IF NOT EXISTS records_fts USING fts5(
    quote, measure, content='records', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS records_fts_insert AFTER INSERT ON records BEGIN
    INSERT INTO records_fts(rowid, quote, measure) VALUES (new.pk, new.quote, new.measure);
END;
CREATE TRIGGER IF NOT EXISTS records_fts_delete AFTER DELETE ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, quote, measure) VALUES ('delete', old.pk, old.quote, old.measure);
END;
CREATE TRIGGER IF NOT EXISTS records_fts_update AFTER UPDATE OF quote, measure ON records BEGIN
    INSERT INTO records_fts(records_fts, rowid, quote, measure) VALUES ('delete', old.pk, old.quote, old.measure);
    INSERT INTO records_fts(rowid, quote, measure) VALUES (new.pk, new.quote, new.measure);
END;

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='porter unicode61 remove_diacritics 2');
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
"""


class StoreError(Exception):
    """A database problem the user can act on; ``str()`` is one line."""


class QueryError(ValueError):
    """A search query FTS5 cannot run; ``str()`` is the one-line message users see."""


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
    """Open a database that must already exist: reading never creates an empty file by mistake."""
    path = Path(path)
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


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(f'"{c}"' for c in row)  # quoted: "end" is an SQL keyword
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


# ---- writing documents ----------------------------------------------------------

def document_row(doc: Document, path: Union[str, Path]) -> dict[str, Any]:
    """The ``documents`` row for a Document read from ``path``."""
    return {
        "id": doc.id, "path": str(Path(path).resolve()), "source": doc.source, "stem": doc.stem,
        "format": doc.format, "council": doc.council, "committee": doc.committee,
        "meeting_date": doc.meeting_date, "title": doc.title, "doc_type": doc.doc_type, "url": doc.url,
        "licence": doc.licence, "pages": doc.pages, "text_length": len(doc.text), "text": doc.text,
        "ingested_at": _now(),
    }


def record_row(record: Union[Record, dict[str, Any]], doc: Document) -> dict[str, Any]:
    """The ``records`` row for one record: spec fields as columns, anything else kept in ``extra``."""
    data = record.to_dict() if isinstance(record, Record) else dict(record)
    row: dict[str, Any] = {"document_id": doc.id, "document": doc.stem}
    for col in SPEC_FIELDS + ("rule", "confidence", "page", "label"):
        row[col] = data.pop(col, None)
    row["extra"] = json.dumps(data, ensure_ascii=False, sort_keys=True) if data else None
    return row


def save_document(conn: sqlite3.Connection, doc: Document, records: Iterable[Union[Record, dict[str, Any]]],
                  path: Optional[Union[str, Path]] = None) -> str:
    """Store one document and its records in one transaction; say what happened.

    Returns ``"unchanged"`` (these bytes are stored under this path),
    ``"duplicate"`` (these bytes are stored under another path: nothing is
    added), ``"replaced"`` (the path held other bytes: that document and
    its records are deleted first) or ``"new"``.
    """
    path = Path(path if path is not None else doc.source)
    row = document_row(doc, path)
    with transaction(conn):
        known = conn.execute("SELECT path FROM documents WHERE id = ?", (doc.id,)).fetchone()
        if known is not None:
            return "unchanged" if known["path"] == row["path"] else "duplicate"
        old = conn.execute("SELECT id FROM documents WHERE path = ?", (row["path"],)).fetchone()
        if old is not None:
            delete_document(conn, old["id"])
        _insert(conn, "documents", row)
        for record in records:
            _insert(conn, "records", record_row(record, doc))
        conn.execute("DELETE FROM errors WHERE file = ?", (row["path"],))
    return "replaced" if old is not None else "new"


def delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove a document with its records, follow-ups and question statuses (the FTS triggers follow)."""
    with transaction(conn):
        for table in ("followups", "question_status", "records"):
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def record_error(conn: sqlite3.Connection, file: Union[str, Path], reason: str) -> str:
    """Log why a file could not be stored (the latest failure per file); return the one-line reason."""
    reason = " ".join(str(reason).split()) or "unknown error"
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                     (str(Path(file).resolve()), reason, _now()))
    return reason


# ---- ingest ---------------------------------------------------------------------

@dataclass
class IngestSummary:
    """What one ingest run did, for the closing summary."""

    outcomes: Counter = field(default_factory=Counter)  # new / replaced / unchanged / duplicate / failed
    records: Counter = field(default_factory=Counter)   # records added, by type
    failures: list[tuple[str, str]] = field(default_factory=list)
    followups: Optional[str] = None                      # why follow-ups were not refreshed, if they were not
    interrupted: bool = False


def stored_hash(conn: sqlite3.Connection, path: Path) -> Optional[str]:
    """The content hash stored for ``path``, or None."""
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (str(path.resolve()),)).fetchone()
    return row["id"] if row else None


def _file_hash(path: Path) -> Optional[str]:
    """The sha256 of the file's bytes (the document id), or None when it cannot be read: read() will say why."""
    try:
        return content_id(path.read_bytes())
    except OSError:
        return None


def ingest_file(conn: sqlite3.Connection, path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None) \
        -> tuple[str, Counter, Optional[str]]:
    """Read, extract and store one file; return its outcome, the records added by type, and why it failed.

    An unchanged file is recognised by its hash before it is parsed, so a
    re-run only pays for what is new.  A failure is logged in ``errors``
    and reported as ``("failed", ..., reason)``; only Ctrl-C escapes.
    """
    from . import extract
    from .api import read

    digest = _file_hash(path)
    if digest is not None and stored_hash(conn, path) == digest:
        return "unchanged", Counter(), None
    if digest is not None and conn.execute("SELECT 1 FROM documents WHERE id = ?", (digest,)).fetchone():
        return "duplicate", Counter(), None
    try:
        doc = read(path, manifest=manifest)
        records = extract(doc)
    except ReadError as e:
        reason = e.reason
    except Exception as e:  # an extractor bug must not stop the batch
        reason = f"extraction failed ({type(e).__name__}: {e})"
    else:
        outcome = save_document(conn, doc, records, path)
        return outcome, Counter(r.type for r in records) if outcome in ("new", "replaced") else Counter(), None
    return "failed", Counter(), record_error(conn, path, reason)


def ingest(conn: sqlite3.Connection, paths: Iterable[Union[str, Path]],
           manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
           followups: bool = True) -> IngestSummary:
    """Ingest files, folders (recursive) and globs, one transaction per document, then refresh follow-ups.

    Follow-ups are recomputed across the whole database when a document was
    added or replaced (a new meeting can follow up any earlier one), or when
    some stored action has none yet; a run that changed nothing skips it.

    ``progress``: True or False forces the progress bar on or off; None shows
    it only on a terminal.  Ctrl-C stops after the last whole document and
    returns a summary marked ``interrupted`` (follow-ups are not refreshed).
    """
    from tqdm import tqdm

    from .api import expand_paths

    summary = IngestSummary()
    files = expand_paths(paths)
    bar = tqdm(files, unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True,
               disable=None if progress is None else not progress)
    try:
        for path in bar:
            outcome, added, reason = ingest_file(conn, path, manifest)
            summary.outcomes[outcome] += 1
            summary.records.update(added)
            if reason is not None:
                summary.failures.append((str(path), reason))
                bar.write(f"error: {path}: {reason}", file=sys.stderr)
    except KeyboardInterrupt:
        summary.interrupted = True
        return summary
    finally:
        bar.close()
    if followups and (summary.outcomes["new"] or summary.outcomes["replaced"] or not followups_complete(conn)):
        try:
            refresh_followups(conn)
        except ImportError as e:
            summary.followups = f"follow-ups not computed ({e})"
    return summary


def followups_complete(conn: sqlite3.Connection) -> bool:
    """Whether every stored action has its follow-up row: if so, an ingest that added nothing need not re-track."""
    actions = conn.execute("SELECT count(*) FROM records WHERE type = 'action'").fetchone()[0]
    return actions == conn.execute("SELECT count(*) FROM followups").fetchone()[0]


# ---- follow-ups -----------------------------------------------------------------

def stored_records(conn: sqlite3.Connection, doc_id: str) -> list[dict[str, Any]]:
    """A document's records as the spec-shaped dicts extraction gave (fields of its type, provenance, extras)."""
    out = []
    for row in conn.execute('SELECT * FROM records WHERE document_id = ? ORDER BY start, "end", pk', (doc_id,)):
        rec = {f: row[f] for f in COMMON_FIELDS}
        rec.update({f: row[f] for f in TYPE_FIELDS.get(row["type"], ())})
        rec.update({f: row[f] for f in PROVENANCE_FIELDS})
        if row["extra"]:
            rec.update(json.loads(row["extra"]))
        out.append(rec)
    return out


def meeting_keys(rows: Iterable[sqlite3.Row]) -> dict[str, str]:
    """A name per document id for follow-up tracking: its stem, unless two stored documents share one.

    ``track()`` knows documents only by name, and the same meeting may be
    stored twice (``x.pdf`` and ``x.txt``); those get ``stem@hash8`` so that
    neither hides the other.  Stored follow-ups map names back to documents.
    """
    rows = list(rows)
    counts = Counter(r["stem"] for r in rows)
    return {r["id"]: r["stem"] if counts[r["stem"]] == 1 else f"{r['stem']}@{r['id'][:8]}" for r in rows}


def refresh_followups(conn: sqlite3.Connection) -> int:
    """Recompute follow-ups and question statuses across every stored document; return the number of actions.

    Reading, tracking and rewriting happen in one transaction: readers see
    the old tracker or the new one, never a mix, and never one computed from
    documents that have since changed.
    """
    from .followup import MeetingDoc, question_statuses, track

    with transaction(conn):
        rows = conn.execute("SELECT id, stem, council, committee, meeting_date, doc_type, text FROM documents "
                            "ORDER BY meeting_date IS NULL, meeting_date, stem, id").fetchall()
        keys = meeting_keys(rows)
        ids = {key: doc_id for doc_id, key in keys.items()}
        stems = {keys[r["id"]]: r["stem"] for r in rows}
        docs = [MeetingDoc(stem=keys[r["id"]], council=r["council"], committee=r["committee"],
                           meeting_date=r["meeting_date"], doc_type=r["doc_type"], text=r["text"],
                           records=stored_records(conn, r["id"]))
                for r in rows]
        follow = track(docs)
        questions = question_statuses(docs)
        conn.execute("DELETE FROM followups")
        conn.execute("DELETE FROM question_status")
        for fu in follow:
            _insert(conn, "followups", followup_row(fu, ids, stems))
        for q in questions:
            conn.execute("INSERT OR REPLACE INTO question_status (document_id, document, question, status) "
                         "VALUES (?, ?, ?, ?)", (ids[q["document"]], stems[q["document"]], q["question"], q["status"]))
    return len(follow)


def followup_row(fu: Any, ids: dict[str, str], stems: dict[str, str]) -> dict[str, Any]:
    """The ``followups`` row for one FollowUp: evidence as JSON plus its first and latest mention as columns."""
    data = dict(fu.to_dict())
    evidence = [dict(e) for e in data.pop("evidence", None) or []]
    for e in evidence:
        e["document"] = stems.get(e.get("document"), e.get("document"))
    first, latest = (evidence[0], evidence[-1]) if evidence else ({}, {})
    row = {
        "document_id": ids[fu.document], "document": stems[fu.document], "action": data.pop("action"),
        "quote": data.pop("quote", None), "status": data.pop("status"), "owner": data.pop("owner", None),
        "requested_by": data.pop("requested_by", None), "due": data.pop("due", None),
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "evidence_document": first.get("document"), "evidence_quote": first.get("quote"),
        "evidence_score": first.get("score"), "evidence_method": first.get("method"),
        "latest_document": latest.get("document"), "latest_quote": latest.get("quote"),
    }
    data.pop("document", None)
    row["extra"] = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else None
    return row


# ---- search ---------------------------------------------------------------------

# A record's status: its follow-up (actions) or answer status (questions), as ``COALESCE(f.status, qs.status)``.
STATUS_JOIN = """LEFT JOIN followups f ON r.type = 'action' AND f.document_id = r.document_id AND f.action = r.id
        LEFT JOIN question_status qs ON r.type = 'question' AND qs.document_id = r.document_id
                                        AND qs.question = r.id"""

OPERATORS = ("AND", "OR", "NOT", "NEAR")
_TOKEN = re.compile(r'"[^"]*"|\S+')
_WORD = re.compile(r"\w", re.UNICODE)


def fts_query(text: str, raw: bool = False) -> str:
    """The FTS5 MATCH expression for what the user typed, or a QueryError saying what is wrong.

    Plain mode (the default): every word must occur (any order, stemmed),
    "double-quoted words" must occur as a phrase, and ``word*`` matches
    prefixes.  Each term is passed to FTS5 as a quoted string, so no
    character the user types is FTS5 syntax.  Upper-case OR / NOT / NEAR are
    refused with a pointer to --raw rather than silently searched as words.
    Raw mode passes FTS5 query syntax through, after checks that turn the
    usual slips into a plain message.
    """
    text = (text or "").strip()
    if text.count('"') % 2:
        raise QueryError(f"unbalanced double quote in search query {text!r}: close the phrase with \"")
    if raw:
        return _check_raw(text)
    terms = []
    for token in _TOKEN.findall(text):
        if token in OPERATORS:
            if token == "AND":
                continue  # every word must match anyway
            raise QueryError(f"{token!r} is FTS5 query syntax: use --raw to combine terms with operators, "
                             f"or write {token.lower()!r} to search for the word")
        prefix = token.endswith("*") and not token.startswith('"')
        body = token.strip('"').rstrip("*") if not token.startswith('"') else token[1:-1]
        if not _WORD.search(body):
            continue
        terms.append('"' + body.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not terms:
        raise QueryError(f"nothing to search for in {text!r}: give one or more words")
    return " ".join(terms)


def _check_raw(text: str) -> str:
    """Catch the common raw-syntax slips with a message that says what to write instead."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise QueryError("nothing to search for: give one or more words")
    for i, tok in enumerate(tokens):
        if tok in ("AND", "OR", "NOT"):
            if i == 0 or i == len(tokens) - 1 or tokens[i - 1] in OPERATORS:
                raise QueryError(f"operator {tok} needs a search term on each side, as in 'budget {tok} housing'")
        elif tok == "*":
            raise QueryError("'*' must follow a word, as in 'hous*' (prefix search)")
        elif not tok.startswith('"') and not _WORD.search(tok):
            raise QueryError(f"{tok!r} is not a search term: FTS5 words are letters and digits; "
                             f"put text in double quotes to search for it")
    return text


def _run_match(conn: sqlite3.Connection, sql: str, params: list[Any], query: str) -> list[sqlite3.Row]:
    """Run a MATCH query, turning FTS5's own syntax complaints into a QueryError."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as e:
        msg = str(e)
        if msg.startswith(("fts5:", "unterminated string", "unknown special query", "no such column")):
            msg = msg.removeprefix("fts5: ").rstrip(": ")
            raise QueryError(f"cannot parse search query {query!r}: {msg}") from None
        raise


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: Optional[str], name: str) -> Optional[str]:
    """An ISO date or its prefix (2012, 2012-07, 2012-07-11); anything else is refused."""
    if value is None:
        return None
    if not _DATE.match(value.strip()):
        raise QueryError(f"{name} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    return value.strip()


def _meeting_filters(council: Optional[str], committee: Optional[str], since: Optional[str],
                     until: Optional[str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses on the documents table ``d``: names match case-insensitively anywhere, dates by prefix."""
    where, params = [], []
    if council:
        where.append("instr(lower(d.council), lower(?)) > 0")
        params.append(council)
    if committee:
        where.append("instr(lower(d.committee), lower(?)) > 0")
        params.append(committee)
    since, until = check_date(since, "--since"), check_date(until, "--until")
    if since:
        where.append("d.meeting_date >= ?")
        params.append(since)
    if until:
        # "--until 2012-08" includes every day of August
        where.append("substr(d.meeting_date, 1, ?) <= ?")
        params += [len(until), until]
    return where, params


def search(conn: sqlite3.Connection, query: str, *, type: Optional[str] = None, council: Optional[str] = None,
           committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           status: Optional[str] = None, limit: int = 20, raw: bool = False,
           mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Records whose quote (or a figure's measure) matches ``query``, best first (bm25), with a highlighted snippet.

    Each result: rank, type, id, who (asker, respondent or owner), snippet,
    quote, document (stem), title, council, committee, meeting_date, page,
    status (follow-up status of an action, answer status of a question).
    """
    if type is not None and type not in RECORD_TYPES:
        raise QueryError(f"unknown record type {type!r}: one of {', '.join(RECORD_TYPES)}")
    where, params = _meeting_filters(council, committee, since, until)
    if type:
        where.append("r.type = ?")
        params.append(type)
    if status:
        where.append("COALESCE(f.status, qs.status) = ?")
        params.append(status)
    sql = f"""
        SELECT bm25(records_fts) AS rank, r.type, r.id, COALESCE(r.asker, r.respondent, r.owner) AS who,
               snippet(records_fts, -1, ?, ?, '…', 32) AS snippet, r.quote, d.stem AS document, d.title,
               d.council, d.committee, d.meeting_date, r.page, COALESCE(f.status, qs.status) AS status
        FROM records_fts
        JOIN records r ON r.pk = records_fts.rowid
        JOIN documents d ON d.id = r.document_id
        {STATUS_JOIN}
        WHERE records_fts MATCH ? {''.join(' AND ' + w for w in where)}
        ORDER BY rank, d.meeting_date, r.pk
        LIMIT ?"""
    rows = _run_match(conn, sql, [*mark, fts_query(query, raw), *params, int(limit)], query)
    return [dict(r) for r in rows]


def search_documents(conn: sqlite3.Connection, query: str, *, council: Optional[str] = None,
                     committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                     limit: int = 20, raw: bool = False, mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Documents whose title or text matches ``query``, best first, with a snippet of the text."""
    where, params = _meeting_filters(council, committee, since, until)
    sql = f"""
        SELECT bm25(documents_fts) AS rank, snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet,
               d.stem AS document, d.title, d.council, d.committee, d.meeting_date, d.doc_type, d.source
        FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
        WHERE documents_fts MATCH ? {''.join(' AND ' + w for w in where)}
        ORDER BY rank, d.meeting_date, d.pk
        LIMIT ?"""
    rows = _run_match(conn, sql, [*mark, fts_query(query, raw), *params, int(limit)], query)
    return [dict(r) for r in rows]


# ---- reading tables and export --------------------------------------------------

def followups_sql(where: Iterable[str] = ()) -> str:
    """The action tracker query: follow-ups with their meeting, in meeting order then reading order."""
    where = list(where)
    return f"""
        SELECT f.*, d.council, d.committee, d.meeting_date
        FROM followups f JOIN documents d ON d.id = f.document_id
        LEFT JOIN records r ON r.document_id = f.document_id AND r.id = f.action
        {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY d.meeting_date IS NULL, d.meeting_date, f.document, r.start, f.action"""


def followups_view(conn: sqlite3.Connection, council: Optional[str] = None, committee: Optional[str] = None,
                   status: Optional[str] = None) -> list[dict[str, Any]]:
    """Every action with its meeting, status and evidence (parsed), oldest meeting first."""
    where, params = _meeting_filters(council, committee, None, None)
    if status:
        where.append("f.status = ?")
        params.append(status)
    out = []
    for row in conn.execute(followups_sql(where), params):
        item = dict(row)
        item["evidence"] = json.loads(item["evidence"] or "[]")
        out.append(item)
    return out


def followup_json(item: dict[str, Any]) -> dict[str, Any]:
    """The spec's follow-up object (RECORDS.md, "Follow-ups across meetings"), exactly its keys."""
    return {"document": item["document"], "action": item["action"], "quote": item["quote"],
            "status": item["status"],
            "evidence": [{"document": e.get("document"), "quote": e.get("quote")} for e in item["evidence"]]}


_PANDAS_TYPES = {"INTEGER": "Int64", "REAL": "Float64", "NUMERIC": "Float64", "TEXT": "string"}


def column_dtypes(conn: sqlite3.Connection) -> dict[str, str]:
    """The pandas dtype of every stored column, from its declared type.

    Frames and export files get the same column types whatever the data:
    ``page`` is Int64 even when no record has a page, where pandas would
    otherwise guess from the values (object for all-NULL, float for ints
    with gaps).  Same-named columns share a type across tables.
    """
    out: dict[str, str] = {}
    for table in TABLES:
        for col in conn.execute(f"PRAGMA table_info({table})"):
            out.setdefault(col["name"], _PANDAS_TYPES.get(col["type"].upper(), "object"))
    return out


def read_frame(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> "pd.DataFrame":
    """A query's rows as a DataFrame typed by the schema (see :func:`column_dtypes`)."""
    import pandas as pd

    frame = pd.read_sql_query(sql, conn, params=tuple(params))
    types = column_dtypes(conn)
    return frame.astype({c: types[c] for c in frame.columns if c in types})


def export(conn: sqlite3.Connection, out_dir: Union[str, Path], fmt: str) -> list[Path]:
    """Write every table to ``out_dir/<table>.<csv|parquet|jsonl>``; return the files written."""
    if fmt not in ("csv", "parquet", "jsonl"):
        raise StoreError(f"unknown export format {fmt!r}: csv, parquet or jsonl")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        frame = read_frame(conn, f"SELECT * FROM {table} ORDER BY rowid")
        target = out_dir / f"{table}.{fmt}"
        if fmt == "csv":
            frame.to_csv(target, index=False)
        elif fmt == "parquet":
            frame.to_parquet(target, index=False, engine="pyarrow")
        else:
            frame.to_json(target, orient="records", lines=True, force_ascii=False)
        written.append(target)
    return written


def counts(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals for the closing summary: documents, records by type, follow-ups by status, errors."""
    return {
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "records": dict(conn.execute("SELECT type, count(*) FROM records GROUP BY type").fetchall()),
        "followups": dict(conn.execute("SELECT status, count(*) FROM followups GROUP BY status").fetchall()),
        "errors": conn.execute("SELECT count(*) FROM errors").fetchone()[0],
    }
