"""Figures: the quantities a document reports (counts, percentages, money, durations, rates, scores).

Two paths, chosen per block:

* a **table** block gives one figure per numeric cell, measured by its row
  label and column heading (``tables``; financial tables: ``(138,395)`` is
  -138395);
* any other block is read **sentence by sentence**:

  1. mask what looks numeric but is not a quantity: URLs, dates and periods,
     times of day, phone numbers, postcodes, references, list numbering
     (``periods``, ``exclusions.mask``);
  2. find the numbers left (digits with their currency, multiplier, range and
     unit; number words such as "twelve" when a noun or unit follows)
     (``values``);
  3. drop numbers that only name something ("Section 47", "Phase 2"),
     ages that name a group ("18-21 year olds"), idioms ("one of the best")
     (``exclusions.excluded``, ``counts``);
  4. describe each figure: ``unit`` from its own form or the word after it
     (``values``, ``counts``), ``kind`` from cue words in its clause
     (``kinds``), ``period`` from the nearest date expression (``periods``),
     ``measure`` from the noun phrase it counts or describes (``measures``,
     ``phrases``).

Everything is keyed on number formats, word lists
(``models/patterns/figures.json``, compiled in ``wordlists``), part-of-speech
tags and clause punctuation: no parser, no second pipeline.  This module
holds the registered component and the per-sentence flow.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Optional

from spacy.tokens import Doc, Span

from ...document import Block
from ...readers.layout import looks_like_heading
from ..common import add, blocks, rules_component
from ..sentences import sentences_in
from .counts import count_noun
from .exclusions import excluded, is_file_listing, mask, page_furniture
from .kinds import kind, subject_is_target
from .measures import measure
from .wordlists import Patterns, patterns
from .periods import find_periods, nearest_period
from .phrases import first_np
from .sentence import BlockContext, Sentence, Tok
from .tables import table_figures
from .values import (clean_number, figure_record, frequencies, may_hold_numbers, numeric_mentions, vote_headings,
                     without_overlaps, word_mentions)

__all__ = ["Patterns", "find_figures", "find_periods", "patterns", "table_figures"]


def find_figures(doc: Doc) -> Doc:
    """Add a figure record for every reported quantity in the document."""
    pats = patterns()
    text = _doc_text(doc)
    heading: Optional[str] = None
    previous: Optional[Block] = None
    money_column = False
    furniture = page_furniture(blocks(doc))
    for block in blocks(doc):
        if block.kind == "table":
            for rec in table_figures(doc, text, block, pats):
                add(doc, rec)
            previous = block
            continue
        if looks_like_heading(block.text, block.kind):
            heading = _clean_heading(block.text, pats)
        ctx = BlockContext(heading=heading, vote_heading=previous.text if previous is not None else None,
                           money_column=money_column, furniture=furniture)
        # a payments list: once a line ends "£430.00", the lines under it ending in "432.43" are sums too
        # (a sub-heading inside the list, "Donations", does not end it)
        ends_in_sum = SUM_AT_END.search(block.text)
        if ends_in_sum or block.kind != "heading":
            money_column = bool(ends_in_sum) and (bool(ends_in_sum.group("pound")) or money_column)
        previous = block
        for span in sentences_in(doc, block):
            sent = _prepare(span, text, pats)
            if ctx.first_np is None and sent.toks:
                ctx.first_np = first_np(sent, pats)
            _sentence_figures(doc, text, sent, pats, ctx)
            ctx.history.append(sent)
    return doc


SUM_AT_END = re.compile(r"(?P<pound>£\s?)?\d[\d,]*\.\d\d\s*$")
# Where a payments list's line ends: the end of the text, or the next item's label run on ("... 100.00 xi) Cancer").
ITEM_END = re.compile(r"\s*$|\s+\(?(?:[ivxlc]{1,6}|\d{1,2}|[a-z])\)\s")


def _pounds_in_column(sent: Sentence, mentions: list) -> None:
    """The bare sum ending a line of a payments list whose lines above give theirs in pounds is in pounds."""
    for m in mentions:
        if m.unit in (None, "count") and ITEM_END.match(sent.text[m.end:]) and SUM_AT_END.search(sent.text[m.start:m.end]):
            m.unit, m.rule = "gbp", "figure.money"


# Figure records for every reported quantity.
make_figures = rules_component("scrutiny_figures", "patterns/figures.json", find_figures,
                                assigns=["doc._.records"], requires=["doc._.document", "token.is_sent_start", "token.tag"])


def _on_furniture(sent: Sentence, m, ctx: BlockContext) -> bool:
    """Is the number a page number (``exclusions.page_furniture``: sorted, not overlapping)?"""
    start = sent.base + m.start
    i = bisect_right(ctx.furniture, (start, float("inf"))) - 1
    return i >= 0 and ctx.furniture[i][0] <= start < ctx.furniture[i][1]


def _doc_text(doc: Doc) -> str:
    """The text once: ``Doc.text`` rebuilds the string from every token on each access."""
    document = doc._.document
    if document is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(document.text):
        return document.text
    return doc.text


def _clean_heading(text: str, pats: Patterns) -> Optional[str]:
    """The subject part of a heading: 'Community Car Scheme - Progress Report:' is 'Community Car Scheme'."""
    t = re.split(r"\s[-–—]\s|:|/|\(", text.strip(" *#_"))[0].strip(" *_.")
    words = t.split()
    if not re.search(r"[A-Za-z]{3}", t) or re.search(r"\d", t) or not 0 < len(words) <= 6:
        return None
    if t.lower() in pats.words("generic_headings") or (t.isupper() and len(words) > 1):
        return None                                      # 'Minutes', 'UNRESTRICTED ITEMS': say nothing
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in ("of", "and", "the", "for", "&", "to"))
    return t if capitalised == len(words) else None


def _prepare(span: Span, doc_text: str, pats: Patterns) -> Sentence:
    """Tokens, masked text and period expressions of one sentence (tokens only where a number may be)."""
    base = span.start_char
    text = doc_text[base:span.end_char]
    sent = Sentence(text=text, base=base, toks=[])
    sent.periods = find_periods(text, pats)
    if not may_hold_numbers(text, pats):
        sent.masked = text
        return sent
    sent.toks = [Tok(t.idx - base, t.idx - base + len(t.text), t.text, t.lower_, t.tag_)
                 for t in span if not t.is_space]
    sent.starts = [t.start for t in sent.toks]
    sent.masked = mask(text, sent, pats)
    return sent


def _sentence_figures(doc: Doc, doc_text: str, sent: Sentence, pats: Patterns, ctx: BlockContext) -> None:
    """Find, filter and describe the figures of one sentence; then carry its period to the next."""
    if sent.toks and not is_file_listing(sent.text):
        mentions = without_overlaps(numeric_mentions(sent, pats))
        mentions = [m for m in mentions if not excluded(sent, m, pats) and not _on_furniture(sent, m, ctx)]
        mentions += word_mentions(sent, pats, mentions)
        mentions += frequencies(sent)
        mentions = without_overlaps(vote_headings(sent, pats) + mentions)
        mentions = [m for m in mentions if count_noun(sent, m, pats)]
        subject_target = subject_is_target(sent, pats)
        if ctx.money_column:
            _pounds_in_column(sent, mentions)
        for m in mentions:
            found = measure(sent, m, ctx, pats)
            ctx.measures.append((m.unit, found))
            rec = figure_record(doc_text, sent.base + m.start, sent.base + m.end, m.rule, m.confidence,
                                value=clean_number(m.value), value_high=clean_number(m.value_high),
                                unit=m.unit, measure=found, period=nearest_period(sent, m) or ctx.carry,
                                kind=kind(sent, m, pats, subject_target))
            add(doc, rec)
    own = [p for p in sent.periods if not p.baseline]
    if own:
        ctx.carry = own[-1].text
