"""The shapes of text the resolution rules key on (their sentences come from ``..sentences``).

A decision is recognised by shape (a heading that is only "RESOLVED:", a
cue at a block's start, a short outcome sentence, an item title), so these
checks look at punctuation, capitals and word counts as much as at words.
"""
from __future__ import annotations

import re
from typing import Optional

from ...document import Block
from ..common import JUNK
from ..sentences import CharSpan, sentence_spans
from .kinds import cue_kind
from .patterns import patterns


def last_sentence(block: Block) -> CharSpan:
    """The closing sentence of a block: what an "Agreed" or "This was agreed" after it refers to."""
    return sentence_spans(block.text, block.start)[-1]


def word_count(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9£%]+", s))


def is_shouting(s: str) -> bool:
    """A sentence in capitals ("THESE ARE DRAFT MINUTES AND WILL BE AGREED ...") is a notice, not a cue."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def is_question(s: str) -> bool:
    """A question ("Was it agreed that ...?") asks about a decision rather than recording one."""
    return s.rstrip().endswith("?")


def heading_kind(text: str) -> Optional[str]:
    """The default kind when the whole block is a decision heading, else None."""
    t = text.strip()
    if len(t) > 40:
        return None
    for rx, kind in patterns().headings:
        if rx.match(t):
            return kind
    said = patterns().body_agreed.match(t, len(t) - len(t.lstrip(JUNK)))  # "Committee resolved to:"
    if said and re.fullmatch(r"\s*(?:to|that)?\s*:\s*", t[said.end():]):
        return cue_kind(said.group("verb"))
    return None


def inline_ok(m: re.Match) -> bool:
    """A cue that may be prose ("Decision making ...", "Resolved issues") needs a colon, dash, that or to."""
    cue = m.group("cue")
    if m.group("lead") and not (cue.isupper() or m.group("sep")):
        return False
    if cue.isupper() and len(cue) > 2 and not m.group("sep") and m.group("cue") not in ("RESOLVED", "AGREED"):
        return False
    if cue in patterns().needs_sep or not cue.isupper():
        return bool(m.group("sep")) or m.end() >= len(m.string.rstrip(JUNK))
    return True


def looks_like_decision(text: str) -> bool:
    """Does the text open as a decision does ("That ...", "Noted ...", "Approve ...")?"""
    P = patterns()
    t = text.lstrip(JUNK)
    word = t.split(" ", 1)[0].rstrip(",:") if t else ""
    return t.startswith(("That ", "that ")) or word in P.past_openers or word in P.base_openers


def is_title(text: str) -> bool:
    """A minute or item title: short, capitalised, no closing full stop ("Matters Arising:", "Work Programme")."""
    t = text.strip(" *")
    return t[:1].isupper() and not looks_like_decision(t) and (
        (word_count(t) <= patterns().title_max_words and not re.search(r"[.!?;,]\s*$", t))
        or bool(re.match(r"[^.:;]{1,60}:", t)))


def is_outcome(s: str) -> bool:
    """A short sentence giving a vote's outcome ("Unanimously agreed.", "Carried", "The motion was lost")."""
    P = patterns()
    s = s.strip(JUNK)
    return (word_count(s) <= P.outcome_max_words and bool(P.outcome_sentence.match(s))) \
        or (word_count(s) <= 4 and bool(P.failed.search(s)))
