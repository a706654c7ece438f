"""A trained second opinion on actions, where the cue rules plateau.

The rules in ``actions/`` find actions by listed cues; on councils they have
never seen they miss terse notes ("Clerk to write to Highways"), owner
columns and reported decisions.  This component scores every clause (each
utterance of ``scrutiny_discourse``) with a bag-of-words ``textcat`` trained
on the gold (``python -m pipeline.train``; weights in ``models/action_textcat``)
and adds an action for a clause the rules left alone when the model is
confident it states one.  Rule actions are kept as they are: the model only
adds, so every rule-built record keeps its owner, due date and quote.

An added action's quote is the clause (narrowed like the rules' quotes); its
kind is the model's (commitment or request); owner, requested_by and due come
from the same helpers the rules use.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..config import models_dir
from ..records import Record
from .actions.cues import PERSON_LABELS, does_something, find_due, is_not_action
from .actions.parties import asker_of_answer, body_named, names_someone, raised_by
from .common import add, make_record, records_of
from .discourse import Utterance

LABELS = ("NONE", "COMMITMENT", "REQUEST")  # exclusive classes of the textcat; P(action) = 1 - P(NONE)
MODEL_DIR = "action_textcat"
RULE = "action.model"
MAX_CHARS = 400  # a clause longer than this is a paragraph the rules cut wrongly, not an action note


@lru_cache(maxsize=4)
def load_textcat(path: str) -> Language:
    """The saved textcat pipeline (a blank English tokenizer and one ``textcat``), read from disk only."""
    p = Path(path)
    if not (p / "config.cfg").is_file():
        raise FileNotFoundError(f"{p}: trained action model is missing (run `python -m pipeline.train`)")
    return spacy.load(p)


def clause_text(doc: Doc, u: Utterance) -> str:
    """What the model reads for one clause: its words (a named person or post as its label, "xxofficer"),
    then its part-of-speech tags ("ttnnp ttto ttvb"), so that word pairs and tag pairs are both features:
    "Clerk to write to Highways" and "LD to obtain quotes" share "ttnnp ttto ttvb"."""
    span = doc.char_span(u.start, u.end, alignment_mode="expand")
    if span is None:
        return " ".join(doc._.text[u.start:u.end].split()).lower()
    words, tags = [], []
    for t in span:
        if t.is_space:
            continue
        tags.append("tt" + (t.tag_.lower() if t.tag_.isalpha() else "p"))
        if t.ent_type_ in PERSON_LABELS:
            if t.ent_iob_ == "B":
                words.append("xx" + t.ent_type_.lower())
        else:
            words.append(t.lower_)
    return " ".join(words) + " | " + " ".join(tags)


def action_scores(textcat_nlp: Language, texts: list[str]) -> list[dict[str, float]]:
    """The textcat's class probabilities for each text (one batched forward pass)."""
    if not texts:
        return []
    docs = [textcat_nlp.make_doc(t) for t in texts]
    textcat = textcat_nlp.get_pipe("textcat")
    scores = textcat.model.predict(docs)
    labels = textcat.labels
    return [{label: float(row[i]) for i, label in enumerate(labels)} for row in textcat.model.ops.to_numpy(scores)]


class _Spans:
    """Records' (start, end) sorted by start, so that the ones a clause overlaps are found by bisection
    (a two-million-character document has thousands of each)."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def covers(self, u: Utterance) -> bool:
        """The clause shares most of its characters with one of the spans."""
        lo = bisect.bisect_left(self.starts, u.start - self.longest)
        hi = bisect.bisect_left(self.starts, u.end)
        for s, e in self.spans[lo:hi]:
            ov = min(u.end, e) - max(u.start, s)
            if ov > 0.5 * min(u.end - u.start, e - s):
                return True
        return False


def _ruled_out(doc: Doc, u: Utterance) -> bool:
    """What the rules know is never an action stays none: courtesies and things done in the meeting
    (``is_not_action``), and a modal with a verb of view or state ("The Clerk would welcome any comments")."""
    text = doc._.text[u.start:u.end]
    if is_not_action(text):
        return True
    span = doc.char_span(u.start, u.end, alignment_mode="expand")
    modal = next((t for t in span if t.tag_ == "MD"), None) if span is not None else None
    verb = doc[modal.i + 1] if modal is not None and modal.i + 1 < len(doc) else None
    return verb is not None and verb.tag_ == "VB" and verb.lower_ not in ("be", "have") and not does_something(verb)


def candidates(doc: Doc) -> list[Utterance]:
    """The clauses no rule made an action of, short enough to be one, and not ruled out by the rules."""
    taken = _Spans([(r.start, r.end) for r in records_of(doc, "action")])
    return [u for u in (doc._.utterances or []) if 0 < u.end - u.start <= MAX_CHARS and not taken.covers(u)
            and re.search(r"[A-Za-z]{3}", doc._.text[u.start:u.end]) and not _ruled_out(doc, u)]


# "Clerk to write to Highways", "LD to obtain quotes", "It was agreed that the Chair would contact ...": who acts
# is named right before "to" / "will" / "would" / "should".
OWNER_BEFORE = re.compile(r"^(?:(?:it\s+was\s+(?:agreed|resolved|decided|noted)\s+that|action\s*[:\-–]?)\s+)?"
                          r"(?P<who>[A-Z][\w.'’&/-]*(?:\s+[\w.'’&/-]+){0,5}?)\s+(?:to|will|would|should|shall|agreed\s+to|"
                          r"offered\s+to|undertook\s+to)\s+[a-z]", re.I)
OWNER_INSIDE = re.compile(r"\b(?P<who>the\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Council|Committee|Cabinet|Panel|Board|Clerk|"
                          r"Authority)|officers)\s+(?:would|will|shall)\s+[a-z]")
# "It was therefore paramount to ensure that ...": nobody named asks, the meeting does.
IMPERSONAL_NEED = re.compile(r"^\s*it\s+(?:was|is)\s+(?:therefore\s+|also\s+)?(?:important|paramount|essential|vital|"
                             r"necessary|crucial)\s+(?:to|that)\b", re.I)
LABEL_PREFIX = re.compile(r"^\s*(?:action(?:\s+point)?s?|actions?\s+agreed)\s*[:\-–—]\s*", re.I)


def owner_of(text: str) -> Optional[str]:
    m = OWNER_BEFORE.search(LABEL_PREFIX.sub("", text))
    who = re.sub(r"(?:\s+(?:therefore|also|then|now|further|still|again|hopefully))+$", "", m.group("who")) if m else None
    if who and names_someone(who):
        return who
    inside = OWNER_INSIDE.search(text)  # "..., to which the Council would be responding"
    if inside and names_someone(inside.group("who")):
        return inside.group("who")
    initials = re.match(r"^\s*(?:[A-Z]{2,3}(?:\s*(?:/|&|and)\s*[A-Z]{2,3})*)(?=\s+to\s)", LABEL_PREFIX.sub("", text))
    return initials.group(0).strip() if initials else body_named(text)


def proposal(doc: Doc, utts: list[Utterance], ui: int, kind: str, p: float) -> Optional[Record]:
    """The action record for clause ``ui``, with its fields built as the rules build theirs."""
    u = utts[ui]
    text = doc._.text[u.start:u.end]
    start = u.start
    prefix = LABEL_PREFIX.match(text)
    if prefix:
        start += prefix.end()
    that = re.match(r"^\s*it\s+was\s+(?:agreed|resolved|decided)\s+that\s+", doc._.text[start:u.end], re.I)
    if that:
        start += that.end()
    who = u.speaker.name if (u.speaker is not None and u.explicit) else None
    # the clause may stop where the next speaker starts ("..., to which | the Council would be responding")
    named = owner_of(doc._.text[u.start:max(u.end, u.sent.end_char)])
    if who is None and IMPERSONAL_NEED.match(text):
        kind = "request"
        who = (doc._.document.committee if doc._.document is not None else None) or "the Committee"
    if kind == "commitment":
        owner = named or who
        requested_by = asker_of_answer(doc, u.start) or raised_by(utts, ui, owner)
    else:
        owner, requested_by = named if named != who else None, who
    due = find_due(text)
    return make_record(doc, "action", (start, u.end), RULE, round(p, 2), kind=kind, owner=owner,
                       requested_by=requested_by, due=due)


def propose(doc: Doc, textcat_nlp: Language, threshold: float) -> list[tuple[Record, float]]:
    """Every candidate clause with its action record and P(action), best first; nothing is added to ``doc``."""
    utts = doc._.utterances or []
    index = {id(u): i for i, u in enumerate(utts)}
    cands = candidates(doc)
    out = []
    for u, s in zip(cands, action_scores(textcat_nlp, [clause_text(doc, u) for u in cands])):
        p = 1.0 - s["NONE"]
        if p < threshold:
            continue
        kind = "request" if s["REQUEST"] > s["COMMITMENT"] else "commitment"
        rec = proposal(doc, utts, index[id(u)], kind, p)
        if rec is not None:
            out.append((rec, p))
    return out


class ActionModel:
    """Adds the actions a trained textcat finds in clauses the rules did not make actions of."""

    def __init__(self, nlp: Language, name: str, model: str, threshold: float):
        self.name = name
        self.threshold = threshold
        path = Path(model) if Path(model).is_absolute() else models_dir() / model
        self.textcat_nlp = load_textcat(str(path))

    def __call__(self, doc: Doc) -> Doc:
        if doc._.utterances is None or doc._.records is None:
            return doc
        for rec, _p in propose(doc, self.textcat_nlp, self.threshold):
            add(doc, rec)
        return doc


@Language.factory("scrutiny_action_model", default_config={"model": MODEL_DIR, "threshold": 0.7},
                  assigns=["doc._.records"], requires=["doc._.utterances", "doc._.records"])
def make_action_model(nlp: Language, name: str, model: str, threshold: float) -> ActionModel:
    return ActionModel(nlp, name, model, threshold)
