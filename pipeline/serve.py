"""Browsing the dataset in a web page (Datasette), read-only by default: what ``scrutiny serve`` runs.

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
from importlib import resources
from pathlib import Path
from typing import Any

from . import store

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
