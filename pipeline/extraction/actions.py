"""Actions: what someone must do after the meeting.

Commitments ("offered to present a further report", "would speak with
colleagues", "The Clerk to contact NALC", "will be discussed at the next
meeting") and requests ("asked that future reports include ...", "it would
be useful to see ...", a resolution asking officers for something) are
found per clause with the cue expressions in ``models/patterns/actions.json``.
The owner is the clause's speaker; for a commitment made in answer to a
question, ``requested_by`` is whoever asked.  ``due`` is the first time
expression of the clause ("a future meeting", "the 2017/18 work programme").
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..config import load_model_file
from ..records import Record
from .common import add, make_record, records_of
from .discourse import FINITE, Utterance
from .people import MEMBER_ROLES


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[tuple[str, re.Pattern]]]:
    data = load_model_file("patterns/actions.json")
    out = {}
    for kind in ("commitment", "request"):
        out[kind] = [(c["name"], re.compile(c["regex"], re.I if c["name"] != "to_do" else 0)) for c in data[kind]]
    out["due"] = [("due", re.compile(r"\b" + d + r"\b", re.I)) for d in data["due"]]
    out["not"] = [("not", re.compile(x, re.I)) for x in data["not_actions"]]
    return out


def infinitive_action(span: Span) -> Optional[int]:
    """Action-column style: "The Clerk to contact NALC", "Cllr Bivon to make contact", "PC to co-opt".

    A clause with no finite verb before a "to" + base verb whose left
    neighbour is a noun, name or pronoun.  Returns the offset of "to".
    """
    for t in span:
        if t.tag_ in FINITE:
            return None
        if t.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "CCONJ", "PUNCT", "NUM", "PRON", "ADP", "PART", "SPACE") and t.lower_ != "to":
            return None  # only a noun phrase may stand before "to": "The Clerk to contact ..."
        if (t.lower_ == "to" and t.i + 1 < span.end and t.doc[t.i + 1].tag_ == "VB" and t.i > span.start
                and t.doc[t.i - 1].pos_ in ("NOUN", "PROPN", "PRON") and t.doc[t.i - 1].lower_ not in ("able", "need")):
            return t.idx
    return None


def modal_commitment(span: Span, speaker_role: Optional[str]) -> Optional[int]:
    """A named person or post who "will"/"would" do something: "The Clerk will make arrangements"."""
    if speaker_role is None:
        return None
    for t in span:
        if t.lower_ in ("will", "would", "shall") and t.i + 1 < span.end:
            nxt = span.doc[t.i + 1]
            if nxt.lower_ in ("also", "now", "then", "try", "again") and t.i + 2 < span.end:
                nxt = span.doc[t.i + 2]
            if nxt.tag_ == "VB" and nxt.lower_ not in ("be", "have", "need", "appear", "seem", "mean", "help"):
                return t.idx
    return None


def find_due(text: str) -> Optional[str]:
    hits = [m for _, p in _patterns()["due"] for m in p.finditer(text)]
    if not hits:
        return None
    best = min(hits, key=lambda m: (m.start(), -len(m.group(0))))
    return best.group(0).strip()


def _mandative(that_clause: str) -> bool:
    """"suggested that X be forwarded / should / include": asks for something, unlike "suggested that X were different"."""
    return bool(re.search(r"\b(be|should|could|would|must|need|needs|include|provide|consider|receive|report|bring)\b",
                          that_clause[:160], re.I))


def classify(span: Span, speaker_role: Optional[str]) -> Optional[tuple[str, str, int]]:
    """(kind, rule, offset of the cue) for a clause that states an action, else None."""
    text = span.text
    if any(p.search(text) for _, p in _patterns()["not"]):
        return None
    for name, p in _patterns()["request"]:
        m = p.search(text)
        if m and (speaker_role in MEMBER_ROLES or speaker_role is None or name in ("asked_that", "asked_someone_to")):
            if name == "asked_that" and not _mandative(text[m.end() - 1:]):
                continue
            return "request", f"action.{name}", m.start()
    for name, p in _patterns()["commitment"]:
        m = p.search(text)
        if m:
            return "commitment", f"action.{name}", m.start()
    at = modal_commitment(span, speaker_role)
    if at is not None:
        return "commitment", "action.modal_commitment", at - span.start_char
    at = infinitive_action(span)
    if at is not None:
        return "commitment", "action.to_do", at - span.start_char
    return None


def _asker_of_answer(doc: Doc, start: int) -> Optional[str]:
    """Who asked the question that the answer containing ``start`` replies to."""
    questions = {q.id: q for q in records_of(doc, "question") if q.id}
    for a in records_of(doc, "answer"):
        if a.start <= start < a.end and a.answers in questions:
            return questions[a.answers].asker
    return None


# A decision that the body will itself do something: "Agree to submit a request to Government".
BODY_DOES = re.compile(r"\b(?:agree[sd]?|decide[sd]?|resolve[sd]?)\s+to\s+(?:submit|request|write|delegate|send|arrange|seek|"
                       r"ask|invite|refer|consult|publish|review|bring|report|establish|set up|appoint|apply|purchase|"
                       r"obtain|contact|commission|undertake|hold|organise|organize)\b", re.I)


def _from_resolutions(doc: Doc) -> None:
    """A resolution asking for something later is also an action of kind request."""
    body = (doc._.document.committee if doc._.document is not None else None) or "the Committee"
    for r in records_of(doc, "resolution"):
        if r.kind == "agreed" and BODY_DOES.search(r.quote):
            add(doc, make_record(doc, "action", (r.start, r.end), "action.resolution_commitment", 0.6,
                                 kind="commitment", owner=body, requested_by=None, due=find_due(r.quote)))
        if r.kind == "requested":
            rec = make_record(doc, "action", (r.start, r.end), "action.resolution_request", 0.75,
                              kind="request", owner=None, requested_by=body, due=find_due(r.quote))
            add(doc, rec)


@Language.component("scrutiny_actions")
def find_actions(doc: Doc) -> Doc:
    _from_resolutions(doc)
    resolved = [(r.start, r.end) for r in records_of(doc, "resolution")]
    answered = {a.answers for a in records_of(doc, "answer")}
    questions = [(q.start, q.end, q.id in answered and bool(q.id)) for q in records_of(doc, "question")]
    for u in doc._.utterances or []:
        if any(s <= u.start < e for s, e in resolved):
            continue
        text = doc._.text[u.start:u.end]
        role = u.speaker.role if (u.speaker is not None and u.explicit) else None
        span = doc.char_span(u.start, u.end, alignment_mode="expand")
        found = classify(span, role)
        if found is None:
            continue
        kind, rule, at = found
        overlapping = [q for q in questions if q[0] < u.end and u.start < q[1]]
        if overlapping and (rule not in ("action.could_be_provided", "action.asked_that", "action.asked_for")
                            or overlapping[0][2]):
            continue  # a question, or a request answered on the spot
        start = u.subject_start if (u.subject_start is not None and u.explicit) else u.start
        who = u.speaker.name if (u.speaker is not None and u.explicit) else None
        owner, requested_by = (who, _asker_of_answer(doc, u.start)) if kind == "commitment" else (None, who)
        if kind == "request":
            m = re.search(r"\basked\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|officers?|clerk|council|committee)\s+to\b", text)
            owner = m.group(1) if m else None
        conf = 0.7 if u.explicit else 0.55
        add(doc, make_record(doc, "action", (start, u.end), rule, conf, kind=kind, owner=owner,
                             requested_by=requested_by, due=find_due(text)))
    return doc
