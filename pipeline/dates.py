"""Dates as UK councils write them: day first, read with python-dateutil, stored as ISO.

A meeting date reaches the database from the text, a reader, a manifest
(often a spreadsheet saved as CSV: ``14/01/2025``), a sidecar or a flag.
Stored verbatim, ``14/01/2025`` sorts after ``11/03/2025`` and every
"later meeting" is wrong, so every one of them passes :func:`uk_date`:
it is read day first (``01/02/2025`` is 1 February) unless it starts with
a four-digit year (``2025-01-02`` is ISO, 2 January), and it must name a
whole day (``June 2025`` is no meeting date).  What cannot be read is
refused with one line naming where it came from and the value.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Optional

from dateutil import parser

from .errors import ReadError

# The one list of month names: metadata, figures and due dates build their patterns from it.
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def month_names() -> str:
    """A regex alternation of every month, whole or cut short as clerks write them ("Jan", "Sept", "June"),
    title-cased; callers add re.I or the capitals form."""
    def short(m: str) -> str:
        if m == "september":
            return "Sep(?:t(?:ember)?)?"
        return m[:3].title() + (f"(?:{m[3:]})?" if len(m) > 3 else "")
    return "|".join(short(m) for m in MONTHS)


_MONTH = re.compile(month_names(), re.I)


def is_month(word: str) -> bool:
    """Whether a word names a month, whole or cut short as in :func:`month_names` ("March", "Sept", "jun")."""
    return _MONTH.fullmatch(word.strip(".")) is not None


_YEAR_FIRST = re.compile(r"^\s*\d{4}\s*[-/.]")
# Two different defaults: a field dateutil filled in from the default differs between them.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


class DateError(ReadError):
    """A date that is not a UK calendar date; ``str()`` names where it came from and the value."""


def parse_day(value: Any) -> Optional[date]:
    """A whole calendar day from ``value`` (day first unless year first), or None if it names no single day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    year_first = bool(_YEAR_FIRST.match(text))
    try:
        a, b = (parser.parse(text, dayfirst=not year_first, yearfirst=year_first, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None


def uk_date(value: Any, where: str) -> Optional[str]:
    """``value`` as an ISO date (None and "" are no date), or a DateError naming ``where`` and the value.

    ``where`` says where the value came from, as a user would look for it:
    "corpus/MANIFEST.csv, row parish/x.txt, meeting_date" or "--date".
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    day = parse_day(value)
    if day is None:
        raise DateError(where, f"{str(value)!r} is not a date: write a day, "
                               f"day first (14/01/2025, 14 January 2025) or ISO (2025-01-14)")
    return day.isoformat()
