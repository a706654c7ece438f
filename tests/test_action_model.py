"""The trained action textcat (pipeline/extraction/action_model.py): it loads from models/, it adds the actions
the cue rules miss on real minutes, and retraining with the fixed seed gives the same weights."""
from __future__ import annotations

import json

import pytest

import pipeline
from pipeline import train
from pipeline.config import models_dir
from pipeline.extraction import action_model, extract
from pipeline.nlp import get_nlp
from tests.conftest import CORPUS

# Stoke Ferry, 8 August 2012 (development gold): a passive future with its auxiliary dropped, which no cue rule
# reads as a commitment ("will produced"); the gold has it as an action.
STOKE_FERRY = CORPUS / "parish" / "stokeferry-pc-2012-08-08.txt"
UNDERTAKING = "A complaints from the public document will produced along the lines of a NALC template."


def test_the_component_loads_from_models_with_its_config():
    nlp = get_nlp()
    assert nlp.pipe_names.index("scrutiny_action_model") == nlp.pipe_names.index("scrutiny_actions") + 1
    assert nlp.get_pipe_config("scrutiny_action_model")["model"] == action_model.MODEL_DIR
    textcat = action_model.load_textcat(str(models_dir() / action_model.MODEL_DIR))
    assert tuple(textcat.get_pipe("textcat").labels) == action_model.LABELS


def test_a_missing_model_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        action_model.load_textcat(str(tmp_path))


def test_it_adds_an_action_the_rules_miss_and_leaves_rule_actions_alone():
    gold = json.loads((CORPUS.parent / "gold" / "dev" / "stokeferry-pc-2012-08-08.json").read_text(encoding="utf-8"))
    assert any(r["type"] == "action" and r["quote"] == UNDERTAKING for r in gold["records"])
    nlp = get_nlp()
    document = pipeline.read(STOKE_FERRY)
    with nlp.select_pipes(disable=["scrutiny_action_model"]):
        rules = [r for r in extract(document, nlp) if r.type == "action"]
    both = [r for r in extract(document, nlp) if r.type == "action"]
    assert UNDERTAKING not in [r.quote for r in rules]
    added = [r for r in both if r.quote == UNDERTAKING]
    assert [(r.rule, r.kind) for r in added] == [("action.model", "commitment")]
    assert {(r.quote, r.owner, r.due) for r in rules} <= {(r.quote, r.owner, r.due) for r in both}


def test_owner_of_a_terse_note():
    assert action_model.owner_of("Clerk to write to Highways") == "Clerk"
    assert action_model.owner_of("ACTION: LD to obtain quotes") == "LD"
    assert action_model.owner_of("The Parish Council therefore will continue to act") == "The Parish Council"
    assert action_model.owner_of("The consultation sought views on grants, to which the Council would be "
                                 "responding.") == "the Council"


def test_retraining_with_the_fixed_seed_is_reproducible():
    nlp = get_nlp()
    gold = CORPUS.parent / "gold" / "dev" / "stokeferry-pc-2012-08-08.json"
    examples = [(t, y) for t, y in train.label_utterances(train.rule_doc(nlp, gold), gold) if y is not None]
    assert any(y != "NONE" for _, y in examples)
    first, second = (train.train(examples, epochs=2).get_pipe("textcat").model.to_bytes() for _ in range(2))
    assert first == second
