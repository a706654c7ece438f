"""Plain-text minutes: ModernGov pages pasted as text, Markdown from council sites.

Decoding tries UTF-8 (with or without BOM), UTF-16 with BOM, then cp1252,
the encoding of text saved from Windows tools.  Each non-blank line is a
paragraph unless it is a bullet, a numbered item, a tab-separated table row
or a short heading; ModernGov paste artefacts (lines holding a lone
non-breaking space, ``·`` bullets, ``-          `` list dashes) are
normalised on the way.
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

from ..document import Block, ReadResult, Table
from ..errors import ReadError
from ..normalize import clean_line, normalise_newlines
from .layout import block_for_line, is_table_row, mend_split_paragraphs
from .limits import check_text

RULE_LINE = re.compile(r"^(?:[-*_=~]\s*){3,}$")
MARKDOWN_STRONG_LINE = re.compile(r"(?:\*\*|__)\S")  # a line opening in Markdown strong emphasis
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def decode(data: bytes, source: str) -> str:
    """Bytes to str: BOMs first, then UTF-16 without a BOM, then UTF-8, with cp1252 for the lines that
    are not UTF-8; junk is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        encoding = utf16_without_bom(data)
        if encoding is None:
            raise ReadError(source, "not a text document (binary content)")
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_mixed(data)


def utf16_without_bom(data: bytes) -> Optional[str]:
    """'utf_16_le' or 'utf_16_be' when charset-normalizer reads ``data`` as UTF-16 text, else None.

    Windows tools save UTF-16 without a byte-order mark; its NUL bytes must not
    make it look binary.  Only the UTF-16 family is accepted here: anything else
    with NUL bytes is binary.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536], cp_isolation=["utf_16_le", "utf_16_be"]).best()
    return best.encoding if best is not None and best.encoding in ("utf_16_le", "utf_16_be") else None


def _decode_mixed(data: bytes) -> str:
    """A file that is not UTF-8 throughout: each line as UTF-8 where it is, else as cp1252.

    Text pasted together from several tools mixes encodings line by line; one
    cp1252 line must not turn every '£' of the UTF-8 lines into mojibake.
    """
    out = []
    for line in data.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "".join(out)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a YAML front-matter header (``title: "..."``) from a Markdown page."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    meta = {}
    for line in m.group(1).splitlines():
        k, sep, v = line.partition(":")
        if sep and v.strip() and not k.startswith((" ", "-")):
            meta[k.strip()] = v.strip().strip("\"'")
    return meta, text[m.end():]


def parse_lines(text: str, page: Optional[int] = None) -> ReadResult:
    """Lines to blocks: tab-separated runs become tables, the rest one block a line."""
    blocks: list[Block] = []
    tables: list[Table] = []
    rows: list[list[str]] = []

    def flush_table() -> None:
        if rows:
            tables.append(Table([r[:] for r in rows], page=page))
            body = "\n".join("\t".join(r) for r in rows)
            blocks.append(Block("table", body, page=page, table=len(tables) - 1))
            rows.clear()

    for raw in text.split("\n"):
        if is_table_row(raw):
            rows.append([clean_line(c) for c in raw.split("\t")])
            continue
        flush_table()
        line = clean_line(raw)
        if MARKDOWN_STRONG_LINE.match(line):  # "**9.** **Cheques signed ...:**": Markdown bold, not a bullet
            line = clean_line(line.replace("**", "").replace("__", ""))
        if line and not RULE_LINE.match(line):  # "---", "***": a page break or rule, no text of the minutes
            blocks.append(block_for_line(line, page))
    flush_table()
    return ReadResult(mend_split_paragraphs(blocks), tables)


def read_text(data: bytes, source: str) -> ReadResult:
    text = normalise_newlines(decode(data, source))
    check_text(text, source)  # before the lines are split: a 20 MB text is refused at once
    meta, body = front_matter(text)
    found = parse_lines(body)
    if not found.blocks:
        raise ReadError(source, "no text found")
    found.title = meta.get("title") or None
    return found
