"""Storing documents: read, extract and write each file in one transaction, then refresh the tracker.

A document is its content (the sha256 of its bytes), so a re-run skips
what is stored before parsing it, a second copy under another path adds
nothing, and new bytes under a stored path replace that path's document.
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
from typing import Any, Iterable, Optional, Union

from ..dates import uk_date
from ..document import Document, content_id
from ..errors import ReadError
from ..paths import display_name, path_key
from ..records import Record
from ..workers import DEFAULT_TIMEOUT, Job, Outcome, process
from .followups import followups_complete, left_out_documents, refresh_followups
from .schema import SPEC_FIELDS, in_memory_copy, insert_row, transaction


# ---- writing documents ----------------------------------------------------------

def document_row(doc: Document, path: Union[str, Path]) -> dict[str, Any]:
    """The ``documents`` row for a Document read from ``path``."""
    return {
        "id": doc.id, "path": path_key(path), "source": doc.source, "stem": doc.stem,
        "format": doc.format, "council": doc.council, "committee": doc.committee,
        "meeting_date": uk_date(doc.meeting_date, f"{doc.source}, meeting_date"),  # ISO whoever built the Document
        "title": doc.title, "doc_type": doc.doc_type, "url": doc.url,
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
        # ``pk`` numbers documents for the full-text index; the rowid is kept equal to it so that tools
        # joining an index on rowid (sqlite-utils search) find the same rows.
        pk = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM documents").fetchone()[0]
        insert_row(conn, "documents", {"rowid": pk, "pk": pk, **row})
        for record in records:
            insert_row(conn, "records", record_row(record, doc))
        for page, (start, end) in page_spans(doc).items():
            insert_row(conn, "pages", {"document_id": doc.id, "page": page, "start": start, "end": end})
        conn.execute("DELETE FROM errors WHERE file = ?", (row["path"],))
    return "replaced" if old is not None else "new"


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
        for table in ("followups", "question_status", "records", "pages"):
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def update_metadata(conn: sqlite3.Connection, doc_id: str, supplied: dict[str, Any]) -> str:
    """Store caller-supplied metadata on a stored document; ``"updated"`` if anything changed, else ``"unchanged"``."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    changed = {k: v for k, v in supplied.items() if row[k] != v}
    if not changed:
        return "unchanged"
    with transaction(conn):
        conn.execute(f"UPDATE documents SET {', '.join(f'{k} = ?' for k in changed)} WHERE id = ?",
                     (*changed.values(), doc_id))
    return "updated"


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
    refresh_followups(conn)
    return dict(rows[0])


def record_error(conn: sqlite3.Connection, file: Union[str, Path], reason: str) -> str:
    """Log why a file could not be stored (the latest failure per file); return the one-line reason."""
    reason = " ".join(str(reason).split()) or "unknown error"
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                     (path_key(file), reason, _now()))
    return reason


# ---- ingest ---------------------------------------------------------------------

@dataclass
class IngestSummary:
    """What one ingest run did, for the closing summary."""

    outcomes: Counter = field(default_factory=Counter)  # new / replaced / updated / unchanged / duplicate / failed
    records: Counter = field(default_factory=Counter)   # records added, by type
    failures: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # stored, but worth a look: (file, what is missing)
    followups: Optional[str] = None                      # why follow-ups were not refreshed, if they were not
    interrupted: bool = False
    empty_inputs: list[str] = field(default_factory=list)  # folders given that hold no document
    left_out: list[tuple[str, list[str]]] = field(default_factory=list)  # stored now, lacking what follow-ups need


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


def _skip(conn: sqlite3.Connection, path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None,
          meta: Optional[dict[str, Any]] = None) -> tuple[Optional[str], Optional[str]]:
    """(outcome, why it failed) when these bytes are stored already, so a re-run parses nothing: "unchanged",
    "updated" (the caller's metadata changed the stored row), "duplicate" (stored under another path) or
    "failed" (that metadata is malformed); (None, None) when the file must be read."""
    digest = _file_hash(path)
    if digest is None:
        return None, None
    if stored_hash(conn, path) == digest:
        # the bytes are stored: metadata the caller gives now (a date it lacked) is stored without parsing again
        from ..api import supplied_metadata

        try:
            return update_metadata(conn, digest, supplied_metadata(path, meta, manifest)), None
        except ReadError as e:
            return "failed", record_error(conn, path, e.reason)
    if conn.execute("SELECT 1 FROM documents WHERE id = ?", (digest,)).fetchone():
        return "duplicate", None
    return None, None


def store_outcome(conn: sqlite3.Connection, outcome: Outcome) -> tuple[str, Counter, Optional[str], list[str]]:
    """Store one worker's Outcome: the document and its records, or its error; return what happened, the
    records added by type, why it failed, and the notes of :func:`document_notes`."""
    if outcome.error is not None:
        return "failed", Counter(), record_error(conn, outcome.path, outcome.error.reason), []
    records = outcome.records or []
    result = save_document(conn, outcome.document, records, outcome.path)
    if result not in ("new", "replaced"):
        return result, Counter(), None, []
    return result, Counter(r.type for r in records), None, document_notes(outcome.document, records)


def ingest_file(conn: sqlite3.Connection, path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None,
                meta: Optional[dict[str, Any]] = None) -> tuple[str, Counter, Optional[str], list[str]]:
    """Read, extract and store one file in this process; return its outcome, the records added by type, why
    it failed, and notes.  An unchanged file is recognised by its hash before it is parsed.  ``meta``
    (council, committee, meeting_date, doc_type) wins over what the file, its sidecar or the manifest say.
    (A batch goes through :func:`ingest`, which adds worker processes and a time budget.)"""
    skipped, reason = _skip(conn, path, manifest, meta)
    if skipped:
        return skipped, Counter(), reason, []
    return store_outcome(conn, Job(manifest=manifest, meta=meta).run(path))


def ingest(conn: sqlite3.Connection, paths: Iterable[Union[str, Path]],
           manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
           followups: bool = True, meta: Optional[dict[str, Any]] = None, jobs: int = 1,
           timeout: Optional[float] = DEFAULT_TIMEOUT) -> IngestSummary:
    """Ingest files, folders (recursive) and globs, one transaction per document, then refresh follow-ups.

    Files whose bytes are stored already are skipped before any parsing.
    The rest are read and extracted in ``jobs`` worker processes, each
    document within ``timeout`` seconds (one that runs over is recorded in
    ``errors`` and the batch goes on); this process alone writes, in input
    order.

    Follow-ups are recomputed across the whole database when a document was
    added or replaced (a new meeting can follow up any earlier one), or when
    some stored action has none yet; a run that changed nothing skips it.

    ``meta`` (council, committee, meeting_date, doc_type) applies to every
    file and wins over manifest, sidecar and text, as ``pipeline.read`` says.
    ``progress``: True or False forces the progress bar on or off; None shows
    it only on a terminal.  Ctrl-C stops after the last whole document and
    returns a summary marked ``interrupted`` (follow-ups are not refreshed).
    """
    from tqdm import tqdm

    from ..api import expand_paths

    summary = IngestSummary()
    files = expand_paths(paths)
    summary.empty_inputs = [str(p) for p in map(Path, map(str, paths)) if p.is_dir() and not any(
        f.is_relative_to(p) for f in files)]
    stored: set[str] = set()
    bar = tqdm(total=len(files), unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True,
               disable=None if progress is None else not progress)
    try:
        todo = []
        for path in files:
            skipped, reason = _skip(conn, path, manifest, meta)
            if skipped:
                summary.outcomes[skipped] += 1
                if skipped == "updated":
                    stored.add(path_key(path))
                if reason is not None:
                    summary.failures.append((display_name(path), reason))
                bar.update()
            else:
                todo.append(path)
        for outcome in process(todo, Job(manifest=manifest, meta=meta), jobs=jobs, timeout=timeout):
            result, added, reason, notes = store_outcome(conn, outcome)
            path = outcome.path
            summary.outcomes[result] += 1
            summary.records.update(added)
            if result in ("new", "replaced"):
                stored.add(path_key(path))
            if notes:
                summary.notes.append((str(path), "; ".join(notes)))
            if reason is not None:
                summary.failures.append((display_name(outcome.path), reason))
                bar.write(f"error: {display_name(outcome.path)}: {reason}", file=sys.stderr)
            bar.update()
    except KeyboardInterrupt:
        summary.interrupted = True
        return summary
    finally:
        bar.close()
    summary.left_out = [(d["path"], d["missing"]) for d in left_out_documents(conn) if d["path"] in stored]
    changed = summary.outcomes["new"] or summary.outcomes["replaced"] or summary.outcomes["updated"]
    if followups and (changed or not followups_complete(conn)):
        try:
            refresh_followups(conn)
        except ImportError as e:
            summary.followups = f"follow-ups not computed ({e})"
    return summary


def dry_run(db: Union[str, Path], paths: Iterable[Union[str, Path]],
            manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
            meta: Optional[dict[str, Any]] = None, jobs: int = 1,
            timeout: Optional[float] = DEFAULT_TIMEOUT) -> tuple[IngestSummary, dict[str, Any]]:
    """What ``ingest`` would do to ``db``, and the totals it would leave, without writing to it.

    The ingest runs in full (reading, extraction, follow-ups) on an
    in-memory copy of the database, which is then dropped: the summary is
    the one a real run would print.
    """
    memory = in_memory_copy(db)
    try:
        summary = ingest(memory, paths, manifest=manifest, progress=progress, meta=meta, jobs=jobs, timeout=timeout)
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
