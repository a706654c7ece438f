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
from .common import add, lemma, make_record, records_of
from .discourse import FINITE, Utterance
from .people import MEMBER_ROLES, ents_within


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list[tuple[str, re.Pattern]]]:
    data = load_model_file("patterns/actions.json")
    out = {}
    for kind in ("commitment", "request"):
        out[kind] = [(c["name"], re.compile(c["regex"], re.I if c["name"] != "to_do" else 0)) for c in data[kind]]
    out["due"] = [("due", re.compile(r"\b" + d + r"\b", re.I)) for d in data["due"]]
    out["not"] = [("not", re.compile(x, re.I)) for x in data["not_actions"]]
    return out


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset, frozenset, frozenset]:
    """(verbs of doing, verbs of decisions that take effect at once, nouns that name who acts)."""
    data = load_model_file("patterns/actions.json")
    return frozenset(data["action_verbs"]), frozenset(data["immediate_verbs"]), frozenset(data["people_nouns"])


def infinitive_action(span: Span) -> Optional[int]:
    """Action-column style: "The Clerk to contact NALC", "Cllr Bivon to make contact", "PC to co-opt",
    "Copies of emails also to be forwarded to ...".

    A clause with no finite verb before a "to" + base verb.  In the active,
    what stands before "to" must name people (a person, post or body, or a
    word like "councillors"): "The promotion of technology to reduce road
    closure times" is a purpose, not an action.  Returns the offset of "to".
    """
    for t in span:
        if t.tag_ in FINITE:
            return None
        if t.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "CCONJ", "PUNCT", "NUM", "PRON", "ADP", "PART", "SPACE") and t.lower_ not in ("to", "also", "be") and t.tag_ not in ("VBG", "VBN"):
            return None  # only a noun phrase may stand before "to": "The Clerk to contact ..."
        if t.lower_ != "to" or t.i == span.start or t.i + 1 >= span.end or t.doc[t.i + 1].tag_ != "VB":
            continue
        before = t.doc[t.i - 1]
        if before.lower_ == "also" and t.i - 1 > span.start:
            before = t.doc[t.i - 2]
        passive_participle = before.tag_ == "VBN" and before.i > 0 and t.doc[before.i - 1].lower_ in ("be", "been", "being")
        if before.lower_ in ("able", "need", "order", "as") or not (before.pos_ in ("NOUN", "PROPN", "PRON") or passive_participle):
            continue  # "in order to", "so as to"
        if _main_verb_follows(span, t.i):
            return None  # "The Panels, ... preparing people to live independently, were ...": a sentence, not an action line
        after = t.doc[t.i + 1]
        if after.lower_ == "be":  # "Copies of emails also to be forwarded", "to be reported to police"
            if t.i + 2 < span.end and t.doc[t.i + 2].tag_ == "VBN" and lemma(t.doc[t.i + 2]) in _verbs()[0]:
                return t.idx
            continue  # "Those wishing to be involved to get together": look on
        if _names_people(span, t.i):
            return t.idx
    return None


def _names_people(span: Span, to_i: int) -> bool:
    """Does the stretch before "to" name who must act (a person, post, body, or "councillors", "people")?"""
    before = span.doc[span.start:to_i]
    if any(e.label_ in PERSON_LABELS for e in ents_within(before)):
        return True
    return any(t.lower_ in _verbs()[2] for t in before)


SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}
PERSON_LABELS = {"PERSON", "MEMBER", "CHAIR", "VICE_CHAIR", "CO_OPTED", "COMMITTEE", "OFFICER", "CABINET", "PARTNER",
                 "SERVICE"}


def _has_subject(span: Span, modal_i: int) -> bool:
    """Is the word before "will"/"would" a person, a post or a personal pronoun ("the Clerk will", "she would")?"""
    prev = span.doc[modal_i - 1] if modal_i > span.start else None
    if prev is None:
        return False
    if prev.lower_ in SUBJECT_PRONOUNS:
        return True
    return any(e.end == modal_i and e.label_ in PERSON_LABELS for e in ents_within(span)) or (
        prev.ent_type_ in PERSON_LABELS)


SUBORDINATORS = {"if", "that", "whether", "when", "which", "who", "where", "because", "so", "as", "once", "until"}


def _main_verb_follows(span: Span, to_i: int) -> bool:
    """Does a finite verb follow "to ..." in the same clause other than inside a subordinate clause?"""
    for t in span.doc[to_i + 1:span.end]:
        if t.lower_ in SUBORDINATORS or t.tag_ in ("WDT", "WP"):
            return False
        if t.tag_ in FINITE:
            # "The Clerk to write to them also contact the Borough Council": a second infinitive, not a main verb
            return span.doc[t.i - 1].lower_ not in ("also", "and", "then", "or")
    return False


def modal_commitment(span: Span, speaker_role: Optional[str]) -> Optional[int]:
    """A named person or post who "will"/"would" do something: "The Clerk will make arrangements"."""
    for t in span:
        coordinated = t.i > span.start and span.doc[t.i - 1].lower_ in ("but", "and") and speaker_role is not None
        if t.lower_ in ("will", "would", "shall") and t.i + 1 < span.end and (_has_subject(span, t.i) or coordinated):
            nxt = span.doc[t.i + 1]
            if nxt.text == ",":  # "officers would, subject to the decision taken by Cabinet, create ..."
                closing = next((x for x in span.doc[t.i + 2:span.end] if x.text == ","), None)
                if closing is None or closing.i + 1 >= span.end:
                    continue
                nxt = span.doc[closing.i + 1]
            if nxt.lower_ in ("also", "now", "then", "again", "personally") and t.i + 2 < span.end:
                nxt = span.doc[t.i + 2]
            if nxt.lower_ == "be" and nxt.i + 1 < span.end and span.doc[nxt.i + 1].tag_ == "VBG":
                nxt = span.doc[nxt.i + 1]  # "she would be sending them the paperwork"
            elif nxt.lower_ == "like" and nxt.i + 2 < span.end and span.doc[nxt.i + 1].lower_ == "to":
                nxt = span.doc[nxt.i + 2]  # "He would like to put in a managing committee"
            if nxt.tag_ in ("VB", "VBG") and lemma(nxt) in _verbs()[0]:
                return t.idx
    return None


def find_due(text: str) -> Optional[str]:
    hits = [m for _, p in _patterns()["due"] for m in p.finditer(text)]
    if not hits:
        return None
    best = min(hits, key=lambda m: (m.start(), -len(m.group(0))))
    return best.group(0).strip()


MANDATIVE_CUE = re.compile(r"\b(?:proposed|suggested|recommended|agreed|resolved|decided|requested|moved)\s+(?:that\s+)?", re.I)


def mandative_clause(span: Span) -> Optional[tuple[int, int, Optional[str]]]:
    """"proposed that Cllr X make contact with ...", "It was suggested contact be made with ...":
    a decision that someone do something.  Returns (start, end, owner) of the that-clause.

    The clause must carry a subjunctive (a base-form verb after its subject,
    "be" + participle, or "should"); decisions that take effect at once
    ("be accepted", "be adopted", "be approved") are resolutions, not actions.
    """
    text = span.text
    m = MANDATIVE_CUE.search(text)
    if not m:
        return None
    start = span.start_char + m.end()
    clause = span.doc.char_span(start, span.end_char, alignment_mode="contract")
    if clause is None or len(clause) < 3:
        return None
    cut = re.search(r",\s*(?:seconded|proposed|all\s|unanimously|this was|carried)", clause.text, re.I)
    end = clause.start_char + cut.start() if cut else clause.end_char
    actions, immediate, _people = _verbs()
    for i, t in enumerate(clause):
        if t.idx >= end:
            break
        subjunctive = t.tag_ in ("VB", "VBP") and i > 0 and lemma(t) in actions | {"be"} and clause[i - 1].lower_ not in (
            "to", "will", "would", "could", "can", "may", "might", "shall", "they", "we", "you", "i")
        if t.lower_ in ("should", "must") or subjunctive:
            k = i
            if clause[k].lower_ in ("should", "must") and k + 1 < len(clause):
                k += 1
            while clause[k].pos_ == "ADV" and k + 1 < len(clause):  # "should now be discussed"
                k += 1
            if clause[k].lower_ == "be" and k + 1 < len(clause):
                k += 1
            verb = clause[k]
            if lemma(verb) in immediate or verb.lower_ in immediate:
                return None
            if lemma(verb) in actions:
                subject = span.doc._.text[start:t.idx].strip()
                return start, end, subject or None
            return None
        if t.tag_ in FINITE:
            return None
    return None


def _names_someone(subject: Optional[str]) -> bool:
    """"Cllr Mrs Clements", "the Clerk", "parish councillors" own an action; "this" or "a letter" do not."""
    if not subject or len(subject.split()) > 8:
        return False
    return bool(re.search(r"\b(?:cllrs?|councillors?|clerk|chair(?:man)?|officers?|members?|council|committee|"
                          r"mr|mrs|ms|dr|pc)\b", subject, re.I)) or (
        len(subject.split()) <= 3 and all(w[:1].isupper() for w in subject.split())
        and subject.split()[0].lower() not in ("this", "these", "it", "that", "a", "an", "the"))


def _mandative(that_clause: str) -> bool:
    """"suggested that X be forwarded / should include": asks for something to be done,
    unlike "suggested that X were different" or "that Kent should not have ..."."""
    words = re.findall(r"[a-z-]+", that_clause[:160].lower())
    if not any(w in ("be", "should", "could", "would", "must", "need", "needs") or w in _verbs()[0] for w in words):
        return False
    return any(w in _verbs()[0] or (w.endswith("ed") and i and words[i - 1] == "be") for i, w in enumerate(words))


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
        if m and name == "offer" and m.group(0).split()[-1].lower() not in _verbs()[0]:
            continue  # "agreed to have due regard to": an undertaking needs a verb of doing
        if m:
            return "commitment", f"action.{name}", m.start()
    at = modal_commitment(span, speaker_role)
    if at is not None:
        return "commitment", "action.modal_commitment", at - span.start_char
    at = infinitive_action(span)
    if at is not None:
        return "commitment", "action.to_do", at - span.start_char
    at = imperative_after_dash(span)
    if at is not None:
        return "commitment", "action.imperative", at - span.start_char
    return None


def imperative_after_dash(span: Span) -> Optional[int]:
    """Correspondence lines: "Recycling Team - changes to collections - arrange for her to attend a meeting"."""
    for t in span[1:]:
        if (t.tag_ == "VB" and span.doc[t.i - 1].text in ("-", "–", "—") and lemma(t) in _verbs()[0]
                and not any(x.tag_ in FINITE for x in span.doc[t.i:span.end])):
            return t.idx
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


BODY_OWNER = re.compile(r"\b(?:referred|passed|delegated|forwarded|sent|discussed|considered|reported)\s+(?:to|by|at)\s+"
                        r"(?:the\s+|a\s+)?((?:[A-Z][\w/&'’-]*\s+){0,5}(?:Committee|Sub-Committee|Panel|Group|Board|Cabinet|Council))\b")


def _body_named(text: str) -> Optional[str]:
    """"be referred to the Open Space Committee": the body the matter goes to owns it."""
    m = BODY_OWNER.search(text)
    return m.group(1).strip() if m else None


def _narrow(text: str, clause_start: int, clause_end: int, cue_at: int, start: int) -> tuple[int, int]:
    """The part of a clause that states the action: from after a reporting "It was ... that" to before a
    second coordinated statement (", and a new document would be presented in 2025")."""
    if start == clause_start:
        that = [m.end() for m in re.finditer(r"\bthat\s+", text[:cue_at])]
        if that and re.match(r"^(?:it\s+(?:was|is|had been)|[^,]{0,60}?\b(?:noted|confirmed|reported|advised|explained|"
                             r"stated|said|agreed|informed \w+))\b", text[:that[-1]], re.I):
            start = clause_start + that[-1]
    m = re.search(r",\s+and\s+(?=\w+(?:\s+\w+){0,5}\s+(?:would|will|should)\b)", text[cue_at:])
    end = clause_start + cue_at + m.start() if m else clause_end
    return start, end


def _subject_before(span: Span, cue_at: int) -> Optional[str]:
    """A person or body named just before an action cue ("the Parish Council was under an obligation")."""
    for e in ents_within(span):
        if e.label_ in PERSON_LABELS and 0 <= cue_at - e.end_char <= 2 and e.label_ != "SERVICE":
            return e.text
    return None


def _raised_by(utts: list[Utterance], ui: int, owner: Optional[str]) -> Optional[str]:
    """The member who raised the matter that a commitment answers: "Cllr Leamon complained ... - the Clerk will chase up".

    Only the same sentence or the one before counts, and only a member other than the owner.
    """
    u = utts[ui]
    for prev in reversed(utts[max(0, ui - 3):ui]):
        if prev.block != u.block:
            break
        same_or_previous_sentence = prev.sent.start == u.sent.start or prev.sent.end >= u.sent.start - 1
        if not same_or_previous_sentence:
            break
        p = prev.speaker if prev.explicit else None
        if p is not None and p.role in MEMBER_ROLES and p.role != "committee" and p.name != owner:
            return p.name
    return None


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


# Inside a resolution, "agreed to ..." is the decision itself (resolution_commitment covers it), and a
# request cue belongs to the debate before the vote; every other cue names a separate thing to do.
DECISION_CUES = frozenset({"action.offer", "action.happy_to", "action.asked_that", "action.asked_for",
                           "action.asked_someone_to", "action.requested", "action.would_like"})


@Language.component("scrutiny_actions")
def find_actions(doc: Doc) -> Doc:
    _from_resolutions(doc)
    resolved = [(r.start, r.end) for r in records_of(doc, "resolution")]
    answered = {a.answers for a in records_of(doc, "answer")}
    questions = [(q.start, q.end, q.id in answered and bool(q.id)) for q in records_of(doc, "question")]
    utts = doc._.utterances or []
    for ui, u in enumerate(utts):
        text = doc._.text[u.start:u.end]
        role = u.speaker.role if (u.speaker is not None and u.explicit) else None
        span = doc.char_span(u.start, u.end, alignment_mode="expand")
        mand = mandative_clause(span)
        if mand is not None:
            start, end, subject = mand
            who = u.speaker.name if (u.speaker is not None and u.explicit) else None
            add(doc, make_record(doc, "action", (start, end), "action.mandative", 0.6,
                                 kind="commitment" if subject and subject.lower() in ("the parish council", "the council", "the committee", "pc", "the pc") else "request",
                                 owner=subject if _names_someone(subject) else _body_named(doc._.text[start:end]),
                                 requested_by=who, due=find_due(doc._.text[start:end])))
            continue
        in_resolution = any(s <= u.start < e for s, e in resolved)
        found = classify(span, role)
        if found is None or (in_resolution and found[1] in DECISION_CUES):
            continue
        kind, rule, at = found
        cue_at = u.start + at
        overlapping = [q for q in questions if q[0] <= cue_at < q[1]]  # the cue sits inside a question
        if overlapping and (rule not in ("action.could_be_provided", "action.asked_that", "action.asked_for")
                            or overlapping[0][2]):
            continue  # a question, or a request answered on the spot
        start = u.subject_start if (u.subject_start is not None and u.explicit) else u.start
        who = u.speaker.name if (u.speaker is not None and u.explicit) else None
        owner, requested_by = (who, _asker_of_answer(doc, u.start)) if kind == "commitment" else (None, who)
        subject = _subject_before(span, u.start + at) if kind == "commitment" else None
        if subject is not None and subject != who:
            # "He referred to ... stating that the Parish Council was under an obligation to ...": the
            # body named right before the cue owes it; the one who said so asked for it
            owner, requested_by = subject, requested_by or who
        if kind == "commitment" and requested_by is None:
            requested_by = _raised_by(utts, ui, owner)
        if kind == "request":
            m = re.search(r"\basked\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|officers?|clerk|council|committee)\s+(?:to|for)\b", text)
            owner = m.group(1) if m else None
        if owner is None and rule == "action.to_do":
            subject = doc._.text[u.start:u.start + at].strip()
            owner = subject if _names_someone(subject) else None
        if owner is None:
            owner = _body_named(text)
        conf = 0.7 if u.explicit else 0.55
        due = find_due(text) or find_due(u.sent.text)  # "once all documents are approved, the Clerk will ..."
        start, end = _narrow(text, u.start, u.end, at, start)
        if rule == "action.imperative":
            start = u.start + at  # the line's topic before the dash is not part of what must be done
        add(doc, make_record(doc, "action", (start, end), rule, conf, kind=kind, owner=owner,
                             requested_by=requested_by, due=due))
    _drop_overlaps(doc)
    return doc


def _drop_overlaps(doc: Doc) -> None:
    """One action per stretch of text: of two actions covering mostly the same words, keep the most precise.

    A that-clause ("this be referred to ...") beats a clause-level cue, which
    beats an action derived from a whole resolution.
    """
    kept: list[Record] = []
    order = {"action.mandative": 0, "action.resolution_request": 2, "action.resolution_commitment": 2}
    for r in sorted((r for r in doc._.records if r.type == "action"), key=lambda r: order.get(r.rule, 1)):
        if any(min(r.end, k.end) - max(r.start, k.start) > 0.5 * min(r.end - r.start, k.end - k.start) for k in kept):
            doc._.records.remove(r)
        else:
            kept.append(r)
