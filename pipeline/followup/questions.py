"""Whether each question was answered, deferred or left unanswered, read from the records of its own document.

Unlike actions, questions are settled at the meeting they are asked: the
answer records beside them (and any promise made in reply) decide.
"""
from __future__ import annotations

from typing import Optional

from ..records import Record
from .model import MeetingDoc
from .passages import SENT_END
from .vocabulary import cues


def question_statuses(docs: list[MeetingDoc]) -> list[dict]:
    """answered / deferred / unanswered for every question, from the records of its own document.

    An answer defers the question when it leads with a promise for later
    ("offered to present a further report", "would speak with colleagues to
    find out"), or says it cannot answer and promises something; an offer
    made after a real answer ("confirmed ... The Director offered the
    Committee the opportunity to visit the service") leaves it answered.  A
    commitment right after a question that got no answer record defers it.
    Borderline (optional) actions of gold files are not promises.
    """
    out = []
    for d in docs:
        actions = [r for r in d.records if r.type == "action" and not r.extra.get("optional")]
        answers = [r for r in d.records if r.type == "answer"]
        questions = sorted((r for r in d.records if r.type == "question" and not r.extra.get("optional")),
                           key=lambda r: r.start or 0)
        for i, q in enumerate(questions):
            mine = [a for a in answers if a.answers == q.id]
            if mine:
                status = "deferred" if any(_defers(a, actions) for a in mine) else "answered"
            else:
                nxt = questions[i + 1].start if i + 1 < len(questions) else None
                status = "deferred" if _commitment_after(q, actions, nxt, d.text) else "unanswered"
            out.append({"document": d.stem, "question": q.id, "status": status})
    return out


def _defers(answer: Record, actions: list[Record]) -> bool:
    """Whether an answer puts its reply off: a promise in its first sentence, or "unable to confirm" with a promise."""
    c = cues()
    quote = answer.quote or ""
    first = SENT_END.split(quote, maxsplit=1)[0]
    s = answer.start
    inside = [x for x in actions if isinstance(s, int) and isinstance(x.start, int) and s <= x.start < s + len(quote)]
    lead = any(x.start < s + len(first) for x in inside) or bool(c.deferral.search(first))
    promise = bool(inside) or bool(c.deferral.search(quote))
    return lead or (promise and bool(c.unable.search(quote)))


def _commitment_after(q: Record, actions: list[Record], next_start: Optional[int], text: str) -> bool:
    """An action right after the question (same paragraph, before the next question) is the reply."""
    qe = q.end
    if not isinstance(qe, int):
        return False
    for x in actions:
        xs = x.start
        if isinstance(xs, int) and qe <= xs and (next_start is None or xs < next_start) and "\n" not in text[qe:xs]:
            return True
    return False
