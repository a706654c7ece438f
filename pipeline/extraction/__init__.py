"""Extraction: a Document to the records of the spec, through the spaCy pipeline.

Each record type has its own module and registered component; importing
this package registers them all with spaCy.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterable, Iterator, Optional

from spacy.language import Language

from ..document import Document, chunks
from ..records import Record, number_records
from . import discourse, names, sentences, source  # noqa: F401  (register scrutiny_discourse, _names, _sentences, _document)
from . import action_model, actions, answers, figures, questions, resolutions  # noqa: F401

# A document longer than spaCy's max_length (1,000,000 characters: E088) is extracted in parts of at most this
# many characters, made of whole blocks; shorter documents are extracted whole, as always.
CHUNK_CHARS = 200_000


def extract(document: Document, nlp: Optional[Language] = None) -> list[Record]:
    """All records of ``document`` in reading order, with ids q1, a1, r1, x1, f1 ..."""
    from ..nlp import get_nlp, process

    nlp = nlp or get_nlp()
    if _is_long(document, nlp):
        return extract_long(document, nlp)
    return records_of_doc(process(document, nlp))


def extract_many(documents: Iterable[Document], nlp: Optional[Language] = None) -> Iterator[list[Record]]:
    """The records of each Document, in order; faster than ``extract`` one by one (batched statistics)."""
    from ..nlp import get_nlp, process_many

    nlp = nlp or get_nlp()
    for long, run in groupby(documents, key=lambda d: _is_long(d, nlp)):
        if long:
            for document in run:
                yield extract_long(document, nlp)
        else:
            for doc in process_many(run, nlp):
                yield records_of_doc(doc)


def _is_long(document: Document, nlp: Language) -> bool:
    return len(document.text) > nlp.max_length


def extract_long(document: Document, nlp: Language, max_chars: int = CHUNK_CHARS) -> list[Record]:
    """The records of a document of any length: its block-aligned parts (:func:`pipeline.document.chunks`)
    go through ``nlp.pipe`` one at a time, and their records are moved to offsets in the whole text.

    Each part is extracted as a document of its own, so context does not
    cross a part boundary (a speaker named in one part is not known in the
    next); parts end before a heading where they can, to keep sections whole.
    """
    from ..nlp import make_doc

    parts = chunks(document, min(max_chars, nlp.max_length))
    records: list[Record] = []
    docs = nlp.pipe((make_doc(nlp, part) for _, part in parts), batch_size=1)
    for k, ((offset, _), doc) in enumerate(zip(parts, docs)):
        for r in doc._.records:
            if not r.quote.strip():
                continue
            r.start, r.end = r.start + offset, r.end + offset
            # provisional ids are per part: keep an answer's link to its own part's question
            r.id, r.answers = (f"{k}.{r.id}" if r.id else r.id), (f"{k}.{r.answers}" if r.answers else r.answers)
            records.append(r)
    return finish(document, records)


def records_of_doc(doc) -> list[Record]:
    """The finished records of a processed Doc: page and block label filled in, numbered in reading order."""
    return finish(doc._.document, [r for r in doc._.records if r.quote.strip()])


def finish(document: Document, records: list[Record]) -> list[Record]:
    """Records located in ``document.text``: page and block label filled in, numbered in reading order."""
    for r in records:
        block = document.block_at(r.start)
        if block is not None:
            r.page = r.page if r.page is not None else block.page
            r.label = r.label if r.label is not None else block.label
    return number_records(records)
