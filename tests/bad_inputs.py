"""Every kind of bad input the robustness audit found, built on demand, with what reading it must say.

Shared by ``tests/test_robustness.py`` and ``benchmarks/robustness.py``, so the
suite and the benchmark try the same kinds.  A kind either is refused (its
one-line reason must hold ``reason`` and name the file) or is a good document
that must be read, extracted and stored (``reason`` is None).  Inputs are built
from real minutes (the seeds, Stoke Ferry parish council) and the audit's
files in ``tests/data/robustness``; nothing outside the repository is needed.
"""
from __future__ import annotations

import contextlib
import io
import os
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager, Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CASES = Path(__file__).resolve().parent / "data" / "robustness"
SEED = CORPUS / "seeds" / "003_1f6512787fae9d5e.txt"
STOKE_FERRY = CORPUS / "parish" / "stokeferry-pc-2012-07-11.txt"
PAYEE_LINE = "ACME(tree surgery)      £310.00"


@dataclass
class Kind:
    """One kind of bad input: how to make it, and what reading it must give."""

    name: str
    build: Callable[[Path], Path]          # makes the input inside an empty folder; returns the path to give
    reason: Optional[str] = None           # words the refusal holds; None: a good document
    named: Callable[[Path], Path] = field(default=lambda p: p)  # the file the message names (a folder's member)
    fault: Optional[Callable[[Path], ContextManager]] = None     # a failure simulated around the run
    text: Optional[str] = None             # words a good document's text must keep

    @property
    def good(self) -> bool:
        return self.reason is None


# ---- builders -----------------------------------------------------------------------

def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def fifo(folder: Path) -> Path:
    p = folder / "minutes.txt"
    os.mkfifo(p)
    return p


def folder_with_fifo(folder: Path) -> Path:
    fifo(folder)
    return folder


def symlink_loop(folder: Path) -> Path:
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "up").symlink_to(".", target_is_directory=True)  # a folder link back to its parent: never followed
    return folder


def non_utf8_name(folder: Path) -> Path:
    name = os.fsdecode(b"minutes-caf\xe9-2012.txt")  # cp1252 'é': not valid UTF-8
    _write(folder / name, SEED.read_bytes())
    return folder


def literal_brackets(folder: Path) -> Path:
    """'Minutes [draft].txt' exists: it is read as it is, never as a pattern matching 'Minutes d.txt'."""
    _write(folder / "Minutes d.txt", STOKE_FERRY.read_bytes())
    return _write(folder / "Minutes [draft].txt", SEED.read_bytes())


def unreadable_folder(folder: Path) -> Path:
    locked = folder / "locked"
    locked.mkdir()
    _write(locked / "minutes.txt", SEED.read_bytes())
    return locked


@contextlib.contextmanager
def cannot_list(folder: Path) -> Iterator[None]:
    """Listing ``folder`` fails with EACCES, as ``chmod 000`` does for anyone but root (the suite runs as root,
    which can read everything)."""
    real = os.scandir
    target = os.path.abspath(folder)

    def scandir(path="."):
        if os.path.abspath(os.fsdecode(path)) == target:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    os.scandir = scandir
    try:
        yield
    finally:
        os.scandir = real


def empty_folder(folder: Path) -> Path:
    empty = folder / "empty"
    empty.mkdir()
    _write(empty / ".DS_Store", b"\0\0\0\1Bud1")
    _write(empty / "README.md", b"Nothing here is a document.\n")
    return empty


Writer = Callable[[io.BufferedIOBase], None]


def docx_bytes(paragraphs: tuple[str, ...] = (), body: Optional[Writer] = None,
               extra: Optional[tuple[str, Writer]] = None) -> bytes:
    """A real Word document (python-docx's template) holding ``paragraphs``; ``body`` streams its body XML
    instead, and ``extra`` adds a member streamed by its writer."""
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(buf)
    streamed = ([("word/document.xml", body)] if body else []) + ([extra] if extra else [])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if not any(info.filename == name for name, _ in streamed):
                z.writestr(info.filename, src.read(info))
        for name, writer in streamed:
            with z.open(name, "w") as f:
                writer(f)
    return out.getvalue()


def _fill(size: int, unit: bytes, head: bytes = b"", tail: bytes = b"") -> Writer:
    """A writer of ``size`` bytes of ``unit`` repeated (between ``head`` and ``tail``), a megabyte at a time."""
    def writer(f) -> None:
        f.write(head)
        chunk = unit * max(1, (1 << 20) // len(unit))
        for _ in range(size // len(chunk)):
            f.write(chunk)
        f.write(tail)
    return writer


def understated_docx(size: int = 300 * 2**20, claimed: int = 1000) -> bytes:
    """A DOCX with a 300 MB member whose zip directory (local header and central directory) says 1,000 bytes."""
    name = "word/media/filler.xml"
    data = bytearray(docx_bytes(paragraphs=tuple(_seed_text().split("\n")[:5]), extra=(name, _fill(size, b"<w:p/>"))))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(name)
    struct.pack_into("<I", data, info.header_offset + 22, claimed)  # local header: uncompressed size
    i = data.find(b"PK\x01\x02")
    while i >= 0:                                                     # central directory entries
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n] == name.encode():
            struct.pack_into("<I", data, i + 24, claimed)
        i = data.find(b"PK\x01\x02", i + 4)
    return bytes(data)


def zip_bomb_understated(folder: Path) -> Path:
    return _write(folder / "bomb.docx", understated_docx())


def docx_huge_xml(folder: Path, size: int = 150 * 2**20) -> Path:
    """A DOCX with 150 MB of real minutes paragraphs as its body XML, far under the 100 MB file limit (it
    packs to about half a megabyte)."""
    para = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in _seed_text().split("\n")[:8]
                   if line and "<" not in line and "&" not in line).encode("utf-8")
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    return _write(folder / "huge-xml.docx", docx_bytes(body=_fill(size, para, head, b"</w:body></w:document>")))


def huge_text(folder: Path, size: int = 20 * 2**20) -> Path:
    """20 MB of real minutes (the Stoke Ferry series, repeated)."""
    series = b"\n\n".join(p.read_bytes() for p in sorted((CORPUS / "parish").glob("*.txt")))
    with open(folder / "huge.txt", "wb") as f:
        for _ in range(size // len(series) + 1):
            f.write(series)
    return folder / "huge.txt"


def copy_case(name: str) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        return _write(folder / name, (CASES / name).read_bytes())
    build.__name__ = name
    return build


def payee_bracket(folder: Path) -> Path:
    """Stoke Ferry's minutes with the payment line that looped the figure finder forever."""
    text = STOKE_FERRY.read_text(encoding="utf-8")
    at = text.index("HMRC - ")
    return _write(folder / "stokeferry-payee.txt", (text[:at] + PAYEE_LINE + "\n\n" + text[at:]).encode("utf-8"))


def billion_laughs(folder: Path) -> Path:
    """The ModernGov response with a DOCTYPE whose entities would expand to gigabytes, one of them used."""
    lol = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10 if i else "lol"}">' for i in range(10))
    xml = (CASES / "moderngov_with_doctype.xml").read_text(encoding="utf-8")
    xml = xml.replace("<!DOCTYPE meeting>", f"<!DOCTYPE meeting [{lol}]>", 1)
    xml = xml.replace("<meetinglocation>", "<meetinglocation>&l9; ", 1)
    return _write(folder / "laughs.xml", xml.encode("utf-8"))


def deep_html(folder: Path, depth: int = 5000) -> Path:
    body = "<div>" * depth + "<p>The committee agreed the recommendations.</p>" + "</div>" * depth
    return _write(folder / "deep.html", f"<html><body>{body}</body></html>".encode())


def dev_zero(folder: Path) -> Path:
    return Path("/dev/zero")


def empty_file(folder: Path) -> Path:
    return _write(folder / "empty.txt", b"")


def binary_junk(folder: Path) -> Path:
    return _write(folder / "junk.txt", bytes(range(256)) * 16)


def docx_not_zip(folder: Path) -> Path:
    return _write(folder / "minutes.docx", SEED.read_bytes())


def missing(folder: Path) -> Path:
    return folder / "nowhere.pdf"


def dangling_link(folder: Path) -> Path:
    p = folder / "moved.txt"
    p.symlink_to(folder / "gone.txt")
    return p


# ---- the catalogue --------------------------------------------------------------------

def _member(name: str) -> Callable[[Path], Path]:
    return lambda folder: folder / name


KINDS: list[Kind] = [
    Kind("fifo", fifo, "not a regular file but a named pipe (FIFO)"),
    Kind("folder holding a fifo", folder_with_fifo, "not a regular file but a named pipe (FIFO)",
         named=_member("minutes.txt")),
    Kind("/dev/zero", dev_zero, "not a regular file but a device"),
    Kind("folder holding a symlink loop", symlink_loop, "symlink loop", named=_member("loop.txt")),
    Kind("dangling symlink", dangling_link, "no such file"),
    Kind("unreadable folder", unreadable_folder, "cannot read folder (permission denied)", fault=cannot_list),
    Kind("folder with no documents", empty_folder, "no documents found"),
    Kind("missing file", missing, "no such file"),
    Kind("empty file", empty_file, "empty file"),
    Kind("binary junk", binary_junk, "not a text document (binary content)"),
    Kind(".docx that is not a zip", docx_not_zip, "not a valid .docx"),
    Kind("docx whose zip directory under-states sizes", zip_bomb_understated, "possible zip bomb"),
    Kind("docx with 150 MB of XML", docx_huge_xml, "XML is over"),
    Kind("20 MB text of real minutes", huge_text, "over the 5,000,000-character limit"),
    Kind("5,000 closing brackets", copy_case("slow_closing_parens.txt"), "5,000-character word"),
    Kind("a 100 KB token", copy_case("slow_long_token.txt"), "100,000-character word"),
    Kind("HTML nested 5,000 deep", deep_html, "HTML nested too deeply"),
    Kind("ModernGov XML with a billion laughs", billion_laughs, "entities that would expand without bound"),
    # good documents: read, extracted and stored
    Kind("non-UTF-8 file name", non_utf8_name, text="Councillor Muldowney"),
    Kind("file name holding [ ]", literal_brackets, text="Councillor Muldowney"),
    Kind("payee bracket line", payee_bracket, text=PAYEE_LINE.split()[0]),
    Kind("HTML nested 300 deep", copy_case("html_depth_300_loses_text.html"), text="RESOLVED: that the report be noted."),
    Kind("ModernGov XML with a DOCTYPE", copy_case("moderngov_with_doctype.xml"), text="Work Programme"),
    Kind("UTF-16LE without BOM", copy_case("utf16le_no_bom.txt"), text="Councillor"),
    Kind("mixed UTF-8 and cp1252", copy_case("mixed_encoding.txt"), text="£"),
]


def refusal_lines(output: str, named: Path) -> list[str]:
    """The lines of CLI output that report ``named`` as refused: 'error: NAME: reason' as it happens,
    'failed: NAME: reason' in ingest's summary, and 'no documents found in FOLDER'."""
    from pipeline.paths import display_name

    name = display_name(named)
    out = []
    for line in output.splitlines():
        bare = line.strip().removeprefix("error: ").removeprefix("failed: ")
        if bare.startswith((f"{name}: ", f"no documents found in {name}")):
            out.append(line.strip())
    return out


def clear(message: str, named: Path, reason: str) -> bool:
    """Is ``message`` one line naming the file and holding the reason?"""
    from pipeline.paths import display_name

    return "\n" not in message.strip() and display_name(named) in message and reason in message


@dataclass
class Made:
    """A kind as built: the path to give and the file its message must name."""

    kind: Kind
    path: Path
    named: Path


def build_all(kinds: list[Kind], root: Path) -> list[Made]:
    """Each kind built in a folder of its own under ``root``."""
    made = []
    for i, kind in enumerate(kinds):
        folder = root / f"kind{i:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        path = kind.build(folder)
        made.append(Made(kind, path, kind.named(path)))
    return made


@contextlib.contextmanager
def faults(made: list[Made]) -> Iterator[None]:
    """Every built kind's simulated failure in force (worker processes forked inside inherit them)."""
    with contextlib.ExitStack() as stack:
        for m in made:
            if m.kind.fault is not None:
                stack.enter_context(m.kind.fault(m.path))
        yield
