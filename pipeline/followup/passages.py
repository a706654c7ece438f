"""A document's text as passages: its sentences and heading lines, each knowing its agenda item.

Minutes mark their agenda items with short lines, lines ending in a colon,
or an inline "Heading: text" lead; every sentence is tagged with the item it
sits under (and that item's number, "26." or "(Item 4)", where the minutes
give one), whether that item refers back to earlier meetings ("Matters
Arising"), which earlier minutes it cites ("Further to minute 26"), and
whether it is never a mention (attendance lists and the like).  The lines
are those of the reader's blocks, the units extraction read, where the
document comes with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from ..document import Block
from ..text_sentences import sentence_spans
from ..metadata import find_date
from ..readers.labels import split_label
from ..readers.layout import looks_like_heading
from .vocabulary import caps_lead, cues

ITEM_REF = re.compile(r"^\(?\s*item\s+\d+[a-z]?\s*\)?$", re.I)
INLINE_HEADING = re.compile(r"^([A-Z][^.:?!]{1,80}?)\s*:\s*(?=\S)")
FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.S)
NUMBER_LABEL = re.compile(r"^(?:\(?(?:(?:agenda\s+)?item|minute)\s+(?:no\.?\s*)?(\d+(?:\.\d+)*[a-z]?)\)?|"
                          r"\(?(\d+(?:\.\d+)*[a-z]?)\\?[.)])(?=\s|$)", re.I)
TRAILING_ITEM = re.compile(r"\(\s*item\s+(\d+(?:\.\d+)*[a-z]?)\s*\)\s*:?\s*$", re.I)
# "minute 26", "Minute No. 27", "item 4", "minutes 12 and 13": the earlier item a back-reference names.
CITED_ITEM = re.compile(r"\b(?:minutes?|(?:agenda\s+)?items?)\s+(?:no\.?\s*)?(\d+(?:\.\d+)*[a-z]?)\b", re.I)


@dataclass
class Passage:
    """A sentence (or a heading line) of a document, with the heading of its section."""

    start: int
    end: int
    text: str
    heading: str
    heading_start: int
    is_heading: bool
    back_ref: bool
    skip: bool = False                         # attendance lists and the like: never a mention
    name_list: bool = False                    # mostly names: they match only the people an action is about
    item_no: Optional[str] = None              # the number of its agenda item ("26", "4.1"), where the minutes give one
    item_title: str = ""                       # that item's heading (a sub-heading inside a numbered item is not)
    cites: tuple[str, ...] = ()                # earlier items it refers back to by number ("further to minute 26")
    cites_date: Optional[str] = None           # the meeting those items are of, where it says ("... held on 18 May")
    terms: frozenset = frozenset()
    compounds: frozenset = frozenset()
    heading_terms: frozenset = frozenset()
    heading_compounds: frozenset = frozenset()


def _unlabelled(line: str) -> str:
    """A line without its list label ("26.", "(a)", "•"), by the readers' one label parser; Markdown bold
    around the label ("**9.** ...") is no part of the text either."""
    bare = line.lstrip("*").lstrip() if line.startswith("*") else line
    _, rest = split_label(bare)
    return rest if rest is not bare else line


def _strip_marks(line: str) -> str:
    """A line without Markdown bold and escapes, which converted minutes scatter over headings."""
    return line.replace("**", "").replace("\\", "").strip()


def _is_heading_line(line: str, next_line: Optional[str]) -> bool:
    """An agenda heading: by the readers' one test (:func:`looks_like_heading`) once its label ("26.") is off, or
    a line the next one marks as an item's title ("(Item 4)").

    The line alone decides, never the kind the reader gave its block, so that a document stored before its
    blocks were (read as plain text) has the sentences and headings it has with them.
    """
    t = _strip_marks(_unlabelled(line))
    if not t or ITEM_REF.match(t):
        return False
    n = _strip_marks(next_line) if next_line else ""
    return looks_like_heading(t) or bool(ITEM_REF.match(n) and len(t.split()) <= 20)


def _item_no(line: str, next_line: Optional[str]) -> Optional[str]:
    """A heading's item number: a trailing "(Item 4)", a label ("26. Budget", "Minute 26"), an "(Item 4)" line below."""
    t = _strip_marks(line)
    m = TRAILING_ITEM.search(t) or NUMBER_LABEL.match(t)
    if m:
        return next(g for g in m.groups() if g)
    n = _strip_marks(next_line or "")
    m = re.search(r"\d+(?:\.\d+)*[a-z]?", n) if ITEM_REF.match(n) else None
    return m.group(0) if m else None


def _item(number: Optional[str], heading: str, item_no: Optional[str], item_title: str,
          marked: bool) -> tuple[Optional[str], str]:
    """The agenda item a new heading opens: its own number, else (where every item is marked) the current one."""
    if number:
        return number, heading
    if marked and item_no:
        return item_no, item_title
    return None, heading


def reports(p: Passage) -> bool:
    """Whether a passage can report on an action: a sentence, not a heading, an attendance list or boilerplate.

    A sentence made mostly of names ("Tributes were made by Mr A, Mr B ...")
    still reports; its names only count for an action about those people.
    """
    return not (p.is_heading or p.skip)


def names_an_item(p: Passage) -> bool:
    """Whether a passage sits under a real agenda item: "Correspondence" and other standing headings are none."""
    return bool(p.heading) and not cues().standing_heading.match(p.heading)


def _lines(text: str, blocks: Sequence[Block] = ()) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets: those of the reader's ``blocks`` where there are any (a table block
    has a line per row), else those of ``text`` after any Markdown front matter."""
    if blocks:
        spans = [(b.start, text[b.start:b.end]) for b in blocks]
    else:
        fm = FRONT_MATTER.match(text)
        spans = [(fm.end(), text[fm.end():])] if fm else [(0, text)]
    out = []
    for pos, span in spans:
        for line in span.split("\n"):
            if line.strip():
                lead = len(line) - len(line.lstrip())
                out.append((pos + lead, line.strip()))
            pos += len(line) + 1
    return out




def segment(text: str, blocks: Sequence[Block] = ()) -> list[Passage]:
    """Split a document into heading and sentence passages, each knowing its section heading.

    Minutes mark their agenda items with short lines, lines ending in a
    colon, or an inline "Heading: text" lead; that heading is the item the
    sentences below it are about.  ``blocks`` are the reader's blocks of
    ``text`` (the ones extraction read); without them the text is split into
    lines.
    """
    c = cues()
    lines = _lines(text, blocks)
    passages: list[Passage] = []
    heading, h_start, item_no, item_title = "", 0, None, ""
    # Minutes that mark every item "(Item 4)" (ModernGov) have unnumbered sub-headings inside an item
    # ("In response to questions it was said:"); elsewhere an unnumbered heading is an item of its own.
    marked = any(TRAILING_ITEM.search(_strip_marks(line)) or ITEM_REF.match(_strip_marks(line)) for _, line in lines)
    for i, (off, line) in enumerate(lines):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else None
        if _is_heading_line(line, nxt):
            heading, h_start = _strip_marks(_unlabelled(line)).rstrip(":").strip(), off
            heading = TRAILING_ITEM.sub("", heading).strip() or heading
            item_no, item_title = _item(_item_no(line, nxt), heading, item_no, item_title, marked)
            passages.append(Passage(off, off + len(line), line, heading, h_start, True,
                                    bool(c.back_heading.search(heading)), bool(c.skip_heading.match(heading)),
                                    item_no=item_no, item_title=item_title))
            continue
        if ITEM_REF.match(_strip_marks(line)):
            continue
        body_off = off + len(line) - len(_unlabelled(line))
        body = text[body_off:off + len(line)]
        m = INLINE_HEADING.match(_strip_marks(body)) if ":" in body[:90] else None
        lead = m.group(1).strip() if m and len(m.group(1).split()) <= 8 else caps_lead(_strip_marks(body))
        if lead:
            heading, h_start = lead, body_off
            item_no, item_title = _item(_item_no(line, None), heading, item_no, item_title, marked)
        skip = bool(c.skip_heading.match(heading)) or bool(c.boilerplate.search(_strip_marks(body)))
        back_heading = bool(c.back_heading.search(heading))
        for a, b in sentence_spans(body, body_off):
            sent = text[a:b]
            back = back_heading or bool(c.back_phrase.search(sent))
            cites = tuple(dict.fromkeys(CITED_ITEM.findall(sent))) if back else ()
            passages.append(Passage(a, b, sent, heading, h_start, False, back, skip, item_no=item_no,
                                    item_title=item_title or heading, cites=cites,
                                    cites_date=find_date(sent) if cites else None))
    return passages


def locate(text: str, quote: str, near: Optional[float] = None) -> Optional[tuple[int, int]]:
    """Offsets of ``quote`` in ``text`` whatever the white space, nearest the relative position ``near``."""
    q = quote.strip()
    if not q:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in q.split()))
    hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not hits:
        hits = [(m.start(), m.end()) for m in re.compile(pattern.pattern, re.I).finditer(text)]
    if not hits:
        return None
    if near is None:
        return hits[0]
    return min(hits, key=lambda h: abs(h[0] / max(len(text), 1) - near))
