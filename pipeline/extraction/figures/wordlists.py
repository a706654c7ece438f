"""The word lists of ``models/patterns/figures.json`` and the regexes built from them.

Everything that recognises a figure, a period or a non-figure is compiled
here once per process, so the rule modules only ask ``patterns()`` for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import rules
from ...dates import MONTHS, month_names

# Number formats shared by sentence and table reading.
_MONTHS = month_names()
# Headings write dates in capitals ("WEDNESDAY MARCH 5TH 2014", "12th SEPTEMBER 2018"): months and ordinal
# suffixes match in capitals too, never in lower case ("may" is a verb).
MONTH = rf"(?:{_MONTHS}|{_MONTHS.upper()})\.?"
# Whole month names but "May", which is a month only after "in", "of", "since" ... (a verb otherwise)
_FULL_MONTHS = "|".join(m.title() for m in MONTHS if m != "may")
DAY = r"(?:[0-3]?\d)(?:\s?(?:st|nd|rd|th|ST|ND|RD|TH))?"  # "12 th": a PDF superscript keeps its own space
YEAR = r"(?:18|19|20)\d{2}"
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
MULT = r"bn|billion|million|mn|m|k|thousand"


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
    data = rules.load("patterns/figures.json")
    words_alt = "|".join(sorted(data["number_words"], key=len, reverse=True))
    unit_alt = "|".join(sorted((re.escape(w) for w in data["unit_words"]), key=len, reverse=True))
    filler_alt = "|".join(data["unit_fillers"])
    return Patterns(
        data=data,
        sets={k: frozenset(v) for k, v in data.items() if isinstance(v, list) and k != "masks"},
        cues=_cues(data),
        period_prefix=re.compile(r"(?i)\b(?P<pre>since|until|up to|(?:the )?end of|as at|as of|at the|at|in|during|"
                                 r"from|by|over|throughout)\s+(?:the\s+)?$"),
        period_hint=re.compile(r"\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b|"
                               r"(?i:\b(?:week|month|year|quarter|date|summer|winter|spring|autumn)s?\b)"),
        number_words=data["number_words"],
        unit_words=data["unit_words"],
        periods=[(re.compile(p), kind) for p, kind in _periods(data, words_alt)],
        masks=[re.compile(m["regex"]) for m in data["masks"]],  # numeric-looking text that is never a figure
        numeric=re.compile(
            rf"(?P<sign>[-−](?=[£€$]?\d))?(?P<cur>[£€$])?\s?(?P<num>{NUM})"
            rf"(?:\s?(?P<mult>{MULT})(?![a-zA-Z]))?"
            rf"(?:(?P<sep>\s?[-–—]\s?|\s+to\s+)(?P<cur2>[£€$])?(?P<num2>{NUM})"
            rf"(?:\s?(?P<mult2>{MULT})(?![a-zA-Z]))?)?"),
        word_number=re.compile(rf"(?i)(?<![\w-])(?P<w>(?:{words_alt})(?:-(?:{words_alt}))?)"
                               rf"(?:\s+(?:or|to)\s+(?P<w2>(?:{words_alt})(?:-(?:{words_alt}))?))?(?![\w-])"),
        unit_after=re.compile(rf"(?i)^[\s-]?(?:(?:{filler_alt})[\s-])?(?P<u>{unit_alt})\b"),
        percent_after=re.compile(r"(?i)^\s?(?:%|per\s?cent\b|percent\b|percentage points?\b)"),
        per_rate_after=re.compile(r"(?i)^\s?per\s+(?P<base>10,000|10000|10k|1,000|1000|100,000|100000|100)\b"),
    )


def _periods(data: dict, words_alt: str) -> list:
    """Date and period expressions as (regex, kind), earlier ones winning where they overlap."""
    return [
        # financial years and year spans: 2017/18, 2017 / 18, 2024-25, 2022-2027, FY 2014/15, 2013/4
        (rf"(?<![\d,.£$€])(?:FY\s?)?{YEAR}\s?[/–-]\s?(?:{YEAR}|\d{{1,2}})(?![\d%])", "fy"),
        # quarters, optionally with their year
        (rf"\b(?:Q[1-4]|[Qq]uarter\s+[1-4])(?:\s*,?\s*(?:of\s+)?(?:FY\s?)?{YEAR}(?:\s?[/–-]\s?\d{{2,4}})?"
         rf"|\s+(?:last|this|next)\s+year)?\b", "q"),
        (rf"(?i)\b(?:summer|winter|spring|autumn)(?:\s+(?:term|holidays?|recess|break))?(?:\s+{YEAR})?\b", "season"),
        (r"(?<=[Dd]uring )(?:the\s+)?(?:[A-Z][a-z]+\s+){1,4}(?:Week|Month|Fortnight|Day)\b", "event"),
        (rf"\b{DAY}\s?(?:[-–]|to)\s?{DAY}\s+(?:of\s+)?{MONTH}(?:\s*,?\s*{YEAR})?\b", "date"),
        (rf"\b{DAY}\s+(?:of\s+)?{MONTH}(?:\s*,?\s*{YEAR})?\b", "date"),
        (rf"\b{MONTH}\s+{DAY}(?:st|nd|rd|th)?,?\s+{YEAR}\b", "date"),
        (rf"\b{MONTH}(?:\s+(?:and|to|-|–)\s+{MONTH})?\s*,?\s*{YEAR}\b", "date"),
        (r"(?<![\d.])\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\d.]\d)", "date"),
        (rf"\b{YEAR}-\d{{2}}-\d{{2}}\b", "date"),
        (rf"\b{MONTH}\s?[-–]\s?{MONTH}\b", "date"),
        (rf"\b(?:{_FULL_MONTHS})\s+"
         rf"[0-3]?\d(?:st|nd|rd|th)?\b(?![,.]?\d|\s*%)", "date"),
        (rf"\b(?:{_FULL_MONTHS})\b", "month"),
        (r"(?:" + "|".join(rf"(?<=\b{w} )" for w in ("in", "of", "since", "until", "from", "during", "by"))
         + r")May\b", "month"),
        (rf"(?<![\d,.£$€])\b{YEAR}\b(?!,\d|\d|\s?%|\.\d)", "year"),
        (rf"(?i)\b(?:over|during|in|within|across)\s+(?:a|the|this|that)\s+(?:\d+|{words_alt})[\s-]"
         r"(?:year|month|week|day)s?\s+period\b", "rel"),
        # 'over the last six months' is when; 'for the next five years' is how long (a figure)
        (rf"(?i)(?:\b(?:over|in|during|within)\s+the\s+(?:last|past|previous|next|coming|first|following)"
         rf"|(?<!for )\bthe\s+(?:last|past|previous))\s+(?:\d+|{words_alt})\s+(?:days|weeks|months|years|quarters)\b",
         "rel"),
        (r"(?i)\b(?:over\s+)?(?:" + "|".join(re.escape(p) for p in
                                       sorted(data["relative_periods"], key=len, reverse=True)) + r")\b", "rel"),
    ]


def _cues(data: dict) -> dict:
    """Cue regexes built from word lists (each list an alternation, longest words first)."""
    alt = lambda key: "|".join(map(re.escape, sorted(data[key], key=len, reverse=True)))
    titles = rules.titles()  # "Cllr X was duly elected", a motion's text ending at "seconded by Cllr Y"
    return {
        "age_before": re.compile(rf"(?i)\b(?:{alt('age_before')})\s*(?:of\s+)?(?:between\s+)?$"),
        "age_after": re.compile(rf"(?i)\s*(?:(?:[-–]|to|and)\s*\d+\s*)?[\s-]*(?:{alt('age_after')})\b"),
        "age_group": re.compile(rf"(?i)\b(?:{alt('age_group_nouns')})\s+(?:(?:aged|between|from)\s+)?$"),
        "phone_after": re.compile(rf"(?i)[\s*_]*(?:{alt('phone_after')})\b"),
        "phone_before": re.compile(rf"(?i)\b(?:{alt('phone_before')})[\s:*_]*$"),
        "change_after": re.compile(rf"\s*(?:{alt('change_after')})\b"),
        "score": re.compile(rf"(?i)\b(?:{alt('score_cues')})\s+(?:of\s+)?(?:at\s+least\s+)?$"),
        "approximator_before": re.compile(rf"(?i)\b(?:{alt('approximator_phrases')})\s*[£€$]?\s*$"),
        "running_total_before": re.compile(rf"(?i)\bthe\s+(?:{alt('running_total_heads')})\b[^.;:()]{{0,50}}?\bto\s*[£€$]?\s*$"),
        "payment": re.compile(rf"(?i)\s*(?:{alt('payment_methods')})?\s*"),
        "motion": re.compile(
            rf"(?i)\b(?:{alt('motion_verbs')})\s+(?:that\s+)?(?P<m>.+?)"
            rf"(?=\s*(?:[,.;]|\s[-–]\s|\b(?:{alt('motion_stops')}|by (?:{titles}))\b|$))"
            rf"|(?P<who>(?:{titles})\.?\s+[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)\s+(?:was\s+)?(?:duly\s+)?"
            rf"(?:{alt('election_verbs')})(?P<as>\s+as\s+[\w -]+?)?(?=\s+(?:by|with)\b|\s+\d|\s*[,.]|\s*$)"),
    }
