"""The dataset commands: ingest, search, optimize, followups, export.

Thin over :mod:`pipeline.store`; each is a standalone click command that
``pipeline.cli`` adds to the ``scrutiny`` group.  Errors a user can act on
(no database, a malformed query) print one line and exit with status 1.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Optional, Sequence

import click

from .. import store
from ..records import RECORD_TYPES
from . import formatting as cli_format
from .options import (db_session, followup_filters, manifest_rows, meta_options, note_left_out, rules_option,
                      work_options, work_settings)

DB_OPTION = click.option("--db", "db", type=click.Path(path_type=Path), default=store.DEFAULT_DB,
                         envvar="SCRUTINY_DB", show_envvar=True, show_default=True,
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

def output_options(f):
    """Columns, width and row limit: the same for every command that prints rows (see pipeline.cli.formatting)."""
    options = [
        click.option("-c", "--columns", "columns", multiple=True, metavar="NAME[,NAME...]",
                     help="Columns to print, in order (any of the csv columns); repeat or separate with commas."),
        click.option("--max-width", type=click.IntRange(min=20),
                     help="Fit the table to this many characters (default: the terminal's width; "
                          "piped output is plain tab-separated rows unless this is given)."),
        click.option("--limit", type=click.IntRange(min=0),
                     help=f"Rows to print; 0 for all.  Default: {cli_format.DEFAULT_LIMIT} in a table, all in csv/json."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def show(rows: list[dict[str, Any]], fmt_name: str, chosen: Sequence[str], table_columns: Sequence[str],
         csv_columns: Sequence[str], limit: Optional[int], max_width: Optional[int], **kw: Any) -> None:
    """Print rows with the columns asked for (``-c``), the table's or the csv's by default."""
    available = list(dict.fromkeys([*csv_columns, *table_columns]))
    columns = cli_format.choose_columns(chosen, table_columns if fmt_name == "table" else csv_columns, available)
    if chosen:  # the columns asked for, nothing else, none dropped
        kw.pop("json_row", None)
        kw.pop("droppable", None)
    cli_format.emit(rows, columns, fmt_name, limit=cli_format.effective_limit(limit, fmt_name),
                    width=cli_format.terminal_width(max_width), wrap=WRAP, **kw)


# Long free text: these wrap in a table; the others (type, status, dates, ids) keep their width.
WRAP = ("snippet", "quote", "who", "title", "council", "committee", "measure", "owner", "requested_by", "due",
        "latest_evidence", "evidence_quote", "latest_quote", "source", "evidence_document", "latest_document")


# ---- ingest ---------------------------------------------------------------------

@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@meta_options
@rules_option
@click.option("--progress/--no-progress", default=None,
              help="Show the progress bar (default: only on a terminal).")
@click.option("--dry-run", is_flag=True, help="Say what would be stored, and the totals after, storing nothing.")
@click.option("--reextract", is_flag=True,
              help="Extract every stored document given again, even when its rules and metadata are unchanged.")
@click.option("--dask", "dask_address", metavar="ADDRESS|local",
              help="Read and extract on a Dask cluster: a scheduler address (tcp://host:8786) or `local` for a "
                   "LocalCluster of --jobs workers.  The workers must see PATHS at the same place.")
@click.option("--out-parquet", type=click.Path(file_okay=False, path_type=Path),
              help="Write a council-partitioned Parquet dataset of documents and records to this folder "
                   "instead of --db (for corpora too large for one SQLite file).")
@work_options
def ingest(paths: tuple[str, ...], db: Path, manifest: Optional[Path], progress: Optional[bool], dry_run: bool,
           reextract: bool, dask_address: Optional[str], out_parquet: Optional[Path], jobs: Optional[int],
           timeout: Optional[float], **meta: Any) -> None:
    """Read, extract and store documents in the SQLite dataset; refresh follow-ups.

    PATHS are files, folders (searched recursively) and glob patterns.  A
    document is keyed by the hash of its bytes: ingesting the same files
    again adds nothing, and a changed file replaces its earlier version.
    A stored document is extracted again when the pipeline that extracted
    it (scrutiny version, rule files, spaCy model) has changed, or when its
    manifest row or .meta.json sidecar was edited.
    Each document is stored whole or not at all, so an interrupted ingest
    is completed by running it again.  A file that cannot be read is logged
    in the `errors` table and the batch goes on; a document stored without
    a meeting date, a council or any records is listed at the end.

    \b
    Examples:
      scrutiny ingest corpus/parish corpus/built/*.pdf --db outputs/scrutiny.db
      scrutiny ingest corpus/seeds/003_1f6512787fae9d5e.txt --council Thurrock --date 08/11/2018 --db outputs/scrutiny.db
      scrutiny ingest corpus/parish --dry-run
      scrutiny ingest corpus/parish --out-parquet outputs/parquet

    --dask local (or a scheduler's address) reads and extracts on a Dask
    cluster; the README says how to point it at a real one.
    """
    rows = manifest_rows(manifest)
    given = {k: v for k, v in meta.items() if v is not None}
    n_jobs, budget = work_settings(jobs, timeout)
    with _dask_client(dask_address, n_jobs) as client:
        work = dict(manifest=rows, progress=progress, meta=given, jobs=n_jobs, timeout=budget, reextract=reextract,
                    runner=None if client is None else _dask_runner(client, budget, dask_address))
        summary = _ingest_into(out_parquet or db, out_parquet is not None, dry_run, paths, work)
    if dry_run:
        sys.exit(1 if summary.failures or summary.tracker_failed else 0)
    if summary.interrupted:
        sys.exit(130)
    if summary.failures or summary.tracker_failed or summary.empty_inputs or not sum(summary.outcomes.values()):
        sys.exit(1)  # a run whose tracker failed, leaving follow-ups stale, is no success


def _ingest_into(target: Path, parquet: bool, dry_run: bool, paths: Sequence[str],
                 work: dict[str, Any]) -> store.IngestSummary:
    """Run the ingest into the database or Parquet folder ``target`` (or a dry run of it); print the summary."""
    try:
        if dry_run:
            summary, totals = store.dry_run(target, paths, **work)
            click.echo("dry run: nothing stored\n" + summary_text(summary, totals, target))
            return summary
        if parquet:
            from ..store.parquet import ingest_parquet

            summary, totals = ingest_parquet(target, paths, **work)
            click.echo(summary_text(summary, totals, target))
            return summary
        if target.is_dir():
            raise store.StoreError(f"{target} is a folder: give --out-parquet {target} to write a Parquet dataset "
                                   f"there, or a database file as --db")
        conn = store.connect(target)
    except store.StoreError as e:
        raise click.ClickException(str(e)) from None
    try:
        summary = store.ingest(conn, paths, **work)
        click.echo(summary_text(summary, store.counts(conn), target))
        if store.champions.wanted(conn):
            click.echo(f"search: run `scrutiny optimize --db {target}` after a large ingest: common words are then "
                       "searched from their best matches, not ranked in full", err=True)
    except store.StoreError as e:  # the database stayed busy past SCRUTINY_DB_WAIT
        raise click.ClickException(f"{target}: {e}") from None
    finally:
        conn.close()
    return summary


def _dask_client(address: Optional[str], workers: int):
    """A Dask client for ``--dask`` (a LocalCluster for ``local``), or a scope holding None without it."""
    from contextlib import nullcontext

    if not address:
        return nullcontext()
    try:
        import distributed as _  # noqa: F401  (the optional dependency, named in the error)

        from .. import distributed
    except ImportError as e:
        raise click.ClickException(f"--dask needs dask.distributed ({e}): pip install 'scrutiny[dask]'") from None
    return distributed.cluster(address, workers)


def _dask_runner(client: Any, budget: float, address: str):
    from .. import distributed

    # A LocalCluster shares this working directory, so relative paths stay as given; a real cluster gets them absolute.
    return distributed.runner(client, budget, absolute=address != distributed.LOCAL)


def summary_text(summary: store.IngestSummary, totals: dict[str, Any], db: Path) -> str:
    """The closing summary: what this run did, records added by type, failures, what to check, the database's totals."""
    o = summary.outcomes
    plural = cli_format.plural
    lines = [f"{'interrupted after' if summary.interrupted else 'read'} {plural(sum(o.values()), 'file')}: "
             f"{o['new']} new, {o['replaced']} replaced, {o['unchanged']} unchanged, "
             f"{o['duplicate']} duplicate, {o['failed']} failed"
             + "".join(f", {o[k]} {what}" for k, what in store.REFRESHED.items() if o[k])]
    added = ", ".join(f"{t} {summary.records[t]}" for t in RECORD_TYPES if summary.records[t])
    lines.append(f"records added: {sum(summary.records.values())}" + (f" ({added})" if added else ""))
    for file, reason in summary.failures:
        lines.append(f"  failed: {file}: {reason}")
    for folder in summary.empty_inputs:
        lines.append(f"  no documents found in {folder}")
    if summary.notes:
        lines.append(f"{plural(len(summary.notes), 'document')} to check (give missing metadata with --council, "
                     "--committee, --date or a manifest):")
        lines += [f"  {file}: {what}" for file, what in summary.notes]
    for file, missing in summary.left_out:
        lines.append(f"  warning: {file}: no {' and no '.join(missing)}: it takes no part in follow-ups "
                     f"(give --council/--date, a sidecar or a manifest row)")
    if summary.followups:
        lines.append(summary.followups)
    by_type = ", ".join(f"{t} {totals['records'].get(t, 0)}" for t in RECORD_TYPES)
    lines.append(f"{db}: {plural(totals['documents'], 'document')}; records: {by_type}; "
                 f"follow-ups {sum(totals['followups'].values())}; {plural(totals['errors'], 'error')}")
    if summary.interrupted:
        lines.append("interrupted: every document stored so far is whole; run the same command again to finish")
    return "\n".join(lines)


# ---- search ---------------------------------------------------------------------

# table: what fits a terminal; csv and json: everything search returns.
SEARCH_COLUMNS = ("type", "who", "document", "meeting_date", "page", "status", "figure", "snippet")
SEARCH_CSV_COLUMNS = ("rank", "type", "id", "who", "document", "title", "council", "committee", "meeting_date",
                      "page", "status", "value", "unit", "measure", "snippet", "quote")
# Left out, in this order, when a terminal is too narrow for the whole table (never the quote or snippet).
SEARCH_DROPPABLE = ("page", "meeting_date", "council", "committee", "who", "status")
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
@output_options
@FORMAT_OPTION
@DB_OPTION
def search(query: str, rtype: Optional[str], council: Optional[str], committee: Optional[str],
           since: Optional[str], until: Optional[str], status: Optional[str], in_documents: bool, raw: bool,
           columns: tuple[str, ...], max_width: Optional[int], limit: Optional[int], fmt: str, db: Path) -> None:
    """Full-text search of records (or, with --documents, of whole documents), best match first.

    By default QUERY is plain words: every word must occur (stemmed, so
    "report" finds "reports"), "double quotes" keep a phrase together and
    a trailing * matches a prefix.  With --raw, QUERY is FTS5 syntax:
    budget OR finance, "road safety" NOT speeding, NEAR(police parking).
    A query holds at most 50 terms (1,000 characters).  Matches are shown
    in [brackets]; a figure shows its value and unit.

    \b
    Examples:
      scrutiny search "grit bins" --council "Stoke Ferry" --type action --since 2012-07
      scrutiny search "missing OR absent" --raw --type question --format json
      scrutiny search "missing children" -c type,document,snippet --limit 0
    """
    if in_documents and (rtype or status):
        raise click.UsageError("--type and --status apply to records, not to --documents")
    conn = _connection(db)
    total = None
    try:
        if in_documents:
            rows = store.search_documents(conn, query, council=council, committee=committee, since=since,
                                          until=until, limit=None, raw=raw)
            table_columns, csv_columns = DOCUMENT_SEARCH_COLUMNS, DOCUMENT_SEARCH_CSV_COLUMNS
        else:
            # Only the rows shown are ranked and dressed; the rest are counted (a common word over a million
            # records matches tens of thousands).
            filters = dict(type=rtype, council=council, committee=committee, since=since, until=until,
                           status=status, raw=raw)
            shown = cli_format.effective_limit(limit, fmt)
            rows = store.search(conn, query, limit=shown, **filters)
            total = store.count_matches(conn, query, **filters) if shown is not None and len(rows) == shown else len(rows)
            table_columns, csv_columns = SEARCH_COLUMNS, SEARCH_CSV_COLUMNS
    except store.QueryError as e:
        raise click.ClickException(str(e)) from None
    finally:
        conn.close()
    for r in rows:
        r["rank"] = round(-r["rank"], 3)  # bm25 is lower-is-better; show higher-is-better
        if r.get("type") == "figure":
            r["figure"] = cli_format.figure_text(r["value"], r["unit"])
    show(rows, fmt, columns, table_columns, csv_columns, limit, max_width, droppable=SEARCH_DROPPABLE,
         total=total)


@click.command(context_settings=CONTEXT)
@DB_OPTION
def optimize(db: Path) -> None:
    """Make searching a large database fast: merge the full-text indexes and keep each common word's best matches.

    Over a million records a common word ("budget", "children") matches tens
    of thousands, and ranking them all takes a tenth of a second.  This
    keeps, for every word at least 10,000 records hold, the best 1,000 records
    of each type, and `scrutiny search` answers from them whenever they give
    the same result as ranking in full.  Run it after a large ingest; an
    ingest that changes the records makes searches rank in full again (same
    results, slower) until it is run again.

    \b
    Example:
      scrutiny optimize --db outputs/scrutiny.db
    """
    with db_session(db) as conn:
        words = store.optimize(conn)
        records = sum(store.counts(conn)["records"].values())
    click.echo(f"optimized {db}: full-text indexes merged; {records:,} records, "
               f"{cli_format.plural(words, 'common word')} kept with its best matches")


# ---- follow-ups -----------------------------------------------------------------

FOLLOWUP_COLUMNS = ("document", "meeting_date", "action", "status", "owner", "due", "quote", "latest_evidence")
FOLLOWUP_DROPPABLE = ("due", "owner", "meeting_date", "latest_evidence")
FOLLOWUP_CSV_COLUMNS = ("document", "meeting_date", "council", "committee", "action", "quote", "owner",
                        "requested_by", "due", "due_date", "status", "evidence_document", "evidence_quote",
                        "evidence_score", "evidence_method", "latest_document", "latest_quote")


def followup_json_row(item: dict[str, Any]) -> dict[str, Any]:
    """The records spec's follow-up object (its keys first, evidence as a list), then the csv's other fields."""
    spec = store.followup_json(item)
    return {**spec, **{c: item.get(c) for c in FOLLOWUP_CSV_COLUMNS if c not in spec}}


@click.command(context_settings=CONTEXT)
@followup_filters
@click.option("--refresh", is_flag=True,
              help="Work every follow-up out again from scratch first (ingest keeps them up to date by itself).")
@output_options
@FORMAT_OPTION
@DB_OPTION
def followups(fmt: str, db: Path, columns: tuple[str, ...], max_width: Optional[int], limit: Optional[int],
              refresh: bool, **filters: Any) -> None:
    """The action tracker: every action, who owes it, and whether a later meeting followed it up.

    The table and CSV show the tracker's status, `overdue` included (due
    date passed, not resolved); --format json prints the records spec's
    follow-up objects (document, action, quote, status, evidence) with the
    spec's four statuses and the csv's other fields after them, which
    `python3 eval/score.py --gold gold/dev --followups FILE` scores.

    \b
    Examples:
      scrutiny followups --council "Stoke Ferry" --status outstanding --status overdue
      scrutiny followups --owner clerk --since 01/08/2012 --until 2012-09
      scrutiny followups --status resolved -c document,action,owner,latest_evidence --limit 0
    """
    with db_session(db) as conn:
        if refresh:
            store.refresh_followups(conn)
        items = store.followups_view(conn, **filters)
        note_left_out(conn)
    for item in items:
        latest = item["evidence"][-1] if item["evidence"] else None
        item["latest_evidence"] = f"{latest['document']}: {latest['quote']}" if latest else None
        if fmt != "json":  # the spec's json keeps its four statuses; the table says overdue
            item["status"], item["owner"] = item["tracker_status"], item["owner_name"]
    show(items, fmt, columns, FOLLOWUP_COLUMNS, FOLLOWUP_CSV_COLUMNS, limit, max_width, json_row=followup_json_row,
         droppable=FOLLOWUP_DROPPABLE)


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
