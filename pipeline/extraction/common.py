"""Helpers every record component shares: making a record from a span, walking blocks."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..document import Block
from ..records import Record
from ..rules import load as load_rules

_EDGE = " \t\n\r,;:-–—·•"

JUNK = " \t\n\r*_,;:-–—·•"
"""What ``tidy`` shrinks a span past at either edge: white space, markdown emphasis, list punctuation."""


def rules_component(factory: str, rules: str, component: Callable[[Doc], Doc], assigns: list[str],
                    requires: list[str]) -> Callable[..., Callable[[Doc], Doc]]:
    """Register ``component`` as the spaCy factory ``factory``, its config naming the rule file it reads
    (``models/`` and any overlay), validated when the pipeline is built rather than in every document.

    Returns the factory function, which setup.cfg's ``spacy_factories`` entry points name, so that a saved
    pipeline reloads with ``spacy.load``.
    """
    def make(nlp: Language, name: str, rules: str) -> Callable[[Doc], Doc]:
        load_rules(rules)
        return component

    make.__name__ = make.__qualname__ = "make_" + factory.removeprefix("scrutiny_")
    make.__doc__ = component.__doc__
    Language.factory(factory, default_config={"rules": rules}, assigns=assigns, requires=requires)(make)
    return make


_LEMMAS: dict[tuple[str, str], str] = {}


def lemma(token) -> str:
    """The token's lemma, lower-cased, computed on demand.

    The pipeline does not run spaCy's lemmatizer over every token (it cost
    as much as all the extraction rules together); the few rules that need
    a verb's lemma ask here, and the answers are cached by (word, POS).
    """
    if token.lemma_:  # the attribute ruler already gave one ("was" -> "be")
        return token.lemma_.lower()
    key = (token.lower_, token.pos_)
    found = _LEMMAS.get(key)
    if found is None:
        from ..nlp import get_nlp

        lemmatizer = get_nlp().get_pipe("lemmatizer")
        found = (lemmatizer.rule_lemmatize(token) or [token.lower_])[0].lower()
        _LEMMAS[key] = found
    return found


@lru_cache(maxsize=None)
def _dictionary(pos: str) -> frozenset[str]:
    """The lemmatizer's WordNet index of one part of speech ("verb": about 8,700 base forms)."""
    from ..nlp import get_nlp

    return frozenset(get_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")[pos])


def in_dictionary(token) -> bool:
    """Is the word an English noun, verb, adjective or adverb?  "Funding to support ..." opens with a noun;
    "Sean will send ..." with a name no dictionary has."""
    word = token.lower_
    return any(word in _dictionary(pos) or word.rstrip("s") in _dictionary(pos) for pos in ("noun", "verb", "adj", "adv"))


def can_be_verb(token) -> bool:
    """Is the word an English verb's base form (the lemmatizer's WordNet verb index, about 8,700 verbs)?

    The tagger reads an unfamiliar subjunctive as a noun ("that the Council
    resurface the car park": *resurface*/NN); the dictionary says whether it
    could be the verb the clause's structure calls for.
    """
    return token.lower_ in _dictionary("verb")


def trim(text: str, start: int, end: int, keep_end: str = ".?!") -> tuple[int, int]:
    """Shrink [start, end) past white space and list punctuation at either edge."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and (text[end - 1] in _EDGE and text[end - 1] not in keep_end):
        end -= 1
    dangling = re.search(r"[\s,]+(?:and|or|but)$", text[max(start, end - 8):end])
    if dangling and end - len(dangling.group(0)) > start:  # a clause cut before its coordinated twin
        return trim(text, start, end - len(dangling.group(0)), keep_end)
    return start, end


def tidy(text: str, a: int, b: int, base: int = 0) -> tuple[int, int]:
    """Shrink [a, b) past white space, markdown emphasis and list punctuation (``JUNK``); offsets plus ``base``.

    Unlike ``trim``, markdown emphasis goes too and a dangling "and" stays.
    """
    while a < b and text[a] in JUNK:
        a += 1
    while b > a and text[b - 1] in JUNK:
        b -= 1
    return base + a, base + b


def make_record(doc: Doc, type_: str, where: Union[Span, tuple[int, int]], rule: str,
                confidence: float, **fields) -> Optional[Record]:
    """A record whose quote is the document text between the given offsets (trimmed)."""
    start, end = (where.start_char, where.end_char) if isinstance(where, Span) else where
    start, end = trim(doc._.text, start, end)
    if end <= start:
        return None
    return Record(type=type_, quote=doc._.text[start:end], start=start, end=end, rule=rule,
                  confidence=round(confidence, 2), **fields)


def add(doc: Doc, record: Optional[Record]) -> Optional[Record]:
    if record is not None:
        doc._.records.append(record)
    return record


def records_of(doc: Doc, type_: str) -> list[Record]:
    return [r for r in doc._.records if r.type == type_]


def blocks(doc: Doc) -> list[Block]:
    document = doc._.document
    return document.blocks if document is not None else []


def block_span(doc: Doc, block: Block) -> Optional[Span]:
    return doc.char_span(block.start, block.end, alignment_mode="expand")
