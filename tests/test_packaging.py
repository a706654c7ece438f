"""scrutiny seen from outside the repository: an installed wheel extracts, the library takes connections, the contract is here.

The wheel test builds the wheel the way ``pip install .`` does (build
isolation fetches setuptools, hence the ``network`` mark: ``-m "not
network"`` skips it offline) and installs it, without dependencies, into a
fresh venv that borrows the test environment's site-packages for spaCy
and the rest, so nothing large is downloaded.  Run from a folder outside
the repository, ``scrutiny extract`` must find its rule data in the
package and give the records the source tree gives.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline import dataset

from .conftest import PARISH, ROOT


@pytest.mark.network
def test_the_wheel_extracts_from_a_fresh_venv(tmp_path):
    source = tmp_path / "source"  # a clean copy: no build/ left over from an earlier build can leak in
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".venv", ".git", "corpus", "outputs", "build",
                                                                 "*.egg-info", "__pycache__", ".pytest_cache"))
    wheels = tmp_path / "wheels"
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
                           capture_output=True, text=True, timeout=300)
    if build.returncode != 0 and "Could not find a version" in build.stderr + build.stdout:
        pytest.skip("no package index to fetch setuptools from (offline)")
    assert build.returncode == 0, build.stderr[-3000:]
    wheel = next(wheels.glob("scrutiny-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # Dependencies from this environment, after the venv's own packages (a .pth line is appended to sys.path;
    # .pth files in that folder, such as the editable install's finder, are not run).
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    install = subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "-q", str(wheel)],
                             capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr[-3000:]

    work = tmp_path / "elsewhere"
    work.mkdir()
    minutes = work / PARISH[0].name
    shutil.copy(PARISH[0], minutes)
    env = {k: v for k, v in os.environ.items() if k not in ("SCRUTINY_MODELS", "PYTHONPATH")}
    where = subprocess.run([str(py), "-c", "import pipeline, pipeline.config as c; print(pipeline.__file__); "
                            "print(c.models_dir())"], capture_output=True, text=True, cwd=work, env=env, check=True)
    module, models = where.stdout.split()
    assert module.startswith(str(site)) and models.startswith(str(site)), where.stdout  # not the source tree
    assert (Path(models) / "patterns" / "actions.json").is_file()
    out = subprocess.run([str(venv / "bin" / "scrutiny"), "extract", minutes.name, "--out", "-"],
                         capture_output=True, text=True, cwd=work, env=env, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    installed = json.loads(out.stdout)["records"]
    assert installed == [r.to_dict() for r in pipeline.extract(pipeline.read(minutes))]
    assert {r["type"] for r in installed} >= {"question", "resolution", "action"}


def test_dataset_functions_take_a_path_or_an_open_connection(corpus_db):
    for plain in (sqlite3.connect(corpus_db), sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)):
        for read in (dataset.documents, dataset.records, dataset.followups, dataset.question_status, dataset.errors):
            by_path, by_conn = read(corpus_db), read(plain)
            pd.testing.assert_frame_equal(by_path.drop(columns=["ingested_at", "time"], errors="ignore"),
                                          by_conn.drop(columns=["ingested_at", "time"], errors="ignore"))
        assert plain.execute("SELECT count(*) FROM documents").fetchone()[0] > 0  # used, and left open
        plain.close()
    with sqlite3.connect(corpus_db) as conn:
        stored = conn.execute("SELECT count(*) FROM records").fetchone()[0]
    frame = dataset.records(corpus_db)
    assert len(frame) == stored > 500 and str(frame["page"].dtype) == "Int64"  # every record of the corpus


def test_the_records_contract_is_in_the_repository_and_linked():
    contract = ROOT / "RECORDS.md"
    assert contract.read_text(encoding="utf-8").startswith("# Records: what the pipeline extracts")
    shared = ROOT.parent / "shared" / "spec" / "RECORDS.md"
    if shared.exists():  # the copy follows the client's spec
        assert contract.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")
    assert "(RECORDS.md)" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../RECORDS.md" in (ROOT / "notebooks" / "compare_councils.ipynb").read_text(encoding="utf-8")
