"""The dataset: one embedded SQLite file holding documents, records and follow-ups.

``scrutiny ingest`` reads, extracts and stores; ``search``, ``followups``,
``export`` and :mod:`pipeline.dataset` read what is stored.  There is no
server: the database is a single file (default ``outputs/scrutiny.db``) in
WAL mode, so readers never block the ingest that is writing.

Tables
------
``documents``   one row per stored document, keyed by ``id`` (the primary
                key), the sha256 of the file's bytes.
                pk (integer, equal to the rowid, for the full-text index), id, path (the
                absolute path it was read from; unique), source (the path as
                given), stem (file name without folder or extension: the name
                users and follow-ups see), format, council, committee,
                meeting_date (ISO), title, doc_type, url, licence, pages,
                text_length, text, ingested_at (UTC ISO time),
                supplied_meta (JSON: the metadata the caller supplied, by
                source: manifest row, sidecar, flags), extracted_with (the
                pipeline stamp: scrutiny version + rule hash + spaCy model,
                :mod:`pipeline.stamp`; NULL before schema 4).
                The view ``documents_list`` is the same without ``text``.
``records``     one row per extracted record.
                pk, document_id (-> documents.id), document (its stem), then
                every field of the records spec: id (q1, a1, r1, x1, f1 ...;
                unique within the document), type, quote, start, end, asker,
                asker_role, respondent, respondent_role, answers, number,
                kind, owner, requested_by, due, value, value_high, unit,
                measure, period; then provenance: rule, confidence, page,
                label, and extra (JSON of any further keys, else NULL).
                A field that does not apply to the record's type is NULL.
``followups``   one row per action, brought up to date after every ingest
                by :func:`update_followups` (pipeline.followup.track, judging
                only the pairs of meetings not judged before, kept in the
                ``tracker_*`` tables of :mod:`.tracker_cache`);
                :func:`refresh_followups` rebuilds it from scratch.
                document_id, document (stem), action (record id), record
                (-> records.pk), quote,
                status (resolved | progressed | outstanding | pending),
                owner, requested_by, due, evidence (JSON list of
                {document, quote, start, end, score, method}, earliest
                first), evidence_document / evidence_document_id (->
                documents.id) / evidence_quote / evidence_score /
                evidence_method (the first evidence), latest_document /
                latest_document_id / latest_quote (the last evidence), extra (JSON of any further
                keys of FollowUp.to_dict()).
``question_status``  one row per question, recomputed with the follow-ups:
                document_id, document (stem), question (record id), record
                (-> records.pk), status
                (answered | deferred | unanswered).
``pages``       where each page of a document starts and ends in its text
                (document_id, page, start, end), so that a follow-up's
                evidence can say which page it is on.
``errors``      files that could not be stored: file (absolute path; one row
                per file, the latest failure), reason (one line), time.  A
                file's row goes when it is later stored.
``records_fts``, ``documents_fts``  FTS5 indexes (porter stemming, unicode61
                without diacritics) over records.quote + measure (a figure's
                quote is only "£2m"; its measure says what of) and
                documents.title + text: external-content tables kept in
                sync by triggers, declared ``content="records"`` so that
                Datasette and ``sqlite-utils search`` find them.

Views: ``records_by_meeting`` (every record with its document's council,
committee, meeting_date and its status) and ``actions`` (follow-ups with
their meeting), for browsing by council in Datasette (``scrutiny serve``).

A database written at an earlier schema version (``PRAGMA user_version``)
is brought up to date when it is opened: documents and records are kept,
the indexes and follow-ups rebuilt from them.

Identity: a document is its content.  Storing the same bytes again adds
nothing (a second copy under another path is reported as a duplicate);
new bytes under a path already stored replace that path's document and its
records; the same bytes are extracted again when the pipeline stamp or the
supplied metadata differs from what is stored.  Each document is written in one transaction, so an interrupted
ingest leaves whole documents only, and running it again completes the rest.

Modules
-------
``schema``      the tables, opening a database, transactions
``ingestion``   storing documents, records and errors; ``ingest``
``followups``   recomputing and reading the action tracker
``fts``         search queries made safe for FTS5; ``search``
``champions``   the best-ranked records of each common word, so ``search`` need not rank all its matches;
                ``optimize`` makes them (``search_champions``, ``search_champion_cuts``)
``sql``         the meeting filters and status join search, follow-ups and the dataset share
``frames``      typed DataFrames and ``export``
``parquet``     the same documents, records and pages as a partitioned Parquet dataset (``ingest --out-parquet``),
                read back through an in-memory database
"""
from __future__ import annotations

from .followups import (followup_json, followup_row, followups_complete, followups_sql, followups_view,
                        left_out_documents, meeting_keys, refresh_followups, stored_blocks, stored_meeting_docs,
                        stored_records, update_followups)
from .frames import column_dtypes, export, read_frame
from .champions import optimize
from .fts import OPERATORS, count_matches, fts_query, search, search_documents
from .ingestion import (REFRESHED, IngestSummary, Plan, counts, delete_document, document_row, dry_run, ingest,
                        ingest_file, plan, record_error, record_row, remove_document, save_document, stored_hash)
from .sql import STATUS_JOIN, QueryError, check_date, meeting_filters
from .schema import (ACTION_STATUSES, DB, DEFAULT_DB, DOCUMENT_COLUMNS, FOLLOWUP_COLUMNS, QUESTION_STATUSES,
                     TRACKER_STATUSES,
                     RECORD_COLUMNS, SCHEMA, SCHEMA_VERSION, SPEC_FIELDS, TABLES, StoreError, connect, ensure_schema,
                     insert_row, open_existing, opened, transaction)

__all__ = [
    "DEFAULT_DB", "SCHEMA_VERSION", "SCHEMA", "DB", "TABLES", "DOCUMENT_COLUMNS", "SPEC_FIELDS", "RECORD_COLUMNS",
    "FOLLOWUP_COLUMNS", "ACTION_STATUSES", "TRACKER_STATUSES", "QUESTION_STATUSES", "StoreError", "QueryError",
    "connect", "open_existing", "opened", "ensure_schema", "transaction", "insert_row",
    "IngestSummary", "REFRESHED", "Plan", "plan", "ingest", "dry_run", "ingest_file", "save_document",
    "delete_document", "remove_document", "record_error",
    "document_row", "record_row", "stored_hash", "counts",
    "refresh_followups", "update_followups", "followups_complete", "left_out_documents", "stored_records", "meeting_keys",
    "stored_meeting_docs", "stored_blocks", "followup_row",
    "followups_sql", "followups_view", "followup_json",
    "OPERATORS", "STATUS_JOIN", "count_matches", "fts_query", "check_date", "meeting_filters", "search", "search_documents", "optimize",
    "column_dtypes", "read_frame", "export",
]
