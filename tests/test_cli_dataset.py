"""The dataset commands (ingest, search, followups, export) through click's CliRunner, on the real corpus."""
from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import subprocess
from datetime import date
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import pipeline
from pipeline import store
from pipeline.cli.dataset import FOLLOWUP_COLUMNS, FOLLOWUP_CSV_COLUMNS, export, followups, ingest, search

from .conftest import PARISH, ROOT, SEEDS

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

FILES = PARISH[:2] + [SEEDS[3]]
SCORER = ROOT / "eval" / "score.py"  # the vendored reference scorer, run as the client runs it


def run(command, *args: str):
    return CliRunner().invoke(command, [str(a) for a in args])


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """Two Stoke Ferry meetings and a Thurrock seed, ingested through the command."""
    path = tmp_path_factory.mktemp("cli") / "scrutiny.db"
    result = run(ingest, *FILES, "--db", path)
    assert result.exit_code == 0, result.output
    return path


def one_line_error(result) -> str:
    """The whole output of a failed command: exactly one line starting 'Error: ', no traceback."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


# ---- ingest -----------------------------------------------------------------------

def test_ingest_prints_a_summary_and_stores_the_documents(db):
    conn = store.open_existing(db)
    assert sorted(r[0] for r in conn.execute("SELECT stem FROM documents")) == sorted(p.stem for p in FILES)
    again = run(ingest, *FILES, "--db", db)
    assert again.exit_code == 0
    assert again.stdout.splitlines()[0] == "read 3 files: 0 new, 0 replaced, 3 unchanged, 0 duplicate, 0 failed"
    assert again.stdout.splitlines()[1] == "records added: 0"
    totals = store.counts(conn)
    by_type = ", ".join(f"{t} {totals['records'].get(t, 0)}" for t in pipeline.records.RECORD_TYPES)
    assert f"{db}: 3 documents; records: {by_type};" in again.stdout


def test_ingest_reports_bad_files_and_keeps_the_rest(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01\x02\xff" * 500)
    target = tmp_path / "db" / "new.db"  # the folder is created
    result = run(ingest, PARISH[0], empty, junk, "--db", target)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "read 3 files: 1 new, 0 replaced, 0 unchanged, 0 duplicate, 2 failed"
    n = sqlite3.connect(target).execute("SELECT count(*) FROM records").fetchone()[0]
    assert lines[1].startswith(f"records added: {n}")
    assert f"  failed: {empty}: empty file" in lines
    assert f"error: {empty}: empty file" in result.stderr
    assert "Traceback" not in result.output
    errors = sqlite3.connect(target).execute("SELECT file, reason FROM errors ORDER BY file").fetchall()
    assert [Path(f).name for f, _ in errors] == ["empty.txt", "junk.pdf"]
    assert all(reason and "\n" not in reason for _, reason in errors)


def test_ingest_takes_metadata_from_a_manifest(tmp_path):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(f"path,council,committee,meeting_date\n{SEEDS[3]},Thurrock,Health Scrutiny,2018-11-08\n",
                        encoding="utf-8")
    result = run(ingest, SEEDS[3], "--db", tmp_path / "m.db", "--manifest", manifest)
    assert result.exit_code == 0, result.output
    row = sqlite3.connect(tmp_path / "m.db").execute("SELECT council, committee, meeting_date FROM documents").fetchone()
    assert row == ("Thurrock", "Health Scrutiny", "2018-11-08")


def test_ingest_fails_when_the_tracker_fails(tmp_path, monkeypatch):
    """A broken tracker is an error and exit status 1, never a notice under a successful run."""
    from pipeline import followup

    def broken(docs, memo=None):
        raise RuntimeError("tracker fault")

    monkeypatch.setattr(followup, "track", broken)
    result = run(ingest, PARISH[0], "--db", tmp_path / "t.db", "--no-progress")
    assert result.exit_code == 1, result.output
    assert "error: follow-ups not computed (RuntimeError: tracker fault); run ingest again" in result.output
    assert "1 new" in result.output  # the document itself is stored


# ---- search -----------------------------------------------------------------------

def a_stored_action(db: Path) -> tuple[str, str, str]:
    """(document, id, a distinctive word of its quote) for some extracted action."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT document, id, quote FROM records WHERE type = 'action' ORDER BY pk").fetchall()
    assert rows, "the parish minutes have actions"
    document, rid, quote = rows[0]
    word = max(re.findall(r"[A-Za-z]{4,}", quote), key=len)
    return document, rid, word


def test_search_json_finds_a_record_with_highlighted_snippet(db):
    document, rid, word = a_stored_action(db)
    result = run(search, word, "--type", "action", "--format", "json", "--db", db, "--limit", "50")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert (document, rid) in [(h["document"], h["id"]) for h in found]
    assert all(h["type"] == "action" for h in found)
    hit = next(h for h in found if (h["document"], h["id"]) == (document, rid))
    assert re.search(r"\[" + word + r"\]", hit["snippet"], re.I)
    assert [h["rank"] for h in found] == sorted((h["rank"] for h in found), reverse=True)


def test_search_table_and_csv(db):
    document, rid, word = a_stored_action(db)
    table = run(search, word, "--db", db)
    assert table.exit_code == 0
    # Piped (as here): plain tab-separated rows, a header first.
    assert table.stdout.splitlines()[0].split("\t") == ["TYPE", "WHO", "DOCUMENT", "MEETING_DATE", "PAGE", "STATUS",
                                                        "FIGURE", "SNIPPET"]
    assert document in table.stdout
    out = run(search, word, "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {"rank", "type", "id", "document", "meeting_date", "snippet", "quote"} <= set(rows[0])
    assert (document, rid) in [(r["document"], r["id"]) for r in rows]


def test_search_filters_narrow_the_results(db):
    document, rid, word = a_stored_action(db)
    def found(*extra):
        result = run(search, word, "--format", "json", "--db", db, "--limit", "100", *extra)
        assert result.exit_code == 0, result.output
        return [(h["document"], h["id"]) for h in json.loads(result.stdout)]

    assert (document, rid) in found("--council", "stoke ferry")
    assert found("--council", "Thurrock") == []
    assert found("--since", "2013") == []
    assert (document, rid) in found("--until", "2012-07")
    questions = found("--type", "question")
    assert (document, rid) not in questions and all(h[1].startswith("q") for h in questions)
    status = sqlite3.connect(db).execute("SELECT status FROM followups WHERE document = ? AND action = ?",
                                         (document, rid)).fetchone()[0]
    assert (document, rid) in found("--status", status)
    other = next(s for s in store.ACTION_STATUSES if s != status)
    assert (document, rid) not in found("--status", other)


def test_search_documents_mode(db):
    result = run(search, "Golden Jubilee", "--documents", "--format", "json", "--db", db)
    assert [h["document"] for h in json.loads(result.stdout)] == [PARISH[0].stem]
    assert "[Golden] [Jubilee]" in json.loads(result.stdout)[0]["snippet"]
    assert "apply to records" in run(search, "x", "--documents", "--type", "action", "--db", db).output


@pytest.mark.parametrize("args, message", [
    (['"missing children'], 'Error: unbalanced double quote in search query \'"missing children\''),
    (["*"], "Error: nothing to search for in '*': give one or more words"),
    (["-"], "Error: nothing to search for in '-': give one or more words"),
    (["budget OR housing"], "Error: 'OR' is FTS5 query syntax: use --raw to combine terms with operators"),
    (["AND", "--raw"], "Error: operator AND needs a search term on each side, as in 'budget AND housing'"),
    (["NOT", "--raw"], "Error: operator NOT needs a search term on each side, as in 'budget NOT housing'"),
    (["*", "--raw"], "Error: '*' must follow a word, as in 'hous*' (prefix search)"),
    (["-", "--raw"], "Error: '-' is not a search term"),
    (["clerk", "--since", "last week"], "Error: --since 'last week' is not a date: write YYYY-MM-DD, YYYY-MM, YYYY or 14/01/2025"),
    (["clerk\x00parish", "--raw"], "Error: search query contains a NUL character (\\0), which would cut it short"),
    (["parish " * 15_000], "Error: search query is 104,999 characters long, over the limit of 1,000"),
    (["rank: clerk", "--raw"], "Error: cannot parse search query 'rank: clerk': 'rank' is read as a column name"),
    (["clerk AND (parish", "--raw", "--documents"], "Error: cannot parse search query 'clerk AND (parish': the query "
                                                     "ends before it is complete"),
])
def test_malformed_queries_print_one_clear_line(db, args, message):
    line = one_line_error(run(search, *args, "--db", db))
    assert line.startswith(message)
    assert "sqlite" not in line.lower() and "OperationalError" not in line


def test_commands_refuse_a_missing_database_without_creating_it(tmp_path):
    missing = tmp_path / "none.db"
    for command, args in ((search, ["clerk"]), (followups, []), (export, ["--format", "csv", "--out", tmp_path])):
        line = one_line_error(run(command, *args, "--db", missing))
        assert line == f"Error: no database at {missing}: run `scrutiny ingest PATH --db {missing}` first"
    assert not missing.exists()


# ---- followups --------------------------------------------------------------------

def test_followups_json_is_the_spec_list(db):
    result = run(followups, "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    conn = sqlite3.connect(db)
    actions = set(conn.execute("SELECT document, id FROM records WHERE type = 'action' "
                               "AND document != ?", (SEEDS[3].stem,)).fetchall())   # the seed gives no date
    assert {(i["document"], i["action"]) for i in items} == actions
    assert result.stderr.startswith(f"note: 1 document left out of follow-ups: {SEEDS[3].stem} (no meeting date)")
    for i in items:  # the spec's keys first, then the csv's other fields
        assert list(i)[:5] == ["document", "action", "quote", "status", "evidence"]
        assert set(list(i)[5:]) == set(FOLLOWUP_CSV_COLUMNS) - set(list(i)[:5])
        assert i["status"] in store.ACTION_STATUSES
        assert all(list(e) == ["document", "quote"] and e["quote"] for e in i["evidence"])
    quotes = dict(((d, r), q) for d, r, q in conn.execute("SELECT document, id, quote FROM records"))
    assert all(i["quote"] == quotes[(i["document"], i["action"])] for i in items)


def test_the_scorer_reads_followups_json(db, tmp_path):
    out = tmp_path / "followups.json"
    out.write_text(run(followups, "--format", "json", "--db", db).stdout, encoding="utf-8")
    scored = subprocess.run([sys.executable, str(SCORER), "--gold", str(ROOT / "gold" / "dev"),
                             "--followups", str(out), "--json"], capture_output=True, text=True, check=True)
    report = json.loads(scored.stdout)
    assert report["gold"] > 0
    assert report["matched"] > 0  # our objects were located in the gold series: the shape is right


def test_followups_filters_and_other_formats(db):
    every = json.loads(run(followups, "--format", "json", "--db", db).stdout)
    status = every[0]["status"]
    some = json.loads(run(followups, "--format", "json", "--status", status, "--db", db).stdout)
    assert some == [i for i in every if i["status"] == status]
    council = sqlite3.connect(db).execute("SELECT council FROM documents WHERE stem = ?", (PARISH[0].stem,)).fetchone()[0]
    assert json.loads(run(followups, "--format", "json", "--council", council.upper(), "--db", db).stdout) == \
        [i for i in every if i["document"] in (PARISH[0].stem, PARISH[1].stem)]
    rows = list(csv.DictReader(io.StringIO(run(followups, "--format", "csv", "--db", db).stdout)))
    assert list(rows[0]) == list(FOLLOWUP_CSV_COLUMNS) and len(rows) == len(every)
    assert [(r["document"], r["action"]) for r in rows] == [(i["document"], i["action"]) for i in every]
    for r, i in zip(rows, every):  # the table says overdue where the spec's status is open and the due date passed
        if r["status"] == "overdue":
            assert i["status"] != "resolved" and r["due_date"] < date.today().isoformat()
        else:
            assert r["status"] == i["status"]
    table = run(followups, "--db", db, "--limit", "0").stdout.splitlines()
    assert table[0].split("\t") == [c.upper() for c in FOLLOWUP_COLUMNS]
    assert len(table) == len(every) + 1


# ---- export -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt, reader", [("csv", pd.read_csv), ("parquet", pd.read_parquet),
                                         ("jsonl", lambda p: pd.read_json(p, lines=True))])
def test_export_writes_one_readable_file_per_table(db, tmp_path, fmt, reader):
    result = run(export, "--format", fmt, "--out", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == [str(tmp_path / "out" / f"{t}.{fmt}") for t in store.TABLES]
    conn = sqlite3.connect(db)
    for table in store.TABLES:
        frame = reader(tmp_path / "out" / f"{table}.{fmt}")
        assert len(frame) == conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    recs = reader(tmp_path / "out" / f"records.{fmt}")
    assert list(recs.columns) == ["pk", *store.RECORD_COLUMNS]
    stored = dict(((d, r), q) for d, r, q in conn.execute("SELECT document, id, quote FROM records"))
    assert dict(((d, r), q) for d, r, q in zip(recs["document"], recs["id"], recs["quote"])) == stored
    docs = reader(tmp_path / "out" / f"documents.{fmt}")
    assert sorted(docs["stem"]) == sorted(p.stem for p in FILES)


def test_a_file_that_is_not_a_database_is_one_line_error(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("these are notes, not SQLite " * 20, encoding="utf-8")
    assert one_line_error(run(search, "clerk", "--db", junk)) == \
        f"Error: {junk} is not a scrutiny database (file is not a database)"
    assert one_line_error(run(ingest, SEEDS[3], "--db", junk)) == \
        f"Error: cannot use {junk} as a scrutiny database: file is not a database"
    assert junk.read_text(encoding="utf-8").startswith("these are notes")
