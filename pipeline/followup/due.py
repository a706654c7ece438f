"""When an action is due, as a date, where the minutes allow one; and when an action is overdue.

``outstanding`` only says that later meetings are silent; a committee
wants to know what is *late*.  So the action's ``due`` phrase (and its
quote) is read against its meeting: "by the end of March" at a March 2025
meeting is 31 March 2025, "on 15 August" the next 15 August, "June 2025"
the end of June (or the body's meeting in June, where the phrase says
meeting and the dataset holds it), "the next meeting" the body's next
meeting in the dataset, "in the next couple of weeks" two weeks on.
Phrases that name no time ("in due course", "at a future meeting", "as
soon as possible") give no date: such an action is never overdue.

A recommendation of a scrutiny body that the minutes send to Cabinet or
the Executive gets the two-month response clock the regulations give the
executive (SI 2009/1919 reg. 6, as Issue 10 cites it): its meeting date
plus two months.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Optional, Sequence

from dateutil.relativedelta import relativedelta

from ..dates import MONTHS, month_names, parse_day
from ..rules import load as load_rules

_MONTH = r"(?P<month>" + month_names() + r")\.?"
_YEAR = r"(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"
DAY_MONTH = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.I)
# A month with a lead ("by the end of March", "in June") or a year ("June 2025"): "may" alone is a verb.
_LEAD = r"(?P<lead>(?:by|before|prior\s+to|until|in|during|for|at)\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?" \
        r"(?:\w+(?:'s|’s)?\s+)?)"
MONTH_ONLY = re.compile(r"\b(?:" + _LEAD + _MONTH + _YEAR + r"|" + _MONTH.replace("month", "month2")
                        + r"\s*,?\s*(?P<year2>(?:19|20)\d\d))\b", re.I)
# Deadline phrases of a quote ("by the end of March"): a quote's other dates say when things happened.
DEADLINE = re.compile(r"\b(?:by|before|no\s+later\s+than|prior\s+to|in\s+time\s+for|until)\s+[^.;,]{3,50}", re.I)
NEXT_MEETING = re.compile(r"\b(?:next|following|subsequent)\s+(?:appropriate\s+|scheduled\s+|ordinary\s+)?"
                          r"(?:\w+\s+){0,3}?meeting\b", re.I)
THIS_YEAR = re.compile(r"\b(?:this|the\s+current)\s+(?:calendar\s+)?year\b|\bend\s+of\s+(?:the\s+)?year\b", re.I)
TO_EXECUTIVE = re.compile(r"\b(?:recommend(?:s|ed|ation|ations)?|refer(?:s|red)?|report(?:s|ed)?|submit(?:s|ted)?|"
                          r"forward(?:s|ed)?|sen[dt])\b[^.;]{0,80}?\bto\s+(?:the\s+)?(?:cabinet|executive)\b"
                          r"(?!\s+(?:member|committee|portfolio))", re.I)
SCRUTINY_BODY = re.compile(r"\bscrutiny\b|\bselect\s+(?:commission|committee)\b", re.I)
RESPONSE_MONTHS = 2


@lru_cache(maxsize=1)
def _within_span() -> re.Pattern:
    """'within two weeks', 'in the next few months': a span after the meeting (``duration_numbers``, followup.json)."""
    numbers = "|".join(r"\s+".join(k.split()) for k in load_rules("patterns/followup.json")["duration_numbers"])
    return re.compile(r"\b(?:within|in|over)\s+(?:the\s+next\s+)?(?P<n>\d+|" + numbers + r")\s+(?P<working>working\s+)?"
                      r"(?P<unit>days?|weeks?|months?)\b", re.I)


@dataclass(frozen=True)
class Due:
    """A due date and how it was read (shown beside the date, so that a reader can check it)."""

    date: str
    basis: str


def due_date(due: Any, quote: str, meeting_date: Optional[str], body: Optional[str] = None,
             body_meetings: Sequence[str] = ()) -> Optional[Due]:
    """The action's due date from its ``due`` phrase (else its quote), or the executive's response clock.

    ``due`` is the record's field: a phrase, or (in gold files) a list of
    acceptable readings, the first of which is taken.  ``body_meetings``:
    the ISO dates of the meetings of the action's body in the dataset, for
    "next meeting" and "the meeting in June".
    """
    if isinstance(due, list):
        due = next((d for d in due if isinstance(d, str)), None)
    due = due if isinstance(due, str) else None
    held = _day(meeting_date) if meeting_date else None
    if held is None:
        return None
    meetings = sorted(d for d in (_day(m) for m in body_meetings) if d is not None)
    for text in [due or ""] + DEADLINE.findall(quote or ""):
        got = _read(text, held, meetings)
        if got is not None:
            return got
    if body and SCRUTINY_BODY.search(body) and TO_EXECUTIVE.search(quote or ""):
        return Due((held + relativedelta(months=RESPONSE_MONTHS)).isoformat(),
                   "executive response due two months after the recommendation")
    return None


@lru_cache(maxsize=4096)
def _day(value: str) -> Optional[date]:
    """A meeting date read once: every action of a series is read against its body's meetings."""
    return parse_day(value)


def _read(text: str, held: date, meetings: list[date]) -> Optional[Due]:
    """A date from one phrase, read against the meeting it was said at."""
    m = DAY_MONTH.search(text)
    if m:
        day = _on_or_after(held, _month_no(m), int(m.group("day")), _year(m))
        if day is not None:
            return Due(day.isoformat(), m.group(0).strip())
    if NEXT_MEETING.search(text):
        after = [d for d in meetings if d > held]
        month = MONTH_ONLY.search(text)
        if after:
            return Due(after[0].isoformat(), "the body's next meeting")
        if month is None:
            return None
    m = MONTH_ONLY.search(text)
    if m:
        return _month_due(m, held, meetings, "meeting" in text.lower())
    if THIS_YEAR.search(text):
        return Due(date(held.year, 12, 31).isoformat(), "end of the year")
    m = _within_span().search(text)
    if m:
        return _within(m, held)
    return None


def _month_no(m: re.Match) -> int:
    """The month a match names (1-12), whichever alternative of the pattern matched."""
    name = (m.group("month") if "month" in m.re.groupindex and m.group("month") else m.group("month2")).lower()
    return next(i for i, full in enumerate(MONTHS, 1) if full.startswith(name[:3]))


def _year(m: re.Match) -> Optional[str]:
    return next((m.group(g) for g in ("year", "year2") if g in m.re.groupindex and m.group(g)), None)


def _on_or_after(held: date, month: int, day: int, year: Optional[str]) -> Optional[date]:
    """That day in the given year, else the first such day on or after the meeting."""
    for y in ([int(year)] if year else [held.year, held.year + 1]):
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        if year or d >= held:
            return d
    return None


def _month_due(m: re.Match, held: date, meetings: list[date], at_meeting: bool) -> Due:
    """The end of the month named, or the body's meeting that month where the phrase speaks of a meeting."""
    month = _month_no(m)
    year = int(_year(m)) if _year(m) else held.year + (month < held.month)
    if at_meeting:
        that = [d for d in meetings if (d.year, d.month) == (year, month)]
        if that:
            return Due(that[0].isoformat(), f"the body's meeting in {MONTHS[month - 1].title()} {year}")
    end = date(year, month, 1) + relativedelta(months=1) - timedelta(days=1)
    return Due(end.isoformat(), f"end of {MONTHS[month - 1].title()} {year}")


def _within(m: re.Match, held: date) -> Due:
    """"Within 35 working days", "in the next couple of weeks": that long after the meeting."""
    raw = " ".join(m.group("n").lower().split())
    n = int(raw) if raw.isdigit() else load_rules("patterns/followup.json")["duration_numbers"].get(raw, 1)
    unit = m.group("unit").lower().rstrip("s")
    if unit == "month":
        end = held + relativedelta(months=n)
    elif unit == "week":
        end = held + timedelta(weeks=n)
    elif m.group("working"):
        end = held
        for _ in range(n):
            end += timedelta(days=1)
            while end.weekday() >= 5:
                end += timedelta(days=1)
    else:
        end = held + timedelta(days=n)
    return Due(end.isoformat(), m.group(0).strip())


def overdue(status: str, due: Optional[str], today: date) -> bool:
    """Whether an action is overdue: its due date has passed and no later meeting reports it done."""
    return status != "resolved" and bool(due) and due < today.isoformat()
