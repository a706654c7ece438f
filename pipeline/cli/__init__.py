"""The ``scrutiny`` command line: a thin layer over the library API.

    scrutiny parse corpus/seeds/000_31e354d2ef60ea1b.txt --format text
    scrutiny extract corpus/parish/*.txt --out outputs/records
    scrutiny ingest corpus/
    scrutiny search "missing children" --type question
    scrutiny optimize
    scrutiny followups --status outstanding
    scrutiny tracker --council "Stoke Ferry" --out outputs/tracker.xlsx
    scrutiny show stokeferry-pc-2012-07-11 x10
    scrutiny check corpus/parish/stokeferry-pc-2012-10-10.txt
    scrutiny export --format parquet --out outputs/export
    scrutiny serve

Every command lives in a module of this package, one per command group, and
is registered here by name: an import that fails is an error at start-up,
never a command that silently goes missing.
"""
from __future__ import annotations

import click

from .dataset import export, followups, ingest, optimize, search
from .check import check_command, remove
from .documents import extract, parse
from .serve import serve
from .tracker import show, tracker


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(package_name="scrutiny")
@click.pass_context
def main(ctx: click.Context) -> None:
    """scrutiny: council minutes and reports to a dataset of scrutiny requests and follow-ups.

    Start with `scrutiny ingest corpus/`, then `scrutiny followups` and
    `scrutiny search QUERY`, or browse it all with `scrutiny serve`.  Every
    command has --help with an example.  The database is outputs/scrutiny.db
    unless --db or the SCRUTINY_DB environment variable names another.

    \b
    Examples:
      scrutiny ingest corpus/ --manifest corpus/MANIFEST.csv
      scrutiny followups --status outstanding
    """
    if ctx.invoked_subcommand is None:  # bare `scrutiny`: the help, as a successful answer
        click.echo(ctx.get_help())


COMMANDS = (parse, extract, ingest, search, optimize, followups, tracker, show, check_command, remove, export, serve)
for _command in COMMANDS:
    main.add_command(_command)
