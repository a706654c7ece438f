"""MeetingDocs from files, for development, benchmarks and tests (the store builds its own from the database)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ..records import Record
from .model import MeetingDoc
from .passages import locate


def docs_from_files(paths: Iterable[str | Path]) -> list[MeetingDoc]:
    """Read and extract each file with the main pipeline (development and benchmarks)."""
    import pipeline

    out = []
    for path in paths:
        doc = pipeline.read(path)
        records = pipeline.extract(doc)
        out.append(MeetingDoc(doc.stem, doc.council, doc.committee, doc.meeting_date, doc.doc_type, doc.text, records,
                              doc.blocks))
    return out


def docs_from_gold(gold_files: Iterable[str | Path]) -> list[MeetingDoc]:
    """MeetingDocs whose records are gold annotations, on the raw reference text.

    Gold offsets count in white-space-collapsed text; the raw text keeps the
    line breaks that mark agenda items, so every record is re-located in it.
    """
    out = []
    for gp in map(Path, gold_files):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        text = (gp.parent / gold["reference_text"]).read_text(encoding="utf-8", errors="replace")
        meta = gold.get("document") or {}
        length = meta.get("text_length") or len(" ".join(text.split()))
        records = []
        for r in map(Record.from_dict, gold.get("records", [])):
            near = r.start / length if isinstance(r.start, int) and length else None
            span = locate(text, r.quote or "", near)
            r.start, r.end = span if span else (None, None)
            records.append(r)
        out.append(MeetingDoc(gp.stem, _first(meta.get("council")), _first(meta.get("committee")),
                              _first(meta.get("meeting_date")), _first(meta.get("doc_type")), text, records))
    return out


def _first(value: Any) -> Any:
    """A gold metadata field, which may list several readings, as its first one."""
    return value[0] if isinstance(value, list) and value else value
