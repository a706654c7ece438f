"""Judging a mention *done* or *not yet*, and the follow-up status the mentions add up to.

Done is the promised verb in the past ("had been booked", "was
circulated"); not yet is "still waiting", "will chase".  Any done mention
makes the action ``resolved``, else a not-yet one makes it ``progressed``;
a mention that says neither counts as done.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from .action import ActionObject
from .index import Index
from .model import Evidence
from .passages import Passage, names_an_item
from .vocabulary import content_terms, cues, ends_in_abbreviation

SUBJECT_AFTER_COMMA = r",\s+(?=(?:and |but )?(?:the|she|he|they|it|this|these|cllr|councillor|mr|mrs|ms|dr)\b)"
CLAUSE_SPLIT = re.compile(r"\s+[-–—]\s+|;\s*|:\s+|(?<=[.!?])\s+|" + SUBJECT_AFTER_COMMA, re.I)
PAST_AUX = r"\b(?:had|has|have|was|were|been|is now|are now)\s+(?:\w+\s+)?"


def clauses(sentence: str) -> list[str]:
    """A sentence cut at dashes, semicolons and ", she/the Clerk ..." where minutes join two reports in one line;
    never after a title or an initial ("Cllr. J. Davies would follow up")."""
    out: list[str] = []
    pos = 0
    for m in CLAUSE_SPLIT.finditer(sentence):
        if m.group().strip() or not ends_in_abbreviation(sentence, m.start()):
            out.append(sentence[pos:m.start()])
            pos = m.end()
    out.append(sentence[pos:])
    return [c for c in out if c and c.strip()]


def clause_verdict(clause: str) -> Optional[str]:
    """"done", "not_yet" or None for one clause; a question ("asked if it had been ...") says neither."""
    c = cues()
    if c.question.search(clause):
        return None
    if c.not_yet.search(clause):
        return "not_yet"
    if c.past_instance.search(clause):    # "the arrangements for the previous litter pick": an earlier round
        return None
    done = _done_reported(clause)
    if done is not None:
        return "done" if done else "not_yet"
    if c.future.search(clause):
        return "not_yet"
    return None


def _done_reported(clause: str) -> Optional[bool]:
    """Whether a clause reports work done (True), only promises it again (False), or has no done cue (None).

    A done cue after "to", "will", "would be" ("Clerk to complete and
    return", "for this to be carried out") is the promise, and so is a
    decision whose clause goes on to what will be done ("it was agreed
    Councillor Moran will call in").
    """
    c = cues()
    promised = False
    for m in c.done.finditer(clause):
        if _still_to_come(clause, m) or (c.decision.match(clause, m.start()) and c.future.search(clause, m.end())):
            promised = True
            continue
        return True
    return False if promised else None


def _still_to_come(text: str, done: re.Match) -> bool:
    """Whether a done cue of ``text`` follows "to", "will be", "when" ...: the work named as still to come."""
    return bool(cues().done_after_future.search(text[:done.start()]))


def _done_promised(text: str) -> bool:
    """Whether the work is named as still to come ("will be forwarded to Councillors when complete")."""
    return any(_still_to_come(text, m) for m in cues().done.finditer(text))


def strongest(verdicts: Iterable[Optional[str]], order: tuple[str, ...] = ("done", "not_yet")) -> Optional[str]:
    """The first verdict of ``order`` among ``verdicts``: by default one done report outweighs any not-yet."""
    present = set(verdicts)
    return next((v for v in order if v in present), None)


def did_verb(sentence: str, verbs: set[str]) -> bool:
    """Whether the sentence has a promised verb in a past or perfect form ("she had reported", "had been booked")."""
    for v in verbs:
        if len(v) >= 3 and re.search(PAST_AUX + re.escape(v) + r"\w*(?:ed|en|t)\b", sentence, re.I):
            return True
    return False


def judge(sentence: str, obj: Optional[ActionObject] = None, index: Optional[Index] = None) -> Optional[str]:
    """"done", "not_yet" or None for one evidence sentence.

    The promised verb in a past form decides first ("she had reported");
    otherwise the clause that shares most with the action speaks for the
    sentence, so that "bushes which the landlord had been asked to cut back -
    the Clerk will chase up" reports the asking as done.  Without an action,
    any not-yet clause wins.
    """
    if obj is not None and did_verb(sentence, obj.verbs):
        return "done"
    parts = clauses(sentence)
    if obj is not None and index is not None:
        parts.sort(key=lambda c: -_clause_overlap(obj, c, index))
        for part in parts:
            verdict = clause_verdict(part)
            if verdict:
                return verdict
        return None
    return strongest((clause_verdict(p) for p in parts), ("not_yet", "done"))


def _clause_overlap(obj: ActionObject, clause: str, index: Index) -> float:
    """How much of the action a clause speaks of: the clause about the action decides its verdict."""
    ts = set(content_terms(clause))
    return sum(w * index.weight(t) for t, w in obj.terms.items() if index.alike_in(t, ts))


def section_verdict(texts: list[str], obj: ActionObject, index: Index) -> Optional[str]:
    """What a mention (``texts[0]``) and the related sentences of its section say of the action.

    The mention speaks for itself when it reports the work done or says in
    so many words that it is not ("was not yet in place", "still to be",
    "a reminder", "to be forwarded when complete"): other sentences of its section, about the section's
    other business, cannot overrule it.  Otherwise done if any says done.
    """
    own = judge(texts[0], obj, index)
    if own == "done" or (own == "not_yet" and (cues().not_yet.search(texts[0]) or _done_promised(texts[0]))):
        return own
    return strongest(judge(t, obj, index) for t in texts)


def item_verdict(p: Passage) -> str:
    """What a mention says of an action that only put its item off to a later meeting.

    The item is dealt with ("done") when it comes back under an agenda item
    of its own and is not put off again; a word about it under any other
    business, or another deferral, only reports on it ("not_yet").
    """
    return "not_yet" if cues().deferred_again.search(p.text) or not names_an_item(p) else "done"


def status_from(found: list[tuple[Evidence, Optional[str]]]) -> str:
    """Resolved if any mention reports it done; progressed if one says it is still open; resolved when they say neither.

    One mention that settles an action is enough, so a later mention can
    move an action on but never back.
    """
    return "progressed" if strongest(v for _, v in found) == "not_yet" else "resolved"
