"""The tracker written for people: an XLSX to filter, a DOCX table to paste into a committee report, CSV, Markdown.

XLSX (openpyxl): frozen header, filters, column widths, dates as real dates
(DD/MM/YYYY), the status cell filled with its RAG colour.  DOCX
(python-docx): a landscape page with one table, header row repeated on
every page, status cells shaded.  CSV: UTF-8 with a byte-order mark, so
that Excel opens "Cllr Mrs Buckley-Stevens" and "£" as written.
Markdown: a table for a README, an email or an issue.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable, Sequence

from .tracker import COLUMNS, RAG_HEX, TrackerRow, uk_day

FORMATS = ("xlsx", "docx", "csv", "md")
# Characters per column in the XLSX (and relative widths in the DOCX): long text wraps in the wide ones.
WIDTHS = (22, 24, 12, 28, 60, 20, 24, 22, 12, 60, 30)


def write_tracker(rows: Sequence[TrackerRow], fmt: str, out: Path, title: str = "Action tracker") -> Path:
    """Write ``rows`` as ``fmt`` (xlsx, docx, csv, md) to ``out``; return the path written."""
    writers: dict[str, Callable[[Sequence[TrackerRow], Path, str], None]] = {
        "xlsx": _xlsx, "docx": _docx, "csv": _csv, "md": _md}
    if fmt not in writers:
        raise ValueError(f"unknown tracker format {fmt!r}: one of {', '.join(FORMATS)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    writers[fmt](rows, out, title)
    return out


def _text_cells(row: TrackerRow) -> list[str]:
    """A row's cells as text, dates day first."""
    cells = row.cells()
    cells[2] = uk_day(row.meeting_date)
    return ["" if c is None else str(c) for c in cells]


def _csv(rows: Sequence[TrackerRow], out: Path, _title: str) -> None:
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        for row in rows:
            cells = row.cells()
            cells[2] = row.meeting_date.isoformat() if row.meeting_date else ""   # ISO: no spreadsheet misreads it
            writer.writerow(cells)


def _md(rows: Sequence[TrackerRow], out: Path, title: str) -> None:
    def cell(text: str) -> str:
        return " ".join(text.split()).replace("|", "\\|")

    lines = [f"# {title}", "", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(c) for c in _text_cells(r)) + " |" for r in rows]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _xlsx(rows: Sequence[TrackerRow], out: Path, title: str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    status_col = COLUMNS.index("Status") + 1
    for row in rows:
        ws.append(row.cells())
        r = ws.max_row
        ws.cell(r, COLUMNS.index("Meeting date") + 1).number_format = "DD/MM/YYYY"
        if row.rag:
            ws.cell(r, status_col).fill = PatternFill("solid", start_color=RAG_HEX[row.rag])
        for cell in ws[r]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    wb.save(out)


def _docx(rows: Sequence[TrackerRow], out: Path, title: str) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.27))
    doc.add_heading(title, level=1)
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    usable = section.page_width - section.left_margin - section.right_margin
    for i, name in enumerate(COLUMNS):
        cell = table.rows[0].cells[i]
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)          # the header row comes back on every page
    status_col = COLUMNS.index("Status")
    for row in rows:
        cells = table.add_row().cells
        for i, text in enumerate(_text_cells(row)):
            cells[i].text = text
        if row.rag:
            shade = OxmlElement("w:shd")
            shade.set(qn("w:val"), "clear")
            shade.set(qn("w:fill"), RAG_HEX[row.rag])
            cells[status_col]._tc.get_or_add_tcPr().append(shade)
    for r in table.rows:
        for i, width in enumerate(WIDTHS):
            r.cells[i].width = int(usable * width / sum(WIDTHS))
            for p in r.cells[i].paragraphs:
                for run in p.runs:
                    run.font.size = Pt(8)
    doc.save(out)
