"""Supplied metadata users can trust: a manifest row names one file; unusable manifests and sidecars say so."""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline import store
from pipeline.cli import main
from pipeline.cli_dataset import ingest as ingest_command
from pipeline.stamp import pipeline_stamp, rules_hash

from .conftest import PARISH, ROOT, SEEDS
from .test_store import fts_ok, rows

TABLES = ("documents", "records", "followups", "question_status", "errors")
# What legitimately differs between a re-ingested database and a fresh one.
RUN_COLUMNS = ("pk", "ingested_at", "time")
DATES = {p.stem: p.stem[-10:] for p in PARISH}


def content(conn: sqlite3.Connection) -> dict[str, list]:
    return {t: rows(conn, t, drop=RUN_COLUMNS) for t in TABLES}


def copy_series(folder: Path, sources=PARISH[:3]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in sources:
        shutil.copy(src, folder / src.name)
        out.append(folder / src.name)
    return out


def write_manifest(path: Path, rows_: list[tuple[str, str, str, str]]) -> Path:
    lines = ["path,council,committee,meeting_date"] + [",".join(r) for r in rows_]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def series_rows(files: list[Path], base: Path, moved: dict[str, str] = {}) -> list[tuple[str, str, str, str]]:
    return [(f.relative_to(base).as_posix(), "Stoke Ferry Parish Council", "Parish Council",
             moved.get(f.stem, DATES[f.stem])) for f in files]


def ingest(db: Path, files, manifest=None, **kw) -> store.IngestSummary:
    conn = store.connect(db)
    try:
        rows_ = pipeline.metadata.load_manifest(manifest) if manifest else None
        return store.ingest(conn, [str(f) for f in files], manifest=rows_, progress=False, **kw)
    finally:
        conn.close()


def stored(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


# ---- edits of the supplied metadata ---------------------------------------------------

def test_a_manifest_row_names_one_file_never_a_same_named_one_elsewhere(tmp_path):
    a, b = tmp_path / "july", tmp_path / "august"
    for folder, src in ((a, PARISH[0]), (b, PARISH[1])):
        folder.mkdir()
        shutil.copy(src, folder / "minutes.txt")
    manifest = write_manifest(tmp_path / "manifest.csv", [("july/minutes.txt", "Stoke Ferry", "Full Council",
                                                           "2012-07-11")])
    rows_ = pipeline.metadata.load_manifest(manifest)
    assert pipeline.read(a / "minutes.txt", manifest=rows_).committee == "Full Council"
    august = pipeline.read(b / "minutes.txt", manifest=rows_)
    assert august.committee != "Full Council" and august.meeting_date == "2012-08-08"
    # A row is relative to the manifest's folder, not to where the command runs.
    inner = write_manifest(a / "manifest.csv", [("minutes.txt", "Stoke Ferry", "Full Council", "2012-07-11")])
    assert pipeline.read(b / "minutes.txt", manifest=pipeline.metadata.load_manifest(inner)).committee != \
        "Full Council"


def test_a_manifest_naming_no_file_there_is_reported(tmp_path):
    files = copy_series(tmp_path / "minutes", PARISH[:1])
    manifest = write_manifest(tmp_path / "minutes" / "manifest.csv", [
        ("minutes/" + files[0].name, "Stoke Ferry", "Parish Council", "2012-07-11")])  # relative to the wrong folder
    result = CliRunner().invoke(main, ["parse", str(files[0]), "--manifest", str(manifest), "--format", "text"])
    assert result.exit_code == 0
    assert f"warning: {manifest}: 1 of 1 rows name no file (paths are relative to the manifest's folder)" \
        in result.stderr


def test_a_malformed_sidecar_is_one_line_naming_it(tmp_path):
    (target,) = copy_series(tmp_path, PARISH[:1])
    side = target.with_name(target.name + ".meta.json")
    side.write_text('{"council": "Stoke Ferry",\n "committee": Parish Council}', encoding="utf-8")
    with pytest.raises(pipeline.ReadError) as e:
        pipeline.read(target)
    assert str(e.value) == (f"{target}: its metadata sidecar {side.name} is not valid JSON "
                            "(Expecting value at line 2 column 15)")
    for content_, why in (('["Stoke Ferry"]', "must hold a JSON object"),
                          ('{"meeting_date": 20120711}', "gives meeting_date as 20120711: write it as text"),
                          (b'{"council": "Stoke Ferry \xa3"}', "is not UTF-8 text (byte 0xa3 at offset 25)")):
        side.write_bytes(content_ if isinstance(content_, bytes) else content_.encode())
        with pytest.raises(pipeline.ReadError, match=re.escape(why)):
            pipeline.read(target)

    db = tmp_path / "side.db"
    result = CliRunner().invoke(ingest_command, [str(target), "--db", str(db), "--no-progress"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"error: {target}: its metadata sidecar {side.name} is not UTF-8 text" in result.stderr
    assert stored(db, "SELECT reason FROM errors") == [(f"its metadata sidecar {side.name} is not UTF-8 text "
                                                        "(byte 0xa3 at offset 25)",)]


@pytest.mark.parametrize("data, message", [
    ("path,council\nseeds/x.txt,Stoke Ferry \xa3\n".encode("cp1252"),
     "manifest is not UTF-8 text (byte 0xa3 on line 2): save it as 'CSV UTF-8'"),
    (b"", "manifest is empty"),
    (b"council,committee\nStoke Ferry,Parish Council\n", "manifest has no path column"),
])
def test_a_manifest_that_cannot_be_used_is_one_line(tmp_path, data, message):
    manifest = tmp_path / "manifest.csv"
    manifest.write_bytes(data)
    for args in (["ingest", str(PARISH[0]), "--db", str(tmp_path / "m.db")], ["parse", str(PARISH[0])]):
        result = CliRunner().invoke(main, [*args, "--manifest", str(manifest)])
        assert result.exit_code == 1
        (line,) = result.output.strip().splitlines()
        assert line.startswith(f"Error: {manifest}: {message}"), line
    assert not (tmp_path / "m.db").exists()
