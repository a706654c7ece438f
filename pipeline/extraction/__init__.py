"""Extraction: a Document to the records of the spec, through the spaCy pipeline.

Each record type has its own module and registered component; importing
this package registers them all with spaCy.
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from spacy.language import Language

from ..document import Document
from ..records import Record, number_records
from . import discourse, names, sentences  # noqa: F401  (register scrutiny_discourse, scrutiny_names, scrutiny_sentences)
from . import actions, answers, figures, questions, resolutions  # noqa: F401


def extract(document: Document, nlp: Optional[Language] = None) -> list[Record]:
    """All records of ``document`` in reading order, with ids q1, a1, r1, x1, f1 ..."""
    from ..nlp import process

    return records_of_doc(process(document, nlp))


def extract_many(documents: Iterable[Document], nlp: Optional[Language] = None) -> Iterator[list[Record]]:
    """The records of each Document, in order; faster than ``extract`` one by one (batched statistics)."""
    from ..nlp import process_many

    for doc in process_many(documents, nlp):
        yield records_of_doc(doc)


def records_of_doc(doc) -> list[Record]:
    """The finished records of a processed Doc: page and block label filled in, numbered in reading order."""
    document = doc._.document
    records = [r for r in doc._.records if r.quote.strip()]
    for r in records:
        block = document.block_at(r.start)
        if block is not None:
            r.page = r.page if r.page is not None else block.page
            r.label = r.label if r.label is not None else block.label
    return number_records(records)
