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
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from ..document import Document, content_id
from ..errors import ReadError
from ..paths import display_name, path_key
from ..records import Record
from ..workers import DEFAULT_TIMEOUT, Job, Outcome
from ..workers import runner as local_runner
from .followups import followups_complete, refresh_followups
from .schema import SPEC_FIELDS, insert_row, transaction


# ---- writing documents ----------------------------------------------------------

def document_row(doc: Document, path: Union[str, Path]) -> dict[str, Any]:
    """The ``documents`` row for a Document read from ``path``."""
    return {
        "id": doc.id, "path": path_key(path), "source": doc.source, "stem": doc.stem,
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
        insert_row(conn, "documents", row)
        for record in records:
            insert_row(conn, "records", record_row(record, doc))
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
    reason = one_line(reason)
    with transaction(conn):
        conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                     (path_key(file), reason, _now()))
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
    empty_inputs: list[str] = field(default_factory=list)  # folders given that hold no document


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


def already(digest: str, at_path: Optional[str], stored: bool) -> Optional[str]:
    """What storing bytes ``digest`` under a path comes to when the path holds ``at_path`` and ``stored``
    says whether those bytes are held under any path: "unchanged", "duplicate", or None (store them)."""
    if at_path == digest:
        return "unchanged"
    return "duplicate" if stored else None


def one_line(reason: Any) -> str:
    """A failure's reason as the one line ``errors`` keeps."""
    return " ".join(str(reason).split()) or "unknown error"


def _skip(conn: sqlite3.Connection, path: Path) -> Optional[str]:
    """"unchanged" or "duplicate" when these bytes are stored already (so a re-run parses nothing), else None."""
    digest = _file_hash(path)
    if digest is None:
        return None
    return already(digest, stored_hash(conn, path),
                   conn.execute("SELECT 1 FROM documents WHERE id = ?", (digest,)).fetchone() is not None)


def store_outcome(conn: sqlite3.Connection, outcome: Outcome) -> tuple[str, Counter, Optional[str]]:
    """Store one worker's Outcome: the document and its records, or its error; return what happened."""
    if outcome.error is not None:
        return "failed", Counter(), record_error(conn, outcome.path, outcome.error.reason)
    records = outcome.records or []
    result = save_document(conn, outcome.document, records, outcome.path)
    return result, Counter(r.type for r in records) if result in ("new", "replaced") else Counter(), None


def ingest_file(conn: sqlite3.Connection, path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None) \
        -> tuple[str, Counter, Optional[str]]:
    """Read, extract and store one file in this process; return its outcome, the records added by type,
    and why it failed.  (A batch goes through :func:`ingest`, which adds worker processes and a time budget.)"""
    skipped = _skip(conn, path)
    if skipped:
        return skipped, Counter(), None
    return store_outcome(conn, Job(manifest=manifest).run(path))


# Reads and extracts a list of paths with a Job, yielding each Outcome in input order (workers.process's shape).
Runner = Callable[[list[Path], Job], Iterator[Outcome]]


def ingest(conn: sqlite3.Connection, paths: Iterable[Union[str, Path]],
           manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
           followups: bool = True, jobs: int = 1, timeout: Optional[float] = DEFAULT_TIMEOUT,
           runner: Optional[Runner] = None) -> IngestSummary:
    """Ingest files, folders (recursive) and globs, one transaction per document, then refresh follow-ups.

    Files whose bytes are stored already are skipped before any parsing.
    The rest are read and extracted in ``jobs`` worker processes, each
    document within ``timeout`` seconds (one that runs over is recorded in
    ``errors`` and the batch goes on); this process alone writes, in input
    order.  ``runner`` replaces the local workers (``pipeline.distributed``
    passes one that maps the documents over a Dask cluster).

    Follow-ups are recomputed across the whole database when a document was
    added or replaced (a new meeting can follow up any earlier one), or when
    some stored action has none yet; a run that changed nothing skips it.

    ``progress``: True or False forces the progress bar on or off; None shows
    it only on a terminal.  Ctrl-C stops after the last whole document and
    returns a summary marked ``interrupted`` (follow-ups are not refreshed).
    """
    summary = collect(paths, lambda p: _skip(conn, p), lambda o: store_outcome(conn, o), Job(manifest=manifest),
                      runner or local_runner(jobs, timeout), progress)
    if summary.interrupted:
        return summary
    if followups and (summary.outcomes["new"] or summary.outcomes["replaced"] or not followups_complete(conn)):
        try:
            refresh_followups(conn)
        except ImportError as e:
            summary.followups = f"follow-ups not computed ({e})"
    return summary


def collect(paths: Iterable[Union[str, Path]], skip: Callable[[Path], Optional[str]],
            store: Callable[[Outcome], tuple[str, Counter, Optional[str]]], job: Job, runner: Runner,
            progress: Optional[bool] = None) -> IngestSummary:
    """The loop every ingest shares, whatever it writes to: expand the paths, ``skip`` what is stored
    already, read and extract the rest with ``runner``, ``store`` each Outcome in input order, and count.

    Ctrl-C stops after the last whole document (the summary is marked ``interrupted``).
    """
    from tqdm import tqdm

    from ..api import expand_paths

    summary = IngestSummary()
    files = expand_paths(paths)
    summary.empty_inputs = [str(p) for p in map(Path, map(str, paths)) if p.is_dir() and not any(
        f.is_relative_to(p) for f in files)]
    bar = tqdm(total=len(files), unit="doc", desc="ingest", file=sys.stderr, dynamic_ncols=True,
               disable=None if progress is None else not progress)
    try:
        todo = []
        for path in files:
            skipped = skip(path)
            if skipped:
                summary.outcomes[skipped] += 1
                bar.update()
            else:
                todo.append(path)
        for outcome in runner(todo, job):
            result, added, reason = store(outcome)
            summary.outcomes[result] += 1
            summary.records.update(added)
            if reason is not None:
                summary.failures.append((display_name(outcome.path), reason))
                bar.write(f"error: {display_name(outcome.path)}: {reason}", file=sys.stderr)
            bar.update()
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        bar.close()
    return summary


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
