"""Sentences of plain text, without spaCy: one splitter for the resolution rules and the follow-up linker.

The resolution rules read a block's text sentence by sentence at character
offsets (``sentence_spans``), and so does the follow-up linker when it cuts a
later meeting into passages; both must agree where a sentence ends ("Cllr. O.
Williams" is one).  The module imports no spaCy, so ``scrutiny followups``
needs no language model.  The Doc's own sentence layer, which the figure and
action rules use, is ``pipeline.extraction.sentences``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .rules import words

CharSpan = tuple[int, int]
JUNK = " \t\n\r*_,;:-–—·•"


def tidy(text: str, a: int, b: int, base: int = 0) -> tuple[int, int]:
    """Shrink [a, b) past white space, markdown emphasis and list punctuation (``JUNK``); offsets plus ``base``.

    Unlike ``trim``, markdown emphasis goes too and a dangling "and" stays.
    """
    while a < b and text[a] in JUNK:
        a += 1
    while b > a and text[b - 1] in JUNK:
        b -= 1
    return base + a, base + b


def is_abbreviation(word: str) -> bool:
    """Is ``word`` (without its full stop) a title, an abbreviation or an initial, after which a full stop ends
    nothing?  Titles are those of models/patterns/titles.json ("Cllr. O. Williams"), other abbreviations
    ``abbreviations`` of sentences.json ("St. Mary's", "e.g.")."""
    w = word.lower()
    return w in words("patterns/sentences.json", "abbreviations") or w in title_words() or \
        (len(word) == 1 and word.isupper())


@lru_cache(maxsize=1)
def title_words() -> frozenset:
    """Every title of models/patterns/titles.json, lower case."""
    return frozenset(t.lower() for key in ("member_titles", "titles") for t in words("patterns/titles.json", key))


_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]*]*\s+(?=[*\"“‘(\[]*[A-Z0-9£])|\n+")


def sentence_spans(text: str, base: int = 0) -> list[CharSpan]:
    """Sentence spans of one block's text (offsets plus ``base``): at . ? ! before a capital or digit, and at
    every line break; each span shrunk past white space, markdown emphasis and list punctuation (``tidy``).

    The resolution rules read these rather than the Doc's sentences, and the two differ on purpose: here a
    line break always ends a sentence, and markdown bold or a bracket after a full stop ("agreed.
    **Cllr X proposed ...") opens one, so that a proposal is never glued to the sentence before it; the
    Doc's layer keeps a lower-case line running on and knows item numbers and letter labels, which the
    figure and action rules need.  Moving either rule set onto the other's sentences changes records.
    """
    out: list[CharSpan] = []
    start = 0
    for m in _SENT_BREAK.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start:m.start()])
        if word and is_abbreviation(word.group(1)) and "\n" not in m.group(0):
            continue
        out.append((base + start, base + m.start()))
        start = m.end()
    out.append((base + start, base + len(text)))
    return [s for s in (tidy(text, a - base, b - base, base) for a, b in out) if s[1] > s[0]]
