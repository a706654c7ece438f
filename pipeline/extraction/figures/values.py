"""Reading numbers: digits with their currency, multiplier, range and unit; number words; frequencies; votes.

Each finder returns ``Mention`` objects (value, unit, rule, confidence and
the span to quote); ``figure_record`` turns a span into the Record.  Number
words are only figures when something counted follows ('twelve children',
'only one'), since 'one' alone is as often a pronoun.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional, Union

from ... import rules
from ...records import Record
from ..common import trim
from .exclusions import excluded
from .wordlists import Patterns
from .sentence import CLAUSE_BREAK, DURATION_UNITS, MONEY_UNITS, NOUN, Mention, Sentence

_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _frequency() -> re.Pattern:
    """'twice a year' (``frequency_words`` and ``frequency_periods`` of figures.json), built once."""
    data = rules.load("patterns/figures.json")
    return re.compile(r"(?i)\b(?P<w>" + "|".join(data["frequency_words"]) + r")\s+(?:a|per|each|every)\s+"
                      r"(?:" + "|".join(data["frequency_periods"]) + r")\b")


def may_hold_numbers(text: str, pats: Patterns) -> bool:
    """Could the text hold a figure at all?  Most sentences cannot, and skip tokenising and masking."""
    return bool(_DIGIT.search(text) or pats.word_number.search(text) or _frequency().search(text))


def to_number(s: str) -> float:
    """'1,234.5' is 1234.5."""
    return float(s.replace(",", ""))


def clean_number(v: Optional[float]) -> Optional[Union[int, float]]:
    """Whole numbers as int, others rounded to remove float noise."""
    if v is None:
        return None
    if abs(v - round(v)) < 1e-9:
        return int(round(v))
    return round(v, 6)


def figure_record(doc_text: str, start: int, end: int, rule: str, confidence: float, **fields) -> Optional[Record]:
    """A figure record quoting doc_text[start:end], trimmed with ``common.trim`` like every record,
    except that a leading minus sign stays part of the quote ('-£124.5m'), which ``trim`` would cut."""
    signed = doc_text[start:start + 1] in "-−" and start + 1 < end
    start, end = trim(doc_text, start, end)
    if end <= start:
        return None
    if signed and doc_text[start - 1] in "-−":
        start -= 1                                        # keep the sign of '-£124.5m'
    return Record(type="figure", quote=doc_text[start:end], start=start, end=end, rule=rule,
                  confidence=round(confidence, 2), **fields)


def without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """'53 per 10,000' is one mention: drop the '10,000' found inside an earlier one's unit."""
    out: list = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


# ---------------------------------------------------------------------------
# Digits
# ---------------------------------------------------------------------------

def numeric_mentions(sent: Sentence, pats: Patterns) -> list[Mention]:
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
        value = to_number(m.group("num"))
        high = to_number(m.group("num2")) if m.group("num2") else None
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
    if suffix and m.unit not in MONEY_UNITS:
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
        m.unit = pats.data["per_rates"].get(rm.group("base"), "other")
        m.rule, m.confidence = "figure.rate", 0.8
        return True
    if m.unit in MONEY_UNITS:
        return True
    um = pats.unit_after.match(rest)
    if um:
        m.end += um.end()
        m.unit = pats.unit_words[um.group("u").lower()]
        m.rule, m.confidence = "figure.duration" if m.unit in DURATION_UNITS else "figure.unit", 0.8
        return True
    cw = re.match(r"(?i)\s(pounds?|pence|euros?)\b", rest)
    if cw:
        m.end += cw.end()
        m.unit = pats.data["currency_words"][cw.group(1).lower()]
        m.rule, m.confidence = "figure.money", 0.8
    return True


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------

def word_mentions(sent: Sentence, pats: Patterns, found: list[Mention]) -> list[Mention]:
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
        m = Mention(start=s, end=e, num_start=s, num_end=e, value=value, value_high=high,
                    rule="figure.count_noun", confidence=0.7, word=True)
        one = value == 1 and high is None
        rest = sent.masked[e:]
        pm = pats.percent_after.match(rest)
        um = pats.unit_after.match(rest)
        i = sent.tok_at(s)
        j = sent.tok_at(e - 1) + 1                     # the token after the number word(s)
        prev = sent.toks[i - 1].lower if i > 0 else ""
        nxt = sent.toks[j] if j < len(sent.toks) else None
        ends_clause = nxt is None or nxt.tag in (",", ".", ":", "CC") or nxt.text in CLAUSE_BREAK
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
        if excluded(sent, m, pats):
            continue
        out.append(m)
    return out


def _word_value(word: str, pats: Patterns) -> float:
    """'twenty-five' is 25."""
    return float(sum(pats.number_words[p] for p in word.lower().split("-")))


def _starts_noun(sent: Sentence, i: int, pats: Patterns, one: bool = False) -> bool:
    """Does a counted noun phrase start at token i (adjectives then a noun)?  After 'one' a unit,
    a plural or an idiom noun ('one way') says the word is not a count."""
    toks = sent.toks
    j = i
    while j < len(toks) and j < i + 4:
        t = toks[j]
        if t.tag in NOUN and t.lower not in pats.words("count_noun_exclusions"):
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


def frequencies(sent: Sentence) -> list[Mention]:
    """'twice a year' is a frequency of 2 (unit other)."""
    return [Mention(start=m.start(), end=m.end(), num_start=m.start(), num_end=m.start("w") + len(m.group("w")),
                    value=float(rules.load("patterns/figures.json")["frequency_words"][m.group("w").lower()]),
                    unit="other", rule="figure.frequency",
                    confidence=0.7, word=True)
            for m in _frequency().finditer(sent.masked)]


def vote_headings(sent: Sentence, pats: Patterns) -> list[Mention]:
    """Recorded votes written as 'For (57)', 'Against (0)', 'Abstain (2)'."""
    out = []
    for m in re.finditer(r"(?i)\b(?P<w>for|against|abstain|abstentions?)\s*\(\s*(?P<n>\d{1,3})\s*\)", sent.text):
        if sent.masked[m.start("n"):m.end("n")].isdigit():
            w = m.group("w").lower()
            out.append(Mention(start=m.start(), end=m.end(), num_start=m.start("n"), num_end=m.end("n"),
                               value=float(m.group("n")), unit="count", rule="figure.vote", confidence=0.75,
                               vote=pats.data["vote_words"].get(w, "votes for")))
    return out
