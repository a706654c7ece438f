"""What the figure rules work on: one sentence's tokens, masks and periods, and the numbers found in it.

Offsets are relative to the sentence text, so each rule can slice
``Sentence.text`` (or ``Sentence.masked``) directly; tokens carry only what
the rules read (text, lower case, tag), copied once from the spaCy Span.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Optional

NOUN = ("NN", "NNS", "NNP", "NNPS")
FINITE = ("VBD", "VBZ", "VBP", "MD")
DURATION_UNITS = ("days", "weeks", "months", "years", "hours")
MONEY_UNITS = ("gbp", "eur")
CLAUSE_BREAK = {",", ";", ":", "(", ")", "?", "!", "–", "—", "-", ".", "\u2022"}
_BREAK_TAGS = (",", ":", "-LRB-", "-RRB-")
MASK = "\x00"                    # what masking writes over text that is not a figure


@dataclass
class Tok:
    """A token of the sentence with offsets relative to the sentence text."""

    start: int
    end: int
    text: str
    lower: str
    tag: str


def is_clause_break(t: Tok) -> bool:
    """Punctuation that ends the clause a figure belongs to."""
    return t.text in CLAUSE_BREAK or t.tag in _BREAK_TAGS


@dataclass
class Period:
    """A date or period expression found in a sentence, and the text to report for it."""

    start: int
    end: int
    text: str
    baseline: bool = False      # 'the same as the previous Quarter': what the figure is compared with


@dataclass
class Mention:
    """One number found in a sentence, before it is described."""

    start: int                      # quote span, relative to the sentence
    end: int
    num_start: int                  # the number itself
    num_end: int
    value: float
    value_high: Optional[float] = None
    unit: Optional[str] = None
    rule: str = "figure.number"
    confidence: float = 0.6
    noun_start: Optional[int] = None  # token span of the noun phrase the number counts or qualifies
    noun_end: Optional[int] = None
    vote: Optional[str] = None      # "votes for" / "votes against" / "abstentions on"
    word: bool = False


@dataclass
class Sentence:
    """The sentence text with its tokens, masks and periods."""

    text: str
    base: int
    toks: list
    masked: str = ""
    periods: list = field(default_factory=list)
    starts: list = field(default_factory=list)

    def tok_at(self, offset: int) -> int:
        """Index of the token containing (or starting after) a character offset."""
        i = bisect_right(self.starts, offset) - 1
        return max(i, 0)

    def tok_from(self, offset: int) -> int:
        """Index of the first token starting at or after a character offset."""
        return bisect_left(self.starts, offset)

    def tok_before(self, offset: int) -> int:
        """Index of the last token ending at or before offset (-1 when there is none)."""
        i = self.tok_at(offset)
        while i >= 0 and self.toks[i].end > offset:
            i -= 1
        return i

    def is_masked(self, tok: Tok) -> bool:
        """Was the token blanked out as a date, period, reference or list number?"""
        return self.masked[tok.start:tok.end].startswith(MASK)


@dataclass
class BlockContext:
    """What the sentences of one block share: its section heading, the last period, earlier
    sentences (for vote motions) and earlier measures (for 'this', 'compared to 236')."""

    heading: Optional[str] = None
    first_np: Optional[str] = None
    carry: Optional[str] = None
    vote_heading: Optional[str] = None  # the block right before is a vote's side: "In favour", "Against"
    money_column: bool = False  # the lines above end in a sum in pounds: a bare "432.43" ending this one is money
    furniture: list = field(default_factory=list)  # (start, end) of page numbers in the document: no figures there
    history: list = field(default_factory=list)
    measures: list = field(default_factory=list)
