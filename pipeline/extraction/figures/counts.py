"""What a bare number counts: the noun after it ('22 calls'), a side of a vote ('7 votes for'), a score, a rate.

A number with no unit of its own takes one from here, and its quote grows
over the counted noun; a capitalised noun straight after a number shows the
number is part of a name ('this 106 Agreement') and drops it.
"""
from __future__ import annotations

import re

from .exclusions import paragraph_reference
from .wordlists import Patterns
from .phrases import np_end, skip_parenthetical
from .sentence import Mention, Sentence


def count_noun(sent: Sentence, m: Mention, pats: Patterns) -> bool:
    """A bare number that counts a noun ('22 calls', 'twelve children') takes the noun into its quote.
    False when the noun shows the number is part of a name ('this 106 Agreement')."""
    if m.vote:
        return True
    if m.unit not in (None, "count"):
        i = skip_parenthetical(sent, sent.tok_from(m.end))
        if m.unit not in ("percent", "gbp", "eur") and i < len(sent.toks) and sent.toks[i].text.islower():
            m.noun_start, m.noun_end = i, np_end(sent, i, pats)   # 'two hour session', '(15m) wind turbine'
            unit_word = sent.text[m.num_end:m.end].strip(" -").lower()
            if m.noun_end and unit_word in pats.unit_words and not unit_word.endswith("s") and \
                    sent.toks[i].start == m.end + 1:
                m.end = sent.toks[m.noun_end - 1].end          # the quote takes the noun: '18 mile radius'
        return True
    i = sent.tok_from(m.end)
    if _vote_after(sent, m, i, pats):
        return True
    if re.search(r"(?i)\bvotes?\s+to\s*$", sent.text[:m.start]):
        m.unit, m.vote, m.rule, m.confidence = "count", "votes against", "figure.vote", 0.8
        return True                                      # 'carried by 8 votes to 3'
    end = np_end(sent, i, pats)
    if end is not None:
        head = sent.toks[end - 1]
        if not m.word and m.value != 1 and head.tag == "NNP" and end == i + 1 and head.text[:1].isupper():
            return False                                 # '106 Agreement', '66 Road': a name
        m.end = head.end
        m.noun_start, m.noun_end = i, end
        m.unit = "count"
        m.rule, m.confidence = "figure.count_noun", max(m.confidence, 0.75)
        return True
    if not m.word and m.unit is None and paragraph_reference(sent, m):
        return False
    # '194 (49.2 per 10,000) children': the noun after a bracketed aside
    j = skip_parenthetical(sent, i)
    if j != i and (end := np_end(sent, j, pats)) is not None:
        m.noun_start, m.noun_end = j, end
    m.unit = m.unit or ("score" if _score_context(sent, m, pats) else None)
    if m.unit is None and _rate_context(sent, m):
        m.unit, m.rule = "per_10000", "figure.rate"
    m.unit = m.unit or "count"
    return True


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
