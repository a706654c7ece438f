"""Documents longer than spaCy's max_length (E088) are extracted in block-aligned parts, within the budget.

The documents are built from corpus text (``long_minutes``: the Stoke Ferry
meetings and the seeds, one after another, as a bound volume of minutes).
"""
from __future__ import annotations

import time
from collections import Counter

import pytest

import pipeline
from pipeline import store
from pipeline.document import Block, assemble, chunks
from pipeline.extraction import extract_long, records_of_doc
from pipeline.nlp import get_nlp, process
from pipeline.workers import DEFAULT_TIMEOUT

from .conftest import SEEDS, long_minutes


@pytest.fixture(scope="module")
def volume(tmp_path_factory) -> pipeline.Document:
    """About 120,000 characters of minutes: nine meetings."""
    path = tmp_path_factory.mktemp("long") / "volume.txt"
    path.write_text(long_minutes(120_000), encoding="utf-8")
    return pipeline.read(path)


def spans(doc: pipeline.Document, offset: int = 0) -> list[tuple[int, int, str]]:
    return [(b.start + offset, b.end + offset, b.text) for b in doc.blocks]


def test_parts_are_whole_blocks_located_in_the_whole_text(volume):
    parts = chunks(volume, 25_000)
    assert len(parts) >= 5
    assert [s for offset, part in parts for s in spans(part, offset)] == spans(volume)
    for offset, part in parts:
        assert len(part.text) <= 25_000
        assert part.text == volume.text[offset:offset + len(part.text)]
        assert all(part.text[b.start:b.end] == b.text for b in part.blocks)
        assert (part.council, part.committee, part.tables) == (volume.council, volume.committee, volume.tables)
    # A part ends before a heading where one comes in its second half: sections stay together.
    assert Counter(part.blocks[0].kind for _, part in parts[1:])["heading"] >= len(parts) // 2


def test_a_block_longer_than_a_part_is_cut_at_a_space(volume):
    sentences = " ".join(b.text for b in pipeline.read(SEEDS[0]).blocks if b.kind == "paragraph")
    text, blocks = assemble([Block("heading", "Minutes"), Block("paragraph", sentences)])
    doc = pipeline.Document(id="x", source="one-paragraph.txt", format="txt", text=text, blocks=blocks)
    parts = chunks(doc, 2_000)
    assert len(parts) > len(sentences) // 2_000
    pieces = [(offset + b.start, offset + b.end) for offset, part in parts for b in part.blocks]
    assert all(e - s <= 2_000 for s, e in pieces)
    assert " ".join(text[s:e] for s, e in pieces[1:]) == sentences  # every word, in order, once
    assert all(text[e] == " " for _, e in pieces[1:-1])


def test_records_of_parts_point_into_the_whole_text_and_match_whole_extraction(volume):
    nlp = get_nlp()
    whole = records_of_doc(process(volume, nlp))
    parts = extract_long(volume, nlp, 25_000)
    assert all(volume.text[r.start:r.end] == r.quote for r in parts)
    assert [(r.id, r.type, r.start, r.end, r.rule) for r in parts] == [(r.id, r.type, r.start, r.end, r.rule)
                                                                      for r in whole]
    # An answer still links to its own question, across parts.
    questions = {r.id for r in parts if r.type == "question"}
    assert all(r.answers in questions for r in parts if r.type == "answer" and r.answers)
    assert sum(r.type == "answer" and r.answers is not None for r in parts) > 10


def test_extract_takes_the_parts_way_only_over_max_length(volume, monkeypatch):
    nlp = get_nlp()
    monkeypatch.setattr(nlp, "max_length", 50_000)
    with pytest.raises(ValueError, match="E088"):
        process(volume, nlp)
    got = pipeline.extract(volume)
    assert [r.quote for r in got] == [volume.text[r.start:r.end] for r in got] and len(got) > 500
    assert [len(r) for r in pipeline.extract_many([volume, pipeline.read(SEEDS[3])])] == \
        [len(got), len(pipeline.extract(pipeline.read(SEEDS[3])))]


def test_a_two_million_character_document_extracts_within_the_budget(tmp_path):
    path = tmp_path / "bound-minutes.txt"
    path.write_text(long_minutes(2_050_000), encoding="utf-8")
    conn = store.connect(tmp_path / "long.db")
    started = time.monotonic()
    # The worker stops any document that runs past the default budget, as it would in `scrutiny ingest`.
    summary = store.ingest(conn, [str(path)], progress=False, followups=False, timeout=DEFAULT_TIMEOUT)
    took = time.monotonic() - started
    assert summary.outcomes == Counter(new=1), summary.failures
    (length, text), = conn.execute("SELECT text_length, text FROM documents").fetchall()
    assert length >= 2_000_000 > get_nlp().max_length
    quotes = conn.execute('SELECT quote, start, "end" FROM records').fetchall()
    assert len(quotes) > 10_000
    assert all(text[s:e] == q for q, s, e in quotes)
    assert max(e for _, _, e in quotes) > length - 5_000  # the last part was extracted too
    print(f"2,000,000+ characters read and extracted in {took:.0f} s (budget {DEFAULT_TIMEOUT:g} s)")
