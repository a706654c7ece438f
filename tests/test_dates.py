"""Dates entering the database: read day first as UK councils write them, stored ISO, or refused in one line."""
from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from pipeline import store
from pipeline.cli import parse
from pipeline.cli.dataset import ingest
from pipeline.dates import DateError, parse_day, uk_date
from pipeline.metadata import load_manifest

from .conftest import PARISH

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module


@pytest.mark.parametrize("text, iso", [
    ("14/01/2025", "2025-01-14"),
    ("01/02/2025", "2025-02-01"),            # day first: 1 February, never 2 January
    ("2025-01-02", "2025-01-02"),            # ISO stays ISO (dateutil's dayfirst alone would swap it)
    ("2012/07/11", "2012-07-11"),
    ("11 July 2012", "2012-07-11"),
    ("Wednesday 11th July 2012", "2012-07-11"),
    ("11.07.12", "2012-07-11"),
    ("2025-01-14 00:00:00", "2025-01-14"),  # a spreadsheet's date-time cell
])
def test_uk_dates_are_read_day_first(text, iso):
    assert uk_date(text, "x") == iso


@pytest.mark.parametrize("text", ["2012-13-45", "31/02/2025", "June 2025", "2025", "11th", "next Tuesday"])
def test_what_names_no_single_day_is_refused(text):
    assert parse_day(text) is None
    with pytest.raises(DateError) as e:
        uk_date(text, "manifest.csv, row x.txt, meeting_date")
    assert str(e.value).startswith(f"manifest.csv, row x.txt, meeting_date: {text!r} is not a date")
    assert "\n" not in str(e.value)


def _one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_uk_spreadsheet_manifest_dates_are_stored_iso_and_order_the_series(tmp_path):
    """14/01-style dates used to be stored verbatim, so string order put later meetings first."""
    manifest = tmp_path / "manifest.csv"
    dates = ["11/07/2012", "08/08/2012", "12/09/2012"]
    manifest.write_text("path,council,committee,meeting_date\n" + "".join(
        f"{p},Stoke Ferry Parish Council,Parish Council,{d}\n" for p, d in zip(PARISH, dates)), encoding="utf-8")
    db = tmp_path / "m.db"
    result = CliRunner().invoke(ingest, [*map(str, PARISH[:3]), "--db", str(db), "--manifest", str(manifest),
                                         "--no-progress"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT meeting_date FROM documents ORDER BY meeting_date").fetchall()
    assert [d for (d,) in stored] == ["2012-07-11", "2012-08-08", "2012-09-12"]
    # July's post was replaced by August (the follow-up needs the dates in the right order).
    status, evidence = conn.execute(
        "SELECT status, evidence_document FROM followups WHERE quote LIKE '%agreed to replace this post%'").fetchone()
    assert (status, evidence) == ("resolved", "stokeferry-pc-2012-08-08")


def test_a_manifest_date_that_is_no_date_refuses_the_manifest_naming_the_row(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"path,council,meeting_date\n{PARISH[0]},Stoke Ferry,14/13/2012\n", encoding="utf-8")
    db = tmp_path / "m.db"
    line = _one_line_error(CliRunner().invoke(ingest, [str(PARISH[0]), "--db", str(db), "--manifest",
                                                       str(manifest)]))
    assert f"row {PARISH[0]}, meeting_date: '14/13/2012' is not a date" in line
    assert not db.exists()


@pytest.mark.parametrize("command", [ingest, parse], ids=["ingest", "parse"])
def test_date_flag_2012_13_45_is_refused(command, tmp_path):
    db = tmp_path / "d.db"
    args = [str(PARISH[0]), "--date", "2012-13-45"] + (["--db", str(db)] if command is ingest else [])
    line = _one_line_error(CliRunner().invoke(command, args))
    assert line.startswith("Error: --date: '2012-13-45' is not a date")
    assert not db.exists()


def test_date_flag_is_read_day_first_and_wins(tmp_path):
    db = tmp_path / "d.db"
    result = CliRunner().invoke(ingest, [str(PARISH[0]), "--db", str(db), "--date", "01/02/2013", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert sqlite3.connect(db).execute("SELECT meeting_date FROM documents").fetchone() == ("2013-02-01",)


def test_a_sidecar_date_that_is_no_date_fails_that_file_only(tmp_path):
    bad, good = tmp_path / "Minutes 11 July 2012.txt", tmp_path / "august.txt"
    shutil.copy(PARISH[0], bad)
    shutil.copy(PARISH[1], good)
    (tmp_path / (bad.name + ".meta.json")).write_text(json.dumps({"meeting_date": "31/06/2012"}), encoding="utf-8")
    conn = store.connect(tmp_path / "s.db")
    summary = store.ingest(conn, [bad, good], progress=False)
    assert summary.outcomes["new"] == 1 and summary.outcomes["failed"] == 1
    [(file, reason)] = summary.failures
    assert file == str(bad)
    assert reason == f"{bad.name}.meta.json, meeting_date: '31/06/2012' is not a date: write a day, day first " \
                     f"(14/01/2025, 14 January 2025) or ISO (2025-01-14)"


def test_meeting_dates_are_typed_as_dates_in_pandas_and_parquet(tmp_path):
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from pipeline import dataset

    conn = store.connect(tmp_path / "t.db")
    store.ingest(conn, PARISH[:2], progress=False)
    frame = dataset.documents(conn)
    assert str(frame["meeting_date"].dtype).startswith("datetime64")
    assert list(frame["meeting_date"]) == [pd.Timestamp("2012-07-11"), pd.Timestamp("2012-08-08")]
    recs = dataset.records(conn)
    assert str(recs["meeting_date"].dtype).startswith("datetime64")
    out = tmp_path / "out"
    for fmt in ("parquet", "csv", "jsonl"):
        store.export(conn, out, fmt)
    assert pq.read_schema(out / "documents.parquet").field("meeting_date").type == pa.date32()
    assert sorted(pd.read_csv(out / "documents.csv")["meeting_date"]) == ["2012-07-11", "2012-08-08"]
    lines = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["meeting_date"] for x in lines) == ["2012-07-11", "2012-08-08"]


def test_a_schema_1_database_is_upgraded_with_its_uk_dates_made_iso(tmp_path):
    """Schema 1 stored a manifest's dates verbatim; opening it for ingest reads them day first."""
    db = tmp_path / "old.db"
    conn = store.connect(db)
    store.ingest(conn, PARISH[:2], progress=False)
    conn.execute("UPDATE documents SET meeting_date = '08/08/2012' WHERE stem = ?", (PARISH[1].stem,))
    conn.execute("UPDATE documents SET meeting_date = 'summer' WHERE stem = ?", (PARISH[0].stem,))
    conn.execute("ALTER TABLE followups DROP COLUMN due_date")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store.open_existing(db).close()  # an older database is brought up to date when first opened
    conn = store.connect(db)
    assert dict(conn.execute("SELECT stem, meeting_date FROM documents").fetchall()) == \
        {PARISH[0].stem: None, PARISH[1].stem: "2012-08-08"}
    assert "due_date" in {c["name"] for c in conn.execute("PRAGMA table_info(followups)")}
    summary = store.ingest(conn, PARISH[:2], progress=False)    # nothing new: the tracker is rebuilt all the same
    assert summary.outcomes["unchanged"] == 2 and store.followups_complete(conn)
    assert [p for p, _ in summary.left_out] == []               # warnings are for documents stored by this run
    assert [d["stem"] for d in store.left_out_documents(conn)] == [PARISH[0].stem]


def test_the_documents_row_keeps_every_field_beside_the_iso_date(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"path,council,meeting_date,doc_type,url,licence\n{PARISH[0]},Stoke Ferry,11/07/2012,"
                        f"minutes,https://example.org/july,public\n", encoding="utf-8")
    conn = store.connect(tmp_path / "row.db")
    store.ingest(conn, [PARISH[0]], manifest=load_manifest(manifest), progress=False)
    row = conn.execute("SELECT meeting_date, title, doc_type, url, licence FROM documents").fetchone()
    assert tuple(row) == ("2012-07-11", "Minutes of Stoke Ferry Parish Council meetng held on 11 July 2012", "minutes",
                          "https://example.org/july", "public")


def test_a_month_is_known_whole_or_cut_short_and_no_other_word_is():
    """The one month list (pipeline.dates) serves the figure rules' "a name ending in a number" test too."""
    from pipeline.dates import is_month

    assert all(is_month(w) for w in ("March", "Sept", "sept.", "Jun", "DECEMBER", "May"))
    assert not any(is_month(w) for w in ("Mayor", "Decision", "Marsh", "Junior"))
