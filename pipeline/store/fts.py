"""Full-text search: what the user typed, made safe for FTS5, run over records and documents.

A search box that passes text straight to FTS5 fails on an apostrophe or a
stray hyphen with an error about FTS5 syntax.  So plain queries are parsed
here into quoted terms, raw queries are checked for the usual slips, and
whatever FTS5 still refuses comes back as a :class:`QueryError` whose
message is one line a user can act on.  The filters and joins search shares
with the follow-ups view, the tracker and the dataset are in ``sql``.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any, Callable, Optional

from . import champions
from .sql import STATUS_JOIN, QueryError, meeting_filters, record_filters


OPERATORS = ("AND", "OR", "NOT", "NEAR")
# Longer queries are refused before FTS5 sees them: thousands of terms (prefix terms most) make one search
# run for minutes.
MAX_QUERY_CHARS = 1000
MAX_QUERY_TERMS = 50
_TOKEN = re.compile(r'"[^"]*"|\S+')
_WORD = re.compile(r"\w", re.UNICODE)


# ---- the query --------------------------------------------------------------------

def fts_query(text: str, raw: bool = False) -> str:
    """The FTS5 MATCH expression for what the user typed, or a QueryError saying what is wrong.

    Plain mode (the default): every word must occur (any order, stemmed),
    "double-quoted words" must occur as a phrase, and ``word*`` matches
    prefixes.  Each term is passed to FTS5 as a quoted string, so no
    character the user types is FTS5 syntax.  Upper-case OR / NOT / NEAR are
    refused with a pointer to --raw rather than silently searched as words.
    Raw mode passes FTS5 query syntax through, after checks that turn the
    usual slips into a plain message.
    """
    text = (text or "").strip()
    if "\x00" in text:
        raise QueryError("search query contains a NUL character (\\0), which would cut it short: remove it")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"search query is {len(text):,} characters long, over the limit of {MAX_QUERY_CHARS:,}: "
                         "search for a few distinctive words")
    if text.count('"') % 2:
        raise QueryError(f"unbalanced double quote in search query {text!r}: close the phrase with \"")
    n_terms = sum(1 for token in _TOKEN.findall(text) if token not in OPERATORS)
    if n_terms > MAX_QUERY_TERMS:
        raise QueryError(f"search query has {n_terms} terms, over the limit of {MAX_QUERY_TERMS}: "
                         "search for a few distinctive words")
    if raw:
        return _check_raw(text)
    terms = []
    for token in _TOKEN.findall(text):
        if token in OPERATORS:
            if token == "AND":
                continue  # every word must match anyway
            raise QueryError(f"{token!r} is FTS5 query syntax: use --raw to combine terms with operators, "
                             f"or write {token.lower()!r} to search for the word")
        prefix = token.endswith("*") and not token.startswith('"')
        body = token.strip('"').rstrip("*") if not token.startswith('"') else token[1:-1]
        if not _WORD.search(body):
            continue
        terms.append('"' + body.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not terms:
        raise QueryError(f"nothing to search for in {text!r}: give one or more words")
    return " ".join(terms)


def _check_raw(text: str) -> str:
    """Catch the common raw-syntax slips with a message that says what to write instead."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise QueryError("nothing to search for: give one or more words")
    for i, tok in enumerate(tokens):
        if tok in ("AND", "OR", "NOT"):
            if i == 0 or i == len(tokens) - 1 or tokens[i - 1] in OPERATORS:
                raise QueryError(f"operator {tok} needs a search term on each side, as in 'budget {tok} housing'")
        elif tok == "*":
            raise QueryError("'*' must follow a word, as in 'hous*' (prefix search)")
        elif not tok.startswith('"') and not _WORD.search(tok):
            raise QueryError(f"{tok!r} is not a search term: FTS5 words are letters and digits; "
                             f"put text in double quotes to search for it")
    return text


# ---- searching ----------------------------------------------------------------------

def count_matches(conn: sqlite3.Connection, query: str, *, type: Optional[str] = None,
                  council: Optional[str] = None, committee: Optional[str] = None, since: Optional[str] = None,
                  until: Optional[str] = None, status: Optional[str] = None, raw: bool = False) -> int:
    """How many records :func:`search` would return with no limit: counted, not ranked or dressed."""
    where, params = record_filters(type, council, committee, since, until, status)
    joins = ""
    if where:
        joins = ("JOIN records r ON r.pk = records_fts.rowid JOIN documents d ON d.id = r.document_id "
                 + (STATUS_JOIN if status else ""))
    sql = (f"SELECT count(*) AS n FROM records_fts {joins} "
           f"WHERE records_fts MATCH ? {''.join(' AND ' + w for w in where)}")
    return _run_match(conn, sql, query, raw, None, lambda match, n: [match, *params], ("quote", "measure"))[0]["n"]


def search(conn: sqlite3.Connection, query: str, *, type: Optional[str] = None, council: Optional[str] = None,
           committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           status: Optional[str] = None, limit: Optional[int] = 20, raw: bool = False,
           mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Records whose quote (or a figure's measure) matches ``query``, best first (bm25), with a highlighted snippet.

    Each result: rank, type, id, who (asker, respondent or owner), snippet,
    quote, document (stem), title, council, committee, meeting_date, page,
    status (follow-up status of an action, answer status of a question),
    and a figure's value, unit and measure.  ``limit`` None is every match.
    """
    where, params = record_filters(type, council, committee, since, until, status)
    # Two steps: rank and filter with only the joins the filters need, then dress the top rows (snippet,
    # quote, status).  Over a million records a common word matches tens of thousands; none of them but
    # the ``limit`` shown needs a snippet or a status (benchmarks/search.py).  One common word is ranked
    # from its champion list when that gives the same answer (``champions``).
    listed = None
    if limit is not None and not raw:
        listed = champions.best(conn, fts_query(query), champions.allowed_types(type, status), where, params,
                                STATUS_JOIN if status else "", int(limit))
    if listed is not None:
        hits = "hits (pk, rank, meeting_date) AS (VALUES " + ", ".join(["(?, ?, ?)"] * len(listed)) + ")"
        rows = [value for row in listed for value in row]

        def parameters(match: str, n: int) -> list[Any]:
            return [*rows, *mark, match]
    elif limit is not None and not status and not (council or committee or since or until):
        # Filtered by type at most: rank every match once into a temporary table, find the ``limit``-th
        # rank, and join a record and a document row only for the matches that rank at least as well
        # (ties included, so the order by meeting date and pk is the full query's).  About half the cost.
        type_join, type_where = ("JOIN records r ON r.pk = records_fts.rowid", "AND r.type = ?") if type else ("", "")
        hits = f"""
            ranked AS MATERIALIZED (
            SELECT records_fts.rowid AS pk, bm25(records_fts) AS rank
            FROM records_fts {type_join}
            WHERE records_fts MATCH ? {type_where}),
            cut AS (SELECT rank FROM ranked ORDER BY rank LIMIT 1 OFFSET ?),
            hits AS (
            SELECT ranked.pk, ranked.rank, d.meeting_date
            FROM ranked
            JOIN records r ON r.pk = ranked.pk
            JOIN documents d ON d.id = r.document_id
            WHERE ranked.rank <= COALESCE((SELECT rank FROM cut), 1e308)
            ORDER BY ranked.rank, d.meeting_date, ranked.pk
            LIMIT ?)"""
        params = [type] if type else []

        def parameters(match: str, n: int) -> list[Any]:
            return [match, *params, max(n - 1, 0), n, *mark, match]
    else:
        hits = f"""
            hits AS (
            SELECT records_fts.rowid AS pk, bm25(records_fts) AS rank, d.meeting_date
            FROM records_fts
            JOIN records r ON r.pk = records_fts.rowid
            JOIN documents d ON d.id = r.document_id
            {STATUS_JOIN if status else ''}
            WHERE records_fts MATCH ? {''.join(' AND ' + w for w in where)}
            ORDER BY rank, d.meeting_date, r.pk
            LIMIT ?)"""

        def parameters(match: str, n: int) -> list[Any]:
            return [match, *params, n, *mark, match]
    sql = f"""
        WITH {hits}
        SELECT hits.rank, r.type, r.id, COALESCE(r.asker, r.respondent, r.owner) AS who,
               snippet(records_fts, -1, ?, ?, '…', 32) AS snippet, r.quote, d.stem AS document, d.title,
               d.council, d.committee, d.meeting_date, r.page, COALESCE(f.status, qs.status) AS status,
               r.value, r.unit, r.measure
        FROM hits
        JOIN records_fts ON records_fts.rowid = hits.pk
        JOIN records r ON r.pk = hits.pk
        JOIN documents d ON d.id = r.document_id
        {STATUS_JOIN}
        WHERE records_fts MATCH ?
        ORDER BY hits.rank, hits.meeting_date, hits.pk"""
    return _run_match(conn, sql, query, raw, limit, parameters, ("quote", "measure"))


def search_documents(conn: sqlite3.Connection, query: str, *, council: Optional[str] = None,
                     committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                     limit: Optional[int] = 20, raw: bool = False,
                     mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Documents whose title or text matches ``query``, best first, with a snippet of the text."""
    where, params = meeting_filters(council, committee, since, until)
    sql = f"""
        SELECT bm25(documents_fts) AS rank, snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet,
               d.stem AS document, d.title, d.council, d.committee, d.meeting_date, d.doc_type, d.source
        FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
        WHERE documents_fts MATCH ? {''.join(' AND ' + w for w in where)}
        ORDER BY rank, d.meeting_date, d.pk
        LIMIT ?"""
    return _run_match(conn, sql, query, raw, limit, lambda match, n: [*mark, match, *params, n],
                      ("title", "text"))


def _run_match(conn: sqlite3.Connection, sql: str, query: str, raw: bool, limit: Optional[int],
               parameters: Callable[[str, int], list[Any]], columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Run a MATCH query with ``parameters(match expression, limit)`` for its placeholders, as dicts
    (``limit`` None is every match).

    FTS5's own syntax complaints (possible in raw mode) become a QueryError
    that says what to change (:func:`explain`).
    """
    try:
        rows = conn.execute(sql, parameters(fts_query(query, raw), -1 if limit is None else int(limit))).fetchall()
    except sqlite3.OperationalError as e:
        why = explain(str(e), columns)
        if why is None:
            raise
        raise QueryError(f"cannot parse search query {query!r}: {why}") from None
    return [dict(r) for r in rows]


_COLUMN = re.compile(r"^no such column: (.*)$")
_NEAR = re.compile(r'^fts5: syntax error near "(.*)"$', re.S)


def explain(message: str, columns: tuple[str, ...]) -> Optional[str]:
    """What to change in a raw query, in place of FTS5's ``message`` (None: not a complaint about the query)."""
    column = _COLUMN.match(message)
    if column:
        return (f"'{column.group(1)}' is read as a column name ('word:' and '-word' name columns in FTS5 syntax; "
                f"the columns here are {' and '.join(columns)}): put the term in double quotes, "
                f"or write NOT to leave a word out ('clerk NOT chase')")
    near = _NEAR.match(message)
    if near and not near.group(1):
        return ("the query ends before it is complete: close every '(' and give a term after every operator, "
                "as in 'NEAR(police parking)' or 'budget OR housing'")
    if near:
        return (f"{near.group(1)!r} cannot stand there: put text holding it in double quotes (\"a.b\"), "
                "and pair every '(' with a ')'")
    if message.startswith("unterminated string"):
        return "a double quote is not closed: close the phrase with \""
    if message.startswith("expected integer"):
        return "NEAR takes a whole number of words after its terms, as in 'NEAR(police parking, 5)'"
    if "parser stack overflow" in message:
        return "brackets are nested too deeply: use fewer '(' ... ')'"
    if message.startswith(("fts5:", "unknown special query")):
        return f"FTS5 cannot read it ({message.removeprefix('fts5: ')}): see `scrutiny search --help` for the syntax"
    return None
