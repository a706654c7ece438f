"""Records: the five things extraction finds, as plain objects.

One dataclass serves all five types; ``to_dict`` keeps only the fields the
records spec (``RECORDS.md``) defines for the record's type, plus the
provenance every record carries here: offsets, page, block label, the rule
that produced it and a confidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional, Union

if TYPE_CHECKING:
    from .document import Document

RECORD_TYPES = ("question", "answer", "resolution", "action", "figure")
SCHEMA = "scrutiny-records/1"

TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "question": ("asker", "asker_role"),
    "answer": ("respondent", "respondent_role", "answers"),
    "resolution": ("number", "kind"),
    "action": ("kind", "owner", "requested_by", "due"),
    "figure": ("value", "value_high", "unit", "measure", "period", "kind"),
}
COMMON_FIELDS = ("id", "type", "quote", "start", "end")
PROVENANCE_FIELDS = ("page", "label", "rule", "confidence")

Number = Union[int, float]


@dataclass
class Record:
    """One extracted record with the evidence and the reason it exists."""

    type: str
    quote: str
    start: int
    end: int
    id: str = ""
    rule: str = ""
    confidence: float = 0.5
    page: Optional[int] = None
    label: Optional[str] = None
    # question
    asker: Optional[str] = None
    asker_role: Optional[str] = None
    # answer
    respondent: Optional[str] = None
    respondent_role: Optional[str] = None
    answers: Optional[str] = None
    # resolution and action share `kind`, as do figures
    number: Optional[str] = None
    kind: Optional[str] = None
    owner: Optional[str] = None
    requested_by: Optional[str] = None
    due: Optional[str] = None
    # figure
    value: Optional[Number] = None
    value_high: Optional[Number] = None
    unit: Optional[str] = None
    measure: Optional[str] = None
    period: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {f: getattr(self, f) for f in COMMON_FIELDS}
        for f in TYPE_FIELDS[self.type]:
            out[f] = getattr(self, f)
        for f in PROVENANCE_FIELDS:
            out[f] = getattr(self, f)
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        known = set(cls.__dataclass_fields__) - {"extra"}
        kwargs = {k: v for k, v in data.items() if k in known}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(extra=extra, **kwargs)


PREFIX = {"question": "q", "answer": "a", "resolution": "r", "action": "x", "figure": "f"}


def number_records(records: list[Record]) -> list[Record]:
    """Sort by position and give ids q1, a1, r1, x1, f1 ... in reading order.

    Answer links are rewritten from their provisional ids to the final ones.
    """
    records.sort(key=lambda r: (r.start, r.end, RECORD_TYPES.index(r.type)))
    counters = {t: 0 for t in RECORD_TYPES}
    renamed: dict[str, str] = {}
    for r in records:
        counters[r.type] += 1
        new = f"{PREFIX[r.type]}{counters[r.type]}"
        if r.id:
            renamed[r.id] = new
        r.id = new
    for r in records:
        if r.answers:
            r.answers = renamed.get(r.answers)
    return records


def records_json(doc: "Document", records: list[Record]) -> dict[str, Any]:
    """The spec's output object for one document (``scrutiny-records/1``)."""
    return {"schema": SCHEMA, "document": doc.metadata(), "records": [r.to_dict() for r in records]}
