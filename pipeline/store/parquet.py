"""The dataset as partitioned Parquet, for corpora past what one SQLite file should hold.

``scrutiny ingest PATHS --out-parquet DIR`` writes, instead of a database::

    DIR/documents/council=<council>/part-<run>-<batch>.parquet   the documents table's columns
    DIR/records/council=<council>/part-<run>-<batch>.parquet     the records table's columns
    DIR/pages/council=<council>/part-<run>-<batch>.parquet       the pages table's columns
    DIR/errors/part-<run>-<batch>.parquet                        files that could not be read

Hive-style partitions by council (URI-encoded, ``__HIVE_DEFAULT_PARTITION__``
when unknown), so pyarrow, pandas, DuckDB and ``dask.dataframe.read_parquet``
read it as one dataset and a query about one council opens that council's
files only.  Columns and types are the SQLite tables' (:mod:`.schema`), in
every file whatever its values.

An ingest into a dataset makes the decisions an ingest into a database
makes (:func:`.ingestion.plan` and :func:`.ingestion.write_decision`): bytes
held already are skipped, new bytes under a path written before replace it,
and a document extracted by another pipeline, asked for with
``--reextract`` or given edited metadata is written again.  Writing is
append-only, so a replacement is a later version of the path, and readers
keep the latest.  Crash-safe per batch: a batch's records and pages are
written before its documents file, each under a hidden name and renamed
into place, and a records or pages file left without its documents file by
a crash is removed on the next run.

Reading: :func:`open_dataset` loads the folder into an in-memory SQLite
database (the latest version of each path), computes the follow-ups, and
returns the connection, so ``scrutiny followups --db DIR``, ``scrutiny
search --db DIR`` and :mod:`pipeline.dataset` read it as they read a
database file.
"""
from __future__ import annotations

import os
import sqlite3
import time
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Union
from urllib.parse import quote, unquote

from ..paths import path_key
from ..workers import DEFAULT_TIMEOUT, Outcome
from .schema import BLOCK_COLUMNS, DOCUMENT_COLUMNS, RECORD_COLUMNS, StoreError, connect, transaction

PARTITION = "council"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
# The tables a document owns rows of, written before its documents row.
CHILD_TABLES = ("records", "pages", "blocks")
TABLES = (*CHILD_TABLES, "documents", "errors")  # the order a batch is written in: documents say it is whole
ERROR_COLUMNS = ("file", "reason", "time")
PAGE_COLUMNS = ("document_id", "page", "start", "end")
# What a plan needs of each stored path (the rest of a documents row is read only when the dataset is).
PLAN_COLUMNS = ("id", "path", "extracted_with", "supplied_meta")
BATCH = 200  # documents a part file holds at most: a batch is what a crash can lose


def is_dataset(root: Union[str, Path]) -> bool:
    """Whether ``root`` is a folder written by ``--out-parquet``."""
    return (Path(root) / "documents").is_dir()


def _part_dir(root: Path, table: str, council: Optional[str]) -> Path:
    if table == "errors":
        return root / table
    value = NULL_PARTITION if council is None else quote(council, safe=" '&(),-")
    return root / table / f"{PARTITION}={value}"


def _council_of(part: Path) -> Optional[str]:
    value = part.parent.name.partition("=")[2]
    return None if value == NULL_PARTITION else unquote(value)


def _parts(root: Path, table: str) -> list[Path]:
    """The table's part files in the order they were written (their names sort by run, then batch)."""
    pattern = "part-*.parquet" if table == "errors" else f"{PARTITION}=*/part-*.parquet"
    return sorted((root / table).glob(pattern), key=lambda p: (p.name, str(p)))


def _beside(root: Path, table: str, documents_part: Path) -> Path:
    """The ``table`` part file written in the same batch and partition as a documents part file."""
    return root / table / documents_part.parent.name / documents_part.name


@lru_cache(maxsize=None)
def _arrow_schema(table: str) -> Any:
    """The pyarrow schema of a table's part files: the SQLite table's columns and declared types."""
    import pyarrow as pa

    conn = connect(":memory:")
    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "NUMERIC": pa.float64(), "TEXT": pa.string()}
    keep = {"documents": DOCUMENT_COLUMNS, "records": RECORD_COLUMNS, "pages": PAGE_COLUMNS,
            "blocks": BLOCK_COLUMNS, "errors": ERROR_COLUMNS}[table]
    cols = {c["name"]: types.get(c["type"].upper(), pa.string()) for c in conn.execute(f"PRAGMA table_info({table})")}
    conn.close()
    return pa.schema([(c, cols[c]) for c in keep if c != PARTITION])


class ParquetSink:
    """Where an ingest writes when it writes Parquet: an :class:`.ingestion.Sink` (and the
    :class:`.ingestion.Held` its plans ask) over the dataset at ``root``."""

    def __init__(self, root: Union[str, Path], batch: int = BATCH):
        self.root = Path(root)
        self.batch = batch
        self.run = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}"
        self.n = 0
        self.pending: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.pending_docs = 0
        self._remove_orphans()
        self.rows, self.where = self._known()

    # ---- what is there already --------------------------------------------------------

    def _remove_orphans(self) -> None:
        """A records, pages or blocks file whose documents file is missing was cut short by a crash: its batch is
        redone."""
        for table in CHILD_TABLES:
            for part in _parts(self.root, table):
                if not _beside(self.root, "documents", part).exists():
                    part.unlink()

    def _known(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """The latest row (PLAN_COLUMNS) of each stored path, and the path holding each stored id."""
        import pyarrow.parquet as pq

        rows: dict[str, dict[str, Any]] = {}
        for part in _parts(self.root, "documents"):
            for row in pq.read_table(part, columns=list(PLAN_COLUMNS)).to_pylist():
                rows[row["path"]] = row
        return rows, {row["id"]: path for path, row in rows.items()}

    def row_at(self, path: Path) -> Optional[Mapping[str, Any]]:
        return self.rows.get(path_key(path))

    def holds(self, digest: str) -> bool:
        return digest in self.where

    # ---- the Sink ---------------------------------------------------------------------

    def plan(self, path: Path, manifest: Optional[dict[str, dict[str, Any]]], stamp: str, reextract: bool,
             meta: Optional[dict[str, Any]]) -> Any:
        from .ingestion import plan

        return plan(self, path, manifest, stamp, reextract, meta)

    def store(self, outcome: Outcome, stamp: str, refresh: Optional[str]) \
            -> tuple[str, Counter, Optional[str], list[str]]:
        """Queue one Outcome for the current batch (written every ``batch`` documents); say what happened."""
        from .ingestion import WRITTEN, _now, block_rows, document_notes, document_row, one_line, page_rows, \
            record_row, write_decision

        if outcome.error is not None:
            reason = one_line(outcome.error.reason)
            self.pending["errors"].append({"file": path_key(outcome.path), "reason": reason, "time": _now()})
            return "failed", Counter(), reason, []
        doc, records = outcome.document, outcome.records or []
        row = document_row(doc, outcome.path, stamp)
        result = write_decision(self.where.get(doc.id), row["path"], refresh, row["path"] in self.rows)
        if result not in WRITTEN:
            return result, Counter(), None, []
        old = self.rows.get(row["path"])
        if old is not None:
            self.where.pop(old["id"], None)
        self.rows[row["path"]] = {c: row[c] for c in PLAN_COLUMNS}
        self.where[doc.id] = row["path"]
        council = {PARTITION: doc.council}
        self.pending["documents"].append(row)
        self.pending["records"] += [record_row(r, doc) | council for r in records]
        self.pending["pages"] += [p | council for p in page_rows(doc)]
        self.pending["blocks"] += [b | council for b in block_rows(doc)]
        self.pending_docs += 1
        if self.pending_docs >= self.batch:
            self.flush()
        return result, Counter(r.type for r in records), None, document_notes(doc, records)

    def flush(self) -> None:
        """Write the queued batch: records, pages and blocks, then documents (whose file says the batch is whole),
        errors."""
        if not any(self.pending.values()):
            return
        name = f"part-{self.run}-{self.n:05d}.parquet"
        self.n += 1
        for table in TABLES:
            groups: dict[Optional[str], list[dict[str, Any]]] = {}
            for row in self.pending[table]:
                groups.setdefault(row.get(PARTITION) if table != "errors" else None, []).append(row)
            for council, rows in groups.items():
                self._write(_part_dir(self.root, table, council) / name, table, rows)
            self.pending[table] = []
        self.pending_docs = 0

    def _write(self, target: Path, table: str, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(table)
        data = pa.Table.from_pylist([{c: row.get(c) for c in schema.names} for row in rows], schema=schema)
        target.parent.mkdir(parents=True, exist_ok=True)
        hidden = target.with_name(f".{target.name}.tmp")  # readers skip dot files; the rename is atomic
        pq.write_table(data, hidden)
        os.replace(hidden, target)

    def counts(self) -> dict[str, Any]:
        """Totals for the closing summary, as :func:`pipeline.store.counts` gives them for a database
        (the latest version of each path; follow-ups are computed when the dataset is read)."""
        import pyarrow.parquet as pq

        types: Counter = Counter()
        for part in _parts(self.root, "records"):
            table = pq.read_table(part, columns=["document_id", "type"])
            types.update(t for d, t in zip(table.column("document_id").to_pylist(), table.column("type").to_pylist())
                         if d in self.where)
        errors = {row["file"] for part in _parts(self.root, "errors") for row in pq.read_table(part).to_pylist()}
        return {"documents": len(self.rows), "records": dict(types), "followups": {},
                "errors": len(errors - set(self.rows))}


def ingest_parquet(root: Union[str, Path], paths: Iterable[Union[str, Path]],
                   manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
                   meta: Optional[dict[str, Any]] = None, jobs: int = 1,
                   timeout: Optional[float] = DEFAULT_TIMEOUT, reextract: bool = False,
                   runner: Any = None) -> tuple[Any, dict[str, Any]]:
    """Ingest into the Parquet dataset at ``root``: the summary and the dataset's totals.

    The same loop and decisions as :func:`pipeline.store.ingest` (local
    workers, or ``runner``); follow-ups are computed when the dataset is
    read.  Ctrl-C writes the documents done so far and stops.
    """
    from ..workers import runner as local_runner
    from .ingestion import collect

    sink = ParquetSink(root)
    try:
        summary, _ = collect(sink, paths, manifest, progress, meta, runner or local_runner(jobs, timeout), reextract)
    finally:
        sink.flush()
    summary.followups = "follow-ups are computed when the dataset is read (scrutiny followups --db DIR)"
    return summary, sink.counts()


# ---- reading ----------------------------------------------------------------------

def load(root: Union[str, Path], conn: sqlite3.Connection, council: Optional[str] = None) -> int:
    """Copy the dataset into the database ``conn`` (the latest version of each path); return documents loaded.

    ``council``: only the partitions whose council contains it (case-insensitive), as ``--council`` filters.
    """
    import pyarrow.parquet as pq

    from .ingestion import write_rows

    root = Path(root)
    with transaction(conn):
        for part in _parts(root, "documents"):
            name = _council_of(part)
            if council and (name is None or council.lower() not in name.lower()):
                continue
            children: dict[str, dict[str, list[dict[str, Any]]]] = {table: {} for table in CHILD_TABLES}
            for table, by_doc in children.items():
                if _beside(root, table, part).exists():
                    for row in pq.read_table(_beside(root, table, part)).to_pylist():
                        by_doc.setdefault(row["document_id"], []).append(row)
            for row in pq.read_table(part).to_pylist():
                row[PARTITION] = name
                held = conn.execute("SELECT path FROM documents WHERE id = ?", (row["id"],)).fetchone()
                if held is not None and held["path"] != row["path"]:  # a duplicate (not written, but be safe)
                    continue
                old = conn.execute("SELECT id FROM documents WHERE path = ?", (row["path"],)).fetchone()
                write_rows(conn, row, children["records"].get(row["id"], ()), children["pages"].get(row["id"], ()),
                           old["id"] if old else None, children["blocks"].get(row["id"], ()))
        for part in _parts(root, "errors"):
            for row in pq.read_table(part).to_pylist():
                conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                             (row["file"], row["reason"], row["time"]))
        conn.execute("DELETE FROM errors WHERE file IN (SELECT path FROM documents)")
    return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


def open_dataset(root: Union[str, Path], council: Optional[str] = None) -> sqlite3.Connection:
    """An in-memory database holding the Parquet dataset at ``root``, with follow-ups computed."""
    from .followups import refresh_followups

    if not is_dataset(root):
        raise StoreError(f"{root} is a folder but not a Parquet dataset written by `scrutiny ingest --out-parquet`")
    conn = connect(":memory:")
    load(root, conn, council=council)
    refresh_followups(conn)
    return conn
