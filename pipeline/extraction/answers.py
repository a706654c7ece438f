"""Answers: the reply that follows a question, and who gave it.

After each question, the following clauses of the same block are read in
order.  An answer starts with a clause spoken by an officer, cabinet
member or partner ("The Corporate Director believed ..."), or, after a
direct question, with the next clause whoever says it ("?  The caseloads
had reduced.").  It runs on through unattributed clauses and clauses by
the same speaker, and stops at the next question, at a member's comment,
at a heading, or at the end of the block (unless the answer's last clause
ends with ":" and a list follows, as in "confirmed that: · ... · ...").
A second officer taking up the same question starts a second answer.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc

from ..records import Record
from ..rules import load as load_rules, words as rule_words
from .common import add, make_record, rules_component
from .discourse import Utterance, block_of, qa_layout
from .people import MEMBER_ROLES, Person

MAX_SKIPPED = 2
# The paragraph after a submitted question that gives its written answer ("Reply:", "Response -", "Answer:").
@lru_cache(maxsize=1)
def _reply_label() -> re.Pattern:
    """``reply_labels`` of discourse.json, alone or after 'written', then a colon, a dash or a capital."""
    labels = "|".join(load_rules("patterns/discourse.json")["reply_labels"])
    return re.compile(r"\W*(?:" + labels + r"|written\s+(?:" + labels + r"))\s*(?:[:\-–—]\s*|\s+(?=[A-Z]))", re.I)


def respondent_role(p: Optional[Person]) -> Optional[str]:
    if p is None:
        return None
    if p.role in ("officer", "cabinet_member", "partner"):
        return p.role
    if p.role is None:
        return "officer"
    return None


def _same(a: Optional[Person], b: Optional[Person]) -> bool:
    return a is not None and b is not None and (a.name == b.name or a.name.split()[-1] == b.name.split()[-1])


def _continues_into(doc: Doc, prev: Utterance, nxt: Utterance) -> bool:
    """An answer ending "...confirmed that:" carries on into the list that follows."""
    if nxt.block != prev.block + 1 and nxt.block != prev.block:
        return False
    return doc._.text[prev.start:prev.end].rstrip().endswith(":") or (
        block_of(doc, nxt).kind == "list_item" and block_of(doc, prev).kind == "list_item"
        and doc._.text[prev.start:prev.end].rstrip().endswith(":"))


def _asks_alone(doc: Doc, q: Utterance, nxt: Utterance) -> bool:
    """In a question-and-answer note (``qa_layout``), a paragraph that ends with this question, with a
    paragraph of prose right after it: the answer is that paragraph."""
    block = block_of(doc, q)
    return (block.kind == "paragraph" and block.end - q.end <= 2 and block_of(doc, nxt).kind == "paragraph"
            and qa_layout(doc))


def collect_answers(doc: Doc, qi: int, question: Record, utts: list[Utterance],
                    question_idx: set[int]) -> list[tuple[int, int, Optional[Person], str]]:
    """(start, end, respondent, rule) of each answer to the question at utterance ``qi``."""
    q = utts[qi]
    direct = question.rule in ("question.direct", "question.terse")
    answers: list[list] = []
    current: Optional[list] = None
    if question.rule == "question.in_response":
        # "In response to a question on X, Ms Y shared that: ..." / "..., reviews took place twice a year."
        if q.speaker is not None and q.explicit:
            current = [q.subject_start, q.end, q.speaker, "answer.in_response"]
        else:
            rest = doc._.text[question.end:q.end]
            after = question.end + len(rest) - len(rest.lstrip(" ,:;"))
            current = [after, q.end, None, "answer.in_response"] if after < q.end else None
        if current is not None:
            answers.append(current)
    skipped = 0
    skipped_span: Optional[list] = None  # unattributed clauses right after a cue question
    prev = q
    for j in range(qi + 1, min(len(utts), qi + 40)):
        u = utts[j]
        if j in question_idx:
            break
        if current is None and not answers and u.block == q.block + 1 and u.block != prev.block:
            label = _reply_label().match(doc._.text[u.start:u.end])
            if label:  # "Reply: The annual maintenance cost ...": the written answer to a submitted question
                current = [u.start + label.end(), u.end, None, "answer.reply"]
                answers.append(current)
                prev = u
                continue
        if u.block != prev.block and not (current is not None and _continues_into(doc, prev, u)) and not (
                current is None and u.block == q.block + 1 and (block_of(doc, q).text.rstrip().endswith(":")
                                                                or direct and _asks_alone(doc, q, u))):
            break
        speaker = u.speaker if u.explicit else None
        if speaker is not None and speaker.role in MEMBER_ROLES:
            if current is not None and _same(speaker, current[2]):
                current[1] = u.end
            elif current is None and _same(speaker, q.speaker):
                skipped += 1  # the asker goes on ("He also mentioned ..."): the reply may still come
                if skipped > MAX_SKIPPED:
                    break
            elif current is None and not answers and not _same(speaker, q.speaker) \
                    and (u.verb or "") in rule_words("patterns/discourse.json", "member_answer_verbs"):
                current = [u.start, u.end, speaker, "answer.member_reply"]
                answers.append(current)
            else:
                break
        elif speaker is not None:
            if current is not None and _same(speaker, current[2]):
                current[1] = u.end
            else:
                current = [u.subject_start if u.subject_start is not None else u.start, u.end, speaker, "answer.speaker"]
                answers.append(current)
        else:
            if current is not None:
                current[1] = u.end
            elif direct or u.sent.start == q.sent.start:
                current = [u.start, u.end, None, "answer.following"]
                answers.append(current)
            else:
                skipped += 1
                if skipped > MAX_SKIPPED:
                    break
                skipped_span = [u.start, u.end] if skipped_span is None else [skipped_span[0], u.end]
        prev = u
    last_in_block = max((k for k in range(qi, min(len(utts), qi + 40)) if utts[k].block == q.block), default=qi)
    if (not answers and skipped == 1 and skipped_span is not None and utts[qi + 1].block == q.block
            and utts[last_in_block].end == skipped_span[1] and last_in_block == qi + 1):
        # "A Member questioned X. The focus of the work had been ...": nobody else spoke, so that was the reply
        answers.append([skipped_span[0], skipped_span[1], None, "answer.unattributed"])
    return [tuple(a) for a in answers]


def find_answers(doc: Doc) -> Doc:
    utts = doc._.utterances or []
    questions = doc._.questions or []
    question_idx = {i for i, _ in questions}
    resolved = [(r.start, r.end) for r in doc._.records if r.type == "resolution"]
    for n, (qi, q) in enumerate(questions):
        if n + 1 < len(questions) and questions[n + 1][0] == qi:
            continue  # two questions in one clause: the answer follows the second
        q.id = q.id or f"tmpq{n}"
        for start, end, who, rule in collect_answers(doc, qi, q, utts, question_idx):
            if any(s <= start < e for s, e in resolved):
                continue
            conf = 0.8 if who is not None else 0.6
            role = "officer" if rule == "answer.reply" else respondent_role(who)  # a written reply: the council's officers
            add(doc, make_record(doc, "answer", (start, end), rule, conf,
                                 respondent=who.name if who else None, respondent_role=role, answers=q.id))
    # the first of two questions in one clause shares its answers' link target
    return doc


# Answer records, each linked to the question it answers.
make_answers = rules_component("scrutiny_answers", "patterns/discourse.json", find_answers,
                                assigns=["doc._.records"], requires=["doc._.utterances", "doc._.questions"])
