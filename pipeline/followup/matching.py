"""Matching an action against later sentences: weighted content-word overlap, agenda items and back-references.

A later sentence is a mention when its overlap with the action's words,
weighted by rarity, clears a bar.  The bar is lower under a back-reference
heading ("Matters Arising", an action log) or phrase ("as requested at the
last meeting"), under the action's own agenda item, and where it names the
action's owner or requester again; it is higher in another committee's
documents.  The best sentence of each later document is its evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .action import ActionObject
from .index import Index
from .model import MeetingDoc
from .passages import Passage, names_an_item, reports
from .tuning import (BACK_REF_FACTOR, CORE_SHARE, HEADING_SIDE, MIN_COVERAGE, MIN_HEADING_SIM, MIN_SCORE,
                     OWNER_FACTOR, RELATED_SHARE, SAME_ITEM_FACTOR, SAME_ITEM_SIM)


def overlap(obj: ActionObject, p: Passage, index: Index) -> tuple[float, float]:
    """Idf-weighted overlap of the action's words with a later sentence (its heading at a discount).

    Returns the overlap and the part of it that comes from the action's core words.
    """
    in_sentence, in_heading = _matched(obj, p, index)
    total = core = 0.0
    for term in sorted(in_sentence | in_heading):
        if p.name_list and term in index.names and term not in obj.named:
            continue
        got = obj.terms[term] * _weight(obj, term, index) * (1.0 if term in in_sentence else HEADING_SIDE)
        total += got
        if term in obj.core:
            core += got
    return total, core


def _matched(obj: ActionObject, p: Passage, index: Index) -> tuple[set[str], set[str]]:
    """The action's words a later sentence has, and those only its heading has."""
    forms = _forms(obj, index)
    in_sentence = {t for f in (p.terms | p.compounds) & forms.keys() for t in forms[f]}
    in_heading = {t for f in (p.heading_terms | p.heading_compounds) & forms.keys() for t in forms[f]} - in_sentence
    return in_sentence, in_heading


def _forms(obj: ActionObject, index: Index) -> dict[str, tuple[str, ...]]:
    """Every spelling in the documents that counts as one of the action's words, to the words it stands for."""
    if obj.forms is None:
        forms: dict[str, list[str]] = {}
        for term in obj.terms:
            for f in index.similar(term) | index.compound_forms(term):
                forms.setdefault(f, []).append(term)
        obj.forms = {f: tuple(ts) for f, ts in forms.items()}
    return obj.forms


def _weight(obj: ActionObject, term: str, index: Index) -> float:
    """A word's weight for this action: a person it is about counts as any rare word, not as a passing speaker."""
    return index.idf.get(term, index.max_idf) if term in obj.named else index.weight(term)


def _heading_similarity(a: frozenset, b: frozenset, index: Index) -> float:
    """Weighted Dice of two headings' words: "The Park" is not "Park Litter Pick Day"."""
    if not a or not b:
        return 0.0
    a, b = sorted(a), sorted(b)             # a fixed order: the same sums in every process
    wa = sum(index.weight(t) for t in a)
    wb = sum(index.weight(t) for t in b)
    common_a = sum(index.weight(t) for t in a if index.alike_in(t, b))
    common_b = sum(index.weight(t) for t in b if index.alike_in(t, a))
    return (common_a + common_b) / (wa + wb) if wa + wb else 0.0


@dataclass
class Candidate:
    """A later sentence that mentions the action, with the related sentences of its section."""

    passage: Passage
    score: float
    method: str
    related: list = field(default_factory=list)


def passage_score(obj: ActionObject, p: Passage, index: Index, factor: float) -> float:
    """The overlap of a later sentence with the action relative to the bar it must clear (>= 1 is a mention).

    The bar is lower under a back-reference heading, under the action's own
    agenda item, and where the owner or requester is named again; most of
    the overlap must come from the action's own words, not its context.
    """
    if not reports(p):
        return 0.0
    total, core = overlap(obj, p, index)
    need = MIN_SCORE * factor * (BACK_REF_FACTOR if p.back_ref else 1.0)
    owner = bool(obj.people & p.terms)
    lowest = need * SAME_ITEM_FACTOR * (OWNER_FACTOR if owner else 1.0)
    if core < CORE_SHARE * lowest:
        return 0.0          # short of the bar even under the action's own item: no need to ask whether it is
    if same_item(obj, p, index):
        need *= SAME_ITEM_FACTOR
    if owner:
        need *= OWNER_FACTOR
    return 0.0 if core < CORE_SHARE * need else total / need


def best_mention(obj: ActionObject, doc: MeetingDoc, index: Index, factor: float,
                 cited: bool = False) -> Optional[Candidate]:
    """The later sentence of ``doc`` that best mentions the action, if any clears the bar.

    ``cited``: the item numbers ``doc`` cites without a date ("Further to
    minute 26") are those of the action's meeting.  A sentence citing the
    action's own item (with the action's meeting date, or undated where
    ``cited``) wins over any word overlap.  The candidate also carries
    the other sentences of its section that share much with the action:
    together they say whether it was done.  Only the ``candidates`` of
    ``doc`` are scored: every other passage scores nothing.
    """
    passages = index.passages[doc.stem]
    if not could_mention(obj, doc, index, factor):
        return None
    scored = [(passage_score(obj, passages[i], index, factor), passages[i]) for i in candidates(obj, doc, index)]
    best: Optional[Candidate] = _cited_mention(obj, scored, index, cited)
    if best is None:
        for rel, p in scored:
            if rel >= 1.0 and (best is None or rel > best.score):
                method = "back_reference" if p.back_ref else "fuzzy_object"
                method = "action_log" if doc.doc_type == "action_log" else method
                best = Candidate(p, rel, method)
        if obj.agenda_item:
            item = _agenda_item_mention(obj, passages, index)
            if item is not None and (best is None or item.score > best.score):
                best = item
    if best is not None:
        section = best.passage.heading_start
        best.related = [p for rel, p in scored if rel >= RELATED_SHARE and p.heading_start == section]
    return best


def could_mention(obj: ActionObject, doc: MeetingDoc, index: Index, factor: float) -> bool:
    """Whether any sentence of ``doc`` could mention the action: a cheap bound that rules most documents out.

    A sentence mentions an action by word overlap only when the action's own
    (core) words it has weigh at least CORE_SHARE of the lowest bar any
    sentence can have (under a back-reference heading, the action's own
    item, naming its owner); all the core words ``doc`` has anywhere, at
    full weight, are more than any one sentence has.  A citation of the
    action's item, or an item coming back for an action that moves one on,
    is looked for whatever the words.
    """
    part = index.parts.get(doc.stem)
    if part is None or obj.agenda_item:
        return True
    if obj.item_no and any(obj.item_no in p.cites for p in part.passages if p.cites):
        return True
    forms = _forms(obj, index)
    postings = part.postings
    present = {t for f, ts in forms.items() if f in postings for t in ts}
    most = sum(obj.terms[t] * _weight(obj, t, index) for t in present & obj.core)
    lowest = MIN_SCORE * factor * BACK_REF_FACTOR * SAME_ITEM_FACTOR * OWNER_FACTOR
    return most >= CORE_SHARE * lowest * (1 - 1e-9)


def candidates(obj: ActionObject, doc: MeetingDoc, index: Index) -> list[int]:
    """The passages of ``doc`` that could mention the action, in reading order: those sharing a spelling with it
    (from the document's inverted index) and those citing an item by number.

    Every other passage scores nothing: with no word of the action in it or
    its heading its overlap is zero, and it cites no item.
    """
    part = index.parts.get(doc.stem)
    if part is None:
        return list(range(len(index.passages[doc.stem])))
    postings = part.postings
    found = {i for f in _forms(obj, index) for i in postings.get(f, ())}
    found.update(i for i, p in enumerate(part.passages) if p.cites)
    return sorted(found)


def _cited_mention(obj: ActionObject, scored: list[tuple[float, Passage]], index: Index,
                   cited: bool) -> Optional[Candidate]:
    """The sentence that cites the action's item by number, if it is about this action.

    Where the item holds other actions too, the sentence must share at least
    one of this action's own words; the one sharing most wins.
    """
    best: Optional[Candidate] = None
    best_core = -1.0
    for rel, p in scored:
        if not (obj.item_no and obj.item_no in p.cites and reports(p)):
            continue
        if not (p.cites_date == obj.meeting_date if p.cites_date else cited):
            continue
        core = overlap(obj, p, index)[1]
        if (obj.alone_in_item or core > 0) and core > best_core:
            best, best_core = Candidate(p, max(rel, 1.0), "explicit_reference"), core
    return best


def same_item(obj: ActionObject, p: Passage, index: Index) -> bool:
    """Whether a later sentence sits under the action's own agenda item ("Correspondence" and the like are no item).

    The same item: headings alike, one heading inside the other, or a later
    heading made of the action's own words.
    """
    if not names_an_item(p):
        return False
    got = obj.items_seen.get(p.heading)
    if got is None:
        mine, theirs = obj.heading_terms, p.heading_terms
        got = (bool(mine) and _heading_similarity(mine, theirs, index) >= SAME_ITEM_SIM) \
            or _contained(mine, theirs, index) or _contained(theirs, mine, index) \
            or _covers(theirs, obj, index, MIN_COVERAGE)
        obj.items_seen[p.heading] = got
    return got


def _agenda_item_mention(obj: ActionObject, passages: list[Passage], index: Index) -> Optional[Candidate]:
    """A later section headed like the action's own item, or named by the action's words: the item has come back."""
    best: Optional[Candidate] = None
    for p in passages:
        if not p.is_heading and p.heading_start != p.start:
            continue
        if not names_an_item(p):
            continue
        sim = max(_heading_similarity(obj.heading_terms, p.heading_terms, index),
                  _coverage(p.heading_terms, obj, index))
        evidence = _first_sentence_after(passages, p) if sim >= MIN_HEADING_SIM else None
        if evidence is not None and (best is None or 1.0 + sim > best.score):
            best = Candidate(evidence, 1.0 + sim, "agenda_item")
    return best


def _contained(inner: frozenset, outer: frozenset, index: Index) -> bool:
    """One heading inside the other ("Standing Orders" in "Committees/Standing Orders Update"), if it says enough."""
    inner_ = sorted(inner)
    total = sum(index.weight(t) for t in inner_)
    if total < MIN_SCORE / 2:
        return False
    return sum(index.weight(t) for t in inner_ if index.alike_in(t, outer)) >= 0.9 * total


def _coverage(heading_terms: frozenset, obj: ActionObject, index: Index) -> float:
    """The share of a later heading made of the action's own words ("Park Litter Pick" by "organise a litter pick")."""
    known = sorted(t for t in heading_terms if t in index.idf)
    total = sum(index.weight(t) for t in known)
    if total < MIN_SCORE / 2:
        return 0.0
    got = sum(index.weight(t) for t in known if index.alike_in(t, obj.core))
    return got / total


def _covers(heading_terms: frozenset, obj: ActionObject, index: Index, share: float) -> bool:
    """``_coverage(...) >= share``, giving up as soon as the words left could not make up the share."""
    known = sorted(t for t in heading_terms if t in index.idf)
    weights = [index.weight(t) for t in known]
    total = sum(weights)
    if total < MIN_SCORE / 2:
        return 0.0 >= share
    got, rest = 0, total
    for t, w in zip(known, weights):
        if got + rest < share * total * (1 - 1e-9):
            return False
        rest -= w
        if index.alike_in(t, obj.core):
            got += w
    return got / total >= share


def _first_sentence_after(passages: list[Passage], heading: Passage) -> Optional[Passage]:
    """The sentence right below a heading (the evidence for an item coming back), else the heading's own sentence.

    Only a passage that reports can be evidence: a heading line never is.  A sentence that opens with its
    item's heading ("BUSINESS PLAN Copies of the draft were circulated") is that first sentence itself.
    """
    if not heading.is_heading and reports(heading):
        return heading
    i = passages.index(heading)
    for q in passages[i + 1:i + 2]:
        if reports(q) and q.heading_start == heading.heading_start:
            return q
    return heading if reports(heading) else None
