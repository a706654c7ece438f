"""The action tracker as stored: ``followups`` and ``question_status``, recomputed and read back.

A new meeting can follow up any earlier one of its council, so follow-ups
are worked out per council; what each later document says of each earlier
one's actions is kept (:mod:`.tracker_cache`), so that after an ingest
:func:`update_followups` judges only the pairs of documents the new or
removed ones make and adds up that council's actions again, with the same
rows a full :func:`refresh_followups` gives.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date
from typing import Any, Callable, Iterable, Optional, Union

from ..document import Block
from ..records import COMMON_FIELDS, PROVENANCE_FIELDS, TYPE_FIELDS, Record
from . import tracker_cache
from .sql import meeting_filters
from .schema import insert_row, transaction

# What refresh_followups is given to compute with (pipeline.followup.track and .question_statuses by default):
# meetings in (and the memo of pairs judged before), FollowUp objects out; meetings in, one status row per question out.
Tracker = Callable[..., list[Any]]
AnswerJudge = Callable[[list[Any]], list[dict[str, Any]]]


# ---- recomputing ------------------------------------------------------------------

def refresh_followups(conn: sqlite3.Connection, track: Optional[Tracker] = None,
                      question_statuses: Optional[AnswerJudge] = None) -> int:
    """Recompute follow-ups and question statuses across every stored document, from scratch; return the number
    of actions.

    Everything kept from earlier runs is forgotten and worked out again.
    Reading, tracking and rewriting happen in one transaction: readers see
    the old tracker or the new one, never a mix, and never one computed from
    documents that have since changed.  ``track`` and ``question_statuses``
    default to :mod:`pipeline.followup`'s; a caller (a test) passes others.
    """
    return _track(conn, True, track, question_statuses)


def update_followups(conn: sqlite3.Connection, track: Optional[Tracker] = None,
                     question_statuses: Optional[AnswerJudge] = None) -> int:
    """Bring follow-ups and question statuses up to date with the stored documents; return the number of actions
    whose follow-up was worked out again.

    Only the councils whose documents changed since the last run are
    tracked again, and within them only the pairs of documents not judged
    before: a new meeting is read against the earlier actions of its
    council, and its own actions against the later meetings stored.  The
    rows are those :func:`refresh_followups` writes.  One transaction, like
    the full refresh: a run that is killed leaves the tracker as it was, and
    marked stale.
    """
    return _track(conn, False, track, question_statuses)


def _track(conn: sqlite3.Connection, full: bool, track: Optional[Tracker],
           question_statuses: Optional[AnswerJudge]) -> int:
    from .. import followup  # when first needed: commands that only read the store never load the tracker
    from ..followup import MeetingDoc, council_key, trackable

    track = track or followup.track
    question_statuses = question_statuses or followup.question_statuses

    with transaction(conn):
        tracker_cache.ensure_tables(conn)
        meta = conn.execute("SELECT id, stem, council, committee, meeting_date, doc_type, ingested_at, extracted_with "
                            "FROM documents ORDER BY meeting_date IS NULL, meeting_date, stem, id").fetchall()
        keys = meeting_keys(meta)
        ids = {key: doc_id for doc_id, key in keys.items()}
        stems = {keys[r["id"]]: r["stem"] for r in meta}
        prints = {r["id"]: tracker_cache.document_fingerprint(r) for r in meta}
        if full:
            tracker_cache.clear(conn)
        fresh = tracker_cache.forget_changed(conn, prints)
        tracker_cache.keep_documents(conn, prints)
        councils: dict[str, list[sqlite3.Row]] = {}
        for r in meta:
            doc = MeetingDoc(keys[r["id"]], r["council"], r["committee"], r["meeting_date"], r["doc_type"], "")
            if trackable(doc):
                councils.setdefault(council_key(doc), []).append(r)
        series = {c: tracker_cache.fingerprint(sorted(f"{r['id']}:{prints[r['id']]}:{keys[r['id']]}" for r in rs))
                  for c, rs in councils.items()}
        memo = tracker_cache.stored_memo(conn, ids, prints)
        if full:
            tracked = None
            docs = meeting_docs(conn, meta, keys)
            follow = track(docs, memo=memo)
            asked = docs
        else:
            before = tracker_cache.series_prints(conn)
            tracked = [r for c, rs in councils.items() if before.get(c) != series[c] for r in rs]
            follow = []
            for c, rs in councils.items():
                if before.get(c) != series[c]:
                    docs = meeting_docs(conn, rs, keys)
                    memo.load(docs)
                    follow.extend(track(docs, memo=memo))
            in_series = {r["id"] for rs in councils.values() for r in rs}
            tracked += [r for r in meta if r["id"] not in in_series]   # left out: they keep no follow-up rows
            asked = meeting_docs(conn, [r for r in meta if r["id"] in fresh], keys)
        _write(conn, follow, None if tracked is None else [r["id"] for r in tracked], ids, stems)
        _write_questions(conn, question_statuses(asked), ids, stems)
        memo.save()
        tracker_cache.keep_series(conn, series)
        conn.execute("DELETE FROM state WHERE key = 'followups_stale'")
    return len(follow)


def _write(conn: sqlite3.Connection, follow: list[Any], doc_ids: Optional[list[str]], ids: dict[str, str],
           stems: dict[str, str]) -> None:
    """Make the follow-up rows of ``doc_ids`` (None: of every document) those of ``follow``, writing only the rows
    that changed (adding a meeting changes few of its council's)."""
    chosen = json.dumps(doc_ids if doc_ids is not None else list(ids.values()))
    old: dict[tuple[str, str], dict[str, Any]] = {}
    if doc_ids is None:
        conn.execute("DELETE FROM followups")
    else:
        old = {(r["document_id"], r["action"]): dict(r) for r in conn.execute(
            f"SELECT * FROM followups WHERE document_id IN ({IN_JSON})", (chosen,))}
    conn.execute("DELETE FROM followups WHERE document_id NOT IN (SELECT id FROM documents)")
    pks = {(r["document_id"], r["id"]): r["pk"] for r in conn.execute(
        f"SELECT pk, document_id, id FROM records WHERE type = 'action' AND document_id IN ({IN_JSON})", (chosen,))}
    wanted = {e.document for fu in follow for e in fu.evidence} | {fu.document for fu in follow}
    places = {key: (r["meeting_date"], _pages(conn, ids[key])) for key in wanted
              for r in conn.execute("SELECT meeting_date FROM documents WHERE id = ?", (ids[key],))}
    for fu in follow:
        row = followup_row(fu, ids, stems, pks, places)
        key = (row["document_id"], row["action"])
        if old.pop(key, None) == row:
            continue
        conn.execute("DELETE FROM followups WHERE document_id = ? AND action = ?", key)
        insert_row(conn, "followups", row)
    for key in old:
        conn.execute("DELETE FROM followups WHERE document_id = ? AND action = ?", key)


# A list of ids as one parameter (json.dumps(ids)): no limit on how many, unlike one "?" per id.
IN_JSON = "SELECT value FROM json_each(?)"


def _write_questions(conn: sqlite3.Connection, questions: list[dict], ids: dict[str, str],
                     stems: dict[str, str]) -> None:
    """Replace the question statuses of the documents ``questions`` come from."""
    for doc_id in {ids[q["document"]] for q in questions}:
        conn.execute("DELETE FROM question_status WHERE document_id = ?", (doc_id,))
    wanted = json.dumps(sorted({ids[q["document"]] for q in questions}))
    pks = {(r["document_id"], r["id"]): r["pk"] for r in
           conn.execute(f"SELECT pk, document_id, id FROM records WHERE document_id IN ({IN_JSON})", (wanted,))}
    for q in questions:
        doc_id = ids[q["document"]]
        conn.execute("INSERT OR REPLACE INTO question_status (document_id, document, question, record, status) "
                     "VALUES (?, ?, ?, ?, ?)", (doc_id, stems[q["document"]], q["question"],
                                                pks.get((doc_id, q["question"])), q["status"]))


def _pages(conn: sqlite3.Connection, doc_id: str) -> list[tuple[int, int]]:
    """(start offset, page) of each page of a document, in order."""
    return [(r[0], r[1]) for r in conn.execute("SELECT start, page FROM pages WHERE document_id = ? ORDER BY start",
                                               (doc_id,))]


def _page_at(pages: list[tuple[int, int]], offset: Optional[int]) -> Optional[int]:
    """The page holding ``offset`` (None where the document has no pages)."""
    if offset is None or not pages:
        return None
    return next((page for start, page in reversed(pages) if start <= offset), pages[0][1])


def stored_meeting_docs(conn: sqlite3.Connection) -> tuple[list[sqlite3.Row], dict[str, str], list[Any]]:
    """Every stored document as the tracker's MeetingDoc (oldest first), with its row and its name for tracking."""
    rows = conn.execute("SELECT id, stem, council, committee, meeting_date, doc_type FROM documents "
                        "ORDER BY meeting_date IS NULL, meeting_date, stem, id").fetchall()
    keys = meeting_keys(rows)
    return rows, keys, meeting_docs(conn, rows, keys)


def meeting_docs(conn: sqlite3.Connection, rows: Iterable[sqlite3.Row], keys: dict[str, str]) -> list[Any]:
    """The documents of ``rows`` (in their order) as the tracker's MeetingDocs, text and records read from the
    database; ``keys``: each document id's name for tracking (:func:`meeting_keys`)."""
    from ..followup import MeetingDoc

    out = []
    for r in rows:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (r["id"],)).fetchone()[0]
        out.append(MeetingDoc(stem=keys[r["id"]], council=r["council"], committee=r["committee"],
                              meeting_date=r["meeting_date"], doc_type=r["doc_type"], text=text,
                              records=[Record.from_dict(rec) for rec in stored_records(conn, r["id"])],
                              blocks=stored_blocks(conn, r["id"], text)))
    return out


def stored_blocks(conn: sqlite3.Connection, doc_id: str, text: str) -> list[Block]:
    """A document's blocks as its reader gave them, each with its text cut from the stored ``text`` (none for a
    document stored before blocks were)."""
    return [Block(r["kind"], text[r["start"]:r["end"]], r["start"], r["end"], r["page"], r["label"], r["table_index"])
            for r in conn.execute('SELECT kind, start, "end", page, label, table_index FROM blocks '
                                  'WHERE document_id = ? ORDER BY seq', (doc_id,))]


def followup_row(fu: Any, ids: dict[str, str], stems: dict[str, str],
                 pks: Optional[dict[tuple[str, str], int]] = None,
                 places: Optional[dict[str, tuple[Optional[str], list]]] = None) -> dict[str, Any]:
    """The ``followups`` row for one FollowUp: evidence as JSON plus its first and latest mention as columns.

    ``ids`` and ``stems`` map tracking names to document ids and stems;
    ``pks`` maps (document id, record id) to the action's ``records.pk``.
    The ``*_id`` and ``record`` columns are foreign keys, so a browser of
    the database (Datasette) links an action to its record and evidence.
    ``places``: each document's meeting date and page starts, so that every
    piece of evidence says when and on which page it was said.
    """
    data = dict(fu.to_dict())
    evidence = [dict(e) for e in data.pop("evidence", None) or []]
    first_key, latest_key = (evidence[0].get("document"), evidence[-1].get("document")) if evidence else (None, None)
    for e in evidence:
        if places and e.get("document") in places:
            held, pages = places[e["document"]]
            e["meeting_date"], e["page"] = held, _page_at(pages, e.get("start"))
        e["document"] = stems.get(e.get("document"), e.get("document"))
    first, latest = (evidence[0], evidence[-1]) if evidence else ({}, {})
    doc_id, action = ids[fu.document], data.pop("action")
    row = {
        "document_id": doc_id, "document": stems[fu.document], "action": action,
        "record": (pks or {}).get((doc_id, action)),
        "quote": data.pop("quote", None), "status": data.pop("status"), "owner": data.pop("owner", None),
        "requested_by": data.pop("requested_by", None), "due": data.pop("due", None),
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "evidence_document": first.get("document"), "evidence_document_id": ids.get(first_key),
        "evidence_quote": first.get("quote"),
        "evidence_score": first.get("score"), "evidence_method": first.get("method"),
        "latest_document": latest.get("document"), "latest_document_id": ids.get(latest_key),
        "latest_quote": latest.get("quote"),
        **{k: data.pop(k, None) for k in ("due_date", "due_basis", "item_no", "item_title")},
    }
    data.pop("document", None)
    row["extra"] = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) if data else None
    return row


def mark_followups_stale(conn: sqlite3.Connection) -> None:
    """Say, inside the transaction that adds or removes a document, that the tracker must be recomputed."""
    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES ('followups_stale', '1')")


def followups_complete(conn: sqlite3.Connection) -> bool:
    """Whether the tracker was recomputed since the last document was added or removed (a refresh killed
    half-way left it stale) and every tracked action has its follow-up row: if so, an ingest that added
    nothing need not re-track."""
    if conn.execute("SELECT 1 FROM state WHERE key = 'followups_stale'").fetchone():
        return False
    left_out = [d["id"] for d in left_out_documents(conn)]
    actions = conn.execute(f"SELECT count(*) FROM records WHERE type = 'action' "
                           f"AND document_id NOT IN ({', '.join('?' * len(left_out))})", left_out).fetchone()[0]
    return actions == conn.execute("SELECT count(*) FROM followups").fetchone()[0]


def left_out_documents(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Stored documents that take no part in follow-ups (no council or no meeting date), with what they lack.

    Each: id, stem, path, missing (["council", "meeting date"] or one of them).
    The rule is the tracker's own (``followup.trackable``), so what ingest
    warns about is exactly what the tracker leaves out.
    """
    from ..followup import MeetingDoc, missing_for_tracking
    out = []
    for r in conn.execute("SELECT id, stem, path, council, committee, meeting_date FROM documents ORDER BY stem"):
        missing = missing_for_tracking(MeetingDoc(r["stem"], r["council"], r["committee"], r["meeting_date"], None, ""))
        if missing:
            out.append({"id": r["id"], "stem": r["stem"], "path": r["path"], "missing": missing})
    return out


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
        SELECT f.*, d.council, d.committee, d.meeting_date, d.source, d.url, r.page
        FROM followups f JOIN documents d ON d.id = f.document_id
        LEFT JOIN records r ON r.document_id = f.document_id AND r.id = f.action
        {'WHERE ' + ' AND '.join(where) if where else ''}
        ORDER BY d.meeting_date IS NULL, d.meeting_date, f.document, r.start, f.action"""


def followups_view(conn: sqlite3.Connection, council: Optional[str] = None, committee: Optional[str] = None,
                   status: Union[None, str, Iterable[str]] = None, owner: Optional[str] = None,
                   since: Optional[str] = None, until: Optional[str] = None,
                   as_of: Optional[date] = None) -> list[dict[str, Any]]:
    """Every action with its meeting, status and evidence (parsed), oldest meeting first.

    Each item adds ``tracker_status`` (``overdue`` where the due date is
    before ``as_of``, default today, and the action is not resolved; else
    the stored status) and ``owner_name`` (one spelling per owner, with the
    post holder's name where the attendance list gives it).  ``status``
    (one or several) filters on the tracker status, ``owner`` on the
    owner's name (case-insensitive, anywhere), ``since``/``until`` on the
    meeting date (ISO or day-first UK dates).
    """
    from ..followup.due import overdue
    from ..owners import HEAD, attendance_posts, normalise_owner

    where, params = meeting_filters(council, committee, since, until)
    today = as_of or date.today()
    wanted = {status} if isinstance(status, str) else set(status or ())
    posts: dict[str, dict[str, str]] = {}
    out = []
    for row in conn.execute(followups_sql(where), params):
        item = dict(row)
        item["evidence"] = json.loads(item["evidence"] or "[]")
        item["tracker_status"] = "overdue" if overdue(item["status"], item["due_date"], today) else item["status"]
        if item["document_id"] not in posts:
            text = conn.execute("SELECT substr(text, 1, ?) FROM documents WHERE id = ?",
                                (HEAD, item["document_id"])).fetchone()[0]
            posts[item["document_id"]] = attendance_posts(text)
        item["owner_name"] = normalise_owner(item["owner"], posts[item["document_id"]])
        if wanted and item["tracker_status"] not in wanted:
            continue
        if owner and owner.lower() not in (item["owner_name"] or "").lower():
            continue
        out.append(item)
    return out


def followup_json(item: dict[str, Any]) -> dict[str, Any]:
    """The spec's follow-up object (RECORDS.md, "Follow-ups across meetings"), exactly its keys."""
    return {"document": item["document"], "action": item["action"], "quote": item["quote"],
            "status": item["status"],
            "evidence": [{"document": e.get("document"), "quote": e.get("quote")} for e in item["evidence"]]}
