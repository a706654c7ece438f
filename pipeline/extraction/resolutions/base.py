"""What a walk over one document has found so far, shared by the block rules and the sentence rules.

Every rule emits through ``emit``, which drops a span that overlaps one
already taken: the first rule to claim a decision owns it, so a RESOLVED
item is not found again by a later sentence rule.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from ...document import Block
from ...text_sentences import CharSpan, tidy
from .patterns import Patterns, patterns


@dataclass
class Found:
    start: int
    end: int
    kind: str
    rule: str
    confidence: float
    number: Optional[str]


class FinderBase:
    """The document being walked and the decisions found in it, each emitted once."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc._.document.text  # the same string; Doc.text would rebuild it from tokens
        self.blocks: list[Block] = doc._.document.blocks
        self.P: Patterns = patterns()
        self.found: list[Found] = []
        self.covered: list[CharSpan] = []

    def emit(self, start: int, end: int, kind: str, rule: str, confidence: float, number: Optional[str]) -> None:
        start, end = tidy(self.text, start, end)
        if end - start < 3 or self.overlaps(start, end):
            return
        self.found.append(Found(start, end, kind, rule, confidence, number))
        self.covered.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.covered)

    def opens_list(self, spans: list[CharSpan], k: int) -> bool:
        """Is sentence ``k`` the block's last, ending in a colon ("It was agreed that:"), so that the items
        after it are the decisions?  The colon may fall just outside the sentence's span."""
        end = spans[k][1]
        return k == len(spans) - 1 and (self.text[:end].rstrip(" *").endswith(":")
                                        or self.text[end:end + 3].lstrip(" *").startswith(":"))

    def stext(self, span: CharSpan) -> str:
        return self.text[span[0]:span[1]]

    def decision_list(self, j: int, default: str, prev_label: Optional[str] = None) -> int:
        """Emit the items under a decision heading or intro from block ``j``; return the block after them.

        Defined by ``Finder``: a sentence ending in a colon ("It was agreed
        that Cabinet:") hands its items over to the block rules.
        """
        raise NotImplementedError
