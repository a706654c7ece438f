"""Champion lists (``pipeline.store.champions``): searching a common word from its best matches gives the full
ranking's answer, with every filter, and is never used on an index it was not made from.

The bundled corpus has no word that 10,000 records hold, so the tests make lists for words 20 records hold,
keeping 5 a type: small lists, so that filters often leave too few rows and the search must rank in full.
"""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline import store
from pipeline.store import champions

from .conftest import CORPUS, scrutiny_command

WORDS = ("council", "clerk", "agreed", "meeting", "report", "children", "noted", "parish", "members", "road")
FILTERS = ({}, {"type": "action"}, {"type": "resolution"}, {"type": "question"}, {"type": "figure"},
           {"council": "Stoke"}, {"status": "outstanding"}, {"status": "answered"}, {"since": "2012-09"},
           {"until": "2012-08", "type": "action"}, {"committee": "Cabinet"}, {"council": "Kent"}, {"since": "2013"})


def optimized_copy(corpus_db: Path, folder: Path, keep: int) -> sqlite3.Connection:
    """A copy of the corpus database with champion lists for words 20 records hold, ``keep`` kept a type."""
    copy = folder / "scrutiny.db"
    source = sqlite3.connect(corpus_db)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    conn = store.connect(copy)
    with store.transaction(conn):
        assert champions.refresh(conn, min_matches=20, keep=keep) >= 5
    return conn


@pytest.fixture()
def optimized(corpus_db, tmp_path) -> sqlite3.Connection:
    conn = optimized_copy(corpus_db, tmp_path, keep=5)
    yield conn
    conn.close()


def answers(conn: sqlite3.Connection, monkeypatch, use_lists: bool) -> tuple[dict, int]:
    """Every word x filter search's results, and how many of them the lists answered."""
    used = 0
    real = champions.best

    def counted(*args, **kw):
        nonlocal used
        rows = real(*args, **kw) if use_lists else None
        used += rows is not None
        return rows

    monkeypatch.setattr(champions, "best", counted)
    results = {(w, tuple(sorted(f.items()))): store.search(conn, w, limit=3, **f) for w in WORDS for f in FILTERS}
    monkeypatch.setattr(champions, "best", real)
    return results, used


@pytest.mark.parametrize("keep", [3, 5, 8])
def test_lists_give_the_full_rankings_answer_for_every_filter(corpus_db, tmp_path, monkeypatch, keep):
    optimized = optimized_copy(corpus_db, tmp_path, keep)
    listed, used = answers(optimized, monkeypatch, use_lists=True)
    full, _ = answers(optimized, monkeypatch, use_lists=False)
    assert used >= 20  # the lists answered many of the searches ...
    assert used < len(listed)  # ... and left to full ranking those whose filters their few rows could not satisfy
    assert listed == full
    assert sum(bool(r) for r in listed.values()) > len(listed) // 2


def test_a_stored_document_makes_the_lists_stale_until_optimize(optimized, monkeypatch, tmp_path):
    _, before = answers(optimized, monkeypatch, use_lists=True)
    later = tmp_path / "anytown-pc-2013-01-09.txt"
    later.write_text("Minutes of Anytown Parish Council, 9 January 2013.\n\n"
                     + (CORPUS / "parish" / "stokeferry-pc-2012-10-10.txt").read_text(encoding="utf-8"),
                     encoding="utf-8")
    summary = store.ingest(optimized, [later], progress=False, followups=False)
    assert summary.outcomes["new"] == 1
    assert champions.wanted(optimized, min_matches=20)
    stale, used = answers(optimized, monkeypatch, use_lists=True)
    assert before > 0 and used == 0
    full, _ = answers(optimized, monkeypatch, use_lists=False)
    assert stale == full
    champions.optimize(optimized, min_matches=20, keep=5)
    assert not champions.wanted(optimized, min_matches=20)
    fresh, used = answers(optimized, monkeypatch, use_lists=True)
    assert used > 0 and fresh == full


def test_a_stem_that_is_not_a_word_gets_its_list_through_a_word_that_makes_it(optimized):
    # "agreed" is indexed as "agre", which FTS5 would stem again ("agr") if it were queried as written.
    assert champions.token_of(optimized, "agreed") == "agre" != champions.token_of(optimized, "agre")
    assert champions.surface_word(optimized, "agre") is not None
    assert optimized.execute("SELECT count(*) FROM search_champions WHERE term = 'agre'").fetchone()[0] > 0


def test_count_matches_counts_what_search_returns(corpus_db):
    conn = store.open_existing(corpus_db)
    for word, filters in (("clerk", {}), ("clerk", {"type": "action"}), ("council", {"council": "Stoke"}),
                          ("report", {"status": "outstanding"})):
        assert store.count_matches(conn, word, **filters) == len(store.search(conn, word, limit=None, **filters)) > 0
    conn.close()


def test_optimize_command_and_search_after_it(corpus_db, tmp_path):
    copy = tmp_path / "scrutiny.db"
    copy.write_bytes(Path(corpus_db).read_bytes())
    done = subprocess.run([*scrutiny_command(), "optimize", "--db", str(copy)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"optimized {copy}: full-text indexes merged;")
    found = subprocess.run([*scrutiny_command(), "search", "clerk", "--db", str(copy), "--limit", "3"],
                           capture_output=True, text=True)
    conn = store.open_existing(copy)
    total = store.count_matches(conn, "clerk")
    conn.close()
    assert found.returncode == 0 and f"showing 3 of {total} (--limit 0 for all)" in found.stderr
