"""Follow-ups across meetings: was each action taken up again later?

An action recorded at one meeting ("the Clerk will report this to
Highways") is *followed up* when a later document of the same council -
normally the same committee - reports on it (RECORDS.md, "Follow-ups
across meetings").  Minutes rarely cite the action they follow up, so the
linker looks for two kinds of mention in every later document:

* the action's **object** coming back: its content words (the quote, the
  sentence it sits in, the sentence an anaphor like "this" points to, and
  its agenda heading) matched against each later sentence and its heading,
  weighted by rarity across the council's documents so that words every
  set of minutes uses ("Clerk", "meeting") count for little;
* the action's **agenda item** coming back, for actions that only move an
  item on ("deferred to the next meeting", "a meeting will be arranged").

Sentences under a back-reference heading ("Matters Arising", an action
log) or carrying a back-reference phrase ("as requested at the last
meeting") need less overlap.  Each link's sentence is then judged *done*
("had replaced", "had been booked", past tense) or *not yet* ("still
waiting", "will chase"): the latest judged link decides between
``resolved`` and ``progressed``.  Without a link the action is
``outstanding`` when a later meeting of the same body exists, else
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

# Scoring constants: what the Stoke Ferry series was tuned on, kept few and generic.
MIN_SCORE = 9.0            # weighted overlap (idf units) a later sentence needs to be a mention
CORE_SHARE = 0.5           # ... of which this share must come from the quote itself (or what it points back to)
CONTEXT_WEIGHT = 0.5       # words of the action's sentence outside its quote
ANTECEDENT_WEIGHT = 0.8    # words of the sentence an anaphoric quote ("report this") points back to
BACK_REF_FACTOR = 0.7      # a back-reference section or phrase lowers the bar to 70 %
OTHER_BODY_FACTOR = 1.4    # another committee of the council must overlap more
HEADING_SIDE = 0.8         # a later sentence's heading words count at 80 %
MIN_HEADING_SIM = 0.6      # agenda-item match: weighted Dice of the two headings
FUZZY_CUTOFF = 88          # rapidfuzz ratio for two words to count as the same
INFLECTIONS = {"", "e", "s", "es", "ed", "er", "ers", "ing", "ment", "al", "ally", "ly", "y", "ion", "ions", "ive", "or", "ors"}
MIN_PREFIX = 5             # or: one stem is a prefix of the other, at least this long


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
    stop: frozenset
    procedural: frozenset
    generic: frozenset
    anaphors: frozenset
    titles: frozenset
    skip_heading: re.Pattern


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
        stop=frozenset(p["stop_words"]),
        procedural=frozenset(_stem(w) for w in p["procedural_words"]),
        generic=frozenset(_stem(w) for w in p["generic_words"]),
        anaphors=frozenset(p["anaphors"]),
        titles=frozenset(p["titles"]),
        skip_heading=re.compile(r"^(?:" + "|".join(p["skip_headings"]) + r")\b", re.I),
    )


# --------------------------------------------------------------------------- words

WORD = re.compile(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d+(?:[.,/]\d+)*")
SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    """A crude stem: enough for "replace/replaced", "meeting/meetings", "managing/management" to meet by prefix."""
    w = word.lower().replace("’", "'").replace("-", "")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    for suf in SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            return w[: -len(suf)]
    return w


def words(text: str) -> list[tuple[str, str]]:
    """(raw lower-case word, stem) pairs in reading order."""
    return [(m.group().lower(), _stem(m.group())) for m in WORD.finditer(text)]


def _is_content(raw: str, stem: str) -> bool:
    c = cues()
    return not (raw in c.stop or raw in c.titles or len(stem) < 3 or (stem.isdigit() and len(stem) < 3))


def content_terms(text: str) -> list[str]:
    """Stems of the words that can name a matter: stop words, titles and short numbers dropped."""
    return [st for raw, st in words(text) if _is_content(raw, st)]


def compounds(text: str) -> set[str]:
    """Adjacent content words joined ("pot holes" -> "pothole", "Blue Bell" -> "bluebell").

    Only a later sentence gets these, and they only match a whole word of
    the action exactly: a compound written either way still meets, but
    "proposed budget" never stands in for "proposed".
    """
    ws = [(raw, st) for raw, st in words(text) if _is_content(raw, st)]
    return {_stem(a + b) for (a, _), (b, _) in zip(ws, ws[1:]) if a.isalpha() and b.isalpha()}


def person_names(text: str) -> set[str]:
    """Stems of the capitalised words right after a title ("Cllr Mrs J Buckley-Stevens", "Mr Balfour")."""
    c = cues()
    out: set[str] = set()
    toks = re.findall(r"[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*", text)
    for i, tok in enumerate(toks[:-1]):
        if tok.lower() not in c.titles:
            continue
        for nxt in toks[i + 1:i + 4]:
            if nxt.lower() in c.titles or len(nxt) == 1:
                continue
            if not nxt[0].isupper():
                break
            out.add(_stem(nxt))
            break
    return out


def term_kind_weight(term: str, names: frozenset = frozenset()) -> float:
    """Procedural and generic words, and people's names, say little about which matter a sentence is on."""
    c = cues()
    if term in c.procedural:
        return 0.15
    if term in c.generic:
        return 0.35
    if term in names:
        return 0.4
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
    para: int                                  # index of its line, to find the sentence before
    skip: bool = False                         # attendance lists and the like: never a mention
    terms: frozenset = frozenset()
    compounds: frozenset = frozenset()
    heading_terms: frozenset = frozenset()


def _strip_marks(line: str) -> str:
    return line.replace("**", "").replace("\\", "").strip()


def _title_case_share(text: str) -> float:
    c = cues()
    ws = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]*", text) if w.lower() not in c.stop]
    return sum(1 for w in ws if w[0].isupper()) / len(ws) if ws else 0.0


def _is_heading_line(line: str, next_line: Optional[str]) -> bool:
    """An agenda heading: a line ending in a colon, one followed by "(Item n)", or a short Title Case line before running text."""
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
                                    bool(c.back_heading.search(heading)), i, bool(c.skip_heading.match(heading))))
            continue
        if ITEM_REF.match(_strip_marks(line)):
            continue
        label = LABEL.match(line)
        body_off = off + (label.end() if label else 0)
        body = text[body_off:off + len(line)]
        m = INLINE_HEADING.match(_strip_marks(body)) if ":" in body[:90] else None
        if m and len(m.group(1).split()) <= 8:
            heading, h_start = m.group(1).strip(), body_off
        skip = bool(c.skip_heading.match(heading))
        for a, b in _sentences(body_off, body):
            sent = text[a:b]
            back = bool(c.back_heading.search(heading)) or bool(c.back_phrase.search(sent))
            passages.append(Passage(a, b, sent, heading, h_start, False, back, i, skip))
    return passages


# --------------------------------------------------------------------------- councils and bodies

COUNCIL_NOISE = {"council", "parish", "town", "borough", "county", "district", "city", "metropolitan", "london",
                 "royal", "of", "the", "and", "community", "cc", "pc", "dc", "bc"}
DATE_IN_STEM = re.compile(r"[-_ ]?(?:19|20)\d\d[-_]?\d\d[-_]?\d\d.*$")


def _name_words(name: Optional[str]) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", (name or "").lower()) if w not in COUNCIL_NOISE]


def council_key(doc: MeetingDoc) -> str:
    """"Stoke Ferry Parish Council" and "Stoke Ferry" are one council; without a council, the file series stands in."""
    ws = _name_words(doc.council)
    return " ".join(ws) if ws else "series:" + series_key(doc)


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
    """Documents of the same council held after ``doc`` (strictly later date; never guesses one)."""
    if not doc.meeting_date:
        return []
    key = council_key(doc)
    return [d for d in ordered(docs) if d is not doc and d.meeting_date and d.meeting_date > doc.meeting_date
            and council_key(d) == key]


# --------------------------------------------------------------------------- the index of a council's documents


@dataclass
class Index:
    """Passages of every document, word rarity across them, people's names, and a word-similarity cache."""

    passages: dict[str, list[Passage]]
    idf: dict[str, float]
    vocab: list[str]
    names: frozenset
    _similar: dict[str, frozenset] = field(default_factory=dict)

    def weight(self, term: str) -> float:
        """Rarity across the council's sentences times what kind of word it is."""
        return self.idf.get(term, self.max_idf) * term_kind_weight(term, self.names)

    @property
    def max_idf(self) -> float:
        return max(self.idf.values(), default=1.0)

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
            out.update(c for c in self.vocab if _inflected(term, c) or _inflected(c, term))
        got = frozenset(out)
        self._similar[term] = got
        return got


def _inflected(short: str, long: str) -> bool:
    """Whether ``long`` is ``short`` plus an inflection the crude stemmer left ("manag"/"manage", "replac"/"replace")."""
    return len(short) >= MIN_PREFIX and long.startswith(short) and long[len(short):] in INFLECTIONS


def build_index(docs: Sequence[MeetingDoc]) -> Index:
    """Segment every document once and count in how many sentences each word occurs."""
    passages: dict[str, list[Passage]] = {}
    df: dict[str, int] = {}
    names: set[str] = set()
    n = 0
    for d in docs:
        names |= person_names(d.text)
        for r in d.records:
            for who in _names(r.get("owner")) + _names(r.get("requested_by")) + _names(r.get("asker")):
                names |= {st for raw, st in words(who) if raw[:1].isalpha()} - cues().procedural - cues().generic
        ps = segment(d.text)
        for p in ps:
            p.terms = frozenset(content_terms(p.text))
            p.compounds = frozenset(compounds(p.text))
            p.heading_terms = frozenset(content_terms(p.heading)) | frozenset(compounds(p.heading))
            if not p.is_heading:
                n += 1
                for t in p.terms:
                    df[t] = df.get(t, 0) + 1
        passages[d.stem] = ps
    idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
    return Index(passages, idf, sorted(df), frozenset(names))


# --------------------------------------------------------------------------- the action's object


@dataclass
class ActionObject:
    """What a later mention of an action would share with it."""

    terms: dict[str, float]          # stem -> weight (the quote and what it points back to count fully)
    core: frozenset                  # the stems of the quote (and its antecedent): one must come back
    heading: str
    heading_terms: frozenset
    agenda_item: bool                # the action only moves its agenda item on


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
    return sum(index.weight(t) for t in set(terms))


def action_object(record: dict, text: str, passages: list[Passage], index: Index) -> ActionObject:
    """The action's object: its quote's words, then the words around it that its anaphors lean on."""
    c = cues()
    start, end = _record_span(record, text)
    quote = record.get("quote") or text[start:end]
    quote_terms = content_terms(quote)
    terms: dict[str, float] = {}
    core = set(quote_terms)

    def add(src: list[str], w: float) -> None:
        for t in src:
            terms[t] = max(terms.get(t, 0.0), w)

    add(quote_terms, 1.0)
    sent = _passage_at(passages, start, end)
    heading = ""
    if sent is not None:
        heading = sent.heading
        add(content_terms(sent.text), CONTEXT_WEIGHT)
        if _anaphoric(quote) or _object_weight(quote_terms, index) < 2 * MIN_SCORE:
            prev = _previous_sentence(passages, sent)
            if prev is not None:
                prev_terms = content_terms(prev.text)
                add(prev_terms, ANTECEDENT_WEIGHT)
                core |= set(prev_terms)
    specific = [t for t in quote_terms if term_kind_weight(t, index.names) == 1.0 and index.idf.get(t, 9) > 2.5]
    agenda = bool(c.agenda_item.search(quote)) and len(set(specific)) <= 2
    return ActionObject(terms, frozenset(core), heading, frozenset(content_terms(heading)), agenda)


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value if v]
    return [str(value)] if value else []


def _record_span(record: dict, text: str) -> tuple[int, int]:
    s, e = record.get("start"), record.get("end")
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
        return s, e
    found = locate(text, record.get("quote") or "")
    return found or (0, 0)


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
    """Idf-weighted overlap of the action's words with a later sentence (its heading at a discount), and the part of it from the core."""
    total = core = 0.0
    for term, w in obj.terms.items():
        sims = index.similar(term)
        if sims & p.terms or term in p.compounds:
            got = w * index.weight(term)
        elif sims & p.heading_terms:
            got = w * index.weight(term) * HEADING_SIDE
        else:
            continue
        total += got
        if term in obj.core:
            core += got
    return total, core


def _heading_similarity(a: frozenset, b: frozenset, index: Index) -> float:
    """Weighted Dice of two headings' words: "The Village" is not "Village Clear Up Day"."""
    if not a or not b:
        return 0.0
    wa = sum(index.weight(t) for t in a)
    wb = sum(index.weight(t) for t in b)
    common_a = sum(index.weight(t) for t in a if index.similar(t) & b)
    common_b = sum(index.weight(t) for t in b if index.similar(t) & a)
    return (common_a + common_b) / (wa + wb) if wa + wb else 0.0


@dataclass
class Candidate:
    passage: Passage
    score: float
    method: str


def best_mention(obj: ActionObject, doc: MeetingDoc, index: Index, factor: float) -> Optional[Candidate]:
    """The later sentence of ``doc`` that best mentions the action, if any clears the bar."""
    best: Optional[Candidate] = None
    passages = index.passages[doc.stem]
    for p in passages:
        if p.is_heading or p.skip:
            continue
        total, core = overlap(obj, p, index)
        need = MIN_SCORE * factor * (BACK_REF_FACTOR if p.back_ref else 1.0)
        if core < CORE_SHARE * need:
            continue
        method = "action_log" if doc.doc_type == "action_log" else ("back_reference" if p.back_ref else "fuzzy_object")
        rel = total / need
        if rel >= 1.0 and (best is None or rel > best.score):
            best = Candidate(p, rel, method)
    if obj.agenda_item and obj.heading_terms:
        item = _agenda_item_mention(obj, passages, index)
        if item is not None and (best is None or item.score > best.score):
            best = item
    return best


def _agenda_item_mention(obj: ActionObject, passages: list[Passage], index: Index) -> Optional[Candidate]:
    """A later section headed like the action's own: the item it moved on has come back."""
    best: Optional[Candidate] = None
    for p in passages:
        if not p.is_heading and p.heading_start != p.start:
            continue
        sim = _heading_similarity(obj.heading_terms, p.heading_terms, index)
        if sim >= MIN_HEADING_SIM and (best is None or sim > best.score):
            best = Candidate(_first_sentence_after(passages, p), 1.0 + sim, "agenda_item")
    return best


def _first_sentence_after(passages: list[Passage], heading: Passage) -> Passage:
    i = passages.index(heading)
    for q in passages[i + 1:i + 2]:
        if not q.is_heading and q.heading_start == heading.heading_start:
            return q
    return heading


# --------------------------------------------------------------------------- status


def judge(sentence: str) -> Optional[str]:
    """"done", "not_yet" or None for one evidence sentence.

    Waiting, chasing and future tense win over a past form in the same
    sentence ("the statistics he had requested ... she would chase this
    up"): the sentence reports the matter as still open.
    """
    c = cues()
    if c.not_yet.search(sentence):
        return "not_yet"
    if c.done.search(sentence):
        return "done"
    if c.future.search(sentence):
        return "not_yet"
    return None


def status_from(evidence: list[Evidence]) -> str:
    """The latest judged mention decides; mentions that say nothing either way count as done."""
    for e in reversed(evidence):
        verdict = judge(e.quote)
        if verdict == "done":
            return "resolved"
        if verdict == "not_yet":
            return "progressed"
    return "resolved"


# --------------------------------------------------------------------------- tracking


def track(docs: list[MeetingDoc]) -> list[FollowUp]:
    """One FollowUp per action record of every document, in document then record order."""
    docs = ordered(docs)
    by_council: dict[str, list[MeetingDoc]] = {}
    for d in docs:
        by_council.setdefault(council_key(d), []).append(d)
    indexes = {k: build_index(v) for k, v in by_council.items()}
    out: list[FollowUp] = []
    for d in docs:
        index = indexes[council_key(d)]
        later = later_docs(d, by_council[council_key(d)])
        for rec in d.records:
            if rec.get("type") == "action":
                out.append(follow(rec, d, later, index))
    return out


def follow(rec: dict, doc: MeetingDoc, later: list[MeetingDoc], index: Index) -> FollowUp:
    """Find the later mentions of one action and decide its status."""
    obj = action_object(rec, doc.text, index.passages[doc.stem], index)
    same = [d for d in later if same_body(doc, d)]
    others = [d for d in later if d not in same]
    evidence = _mentions(obj, same, index, 1.0) or _mentions(obj, others, index, OTHER_BODY_FACTOR)
    if evidence:
        status = status_from(evidence)
    else:
        status = "outstanding" if same else "pending"
    return FollowUp(doc.stem, str(rec.get("id")), rec.get("quote") or "", status, rec.get("owner"),
                    rec.get("requested_by"), rec.get("due"), evidence)


def _mentions(obj: ActionObject, docs: list[MeetingDoc], index: Index, factor: float) -> list[Evidence]:
    out = []
    for d in docs:
        cand = best_mention(obj, d, index, factor)
        if cand is not None:
            p = cand.passage
            out.append(Evidence(d.stem, p.text.strip(), p.start, p.end, cand.score, cand.method))
    return out


# --------------------------------------------------------------------------- questions


def question_statuses(docs: list[MeetingDoc]) -> list[dict]:
    """answered / deferred / unanswered for every question, from the records of its own document.

    An answer that carries a promise for later - an action inside it, or a
    deferral cue ("offered to present a further report", "would speak with
    colleagues") - defers the question; a commitment made right after a
    question that got no answer record defers it too.
    """
    out = []
    for d in docs:
        recs = [r for r in d.records if not r.get("optional")]
        actions = [r for r in recs if r.get("type") == "action"]
        answers = [r for r in recs if r.get("type") == "answer"]
        questions = sorted((r for r in recs if r.get("type") == "question"), key=lambda r: r.get("start") or 0)
        for i, q in enumerate(questions):
            mine = [a for a in answers if a.get("answers") == q.get("id")]
            if mine:
                status = "deferred" if any(_promises(a, actions) for a in mine) else "answered"
            else:
                nxt = questions[i + 1].get("start") if i + 1 < len(questions) else None
                status = "deferred" if _commitment_after(q, actions, nxt, d.text) else "unanswered"
            out.append({"document": d.stem, "question": q.get("id"), "status": status})
    return out


def _promises(answer: dict, actions: list[dict]) -> bool:
    s, e = answer.get("start"), answer.get("end")
    if isinstance(s, int) and isinstance(e, int):
        if any(isinstance(x.get("start"), int) and s <= x["start"] < e for x in actions):
            return True
    return bool(cues().deferral.search(answer.get("quote") or ""))


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
