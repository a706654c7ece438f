"""Options more than one command takes, defined once so that they mean the same everywhere."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

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
