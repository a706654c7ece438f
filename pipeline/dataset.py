"""The stored dataset as pandas DataFrames, for notebooks and analysis.

    >>> from pipeline import dataset
    >>> recs = dataset.records("outputs/scrutiny.db")
    >>> recs[recs.type == "action"].groupby("status").size()
    >>> dataset.followups("outputs/scrutiny.db").query("status == 'outstanding'")

``db`` is a path to a database written by ``scrutiny ingest`` (it must
exist: reading never creates one), a folder written by ``scrutiny ingest
--out-parquet`` (loaded into memory and its follow-ups computed on each
call: open it once with ``store.open_existing(folder)`` and pass the
connection to read several frames) or an open ``sqlite3`` connection, which
is used and left open.  The tables are described in :mod:`pipeline.store`.
"""
from __future__ import annotations

import json

import pandas as pd

from .store import DB, DOCUMENT_COLUMNS, STATUS_JOIN, followups_sql, opened, read_frame


def _frame(db: DB, sql: str) -> pd.DataFrame:
    """Run ``sql`` against ``db`` into a DataFrame typed by the schema (a page stays Int64, never 3.0)."""
    with opened(db) as conn:
        return read_frame(conn, sql)


def documents(db: DB, text: bool = False) -> pd.DataFrame:
    """One row per stored document: metadata, format, hash (``id``), pages, source path.

    The full ``text`` column is left out unless ``text=True``: it is most of
    the database's size and rarely what a table of meetings needs.
    """
    columns = ", ".join(c for c in ("pk",) + DOCUMENT_COLUMNS if text or c != "text")
    return _frame(db, f"SELECT {columns} FROM documents ORDER BY meeting_date IS NULL, meeting_date, stem")


def records(db: DB) -> pd.DataFrame:
    """One row per record: every spec field, provenance, and the meeting it comes from.

    Beyond the ``records`` table: council, committee, meeting_date and
    doc_type of its document, and ``status`` (an action's follow-up status,
    a question's answer status; <NA> for other types).
    """
    return _frame(db, f"""
        SELECT r.*, d.council, d.committee, d.meeting_date, d.doc_type,
               COALESCE(f.status, qs.status) AS status
        FROM records r
        JOIN documents d ON d.id = r.document_id
        {STATUS_JOIN}
        ORDER BY d.meeting_date IS NULL, d.meeting_date, r.document, r.start, r.pk""")


def followups(db: DB) -> pd.DataFrame:
    """One row per action with its follow-up status; ``evidence`` is parsed to a list of dicts.

    Adds the meeting's council, committee and meeting_date to the
    ``followups`` table's columns.
    """
    frame = _frame(db, followups_sql())
    frame["evidence"] = [json.loads(e) if isinstance(e, str) else [] for e in frame["evidence"]]
    return frame


def question_status(db: DB) -> pd.DataFrame:
    """One row per question: answered, deferred or unanswered."""
    return _frame(db, "SELECT * FROM question_status ORDER BY document, question")


def errors(db: DB) -> pd.DataFrame:
    """Files that could not be stored, with the reason and when."""
    return _frame(db, "SELECT * FROM errors ORDER BY time, file")
