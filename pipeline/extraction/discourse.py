"""Utterances: each block split into clauses, each clause with its speaker.

Questions, answers and actions are all statements by someone.  This
component cuts every sentence into clauses where a new speaker starts
("..., PCSO Watson would report back"; "... to which the Corporate Director
said"), finds the clause's speaker (the last person or post named before
its first finite verb), resolves "he"/"she"/"they" to the speaker before,
and stores the result on ``doc._.utterances`` for the record components.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Span

from ..rules import load as load_rules, words as rule_words
from ..document import Block
from .common import blocks, rules_component
from .sentences import sentences_in
from .people import PRONOUNS, Mention, Person, build_roster, mentions_in, role_of_post

if not Doc.has_extension("utterances"):
    Doc.set_extension("utterances", default=None)
    Doc.set_extension("roster", default=None)

FINITE = {"VBD", "VBZ", "VBP", "MD"}


@dataclass
class Utterance:
    """One clause: its offsets, its block, and who says it."""

    start: int
    end: int
    block: int
    sent: Span
    speaker: Optional[Person] = None
    explicit: bool = False        # the clause names (or pronominally refers to) its speaker
    subject_start: Optional[int] = None  # where the speaker's mention starts, if inside the clause
    verb: Optional[str] = None    # lower-cased first finite verb after the speaker
    tags: set = field(default_factory=set)

    def text(self, doc: Doc) -> str:
        return doc._.text[self.start:self.end]


def cues() -> dict:
    return load_rules("patterns/discourse.json")


def _finite_verbs(span: Span) -> list:
    return [t for t in span if t.tag_ in FINITE]




def _fronted_phrase(left: Span) -> bool:
    """"In response to a question on children who did not attend": a phrase opening the sentence, with no
    main verb of its own (its finite verbs, if any, sit in a relative or subordinate clause)."""
    if not (left[0].pos_ in ("ADP", "SCONJ") or left[0].tag_ == "VBG" or left[0].lower_ in ("although", "whilst", "while")):
        return False
    subordinate = False
    subordinators = rule_words("patterns/discourse.json", "subordinators")
    for t in left:
        if t.lower_ in subordinators or t.tag_ in ("WDT", "WP", "WRB"):
            subordinate = True
        elif t.tag_ in FINITE and not subordinate:
            return False
    return True


def _to_infinitive(t) -> bool:
    """Is token ``t`` the "to" of an infinitive: "to" and a verb, as the tagger reads it, or a listed verb of doing
    (``action_verbs``), which the tagger reads as a noun in action lines ("Mr Bellsham to contact Highways")."""
    if t.lower_ != "to" or t.i + 1 >= len(t.doc):
        return False
    nxt = t.doc[t.i + 1]
    return nxt.tag_ == "VB" or (nxt.tag_ == "NN" and nxt.lower_ in rule_words("patterns/actions.json", "action_verbs"))


def _action_line(doc: Doc, right: Span, mentions: list[Mention]) -> bool:
    """Does ``right`` open with a named person or body followed by "to" + verb and no finite verb?"""
    first = right[1] if right[0].lower_ == "the" and len(right) > 1 else right[0]
    if not any(mm.start == first.idx for mm in mentions):
        return False
    for t in right[:14]:
        if t.tag_ in FINITE:
            return False
        if _to_infinitive(t):
            return True
    return False


def _new_clause_after_and(head: Span, mentions: list[Mention]) -> bool:
    """Does the text after "and" open a clause that states something to do: a subject (a person or post, or a
    determiner's noun phrase) then, within a few words, a modal, a verb with "to <verb>", or an action-column
    "to"?  Other coordinated clauses stay whole, as questions and answers are read.  "Mr Kerr offered to ...
    and Mrs Lowe offered to ...", "Advice will be sought ... and the residents of Mill Row will be informed",
    "... be recognised and the Clerk to write to the owners"."""
    doc = head.doc
    first = head[0]
    named = any(mm.start == first.idx or (first.lower_ == "the" and len(head) > 1 and mm.start == head[1].idx)
                for mm in mentions)
    if not (named or first.pos_ == "DET" and first.lower_ in ("the", "a", "an", "all", "any")):
        return False
    subordinators = rule_words("patterns/discourse.json", "subordinators")
    for t in head[1:]:
        if t.lower_ in subordinators or t.tag_ in ("WDT", "WP"):
            return False  # "... and the work that would be required": a relative clause, not a new subject's
        if t.tag_ in FINITE:
            # only a clause that states something to do: a modal ("will be informed") or "offered to <verb>"
            nxt = doc[t.i + 1:t.i + 3]
            undertakes = t.tag_ == "MD" or (len(nxt) == 2 and _to_infinitive(nxt[0]))
            return undertakes and t.i - first.i <= 7
        if _to_infinitive(t):
            return named
        if t.pos_ == "VERB":
            return False
    return False


def clause_cuts(sent: Span, mentions: list[Mention]) -> list[int]:
    """Character offsets inside a sentence where a new clause (with its own subject) starts."""
    doc = sent.doc
    cuts: list[int] = []
    text = sent.text
    for m in re.finditer(r"\s+to which\s+", text):
        cuts.append(sent.start_char + m.end())
    # terse notes: "What work was being done – The Government had changed ..."
    if re.match(r"(?:[^–—?]{0,60}?[–—-]\s*)?(?:what|why|how|which|who)\b", text, re.I):
        m = re.search(r"\s[–—-]\s+(?=[A-Z])", text)
        if m and m.start() > 10:
            cuts.append(sent.start_char + m.end())
    for m in re.finditer(r"(?:[,;]|\s[-–—]|\s+and)\s+", text):
        at = sent.start_char + m.end()
        left = doc.char_span(sent.start_char, sent.start_char + m.start(), alignment_mode="contract")
        right = doc.char_span(at, sent.end_char, alignment_mode="contract")
        if left is None or right is None or len(right) < 2:
            continue
        if _action_line(doc, right, mentions):
            cuts.append(at)  # "Workshop for clerks - Cllrs Clements and Nicholas-Letch plus the Clerk to attend"
            continue
        if not _finite_verbs(left) and not _action_line(doc, left, mentions):
            continue  # no clause before the cut: unless it is an action line ("Mr B to contact Highways, and ...")
        if m.group(0).lstrip().startswith(",") and _fronted_phrase(left):
            continue  # a fronted phrase ("In response to a question on X, Ms Y shared") belongs to the clause after it
        head = right[:8]
        if head[0].lower_ in ("and", "or", "but", "which", "who", "that", "where", "when", "as", "although", "while",
                              "including", "such", "with", "if", "whether", "so", "because", "e.g", "i.e", "ie", "eg"):
            continue
        if m.group(0).strip() == "and" and not _new_clause_after_and(head, mentions):
            continue  # "X and Y agreed", "read through and approved": no clause of its own
        starts_subject = (any(mm.start == head[0].idx for mm in mentions) or head[0].lower_ in PRONOUNS
                          or head[0].lower_ in ("this", "these", "it", "there", "the", "they", "she", "he", "a", "an"))
        action_column = (any(mm.start == head[0].idx for mm in mentions)
                         and any(_to_infinitive(t) for t in head[1:]))
        if starts_subject and any(t.tag_ in FINITE for t in head[1:]) or action_column:
            cuts.append(at)  # "..., PCSO Watson would report back"; "..., Cllr Bivon to make contact"
    return sorted(set(cuts))


GENERIC_POSTS = {"the officer", "officer", "the officers"}


def _after_fronted_phrase(span: Span, mentions: list[Mention]) -> Span:
    """"In response to a question on X, Ms Carpenter shared": the subject comes after the fronted phrase."""
    first = span[0]
    if not (first.pos_ in ("ADP", "SCONJ") or first.tag_ == "VBG"):
        return span
    for t in span:
        if t.text == "," and t.i + 1 < span.end and any(m.start == span.doc[t.i + 1].idx for m in mentions):
            return span.doc[t.i + 1:span.end]
    return span


def _apposed_subject(doc: Doc, before: list[Mention], verb_at: int) -> Optional[Mention]:
    """"Caroline Smith, Assistant Director for Corporate Parenting, introduced ...": the subject is
    the first mention, and what sits between commas after it (a post, another name) is an apposition.
    A personal name is preferred to a post; a name with no known role takes the post's."""
    if len(before) < 2:
        return None
    first = before[0]
    gap = doc._.text[first.end:verb_at]
    if not re.fullmatch(r"\s*,[^,;:()]{2,90},\s*", gap):
        return None
    if first.person.role is None:
        return Mention(first.start, first.end, Person(first.person.name, role_of_post(gap)))
    return first


def _speaker(span: Span, mentions: list[Mention], last: Optional[Person], last_by_role: dict):
    """(person, explicit, subject_start, verb) for one clause."""
    span = _after_fronted_phrase(span, mentions)
    verbs = _finite_verbs(span)
    ends = {m.end for m in mentions}
    # "A Member questioned ...": a participle right after a named subject is its verb, whatever the tagger says
    after_subject = [t for t in span if t.tag_ in ("VBN", "VBD") and t.idx - 1 in ends]
    verbs = sorted(verbs + after_subject, key=lambda t: t.i)
    first_verb = verbs[0] if verbs else None
    if first_verb is None:  # no verb, no speaker: "Criminal exploitation- co-location of police colleagues"
        return None, False, None, None
    limit = first_verb.idx
    text = span.doc._.text
    # "the Council's share ... will be reported": a possessor is not the subject
    before = [m for m in mentions if span.start_char <= m.start < limit and text[m.end:m.end + 2] not in ("'s", "’s")]
    verb = first_verb.lower_ if first_verb is not None else None
    if before:
        m = _apposed_subject(span.doc, before, limit) or before[-1]
        if m.person.name.lower() in GENERIC_POSTS and m.person.role in last_by_role:
            # "The Officer answered" after "The Officer, Michele Lucas, answered": the same person
            return last_by_role[m.person.role], True, m.start, verb
        # "the Chair asked Councillor X": the subject is the first mention before the verb when
        # a mention is only an object of a participle ("Echoing Councillor Redsell, the ...").
        return m.person, True, m.start, verb
    pron = [t for t in span if t.idx < limit and t.lower_ in PRONOUNS and t.i - span.start <= 6]
    if pron and last is not None:
        return last, True, pron[0].idx, verb
    return None, False, None, verb


# A line that says whose words follow: "Response of the Director of Services:", "Reply from the Clerk:".
VOICE_LINE = re.compile(r"\s*(?:(?i:(?:written\s+)?(?:response|reply|answer|comments?|statement)\s+(?:of|from|by))\s+"
                        r"(?:the\s+)?(?P<who>[A-Z][^:.\n]{2,80}?))\s*[:\-–—]?\s*$")


def voice_of(block: Block) -> Optional[Person]:
    """The author of the blocks under a "Response of the Director of Services:" line, else None."""
    m = VOICE_LINE.fullmatch(block.text)
    return Person(m.group("who").strip(), role_of_post(m.group("who")) or "officer") if m else None


def find_utterances(doc: Doc) -> Doc:
    roster = build_roster(doc)
    doc._.roster = roster
    out: list[Utterance] = []
    last: Optional[Person] = None
    last_by_role: dict[str, Person] = {}
    voice: Optional[Person] = None  # whose reply the blocks under a "Response of X:" line are
    for bi, block in enumerate(blocks(doc)):
        if block.kind == "table":
            continue
        speaker_line = voice_of(block)
        if speaker_line is not None:
            voice = last = speaker_line
            continue
        if block.kind == "heading" or block.label:
            voice = None  # the next item: the reply is over
        if block.kind == "heading":
            continue
        for sent in sentences_in(doc, block):
            mentions = mentions_in(sent, roster)
            edges = [sent.start_char] + clause_cuts(sent, mentions) + [sent.end_char]
            for a, b in zip(edges, edges[1:]):
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is None or not span.text.strip():
                    continue
                person, explicit, subj, verb = _speaker(span, mentions, last, last_by_role)
                if person is None and voice is not None:
                    person, explicit = voice, True
                u = Utterance(span.start_char, span.end_char, bi, sent, person, explicit, subj, verb)
                if person is not None:
                    last = person
                    if person.role and person.name.lower() not in GENERIC_POSTS:
                        last_by_role[person.role] = person
                out.append(u)
    doc._.utterances = out
    return doc


# Each clause with its speaker, on ``doc._.utterances`` for the record components.
make_discourse = rules_component("scrutiny_discourse", "patterns/discourse.json", find_utterances,
                                  assigns=["doc._.utterances", "doc._.roster"], requires=["doc.ents", "doc._.document", "token.is_sent_start"])


def block_of(doc: Doc, u: Utterance) -> Block:
    return blocks(doc)[u.block]


# Paragraphs ending in "?" that a document needs before its questions count as laid out one paragraph
# each, with the answer in the paragraph after: a layout is the document's, and one question paragraph
# followed by prose says nothing.
QA_LAYOUT_MIN = 3


def qa_layout(doc: Doc) -> bool:
    """Is the document a question-and-answer note ("What would be the effect ...?" / "There would be no
    net effect ..." / "Why was ...?" / ...), several paragraphs each only a question, each answered by
    the paragraph after it?  Counted once a document (``doc.user_data``)."""
    if "qa_layout" not in doc.user_data:
        bs = blocks(doc)
        asked = sum(1 for b, nxt in zip(bs, bs[1:])
                    if b.kind == "paragraph" and b.text.rstrip().endswith("?") and nxt.kind == "paragraph"
                    and not nxt.text.rstrip().endswith("?"))
        doc.user_data["qa_layout"] = asked >= QA_LAYOUT_MIN
    return doc.user_data["qa_layout"]
