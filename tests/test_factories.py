"""The scrutiny components as registered spaCy factories: plain-text input, declared contracts, save and reload."""
from __future__ import annotations

import subprocess
import sys

import pytest
import spacy
from spacy.language import Language

from pipeline import load_pipeline, metadata
from pipeline.extraction import extract, records_of_doc
from pipeline.nlp import get_nlp
from pipeline.readers import read_bytes

from .conftest import CORPUS, SEEDS

SCRUTINY = ("scrutiny_document", "scrutiny_sentences", "scrutiny_names", "scrutiny_resolutions", "scrutiny_discourse",
            "scrutiny_questions", "scrutiny_answers", "scrutiny_actions", "scrutiny_figures")
PARISH_TEXT = CORPUS / "parish" / "stokeferry-pc-2012-07-11.txt"


def _reference(path) -> list[dict]:
    """Records of a corpus text read the way ``nlp(text)`` reads a string: the text reader, inferred metadata."""
    document = read_bytes(path.read_bytes(), "<text>")
    metadata.infer(document)
    return [r.to_dict() for r in extract(document)]


def _records(doc) -> list[dict]:
    return [r.to_dict() for r in records_of_doc(doc)]


@pytest.mark.parametrize("name", SCRUTINY)
def test_every_component_is_a_factory_with_declared_attributes(name):
    meta = Language.get_factory_meta(name)
    assert meta.assigns, f"{name} declares nothing it assigns"
    assert name in get_nlp().pipe_names


def test_a_plain_string_gives_the_records_of_the_same_text_read_from_a_file():
    path = SEEDS[0]
    assert _records(get_nlp()(path.read_text(encoding="utf-8"))) == _reference(path)


def test_pipe_reads_plain_strings_and_an_empty_string_gives_no_records():
    texts = [SEEDS[1].read_text(encoding="utf-8"), ""]
    docs = list(get_nlp().pipe(texts))
    assert _records(docs[0]) == _reference(SEEDS[1]) and _records(docs[0])
    assert docs[1]._.records == []


def test_switching_off_the_figures_component_loses_only_the_figures():
    nlp = get_nlp()
    text = PARISH_TEXT.read_text(encoding="utf-8")
    every = _records(nlp(text))
    with nlp.select_pipes(disable=["scrutiny_figures"]):
        without = _records(nlp(text))
    assert any(r["type"] == "figure" for r in every)
    assert not any(r["type"] == "figure" for r in without)
    kept = [(r["type"], r["start"], r["end"]) for r in every if r["type"] != "figure"]
    assert [(r["type"], r["start"], r["end"]) for r in without] == kept


def test_a_saved_pipeline_loads_back_with_spacy_load_and_gives_the_same_records(tmp_path):
    load_pipeline().to_disk(tmp_path / "scrutiny")
    assert _records(spacy.load(tmp_path / "scrutiny")(PARISH_TEXT.read_text(encoding="utf-8"))) == _reference(PARISH_TEXT)


def test_a_saved_pipeline_loads_in_a_fresh_process_through_the_entry_points(tmp_path):
    """spacy.load imports the factories itself (setup.cfg spacy_factories): the caller never imports pipeline."""
    get_nlp().to_disk(tmp_path / "scrutiny")
    code = ("import spacy; nlp = spacy.load(r'%s');"
            "print(sorted({r.type for r in nlp(open(r'%s', encoding='utf-8').read())._.records}))"
            % (tmp_path / "scrutiny", PARISH_TEXT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(sorted({r["type"] for r in _reference(PARISH_TEXT)}))
