"""List labels and decision numbers: which label continues a list, and what number a decision takes.

A decision list ends where its numbering stops following on, so the rules
compare label styles ("(1)" vs "1.1" vs "a.") and values.  A decision's
number is its own label, or else the number of the minute or agenda item it
sits under.
"""
from __future__ import annotations

import re
from typing import Optional

from ...document import Block
from ...readers.labels import split_label
from .patterns import patterns
from ..common import JUNK
from .text import is_title, word_count


def label_style(label: Optional[str]) -> Optional[str]:
    """"1.1" dotted, "1" number, "(2)" paren, "a." letter, "•" bullet, or None."""
    if not label:
        return None
    if label == "•":
        return "bullet"
    if label.startswith("("):
        inner = label.strip("()")
        return "paren-num" if inner.isdigit() else "paren-alpha"
    if re.fullmatch(r"\d+(?:\.\d+)+", label):
        return f"dotted{label.count('.')}"
    if label.isdigit():
        return "num"
    return "alpha"


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def label_value(label: str) -> Optional[tuple[int, ...]]:
    """A label's position in its sequence: "1.2" -> (1, 2), "(b)" -> (2,), "iv." -> (4,)."""
    core = label.strip("().")
    if re.fullmatch(r"\d+(?:\.\d+)*", core):
        return tuple(int(x) for x in core.split("."))
    if core in _ROMAN:
        return (_ROMAN[core],)
    if len(core) == 1 and core.isalpha():
        return (ord(core.lower()) - 96,)
    if core.lower() in _ROMAN:
        return (_ROMAN[core.lower()],)
    return None


def follows(prev: Optional[str], nxt: Optional[str]) -> bool:
    """Does label ``nxt`` continue the list that ``prev`` is in?"""
    if label_style(prev) != label_style(nxt) or nxt is None:
        return False
    if label_style(nxt) == "bullet":
        return True
    a, b = label_value(prev or ""), label_value(nxt)
    if a is None or b is None:
        return True
    if len(a) != len(b):
        return False
    if b[-1] == 1 and "alpha" in (label_style(nxt) or "") and a[-1] in (9, 22):  # "i." after "h." or "v."
        return True
    return b[:-1] == a[:-1] and b[-1] == a[-1] + 1


def own_number(label: Optional[str]) -> Optional[str]:
    """A block label is the decision's number unless it is a bullet."""
    return label if label and label != "•" else None


def block_label(b: Block) -> tuple[Optional[str], str, int]:
    """A block's own label (from the reader, else split off its text), its text and where that starts."""
    if b.label:
        return b.label, b.text, b.start
    label, body = split_label(b.text)
    if not label:
        m = re.match(r"\(?([A-Z])[.)]\s+(?=\S)", b.text)  # "A) Note the forecast ..."
        if m:
            label, body = m.group(1) + ".", b.text[m.end():]
    if label and label != "•":
        return label, body, b.start + len(b.text) - len(body)
    return None, b.text, b.start


_INLINE_ITEM = re.compile(r"(?:^|(?<=[\s;:,]))\((?P<l>[ivx]{1,4}|\d{1,2}|[a-z])\)\s+")


def split_items(text: str, start: int, end: int, label: Optional[str]) -> list[tuple[Optional[str], int, int]]:
    """Split "(i) that the report be noted; (ii) that a further report be brought ..." run into one block.

    ``label`` is the label already split off the front (if any).  Returns
    (label, start, end) per item; a block with no sequence of labels in it is one item.
    """
    hits = [(m.start(), m.end(), f"({m.group('l')})") for m in _INLINE_ITEM.finditer(text, start, end)]
    seq: list[tuple[int, int, str]] = []
    prev = label
    for a, b, lab in hits:
        if (prev is None and label_value(lab) == (1,)) or (prev is not None and follows(prev, lab)):
            seq.append((a, b, lab))
            prev = lab
    if not seq or (label is None and len(seq) < 2):
        return [(label, start, end)]
    out: list[tuple[Optional[str], int, int]] = []
    cur_label, cur_start = label, start
    for a, b, lab in seq:
        if a > cur_start and text[cur_start:a].strip(JUNK + " and"):
            out.append((cur_label, cur_start, a))
        cur_label, cur_start = lab, b
    out.append((cur_label, cur_start, end))
    return out


# ---------------------------------------------------------------- decision numbers

def own_or_section_number(blocks: list[Block], i: int) -> Optional[str]:
    """Block ``i``'s own label as the decision's number, else the number of the section it sits in."""
    return own_number(blocks[i].label) or section_number(blocks, i)


def block_number(blocks: list[Block], i: int) -> Optional[str]:
    """A decision's number: its block's label, unless that label only counts the minute's paragraphs
    ("4. A Member questioned ...", "5. RESOLVED that the Panel note ..."): then the item's number."""
    own = own_number(blocks[i].label)
    if own and running_paragraph(blocks, i):
        return item_number(blocks, i) or own
    return own or section_number(blocks, i)


def item_number(blocks: list[Block], i: int) -> Optional[str]:
    """The number of the agenda item block ``i`` sits under: "(Item 4)", or a numbered item heading."""
    for k in range(i - 1, -1, -1):
        b = blocks[k]
        if b.kind != "heading":
            continue
        m = patterns().item_ref.search(b.text)
        if m:
            return m.group("n").rstrip(".")
        if b.label and re.fullmatch(r"\d+(?:\.\d+)?", b.label):
            return b.label
        return None  # the section's own heading names no item: do not borrow the previous item's
    return None


def running_paragraph(blocks: list[Block], i: int) -> bool:
    """Is block ``i`` one of a run of numbered paragraphs of narrative, not a numbered decision list?"""
    for k in range(i - 1, -1, -1):
        pb = blocks[k]
        if pb.kind == "heading":
            return False
        if pb.label and re.fullmatch(r"\d+", pb.label) and not patterns().inline.match(pb.text.lstrip(JUNK)):
            return True
    return False


# "4", "4.2", "18.01.05" (a parish's year.month.item numbering)
NUMERIC_LABEL = re.compile(r"\d+(?:\.\d+){0,3}\.?")


def section_number(blocks: list[Block], i: int) -> Optional[str]:
    """The minute or item number of the section block ``i`` sits in, for a decision with none of its own."""
    P = patterns()
    for k in range(i - 1, -1, -1):
        b = blocks[k]
        m = P.item_ref.search(b.text) if b.kind == "heading" or word_count(b.text) <= P.title_max_words else None
        label, title = (b.label, b.text) if b.label or b.kind != "heading" else split_label(b.text)
        numeric = label and NUMERIC_LABEL.fullmatch(label)
        if numeric and b.kind in ("list_item", "heading") and is_title(title):
            return label.rstrip(".")
        if m:
            return m.group("n").rstrip(".")
    return None
