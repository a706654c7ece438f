"""Who owes an action, who asked for it, and which words of the clause state it."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Span

from ...rules import alternation, load as load_rules, titles, words
from ..common import records_of
from ..discourse import Utterance
from ..people import MEMBER_ROLES, ents_within
from .cues import PERSON_LABELS, agent_before, people_nouns


@lru_cache(maxsize=1)
def _someone_words() -> re.Pattern:
    """A title (titles.json, "Cllrs" too) or a word that names who acts (``owner_words`` of actions.json)."""
    owner_words = alternation("patterns/actions.json", "owner_words")
    return re.compile(r"\b(?:(?:" + titles() + r")s?|" + owner_words + r")\b", re.I)


def names_someone(subject: Optional[str]) -> bool:
    """"Cllr Mrs Clements", "the Clerk", "parish councillors" own an action; "this" or "a letter" do not."""
    if not subject or len(subject.split()) > 8:
        return False
    return bool(_someone_words().search(subject)) or (
        len(subject.split()) <= 3 and all(w[:1].isupper() for w in subject.split())
        and subject.split()[0].lower() not in ("this", "these", "it", "that", "a", "an", "the"))


@lru_cache(maxsize=1)
def _asked_in_passive() -> re.Pattern:
    """"officers be requested", "The Clerk to be asked": ``asking_verbs`` of actions.json after a form of "be"."""
    return re.compile(r"\s+(?:to\s+)?(?:be|been|is|are|was|were)\s+(?:" + alternation("patterns/actions.json", "asking_verbs")
                      + r")\s*$", re.I)


def line_owner(before: str, after: str) -> Optional[str]:
    """Who owes an action line, from its words before "to" and from "to" on.

    "That officers be requested | to bring a report": the one asked, "officers".  "Quotes | to be obtained":
    the subject of a passive is what is acted on, so no one; but "The Clerk | to be asked to write": the
    one asked acts.
    """
    passive = re.match(r"to\s+be\s+(\w+)", after, re.I)
    if passive and passive.group(1).lower() not in words("patterns/actions.json", "asking_verbs"):
        return None
    subject = _asked_in_passive().sub("", re.sub(r"(?i)^that\s+", "", before.strip()))
    return subject if names_someone(subject) else None


# An action column written into the text after the action: "Action: Secretary", "ACTION – AP", "Action by JS",
# or initials in brackets, "(AP)".  The owner must be capitalised, as a name, a post or initials are.
ACTION_MARKER = re.compile(r"\s*(?:(?i:action(?:\s+by)?)\s*[:\-–—]?\s*(?P<who>[A-Z][\w.&/'’-]*(?:\s+(?:(?:and|&)\s+)?[A-Z][\w.&/'’-]*){0,3})"
                           r"|\((?P<initials>[A-Z]{2,4}(?:\s*[/&,]\s*[A-Z]{2,4})*)\))\s*[.;]?\s*$")


def marked_owner(after: str) -> Optional[str]:
    """The owner an action-column marker gives, when the rest of the action's block is only that marker (and the
    marker names someone: "Action: Noted" names a state, ``marker_not_owners`` in actions.json)."""
    m = ACTION_MARKER.fullmatch(after)
    who = (m.group("who") or m.group("initials")).strip() if m else None
    return None if who is None or who.lower() in words("patterns/actions.json", "marker_not_owners") else who


def asker_of_answer(doc: Doc, start: int) -> Optional[str]:
    """Who asked the question that the answer containing ``start`` replies to."""
    questions = {q.id: q for q in records_of(doc, "question") if q.id}
    for a in records_of(doc, "answer"):
        if a.start <= start < a.end and a.answers in questions:
            return questions[a.answers].asker
    return None


@lru_cache(maxsize=1)
def _body_owner() -> re.Pattern:
    """'referred to the Open Space Committee': ``referral_verbs`` and ``owner_bodies`` of actions.json."""
    data = load_rules("patterns/actions.json")
    return re.compile(r"\b(?:" + "|".join(data["referral_verbs"]) + r")\s+(?:to|by|at)\s+"
                      r"(?:the\s+|a\s+)?((?:[A-Z][\w/&'’-]*\s+){0,5}(?:" + "|".join(data["owner_bodies"]) + r"))\b")


def body_named(text: str) -> Optional[str]:
    """"be referred to the Open Space Committee": the body the matter goes to owns it."""
    m = _body_owner().search(text)
    return m.group(1).strip() if m else None


def narrow_quote(text: str, clause_start: int, clause_end: int, cue_at: int, start: int) -> tuple[int, int]:
    """The part of a clause that states the action: from after a reporting "It was ... that" to before a
    second coordinated statement (", and a new document would be presented in 2025") or a concession after it
    ("the Clerk will complete the form on-line, although the closing date was 22.12.17")."""
    if start == clause_start:
        that = [m.end() for m in re.finditer(r"\bthat\s+", text[:cue_at])]
        if that and re.match(r"^(?:it\s+(?:was|is|had been)|[^,]{0,60}?\b(?:noted|confirmed|reported|advised|explained|"
                             r"stated|said|agreed|informed \w+))\b", text[:that[-1]], re.I):
            start = clause_start + that[-1]
    cut = [c.end() for c in re.finditer(r"[:;]\s+|\s[-–—]\s+", text[:cue_at])]
    if cut:  # "... was not working: Clerk to report to C.C.C.": the action is the clause after the colon
        start = max(start, clause_start + cut[-1])
    # a second coordinated statement, or a concession that says why not ("..., although the closing date was ...")
    m = re.search(r",\s+and\s+(?=\w+(?:\s+\w+){0,5}\s+(?:would|will|should)\b)|,\s+(?:although|though|even though|"
                  r"whereas)\b", text[cue_at:], re.I)
    end = clause_start + cue_at + m.start() if m else clause_end
    return start, end


def subject_before(span: Span, cue_at: int) -> Optional[str]:
    """A person or body named just before an action cue ("the Parish Council was under an obligation"), or the
    noun phrase before it when its head names who acts ("The Parks Department will repaint")."""
    for e in ents_within(span):
        if e.label_ in PERSON_LABELS and 0 <= cue_at - e.end_char <= 2 and e.label_ != "SERVICE":
            return e.text
    cue = span.doc.char_span(cue_at, cue_at + 1, alignment_mode="expand")
    if cue is None or cue.start <= span.start or not agent_before(span, cue.start):
        return None
    after = span.doc[cue.start + 1:cue.start + 3]
    if len(after) == 2 and after[0].lower_ == "be" and after[1].tag_ == "VBN":
        return None  # "Milburn will be added to the route": the subject of a passive is not who acts
    head = span.doc[cue.start - 1]
    j = head.i
    while j > span.start and span.doc[j - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PUNCT") \
            and span.doc[j - 1].text not in (",", ";", ":", "(", ")") and span.doc[j - 1].tag_ != "WDT":
        j -= 1
    phrase = span.doc[j:head.i + 1].text
    return phrase if names_someone(phrase) or head.lower_ in people_nouns() else None


def raised_by(utts: list[Utterance], ui: int, owner: Optional[str]) -> Optional[str]:
    """The member who raised the matter that a commitment answers: "Cllr Leamon complained ... - the Clerk will chase up".

    Only the same sentence or the one before counts, and only a member other than the owner.
    """
    u = utts[ui]
    for prev in reversed(utts[max(0, ui - 3):ui]):
        if prev.block != u.block:
            break
        same_or_previous_sentence = prev.sent.start == u.sent.start or prev.sent.end >= u.sent.start - 1
        if not same_or_previous_sentence:
            break
        p = prev.speaker if prev.explicit else None
        if p is not None and p.role in MEMBER_ROLES and p.role != "committee" and p.name != owner:
            return p.name
    return None
