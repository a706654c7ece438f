"""What a later mention of an action would share with it: its words, agenda item, verbs and people.

Minutes rarely cite the action they follow up, so the action's *object* is
what has to come back: the content words of its quote, plus the sentence
around it, and the sentence before when the quote only says "this" or
"it".  An action that only moves an item on ("deferred to the next
meeting") is followed up by its agenda item coming back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Optional

from ..readers.layout import looks_like_heading
from ..records import Record
from .index import Index
from .passages import Passage, locate
from .tuning import ANTECEDENT_WEIGHT, CONTEXT_WEIGHT, IDF_SCALE, MIN_SCORE, RECIPIENT_WEIGHT, SPECIFIC_IDF
from .vocabulary import content_terms, cues, person_names, stem, term_kind_weight, words


@dataclass
class ActionObject:
    """What a later mention of an action would share with it."""

    terms: dict[str, float]          # stem -> weight (the quote and what it points back to count fully)
    core: frozenset                  # the stems of the quote (and its antecedent): one must come back
    heading: str
    heading_terms: frozenset
    agenda_item: bool                # the action only moves its agenda item on: the item coming back is the mention
    moves_item: bool = False         # the action is to take the matter at a later meeting: coming back is doing it
    verbs: set = field(default_factory=set)  # what it promises to do ("report", "replace")
    people: frozenset = frozenset()          # name stems of its owner and requester
    named: frozenset = frozenset()           # other people the action names: what it is about, at full weight
    items_seen: dict = field(default_factory=dict)  # later heading -> whether it is this action's item
    forms: Optional[dict] = None                    # spelling in the documents -> the action's words it stands for
    item_no: Optional[str] = None                   # the number of its agenda item, which a later "minute 26" cites
    alone_in_item: bool = True                      # no other action sits under that item
    meeting_date: Optional[str] = None              # its meeting's, which a dated citation must name


def _passage_at(passages: list[Passage], start: int, end: int) -> Optional[Passage]:
    """The sentence the span overlaps most: the action's own sentence, whose words and heading it shares."""
    best, overlap = None, 0
    for p in passages:
        if p.start >= end:
            break           # passages come in reading order: none further on overlaps the span
        if p.is_heading:
            continue
        ov = min(p.end, end) - max(p.start, start)
        if ov > overlap:
            best, overlap = p, ov
    return best


def _previous_sentence(passages: list[Passage], p: Passage) -> Optional[Passage]:
    """The sentence before ``p`` in its section (where "this" and "it" usually point)."""
    i = passages.index(p)
    if i == 0:
        return None
    q = passages[i - 1]
    return None if q.is_heading or q.heading_start != p.heading_start else q


@lru_cache(maxsize=4096)
def _anaphoric(text: str) -> bool:
    """Whether a quote says "this" or "it": its matter is named in the sentence before."""
    return any(raw in cues().anaphors for raw, _ in words(text))


def _object_weight(terms: Iterable[str], index: Index) -> float:
    """How much the words say about a matter; below MIN_SCORE they could never make a mention alone."""
    return sum(index.weight(t) for t in sorted(set(terms)))


def action_object(record: Record, text: str, passages: list[Passage], index: Index,
                  span: Optional[tuple[tuple[int, int], Optional[Passage]]] = None) -> ActionObject:
    """What a later mention of the action would share with it: its words, item, verbs and people.

    ``span``: where the action is and the sentence it sits in, where the
    caller worked them out already (:func:`action_span`).
    """
    c = cues()
    (start, end), sent = span if span is not None else action_span(record, text, passages)
    quote = record.quote or text[start:end]
    quote_terms = content_terms(quote)
    terms = {t: 1.0 for t in quote_terms}
    for m in c.recipient.finditer(quote):       # "forwarded to the bus company": its reply names it
        for t in content_terms(m.group(1)):
            if t in terms:
                terms[t] = RECIPIENT_WEIGHT
    core = set(terms)
    if sent is not None:
        _add_context(terms, core, quote, sent, (start, end), passages, index)
    heading = sent.heading if sent is not None else ""
    specific = {t for t in quote_terms
                if term_kind_weight(t, index.names) == 1.0 and index.idf.get(t, IDF_SCALE) > SPECIFIC_IDF}
    moves = bool(c.agenda_item.search(quote))
    item_terms = frozenset() if c.standing_heading.match(heading) else frozenset(content_terms(heading))
    people = frozenset(t for who in _names(record.owner) + _names(record.requested_by)
                       for t in content_terms(who) if t in index.names)
    named = frozenset(person_names(sent.text if sent is not None else quote)) - people
    for t in named & set(terms):
        terms[t] = 1.0
        core.add(t)
    return ActionObject(terms, frozenset(core), heading, item_terms, moves and len(specific) <= 2, moves,
                        action_verbs(quote), people, named, item_no=sent.item_no if sent is not None else None)


def action_passage(record: Record, text: str, passages: list[Passage]) -> Optional[Passage]:
    """The sentence an action sits in: its agenda item and number, and the bodies it names."""
    return action_span(record, text, passages)[1]


def action_span(record: Record, text: str, passages: list[Passage]) -> tuple[tuple[int, int], Optional[Passage]]:
    """Where an action is in its document's text, and the sentence it sits in."""
    span = _record_span(record, text)
    return span, _passage_at(passages, *span)


def _add_context(terms: dict[str, float], core: set, quote: str, sent: Passage, span: tuple[int, int],
                 passages: list[Passage], index: Index) -> None:
    """Add the words around the quote: its sentence, and the sentence before when "this" has nothing to lean on.

    A quote that only says "this" or says little ("the Clerk will chase
    up") is about what its sentence names: those words join the core.
    """
    start, end = span
    before = sent.text[:max(0, start - sent.start)]
    rest = content_terms(before + " " + sent.text[max(0, end - sent.start):])
    quote_terms = content_terms(quote)
    leans = _anaphoric(quote) or _object_weight(quote_terms, index) < MIN_SCORE
    for t in rest:
        terms[t] = max(terms.get(t, 0.0), ANTECEDENT_WEIGHT if leans else CONTEXT_WEIGHT)
    if leans:
        core.update(rest)
    if _topic_before(before):
        # "C.C.C. Budget Consultation 2019-2022, the Clerk to send the link": the line's title names the matter
        for t in content_terms(before):
            terms[t] = max(terms.get(t, 0.0), ANTECEDENT_WEIGHT)
            core.add(t)
    if _anaphoric(quote) and _object_weight(rest + quote_terms, index) < MIN_SCORE:
        prev = _previous_sentence(passages, sent)
        if prev is not None:
            for t in content_terms(prev.text):
                terms[t] = max(terms.get(t, 0.0), ANTECEDENT_WEIGHT)
                core.add(t)


def _topic_before(before: str) -> bool:
    """Is the sentence's text before the quote a title followed by a comma, colon or dash (a correspondence or
    agenda line: "C.C.C. Budget Consultation 2019-2022, the Clerk to ...")?  By the readers' heading test."""
    m = re.fullmatch(r"\s*(.+?)\s*[,:\-–—]\s*", before)
    return bool(m) and looks_like_heading(m.group(1))


def _names(value: Any) -> list[str]:
    """An owner or requester field (one name or a list) as a list of names."""
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _record_span(record: Record, text: str) -> tuple[int, int]:
    """The record's offsets when they hold its quote, else where the quote is (offsets may count another text)."""
    s, e = record.start, record.end
    quote = record.quote or ""
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
        if not quote or " ".join(text[s:e].split()) == " ".join(quote.split()):
            return s, e
    near = s / max(len(text), 1) if isinstance(s, int) else None
    return locate(text, quote, near) or (0, 0)


def action_verbs(quote: str) -> set[str]:
    """Stems of the verbs an action promises ("will report this" -> report, "agreed to replace" -> replace)."""
    c = cues()
    return {stem(m.group(1)) for m in c.verb_lead.finditer(quote)
            if m.group(1).lower() not in c.stop and len(m.group(1)) > 2}
