"""Sentence boundaries from the Document's blocks, then punctuation.

Minutes are full of bullets, dashes and numbered lines that a statistical
sentence splitter runs together; a block (paragraph, list item, table) is
therefore a hard boundary, and inside a block a sentence ends at ``.``,
``?`` or ``!`` when the next word does not continue in lower case.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

ENDERS = {".", "?", "!"}
CLOSERS = {'"', "'", "”", "’", ")"}


@Language.component("scrutiny_sentences")
def set_sentences(doc: Doc) -> Doc:
    document = doc._.document
    starts = {b.start for b in document.blocks} if document is not None else set()
    prev_break = False
    for i, tok in enumerate(doc):
        if tok.is_space:
            tok.is_sent_start = i == 0
            prev_break = prev_break or "\n" in tok.text
            continue
        start = i == 0 or prev_break or tok.idx in starts or "\n" in doc[i - 1].whitespace_
        if not start and doc[i - 1].text in ENDERS | CLOSERS:
            start = _ends_before(doc, i) and (tok.is_title or tok.is_upper or tok.is_digit or tok.text in "\"“'‘(·•-–")
        tok.is_sent_start = bool(start)
        prev_break = False
    return doc


def _ends_before(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].text in CLOSERS:
        j -= 1
    return j >= 0 and (doc[j].text in ENDERS or doc[j].text.endswith("?"))
