"""What several commands share: caller-supplied metadata, worker processes and the time budget of each
document, the tracker's filters, a database session.

A bad ``--date`` or a manifest row with a date that is no date stops the
command with one line before anything is parsed or stored, rather than
failing every file of the batch with the same complaint.  ``followups``,
``tracker`` and ``show`` take the same filters, so they mean the same in
each; every database error a user can act on is one line.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Sequence

import click

from .. import store, workers
from ..dates import uk_date
from ..errors import ReadError
from ..metadata import load_manifest

DOC_TYPES = ["minutes", "report", "action_log", "agenda"]


def _day(value: Optional[str], flag: str) -> Optional[str]:
    """A flag's date as ISO, or a one-line error naming the flag and the value (day first: 14/01/2025)."""
    try:
        return uk_date(value, flag)
    except ReadError as e:
        raise click.ClickException(str(e)) from None


def _date_flag(_ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """--date as ISO."""
    return _day(value, "--date")


def _as_of_flag(_ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> date:
    """--as-of as a date, today without one."""
    day = _day(value, "--as-of")
    return date.fromisoformat(day) if day else date.today()


def manifest_rows(manifest: Optional[Path]) -> Optional[dict[str, dict[str, Any]]]:
    """The manifest's rows, or a one-line error naming the row whose date is no date."""
    if manifest is None:
        return None
    try:
        rows = load_manifest(manifest)
    except ReadError as e:
        raise click.ClickException(str(e)) from None
    missing = [key for key in rows if not Path(key).exists()]
    if missing:  # rows name files relative to the manifest's folder: a manifest written elsewhere matches nothing
        click.echo(f"warning: {manifest}: {len(missing)} of {len(rows)} rows name no file (paths are relative to "
                   f"the manifest's folder), e.g. {missing[0]}", err=True)
    return rows


def meta_options(f: Callable) -> Callable:
    """Caller-supplied metadata: wins over what the text says."""
    options = [
        click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="CSV/TSV with path, council, committee, meeting_date, url, licence columns "
                          "(dates day first, as UK spreadsheets write them, or ISO)."),
        click.option("--council", help="Council name for every file given."),
        click.option("--committee", help="Committee name for every file given."),
        click.option("--date", "meeting_date", callback=_date_flag,
                     help="Meeting date for every file given (14/01/2025 or 2025-01-14)."),
        click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Document type for every file given."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def _rules_flag(_ctx: click.Context, _param: click.Parameter, value: tuple[str, ...]) -> None:
    """Lay the ``--rules`` folders over the default rules (for this process and its workers), then check every
    rule file once: a bad regex or a misspelt key is one line naming the file and key, not a failure per file."""
    from .. import rules

    if value:
        os.environ[rules.ENV] = os.pathsep.join(value)
    try:
        rules.check_all()
    except rules.RulesError as e:
        raise click.ClickException(str(e)) from None


def rules_option(f: Callable) -> Callable:
    """``--rules DIR``: a folder (or a profile in models/profiles/) whose rule files add to the defaults."""
    return click.option("--rules", "rules", multiple=True, callback=_rules_flag, expose_value=False,
                        metavar="DIR",
                        help="A folder of rule files laid over models/ (or a profile name in models/profiles/): "
                             "its phrases add to the defaults.  Repeat for several; default: SCRUTINY_RULES.")(f)


def work_options(f: Callable) -> Callable:
    """How documents are processed: worker processes and the time budget of each document."""
    options = [
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes reading and extracting at once (default: one per core)."),
        click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
                     envvar="SCRUTINY_TIMEOUT", show_envvar=True,
                     help="Seconds one document may take before it is stopped and reported (default 120)."),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


AS_OF = click.option("--as-of", "as_of", callback=_as_of_flag,
                     help="Read the tracker as on this day (default today): overdue means due before it.  "
                          "14/01/2025 or 2025-01-14.")


def followup_filters(f: Callable) -> Callable:
    """The filters every view of the tracker takes, named as ``store.followups_view`` takes them."""
    options = [
        click.option("--council", help="Only meetings whose council contains this (case-insensitive)."),
        click.option("--committee", help="Only meetings whose committee contains this (case-insensitive)."),
        click.option("--status", "status", multiple=True, type=click.Choice(store.TRACKER_STATUSES),
                     help="resolved, progressed (reported on, not done), overdue (due date passed, not resolved), "
                          "outstanding (later meetings say nothing), pending (no later meeting stored yet). "
                          "Repeat for several."),
        click.option("--owner", help="Only actions whose owner contains this (case-insensitive): 'clerk'."),
        click.option("--since", help="Meetings on or after this date (2025-01-14, 14/01/2025, 2025-01 or 2025)."),
        click.option("--until", help="Meetings on or before this date (2025-01-14, 14/01/2025, 2025-01 or 2025)."),
        AS_OF,
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def work_settings(jobs: Optional[int], timeout: Optional[float]) -> tuple[int, float]:
    """The worker count and per-document budget, from the options or their defaults."""
    return (jobs or workers.default_jobs(), timeout or workers.DEFAULT_TIMEOUT)


@contextmanager
def db_session(db: Path) -> Iterator[Any]:
    """An existing database for one command; what goes wrong that a user can act on is one line."""
    try:
        conn = store.open_existing(db)
    except store.StoreError as e:
        raise click.ClickException(str(e)) from None
    try:
        yield conn
    except (store.StoreError, store.QueryError, ReadError) as e:
        raise click.ClickException(str(e)) from None
    finally:
        conn.close()


def left_out_note(left_out: Sequence[dict[str, Any]], show: int = 5) -> str:
    """One line: how many stored documents the tracker left out, the first few by name, and how to bring them in."""
    names = ", ".join(f"{d['stem']} (no {' or '.join(d['missing'])})" for d in left_out[:show])
    more = f" and {len(left_out) - show} more" if len(left_out) > show else ""
    return (f"note: {len(left_out)} document{'s' * (len(left_out) != 1)} left out of follow-ups: {names}{more}; "
            f"give their council and meeting date with a manifest, a sidecar or --council/--date and ingest again")


def note_left_out(conn: Any) -> None:
    """Say on stderr which documents the tracker left out, if any (stdout stays the data)."""
    left_out = store.left_out_documents(conn)
    if left_out:
        click.echo(left_out_note(left_out), err=True)
