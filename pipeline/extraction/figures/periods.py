"""Date and period expressions: masked so they are not read as figures, then reported as a figure's period.

A sentence's periods are found once; each figure takes the nearest one
(``nearest_period``), and a period said only as a comparison ('compared to
the same period last year') is a baseline, never the figure's own.
"""
from __future__ import annotations

import re
from typing import Optional

from .wordlists import Patterns
from .sentence import Mention, Period, Sentence

_BASELINE = re.compile(r"(?i)\b(?:same as|compared (?:to|with)|than|against|versus|vs\.?)\s+(?:the\s+)?$")


def find_periods(text: str, pats: Patterns) -> list[Period]:
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


def nearest_period(sent: Sentence, m: Mention) -> Optional[str]:
    """The period expression of the sentence nearest to the figure (ties go to the one before it)."""
    best, best_d = None, None
    for p in sent.periods:
        if p.start < m.end and m.start < p.end or p.baseline:
            continue
        d = m.start - p.end if p.end <= m.start else (p.start - m.end) + 0.5
        if best_d is None or d < best_d:
            best, best_d = p.text, d
    return best
