"""Follow-ups across meetings: was each action taken up again later?

An action recorded at one meeting ("the Clerk will report this to
Highways") is *followed up* when a later document of the same council -
normally the same committee - reports on it (RECORDS.md, "Follow-ups
across meetings").  Minutes rarely cite the action they follow up, so the
linker looks in every later document of the council for:

* the action's **object** coming back: the content words of its quote
  (plus the sentence around it, and the sentence before when the quote
  only says "this" or "it") matched against each later sentence and its
  agenda heading, weighted by rarity across the council's documents so
  that words every set of minutes uses ("Clerk", "meeting") count for
  little; rapidfuzz lets "Town Hall"/"Townhall", "pot holes"/"pothole"
  and "managing"/"management" meet;
* the action's **agenda item** coming back, for actions that only move an
  item on ("deferred to the next meeting", "a meeting will be arranged").

A later sentence needs less overlap under a back-reference heading
("Matters Arising", an action log) or phrase ("as requested at the last
meeting"), under the action's own agenda item, and where it names the
action's owner or requester again.  The best sentence of each later
document is its evidence, earliest document first.

Each mention is then judged: *done* (the promised verb in the past, "had
been booked", "was circulated") or *not yet* ("still waiting", "will
chase").  Any done mention makes the action ``resolved``, else a not-yet
one makes it ``progressed`` (a mention that says neither counts as done);
an action that only moved an item on is resolved when the item comes back
unless it is put off again.  Without a mention the action is
``outstanding`` if a later meeting of the same body exists, else
``pending``.

Cue words live in ``models/patterns/followup.json``; no rule here knows
any council's own nouns.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from rapidfuzz import fuzz, process

from .config import load_model_file

STATUSES = ("resolved", "progressed", "outstanding", "pending")

# Scoring constants.  Tuned on one parish series, they sit on a plateau (MIN_SCORE 7.5-8.5 and each
# factor +-0.1 give the same accuracy there) rather than on a peak; see benchmarks/followups.py.
IDF_SCALE = 6.0            # weight of a word that occurs in one sentence only; rarer words weigh less
MIN_SCORE = 8.0            # weighted overlap a later sentence needs to be a mention (about two rare words)
CORE_SHARE = 0.5           # ... at least half of it from the quote itself (or what its "this" points back to)
CONTEXT_WEIGHT = 0.5       # words of the action's sentence outside its quote
ANTECEDENT_WEIGHT = 0.8    # words an anaphoric or content-poor quote ("report this") leans on
RECIPIENT_WEIGHT = 1.5     # whom the action writes or reports to: a reply names them again
NAME_WEIGHT = 0.7          # people named in passing: speakers recur in every item
BACK_REF_FACTOR = 0.7      # the bar under "Matters Arising" or after "as requested at the last meeting"
SAME_ITEM_FACTOR = 0.7     # the bar under the action's own agenda item
OWNER_FACTOR = 0.8         # the bar where the owner or requester is named again
OTHER_BODY_FACTOR = 1.4    # the bar in another committee's documents
HEADING_SIDE = 0.8         # a word found only in a later sentence's heading counts at 80 %
SAME_ITEM_SIM = 0.5        # weighted Dice of two headings for "same agenda item"
MIN_COVERAGE = 0.75        # a later heading this much made of the action's own words is its item
MIN_HEADING_SIM = 0.6      # agenda-item match for actions that only move an item on
RELATED_SHARE = 0.7        # other sentences of the mention's section this close to the bar also speak for its status
FUZZY_CUTOFF = 88          # rapidfuzz ratio for two words to count as the same
SPECIFIC_IDF = 2.5         # a quote with at most two words rarer than this only moves its agenda item on
MIN_PREFIX = 5             # or one stem is another plus an inflection, the shorter at least this long
INFLECTIONS = {"", "e", "s", "es", "ed", "er", "ers", "ing", "ment", "al", "ally", "ly", "y", "ion", "ions",
               "ive", "or", "ors"}


# --------------------------------------------------------------------------- data


@dataclass
class MeetingDoc:
    """One document of a series with its records (spec-shaped dicts)."""

    stem: str
    council: Optional[str]
    committee: Optional[str]
    meeting_date: Optional[str]
    doc_type: Optional[str]
    text: str
    records: list[dict] = field(default_factory=list)


@dataclass
class Evidence:
    """A later sentence that mentions the action."""

    document: str
    quote: str
    start: int
    end: int
    score: float
    method: str

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "quote": self.quote, "start": self.start, "end": self.end,
                "score": round(self.score, 3), "method": self.method}


@dataclass
class FollowUp:
    """The follow-up status of one action, with its later mentions earliest first."""

    document: str
    action: str
    quote: str
    status: str
    owner: Any = None
    requested_by: Any = None
    due: Any = None
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "action": self.action, "quote": self.quote, "status": self.status,
                "owner": self.owner, "requested_by": self.requested_by, "due": self.due,
                "evidence": [e.to_dict() for e in self.evidence]}


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Cues:
    """The compiled cue lists of ``patterns/followup.json``."""

    back_heading: re.Pattern
    back_phrase: re.Pattern
    done: re.Pattern
    not_yet: re.Pattern
    future: re.Pattern
    agenda_item: re.Pattern
    deferral: re.Pattern
    unable: re.Pattern
    stop: frozenset
    procedural: frozenset
    generic: frozenset
    anaphors: frozenset
    titles: frozenset
    skip_heading: re.Pattern
    standing_heading: re.Pattern
    question: re.Pattern
    boilerplate: re.Pattern
    idioms: re.Pattern
    past_instance: re.Pattern
    recipient: re.Pattern
    deferred_again: re.Pattern
    verb_lead: re.Pattern


def _alternation(phrases: Iterable[str]) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in phrases) + r")", re.I)


@lru_cache(maxsize=1)
def cues() -> Cues:
    """Load the cue file once; phrases are data so that other councils' wording can be added without code."""
    p = load_model_file("patterns/followup.json")
    return Cues(
        back_heading=_alternation(p["back_reference_headings"]),
        back_phrase=_alternation(p["back_reference_phrases"]),
        done=_alternation(p["done_phrases"]),
        not_yet=_alternation(p["not_yet_phrases"]),
        future=_alternation(p["future_phrases"]),
        agenda_item=_alternation(p["agenda_item_phrases"]),
        deferral=_alternation(p["deferral_answer_phrases"]),
        unable=_alternation(p["unable_phrases"]),
        stop=frozenset(p["stop_words"]),
        procedural=frozenset(_stem(w) for w in p["procedural_words"]),
        generic=frozenset(_stem(w) for w in p["generic_words"]),
        anaphors=frozenset(p["anaphors"]),
        titles=frozenset(p["titles"]),
        skip_heading=re.compile(r"^(?:" + "|".join(p["skip_headings"]) + r")\b", re.I),
        question=re.compile("|".join(p["question_phrases"]), re.I),
        boilerplate=re.compile("|".join(p["boilerplate_lines"]), re.I),
        idioms=_alternation(p["idioms"]),
        past_instance=_alternation(p["past_instance_phrases"]),
        recipient=re.compile(p["recipient_lead"], re.I),
        deferred_again=_alternation(p["deferred_again_phrases"]),
        verb_lead=re.compile(p["action_verb_lead"], re.I),
        standing_heading=re.compile(r"^(?:[\d.()]+\s*)?(?:" + "|".join(p["standing_headings"]) + r")\b", re.I),
    )


# --------------------------------------------------------------------------- words

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d+(?:[.,/]\d+)*")
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A crude stem: enough for "replace/replaced", "meeting/meetings", "managing/management" to meet by prefix."""
    w = word.lower().replace("’", "'").replace("-", "")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            if suf == "es" and not w[:-2].endswith(("s", "x", "z", "ch", "sh")):
                suf = "s"
            return w[: -len(suf)]
    return w


def words(text: str) -> list[tuple[str, str]]:
    """(raw lower-case word, stem) pairs in reading order.

    Set phrases ("in due course", "along the lines of") name no matter and are dropped first.
    """
    text = cues().idioms.sub(" ", text)
    return [(m.group().lower(), _stem(m.group())) for m in WORD.finditer(text)]


def _is_content(raw: str, stem: str) -> bool:
    c = cues()
    return not (raw in c.stop or raw in c.titles or len(stem) < 3 or (stem.isdigit() and len(stem) < 3))


def content_terms(text: str) -> list[str]:
    """Stems of the words that can name a matter: stop words, titles and short numbers dropped."""
    return [st for raw, st in words(text) if _is_content(raw, st)]


def compounds(text: str) -> set[str]:
    """Adjacent content words joined ("pot holes" -> "pothole", "Town Hall" -> "townhall").

    Only a later sentence gets these, and they only match a whole word of
    the action exactly: a compound written either way still meets, but
    "proposed budget" never stands in for "proposed".
    """
    ws = [(raw, st) for raw, st in words(text) if _is_content(raw, st)]
    return {_stem(a + b) for (a, _), (b, _) in zip(ws, ws[1:]) if a.isalpha() and b.isalpha()}


@lru_cache(maxsize=1)
def _name_pattern() -> re.Pattern:
    titles = "|".join(sorted((re.escape(t) for t in cues().titles), key=len, reverse=True))
    initials = r"(?:[ \t]+(?:[A-Z]\.?|(?i:" + titles + r")\.?))*"
    surname = r"(?:[ \t]+[A-Z][A-Za-z'’]*(?:-[A-Za-z]+)*){1,3}"
    return re.compile(r"\b(?i:" + titles + r")\.?(" + initials + surname + ")")


def person_names(text: str) -> set[str]:
    """Stems of the capitalised words right after a title ("Cllr Mrs J Smith-Jones", "Mr John Smith")."""
    c = cues()
    out: set[str] = set()
    for m in _name_pattern().finditer(text):
        for word in m.group(1).split():
            w = word.rstrip(".")
            if len(w) < 2 or w.lower() in c.titles:
                continue
            if not _is_name_word(w):
                break
            out.add(_stem(w))
    return out


def _is_name_word(word: str) -> bool:
    c = cues()
    st = _stem(word)
    return word[0].isupper() and word.lower() not in c.stop and st not in c.procedural and st not in c.generic


def term_kind_weight(term: str, names: frozenset = frozenset(), body_words: frozenset = frozenset()) -> float:
    """How much a word says about which matter a sentence is on.

    Procedural and generic words, the council's own name and people's names say little.
    """
    c = cues()
    if term in c.procedural:
        return 0.15
    if term in c.generic or term in body_words:
        return 0.35
    if term in names:
        return NAME_WEIGHT
    return 1.0


# --------------------------------------------------------------------------- segmentation

LABEL = re.compile(r"^\s*(?:\*+\s*)?(?:\(?(?:item\s+)?\d+(?:\.\d+)*\\?[.)]?|\(?[a-z]\)|[ivx]+\)|[-•·*]+)\s+", re.I)
ITEM_REF = re.compile(r"^\(?\s*item\s+\d+[a-z]?\s*\)?$", re.I)
SENT_END = re.compile(r"(?<=[.?!])[\"'”’)\]*]*\s+(?=[\"'“‘(]?[A-Z0-9£])")
INLINE_HEADING = re.compile(r"^([A-Z][^.:?!]{1,80}?)\s*:\s*(?=\S)")
FRONT_MATTER = re.compile(r"\A\s*---\n.*?\n---\n", re.S)


@dataclass
class Passage:
    """A sentence (or a heading line) of a document, with the heading of its section."""

    start: int
    end: int
    text: str
    heading: str
    heading_start: int
    is_heading: bool
    back_ref: bool
    skip: bool = False                         # attendance lists and the like: never a mention
    name_list: bool = False                    # mostly names: they match only the people an action is about
    terms: frozenset = frozenset()
    compounds: frozenset = frozenset()
    heading_terms: frozenset = frozenset()
    heading_compounds: frozenset = frozenset()


def _strip_marks(line: str) -> str:
    return line.replace("**", "").replace("\\", "").strip()


def _title_case_share(text: str) -> float:
    c = cues()
    ws = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text) if w.lower() not in c.stop]
    return sum(1 for w in ws if w[0].isupper()) / len(ws) if ws else 0.0


def _is_heading_line(line: str, next_line: Optional[str]) -> bool:
    """An agenda heading: a line ending in a colon, one before "(Item n)", or a short Title Case line before prose."""
    t = _strip_marks(LABEL.sub("", line, count=1))
    if not t or ITEM_REF.match(t):
        return False
    if t.endswith(":") and len(t.split()) <= 16:
        return True
    n = _strip_marks(next_line) if next_line else ""
    if ITEM_REF.match(n) and len(t.split()) <= 20:
        return True
    if len(t.split()) > 10 or t[-1] in ".?!;," or not (t[0].isupper() or t[0].isdigit()):
        return False
    return bool(n) and _title_case_share(t) >= 0.8 and (len(n.split()) > 12 or n.endswith("."))


def _lines(text: str) -> list[tuple[int, str]]:
    """Non-blank lines with their offsets, after any Markdown front matter."""
    fm = FRONT_MATTER.match(text)
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip() and not (fm and pos < fm.end()):
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, line.strip()))
        pos += len(line) + 1
    return out


def _sentences(start: int, text: str) -> list[tuple[int, int]]:
    """Sentence spans inside one paragraph."""
    spans, s = [], 0
    for m in SENT_END.finditer(text):
        spans.append((start + s, start + m.start()))
        s = m.end()
    spans.append((start + s, start + len(text)))
    return [(a, b) for a, b in spans if text[a - start:b - start].strip()]


def segment(text: str) -> list[Passage]:
    """Split a document into heading and sentence passages, each knowing its section heading.

    Minutes mark their agenda items with short lines, lines ending in a
    colon, or an inline "Heading: text" lead; that heading is the item the
    sentences below it are about.
    """
    c = cues()
    lines = _lines(text)
    passages: list[Passage] = []
    heading, h_start = "", 0
    for i, (off, line) in enumerate(lines):
        nxt = lines[i + 1][1] if i + 1 < len(lines) else None
        if _is_heading_line(line, nxt):
            heading, h_start = _strip_marks(LABEL.sub("", line, count=1)).rstrip(":").strip(), off
            passages.append(Passage(off, off + len(line), line, heading, h_start, True,
                                    bool(c.back_heading.search(heading)), bool(c.skip_heading.match(heading))))
            continue
        if ITEM_REF.match(_strip_marks(line)):
            continue
        label = LABEL.match(line)
        body_off = off + (label.end() if label else 0)
        body = text[body_off:off + len(line)]
        m = INLINE_HEADING.match(_strip_marks(body)) if ":" in body[:90] else None
        if m and len(m.group(1).split()) <= 8:
            heading, h_start = m.group(1).strip(), body_off
        skip = bool(c.skip_heading.match(heading)) or bool(c.boilerplate.search(_strip_marks(body)))
        for a, b in _sentences(body_off, body):
            sent = text[a:b]
            back = bool(c.back_heading.search(heading)) or bool(c.back_phrase.search(sent))
            passages.append(Passage(a, b, sent, heading, h_start, False, back, skip))
    return passages


# --------------------------------------------------------------------------- councils and bodies

COUNCIL_NOISE = {"council", "parish", "town", "borough", "county", "district", "city", "metropolitan", "london",
                 "royal", "of", "the", "and", "community", "cc", "pc", "dc", "bc"}
DATE_IN_STEM = re.compile(r"[-_ ]?(?:19|20)\d\d[-_]?\d\d[-_]?\d\d.*$")


def _name_words(name: Optional[str]) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in COUNCIL_NOISE]


def council_key(doc: MeetingDoc) -> str:
    """"Anytown Parish Council" and "Anytown" are one council."""
    return " ".join(_name_words(doc.council))


def series_key(doc: MeetingDoc) -> str:
    """The stem less its meeting date: files of one series are usually named alike ("x-pc-2012-07-11")."""
    return DATE_IN_STEM.sub("", doc.stem)


def _has_series(doc: MeetingDoc) -> bool:
    return bool(DATE_IN_STEM.search(doc.stem)) and bool(series_key(doc))


def _committee_words(doc: MeetingDoc) -> set[str]:
    council = set(_name_words(doc.council))
    generic = {"meeting", "full", "minutes", "draft", "committee"}
    return {w for w in _name_words(doc.committee) if w not in council and w not in generic}


def same_body(a: MeetingDoc, b: MeetingDoc) -> bool:
    """Whether two documents of one council come from the same committee.

    File series named alike decide first (committee names read from minutes
    are noisy); then the committee names, loosely: a missing committee or the
    full council matches, otherwise their distinctive words must mostly agree.
    """
    if _has_series(a) and _has_series(b):
        return series_key(a) == series_key(b)
    wa, wb = _committee_words(a), _committee_words(b)
    if not wa or not wb:
        return True
    return 2 * len(wa & wb) / (len(wa) + len(wb)) >= 0.6


def ordered(docs: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """Documents by meeting date, then stem; undated ones last (they are nobody's later meeting)."""
    return sorted(docs, key=lambda d: (d.meeting_date is None, d.meeting_date or "", d.stem))


def later_docs(doc: MeetingDoc, docs: Sequence[MeetingDoc]) -> list[MeetingDoc]:
    """Documents of the same council held after ``doc`` (strictly later date; an undated one has none)."""
    for group in group_by_council(list(docs)):
        if any(d is doc for d in group):
            return [d for d in group if d.meeting_date and doc.meeting_date and d.meeting_date > doc.meeting_date]
    return []


# --------------------------------------------------------------------------- the index of a council's documents


@dataclass
class Index:
    """Passages of every document, word rarity across them, people's names, and a word-similarity cache."""

    passages: dict[str, list[Passage]]
    idf: dict[str, float]
    vocab: list[str]
    names: frozenset
    body_words: frozenset = frozenset()           # words of the councils' and committees' names
    max_idf: float = IDF_SCALE                    # the weight of a word no sentence has
    compound_vocab: frozenset = frozenset()       # every two-word compound of the documents
    _similar: dict[str, frozenset] = field(default_factory=dict)
    _compound: dict[str, frozenset] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.vocab_set = frozenset(self.vocab)

    def weight(self, term: str) -> float:
        """Rarity across the council's sentences times what kind of word it is."""
        return self.idf.get(term, self.max_idf) * term_kind_weight(term, self.names, self.body_words)

    def similar(self, term: str) -> frozenset:
        """Words of the documents that count as ``term``: the same stem, a long common prefix, or a near spelling."""
        got = self._similar.get(term)
        if got is not None:
            return got
        out = {term}
        if len(term) >= MIN_PREFIX and not term.isdigit():
            for cand, _score, _ in process.extract(term, self.vocab, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                   limit=None):
                out.add(cand)
            out.update(_inflections(term, self.vocab_set))
        got = frozenset(out)
        self._similar[term] = got
        return got

    def compound_forms(self, term: str) -> frozenset:
        """Two-word spellings of ``term`` in the documents ("pot holes" for "pothole"): exact or inflected only."""
        got = self._compound.get(term)
        if got is None:
            got = frozenset({term} & self.compound_vocab | _inflections(term, self.compound_vocab))
            self._compound[term] = got
        return got


def _inflections(term: str, vocab: frozenset) -> set[str]:
    """Words of ``vocab`` that are ``term`` plus or minus an inflection the stemmer left."""
    out = {term + suf for suf in INFLECTIONS if suf and len(term) >= MIN_PREFIX} & vocab
    out |= {term[:-len(suf)] for suf in INFLECTIONS
            if suf and term.endswith(suf) and len(term) - len(suf) >= MIN_PREFIX} & vocab
    return out


def build_index(docs: Sequence[MeetingDoc]) -> Index:
    """Segment every document once and count in how many sentences each word occurs.

    Lists of people (attendance, a recorded vote) are marked: their names
    match only an action about one of those people.
    """
    names = frozenset().union(*(person_names(d.text) for d in docs)) if docs else frozenset()
    body_words = frozenset(t for d in docs for t in content_terms(f"{d.council or ''} {d.committee or ''}"))
    passages: dict[str, list[Passage]] = {}
    df: dict[str, int] = {}
    n = 0
    for d in docs:
        ps = segment(d.text)
        for p in ps:
            p.terms = frozenset(content_terms(p.text))
            p.compounds = frozenset(compounds(p.text))
            p.heading_terms = frozenset(content_terms(p.heading))
            p.heading_compounds = frozenset(compounds(p.heading))
            p.name_list = _name_list(p.text, names)
            if not p.is_heading:
                n += 1
                for t in p.terms:
                    df[t] = df.get(t, 0) + 1
        passages[d.stem] = ps
    # Rarity on a fixed scale (0 .. IDF_SCALE) so that thresholds mean the same for 4 short minutes or 40 long ones.
    top = math.log((n + 1) / 0.5) or 1.0
    idf = {t: IDF_SCALE * math.log((n + 1) / (c + 0.5)) / top for t, c in df.items()}
    comps = frozenset().union(*(p.compounds | p.heading_compounds for ps in passages.values() for p in ps)) \
        if passages else frozenset()
    return Index(passages, idf, sorted(df), names, body_words, max(idf.values(), default=IDF_SCALE), comps)


def _name_list(text: str, names: frozenset) -> bool:
    """Whether a passage is mostly people's names ("Mr Baker, Mr Baldock, Mrs Bell, ...")."""
    c = cues()
    ws = [(raw, st) for raw, st in words(text) if raw not in c.stop]
    people = sum(1 for raw, st in ws if raw in c.titles or st in names)
    return people >= 6 and people >= 0.6 * len(ws)


# --------------------------------------------------------------------------- the action's object


@dataclass
class ActionObject:
    """What a later mention of an action would share with it."""

    terms: dict[str, float]          # stem -> weight (the quote and what it points back to count fully)
    core: frozenset                  # the stems of the quote (and its antecedent): one must come back
    heading: str
    heading_terms: frozenset
    agenda_item: bool                # the action only moves its agenda item on: the item coming back is the mention
    moves_item: bool = False         # the action is to take the matter at a later meeting: coming back is doing it
    verbs: set = field(default_factory=set)  # what it promises to do ("report", "replace")
    people: frozenset = frozenset()          # name stems of its owner and requester
    named: frozenset = frozenset()           # other people the action names: what it is about, at full weight
    items_seen: dict = field(default_factory=dict)  # later heading -> whether it is this action's item
    forms: Optional[dict] = None                    # spelling in the documents -> the action's words it stands for


def _passage_at(passages: list[Passage], start: int, end: int) -> Optional[Passage]:
    best, overlap = None, 0
    for p in passages:
        if p.is_heading:
            continue
        ov = min(p.end, end) - max(p.start, start)
        if ov > overlap:
            best, overlap = p, ov
    return best


def _previous_sentence(passages: list[Passage], p: Passage) -> Optional[Passage]:
    """The sentence before ``p`` in its section (where "this" and "it" usually point)."""
    i = passages.index(p)
    if i == 0:
        return None
    q = passages[i - 1]
    return None if q.is_heading or q.heading_start != p.heading_start else q


def _anaphoric(text: str) -> bool:
    return any(raw in cues().anaphors for raw, _ in words(text))


def _object_weight(terms: Iterable[str], index: Index) -> float:
    return sum(index.weight(t) for t in sorted(set(terms)))


def action_object(record: dict, text: str, passages: list[Passage], index: Index) -> ActionObject:
    """What a later mention of the action would share with it: its words, item, verbs and people."""
    c = cues()
    start, end = _record_span(record, text)
    quote = record.get("quote") or text[start:end]
    terms = {t: 1.0 for t in content_terms(quote)}
    for m in c.recipient.finditer(quote):       # "forwarded to the bus company": its reply names it
        for t in content_terms(m.group(1)):
            if t in terms:
                terms[t] = RECIPIENT_WEIGHT
    core = set(terms)
    sent = _passage_at(passages, start, end)
    if sent is not None:
        _add_context(terms, core, quote, sent, (start, end), passages, index)
    heading = sent.heading if sent is not None else ""
    specific = {t for t in content_terms(quote)
                if term_kind_weight(t, index.names) == 1.0 and index.idf.get(t, IDF_SCALE) > SPECIFIC_IDF}
    moves = bool(c.agenda_item.search(quote))
    item_terms = frozenset() if c.standing_heading.match(heading) else frozenset(content_terms(heading))
    people = frozenset(t for who in _names(record.get("owner")) + _names(record.get("requested_by"))
                       for t in content_terms(who) if t in index.names)
    named = frozenset(person_names(sent.text if sent is not None else quote)) - people
    for t in named & set(terms):
        terms[t] = 1.0
        core.add(t)
    return ActionObject(terms, frozenset(core), heading, item_terms, moves and len(specific) <= 2, moves,
                        action_verbs(quote), people, named)


def _add_context(terms: dict[str, float], core: set, quote: str, sent: Passage, span: tuple[int, int],
                 passages: list[Passage], index: Index) -> None:
    """Add the words around the quote: its sentence, and the sentence before when "this" has nothing to lean on.

    A quote that only says "this" or says little ("the Clerk will chase
    up") is about what its sentence names: those words join the core.
    """
    start, end = span
    rest = content_terms(sent.text[:max(0, start - sent.start)] + " " + sent.text[max(0, end - sent.start):])
    quote_terms = content_terms(quote)
    leans = _anaphoric(quote) or _object_weight(quote_terms, index) < MIN_SCORE
    for t in rest:
        terms[t] = max(terms.get(t, 0.0), ANTECEDENT_WEIGHT if leans else CONTEXT_WEIGHT)
    if leans:
        core.update(rest)
    if _anaphoric(quote) and _object_weight(rest + quote_terms, index) < MIN_SCORE:
        prev = _previous_sentence(passages, sent)
        if prev is not None:
            for t in content_terms(prev.text):
                terms[t] = max(terms.get(t, 0.0), ANTECEDENT_WEIGHT)
                core.add(t)


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _record_span(record: dict, text: str) -> tuple[int, int]:
    """The record's offsets when they hold its quote, else where the quote is (offsets may count another text)."""
    s, e = record.get("start"), record.get("end")
    quote = record.get("quote") or ""
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
        if not quote or " ".join(text[s:e].split()) == " ".join(quote.split()):
            return s, e
    near = s / max(len(text), 1) if isinstance(s, int) else None
    return locate(text, quote, near) or (0, 0)


def locate(text: str, quote: str, near: Optional[float] = None) -> Optional[tuple[int, int]]:
    """Offsets of ``quote`` in ``text`` whatever the white space, nearest the relative position ``near``."""
    q = quote.strip()
    if not q:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in q.split()))
    hits = [(m.start(), m.end()) for m in pattern.finditer(text)]
    if not hits:
        hits = [(m.start(), m.end()) for m in re.compile(pattern.pattern, re.I).finditer(text)]
    if not hits:
        return None
    if near is None:
        return hits[0]
    return min(hits, key=lambda h: abs(h[0] / max(len(text), 1) - near))


# --------------------------------------------------------------------------- matching later sentences


def overlap(obj: ActionObject, p: Passage, index: Index) -> tuple[float, float]:
    """Idf-weighted overlap of the action's words with a later sentence (its heading at a discount).

    Returns the overlap and the part of it that comes from the action's core words.
    """
    forms = _forms(obj, index)
    in_sentence = {t for f in (p.terms | p.compounds) & forms.keys() for t in forms[f]}
    in_heading = {t for f in (p.heading_terms | p.heading_compounds) & forms.keys() for t in forms[f]} - in_sentence
    total = core = 0.0
    for term in sorted(in_sentence | in_heading):
        if p.name_list and term in index.names and term not in obj.named:
            continue
        got = obj.terms[term] * _weight(obj, term, index) * (1.0 if term in in_sentence else HEADING_SIDE)
        total += got
        if term in obj.core:
            core += got
    return total, core


def _forms(obj: ActionObject, index: Index) -> dict[str, tuple[str, ...]]:
    """Every spelling in the documents that counts as one of the action's words, to the words it stands for."""
    if obj.forms is None:
        forms: dict[str, list[str]] = {}
        for term in obj.terms:
            for f in index.similar(term) | index.compound_forms(term):
                forms.setdefault(f, []).append(term)
        obj.forms = {f: tuple(ts) for f, ts in forms.items()}
    return obj.forms


def _weight(obj: ActionObject, term: str, index: Index) -> float:
    """A word's weight for this action: a person it is about counts as any rare word, not as a passing speaker."""
    return index.idf.get(term, index.max_idf) if term in obj.named else index.weight(term)


def _heading_similarity(a: frozenset, b: frozenset, index: Index) -> float:
    """Weighted Dice of two headings' words: "The Park" is not "Park Litter Pick Day"."""
    if not a or not b:
        return 0.0
    a, b = sorted(a), sorted(b)             # a fixed order: the same sums in every process
    wa = sum(index.weight(t) for t in a)
    wb = sum(index.weight(t) for t in b)
    common_a = sum(index.weight(t) for t in a if index.similar(t) & set(b))
    common_b = sum(index.weight(t) for t in b if index.similar(t) & set(a))
    return (common_a + common_b) / (wa + wb) if wa + wb else 0.0


@dataclass
class Candidate:
    """A later sentence that mentions the action, with the related sentences of its section."""

    passage: Passage
    score: float
    method: str
    related: list = field(default_factory=list)


def passage_score(obj: ActionObject, p: Passage, doc: MeetingDoc, index: Index, factor: float) -> float:
    """The overlap of a later sentence with the action relative to the bar it must clear (>= 1 is a mention).

    The bar is lower under a back-reference heading, under the action's own
    agenda item, and where the owner or requester is named again; most of
    the overlap must come from the action's own words, not its context.
    """
    if p.is_heading or p.skip:
        return 0.0
    total, core = overlap(obj, p, index)
    need = MIN_SCORE * factor * (BACK_REF_FACTOR if p.back_ref else 1.0)
    if same_item(obj, p, index):
        need *= SAME_ITEM_FACTOR
    if obj.people & p.terms:
        need *= OWNER_FACTOR
    return 0.0 if core < CORE_SHARE * need else total / need


def best_mention(obj: ActionObject, doc: MeetingDoc, index: Index, factor: float) -> Optional[Candidate]:
    """The later sentence of ``doc`` that best mentions the action, if any clears the bar.

    The candidate also carries the other sentences of its section that
    share much with the action: together they say whether it was done.
    """
    passages = index.passages[doc.stem]
    scored = [(passage_score(obj, p, doc, index, factor), p) for p in passages]
    best: Optional[Candidate] = None
    for rel, p in scored:
        if rel >= 1.0 and (best is None or rel > best.score):
            method = "back_reference" if p.back_ref else "fuzzy_object"
            method = "action_log" if doc.doc_type == "action_log" else method
            best = Candidate(p, rel, method)
    if obj.agenda_item:
        item = _agenda_item_mention(obj, passages, index)
        if item is not None and (best is None or item.score > best.score):
            best = item
    if best is not None:
        section = best.passage.heading_start
        best.related = [p for rel, p in scored if rel >= RELATED_SHARE and p.heading_start == section]
    return best


def same_item(obj: ActionObject, p: Passage, index: Index) -> bool:
    """Whether a later sentence sits under the action's own agenda item ("Correspondence" and the like are no item).

    The same item: headings alike, one heading inside the other, or a later
    heading made of the action's own words.
    """
    if not p.heading or cues().standing_heading.match(p.heading):
        return False
    got = obj.items_seen.get(p.heading)
    if got is None:
        mine, theirs = obj.heading_terms, p.heading_terms
        got = (bool(mine) and _heading_similarity(mine, theirs, index) >= SAME_ITEM_SIM) \
            or _contained(mine, theirs, index) or _contained(theirs, mine, index) \
            or _coverage(theirs, obj, index) >= MIN_COVERAGE
        obj.items_seen[p.heading] = got
    return got


def _agenda_item_mention(obj: ActionObject, passages: list[Passage], index: Index) -> Optional[Candidate]:
    """A later section headed like the action's own item, or named by the action's words: the item has come back."""
    best: Optional[Candidate] = None
    c = cues()
    for p in passages:
        if not p.is_heading and p.heading_start != p.start:
            continue
        if not p.heading or c.standing_heading.match(p.heading):
            continue
        sim = max(_heading_similarity(obj.heading_terms, p.heading_terms, index),
                  _coverage(p.heading_terms, obj, index))
        if sim >= MIN_HEADING_SIM and (best is None or 1.0 + sim > best.score):
            best = Candidate(_first_sentence_after(passages, p), 1.0 + sim, "agenda_item")
    return best


def _contained(inner: frozenset, outer: frozenset, index: Index) -> bool:
    """One heading inside the other ("Standing Orders" in "Committees/Standing Orders Update"), if it says enough."""
    inner_ = sorted(inner)
    total = sum(index.weight(t) for t in inner_)
    if total < MIN_SCORE / 2:
        return False
    return sum(index.weight(t) for t in inner_ if index.similar(t) & outer) >= 0.9 * total


def _coverage(heading_terms: frozenset, obj: ActionObject, index: Index) -> float:
    """The share of a later heading made of the action's own words ("Park Litter Pick" by "organise a litter pick")."""
    words_ = sorted(t for t in heading_terms if t in index.idf)
    total = sum(index.weight(t) for t in words_)
    if total < MIN_SCORE / 2:
        return 0.0
    got = sum(index.weight(t) for t in words_ if index.similar(t) & obj.core)
    return got / total


def _first_sentence_after(passages: list[Passage], heading: Passage) -> Passage:
    i = passages.index(heading)
    for q in passages[i + 1:i + 2]:
        if not q.is_heading and q.heading_start == heading.heading_start:
            return q
    return heading


# --------------------------------------------------------------------------- status


SUBJECT_AFTER_COMMA = r",\s+(?=(?:and |but )?(?:the|she|he|they|it|this|these|cllr|councillor|mr|mrs|ms|dr)\b)"
CLAUSE_SPLIT = re.compile(r"\s+[-–—]\s+|;\s*|:\s+|(?<=[.!?])\s+|" + SUBJECT_AFTER_COMMA, re.I)
PAST_AUX = r"\b(?:had|has|have|was|were|been|is now|are now)\s+(?:\w+\s+)?"


def clauses(sentence: str) -> list[str]:
    """A sentence cut at dashes, semicolons and ", she/the Clerk ..." where minutes join two reports in one line."""
    return [c for c in CLAUSE_SPLIT.split(sentence) if c and c.strip()]


def clause_verdict(clause: str) -> Optional[str]:
    """"done", "not_yet" or None for one clause; a question ("asked if it had been ...") says neither."""
    c = cues()
    if c.question.search(clause):
        return None
    if c.not_yet.search(clause):
        return "not_yet"
    if c.past_instance.search(clause):    # "the arrangements for the previous litter pick": an earlier round
        return None
    if c.done.search(clause):
        return "done"
    if c.future.search(clause):
        return "not_yet"
    return None


def action_verbs(quote: str) -> set[str]:
    """Stems of the verbs an action promises ("will report this" -> report, "agreed to replace" -> replace)."""
    c = cues()
    return {_stem(m.group(1)) for m in c.verb_lead.finditer(quote)
            if m.group(1).lower() not in c.stop and len(m.group(1)) > 2}


def did_verb(sentence: str, verbs: set[str]) -> bool:
    """Whether the sentence has a promised verb in a past or perfect form ("she had reported", "had been booked")."""
    for v in verbs:
        if len(v) >= 3 and re.search(PAST_AUX + re.escape(v) + r"\w*(?:ed|en|t)\b", sentence, re.I):
            return True
    return False


def judge(sentence: str, obj: Optional["ActionObject"] = None, index: Optional[Index] = None) -> Optional[str]:
    """"done", "not_yet" or None for one evidence sentence.

    The promised verb in a past form decides first ("she had reported");
    otherwise the clause that shares most with the action speaks for the
    sentence, so that "bushes which the landlord had been asked to cut back -
    the Clerk will chase up" reports the asking as done.  Without an action,
    any not-yet clause wins.
    """
    if obj is not None and did_verb(sentence, obj.verbs):
        return "done"
    parts = clauses(sentence)
    if obj is not None and index is not None:
        parts.sort(key=lambda c: -_clause_overlap(obj, c, index))
        for part in parts:
            verdict = clause_verdict(part)
            if verdict:
                return verdict
        return None
    verdicts = {clause_verdict(p) for p in parts}
    return "not_yet" if "not_yet" in verdicts else ("done" if "done" in verdicts else None)


def _clause_overlap(obj: "ActionObject", clause: str, index: Index) -> float:
    ts = set(content_terms(clause))
    return sum(w * index.weight(t) for t, w in obj.terms.items() if index.similar(t) & ts)


def status_from(found: list[tuple[Evidence, Optional[str]]], obj: Optional["ActionObject"] = None) -> str:
    """Resolved if any mention reports it done; progressed if one says it is still open; resolved when they say neither.

    An action that only moved its item to a later meeting is done when the
    item comes back, unless the latest mention puts it off again.
    """
    if obj is not None and obj.moves_item:
        return "progressed" if cues().deferred_again.search(found[-1][0].quote) else "resolved"
    verdicts = [v for _, v in found]
    if "done" in verdicts:
        return "resolved"
    return "progressed" if "not_yet" in verdicts else "resolved"


# --------------------------------------------------------------------------- tracking


def track(docs: list[MeetingDoc]) -> list[FollowUp]:
    """One FollowUp per action record of every document, documents by meeting date, records in their order."""
    docs = ordered(docs)
    out: list[FollowUp] = []
    for group in group_by_council(docs):
        index = build_index(group)
        for d in group:
            later = [x for x in group if x.meeting_date and d.meeting_date and x.meeting_date > d.meeting_date]
            out.extend(follow(rec, d, later, index) for rec in d.records if rec.get("type") == "action")
    order = {id(d): i for i, d in enumerate(docs)}
    stem_order = {d.stem: order[id(d)] for d in docs}
    return sorted(out, key=lambda f: stem_order.get(f.document, 0))


def group_by_council(docs: list[MeetingDoc]) -> list[list[MeetingDoc]]:
    """Documents grouped by council, each group oldest first.

    A document that names no council joins the council of another file of
    its series ("x-pc-2012-07-11" with "x-pc-2012-08-08"), else a group of
    its own series or committee: never another council's.
    """
    by_series = {series_key(d): council_key(d) for d in docs if _name_words(d.council) and _has_series(d)}
    groups: dict[str, list[MeetingDoc]] = {}
    for d in docs:
        key = council_key(d)
        if not _name_words(d.council):
            key = by_series.get(series_key(d)) if _has_series(d) else None
            if not key:
                key = "series:" + series_key(d) if _has_series(d) else \
                    "committee:" + " ".join(sorted(_committee_words(d)))
        groups.setdefault(key, []).append(d)
    return [ordered(g) for g in groups.values()]


def follow(rec: dict, doc: MeetingDoc, later: list[MeetingDoc], index: Index) -> FollowUp:
    """Find the later mentions of one action and decide its status."""
    obj = action_object(rec, doc.text, index.passages[doc.stem], index)
    same = [d for d in later if same_body(doc, d)]
    others = [d for d in later if not any(d is s for s in same)]
    found = _mentions(obj, same, index, 1.0) or _mentions(obj, others, index, OTHER_BODY_FACTOR)
    evidence = [e for e, _ in found]
    if found:
        status = status_from(found, obj)
    else:
        status = "outstanding" if same else "pending"
    return FollowUp(doc.stem, str(rec.get("id")), rec.get("quote") or "", status, rec.get("owner"),
                    rec.get("requested_by"), rec.get("due"), evidence)


def _mentions(obj: ActionObject, docs: list[MeetingDoc], index: Index,
              factor: float) -> list[tuple[Evidence, Optional[str]]]:
    """Each document's best mention as Evidence, with what its section says of the action (done / not yet)."""
    out = []
    for d in docs:
        cand = best_mention(obj, d, index, factor)
        if cand is not None:
            p = cand.passage
            texts = [p.text] + [q.text for q in cand.related if q is not p]
            verdicts = [judge(t, obj, index) for t in texts]
            verdict = "done" if "done" in verdicts else ("not_yet" if "not_yet" in verdicts else None)
            out.append((Evidence(d.stem, p.text.strip(), p.start, p.end, cand.score, cand.method), verdict))
    return out


# --------------------------------------------------------------------------- questions


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
        actions = [r for r in d.records if r.get("type") == "action" and not r.get("optional")]
        answers = [r for r in d.records if r.get("type") == "answer"]
        questions = sorted((r for r in d.records if r.get("type") == "question" and not r.get("optional")),
                           key=lambda r: r.get("start") or 0)
        for i, q in enumerate(questions):
            mine = [a for a in answers if a.get("answers") == q.get("id")]
            if mine:
                status = "deferred" if any(_defers(a, actions) for a in mine) else "answered"
            else:
                nxt = questions[i + 1].get("start") if i + 1 < len(questions) else None
                status = "deferred" if _commitment_after(q, actions, nxt, d.text) else "unanswered"
            out.append({"document": d.stem, "question": q.get("id"), "status": status})
    return out


def _defers(answer: dict, actions: list[dict]) -> bool:
    """Whether an answer puts its reply off: a promise in its first sentence, or "unable to confirm" with a promise."""
    c = cues()
    quote = answer.get("quote") or ""
    first = SENT_END.split(quote, maxsplit=1)[0]
    s = answer.get("start")
    inside = [x for x in actions if isinstance(s, int) and isinstance(x.get("start"), int)
              and s <= x["start"] < s + len(quote)]
    lead = any(x["start"] < s + len(first) for x in inside) or bool(c.deferral.search(first))
    promise = bool(inside) or bool(c.deferral.search(quote))
    return lead or (promise and bool(c.unable.search(quote)))


def _commitment_after(q: dict, actions: list[dict], next_start: Optional[int], text: str) -> bool:
    """An action right after the question (same paragraph, before the next question) is the reply."""
    qe = q.get("end")
    if not isinstance(qe, int):
        return False
    for x in actions:
        xs = x.get("start")
        if isinstance(xs, int) and qe <= xs and (next_start is None or xs < next_start) and "\n" not in text[qe:xs]:
            return True
    return False


# --------------------------------------------------------------------------- loaders


def docs_from_files(paths: Iterable[str | Path]) -> list[MeetingDoc]:
    """Read and extract each file with the main pipeline (development and benchmarks)."""
    import pipeline

    out = []
    for path in paths:
        doc = pipeline.read(path)
        records = [r.to_dict() for r in pipeline.extract(doc)]
        out.append(MeetingDoc(doc.stem, doc.council, doc.committee, doc.meeting_date, doc.doc_type, doc.text, records))
    return out


def docs_from_gold(gold_files: Iterable[str | Path]) -> list[MeetingDoc]:
    """MeetingDocs whose records are gold annotations, on the raw reference text.

    Gold offsets count in white-space-collapsed text; the raw text keeps the
    line breaks that mark agenda items, so every record is re-located in it.
    """
    out = []
    for gp in map(Path, gold_files):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        text = (gp.parent / gold["reference_text"]).read_text(encoding="utf-8", errors="replace")
        meta = gold.get("document") or {}
        length = meta.get("text_length") or len(" ".join(text.split()))
        records = []
        for r in gold.get("records", []):
            r = dict(r)
            near = r["start"] / length if isinstance(r.get("start"), int) and length else None
            span = locate(text, r.get("quote") or "", near)
            r["start"], r["end"] = span if span else (None, None)
            records.append(r)
        out.append(MeetingDoc(gp.stem, _first(meta.get("council")), _first(meta.get("committee")),
                              _first(meta.get("meeting_date")), _first(meta.get("doc_type")), text, records))
    return out


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value
