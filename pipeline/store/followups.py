"""The action tracker as stored: ``followups`` and ``question_status``, recomputed and read back.

Tracking needs every document at once (a new meeting can follow up any
earlier one), so :func:`refresh_followups` rebuilds both tables from all
stored documents rather than patching the rows of the one just ingested.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any, Iterable, Optional

from ..records import COMMON_FIELDS, PROVENANCE_FIELDS, TYPE_FIELDS
from .fts import meeting_filters
from .schema import insert_row, transaction


# ---- recomputing ------------------------------------------------------------------

def refresh_followups(conn: sqlite3.Connection) -> int:
    """Recompute follow-ups and question statuses across every stored document; return the number of actions.

    Reading, tracking and rewriting happen in one transaction: readers see
    the old tracker or the new one, never a mix, and never one computed from
    documents that have since changed.
    """
    # Imported here, not at the top: the tracker is optional (ingest reports an
    # ImportError instead of failing) and is looked up in sys.modules per call.
    from ..followup import MeetingDoc, question_statuses, track

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
        conn.execute("DELETE FROM state WHERE key = 'followups_stale'")
        for fu in follow:
            insert_row(conn, "followups", followup_row(fu, ids, stems))
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


def mark_followups_stale(conn: sqlite3.Connection) -> None:
    """Say, inside the transaction that adds or removes a document, that the tracker must be recomputed."""
    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('followups_stale', '1')")


def followups_complete(conn: sqlite3.Connection) -> bool:
    """Whether the tracker was recomputed since the last document was added or removed (a refresh killed
    half-way left it stale) and every stored action has its follow-up row: if so, an ingest that added
    nothing need not re-track."""
    if conn.execute("SELECT 1 FROM state WHERE key = 'followups_stale'").fetchone():
        return False
    actions = conn.execute("SELECT count(*) FROM records WHERE type = 'action'").fetchone()[0]
    return actions == conn.execute("SELECT count(*) FROM followups").fetchone()[0]


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


# ---- reading --------------------------------------------------------------------

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
    where, params = meeting_filters(council, committee, None, None)
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
