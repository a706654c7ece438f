"""``scrutiny serve``: browse the dataset in a web page (Datasette), read-only by default.

Datasette gives table pages with facets, full-text search, links along
foreign keys and saved ("canned") queries for free, so the browser is not
ours to write: this module only prepares the database and hands Datasette
the metadata shipped with the package (``datasette.json``: a description
of every table and column, label columns, facets and canned queries).

Immutable is the default because a browser of council data should never
be able to change it, and because Datasette then reads the file without
locking it.  Immutable mode ignores a WAL file, so the database is
checkpointed first: the page shows everything the last ingest stored.
"""
from __future__ import annotations

import ipaddress
import json
import sys
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import click

from . import store
from .cli_dataset import CONTEXT, DB_OPTION

METADATA = "datasette.json"
# Cells on table pages are cut to this many characters; a row's own page shows them whole.
TRUNCATE_CELLS = 300


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a database named ``database`` (the file's stem), from the shipped JSON."""
    shipped = json.loads(resources.files("pipeline").joinpath(METADATA).read_text(encoding="utf-8"))
    tables, queries = shipped.pop("tables"), shipped.pop("queries")
    return {**shipped, "databases": {database: {"tables": tables, "queries": queries}}}


def prepare(db: Path) -> None:
    """Bring the database to the current schema and fold its WAL into the file (immutable readers skip the WAL)."""
    conn = store.open_existing(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def datasette_args(db: Path, metadata_file: Path, host: str, port: int, mutable: bool) -> list[str]:
    """The ``datasette serve`` arguments for ``db``."""
    return ["serve", *([str(db)] if mutable else ["-i", str(db)]), "--metadata", str(metadata_file),
            "--host", host, "--port", str(port), "--setting", "truncate_cells_html", str(TRUNCATE_CELLS)]


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
