"""A figure's kind: actual, target or change, from cue words in its own clause.

Clauses are cut at punctuation (no parser), so a cue only counts when it is
in the same stretch of text as the figure: in 'the target is 90%, we achieved
85%' each number reads its own clause.
"""
from __future__ import annotations

import re
from typing import Optional

from .wordlists import Patterns
from .sentence import DURATION_UNITS, Mention, Sentence, Tok, is_clause_break


def kind(sent: Sentence, m: Mention, pats: Patterns, subject_target: bool) -> str:
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
    duration = m.unit in DURATION_UNITS
    before = [t.lower for t in _clause_tokens(sent, m, -1, 12)]
    target, change, actual = pats.words("target_cues"), pats.words("change_cues"), pats.words("actual_cues")
    weak_change = pats.words("change_cues_need_by")
    dur_cues = pats.words("target_cues_duration_only")
    target_phrases = target | dur_cues
    for k, w in enumerate(before):
        ph = _phrase_at(before, k, target_phrases)
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


def subject_is_target(sent: Sentence, pats: Patterns) -> bool:
    """'The target for the number of foster families had been ... increased to 25': the subject says target."""
    words = []
    for t in sent.toks[:8]:
        if t.tag.startswith("VB") or t.tag == "MD":
            break
        words.append(t.lower)
    return any(w in ("target", "targets", "aim", "threshold", "standard", "limit", "ambition") for w in words)


def _clause_tokens(sent: Sentence, m: Mention, direction: int, limit: int) -> list[Tok]:
    """Tokens before (direction -1, nearest first) or after (+1) the mention, within its clause."""
    toks = sent.toks
    out: list = []
    if direction < 0:
        i = sent.tok_before(m.start)
        while i >= 0 and len(out) < limit:
            t = toks[i]
            if is_clause_break(t) or t.text.endswith("-"):
                break
            if t.lower in ("and", "but", "while", "whereas") and (not out or out[-1].tag.startswith("VB")):
                break                                     # '... overspend of £23.3m and represented 1.6%'
            out.append(t)
            i -= 1
    else:
        i = sent.tok_from(m.end)
        while i < len(toks) and len(out) < limit:
            t = toks[i]
            if is_clause_break(t):
                break
            out.append(t)
            i += 1
    return out


def _phrase_at(words: list[str], k: int, phrases: frozenset) -> Optional[str]:
    """A cue phrase (one to three words) that ends at position k of a nearest-first word list."""
    for n in (3, 2, 1):
        if k + n <= len(words):
            ph = " ".join(reversed(words[k:k + n]))
            if ph in phrases:
                return ph
    return None
