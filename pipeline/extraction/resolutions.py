"""Resolutions: the formal decisions of a meeting.

Minutes record decisions in a few shapes, and every rule here keys on the
shape, not on any council's wording (cue phrases and word lists live in
``models/patterns/resolutions.json``):

- a decision heading ("RESOLVED:", "Resolved:-", "Recommendations:",
  "Decision:", "AGREED:") followed by its items, each item its own record
  ("Resolved:-  (1) That the report be noted." then "(2) That ...");
- an inline cue at the start of a block ("RESOLVED that the Panel note ...",
  "RESOLVED – to note ...") or an intro ending in a colon ("RESOLVED that
  Cabinet:") whose numbered items follow;
- numbered "That ..." decisions closing an item without a heading
  ("1.1 That Members noted ...", "1.2 Noted the impact of ...");
- decisions in other words: proposals seconded or carried ("Cllr X proposed
  acceptance of the minutes seconded by Cllr Y"), "It was agreed to ...",
  "The Committee agreed ...", "the minutes ... were approved as a correct
  record", "Cllr X was duly elected as chairman", "This was agreed by all."

Motions and amendments quoted before a vote are not decisions: a proposal
whose text follows it ("seconded the following amendment:"), one that was
lost, and one followed by a formal RESOLVED are left to that RESOLVED.
Reports and agendas record no meeting, so they have no resolutions.

Resolutions run before the actions component, which turns the ``requested``
ones into action records; nothing here emits actions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Optional

from spacy.language import Language
from spacy.tokens import Doc

from .. import config
from ..document import Block
from ..readers.labels import split_label
from .common import lemma, add, make_record

Span_ = tuple[int, int]


# ---------------------------------------------------------------- patterns

@dataclass(frozen=True)
class Patterns:
    """The compiled contents of resolutions.json."""

    headings: list[tuple[re.Pattern, str]]
    inline: re.Pattern
    needs_sep: frozenset[str]
    midsentence: re.Pattern
    body_words: frozenset[str]
    agreed_cue: re.Pattern
    body_agreed: re.Pattern
    not_decision_after: re.Pattern
    historic: re.Pattern
    hedge: re.Pattern
    proposal: re.Pattern
    seconded: re.Pattern
    failed: re.Pattern
    motion_follows: re.Pattern
    nomination: re.Pattern
    outcome_sentence: re.Pattern
    outcome_max_words: int
    this_agreed: re.Pattern
    minutes_approved: re.Pattern
    elected: re.Pattern
    elected_hedge: re.Pattern
    votes: re.Pattern
    recommended_cue: re.Pattern
    verb_kind: dict[str, str]
    form_kind: dict[str, str]
    request_passives: frozenset[str]
    subjunctive_requests: frozenset[str]
    past_openers: frozenset[str]
    base_openers: frozenset[str]
    title_max_words: int
    item_ref: re.Pattern
    skip_doc_types: frozenset[str]
    proposer_title: re.Pattern
    motion_word: re.Pattern
    outcome_inline: re.Pattern
    proposal_like: re.Pattern
    noted_passive: re.Pattern
    future_report: re.Pattern


def _forms(lemma: str) -> set[str]:
    """Inflected forms of a verb, so a mis-tagged "note" after "the Panel" still counts."""
    out = {lemma, lemma + "s", lemma + "ed", lemma + "d", lemma + "ing", lemma + "es"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Load and compile the resolution cues once per process."""
    raw: dict[str, Any] = config.load_model_file("patterns/resolutions.json")
    title = raw["proposer_title"]
    verb_kind: dict[str, str] = {}
    form_kind: dict[str, str] = {}
    for kind, verbs in raw["kind_verbs"].items():
        if kind.startswith("_"):
            continue
        for v in verbs:
            verb_kind.setdefault(v, kind)
            for f in _forms(v):
                form_kind.setdefault(f, kind)
    return Patterns(
        headings=[(re.compile(r"^\W*" + k + r"\s*[:\-–—.]*\s*$"), v)
                  for k, v in raw["heading_cues"].items() if not k.startswith("_")],
        inline=re.compile(raw["inline_cue"], re.I),
        needs_sep=frozenset(raw["inline_cue_needs_separator"]),
        midsentence=re.compile(raw["midsentence_cue"]),
        body_words=frozenset(raw["body_words"]),
        agreed_cue=re.compile(raw["agreed_cue"], re.I),
        body_agreed=re.compile(r"(?<![\w-])(?P<subj>" + raw["body_subject"] + r")\s+" + raw["body_agreed_verbs"], re.I),
        not_decision_after=re.compile(raw["not_a_decision_after_agreed"], re.I),
        historic=re.compile(raw["historic_prefix"], re.I),
        hedge=re.compile(raw["hedge_before_cue"], re.I),
        proposal=re.compile(raw["proposal"].replace("{title}", title)),
        seconded=re.compile(raw["seconded"], re.I),
        failed=re.compile(raw["failed_outcome"], re.I),
        motion_follows=re.compile(raw["motion_text_follows"], re.I),
        nomination=re.compile(raw["nomination"]),
        outcome_sentence=re.compile(raw["outcome_sentence"], re.I),
        outcome_max_words=int(raw["outcome_sentence_max_words"]),
        this_agreed=re.compile(raw["this_agreed"], re.I),
        minutes_approved=re.compile(raw["minutes_approved"], re.I),
        elected=re.compile(raw["elected"], re.I),
        elected_hedge=re.compile(raw["elected_hedge"], re.I),
        votes=re.compile(raw["votes_sentence"], re.I),
        recommended_cue=re.compile(raw["recommended_cue"], re.I),
        verb_kind=verb_kind,
        form_kind=form_kind,
        request_passives=frozenset(raw["request_passives"]),
        subjunctive_requests=frozenset(raw["subjunctive_request_verbs"]),
        past_openers=frozenset(raw["past_decision_openers"]),
        base_openers=frozenset(raw["base_decision_openers"]),
        title_max_words=int(raw["section_title_max_words"]),
        item_ref=re.compile(raw["item_ref"], re.I),
        skip_doc_types=frozenset(raw["skip_doc_types"]),
        proposer_title=re.compile(title),
        motion_word=re.compile(raw["motion_word"], re.I),
        outcome_inline=re.compile(raw["outcome"], re.I),
        proposal_like=re.compile(raw["proposal_like"], re.I),
        noted_passive=re.compile(raw["noted_passive"], re.I),
        future_report=re.compile(raw["future_report"], re.I),
    )


# ---------------------------------------------------------------- text helpers

_ABBREV = {"mr", "mrs", "ms", "dr", "cllr", "cllrs", "no", "nos", "st", "e.g", "i.e", "prof", "rev", "approx", "cf", "vs", "para", "paras"}
_SENT_BREAK = re.compile(r"(?<=[.!?])[\"”’)\]*]*\s+(?=[*\"“‘(\[]*[A-Z0-9£])|\n+")
_JUNK = " \t\n\r*_,;:-–—·•"


def sentences(text: str, base: int = 0) -> list[Span_]:
    """Sentence spans of one block: at . ? ! before a capital or digit, and at line breaks.

    Our own splitter rather than the doc's sentences: markdown bold ("**Cllr
    X proposed ...") and a missing space after a full stop must not glue a
    proposal to the sentence before it.
    """
    out: list[Span_] = []
    start = 0
    for m in _SENT_BREAK.finditer(text):
        word = re.search(r"([\w.]+)\.$", text[start:m.start()])
        if word and word.group(1).lower() in _ABBREV and "\n" not in m.group(0):
            continue
        out.append((base + start, base + m.start()))
        start = m.end()
    out.append((base + start, base + len(text)))
    return [s for s in (tidy(text, a - base, b - base, base) for a, b in out) if s[1] > s[0]]


def tidy(text: str, a: int, b: int, base: int = 0) -> Span_:
    """Shrink a span past white space, markdown emphasis and list punctuation."""
    while a < b and text[a] in _JUNK:
        a += 1
    while b > a and text[b - 1] in _JUNK:
        b -= 1
    return base + a, base + b


def word_count(s: str) -> int:
    return len(re.findall(r"[A-Za-z0-9£%]+", s))


def is_shouting(s: str) -> bool:
    """A sentence in capitals ("THESE ARE DRAFT MINUTES AND WILL BE AGREED ...") is a notice, not a cue."""
    letters = [c for c in s if c.isalpha()]
    return len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


# ---------------------------------------------------------------- labels and numbers

def label_style(label: Optional[str]) -> Optional[str]:
    """"1.1" dotted, "1" number, "(2)" paren, "a." letter, "•" bullet, or None."""
    if not label:
        return None
    if label == "•":
        return "bullet"
    if label.startswith("("):
        inner = label.strip("()")
        return "paren-num" if inner.isdigit() else "paren-alpha"
    if re.fullmatch(r"\d+(?:\.\d+)+", label):
        return f"dotted{label.count('.')}"
    if label.isdigit():
        return "num"
    return "alpha"


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}


def label_value(label: str) -> Optional[tuple[int, ...]]:
    """A label's position in its sequence: "1.2" -> (1, 2), "(b)" -> (2,), "iv." -> (4,)."""
    core = label.strip("().")
    if re.fullmatch(r"\d+(?:\.\d+)*", core):
        return tuple(int(x) for x in core.split("."))
    if core in _ROMAN:
        return (_ROMAN[core],)
    if len(core) == 1 and core.isalpha():
        return (ord(core.lower()) - 96,)
    if core.lower() in _ROMAN:
        return (_ROMAN[core.lower()],)
    return None


def follows(prev: Optional[str], nxt: Optional[str]) -> bool:
    """Does label ``nxt`` continue the list that ``prev`` is in?"""
    if label_style(prev) != label_style(nxt) or nxt is None:
        return False
    if label_style(nxt) == "bullet":
        return True
    a, b = label_value(prev or ""), label_value(nxt)
    if a is None or b is None:
        return True
    if len(a) != len(b):
        return False
    if b[-1] == 1 and "alpha" in (label_style(nxt) or "") and a[-1] in (9, 22):  # "i." after "h." or "v."
        return True
    return b[:-1] == a[:-1] and b[-1] == a[-1] + 1


def own_number(label: Optional[str]) -> Optional[str]:
    """A block label is the decision's number unless it is a bullet."""
    return label if label and label != "•" else None


_INLINE_ITEM = re.compile(r"(?:^|(?<=[\s;:,]))\((?P<l>[ivx]{1,4}|\d{1,2}|[a-z])\)\s+")


def split_items(text: str, start: int, end: int, label: Optional[str]) -> list[tuple[Optional[str], int, int]]:
    """Split "(i) that the report be noted; (ii) that a further report be brought ..." run into one block.

    ``label`` is the label already split off the front (if any).  Returns
    (label, start, end) per item; a block with no sequence of labels in it is one item.
    """
    hits = [(m.start(), m.end(), f"({m.group('l')})") for m in _INLINE_ITEM.finditer(text, start, end)]
    seq: list[tuple[int, int, str]] = []
    prev = label
    for a, b, lab in hits:
        if (prev is None and label_value(lab) == (1,)) or (prev is not None and follows(prev, lab)):
            seq.append((a, b, lab))
            prev = lab
    if not seq or (label is None and len(seq) < 2):
        return [(label, start, end)]
    out: list[tuple[Optional[str], int, int]] = []
    cur_label, cur_start = label, start
    for a, b, lab in seq:
        if a > cur_start and text[cur_start:a].strip(_JUNK + " and"):
            out.append((cur_label, cur_start, a))
        cur_label, cur_start = lab, b
    out.append((cur_label, cur_start, end))
    return out


# ---------------------------------------------------------------- kind

def _passive_kind(word: str, default: str) -> str:
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


# ---------------------------------------------------------------- the finder

@dataclass
class Found:
    start: int
    end: int
    kind: str
    rule: str
    confidence: float
    number: Optional[str]


class Finder:
    """Walks a document's blocks once, emitting each decision once."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc._.document.text  # the same string; Doc.text would rebuild it from tokens
        self.blocks: list[Block] = doc._.document.blocks
        self.P = patterns()
        self.found: list[Found] = []
        self.covered: list[Span_] = []

    # -- output

    def emit(self, start: int, end: int, kind: str, rule: str, confidence: float, number: Optional[str]) -> None:
        start, end = tidy(self.text, start, end)
        if end - start < 3 or self.overlaps(start, end):
            return
        self.found.append(Found(start, end, kind, rule, confidence, number))
        self.covered.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.covered)

    # -- structure

    def run(self) -> list[Found]:
        i = 0
        while i < len(self.blocks):
            i = self.block(i)
        return self.found

    def block(self, i: int) -> int:
        """Handle block ``i``; return the index of the next block to look at."""
        b = self.blocks[i]
        default = self.heading_kind(b.text)
        if default is not None:
            if self.bare_outcome(i):
                return i + 1
            return self.decision_list(i + 1, default)
        nxt = self.inline(i)
        if nxt is not None:
            return nxt
        if self.that_numbered(i):
            return i + 1
        if b.kind != "table":
            return self.sentence_rules(i)
        return i + 1

    def bare_outcome(self, i: int) -> bool:
        """A lone "AGREED" after a suggestion, with no decision items under it, agrees to the sentence before."""
        b = self.blocks[i]
        if ":" in b.text or not re.fullmatch(r"\W*(?:AGREED|Agreed|CARRIED|Carried)\W*", b.text):
            return False
        nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        if nxt is not None and nxt.kind != "heading" and (self.block_label(nxt)[0] or self.looks_like_decision(nxt.text)):
            return False
        if i == 0 or self.blocks[i - 1].kind in ("heading", "table"):
            return True
        pb = self.blocks[i - 1]
        prev = sentences(pb.text, pb.start)[-1]
        if not self.overlaps(*prev) and self.P.proposal_like.search(self.stext(prev)):
            self.emit(prev[0], b.end, "agreed", "resolution.agreed", 0.7, own_number(pb.label) or self.section_number(i))
        return True

    def heading_kind(self, text: str) -> Optional[str]:
        """The default kind when the whole block is a decision heading, else None."""
        t = text.strip()
        if len(t) > 40:
            return None
        for rx, kind in self.P.headings:
            if rx.match(t):
                return kind
        return None

    def cue_kind(self, cue: str) -> str:
        """The kind a decision takes from its cue when its own verbs say nothing."""
        c = cue.lower()
        return "recommended" if c.startswith("recommend") else "noted" if c == "noted" else "agreed"

    def inline(self, i: int) -> Optional[int]:
        """"RESOLVED that ...", "Resolved:- (1) That ...", "RESOLVED that Cabinet:" at a block's start."""
        b = self.blocks[i]
        lead = len(b.text) - len(b.text.lstrip(_JUNK))
        m = self.P.inline.match(b.text, lead)
        if not m or not self.inline_ok(m):
            return None
        cstart = m.end()
        rest = b.text[cstart:].strip(_JUNK)
        default = self.cue_kind(m.group("cue"))
        if not rest:
            return self.decision_list(i + 1, default)
        label, body = split_label(b.text[cstart:].lstrip(" \t:-–—"))
        body_start = b.start + len(b.text) - len(body) if label else b.start + cstart
        first_sent_end = self.first_sentence_end(b, body_start)
        if b.text.rstrip(" *").endswith(":") and first_sent_end >= b.end - 2:
            return self.decision_list(i + 1, self.intro_kind(rest, default))
        end, last = self.run_on(i)
        rule = "resolution.inline"
        items = split_items(self.text, body_start, end, label)
        for item_label, s, e in items:
            number = own_number(item_label) or self.block_number(i)
            self.emit(s, e, classify(self.doc, s, e, default), rule, 0.95, number)
        if label:
            return self.decision_list(last + 1, default, prev_label=items[-1][0])
        return last + 1

    def inline_ok(self, m: re.Match) -> bool:
        """A cue that may be prose ("Decision making ...", "Resolved issues") needs a colon, dash, that or to."""
        cue = m.group("cue")
        if m.group("lead") and not (cue.isupper() or m.group("sep")):
            return False
        if cue.isupper() and len(cue) > 2 and not m.group("sep") and m.group("cue") not in ("RESOLVED", "AGREED"):
            return False
        if cue in self.P.needs_sep or not cue.isupper():
            return bool(m.group("sep")) or m.end() >= len(m.string.rstrip(_JUNK))
        return True

    def first_sentence_end(self, b: Block, start: int) -> int:
        spans = sentences(self.text[start:b.end], start)
        return spans[0][1] if spans else b.end

    def decision_list(self, j: int, default: str, prev_label: Optional[str] = None) -> int:
        """Emit the items under a decision heading or intro; return the block after them."""
        first = prev_label is None
        taken_prev: Optional[Found] = None
        while j < len(self.blocks):
            b = self.blocks[j]
            if b.kind in ("heading", "table") or self.heading_kind(b.text) is not None:
                if b.kind == "heading" and self.subheading_in_list(j, prev_label, first):
                    j += 1
                    continue
                break
            label, body, body_start = self.block_label(b)
            if label is None and body.rstrip(" *”\"").endswith(":") and word_count(body) <= 40:
                # a further intro ("... is asked to agree the following:", "This Council agrees to call on X to:")
                default = self.intro_kind(body, default)
                first, prev_label, taken_prev = True, None, None
                j += 1
                continue
            if label is None and not first and re.fullmatch(r"\W*(?:and|further(?:more)?|also)\W*", body, re.I):
                j += 1  # "And;" between two parts of one resolution
                continue
            if not first and self.is_title(body):
                break  # the next minute's title ("3. Work Programme"), even when its number follows on
            if first or follows(prev_label, label) or (label is None and prev_label is None and self.looks_like_decision(body)):
                pass
            elif taken_prev is not None and label is not None and label_style(label) != label_style(prev_label) \
                    and self.text[taken_prev.start:taken_prev.end].rstrip().endswith(":"):
                taken_prev.end = b.end  # nested sub-items of "... while making clear that:"
                self.covered[-1] = (taken_prev.start, taken_prev.end)
                j += 1
                continue
            else:
                break
            n_before = len(self.found)
            end, j = self.run_on(j)
            items = split_items(self.text, body_start, end, label)
            for item_label, s, e in items:
                number = own_number(item_label) or self.section_number(j)
                self.emit(s, e, classify(self.doc, s, e, default), "resolution.heading", 0.95 if item_label else 0.85, number)
            taken_prev = self.found[-1] if len(self.found) > n_before else None
            prev_label = items[-1][0] if items else label
            first = False
            j += 1
        return j

    def intro_kind(self, text: str, default: str) -> str:
        """The kind an intro gives its items: its last decision verb ("agrees to call on X to:" -> requested)."""
        kinds = [self.P.form_kind[w] for w in re.findall(r"[a-z]+", text.lower()) if w in self.P.form_kind]
        return kinds[-1] if kinds else default

    def subheading_in_list(self, j: int, prev_label: Optional[str], first: bool) -> bool:
        """A short heading inside a decision list ("2025-26 Revenue Budget") when the list goes on after it."""
        if word_count(self.blocks[j].text) > 12 or j + 1 >= len(self.blocks):
            return False
        nxt = self.blocks[j + 1]
        if nxt.kind != "list_item" or not own_number(nxt.label):
            return False
        if first:
            return label_value(nxt.label or "") == (1,)
        return follows(prev_label, nxt.label)

    def run_on(self, j: int) -> tuple[int, int]:
        """Where a decision in block ``j`` ends, following it into the next block when a page or
        line break cut it mid-sentence ("... meetings held on" / "29 October 2024 ... be noted.").

        Returns (end offset, index of the last block used).
        """
        b = self.blocks[j]
        if j + 1 < len(self.blocks) and re.search(r"(?<![;,])\s(?:on|of|the|to|at|by|for|in|that|with|from|held|a|an)\s*$", b.text):
            nxt = self.blocks[j + 1]
            if nxt.kind != "heading" and word_count(nxt.text) <= 60 and re.search(r"[.;]\s*$", nxt.text) \
                    and not self.looks_like_decision(nxt.text):
                return nxt.end, j + 1
        return b.end, j

    def block_label(self, b: Block) -> tuple[Optional[str], str, int]:
        """A block's own label (from the reader, else split off its text), its text and where that starts."""
        if b.label:
            return b.label, b.text, b.start
        label, body = split_label(b.text)
        if not label:
            m = re.match(r"\(?([A-Z])[.)]\s+(?=\S)", b.text)  # "A) Note the forecast ..."
            if m:
                label, body = m.group(1) + ".", b.text[m.end():]
        if label and label != "•":
            return label, body, b.start + len(b.text) - len(body)
        return None, b.text, b.start

    def looks_like_decision(self, text: str) -> bool:
        t = text.lstrip(_JUNK)
        word = t.split(" ", 1)[0].rstrip(",:") if t else ""
        return t.startswith(("That ", "that ")) or word in self.P.past_openers or word in self.P.base_openers

    def that_numbered(self, i: int) -> bool:
        """A numbered "That ..." or "Noted ..." item: a decision that closes an item without a heading."""
        b = self.blocks[i]
        label, body, body_start = self.block_label(b)
        if label_style(label) not in ("num", "paren-num") and not (label_style(label) or "").startswith("dotted") \
                or b.kind == "heading":
            return False
        t = body.lstrip(_JUNK)
        word, _, rest = t.partition(" ")
        that = re.match(r"That\s+(?!(?:was|is|were|would|will|had|has|could|should|may|might|being|meant|said|led|made|needs?|did|does|said)\b)\S", t)
        opener = word in self.P.past_openers and rest[:1].islower()  # "Noted the impact", not "Elected Members"
        if not (that or opener):
            return False
        before = self.blocks[i - 1].text.rstrip(" *") if i > 0 else ""
        if before.endswith(":") and self.heading_kind(before) is None and not self.P.midsentence.search(before):
            return False  # a point under "it was noted:" / "it was said:", not a decision
        if that and not any(tok.tag_.startswith("VB") for tok in self.doc.char_span(body_start, b.end, alignment_mode="expand") or []):
            return False
        self.emit(body_start, b.end, classify(self.doc, body_start, b.end, "agreed"), "resolution.that_numbered", 0.8, label)
        return True

    def is_title(self, text: str) -> bool:
        """A minute or item title: short, capitalised, no closing full stop ("Matters Arising:", "Work Programme")."""
        t = text.strip(" *")
        return t[:1].isupper() and not self.looks_like_decision(t) and (
            (word_count(t) <= self.P.title_max_words and not re.search(r"[.!?;,]\s*$", t))
            or bool(re.match(r"[^.:;]{1,60}:", t)))

    def block_number(self, i: int) -> Optional[str]:
        """A decision's number: its block's label, unless that label only counts the minute's paragraphs
        ("4. A Member questioned ...", "5. RESOLVED that the Panel note ..."): then the item's number."""
        own = own_number(self.blocks[i].label)
        if own and self.running_paragraph(i):
            return self.item_number(i) or own
        return own or self.section_number(i)

    def item_number(self, i: int) -> Optional[str]:
        """The number of the agenda item block ``i`` sits under: "(Item 4)", or a numbered item heading."""
        for k in range(i - 1, -1, -1):
            b = self.blocks[k]
            if b.kind != "heading":
                continue
            m = self.P.item_ref.search(b.text)
            if m:
                return m.group("n").rstrip(".")
            if b.label and re.fullmatch(r"\d+(?:\.\d+)?", b.label):
                return b.label
            return None  # the section's own heading names no item: do not borrow the previous item's
        return None

    def running_paragraph(self, i: int) -> bool:
        """Is block ``i`` one of a run of numbered paragraphs of narrative, not a numbered decision list?"""
        for k in range(i - 1, -1, -1):
            pb = self.blocks[k]
            if pb.kind == "heading":
                return False
            if pb.label and re.fullmatch(r"\d+", pb.label) and not self.P.inline.match(pb.text.lstrip(_JUNK)):
                return True
        return False

    def section_number(self, i: int) -> Optional[str]:
        """The minute or item number of the section block ``i`` sits in, for a decision with none of its own."""
        P = self.P
        for k in range(i - 1, -1, -1):
            b = self.blocks[k]
            m = P.item_ref.search(b.text) if b.kind == "heading" or word_count(b.text) <= P.title_max_words else None
            numeric = b.label and re.fullmatch(r"\d+(?:\.\d+)?", b.label)
            if numeric and b.kind in ("list_item", "heading") and self.is_title(b.text):
                return b.label
            if m:
                return m.group("n").rstrip(".")
        return None

    # -- sentence rules

    def sentence_rules(self, i: int) -> int:
        b = self.blocks[i]
        spans = sentences(b.text, b.start)
        k = 0
        next_block = i + 1
        while k < len(spans):
            if self.overlaps(*spans[k]):
                k += 1
                continue
            for rule in (self.mid_resolved, self.proposal, self.minutes, self.elected, self.it_was_agreed,
                         self.body_agreed, self.it_was_recommended, self.this_agreed, self.document_noted):
                res = rule(i, spans, k)
                if res is not None:
                    k, next_block = res[0], max(next_block, res[1])
                    break
            else:
                k += 1
        return next_block

    def stext(self, span: Span_) -> str:
        return self.text[span[0]:span[1]]

    def trailing_outcomes(self, i: int, spans: list[Span_], k: int) -> tuple[int, int, int, bool]:
        """Extend past outcome sentences ("Unanimously agreed.", "7 votes for 1 abstention. Carried").

        Returns (end offset, next sentence index, next block index, failed?).
        """
        P = self.P
        end, j, failed = spans[k][1], k + 1, False
        while j < len(spans) and self.is_outcome(self.stext(spans[j])):
            failed = failed or bool(P.failed.search(self.stext(spans[j])))
            end, j = spans[j][1], j + 1
        nb = i + 1
        if j >= len(spans) and nb < len(self.blocks):
            nxt = self.blocks[nb]
            if nxt.kind != "heading" and self.is_outcome(nxt.text) and word_count(nxt.text) <= 6 and not nxt.label:
                failed = failed or bool(P.failed.search(nxt.text))
                end, nb = nxt.end, nb + 1
        return end, j, nb, failed

    def is_outcome(self, s: str) -> bool:
        s = s.strip(_JUNK)
        return (word_count(s) <= self.P.outcome_max_words and bool(self.P.outcome_sentence.match(s))) \
            or (word_count(s) <= 4 and bool(self.P.failed.search(s)))

    def mid_resolved(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"It was proposed by Cllr A, seconded by Cllr B and RESOLVED that ..."."""
        s = self.stext(spans[k])
        m = self.P.midsentence.search(s)
        if not m or is_shouting(s) or self.P.hedge.search(s[:m.start()]) or s.rstrip().endswith("?"):
            return None
        b = self.blocks[i]
        default = self.cue_kind(m.group("cue").split()[-1])
        if s.rstrip(" *").endswith(":") and k == len(spans) - 1:
            return len(spans), self.decision_list(i + 1, self.intro_kind(s[m.end():], default))
        start = spans[k][0]
        lead = s[:m.start()].strip(_JUNK).lower()
        if lead in ("", "it was", "and"):
            start = spans[k][0] + m.end()
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        kind = classify(self.doc, spans[k][0] + m.end(), spans[k][1], default)
        self.emit(start, end, kind, "resolution.inline", 0.9, self.block_number(i))
        return nk, nb

    def proposal(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"Cllr X proposed that ..., seconded by Cllr Y. Unanimously agreed." and "Proposed by X, seconded by Y, all agreed"."""
        P = self.P
        s = self.stext(spans[k])
        m = P.proposal.search(s)
        if not m or s.rstrip().endswith("?"):
            return None
        after = s[m.end():]
        if not m.group("by") and P.nomination.match(after):
            return None
        if P.motion_follows.search(s.rstrip(" *")):
            return None
        end, nk, nb, failed = self.trailing_outcomes(i, spans, k)
        window = self.text[spans[k][0]:end]
        second_at = after.lower().find("second")
        tail = self.text[spans[k][1]:end] + (after[second_at:] if second_at >= 0 else "")
        seconded = bool(P.seconded.search(window))
        carried = end > spans[k][1] or bool(P.outcome_inline.search(after[second_at:] if second_at >= 0 else after))
        if failed or P.failed.search(tail) or self.fails_next(i, spans, nk) or not (seconded or carried):
            return None
        if self.resolved_follows(nb) or (P.motion_word.search(s) and end == spans[k][1]):
            return len(spans), nb  # the motion's text and fate follow: the RESOLVED records the decision
        start = spans[k][0] + (m.start() if m.group("who") else 0)
        if self.content_free(after) and (m.group("by") or m.group("moved") or m.start() < 3):
            prev = self.previous_sentence(i, spans, k)
            if prev is None:
                return None
            start = prev[0]
        number = own_number(self.blocks[i].label) or self.section_number(i)
        self.emit(start, end, "agreed", "resolution.proposed_seconded", 0.85 if seconded else 0.7, number)
        return nk, nb

    def fails_next(self, i: int, spans: list[Span_], k: int) -> bool:
        """"On being put to the vote the amendment was lost.": the sentence after a proposal says it failed."""
        if k < len(spans):
            nxt = self.stext(spans[k])
        elif i + 1 < len(self.blocks) and self.blocks[i + 1].kind != "heading":
            nxt = self.text[self.blocks[i + 1].start:self.blocks[i + 1].end][:200]
        else:
            return False
        return word_count(nxt) <= 25 and bool(self.P.failed.search(nxt))

    def content_free(self, after: str) -> bool:
        """Is a proposal only names, seconding and outcome ("by Cllr A, seconded by Cllr B, all agreed")?"""
        rest = self.P.proposer_title.sub(" ", after)
        words = [w for w in re.findall(r"[A-Za-z’'-]+", rest)
                 if not w[0].isupper() and w.lower() not in ("by", "and", "seconded", "agreed", "all", "carried", "unanimously", "votes", "vote", "for", "against", "abstention", "abstentions", "in", "favour", "with", "the")]
        return len(words) < 2

    def previous_sentence(self, i: int, spans: list[Span_], k: int) -> Optional[Span_]:
        """The sentence before sentence ``k`` of block ``i``, crossing into the previous block but not a heading."""
        if k > 0:
            prev = spans[k - 1]
        elif i > 0 and self.blocks[i - 1].kind not in ("heading", "table"):
            pb = self.blocks[i - 1]
            prev = sentences(pb.text, pb.start)[-1]
        else:
            return None
        return None if self.overlaps(*prev) else prev

    def resolved_follows(self, nb: int, look: int = 8) -> bool:
        """Does a formal RESOLVED follow (after the motion's items, votes and outcome), recording the decision instead?"""
        for b in self.blocks[nb:nb + look]:
            t = b.text
            m = self.P.inline.match(t.lstrip(_JUNK))
            if self.heading_kind(t) is not None or (m and self.inline_ok(m)) or self.P.midsentence.search(t[:120]):
                return True
            if b.kind == "heading" and not self.is_outcome(t) and word_count(t) > 3:
                return False
            if b.kind == "paragraph" and not self.is_outcome(t) and word_count(t) > 12:
                return False
        return False

    def minutes(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"The minutes of the last meeting were approved as a correct record"."""
        s = self.stext(spans[k])
        m = self.P.minutes_approved.search(s)
        if not m or is_shouting(s) or self.P.hedge.search(s[:m.start()]) or re.search(r"\b(?:will|would|to)\s+be\b", m.group(0), re.I):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(spans[k][0], end, "agreed", "resolution.minutes_approved", 0.9,
                  own_number(self.blocks[i].label) or self.section_number(i))
        return nk, nb

    def elected(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"Cllr X was duly elected as chairman by 5 votes ..." (with the vote count before it)."""
        P = self.P
        s = self.stext(spans[k])
        m = P.elected.search(s)
        if not m or P.elected_hedge.search(s) or P.historic.search(s[:m.start()]) or s.rstrip().endswith("?") \
                or re.search(r"\bin\s+(?:19|20)\d\d\b", s):
            return None
        if "appointed" in m.group(0).lower() and not re.search(r"\b(?:chair|vice|representative|member|deputy|mayor|leader)", s[m.end():m.end() + 40], re.I):
            return None
        start = spans[k][0]
        prev = self.previous_sentence(i, spans, k) if k > 0 else None
        if prev is not None and P.votes.search(self.stext(prev)):
            start = prev[0]
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(start, end, "agreed", "resolution.elected", 0.8, own_number(self.blocks[i].label) or self.section_number(i))
        return nk, nb

    def agreed_at(self, i: int, spans: list[Span_], k: int, m_start: int, m_end: int, rule: str,
                  default: str, confidence: float) -> Optional[tuple[int, int]]:
        """Emit a decision found by a cue at [m_start, m_end) of sentence ``k``, unless hedged or historic."""
        P = self.P
        s = self.stext(spans[k])
        before, after = s[:m_start], s[m_end:]
        if s.rstrip().endswith("?") or is_shouting(s) or P.historic.search(before) or P.hedge.search(before) \
                or P.not_decision_after.match(after) or re.search(r"\b(?:if|whether|unless|when)\s*$", before.strip(), re.I):
            return None
        if P.motion_follows.search(s.rstrip(" *")) and not s.rstrip(" *").endswith(":"):
            return None
        if s.rstrip(" *").endswith(":") and k == len(spans) - 1:
            if re.search(r"\b(?:amendment|motion)\b", s, re.I):
                return None
            return len(spans), self.decision_list(i + 1, self.intro_kind(after, default))
        if is_opinion(self.doc, spans[k][0] + m_end, spans[k][1]):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        if nk >= len(spans) and self.resolved_follows(nb, look=1):
            return len(spans), nb
        kind = self.kind_after_cue(spans[k][0] + m_end, spans[k][1], default)
        self.emit(spans[k][0] + m_start, end, kind, rule, confidence, own_number(self.blocks[i].label) or self.section_number(i))
        return nk, nb

    def kind_after_cue(self, start: int, end: int, default: str) -> str:
        """"agreed to note ..." is noted, "agreed to request ..." requested; anything else keeps the cue's kind."""
        m = re.match(r"\s*(?:that\s+(?:the\s+)?(?:\w+\s+){0,4}?)?(?:to|should|would|be)?\s*(?:be\s+)?(\w+)", self.text[start:end], re.I)
        if not m:
            return default
        kind = self.P.form_kind.get(m.group(1).lower())
        return kind if kind in ("noted", "requested", "recommended") and re.match(r"\s*to\s", self.text[start:end], re.I) else default

    def it_was_agreed(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"It was agreed to ...", "it was agreed that ...", "It was decided that ..."."""
        m = self.P.agreed_cue.search(self.stext(spans[k]))
        if not m:
            return None
        return self.agreed_at(i, spans, k, m.start(), m.end(), "resolution.agreed", "agreed", 0.8)

    def body_agreed(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"The Committee agreed that ...", "Members AGREED to ...", "The Panel NOTED the report"."""
        s = self.stext(spans[k])
        for m in self.P.body_agreed.finditer(s):
            verb = m.group("verb")
            if verb.lower() == "noted" and not verb.isupper():
                continue
            kind = "recommended" if verb.lower() == "recommended" else "noted" if verb.lower() == "noted" else "agreed"
            return self.agreed_at(i, spans, k, m.start(), m.end(), "resolution.agreed", kind, 0.7)
        return None

    def it_was_recommended(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"It was recommended that ...": the meeting recommends to another body."""
        m = self.P.recommended_cue.search(self.stext(spans[k]))
        if not m:
            return None
        return self.agreed_at(i, spans, k, m.start(), m.end(), "resolution.recommended", "recommended", 0.6)

    def document_noted(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"The Clerk's report was received and noted.": the meeting took note of a document."""
        s = self.stext(spans[k])
        if not self.P.noted_passive.match(s) or s.rstrip().endswith("?"):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(spans[k][0], end, "noted", "resolution.noted", 0.6, own_number(self.blocks[i].label) or self.section_number(i))
        return nk, nb

    def this_agreed(self, i: int, spans: list[Span_], k: int) -> Optional[tuple[int, int]]:
        """"... recommended that a letter be sent. This was agreed by all.": the sentence before is the decision."""
        s = self.stext(spans[k])
        if not self.P.this_agreed.match(s.strip(_JUNK)) or is_shouting(s):
            return None
        prev = self.previous_sentence(i, spans, k)
        if prev is None or not self.P.proposal_like.search(self.stext(prev)) or self.P.failed.search(self.stext(prev)):
            if not re.match(r"\W*the\s+(?:\w+\s+){0,3}?(?:recommendations?|proposals?|motion)\b", s, re.I):
                return None
            prev = spans[k]  # "The recommendations in the report were approved." says what was decided
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        if nk >= len(spans) and self.resolved_follows(nb, look=1):
            return len(spans), nb
        self.emit(prev[0], end, "agreed", "resolution.agreed", 0.7, own_number(self.blocks[i].label) or self.section_number(i))
        return nk, nb


# ---------------------------------------------------------------- component

@Language.component("scrutiny_resolutions")
def find_resolutions(doc: Doc) -> Doc:
    """Add a resolution Record for every decision of the meeting."""
    document = doc._.document
    if document is None or (document.doc_type or "") in patterns().skip_doc_types:
        return doc
    for f in Finder(doc).run():
        add(doc, make_record(doc, "resolution", (f.start, f.end), f.rule, f.confidence, number=f.number, kind=f.kind))
    return doc
