"""Actions: what someone must do after the meeting.

Commitments ("offered to present a further report", "would speak with
colleagues", "The Clerk to contact NALC", "will be discussed at the next
meeting") and requests ("asked that future reports include ...", "it would
be useful to see ...", a resolution asking officers for something) are
found per clause with the cue expressions in ``models/patterns/actions.json``.
The owner is the clause's speaker; for a commitment made in answer to a
question, ``requested_by`` is whoever asked.  ``due`` is the first time
expression of the clause ("a future meeting", "the 2017/18 work programme").

``cues`` says whether a clause states an action and where; ``parties``
says who owes it, who asked for it, and which words state it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc

from ...rules import alternation, words as rule_words
from ...records import Record
from ..common import add, blocks, make_record, records_of, rules_component
from .cues import (MOTION_CUE, classify, decision_cue_rules, does_something, find_due, is_not_action, mandative_clauses,
                   matter_cue_rules)
from .parties import (asker_of_answer, body_named, line_owner, marked_owner, names_someone, narrow_quote, raised_by,
                      subject_before)


# A decision that the body will itself do something: "Agree to submit a request to Government", "It was
# agreed to renew the lease of the allotment field": the verb after "to" is checked by the tagger.
BODY_DOES = re.compile(r"\b(?:agree[sd]?|decide[sd]?|resolve[sd]?)\s+to\s+(?P<verb>[a-z]+)", re.I)


@lru_cache(maxsize=1)
def _asked_owner() -> re.Pattern:
    """Whom a request asks: "asked the Clerk to ...", "instructed officers for ..." (``asking_verbs`` and
    ``asked_posts`` of actions.json, the lists the asked_someone_to cue reads)."""
    verbs, posts = (alternation("patterns/actions.json", key) for key in ("asking_verbs", "asked_posts"))
    return re.compile(r"\b(?:" + verbs + r")\s+(?:the\s+)?([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*|" + posts + ")"
                      r"(?:,\s*[A-Z][\w.&'’-]*,?)?\s+(?:to|for)\b")


# "resolved to donate £65", "to maintain the Precept at £5000": a sum the decision settles in its own clause.
SETTLES_A_SUM = re.compile(r"^[^,;:.]*?£\s?\d")


def _body_does(doc: Doc, r: Record) -> bool:
    """Whether a decision is the body's undertaking to go and do something later: "agreed to submit a request",
    not "resolved to transfer £1000 to the Current Account", which the decision itself does (the payment
    or sum is the resolution's, with nothing left to follow up)."""
    m = BODY_DOES.search(r.quote)
    if not m or is_not_action(r.quote):  # "agreed to discuss this item in private at the conclusion of the meeting"
        return False
    if SETTLES_A_SUM.match(r.quote[m.end():]):
        return False
    at = r.start + m.start("verb")
    verb = doc.char_span(at, at + len(m.group("verb")), alignment_mode="expand")
    return verb is not None and (verb[0].lower_ in rule_words("patterns/actions.json", "body_verbs")
                                 or (verb[0].tag_ == "VB" and does_something(verb[0])))


def _from_resolutions(doc: Doc) -> None:
    """A resolution asking for something later is also an action of kind request."""
    body = (doc._.document.committee if doc._.document is not None else None) or "the Committee"
    for r in records_of(doc, "resolution"):
        if r.kind == "agreed" and _body_does(doc, r):
            add(doc, make_record(doc, "action", (r.start, r.end), "action.resolution_commitment", 0.6,
                                 kind="commitment", owner=body, requested_by=None, due=find_due(r.quote)))
        if r.kind == "requested":
            rec = make_record(doc, "action", (r.start, r.end), "action.resolution_request", 0.75,
                              kind="request", owner=None, requested_by=body, due=find_due(r.quote))
            add(doc, rec)


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
        mandative = mandative_clauses(span)
        for start, end, subject in mandative:
            who = u.speaker.name if (u.speaker is not None and u.explicit) else None
            if u.subject_start is not None and u.subject_start >= start:
                who = None  # "RESOLVED that the Clerk writes ...": the one named inside the clause acts, not asks
            motion = bool(MOTION_CUE.search(text))  # "I will move at the next meeting that the Council install ..."
            if motion and (who is None or who.lower() in ("i", "we")):
                who = motion_mover(doc, u.block)
            body_itself = subject and subject.lower() in rule_words("patterns/actions.json", "body_itself_subjects")
            add(doc, make_record(doc, "action", (start, end), "action.mandative", 0.6,
                                 kind="commitment" if body_itself and not motion else "request",
                                 owner=subject if names_someone(subject) else body_named(doc._.text[start:end]),
                                 requested_by=who, due=find_due(doc._.text[start:end])))
        if mandative:
            continue
        in_resolution = any(s <= u.start < e for s, e in resolved)
        found = classify(span, role)
        if found is None or (in_resolution and found[1] in decision_cue_rules()):
            continue
        kind, rule, at = found
        cue_at = u.start + at
        overlapping = [q for q in questions if q[0] <= cue_at < q[1]]  # the cue sits inside a question
        if overlapping and (rule not in ("action.could_be_provided", "action.asked_that", "action.asked_for")
                            or overlapping[0][2]):
            continue  # a question, or a request answered on the spot
        matter = rule in matter_cue_rules()  # "The provision of a litter bin was in hand": no one named acts
        # an action line ("Councillors to advise Clerk of any nominations") starts with its owner, named before
        # "to": a name after it is whom the owner acts towards, not the clause's speaker
        line = rule == "action.to_do"
        start = u.subject_start if (u.subject_start is not None and u.explicit and not matter and not line) else u.start
        who = u.speaker.name if (u.speaker is not None and u.explicit and not matter and not line) else None
        owner, requested_by = (who, asker_of_answer(doc, u.start)) if kind == "commitment" else (None, who)
        subject = subject_before(span, u.start + at) if kind == "commitment" and not matter else None
        if subject is not None and subject != who:
            # "He referred to ... stating that the Parish Council was under an obligation to ...": the
            # body named right before the cue owes it; the one who said so asked for it
            owner, requested_by = subject, requested_by or who
            at_subject = text.rfind(subject, 0, at)
            if start == u.start and at_subject > 0 and re.search(r"[,;]\s*$", text[:at_subject]) \
                    and not subject.endswith(","):  # "Alan Armstrong, EDC, is to": an apposition, not the subject
                start = u.start + at_subject  # "Letter received ..., which was duly noted, Councillors agreed to monitor"
        if kind == "commitment" and requested_by is None:
            # asked for by whoever raised it, or by the member whose notice of motion this answers
            requested_by = raised_by(utts, ui, owner) or motion_mover(doc, u.block)
        if kind == "request":
            m = _asked_owner().search(text)
            owner = m.group(1) if m else None
        if owner is None and rule == "action.to_do":
            # "... proposed the following Committees - Planning to be titled ...": the part after a colon or dash
            subject = re.split(r"[:;]\s+|\s[-–—]\s+", doc._.text[u.start:u.start + at])[-1]
            owner = line_owner(subject, doc._.text[u.start + at:u.end])
        if owner is None:
            owner = body_named(text)
        conf = 0.7 if u.explicit else 0.55
        # "once all documents are approved, the Clerk will ...": a time said before the clause in its sentence
        # counts too, but not one of a coordinated clause after it ("... and Mrs Lowe offered to ... before ...")
        due = find_due(text) or find_due(doc._.text[u.sent.start_char:u.start])
        start, end = narrow_quote(text, u.start, u.end, at, start)
        if rule == "action.imperative":
            start = u.start + at  # the line's topic before the dash is not part of what must be done
        for part_start, part_end in split_coordinated_requests(doc._.text, start, end) if rule == "action.asked_that" \
                else [(start, end)]:
            part_due = find_due(doc._.text[part_start:part_end]) if (part_start, part_end) != (start, end) else due
            add(doc, make_record(doc, "action", (part_start, part_end), rule, conf, kind=kind, owner=owner,
                                 requested_by=requested_by, due=part_due))
    _drop_overlaps(doc)
    _owners_from_markers(doc)
    return doc


def _owners_from_markers(doc: Doc) -> None:
    """"A letter to be sent to the bus company. Action: Clerk": an action that names no owner takes the one
    its line's action marker gives."""
    ends = sorted(b.end for b in blocks(doc))
    for r in records_of(doc, "action"):
        if r.owner is None and r.end is not None:
            block_end = next((e for e in ends if e >= r.end), len(doc._.text))
            r.owner = marked_owner(doc._.text[r.end:block_end])


# Action records (commitments and requests).
make_actions = rules_component("scrutiny_actions", "patterns/actions.json", find_actions,
                                assigns=["doc._.records"], requires=["doc._.utterances", "doc._.records"])


def motion_mover(doc: Doc, block: int) -> Optional[str]:
    """Who moves a notice of motion: "Notice of Motion in the name of Councillor P. Dunleavy" above it."""
    blocks = doc._.document.blocks if doc._.document is not None else []
    for b in reversed(blocks[max(0, block - 3):block + 1]):
        m = re.search(r"\bin\s+the\s+name\s+of\s+(.+?)\s*$", b.text)
        if m:
            return m.group(1).strip(" .:")
    return None


def split_coordinated_requests(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """"asked that the footpath be swept and that the hedge be cut back": two requests, one per that-clause."""
    parts, at = [], start
    for m in re.finditer(r",?\s+and\s+(?=that\s)", text[start:end]):
        parts.append((at, start + m.start()))
        at = start + m.end()
    parts.append((at, end))
    return parts


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
