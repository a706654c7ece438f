"""Champion lists: the best-ranked records of each common word, kept so that searching for it ranks a few, not all.

Over a million records "children" or "budget" match tens of thousands; bm25
ranks every match before the top 20 can be shown, about 1 µs a match: 100 ms
for one word, however few rows the filters then keep (``benchmarks/search.py``).
Search engines answer such words from a *champion list* (Manning, Raghavan and
Schütze, *Introduction to Information Retrieval*, §7.1.3): the best-scoring
postings of each common term, made ahead of time.

Here: for every word (an FTS5 token, stemmed) that at least ``MIN_MATCHES``
records hold, the best ``KEEP`` records of each record type are kept with
their bm25 rank, ties at the cut included.  A search for that one word, with
any filters, takes its rows from the lists of the types its filters allow.
The answer is the full ranking's, exactly, whenever ``limit`` rows pass the
filters and the last of them ranks no worse than every list's cut: each record
a list left out ranks strictly worse than its cut.  Otherwise the search ranks
every match as before.

bm25 depends on the whole index (its row count and average lengths), so the
lists hold only for the index they were made from: the FTS5 averages record
(``records_fts_data`` row 1) changes with every record stored or removed, and
a list made under another is not used.  Making them costs about a second
per 100 words at a million records, too much to pay after every ingest of
one meeting, so ``scrutiny optimize`` (:func:`optimize`) makes them, and
``ingest`` says when a database is large enough to want it; until then
searches rank every match, as before, with the same results.

Tables (derived data, made again from ``records_fts`` at will):

``search_champions``       term, type, rank, pk (-> records.pk): the kept rows.
``search_champion_cuts``   term, type, cut: the worst rank kept where the
                           type's matches did not all fit (a type whose
                           matches were all kept has no row: nothing ranks
                           outside its list).
``state``                  key ``search_champions``: the averages record the
                           lists were made from (hex).
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any, Optional

from ..records import RECORD_TYPES
from .schema import ACTION_STATUSES, FTS_TOKENIZER, QUESTION_STATUSES, _statements, transaction

MIN_MATCHES = 10_000
KEEP = 1_000
STATE_KEY = "search_champions"
_ONE_TERM = re.compile(r'^"([^"]+)"$')
_WORDS = re.compile(r"\w+")

DDL = """
CREATE TABLE IF NOT EXISTS search_champions (
    term TEXT NOT NULL,
    type TEXT NOT NULL,
    rank REAL NOT NULL,
    pk INTEGER NOT NULL,
    PRIMARY KEY (term, rank, type, pk)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS search_champion_cuts (
    term TEXT NOT NULL,
    type TEXT NOT NULL,
    cut REAL NOT NULL,
    PRIMARY KEY (term, type)
) WITHOUT ROWID;
"""
# Per word: bm25 once per match (MATERIALIZED), then each type's best KEEP with ties (RANK counts better rows only).
_BEST = """
    WITH scored AS MATERIALIZED (
        SELECT records_fts.rowid AS pk, bm25(records_fts) AS rank FROM records_fts WHERE records_fts MATCH ?),
    placed AS (
        SELECT r.type, scored.rank, scored.pk, RANK() OVER (PARTITION BY r.type ORDER BY scored.rank) AS place,
               COUNT(*) OVER (PARTITION BY r.type) AS matches
        FROM scored JOIN records r ON r.pk = scored.pk)
    SELECT type, rank, pk, matches FROM placed WHERE place <= ?"""


def index_state(conn: sqlite3.Connection) -> Optional[str]:
    """The FTS5 averages record of ``records_fts`` (hex): it changes whenever a record is stored or removed."""
    row = conn.execute("SELECT hex(block) FROM records_fts_data WHERE id = 1").fetchone()
    return row[0] if row else None


def _fresh(conn: sqlite3.Connection) -> bool:
    try:
        kept = conn.execute("SELECT value FROM state WHERE key = ?", (STATE_KEY,)).fetchone()
    except sqlite3.OperationalError:  # a database without the state table: no lists
        return False
    return kept is not None and kept[0] == index_state(conn)


def wanted(conn: sqlite3.Connection, min_matches: int = MIN_MATCHES) -> bool:
    """Whether the database is large enough for lists to matter and they are not fresh (``scrutiny optimize``)."""
    return not _fresh(conn) and conn.execute("SELECT count(*) FROM records").fetchone()[0] >= min_matches


def optimize(conn: sqlite3.Connection, min_matches: int = MIN_MATCHES, keep: int = KEEP) -> int:
    """Merge the full-text indexes' segments (FTS5 ``optimize``) and make the champion lists; how many words have one.

    What ``scrutiny optimize`` runs after a large ingest.  Merging first, as
    the lists are made from (and checked against) the index as it stands.
    """
    with transaction(conn):
        for fts in ("records_fts", "documents_fts"):
            conn.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")
        return refresh(conn, min_matches, keep)


def refresh(conn: sqlite3.Connection, min_matches: int = MIN_MATCHES, keep: int = KEEP) -> int:
    """Make the lists again for the index as it is now (nothing to do when they are fresh); how many words have one.

    Call inside a transaction.  A small database has no word that common and
    costs one count; at a million records it is about a second per 100 words.
    """
    if _fresh(conn):
        return conn.execute("SELECT count(DISTINCT term) FROM search_champions").fetchone()[0]
    for statement in _statements(DDL):
        conn.execute(statement)
    conn.execute("DELETE FROM search_champions")
    conn.execute("DELETE FROM search_champion_cuts")
    words: list[str] = []
    listed = 0
    if conn.execute("SELECT count(*) FROM records").fetchone()[0] >= min_matches:
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_fts_terms USING fts5vocab(main, records_fts, row)")
        words = [t for (t,) in conn.execute("SELECT term FROM temp.records_fts_terms WHERE doc >= ?", (min_matches,))]
    for word in words:
        written = surface_word(conn, word)
        if written is None:
            continue
        rows = conn.execute(_BEST, (f'"{written}"', keep)).fetchall()
        listed += 1
        conn.executemany("INSERT INTO search_champions (term, type, rank, pk) VALUES (?, ?, ?, ?)",
                         [(word, type_, rank, pk) for type_, rank, pk, _ in rows])
        cuts: dict[str, float] = {}
        for type_, rank, _, matches in rows:
            if matches > keep:
                cuts[type_] = max(rank, cuts.get(type_, rank))
        conn.executemany("INSERT INTO search_champion_cuts (term, type, cut) VALUES (?, ?, ?)",
                         [(word, type_, cut) for type_, cut in cuts.items()])
    conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (STATE_KEY, index_state(conn)))
    return listed


def surface_word(conn: sqlite3.Connection, term: str) -> Optional[str]:
    """A word as written that FTS5 makes ``term`` of, to query the term by: stems are not words ("agre").

    The term itself where stemming leaves it as it is, else a word of the
    first record that holds it; None if none is found (the term gets no list).
    """
    if token_of(conn, term) == term:
        return term
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_fts_instances "
                 "USING fts5vocab(main, records_fts, instance)")
    holder = conn.execute("SELECT doc, col FROM temp.records_fts_instances WHERE term = ? LIMIT 1", (term,)).fetchone()
    if holder is None:
        return None
    text = conn.execute(f'SELECT "{holder[1]}" FROM records WHERE pk = ?', (holder[0],)).fetchone()
    for word in dict.fromkeys(_WORDS.findall(text[0] if text and text[0] else "")):
        if token_of(conn, word) == term:
            return word
    return None


def token_of(conn: sqlite3.Connection, word: str) -> Optional[str]:
    """The one FTS5 token the records index makes of ``word`` (stemmed, folded), or None if it makes none or several.

    Asked of FTS5 itself (a one-row table in ``temp`` with the same tokenizer), so
    the word is stemmed exactly as the index stemmed the records.
    """
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.token_probe USING fts5(t, tokenize='{FTS_TOKENIZER}')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.token_probe_terms USING fts5vocab(temp, token_probe, instance)")
    conn.execute("DELETE FROM temp.token_probe")
    conn.execute("INSERT INTO temp.token_probe (t) VALUES (?)", (word,))
    tokens = [t for (t,) in conn.execute("SELECT term FROM temp.token_probe_terms")]
    return tokens[0] if len(tokens) == 1 else None


def allowed_types(type_: Optional[str], status: Optional[str]) -> tuple[str, ...]:
    """The record types a search's filters can return: a status belongs to actions or to questions only."""
    if type_:
        return (type_,)
    if status in ACTION_STATUSES:
        return ("action",)
    if status in QUESTION_STATUSES:
        return ("question",)
    return RECORD_TYPES


def best(conn: sqlite3.Connection, match: str, types: tuple[str, ...], where: list[str], params: list[Any],
         joins: str, limit: int) -> Optional[list[tuple[int, float, Optional[str]]]]:
    """The top ``limit`` (pk, rank, meeting_date) of a one-word search from its lists, or None where they cannot say.

    ``where``/``params``/``joins`` are the search's filters on ``r`` (records)
    and ``d`` (documents).  None: no fresh list for the word, fewer than
    ``limit`` listed rows pass the filters, or the last one ranks worse than a
    list's cut (a record left out of that list might rank better).
    """
    term = _ONE_TERM.match(match)
    if not term or limit <= 0 or not _fresh(conn):
        return None
    word = token_of(conn, term.group(1))
    if word is None or not conn.execute("SELECT 1 FROM search_champions WHERE term = ? LIMIT 1", (word,)).fetchone():
        return None
    marks = ", ".join("?" * len(types))
    listed = f"""
        SELECT c.pk, c.rank, d.meeting_date FROM search_champions c
        JOIN records r ON r.pk = c.pk JOIN documents d ON d.id = r.document_id {joins}
        WHERE c.term = ? AND c.type IN ({marks}) {''.join(' AND ' + w for w in where)}"""
    # In rank order down the index, stopping at the limit-th row that passes; then every row as good (the ties,
    # ordered as search orders them).
    first = conn.execute(listed + " ORDER BY c.rank LIMIT ?", [word, *types, *params, limit]).fetchall()
    cut = conn.execute(f"SELECT min(cut) FROM search_champion_cuts WHERE term = ? AND type IN ({marks})",
                       [word, *types]).fetchone()[0]
    if len(first) < limit or (cut is not None and first[-1][1] > cut):
        return None
    rows = conn.execute(listed + " AND c.rank <= ? ORDER BY c.rank, d.meeting_date, r.pk LIMIT ?",
                        [word, *types, *params, first[-1][1], limit]).fetchall()
    return [tuple(r) for r in rows]
