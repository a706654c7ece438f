"""Questions: a member (or the committee) seeking information.

Three styles, all in the corpus:
- narrative: a question cue ("asked", "queried", "sought clarification",
  "wished to know") whose speaker is a member, the chair, a co-opted member,
  the committee or nobody named ("It was asked if ...");
- direct: a clause ending in "?" ("Had there been an improvement ...?");
- terse bullets: "Topic – what/how/why ..." in a list item, with or
  without a question mark.
"Asked for ..." / "asked that ..." / "asked officers to ..." is a request,
left to the actions component.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc

from ..rules import titles
from .common import add, make_record, rules_component
from .discourse import Utterance, block_of, cues, qa_layout
from .people import MEMBER_ROLES, RESPONDENT_ROLES

if not Doc.has_extension("questions"):
    Doc.set_extension("questions", default=None)  # list[(utterance index, Record)]

_TOPIC = r"(?:[^.?!–—]{0,60}?\s*[–—-]\s*)?"
_WEB_ADDRESS_END = re.compile(r"(?:www\.|https?://|\w/)\S*$")


def _cue_regex() -> re.Pattern:
    phrases = sorted(cues()["question_cues"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)


def _is_request(cue: str, after_cue: str) -> bool:
    """"asked for ...", "asked that ...", "asked officers to ...", "asked Cllr X for a copy": requests, not questions.
    Only "ask" can introduce a request: "questioned the scope for ..." still seeks an explanation."""
    if "ask" not in cue.lower():
        return False
    a = after_cue.lower().lstrip()
    if a.startswith("for ") and any(a[4:].startswith(n + " ") or a[4:].startswith(n + ",") or a[4:] == n
                                   for n in cues()["info_nouns"]):
        return False  # "asked for clarification/confirmation/details": seeking information
    if a.startswith("to ") and a[3:].split(" ", 1)[0] in ("what", "which", "whom", "whether", "how"):
        return False  # "questioned to what extent"
    if any(a.startswith(p + " ") or a == p for p in cues()["request_after_asked"]):
        return True
    if a.startswith(("for ", "to ")):
        return True
    # "asked Cllr Ryves for a copy", "asked the meeting for authority"
    info = r"(?!reason|reasons|details?|cause|explanation|breakdown|basis|rationale|number|figures?|timescales?|timeline)"
    return bool(re.match(r"^(?:the\s+" + info + r"\w+|members|officers|(?:cllr|councillor|mr|mrs|ms|dr)\.?\s+\w+(?:[- ]\w+)?|\w+)\s+for\b", a))


def _passive(text_before_cue: str, after_cue: str) -> bool:
    """"had been asked to", "were both asked to", "was asked, if in agreement, to ratify": someone was asked
    to act, nobody asked a question; "(an increase,) to be queried next year": a question planned, not asked."""
    words = text_before_cue.lower().split()[-2:]
    if words == ["to", "be"]:
        return True
    after = re.sub(r"^\s*,[^,]{1,40},", "", after_cue)  # a parenthetical between the cue and its "to"
    return any(w in cues()["passive_before_cue"] for w in words) and after.lower().lstrip().startswith("to ")


def _asks_someone_to(doc: Doc, cue_end: int) -> bool:
    """"asked Mr Armstrong to enquire if ...", "asked the Clerk to write": the cue's object is a person or
    post and a "to"-infinitive follows it, which makes a request (the parser's tags, not a list of titles)."""
    span = doc.char_span(cue_end, min(len(doc._.text), cue_end + 60), alignment_mode="expand")
    toks = list(span) if span is not None else []
    k = 0
    while k < len(toks) and k < 5 and (toks[k].pos_ in ("PROPN", "DET") or toks[k].text in (".",)
                                       or toks[k].pos_ == "NOUN" and toks[k].text[:1].isupper()):
        k += 1
    return 0 < k < len(toks) - 1 and toks[k].lower_ == "to" and toks[k + 1].pos_ in ("VERB", "AUX")


def _before_own_statement(doc: Doc, cue_end: int, end: int) -> int:
    """"... queried whether the building is in the Vesey Ward stating that it was actually in ...": the
    question ends where the asker's own statement starts, a speech verb's participle (``answer_verbs``)."""
    span = doc.char_span(cue_end, end, alignment_mode="expand")
    said = cues()["answer_verbs"]
    for t in span if span is not None else ():
        if (t.tag_ == "VBG" and t.i > span.start + 2 and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "that"
                and any(v.startswith(t.lemma_) for v in said)):
            return len(doc._.text[:t.idx].rstrip(" ,;–-"))
    return end


def _reported_start(text: str, start: int, cue_at: int) -> int:
    """"Committee was advised that a councillor had queried whether ...": the question starts with its own
    asker, after the "that" of the report it is told in (at most five words before the cue)."""
    m = None
    for m in re.finditer(r"\bthat\s+", text[start:cue_at]):
        pass
    if m is not None and len(text[start + m.end():cue_at].split()) <= 5:
        return start + m.end()
    return start


def asker_ok(u: Utterance, answered_by_other: bool = False) -> bool:
    """Questions come from members, the chair, co-opted members, the committee, or an unnamed voice.
    Someone the roster calls an officer asks too when another officer or partner answers straight
    away: panels list co-optees and officers together, and "X questioned whether ... Y explained" is
    a question whatever X's post."""
    return (u.speaker is None or u.speaker.role in MEMBER_ROLES or u.speaker.role is None
            or answered_by_other and u.speaker.role == "officer")


def _answered_by_other(utts: list[Utterance], i: int) -> bool:
    """Does the next clause, in the same block, start with someone else speaking as a respondent?"""
    if i + 1 >= len(utts):
        return False
    u, nxt = utts[i], utts[i + 1]
    if not (nxt.block == u.block and nxt.explicit and nxt.speaker is not None and u.speaker is not None
            and nxt.speaker.name != u.speaker.name):
        return False
    return nxt.speaker.role in RESPONDENT_ROLES or nxt.speaker.role is None and nxt.verb in cues()["answer_verbs"]


def _wh_start(text: str) -> bool:
    words = cues()["wh_words"]
    m = re.match(_TOPIC + r"(" + "|".join(w for w in words if w not in ("if", "whether", "where", "when")) + r")\b",
                 text, re.I)
    return bool(m)


def _response_regex() -> re.Pattern:
    c = cues()
    nouns = "|".join(re.escape(n) for n in sorted(c["question_nouns"], key=len, reverse=True))
    preps = "|".join(re.escape(p) for p in sorted(c["question_np_preps"], key=len, reverse=True))
    leads = "|".join(re.escape(p) for p in sorted(c["topic_wh_lead_ins"], key=len, reverse=True))
    wh = r"(?:how|what|whether|why|when|which)\s+[^,:;]+"
    return re.compile(r"\b(?:in response to|responding to|in answer to|in reply to|following|further to)\s+"
                      r"((?:" + nouns + r")\s+(?:" + preps + r")\s+[^,:;]+|" + wh + r")"
                      # "In terms of whether KCC would look to recreate the rating, it was determined ...": only at
                      # the clause's start ("Discussions were ongoing as to how ..." asks nothing)
                      r"|^\s*(?:" + leads + r")\s+(" + wh + r")(?=,)", re.I)


def question_spans(doc: Doc, u: Utterance, in_list: bool,
                   answered_by_other: bool = False) -> list[tuple[int, int, str, float]]:
    """(start, end, rule, confidence) of each question in one utterance."""
    text = doc._.text[u.start:u.end]
    out: list[tuple[int, int, str, float]] = []
    m = _response_regex().search(text)
    if m and (u.subject_start is None or u.start + m.end() <= u.subject_start) and u.start + m.end() < u.end - 3:
        # "In response to a question surrounding X, Ms Carpenter shared that:" - the answer follows in this clause
        g = 1 if m.group(1) else 2
        return [(u.start + m.start(g), u.start + m.end(g), "question.in_response", 0.6)]
    m = _cue_regex().search(text)
    if m and not _is_request(m.group(1), text[m.end():]) and not _passive(text[:m.start()], text[m.end():]) \
            and not ("ask" in m.group(1).lower() and _asks_someone_to(doc, u.start + m.end())) \
            and asker_ok(u, answered_by_other):
        start = u.subject_start if u.subject_start is not None and u.subject_start <= u.start + m.start() else u.start
        start = _reported_start(doc._.text, start, u.start + m.start())
        end = u.end
        # "asked which ... and if there were other reasons": two questions
        second = re.search(r"\s+and\s+(?:also\s+)?(?=(?:if|whether|why|how|what|when|where|which)\b)", text[m.end():])
        first_part = text[m.end():m.end() + second.start()] if second else ""
        tail = re.split(r"\b(?:if|whether|why|how|what|when|where|which)\b", first_part)[-1]
        if second and len(tail.split()) >= 3:
            cut = u.start + m.end() + second.start()
            out.append((start, cut, "question.cue", 0.85))
            out.append((u.start + m.end() + second.end(), end, "question.cue_second", 0.7))
        else:
            out.append((start, _before_own_statement(doc, u.start + m.end(), end), "question.cue", 0.85))
        # "... asylum seekers to which the Corporate Director said": the clause ends before "to which"
        return [(s, e - len(m2.group(0)) if (m2 := re.search(r"\s+to which\s*$", doc._.text[s:e])) else e, r, c)
                for s, e, r, c in out]
    if "?" in text:
        pos = u.start
        for qm in re.finditer(r"[^?]*\?", text):
            s, e = u.start + qm.start(), u.start + qm.end()
            if _WEB_ADDRESS_END.search(doc._.text[s:e - 1]):
                continue  # "www.merton.gov.uk/council/committee.htm?": the address's query mark, not a question's
            if doc._.text[s:e].strip(" ?-–"):
                out.append((max(s, pos), e, "question.direct", 0.8))
            pos = e
        return out if asker_ok(u) else []
    if in_list and _wh_start(text) and len(text) < 300:
        return [(u.start, u.end, "question.terse", 0.6)]
    if block_of(doc, u).kind == "paragraph" and qa_layout(doc) and _interrogative(doc, u) and asker_ok(u):
        return [(u.start, u.end, "question.direct", 0.6)]  # a Q&A note's question without its "?"
    return []


def _interrogative(doc: Doc, u: Utterance) -> bool:
    """A clause in a question's word order: an auxiliary before its subject ("Were there any steps ...",
    "Would the Pension Fund ..."), or a wh-word before a finite verb ("What level of savings was ...")."""
    span = doc.char_span(u.start, u.end, alignment_mode="expand")
    toks = [t for t in span if not t.is_punct] if span is not None else []
    if len(toks) < 4:
        return False
    first, second = toks[0], toks[1]
    if (first.tag_ == "MD" or first.tag_ in ("VBD", "VBZ", "VBP") and first.lemma_ in ("be", "have", "do")) \
            and first.text[0].isupper() and (second.lower_ == "there" or second.pos_ in ("DET", "PRON", "PROPN")):
        return True
    return _wh_start(u.text(doc)) and any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in toks[1:8])


@lru_cache(maxsize=1)
def _submitted() -> re.Pattern:
    """'Question submitted by Councillor X' (``submitted_question_verbs`` in discourse.json)."""
    verbs = "|".join(cues()["submitted_question_verbs"])
    return re.compile(r"\bquestions?\s+(?:\w+\s+)?(?:" + verbs + r")?\s*(?:by|from)\s+"
                      r"((?:" + titles() + r")\.?\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})", re.I)


def submitted_by(doc: Doc, block: int) -> Optional[str]:
    """The member named in the heading right above a question: "4. Question submitted by Councillor Aoife
    Brennan" (written questions to council, answered by a "Reply:")."""
    blocks = doc._.document.blocks if doc._.document is not None else []
    if block <= 0 or block > len(blocks):
        return None
    m = _submitted().search(blocks[block - 1].text)
    return m.group(1).strip(" .:") if m else None


def find_questions(doc: Doc) -> Doc:
    found = []
    resolved_spans = [(r.start, r.end) for r in doc._.records if r.type == "resolution"]
    utts = doc._.utterances or []
    for i, u in enumerate(utts):
        if any(s <= u.start < e for s, e in resolved_spans):
            continue
        in_list = block_of(doc, u).kind == "list_item" or block_of(doc, u).label is not None
        for start, end, rule, conf in question_spans(doc, u, in_list, _answered_by_other(utts, i)):
            asker: Optional[str] = None
            role: Optional[str] = None
            if u.speaker is not None and u.explicit:
                asker = u.speaker.name
                role = None if u.speaker.role in RESPONDENT_ROLES else u.speaker.role or "member"
            elif submitted_by(doc, u.block):
                asker, role = submitted_by(doc, u.block), "member"  # "Question submitted by Councillor X" above it
            elif rule != "question.cue":
                role = "committee"  # unattributed bullet questions are the committee's
            rec = add(doc, make_record(doc, "question", (start, end), rule, conf, asker=asker, asker_role=role))
            if rec is not None:
                found.append((i, rec))
    doc._.questions = found
    return doc


# Question records; ``doc._.questions`` pairs each with its utterance for the answers component.
make_questions = rules_component("scrutiny_questions", "patterns/discourse.json", find_questions,
                                  assigns=["doc._.records", "doc._.questions"], requires=["doc._.utterances"])
