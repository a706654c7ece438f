"""The library API the CLI and notebooks share: read, extract, and batch helpers."""
from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Union

from . import metadata
from .dates import DateError, uk_date
from .document import Document
from .errors import ReadError
from .readers import read_file

PathLike = Union[str, Path]


def read(path: PathLike, meta: Optional[dict[str, Any]] = None,
         manifest: Optional[dict[str, dict[str, Any]]] = None) -> Document:
    """Read one file into a Document with its metadata.

    Metadata precedence: ``meta`` (CLI flags) over a sidecar
    ``<file>.meta.json`` over the manifest row for this path (rows name
    files relative to the manifest) over what the text says.  What was
    supplied is kept, by source, in ``Document.supplied``.  Whichever wins,
    the meeting date leaves here as ISO or not at all: a value that is no UK
    date raises a ReadError naming where it came from.
    """
    p = Path(path)
    doc = read_file(p)
    try:
        doc.supplied = metadata.supplied(p, manifest, meta)
    except DateError as e:  # the file fails, with where its date came from
        raise ReadError(str(path), str(e)) from None
    metadata.apply(doc, metadata.merged(doc.supplied))
    metadata.infer(doc)
    try:
        doc.meeting_date = uk_date(doc.meeting_date, "meeting_date")
    except DateError as e:
        raise ReadError(str(path), str(e)) from None
    return doc


def expand_paths(paths: Iterable[PathLike]) -> list[Path]:
    """Files, folders (recursively) and glob patterns to a sorted list of document files.

    Sidecar ``.meta.json`` files, manifests, notes (README, PROVENANCE...) and
    hidden files and folders are skipped.
    A path that matches nothing is kept, so that reading it reports the reason.
    """
    out: list[Path] = []
    for raw in paths:
        raw = str(raw)
        # A name that exists is taken as it is ('Minutes [draft].pdf'); only other names are patterns.
        literal = os.path.lexists(raw) or not any(c in raw for c in "*?[")
        matches = [raw] if literal else sorted(glob.glob(raw, recursive=True))
        if not matches:
            out.append(Path(raw))
        for m in matches:
            p = Path(m)
            if p.is_dir():
                out.extend(_walk(p))
            else:
                out.append(p)
    seen: set[Path] = set()
    unique = []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def empty_folders(inputs: Iterable[PathLike], files: Iterable[Path]) -> list[str]:
    """The folders among ``inputs`` that hold none of ``files`` (their expansion): said, never skipped in silence."""
    files = list(files)
    return [str(p) for p in map(Path, map(str, inputs))
            if p.is_dir() and not any(f == p or f.is_relative_to(p) for f in files)]


def _walk(folder: Path) -> list[Path]:
    """The document files below ``folder``.  A sub-folder that cannot be listed is returned itself, so
    reading it reports why, instead of being skipped in silence; links to folders are not followed,
    so a link loop cannot recur."""
    found: list[Path] = []

    def unreadable(err: OSError) -> None:
        found.append(Path(err.filename) if err.filename else folder)

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / f for f in sorted(files) if _is_document_file(f))
    return found
# Files a folder holds about itself, not documents to read (with any extension: README.md, LICENSE.txt).
_FOLDER_NOTES = ("readme", "license", "licence", "changelog", "provenance", "manifest")


def _is_document_file(name: str) -> bool:
    """Whether a file met when walking a folder is a document: Markdown minutes are, a README.md is not."""
    lower = name.lower()
    return not (lower.startswith(".") or lower.endswith((".meta.json", ".tsv", ".csv", ".json"))
                or lower.split(".")[0] in _FOLDER_NOTES)


def read_many(paths: Iterable[PathLike], manifest: Optional[dict[str, dict[str, Any]]] = None,
              meta: Optional[dict[str, Any]] = None) -> Iterator[tuple[Path, Union[Document, ReadError]]]:
    """Read each file, yielding the Document or the ReadError: one bad file never stops a batch."""
    for p in expand_paths(paths):
        try:
            yield p, read(p, meta=meta, manifest=manifest)
        except ReadError as e:
            yield p, e
