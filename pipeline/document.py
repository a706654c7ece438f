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
from dataclasses import asdict, dataclass, field, replace
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

    def cells(self) -> list[list[tuple[str, int]]]:
        """A table block's rows as (cell text, offset of the cell in ``Document.text``).

        A table block's text is its rows, one per line, cells tab-separated,
        so a record quoting a cell can point at it exactly.
        """
        rows, pos = [], self.start
        for line in self.text.split("\n"):
            row, at = [], pos
            for cell in line.split("\t"):
                row.append((cell, at))
                at += len(cell) + 1
            rows.append(row)
            pos += len(line) + 1
        return rows


@dataclass
class Table:
    """Rows of cell strings, with the page it sits on where known."""

    rows: list[list[str]]
    page: Optional[int] = None


@dataclass
class ReadResult:
    """What one reader found in a file: its blocks in reading order, its tables, and what it says of itself.

    Every reader returns one (pdfplumber style: a plain object with named
    fields, not a tuple whose third item is a dict of whatever the format
    had), and :func:`pipeline.readers.read_bytes` turns it into a
    :class:`Document`.  ``hints`` holds what the reader saw that the text
    may not say (an HTML ``<title>``, a PDF's running header), for metadata
    inference.
    """

    blocks: list[Block]
    tables: list[Table] = field(default_factory=list)
    pages: Optional[int] = None
    title: Optional[str] = None
    committee: Optional[str] = None
    meeting_date: Optional[str] = None
    doc_type: Optional[str] = None
    hints: dict[str, Any] = field(default_factory=dict)


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


def chunks(doc: Document, max_chars: int) -> list[tuple[int, Document]]:
    """``doc`` as consecutive parts of at most ``max_chars`` characters, each with its offset in ``doc.text``.

    Parts are made of whole blocks (blocks are hard sentence boundaries, so
    no sentence is cut) and end before a heading where one comes in the
    second half of the part, so that a section stays together.  A block
    longer than ``max_chars`` is cut at its last line break, else space,
    before the limit.  Each part is a Document of its own: its text is
    ``doc.text[offset:offset + len(part.text)]``, its blocks are copies
    located in that text, and it shares ``doc``'s metadata and tables (a
    table block's index still points into them).
    """
    spans = [piece for b in doc.blocks for piece in _pieces(b, max_chars)]
    out: list[tuple[int, Document]] = []
    first = 0
    while first < len(spans):
        start = spans[first][1]
        last = first
        while last + 1 < len(spans) and spans[last + 1][2] - start <= max_chars:
            last += 1
        if last + 1 < len(spans):  # not the final part: end before a heading in its second half, if any
            for i in range(last, first, -1):
                if spans[i][1] - start < max_chars // 2:
                    break
                if spans[i][0].kind == "heading":
                    last = i - 1
                    break
        out.append((start, _part(doc, spans[first:last + 1], start)))
        first = last + 1
    return out


def _pieces(block: Block, max_chars: int) -> list[tuple[Block, int, int]]:
    """A block as (block, start, end) spans of at most ``max_chars``: itself, unless it is longer."""
    out = []
    start = block.start
    while block.end - start > max_chars:
        window = block.text[start - block.start:start - block.start + max_chars]
        cut = next((c for c in (window.rfind("\n"), window.rfind(" ")) if c > 0), max_chars)
        out.append((block, start, start + cut))
        start += cut
        while start < block.end and block.text[start - block.start].isspace():
            start += 1
    out.append((block, start, block.end))
    return out


def _part(doc: Document, spans: list[tuple[Block, int, int]], offset: int) -> Document:
    blocks = []
    for b, start, end in spans:
        whole = start == b.start and end == b.end
        text = b.text if whole else doc.text[start:end]
        blocks.append(replace(b, text=text, start=start - offset, end=end - offset))
    return replace(doc, text=doc.text[offset:spans[-1][2]], blocks=blocks)
