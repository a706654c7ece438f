"""The cue phrases and word lists of ``models/patterns/resolutions.json``, compiled once.

Every rule keys on these rather than on wording in the code, so a new
council's phrasing is a change to the JSON, not to the rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ... import rules
from ...dates import month_names


@dataclass(frozen=True)
class Patterns:
    """The compiled contents of resolutions.json."""

    headings: list[tuple[re.Pattern, str]]
    inline: re.Pattern
    needs_sep: frozenset[str]
    midsentence: re.Pattern
    body_words: frozenset[str]
    agreed_cue: re.Pattern
    body_agreed: re.Pattern
    not_decision_after: re.Pattern
    historic: re.Pattern
    historic_aspect: re.Pattern
    historic_after: re.Pattern
    historic_lead: re.Pattern
    passive_decision_verbs: frozenset[str]
    body_subject: re.Pattern
    hedge: re.Pattern
    proposal: re.Pattern
    seconded: re.Pattern
    failed: re.Pattern
    motion_follows: re.Pattern
    nomination: re.Pattern
    outcome_sentence: re.Pattern
    outcome_max_words: int
    this_agreed: re.Pattern
    minutes_approved: re.Pattern
    minutes_record: re.Pattern
    elected: re.Pattern
    elected_hedge: re.Pattern
    votes: re.Pattern
    recommended_cue: re.Pattern
    verb_kind: dict[str, str]
    form_kind: dict[str, str]
    request_passives: frozenset[str]
    subjunctive_requests: frozenset[str]
    past_openers: frozenset[str]
    base_openers: frozenset[str]
    title_max_words: int
    item_ref: re.Pattern
    skip_doc_types: frozenset[str]
    proposer_title: re.Pattern
    motion_word: re.Pattern
    that_opening: re.Pattern
    outcome_inline: re.Pattern
    proposal_like: re.Pattern
    noted_passive: re.Pattern
    body_noted_object: re.Pattern
    future_report: re.Pattern
    proposal_filler: frozenset


def _forms(lemma: str) -> set[str]:
    """Inflected forms of a verb, so a mis-tagged "note" after "the Panel" still counts."""
    out = {lemma, lemma + "s", lemma + "ed", lemma + "d", lemma + "ing", lemma + "es"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


def _with_phrases(regex: str, phrases: list[str]) -> str:
    """``regex`` or any of the literal ``phrases`` (written with single spaces; any run of spaces matches)."""
    if not phrases:
        return regex
    words = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True)]
    return r"(?:" + regex + r")|\b(?:" + "|".join(words) + r")\b"


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Load and compile the resolution cues once per process."""
    raw: dict[str, Any] = rules.load("patterns/resolutions.json")
    titles = rules.titles()  # "{titles}" in proposer_title, proposal and nomination: titles.json's list
    title = raw["proposer_title"].replace("{titles}", titles)
    verb_kind: dict[str, str] = {}
    form_kind: dict[str, str] = {}
    for kind, verbs in raw["kind_verbs"].items():
        if kind.startswith("_"):
            continue
        for v in verbs:
            verb_kind.setdefault(v, kind)
            for f in _forms(v):
                form_kind.setdefault(f, kind)
    return Patterns(
        headings=[(re.compile(r"^\W*" + k + r"\s*[:\-–—.]*\s*$"), v)
                  for k, v in raw["heading_cues"].items() if not k.startswith("_")],
        inline=re.compile(raw["inline_cue"], re.I),
        needs_sep=frozenset(raw["inline_cue_needs_separator"]),
        midsentence=re.compile(raw["midsentence_cue"]),
        body_words=frozenset(raw["body_words"]),
        agreed_cue=re.compile(_with_phrases(raw["agreed_cue"], raw["agreed_phrases"]), re.I),
        body_agreed=re.compile(r"(?<![\w-])(?P<subj>" + raw["body_subject"] + r")\s+" + raw["body_agreed_verbs"], re.I),
        not_decision_after=re.compile(raw["not_a_decision_after_agreed"], re.I),
        historic=re.compile(raw["historic_prefix"].replace("{months}", month_names()), re.I),
        historic_aspect=re.compile(raw["historic_aspect"], re.I),
        historic_after=re.compile(raw["historic_after"].replace("{months}", month_names()), re.I),
        historic_lead=re.compile(raw["historic_lead"].replace("{months}", month_names()), re.I),
        passive_decision_verbs=frozenset(raw["passive_decision_verbs"]),
        body_subject=re.compile(r"(?:" + raw["body_subject"] + r"|all|everyone|the\s+chair\w*)\b", re.I),
        hedge=re.compile(raw["hedge_before_cue"], re.I),
        proposal=re.compile(raw["proposal"].replace("{titles}", titles).replace("{title}", title)),
        seconded=re.compile(raw["seconded"], re.I),
        failed=re.compile(raw["failed_outcome"], re.I),
        motion_follows=re.compile(raw["motion_text_follows"], re.I),
        nomination=re.compile(raw["nomination"].replace("{titles}", titles)),
        outcome_sentence=re.compile(raw["outcome_sentence"], re.I),
        outcome_max_words=int(raw["outcome_sentence_max_words"]),
        this_agreed=re.compile(raw["this_agreed"], re.I),
        minutes_approved=re.compile(raw["minutes_approved"], re.I),
        minutes_record=re.compile(raw["minutes_record"], re.I),
        elected=re.compile(raw["elected"], re.I),
        elected_hedge=re.compile(raw["elected_hedge"], re.I),
        votes=re.compile(raw["votes_sentence"], re.I),
        recommended_cue=re.compile(raw["recommended_cue"], re.I),
        verb_kind=verb_kind,
        form_kind=form_kind,
        request_passives=frozenset(raw["request_passives"]),
        subjunctive_requests=frozenset(raw["subjunctive_request_verbs"]),
        past_openers=frozenset(raw["past_decision_openers"]),
        base_openers=frozenset(raw["base_decision_openers"]),
        title_max_words=int(raw["section_title_max_words"]),
        item_ref=re.compile(raw["item_ref"], re.I),
        skip_doc_types=frozenset(raw["skip_doc_types"]),
        proposer_title=re.compile(title),
        motion_word=re.compile(raw["motion_word"], re.I),
        that_opening=re.compile(r"\W*That\s+(?!(?:" + "|".join(map(re.escape, raw["that_not_a_decision"])) + r")\b)\S"),
        outcome_inline=re.compile(raw["outcome"], re.I),
        proposal_like=re.compile(raw["proposal_like"], re.I),
        noted_passive=re.compile(raw["noted_passive"].replace("{documents}", raw["noted_documents"]), re.I),
        body_noted_object=re.compile(raw["body_noted_object"].replace("{documents}", raw["noted_documents"]), re.I),
        future_report=re.compile(raw["future_report"], re.I),
        proposal_filler=frozenset(raw["proposal_filler_words"]),
    )
