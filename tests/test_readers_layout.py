"""Layouts seen from outside: HTML minutes laid out with tables, DOCX action logs, PDF soft hyphens.

Each page or file is built from real corpus text (seed paragraphs, the
seed's own actions, Kent PDFs) so that what is compared is what the
pipeline makes of council prose, not of placeholder words.
"""
from __future__ import annotations

import re


import pipeline
from pipeline.readers import read_bytes, read_file

from .conftest import SEEDS, external, seed_paragraphs

HEAD = "<html><head><title>Minutes - Thurrock Council</title></head><body>"


def records(doc) -> list[dict]:
    return [r.to_dict() for r in pipeline.extract(doc)]


def items() -> list[tuple[str, str, list[str]]]:
    paras = seed_paragraphs(n=6)
    return [("1.", "Children's Social Care Performance", paras[:3]), ("2.", "Missing Children", paras[3:6])]


def test_moderngov_item_tables_read_as_items_like_divs():
    content = lambda t, ps: f"<h3>{t}</h3>" + "".join(f"<p>{p}</p>" for p in ps)  # noqa: E731
    divs = HEAD + "<div id='modgov'>" + "".join(
        f"<div class='mgItem'><div class='mgItemNumber'>{n}</div><div>{content(t, ps)}</div></div>"
        for n, t, ps in items()) + "</div></body></html>"
    table = HEAD + "<div id='modgov'><table class='mgItemTable'>" + "".join(
        f"<tr><td class='mgItemNumberCell'>{n}</td><td class='mgItemContent'>{content(t, ps)}</td></tr>"
        for n, t, ps in items()) + "</table></div></body></html>"
    as_divs, as_table = read_bytes(divs.encode(), "items.html"), read_bytes(table.encode(), "items.html")
    assert not as_table.tables and all(b.kind != "table" for b in as_table.blocks)
    assert [(b.kind, b.text) for b in as_table.blocks] == [(b.kind, b.text) for b in as_divs.blocks]
    found = records(as_table)
    assert found == records(as_divs) and {r["type"] for r in found} >= {"question", "answer"}
    assert as_table.hints["layout"] == "HTML page laid out with tables, read as items"


def test_a_parish_page_laid_out_as_one_table_reads_like_divs():
    paras = seed_paragraphs(n=6)
    body = "<h2>Minutes of the Parish Council meeting</h2>" + "".join(f"<p>{p}</p>" for p in paras)
    divs = HEAD + f"<div>{body}</div><div>Village links</div></body></html>"
    table = HEAD + f"<table width='100%' border='0'><tr><td valign='top'>{body}</td><td>Village links</td></tr>" \
                   "</table></body></html>"
    as_divs, as_table = read_bytes(divs.encode(), "p.html"), read_bytes(table.encode(), "p.html")
    assert [b.text for b in as_table.blocks] == [b.text for b in as_divs.blocks]
    assert records(as_table) == records(as_divs) != []


def test_a_data_table_with_short_cells_stays_a_table():
    html = HEAD + "<table><tr><th>Measure</th><th>2017/18</th></tr>" \
                  "<tr><td><p>Missing looked after children</p></td><td>291</td></tr></table></body></html>"
    doc = read_bytes(html.encode(), "t.html")
    assert doc.tables[0].rows == [["Measure", "2017/18"], ["Missing looked after children", "291"]]
    assert "layout" not in doc.hints


def seed_actions() -> list[dict]:
    """The actions extraction finds in a seed: real action text for an action log."""
    found = [r for r in records(pipeline.read(SEEDS[0])) if r["type"] == "action"]
    assert len(found) >= 2
    return found[:3]


def test_a_docx_action_log_gives_actions_with_owner_and_due(tmp_path):
    import docx

    rows = [(str(n), f"Minute {20 + n}", a["quote"], owner, due) for n, (a, owner, due) in enumerate(zip(
        seed_actions(), ["Corporate Director of Children's Services", "Strategic Lead, Looked After Children",
                         "Democratic Services Officer"], ["Next meeting", "30 November 2018", "March 2019"]), 1)]
    d = docx.Document()
    d.add_heading("Children's Services Overview and Scrutiny Committee: Action Log", level=1)
    t = d.add_table(rows=1, cols=5)
    for cell, heading in zip(t.rows[0].cells, ["Ref", "Minute", "Action", "Lead Officer", "Due"]):
        cell.text = heading
    for row in rows:
        for cell, value in zip(t.add_row().cells, row):
            cell.text = value
    path = tmp_path / "action-log.docx"
    d.save(path)
    doc = read_file(path)
    found = records(doc)
    assert [r["type"] for r in found] == ["action"] * len(rows)  # no figures from Ref, Minute or Due cells
    assert [(r["quote"], r["owner"], r["due"], r["label"]) for r in found] == \
        [(quote, owner, due, ref) for ref, _, quote, owner, due in rows]
    assert all(doc.text[r["start"]:r["end"]] == r["quote"] and r["rule"] == "action.log_table" for r in found)
    assert [r["id"] for r in found] == ["x1", "x2", "x3"]


def test_a_table_that_is_not_an_action_log_keeps_its_figures():
    html = HEAD + "<table><tr><th>Measure</th><th>Action</th><th>2017/18</th></tr>" \
                  "<tr><td>Missing looked after children</td><td>Monitor</td><td>291</td></tr></table></body></html>"
    found = records(read_bytes(html.encode(), "t.html"))
    assert [(r["type"], r["value"]) for r in found] == [("figure", 291)]


# ---- PDF soft hyphens ----------------------------------------------------------------

def test_pdfium_hyphen_marks_never_reach_the_text_of_kent_pdfs():
    import pypdfium2 as pdfium

    path = external("kcc-cabinet-2025-01-30.pdf")
    pdf = pdfium.PdfDocument(str(path))
    raw = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    pdf.close()
    assert "\ufffe" in raw  # pdfium does mark these breaks: the test would fail without the fix
    text = pipeline.read(path).text
    assert "\ufffe" not in text and "\u00ad" not in text
    assert "father-inclusive" in text and "decision-making" in text and "cross-border" in text


def test_a_soft_hyphenated_word_is_joined_when_the_document_knows_it(tmp_path):
    """Seed prose drawn into a PDF with a soft hyphen splitting "children" across two lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    para = next(p for p in seed_paragraphs(n=12) if p.count("children") >= 2)
    first, rest = para.split("children", 1)
    fig, ax = plt.subplots(figsize=(10, 3))
    ax.axis("off")
    ax.text(0, 0.9, first[-80:] + "chil\u00ad", transform=ax.transAxes)
    ax.text(0, 0.8, "dren" + rest[:80], transform=ax.transAxes)
    again = rest.index("children")  # the same word, whole, later in the paragraph: the document knows it
    ax.text(0, 0.6, rest[max(0, again - 60):again + 40], transform=ax.transAxes)
    path = tmp_path / "soft.pdf"
    fig.savefig(path, format="pdf")
    plt.close(fig)
    text = read_file(path).text
    assert "\ufffe" not in text and "\u00ad" not in text and "chil-dren" not in text
    assert re.search(r"\bchildren" + re.escape(rest[:20]), text), text


def test_one_heading_test_for_lines_and_for_blocks():
    """A lead-in line of nine words ending in a colon is prose to the reader but heads what follows once read."""
    from pipeline.readers.layout import looks_like_heading

    blocks = pipeline.read(SEEDS[0].parent / "002_458880801c265493.txt").blocks
    lead = next(b for b in blocks if b.text == "A range of recruitment initiatives are being undertaken including:")
    assert lead.kind != "heading" and not looks_like_heading(lead.text)
    assert looks_like_heading(lead.text, lead.kind)
    titles = [b for b in blocks if b.kind == "heading"]
    assert titles and all(looks_like_heading(b.text, b.kind) for b in titles if len(b.text) < 90)
    assert not any(looks_like_heading(b.text, b.kind) for b in blocks if b.kind == "paragraph" and "\n" not in b.text
                   and not b.text.rstrip().endswith(":"))


def test_an_action_line_over_its_action_column_stays_a_paragraph():
    """"Secretary to write to Roads Dept" over "ACTION: Secretary": a field line (a label and its value) heads no
    section, so the unpunctuated line before it is not made a heading, and its action is not lost.  A title over
    an item line still is ("Participation Team update" / "(Item 4)")."""
    text = ("GARTH COMMUNITY COUNCIL\nMinutes of the meeting held on Tuesday 3 March 2020\n\n1. Roads\n"
            "Potholes on the B833 were reported again.\nSecretary to write to Roads Dept\nACTION: Secretary\n")
    doc = read_bytes(text.encode("utf-8"), "minutes.txt")
    line = next(b for b in doc.blocks if b.text.startswith("Secretary to write"))
    assert line.kind == "paragraph"
    x, = [r for r in pipeline.extract(doc) if r.type == "action"]
    assert (x.quote, x.owner) == ("Secretary to write to Roads Dept", "Secretary")
    titled = read_bytes(b"Participation Team update\n(Item 4)\nThe Committee noted the update.\n", "minutes.txt")
    assert titled.blocks[0].kind == "heading"


def _docx_table(rows: list[tuple[str, ...]], header: tuple[str, ...] = ()) -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_paragraph("Milburn Parish Council - 6th March 2018")
    t = d.add_table(rows=0, cols=len(rows[0]))
    for row in ([header] if header else []) + rows:
        for cell, value in zip(t.add_row().cells, row):
            cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# Milburn PC, March 2018 (pool, tuning), its minutes laid out in a Word table as many parish clerks do
MILBURN_ROWS = [
    ("18.03.5", "Councillor Richardson is to order scalpings from Hoggs for the potholes, so that again in Spring, "
                "the potholes will be filled. The Seat is also still to be repaired.", "Cllr Richardson"),
    ("18.03.6", "Proposed agreement with Eden District Council for the forthcoming year Garden Waste Skip service. "
                "The Councillors resolved this was acceptable, clerk to complete, sign and return.", "Clerk"),
]


def test_docx_minutes_laid_out_in_a_table_are_read_as_items():
    """A Word table whose cells hold the minutes' prose is a layout: each row is its item (the number cell its
    label), the minute's sentences are read for actions, and the "action by" cell is a paragraph of the row, not
    a heading over the next item."""
    doc = read_bytes(_docx_table(MILBURN_ROWS), "minutes.docx")
    assert not doc.tables
    items = [b for b in doc.blocks if b.kind == "list_item"]
    assert [b.label for b in items] == ["18.03.5", "18.03.6"]
    assert [b.kind for b in doc.blocks if b.text in ("Cllr Richardson", "Clerk")] == ["paragraph", "paragraph"]
    quotes = [r["quote"] for r in records(doc) if r["type"] == "action"]
    assert any(q.startswith("Councillor Richardson is to order scalpings") for q in quotes)
    assert any(q.startswith("clerk to complete, sign and return") for q in quotes)


def test_a_docx_action_log_with_long_actions_stays_an_action_log():
    """However long its action cells, a table under an action log's header (Action, Owner, Due) is data: its
    rows are the records."""
    rows = [(ref, text, owner, "Next meeting") for ref, text, owner in MILBURN_ROWS]
    doc = read_bytes(_docx_table(rows, header=("Ref", "Action", "Owner", "Due")), "action-log.docx")
    assert len(doc.tables) == 1
    found = [r for r in records(doc) if r["type"] == "action"]
    assert [(r["label"], r["owner"], r["rule"]) for r in found] == [
        ("18.03.5", "Cllr Richardson", "action.log_table"), ("18.03.6", "Clerk", "action.log_table")]


def test_a_pdf_prose_table_labels_each_row_by_its_item_number_cell():
    """The PDF reader reads a prose table's cells as the DOCX reader does: the number cell labels the minute."""
    from pipeline.document import Table
    from pipeline.readers.pdf import _cell_paragraphs

    blocks = _cell_paragraphs(Table([list(r) for r in MILBURN_ROWS]), page=1)
    assert [(b.kind, b.label) for b in blocks] == [("list_item", "18.03.5"), ("paragraph", None),
                                                   ("list_item", "18.03.6"), ("paragraph", None)]
    assert blocks[0].text.startswith("Councillor Richardson is to order scalpings")


def test_a_minute_merged_across_two_columns_is_read_once():
    import io

    import docx

    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).text, t.cell(1, 0).text = "18.03.5", "18.03.6"
    t.cell(0, 1).merge(t.cell(0, 2)).text = MILBURN_ROWS[0][1]
    t.cell(1, 1).text, t.cell(1, 2).text = MILBURN_ROWS[1][1], "Clerk"
    buf = io.BytesIO()
    d.save(buf)
    blocks = read_bytes(buf.getvalue(), "minutes.docx").blocks
    assert [(b.kind, b.label) for b in blocks] == [("list_item", "18.03.5"), ("list_item", "18.03.6"),
                                                   ("paragraph", None)]


def test_short_docx_minutes_in_a_table_are_items_but_a_payments_table_is_data():
    """Most rows a sentence ("Mrs Bridge thanked the Parish Council."): minutes, however short.  A payments
    table (payee, item, amount) has no sentence in its rows and stays a table, its amounts figures."""
    minutes = [("18.03.7", "Alan Armstrong, EDC, is to enquire about the possibility of the small wheelie bins.", ""),
               ("18.03.8", "The Clerk to contact and arrange the inspection.", "Clerk")]
    doc = read_bytes(_docx_table(minutes), "minutes.docx")
    assert not doc.tables and [b.label for b in doc.blocks if b.kind == "list_item"] == ["18.03.7", "18.03.8"]
    payments = [("Russell Hogg", "Scalpings", "£184.97"), ("Wicksteed Playgrounds", "Annual Inspection", "£54.00")]
    doc = read_bytes(_docx_table(payments, header=("Payee", "Item", "Amount")), "minutes.docx")
    assert len(doc.tables) == 1
    assert sorted(r["value"] for r in records(doc) if r["type"] == "figure") == [54.0, 184.97]
