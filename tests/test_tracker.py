"""``scrutiny tracker`` in its four formats, read back with openpyxl, python-docx and pandas; ``scrutiny show``;
and the tracker's filters on ``scrutiny followups``, on the Stoke Ferry and Kent Corporate Parenting series."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline import store
from pipeline.cli.dataset import followups, ingest
from pipeline.cli.tracker import show, tracker
from pipeline.tracker import COLUMNS, RAG_HEX, committee_code

from .conftest import PARISH, kent

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

AS_OF = "01/01/2013"        # a fixed day, so that overdue does not depend on when the suite runs
REF = re.compile(r"^[A-Z]+\d*/\d{4}-\d{2}-\d{2}/\d{2}$")


def run(command, *args):
    result = CliRunner().invoke(command, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tracker") / "t.db"
    run(ingest, *PARISH, *kent("kcc-corporate-parenting-panel-*.pdf"), "--db", path, "--no-progress")
    return path


@pytest.fixture(scope="module")
def tracked(db) -> list[dict]:
    conn = store.open_existing(db)
    return store.followups_view(conn, council="Stoke Ferry", as_of=pd.Timestamp("2013-01-01").date())


def test_xlsx_has_the_columns_a_frozen_header_filters_widths_dates_and_rag(db, tmp_path, tracked):
    from openpyxl import load_workbook

    out = tmp_path / "t.xlsx"
    assert run(tracker, "--council", "Stoke Ferry", "--out", out, "--db", db, "--as-of", AS_OF).stdout == \
        f"{out}: {len(tracked)} actions\n"
    ws = load_workbook(out).active
    assert [c.value for c in ws[1]] == list(COLUMNS)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:K{len(tracked) + 1}"
    assert ws.column_dimensions["E"].width > ws.column_dimensions["C"].width
    rows = list(ws.iter_rows(min_row=2, values_only=False))
    assert len(rows) == len(tracked)
    status = COLUMNS.index("Status")
    for row in rows:
        assert REF.match(row[0].value), row[0].value
        assert row[2].value.year == 2012 and row[2].number_format == "DD/MM/YYYY"
        fill = row[status].fill.start_color.rgb
        rag = {"overdue": "red", "outstanding": "amber", "progressed": "amber", "resolved": "green"}
        if row[status].value in rag:
            assert fill.endswith(RAG_HEX[rag[row[status].value]]), (row[status].value, fill)
    assert {r[status].value for r in rows} >= {"resolved", "overdue"}
    refs = [r[0].value for r in rows]
    assert len(set(refs)) == len(refs) and refs[0].startswith("SFPC/2012-07-11/")


def test_docx_is_a_landscape_table_with_the_columns(db, tmp_path, tracked):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    out = tmp_path / "t.docx"
    run(tracker, "--council", "Stoke Ferry", "--format", "docx", "--out", out, "--db", db, "--as-of", AS_OF)
    doc = Document(out)
    section = doc.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS)
    assert len(table.rows) == len(tracked) + 1
    status = COLUMNS.index("Status")
    shaded = [r.cells[status]._tc.tcPr.xpath("./w:shd/@w:fill") for r in table.rows[1:]]
    assert all(s for r, s in zip(table.rows[1:], shaded) if r.cells[status].text != "pending")


def test_csv_has_a_bom_and_reads_back_in_pandas(db, tmp_path, tracked):
    out = tmp_path / "t.csv"
    run(tracker, "--council", "Stoke Ferry", "--out", out, "--db", db, "--as-of", AS_OF)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert list(frame.columns) == list(COLUMNS) and len(frame) == len(tracked)
    assert list(frame["Action / recommendation"]) == [i["quote"] for i in tracked]
    assert set(frame["Meeting date"]) == {"2012-07-11", "2012-08-08", "2012-09-12", "2012-10-10"}


def test_markdown_is_a_table_with_the_columns(db, tmp_path, tracked):
    out = tmp_path / "t.md"
    run(tracker, "--council", "Stoke Ferry", "--out", out, "--db", db, "--as-of", AS_OF)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "| " + " | ".join(COLUMNS) + " |"
    assert len([x for x in lines if x.startswith("| SFPC/")]) == len(tracked)


def test_rows_carry_the_item_owner_due_and_latest_update(db, tmp_path):
    out = tmp_path / "t.csv"
    run(tracker, "--committee", "Corporate Parenting", "--out", out, "--db", db, "--as-of", AS_OF)
    frame = pd.read_csv(out, encoding="utf-8-sig").fillna("")
    letter = frame[frame["Action / recommendation"].str.startswith("The Chair agreed to write to group leaders")]
    row = letter.iloc[0]
    assert row["Ref"] == "CPP/2024-10-29/01" and row["Minute / item"] == "2. Chairman’s Announcements"
    assert row["Owner / lead officer"] == "Chair (Shellina Prendergast)"     # the attendance list names the Chair
    assert row["Latest update"].startswith("The Chair shared that she would send message to group leaders")
    assert row["Latest update"].endswith("(10/12/2024, p. 1)")
    assert row["Source"].startswith("kcc-corporate-parenting-panel-2024-10-29, p. 1")


def test_filters_narrow_the_tracker(db, tmp_path, tracked):
    out = tmp_path / "t.csv"
    run(tracker, "--council", "Stoke Ferry", "--status", "overdue", "--status", "resolved", "--owner", "clerk",
        "--since", "08/08/2012", "--out", out, "--db", db, "--as-of", AS_OF)
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) and set(frame["Status"]) <= {"overdue", "resolved"}
    assert all("Clerk" in o for o in frame["Owner / lead officer"])
    assert frame["Meeting date"].min() >= "2012-08-08"
    expected = [i for i in tracked if i["tracker_status"] in ("overdue", "resolved")
                and "clerk" in (i["owner_name"] or "").lower() and i["meeting_date"] >= "2012-08-08"]
    assert len(frame) == len(expected)


def test_followups_takes_the_same_filters(db):
    every = json.loads(run(followups, "--format", "json", "--db", db, "--as-of", AS_OF).stdout)
    some = json.loads(run(followups, "--format", "json", "--db", db, "--as-of", AS_OF, "--owner", "Clerk",
                          "--since", "2012-08", "--until", "12/09/2012", "--status", "overdue",
                          "--status", "progressed").stdout)
    assert some and len(some) < len(every)
    assert {i["document"] for i in some} <= {PARISH[1].stem, PARISH[2].stem}
    assert {i["status"] for i in some} <= {"outstanding", "progressed", "pending"}


def test_show_lists_every_piece_of_evidence_with_its_date(db):
    out = run(show, "stokeferry-pc-2012-09-12", "x1", "--db", db, "--as-of", AS_OF).stdout.splitlines()
    assert re.match(r"SFPC/2012-09-12/01  Stoke Ferry Parish Council, 12/09/2012  \[progressed\]", out[0])
    assert any(line.startswith("  Action:") and "chase this up" in line for line in out)
    assert [line.split(",")[0] for line in out if line.startswith("  - ")] == ["  - 10/10/2012"]
    data = json.loads(run(show, "stokeferry-pc-2012-09-12", "x1", "--format", "json", "--db", db).stdout)
    assert data["ref"] == "SFPC/2012-09-12/01" and data["evidence"][0]["meeting_date"] == "2012-10-10"
    missing = CliRunner().invoke(show, ["stokeferry-pc-2012-09-12", "x99", "--db", str(db)])
    assert missing.exit_code == 1 and missing.output.startswith("Error: no tracked action 'x99'")


@pytest.mark.parametrize("name, code", [("Overview and Scrutiny Committee", "OSC"), ("Cabinet", "CAB"),
                                        ("Corporate Parenting Panel", "CPP"), ("Stoke Ferry Parish Council", "SFPC")])
def test_committee_codes(name, code):
    assert committee_code(name) == code
