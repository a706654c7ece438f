"""Turning lines of text into blocks: shared by the text, PDF and DOCX readers.

Decides, line by line, what is a heading, a list item, a table row or a
paragraph, and mends paragraphs that a copy-paste or a page break split.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ..action_log import columns
from ..document import Block
from .labels import split_label

TERMINAL = ".?!:;"
_WORD = re.compile(r"[A-Za-z][\w'’&-]*")
_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
                "the", "to", "with", "&", "-", "–", "v", "vs"}


HEADING_MAX_CHARS = 90


def looks_like_heading(text: str, kind: Optional[str] = None) -> bool:
    """Is this a heading?  The one test, for a line being read and for a block already read.

    A line (``kind`` None, as the readers classify it): short, unpunctuated, mostly capitalised
    ("Police Matters:", "RESOLVED:").  A block (``kind`` its kind, as the extraction rules see it): one the
    reader made a heading, or any one-line block ending in a colon ("Community Car Scheme - Progress
    Report on the works:"), which heads what follows however many words it has; under 90 characters
    either way.  (The block test is the looser one because the reader's kind has already weighed the
    capitals; the figure rules take their section heading from it.)
    """
    t = text.strip()
    if kind is not None:
        return len(t) < HEADING_MAX_CHARS and (kind == "heading" or (t.endswith(":") and "\n" not in t))
    if not t or len(t) > HEADING_MAX_CHARS or t[-1] in ".?!;,":
        return False
    words = _WORD.findall(t)
    if not words or len(words) > 12:
        return False
    if t.endswith(":") and len(words) <= 8:
        return True
    caps = sum(1 for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS)
    return caps == len(words) and len(words) <= 10


def is_table_row(line: str) -> bool:
    return line.count("\t") >= 1 and len([c for c in line.split("\t") if c.strip()]) >= 2


def block_for_line(text: str, page: Optional[int] = None) -> Block:
    """Classify one logical line (a paragraph's worth of text) as a block."""
    label, rest = split_label(text)
    if label is not None:
        return Block("list_item", rest.strip(), page=page, label=label)
    kind = "heading" if looks_like_heading(text) else "paragraph"
    return Block(kind, text, page=page)


def ends_sentence(text: str) -> bool:
    t = text.rstrip(" )\"'”’")
    return bool(t) and t[-1] in TERMINAL


# A field line, a label with its value after the colon ("ACTION: Secretary", "Apologies: D White"): it heads
# no section, so the line before it is no title ("Secretary to write to Roads Dept" / "ACTION: Secretary").
FIELD_LINE = re.compile(r"[^:\n]{1,30}:\s*\S")


def promote_headings(blocks: list[Block]) -> list[Block]:
    """A short unpunctuated paragraph right before a heading is a heading too.

    Printed ModernGov minutes put "(Item 4)" under each item title, and the
    title itself ("Participation Team update") need not be capitalised.
    """
    for b, nxt in zip(blocks, blocks[1:]):
        words = _WORD.findall(b.text)
        capitalised = sum(1 for w in words if w[0].isupper()) >= len(words) / 2
        if (b.kind == "paragraph" and nxt.kind == "heading" and len(b.text.split()) <= 14
                and not ends_sentence(b.text) and not b.text.endswith(",")
                and (capitalised and not FIELD_LINE.match(nxt.text)
                     or re.match(r"^\(?(?:item|minute|agenda item)\s+\d+", nxt.text, re.I))):
            b.kind = "heading"
    for b in blocks:
        # a numbered minute title: "78. Minutes of the Meeting held on 28 November 2024 (Item 3)"
        if b.kind == "list_item" and ITEM_REF.search(b.text) and len(b.text.split()) <= 20 and not ends_sentence(b.text):
            b.kind = "heading"
    return blocks


ITEM_REF = re.compile(r"\((?:Item|Agenda Item|Minute)\s+\d+[a-z]?\)\s*$", re.I)


def mend_split_paragraphs(blocks: Iterable[Block]) -> list[Block]:
    """Join a paragraph to the next when a blank line fell mid-sentence.

    "... with a reduction in the average" / "duration to 27 weeks." is one
    sentence split by a stray blank line or a page break.  The join is made
    only when the first part does not end a sentence and the second starts
    in lower case, which a new paragraph never does.
    """
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and b.kind == "paragraph" and prev.kind in ("paragraph", "list_item")
                and b.text[:1].islower() and not ends_sentence(prev.text)):
            prev.text = f"{prev.text.rstrip()} {b.text.lstrip()}"
            continue
        out.append(b)
    return promote_headings(out)


# A table cell holding only an item number ("4", "4.", "4.2", "18.03.6"): in a layout table, its row's label.
_ITEM_NUMBER_CELL = re.compile(r"\d{1,3}(?:\.\d{1,3})*\.?")


def row_label(cell: str) -> Optional[str]:
    """The label a layout table's number cell gives the minute beside it, written to go before the minute's text
    ("18.03.5" -> "18.03.5. "), or None when the cell is no item number."""
    t = cell.strip()
    return t.rstrip(".") + ". " if _ITEM_NUMBER_CELL.fullmatch(t) else None

# A table cell of this many words is a paragraph: the table lays out text rather than holding data.
PROSE_CELL_WORDS = 25


def is_prose_cell(text: str) -> bool:
    """Does a table cell hold a paragraph of prose (minutes laid out in a table, a grants summary)?"""
    return len(text.split()) >= PROSE_CELL_WORDS


def holds_prose(rows: list[list[str]]) -> bool:
    """A table some of whose cells are paragraphs (a grants report's "Project Summary", minutes laid out in a
    Word table: item number | minute | action by): a layout for text, read as paragraphs rather than as a grid.
    A table most of whose rows hold a sentence is minutes too, if short ones.  Not an action log, however long
    its cells: its columns (action, owner, due) are its records."""
    if not rows or columns(rows[0]) is not None:
        return False
    if any(is_prose_cell(cell) for row in rows for cell in row):
        return True
    # short minutes: most rows hold a sentence ("JS to obtain a quote for the work.")
    return len(rows) >= 2 and sum(any(_is_sentence(cell) for cell in row) for row in rows) * 2 > len(rows)


def _is_sentence(cell: str) -> bool:
    """A cell that is a sentence of its own: six words or more, ending as a sentence ends."""
    return len(cell.split()) >= 6 and ends_sentence(cell) and not cell.rstrip().endswith(":")
