"""The ``scrutiny`` command line: a thin layer over the library API.

    scrutiny parse corpus/seeds/000_31e354d2ef60ea1b.txt --format text
    scrutiny extract corpus/parish/*.txt --out outputs/records
    scrutiny ingest corpus/
    scrutiny search "missing children" --type question
    scrutiny followups --status outstanding
    scrutiny tracker --council Kent --out outputs/tracker.xlsx
    scrutiny show stokeferry-pc-2012-07-11 x10
    scrutiny check corpus/parish/stokeferry-pc-2012-10-10.txt
    scrutiny export --format parquet --out outputs/export
    scrutiny serve
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Container, Iterable, Optional

import click

from .document import Document
from .errors import ReadError
from .cli_format import plural
from .cli_options import manifest_rows, meta_options, rules_option, work_options, work_settings
from .paths import display_name
from .records import records_json


def _batch(files: Iterable[str], manifest: Optional[Path], meta: dict[str, Any],
           handle: Callable[[Path, Document, Optional[list]], None], extract: bool,
           jobs: Optional[int], timeout: Optional[float]) -> int:
    """Read (and extract) each file in worker processes and hand it on in input order; report failures one
    line each; exit status 1 if any failed or nothing was found to read."""
    from . import api, workers  # the readers and worker processes: only for commands that read

    rows = manifest_rows(manifest)
    paths = api.expand_paths(files)
    if not paths:
        click.echo(f"error: no documents found in {', '.join(files)}", err=True)
        return 1
    empty = api.empty_folders(files, paths)
    for folder in empty:
        click.echo(f"error: no documents found in {folder}", err=True)
    failures: list[ReadError] = []
    n_jobs, budget = work_settings(jobs, timeout)
    for outcome in workers.process(paths, workers.Job(extract, rows, meta), jobs=n_jobs, timeout=budget):
        if outcome.error is not None:
            click.echo(f"error: {outcome.error}", err=True)
            failures.append(outcome.error)
            continue
        try:
            handle(outcome.path, outcome.document, outcome.records)
        except BrokenPipeError:  # the reader went away (`| head`): stop quietly, not one "failure" per file
            raise
        except Exception as e:  # one document's failure must not stop the batch
            failure = ReadError(display_name(outcome.path), f"processing failed ({type(e).__name__}: {e})")
            click.echo(f"error: {failure}", err=True)
            failures.append(failure)
    if failures and len(paths) > 1:
        click.echo(f"{len(failures)} of {len(paths)} files failed:", err=True)
        for e in failures:
            click.echo(f"  {e.source}: {e.reason}", err=True)
    return 1 if failures or empty else 0


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


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="json: the Document with blocks and tables (several files: one per line, JSON Lines); "
                   "text: the normalised text only (several files: each after a '==> FILE <==' line).")
@meta_options
@rules_option
@work_options
def parse(files: tuple[str, ...], fmt: str, manifest: Optional[Path], jobs: Optional[int], timeout: Optional[float],
          **meta: Any) -> None:
    """Read documents (PDF, DOCX, HTML, text, ModernGov XML) and print them.

    \b
    Examples:
      scrutiny parse corpus/kent/kcc-cabinet-2025-01-09.pdf --format text
      scrutiny parse corpus/parish/*.txt --council "Stoke Ferry Parish Council"
    """
    from . import api

    many = len(api.expand_paths(files)) > 1

    def show(path: Path, doc: Document, records: Optional[list]) -> None:
        if fmt == "text":
            click.echo(f"==> {path} <==\n{doc.text}\n" if many else doc.text)
        elif many:  # JSON Lines: one document per line, so `head -1`, `jq -c` and pandas read them one by one
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))

    sys.exit(_batch(files, manifest, meta, show, False, jobs, timeout))


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out", required=True,
              help="Folder for one <file stem>.json per input (<stem>-2.json for a second input of that stem), "
                   "or - for stdout.")
@meta_options
@rules_option
@work_options
def extract(files: tuple[str, ...], out: str, manifest: Optional[Path], jobs: Optional[int],
            timeout: Optional[float], **meta: Any) -> None:
    """Extract questions, answers, resolutions, actions and figures to JSON (scrutiny-records/1).

    \b
    Examples:
      scrutiny extract corpus/seeds/*.txt --out outputs/records
      scrutiny extract corpus/parish/stokeferry-pc-2012-07-11.txt --out -
    """
    out_dir = None if out == "-" else Path(out)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, tuple[str, Path]] = {}  # output name case-folded -> (that name, the input written to it)

    def write(path: Path, doc: Document, records: Optional[list]) -> None:
        data = records_json(doc, records or [])
        if out_dir is None:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            name = output_name(doc.stem, written)
            written[name.casefold()] = (name, path)
            target = out_dir / name
            target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            counts = Counter(r["type"] for r in data["records"])
            summary = ", ".join(plural(n, t) for t, n in counts.items()) or "no records"
            if name != f"{doc.stem}.json":
                first, held = written[f"{doc.stem}.json".casefold()]
                summary += f"; {first} holds {display_name(held)}"
            click.echo(f"{display_name(path)} -> {target} ({summary})", err=True)

    sys.exit(_batch(files, manifest, meta, write, True, jobs, timeout))


def output_name(stem: str, taken: Container[str]) -> str:
    """``stem.json``, or ``stem-2.json``, ``stem-3.json`` ... when an earlier input of the run has that name:
    two inputs sharing a stem (``a/minutes.pdf``, ``b/minutes.pdf``) never overwrite each other's records.
    Names are compared case-folded, as a Windows or macOS folder does."""
    name, n = f"{stem}.json", 1
    while name.casefold() in taken:
        n += 1
        name = f"{stem}-{n}.json"
    return name


def _register_dataset_commands() -> None:
    try:
        from .cli_dataset import export, followups, ingest, search
        from .cli_check import check_command, remove
        from .cli_tracker import show, tracker
        from .serve import serve
    except ImportError:  # pragma: no cover - only while the dataset layer is absent
        return
    for cmd in (ingest, search, followups, tracker, show, check_command, remove, export, serve):
        main.add_command(cmd)


_register_dataset_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
