"""Full-text search: what the user typed, made safe for FTS5, run over records and documents.

A search box that passes text straight to FTS5 fails on an apostrophe or a
stray hyphen with an error about FTS5 syntax.  So plain queries are parsed
here into quoted terms, raw queries are checked for the usual slips, and
whatever FTS5 still refuses comes back as a :class:`QueryError` whose
message is one line a user can act on.
"""
from __future__ import annotations

import re
import sqlite3
from typing import Any, Callable, Optional

from ..records import RECORD_TYPES


class QueryError(ValueError):
    """A search query FTS5 cannot run; ``str()`` is the one-line message users see."""


# A record's status: its follow-up (actions) or answer status (questions), as ``COALESCE(f.status, qs.status)``.
STATUS_JOIN = """LEFT JOIN followups f ON r.type = 'action' AND f.document_id = r.document_id AND f.action = r.id
        LEFT JOIN question_status qs ON r.type = 'question' AND qs.document_id = r.document_id
                                        AND qs.question = r.id"""

OPERATORS = ("AND", "OR", "NOT", "NEAR")
_TOKEN = re.compile(r'"[^"]*"|\S+')
_WORD = re.compile(r"\w", re.UNICODE)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


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
    if text.count('"') % 2:
        raise QueryError(f"unbalanced double quote in search query {text!r}: close the phrase with \"")
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


# ---- filters ----------------------------------------------------------------------

def check_date(value: Optional[str], name: str) -> Optional[str]:
    """An ISO date or its prefix (2012, 2012-07, 2012-07-11); anything else is refused."""
    if value is None:
        return None
    if not _DATE.match(value.strip()):
        raise QueryError(f"{name} {value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    return value.strip()


def meeting_filters(council: Optional[str], committee: Optional[str], since: Optional[str],
                    until: Optional[str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses on the documents table ``d``: names match case-insensitively anywhere, dates by prefix.

    Shared by search and the action tracker, so ``--council`` means the same everywhere.
    """
    where, params = [], []
    if council:
        where.append("instr(lower(d.council), lower(?)) > 0")
        params.append(council)
    if committee:
        where.append("instr(lower(d.committee), lower(?)) > 0")
        params.append(committee)
    since, until = check_date(since, "--since"), check_date(until, "--until")
    if since:
        where.append("d.meeting_date >= ?")
        params.append(since)
    if until:
        # "--until 2012-08" includes every day of August
        where.append("substr(d.meeting_date, 1, ?) <= ?")
        params += [len(until), until]
    return where, params


# ---- searching ----------------------------------------------------------------------

def search(conn: sqlite3.Connection, query: str, *, type: Optional[str] = None, council: Optional[str] = None,
           committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
           status: Optional[str] = None, limit: int = 20, raw: bool = False,
           mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Records whose quote (or a figure's measure) matches ``query``, best first (bm25), with a highlighted snippet.

    Each result: rank, type, id, who (asker, respondent or owner), snippet,
    quote, document (stem), title, council, committee, meeting_date, page,
    status (follow-up status of an action, answer status of a question).
    """
    if type is not None and type not in RECORD_TYPES:
        raise QueryError(f"unknown record type {type!r}: one of {', '.join(RECORD_TYPES)}")
    where, params = meeting_filters(council, committee, since, until)
    if type:
        where.append("r.type = ?")
        params.append(type)
    if status:
        where.append("COALESCE(f.status, qs.status) = ?")
        params.append(status)
    # Two steps: rank and filter with only the joins the filters need, then dress the top rows (snippet,
    # quote, status).  Over a million records a common word matches tens of thousands; none of them but
    # the ``limit`` shown needs a snippet or a status.
    sql = f"""
        WITH hits AS (
            SELECT records_fts.rowid AS pk, bm25(records_fts) AS rank, d.meeting_date
            FROM records_fts
            JOIN records r ON r.pk = records_fts.rowid
            JOIN documents d ON d.id = r.document_id
            {STATUS_JOIN if status else ''}
            WHERE records_fts MATCH ? {''.join(' AND ' + w for w in where)}
            ORDER BY rank, d.meeting_date, r.pk
            LIMIT ?)
        SELECT hits.rank, r.type, r.id, COALESCE(r.asker, r.respondent, r.owner) AS who,
               snippet(records_fts, -1, ?, ?, '…', 32) AS snippet, r.quote, d.stem AS document, d.title,
               d.council, d.committee, d.meeting_date, r.page, COALESCE(f.status, qs.status) AS status
        FROM hits
        JOIN records_fts ON records_fts.rowid = hits.pk
        JOIN records r ON r.pk = hits.pk
        JOIN documents d ON d.id = r.document_id
        {STATUS_JOIN}
        WHERE records_fts MATCH ?
        ORDER BY hits.rank, hits.meeting_date, hits.pk"""
    return _run_match(conn, sql, query, raw, lambda match: [match, *params, int(limit), *mark, match])


def search_documents(conn: sqlite3.Connection, query: str, *, council: Optional[str] = None,
                     committee: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                     limit: int = 20, raw: bool = False, mark: tuple[str, str] = ("[", "]")) -> list[dict[str, Any]]:
    """Documents whose title or text matches ``query``, best first, with a snippet of the text."""
    where, params = meeting_filters(council, committee, since, until)
    sql = f"""
        SELECT bm25(documents_fts) AS rank, snippet(documents_fts, 1, ?, ?, '…', 24) AS snippet,
               d.stem AS document, d.title, d.council, d.committee, d.meeting_date, d.doc_type, d.source
        FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid
        WHERE documents_fts MATCH ? {''.join(' AND ' + w for w in where)}
        ORDER BY rank, d.meeting_date, d.pk
        LIMIT ?"""
    return _run_match(conn, sql, query, raw, lambda match: [*mark, match, *params, int(limit)])


def _run_match(conn: sqlite3.Connection, sql: str, query: str, raw: bool,
               parameters: Callable[[str], list[Any]]) -> list[dict[str, Any]]:
    """Run a MATCH query with ``parameters(match expression)`` for its placeholders, as dicts.

    FTS5's own syntax complaints (possible in raw mode) become a QueryError.
    """
    try:
        rows = conn.execute(sql, parameters(fts_query(query, raw))).fetchall()
    except sqlite3.OperationalError as e:
        msg = str(e)
        if msg.startswith(("fts5:", "unterminated string", "unknown special query", "no such column")):
            msg = msg.removeprefix("fts5: ").rstrip(": ")
            raise QueryError(f"cannot parse search query {query!r}: {msg}") from None
        raise
    return [dict(r) for r in rows]
