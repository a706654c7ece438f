"""The one place where extraction splits text into sentences.

Minutes are full of bullets, dashes and numbered lines that a statistical
sentence splitter runs together; a block (paragraph, list item, table row)
is therefore a hard boundary, and inside a block a sentence ends at ``.``,
``?`` or ``!`` when the next word does not continue in lower case.

Two forms of the same layer:

* the ``scrutiny_sentences`` component sets ``Token.is_sent_start`` on the
  Doc (``sentence_flags``), and ``sentences_in`` walks one block's sentences
  as Spans: what the people, discourse, action, question and figure rules
  read;
* ``sentence_spans`` splits a block's plain text into character spans: what
  the resolution rules read (its docstring says why they need their own).

Both share what ends no sentence (``is_abbreviation``: titles and initials,
``models/patterns/sentences.json``).  Boundaries are written in one
``Doc.from_array`` call: setting ``Token.is_sent_start`` token by token
re-checks the whole Doc each time.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterator

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

from ..document import Block
from ..text_sentences import is_abbreviation
from .common import block_span, rules_component

ENDERS = {".", "?", "!"}


CLOSERS = {'"', "'", "”", "’", ")"}
OPENERS = set("\"“'‘(·•-–")


def sentence_flags(doc: Doc) -> list[int]:
    """1 where a sentence starts, -1 elsewhere (spaCy's SENT_START values)."""
    document = doc._.document
    starts = {b.start for b in document.blocks} if document is not None else set()
    flags = [-1] * len(doc)
    prev_break = False
    for i, tok in enumerate(doc):
        if tok.is_space:
            flags[i] = 1 if i == 0 else -1
            prev_break = prev_break or "\n" in tok.text
            continue
        start = i == 0 or prev_break or tok.idx in starts or "\n" in doc[i - 1].whitespace_
        if not start and doc[i - 1].text in ENDERS | CLOSERS and not _after_abbreviation(doc, i):
            start = _ends_before(doc, i) and (tok.is_title or tok.is_upper or tok.is_digit or tok.text in OPENERS
                                              or tok.is_currency  # "... made it memorable. £72 was collected"
                                              or tok.text.startswith("*")  # Markdown bold: "**Cllr Bivon proposed"
                                              or item_number(doc, i))
        if not start and i > 0 and _next_letter_label(doc, i, flags):
            start = True  # "a. £64 for pads b. £120 for repairs": a run of lettered items on one line
        flags[i] = 1 if start else -1
        prev_break = False
    return flags


def set_sentences(doc: Doc) -> Doc:
    if len(doc):
        doc.from_array([SENT_START], numpy.asarray(sentence_flags(doc), dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


# Sentence starts from the Document's blocks and punctuation (no statistical parser).
make_sentences = rules_component("scrutiny_sentences", "patterns/sentences.json", set_sentences,
                                  assigns=["token.is_sent_start"], requires=["doc._.document"])


ITEM_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}\.(?:\d{1,3}\.)*[a-z]?\)?|\d{1,3}[a-z]\)?")
LETTER_LABEL = re.compile(r"[a-z]\.|[a-z]\)|\([a-z]\)|[ivx]{1,4}\)")


def item_number(doc: Doc, i: int) -> bool:
    """'... to object. 7.2 Residents of Elm Row ...', '... pads b. £120 for repairs': an item number or a
    letter label before a capitalised word, an amount or a number starts a sentence of its own (it is a
    label, not a figure or part of the sentence before)."""
    if i + 1 >= len(doc):
        return False
    nxt = doc[i + 1].text
    if ITEM_NUMBER.fullmatch(doc[i].text):
        return nxt[:1].isupper()
    return bool(LETTER_LABEL.fullmatch(doc[i].text)) and (nxt[:1].isupper() or nxt[:1] in "£€$" or nxt[:1].isdigit())


def _next_letter_label(doc: Doc, i: int, flags: list[int]) -> bool:
    """Is token i the label that follows the previous one in this sentence ('b.' after 'a.')?"""
    t = doc[i].text
    if not re.fullmatch(r"[b-z][.)]", t) or not item_number(doc, i):
        return False
    want = chr(ord(t[0]) - 1) + t[1]
    j = i - 1
    while j >= 0 and flags[j] != 1:
        j -= 1
    return any(doc[k].text == want for k in range(max(j, 0), i))


def _after_abbreviation(doc: Doc, i: int) -> bool:
    """'Cllr . J.' : the full stop before token i closes an abbreviation or an initial."""
    return i >= 2 and doc[i - 1].text == "." and bool(doc[i - 1].whitespace_) and not doc[i - 2].whitespace_ \
        and is_abbreviation(doc[i - 2].text)


def _ends_before(doc: Doc, i: int) -> bool:
    j = i - 1
    while j >= 0 and doc[j].text in CLOSERS:
        j -= 1
    return j >= 0 and (doc[j].text in ENDERS or doc[j].text.endswith("?"))


def sentences_in(doc: Doc, block: Block) -> Iterator[Span]:
    """The sentences of one block, in order (token spans; a sentence does not run past its block)."""
    span = block_span(doc, block)
    if span is None:
        return iter(())
    return _sents_within(doc, span)


def sentence_starts(doc: Doc) -> list[int]:
    """Token indices where sentences start, computed once per Doc.

    (``Token.sent`` and ``Span.sents`` walk the document on every call.)
    """
    starts = doc.user_data.get("scrutiny_sent_starts")
    if starts is None:
        starts = [t.i for t in doc if t.is_sent_start]
        doc.user_data["scrutiny_sent_starts"] = starts
    return starts


def _sents_within(doc: Doc, span: Span) -> Iterator[Span]:
    starts = sentence_starts(doc)
    k = bisect.bisect_right(starts, span.start) - 1
    i = span.start
    while i < span.end:
        nxt = starts[k + 1] if k + 1 < len(starts) else len(doc)
        end = max(min(nxt, span.end), i + 1)  # at least one token a step
        s = doc[i:end]
        if s.text.strip():
            yield s
        i = end
        k += 1
