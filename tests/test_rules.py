"""Rule files as data: every file validated when loaded, errors naming file and key, overlays that add phrases."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import config, rules
from pipeline.rules_schema import SCHEMA

from .conftest import CORPUS

ANYTOWN = "Bus shelter\n\nThe meeting concurred that a new bench be bought for the bus shelter.\n"
PARISH = CORPUS / "parish" / "stokeferry-pc-2012-07-11.txt"


def scrutiny(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def overlay(folder: Path, name: str, data: dict) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return folder


def resolutions(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [r["quote"] for r in json.loads(result.stdout)["records"] if r["type"] == "resolution"]


def test_every_rule_file_in_models_has_a_schema_and_loads():
    # every rule file; not a trained component's own folder (models/action_textcat: spaCy's config and weights)
    trained = {p.parent for p in config.models_dir().rglob("config.cfg")}
    files = {p.relative_to(config.models_dir()).as_posix() for p in config.models_dir().rglob("*")
             if p.suffix in (".json", ".jsonl") and rules.PROFILES not in p.parts
             and not any(t in p.parents for t in trained)}
    assert files == set(SCHEMA)
    rules.check_all()


def test_a_phrase_added_in_an_overlay_folder_gives_a_new_record(tmp_path):
    """The data officer's case: Anytown minutes a decision as 'the meeting concurred'; no Python is touched."""
    text = tmp_path / "anytown.txt"
    text.write_text(ANYTOWN, encoding="utf-8")
    assert resolutions(scrutiny("extract", str(text), "--out", "-")) == []
    folder = overlay(tmp_path / "anytown-rules", "patterns/resolutions.json", {"agreed_phrases": ["the meeting concurred"]})
    expected = ["The meeting concurred that a new bench be bought for the bus shelter."]
    assert resolutions(scrutiny("extract", str(text), "--out", "-", "--rules", str(folder))) == expected
    assert resolutions(scrutiny("extract", str(text), "--out", "-", env={rules.ENV: str(folder)})) == expected


def test_an_overlay_changes_nothing_where_its_phrase_does_not_occur(tmp_path):
    folder = overlay(tmp_path / "rules", "patterns/resolutions.json", {"agreed_phrases": ["the meeting concurred"]})
    plain = scrutiny("extract", str(PARISH), "--out", "-")
    laid = scrutiny("extract", str(PARISH), "--out", "-", "--rules", str(folder))
    assert resolutions(plain) and json.loads(plain.stdout)["records"] == json.loads(laid.stdout)["records"]


def records_of(result: subprocess.CompletedProcess, kind: str) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [r for r in json.loads(result.stdout)["records"] if r["type"] == kind]


def test_an_asking_verb_added_in_an_overlay_reads_a_request_and_its_owner(tmp_path):
    """One list serves the asked_someone_to cue and the owner it names: adding 'requires' to ``asking_verbs``
    makes the seed's "... requires the Cabinet Member to cover all finance ..." a request of the Cabinet Member."""
    seed = CORPUS / "seeds" / "002_458880801c265493.txt"
    folder = overlay(tmp_path / "rules", "patterns/actions.json", {"asking_verbs": ["requires"]})
    asked = lambda r: "requires the Cabinet Member to cover" in r["quote"]  # noqa: E731
    assert not any(asked(r) for r in records_of(scrutiny("extract", str(seed), "--out", "-"), "action"))
    found = [r for r in records_of(scrutiny("extract", str(seed), "--out", "-", "--rules", str(folder)), "action")
             if asked(r)]
    assert [(r["kind"], r["rule"], r["owner"]) for r in found] == [("request", "action.asked_someone_to",
                                                                    "Cabinet Member")]


def test_a_title_added_in_an_overlay_names_who_asked_a_submitted_question(tmp_path):
    """A council whose honorary aldermen put questions: "Question submitted by Alderman Aoife Brennan" names the
    asker once the overlay adds the title to titles.json, the one list of titles the rules read."""
    from .conftest import shared
    from .test_unseen_cases import case_text

    shared("cases/unseen-failures.md")
    text = tmp_path / "questions.txt"
    text.write_text(case_text(24).replace("Councillor ", "Alderman "), encoding="utf-8")
    folder = overlay(tmp_path / "rules", "patterns/titles.json", {"titles": ["Alderman"]})
    plain = records_of(scrutiny("extract", str(text), "--out", "-"), "question")
    laid = records_of(scrutiny("extract", str(text), "--out", "-", "--rules", str(folder)), "question")
    assert [q["asker"] for q in plain] == [None]
    assert [(q["asker"], q["asker_role"]) for q in laid] == [("Alderman Aoife Brennan", "member")]


@pytest.mark.parametrize("data, says", [
    ({"agreed_phrase": ["the meeting concurred"]}, "unknown key 'agreed_phrase' (did you mean 'agreed_phrases'?)"),
    ({"agreed_cue": "it was (agreed"}, "agreed_cue: bad regular expression"),
    ({"agreed_phrases": "the meeting concurred"}, "agreed_phrases: must be a list of non-empty strings"),
])
def test_a_bad_overlay_stops_the_command_with_one_line_naming_file_and_key(tmp_path, data, says):
    folder = overlay(tmp_path / "rules", "patterns/resolutions.json", data)
    result = scrutiny("extract", str(PARISH), "--out", "-", "--rules", str(folder))
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "patterns/resolutions.json" in lines[0] and says in lines[0], result.stderr


def test_a_cue_naming_a_missing_word_list_is_named_with_its_key(tmp_path, monkeypatch):
    folder = overlay(tmp_path / "rules", "patterns/actions.json",
                     {"request": [{"name": "asked_someone_to", "regex": r"\b(?:{asking_verb})\s+\w+\s+to\b"}]})
    monkeypatch.setenv(rules.ENV, str(folder))
    with pytest.raises(rules.RulesError, match=r"actions.json: request\[0\].regex: names \{asking_verb\}, which is no "
                                               r"word list of the file \(did you mean 'asking_verbs'\?\)"):
        rules.load("patterns/actions.json")


def test_a_broken_default_file_is_named_with_its_key(tmp_path, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(config.models_dir(), models)
    path = models / "patterns" / "followup.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["done_phrases"].append("(unclosed")
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("SCRUTINY_MODELS", str(models))
    with pytest.raises(rules.RulesError, match=r"followup\.json: done_phrases\[\d+\]: bad regular expression"):
        rules.load("patterns/followup.json")
    with pytest.raises(rules.RulesError, match="not a rule file"):
        rules.load("patterns/follow-up.json")


def test_a_bad_token_pattern_is_named_by_row(tmp_path, monkeypatch):
    folder = tmp_path / "rules" / "patterns"
    folder.mkdir(parents=True)
    (folder / "people.jsonl").write_text('{"label": "OFFICER", "pattern": [{"LOWR": "clerk"}]}\n', encoding="utf-8")
    monkeypatch.setenv(rules.ENV, str(tmp_path / "rules"))
    with pytest.raises(rules.RulesError, match=r"people\.jsonl: row 1\.pattern: .*LOWR"):
        rules.load("patterns/people.jsonl")


def _member_title_forms() -> set[str]:
    row = next(r for r in rules.load("patterns/people.jsonl") if r["label"] == "MEMBER" and len(r["pattern"]) == 4)
    return set(row["pattern"][0]["LOWER"]["IN"])


def test_the_people_patterns_take_their_titles_from_titles_json(tmp_path, monkeypatch):
    """The MEMBER rows name titles.json's lists ("{member_titles|...}"): a member title laid over titles.json is
    matched by them too, with its full stop, and the file's own spellings are those of titles.json."""
    plain = _member_title_forms()
    assert {"cllr", "cllr.", "councillor", "councillors", "cc"} <= plain and "alderman" not in plain
    monkeypatch.setenv(rules.ENV, str(overlay(tmp_path / "rules", "patterns/titles.json", {"member_titles": ["Alderman"]})))
    assert _member_title_forms() == plain | {"alderman", "alderman."}


def test_a_people_pattern_naming_no_title_list_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "rules" / "patterns"
    folder.mkdir(parents=True)
    (folder / "people.jsonl").write_text('{"label": "MEMBER", "pattern": [{"LOWER": {"IN": "{member_title}"}}]}\n',
                                         encoding="utf-8")
    monkeypatch.setenv(rules.ENV, str(tmp_path / "rules"))
    with pytest.raises(rules.RulesError, match=r"people\.jsonl: \{member_title\}: 'member_title' is no word list") as e:
        rules.load("patterns/people.jsonl")
    assert str(e.value).startswith(str(folder / "people.jsonl")), "the overlay's file is named, not the default's"


def test_a_title_written_short_must_be_a_title(tmp_path, monkeypatch):
    """The tokenizer keeps "Cllr." whole for the rules that know "Cllr": one it keeps whole that no rule knows is
    a mistake in the file, named."""
    monkeypatch.setenv(rules.ENV, str(overlay(tmp_path / "rules", "patterns/titles.json", {"written_short": ["Aldm"]})))
    with pytest.raises(rules.RulesError, match=r"titles\.json: written_short: 'Aldm' is in no list of titles"):
        rules.load("patterns/titles.json")


def test_overlays_add_to_lists_and_maps_and_replace_single_values(tmp_path, monkeypatch):
    base = rules.load("patterns/figures.json")
    folder = overlay(tmp_path / "rules", "patterns/figures.json",
                     {"score_cues": ["marked out of", base["score_cues"][0]], "unit_words": {"furlongs": "furlong"}})
    overlay(folder, "patterns/resolutions.json", {"outcome_sentence_max_words": 20})
    monkeypatch.setenv(rules.ENV, str(folder))
    laid = rules.load("patterns/figures.json")
    assert laid["score_cues"] == base["score_cues"] + ["marked out of"]
    assert laid["unit_words"] == {**base["unit_words"], "furlongs": "furlong"}
    assert rules.load("patterns/resolutions.json")["outcome_sentence_max_words"] == 20
    monkeypatch.delenv(rules.ENV)
    assert rules.load("patterns/figures.json") == base and "marked out of" not in base["score_cues"]


def test_a_council_profile_in_models_profiles_is_found_by_name(tmp_path, monkeypatch):
    models = tmp_path / "models"
    shutil.copytree(config.models_dir(), models)
    overlay(models / rules.PROFILES / "anytown", "patterns/resolutions.json", {"agreed_phrases": ["the meeting concurred"]})
    monkeypatch.setenv("SCRUTINY_MODELS", str(models))
    monkeypatch.setenv(rules.ENV, "anytown")
    assert rules.load("patterns/resolutions.json")["agreed_phrases"] == ["the meeting concurred"]
    monkeypatch.setenv(rules.ENV, "nowhere")
    with pytest.raises(rules.RulesError, match="'nowhere' .* neither a folder nor a profile"):
        rules.load("patterns/resolutions.json")


def test_an_overlay_changes_the_stamp_so_ingest_extracts_again(tmp_path, monkeypatch):
    from pipeline.stamp import pipeline_stamp

    before = pipeline_stamp()
    monkeypatch.setenv(rules.ENV, str(overlay(tmp_path / "rules", "patterns/resolutions.json",
                                              {"agreed_phrases": ["the meeting concurred"]})))
    assert pipeline_stamp() != before
    monkeypatch.delenv(rules.ENV)
    assert pipeline_stamp() == before
