"""The ``scrutiny`` command line: a thin layer over the library API.

    scrutiny parse corpus/seeds/000_31e354d2ef60ea1b.txt --format text
    scrutiny extract corpus/parish/*.txt --out outputs/records
    scrutiny ingest corpus/
    scrutiny search "missing children" --type question
    scrutiny followups --status outstanding
    scrutiny export --format parquet --out outputs/export
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import click

from .cli_options import meta_options, work_options, work_settings
from .document import Document
from .errors import ReadError
from .paths import display_name
from .records import records_json


def _batch(files: Iterable[str], manifest: Optional[Path], meta: dict[str, Any],
           handle: Callable[[Path, Document, Optional[list]], None], extract: bool,
           jobs: Optional[int], timeout: Optional[float]) -> int:
    """Read (and extract) each file in worker processes and hand it on in input order; report failures one
    line each; exit status 1 if any failed or nothing was found to read."""
    from . import api, workers  # the readers and worker processes: only for commands that read
    from .metadata import load_manifest

    rows = load_manifest(manifest) if manifest else None
    paths = api.expand_paths(files)
    if not paths:
        click.echo(f"error: no documents found in {', '.join(files)}", err=True)
        return 1
    failures: list[ReadError] = []
    n_jobs, budget = work_settings(jobs, timeout)
    for outcome in workers.process(paths, workers.Job(extract, rows, meta), jobs=n_jobs, timeout=budget):
        if outcome.error is not None:
            click.echo(f"error: {outcome.error}", err=True)
            failures.append(outcome.error)
            continue
        try:
            handle(outcome.path, outcome.document, outcome.records)
        except Exception as e:  # one document's failure must not stop the batch
            failure = ReadError(display_name(outcome.path), f"processing failed ({type(e).__name__}: {e})")
            click.echo(f"error: {failure}", err=True)
            failures.append(failure)
    if failures and len(paths) > 1:
        click.echo(f"{len(failures)} of {len(paths)} files failed:", err=True)
        for e in failures:
            click.echo(f"  {e.source}: {e.reason}", err=True)
    return 1 if failures else 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scrutiny")
def main() -> None:
    """scrutiny: council minutes and reports to a dataset of scrutiny requests and follow-ups.

    Start with `scrutiny ingest corpus/`, then `scrutiny followups` and
    `scrutiny search QUERY`.  Every command has --help with an example.
    """


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True,
              help="json: the Document with blocks and tables; text: the normalised text only.")
@meta_options
@work_options
def parse(files: tuple[str, ...], fmt: str, manifest: Optional[Path], jobs: Optional[int], timeout: Optional[float],
          **meta: Any) -> None:
    """Read documents (PDF, DOCX, HTML, text, ModernGov XML) and print them.

    Example: scrutiny parse corpus/kent/kcc-cabinet-2025-01-09.pdf --format text
    """
    def show(path: Path, doc: Document, records: Optional[list]) -> None:
        if fmt == "text":
            click.echo(doc.text)
        else:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))

    sys.exit(_batch(files, manifest, meta, show, False, jobs, timeout))


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out", required=True,
              help="Folder for one <file stem>.json per input, or - for stdout.")
@meta_options
@work_options
def extract(files: tuple[str, ...], out: str, manifest: Optional[Path], jobs: Optional[int],
            timeout: Optional[float], **meta: Any) -> None:
    """Extract questions, answers, resolutions, actions and figures to JSON (scrutiny-records/1).

    Example: scrutiny extract corpus/seeds/*.txt --out outputs/records
    """
    out_dir = None if out == "-" else Path(out)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)

    def write(path: Path, doc: Document, records: Optional[list]) -> None:
        data = records_json(doc, records or [])
        if out_dir is None:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            target = out_dir / f"{doc.stem}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            counts = {}
            for r in data["records"]:
                counts[r["type"]] = counts.get(r["type"], 0) + 1
            summary = ", ".join(f"{n} {t}s" for t, n in counts.items()) or "no records"
            click.echo(f"{display_name(path)} -> {target} ({summary})", err=True)

    sys.exit(_batch(files, manifest, meta, write, True, jobs, timeout))


def _register_dataset_commands() -> None:
    try:
        from .cli_dataset import export, followups, ingest, search
    except ImportError:  # pragma: no cover - only while the dataset layer is absent
        return
    for cmd in (ingest, search, followups, export):
        main.add_command(cmd)


_register_dataset_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
