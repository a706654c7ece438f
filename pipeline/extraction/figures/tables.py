"""Figures in table blocks: one per numeric cell, measured by its row label and column heading.

Tables are read by position, not by sentence: cells are tab-separated and
rows newline-separated in the block text.  Financial tables write negatives
in brackets ('(138,395)' is -138395) and state a scale once in a heading or
caption ('£000'), so both are read here.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.tokens import Doc

from ...document import Block
from ...records import Record
from .wordlists import MULT, NUM, YEAR, Patterns
from .periods import find_periods
from .sentence import Period
from .values import clean_number, figure_record, to_number

_CELL = re.compile(rf"^(?P<open>\()?\s*(?P<sign>[-−+])?\s*(?P<cur>[£€$])?\s*(?P<num>{NUM})\s*"
                   rf"(?P<mult>{MULT})?\s*(?P<pct>%)?\s*(?P<close>\))?$")


def table_figures(doc: Doc, doc_text: str, block: Block, pats: Patterns) -> list[Record]:
    """One figure per numeric cell: row label + column heading as measure (financial brackets negative)."""
    rows = block.cells()  # (cell text, offset in the document's text), row by row
    if not rows:
        return []
    header_n = _header_rows(rows)
    headings = _column_headings(rows[:header_n])
    caption = _caption(doc, block)
    all_heads = " ".join(headings + [caption]).lower()
    money = any(w in all_heads for w in pats.data["table_money_words"])
    scale = next((v for k, v in pats.data["table_scale"].items() if k in all_heads.replace(" ", "")), 1)
    table_period = _first_period(" ".join(headings), pats) or _first_period(caption, pats)
    out = []
    for row in rows[header_n:]:
        label = _row_label(row)
        for ci, (cell, cstart) in enumerate(row):
            heading = headings[ci] if ci < len(headings) else ""
            rec = _cell_figure(doc_text, cell, cstart, label, heading, money, scale, table_period, pats)
            if rec is not None:
                out.append(rec)
    return out


def _is_number_cell(cell: str) -> bool:
    return bool(_CELL.match(cell.strip())) and not re.fullmatch(rf"\s*{YEAR}\s*", cell)


def _header_rows(rows: list) -> int:
    """Leading rows with no numeric cell beyond the first column are headings."""
    n = 0
    for row in rows:
        if any(_is_number_cell(c) for c, _ in row[1:]) and n > 0 or \
                (n == 0 and sum(_is_number_cell(c) for c, _ in row[1:]) > len(row) // 2):
            break
        n += 1
        if n >= 3:
            break
    return min(n, max(len(rows) - 1, 0))


def _column_headings(header_rows: list) -> list[str]:
    """Each column's heading: its header cells joined top to bottom."""
    width = max((len(r) for r in header_rows), default=0)
    heads = []
    for ci in range(width):
        parts = [r[ci][0].strip() for r in header_rows if ci < len(r) and r[ci][0].strip()]
        heads.append(" ".join(parts))
    return heads


def _caption(doc: Doc, block: Block) -> str:
    """The paragraph just before a table often says what and when it reports."""
    document = doc._.document
    if document is None:
        return ""
    i = document.blocks.index(block)
    return document.blocks[i - 1].text if i > 0 else ""


def _first_period(text: str, pats: Patterns) -> Optional[str]:
    found = find_periods(text, pats) or _short_years(text)
    return found[0].text if found else None


def _short_years(text: str) -> list[Period]:
    """'14-15' in a column heading: a financial year written short."""
    out = []
    for m in re.finditer(r"(?<![\d/])(\d{2})\s?[-/]\s?(\d{2})(?![\d/])", text):
        if (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            out.append(Period(m.start(), m.end(), m.group(0)))
    return out


def _row_label(row: list) -> str:
    labels = [c.strip() for c, _ in row if c.strip() and not _is_number_cell(c)]
    return labels[0] if labels else ""


def _cell_figure(doc_text: str, cell: str, cstart: int, label: str, heading: str, money: bool, scale: float,
                 table_period: Optional[str], pats: Patterns) -> Optional[Record]:
    """The figure in one table cell, or None when the cell is not a quantity."""
    stripped = cell.strip()
    if not label or not _is_number_cell(stripped):
        return None
    m = _CELL.match(stripped)
    head_l = heading.lower()
    if head_l.strip(" .") in pats.words("table_skip_columns"):
        return None
    value = to_number(m.group("num")) * pats.data["multipliers"].get((m.group("mult") or "").lower(), 1)
    if m.group("open") and m.group("close") or m.group("sign") in ("-", "−"):
        value = -value
    if m.group("pct") or "%" in heading or "percent" in head_l or "rate" in head_l:
        unit = "percent"
    elif m.group("cur"):
        unit = pats.data["currency_symbols"][m.group("cur")]
    elif money:
        unit = "gbp"
        value *= scale if not m.group("mult") else 1
    else:
        unit = next((u for w, u in pats.unit_words.items() if re.search(rf"\b{re.escape(w)}\b", head_l)), "count")
    if any(w in head_l for w in pats.data["table_change_words"]):
        kind = "change"
    elif any(w in head_l for w in pats.data["table_actual_words"]):
        kind = "actual"
    elif any(re.search(rf"\b{re.escape(w)}\b", head_l) for w in pats.data["table_target_words"]):
        kind = "target"
    else:
        kind = "actual"
    heading_clean = heading
    for noise in pats.data["table_heading_noise"]:
        heading_clean = re.sub(rf"(?i)^{re.escape(noise)}\s+", "", heading_clean)
    period = _first_period(heading, pats) or table_period
    start = cstart + len(cell) - len(cell.lstrip())
    return figure_record(doc_text, start, start + len(stripped), "figure.table_cell", 0.85,
                         value=clean_number(value), value_high=None, unit=unit,
                         measure=f"{label} {heading_clean}".strip(), period=period, kind=kind)
