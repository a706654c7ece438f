"""Options several commands share: caller-supplied metadata, worker processes and the time budget."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import click

from . import workers
from .errors import ReadError


def meta_options(f: Callable) -> Callable:
    """Caller-supplied metadata: wins over what the text says."""
    options = [
        click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="CSV/TSV with path, council, committee, meeting_date, url, licence columns."),
        click.option("--council", help="Council name for every file given."),
        click.option("--committee", help="Committee name for every file given."),
        click.option("--date", "meeting_date", help="Meeting date (YYYY-MM-DD) for every file given."),
        click.option("--doc-type", type=click.Choice(["minutes", "report", "action_log", "agenda"])),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


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


def work_settings(jobs: Optional[int], timeout: Optional[float]) -> tuple[int, float]:
    """The worker count and per-document budget, from the options or their defaults."""
    return (jobs or workers.default_jobs(), timeout or workers.DEFAULT_TIMEOUT)


def manifest_rows(manifest: Optional[Path]) -> Optional[dict[str, dict[str, Any]]]:
    """The ``--manifest`` file loaded, or None; one that cannot be used stops the command with one line.

    Rows name files relative to the manifest's folder: rows naming no file
    there are reported (a manifest written relative to another folder
    would otherwise match nothing, silently).
    """
    if manifest is None:
        return None
    from .metadata import load_manifest

    try:
        rows = load_manifest(manifest)
    except ReadError as e:
        raise click.ClickException(str(e)) from None
    missing = [key for key in rows if not Path(key).exists()]
    if missing:
        click.echo(f"warning: {manifest}: {len(missing)} of {len(rows)} rows name no file (paths are relative to "
                   f"the manifest's folder), e.g. {missing[0]}", err=True)
    return rows
