"""Person names from tags (in place of the NER), the configurable English pipeline, and extract_many."""
from __future__ import annotations

import pytest

import pipeline
from pipeline.nlp import get_nlp, process
from pipeline.readers import read_bytes

from .conftest import CORPUS


def persons(text: str) -> list[str]:
    doc = process(read_bytes(text.encode(), "t.txt"))
    return [e.text for e in doc.ents if e.label_ == "PERSON"]


def test_names_of_officers_and_attendees_are_found():
    assert persons("Janet Simon explained that the number of children in care had fallen.") == ["Janet Simon"]
    assert "Ms Coombs" in persons("Ms Coombs offered to provide Members with further details.")
    found = persons("IN ATTENDANCE: James Clapson (Democratic Services Officer), Kevin Kasaven (Director of "
                    "Children's Countywide Services)")
    assert {"James Clapson", "Kevin Kasaven"} <= set(found)


@pytest.mark.parametrize("text", [
    "The Corporate Parenting Panel noted the report.",
    "Kent County Council Cabinet Member for Finance reported.",
    "Children's Social Care Performance was discussed in January.",
])
def test_bodies_posts_and_months_are_not_names(text):
    assert persons(text) == []
    # paired with a sentence the same rules do take, so that switching the component off fails this test too
    assert persons("Janet Simon explained that the number of children in care had fallen.") == ["Janet Simon"]


def test_the_pipeline_runs_the_components_extraction_needs():
    names = get_nlp().pipe_names
    assert "parser" not in names and "ner" not in names
    assert names.index("scrutiny_people") < names.index("scrutiny_questions")
    assert names[-1] == "scrutiny_figures"


def test_another_english_pipeline_can_be_configured(monkeypatch):
    monkeypatch.setenv("SCRUTINY_SPACY_MODEL", "no_such_pipeline_installed")
    with pytest.raises(RuntimeError, match="no_such_pipeline_installed"):
        get_nlp("no_such_pipeline_installed")


def test_extract_many_gives_the_same_records_as_extract():
    docs = [pipeline.read(CORPUS / "seeds" / n) for n in ("000_31e354d2ef60ea1b.txt", "003_1f6512787fae9d5e.txt")]
    batched = [[r.to_dict() for r in recs] for recs in pipeline.extract_many(docs)]
    single = [[r.to_dict() for r in pipeline.extract(d)] for d in docs]
    assert batched == single and all(batched)


def test_spans_know_their_block():
    doc = process(pipeline.read(CORPUS / "seeds" / "000_31e354d2ef60ea1b.txt"))
    sent = next(s for s in doc.sents if s.text.startswith("That the Children’s Services Overview"))
    assert sent._.block.label == "1.1" and sent._.block.kind == "list_item"
