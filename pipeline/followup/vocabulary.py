"""The cue file and the words of minutes: stems, content words, compounds and people's names.

Cue words live in ``models/patterns/followup.json`` so that other councils'
wording can be added without code; no rule here knows any council's own nouns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from ..rules import load as load_rules
from ..text_sentences import is_abbreviation, title_words
from .tuning import NAME_WEIGHT


@dataclass(frozen=True)
class Cues:
    """The compiled cue lists of ``patterns/followup.json``."""

    back_heading: re.Pattern
    back_phrase: re.Pattern
    done: re.Pattern
    not_yet: re.Pattern
    future: re.Pattern
    done_after_future: re.Pattern
    decision: re.Pattern
    agenda_item: re.Pattern
    deferral: re.Pattern
    unable: re.Pattern
    stop: frozenset
    procedural: frozenset
    generic: frozenset
    anaphors: frozenset
    titles: frozenset
    caps_lead_not_heading: frozenset
    skip_heading: re.Pattern
    standing_heading: re.Pattern
    question: re.Pattern
    boilerplate: re.Pattern
    idioms: re.Pattern
    past_instance: re.Pattern
    recipient: re.Pattern
    deferred_again: re.Pattern
    verb_lead: re.Pattern


def _alternation(phrases: Iterable[str]) -> re.Pattern:
    """One case-blind pattern for a cue list, each phrase anchored at a word start."""
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in phrases) + r")", re.I)


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load the cue file once; phrases are data so that other councils' wording can be added without code."""
    p = load_rules("patterns/followup.json")
    return Cues(
        back_heading=_alternation(p["back_reference_headings"]),
        back_phrase=_alternation(p["back_reference_phrases"]),
        done=_alternation(p["done_phrases"]),
        not_yet=_alternation(p["not_yet_phrases"]),
        future=_alternation(p["future_phrases"]),
        done_after_future=re.compile(p["done_after_future"], re.I),
        decision=_alternation(p["decision_phrases"]),
        agenda_item=_alternation(p["agenda_item_phrases"]),
        deferral=_alternation(p["deferral_answer_phrases"]),
        unable=_alternation(p["unable_phrases"]),
        stop=frozenset(p["stop_words"]),
        procedural=frozenset(stem(w) for w in p["procedural_words"]),
        generic=frozenset(stem(w) for w in p["generic_words"]),
        anaphors=frozenset(p["anaphors"]),
        titles=frozenset(p["titles"]) | title_words(),
        caps_lead_not_heading=frozenset(p["caps_lead_not_heading"]),
        skip_heading=re.compile(r"^(?:" + "|".join(p["skip_headings"]) + r")\b", re.I),
        question=re.compile("|".join(p["question_phrases"]), re.I),
        boilerplate=re.compile("|".join(p["boilerplate_lines"]), re.I),
        idioms=_alternation(p["idioms"]),
        past_instance=_alternation(p["past_instance_phrases"]),
        recipient=re.compile(p["recipient_lead"], re.I),
        deferred_again=_alternation(p["deferred_again_phrases"]),
        verb_lead=re.compile(p["action_verb_lead"], re.I),
        standing_heading=re.compile(r"^(?:[\d.()]+\s*)?(?:" + "|".join(p["standing_headings"]) + r")\b", re.I),
    )


CAPS_LEAD = re.compile(r"^((?:[A-Z][A-Z'’&/-]*[A-Z]\s+){1,10}?)(?=[A-Z][a-z])")


def caps_lead(line: str) -> Optional[str]:
    """The agenda item a line opens with in capitals ("BUDGET REVIEW It was not possible ..."), if it does.

    Minutes typed with each item's title in capitals at the start of its first line have no heading line: the
    capitals are the heading.  Two words at least, or one of six letters ("LIGHTING No issues"), so that a
    post ("PCSO Roger Anthony") is none; a decision's lead ("RESOLVED That") is none either.
    """
    m = CAPS_LEAD.match(line)
    if m is None:
        return None
    lead = m.group(1).split()
    if (len(lead) < 2 and len(lead[0]) < 6) or lead[0].lower() in cues().caps_lead_not_heading:
        return None
    return " ".join(lead)


LAST_WORD = re.compile(r"(?:^|[\s(\[\"'“‘/])([A-Za-z]+)\.$")


def ends_in_abbreviation(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends in a full stop that ends no sentence: a title ("Cllr."), an initial ("J."),
    "No.".

    Minutes write "County Cllr. J. Davies was meeting ..." and "Minute No. 27": cut there, a clause loses
    the person or the number a later mention is known by.  What ends no sentence is the sentence splitter's
    (``pipeline.text_sentences.is_abbreviation``), so clauses and sentences agree.
    """
    m = LAST_WORD.search(text, max(0, end - 40), end)
    if m is None:
        return False
    return is_abbreviation(m.group(1))


WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’]|\d+(?=[A-Za-z]))*(?:-[A-Za-z]+)*|\d+(?:[.,/]\d+)*")
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: enough for "replace/replaced", "meeting/meetings", "managing/management" to meet by prefix."""
    w = word.lower().replace("’", "'").replace("-", "")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            if suf == "es" and not w[:-2].endswith(("s", "x", "z", "ch", "sh")):
                suf = "s"
            return w[: -len(suf)]
    return w


def words(text: str) -> list[tuple[str, str]]:
    """(raw lower-case word, stem) pairs in reading order.

    Set phrases ("in due course", "along the lines of") name no matter and are dropped first.
    """
    text = cues().idioms.sub(" ", text)
    return [(m.group().lower(), stem(m.group())) for m in WORD.finditer(text)]


def _content_words(text: str) -> list[tuple[str, str]]:
    """The (raw, stem) pairs that can name a matter: stop words, titles and short stems (and numbers) dropped."""
    return list(_content_words_of(text))


@lru_cache(maxsize=16384)
def _content_words_of(text: str) -> tuple[tuple[str, str], ...]:
    """``_content_words`` worked out once per text: an action's sentence is read against every later meeting."""
    c = cues()
    return tuple((raw, st) for raw, st in words(text) if not (raw in c.stop or raw in c.titles or len(st) < 3))


def content_terms(text: str) -> list[str]:
    """Stems of the words that can name a matter: stop words, titles and short numbers dropped."""
    return [st for _raw, st in _content_words(text)]


def compounds(text: str) -> set[str]:
    """Adjacent content words joined ("pot holes" -> "pothole", "Town Hall" -> "townhall").

    Only a later sentence gets these, and they only match a whole word of
    the action exactly: a compound written either way still meets, but
    "proposed budget" never stands in for "proposed".
    """
    ws = _content_words(text)
    return {stem(a + b) for (a, _), (b, _) in zip(ws, ws[1:]) if a.isalpha() and b.isalpha()}


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    """A title, optional initials or further titles, then one to three capitalised words."""
    titles = "|".join(sorted((re.escape(t) for t in cues().titles), key=len, reverse=True))
    initials = r"(?:[ \t]+(?:[A-Z]\.?|(?i:" + titles + r")\.?))*"
    surname = r"(?:[ \t]+[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*){1,3}"
    return re.compile(r"\b(?i:" + titles + r")\.?(" + initials + surname + ")")


def person_names(text: str) -> set[str]:
    """Stems of the capitalised words right after a title ("Cllr Mrs J Smith-Jones", "Mr John Smith")."""
    return set(_person_names(text))


@lru_cache(maxsize=4096)
def _person_names(text: str) -> frozenset:
    c = cues()
    out: set[str] = set()
    for m in _name_pattern().finditer(text):
        for word in m.group(1).split():
            w = word.rstrip(".")
            if len(w) < 2 or w.lower() in c.titles:
                continue
            if not _is_name_word(w):
                break
            out.add(stem(w))
    return frozenset(out)


def _is_name_word(word: str) -> bool:
    """Capitalised and no stop, procedural or generic word: "Cllr Smith Report" names Smith, not the report."""
    c = cues()
    st = stem(word)
    return word[0].isupper() and word.lower() not in c.stop and st not in c.procedural and st not in c.generic


def term_kind_weight(term: str, names: frozenset = frozenset(), body_words: frozenset = frozenset()) -> float:
    """How much a word says about which matter a sentence is on.

    Procedural and generic words, the council's own name and people's names say little.
    """
    c = cues()
    if term in c.procedural:
        return 0.15
    if term in c.generic or term in body_words:
        return 0.35
    if term in names:
        return NAME_WEIGHT
    return 1.0
