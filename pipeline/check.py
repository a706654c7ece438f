"""The clerk's check: what a new set of minutes does to the tracker, before it is published or stored.

For the new minutes' council and committee: the open actions of earlier
meetings that these minutes take up (with the sentence that does), those
they never mention (the missed follow-ups), the actions they create, and
the sentences that read like a request or an undertaking but produced no
action, with the cue that nearly fired, so that a clerk sees what the
tracker would lose.  Nothing is written: the stored documents are tracked
in memory with the new one beside them.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Optional

from . import store
from .dates import parse_day
from .followup import FollowUp, MeetingDoc, Memo, council_key, reports, same_body, segment, track
from .followup.due import overdue

OPEN = ("outstanding", "pending", "progressed")


@dataclass
class CheckReport:
    """What the check found; ``to_dict`` is the JSON output."""

    document: dict[str, Any]
    taken_up: list[dict[str, Any]] = field(default_factory=list)
    not_mentioned: list[dict[str, Any]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)
    near_misses: list[dict[str, Any]] = field(default_factory=list)
    note: Optional[str] = None       # why there is nothing to compare with, if so

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "taken_up": self.taken_up, "not_mentioned": self.not_mentioned,
                "created": self.created, "near_misses": self.near_misses, "note": self.note}


def check(conn: sqlite3.Connection, path: Path, meta: Optional[dict[str, Any]] = None,
          manifest: Optional[dict[str, dict[str, Any]]] = None) -> CheckReport:
    """Read and extract ``path`` and set it against the stored meetings of its council; store nothing."""
    import pipeline

    doc = pipeline.read(path, meta=meta, manifest=manifest)
    records = pipeline.extract(doc)
    rows, _, stored = store.stored_meeting_docs(conn)
    stored = [d for d, row in zip(stored, rows) if row["id"] != doc.id]      # the same bytes, already stored
    name = doc.stem if all(d.stem != doc.stem for d in stored) else f"{doc.stem} (new)"
    new = MeetingDoc(name, doc.council, doc.committee, doc.meeting_date, doc.doc_type, doc.text, records, doc.blocks)
    report = CheckReport({"source": str(path), "council": doc.council, "committee": doc.committee,
                          "meeting_date": doc.meeting_date, "actions": sum(r.type == "action" for r in records)})
    if not (council_key(new) and new.meeting_date):
        report.note = "the minutes give no council or no meeting date: nothing to compare them with " \
                      "(give --council and --date)"
        report.created = [{"action": r.id, "quote": r.quote, "owner": r.owner, "requested_by": r.requested_by,
                           "due": r.due, "due_date": None, "item": None} for r in records if r.type == "action"]
    earlier = [d for d in stored if council_key(d) == council_key(new) and d.meeting_date
               and new.meeting_date and d.meeting_date < new.meeting_date]
    if report.note is None and not earlier:
        report.note = "no earlier meeting of this council is stored: only the actions created are listed"
    held = parse_day(new.meeting_date) if new.meeting_date else date.today()
    memo = Memo()       # the earlier meetings' pairs, judged once for both
    before = {(f.document, f.action): f for f in track(earlier, memo)}
    after = track(earlier + [new], memo)
    for f in after:
        if f.document == new.stem:
            report.created.append(_created(f))
            continue
        old = before.get((f.document, f.action))
        if old is None or old.status not in OPEN:
            continue
        doc_of = next(d for d in earlier if d.stem == f.document)
        mention = next((e for e in f.evidence if e.document == new.stem), None)
        entry = _open(old, doc_of, held)
        if mention is not None:
            report.taken_up.append(dict(entry, sentence=mention.quote, method=mention.method, status_now=f.status))
        elif same_body(doc_of, new):
            report.not_mentioned.append(entry)
    report.near_misses = near_misses(new)
    return report


def _open(f: FollowUp, doc: MeetingDoc, held: date) -> dict[str, Any]:
    """An open earlier action as the check lists it: where it was set, by whom, due when, and its status then."""
    status = "overdue" if overdue(f.status, f.due_date, held) else f.status
    return {"document": f.document, "meeting_date": doc.meeting_date, "action": f.action, "quote": f.quote,
            "owner": f.owner, "due": f.due, "due_date": f.due_date, "status": status}


def _created(f: FollowUp) -> dict[str, Any]:
    return {"action": f.action, "quote": f.quote, "owner": f.owner, "requested_by": f.requested_by, "due": f.due,
            "due_date": f.due_date, "item": f.item_title}


def near_misses(doc: MeetingDoc) -> list[dict[str, Any]]:
    """Sentences that carry an action cue of ``models/patterns/actions.json`` but hold no action record.

    The cue lists are the extractor's own, read as it reads them; a sentence
    the extractor turned down (a question, a decision taken on the spot, a
    cue without a person to do it) shows here with the cue's name.
    """
    from .extraction.actions.cues import _patterns, _verbs   # the extractor's compiled cue lists, unchanged

    spans = [(r.start, r.end) for r in doc.records if r.type == "action" and isinstance(r.start, int)]
    cues = [(kind, cue.name, cue.pattern) for kind in ("commitment", "request") for cue in _patterns()[kind]]
    # The extractor's token rule for "X will <verb>", read as text: it fires only with a person before the modal.
    verbs = "|".join(sorted(map(re.escape, _verbs()[0]), key=len, reverse=True))
    cues.append(("commitment", "modal_commitment",
                 re.compile(r"\b(?:will|would|shall)\s+(?:also\s+|now\s+|then\s+)?(?:" + verbs + r")\b", re.I)))
    out = []
    for p in segment(doc.text, doc.blocks):
        if not reports(p) or any(s < p.end and p.start < e for s, e in spans):
            continue
        hit = next(((kind, name) for kind, name, rx in cues if rx.search(p.text)), None)
        if hit is not None:
            out.append({"sentence": p.text.strip(), "kind": hit[0], "rule": f"action.{hit[1]}",
                        "item": p.item_title or p.heading or None})
    return out
