"""The CLI as a person meets it: in a terminal (tables that fit), in a pipe (plain, whole, quiet), and bare.

Run on the bundled corpus's database (``corpus_db``) and on real corpus files.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import api, store
from pipeline.cli import main
from pipeline.cli.formatting import figure_text, plural, table
from pipeline.cli.dataset import FOLLOWUP_COLUMNS, FOLLOWUP_CSV_COLUMNS, SEARCH_CSV_COLUMNS

from .conftest import PARISH, ROOT, SEEDS, scrutiny_command



def cli(*args, env=None):
    return CliRunner(env=env).invoke(main, [str(a) for a in args])


def ok(*args, env=None):
    result = cli(*args, env=env)
    assert result.exit_code == 0, result.output
    return result


# ---- tables that fit -----------------------------------------------------------------

@pytest.mark.parametrize("width", [80, 120, 200])
def test_followups_table_fits_the_width_and_wraps_quotes_whole(corpus_db, width):
    result = ok("followups", "--db", corpus_db, "--council", "Stoke Ferry", "--max-width", width, "--limit", 5)
    out = result.stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    note = re.search(r"not shown, to fit \d+ characters: (.*) \(-c chooses columns\)", result.stderr)
    left_out = note.group(1).split(", ") if note else []
    assert (width == 200) == (left_out == [])
    assert lines[0].split() == [c.upper() for c in FOLLOWUP_COLUMNS if c not in left_out]
    assert {"DOCUMENT", "ACTION", "STATUS", "QUOTE"} <= set(lines[0].split())
    items = json.loads(ok("followups", "--db", corpus_db, "--council", "Stoke Ferry", "--format", "json").stdout)[:5]
    words = out.split()
    for item in items:  # every word of every quote is printed, in order: wrapped, never cut to 40 characters
        quote = item["quote"].split()
        at = words.index(quote[0]) if quote[0] in words else -1
        assert at >= 0 and all(w in words for w in quote), item["quote"]
        assert "…" not in out
    statuses = {i["status"] for i in items} | {"overdue"}  # the table says overdue where the spec says open
    status_col = lines[0].index("STATUS")
    for line in lines[2:]:  # a status is never split across lines
        cell = line[status_col:status_col + 11].strip()
        assert cell == "" or cell in statuses, line


def test_the_layout_never_breaks_a_word_it_can_keep_whole():
    rows = [{"status": "outstanding", "owner": "Cllr Nicholas-Letch", "quote": "word " * 60}]
    out = table(rows, ["status", "owner", "quote"], 60, wrap=("owner", "quote"))
    assert "Nicholas-Letch" in out and "outstanding" in out
    assert all(len(line) <= 60 for line in out.splitlines())


def test_piped_tables_are_plain_whole_rows(corpus_db):
    out = ok("search", "missing children", "--db", corpus_db).stdout
    rows = [line.split("\t") for line in out.splitlines()]
    assert len({len(r) for r in rows}) == 1 and rows[0][0] == "TYPE"
    quote = "Councillor Redsell wished to know more details on why and where [children] went [missing]."
    assert quote in out  # whole, on one line


def test_columns_can_be_chosen_for_table_csv_and_json(corpus_db):
    args = ("search", "missing children", "--db", corpus_db, "-c", "type,document", "-c", "snippet")
    assert ok(*args).stdout.splitlines()[0].split("\t") == ["TYPE", "DOCUMENT", "SNIPPET"]
    assert ok(*args, "--format", "csv").stdout.splitlines()[0] == "type,document,snippet"
    assert all(list(r) == ["type", "document", "snippet"] for r in json.loads(ok(*args, "--format", "json").stdout))
    bad = cli("search", "missing", "--db", corpus_db, "-c", "colour")
    assert bad.exit_code == 2 and "unknown column 'colour'" in bad.output


# ---- limits -----------------------------------------------------------------------------

def test_table_shows_20_and_says_so_while_csv_json_and_limit_0_give_all(corpus_db):
    total = store.open_existing(corpus_db).execute("SELECT count(*) FROM followups").fetchone()[0]
    assert total > 20
    cut = ok("followups", "--db", corpus_db)
    assert len(cut.stdout.splitlines()) == 21
    assert cut.stderr.strip().splitlines()[-1] == f"showing 20 of {total} (--limit 0 for all)"
    assert len(ok("followups", "--db", corpus_db, "--limit", "0").stdout.splitlines()) == total + 1
    assert len(json.loads(ok("followups", "--db", corpus_db, "--format", "json").stdout)) == total
    assert len(list(csv.DictReader(io.StringIO(ok("followups", "--db", corpus_db, "--format", "csv").stdout)))) == total
    some = ok("followups", "--db", corpus_db, "--format", "json", "--limit", "3")
    assert len(json.loads(some.stdout)) == 3 and f"showing 3 of {total}" in some.stderr
    hits = store.search(store.open_existing(corpus_db), "council", limit=None)
    assert len(hits) > 20
    assert len(json.loads(ok("search", "council", "--db", corpus_db, "--format", "json").stdout)) == len(hits)


# ---- fields -------------------------------------------------------------------------------

def test_a_figure_shows_its_value_and_unit(corpus_db):
    found = json.loads(ok("search", "budget", "--type", "figure", "--db", corpus_db, "--format", "json").stdout)
    money = [f for f in found if f["unit"] == "gbp"]
    assert money and all(f["value"] is not None and f["measure"] for f in money)
    out = ok("search", "budget", "--type", "figure", "--db", corpus_db, "--limit", "0").stdout
    assert all(figure_text(f["value"], f["unit"]) in out for f in money)
    assert figure_text(61.5, "percent") == "61.5%" and figure_text(2000000, "gbp") == "£2,000,000"
    assert figure_text(35, "days") == "35 days" and figure_text(12, "count") == "12"


def test_json_carries_the_same_fields_as_csv(corpus_db):
    for args, columns in ((("search", "missing children"), SEARCH_CSV_COLUMNS), (("followups",), FOLLOWUP_CSV_COLUMNS)):
        header = next(csv.reader(io.StringIO(ok(*args, "--db", corpus_db, "--format", "csv").stdout)))
        assert header == list(columns)
        for obj in json.loads(ok(*args, "--db", corpus_db, "--format", "json").stdout):
            assert set(columns) <= set(obj), args


# ---- parse in a pipe ------------------------------------------------------------------------

def test_parse_of_several_files_is_json_lines_and_text_has_separators():
    lines = ok("parse", *PARISH[:2], SEEDS[0]).stdout.splitlines()
    docs = [json.loads(line) for line in lines]
    assert [Path(d["source"]).stem for d in docs] == [PARISH[0].stem, PARISH[1].stem, SEEDS[0].stem]
    one = json.loads(ok("parse", PARISH[0]).stdout)
    assert one["id"] == docs[0]["id"]
    text = ok("parse", *PARISH[:2], "--format", "text").stdout
    assert [line for line in text.splitlines() if line.startswith("==> ")] == [f"==> {p} <==" for p in PARISH[:2]]


def test_parse_into_head_ends_quietly():
    proc = subprocess.Popen(scrutiny_command() + ["parse", *map(str, PARISH + SEEDS)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert json.loads(first)["source"].endswith(PARISH[0].name)
    assert "BrokenPipe" not in err and "failed" not in err and "Traceback" not in err, err


# ---- bare, plurals, defaults --------------------------------------------------------------

def test_bare_scrutiny_prints_help_and_succeeds():
    result = cli()
    assert result.exit_code == 0
    assert "Usage:" in result.output and "ingest" in result.output and "serve" in result.output


def test_every_command_is_registered_from_the_cli_package():
    """A command module that fails to import fails here (and at start-up), instead of its commands vanishing."""
    from pipeline.cli import COMMANDS, main as group

    expected = {"parse", "extract", "ingest", "search", "optimize", "followups", "tracker", "show", "check", "remove",
                "export", "serve"}
    assert set(group.commands) == {c.name for c in COMMANDS} == expected
    assert all(c.callback.__module__.startswith("pipeline.cli") for c in COMMANDS), \
        [c.callback.__module__ for c in COMMANDS]


def test_plurals():
    assert [plural(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
    assert plural(1, "reply", "replies") == "1 reply" and plural(3, "reply", "replies") == "3 replies"


def test_one_document_is_said_in_the_singular(tmp_path):
    db = tmp_path / "one.db"
    out = ok("ingest", PARISH[0], "--db", db).stdout
    assert out.startswith("read 1 file: 1 new") and f"{db}: 1 document; " in out and "0 errors" in out
    extracted = ok("extract", PARISH[0], "--out", tmp_path / "records")
    summary = extracted.stderr.strip().splitlines()[-1]
    assert re.search(r"\(.*\)$", summary) and not re.search(r"\b1 \w+s\b", summary), summary


def test_scrutiny_db_names_the_default_database(corpus_db, tmp_path):
    found = ok("search", "missing children", "--format", "json", env={"SCRUTINY_DB": str(corpus_db)}).stdout
    assert json.loads(found)
    missing = cli("followups", env={"SCRUTINY_DB": str(tmp_path / "nowhere.db")})
    assert missing.exit_code == 1 and "nowhere.db" in missing.output


# ---- ingest ---------------------------------------------------------------------------------

def test_markdown_minutes_are_read_when_walking_a_folder(tmp_path):
    folder = tmp_path / "minutes"
    folder.mkdir()
    shutil.copy(PARISH[0], folder / "stokeferry-july.md")
    (folder / "README.md").write_text("# About these minutes\n", encoding="utf-8")
    assert [p.name for p in api.expand_paths([folder])] == ["stokeferry-july.md"]
    out = ok("ingest", folder, "--db", tmp_path / "md.db").stdout
    assert out.startswith("read 1 file: 1 new")
    stored = store.open_existing(tmp_path / "md.db").execute("SELECT stem, council FROM documents").fetchall()
    assert [tuple(r) for r in stored] == [("stokeferry-july", "Stoke Ferry Parish Council")]


def test_ingest_lists_documents_without_date_council_or_records(tmp_path):
    empty_item = tmp_path / "apologies.txt"
    empty_item.write_text("Apologies for absence\n\nThere were none.\n", encoding="utf-8")
    out = ok("ingest", SEEDS[0], PARISH[0], empty_item, "--db", tmp_path / "n.db").stdout
    assert "2 documents to check" in out
    notes = {line.split(": ", 1)[0].strip(): line.split(": ", 1)[1] for line in out.splitlines()
             if line.startswith("  ") and ": " in line}
    assert "no meeting date" in notes[str(SEEDS[0])]
    assert notes[str(empty_item)] == "no meeting date; no council; no records"
    assert str(PARISH[0]) not in notes


def test_ingest_takes_metadata_flags(tmp_path):
    db = tmp_path / "flags.db"
    ok("ingest", SEEDS[3], "--db", db, "--council", "Thurrock", "--committee", "Health Scrutiny",
       "--date", "2018-11-08", "--doc-type", "minutes")
    row = store.open_existing(db).execute("SELECT council, committee, meeting_date, doc_type FROM documents").fetchone()
    assert tuple(row) == ("Thurrock", "Health Scrutiny", "2018-11-08", "minutes")
