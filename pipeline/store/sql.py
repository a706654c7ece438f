"""SQL the store's readers share: the meeting filters and the status join.

Search (``fts``), the follow-ups view and action tracker (``followups``) and the
DataFrames (``pipeline.dataset``) all filter meetings and show a record's status;
one definition here keeps ``--council`` or ``--until`` meaning the same in each.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from ..dates import parse_day
from ..records import RECORD_TYPES


class QueryError(ValueError):
    """A search query FTS5 cannot run; ``str()`` is the one-line message users see."""


# A record's status: its follow-up (actions) or answer status (questions), as ``COALESCE(f.status, qs.status)``.
STATUS_JOIN = """LEFT JOIN followups f ON r.type = 'action' AND f.document_id = r.document_id AND f.action = r.id
        LEFT JOIN question_status qs ON r.type = 'question' AND qs.document_id = r.document_id
                                        AND qs.question = r.id"""

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def check_date(value: Optional[str], name: str) -> Optional[str]:
    """An ISO date or its prefix (2012, 2012-07, 2012-07-11), or a UK day-first date (14/01/2025) as ISO."""
    if value is None:
        return None
    if _DATE.match(value.strip()):
        return value.strip()
    day = parse_day(value)
    if day is None:
        raise QueryError(f"{name} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM, YYYY or 14/01/2025")
    return day.isoformat()


def meeting_filters(council: Optional[str], committee: Optional[str], since: Optional[str],
                    until: Optional[str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses on the documents table ``d``: names match case-insensitively anywhere, dates by prefix.

    Shared by search and the action tracker, so ``--council`` means the same everywhere.
    """
    where, params = [], []
    if council:
        where.append("instr(lower(d.council), lower(?)) > 0")
        params.append(council)
    if committee:
        where.append("instr(lower(d.committee), lower(?)) > 0")
        params.append(committee)
    since, until = check_date(since, "--since"), check_date(until, "--until")
    if since:
        where.append("d.meeting_date >= ?")
        params.append(since)
    if until:
        # "--until 2012-08" includes every day of August
        where.append("substr(d.meeting_date, 1, ?) <= ?")
        params += [len(until), until]
    return where, params


def record_filters(type: Optional[str], council: Optional[str], committee: Optional[str], since: Optional[str],
                   until: Optional[str], status: Optional[str]) -> tuple[list[str], list[Any]]:
    """Search's WHERE clauses: the meeting filters, and on records ``r`` and the status join (:data:`STATUS_JOIN`)."""
    if type is not None and type not in RECORD_TYPES:
        raise QueryError(f"unknown record type {type!r}: one of {', '.join(RECORD_TYPES)}")
    where, params = meeting_filters(council, committee, since, until)
    for value, clause in ((type, "r.type = ?"), (status, "COALESCE(f.status, qs.status) = ?")):
        if value:
            where.append(clause)
            params.append(value)
    return where, params
