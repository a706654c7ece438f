"""Figures: the quantities a document reports (counts, percentages, money, durations, rates, scores).

Two paths, chosen per block:

* a **table** block gives one figure per numeric cell, measured by its row
  label and column heading (financial tables: ``(138,395)`` is -138395);
* any other block is read **sentence by sentence**:

  1. mask what looks numeric but is not a quantity: URLs, dates and periods,
     times of day, phone numbers, postcodes, references, list numbering;
  2. find the numbers left (digits with their currency, multiplier, range and
     unit; number words such as "twelve" when a noun or unit follows);
  3. drop numbers that only name something ("Section 47", "Phase 2"),
     ages that name a group ("18-21 year olds"), idioms ("one of the best");
  4. describe each figure: ``unit`` from its own form or the word after it,
     ``kind`` from cue words in its clause, ``period`` from the nearest date
     expression, ``measure`` from the noun phrase it counts or describes.

Everything is keyed on number formats, word lists
(``models/patterns/figures.json``), part-of-speech tags and clause
punctuation: no parser, no second pipeline.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import config
from ..document import Block
from ..records import Record
from .common import add, blocks, trim

Number = float

# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:18|19|20)\d{2}"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MULT = r"bn|billion|million|mn|m|k|thousand"


@dataclass(frozen=True)
class Patterns:
    """Word lists from figures.json, and the regexes built from them (built once)."""

    data: dict
    sets: dict               # every word list as a frozenset, for membership tests
    cues: dict               # regexes built from word lists (ages, phones, comparatives, scores, payments)
    period_prefix: re.Pattern
    period_hint: re.Pattern
    number_words: dict
    unit_words: dict
    periods: list            # (regex, kind) in priority order
    masks: list              # regexes whose matches are never figures
    numeric: re.Pattern
    word_number: re.Pattern
    unit_after: re.Pattern
    percent_after: re.Pattern
    per_rate_after: re.Pattern

    def words(self, key: str) -> frozenset:
        return self.sets.get(key, frozenset())


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Load figures.json and compile the regexes once per process."""
    data = config.load_model_file("patterns/figures.json")
    words_alt = "|".join(sorted(data["number_words"], key=len, reverse=True))
    periods = [
        # financial years and year spans: 2017/18, 2017 / 18, 2024-25, 2022-2027, FY 2014/15, 2013/4
        (rf"(?<![\d,.£$€])(?:FY\s?)?{_YEAR}\s?[/–-]\s?(?:{_YEAR}|\d{{1,2}})(?![\d%])", "fy"),
        # quarters, optionally with their year
        (rf"\b(?:Q[1-4]|[Qq]uarter\s+[1-4])(?:\s*,?\s*(?:of\s+)?(?:FY\s?)?{_YEAR}(?:\s?[/–-]\s?\d{{2,4}})?"
         rf"|\s+(?:last|this|next)\s+year)?\b", "q"),
        (rf"(?i)\b(?:summer|winter|spring|autumn)(?:\s+(?:term|holidays?|recess|break))?(?:\s+{_YEAR})?\b", "season"),
        (r"(?<=[Dd]uring )(?:the\s+)?(?:[A-Z][a-z]+\s+){1,4}(?:Week|Month|Fortnight|Day)\b", "event"),
        (rf"\b{_DAY}\s?(?:[-–]|to)\s?{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?\b", "date"),
        (rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s*,?\s*{_YEAR})?\b", "date"),
        (rf"\b{_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b", "date"),
        (rf"\b{_MONTH}(?:\s+(?:and|to|-|–)\s+{_MONTH})?\s*,?\s*{_YEAR}\b", "date"),
        (r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\d.]\d)", "date"),
        (rf"\b{_YEAR}-\d{{2}}-\d{{2}}\b", "date"),
        (rf"\b{_MONTH}\s?[-–]\s?{_MONTH}\b", "date"),
        (rf"\b(?:January|February|March|April|June|July|August|September|October|November|December)\s+"
         rf"[0-3]?\d(?:st|nd|rd|th)?\b(?![,.]?\d|\s*%)", "date"),
        (r"\b(?:January|February|March|April|June|July|August|September|October|November|December)\b", "month"),
        (r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("in", "of", "since", "until", "from", "during", "by"))
         + r")May\b", "month"),
        (rf"(?<![\d,.£$€])\b{_YEAR}\b(?!,\d|\d|\s?%|\.\d)", "year"),
        (rf"(?i)\b(?:over|during|in|within|across)\s+(?:a|the|this|that)\s+(?:\d+|{words_alt})[\s-]"
         r"(?:year|month|week|day)s?\s+period\b", "rel"),
        # 'over the last six months' is when; 'for the next five years' is how long (a figure)
        (rf"(?i)(?:\b(?:over|in|during|within)\s+the\s+(?:last|past|previous|next|coming|first|following)"
         rf"|(?<!for )\bthe\s+(?:last|past|previous))\s+(?:\d+|{words_alt})\s+(?:days|weeks|months|years|quarters)\b",
         "rel"),
        (r"(?i)\b(?:over\s+)?(?:" + "|".join(re.escape(p) for p in
                                       sorted(data["relative_periods"], key=len, reverse=True)) + r")\b", "rel"),
    ]
    masks = [
        r"(?i)\b(?:https?://|www\.)\S+|\S+@\S+\.\w+|<[^>]*>",                                   # links, e-mail
        r"(?i)\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])",                       # 7.30pm
        r"\b\d{1,2}:\d{2}(?::\d{2})?\b",                                                         # 10:30
        r"(?i)(?<=\bat )\d{1,2}\.[0-5]\d\b(?!\s*(?:%|per|m\b|million|bn))",                      # at 7.30
        r"(?<![\d£$€])\b0\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b",                                   # 03000 419601
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b",                                                # ME14 1XQ
        r"\b[\w-]*\d+[A-Za-z]*(?:/[\w-]+){2,}",                                                  # 08/02466/F
        r"(?<![\d£$€])\b\d+/\d+(?:st|nd|rd|th)?\b(?!\s*(?:of|%))",                               # 1/3, 5/6
        r"\b\d+(?:st|nd|rd|th)\b",                                                               # ordinals
        r"\b[A-Za-z]+[-/]?\d+[A-Za-z\d]*\b",                                                     # A10, S114, COVID-19
        r"\b\d+(?:\.\d+){2,}\b",                                                                 # 2.10.1
        r"\b\d+x\d+\b",                                                                          # 4x4
        r"\[\d{1,3}\]",                                                                           # footnote [1]
        r"(?:\b\d+[/-])?\b0\d{3,}\b",                                                              # 24-00093
    ]
    numeric = re.compile(
        rf"(?P<sign>[-−](?=[£€$]?\d))?(?P<cur>[£€$])?\s?(?P<num>{_NUM})"
        rf"(?:\s?(?P<mult>{_MULT})(?![a-zA-Z]))?"
        rf"(?:(?P<sep>\s?[-–—]\s?|\s+to\s+)(?P<cur2>[£€$])?(?P<num2>{_NUM})"
        rf"(?:\s?(?P<mult2>{_MULT})(?![a-zA-Z]))?)?")
    unit_alt = "|".join(sorted((re.escape(w) for w in data["unit_words"]), key=len, reverse=True))
    filler_alt = "|".join(data["unit_fillers"])
    alt = lambda key: "|".join(map(re.escape, sorted(data[key], key=len, reverse=True)))
    cues = {
        "age_before": re.compile(rf"(?i)\b(?:{alt('age_before')})\s*(?:of\s+)?(?:between\s+)?$"),
        "age_after": re.compile(rf"(?i)\s*(?:(?:[-–]|to|and)\s*\d+\s*)?[\s-]*(?:{alt('age_after')})\b"),
        "age_group": re.compile(rf"(?i)\b(?:{alt('age_group_nouns')})\s+(?:(?:aged|between|from)\s+)?$"),
        "phone_after": re.compile(rf"(?i)[\s*_]*(?:{alt('phone_after')})\b"),
        "phone_before": re.compile(rf"(?i)\b(?:{alt('phone_before')})[\s:*_]*$"),
        "change_after": re.compile(rf"\s*(?:{alt('change_after')})\b"),
        "score": re.compile(rf"(?i)\b(?:{alt('score_cues')})\s+(?:of\s+)?(?:at\s+least\s+)?$"),
        "payment": re.compile(rf"(?i)\s*(?:{alt('payment_methods')})?\s*"),
        "motion": re.compile(
            rf"(?i)\b(?:{alt('motion_verbs')})\s+(?:that\s+)?(?P<m>.+?)"
            rf"(?=\s*(?:[,.;]|\s[-–]\s|\b(?:{alt('motion_stops')})\b|$))"
            rf"|(?P<who>(?:{alt('person_titles')})\.?\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(?:was\s+)?(?:duly\s+)?"
            rf"(?:{alt('election_verbs')})(?P<as>\s+as\s+[\w -]+?)?(?=\s+(?:by|with)\b|\s+\d|\s*[,.]|\s*$)"),
    }
    return Patterns(
        data=data,
        sets={k: frozenset(v) for k, v in data.items() if isinstance(v, list)},
        cues=cues,
        period_prefix=re.compile(r"(?i)\b(?P<pre>since|until|up to|(?:the )?end of|as at|as of|at the|at|in|during|"
                                 r"from|by|over|throughout)\s+(?:the\s+)?$"),
        period_hint=re.compile(r"\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                               r"(?i:\b(?:week|month|year|quarter|date|summer|winter|spring|autumn)s?\b)"),
        number_words=data["number_words"],
        unit_words=data["unit_words"],
        periods=[(re.compile(p), kind) for p, kind in periods],
        masks=[re.compile(p) for p in masks],
        numeric=numeric,
        word_number=re.compile(rf"(?i)(?<![\w-])(?P<w>(?:{words_alt})(?:-(?:{words_alt}))?)"
                               rf"(?:\s+(?:or|to)\s+(?P<w2>(?:{words_alt})(?:-(?:{words_alt}))?))?(?![\w-])"),
        unit_after=re.compile(rf"(?i)^[\s-]?(?:(?:{filler_alt})[\s-])?(?P<u>{unit_alt})\b"),
        percent_after=re.compile(r"(?i)^\s?(?:%|per\s?cent\b|percent\b|percentage points?\b)"),
        per_rate_after=re.compile(r"(?i)^\s?per\s+(?P<base>10,000|10000|10k|1,000|1000|100,000|100000|100)\b"),
    )


# ---------------------------------------------------------------------------
# Small data carriers
# ---------------------------------------------------------------------------

@dataclass
class Tok:
    """A token of the sentence with offsets relative to the sentence text."""

    start: int
    end: int
    text: str
    lower: str
    tag: str


@dataclass
class Period:
    """A date or period expression found in a sentence, and the text to report for it."""

    start: int
    end: int
    text: str
    baseline: bool = False      # 'the same as the previous Quarter': what the figure is compared with


@dataclass
class Mention:
    """One number found in a sentence, before it is described."""

    start: int                      # quote span, relative to the sentence
    end: int
    num_start: int                  # the number itself
    num_end: int
    value: Number
    value_high: Optional[Number] = None
    unit: Optional[str] = None
    rule: str = "figure.number"
    confidence: float = 0.6
    noun_start: Optional[int] = None  # token span of the noun phrase the number counts or qualifies
    noun_end: Optional[int] = None
    vote: Optional[str] = None      # "votes for" / "votes against" / "abstentions on"
    word: bool = False


@dataclass
class BlockContext:
    """What the sentences of one block share: its section heading, the last period, earlier
    sentences (for vote motions) and earlier measures (for 'this', 'compared to 236')."""

    heading: Optional[str] = None
    first_np: Optional[str] = None
    carry: Optional[str] = None
    history: list = field(default_factory=list)
    measures: list = field(default_factory=list)


@dataclass
class Sentence:
    """The sentence text with its tokens, masks and periods."""

    text: str
    base: int
    toks: list
    masked: str = ""
    periods: list = field(default_factory=list)
    starts: list = field(default_factory=list)

    def tok_at(self, offset: int) -> int:
        """Index of the token containing (or starting after) a character offset."""
        i = bisect_right(self.starts, offset) - 1
        return max(i, 0)


# ---------------------------------------------------------------------------
# The component
# ---------------------------------------------------------------------------

@Language.component("scrutiny_figures")
def find_figures(doc: Doc) -> Doc:
    """Add a figure record for every reported quantity in the document."""
    pats = patterns()
    text = _doc_text(doc)
    sents = list(doc.sents)
    starts = [s.start_char for s in sents]
    heading: Optional[str] = None
    for block in blocks(doc):
        if block.kind == "table":
            for rec in table_figures(doc, text, block, pats):
                add(doc, rec)
            continue
        if _is_heading(block):
            heading = _clean_heading(block.text)
        ctx = BlockContext(heading=heading)
        for span in _block_sentences(doc, block, sents, starts):
            sent = _prepare(span, text, pats)
            if ctx.first_np is None and sent.toks:
                ctx.first_np = _first_np(sent, pats)
            _sentence_figures(doc, text, sent, pats, ctx)
            ctx.history.append(sent)
    return doc


def _is_heading(block: Block) -> bool:
    """Headings, and short lines ending with a colon ('Community Car Scheme - Update:')."""
    t = block.text.strip()
    return block.kind == "heading" and len(t) < 90 or (len(t) < 90 and t.endswith(":") and "\n" not in t)


def _clean_heading(text: str) -> Optional[str]:
    """The subject part of a heading: 'Community Car Scheme - Progress Report:' is 'Community Car Scheme'."""
    t = re.split(r"\s[-–—]\s|:|/|\(", text.strip(" *#_"))[0].strip(" *_.")
    words = t.split()
    if not re.search(r"[A-Za-z]{3}", t) or re.search(r"\d", t) or not 0 < len(words) <= 6:
        return None
    if t.lower() in patterns().words("generic_headings") or (t.isupper() and len(words) > 1):
        return None                                      # 'Minutes', 'UNRESTRICTED ITEMS': say nothing
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in ("of", "and", "the", "for", "&", "to"))
    return t if capitalised == len(words) else None


def _block_sentences(doc: Doc, block: Block, sents: list, starts: list) -> Iterable[Span]:
    """The sentences of one block, clipped to it.  (Looking sentences up once per document keeps this
    linear: ``Token.sent`` walks the whole document on every call.)"""
    i = max(bisect_right(starts, block.start) - 1, 0)
    while i < len(sents) and sents[i].start_char < block.end:
        s = sents[i]
        span = doc.char_span(max(s.start_char, block.start), min(s.end_char, block.end), alignment_mode="contract")
        if span is not None and span.text.strip():
            yield span
        i += 1


def _doc_text(doc: Doc) -> str:
    """The text once: ``Doc.text`` rebuilds the string from every token on each access."""
    document = doc._.document
    if document is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) == len(document.text):
        return document.text
    return doc.text


def _record(doc_text: str, start: int, end: int, rule: str, confidence: float, **fields) -> Optional[Record]:
    """A figure record quoting doc_text[start:end] (trimmed like ``common.make_record``, without
    rebuilding ``Doc.text`` for every record)."""
    signed = doc_text[start:start + 1] in "-−" and start + 1 < end
    start, end = trim(doc_text, start, end)
    if end <= start:
        return None
    if signed and doc_text[start - 1] in "-−":
        start -= 1                                        # keep the sign of '-£124.5m'
    return Record(type="figure", quote=doc_text[start:end], start=start, end=end, rule=rule,
                  confidence=round(confidence, 2), **fields)


def _prepare(span: Span, doc_text: str, pats: Patterns) -> Sentence:
    """Tokens, masked text and period expressions of one sentence (tokens only where a number is)."""
    base = span.start_char
    text = doc_text[base:span.end_char]
    sent = Sentence(text=text, base=base, toks=[])
    sent.periods = find_periods(text, pats)
    if not (_DIGIT.search(text) or pats.word_number.search(text) or _FREQUENCY.search(text)):
        sent.masked = text
        return sent
    sent.toks = [Tok(t.idx - base, t.idx - base + len(t.text), t.text, t.lower_, t.tag_)
                 for t in span if not t.is_space]
    sent.starts = [t.start for t in sent.toks]
    sent.masked = _mask(text, sent, pats)
    return sent


_DIGIT = re.compile(r"\d")


def _is_masked(sent: Sentence, tok: Tok) -> bool:
    """Was the token blanked out as a date, period, reference or list number?"""
    return sent.masked[tok.start:tok.end].startswith("\x00")


# ---------------------------------------------------------------------------
# Periods and masks
# ---------------------------------------------------------------------------

def find_periods(text: str, pats: Patterns) -> list:
    """Date and period expressions, as written, without overlaps (earlier patterns win)."""
    if not pats.period_hint.search(text):
        return []
    taken: list = []
    found: list = []
    for rx, kind in pats.periods:
        for m in rx.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "fy" and not _is_year_span(m.group(0)):
                continue
            no_prefix = kind in ("fy", "q", "rel", "event")
            pre = None if no_prefix else pats.period_prefix.search(text, max(0, s - 16), s)
            if kind == "year" and not pre and _year_is_count(text, m):
                continue
            taken.append((s, e))
            baseline = bool(_BASELINE.search(text, max(0, s - 24), s))
            found.append(Period(pre.start() if pre else s, e, _period_text(m.group(0), pre, pats), baseline))
    found.sort(key=lambda p: p.start)
    return found


_BASELINE = re.compile(r"(?i)\b(?:same as|compared (?:to|with)|than|against|versus|vs\.?)\s+(?:the\s+)?$")


def _is_year_span(s: str) -> bool:
    """'2014/15' or '2022-2027' are periods; '2000-3000' is a range of numbers."""
    parts = re.findall(r"\d+", s)
    if len(parts) < 2:
        return False
    a, b, width = int(parts[0]), int(parts[-1]), len(parts[-1])
    if width == 1:
        return (a + 1) % 10 == b                      # 2013/4
    if width == 2:
        return b > a % 100 or (a + 1) % 100 == b      # 2014/15, 2025-35, 1999/00
    return a < b <= a + 30                            # 2022-2027


def _year_is_count(text: str, m: re.Match) -> bool:
    """A four-digit number in year range followed by a plural count noun ('2000 applications')."""
    after = text[m.end():m.end() + 20]
    before = text[max(0, m.start() - 12):m.start()].lower()
    if re.search(r"(?:\b(?:in|of|since|from|to|until|by|during|before|after|and|or|the|for)|[,/–-])\s*$", before):
        return False
    return bool(re.match(r"\s+(?!years?\b|months?\b)[a-z]{2,}[^siu\W]s\b", after))


def _period_text(core: str, pre: Optional[re.Match], pats: Patterns) -> str:
    """The period as written, keeping only prefixes that change its meaning ('since July')."""
    if pre and pre.group("pre").lower() in pats.words("period_keep_prefixes"):
        core = f"{pre.group(0)}{core}"
    return re.sub(r"(?i)^the\s+", "", core.strip(" ,"))


def _mask(text: str, sent: Sentence, pats: Patterns) -> str:
    """The sentence with everything that must not be read as a figure blanked out."""
    chars = list(text)

    def blank(s: int, e: int) -> None:
        for i in range(s, e):
            if not chars[i].isspace():
                chars[i] = "\x00"

    for p in sent.periods:
        blank(p.start, p.end)
    for rx in pats.masks:
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    for s, e in _list_numbers(text, sent):
        blank(s, e)
    return "".join(chars)


_LEAD = re.compile(r"^[\s·•*_\-–—>]*\(?(?P<n>\d+(?:[*_]*\.\d+)*)[*_]*(?P<p>\\?[.):]|-(?=\s))?"
                   r"(?=[\s*_]|$|[A-Za-z])")
_INLINE_LIST = re.compile(
    r"(?:(?<=[,;:]\s)|(?<=^)|(?<=\.\s))(?P<n>\d{1,2})(?:\)|\.(?=\s+[A-Z]|\s*$))"   # ', 2. Crossing', '1) visiting'
    r"|(?<=\s)\d{1,2}\)(?=\s)"
    r"|(?<![\w\s])\s*\(\d{1,2}\)(?=\s+[A-Z]|\s*$)")                                  # 'Resolved:- (1) That'
_FILE_LISTING = re.compile(r"\b(?:PDF|DOCX?|XLSX?|PPTX?|RTF|CSV|ODT)\b[\s,]*\d+(?:\.\d+)?\s*[KMG]B\b")


def _list_numbers(text: str, sent: Sentence) -> Iterable[tuple]:
    """Paragraph and list numbers: '3.1 The rate', '6\\. Any Other', '1) visiting', ', 2. Crossing'.
    A capitalised plural after a leading number is counted instead ('53 Children ... were presented')."""
    m = _LEAD.match(text)
    if m:
        n, punct = m.group("n"), m.group("p")
        rest = text[m.end():].lstrip()
        if punct or "." in n or (rest[:1].isupper() and not _count_word(rest, sent, m.end())):
            yield m.start("n"), m.end()
    for m in _INLINE_LIST.finditer(text):
        yield m.start(), m.end()


def _count_word(rest: str, sent: Sentence, offset: int) -> bool:
    """Does the text after a leading number start with a counted noun ('6 Votes', '53 Children')?"""
    word = re.match(r"[A-Za-z]+", rest)
    if not word:
        return False
    w = word.group(0).lower()
    i = _first_tok_from(sent, offset)
    plural = i < len(sent.toks) and sent.toks[i].tag in ("NNS", "NNPS")
    return w in patterns().data["vote_words"] or plural or w.endswith("s") and len(w) > 3


# ---------------------------------------------------------------------------
# Finding numbers in a sentence
# ---------------------------------------------------------------------------

def _sentence_figures(doc: Doc, doc_text: str, sent: Sentence, pats: Patterns, ctx: BlockContext) -> None:
    """Find, filter and describe the figures of one sentence."""
    if sent.toks and not _FILE_LISTING.search(sent.text):
        mentions = _without_overlaps(_numeric_mentions(sent, pats))
        mentions = [m for m in mentions if not _excluded(sent, m, pats)]
        mentions += _word_mentions(sent, pats, mentions)
        mentions += _frequencies(sent)
        mentions = _without_overlaps(_vote_headings(sent) + mentions)
        mentions = [m for m in mentions if _count_noun(sent, m, pats)]
        subject_target = _subject_is_target(sent, pats)
        for m in mentions:
            measure = _measure(sent, m, ctx, pats)
            ctx.measures.append((m.unit, measure))
            rec = _record(doc_text, sent.base + m.start, sent.base + m.end, m.rule, m.confidence,
                          value=_clean_number(m.value), value_high=_clean_number(m.value_high),
                          unit=m.unit, measure=measure, period=_nearest_period(sent, m) or ctx.carry,
                          kind=_kind(sent, m, pats, subject_target))
            add(doc, rec)
    own = [p for p in sent.periods if not p.baseline]
    if own:
        ctx.carry = own[-1].text


def _without_overlaps(mentions: list) -> list:
    """'53 per 10,000' is one mention: drop the '10,000' found inside an earlier one's unit."""
    out: list = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _clean_number(v: Optional[Number]):
    """Whole numbers as int, others rounded to remove float noise."""
    if v is None:
        return None
    if abs(v - round(v)) < 1e-9:
        return int(round(v))
    return round(v, 6)


def _to_number(s: str) -> float:
    return float(s.replace(",", ""))


def _numeric_mentions(sent: Sentence, pats: Patterns) -> list:
    """Digit numbers with currency, multiplier, range, percent, rate or unit."""
    out = []
    text, masked = sent.text, sent.masked
    mults = pats.data["multipliers"]
    for m in pats.numeric.finditer(masked):
        s = m.start("cur") if m.group("cur") else m.start("num")
        if m.group("sign"):
            s = m.start("sign")
        if s > 0 and (masked[s - 1].isalnum() or masked[s - 1] in "\x00./_" or
                      (masked[s - 1] in "-–" and s > 1 and masked[s - 2].isalnum())):
            continue
        end = m.end()
        after = masked[end:end + 1]
        if after and after.isdigit():
            continue
        cur = m.group("cur") or m.group("cur2")
        value = _to_number(m.group("num"))
        high = _to_number(m.group("num2")) if m.group("num2") else None
        mult, mult2 = m.group("mult"), m.group("mult2")
        unit = pats.data["currency_symbols"].get(cur) if cur else None
        # 'm' with no currency is metres ('15m'), not millions
        if mult and mult.lower() == "m" and not cur:
            unit, mult = "other", None
        if mult2 and mult2.lower() == "m" and not cur:
            mult2 = None
        scale = mults.get((mult or mult2 or "").lower(), 1)
        value *= mults.get((mult or "").lower(), scale if mult2 else 1)
        if high is not None:
            high *= scale
            from_to = "to" in m.group("sep") and re.search(r"(?i)\bfrom\s*[£€$]?$", text[max(0, s - 8):s])
            if high <= value or from_to:   # '5-2' is no range, nor 'from 10 to 12'; keep the first number
                end = m.end("mult") if mult else m.end("num")
                high = None
        if m.group("sign") and text[s] in "-−":
            value = -value
        mention = Mention(start=s, end=end, num_start=m.start("num"), num_end=end, value=value,
                          value_high=high, unit=unit,
                          rule="figure.money" if cur else "figure.number", confidence=0.8 if cur else 0.6)
        if not _attach_unit(sent, mention, pats):
            continue
        out.append(mention)
    return out


def _attach_unit(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """Extend the mention over its unit ('%', 'per 10,000', 'working days', '20mph'); False to drop it."""
    rest = sent.masked[m.end:]
    degrees = re.match(r"\s?°\s?[CF]?\b", rest)
    if degrees:
        m.end += degrees.end()
        m.unit, m.rule, m.confidence = "other", "figure.unit", 0.75
        return True
    suffix = re.match(r"[a-z]+\b", rest)
    if suffix and suffix.group(0) == "p" and not m.unit:
        m.end += 1                                        # '50p': pence
        m.value, m.unit, m.rule, m.confidence = m.value / 100, "gbp", "figure.money", 0.8
        return True
    if suffix and m.unit != "gbp" and m.unit != "eur":
        word = suffix.group(0)
        if word in pats.words("not_unit_suffixes"):
            return False                    # '18s', '3rd' (ordinals are masked; this is a safety net)
        m.unit = pats.unit_words.get(word, "other")
        m.end += len(word)
        m.rule, m.confidence = "figure.unit", 0.75
        return True
    pm = pats.percent_after.match(rest)
    if pm:
        m.end += pm.end()
        m.unit, m.rule, m.confidence = "percent", "figure.percent", 0.85
        return True
    rm = pats.per_rate_after.match(rest)
    if rm:
        m.end += rm.end()
        base = rm.group("base")
        m.unit = pats.data["per_rates"].get(base, "other")
        m.rule, m.confidence = "figure.rate", 0.8
        return True
    if m.unit in ("gbp", "eur"):
        return True
    um = pats.unit_after.match(rest)
    if um:
        m.end += um.end()
        m.unit = pats.unit_words[um.group("u").lower()]
        m.rule, m.confidence = "figure.duration" if m.unit in ("days", "weeks", "months", "years", "hours") \
            else "figure.unit", 0.8
        return True
    cw = re.match(r"(?i)\s(pounds?|pence|euros?)\b", rest)
    if cw:
        m.end += cw.end()
        m.unit = pats.data["currency_words"][cw.group(1).lower()]
        m.rule, m.confidence = "figure.money", 0.8
    return True


def _word_mentions(sent: Sentence, pats: Patterns, found: list) -> list:
    """Number words that count something: 'twelve children', 'two hour session', 'only one',
    'one or two local parish councils' (a range), 'the net gain ... was one.'"""
    out = []
    taken = [(m.start, m.end) for m in found]
    for wm in pats.word_number.finditer(sent.masked):
        s, e = wm.start(), wm.end()
        if any(s < te and ts < e for ts, te in taken):
            continue
        value = _word_value(wm.group("w"), pats)
        high = _word_value(wm.group("w2"), pats) if wm.group("w2") else None
        if high is not None and (high <= value or re.search(r"(?i)\bfrom\s*$", sent.text[max(0, s - 6):s])):
            continue
        if wm.group("w")[0].isupper() and re.search(r"\b[Tt]he\s+$", sent.text[max(0, s - 5):s]):
            continue                                       # 'The One You Kent service': a name
        m = Mention(start=s, end=e, num_start=s, num_end=e, value=value, value_high=high, unit=None,
                    rule="figure.count_noun", confidence=0.7, word=True)
        one = value == 1 and high is None
        rest = sent.masked[e:]
        pm = pats.percent_after.match(rest)
        um = pats.unit_after.match(rest)
        i = sent.tok_at(s)
        j = sent.tok_at(e - 1) + 1                     # the token after the number word(s)
        prev = sent.toks[i - 1].lower if i > 0 else ""
        nxt = sent.toks[j] if j < len(sent.toks) else None
        ends_clause = nxt is None or nxt.tag in (",", ".", ":", "CC") or nxt.text in _CLAUSE_BREAK
        if pm:
            m.end += pm.end()
            m.unit, m.rule = "percent", "figure.percent"
        elif um and not (one and prev not in ("for", "within", "over", "every", "a", "in", "after", "than",
                                              "just", "only", "per", "each")):
            m.end += um.end()
            m.unit = pats.unit_words[um.group("u").lower()]
            m.rule = "figure.duration"
        elif prev in ("only", "just") and not (nxt is not None and nxt.lower in ("of", "-", "another", "way")):
            m.unit, m.rule = "count", "figure.count"      # 'only one had a Health Assessment'
        elif prev in ("was", "is", "were", "are", "be", "been", "totalled", "totaled") and ends_clause or \
                prev == "of" and i > 1 and sent.toks[i - 2].lower in pats.words("weak_count_heads"):
            m.unit, m.rule = "count", "figure.count"      # 'the net gain ... was one', 'an average of three'
        elif nxt is not None and nxt.lower in ("more", "fewer", "less") and j + 1 < len(sent.toks) and \
                sent.toks[j + 1].lower == "than":
            m.unit, m.rule = "count", "figure.count"      # 'one more than the previous Quarter'
        elif nxt is not None and nxt.lower in pats.words("counted_verbs") and \
                prev not in ("no", "the", "this", "that", "which", "any"):
            m.unit, m.rule = "count", "figure.count"      # 'two were shortlisted', 'one had no data'
        elif not _starts_noun(sent, j, pats, one=one):
            continue
        if _excluded(sent, m, pats):
            continue
        out.append(m)
    return out




def _word_value(word: str, pats: Patterns) -> float:
    """'twenty-five' is 25."""
    return float(sum(pats.number_words[p] for p in word.lower().split("-")))


def _starts_noun(sent: Sentence, i: int, pats: Patterns, one: bool = False) -> bool:
    """Does a counted noun phrase start at token i (adjectives then a noun)?"""
    toks = sent.toks
    j = i
    while j < len(toks) and j < i + 4:
        t = toks[j]
        if t.tag in ("NN", "NNS", "NNP", "NNPS") and t.lower not in pats.words("count_noun_exclusions"):
            if one and (t.lower in pats.words("one_idiom_nouns") or t.lower in pats.unit_words
                        or t.tag in ("NNS", "NNPS") and j == i):
                return False
            if not one and j == i and t.tag == "NN" and t.lower in pats.unit_words:
                return False
            return True
        if t.tag in ("JJ", "VBN", "VBG", "JJR") or t.lower in pats.words("number_abbreviations"):
            j += 1
            continue
        return False
    return False


_FREQUENCY = re.compile(r"(?i)\b(?P<w>once|twice|thrice)\s+(?:a|per|each|every)\s+"
                        r"(?:year|month|week|day|quarter|term|fortnight|meeting|session)\b")


def _frequencies(sent: Sentence) -> list:
    """'twice a year' is a frequency of 2 (unit other)."""
    values = {"once": 1.0, "twice": 2.0, "thrice": 3.0}
    return [Mention(start=m.start(), end=m.end(), num_start=m.start(), num_end=m.start("w") + len(m.group("w")),
                    value=values[m.group("w").lower()], unit="other", rule="figure.frequency", confidence=0.7,
                    word=True)
            for m in _FREQUENCY.finditer(sent.masked)]


def _vote_headings(sent: Sentence) -> list:
    """Recorded votes written as 'For (57)', 'Against (0)', 'Abstain (2)'."""
    out = []
    for m in re.finditer(r"(?i)\b(?P<w>for|against|abstain|abstentions?)\s*\(\s*(?P<n>\d{1,3})\s*\)", sent.text):
        if sent.masked[m.start("n"):m.end("n")].isdigit():
            w = m.group("w").lower()
            out.append(Mention(start=m.start(), end=m.end(), num_start=m.start("n"), num_end=m.end("n"),
                               value=float(m.group("n")), unit="count", rule="figure.vote", confidence=0.75,
                               vote=patterns().data["vote_words"].get(w, "votes for")))
    return out


# ---------------------------------------------------------------------------
# Exclusions
# ---------------------------------------------------------------------------

def _excluded(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """True when the number names, numbers or ages something instead of reporting a quantity."""
    text = sent.text
    before = text[:m.start]
    after_num = text[m.num_end:]          # ages: 'four year olds' has its unit already attached
    after = text[m.end:]
    if m.unit in ("gbp", "eur", "percent", "per_10000"):
        return False
    if re.search(r"(?i)\bper\s*$", before):
        return True                       # 'the rate per 10,000 children': the base of a rate
    if _after_name_cue(before, pats):
        return True                       # 'Section 47', 'paragraphs 3.22 and 3.23', 'Stage 1 & 2'
    if _is_age(before, after_num, m, pats):
        return True
    if re.match(r"\s+of\s+(?:the\s+)?(?:\w+est|most|best|worst|least|few)\b", after, re.I):
        return True                       # '1 of hardest to reach groups', 'one of the best'
    if m.unit in (None, "count") and _is_phone(before, after, pats):
        return True
    if not m.word and m.unit is None and m.value_high is None and _in_title(sent, m, pats):
        return True                       # 'Motion for Time Limited Debate 3 –', 'Local Transport Plan 5:'
    return False


def _in_title(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """A small whole number closing a Title Case name and followed by a title break or another name."""
    num = sent.text[m.num_start:m.num_end]
    if not re.fullmatch(r"\d{1,3}", num):
        return False
    prev = re.search(r"(?:^|\s)(\S+)\s+(\S+)\s*$", sent.text[:m.start])
    if not prev:
        return False
    w1, w2 = prev.group(1), prev.group(2)
    titled = lambda w: w[:1].isupper() and w[1:].islower() and w.isalpha()
    if not titled(w2) or w2.lower() in pats.data["months"] or w2.lower() in pats.data["vote_words"]:
        return False
    if not (titled(w1) or w1.lower() in ("of", "for", "and", "the", "on", "to")):
        return False
    return bool(re.match(r"\s*(?:[:–—)]|-\s|$|\.?\s*$|\s+[A-Z][a-z])", sent.text[m.num_end:]))


def _is_age(before: str, after_num: str, m: Mention, pats: Patterns) -> bool:
    """Ages that only name a group: 'aged 4-8', '18-21 year olds', 'turned 18 years of age', '18+'."""
    if pats.cues["age_before"].search(before) or pats.cues["age_after"].match(after_num):
        return True
    if re.match(r"\s*\+(?!\d)", after_num) and m.value <= 100:
        return True                       # '18+ care leavers'
    if re.match(r"(?:\s*(?:,|&|and)\s*\d{1,2})*\s*(?:,|&|and)?\s*\d{0,2}\s*birthdays?\b", after_num, re.I):
        return True                       # '19, 20 & 21 birthday'
    if m.value_high is not None and m.unit is None and m.value_high <= 25 and m.value >= 5 and \
            pats.cues["age_group"].search(before):
        return True                       # 'care leavers between 18-25'
    return False


def _is_phone(before: str, after: str, pats: Patterns) -> bool:
    """'the 101 telephone number', 'call the police on 101', 'Tel: 0300 ...'."""
    if pats.cues["phone_after"].match(after) or pats.cues["phone_before"].search(before):
        return True
    return bool(re.search(r"(?i)\b(?:call|ring|phone|dial|text|contact)\w*\b[^.]{0,30}\bon[\s*_]*$", before))


def _after_name_cue(before: str, pats: Patterns) -> bool:
    """Is the text before a number a naming word, possibly via a list ('Sections 2.3 and 2.4')?"""
    b = before
    # walk back over linked numbers: '3.22 and ', '1 & ', '2, '
    for _ in range(4):
        link = re.search(r"(?:\d+(?:\.\d+)*[a-z]?\s*(?:and|&|or|to|,|-|–)\s*)$", b)
        if not link:
            break
        b = b[:link.start()]
    word = re.search(r"([A-Za-z][\w.'-]*)\s*[:#]?\s*$", b)
    if not word:
        return False
    w = word.group(1)
    lw = w.lower()
    if lw not in pats.words("name_cues"):
        return False
    if lw in pats.words("name_cues_capital_only") and not w[0].isupper():
        return False
    return True


# ---------------------------------------------------------------------------
# Count nouns and votes
# ---------------------------------------------------------------------------

def _count_noun(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """A bare number that counts a noun ('22 calls', 'twelve children') takes the noun into its quote.
    False when the noun shows the number is part of a name ('this 106 Agreement')."""
    if m.vote:
        return True
    if m.unit not in (None, "count"):
        i = _skip_parenthetical(sent, _first_tok_from(sent, m.end))
        if m.unit not in ("percent", "gbp", "eur") and i < len(sent.toks) and sent.toks[i].text.islower():
            m.noun_start, m.noun_end = i, _np_end(sent, i, pats)   # 'two hour session', '(15m) wind turbine'
            unit_word = sent.text[m.num_end:m.end].strip(" -").lower()
            if m.noun_end and unit_word in pats.unit_words and not unit_word.endswith("s") and \
                    sent.toks[i].start == m.end + 1:
                m.end = sent.toks[m.noun_end - 1].end          # the quote takes the noun: '18 mile radius'
        return True
    i = _first_tok_from(sent, m.end)
    if _vote_after(sent, m, i, pats):
        return True
    if re.search(r"(?i)\bvotes?\s+to\s*$", sent.text[:m.start]):
        m.unit, m.vote, m.rule, m.confidence = "count", "votes against", "figure.vote", 0.8
        return True                                      # 'carried by 8 votes to 3'
    end = _np_end(sent, i, pats)
    if end is not None:
        head = sent.toks[end - 1]
        if not m.word and m.value != 1 and head.tag == "NNP" and end == i + 1 and head.text[:1].isupper():
            return False                                 # '106 Agreement', '66 Road': a name
        m.end = head.end
        m.noun_start, m.noun_end = i, end
        m.unit = "count"
        m.rule, m.confidence = "figure.count_noun", max(m.confidence, 0.75)
        return True
    if not m.word and m.unit is None and _paragraph_reference(sent, m):
        return False
    # '194 (49.2 per 10,000) children': the noun after a bracketed aside
    j = _skip_parenthetical(sent, i)
    if j != i and (end := _np_end(sent, j, pats)) is not None:
        m.noun_start, m.noun_end = j, end
    m.unit = m.unit or ("score" if _score_context(sent, m, pats) else None)
    if m.unit is None and _rate_context(sent, m):
        m.unit, m.rule = "per_10000", "figure.rate"
    m.unit = m.unit or "count"
    return True


def _skip_parenthetical(sent: Sentence, i: int) -> int:
    """Index after a short bracketed aside starting at i ('(49.2 per 10,000)', '(15m)'), else i."""
    toks = sent.toks
    if i < len(toks) and toks[i].text == ")":
        return i + 1
    if i >= len(toks) or toks[i].text != "(":
        return i
    for j in range(i + 1, min(i + 8, len(toks))):
        if toks[j].text == ")":
            return j + 1
    return i


def _paragraph_reference(sent: Sentence, m: Mention) -> bool:
    """'Referring to 4.2,' or 'the acronym in 3.5.': a bare decimal after a preposition cites a paragraph."""
    num = sent.text[m.num_start:m.num_end]
    if not re.fullmatch(r"\d{1,2}\.\d{1,2}", num):
        return False
    before = sent.text[max(0, m.start - 12):m.start].lower()
    after = sent.text[m.num_end:m.num_end + 3]
    return bool(re.search(r"\b(?:to|in|at|see|under|of|from|per)\s*$", before)) and \
        bool(re.match(r"$|[,.;:)]|\s+[a-z]|\s*$", after))


def _first_tok_from(sent: Sentence, offset: int) -> int:
    """Index of the first token starting at or after a character offset."""
    return bisect_left(sent.starts, offset)


def _np_end(sent: Sentence, i: int, pats: Patterns) -> Optional[int]:
    """Token index just after a noun phrase that starts at i (modifiers then nouns), or None.
    Takes in 'looked after children', 'children and young people', 'Members of the Public',
    '32 No Fishing Pegs' and 'evenings a week'."""
    toks = sent.toks
    j = i
    last_noun = None
    if j < len(toks) and toks[j].lower in pats.words("number_abbreviations") and toks[j].text[:1].isupper():
        j += 1                                           # 'No' is the abbreviation of 'number'
    while j < len(toks) and j < i + 7:
        t = toks[j]
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.tag in _NOUN and t.lower not in pats.words("count_noun_exclusions") \
                and not _is_masked(sent, t):
            last_noun = j + 1
        elif t.tag in ("JJ", "JJR", "VBG", "HYPH", "VBN") and (last_noun is None or nxt is not None and
                                                              nxt.tag in _NOUN + ("JJ", "HYPH")):
            pass                                         # 'long-term empty properties'
        elif t.tag == "CC" and last_noun is None and j > i and toks[j - 1].tag in ("JJ", "VBN") and \
                nxt is not None and nxt.tag in ("JJ", "VBN"):
            pass                                         # 'approved and available adopters'
        elif t.tag in ("IN", "RP") and t.lower == "after" and j > i and toks[j - 1].tag in ("VBN", "VBD"):
            pass                                         # 'looked after children'
        elif t.tag == "CC" and t.lower in ("and", "&") and last_noun is not None and nxt is not None and \
                (nxt.tag in ("NNS", "NNPS", "JJ") or nxt.tag == "NNP" and toks[j - 1].text[:1].isupper()) and \
                nxt.lower not in ("against", "for"):
            last_noun = None                             # 'children and young people'
        elif t.lower == "of" and last_noun is not None and nxt is not None and toks[j - 1].text[:1].isupper() and \
                (nxt.text[:1].isupper() or nxt.lower == "the" and j + 2 < len(toks) and toks[j + 2].text[:1].isupper()):
            pass                                         # 'Members of the Public'
        elif t.tag == "DT" and last_noun is not None and toks[j - 1].lower == "of":
            pass
        elif t.lower in ("a", "per") and last_noun is not None and nxt is not None and \
                nxt.lower in ("week", "month", "year", "day", "session", "meeting"):
            last_noun = j + 2                            # 'two evenings a week'
            j += 1
        else:
            break
        j += 1
    if last_noun is None:
        return None
    first = toks[i] if i < len(toks) else None
    if first is not None and first.tag in ("NN",) and first.lower in pats.unit_words:
        return None
    return last_noun


def _vote_after(sent: Sentence, m: Mention, i: int, pats: Patterns) -> bool:
    """'7 votes for 1 abstention', '3 for, 1 against': record which side of a vote the number counts."""
    toks = sent.toks
    if i >= len(toks):
        return False
    words = pats.data["vote_words"]
    w = toks[i].lower
    has_vote_context = re.search(r"(?i)\b(?:votes?|voted|voting|abstentions?|against|carried|unanimous)\b", sent.text)
    if w in ("votes", "vote") and i + 1 < len(toks) and toks[i + 1].lower in ("for", "against"):
        m.end = toks[i + 1].end if toks[i + 1].lower == "against" else toks[i].end
        m.vote = words[toks[i + 1].lower]
    elif w in ("votes", "vote"):
        m.end = toks[i].end
        m.vote = "votes for"
    elif w in ("for", "against", "abstention", "abstentions", "abstain", "abstained") and has_vote_context \
            and m.unit is None:
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        if w == "for" and nxt is not None and nxt.tag not in (",", ".", "CD", ":", "HYPH") and \
                nxt.lower not in ("and", "against") and not nxt.text[:1].isdigit():
            return False
        m.end = toks[i].end
        m.vote = words[w]
    else:
        return False
    m.unit, m.rule, m.confidence = "count", "figure.vote", 0.8
    return True


def _score_context(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """'A score of 18', 'scored 5'."""
    return bool(pats.cues["score"].search(sent.text[max(0, m.start - 20):m.start]))


def _rate_context(sent: Sentence, m: Mention) -> bool:
    """A bare number whose sentence introduced a 'rate per 10,000' before it."""
    return bool(re.search(r"(?i)\brate\s+per\s+10,?000\b", sent.text[:m.start]))


# ---------------------------------------------------------------------------
# Kind
# ---------------------------------------------------------------------------

_CLAUSE_BREAK = {",", ";", ":", "(", ")", "?", "!", "–", "—", "-", ".", "\u2022"}


def _clause_tokens(sent: Sentence, m: Mention, direction: int, limit: int) -> list:
    """Tokens before (direction -1, nearest first) or after (+1) the mention, within its clause."""
    toks = sent.toks
    out = []
    if direction < 0:
        i = sent.tok_at(m.start) - 1
        while i >= 0 and toks[i].end > m.start:
            i -= 1
        while i >= 0 and len(out) < limit:
            t = toks[i]
            if t.text in _CLAUSE_BREAK or t.tag in (",", ":", "-LRB-", "-RRB-") or t.text.endswith("-"):
                break
            if t.lower in ("and", "but", "while", "whereas") and (not out or out[-1].tag.startswith("VB")):
                break                                     # '... overspend of £23.3m and represented 1.6%'
            out.append(t)
            i -= 1
    else:
        i = _first_tok_from(sent, m.end)
        while i < len(toks) and len(out) < limit:
            t = toks[i]
            if t.text in _CLAUSE_BREAK or t.tag in (",", ":", "-LRB-", "-RRB-"):
                break
            out.append(t)
            i += 1
    return out


def _phrase_at(words: list, k: int, phrases: set) -> Optional[str]:
    """A cue phrase (one to three words) that ends at position k of a nearest-first word list."""
    for n in (3, 2, 1):
        if k + n <= len(words):
            ph = " ".join(reversed(words[k:k + n]))
            if ph in phrases:
                return ph
    return None


def _kind(sent: Sentence, m: Mention, pats: Patterns, subject_target: bool) -> str:
    """actual / target / change from cue words in the figure's clause: a comparative right after it,
    else the nearest cue before it, else a target noun after it, else what the sentence's subject says."""
    d = pats.data
    after_text = sent.text[m.end:m.end + 30].lower()
    after_num = sent.text[m.num_end:m.num_end + 30].lower()
    if re.match(r"\s*(?:more|fewer|less)\b(?!\s+than\s+(?:expected|planned|budgeted|target))", after_num):
        return "change"                               # 'four fewer KPIs', 'one more than the previous Quarter'
    if re.match(r"\s*(?:or|and)\s+(?:more|less|fewer|above|below|over|under|higher|lower|greater)\b", after_text):
        return "target"                               # '26 weeks or below', 'three or more'
    if pats.cues["change_after"].match(after_text) and not re.match(r"\s*(?:up|down)\s+to\b", after_text):
        return "change"                               # '1/5th less than', '10% higher'
    duration = m.unit in ("days", "weeks", "months", "years", "hours")
    before = [t.lower for t in _clause_tokens(sent, m, -1, 12)]
    target, change, actual = pats.words("target_cues"), pats.words("change_cues"), pats.words("actual_cues")
    weak_change = pats.words("change_cues_need_by")
    dur_cues = pats.words("target_cues_duration_only")
    for k, w in enumerate(before):
        ph = _phrase_at(before, k, target | dur_cues)
        if duration and k == 0 and _phrase_at(before, 0, dur_cues):
            return "target"                           # 'within 35 working days', 'in 3 days'
        if ph and ph in target and " " in ph:
            return "target"                           # 'up to', 'no less than', 'lower than'
        if w in change and (w not in weak_change or (k <= 1 and before[0] in ("by", "of"))):
            if any(b in d["level_preps"] for b in before[:k]):
                return "target" if subject_target else "actual"   # 'increased to 25', 'from 35% to 42%'
            return "change"
        if w in target and k < 10:
            return "target"
        if w in actual and k < 10:
            return "actual"
    for t in _clause_tokens(sent, m, +1, 7):                # '90% could not be a stretch target'
        if t.lower in d["actual_cues_after"] or t.lower in ("against", "versus", "compared", "than"):
            return "actual"                               # '16 achieved target', '8 minutes against a target'
        if t.lower in d["target_cues_after"]:
            return "target"
    return "target" if subject_target else "actual"


def _subject_is_target(sent: Sentence, pats: Patterns) -> bool:
    """'The target for the number of foster families had been ... increased to 25': the subject says target."""
    words = []
    for t in sent.toks[:8]:
        if t.tag.startswith("VB") or t.tag == "MD":
            break
        words.append(t.lower)
    return any(w in ("target", "targets", "aim", "threshold", "standard", "limit", "ambition") for w in words)


# ---------------------------------------------------------------------------
# Period
# ---------------------------------------------------------------------------

def _nearest_period(sent: Sentence, m: Mention) -> Optional[str]:
    """The period expression of the sentence nearest to the figure (ties go to the one before it)."""
    best, best_d = None, None
    for p in sent.periods:
        if p.start < m.end and m.start < p.end or p.baseline:
            continue
        d = m.start - p.end if p.end <= m.start else (p.start - m.end) + 0.5
        if best_d is None or d < best_d:
            best, best_d = p.text, d
    return best


# ---------------------------------------------------------------------------
# Measure
# ---------------------------------------------------------------------------

_NOUN = ("NN", "NNS", "NNP", "NNPS")
_FINITE = ("VBD", "VBZ", "VBP", "MD")


def _measure(sent: Sentence, m: Mention, ctx: BlockContext, pats: Patterns) -> Optional[str]:
    """A few words saying what the figure measures, tried in order of how directly the text says it:
    'an increase in X from A to B'; the noun it counts ('twelve children that ceased to be LAC');
    'N% of X'; a noun right after it ('30% vacancy rate'); a payments line ('Payee - £X - Item');
    a verb after it ('77% had a return home interview'); the subject linked to it by a verb
    ('the number of looked after children was 307').  Pronouns and generic words ('this', 'total')
    borrow the measure of the figure before."""
    if m.vote:
        return _vote_measure(sent, m, ctx.history, pats)
    found = (_change_subject(sent, m) or _counted_noun(sent, m, pats) or _of_object(sent, m, pats)
             or _noun_after(sent, m, pats) or _line_item(sent, m, pats) or _verb_after(sent, m, pats)
             or _subject(sent, m, pats))
    found = re.sub(r"(?i)^(?:a|an|the)\s+|\s+of$", "", found) if found else found
    if (_weak(found, pats) and (found or "").lower() != "total") or (found or "").lower() in pats.words("anaphors"):
        prior = _prior_measure(m, ctx) or _antecedent(sent, m, pats)
        found = prior or found or ctx.first_np or _first_np(sent, pats) or ctx.heading
    if found and ctx.heading and len(_content_words(found, pats)) <= 1 and not m.unit == "gbp":
        found = f"{ctx.heading} {found}"                # '4 drivers' under 'Community Car Scheme'
    if found and m.unit == "per_10000" and "rate" not in found.lower():
        found = f"rate of {found}"
    return found


def _antecedent(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """For 'this' with no earlier figure: the last 'X of Y' phrase before the figure in the sentence
    ('a reduction in the number of weeks taken to conclude proceedings and this is now ... 27 weeks')."""
    toks = sent.toks
    last = None
    for i, t in enumerate(toks):
        if t.start >= m.start:
            break
        if t.lower == "of" and 0 < i < len(toks) - 1 and toks[i - 1].tag in _NOUN and toks[i + 1].tag in _NOUN:
            last = i
    if last is None:
        return None
    start = _np_start(sent, last - 1)
    end = _np_chain_end(sent, last + 2)
    return _render(sent, start, _postmod_end(sent, end, pats, limit=5))


def _content_words(text: str, pats: Patterns) -> list:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in pats.words("generic_heads")]


def _prior_measure(m: Mention, ctx: BlockContext) -> Optional[str]:
    """The measure of the nearest earlier figure of the same unit in the sentence or block."""
    for unit, measure in reversed(ctx.measures):
        if measure and (unit == m.unit or {unit, m.unit} <= {"count", "per_10000"}):
            return re.sub(r"^rate of ", "", measure) if m.unit != "per_10000" else measure
    return None


def _render(sent: Sentence, i: int, j: int) -> Optional[str]:
    """Tokens i..j of the sentence as measure text: without numbers, 'per 10,000', periods,
    leading determiners/prepositions and trailing function words."""
    toks = sent.toks
    keep = []
    k = i
    while k < j:
        t = toks[k]
        masked = _is_masked(sent, t)
        if t.lower == "per" and k + 1 < j and toks[k + 1].tag == "CD":
            k += 2
            continue
        if masked or t.tag == "CD" or t.text in ("%", "£", "€", "+", "±", "“", "”", '"', "‘", "’") or \
                t.tag in ("``", "''"):
            k += 1
            continue
        keep.append(t)
        k += 1
    lead_verbs = patterns().words("measure_drop_lead")
    while keep and (keep[0].tag in ("DT", "PRP$", "IN", "CC", "RB", "EX", "TO", "WDT", "PDT", ",", ":", "HYPH")
                    or keep[0].text in _CLAUSE_BREAK or keep[0].text in ("(", ")")
                    or keep[0].lower in lead_verbs and len(keep) > 1 and keep[1].tag == "DT"):
        keep.pop(0)
    while keep and (keep[-1].tag in ("IN", "CC", "TO", "WDT", "WP", ",", ":", "HYPH", "PRP$")
                    or keep[-1].lower in ("the", "a", "an") or keep[-1].text in _CLAUSE_BREAK
                    or keep[-1].text == "("):
        keep.pop()
    if not keep:
        return None
    out = keep[0].text
    for a, b in zip(keep, keep[1:]):
        out += b.text if a.end == b.start else " " + b.text
    out = re.sub(r"\s+", " ", out).strip(" ,;:-–(*_")
    return out or None


def _change_subject(sent: Sentence, m: Mention) -> Optional[str]:
    """'an increase in care leavers in education from 35% to 42%': X of 'change in X from A to B'."""
    before = sent.text[:m.start]
    mm = re.search(r"(?i)\b(?:increase|decrease|rise|fall|reduction|drop|change|improvement|growth)s?\s+in\s+"
                   r"(?P<x>[^.;:()]+?)\s+from\s+(?:[^.;]*?\bto\s+)?[£€$]?$", before)
    if not mm:
        return None
    x = mm.group("x").strip()
    return x if len(x.split()) <= 16 else None


def _counted_noun(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """The counted noun with what follows it, after 'X of' when X says more ('maximum number of');
    for a duration followed by 'between/to/for ...', the unit with that phrase ('average of 710 days
    between BLA and placed for adoption')."""
    if m.noun_end is None or m.noun_start is None:
        return _duration_phrase(sent, m, pats)
    end = _postmod_end(sent, m.noun_end, pats) if m.unit == "count" else m.noun_end
    head = _render(sent, m.noun_start, end)
    if not head:
        return None
    of = _of_head_before(sent, m, pats)
    return f"{of} of {head}" if of else head


def _duration_phrase(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    if m.unit not in ("days", "weeks", "months", "years", "hours"):
        return None
    i = _first_tok_from(sent, m.end)
    if i >= len(sent.toks) or sent.toks[i].lower not in ("between", "from", "to", "for", "taken", "spent"):
        return None
    tail = _render(sent, i, _clause_end(sent, i + 1, 8))
    unit = sent.text[m.num_end:m.end].strip(" -")
    of = _of_head_before(sent, m, pats)
    return " ".join(x for x in (of, unit, tail) if x) if tail else None


def _of_head_before(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'a decrease of approximately 200-300', 'a potential occupancy of 141': the noun phrase before 'of'."""
    toks = sent.toks
    k = _tok_before(sent, m.start)
    while k >= 0 and toks[k].lower in pats.words("measure_stop_words") and toks[k].lower != "of":
        k -= 1
    if k < 1 or toks[k].lower != "of" or toks[k - 1].tag not in _NOUN:
        return None
    end = k
    start = k - 1
    while start > 0 and (toks[start - 1].tag in ("JJ", "JJR", "NN", "NNS", "NNP", "VBN") and
                         not sent.masked[toks[start - 1].start:toks[start - 1].end].startswith("\x00")):
        start -= 1
    text = _render(sent, start, end)
    return None if _weak(text, pats) and not text or text and all(
        w in ("total", "sum", "number", "figure", "amount", "value") for w in text.lower().split()) else text


def _tok_before(sent: Sentence, offset: int) -> int:
    """Index of the last token ending at or before offset."""
    i = sent.tok_at(offset)
    while i >= 0 and sent.toks[i].end > offset:
        i -= 1
    return i


def _of_object(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'70% for care leavers in education', '50% of the Health Assessments of LAC carried out',
    '176 of the current 210 children have been subject to a Child Protection Plan'."""
    if m.unit in ("gbp", "eur"):
        return None
    toks = sent.toks
    i = _first_tok_from(sent, m.end)
    if i >= len(toks) or toks[i].lower not in ("of", "for") or i + 1 >= len(toks):
        return None
    j = i + 1
    while j < len(toks) and (toks[j].tag in ("DT", "PRP$", "JJ", "CD") or toks[j].lower == "current") \
            and toks[j].lower not in ("which", "whom"):
        j += 1
    end = _np_end(sent, j, pats) or _np_end_loose(sent, j)
    if not end:
        return None
    return _render(sent, i + 1, _postmod_end(sent, end, pats))


def _noun_after(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'a 30% vacancy rate across CATO', '£60 per stone', 'one small (15m) wind turbine'."""
    toks = sent.toks
    i = _skip_parenthetical(sent, _first_tok_from(sent, m.end))
    if i >= len(toks):
        return None
    t = toks[i]
    if m.unit in ("gbp", "eur") and t.lower != "per" and not (t.tag in _NOUN and t.text.islower()):
        return None                                      # '£641.95 Business Saver Account' starts a new item
    if not (t.tag in _NOUN or t.tag in ("JJ", "VBG") or t.lower == "per") or not t.text.islower():
        return None
    end = _np_end_loose(sent, i)
    if not end:
        return None
    text = _render(sent, i, end)
    if text and t.lower == "per":
        text = f"per {text}"
        subject = _subject(sent, m, pats)
        return f"{subject} {text}" if subject else text  # 'cost per stone'
    return text


def _line_item(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """Payments lists: 'CGM Ltd - £149.45 - Grounds Maintenance - July' gives 'Grounds Maintenance';
    'Community Account £641.95 Business Saver Account £13862.63' gives the words before each sum."""
    if m.unit not in ("gbp", "eur") or any(t.tag in _FINITE for t in sent.toks):
        return None
    parts = re.split(r"\s[-–—]\s", sent.text)
    if len(parts) < 2:
        return None
    pos, spans = 0, []
    for part in parts:
        start = sent.text.index(part, pos)
        spans.append((start, start + len(part)))
        pos = start + len(part)
    k = next(k for k, (s, e) in enumerate(spans) if s <= m.start < e or k == len(spans) - 1)
    before = sent.text[spans[k][0]:m.start]
    prev_sum = max(before.rfind("£"), before.rfind("€"))
    if prev_sum >= 0:                                    # words since the previous sum in the segment
        before = re.sub(r"^[£€]\s?[\d,.]+", "", before[prev_sum:])
    later = (_strip_periods(sent.text[a:b]) for a, b in spans[k + 1:])
    nxt = next((x for x in later if re.search(r"[A-Za-z]{3}", x)), None)
    payment = pats.cues["payment"].fullmatch(before)     # 'E-on - DD £45.99 - Lighting': DD says nothing
    if nxt and (payment or not before.strip()):
        return nxt
    if re.search(r"[A-Za-z]{3}", before) and not payment:
        return before.strip(" -–:(") or None
    return nxt


def _strip_periods(text: str) -> str:
    """A line item without its month ('Salary/Expenses August' is 'Salary/Expenses')."""
    pats = patterns()
    for p in reversed(find_periods(text, pats)):
        text = text[:p.start] + text[p.end:]
    return re.sub(r"\s+", " ", text).strip(" -–:,.")


def _verb_after(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'77% had a return to home interview in 3 days', 'only one had a Health Assessment'."""
    if m.unit not in ("count", "percent") or m.noun_end is not None:
        return None
    i = _first_tok_from(sent, m.end)
    if i >= len(sent.toks) or sent.toks[i].tag not in _FINITE:
        return None
    return _render(sent, i, _clause_end(sent, i, 7))




def _subject(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """The phrase the figure is said of, back to its clause's start: 'the number of looked after
    children was 307', 'The external placement budget has been reduced by £2m', 'a caseload of 25',
    'the Clerk could arrange for emergency repairs up to a sum of £200'.  A weak head before 'of'
    takes the phrase after the figure instead ('at a cost of £150 for a two hour session')."""
    toks = sent.toks
    k = _tok_before(sent, m.start)
    weak = _weak_head_with_pp(sent, m, k, pats)
    if weak:
        return weak
    if k >= 0 and toks[k].text == ")":                  # '(the pre-issuing ... stage) for more than'
        k = _before_parenthetical(sent, k)
    skipped_verb = False
    while k >= 0:
        t = toks[k]
        if t.lower in ("this", "it", "these", "they") and not skipped_verb:
            return t.lower                               # 'reduce this to 26 weeks': an anaphor
        if t.lower in pats.words("measure_bridge_words") or t.tag in ("CD", "RB", "DT", "EX", "JJR") or \
                t.text == "(" or \
                _is_masked(sent, t):
            k -= 1
        elif t.tag.startswith("VB") and not skipped_verb:
            skipped_verb = True                          # 'This compares to a rate of 53'
            k -= 1
        elif t.text == ")":
            k = _before_parenthetical(sent, k)
        else:
            break
    if 0 <= k < len(toks) - 1 and toks[k].tag in ("JJ", "JJR") and toks[k + 1].tag in _NOUN:
        k += 1                                           # 'a national target of 70%': keep the head noun
    if k > 0 and toks[k].text == "," and toks[k + 1].lower in pats.words("bridge_participles"):
        k -= 1                                           # 'annual funding from the DfE, totalling £140m'
    if k < 0 or toks[k].text in _CLAUSE_BREAK or toks[k].tag in (",", ":", "-LRB-", "-RRB-", "IN", "CC", "WDT") \
            or toks[k].lower in pats.words("clause_openers"):
        return None                                      # 'as opposed to the current 61.5%'
    start = k
    while start > 0 and k - start < 12:
        p = toks[start - 1]
        if p.text in _CLAUSE_BREAK or p.tag in (",", ":", "-LRB-", "-RRB-") or p.text.endswith("-") \
                or p.lower in pats.words("clause_openers") or p.tag in ("VBZ", "VBP", "MD") or \
                p.tag == "VBD" and not (start < len(toks) and toks[start].lower == "after") or \
                p.tag == "VBN" and start > 1 and toks[start - 2].lower in pats.words("auxiliaries"):
            break
        start -= 1
    text = _render(sent, start, k + 1)
    if text and re.match(r"(?i)(?:the\s+)?(?:time of writing|same period)\b", text):
        return None
    return text




def _weak_head_with_pp(sent: Sentence, m: Mention, k: int, pats: Patterns) -> Optional[str]:
    """'a cost of £150 for a two hour session' is 'cost for a two hour session'."""
    toks = sent.toks
    if k < 1 or toks[k].lower != "of" or toks[k - 1].lower not in pats.words("weak_money_heads"):
        return None
    i = _first_tok_from(sent, m.end)
    if i >= len(toks) or toks[i].lower not in ("for", "per", "on", "towards"):
        return None
    tail = _render(sent, i, _clause_end(sent, i + 1, 6))
    return f"{toks[k - 1].text} {toks[i].text} {tail}" if tail else None


def _before_parenthetical(sent: Sentence, k: int) -> int:
    """Index of the token before the '(' that matches the ')' at k."""
    j = k
    while j >= 0 and sent.toks[j].text != "(" and k - j < 12:
        j -= 1
    return j - 1 if j >= 0 and sent.toks[j].text == "(" else k


def _postmod_end(sent: Sentence, j: int, pats: Patterns, limit: int = 8) -> int:
    """Extend a noun phrase ending at token j over what modifies it: 'that ceased to be LAC',
    'were not in suitable accommodation', 'being supported by Social Care', 'subject to plans',
    'we were actively family-finding for'."""
    toks = sent.toks
    if j >= len(toks):
        return j
    t = toks[j]
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    if t.tag in ("WDT", "WP", "WRB", "VBG", "VBN", "VBD", "VBP", "VBZ", "MD", "RB", "PRP") or \
            t.tag == "IN" and t.lower in pats.words("postmod_preps") or t.tag == "TO" or \
            t.tag == "JJ" and nxt is not None and nxt.tag in ("IN", "TO"):
        return _clause_end(sent, j, limit)
    return j




def _clause_end(sent: Sentence, j: int, limit: int) -> int:
    """Token index where the clause that continues at j stops (punctuation, a new number, or the limit)."""
    toks = sent.toks
    k = j
    while k < len(toks) and k < j + limit:
        t = toks[k]
        if t.text in _CLAUSE_BREAK or t.tag in (",", ":", "-LRB-", "-RRB-", ".") or t.text.endswith("-"):
            break
        if t.tag == "CC" and k + 1 < len(toks) and (toks[k + 1].tag == "CD" or toks[k + 1].tag == "EX"):
            break
        if t.tag == "CD" and k > j and any(c.isdigit() for c in t.text) and \
                not _is_masked(sent, t):
            break
        if t.lower in ("but", "although", "whereas", "while", "which", "so", "along", "as") and k > j:
            break
        k += 1
    return k


def _np_end_loose(sent: Sentence, i: int) -> Optional[int]:
    """End of a noun phrase starting at i, allowing inner adjectives and 'per X' ('vacancy rate', 'per stone')."""
    toks = sent.toks
    j, last = i, None
    while j < len(toks) and j < i + 6:
        t = toks[j]
        if t.tag in _NOUN:
            last = j + 1
        elif t.tag in ("JJ", "VBG", "VBN", "HYPH", "POS") or (t.lower == "per" and j + 1 < len(toks)):
            pass
        elif t.tag == "IN" and last is not None and t.lower in ("across", "within", "in", "on", "for") and j < i + 4:
            pass
        else:
            break
        j += 1
    return last


def _weak(text: Optional[str], pats: Patterns) -> bool:
    """A measure made only of generic words ('total', 'number', 'figure')."""
    if not text:
        return True
    words = re.findall(r"[a-z]+", text.lower())
    return not words or all(w in pats.words("generic_heads") for w in words)


def _first_np(sent: Sentence, pats: Patterns) -> Optional[str]:
    """The sentence's first noun phrase, with 'looked after' modifiers and 'of/for' chains
    ('target for the number of foster families'), as a last resort."""
    toks = sent.toks or []
    for i, t in enumerate(toks):
        if t.tag in _NOUN and not _is_masked(sent, t) and t.lower not in pats.words("anaphors"):
            return _render(sent, _np_start(sent, i), _np_chain_end(sent, i + 1))
    return None


def _np_start(sent: Sentence, i: int) -> int:
    """Walk back from the noun at i over its modifiers ('missing looked after children')."""
    toks = sent.toks
    j = i
    while j > 0:
        p = toks[j - 1]
        if p.text.endswith("-") and len(p.text) > 1:
            break
        if p.tag in ("JJ", "NN", "NNP", "NNS", "VBN", "VBG", "HYPH"):
            j -= 1
        elif p.lower == "after" and j > 1 and toks[j - 2].tag in ("VBN", "VBD"):
            j -= 2
        else:
            break
    return j


def _np_chain_end(sent: Sentence, end: int) -> int:
    """Extend a noun phrase ending at `end` over nouns and up to two 'of/for/in' phrases."""
    toks = sent.toks
    while end < len(toks) and toks[end].tag in _NOUN:
        end += 1
    for _ in range(2):
        if end < len(toks) and toks[end].lower in ("of", "for", "in"):
            j = end + 1
            while j < len(toks) and toks[j].tag in ("DT", "JJ", "PRP$", "VBN", "VBG"):
                j += 1
            if j < len(toks) and toks[j].tag in _NOUN and not sent.masked[toks[j].start:toks[j].end].startswith("\x00"):
                end = j + 1
                while end < len(toks) and toks[end].tag in _NOUN:
                    end += 1
                continue
        break
    return end


def _vote_measure(sent: Sentence, m: Mention, history: list, pats: Patterns) -> str:
    """'votes for <the motion>': the motion is the nearest 'proposed ...', 'elected ...' clause before."""
    side = m.vote or "votes for"
    motion = _motion(sent.text[:m.start], pats)
    for prev in reversed(history[-3:]):
        if motion:
            break
        motion = _motion(prev.text, pats)
    return f"{side} {motion}" if motion else side




def _motion(text: str, pats: Patterns) -> Optional[str]:
    """The last motion stated in a text, trimmed to a few words."""
    found = None
    for mm in pats.cues["motion"].finditer(text):
        if mm.group("m"):
            found = mm.group("m")
        else:
            found = (mm.group("who") + (mm.group("as") or "")).strip()
    if not found:
        return None
    return " ".join(found.strip(" *").split()[:10])


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

_CELL = re.compile(rf"^(?P<open>\()?\s*(?P<sign>[-−+])?\s*(?P<cur>[£€$])?\s*(?P<num>{_NUM})\s*"
                   rf"(?P<mult>{_MULT})?\s*(?P<pct>%)?\s*(?P<close>\))?$")


def table_figures(doc: Doc, doc_text: str, block: Block, pats: Patterns) -> list:
    """One figure per numeric cell: row label + column heading as measure (financial brackets negative)."""
    text = doc_text[block.start:block.end]
    rows = []
    pos = block.start
    for line in text.split("\n"):
        cells, cpos = [], pos
        for cell in line.split("\t"):
            cells.append((cell, cpos))
            cpos += len(cell) + 1
        rows.append(cells)
        pos += len(line) + 1
    if not rows:
        return []
    header_n = _header_rows(rows)
    headings = _column_headings(rows[:header_n])
    caption = _caption(doc, block)
    all_heads = " ".join(headings + [caption]).lower()
    money = any(w in all_heads for w in pats.data["table_money_words"])
    scale = next((v for k, v in pats.data["table_scale"].items() if k in all_heads.replace(" ", "")), 1)
    table_period = _first_period(" ".join(headings), pats) or _first_period(caption, pats)
    out = []
    for row in rows[header_n:]:
        label = _row_label(row)
        for ci, (cell, cstart) in enumerate(row):
            heading = headings[ci] if ci < len(headings) else ""
            rec = _cell_figure(doc_text, cell, cstart, label, heading, money, scale, table_period, pats)
            if rec is not None:
                out.append(rec)
    return out


def _is_number_cell(cell: str) -> bool:
    return bool(_CELL.match(cell.strip())) and not re.fullmatch(rf"\s*{_YEAR}\s*", cell)


def _header_rows(rows: list) -> int:
    """Leading rows with no numeric cell beyond the first column are headings."""
    n = 0
    for row in rows:
        if any(_is_number_cell(c) for c, _ in row[1:]) and n > 0 or \
                (n == 0 and sum(_is_number_cell(c) for c, _ in row[1:]) > len(row) // 2):
            break
        n += 1
        if n >= 3:
            break
    return min(n, max(len(rows) - 1, 0))


def _column_headings(header_rows: list) -> list:
    width = max((len(r) for r in header_rows), default=0)
    heads = []
    for ci in range(width):
        parts = [r[ci][0].strip() for r in header_rows if ci < len(r) and r[ci][0].strip()]
        heads.append(" ".join(parts))
    return heads


def _caption(doc: Doc, block: Block) -> str:
    """The paragraph just before a table often says what and when it reports."""
    document = doc._.document
    if document is None:
        return ""
    i = document.blocks.index(block)
    return document.blocks[i - 1].text if i > 0 else ""


def _first_period(text: str, pats: Patterns) -> Optional[str]:
    found = find_periods(text, pats) or _short_years(text)
    return found[0].text if found else None


def _short_years(text: str) -> list:
    """'14-15' in a column heading: a financial year written short."""
    out = []
    for m in re.finditer(r"(?<![\d/])(\d{2})\s?[-/]\s?(\d{2})(?![\d/])", text):
        if (int(m.group(1)) + 1) % 100 == int(m.group(2)):
            out.append(Period(m.start(), m.end(), m.group(0)))
    return out


def _row_label(row: list) -> str:
    labels = [c.strip() for c, _ in row if c.strip() and not _is_number_cell(c)]
    return labels[0] if labels else ""


def _cell_figure(doc_text: str, cell: str, cstart: int, label: str, heading: str, money: bool, scale: float,
                 table_period: Optional[str], pats: Patterns):
    """The figure in one table cell, or None when the cell is not a quantity."""
    stripped = cell.strip()
    m = _CELL.match(stripped)
    if not m or not _is_number_cell(stripped) or not label:
        return None
    head_l = heading.lower()
    if head_l.strip(" .") in pats.words("table_skip_columns"):
        return None
    value = _to_number(m.group("num")) * pats.data["multipliers"].get((m.group("mult") or "").lower(), 1)
    if m.group("open") and m.group("close") or m.group("sign") in ("-", "−"):
        value = -value
    if m.group("pct") or "%" in heading or "percent" in head_l or "rate" in head_l:
        unit = "percent"
    elif m.group("cur"):
        unit = pats.data["currency_symbols"][m.group("cur")]
    elif money:
        unit = "gbp"
        value *= scale if not m.group("mult") else 1
    else:
        unit = next((u for w, u in pats.unit_words.items() if re.search(rf"\b{re.escape(w)}\b", head_l)), "count")
    if any(w in head_l for w in pats.data["table_change_words"]):
        kind = "change"
    elif any(w in head_l for w in pats.data["table_actual_words"]):
        kind = "actual"
    elif any(re.search(rf"\b{re.escape(w)}\b", head_l) for w in pats.data["table_target_words"]):
        kind = "target"
    else:
        kind = "actual"
    heading_clean = heading
    for noise in pats.data["table_heading_noise"]:
        heading_clean = re.sub(rf"(?i)^{re.escape(noise)}\s+", "", heading_clean)
    period = _first_period(heading, pats) or table_period
    lead = len(cell) - len(cell.lstrip())
    start = cstart + lead
    return _record(doc_text, start, start + len(stripped), "figure.table_cell", 0.85,
                       value=_clean_number(value), value_high=None, unit=unit,
                       measure=f"{label} {heading_clean}".strip(), period=period, kind=kind)
