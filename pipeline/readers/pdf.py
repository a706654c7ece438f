"""PDF minutes and reports.

Text comes from pypdfium2, which on the Kent PDFs in the corpus is about
60 times faster than pdfplumber's text extraction (see README, "Readers").
pdfplumber is used only where it pays: table detection, and only on pages
that draw enough ruled lines to hold a table.

From each page's lines we drop running headers, footers and page numbers,
then rebuild paragraphs from the geometry pdfium gives: a line joins the
one before unless it starts a numbered or lettered item, follows a gap
larger than the usual line pitch, or follows a hard line end after a
sentence or a heading.  Hyphenated line ends are rejoined.
"""
from __future__ import annotations

import ctypes
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ..document import Block, ReadResult, Table
from ..errors import ReadError
from ..normalize import clean_line
from .labels import split_label
from .layout import block_for_line, ends_sentence, holds_prose, looks_like_heading, mend_split_paragraphs, row_label

# A page is handed to pdfplumber for table detection only when it draws a grid:
# at least two horizontal and two vertical rules, or several cell boxes.  Pages
# with only underlines or a logo never are (pdfplumber costs ~0.1 s a page).
RULES_MIN = 2
BOXES_MIN = 4
GRID_DEPTH = 2  # the page's own objects and those inside a Form XObject on it
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


# pdfium joins a word broken at a line end and marks the break with U+FFFE; a soft hyphen (U+00AD, or
# pdfium's U+0002) can also end a line.  None of them is text: see _resolve_hyphens.
PDFIUM_HYPHEN = "\ufffe"
SOFT_HYPHENS = ("\u00ad", "\x02")
_BROKEN = re.compile(r"(\w+)\ufffe(\w+)")


@dataclass
class Line:
    text: str
    top: float
    left: float
    soft: bool  # pdfium kept a trailing space: the line wrapped mid-paragraph
    page: int
    right: float = 0.0  # where the line's last character ends
    hyphen: bool = False  # the line ended in a soft hyphen: the next line continues the same word


def _page_lines(page, page_no: int) -> list[Line]:
    tp = page.get_textpage()
    raw = tp.get_text_range()
    n = tp.count_chars()
    lines: list[Line] = []
    pos = 0
    for chunk in raw.split("\r\n"):
        i = pos
        pos += len(chunk) + 2
        text = clean_line(chunk)
        if not text:
            continue
        first = i + (len(chunk) - len(chunk.lstrip()))
        last = i + len(chunk.rstrip()) - 1
        left, _bottom, _right, top = tp.get_charbox(first) if first < n else (0, 0, 0, 0)
        right = tp.get_charbox(last)[2] if 0 <= last < n else 0.0
        lines.append(Line(text, top, left, chunk.endswith((" ", "\u00a0")), page_no, right,
                          hyphen=chunk.rstrip().endswith(SOFT_HYPHENS)))
    return lines


def _resolve_hyphens(pages: list[list[Line]]) -> list[list[Line]]:
    """Words pdfium joined at a line-end hyphen (``chil\ufffedren``, ``Crow\ufffeBrown``): one word or a compound.

    The mark does not say whether the hyphen was soft (typesetting) or
    part of a compound ("decision-making", "Crow-Brown"), so the document
    decides: the halves are joined when the joined word occurs elsewhere in
    it ("children"), else kept apart with "-".  No U+FFFE is left.
    """
    words = {w.lower() for lines in pages for line in lines for w in re.findall(r"\w+", line.text)}

    def mend(m: re.Match) -> str:
        joined = m.group(1) + m.group(2)
        return joined if joined.lower() in words else f"{m.group(1)}-{m.group(2)}"

    for lines in pages:
        for line in lines:
            if PDFIUM_HYPHEN in line.text:
                line.text = _BROKEN.sub(mend, line.text).replace(PDFIUM_HYPHEN, "")
    return pages


def _furniture(pages: list[list[Line]]) -> set[str]:
    """Lines that repeat at the top or bottom of many pages: running headers and footers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        for ln in {_shape(l.text) for l in lines[:2] + lines[-2:]}:
            seen[ln] += 1
    return {s for s, c in seen.items() if c >= max(3, len(pages) // 2)}


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _strip_furniture(lines: list[Line], repeated: set[str]) -> list[Line]:
    keep = []
    for k, l in enumerate(lines):
        edge = k < 2 or k >= len(lines) - 2
        if edge and (_PAGE_NUMBER.match(l.text) or _shape(l.text) in repeated):
            continue
        keep.append(l)
    return keep


def marks_wraps(pages: list[list[Line]]) -> bool:
    """Does this PDF's producer keep a space at the end of a line it wrapped?

    Word and most office tools do: a line without one ended where the writer
    pressed Enter, so it ends its paragraph even without a full stop (a list
    of short lines, "Code of Conduct Councillors resolved to sign").  Where
    the producer never marks wraps, only full stops and headings can say.
    """
    open_ends = [l for lines in pages for l in lines[:-1] if not ends_sentence(l.text)]
    return len(open_ends) >= 5 and sum(l.soft for l in open_ends) >= 0.3 * len(open_ends)


def spaces_mark_nothing(pages: list[list[Line]]) -> bool:
    """Does this PDF's producer keep a space at the end of every line, paragraph ends included?

    Then the space says nothing about wraps (a Q&A note where "...discrepancy? " ends a question
    and "There would be ..." answers it), and only the line's length can tell where the writer
    pressed Enter: see ``_ended_short``.
    """
    ends = [l for lines in pages for l in lines[:-1] if ends_sentence(l.text)]
    opens = [l for lines in pages for l in lines[:-1] if not ends_sentence(l.text)]
    if len(ends) < 5 or not opens:
        return False
    soft_ends, soft_opens = (sum(l.soft for l in ls) / len(ls) for ls in (ends, opens))
    return soft_ends >= 0.85 and soft_ends >= soft_opens - 0.1


def _ended_short(line: Line, nxt: Line, margin: float) -> bool:
    """Would the next line's first word have fitted at the end of this one?  Then the line did not
    wrap: the writer ended it.  The word's width is guessed from the line's mean character width, and
    it must fit twice over: capitals, wide letters ("Commission") and words a producer keeps together
    ("Cllr. J.") make the guess short."""
    width = (line.right - line.left) / max(len(line.text), 1)
    word = nxt.text.split()[0] if nxt.text.split() else ""
    return margin - line.right > 2 * (len(word) + 1) * width


def _paragraphs(lines: list[Line], hard_ends: bool = False, fit_ends: bool = False) -> list[Block]:
    """Rebuild blocks from a page's lines using labels, gaps and hard line ends (``hard_ends``: every
    line end the producer did not mark as a wrap ends a paragraph; ``fit_ends``: the producer marks
    nothing, so a line that ended short of the next word ends a paragraph when it ends a sentence,
    or when the next line wraps: a short line before a full one closes a paragraph,
    while short lines in a row are one block laid out line by line, an address or a signature)."""
    if not lines:
        return []
    pitches = [a.top - b.top for a, b in zip(lines, lines[1:]) if 0 < a.top - b.top < 40]
    pitch = statistics.median(pitches) if pitches else 14.0
    # A line that stops well short of the right margin ended where the writer pressed Enter; one that
    # reaches it wrapped, even when pdfium kept no space (a superscript "12th" at the line end).
    rights = sorted(l.right for l in lines)
    margin = rights[int(0.9 * (len(rights) - 1))]
    short = margin - 0.015 * (margin - min(l.left for l in lines))
    blocks: list[Block] = []
    cur: Optional[Block] = None
    prev: Optional[Line] = None
    for k, line in enumerate(lines):
        label, rest = split_label(line.text)
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        new = (
            cur is None
            or label is not None
            or (prev.top - line.top) > 1.45 * pitch
            or (prev.top - line.top) < -pitch  # a new column or a jump back up
            or (not prev.soft and ((hard_ends and prev.right < short) or ends_sentence(prev.text)
                                   or looks_like_heading(prev.text) or looks_like_heading(line.text)))
            or (fit_ends and _ended_short(prev, line, margin)
                and (ends_sentence(prev.text) or nxt is not None and not _ended_short(line, nxt, margin)))
        )
        if new:
            if label is not None:
                cur = Block("list_item", rest, page=line.page, label=label)
            else:
                cur = Block("paragraph", line.text, page=line.page)
            blocks.append(cur)
        elif prev.hyphen:
            cur.text += line.text
        elif re.search(r"[a-z]-$", cur.text) and line.text[:1].islower():
            cur.text = cur.text[:-1] + line.text
        else:
            cur.text = f"{cur.text} {line.text}"
        prev = line
    for b in blocks:
        if b.kind == "paragraph" and looks_like_heading(b.text):
            b.kind = "heading"
    return blocks


def _tables(data: bytes, page_numbers: list[int]) -> dict[int, list[tuple[float, float, Table]]]:
    """pdfplumber tables on the given pages: {page: [(top, bottom, table)]} in pdfium's y (up) axis."""
    if not page_numbers:
        return {}
    import pdfplumber

    found: dict[int, list[tuple[float, float, Table]]] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for no in page_numbers:
            page = pdf.pages[no - 1]
            for t in page.find_tables():
                rows = [[clean_line(c or "") for c in row] for row in t.extract()]
                rows = [r for r in rows if any(r)]
                if len(rows) < 2 or max(len(r) for r in rows) < 2:
                    continue
                x0, top, x1, bottom = t.bbox
                found.setdefault(no, []).append(
                    (page.height - top, page.height - bottom, Table(rows, page=no)))
    return found


def _draws_grid(page) -> bool:
    """Whether the page draws a table's grid: its path objects (and those one Form XObject down) by shape.

    Walks pdfium's object list with raw calls: wrapping each of a page's
    hundreds of objects in a pypdfium2 helper cost more than reading its text.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    horizontal = vertical = boxes = 0
    box = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(b) for b in box]
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    stack = [(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, 0)]
    while stack:
        count, get, parent, level = stack.pop()
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == path:
                if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                    raise pdfium.PdfiumError("Failed to locate pageobject.")
                left, bottom, right, top = (b.value for b in box)
                width, height = right - left, top - bottom
                if height < 3 and width > 30:
                    horizontal += 1
                elif width < 3 and height > 8:
                    vertical += 1
                elif width > 20 and height > 8:
                    boxes += 1
            elif kind == form and level < GRID_DEPTH - 1:
                stack.append((pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, level + 1))
    return (horizontal >= RULES_MIN and vertical >= RULES_MIN) or boxes >= BOXES_MIN


def read_pdf(data: bytes, source: str) -> ReadResult:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        msg = str(e).lower()
        if "password" in msg:
            raise ReadError(source, "encrypted PDF (password required)") from None
        raise ReadError(source, f"corrupt or truncated PDF ({e})") from None
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError(source, "PDF has no pages")
        pages, table_pages = [], []
        for i in range(n_pages):
            page = pdf[i]  # loaded once for its text and its drawing
            pages.append(_page_lines(page, i + 1))
            if _draws_grid(page):
                table_pages.append(i + 1)
            page.close()
        pages = _resolve_hyphens(pages)
    finally:
        pdf.close()
    if not any(pages):
        raise ReadError(source, f"no text layer in {n_pages} page(s): scanned or image-only PDF, needs OCR")
    tables_by_page = _tables(data, table_pages)
    repeated = _furniture(pages)
    hard_ends = marks_wraps(pages)
    fit_ends = spaces_mark_nothing(pages)
    blocks: list[Block] = []
    tables: list[Table] = []
    for no, lines in enumerate(pages, start=1):
        lines = _strip_furniture(lines, repeated)
        placed = sorted((t for t in tables_by_page.get(no, []) if _reads_like_text(t, lines)), key=lambda t: -t[0])
        if placed:
            lines = [l for l in lines if not any(b - 2 <= l.top <= t + 2 for t, b, _ in placed)]
        page_blocks = _paragraphs(lines, hard_ends, fit_ends)
        for top, _bottom, table in placed:
            at = _insert_at(page_blocks, lines, top)
            if holds_prose(table.rows):
                page_blocks[at:at] = _cell_paragraphs(table, no)
                continue
            tables.append(table)
            tb = Block("table", "\n".join("\t".join(r) for r in table.rows), page=no, table=len(tables) - 1)
            page_blocks.insert(at, tb)
        blocks.extend(page_blocks)
    # the first page's running header ("Community Grant Applications 13th March 2018") is left out of the text
    # but may be the only place the meeting's date and body are written: metadata reads it from here
    header = [l.text for l in pages[0][:2] if _shape(l.text) in repeated] if pages else []
    return ReadResult(mend_split_paragraphs(blocks), tables, pages=n_pages,
                      hints={"running_header": header} if header else {})


_CELL_ITEM = re.compile(r"^.{1,60}?[-–:]\s*[£€$]?\d[\d,.]*\s*$|^[£€$]?\d[\d,.]*$")


def _cell_paragraphs(table: Table, page: int) -> list[Block]:
    """The cells of a prose table as paragraphs, row by row.  A cell's wrapped lines join, except short
    lines that each give one amount ("Four Oaks - £167.00", "Total: £1,000"), which stay one a line."""
    out: list[Block] = []
    for row in table.rows:
        label = ""
        for cell in row:
            if not label and (number := row_label(cell)):
                label = number  # "18.03.5" beside the minute: the row's label
                continue
            current: list[str] = []
            for line in (l.strip() for l in cell.split("\n")):
                if not line:
                    continue
                if _CELL_ITEM.match(line):
                    if current:
                        out.append(_cell_block(" ".join(current), page, label))
                        current, label = [], ""
                    out.append(Block("paragraph", line, page=page))
                else:
                    current.append(line)
            if current:
                out.append(_cell_block(" ".join(current), page, label))
                label = ""
    return out


def _cell_block(text: str, page: int, label: str) -> Block:
    """A cell's paragraph, labelled by the row's item number when the row opens with one."""
    if label:
        b = block_for_line(label + text, page=page)
        if b.kind == "list_item":
            return b
    return Block("paragraph", text, page=page)


def _reads_like_text(placed: tuple[float, float, Table], lines: list[Line]) -> bool:
    """Does pdfplumber's table hold the page's lines in its region, or did it cut prose into fragments?

    Minutes laid out in a Word table (a number column beside a text column)
    draw a grid, and pdfplumber's cells can then split words across columns
    ("he min" / "utes of t").  A table whose cells do not reproduce most of
    the lines pdfium reads in its region is a layout, not data: its lines are
    kept as text.
    """
    top, bottom, table = placed
    inside = [l for l in lines if bottom - 2 <= l.top <= top + 2 and len(l.text) > 3]
    if not inside:
        return True
    cells = " ".join(" ".join(" ".join(c.split()) for c in row) for row in table.rows)
    squeezed = re.sub(r"\s+", "", cells)
    found = sum(1 for l in inside if re.sub(r"\s+", "", l.text) in squeezed)
    return found >= 0.5 * len(inside)


def _insert_at(page_blocks: list[Block], lines: list[Line], table_top: float) -> int:
    """Index among a page's blocks where a table starting at ``table_top`` belongs."""
    above = {l.text for l in lines if l.top > table_top}
    k = 0
    for i, b in enumerate(page_blocks):
        if any(t in b.text for t in above):
            k = i + 1
    return k
