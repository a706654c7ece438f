"""The dataset as partitioned Parquet, for corpora past what one SQLite file should hold.

``scrutiny ingest PATHS --out-parquet DIR`` writes, instead of a database::

    DIR/documents/council=<council>/part-<run>-<batch>.parquet   the documents table's columns
    DIR/records/council=<council>/part-<run>-<batch>.parquet     the records table's columns
    DIR/errors/part-<run>-<batch>.parquet                        files that could not be read

Hive-style partitions by council (URI-encoded, ``__HIVE_DEFAULT_PARTITION__``
when unknown), so pyarrow, pandas, DuckDB and ``dask.dataframe.read_parquet``
read it as one dataset and a query about one council opens that council's
files only.  Columns and types are the SQLite tables' (:mod:`.schema`), in
every file whatever its values.

Writing is append-only and crash-safe per batch: a batch's records file is
written before its documents file, each under a hidden name and renamed
into place, and a records file left without its documents file by a crash
is removed on the next run.  A file whose bytes are in the dataset already
is skipped; new bytes under a path written before are a new version, and
readers keep the latest.

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
from typing import Any, Iterable, Optional, Union
from urllib.parse import quote, unquote

from ..paths import path_key
from ..workers import DEFAULT_TIMEOUT, Outcome
from .schema import DOCUMENT_COLUMNS, RECORD_COLUMNS, StoreError, connect, insert_row, transaction

PARTITION = "council"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
TABLES = ("documents", "records", "errors")
ERROR_COLUMNS = ("file", "reason", "time")
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


@lru_cache(maxsize=None)
def _arrow_schema(table: str) -> Any:
    """The pyarrow schema of a table's part files: the SQLite table's columns and declared types."""
    import pyarrow as pa

    conn = connect(":memory:")
    types = {"INTEGER": pa.int64(), "REAL": pa.float64(), "NUMERIC": pa.float64(), "TEXT": pa.string()}
    keep = {"documents": DOCUMENT_COLUMNS, "records": RECORD_COLUMNS, "errors": ERROR_COLUMNS}[table]
    cols = {c["name"]: types.get(c["type"].upper(), pa.string()) for c in conn.execute(f"PRAGMA table_info({table})")}
    conn.close()
    return pa.schema([(c, cols[c]) for c in keep if c != PARTITION])


class ParquetSink:
    """Where an ingest writes when it writes Parquet: ``skip`` and ``store`` as ingestion's ``collect`` calls them."""

    def __init__(self, root: Union[str, Path], batch: int = BATCH):
        self.root = Path(root)
        self.batch = batch
        self.run = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}"
        self.n = 0
        self.pending: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.pending_docs = 0
        self._remove_orphans()
        self.ids, self.paths = self._known()

    # ---- what is there already --------------------------------------------------------

    def _remove_orphans(self) -> None:
        """A records file whose documents file is missing was cut short by a crash: its batch is redone."""
        for part in _parts(self.root, "records"):
            if not (self.root / "documents" / part.parent.name / part.name).exists():
                part.unlink()

    def _known(self) -> tuple[set[str], dict[str, str]]:
        import pyarrow.parquet as pq

        ids: set[str] = set()
        paths: dict[str, str] = {}
        for part in _parts(self.root, "documents"):
            table = pq.read_table(part, columns=["id", "path"])
            for doc_id, path in zip(table.column("id").to_pylist(), table.column("path").to_pylist()):
                ids.add(doc_id)
                paths[path] = doc_id
        return ids, paths

    def skip(self, path: Path) -> Optional[str]:
        """"unchanged" or "duplicate" when these bytes are in the dataset already, else None."""
        from .ingestion import _file_hash, already

        digest = _file_hash(path)
        return None if digest is None else already(digest, self.paths.get(path_key(path)), digest in self.ids)

    # ---- writing ----------------------------------------------------------------------

    def store(self, outcome: Outcome) -> tuple[str, Counter, Optional[str]]:
        """Queue one Outcome for the current batch (written every ``batch`` documents); say what happened."""
        from .ingestion import _now, already, document_row, one_line, record_row

        if outcome.error is not None:
            reason = one_line(outcome.error.reason)
            self.pending["errors"].append({"file": path_key(outcome.path), "reason": reason, "time": _now()})
            return "failed", Counter(), reason
        doc, records = outcome.document, outcome.records or []
        row = document_row(doc, outcome.path)
        skipped = already(doc.id, self.paths.get(row["path"]), doc.id in self.ids)
        if skipped:
            return skipped, Counter(), None
        result = "replaced" if row["path"] in self.paths else "new"
        self.ids.add(doc.id)
        self.paths[row["path"]] = doc.id
        self.pending["documents"].append(row)
        self.pending["records"] += [record_row(r, doc) | {PARTITION: doc.council} for r in records]
        self.pending_docs += 1
        if self.pending_docs >= self.batch:
            self.flush()
        return result, Counter(r.type for r in records), None

    def flush(self) -> None:
        """Write the queued batch: records, then documents (whose file says the batch is whole), then errors."""
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
        """Totals for the closing summary, as :func:`pipeline.store.counts` gives them for a database."""
        import pyarrow.parquet as pq

        types: Counter = Counter()
        for part in _parts(self.root, "records"):
            types.update(pq.read_table(part, columns=["type"]).column("type").to_pylist())
        errors = {row["file"] for part in _parts(self.root, "errors") for row in pq.read_table(part).to_pylist()}
        return {"documents": len(self.ids), "records": dict(types), "followups": {}, "errors": len(errors)}


def ingest_parquet(root: Union[str, Path], paths: Iterable[Union[str, Path]],
                   manifest: Optional[dict[str, dict[str, Any]]] = None, progress: Optional[bool] = None,
                   runner: Any = None, jobs: int = 1,
                   timeout: Optional[float] = DEFAULT_TIMEOUT) -> tuple[Any, dict[str, Any]]:
    """Ingest into the Parquet dataset at ``root``: the summary and the dataset's totals.

    Read and extract as :func:`pipeline.store.ingest` does (local workers, or
    ``runner``); follow-ups are computed when the dataset is read.  Ctrl-C
    writes the documents done so far and stops.
    """
    from ..workers import Job
    from ..workers import runner as local_runner
    from .ingestion import collect

    sink = ParquetSink(root)
    try:
        summary = collect(paths, sink.skip, sink.store, Job(manifest=manifest),
                          runner or local_runner(jobs, timeout), progress)
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

    from .ingestion import delete_document

    root = Path(root)
    loaded = 0
    with transaction(conn):
        for part in _parts(root, "documents"):
            name = _council_of(part)
            if council and (name is None or council.lower() not in name.lower()):
                continue
            records: dict[str, list[dict[str, Any]]] = {}
            rec_part = root / "records" / part.parent.name / part.name
            if rec_part.exists():
                for row in pq.read_table(rec_part).to_pylist():
                    records.setdefault(row["document_id"], []).append(row)
            for row in pq.read_table(part).to_pylist():
                row[PARTITION] = name
                if conn.execute("SELECT 1 FROM documents WHERE id = ?", (row["id"],)).fetchone():
                    continue
                old = conn.execute("SELECT id FROM documents WHERE path = ?", (row["path"],)).fetchone()
                if old is not None:  # a later version of the same file
                    delete_document(conn, old["id"])
                    loaded -= 1
                insert_row(conn, "documents", row)
                for rec in records.get(row["id"], ()):
                    rec.pop(PARTITION, None)
                    insert_row(conn, "records", rec)
                loaded += 1
        for part in _parts(root, "errors"):
            for row in pq.read_table(part).to_pylist():
                conn.execute("INSERT OR REPLACE INTO errors (file, reason, time) VALUES (?, ?, ?)",
                             (row["file"], row["reason"], row["time"]))
        conn.execute("DELETE FROM errors WHERE file IN (SELECT path FROM documents)")
    return loaded


def open_dataset(root: Union[str, Path], council: Optional[str] = None) -> sqlite3.Connection:
    """An in-memory database holding the Parquet dataset at ``root``, with follow-ups computed."""
    from .followups import refresh_followups

    if not is_dataset(root):
        raise StoreError(f"{root} is a folder but not a Parquet dataset written by `scrutiny ingest --out-parquet`")
    conn = connect(":memory:")
    load(root, conn, council=council)
    try:
        refresh_followups(conn)
    except ImportError:  # pragma: no cover - the tracker is optional
        pass
    return conn
