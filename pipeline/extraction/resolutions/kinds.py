"""The kind of a decision (noted, agreed, recommended, requested), from its verbs or its cue.

A decision's own first verb says most ("That the report be noted" is
noted); only when its verbs say nothing does the cue that found it decide
("RECOMMENDED:" items are recommended).  The actions component turns the
``requested`` ones into action records, so a wrong kind here is a wrong
action there.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ..common import lemma
from .patterns import patterns


def cue_kind(cue: str) -> str:
    """The kind a decision takes from its cue when its own verbs say nothing."""
    c = cue.lower()
    return "recommended" if c.startswith("recommend") else "noted" if c in ("noted", "received") else "agreed"


def intro_kind(text: str, default: str) -> str:
    """The kind an intro gives its items: its last decision verb ("agrees to call on X to:" -> requested)."""
    form_kind = patterns().form_kind
    kinds = [form_kind[w] for w in re.findall(r"[a-z]+", text.lower()) if w in form_kind]
    return kinds[-1] if kinds else default


def kind_after_cue(clause: str, default: str) -> str:
    """"agreed to note ..." is noted, "agreed to request ..." requested; anything else keeps the cue's kind.

    ``clause`` is the text after the cue ("It was agreed", "The Committee agreed").
    """
    m = re.match(r"\s*(?:that\s+(?:the\s+)?(?:\w+\s+){0,4}?)?(?:to|should|would|be)?\s*(?:be\s+)?(\w+)", clause, re.I)
    if not m:
        return default
    kind = patterns().form_kind.get(m.group(1).lower())
    return kind if kind in ("noted", "requested", "recommended") and re.match(r"\s*to\s", clause, re.I) else default


def classify(doc: Doc, start: int, end: int, default: str) -> str:
    """The kind of a decision, with "receive a further report ..." a request for something later."""
    kind = _verb_kind(doc, start, end, default)
    text = (doc._.document.text if doc._.document is not None else doc._.text)[start:end]
    if kind == "noted" and re.search(r"\breceiv", text, re.I) and patterns().future_report.search(text):
        return "requested"
    return kind


def _verb_kind(doc: Doc, start: int, end: int, default: str) -> str:
    """The kind of a decision text from its first finite verb.

    "be noted" / "note" / "noted" -> noted; "approve", "be endorsed",
    "elected" -> agreed; "recommend" -> recommended; "request", "ask", "be
    circulated", and a bare verb after a subject that is not the body itself
    ("That the next report include ...") -> requested.  A first verb outside
    the lists leaves the default of the cue that found the decision.
    """
    P = patterns()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return default
    toks = [t for t in span if not t.is_space]
    i = 0
    while i < len(toks) and (toks[i].lower_ in ("that", "to", "resolved", "agreed", "decided") or toks[i].is_punct):
        i += 1
    opens_that = i > 0 and toks[0].lower_ == "that"
    first = i
    subject_is_body = False
    modal = False
    while i < len(toks):
        t = toks[i]
        low = t.lower_
        prev = toks[i - 1].lower_ if i > 0 else ""
        verbish = t.tag_.startswith("VB") or t.pos_ in ("VERB", "AUX")
        finite = t.tag_ in ("VB", "VBP", "VBZ", "VBD", "MD") or (t.tag_ == "VBN" and prev in ("be", "been", "was", "were", "is", "are", "duly", "unanimously"))
        as_verb = low in P.form_kind and (i == first or prev in P.body_words or prev in ("be", "to", "and", "duly", "unanimously", "formally", "further", "also") or finite)
        if t.tag_ == "MD":
            modal = True
            i += 1
            continue
        if lemma(t) == "be" or low in ("be", "been", "being"):
            j = i + 1
            while j < len(toks) and (toks[j].pos_ == "ADV" or toks[j].lower_ in ("duly", "further", "formally", "also", "now")):
                j += 1
            if j < len(toks) and (toks[j].tag_ == "VBN" or toks[j].lower_ in P.form_kind or toks[j].lower_ in P.request_passives):
                return _passive_kind(toks[j].lower_, default)
            if finite or i == first:
                return default
            i += 1
            continue
        if as_verb:
            return _then_to(toks, i, P.form_kind[low])
        if verbish and finite:
            lem = lemma(t)
            if lem in P.verb_kind:
                return _then_to(toks, i, P.verb_kind[lem])
            if opens_that and not modal and not subject_is_body and t.tag_ in ("VB", "VBP") and lem in P.subjunctive_requests:
                return "requested"
            return default
        if low in P.body_words:
            subject_is_body = True
        i += 1
    return default


def _passive_kind(word: str, default: str) -> str:
    """The kind of "be <word>": "be noted" noted, "be circulated" requested, "be approved" agreed.

    A request passive outranks the agreed list: "be carried out" asks for
    something to be done even though "carry" is also an agreeing verb.
    """
    P = patterns()
    if word in P.form_kind and P.form_kind[word] != "agreed":
        return P.form_kind[word]
    if word in P.request_passives:
        return "requested"
    return P.form_kind.get(word, default)


def _then_to(toks: list, i: int, kind: str) -> str:
    """"agreed to note ..." is noted, "resolved to recommend ..." recommended: the verb after "to" says more."""
    if kind != "agreed" or i + 2 >= len(toks) or toks[i + 1].lower_ != "to":
        return kind
    return patterns().form_kind.get(toks[i + 2].lower_, kind) if toks[i + 2].lower_ not in ("be",) else kind


def is_opinion(doc: Doc, start: int, end: int) -> bool:
    """"agreed that the figures were concerning": a shared view, not a decision.

    The clause after the cue states a fact (an indicative be/have with no
    modal and no participle) instead of something to be done.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    if patterns().minutes_record.search(span.text):
        return False  # "agreed this was a true record": the approval of the minutes, decided by the meeting
    toks = [t for t in span if not t.is_space and not t.is_punct]
    if not toks or toks[0].lower_ != "that":
        if not (toks and toks[0].tag_ in ("DT", "PRP", "NNP", "NN", "NNS")):
            return False
    for i, t in enumerate(toks[1:8], start=1):
        if t.tag_ == "MD" or t.lower_ in ("to", "be"):
            return False
        if lemma(t) in ("be", "have") and t.tag_ in ("VBD", "VBZ", "VBP"):
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            return not (nxt is not None and (nxt.tag_ == "VBN" or nxt.lower_ in ("to", "be", "being")))
        if t.tag_.startswith("VB"):
            return False
    return False
