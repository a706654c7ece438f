"""The ``scrutiny`` command line: a thin layer over the library API.

    scrutiny parse corpus/seeds/000_31e354d2ef60ea1b.txt --format text
    scrutiny extract corpus/parish/*.txt --out outputs/records
    scrutiny ingest corpus/
    scrutiny search "missing children" --type question
    scrutiny followups --status outstanding
    scrutiny tracker --council Kent --out outputs/tracker.xlsx
    scrutiny show stokeferry-pc-2012-07-11 x10
    scrutiny check "Minutes 10 October 2012.pdf"
    scrutiny export --format parquet --out outputs/export
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import click

from . import api
from .document import Document
from .errors import ReadError
from .cli_options import manifest_rows, meta_options
from .records import SCHEMA


def _batch(files: Iterable[str], manifest: Optional[Path], meta: dict[str, Any],
           handle: Callable[[Path, Document], None]) -> int:
    """Read each file and hand it on; report failures one line each; exit status 1 if any failed."""
    rows = manifest_rows(manifest)
    failures: list[ReadError] = []
    total = 0
    for path, result in api.read_many(files, manifest=rows, meta=meta):
        total += 1
        if isinstance(result, ReadError):
            click.echo(f"error: {result}", err=True)
            failures.append(result)
            continue
        try:
            handle(path, result)
        except Exception as e:  # one document's failure must not stop the batch
            failure = ReadError(str(path), f"processing failed ({type(e).__name__}: {e})")
            click.echo(f"error: {failure}", err=True)
            failures.append(failure)
    if failures and total > 1:
        click.echo(f"{len(failures)} of {total} files failed:", err=True)
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
def parse(files: tuple[str, ...], fmt: str, manifest: Optional[Path], **meta: Any) -> None:
    """Read documents (PDF, DOCX, HTML, text, ModernGov XML) and print them.

    Example: scrutiny parse corpus/kent/kcc-cabinet-2025-01-09.pdf --format text
    """
    def show(path: Path, doc: Document) -> None:
        if fmt == "text":
            click.echo(doc.text)
        else:
            click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=1))

    sys.exit(_batch(files, manifest, meta, show))


def records_json(doc: Document, records: list) -> dict[str, Any]:
    """The spec's output object for one document."""
    return {"schema": SCHEMA, "document": doc.metadata(), "records": [r.to_dict() for r in records]}


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--out", "out", required=True,
              help="Folder for one <file stem>.json per input, or - for stdout.")
@meta_options
def extract(files: tuple[str, ...], out: str, manifest: Optional[Path], **meta: Any) -> None:
    """Extract questions, answers, resolutions, actions and figures to JSON (scrutiny-records/1).

    Example: scrutiny extract corpus/seeds/*.txt --out outputs/records
    """
    from . import extract as run_extract

    out_dir = None if out == "-" else Path(out)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)

    def write(path: Path, doc: Document) -> None:
        data = records_json(doc, run_extract(doc))
        if out_dir is None:
            click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        else:
            target = out_dir / f"{doc.stem}.json"
            target.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            counts = {}
            for r in data["records"]:
                counts[r["type"]] = counts.get(r["type"], 0) + 1
            summary = ", ".join(f"{n} {t}s" for t, n in counts.items()) or "no records"
            click.echo(f"{path} -> {target} ({summary})", err=True)

    sys.exit(_batch(files, manifest, meta, write))


def _register_dataset_commands() -> None:
    try:
        from .cli_dataset import export, followups, ingest, search
        from .cli_check import check_command, remove
        from .cli_tracker import show, tracker
    except ImportError:  # pragma: no cover - only while the dataset layer is absent
        return
    for cmd in (ingest, search, followups, tracker, show, check_command, remove, export):
        main.add_command(cmd)


_register_dataset_commands()

if __name__ == "__main__":  # pragma: no cover
    main()
