"""The recommendation and action tracker a scrutiny officer puts in front of a committee: one row per action.

The columns follow the trackers UK councils publish: a council-wide
reference (``OSC/2025-01-14/03``: committee, meeting date, action number),
the committee and meeting, the minute or item the action sits under, the
action in full, who asked and who owes it, when it is due, its status with
a RAG colour, the latest update with its meeting and page, and the source.
The writers (XLSX, DOCX, CSV, Markdown) are in :mod:`pipeline.tracker_write`.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable, Optional, Sequence

from . import store
from .dates import parse_day

COLUMNS = ("Ref", "Committee", "Meeting date", "Minute / item", "Action / recommendation", "Requested by",
           "Owner / lead officer", "Due", "Status", "Latest update", "Source")
# Red: late.  Amber: open (reported on, or nothing heard yet).  Green: done.  Pending: nothing to judge yet.
RAG = {"overdue": "red", "outstanding": "amber", "progressed": "amber", "resolved": "green", "pending": None}
RAG_HEX = {"red": "F4B6B6", "amber": "FFE3A3", "green": "C6EFCE"}
_SMALL = {"and", "of", "the", "for", "&", "on", "in", "to", "a"}


@dataclass
class TrackerRow:
    """One action as the tracker shows it; ``cells()`` gives the COLUMNS in order."""

    ref: str
    committee: str
    meeting_date: Optional[date]
    item: str
    action: str
    requested_by: str
    owner: str
    due: str
    status: str
    latest_update: str
    source: str
    document: str = ""
    action_id: str = ""

    @property
    def rag(self) -> Optional[str]:
        return RAG.get(self.status)

    def cells(self) -> list[Any]:
        return [self.ref, self.committee, self.meeting_date, self.item, self.action, self.requested_by, self.owner,
                self.due, self.status, self.latest_update, self.source]


def uk_day(value: Any) -> str:
    """A date as a committee report writes it: 14/01/2025 (empty for none)."""
    day = value if isinstance(value, date) else parse_day(value) if value else None
    return day.strftime("%d/%m/%Y") if day else ""


def committee_code(name: str) -> str:
    """Initials of a committee's words ("Overview and Scrutiny Committee" -> "OSC"); one word -> its first three."""
    words = [w for w in re.findall(r"[A-Za-z]+", name or "") if w.lower() not in _SMALL]
    if not words:
        return "X"
    return words[0][:3].upper() if len(words) == 1 else "".join(w[0] for w in words).upper()


def committee_codes(items: Iterable[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """A code per (council, committee), unique within the council: a clash gets a number (CC, CC2)."""
    out: dict[tuple[str, str], str] = {}
    for item in items:
        key = (item.get("council") or "", item.get("committee") or item.get("council") or "")
        if key in out:
            continue
        code, n = committee_code(key[1]), 1
        taken = {v for (council, _), v in out.items() if council == key[0]}
        while (code if n == 1 else f"{code}{n}") in taken:
            n += 1
        out[key] = code if n == 1 else f"{code}{n}"
    return out


def _number(action_id: str) -> str:
    """The action's number in its meeting ("x3" -> "03")."""
    digits = re.sub(r"\D", "", action_id or "")
    return f"{int(digits):02d}" if digits else action_id


def _update(item: dict[str, Any]) -> str:
    """The latest evidence with its meeting date and page (empty where no later meeting mentions the action)."""
    if not item["evidence"]:
        return ""
    e = item["evidence"][-1]
    where = ", ".join(x for x in (uk_day(e.get("meeting_date")) or e.get("document"),
                                  f"p. {e['page']}" if e.get("page") else "") if x)
    return f"{e.get('quote')} ({where})"


def _due(item: dict[str, Any]) -> str:
    """The due date (with the phrase it was read from), or the phrase alone where it gives no date."""
    phrase = item.get("due")
    if item.get("due_date"):
        return f"{uk_day(item['due_date'])} ({phrase or item.get('due_basis')})"
    return phrase or ""


def _source(item: dict[str, Any]) -> str:
    """Document, page and URL where known."""
    parts = [item["document"], f"p. {item['page']}" if item.get("page") else "", item.get("url") or ""]
    return ", ".join(p for p in parts if p)


def tracker_rows(items: Sequence[dict[str, Any]],
                 codes: Optional[dict[tuple[str, str], str]] = None) -> list[TrackerRow]:
    """Tracker rows for follow-up items as :func:`pipeline.store.followups_view` returns them.

    ``codes``: the committee codes of the whole dataset, so that a filtered
    tracker gives every action the same Ref as the full one.
    """
    codes = dict(codes or {})
    for key, code in committee_codes(items).items():
        codes.setdefault(key, code)
    rows = []
    for item in items:
        committee = item.get("committee") or item.get("council") or ""
        code = codes[(item.get("council") or "", committee)]
        item_no, title = item.get("item_no"), item.get("item_title") or ""
        rows.append(TrackerRow(
            ref=f"{code}/{item.get('meeting_date') or 'undated'}/{_number(item['action'])}",
            committee=committee, meeting_date=parse_day(item["meeting_date"]) if item.get("meeting_date") else None,
            item=f"{item_no}. {title}".strip(" .") if item_no else title, action=item.get("quote") or "",
            requested_by=item.get("requested_by") or "", owner=item.get("owner_name") or "", due=_due(item),
            status=item["tracker_status"], latest_update=_update(item), source=_source(item),
            document=item["document"], action_id=item["action"]))
    return rows


def tracker(conn: sqlite3.Connection, council: Optional[str] = None, committee: Optional[str] = None,
            status: Optional[Iterable[str]] = None, owner: Optional[str] = None, since: Optional[str] = None,
            until: Optional[str] = None, as_of: Optional[date] = None) -> list[TrackerRow]:
    """The tracker's rows for a stored dataset, filtered as ``scrutiny followups`` filters."""
    items = store.followups_view(conn, council=council, committee=committee, status=status, owner=owner,
                                 since=since, until=until, as_of=as_of)
    return tracker_rows(items, dataset_codes(conn))


def dataset_codes(conn: sqlite3.Connection) -> dict[tuple[str, str], str]:
    """The committee codes of every body in the database, oldest first: a Ref does not depend on the filter."""
    bodies = conn.execute("SELECT council, COALESCE(committee, council) AS committee FROM documents "
                          "GROUP BY 1, 2 ORDER BY min(meeting_date), 1, 2").fetchall()
    return committee_codes(dict(b) for b in bodies)


def action_history(conn: sqlite3.Connection, document: str, action: str,
                   as_of: Optional[date] = None) -> Optional[dict[str, Any]]:
    """One action's history: the action (as its tracker row) and every piece of evidence with its date and page.

    ``document`` is the stem ``scrutiny followups`` shows; None when no such action is tracked.
    """
    items = [i for i in store.followups_view(conn, as_of=as_of) if i["document"] == document and i["action"] == action]
    if not items:
        return None
    item = items[0]
    row = tracker_rows([item], dataset_codes(conn))[0]
    return {"row": row, "status": item["status"], "tracker_status": item["tracker_status"],
            "due_date": item.get("due_date"), "due_basis": item.get("due_basis"),
            "evidence": [{"meeting_date": e.get("meeting_date"), "document": e.get("document"), "page": e.get("page"),
                          "method": e.get("method"), "score": e.get("score"), "quote": e.get("quote")}
                         for e in item["evidence"]]}
