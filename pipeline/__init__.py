"""scrutiny: UK council minutes and reports to a dataset of scrutiny requests and follow-ups.

    >>> import pipeline
    >>> doc = pipeline.read("corpus/seeds/000_31e354d2ef60ea1b.txt")
    >>> records = pipeline.extract(doc)
"""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from .document import Block, Document, Table
from .errors import ReadError
from .records import Record

__all__ = ["read", "read_many", "expand_paths", "extract", "extract_many", "load_pipeline", "Document", "Block", "Table", "Record",
           "ReadError"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``read``, ``read_many`` and ``expand_paths`` import the readers on first use, so that ``scrutiny
    --help`` and ``scrutiny search`` never load lxml, pypdfium2 or python-docx."""
    if name in ("read", "read_many", "expand_paths"):
        from . import api

        return getattr(api, name)
    if name == "load_pipeline":  # the configured spaCy Language (loads spaCy: not at import time)
        from .nlp import load_pipeline

        return load_pipeline
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


def extract(document: Document) -> list[Record]:
    """All records of a Document (questions, answers, resolutions, actions, figures), in reading order.

    The spaCy pipeline loads on first use (about a second), so importing ``pipeline`` stays cheap.
    """
    from .action_log import apply
    from .extraction import extract as _extract

    return apply(document, _extract(document))


def extract_many(documents: Iterable[Document]) -> Iterator[list[Record]]:
    """Records of many Documents (an iterator of lists, in order), batching the statistical pipeline."""
    from .action_log import apply
    from .extraction import extract_many as _extract_many

    documents = list(documents)
    return (apply(doc, records) for doc, records in zip(documents, _extract_many(documents)))
