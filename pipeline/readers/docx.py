"""Word (.docx) minutes and reports, read with python-docx.

Body paragraphs and tables are walked in document order (python-docx's
``iter_inner_content``); headers and footers are not text, but the first
page's header is kept as a hint for metadata (``running_header``).  A table
whose cells hold prose is minutes laid out in a table and is read row by
row as items, as the PDF and HTML readers read theirs.  Heading
styles become heading blocks; Word's automatic list numbering is not in
the paragraph text, so it is recomputed from each paragraph's numbering
properties (``numId``/``ilvl``) to keep labels like "1." and "a.".
"""
from __future__ import annotations

import io
import os
import zipfile
import zlib
from typing import Optional

from ..document import Block, ReadResult, Table
from ..errors import ReadError
from ..normalize import clean_line
from .layout import block_for_line, holds_prose, mend_split_paragraphs, row_label

# A .docx is a zip: refuse archives that would inflate past this (zip bombs).
# SCRUTINY_MAX_UNZIPPED (bytes) overrides the default of 200 MB.
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def max_uncompressed() -> int:
    return int(os.environ.get("SCRUTINY_MAX_UNZIPPED", MAX_UNCOMPRESSED))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# The XML of the document body, whose size bounds the reader's work and memory: real minutes and
# reports stay far below it.  SCRUTINY_MAX_DOCX_XML (bytes) overrides it.
MAX_DOCUMENT_XML = 50 * 1024 * 1024


def max_document_xml() -> int:
    return int(os.environ.get("SCRUTINY_MAX_DOCX_XML", MAX_DOCUMENT_XML))


def check_zip(data: bytes, source: str) -> None:
    """Refuse what is not a Word document or would inflate too far, by the bytes actually decompressed.

    A zip's directory can under-state its sizes, so the declared sizes are
    only a first check: every member is inflated in chunks and counted, and
    the count stops at the limit rather than after the damage.
    """
    limit, xml_limit = max_uncompressed(), max_document_xml()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if "word/document.xml" not in {i.filename for i in infos}:
                raise ReadError(source, "zip archive is not a Word document (no word/document.xml)")
            declared = sum(i.file_size for i in infos)
            if declared > limit:
                raise ReadError(source, f"refused: .docx would inflate to {declared / 2**20:.0f} MB "
                                        f"(limit {limit / 2**20:.0f} MB; possible zip bomb)")
            total = 0
            for info in infos:
                own = 0
                with z.open(info) as member:
                    for chunk in iter(lambda: member.read(1 << 20), b""):
                        own += len(chunk)
                        total += len(chunk)
                        if total > limit:
                            raise ReadError(source, f"refused: .docx inflates past {limit / 2**20:.0f} MB "
                                                    "(its zip directory under-states the sizes; possible zip bomb)")
                        if info.filename == "word/document.xml" and own > xml_limit:
                            raise ReadError(source, f"refused: the document's XML is over {xml_limit / 2**20:.0f} MB "
                                                    "(set SCRUTINY_MAX_DOCX_XML to raise it)")
    except zipfile.BadZipFile as e:
        if str(e).startswith("Bad CRC-32"):  # zipfile stops at the declared size: what follows is refused
            raise ReadError(source, "refused: a part of the .docx holds more or other bytes than its zip directory "
                                    "declares (possible zip bomb)") from None
        raise ReadError(source, "not a valid .docx (not a zip archive, or a corrupt one)") from None
    except (zlib.error, EOFError, NotImplementedError):
        raise ReadError(source, "not a valid .docx (not a zip archive, or a corrupt one)") from None


def _numbering(paragraph) -> Optional[tuple[str, int]]:
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
        return None
    ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else 0
    return str(ppr.numPr.numId.val), int(ilvl)


def _label(counters: dict, key: tuple[str, int], style: str) -> str:
    num_id, level = key
    for (nid, lvl) in list(counters):
        if nid == num_id and lvl > level:
            del counters[(nid, lvl)]
    counters[key] = counters.get(key, 0) + 1
    n = counters[key]
    if "Bullet" in style:
        return "•"
    if level == 1:
        return f"{chr(ord('a') + (n - 1) % 26)}."
    if level >= 2:
        return f"({_roman(n)})"
    return f"{n}."


def _roman(n: int) -> str:
    out = ""
    for v, s in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + s, n - v
    return out


def _style_name(paragraph, names: dict[Optional[str], str]) -> str:
    """The paragraph's style name, looked up once per style id: python-docx scans every style of the
    document for each paragraph without one, which made a 10,000-paragraph document take half a minute."""
    style_id = paragraph._p.style
    if style_id not in names:
        style = paragraph.style
        names[style_id] = style.name if style is not None else ""
    return names[style_id]


def _row_blocks(table) -> list[Block]:
    """Minutes laid out in a Word table (item number | minute | action by), row by row, each cell's paragraphs
    as blocks; a cell that is only an item number ("4.", "4.2") labels its row's first paragraph, and a cell
    after the row's first ("Clerk", "JS": who acts) is a paragraph of the row, never a heading over the next."""
    out: list[Block] = []
    for row in table.rows:
        label = ""
        minute_read = False
        seen: list = []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell repeats in every column it spans
                continue
            seen.append(cell._tc)
            lines = [clean_line(p.text) for p in cell.paragraphs]
            lines = [line for line in lines if line]
            if len(lines) == 1 and not label and (number := row_label(lines[0])):
                label = number
                continue
            for line in lines:
                block = block_for_line(label + line)
                if minute_read and block.kind == "heading":
                    block.kind = "paragraph"
                out.append(block)
                label = ""
            minute_read = minute_read or bool(lines)
    return out


def read_docx(data: bytes, source: str) -> ReadResult:
    check_zip(data, source)
    import docx

    try:
        d = docx.Document(io.BytesIO(data))
    except Exception as e:  # python-docx raises several types for broken parts
        raise ReadError(source, f"corrupt .docx ({type(e).__name__}: {e})") from None
    blocks: list[Block] = []
    tables: list[Table] = []
    counters: dict[tuple[str, int], int] = {}
    styles: dict[Optional[str], str] = {}
    for item in d.iter_inner_content():
        if isinstance(item, docx.table.Table):
            rows = [[clean_line(c.text) for c in row.cells] for row in item.rows]
            rows = [r for r in rows if any(r)]
            if holds_prose(rows):
                blocks.extend(_row_blocks(item))
            elif rows:
                tables.append(Table(rows))
                blocks.append(Block("table", "\n".join("\t".join(r) for r in rows), table=len(tables) - 1))
            continue
        text = clean_line(item.text)
        if not text:
            continue
        style = _style_name(item, styles)
        num = _numbering(item)
        if style.startswith(("Heading", "Title")):
            blocks.append(Block("heading", text))
        elif num is not None or "List" in style:
            label = _label(counters, num or ("style", 0), style)
            blocks.append(Block("list_item", text, label=label))
        else:
            blocks.append(block_for_line(text))
    if not blocks:
        raise ReadError(source, "no text found in .docx")
    header = _running_header(d)
    return ReadResult(mend_split_paragraphs(blocks), tables, hints={"running_header": header} if header else {})


def _running_header(d) -> list[str]:
    """The lines of the first page's header ("Minutes of the Parish Council 3 September 2019"), which is not
    part of the text: some clerks write the meeting there and nowhere else.  A hint, as a PDF's running header
    is, for metadata to fall back on."""
    if not d.sections:
        return []
    section = d.sections[0]
    parts = ([section.first_page_header] if section.different_first_page_header_footer else []) + [section.header]
    lines = [clean_line(p.text) for part in parts if not part.is_linked_to_previous  # linked: it has none
             for p in part.paragraphs]
    return [line for line in dict.fromkeys(lines) if line]
