"""Which documents belong together: one council's documents, one committee's, and which meetings came later.

An action can only be followed up by a later document of the same council;
documents of its own committee are searched first.  Council and committee
names read from minutes are noisy, so file series named alike
("x-pc-2012-07-11", "x-pc-2012-08-08") are trusted before them.
"""
from __future__ import annotations

import re
from typing import Optional, Sequence

from .model import MeetingDoc

COUNCIL_NOISE = {"council", "parish", "town", "borough", "county", "district", "city", "metropolitan", "london",
                 "royal", "of", "the", "and", "community", "cc", "pc", "dc", "bc"}
DATE_IN_STEM = re.compile(r"[-_ ]?(?:19|20)\d\d[-_]?\d\d[-_]?\d\d.*$")


def _name_words(name: Optional[str]) -> list[str]:
    """The distinctive words of a council or committee name ("Parish", "Council" and the like dropped)."""
    return [w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in COUNCIL_NOISE]


def council_key(doc: MeetingDoc) -> str:
    """"Anytown Parish Council" and "Anytown" are one council."""
    return " ".join(_name_words(doc.council))


def series_key(doc: MeetingDoc) -> str:
    """The stem less its meeting date: files of one series are usually named alike ("x-pc-2012-07-11")."""
    return DATE_IN_STEM.sub("", doc.stem)


def _has_series(doc: MeetingDoc) -> bool:
    """Whether the stem carries a date with a name before it, so that it can be matched with its series."""
    return bool(DATE_IN_STEM.search(doc.stem)) and bool(series_key(doc))


def _committee_words(doc: MeetingDoc) -> set[str]:
    """The committee name's own words: not the council's, nor words every committee name has."""
    council = set(_name_words(doc.council))
    generic = {"meeting", "full", "minutes", "draft", "committee"}
    return {w for w in _name_words(doc.committee) if w not in council and w not in generic}


def same_body(a: MeetingDoc, b: MeetingDoc) -> bool:
    """Whether two documents of one council come from the same committee.

    File series named alike decide first (committee names read from minutes
    are noisy); then the committee names, loosely: a missing committee or the
    full council matches, otherwise their distinctive words must mostly agree.
    """
    if _has_series(a) and _has_series(b):
        return series_key(a) == series_key(b)
    wa, wb = _committee_words(a), _committee_words(b)
    if not wa or not wb:
        return True
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= 0.6


def ordered(docs: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """Documents by meeting date, then stem; undated ones last (they are nobody's later meeting)."""
    return sorted(docs, key=lambda d: (d.meeting_date is None, d.meeting_date or "", d.stem))


def group_by_council(docs: list[MeetingDoc]) -> list[list[MeetingDoc]]:
    """Documents grouped by council, each group oldest first.

    A document that names no council joins the council of another file of
    its series ("x-pc-2012-07-11" with "x-pc-2012-08-08"), else a group of
    its own series or committee: never another council's.
    """
    by_series = {series_key(d): council_key(d) for d in docs if _name_words(d.council) and _has_series(d)}
    groups: dict[str, list[MeetingDoc]] = {}
    for d in docs:
        key = council_key(d)
        if not _name_words(d.council):
            key = by_series.get(series_key(d)) if _has_series(d) else None
            if not key:
                key = "series:" + series_key(d) if _has_series(d) else \
                    "committee:" + " ".join(sorted(_committee_words(d)))
        groups.setdefault(key, []).append(d)
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
