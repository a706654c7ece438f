"""What the linker takes in (a document with its records) and what it gives back (a status with evidence)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from ..document import Block
from ..records import Record

STATUSES = ("resolved", "progressed", "outstanding", "pending")


@dataclass
class MeetingDoc:
    """One document of a series with its records and its reader's blocks.

    ``blocks`` are the blocks extraction read (located in ``text``), so the
    linker's sentences and headings come from the same units; a document
    without them (gold annotations on a reference text, a database stored
    before blocks were) is split into lines instead.
    """

    stem: str
    council: Optional[str]
    committee: Optional[str]
    meeting_date: Optional[str]
    doc_type: Optional[str]
    text: str
    records: list[Record] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Evidence:
    """A later sentence that mentions the action."""

    document: str
    quote: str
    start: int
    end: int
    score: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "quote": self.quote, "start": self.start, "end": self.end,
                "score": round(self.score, 3), "method": self.method}


@dataclass
class FollowUp:
    """The follow-up status of one action (one of ``STATUSES``), with its later mentions earliest first."""

    document: str
    action: str
    quote: str
    status: str
    owner: Any = None
    requested_by: Any = None
    due: Any = None
    evidence: list[Evidence] = field(default_factory=list)
    due_date: Optional[str] = None      # ISO, where the due phrase (or the executive's response clock) gives one
    due_basis: Optional[str] = None     # how the date was read ("end of March 2025", "the body's next meeting")
    item_no: Optional[str] = None       # the agenda item the action sits under: its number ...
    item_title: Optional[str] = None    # ... and its heading

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "action": self.action, "quote": self.quote, "status": self.status,
                "owner": self.owner, "requested_by": self.requested_by, "due": self.due,
                "evidence": [e.to_dict() for e in self.evidence], "due_date": self.due_date,
                "due_basis": self.due_basis, "item_no": self.item_no, "item_title": self.item_title}
