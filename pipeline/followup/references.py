"""Action-log references: a later log's row carrying the action's own reference ("CS/01") is its follow-up.

Committees that keep an action log carry each open action forward under
the reference it was given, with its progress in the row ("Figures sent
to Members", "Complete").  That row reports on the action whatever its
words, so it wins over word overlap, as a citation of the item by number
does.  Only a reference that names one action can do this: a bare row
number ("3") restarts in every log.
"""
from __future__ import annotations

import re
from typing import Optional

from ..action_log import RULE as LOG_ROW_RULE
from ..records import Record
from .passages import Passage, reports

DISTINCTIVE = re.compile(r"[A-Za-z]|\d[/.-]\d")


def reference(record: Record) -> Optional[str]:
    """An action-log row's reference, normalised ("cs/01"), where it is distinctive enough to name one action.

    Only a row of an action-log table has one (:mod:`pipeline.action_log`); other records' labels are the
    numbering of their paragraph ("13i)"), which the next meeting's minutes reuse for other business.
    """
    if record.rule != LOG_ROW_RULE:
        return None
    label = " ".join((record.label or "").split()).lower()
    return label if label and DISTINCTIVE.search(label) else None


def log_row_mention(record: Record, later_records: list[Record], later_rows: list[Optional[Passage]]) -> \
        Optional[Passage]:
    """The passage of the later document's log row carrying ``record``'s reference, if there is exactly one."""
    ref = reference(record)
    if ref is None:
        return None
    found = [p for rec, p in zip(later_records, later_rows) if p is not None and reports(p) and reference(rec) == ref]
    return found[0] if len(found) == 1 else None
