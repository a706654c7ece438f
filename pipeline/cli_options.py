"""Options more than one command takes, defined once so that they mean the same everywhere: caller-supplied
metadata, worker processes and the time budget of each document."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

import click

from . import workers

DOC_TYPES = ("minutes", "report", "action_log", "agenda")


def meta_options(f: Callable) -> Callable:
    """Caller-supplied metadata: wins over what the text says (a sidecar and a manifest row come between)."""
    options = [
        click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="CSV/TSV with path, council, committee, meeting_date, url, licence columns."),
        click.option("--council", help="Council name for every file given."),
        click.option("--committee", help="Committee name for every file given."),
        click.option("--date", "meeting_date", help="Meeting date (YYYY-MM-DD) for every file given."),
        click.option("--doc-type", type=click.Choice(DOC_TYPES), help="Document type for every file given."),
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
