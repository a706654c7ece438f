"""Stored tables as typed pandas DataFrames, and as csv, parquet or jsonl files.

Types come from the schema, not from the values, so a column has the same
dtype in every frame and every export whatever the data holds.  Dates are
stored as ISO text (SQLite has no date type) and come out as dates:
datetime64 in pandas, DATE in Parquet, ``YYYY-MM-DD`` in CSV and JSON lines.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence, Union

from .schema import TABLES, StoreError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

_PANDAS_TYPES = {"INTEGER": "Int64", "REAL": "Float64", "NUMERIC": "Float64", "TEXT": "string"}
# Columns holding a calendar day as ISO text: typed as dates, not strings, wherever they leave the database.
DATE_COLUMNS = frozenset({"meeting_date", "due_date"})


def column_dtypes(conn: sqlite3.Connection) -> dict[str, str]:
    """The pandas dtype of every stored column, from its declared type.

    Frames and export files get the same column types whatever the data:
    ``page`` is Int64 even when no record has a page, where pandas would
    otherwise guess from the values (object for all-NULL, float for ints
    with gaps).  Same-named columns share a type across tables.
    """
    out: dict[str, str] = {}
    for table in TABLES:
        # By position (cid, name, type, ...): a caller's connection may have no sqlite3.Row factory.
        for _cid, name, decl, *_ in conn.execute(f"PRAGMA table_info({table})"):
            out.setdefault(name, _PANDAS_TYPES.get(decl.upper(), "object"))
    return out


def read_frame(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> "pd.DataFrame":
    """A query's rows as a DataFrame typed by the schema (see :func:`column_dtypes`)."""
    import pandas as pd  # on first use: ingest and search never need it

    frame = pd.read_sql_query(sql, conn, params=tuple(params))
    types = column_dtypes(conn)
    frame = frame.astype({c: types[c] for c in frame.columns if c in types and c not in DATE_COLUMNS})
    for c in DATE_COLUMNS.intersection(frame.columns):
        frame[c] = pd.to_datetime(frame[c], format="%Y-%m-%d")
    return frame


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
        dates = sorted(DATE_COLUMNS.intersection(frame.columns))
        if fmt == "csv":
            frame.to_csv(target, index=False, date_format="%Y-%m-%d")
        elif fmt == "parquet":
            _write_parquet(frame, dates, target)
        else:
            frame = frame.assign(**{c: frame[c].dt.strftime("%Y-%m-%d") for c in dates})
            frame.to_json(target, orient="records", lines=True, force_ascii=False)
        written.append(target)
    return written


def _write_parquet(frame: "pd.DataFrame", dates: list[str], target: Path) -> None:
    """Parquet with date columns as DATE (day precision), not as timestamps at midnight."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    for c in dates:
        i = table.schema.get_field_index(c)
        table = table.set_column(i, pa.field(c, pa.date32()), table.column(c).cast(pa.date32()))
    pq.write_table(table, target)
