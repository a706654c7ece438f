"""The Document behind a Doc, so that ``nlp(text)`` works on a plain string.

Every scrutiny component reads the Document's blocks (``doc._.document``).
``pipeline.nlp.make_doc`` attaches the Document a reader produced; for a Doc
made from a bare string this component reads the string as a text file
would be read (blocks, metadata), and when the reader normalises the text
(line ends, spaces) it returns a Doc of the normalised text, so that record
offsets always point into ``doc.text``.
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..document import Document, content_id

# The Doc._ contract of the scrutiny pipeline (declared in each factory's assigns/requires).
if not Doc.has_extension("document"):
    Doc.set_extension("document", default=None)  # the pipeline.Document the Doc was made from
    Doc.set_extension("records", default=None)   # list[Record], filled by the record components
    # Doc.text rebuilds the string from every token on each access; components read this copy instead.
    Doc.set_extension("text", default=None)
    Span.set_extension("block", getter=lambda s: _block_of(s))  # the Document block a span sits in


def _block_of(span: Span):
    document = span.doc._.document
    return document.block_at(span.start_char) if document is not None else None


def attach_document(doc: Doc, tokenizer: Callable[[str], Doc]) -> Doc:
    if doc._.document is not None:
        return doc
    from .. import metadata
    from ..readers import read_bytes

    data = doc.text.encode("utf-8")
    if doc.text.strip():
        document = read_bytes(data, "<text>")
        metadata.infer(document)
    else:
        document = Document(id=content_id(data), source="<text>", format="txt", text=doc.text)
    if document.text != doc.text:
        doc = tokenizer(document.text)
    doc._.document, doc._.text, doc._.records = document, document.text, []
    return doc


@Language.factory("scrutiny_document", default_config={},
                  assigns=["doc._.document", "doc._.text", "doc._.records"], requires=[])
def make_document(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """Attach a Document read from the Doc's text when the caller attached none."""
    del name
    return DocumentAttacher(nlp.tokenizer)


class DocumentAttacher:
    """The component: a class rather than a closure, so that a pipeline can be pickled to worker processes."""

    def __init__(self, tokenizer: Callable[[str], Doc]) -> None:
        self.tokenizer = tokenizer

    def __call__(self, doc: Doc) -> Doc:
        return attach_document(doc, self.tokenizer)
