"""The SQLite dataset layer (pipeline.store, pipeline.dataset) on the real corpus.

Ingest, idempotence, replacement of a changed file, crash safety (SIGKILL
and Ctrl-C mid-ingest), bad files, FTS5 search with filters and malformed
queries, follow-up persistence and the pandas API.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path
from typing import Any, Optional

import pandas as pd
import pytest

import pipeline
from pipeline import dataset, store
from pipeline.records import Record

from .conftest import BUILT_PDF, PARISH, ROLLBACK_COLUMNS, ROOT as REPO, SEEDS, fts_ok, rows

pytestmark = pytest.mark.usefixtures("extract_once")

BATCH = PARISH[:3] + [SEEDS[0], BUILT_PDF]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def batch_db(tmp_path_factory) -> tuple[Path, store.IngestSummary]:
    """The parish series, a seed and the built PDF, ingested once for the read-only tests."""
    db = tmp_path_factory.mktemp("batch") / "scrutiny.db"
    conn = store.connect(db)
    summary = store.ingest(conn, [str(p) for p in BATCH], progress=False)
    conn.close()
    return db, summary


# ---- ingest -----------------------------------------------------------------------

def test_ingest_stores_every_document_keyed_by_content_hash(batch_db):
    db, summary = batch_db
    assert summary.outcomes == Counter(new=len(BATCH))
    assert not summary.failures and not summary.interrupted
    conn = store.open_existing(db)
    stored = {r["path"]: r for r in conn.execute("SELECT * FROM documents")}
    assert set(stored) == {str(p.resolve()) for p in BATCH}
    for path in BATCH:
        row = stored[str(path.resolve())]
        assert row["id"] == sha256(path)
        assert row["stem"] == path.stem
    pdf = stored[str(BUILT_PDF.resolve())]
    assert pdf["format"] == "pdf" and pdf["pages"] and pdf["pages"] > 1
    parish = stored[str(PARISH[0].resolve())]
    assert parish["meeting_date"] == "2012-07-11" and "Stoke Ferry" in parish["council"]
    assert parish["text_length"] == len(parish["text"]) > 1000
    fts_ok(conn)


@pytest.mark.parametrize("path", [PARISH[1], BUILT_PDF], ids=lambda p: p.name)
def test_stored_records_are_exactly_what_extraction_gives(batch_db, extract_once, path):
    db, summary = batch_db
    doc = pipeline.read(path)
    expected = [r.to_dict() for r in extract_once(doc)]  # the real extractor, not the cache
    conn = store.open_existing(db)
    assert store.stored_records(conn, doc.id) == sorted(expected, key=lambda r: (r["start"], r["end"]))
    stored_types = Counter(r["type"] for r in conn.execute("SELECT type FROM records WHERE document_id = ?",
                                                           (doc.id,)))
    assert stored_types == Counter(r["type"] for r in expected)


@pytest.mark.parametrize("path", [PARISH[1], BUILT_PDF], ids=lambda p: p.name)
def test_the_linker_reads_the_readers_blocks_from_the_store(batch_db, path):
    """Each document's blocks are stored as its reader gave them (a PDF's with their pages), and the follow-up
    linker's sentences and headings come from those blocks: the passages are the ones of the text's lines."""
    from pipeline.followup import segment

    db, _ = batch_db
    doc = pipeline.read(path)
    conn = store.open_existing(db)
    rows_, keys, docs = store.stored_meeting_docs(conn)
    meeting = docs[[r["id"] for r in rows_].index(doc.id)]
    assert meeting.blocks == doc.blocks and len(meeting.blocks) > 10
    assert all(meeting.text[b.start:b.end] == b.text for b in meeting.blocks)
    assert (path.suffix == ".pdf") == all(b.page for b in meeting.blocks)
    passages = segment(meeting.text, meeting.blocks)
    assert passages == segment(meeting.text) and any(p.is_heading for p in passages)
    assert {p.start for p in passages} <= {o for b in meeting.blocks for o in range(b.start, b.end)}


def test_summary_counts_the_records_added_by_type(batch_db):
    db, summary = batch_db
    conn = store.open_existing(db)
    assert summary.records == Counter(store.counts(conn)["records"])
    record_types = {r[0] for r in conn.execute("SELECT DISTINCT type FROM records")}
    assert record_types <= set(pipeline.records.RECORD_TYPES)


def test_ingest_twice_adds_nothing(tmp_path):
    db = tmp_path / "twice.db"
    conn = store.connect(db)
    first = store.ingest(conn, [str(p) for p in PARISH[:2]], progress=False)
    before = {t: rows(conn, t, drop=()) for t in ("documents", "records", "followups", "question_status")}
    second = store.ingest(conn, [str(p) for p in PARISH[:2]], progress=False)
    assert first.outcomes == Counter(new=2)
    assert second.outcomes == Counter(unchanged=2) and not second.records
    # Nothing rewritten: not even ingested_at or the rowids moved.
    assert {t: rows(conn, t, drop=()) for t in before} == before
    fts_ok(conn)


def test_folder_and_glob_arguments_are_expanded(tmp_path):
    folder = tmp_path / "in" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(PARISH[0], folder / PARISH[0].name)
    shutil.copy(PARISH[1], tmp_path / "in" / PARISH[1].name)
    conn = store.connect(tmp_path / "x.db")
    summary = store.ingest(conn, [str(tmp_path / "in"), str(tmp_path / "in" / "*.txt")], progress=False)
    assert summary.outcomes == Counter(new=2)
    assert {r[0] for r in conn.execute("SELECT stem FROM documents")} == {PARISH[0].stem, PARISH[1].stem}


def test_changed_file_replaces_its_earlier_version(tmp_path):
    target = tmp_path / SEEDS[0].name
    shutil.copy(SEEDS[0], target)
    target.chmod(0o644)
    conn = store.connect(tmp_path / "replace.db")
    store.ingest(conn, [str(target)], progress=False)
    old_id = sha256(target)
    # A real paragraph from another seed, with words the first seed does not have.
    donor = pipeline.read(SEEDS[3]).text.split("\n\n")
    paragraph = next(p for p in donor if len(p) > 200)
    with target.open("a", encoding="utf-8") as f:
        f.write("\n\n" + paragraph + "\n")
    second = store.ingest(conn, [str(target)], progress=False)

    assert second.outcomes == Counter(replaced=1)
    docs = conn.execute("SELECT id, text FROM documents WHERE path = ?", (str(target.resolve()),)).fetchall()
    assert len(docs) == 1 and conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert docs[0]["id"] == sha256(target) != old_id
    assert " ".join(paragraph.split()) in " ".join(docs[0]["text"].split())
    for table in ("records", "followups", "question_status"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE document_id = ?", (old_id,)).fetchone()[0] == 0
    expected = pipeline.extract(pipeline.read(target))
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == len(expected)
    # The text index forgot the old version and knows the new paragraph.
    word = max((w for w in paragraph.split() if w.isalpha() and w.lower() not in docs[0]["text"][:6000].lower()),
               key=len)
    hits = store.search_documents(conn, word)
    assert [h["document"] for h in hits] == [target.stem]
    fts_ok(conn)


def test_same_bytes_under_another_path_is_a_duplicate(tmp_path):
    copy = tmp_path / "copy-of-minutes.txt"
    shutil.copy(PARISH[0], copy)
    conn = store.connect(tmp_path / "dup.db")
    summary = store.ingest(conn, [str(PARISH[0]), str(copy)], progress=False)
    assert summary.outcomes == Counter(new=1, duplicate=1)
    assert [r[0] for r in conn.execute("SELECT path FROM documents")] == [str(PARISH[0].resolve())]


def test_bad_files_land_in_errors_and_the_batch_goes_on(tmp_path):
    conn = store.connect(tmp_path / "bad.db")
    store.ingest(conn, [str(PARISH[0])], progress=False)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 40)
    summary = store.ingest(conn, [str(empty), str(PARISH[1]), str(junk), str(tmp_path / "missing.txt")],
                           progress=False)

    assert summary.outcomes == Counter(new=1, failed=3)
    errors = {r["file"]: r["reason"] for r in conn.execute("SELECT * FROM errors")}
    assert errors == {str(empty.resolve()): "empty file",
                      str(junk.resolve()): "not a text document (binary content)",
                      str((tmp_path / "missing.txt").resolve()): "no such file"}
    assert all("\n" not in r and "Traceback" not in r for r in errors.values())
    assert sorted(r[0] for r in conn.execute("SELECT stem FROM documents")) == [PARISH[0].stem, PARISH[1].stem]
    assert [(Path(f).name, r) for f, r in summary.failures][0] == ("empty.txt", "empty file")

    # Once the file is good, it is stored and its error goes.
    shutil.copy(PARISH[2], empty)
    again = store.ingest(conn, [str(empty)], progress=False)
    assert again.outcomes == Counter(new=1)
    assert str(empty.resolve()) not in {r[0] for r in conn.execute("SELECT file FROM errors")}


def test_an_extractor_crash_is_a_one_line_error_not_a_stopped_batch(tmp_path, monkeypatch):
    real_extract = pipeline.extract

    def flaky(doc):
        if doc.stem == PARISH[0].stem:
            raise ValueError("boom\nsecond line")
        return real_extract(doc)

    conn = store.connect(tmp_path / "crash.db")
    summary = store.ingest(conn, [str(PARISH[0]), str(PARISH[1])], progress=False, extract=flaky)
    assert summary.outcomes == Counter(failed=1, new=1)
    assert summary.failures == [(str(PARISH[0]), "extraction failed (ValueError: boom second line)")]


def test_save_document_is_all_or_nothing(tmp_path):
    """A failure while writing a document's records leaves no trace of that document."""
    conn = store.connect(tmp_path / "atomic.db")
    doc = pipeline.read(PARISH[0])
    text = doc.text
    quote = "The Clerk informed them she would be sending them all the relevant paperwork"
    start = text.index(quote)
    twin = Record(type="action", quote=quote, start=start, end=start + len(quote), id="x1")
    with pytest.raises(sqlite3.IntegrityError):
        store.save_document(conn, doc, [twin, twin], PARISH[0])  # the same id twice
    for table in ("documents", "records", "records_fts", "documents_fts"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert store.save_document(conn, doc, [twin], PARISH[0]) == "new"
    fts_ok(conn)


# ---- crash safety -----------------------------------------------------------------

INGEST_CMD = [sys.executable, "-c", "from pipeline.cli.dataset import ingest; ingest()"]
CRASH_FILES = [SEEDS[0], SEEDS[3], SEEDS[4], SEEDS[1]]  # the quickest to extract


def _start_and_stop_after_first_commit(db: Path, sig: int) -> tuple[subprocess.Popen, int]:
    """Run the ingest command in a child process and send ``sig`` once a document is committed."""
    proc = subprocess.Popen(INGEST_CMD + [str(p) for p in CRASH_FILES] + ["--db", str(db), "--no-progress"],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stored = 0
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as probe:
                    stored = probe.execute("SELECT count(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:  # schema not created yet
                stored = 0
            if stored:
                proc.send_signal(sig)
                break
        time.sleep(0.01)
    return proc, stored


def _clean_run(db: Path) -> sqlite3.Connection:
    conn = store.connect(db)
    store.ingest(conn, [str(p) for p in CRASH_FILES], progress=False)
    return conn


def test_killed_ingest_leaves_whole_documents_and_a_rerun_completes_it(tmp_path):
    db = tmp_path / "killed.db"
    proc, stored = _start_and_stop_after_first_commit(db, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert 1 <= stored < len(CRASH_FILES), "the kill must land mid-batch"

    clean = _clean_run(tmp_path / "clean.db")
    conn = store.connect(db)
    fts_ok(conn)
    # Whatever survived the kill is whole: each stored document has all its records.
    survivors = [r[0] for r in conn.execute("SELECT id FROM documents")]
    assert 1 <= len(survivors) < len(CRASH_FILES)
    for doc_id in survivors:
        ours = rows(conn, "records", drop=("pk",))
        theirs = rows(clean, "records", drop=("pk",))
        assert [r for r in ours if r[0] == doc_id] == [r for r in theirs if r[0] == doc_id]

    rerun = store.ingest(conn, [str(p) for p in CRASH_FILES], progress=False)
    assert rerun.outcomes["unchanged"] == len(survivors)
    assert rerun.outcomes["new"] == len(CRASH_FILES) - len(survivors)
    for table in ("documents", "records", "followups", "question_status", "errors"):
        assert rows(conn, table, drop=ROLLBACK_COLUMNS + ("time",)) == \
            rows(clean, table, drop=ROLLBACK_COLUMNS + ("time",)), table
    fts_ok(conn)


def test_ctrl_c_stops_after_a_whole_document_and_says_how_to_finish(tmp_path):
    db = tmp_path / "interrupted.db"
    proc, stored = _start_and_stop_after_first_commit(db, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert stored >= 1
    assert proc.returncode == 130, err
    assert "interrupted" in out and "run the same command again" in out
    assert "Traceback" not in err
    conn = store.connect(db)
    fts_ok(conn)
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 1 <= n < len(CRASH_FILES)


# ---- concurrent ingests ---------------------------------------------------------------

# An ingest with the records of each document read from a pickle instead of extracted (forked workers inherit
# the stand-in), so commits come quickly and three processes fight for the database all the time.
# STALL_AT=tracking|writing stops the follow-up refresh there (in track(), or after its first row is written),
# once STALL_MARK is created, for the test to kill it.
CACHED_INGEST = """
import copy, os, pickle, sys, time
import pipeline
cache = pickle.load(open(sys.argv[1], "rb"))
pipeline.extract = lambda doc: copy.deepcopy(cache[doc.id])
if os.environ.get("STALL_AT"):
    import pipeline.followup as tracker, pipeline.store.followups as stored

    def stall():
        open(os.environ["STALL_MARK"], "w").close()
        time.sleep(600)

    real_track, real_insert = tracker.track, stored.insert_row
    if os.environ["STALL_AT"] == "tracking":
        tracker.track = lambda *args, **kwargs: stall() or real_track(*args, **kwargs)
    else:
        stored.insert_row = lambda *a: real_insert(*a) or stall()
from pipeline.cli.dataset import ingest
sys.argv[1:] = sys.argv[2:]
ingest()
"""
CONCURRENT_FILES = SEEDS + PARISH + [BUILT_PDF]


@pytest.fixture(scope="module")
def cached_records(tmp_path_factory, extract_once):
    cache = {}
    for p in CONCURRENT_FILES:
        doc = pipeline.read(p)
        cache[doc.id] = pipeline.extract(doc)
    path = tmp_path_factory.mktemp("cache") / "records.pickle"
    path.write_bytes(pickle.dumps(cache))
    return path


def _cached_ingest(cache: Path, db: Path, files: list[Path], env: Optional[dict[str, str]] = None) \
        -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CACHED_INGEST, str(cache), *map(str, files), "--db", str(db),
                             "--no-progress", "--jobs", "1"], env={**os.environ, **(env or {})},
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _tables(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {t: rows(conn, t, drop=ROLLBACK_COLUMNS + ("time",))
                for t in ("documents", "records", "followups", "question_status", "errors")}


@pytest.mark.parametrize("stall_at", ["tracking", "writing"])
def test_kill_during_follow_up_refresh_then_the_same_ingest_equals_a_clean_run(tmp_path, cached_records, stall_at):
    """The refresh is one transaction: killed while tracking or half-way through writing its rows, it leaves
    the tracker as it was, marked stale, and the same ingest run again (which adds no document) redoes it."""
    db, first, series = tmp_path / "killed.db", PARISH[:2], PARISH + SEEDS[:1]
    assert _cached_ingest(cached_records, db, first).wait(timeout=120) == 0
    before = _tables(db)
    assert before["followups"], "the first meetings must have actions to track"
    mark = tmp_path / "stalled"
    proc = _cached_ingest(cached_records, db, series, env={"STALL_AT": stall_at, "STALL_MARK": str(mark)})
    deadline = time.monotonic() + 120
    while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert mark.exists(), proc.communicate()
    proc.kill()
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    after_kill = _tables(db)
    assert len(after_kill["documents"]) == len(series)
    assert after_kill["followups"] == before["followups"]
    assert after_kill["question_status"] == before["question_status"]

    out, err = _cached_ingest(cached_records, db, series).communicate(timeout=120)
    assert f"0 new, 0 replaced, {len(series)} unchanged" in out, out + err
    clean = tmp_path / "clean.db"
    assert _cached_ingest(cached_records, clean, series).wait(timeout=120) == 0
    assert _tables(db) == _tables(clean)
    with sqlite3.connect(db) as conn:
        fts_ok(conn)


def test_a_document_added_without_actions_still_makes_the_tracker_stale(tmp_path):
    """A later meeting with no action of its own can settle earlier actions: the tracker is stale until
    recomputed, whatever the counts of actions and follow-up rows say."""
    conn = store.connect(tmp_path / "stale.db")
    store.ingest(conn, [str(PARISH[0])], progress=False, timeout=None)
    assert store.followups_complete(conn)
    doc = pipeline.read(PARISH[1])
    store.save_document(conn, doc, [], PARISH[1])
    assert not store.followups_complete(conn)
    store.refresh_followups(conn)
    assert store.followups_complete(conn)


def test_concurrent_ingests_into_one_database_never_fail_and_lose_nothing(tmp_path, cached_records):
    """Three ingests of the same documents in different orders, started together on a database that does
    not exist yet: none fails with 'database is locked', and the result equals one clean run."""
    db = tmp_path / "shared.db"
    n = len(CONCURRENT_FILES)
    orders = [CONCURRENT_FILES, CONCURRENT_FILES[::-1], CONCURRENT_FILES[n // 2:] + CONCURRENT_FILES[:n // 2]]
    procs = [_cached_ingest(cached_records, db, files) for files in orders]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, outputs):
        assert "locked" not in out + err and "Traceback" not in err, err
        assert proc.returncode == 0, out + err
    clean_db = tmp_path / "clean.db"
    clean = _cached_ingest(cached_records, clean_db, CONCURRENT_FILES)
    clean.communicate(timeout=300)
    assert clean.returncode == 0
    with sqlite3.connect(db) as ours, sqlite3.connect(clean_db) as theirs:
        assert ours.execute("SELECT count(*) FROM documents").fetchone()[0] == n
        for table in ("documents", "records", "followups", "question_status", "errors"):
            assert rows(ours, table, drop=ROLLBACK_COLUMNS + ("time",)) == \
                rows(theirs, table, drop=ROLLBACK_COLUMNS + ("time",)), table


def test_an_ingest_waits_for_a_writer_that_holds_the_database_past_the_busy_timeout(tmp_path, cached_records):
    """Another ingest's follow-up refresh over a large database can hold the write lock longer than SQLite's
    busy timeout (10 s): the ingest waits and retries instead of failing with 'database is locked'."""
    db = tmp_path / "held.db"
    store.connect(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys, time\n"
                               "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
                               "c.execute('BEGIN IMMEDIATE'); print('held', flush=True); time.sleep(12)\n"
                               "c.execute('COMMIT')", str(db)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    out, err = _cached_ingest(cached_records, db, SEEDS[:2]).communicate(timeout=120)
    holder.wait(timeout=30)
    assert "locked" not in out + err and "Traceback" not in err, err
    assert "2 new" in out


# ---- search -----------------------------------------------------------------------

def _record(doc: pipeline.Document, rid: str, rtype: str, quote: str, **fields: Any) -> Record:
    start = doc.text.index(quote)
    return Record(type=rtype, quote=quote, start=start, end=start + len(quote), id=rid, rule="test", **fields)


def stub_followup_module(seen: list) -> types.ModuleType:
    """A fixed tracker (``track``, ``question_statuses``) passed to refresh_followups in place of
    pipeline.followup's, to test what the store does with its answers.

    The real MeetingDoc, FollowUp and Evidence; a ``track`` that resolves the
    first action of every document by two sentences of the next document
    and leaves every other action outstanding; questions alternating
    answered / unanswered.  FollowUp.to_dict() gains a key the spec lacks.
    """
    from pipeline import followup as real

    class NotedFollowUp(real.FollowUp):
        def to_dict(self) -> dict[str, Any]:
            return {**super().to_dict(), "note": "stub"}

    def track(docs, memo=None):
        seen.append(docs)
        out = []
        for i, d in enumerate(docs):
            for j, r in enumerate(x for x in d.records if x.type == "action"):
                later = docs[i + 1] if i + 1 < len(docs) else None
                if j == 0 and later is not None:
                    ev = [real.Evidence(later.stem, later.text[:40], 0, 40, 3.0, "stub"),
                          real.Evidence(later.stem, later.text[40:80], 40, 80, 1.5, "stub")]
                    out.append(NotedFollowUp(d.stem, r.id, r.quote, "resolved", r.owner, evidence=ev))
                else:
                    out.append(NotedFollowUp(d.stem, r.id, r.quote, "outstanding", r.owner))
        return out

    def question_statuses(docs):
        qs = [(d.stem, r.id) for d in docs for r in d.records if r.type == "question"]
        return [{"document": s, "question": q, "status": ("answered", "unanswered")[k % 2]}
                for k, (s, q) in enumerate(qs)]

    mod = types.ModuleType("pipeline.followup")
    mod.MeetingDoc, mod.track, mod.question_statuses = real.MeetingDoc, track, question_statuses
    mod.council_key, mod.trackable = real.council_key, real.trackable      # how the store groups a council's meetings
    return mod


def build_search_db(db: Path) -> sqlite3.Connection:
    """Three real documents with hand-made records, so that every expected hit is known."""
    july, sept, thurrock = (pipeline.read(p) for p in (PARISH[0], PARISH[2], SEEDS[0]))
    records = [
        (july, [_record(july, "q1", "question", "Cllr Ryves asked what if the PC did not agree to the new Code etc",
                        asker="Cllr Ryves", asker_role="member"),
                _record(july, "x1", "action", "The Clerk informed them she would be sending them all the relevant "
                        "paperwork in the next few days", kind="commitment", owner="The Clerk",
                        due="in the next few days")]),
        (sept, [_record(sept, "q1", "question", "Cllr Bivon asked if the statistics he had requested from the "
                        "Police had been forthcoming", asker="Cllr Bivon", asker_role="member"),
                _record(sept, "x1", "action", "the Clerk advised she would chase this up", kind="commitment",
                        owner="the Clerk", requested_by="Cllr Bivon")]),
        (thurrock, [_record(thurrock, "q1", "question", "Councillor Redsell wished to know more details on why "
                            "and where children went missing", asker="Councillor Redsell", asker_role="member"),
                    _record(thurrock, "x1", "action", "The Corporate Director offered to present a further report "
                            "in a future meeting", kind="commitment", owner="Corporate Director",
                            requested_by="Councillor Redsell", due="a future meeting"),
                    _record(thurrock, "f1", "figure", "361", value=361, unit="count",
                            measure="missing looked after children", period="2016 / 17", kind="actual", page=2)]),
    ]
    conn = store.connect(db)
    for doc, recs in records:
        store.save_document(conn, doc, recs, doc.source)
    stub = stub_followup_module([])
    store.refresh_followups(conn, track=stub.track, question_statuses=stub.question_statuses)
    return conn


@pytest.fixture(scope="module")
def search_conn(tmp_path_factory) -> sqlite3.Connection:
    return build_search_db(tmp_path_factory.mktemp("search") / "search.db")


def hits(conn, query, **kw) -> list[tuple[str, str]]:
    return [(h["document"], h["id"]) for h in store.search(conn, query, **kw)]


def test_search_ranks_and_highlights_record_quotes(search_conn):
    results = store.search(search_conn, "clerk paperwork")
    assert [(r["document"], r["id"]) for r in results] == [(PARISH[0].stem, "x1")]
    top = results[0]
    assert "[Clerk]" in top["snippet"] and "[paperwork]" in top["snippet"]
    assert top["type"] == "action" and top["who"] == "The Clerk" and top["meeting_date"] == "2012-07-11"
    # Stemming: "chasing" finds "chase"; several hits come best first.
    assert hits(search_conn, "chasing") == [(PARISH[2].stem, "x1")]
    ranked = store.search(search_conn, "clerk")
    assert [r["rank"] for r in ranked] == sorted(r["rank"] for r in ranked) and len(ranked) == 2


def test_search_filters(search_conn):
    assert sorted(hits(search_conn, "asked", type="question")) == [(PARISH[0].stem, "q1"), (PARISH[2].stem, "q1")]
    assert hits(search_conn, "clerk", since="2012-08") == [(PARISH[2].stem, "x1")]
    assert hits(search_conn, "clerk", until="2012-07") == [(PARISH[0].stem, "x1")]
    assert hits(search_conn, "clerk", since="2012-07-11", until="2012-07-11") == [(PARISH[0].stem, "x1")]
    assert hits(search_conn, "clerk", council="thurrock") == []
    assert hits(search_conn, "report", council="THURROCK") == [(SEEDS[0].stem, "x1")]
    assert sorted(hits(search_conn, "missing", committee="children")) == [(SEEDS[0].stem, "f1"), (SEEDS[0].stem, "q1")]
    assert hits(search_conn, "missing", committee="parish") == []
    assert hits(search_conn, "clerk", type="question") == []
    figure = store.search(search_conn, "361")[0]
    assert (figure["type"], figure["page"]) == ("figure", 2)
    # A figure's quote is only the number: its measure is searchable too.
    by_measure = store.search(search_conn, "looked after")
    assert [(h["id"], h["snippet"]) for h in by_measure] == [("f1", "missing [looked] [after] children")]


def test_search_by_follow_up_and_answer_status(search_conn):
    # The stub resolves the first action of every document that has a later one.
    assert sorted(hits(search_conn, "clerk", status="resolved")) == [(PARISH[0].stem, "x1"), (PARISH[2].stem, "x1")]
    assert hits(search_conn, "report", status="outstanding") == [(SEEDS[0].stem, "x1")]
    # The stub's question statuses alternate in meeting order: July answered, September not, Thurrock answered.
    assert hits(search_conn, "asked", status="answered") == [(PARISH[0].stem, "q1")]
    assert hits(search_conn, "asked", status="unanswered") == [(PARISH[2].stem, "q1")]
    assert hits(search_conn, "missing", status="answered") == [(SEEDS[0].stem, "q1")]
    assert hits(search_conn, "missing", status="resolved") == []


@pytest.mark.parametrize("query, raw, message", [
    ('"unbalanced', False, "unbalanced double quote"),
    ('"unbalanced', True, "unbalanced double quote"),
    ("*", False, "nothing to search for"),
    ("-", False, "nothing to search for"),
    ("   ", False, "nothing to search for"),
    ("AND", False, "nothing to search for"),
    ("budget OR housing", False, "'OR' is FTS5 query syntax: use --raw"),
    ("NOT", False, "'NOT' is FTS5 query syntax: use --raw"),
    ("AND", True, "operator AND needs a search term on each side"),
    ("NOT", True, "operator NOT needs a search term on each side"),
    ("clerk NOT", True, "operator NOT needs a search term on each side"),
    ("OR clerk", True, "operator OR needs a search term on each side"),
    ("clerk AND OR chase", True, "operator OR needs a search term on each side"),
    ("*", True, "'*' must follow a word"),
    ("-", True, "'-' is not a search term"),
    ("(clerk", True, "cannot parse search query '(clerk': the query ends before it is complete: close every '('"),
    ("clerk)", True, "')' cannot stand there: put text holding it in double quotes"),
    ("clerk.paperwork", True, "'.' cannot stand there: put text holding it in double quotes (\"a.b\")"),
    ("clerk -chase", True, "cannot parse search query 'clerk -chase': 'chase' is read as a column name ('word:' and "
                           "'-word' name columns in FTS5 syntax; the columns here are quote and measure): put the term "
                           "in double quotes, or write NOT to leave a word out ('clerk NOT chase')"),
    ("rank: clerk", True, "'rank' is read as a column name"),
    ("NEAR(clerk chase, x)", True, "NEAR takes a whole number of words after its terms, as in 'NEAR(police parking, 5)'"),
    ("(" * 200 + "clerk" + ")" * 200, True, "brackets are nested too deeply"),
    ("clerk\x00 paperwork", True, "search query contains a NUL character (\\0), which would cut it short: remove it"),
    ("clerk\x00", False, "contains a NUL character"),
    ("clerk " * 200, False, "search query is 1,199 characters long, over the limit of 1,000: search for a few"),
    ("pa* " * 60, True, "search query has 60 terms, over the limit of 50: search for a few distinctive words"),
])
def test_malformed_queries_give_one_clear_line(search_conn, query, raw, message):
    with pytest.raises(store.QueryError) as e:
        store.search(search_conn, query, raw=raw)
    assert message in str(e.value)
    assert "\n" not in str(e.value) and "OperationalError" not in str(e.value)


def test_a_100_kb_query_is_refused_at_once(search_conn):
    started = time.monotonic()
    for raw in (False, True):
        with pytest.raises(store.QueryError, match="characters long, over the limit"):
            store.search(search_conn, " ".join(["paperwork*"] * 10_000)[:100_000], raw=raw)
    assert time.monotonic() - started < 1
    # Within the limits a search still runs: 50 terms, each a word the record has.
    assert hits(search_conn, " ".join(["clerk", "paperwork"] * 25)) == [(PARISH[0].stem, "x1")]


def test_raw_mode_runs_fts5_syntax(search_conn):
    assert sorted(hits(search_conn, "paperwork OR chase", raw=True)) == [(PARISH[0].stem, "x1"), (PARISH[2].stem, "x1")]
    assert hits(search_conn, "clerk NOT paperwork", raw=True) == [(PARISH[2].stem, "x1")]
    assert hits(search_conn, '"further report"', raw=True) == [(SEEDS[0].stem, "x1")]
    assert hits(search_conn, "pape*", raw=True) == [(PARISH[0].stem, "x1")]


def test_plain_mode_quotes_everything_the_user_types(search_conn):
    assert hits(search_conn, "pape*") == [(PARISH[0].stem, "x1")]
    assert hits(search_conn, '"further report"') == [(SEEDS[0].stem, "x1")]
    assert hits(search_conn, '"report further"') == []
    assert hits(search_conn, "clerk's paperwork!") == []  # "clerk's" is the phrase clerk + s
    assert hits(search_conn, "Clerk AND paperwork") == [(PARISH[0].stem, "x1")]
    # Input is data, never SQL.
    assert hits(search_conn, "x'); DROP TABLE records; --") == []
    assert search_conn.execute("SELECT count(*) FROM records").fetchone()[0] == 7


def test_bad_dates_are_refused_and_uk_dates_read_day_first(search_conn):
    with pytest.raises(store.QueryError, match="--since '31/06/2012' is not a date"):
        store.search(search_conn, "clerk", since="31/06/2012")
    assert hits(search_conn, "clerk", since="12/09/2012") == hits(search_conn, "clerk", since="2012-09-12") != []
    assert hits(search_conn, "clerk", since="13/09/2012") == []     # 13 September: after the last meeting


def test_search_documents_finds_text_outside_records(search_conn):
    found = store.search_documents(search_conn, "Golden Jubilee")
    assert [h["document"] for h in found] == [PARISH[0].stem]
    assert "[Golden] [Jubilee]" in found[0]["snippet"]
    assert store.search_documents(search_conn, "Golden Jubilee", since="2012-08") == []


# ---- follow-ups -------------------------------------------------------------------

def test_refresh_followups_stores_the_tracker_output(search_conn):
    items = store.followups_view(search_conn)
    by_key = {(i["document"], i["action"]): i for i in items}
    assert set(by_key) == {(PARISH[0].stem, "x1"), (PARISH[2].stem, "x1"), (SEEDS[0].stem, "x1")}
    july = by_key[(PARISH[0].stem, "x1")]
    assert july["status"] == "resolved" and july["owner"] == "The Clerk"
    assert [e["document"] for e in july["evidence"]] == [PARISH[2].stem, PARISH[2].stem]
    assert (july["evidence_document"], july["evidence_score"], july["evidence_method"]) == (PARISH[2].stem, 3.0, "stub")
    assert july["latest_quote"] == july["evidence"][-1]["quote"] != july["evidence_quote"]
    assert json.loads(july["extra"]) == {"note": "stub"}
    assert by_key[(SEEDS[0].stem, "x1")]["evidence"] == []
    # Dated meetings in date order; the undated one last.
    assert [i["document"] for i in items] == [PARISH[0].stem, PARISH[2].stem, SEEDS[0].stem]
    assert [i["document"] for i in store.followups_view(search_conn, status="outstanding")] == [SEEDS[0].stem]
    assert [i["document"] for i in store.followups_view(search_conn, council="stoke ferry")] == \
        [PARISH[0].stem, PARISH[2].stem]


def test_followup_json_is_exactly_the_spec_object(search_conn):
    july = next(i for i in store.followups_view(search_conn) if i["document"] == PARISH[0].stem)
    obj = store.followup_json(july)
    assert list(obj) == ["document", "action", "quote", "status", "evidence"]
    assert all(list(e) == ["document", "quote"] for e in obj["evidence"])


def test_refresh_followups_replaces_the_tracker_and_tells_documents_apart(tmp_path, monkeypatch):
    """Documents sharing a stem reach track() under distinct names and come back to their own rows."""
    conn = build_search_db(tmp_path / "same-stem.db")
    twin_dir = tmp_path / "other"
    twin_dir.mkdir()
    twin = twin_dir / PARISH[0].name
    twin.write_text(PARISH[0].read_text(encoding="utf-8") + "\n\nA later note.\n", encoding="utf-8")
    doc = pipeline.read(twin)
    store.save_document(conn, doc, [_record(doc, "x1", "action", "A later note.", kind="commitment")], twin)
    seen: list = []
    stub = stub_followup_module(seen)
    assert store.refresh_followups(conn, track=stub.track, question_statuses=stub.question_statuses) == 4
    names = [d.stem for d in seen[0]]
    assert len(set(names)) == len(names) == 4
    assert sum(n.startswith(PARISH[0].stem + "@") for n in names) == 2
    assert all("@" not in r[0] for r in conn.execute("SELECT document FROM followups"))
    by_doc = Counter(r[0] for r in conn.execute("SELECT document_id FROM followups"))
    assert by_doc[doc.id] == 1 and len(by_doc) == 4
    # The records handed to track() are the stored ones, as Record objects.
    july = next(d for d in seen[0] if d.meeting_date == "2012-07-11" and len(d.records) == 2)
    assert [(r.id, r.type, r.owner if r.type == "action" else r.asker) for r in july.records] == \
        [("x1", "action", "The Clerk"), ("q1", "question", "Cllr Ryves")]
    assert all(isinstance(r, Record) for r in july.records)
    assert set(july.records[0].to_dict()) == {"id", "type", "quote", "start", "end", "kind", "owner", "requested_by",
                                              "due", "page", "label", "rule", "confidence"}


def test_a_tracker_passed_to_ingest_is_the_one_it_runs(tmp_path):
    seen: list = []
    stub = stub_followup_module(seen)
    conn = store.connect(tmp_path / "stub.db")
    summary = store.ingest(conn, [str(p) for p in PARISH[:2]], progress=False, track=stub.track,
                           question_statuses=stub.question_statuses)
    assert summary.followups is None and len(seen) == 1 and len(seen[0]) == 2
    statuses = Counter(r[0] for r in conn.execute("SELECT status FROM followups"))
    assert statuses["resolved"] == 1 and set(statuses) == {"resolved", "outstanding"}  # the stub's verdicts


def test_a_tracker_that_fails_leaves_the_documents_stored_and_says_so(tmp_path):
    def broken(docs, memo=None):
        raise RuntimeError("tracker fault")

    conn = store.connect(tmp_path / "broken.db")
    summary = store.ingest(conn, [str(p) for p in PARISH[:2]], progress=False, track=broken)
    assert summary.outcomes == Counter(new=2) and not summary.failures
    assert summary.followups == "error: follow-ups not computed (RuntimeError: tracker fault); run ingest again"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM followups").fetchone()[0] == 0
    assert not store.followups_complete(conn)  # so the next ingest runs the tracker again
    again = store.ingest(conn, [str(p) for p in PARISH[:2]], progress=False)
    assert again.outcomes == Counter(unchanged=2) and again.followups is None
    assert conn.execute("SELECT count(*) FROM followups").fetchone()[0] > 0


def test_followups_from_the_real_tracker_cover_every_action(batch_db):
    db, summary = batch_db
    assert summary.followups is None, summary.followups
    conn = store.open_existing(db)
    actions = {(r[0], r[1]) for r in conn.execute("SELECT document, id FROM records WHERE type = 'action'")}
    left_out = {d["stem"] for d in store.left_out_documents(conn)}
    assert left_out == {SEEDS[0].stem}      # the Thurrock page gives no meeting date
    tracked = store.followups_view(conn)
    assert {(i["document"], i["action"]) for i in tracked} == {a for a in actions if a[0] not in left_out}
    dates = dict(conn.execute("SELECT stem, meeting_date FROM documents").fetchall())
    for item in tracked:
        assert item["status"] in store.ACTION_STATUSES
        assert (item["evidence"] == []) == (item["status"] in ("outstanding", "pending"))
        for e in item["evidence"]:
            assert dates[e["document"]] > dates[item["document"]]
    questions = {(r[0], r[1]) for r in conn.execute("SELECT document, id FROM records WHERE type = 'question'")}
    statuses = {(r[0], r[1]): r[2] for r in conn.execute("SELECT document, question, status FROM question_status")}
    assert set(statuses) == questions
    assert set(statuses.values()) <= set(store.QUESTION_STATUSES)


# ---- dataset API ------------------------------------------------------------------

def test_dataset_frames_match_the_tables(batch_db):
    db, _ = batch_db
    conn = store.open_existing(db)
    docs = dataset.documents(db)
    assert len(docs) == len(BATCH) and "text" not in docs.columns
    assert set(docs["id"]) == {sha256(p) for p in BATCH}
    assert "text" in dataset.documents(conn, text=True).columns
    recs = dataset.records(db)
    assert len(recs) == conn.execute("SELECT count(*) FROM records").fetchone()[0]
    assert set(store.SPEC_FIELDS) | {"rule", "confidence", "page", "label", "document", "meeting_date",
                                     "council", "committee", "status"} <= set(recs.columns)
    assert str(recs["page"].dtype) == "Int64" and str(recs["value"].dtype) == "Float64"
    actions = recs[(recs["type"] == "action") & (recs["document"] != SEEDS[0].stem)]   # the seed has no date
    assert actions["status"].notna().all() and set(actions["status"]) <= set(store.ACTION_STATUSES)
    assert recs[(recs["type"] == "action") & (recs["document"] == SEEDS[0].stem)]["status"].isna().all()
    fu = dataset.followups(conn)  # a connection works too, and stays open
    assert len(fu) == len(actions)
    assert all(isinstance(e, list) for e in fu["evidence"])
    conn.execute("SELECT 1")
    assert isinstance(dataset.question_status(db), pd.DataFrame)
    assert dataset.errors(db).empty


def test_dataset_never_creates_a_missing_database(tmp_path):
    with pytest.raises(store.StoreError, match="no database at"):
        dataset.records(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(store.StoreError, match="is not a scrutiny database"):
        dataset.documents(other)


def test_export_round_trips_through_pandas(search_conn, tmp_path):
    for fmt, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet),
                      ("jsonl", lambda p: pd.read_json(p, lines=True))):
        written = store.export(search_conn, tmp_path / fmt, fmt)
        assert [p.name for p in written] == [f"{t}.{fmt}" for t in store.TABLES]
        for table, path in zip(store.TABLES, written):
            frame = read(path)
            n = search_conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            assert len(frame) == n, (fmt, table)
        recs = read(written[store.TABLES.index("records")])
        assert list(recs.columns) == ["pk"] + list(store.RECORD_COLUMNS)
        assert sorted(recs["quote"]) == sorted(r[0] for r in search_conn.execute("SELECT quote FROM records"))
        figure = recs[recs["type"] == "figure"].iloc[0]
        assert (figure["value"], figure["page"], figure["unit"]) == (361, 2, "count")
