"""Options several commands share: caller-supplied metadata, checked before any file is read.

A bad ``--date`` or a manifest row with a date that is no date stops the
command with one line before anything is parsed or stored, rather than
failing every file of the batch with the same complaint.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

import click

from .dates import uk_date
from .errors import ReadError
from .metadata import load_manifest

DOC_TYPES = ["minutes", "report", "action_log", "agenda"]


def _date_flag(_ctx: click.Context, _param: click.Parameter, value: Optional[str]) -> Optional[str]:
    """--date as ISO, or a one-line error naming the value (day first: 14/01/2025 is 14 January)."""
    try:
        return uk_date(value, "--date")
    except ReadError as e:
        raise click.ClickException(str(e)) from None


def manifest_rows(manifest: Optional[Path]) -> Optional[dict[str, dict[str, Any]]]:
    """The manifest's rows, or a one-line error naming the row whose date is no date."""
    if manifest is None:
        return None
    try:
        return load_manifest(manifest)
    except ReadError as e:
        raise click.ClickException(str(e)) from None


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
        click.option("--doc-type", type=click.Choice(DOC_TYPES)),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f
