"""The dataset commands: ingest, search, followups, export.

Thin over :mod:`pipeline.store`; each is a standalone click command that
``pipeline.cli`` adds to the ``scrutiny`` group.  Errors a user can act on
(no database, a malformed query) print one line and exit with status 1.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, Optional, Sequence

import click

from . import store
from .cli_options import work_options, work_settings
from .records import RECORD_TYPES

DB_OPTION = click.option("--db", "db", type=click.Path(path_type=Path), default=store.DEFAULT_DB,
                         show_default=True,
                         help="The SQLite database file (or a folder written by `ingest --out-parquet`).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="table for reading, json or csv for other tools.")
CONTEXT = {"help_option_names": ["-h", "--help"]}


def _connection(db: Path):
    """An existing database, or a one-line error telling the user to ingest first."""
    try:
        return store.open_existing(db)
    except store.StoreError as e:
        raise click.ClickException(str(e)) from None


# ---- output ---------------------------------------------------------------------

def emit(rows: Sequence[dict[str, Any]], columns: Sequence[str], fmt: str, json_rows: Optional[list] = None) -> None:
    """Print rows as an aligned table, JSON (``json_rows`` if given, else the rows) or CSV with a header."""
    if fmt == "json":
        click.echo(json.dumps(json_rows if json_rows is not None else list(rows), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        click.echo(table(rows, columns))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[str], max_width: int = 40) -> str:
    """A plain-text table; every column but the last is cut to ``max_width``, the last (a snippet) is whole."""
    if not rows:
        return "(no results)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(max_width, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    lines = ["  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join([_cut(v, w).ljust(w) for v, w in zip(row[:-1], widths)] + [row[-1]]).rstrip())
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return " ".join(str(value).split())


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


# ---- ingest ---------------------------------------------------------------------

@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="CSV/TSV with path, council, committee, meeting_date, url, licence columns.")
@click.option("--progress/--no-progress", default=None,
              help="Show the progress bar (default: only on a terminal).")
@click.option("--dask", "dask_address", metavar="ADDRESS|local",
              help="Read and extract on a Dask cluster: a scheduler address (tcp://host:8786) or `local` for a "
                   "LocalCluster of --jobs workers.  The workers must see PATHS at the same place.")
@click.option("--out-parquet", type=click.Path(file_okay=False, path_type=Path),
              help="Write a partitioned Parquet dataset of documents and records to this folder instead of --db.")
@work_options
def ingest(paths: tuple[str, ...], db: Path, manifest: Optional[Path], progress: Optional[bool],
           dask_address: Optional[str], out_parquet: Optional[Path], jobs: Optional[int],
           timeout: Optional[float]) -> None:
    """Read, extract and store documents in the SQLite dataset; refresh follow-ups.

    PATHS are files, folders (searched recursively) and glob patterns.  A
    document is keyed by the hash of its bytes: ingesting the same files
    again adds nothing, and a changed file replaces its earlier version.
    Each document is stored whole or not at all, so an interrupted ingest
    is completed by running it again.  A file that cannot be read is logged
    in the `errors` table and the batch goes on.

    \b
    Examples:
      scrutiny ingest corpus/parish corpus/kent/*.pdf --db outputs/scrutiny.db
      scrutiny ingest corpus/ --dask local --out-parquet outputs/parquet
    """
    from contextlib import nullcontext

    from .metadata import load_manifest

    rows = load_manifest(manifest) if manifest else None
    n_jobs, budget = work_settings(jobs, timeout)
    if dask_address:
        from . import distributed

        client_scope = distributed.cluster(dask_address, n_jobs)
    else:
        client_scope = nullcontext()
    with client_scope as client:
        runner = None if client is None else distributed.runner(client, budget,
                                                                absolute=dask_address != distributed.LOCAL)
        if out_parquet is not None:
            from .store.parquet import ingest_parquet

            summary, totals = ingest_parquet(out_parquet, paths, manifest=rows, progress=progress, runner=runner,
                                             jobs=n_jobs, timeout=budget)
            click.echo(summary_text(summary, totals, out_parquet))
        else:
            try:
                conn = store.connect(db)
            except store.StoreError as e:
                raise click.ClickException(str(e)) from None
            try:
                summary = store.ingest(conn, paths, manifest=rows, progress=progress, jobs=n_jobs, timeout=budget,
                                       runner=runner)
                click.echo(summary_text(summary, store.counts(conn), db))
            finally:
                conn.close()
    if summary.interrupted:
        sys.exit(130)
    if summary.failures or summary.empty_inputs or not sum(summary.outcomes.values()):
        sys.exit(1)


def summary_text(summary: store.IngestSummary, totals: dict[str, Any], db: Path) -> str:
    """The closing summary: what this run did, records added by type, failures, and the database's totals."""
    o = summary.outcomes
    seen = sum(o.values())
    lines = [f"{'interrupted after' if summary.interrupted else 'read'} {seen} file{'s' * (seen != 1)}: "
             f"{o['new']} new, {o['replaced']} replaced, {o['unchanged']} unchanged, "
             f"{o['duplicate']} duplicate, {o['failed']} failed"]
    added = ", ".join(f"{t} {summary.records[t]}" for t in RECORD_TYPES if summary.records[t])
    lines.append(f"records added: {sum(summary.records.values())}" + (f" ({added})" if added else ""))
    for file, reason in summary.failures:
        lines.append(f"  failed: {file}: {reason}")
    for folder in summary.empty_inputs:
        lines.append(f"  no documents found in {folder}")
    if summary.followups:
        lines.append(summary.followups)
    by_type = ", ".join(f"{t} {totals['records'].get(t, 0)}" for t in RECORD_TYPES)
    lines.append(f"{db}: {totals['documents']} documents; records: {by_type}; "
                 f"follow-ups {sum(totals['followups'].values())}; errors {totals['errors']}")
    if summary.interrupted:
        lines.append("interrupted: every document stored so far is whole; run the same command again to finish")
    return "\n".join(lines)


# ---- search ---------------------------------------------------------------------

# table: what fits a terminal; csv: everything search returns.
SEARCH_COLUMNS = ("type", "who", "document", "meeting_date", "page", "status", "snippet")
SEARCH_CSV_COLUMNS = ("rank", "type", "id", "who", "document", "title", "council", "committee", "meeting_date",
                      "page", "status", "snippet", "quote")
DOCUMENT_SEARCH_COLUMNS = ("document", "council", "committee", "meeting_date", "snippet")
DOCUMENT_SEARCH_CSV_COLUMNS = ("rank", "document", "title", "council", "committee", "meeting_date", "doc_type",
                               "source", "snippet")


@click.command(context_settings=CONTEXT)
@click.argument("query")
@click.option("--type", "rtype", type=click.Choice(RECORD_TYPES), help="Only records of this type.")
@click.option("--council", help="Only meetings whose council contains this (case-insensitive).")
@click.option("--committee", help="Only meetings whose committee contains this (case-insensitive).")
@click.option("--since", help="Meetings on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", help="Meetings on or before this date (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--status", type=click.Choice(store.ACTION_STATUSES + store.QUESTION_STATUSES),
              help="Actions with this follow-up status, or questions with this answer status.")
@click.option("--documents", "in_documents", is_flag=True,
              help="Search the full text of documents instead of records.")
@click.option("--raw", is_flag=True, help="QUERY is FTS5 syntax (AND, OR, NOT, NEAR, \"phrases\", prefix*).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@FORMAT_OPTION
@DB_OPTION
def search(query: str, rtype: Optional[str], council: Optional[str], committee: Optional[str],
           since: Optional[str], until: Optional[str], status: Optional[str], in_documents: bool, raw: bool,
           limit: int, fmt: str, db: Path) -> None:
    """Full-text search of records (or, with --documents, of whole documents), best match first.

    By default QUERY is plain words: every word must occur (stemmed, so
    "report" finds "reports"), "double quotes" keep a phrase together and
    a trailing * matches a prefix.  With --raw, QUERY is FTS5 syntax:
    budget OR finance, "road safety" NOT speeding, NEAR(police parking).
    Matches are shown in [brackets].

    \b
    Examples:
      scrutiny search "speed watch" --council "Stoke Ferry" --type action --since 2012-08
      scrutiny search "missing OR absent" --raw --status deferred --format json
    """
    if in_documents and (rtype or status):
        raise click.UsageError("--type and --status apply to records, not to --documents")
    conn = _connection(db)
    try:
        if in_documents:
            rows = store.search_documents(conn, query, council=council, committee=committee, since=since,
                                          until=until, limit=limit, raw=raw)
            columns = DOCUMENT_SEARCH_COLUMNS if fmt == "table" else DOCUMENT_SEARCH_CSV_COLUMNS
        else:
            rows = store.search(conn, query, type=rtype, council=council, committee=committee, since=since,
                                until=until, status=status, limit=limit, raw=raw)
            columns = SEARCH_COLUMNS if fmt == "table" else SEARCH_CSV_COLUMNS
    except store.QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        conn.close()
    for r in rows:
        r["rank"] = round(-r["rank"], 3)  # bm25 is lower-is-better; show higher-is-better
    emit(rows, columns, fmt)


# ---- follow-ups -----------------------------------------------------------------

FOLLOWUP_COLUMNS = ("document", "meeting_date", "action", "quote", "owner", "requested_by", "due", "status",
                    "latest_evidence")
FOLLOWUP_CSV_COLUMNS = ("document", "meeting_date", "council", "committee", "action", "quote", "owner",
                        "requested_by", "due", "status", "evidence_document", "evidence_quote", "evidence_score",
                        "evidence_method", "latest_document", "latest_quote")


@click.command(context_settings=CONTEXT)
@click.option("--council", help="Only meetings whose council contains this (case-insensitive).")
@click.option("--committee", help="Only meetings whose committee contains this (case-insensitive).")
@click.option("--status", type=click.Choice(store.ACTION_STATUSES),
              help="resolved, progressed (reported on, not done), outstanding (later meetings say nothing), "
                   "pending (no later meeting stored yet).")
@FORMAT_OPTION
@DB_OPTION
def followups(council: Optional[str], committee: Optional[str], status: Optional[str], fmt: str, db: Path) -> None:
    """The action tracker: every action, who owes it, and whether a later meeting followed it up.

    --format json prints the records spec's list of follow-up objects
    (document, action, quote, status, evidence), which
    `python3 eval/score.py --gold corpus/gold --followups FILE` scores.

    \b
    Example:
      scrutiny followups --council "Stoke Ferry" --status outstanding
    """
    conn = _connection(db)
    try:
        items = store.followups_view(conn, council=council, committee=committee, status=status)
    finally:
        conn.close()
    for item in items:
        latest = item["evidence"][-1] if item["evidence"] else None
        item["latest_evidence"] = f"{latest['document']}: {latest['quote']}" if latest else None
    if fmt == "json":
        emit(items, (), fmt, json_rows=[store.followup_json(i) for i in items])
    else:
        emit(items, FOLLOWUP_COLUMNS if fmt == "table" else FOLLOWUP_CSV_COLUMNS, fmt)


# ---- export ---------------------------------------------------------------------

@click.command(context_settings=CONTEXT)
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet", "jsonl"]), required=True)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for one file per table (created if missing).")
@DB_OPTION
def export(fmt: str, out: Path, db: Path) -> None:
    """Write every table (documents, records, followups, question_status, errors) to OUT, one file each.

    \b
    Example:
      scrutiny export --format parquet --out outputs/export
    """
    conn = _connection(db)
    try:
        written = store.export(conn, out, fmt)
    finally:
        conn.close()
    for path in written:
        click.echo(str(path))
