"""``scrutiny tracker`` and ``scrutiny show``: the action tracker as a document, and one action's history.

Thin over :mod:`pipeline.tracker` and :mod:`pipeline.tracker_write`; the
filters are those of ``scrutiny followups``.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, Optional

import click

from ..tracker import action_history, tracker as tracker_table, uk_day
from ..tracker_write import FORMATS, write_tracker
from .dataset import CONTEXT, DB_OPTION
from .options import AS_OF, db_session, followup_filters, note_left_out


@click.command(context_settings=CONTEXT)
@followup_filters
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="xlsx, docx (landscape table), csv (UTF-8 with BOM) or md; default from --out's extension.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write.")
@click.option("--title", default="Action tracker", show_default=True, help="Sheet name / document heading.")
@DB_OPTION
def tracker(fmt: Optional[str], out: Path, title: str, db: Path, **filters: Any) -> None:
    """Write the action tracker for a committee: one row per action, with Ref, item, owner, due, RAG status.

    Columns: Ref, Committee, Meeting date, Minute / item, Action /
    recommendation, Requested by, Owner / lead officer, Due, Status (RAG
    colour in XLSX and DOCX), Latest update, Source.

    \b
    Examples:
      scrutiny tracker --council "Stoke Ferry" --committee "Parish Council" --out outputs/stokeferry-tracker.xlsx
      scrutiny tracker --status overdue --status outstanding --owner clerk --format docx --out outputs/tracker.docx
    """
    fmt = fmt or out.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise click.UsageError(f"cannot tell the format from {out.name!r}: give --format {'|'.join(FORMATS)}")
    with db_session(db) as conn:
        rows = tracker_table(conn, **filters)
        note_left_out(conn)
    write_tracker(rows, fmt, out, title)
    click.echo(f"{out}: {len(rows)} action{'s' * (len(rows) != 1)}")


@click.command(context_settings=CONTEXT)
@click.argument("document")
@click.argument("action")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@AS_OF
@DB_OPTION
def show(document: str, action: str, fmt: str, as_of: date, db: Path) -> None:
    """One action's history: what was asked, of whom, by when, and every later mention with its date and page.

    DOCUMENT is the stem `scrutiny followups` shows, ACTION the action's id (x3).

    \b
    Example:
      scrutiny show stokeferry-pc-2012-07-11 x10
    """
    with db_session(db) as conn:
        history = action_history(conn, document, action, as_of=as_of)
    if history is None:
        raise click.ClickException(f"no tracked action {action!r} in {document!r}: see `scrutiny followups`")
    row = history["row"]
    if fmt == "json":
        data = dict(zip(("ref", "committee", "meeting_date", "item", "action", "requested_by", "owner", "due",
                         "status", "latest_update", "source"), row.cells()))
        data["meeting_date"] = row.meeting_date.isoformat() if row.meeting_date else None
        data.update({k: history[k] for k in ("status", "tracker_status", "due_date", "due_basis", "evidence")})
        data["status"] = history["status"]
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    click.echo(f"{row.ref}  {row.committee}, {uk_day(row.meeting_date)}  [{row.status}]")
    for label, value in (("Item", row.item), ("Action", row.action), ("Requested by", row.requested_by),
                         ("Owner", row.owner), ("Due", row.due), ("Source", row.source)):
        if value:
            click.echo(f"  {label + ':':<14}{value}")
    if not history["evidence"]:
        click.echo("  No later meeting mentions it.")
    for e in history["evidence"]:
        where = ", ".join(x for x in (uk_day(e["meeting_date"]), e["document"],
                                      f"p. {e['page']}" if e["page"] else "") if x)
        click.echo(f"  - {where} ({e['method']}): {e['quote']}")
