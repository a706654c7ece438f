"""``scrutiny check`` (the clerk's check of new minutes, storing nothing) and ``scrutiny remove``.

Thin over :func:`pipeline.check.check` and :func:`pipeline.store.remove_document`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import click

from .. import store
from ..tracker import uk_day
from .dataset import CONTEXT, DB_OPTION
from .options import db_session, manifest_rows, meta_options, rules_option

if TYPE_CHECKING:
    from ..check import CheckReport


@click.command(context_settings=CONTEXT)
@click.argument("new_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@meta_options
@rules_option
@DB_OPTION
def check_command(new_file: Path, fmt: str, db: Path, manifest: Optional[Path], **meta: Any) -> None:
    """Check new minutes against the tracker before publishing them; nothing is stored.

    For the minutes' council and committee: the open actions of earlier
    meetings they take up (with the sentence that does) and those they do
    not mention; the actions they create; and the sentences that read like
    a request or an undertaking but gave no action, with the cue that
    nearly fired.

    \b
    Example:
      scrutiny check corpus/parish/stokeferry-pc-2012-10-10.txt --db outputs/scrutiny.db
      scrutiny check corpus/parish/stokeferry-pc-2012-09-12.txt --council "Stoke Ferry Parish Council" --date 12/09/2012 --format json
    """
    from ..check import check  # the tracker loads when a check runs, not for every command's --help

    rows = manifest_rows(manifest)
    with db_session(db) as conn:
        report = check(conn, new_file, meta={k: v for k, v in meta.items() if v is not None}, manifest=rows)
    click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) if fmt == "json" else markdown(report))


check_command.name = "check"


def markdown(report: CheckReport) -> str:
    """The check as a Markdown note a clerk can read or paste."""
    d = report.document
    lines = [f"# Check of {d['source']}", "",
             f"{d['council'] or 'council unknown'}, {d['committee'] or 'committee unknown'}, "
             f"{uk_day(d['meeting_date']) or 'date unknown'}: {d['actions']} actions found.", ""]
    if report.note:
        lines += [f"Note: {report.note}.", ""]

    def section(title: str, items: list, line) -> None:
        lines.extend([f"## {title} ({len(items)})", ""] + [line(i) for i in items] + ["" if items else "None.", ""])

    section("Earlier actions these minutes take up", report.taken_up,
            lambda i: f"- {i['document']} {i['action']} ({uk_day(i['meeting_date'])}, {i['status']} -> "
                      f"{i['status_now']}): {i['quote']}\n  - taken up: \"{i['sentence']}\"")
    section("Open actions these minutes do not mention", report.not_mentioned,
            lambda i: f"- {i['document']} {i['action']} ({uk_day(i['meeting_date'])}, {i['status']}"
                      + (f", owner {i['owner']}" if i["owner"] else "")
                      + (f", due {uk_day(i['due_date'])}" if i["due_date"] else "") + f"): {i['quote']}")
    section("Actions these minutes create", report.created,
            lambda i: f"- {i['action']}: {i['quote']}" + (f" (owner {i['owner']})" if i["owner"] else "")
                      + (f" (due {uk_day(i['due_date'])})" if i["due_date"] else ""))
    section("Sentences that read like a request or undertaking but gave no action", report.near_misses,
            lambda i: f"- \"{i['sentence']}\" ({i['kind']} cue {i['rule']}"
                      + (f", under {i['item']}" if i["item"] else "") + ")")
    return "\n".join(lines).rstrip() + "\n"


@click.command(context_settings=CONTEXT)
@click.argument("document")
@DB_OPTION
def remove(document: str, db: Path) -> None:
    """Remove a stored document (by the name `scrutiny followups` shows, its path or its id) and re-track.

    Its records go with it, and so does the evidence it gave other actions.

    \b
    Example:
      scrutiny remove stokeferry-pc-2012-10-10 --db outputs/scrutiny.db
    """
    with db_session(db) as conn:
        removed = store.remove_document(conn, document)
        totals = store.counts(conn)
    click.echo(f"removed {removed['stem']} ({removed['path']}); {db}: {totals['documents']} documents, "
               f"follow-ups {sum(totals['followups'].values())}")
