"""The Document: what every reader produces and every later step reads.

A reader turns a file into an ordered list of blocks (headings, paragraphs,
list items, tables).  ``Document.text`` is those blocks joined by blank
lines, so every block knows its character offsets in the text that
extraction runs on, and a record's ``start``/``end`` can be traced back to
its block, page and list label.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Optional

BLOCK_KINDS = ("heading", "paragraph", "list_item", "table")
DOC_TYPES = ("minutes", "report", "action_log", "agenda")
BLOCK_SEPARATOR = "\n\n"


@dataclass
class Block:
    """One structural unit of a document, located in ``Document.text``."""

    kind: str
    text: str
    start: int = 0
    end: int = 0
    page: Optional[int] = None
    label: Optional[str] = None
    table: Optional[int] = None  # index into Document.tables for kind == "table"


@dataclass
class Table:
    """Rows of cell strings, with the page it sits on where known."""

    rows: list[list[str]]
    page: Optional[int] = None


@dataclass
class Document:
    """A council document read into plain text, blocks and metadata."""

    id: str
    source: str
    format: str
    text: str = ""
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pages: Optional[int] = None
    council: Optional[str] = None
    committee: Optional[str] = None
    meeting_date: Optional[str] = None
    title: Optional[str] = None
    doc_type: Optional[str] = None
    url: Optional[str] = None
    licence: Optional[str] = None
    # What a reader saw but the text may not say (an HTML <title>): used by metadata inference.
    hints: dict[str, Any] = field(default_factory=dict, repr=False)
    # The metadata the caller supplied, by source (manifest, sidecar, flags): see pipeline.metadata.supplied.
    supplied: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def stem(self) -> str:
        """The source's file name without folder or extension: the id users see."""
        name = self.source.replace("\\", "/").rsplit("/", 1)[-1]
        return name.rsplit(".", 1)[0] if "." in name else name

    def block_at(self, offset: int) -> Optional[Block]:
        """The block containing character ``offset`` of ``text`` (None in a separator)."""
        lo, hi = 0, len(self.blocks) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            b = self.blocks[mid]
            if offset < b.start:
                hi = mid - 1
            elif offset >= b.end:
                lo = mid + 1
            else:
                return b
        return None

    def metadata(self) -> dict[str, Any]:
        """The ``document`` object of the records spec."""
        return {
            "id": self.id,
            "source": self.source,
            "format": self.format,
            "council": self.council,
            "committee": self.committee,
            "meeting_date": self.meeting_date,
            "title": self.title,
            "doc_type": self.doc_type,
            "text_length": len(self.text),
        }

    def to_dict(self) -> dict[str, Any]:
        out = self.metadata()
        out.update(pages=self.pages, url=self.url, licence=self.licence, text=self.text,
                   blocks=[asdict(b) for b in self.blocks],
                   tables=[asdict(t) for t in self.tables])
        return out


def content_id(data: bytes) -> str:
    """Documents are keyed by the sha256 of their bytes."""
    return hashlib.sha256(data).hexdigest()


def file_content_id(path: "Path") -> str:
    """:func:`content_id` of a file, streamed, so hashing a large file costs no memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def assemble(blocks: Iterable[Block]) -> tuple[str, list[Block]]:
    """Join blocks into one text, setting each block's offsets.

    Empty blocks are dropped.  Blocks are separated by a blank line so that
    no sentence can run from one block into the next.
    """
    parts: list[str] = []
    kept: list[Block] = []
    pos = 0
    for b in blocks:
        t = b.text.strip()
        if not t:
            continue
        if kept:
            parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        b.text, b.start, b.end = t, pos, pos + len(t)
        parts.append(t)
        pos += len(t)
        kept.append(b)
    return "".join(parts), kept
