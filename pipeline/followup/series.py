"""Which documents belong together: one council's documents, one committee's, and which meetings came later.

An action can only be followed up by a later document of the same council;
documents of its own committee are searched first.  The series comes from
the council and committee a document is *of* (read from its text, or given
by a manifest, sidecar or flag), never from its file name: councils publish
``Minutes 11 July 2012.pdf`` and ``mgAi.aspx?ID=1234``, not tidy stems.
A document without a council or a meeting date cannot be placed in any
series, so it takes no part in follow-ups (ingest warns about it).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Sequence

from ..rules import words as rule_words
from .model import MeetingDoc

FULL_COUNCIL = "full council"


def _name_words(name: Optional[str]) -> list[str]:
    """The distinctive words of a council or committee name ("Parish", "Council" and the like dropped)."""
    noise = rule_words("patterns/followup.json", "council_name_noise")
    return [w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in noise]


def council_key(doc: MeetingDoc) -> str:
    """"Anytown Parish Council" and "Anytown" are one council."""
    return " ".join(_name_words(doc.council))


def trackable(doc: MeetingDoc) -> bool:
    """Whether a document can take part in follow-ups: it names its council and its meeting date."""
    return bool(council_key(doc)) and bool(doc.meeting_date)


def missing_for_tracking(doc: MeetingDoc) -> list[str]:
    """What a document lacks to take part in follow-ups ("council", "meeting date"), for the ingest warning."""
    return [what for what, ok in (("council", council_key(doc)), ("meeting date", doc.meeting_date)) if not ok]


def _committee_words(doc: MeetingDoc) -> set[str]:
    """The committee name's own words: not the council's, nor words every committee name has."""
    council = set(_name_words(doc.council))
    return {w for w in _name_words(doc.committee) if w not in council
            and w not in rule_words("patterns/followup.json", "committee_name_noise")}


def body_key(doc: MeetingDoc) -> Optional[str]:
    """The meeting body within its council: its committee's own words, "full council", or None when unknown.

    A committee name made only of the council's own words ("Stoke Ferry
    Parish Council", "County Council", "Full Council") is the council
    meeting as a whole, a body of its own beside Cabinet or a panel; so is
    any name ending in "Council": a committee is never called that, and
    minutes that name another council in their heading ("Eden District
    Council" in a parish's minutes) are still the parish meeting.
    """
    return _body_key(doc.council, doc.committee)


@lru_cache(maxsize=4096)
def _body_key(council: Optional[str], committee: Optional[str]) -> Optional[str]:
    """``body_key`` of a council and committee name, worked out once: every pair of a series asks it."""
    if not (committee or "").strip():
        return None
    if re.search(r"\bcouncil\W*$", committee, re.I):
        return FULL_COUNCIL
    return " ".join(sorted(_committee_words(MeetingDoc("", council, committee, None, None, "")))) or FULL_COUNCIL


def same_body(a: MeetingDoc, b: MeetingDoc) -> bool:
    """Whether two documents of one council come from the same committee.

    Committee names read from minutes are noisy, so they match loosely: a
    missing committee matches any, the full council matches the full
    council, otherwise their distinctive words must mostly agree.
    """
    ka, kb = body_key(a), body_key(b)
    if ka is None or kb is None:
        return True
    if FULL_COUNCIL in (ka, kb):
        return ka == kb
    wa, wb = set(ka.split()), set(kb.split())
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= 0.6


# Addressed to a body: "refer to Cabinet", "recommend to the Executive", "report back to Full Council".
_TO = r"\b(?:to|by|before|at|for|from)\s+(?:the\s+|a\s+|its\s+|their\s+)?(?:next\s+|future\s+)?"
EXECUTIVE = re.compile(_TO + r"(?:cabinet|executive)\b(?!\s+(?:member|committee|portfolio))", re.I)
WHOLE_COUNCIL = re.compile(r"\bfull\s+council\b|" + _TO + r"(?:county\s+|city\s+|borough\s+|district\s+)?council"
                           r"\s+(?:meeting|for\s+(?:approval|decision))\b", re.I)


def names_body(text: str, doc: MeetingDoc) -> bool:
    """Whether ``text`` sends something to the body ``doc`` is of: "refer to Cabinet", "report to the Audit Committee".

    Another committee's minutes can only follow up an action addressed to
    that committee (or citing the action's own body): otherwise their
    sentences are about that committee's own business.  "The Cabinet Member
    for Finance" or "the County Council's share" address nobody.
    """
    key = body_key(doc)
    if key is None:
        return False
    if key == FULL_COUNCIL:
        return bool(WHOLE_COUNCIL.search(text))
    if set(key.split()) & {"cabinet", "executive"}:
        return bool(EXECUTIVE.search(text))
    own = set(key.split())
    words = r"\W+(?:\w+\W+){0,3}?".join(re.escape(w) for w in _name_words(doc.committee) if w in own)
    return bool(re.search(_TO + r"(?:\w+\W+){0,4}?" + words, text, re.I))


def ordered(docs: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """Documents by meeting date, then stem; undated ones last (they are nobody's later meeting)."""
    return sorted(docs, key=lambda d: (d.meeting_date is None, d.meeting_date or "", d.stem))


def group_by_council(docs: list[MeetingDoc]) -> list[list[MeetingDoc]]:
    """The trackable documents grouped by council, each group oldest first (others are left out)."""
    groups: dict[str, list[MeetingDoc]] = {}
    for d in docs:
        if trackable(d):
            groups.setdefault(council_key(d), []).append(d)
    return [ordered(g) for g in groups.values()]


def held_after(doc: MeetingDoc, group: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """The documents of ``group`` with a strictly later meeting date (an undated document has none, and is none)."""
    return [d for d in group if d.meeting_date and doc.meeting_date and d.meeting_date > doc.meeting_date]


def later_docs(doc: MeetingDoc, docs: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """Documents of the same council held after ``doc`` (strictly later date; an undated one has none)."""
    for group in group_by_council(list(docs)):
        if any(d is doc for d in group):
            return held_after(doc, group)
    return []
