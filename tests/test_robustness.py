"""No input may hang the program, crash it, or cost a stored document (issue 8).

Every kind of bad input the audit found (tests/bad_inputs.py) is refused in one
line naming the file and the reason, through the library and the CLI; the good
documents among them are read, extracted and stored; a document past its time
budget costs that document only; and a mixed batch with the bundled corpus
stores every good document.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline import api, store, workers
from pipeline.cli import main
from pipeline.errors import ReadError
from pipeline.paths import path_key

from . import bad_inputs
from .bad_inputs import CASES, KINDS, PAYEE_LINE, build_all, faults
from .conftest import CORPUS, ROOT, extract_stalls_on

REFUSED = [k for k in KINDS if not k.good]
GOOD = [k for k in KINDS if k.good]


@pytest.fixture(scope="module", autouse=True)
def loaded_pipeline():
    """spaCy loaded here once, so the worker processes forked from this one share it instead of each loading it."""
    from pipeline.nlp import get_nlp

    get_nlp()


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Every kind built once (the 20 MB text and the 150 MB DOCX take a second or two)."""
    built = build_all(KINDS, tmp_path_factory.mktemp("bad"))
    return {m.kind.name: m for m in built}


def _one_line_naming(message: str, named: Path, reason: str) -> None:
    assert bad_inputs.clear(message, named, reason), message


# ---- every kind, through the library and the CLI -------------------------------------------

@pytest.mark.parametrize("kind", REFUSED, ids=lambda k: k.name)
def test_library_refuses_in_one_line_naming_the_file_and_reason(kind, made):
    m = made[kind.name]
    with faults([m]):
        files = api.expand_paths([m.path])
        if kind.name == "folder with no documents":
            assert files == [] and api.empty_folders([m.path], files) == [str(m.path)]
            return
        assert files == [m.named]
        with pytest.raises(ReadError) as e:
            api.read(files[0])
    _one_line_naming(str(e.value), m.named, kind.reason)


@pytest.mark.parametrize("command", ["parse", "extract"])
@pytest.mark.parametrize("kind", REFUSED, ids=lambda k: k.name)
def test_cli_refuses_in_one_line_naming_the_file_and_reason(kind, command, made, tmp_path):
    m = made[kind.name]
    out = ["--out", str(tmp_path / "out")] if command == "extract" else []
    with faults([m]):
        result = CliRunner().invoke(main, [command, str(m.path), *out, "--jobs", "1", "--timeout", "30"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = bad_inputs.refusal_lines(result.stderr, m.named)
    assert len(lines) == 1, result.stderr
    _one_line_naming(lines[0], m.named, kind.reason)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # no 0-byte JSON


@pytest.mark.parametrize("kind", GOOD, ids=lambda k: k.name)
def test_good_documents_among_the_bad_are_read_and_extracted(kind, made, tmp_path):
    m = made[kind.name]
    files = api.expand_paths([m.path])
    assert len(files) == 1
    doc = api.read(files[0])
    assert kind.text in doc.text
    result = CliRunner().invoke(main, ["extract", str(m.path), "--out", str(tmp_path), "--jobs", "1",
                                       "--timeout", "60"])
    assert result.exit_code == 0, result.stderr
    written = list(tmp_path.glob("*.json"))
    assert len(written) == 1 and json.loads(written[0].read_text(encoding="utf-8"))["records"] is not None


def test_a_literal_name_with_brackets_is_read_as_itself_not_as_a_pattern(made):
    m = made["file name holding [ ]"]
    assert m.path.name == "Minutes [draft].txt" and (m.path.parent / "Minutes d.txt").exists()
    result = CliRunner().invoke(main, ["parse", str(m.path), "--format", "text", "--jobs", "1"])
    assert result.exit_code == 0
    assert result.stdout.strip() == pipeline.read(bad_inputs.SEED).text.strip()


def test_a_file_name_that_is_not_utf8_is_stored_and_printed(made, tmp_path):
    m = made["non-UTF-8 file name"]
    conn = store.connect(tmp_path / "names.db")
    summary = store.ingest(conn, [m.path], progress=False, jobs=1, timeout=60)
    assert summary.outcomes["new"] == 1 and not summary.failures
    stored = conn.execute("SELECT path FROM documents").fetchone()[0]
    assert stored.endswith("minutes-caf\ufffd-2012.txt")
    result = CliRunner().invoke(main, ["extract", str(m.path), "--out", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 0 and "minutes-caf\ufffd-2012.txt ->" in result.stderr
    assert [p.stat().st_size > 0 for p in (tmp_path / "out").iterdir()] == [True]


def test_a_symlink_loop_is_an_error_row_and_the_good_files_after_it_are_stored(tmp_path):
    folder = tmp_path / "minutes"
    folder.mkdir()
    bad_inputs.symlink_loop(folder)
    (folder / "zz-minutes.txt").write_bytes(bad_inputs.SEED.read_bytes())
    conn = store.connect(tmp_path / "loop.db")
    summary = store.ingest(conn, [folder], progress=False, jobs=1, timeout=60)
    assert summary.outcomes["new"] == 1 and summary.outcomes["failed"] == 1
    file, reason = conn.execute("SELECT file, reason FROM errors").fetchone()
    assert file == path_key(folder / "loop.txt") and "symlink loop" in reason


def test_an_unreadable_folder_is_reported_not_skipped(made, tmp_path):
    """chmod 000 stops anyone but root, and the suite runs as root: the listing failure is simulated."""
    m = made["unreadable folder"]
    db = tmp_path / "locked.db"
    with faults([m]):
        result = CliRunner().invoke(main, ["ingest", str(m.path.parent), "--db", str(db), "--no-progress",
                                           "--jobs", "1"])
    assert result.exit_code == 1
    assert f"{m.path}: cannot read folder (permission denied)" in result.output
    conn = store.connect(db)
    assert conn.execute("SELECT reason FROM errors").fetchall()[0][0] == "cannot read folder (permission denied)"


def test_a_folder_with_no_documents_says_so(made, tmp_path):
    m = made["folder with no documents"]
    result = CliRunner().invoke(main, ["ingest", str(m.path), "--db", str(tmp_path / "e.db"), "--no-progress"])
    assert result.exit_code == 1 and f"no documents found in {m.path}" in result.output


def test_a_fifo_and_dev_zero_never_block_ingest(made, tmp_path):
    paths = [made["fifo"].path, made["folder holding a fifo"].path, "/dev/zero", bad_inputs.SEED]
    conn = store.connect(tmp_path / "special.db")
    started = time.monotonic()
    summary = store.ingest(conn, paths, progress=False, jobs=1, timeout=60)
    assert time.monotonic() - started < 60
    assert summary.outcomes["new"] == 1 and summary.outcomes["failed"] == 3
    reasons = dict(conn.execute("SELECT file, reason FROM errors").fetchall())
    assert reasons["/dev/zero"] == "not a regular file but a device; not read"


# ---- the audit's files: text kept, nothing expanded ------------------------------------------

def _words(text: str) -> str:
    """Letters, digits and currency only: the reader straightens quotes and moves list labels out of the text."""
    return " ".join(re.findall(r"[^\W_]+|[£€%]", text))


def test_mixed_utf8_and_cp1252_keeps_every_paragraph():
    raw = (CASES / "mixed_encoding.txt").read_bytes()
    doc = pipeline.read(CASES / "mixed_encoding.txt")
    text = _words(doc.text)
    for p in (p for p in raw.split(b"\n") if p.strip()):
        try:
            line = p.decode("utf-8")
        except UnicodeDecodeError:
            line = p.decode("cp1252")
        line = re.sub(r"^\W*\d+(?:\.\d+)*\W*", "", line)  # its list label
        assert _words(line) in text, line
    assert "Renée" in doc.text and "£5m" in doc.text and "\ufffd" not in doc.text and "Â" not in doc.text


def test_utf16_without_bom_is_read_as_text():
    raw = (CASES / "utf16le_no_bom.txt").read_bytes()
    assert not raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    doc = pipeline.read(CASES / "utf16le_no_bom.txt")
    first = raw.decode("utf-16-le").strip().split("\n")[0].strip()
    assert doc.format == "txt" and doc.text.startswith(first)


def test_html_nested_300_deep_keeps_its_text():
    doc = pipeline.read(CASES / "html_depth_300_loses_text.html")
    for sentence in ("Councillor Jones asked about the library.", "Councillor Smith asked about the £2m overspend.",
                     "RESOLVED: that the report be noted."):
        assert sentence in doc.text


def test_moderngov_xml_with_a_doctype_is_read_with_no_entity_expanded(tmp_path):
    doc = pipeline.read(CASES / "moderngov_with_doctype.xml")
    assert doc.format == "xml" and doc.meeting_date == "2026-02-10" and "Work Programme" in doc.text
    laughs = bad_inputs.billion_laughs(tmp_path)
    with pytest.raises(ReadError, match="none was expanded"):
        pipeline.read(laughs)


# ---- time budget and hangs -----------------------------------------------------------------

def test_the_payee_bracket_line_extracts_within_the_budget(made):
    """'ACME(tree surgery)      £310.00' looped the figure finder forever; now it must finish, and if it
    ever loops again the budget stops it and this test fails instead of hanging."""
    m = made["payee bracket line"]
    assert PAYEE_LINE in m.path.read_text(encoding="utf-8")
    started = time.monotonic()
    [outcome] = workers.process([m.path], timeout=30)
    assert outcome.error is None, outcome.error
    assert time.monotonic() - started < 30
    assert any(r.type == "figure" for r in outcome.records)


def _children() -> list[int]:
    """Process ids whose parent is this process (worker processes left behind)."""
    me, out = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                out.append(int(entry))
    return out


SLOW, QUICK = CORPUS / "seeds" / "000_31e354d2ef60ea1b.txt", CORPUS / "seeds" / "004_94d6de7b9655115d.txt"


@pytest.fixture
def slow_extractor(monkeypatch):
    """pipeline.extract swapped for a stand-in that never finishes SLOW."""
    extract_stalls_on(monkeypatch, SLOW, 600)


def test_the_library_stops_a_document_past_its_budget_and_goes_on(slow_extractor):
    before = set(_children())
    started = time.monotonic()
    outcomes = list(workers.process([SLOW, QUICK], timeout=1, jobs=1))
    assert time.monotonic() - started < 30
    assert str(outcomes[0].error) == f"{SLOW}: extraction exceeded 1 s"
    assert outcomes[1].error is None and outcomes[1].records == []
    assert set(_children()) - before == set(), "a worker process was left running"


@pytest.mark.parametrize("how", ["--timeout", "SCRUTINY_TIMEOUT"])
def test_a_document_past_its_budget_is_an_error_row_and_the_batch_goes_on(tmp_path, slow_extractor, how):
    slow, good = SLOW, QUICK
    db = tmp_path / "budget.db"
    before = set(_children())
    started = time.monotonic()
    budget = ["--timeout", "1"] if how == "--timeout" else []
    result = CliRunner(env={"SCRUTINY_TIMEOUT": "1"} if how != "--timeout" else {}).invoke(
        main, ["ingest", str(slow), str(good), "--db", str(db), "--no-progress", "--jobs", "1", *budget])
    assert time.monotonic() - started < 30
    assert result.exit_code == 1
    assert f"error: {slow}: extraction exceeded 1 s" in result.stderr
    conn = store.connect(db)
    assert [tuple(r) for r in conn.execute("SELECT file, reason FROM errors")] == [(path_key(slow), "extraction exceeded 1 s")]
    assert [r[0] for r in conn.execute("SELECT path FROM documents")] == [path_key(good)]
    assert set(_children()) - before == set(), "a worker process was left running"


@pytest.mark.parametrize("name", ["20 MB text of real minutes", "docx with 150 MB of XML",
                                  "5,000 closing brackets", "a 100 KB token"])
def test_oversized_inputs_are_refused_quickly_with_flat_memory(name, made):
    """Refused in well under the budget, in a fresh process whose peak memory stays that of a small read.

    The read runs in that process (no worker), and its peak is VmHWM, which exec resets: ru_maxrss would
    carry over the high-water mark of the forked test process, spaCy and all."""
    m = made[name]
    probe = ("import sys, time; from pipeline import workers\n"
             "t = time.monotonic(); [o] = workers.process([sys.argv[1]], timeout=None)\n"
             "print(time.monotonic() - t, o.error, sep='|')\n"
             "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    out = subprocess.run([sys.executable, "-c", probe, str(m.path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=200, check=True).stdout.splitlines()
    seconds, error = out[0].split("|", 1)
    assert float(seconds) < 30 and m.kind.reason in error
    assert int(out[1]) < 250 * 1024, f"peak memory {int(out[1]) // 1024} MB"


# ---- a mixed batch loses nothing -----------------------------------------------------------

def test_a_mixed_batch_of_every_bad_kind_and_the_corpus_stores_every_good_document(made, tmp_path):
    items = list(made.values())
    db = tmp_path / "mixed.db"
    with faults(items):
        result = CliRunner().invoke(main, ["ingest", str(CORPUS), *(str(m.path) for m in items), "--db", str(db),
                                           "--no-progress", "--jobs", "2", "--timeout", "120"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    good = api.expand_paths([CORPUS] + [m.path for m in items if m.kind.good])
    expected = {pipeline.read(p).id for p in good}
    conn = sqlite3.connect(db)
    stored = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert stored == expected, f"lost: {expected - stored}"
    errors = {r[0]: r[1] for r in conn.execute("SELECT file, reason FROM errors")}
    for m in items:
        if not m.kind.good and m.kind.name != "folder with no documents":
            assert m.kind.reason in errors[path_key(m.named)], m.kind.name
    assert f"no documents found in {made['folder with no documents'].path}" in result.output
