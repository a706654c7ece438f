"""The built documents of the demo corpus (``corpus/built/``) are what ``scripts/build_corpus.py`` makes.

They are committed so that a fresh clone (and ``make demo``) has a DOCX, a ModernGov HTML page and a PDF
to read; this rebuilds them and checks the committed files still match the script and the seeds: the
same bytes, or at least the same document once read (a newer python-docx or fpdf2 may lay out bytes
differently and read the same).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import pipeline

from .conftest import BUILT, ROOT

pytest.importorskip("fpdf", reason="fpdf2 (the test extras) builds the PDF")


def load_script():
    spec = importlib.util.spec_from_file_location("build_corpus", ROOT / "scripts" / "build_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> list[Path]:
    return load_script().build(tmp_path_factory.mktemp("built"))


def _read(path: Path) -> dict:
    data = pipeline.read(path).to_dict()
    return {k: v for k, v in data.items() if k not in ("id", "source")}


def test_the_script_builds_every_committed_document_and_no_other(rebuilt):
    assert sorted(p.name for p in rebuilt) == sorted(p.name for p in BUILT.iterdir())
    assert {p.suffix for p in rebuilt} == {".docx", ".html", ".pdf"}


def test_a_rebuild_gives_the_same_bytes_twice(rebuilt, tmp_path):
    again = load_script().build(tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in rebuilt]


@pytest.mark.parametrize("name", sorted(p.name for p in BUILT.iterdir()))
def test_committed_document_reads_as_the_rebuilt_one(rebuilt, name):
    new = next(p for p in rebuilt if p.name == name)
    if new.read_bytes() == (BUILT / name).read_bytes():
        return
    assert _read(new) == _read(BUILT / name), f"corpus/built/{name} is stale: run scripts/build_corpus.py"


@pytest.mark.parametrize("name,fmt", [("rotherham-ilsc-2017.docx", "docx"),
                                      ("towerhamlets-osc-2018-12-17.html", "html"),
                                      ("thurrock-council-2015-07-22.pdf", "pdf")])
def test_built_document_is_read_by_its_format_reader_with_records(name, fmt):
    doc = pipeline.read(BUILT / name)
    assert doc.format == fmt
    assert any(b.kind == "heading" for b in doc.blocks)
    assert pipeline.extract(doc), name


def test_html_page_keeps_moderngov_item_table_layout():
    page = (BUILT / "towerhamlets-osc-2018-12-17.html").read_text(encoding="utf-8")
    assert 'class="mgItemTable"' in page and 'id="modgov"' in page
    doc = pipeline.read(BUILT / "towerhamlets-osc-2018-12-17.html")
    assert not doc.tables  # the item table lays out the page: read as items, not as a data table
    assert "Minutes:" in doc.text and "Published by the Council" not in doc.text
