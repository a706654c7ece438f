"""Regression floors: the reference scorer's figures on the development gold and our Kent gold.

The floors sit a little below what the rules reach (see models/README.md); a
change that loses accuracy fails here.  The scorer is the client's, vendored in
eval/score.py (eval/gold.py runs it).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from eval.gold import GOLD, flatten, pool_councils, score

from .conftest import kent

ROOT = Path(__file__).resolve().parent.parent
SHARED_SCORER = ROOT.parent / "shared" / "eval" / "score.py"

DEV_FLOORS = {"micro": 0.95, "question": 0.97, "answer": 0.93, "resolution": 0.97, "action": 0.85, "figure": 0.97}
# The second pair has no answers in one document and few actions: floors on what it has enough of.
KENT_SECOND_FLOORS = {"micro": 0.9, "question": 0.85, "resolution": 0.95, "figure": 0.95}
KENT_FLOORS = {"micro": 0.9, "question": 0.95, "answer": 0.83, "resolution": 0.95, "action": 0.72, "figure": 0.93}


@pytest.fixture(scope="module")
def dev_report():
    return score(GOLD / "dev")


@pytest.fixture(scope="module")
def kent_report():
    kent()  # the Kent PDFs the gold annotates are read from ../shared: skips without it, fails under CI
    return score(GOLD / "kent")


@pytest.fixture(scope="module")
def kent_second_report():
    kent()
    return score(GOLD / "kent-unseen")


def _f1(report, key):
    return report["micro"]["f1"] if key == "micro" else report["types"][key]["f1"]


@pytest.mark.parametrize("key", DEV_FLOORS)
def test_development_gold_floor(dev_report, key):
    assert _f1(dev_report, key) >= DEV_FLOORS[key]


@pytest.mark.parametrize("key", KENT_FLOORS)
def test_kent_gold_floor(kent_report, key):
    assert _f1(kent_report, key) >= KENT_FLOORS[key]


def _low_attributes(report) -> dict:
    """Record attributes below the issue's 0.85 bar."""
    attrs = {k: v["accuracy"] for k, v in report["attributes"].items() if not k.startswith("document.")}
    return {k: a for k, a in attrs.items() if a is not None and a < 0.85}


def test_attributes_and_links_on_development_gold(dev_report):
    assert not _low_attributes(dev_report)
    assert dev_report["answer_links"]["accuracy"] >= 0.9


def test_attributes_and_links_on_kent_gold(kent_report):
    assert not _low_attributes(kent_report)
    assert kent_report["answer_links"]["accuracy"] >= 0.85


def test_gold_sets_agree_within_the_overfitting_margin(dev_report, kent_report, kent_second_report):
    """A gap above 0.10 micro F1 between the client's gold and ours would mean rules tuned to the seeds."""
    assert abs(dev_report["micro"]["f1"] - kent_report["micro"]["f1"]) <= 0.10
    assert abs(dev_report["micro"]["f1"] - kent_second_report["micro"]["f1"]) <= 0.10


@pytest.mark.parametrize("key", KENT_SECOND_FLOORS)
def test_second_kent_pair_floor(kent_second_report, key):
    assert _f1(kent_second_report, key) >= KENT_SECOND_FLOORS[key]


def test_vendored_scorer_matches_the_client_scorer():
    if not SHARED_SCORER.exists():
        pytest.skip("../shared is not beside the project")
    ours = (ROOT / "eval" / "score.py").read_text().splitlines()
    theirs = SHARED_SCORER.read_text().splitlines()
    assert ours[1].startswith("# Vendored copy") and ours[:1] + ours[3:] == theirs  # the same, but our two-line note


# ---- unseen councils: the pool (gold/pool), read from ../shared -----------------------------------

# Tuning councils a little below what the rules reach; the validation councils' floor guards the aggregate
# only (their misses are never read).  The gap is held to the generalisation issue's target, 0.08.  When these
# floors were set (2026-12-02, after the ModernGov item-page, page-number and decision-heading mechanisms):
# tuning 0.902 (rules alone 0.878), questions 0.800, answers 0.800, resolutions 0.906, actions 0.853 (rules
# alone 0.751), figures 0.932; validation 0.800, a gap of 0.078.
POOL_TUNING_FLOORS = {"micro": 0.88, "question": 0.75, "answer": 0.75, "resolution": 0.88, "action": 0.82,
                      "figure": 0.91}
POOL_VALIDATION_FLOOR = 0.78
# The target for the gap is 0.08.  On 2026-12-02 (later) two generic action rules (a decision settling a
# sum is no action; an action line before "and" is a clause) raised tuning, rules alone, to 0.882 and left
# validation at 0.800: a gap of 0.082, over the target, and this bound was 0.085 for that while.  The late
# session of 2026-12-02 (an indirect question is no undertaking; a sum after a full stop opens a sentence; an
# action after a comma starts at whoever acts) brought tuning, rules alone, to 0.886 and validation to 0.806: a
# gap of 0.079, under the target again.  Its last commit (a concession after an undertaking is no part of it:
# two more Milburn quotes match) raised tuning, rules alone, to 0.887 and left validation at 0.806: a gap of
# 0.081, a hair over the target, reported as such.  A right rule is not held back to keep the gap down; the
# bound stops it widening further, and the target is met only when validation rises.
POOL_GAP = 0.085


@pytest.fixture(scope="module")
def pool_reports(tmp_path_factory):
    from .conftest import shared

    shared("corpus/pool/PROVENANCE.tsv")  # skips without ../shared, fails under CI
    from pipeline.nlp import get_nlp

    tmp = tmp_path_factory.mktemp("pool")
    tuning = flatten(pool_councils(False), tmp / "tuning")
    with get_nlp().select_pipes(disable=["scrutiny_action_model"]):
        tuning_rules_only = score(tuning)
    return score(tuning), score(flatten(pool_councils(True), tmp / "validation")), tuning_rules_only


@pytest.mark.parametrize("key", POOL_TUNING_FLOORS)
def test_pool_tuning_councils_floor(pool_reports, key):
    assert _f1(pool_reports[0], key) >= POOL_TUNING_FLOORS[key]


def test_pool_validation_councils_hold_up_within_the_gap(pool_reports):
    # the trained action textcat (models/action_textcat) learnt the tuning councils' gold, so its score there is
    # in-sample: the gap is taken from the tuning councils as the rules alone read them
    validation, tuning = (r["micro"]["f1"] for r in pool_reports[1:])
    assert validation >= POOL_VALIDATION_FLOOR
    assert abs(tuning - validation) <= POOL_GAP
