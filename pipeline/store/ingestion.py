"""Storing documents: read, extract and write each file in one transaction, then refresh the tracker.

A document is its content (the sha256 of its bytes), so a re-run skips
what is stored before parsing it, a second copy under another path adds
nothing, and new bytes under a stored path replace that path's document.
Unchanged bytes are read and extracted again when what else makes the
records has changed: the metadata the caller supplies (a manifest row, a
sidecar) differs from what was stored with the document, or the document
was extracted by another pipeline (its stamp, :mod:`pipeline.stamp`).
One transaction per document means an interrupted ingest leaves whole
documents only; a file that cannot be stored gets a row in ``errors``
instead of stopping the batch.
"""
from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional, Protocol, Union

from .. import metadata
from ..document import Document
from ..errors import ReadError
from ..paths import display_name, path_key
from ..records import Record
from ..workers import DEFAULT_TIMEOUT, Extractor, Job, Outcome
from ..workers import runner as local_runner
from .followups import (AnswerJudge, Tracker, followups_complete, left_out_documents, mark_followups_stale,
                        update_followups)
from .schema import SPEC_FIELDS, in_memory_copy, insert_row, transaction


# ---- writing documents ----------------------------------------------------------

def document_row(doc: Document, path: Union[str, Path], stamp: Optional[str] = None) -> dict[str, Any]:
    """The ``documents`` row for a Document read from ``path`` and extracted by the pipeline ``stamp``."""
    return {
        "id": doc.id, "path": path_key(path), "source": doc.source, "stem": doc.stem,
        "format": doc.format, "council": doc.council, "committee": doc.committee,
        "meeting_date": doc.meeting_date, "title": doc.title, "doc_type": doc.doc_type, "url": doc.url,
        "licence": doc.licence, "pages": doc.pages, "text_length": len(doc.text), "text": doc.text,
        "ingested_at": _now(), "supplied_meta": json.dumps(doc.supplied, ensure_ascii=False, sort_keys=True),
        "extracted_with": stamp,
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
                  path: Optional[Union[str, Path]] = None, stamp: Optional[str] = None,
                  refresh: Optional[str] = None) -> str:
    """Store one document and its records in one transaction; say what happened.

    Returns ``"unchanged"`` (these bytes are stored under this path),
    ``"duplicate"`` (these bytes are stored under another path: nothing is
    added), ``"replaced"`` (the path held other bytes: that document and
    its records are deleted first) or ``"new"``.  ``refresh`` names why
    bytes stored under this very path are written again (one of
    ``REFRESHED``): the stored rows are replaced and ``refresh`` returned.
    ``stamp`` is the pipeline that extracted ``records`` (None: unknown, so
    the next ingest extracts the document again).
    """
    path = Path(path if path is not None else doc.source)
    row = document_row(doc, path, stamp)
    with transaction(conn):
        known = conn.execute("SELECT path FROM documents WHERE id = ?", (doc.id,)).fetchone()
        old = conn.execute("SELECT id FROM documents WHERE path = ?", (row["path"],)).fetchone()
        result = write_decision(known["path"] if known else None, row["path"], refresh, old is not None)
        if result in WRITTEN:
            write_rows(conn, row, [record_row(r, doc) for r in records], page_rows(doc),
                       old["id"] if old else None, block_rows(doc))
    return result


def write_decision(held_at: Optional[str], path: str, refresh: Optional[str], path_held: bool) -> str:
    """What storing a document under ``path`` comes to, when its bytes are held under ``held_at`` (None: not
    held), ``refresh`` is why a plan asked for it again and ``path_held`` says whether the path holds any
    document: "unchanged" or "duplicate" (nothing is written), else the ``refresh`` reason, "replaced" or "new".

    The one decision for every place an ingest writes to (this database, a Parquet dataset).
    """
    if held_at is not None and not (refresh is not None and held_at == path):
        return "unchanged" if held_at == path else "duplicate"
    if held_at == path:
        return refresh
    return "replaced" if path_held else "new"


def write_rows(conn: sqlite3.Connection, row: dict[str, Any], records: Iterable[dict[str, Any]],
               pages: Iterable[dict[str, Any]], old_id: Optional[str] = None,
               blocks: Iterable[dict[str, Any]] = ()) -> None:
    """Insert a document's rows (in the caller's transaction), first deleting ``old_id``, the document its
    path held; mark the follow-ups stale and clear the path's error."""
    if old_id is not None:
        delete_document(conn, old_id)
    # ``pk`` numbers documents for the full-text index; the rowid is kept equal to it so that tools
    # joining an index on rowid (sqlite-utils search) find the same rows.
    pk = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM documents").fetchone()[0]
    insert_row(conn, "documents", {**row, "rowid": pk, "pk": pk})
    for record in records:
        insert_row(conn, "records", record)
    for page in pages:
        insert_row(conn, "pages", page)
    for block in blocks:
        insert_row(conn, "blocks", block)
    mark_followups_stale(conn)
    conn.execute("DELETE FROM errors WHERE file = ?", (row["path"],))


def page_rows(doc: Document) -> list[dict[str, Any]]:
    """The ``pages`` rows of a document (none for formats without pages)."""
    return [{"document_id": doc.id, "page": page, "start": start, "end": end}
            for page, (start, end) in page_spans(doc).items()]


def block_rows(doc: Document) -> list[dict[str, Any]]:
    """The ``blocks`` rows of a document: each block's kind, place in the text, page and label, in reading order
    (its text is the document's ``text[start:end]``)."""
    return [{"document_id": doc.id, "seq": i, "kind": b.kind, "start": b.start, "end": b.end, "page": b.page,
             "label": b.label, "table_index": b.table} for i, b in enumerate(doc.blocks)]


def page_spans(doc: Document) -> dict[int, tuple[int, int]]:
    """Where each page starts and ends in the document's text, from its blocks (none for formats without pages)."""
    out: dict[int, tuple[int, int]] = {}
    for b in doc.blocks:
        if b.page is not None:
            start, end = out.get(b.page, (b.start, b.end))
            out[b.page] = (min(start, b.start), max(end, b.end))
    return out


def delete_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Remove a document with its records, follow-ups and question statuses (the FTS triggers follow)."""
    with transaction(conn):
        for table in ("followups", "question_status", "records", "pages", "blocks"):
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
        mark_followups_stale(conn)
        mark_followups_stale(conn)


def remove_document(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """Remove one stored document, named by its stem, its path or its id (8 characters or more), and re-track.

    Follow-ups are recomputed across the database, so evidence the document
    gave other actions goes with it.  A name matching several documents is
    refused with the candidates.  Returns the removed document's id, stem, path.
    """
    from .schema import StoreError

    path = str(Path(name).resolve())
    rows = conn.execute("SELECT id, stem, path FROM documents WHERE stem = ? OR path = ? OR (length(?) >= 8 AND "
                        "id LIKE ? || '%')", (name, path, name, name.lower())).fetchall()
    if not rows:
        raise StoreError(f"no stored document {name!r}: give its name as `scrutiny followups` shows it, its path "
                         f"or its id")
    if len(rows) > 1:
        raise StoreError(f"{name!r} names {len(rows)} documents: give the path or id of one: "
                         + "; ".join(f"{r['path']} ({r['id'][:12]})" for r in rows))
    delete_document(conn, rows[0]["id"])
    update_followups(conn)
    return dict(rows[0])


def record_error(conn: sqlite3.Connection, file: Union[str, Path], reason: str) -> str:
    """Log why a file could not be stored (the latest failure per file); return the one-line reason."""
    reason = one_line(reason)
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                     (path_key(file), reason, _now()))
    return reason


def one_line(reason: Any) -> str:
    """A failure's reason as the one line ``errors`` keeps."""
    return " ".join(str(reason).split()) or "unknown error"


# ---- ingest ---------------------------------------------------------------------

# Why bytes already stored under their path are read and extracted again.
REFRESHED = {
    "reextracted": "re-extracted with newer rules",  # stored with another pipeline stamp
    "forced": "re-extracted (--reextract)",          # asked for, stamp unchanged
    "metadata": "with edited metadata",              # the manifest row or sidecar differs from what was stored
}
# Outcomes after which the follow-ups are recomputed.
WRITTEN = ("new", "replaced", *REFRESHED)


@dataclass
class IngestSummary:
    """What one ingest run did, for the closing summary."""

    # new / replaced / unchanged / duplicate / failed, and the REFRESHED reasons
    outcomes: Counter = field(default_factory=Counter)
    records: Counter = field(default_factory=Counter)   # records added, by type
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # stored, but worth a look: (file, what is missing)
    followups: Optional[str] = None                      # why follow-ups were not refreshed, if they were not
    interrupted: bool = False
    empty_inputs: list[str] = field(default_factory=list)  # folders given that hold no document
    left_out: list[tuple[str, list[str]]] = field(default_factory=list)  # stored now, lacking what follow-ups need

    @property
    def tracker_failed(self) -> bool:
        """Follow-ups were due and the tracker failed (a Parquet ingest only notes that they come later)."""
        return (self.followups or "").startswith("error:")


def stored_hash(conn: sqlite3.Connection, path: Path) -> Optional[str]:
    """The content hash stored for ``path``, or None."""
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (path_key(path),)).fetchone()
    return row["id"] if row else None


def _file_hash(path: Path) -> Optional[str]:
    """The sha256 of the file's bytes (the document id), streamed; None when it is not a regular file
    within the size limit or cannot be read: reading it will say why, without this reading it first."""
    from ..document import file_content_id
    from ..readers import check_file

    try:
        check_file(path)
        return file_content_id(path)
    except (ReadError, OSError):
        return None


def document_notes(doc: Document, records: list) -> list[str]:
    """What a stored document lacks that a user would want to know: a meeting date, a council, any records.

    "No records" says why when the reader knows (``doc.hints["layout"]``,
    e.g. an HTML page laid out as one table).
    """
    notes = [what for what, missing in (("no meeting date", not doc.meeting_date), ("no council", not doc.council))
             if missing]
    if not records:
        layout = doc.hints.get("layout")
        notes.append(f"no records ({layout})" if layout else "no records")
    return notes


@dataclass
class Plan:
    """What one input needs: nothing (``skip``), or reading and extracting, and why if it is stored already."""

    skip: Optional[str] = None                 # "unchanged" or "duplicate": nothing is read
    refresh: Optional[str] = None              # a REFRESHED reason: the stored document is written again
    manifest: Optional[dict[str, Any]] = None  # the stored manifest row, kept when this run gives none


class Held(Protocol):
    """What a plan asks of the place an ingest writes to (a database, a Parquet dataset)."""

    def row_at(self, path: Path) -> Optional[Mapping[str, Any]]:
        """The stored document row for ``path`` (at least id, extracted_with, supplied_meta), or None."""

    def holds(self, digest: str) -> bool:
        """Whether a document with these bytes is stored under any path."""


class _DatabaseHeld:
    """:class:`Held` for a SQLite database."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def row_at(self, path: Path) -> Optional[Mapping[str, Any]]:
        return self.conn.execute("SELECT * FROM documents WHERE path = ?", (path_key(path),)).fetchone()

    def holds(self, digest: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (digest,)).fetchone() is not None


def plan(conn: Union[sqlite3.Connection, Held], path: Path, manifest: Optional[dict[str, dict[str, Any]]],
         stamp: str, reextract: bool = False, meta: Optional[dict[str, Any]] = None) -> Plan:
    """Decide, before any parsing, what ``path`` needs (``conn``: a database, or any :class:`Held`).

    Bytes stored under another path are a duplicate.  Bytes stored under
    this path are unchanged unless they were extracted by another pipeline
    (``stamp``), ``reextract`` forces it, or the metadata supplied for them
    now (this run's manifest row, else the stored one; the sidecar; the
    flags ``meta``) is not what was stored.  A stored manifest row is kept when this run's
    manifest has no row for the path, so a run without the manifest
    neither loses nor re-reads what an earlier one supplied.
    """
    held = _DatabaseHeld(conn) if isinstance(conn, sqlite3.Connection) else conn
    digest = _file_hash(path)
    if digest is None:
        return Plan()
    row = held.row_at(path)
    key = metadata.manifest_key(path)
    kept = None if row is None or key in (manifest or {}) else _stored_manifest_row(row)
    if row is None or row["id"] != digest:
        if held.holds(digest):
            return Plan(skip="duplicate")
        return Plan(manifest=kept)
    if row["extracted_with"] != stamp:
        return Plan(refresh="reextracted", manifest=kept)
    if reextract:
        return Plan(refresh="forced", manifest=kept)
    try:
        now = metadata.supplied(path, {key: kept} if kept is not None else manifest, meta)
    except ReadError:  # a broken sidecar: reading reports it
        return Plan(refresh="metadata", manifest=kept)
    if now != json.loads(row["supplied_meta"] or "{}"):
        return Plan(refresh="metadata", manifest=kept)
    return Plan(skip="unchanged")


def _stored_manifest_row(row: Mapping[str, Any]) -> Optional[dict[str, Any]]:
    """The manifest row stored with a document.  A document stored before schema 2 has no record of what
    was supplied: its stored metadata stands in, so that extracting it again loses nothing a user gave."""
    if row["supplied_meta"] is None:
        return {k: row[k] for k in metadata.META_FIELDS if row[k] not in (None, "")} or None
    return json.loads(row["supplied_meta"]).get("manifest")


def store_outcome(conn: sqlite3.Connection, outcome: Outcome, stamp: Optional[str] = None,
                  refresh: Optional[str] = None) -> tuple[str, Counter, Optional[str], list[str]]:
    """Store one worker's Outcome: the document and its records, or its error; return what happened, the
    records added by type, why it failed, and the notes of :func:`document_notes`."""
    if outcome.error is not None:
        return "failed", Counter(), record_error(conn, outcome.path, outcome.error.reason), []
    records = outcome.records or []
    result = save_document(conn, outcome.document, records, outcome.path, stamp, refresh)
    if result not in WRITTEN:
        return result, Counter(), None, []
    return result, Counter(r.type for r in records), None, document_notes(outcome.document, records)


def _job(todo: list[tuple[Path, Plan]], manifest: Optional[dict[str, dict[str, Any]]],
         meta: Optional[dict[str, Any]] = None, extract: Optional[Extractor] = None) -> Job:
    """The workers' Job: this run's manifest, plus the stored rows that documents keep, the flags and the
    extractor."""
    rows = dict(manifest or {})
    rows.update({metadata.manifest_key(p): plan.manifest for p, plan in todo if plan.manifest is not None})
    return Job(manifest=rows or None, meta=meta, extractor=extract)


def ingest_file(conn: sqlite3.Connection, path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None,
                meta: Optional[dict[str, Any]] = None, reextract: bool = False) \
        -> tuple[str, Counter, Optional[str], list[str]]:
    """Read, extract and store one file in this process; return its outcome, the records added by type, why
    it failed, and notes.  (A batch goes through :func:`ingest`, which adds worker processes and a time budget.)"""
    from ..stamp import pipeline_stamp

    stamp = pipeline_stamp()
    todo = plan(conn, path, manifest, stamp, reextract, meta)
    if todo.skip:
        return todo.skip, Counter(), None, []
    return store_outcome(conn, _job([(path, todo)], manifest, meta).run(path), stamp, todo.refresh)


# Reads and extracts a list of paths with a Job, yielding each Outcome in input order (workers.process's shape).
Runner = Callable[[list[Path], Job], Iterator[Outcome]]


class Sink(Protocol):
    """Where an ingest writes: it plans each input and stores each Outcome (a database, a Parquet dataset)."""

    def plan(self, path: Path, manifest: Optional[dict[str, dict[str, Any]]], stamp: str, reextract: bool,
             meta: Optional[dict[str, Any]]) -> Plan:
        """:func:`plan` against what this place holds."""

    def store(self, outcome: Outcome, stamp: str, refresh: Optional[str]) \
            -> tuple[str, Counter, Optional[str], list[str]]:
        """As :func:`store_outcome`: what happened, records added by type, why it failed, notes."""


class DatabaseSink:
    """:class:`Sink` for a SQLite database: :func:`plan` and :func:`store_outcome` on ``conn``."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def plan(self, path: Path, manifest: Optional[dict[str, dict[str, Any]]], stamp: str, reextract: bool,
             meta: Optional[dict[str, Any]]) -> Plan:
        return plan(self.conn, path, manifest, stamp, reextract, meta)

    def store(self, outcome: Outcome, stamp: str, refresh: Optional[str]) \
            -> tuple[str, Counter, Optional[str], list[str]]:
        return store_outcome(self.conn, outcome, stamp, refresh)


def ingest(conn: sqlite3.Connection, paths: Iterable[Union[str, Path]],
           manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
           followups: bool = True, meta: Optional[dict[str, Any]] = None, jobs: int = 1,
           timeout: Optional[float] = DEFAULT_TIMEOUT, reextract: bool = False,
           extract: Optional[Extractor] = None, track: Optional[Tracker] = None,
           question_statuses: Optional[AnswerJudge] = None, runner: Optional[Runner] = None) -> IngestSummary:
    """Ingest files, folders (recursive) and globs, one transaction per document, then refresh follow-ups.

    Files whose bytes are stored already are skipped before any parsing,
    unless their supplied metadata was edited or they were extracted by
    another pipeline (or ``reextract``): see :func:`plan`.
    The rest are read and extracted in ``jobs`` worker processes, each
    document within ``timeout`` seconds (one that runs over is recorded in
    ``errors`` and the batch goes on); this process alone writes, in input
    order.  ``runner`` replaces the local workers (``pipeline.distributed``
    gives one that maps the documents over a Dask cluster).

    Follow-ups are brought up to date when a document was written (a new
    meeting can follow up any earlier one of its council), or when some
    stored action has none yet; a run that changed nothing skips it.

    ``progress``: True or False forces the progress bar on or off; None shows
    it only on a terminal.  Ctrl-C stops after the last whole document and
    returns a summary marked ``interrupted`` (follow-ups are not refreshed).

    ``extract`` (default :func:`pipeline.extract`; run in the worker processes,
    so picklable where workers are spawned rather than forked), ``track`` and
    ``question_statuses`` (default :mod:`pipeline.followup`'s) are what the run
    computes with.  A tracker that fails leaves the documents stored and says
    why in ``summary.followups``: the command reports it and exits 1.
    """
    summary, stored = collect(DatabaseSink(conn), paths, manifest, progress, meta,
                              runner or local_runner(jobs, timeout), reextract, extract)
    if summary.interrupted:
        return summary
    summary.left_out = [(d["path"], d["missing"]) for d in left_out_documents(conn) if d["path"] in stored]
    if followups and (any(summary.outcomes[o] for o in WRITTEN) or not followups_complete(conn)):
        try:
            update_followups(conn, track=track, question_statuses=question_statuses)
        except Exception as e:  # the documents are stored (each whole); the next ingest tries the tracker again
            summary.followups = f"error: follow-ups not computed ({type(e).__name__}: {e}); run ingest again"
    return summary


def collect(sink: Sink, paths: Iterable[Union[str, Path]], manifest: Optional[dict[str, dict[str, Any]]],
            progress: Optional[bool], meta: Optional[dict[str, Any]], runner: Runner,
            reextract: bool = False, extract: Optional[Extractor] = None) -> tuple[IngestSummary, set[str]]:
    """The loop every ingest shares, whatever it writes to: expand the paths, plan each against ``sink``
    (skip what is stored already), read and extract the rest with ``runner``, store each Outcome in input
    order, and count.  Returns the summary and the paths written.

    Ctrl-C stops after the last whole document (the summary is marked ``interrupted``).
    """
    from tqdm import tqdm

    from ..api import empty_folders, expand_paths
    from ..stamp import pipeline_stamp

    summary = IngestSummary()
    stamp = pipeline_stamp()
    paths = list(paths)
    files = expand_paths(paths)
    summary.empty_inputs = empty_folders(paths, files)
    stored: set[str] = set()
    bar = tqdm(total=len(files), unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True,
               disable=None if progress is None else not progress)
    try:
        todo = []
        for path in files:
            decided = sink.plan(path, manifest, stamp, reextract, meta)
            if decided.skip:
                summary.outcomes[decided.skip] += 1
                bar.update()
            else:
                todo.append((path, decided))
        outcomes = runner([p for p, _ in todo], _job(todo, manifest, meta, extract))
        for (_, decided), outcome in zip(todo, outcomes):
            result, added, reason, notes = sink.store(outcome, stamp, decided.refresh)
            summary.outcomes[result] += 1
            summary.records.update(added)
            if result in WRITTEN:
                stored.add(path_key(outcome.path))
            if notes:
                summary.notes.append((display_name(outcome.path), "; ".join(notes)))
            if reason is not None:
                summary.failures.append((display_name(outcome.path), reason))
                bar.write(f"error: {display_name(outcome.path)}: {reason}", file=sys.stderr)
            bar.update()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        bar.close()
    return summary, stored


def dry_run(db: Union[str, Path], paths: Iterable[Union[str, Path]],
            manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
            meta: Optional[dict[str, Any]] = None, jobs: int = 1, timeout: Optional[float] = DEFAULT_TIMEOUT,
            reextract: bool = False, runner: Optional[Runner] = None) -> tuple[IngestSummary, dict[str, Any]]:
    """What ``ingest`` would do to ``db``, and the totals it would leave, without writing to it.

    The ingest runs in full (reading, extraction, follow-ups) on an
    in-memory copy of the database (or of a Parquet dataset's folder), which
    is then dropped: the summary is the one a real run would print.
    """
    memory = in_memory_copy(db)
    try:
        summary = ingest(memory, paths, manifest=manifest, progress=progress, meta=meta, jobs=jobs, timeout=timeout,
                         reextract=reextract, runner=runner)
        return summary, counts(memory)
    finally:
        memory.close()


def counts(conn: sqlite3.Connection) -> dict[str, Any]:
    """Totals for the closing summary: documents, records by type, follow-ups by status, errors."""
    return {
        "documents": conn.execute("SELECT count(*) FROM documents").fetchone()[0],
        "records": dict(conn.execute("SELECT type, count(*) FROM records GROUP BY type").fetchall()),
        "followups": dict(conn.execute("SELECT status, count(*) FROM followups GROUP BY status").fetchall()),
        "errors": conn.execute("SELECT count(*) FROM errors").fetchone()[0],
    }


def _now() -> str:
    """The time for ``ingested_at`` and ``errors.time``: UTC, ISO, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
