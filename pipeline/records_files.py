"""Records written as files: one ``scrutiny-records/1`` JSON per document (what ``scrutiny extract`` writes).

The CLI only says where to write and prints what happened; the naming rule (two
inputs sharing a stem never overwrite each other's records) lives here, so a
script writing records folders gets the same files.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Container, Optional

from .document import Document
from .records import Record, records_json


def records_text(doc: Document, records: list[Record]) -> str:
    """The records JSON of one document, as written (indented, UTF-8 text)."""
    return json.dumps(records_json(doc, records), ensure_ascii=False, indent=1)


def output_name(stem: str, taken: Container[str]) -> str:
    """``stem.json``, or ``stem-2.json``, ``stem-3.json`` ... when an earlier input of the run has that name:
    two inputs sharing a stem (``a/minutes.pdf``, ``b/minutes.pdf``) never overwrite each other's records.
    Names are compared case-folded, as a Windows or macOS folder does."""
    name, n = f"{stem}.json", 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{n}.json"
    return name


class RecordsFolder:
    """A folder receiving one records file per document of a run, named by :func:`output_name`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.written: dict[str, tuple[str, Path]] = {}  # name case-folded -> (that name, the input written to it)

    def write(self, source: Path, doc: Document,
              records: list[Record]) -> tuple[Path, Counter, Optional[tuple[str, Path]]]:
        """Write ``doc``'s records; return the file, the records by type, and (when the name had to change)
        the name ``<stem>.json`` was written as and the earlier input it holds."""
        name = output_name(doc.stem, self.written)
        self.written[name.casefold()] = (name, source)
        target = self.folder / name
        target.write_text(records_text(doc, records), encoding="utf-8")
        held = None if name == f"{doc.stem}.json" else self.written[f"{doc.stem}.json".casefold()]
        return target, Counter(r.type for r in records), held
