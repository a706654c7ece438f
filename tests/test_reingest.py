"""Re-ingest that users can trust: edits of the supplied metadata and of the rules reach the stored records.

A manifest row names one file; unusable manifests and sidecars say so.

On the Stoke Ferry series and the seeds: an edited manifest, a manifest
given only on a second run, an edited sidecar, and changed rule files each
make `scrutiny ingest` extract exactly the documents concerned again, and
the database it leaves is the one a fresh ingest would build.
"""
from __future__ import annotations

import copy
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
from pipeline.cli.dataset import ingest as ingest_command
from pipeline.stamp import pipeline_stamp, rules_hash

from .conftest import PARISH, ROOT, SEEDS
from .conftest import fts_ok, rows

TABLES = ("documents", "records", "followups", "question_status", "errors")
# What legitimately differs between a re-ingested database and a fresh one.
RUN_COLUMNS = ("pk", "record", "ingested_at", "time")  # record: the action's records.pk, renumbered when re-extracted
DATES = {p.stem: p.stem[-10:] for p in PARISH}


@pytest.fixture(scope="module", autouse=True)
def extract_once():
    """Each document is extracted once per metadata it is read with (records depend on committee and type):
    in this module ingest runs in process, so repeated extraction is saved and the store sees what
    ``pipeline.extract`` returns."""
    real = pipeline.extract
    cache: dict[tuple, list] = {}

    def extract(doc):
        key = (doc.id, json.dumps(doc.metadata(), sort_keys=True))
        if key not in cache:
            cache[key] = real(doc)
        return copy.deepcopy(cache[key])

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "extract", extract)
        yield


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
        return store.ingest(conn, [str(f) for f in files], manifest=rows_, progress=False, timeout=None, **kw)
    finally:
        conn.close()


def stored(db: Path, sql: str, *params) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


# ---- edits of the supplied metadata ---------------------------------------------------

def test_an_edited_manifest_updates_metadata_and_followups(tmp_path):
    files = copy_series(tmp_path / "minutes")
    manifest = write_manifest(tmp_path / "minutes" / "manifest.csv", series_rows(files, tmp_path / "minutes"))
    db = tmp_path / "edited.db"
    assert ingest(db, files, manifest).outcomes == Counter(new=3)
    july = files[0].stem
    assert stored(db, "SELECT DISTINCT status != 'pending' FROM followups WHERE document = ?", july) == [(1,)]

    # The clerk finds the July meeting misdated: it was held after the others, so nothing follows it up.
    write_manifest(manifest, series_rows(files, tmp_path / "minutes", moved={july: "2012-12-01"}))
    again = ingest(db, files, manifest)
    assert again.outcomes == Counter(metadata=1, unchanged=2)
    assert stored(db, "SELECT meeting_date FROM documents WHERE stem = ?", july) == [("2012-12-01",)]
    assert stored(db, "SELECT DISTINCT status FROM followups WHERE document = ?", july) == [("pending",)]

    fresh = tmp_path / "fresh.db"
    ingest(fresh, files, manifest)
    with store.connect(db) as conn, store.connect(fresh) as other:
        assert content(conn) == content(other)
        fts_ok(conn)
    # Nothing changed since: nothing is read again.
    assert ingest(db, files, manifest).outcomes == Counter(unchanged=3)


def test_a_manifest_given_only_on_the_second_run_is_applied_and_then_kept(tmp_path):
    files = copy_series(tmp_path / "minutes", PARISH[:2])
    db = tmp_path / "late.db"
    ingest(db, files)
    assert stored(db, "SELECT committee FROM documents ORDER BY stem") != [("Parish Council",)] * 2
    manifest = write_manifest(tmp_path / "manifest.csv", [
        (f.relative_to(tmp_path).as_posix(), "Stoke Ferry", "Parish Council", DATES[f.stem]) for f in files])
    result = CliRunner().invoke(ingest_command, [*map(str, files), "--db", str(db), "--manifest", str(manifest)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == \
        "read 2 files: 0 new, 0 replaced, 0 unchanged, 0 duplicate, 0 failed, 2 with edited metadata"
    assert stored(db, "SELECT council, committee FROM documents") == [("Stoke Ferry", "Parish Council")] * 2
    supplied = json.loads(stored(db, "SELECT supplied_meta FROM documents")[0][0])
    assert supplied["manifest"]["council"] == "Stoke Ferry"

    # A later run without the manifest keeps what it supplied, even when the document is extracted again.
    assert ingest(db, files).outcomes == Counter(unchanged=2)
    assert ingest(db, files, reextract=True).outcomes == Counter(forced=2)
    assert stored(db, "SELECT council, committee FROM documents") == [("Stoke Ferry", "Parish Council")] * 2


def test_an_edited_sidecar_updates_the_document(tmp_path):
    (target,) = copy_series(tmp_path, [SEEDS[3]])
    db = tmp_path / "side.db"
    ingest(db, [target])
    side = target.with_name(target.name + ".meta.json")
    side.write_text(json.dumps({"committee": "Health and Wellbeing Overview and Scrutiny Committee",
                                "meeting_date": "2018-11-08"}), encoding="utf-8")
    assert ingest(db, [target]).outcomes == Counter(metadata=1)
    assert stored(db, "SELECT committee, meeting_date FROM documents") == \
        [("Health and Wellbeing Overview and Scrutiny Committee", "2018-11-08")]
    side.unlink()  # gone: the text's own metadata is back (one file at a time, in process, the same way)
    with store.connect(db) as conn:
        assert store.ingest_file(conn, target)[0] == "metadata"
        assert store.ingest_file(conn, target)[0] == "unchanged"
        assert store.ingest_file(conn, target, reextract=True)[0] == "forced"
    assert stored(db, "SELECT meeting_date FROM documents") == [(pipeline.read(target).meeting_date,)]


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


# ---- rules that change ----------------------------------------------------------------

def run_ingest(db: Path, models: Path, files, *extra: str) -> str:
    """`scrutiny ingest` in a process of its own, extracting with the rule files in ``models``."""
    env = {**os.environ, "SCRUTINY_MODELS": str(models)}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "ingest", *map(str, files), "--db", str(db),
                           "--no-progress", *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[0]


def test_changed_rules_re_extract_exactly_the_documents_they_did_not_extract(tmp_path):
    models = tmp_path / "models"
    shutil.copytree(ROOT / "models", models)
    first, last = [SEEDS[3], SEEDS[4]], [PARISH[0]]
    db = tmp_path / "rules.db"
    assert run_ingest(db, models, first).startswith("read 2 files: 2 new")
    old = stored(db, "SELECT stem, extracted_with FROM documents")
    assert {s for _, s in old} == {pipeline_stamp()}

    # A rule change: '£' is no longer a currency symbol, so amounts in pounds are figures no more.
    figures = json.loads((models / "patterns" / "figures.json").read_text(encoding="utf-8"))
    assert figures["currency_symbols"].pop("£")
    (models / "patterns" / "figures.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    assert rules_hash(models) != rules_hash(ROOT / "models")
    assert run_ingest(db, models, last).startswith("read 1 file: 1 new")
    untouched = stored(db, "SELECT pk, ingested_at FROM documents WHERE stem = ?", PARISH[0].stem)

    line = run_ingest(db, models, first + last)
    assert line == "read 3 files: 0 new, 0 replaced, 1 unchanged, 0 duplicate, 0 failed, 2 re-extracted with newer rules"
    assert stored(db, "SELECT pk, ingested_at FROM documents WHERE stem = ?", PARISH[0].stem) == untouched
    assert len(set(stored(db, "SELECT extracted_with FROM documents"))) == 1
    fresh = tmp_path / "fresh.db"
    run_ingest(fresh, models, first + last)
    with store.connect(db) as conn, store.connect(fresh) as other:
        assert content(conn) == content(other)
        assert conn.execute("SELECT count(*) FROM records WHERE type = 'figure' AND unit = 'GBP'").fetchone()[0] == 0

    # Notes beside the rules are not rules; --reextract forces it all the same.
    (models / "README.md").write_text("edited notes\n", encoding="utf-8")
    assert run_ingest(db, models, first + last).endswith("3 unchanged, 0 duplicate, 0 failed")
    assert run_ingest(db, models, first + last, "--reextract").endswith("3 re-extracted (--reextract)")


def test_a_database_from_before_stamps_is_upgraded_and_re_extracted_keeping_its_metadata(tmp_path):
    files = copy_series(tmp_path / "minutes", PARISH[:1])
    manifest = write_manifest(tmp_path / "minutes" / "m.csv", [(files[0].name, "Stoke Ferry", "Parish Council",
                                                                "2012-07-11")])
    db = tmp_path / "v1.db"
    ingest(db, files, manifest)
    with sqlite3.connect(db) as conn:  # back to schema 1, as an earlier scrutiny wrote it
        for column in ("supplied_meta", "extracted_with"):
            conn.execute(f"ALTER TABLE documents DROP COLUMN {column}")
        conn.execute("PRAGMA user_version = 1")
    with store.open_existing(db) as conn:  # reading upgrades it in place
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert store.search(conn, "paperwork")
    summary = ingest(db, files)
    assert summary.outcomes == Counter(reextracted=1)
    assert stored(db, "SELECT council, committee, extracted_with FROM documents") == \
        [("Stoke Ferry", "Parish Council", pipeline_stamp())]
