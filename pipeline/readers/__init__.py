"""Readers: any council document's bytes to a :class:`~pipeline.document.Document`.

The format is chosen from the content (magic bytes, markup sniffing), never
from the file name: council sites serve PDFs named ``.aspx`` and HTML saved
as ``.txt``.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Callable, Optional, Union

from ..document import Document, ReadResult, assemble, content_id
from ..errors import ReadError
from ..paths import display_name
from .docx import read_docx
from .html import read_html
from .limits import check_text
from .moderngov import read_moderngov_xml
from .pdf import read_pdf
from .text import decode, read_text, utf16_without_bom

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
READERS: dict[str, Callable[[bytes, str], ReadResult]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "html": read_html,
    "txt": read_text,
    "moderngov_xml": read_moderngov_xml,
}
_OTHER_BINARY = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "a legacy Office file (.doc/.xls): save it as .docx or PDF",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
}
_HTML_HINT = re.compile(rb"<(?:!doctype\s+html|html|body|head|div|p|table|h[1-6])[\s>]", re.I)


def sniff(data: bytes, source: str = "<bytes>") -> str:
    """The document format of ``data``: pdf, docx, html, moderngov_xml or txt."""
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    for magic, what in _OTHER_BINARY.items():
        if head.startswith(magic):
            raise ReadError(source, f"not a document: {what}")
    text_head = decode(head, source).lstrip().encode("utf-8", "replace")
    if _looks_binary(head):
        raise ReadError(source, "not a text document (binary content)")
    if re.match(rb"(?:<\?xml[^>]*>\s*)?(?:<!DOCTYPE\s+meeting\b(?:[^>\[]*\[.*?\])?[^>]*>\s*)?<meeting[\s>]", text_head, re.I | re.S):
        return "moderngov_xml"
    if _HTML_HINT.search(text_head[:2048]):
        return "html"
    return "txt"


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in head and utf16_without_bom(head):
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > max(8, len(head) // 50)


# Extensions that promise a binary container: a text body behind one is a broken or mislabelled file.
_CLAIMED = {".pdf": ("pdf", "not a valid PDF (no %PDF header)"),
            ".docx": ("docx", "not a valid .docx (not a zip archive)")}


def _check_claimed_format(fmt: str, source: str) -> None:
    """Content decides the format, but a '.pdf' or '.docx' whose bytes are text is refused, not read as text."""
    claimed = _CLAIMED.get(Path(source).suffix.lower())
    if claimed and fmt in ("txt", "html", "moderngov_xml"):
        raise ReadError(source, claimed[1])


def max_bytes() -> int:
    """The size limit: ``SCRUTINY_MAX_BYTES`` in the environment, else 100 MB."""
    return int(os.environ.get("SCRUTINY_MAX_BYTES", DEFAULT_MAX_BYTES))


def read_bytes(data: bytes, source: str, limit: Optional[int] = None) -> Document:
    """Read a document from bytes; ``source`` names it in messages and output."""
    limit = max_bytes() if limit is None else limit
    if not data:
        raise ReadError(source, "empty file")
    if len(data) > limit:
        raise ReadError(source, f"file is {len(data) / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                                "(set SCRUTINY_MAX_BYTES to raise it)")
    fmt = sniff(data, source)
    _check_claimed_format(fmt, source)
    found = READERS[fmt](data, source)
    text, blocks = assemble(found.blocks)
    if not text.strip():
        raise ReadError(source, "no text found")
    check_text(text, source)
    return Document(id=content_id(data), source=source, format="xml" if fmt == "moderngov_xml" else fmt,
                    text=text, blocks=blocks, tables=found.tables, pages=found.pages, committee=found.committee,
                    meeting_date=found.meeting_date, title=found.title, doc_type=found.doc_type, hints=found.hints)


def check_file(path: Union[str, Path], limit: Optional[int] = None) -> os.stat_result:
    """Refuse, without opening it, anything that is not a regular file within the size limit.

    A FIFO would block the reader forever and ``/dev/zero`` would be read
    until memory runs out, so only regular files are opened at all.
    """
    p = Path(path)
    source = display_name(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise ReadError(source, "no such file") from None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ReadError(source, "a symbolic link that points back to itself (symlink loop)") from None
        raise ReadError(source, f"cannot read file ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        try:  # listing it, not os.access: that says yes to root, and knows nothing of other failures
            with os.scandir(p):
                pass
        except OSError as e:
            raise ReadError(source, f"cannot read folder ({(e.strerror or str(e)).lower()})") from None
        raise ReadError(source, "is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a named pipe (FIFO)" if stat.S_ISFIFO(st.st_mode) else
                "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else
                "a socket" if stat.S_ISSOCK(st.st_mode) else "a special file")
        raise ReadError(source, f"not a regular file but {kind}; not read")
    limit = max_bytes() if limit is None else limit
    if st.st_size > limit:
        raise ReadError(source, f"file is {st.st_size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit "
                                "(set SCRUTINY_MAX_BYTES to raise it)")
    return st


def read_file(path: Union[str, Path], limit: Optional[int] = None) -> Document:
    """Read one file.  Raises :class:`ReadError` with a one-line reason on bad input."""
    source = display_name(path)
    check_file(path, limit)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise ReadError(source, f"cannot read file ({e.strerror})") from None
    return read_bytes(data, source, limit)
