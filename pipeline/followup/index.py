"""The index of one council's documents: their passages, how rare each word is, and which words count as alike.

Word rarity is counted across the council's own sentences, so that words
every set of minutes uses ("Clerk", "meeting") count for little; rapidfuzz
and a list of inflections let "Town Hall"/"Townhall", "pot holes"/"pothole"
and "managing"/"management" meet.  Each document's words also go into an
inverted index (word -> its passages), so that matching an action against
a later document scores only the passages that share a spelling with it.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Optional, Sequence

from rapidfuzz import fuzz, process

from .model import MeetingDoc
from .passages import Passage, segment
from .tuning import FUZZY_CUTOFF, IDF_SCALE, INFLECTIONS, MIN_PREFIX
from .vocabulary import compounds, content_terms, cues, person_names, term_kind_weight, words


class Alike:
    """Which words of a vocabulary count as alike, each worked out once.

    Whether two words are alike depends on those two words alone, so the
    tracker works it out once over the words of the later documents it
    matches against, and every pair index keeps the words it has (the same
    answer as asking the pair's own vocabulary, at a fraction of the cost).
    """

    def __init__(self, vocab: Iterable[str]):
        self.vocab = sorted(set(vocab))
        self.vocab_set = frozenset(self.vocab)
        self._cache: dict[str, frozenset] = {}
        self._pairs: dict[tuple[str, str], bool] = {}

    def pair(self, term: str, other: str) -> bool:
        """Whether ``other`` counts as ``term`` (``of`` asked of one word: the same answer whatever the vocabulary)."""
        if other == term:
            return True
        key = (term, other)
        got = self._pairs.get(key)
        if got is None:
            got = len(term) >= MIN_PREFIX and not term.isdigit() and (
                fuzz.ratio(term, other) >= FUZZY_CUTOFF or _inflected(term, other))
            self._pairs[key] = got
        return got

    def of(self, term: str) -> frozenset:
        """Words of the vocabulary that count as ``term``: the same stem, a long common prefix, or a near spelling."""
        got = self._cache.get(term)
        if got is None:
            out = {term}
            if len(term) >= MIN_PREFIX and not term.isdigit():
                for cand, _score, _ in process.extract(term, self.vocab, scorer=fuzz.ratio,
                                                       score_cutoff=FUZZY_CUTOFF, limit=None):
                    out.add(cand)
                out.update(_inflections(term, self.vocab_set))
            got = self._cache[term] = frozenset(out)
        return got


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
    alike: Optional[Alike] = None                 # words alike over a larger vocabulary (the council's), if shared
    parts: dict[str, "DocTerms"] = field(default_factory=dict)  # each document's words, by stem
    _similar: dict[str, frozenset] = field(default_factory=dict)
    _compound: dict[str, frozenset] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.vocab_set = frozenset(self.vocab)
        if self.alike is None:
            self.alike = Alike(self.vocab)

    def weight(self, term: str) -> float:
        """Rarity across the council's sentences times what kind of word it is."""
        return self.idf.get(term, self.max_idf) * term_kind_weight(term, self.names, self.body_words)

    def similar(self, term: str) -> frozenset:
        """Words of the documents that count as ``term``: the same stem, a long common prefix, or a near spelling.

        Complete for the words of the documents ``alike`` was built over (the
        later documents an action is matched against): ask ``alike_in`` about
        the words of any other.
        """
        got = self._similar.get(term)
        if got is None:
            got = self._similar[term] = (self.alike.of(term) & self.vocab_set) | {term}
        return got

    def alike_in(self, term: str, among: Iterable[str]) -> set[str]:
        """The words of ``among`` that count as ``term`` here: ``similar(term) & among``, asked word by word."""
        return {u for u in among if u == term or (u in self.vocab_set and self.alike.pair(term, u))}

    def compound_forms(self, term: str) -> frozenset:
        """Two-word spellings of ``term`` in the documents ("pot holes" for "pothole"): exact or inflected only."""
        got = self._compound.get(term)
        if got is None:
            got = frozenset({term} & self.compound_vocab | _inflections(term, self.compound_vocab))
            self._compound[term] = got
        return got


def _inflected(term: str, other: str) -> bool:
    """Whether ``other`` is in ``_inflections(term, {other})``: ``term`` plus or minus an inflection."""
    if len(other) > len(term):
        return len(term) >= MIN_PREFIX and other.startswith(term) and other[len(term):] in INFLECTIONS
    return len(other) < len(term) and len(other) >= MIN_PREFIX and term.startswith(other) \
        and term[len(other):] in INFLECTIONS


def _inflections(term: str, vocab: frozenset) -> set[str]:
    """Words of ``vocab`` that are ``term`` plus or minus an inflection the stemmer left."""
    out = {term + suf for suf in INFLECTIONS if suf and len(term) >= MIN_PREFIX} & vocab
    out |= {term[:-len(suf)] for suf in INFLECTIONS
            if suf and term.endswith(suf) and len(term) - len(suf) >= MIN_PREFIX} & vocab
    return out


@dataclass
class DocTerms:
    """One document segmented once: its passages with their words, and in how many sentences each word occurs."""

    stem: str
    passages: list[Passage]
    df: Counter
    sentences: int
    names: frozenset
    body_words: frozenset
    _postings: Optional[dict[str, tuple[int, ...]]] = field(default=None, repr=False, compare=False)
    _compounds: Optional[frozenset] = field(default=None, repr=False, compare=False)

    @property
    def postings(self) -> dict[str, tuple[int, ...]]:
        """Each spelling of the document (sentence or heading, word or compound) -> the passages that have it."""
        if self._postings is None:
            got: dict[str, list[int]] = {}
            for i, p in enumerate(self.passages):
                for term in p.terms | p.compounds | p.heading_terms | p.heading_compounds:
                    got.setdefault(term, []).append(i)
            self._postings = {t: tuple(ix) for t, ix in got.items()}
        return self._postings

    @property
    def compound_vocab(self) -> frozenset:
        """Every two-word compound of the document's sentences and headings."""
        if self._compounds is None:
            self._compounds = frozenset().union(*(p.compounds | p.heading_compounds for p in self.passages))
        return self._compounds

    @property
    def spellings(self) -> frozenset:
        """Every spelling of the document's sentences and headings, compounds too: what an action's words may meet."""
        return frozenset(self.postings)

    def to_json(self) -> str:
        """The segmented document as JSON, to be stored beside it and read back by ``from_json``."""
        ps = [[sorted(v) if isinstance(v, frozenset) else v for v in (getattr(p, f) for f in _PASSAGE_FIELDS)]
              for p in self.passages]
        return json.dumps({"stem": self.stem, "passages": ps, "df": self.df, "sentences": self.sentences,
                           "names": sorted(self.names), "body_words": sorted(self.body_words),
                           "compounds": sorted(self.compound_vocab)},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "DocTerms":
        data = json.loads(text)
        ps = [Passage(**{f: _passage_value(f, v) for f, v in zip(_PASSAGE_FIELDS, row)}) for row in data["passages"]]
        return cls(data["stem"], ps, Counter(data["df"]), data["sentences"], frozenset(data["names"]),
                   frozenset(data["body_words"]), _compounds=frozenset(data["compounds"]))

    def earlier_side(self, keep: Iterable[Passage]) -> "DocTerms":
        """What matching the actions in ``keep`` (their sentences) against a later document needs of this one: its
        word counts and compounds, and of its passages only those sentences and the one before each.

        An action's words come from its sentence and, where it says "this",
        the sentence before; the rest of its document counts only through
        word rarity.  A later document is matched against the whole of it.
        """
        wanted = {id(p) for p in keep}
        chosen: list[Passage] = []
        for i, p in enumerate(self.passages):
            if id(p) in wanted:
                if i and (not chosen or chosen[-1] is not self.passages[i - 1]):
                    chosen.append(self.passages[i - 1])
                chosen.append(p)
        return DocTerms(self.stem, chosen, self.df, self.sentences, self.names, self.body_words,
                        _compounds=self.compound_vocab)


_PASSAGE_FIELDS = tuple(f.name for f in fields(Passage))
_SET_FIELDS = frozenset(f.name for f in fields(Passage) if f.type == "frozenset")


def _passage_value(name: str, value: Any) -> Any:
    """A passage field read back from JSON: sets and tuples as they were."""
    if name in _SET_FIELDS:
        return frozenset(value)
    return tuple(value) if isinstance(value, list) else value


def doc_terms(doc: MeetingDoc) -> DocTerms:
    """Segment a document and count its words, once: every index it joins is built from this.

    Lists of people (attendance, a recorded vote) are marked by the
    document's own names: their names match only an action about one of them.
    """
    names = frozenset(person_names(doc.text))
    df: Counter = Counter()
    n = 0
    ps = segment(doc.text, doc.blocks)
    for p in ps:
        p.terms = frozenset(content_terms(p.text))
        p.compounds = frozenset(compounds(p.text))
        p.heading_terms = frozenset(content_terms(p.heading))
        p.heading_compounds = frozenset(compounds(p.heading))
        p.name_list = _name_list(p.text, names)
        if not p.is_heading:
            n += 1
            df.update(p.terms)
    body_words = frozenset(content_terms(f"{doc.council or ''} {doc.committee or ''}"))
    return DocTerms(doc.stem, ps, df, n, names, body_words)


def combine(parts: Sequence[DocTerms], alike: Optional[Alike] = None) -> Index:
    """The index of some documents: word rarity counted across their sentences.

    The tracker combines an action's document with one later document at a
    time, so whether a later meeting mentions an action depends on those two
    alone: storing a further meeting can add evidence, never take it away.
    """
    df: Counter = Counter()
    for part in parts:
        df.update(part.df)
    n = sum(part.sentences for part in parts)
    # Rarity on a fixed scale (0 .. IDF_SCALE) so that thresholds mean the same for 4 short minutes or 40 long ones.
    top = math.log((n + 1) / 0.5) or 1.0
    idf = {t: IDF_SCALE * math.log((n + 1) / (c + 0.5)) / top for t, c in df.items()}
    passages = {part.stem: part.passages for part in parts}
    comps = frozenset().union(*(part.compound_vocab for part in parts))
    names = frozenset().union(*(part.names for part in parts))
    body_words = frozenset().union(*(part.body_words for part in parts))
    return Index(passages, idf, sorted(df), names, body_words, max(idf.values(), default=IDF_SCALE), comps, alike,
                 {part.stem: part for part in parts})


def build_index(docs: Sequence[MeetingDoc]) -> Index:
    """The index of ``docs``: each segmented, word rarity counted across all their sentences."""
    return combine([doc_terms(d) for d in docs])


def _name_list(text: str, names: frozenset) -> bool:
    """Whether a passage is mostly people's names ("Mr Baker, Mr Baldock, Mrs Bell, ...")."""
    c = cues()
    ws = [(raw, st) for raw, st in words(text) if raw not in c.stop]
    people = sum(1 for raw, st in ws if raw in c.titles or st in names)
    return people >= 6 and people >= 0.6 * len(ws)
