"""Action-log tables (Ref | Minute | Action | Lead Officer | Due): one action per row, with its owner and due date.

Minutes often end with, and committees keep, a table of the actions they
agreed.  Read cell by cell, such a table is only numbers (a reference,
a minute number, a date) and gives figures; read as the table it is, each
row is an action whose owner and due date sit in their own columns.  This
runs after extraction, on any reader's tables (DOCX, HTML, PDF): for each
table whose first row names an action column and an owner or due column,
the records inside the table are replaced by one action per row, quoting
the action cell verbatim.  Documents without such a table are untouched.
The column headings are data (``models/patterns/action_log.json``).
"""
from __future__ import annotations

import re
from typing import Optional

from .rules import load as load_rules
from .document import Block, Document
from .records import Record, number_records

RULE = "action.log_table"


def _column_name(text: str) -> str:
    """A header cell as the column names in action_log.json are written: lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def columns(header: list[str]) -> Optional[dict[str, int]]:
    """The index of the action, owner, due and ref columns of an action log's header row, or None if it is not one."""
    words = load_rules("patterns/action_log.json")
    found: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = next((role for role in ("action", "owner", "due", "ref") if _column_name(cell) in words[role]), None)
        if name and name not in found:
            found[name] = i
    return found if "action" in found and ("owner" in found or "due" in found) else None


def log_actions(block: Block) -> Optional[list[Record]]:
    """One action record per row of an action-log table block, or None when the block is not an action log."""
    rows = block.cells()
    found = columns([c for c, _ in rows[0]]) if rows else None
    if found is None:
        return None
    out = []
    for row in rows[1:]:
        def cell(role: str) -> tuple[Optional[str], int]:
            i = found.get(role)
            return (row[i][0].strip() or None, row[i][1]) if i is not None and i < len(row) else (None, 0)

        text, start = cell("action")
        if text is None:
            continue
        start += row[found["action"]][0].index(text)  # the cell's own offset, past any leading space
        out.append(Record("action", text, start, start + len(text), rule=RULE, confidence=0.9, page=block.page,
                          label=cell("ref")[0], kind="commitment", owner=cell("owner")[0], due=cell("due")[0]))
    return out


def apply(document: Document, records: list[Record]) -> list[Record]:
    """``records`` with the records inside each action-log table replaced by its row actions (ids renumbered)."""
    changed = False
    for block in document.blocks:
        if block.kind != "table":
            continue
        actions = log_actions(block)
        if actions is None:
            continue
        records = [r for r in records if not (block.start <= r.start < block.end)] + actions
        changed = True
    return number_records(records) if changed else records
