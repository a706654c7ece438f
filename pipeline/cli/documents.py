"""``scrutiny parse`` and ``scrutiny extract``: documents in, documents or records out, nothing stored."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import click

from ..document import Document
from ..errors import ReadError
from ..paths import display_name
from ..records_files import RecordsFolder, records_text
from .dataset import CONTEXT
from .formatting import plural
from .options import manifest_rows, meta_options, rules_option, work_options, work_settings


def _batch(files: Iterable[str], manifest: Optional[Path], meta: dict[str, Any],
           handle: Callable[[Path, Document, Optional[list]], None], extract: bool,
           jobs: Optional[int], timeout: Optional[float]) -> int:
    """Read (and extract) each file in worker processes and hand it on in input order; report failures one
    line each; exit status 1 if any failed or nothing was found to read."""
    from .. import api, workers  # the readers and worker processes: only for commands that read

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


@click.command(context_settings=CONTEXT)
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
      scrutiny parse corpus/built/thurrock-council-2015-07-22.pdf --format text
      scrutiny parse corpus/parish/*.txt --council "Stoke Ferry Parish Council"
    """
    from .. import api

    many = len(api.expand_paths(files)) > 1

    def show(path: Path, doc: Document, records: Optional[list]) -> None:
        if fmt == "text":
            click.echo(f"==> {path} <==\n{doc.text}\n" if many else doc.text)
        elif many:  # JSON Lines: one document per line, so `head -1`, `jq -c` and pandas read them one by one
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False))
        else:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))

    sys.exit(_batch(files, manifest, meta, show, False, jobs, timeout))


@click.command(context_settings=CONTEXT)
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
    folder = None if out == "-" else RecordsFolder(Path(out))

    def write(path: Path, doc: Document, records: Optional[list]) -> None:
        if folder is None:
            click.echo(records_text(doc, records or []))
            return
        target, counts, held = folder.write(path, doc, records or [])
        summary = ", ".join(plural(n, t) for t, n in counts.items()) or "no records"
        if held is not None:
            summary += f"; {held[0]} holds {display_name(held[1])}"
        click.echo(f"{display_name(path)} -> {target} ({summary})", err=True)

    sys.exit(_batch(files, manifest, meta, write, True, jobs, timeout))
