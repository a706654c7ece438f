"""``scrutiny serve``: the dataset in a web browser (Datasette), over :mod:`pipeline.serve`."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click

from .. import store
from ..serve import datasette_args, is_loopback, metadata, prepare
from .dataset import CONTEXT, DB_OPTION


@click.command(context_settings=CONTEXT)
@DB_OPTION
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback lets other machines read the dataset.")
@click.option("--mutable", is_flag=True,
              help="Open the file normally instead of immutable (to see an ingest that is still running).")
def serve(db: Path, port: int, host: str, mutable: bool) -> None:
    """Browse the dataset in a web browser (Datasette): search, facets, links and saved queries.

    Read-only: the database is opened immutable.  Saved queries (outstanding
    actions by committee, actions by owner, one action's evidence, open
    questions, requested resolutions, figures by measure, documents missing
    a date or records) are on the database page.

    \b
    Example:
      scrutiny serve --db outputs/scrutiny.db --port 8001
    """
    from datasette.cli import cli as datasette

    try:
        prepare(db)
    except store.StoreError as e:
        raise click.ClickException(str(e)) from None
    if not is_loopback(host):
        click.echo(f"notice: listening on {host}: any machine that can reach it can read the dataset", err=True)
    with tempfile.TemporaryDirectory(prefix="scrutiny-serve-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem), ensure_ascii=False), encoding="utf-8")
        click.echo(f"serving {db} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
        sys.exit(datasette.main(datasette_args(db, meta, host, port, mutable), prog_name="datasette",
                                standalone_mode=False))
