"""What the tracker worked out, kept beside the documents so that adding a meeting judges only the pairs it makes.

What a later document says of an earlier one's actions depends on those two
documents alone (and on whether the later one's undated "minute 26" means
the earlier one's: ``citing``), so each (document, later document) pair's
mentions are kept, with each document segmented and indexed once.  Adding a
meeting then judges the earlier actions of its council against it and its
own actions against the later meetings stored, and adds up every action of
that council from the kept mentions; the other councils are not touched.

Tables (derived data, like ``followups``: ``scrutiny followups --refresh``
empties and rebuilds them):

``tracker_documents``  document_id, fingerprint (what its rows were worked out
                       from: its metadata and when it was stored), terms
                       (JSON: the document segmented, its words counted: what
                       an earlier action is matched against), earlier_side
                       (JSON: the same with only its actions' sentences, all
                       that matching its own actions needs).
``tracker_pairs``      document_id, later_id, citing: a pair judged.
``tracker_mentions``   document_id, later_id, action (its place among the
                       document's actions), quote, start, end, score, method,
                       verdict: what the later document says of that action.
``tracker_series``     council (``followup.council_key``), fingerprint (its
                       documents as last tracked).

Rows of a document go with it (foreign keys), and a row whose fingerprint
is not the document's is worked out again, so a document stored again
(new records, new metadata) is judged afresh.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any, Iterable

from ..stamp import linker_hash
from .schema import _statements

TABLES = ("tracker_mentions", "tracker_pairs", "tracker_documents", "tracker_series")

DDL = """
CREATE TABLE IF NOT EXISTS tracker_documents (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    terms TEXT,
    earlier_side TEXT
);
CREATE TABLE IF NOT EXISTS tracker_pairs (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    later_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    citing INTEGER NOT NULL,
    PRIMARY KEY (document_id, later_id)
);
CREATE INDEX IF NOT EXISTS tracker_pairs_later ON tracker_pairs(later_id);
CREATE TABLE IF NOT EXISTS tracker_mentions (
    document_id TEXT NOT NULL,
    later_id TEXT NOT NULL,
    action INTEGER NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    score REAL NOT NULL,
    method TEXT NOT NULL,
    verdict TEXT,
    PRIMARY KEY (document_id, later_id, action),
    FOREIGN KEY (document_id, later_id) REFERENCES tracker_pairs(document_id, later_id) ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS tracker_series (
    council TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL
);
"""


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the cache's tables where missing (an older database has none: its first refresh fills them)."""
    for statement in _statements(DDL):
        conn.execute(statement)


def clear(conn: sqlite3.Connection) -> None:
    """Forget everything kept: the next tracking works every pair out again."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}")


def fingerprint(parts: Iterable[Any]) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8")).hexdigest()[:32]


def document_fingerprint(row: sqlite3.Row) -> str:
    """What a document's tracking rows depend on besides its bytes (its id): metadata, when it was stored
    (a document stored again may hold other records), and the linker's code that worked them out."""
    return fingerprint((row["id"], row["council"], row["committee"], row["meeting_date"], row["doc_type"],
                        row["ingested_at"], row["extracted_with"], linker_hash()))


def forget_changed(conn: sqlite3.Connection, prints: dict[str, str]) -> set[str]:
    """Drop what was kept for documents that are gone or changed; return the ids whose rows were dropped or never
    kept (their question statuses need working out too)."""
    kept = dict(conn.execute("SELECT document_id, fingerprint FROM tracker_documents").fetchall())
    changed = {doc_id for doc_id, fp in kept.items() if prints.get(doc_id) != fp}
    for doc_id in changed:
        conn.execute("DELETE FROM tracker_pairs WHERE document_id = ? OR later_id = ?", (doc_id, doc_id))
        conn.execute("DELETE FROM tracker_documents WHERE document_id = ?", (doc_id,))
    return changed | (set(prints) - set(kept))


def series_prints(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT council, fingerprint FROM tracker_series").fetchall())


def keep_series(conn: sqlite3.Connection, prints: dict[str, str]) -> None:
    """Record each council's documents as now tracked (councils no longer stored are forgotten)."""
    conn.execute("DELETE FROM tracker_series")
    conn.executemany("INSERT INTO tracker_series (council, fingerprint) VALUES (?, ?)", sorted(prints.items()))


def keep_documents(conn: sqlite3.Connection, prints: dict[str, str]) -> None:
    """A row for every document (its question statuses are then known to be worked out), terms filled later."""
    conn.executemany("INSERT OR IGNORE INTO tracker_documents (document_id, fingerprint) VALUES (?, ?)",
                     sorted(prints.items()))


def stored_memo(conn: sqlite3.Connection, ids: dict[str, str], prints: dict[str, str]) -> Any:
    """A ``followup.Memo`` reading from and writing to these tables; ``ids`` maps tracking names to document ids.

    Built here, not at the top: the tracker is optional and looked up per call.
    """
    from ..followup.tracking import Memo

    class StoredMemo(Memo):
        """Segmented documents and pair mentions from the database; what this run works out, written back by
        ``save``."""

        def __init__(self) -> None:
            super().__init__()
            self._names = {doc_id: name for name, doc_id in ids.items()}
            self._earlier: dict[str, Any] = {}
            self._new_terms: dict[str, Any] = {}
            self._new_pairs: list[tuple[str, str, bool, dict]] = []
            self._loaded: set[tuple[str, ...]] = set()

        def key(self, doc: Any) -> Any:
            return doc.stem                    # the store's names are unique (:func:`followups.meeting_keys`)

        def terms(self, doc: Any, later: bool = True) -> Any:
            from ..followup import DocTerms, doc_terms
            from ..followup.action import action_span

            got = self._terms.get(doc.stem)
            if got is None and not later:
                got = self._earlier.get(doc.stem)
            if got is None:
                doc_id = ids[doc.stem]
                column = "terms" if later else "earlier_side"
                row = conn.execute(f"SELECT {column} FROM tracker_documents WHERE document_id = ? "
                                   f"AND fingerprint = ?", (doc_id, prints[doc_id])).fetchone()
                if row is not None and row[0] is not None:
                    got = DocTerms.from_json(row[0])
                    got.stem = doc.stem        # its tracking name may have changed (a twin stored since)
                    (self._terms if later else self._earlier)[doc.stem] = got
                else:
                    got = self._terms[doc.stem] = doc_terms(doc)
                    own = [action_span(r, doc.text, got.passages)[1] for r in doc.records if r.type == "action"]
                    self._new_terms[doc_id] = (got, got.earlier_side(p for p in own if p is not None))
            return got

        def load(self, docs: list[Any]) -> None:
            """Read every kept pair among ``docs`` (one council) at once."""
            from ..followup import Evidence

            doc_ids = json.dumps([ids[d.stem] for d in docs])
            pairs = {(r[0], r[1]): bool(r[2]) for r in conn.execute(
                "SELECT document_id, later_id, citing FROM tracker_pairs "
                "WHERE document_id IN (SELECT value FROM json_each(?))", (doc_ids,))}
            mentions: dict[tuple[str, str], dict] = {key: {} for key in pairs}
            for r in conn.execute("SELECT * FROM tracker_mentions WHERE document_id IN (SELECT value FROM json_each(?))",
                                  (doc_ids,)):
                key = (r["document_id"], r["later_id"])
                if key in mentions and r["later_id"] in self._names:
                    mentions[key][r["action"]] = (Evidence(self._names[r["later_id"]], r["quote"], r["start"],
                                                           r["end"], r["score"], r["method"]), r["verdict"])
            for (doc_id, later_id), citing in pairs.items():
                if doc_id in self._names and later_id in self._names:
                    self._pairs[(self._names[doc_id], self._names[later_id])] = (citing, mentions[(doc_id, later_id)])

        def keep_pair(self, doc: Any, later: Any, citing: bool, mentions: dict) -> None:
            super().keep_pair(doc, later, citing, mentions)
            self._new_pairs.append((ids[doc.stem], ids[later.stem], citing, mentions))

        def save(self) -> None:
            conn.executemany("UPDATE tracker_documents SET terms = ?, earlier_side = ? WHERE document_id = ?",
                             [(t.to_json(), e.to_json(), doc_id) for doc_id, (t, e) in self._new_terms.items()])
            conn.executemany("INSERT OR REPLACE INTO tracker_pairs (document_id, later_id, citing) VALUES (?, ?, ?)",
                             [(d, x, int(c)) for d, x, c, _ in self._new_pairs])
            conn.executemany("DELETE FROM tracker_mentions WHERE document_id = ? AND later_id = ?",
                             [(d, x) for d, x, _, _ in self._new_pairs])
            conn.executemany(
                'INSERT INTO tracker_mentions (document_id, later_id, action, quote, start, "end", score, method, '
                'verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [(d, x, i, e.quote, e.start, e.end, e.score, e.method, verdict)
                 for d, x, _, found in self._new_pairs for i, (e, verdict) in sorted(found.items())])
            self._new_terms.clear()
            self._new_pairs.clear()

    return StoredMemo()

