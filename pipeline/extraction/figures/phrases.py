"""Noun phrases and clauses from part-of-speech tags alone (the pipeline runs no parser).

The count and measure rules walk tokens from a figure to the phrase it
counts or describes; these helpers say where such a phrase starts and ends,
and ``render`` turns a token range into measure text.
"""
from __future__ import annotations

import re
from typing import Optional

from .wordlists import Patterns, patterns
from .sentence import CLAUSE_BREAK, NOUN, Sentence, is_clause_break


def np_end(sent: Sentence, i: int, pats: Patterns) -> Optional[int]:
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
        if t.tag in NOUN and t.lower not in pats.words("count_noun_exclusions") \
                and not sent.is_masked(t):
            last_noun = j + 1
        elif t.tag in ("JJ", "JJR", "VBG", "HYPH", "VBN") and (last_noun is None or nxt is not None and
                                                              nxt.tag in NOUN + ("JJ", "HYPH")):
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


def np_end_loose(sent: Sentence, i: int) -> Optional[int]:
    """End of a noun phrase starting at i, allowing inner adjectives and 'per X' ('vacancy rate', 'per stone')."""
    toks = sent.toks
    j, last = i, None
    while j < len(toks) and j < i + 6:
        t = toks[j]
        if t.tag in NOUN:
            last = j + 1
        elif t.tag in ("JJ", "VBG", "VBN", "HYPH", "POS") or (t.lower == "per" and j + 1 < len(toks)):
            pass
        elif t.tag == "IN" and last is not None and t.lower in ("across", "within", "in", "on", "for") and j < i + 4:
            pass
        else:
            break
        j += 1
    return last


def np_start(sent: Sentence, i: int) -> int:
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


def np_chain_end(sent: Sentence, end: int) -> int:
    """Extend a noun phrase ending at `end` over nouns and up to two 'of/for/in' phrases."""
    toks = sent.toks
    while end < len(toks) and toks[end].tag in NOUN:
        end += 1
    for _ in range(2):
        if end < len(toks) and toks[end].lower in ("of", "for", "in"):
            j = end + 1
            while j < len(toks) and toks[j].tag in ("DT", "JJ", "PRP$", "VBN", "VBG"):
                j += 1
            if j < len(toks) and toks[j].tag in NOUN and not sent.is_masked(toks[j]):
                end = j + 1
                while end < len(toks) and toks[end].tag in NOUN:
                    end += 1
                continue
        break
    return end


def postmod_end(sent: Sentence, j: int, pats: Patterns, limit: int = 8) -> int:
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
        return clause_end(sent, j, limit)
    return j


def clause_end(sent: Sentence, j: int, limit: int) -> int:
    """Token index where the clause that continues at j stops (punctuation, a new number, or the limit)."""
    toks = sent.toks
    k = j
    while k < len(toks) and k < j + limit:
        t = toks[k]
        if is_clause_break(t) or t.tag == "." or t.text.endswith("-"):
            break
        if t.tag == "CC" and k + 1 < len(toks) and (toks[k + 1].tag in ("CD", "EX") or
                                                     toks[k + 1].tag == "DT" and k > j):
            break                                        # 'had a placement order and a continued plan'
        if t.tag == "CD" and k > j and any(c.isdigit() for c in t.text) and not sent.is_masked(t):
            break
        if t.lower in ("but", "although", "whereas", "while", "which", "so", "along", "as") and k > j:
            break
        k += 1
    return k


def skip_parenthetical(sent: Sentence, i: int) -> int:
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


def before_parenthetical(sent: Sentence, k: int) -> int:
    """Index of the token before the '(' that matches the ')' at k, or before the ')' itself when
    no '(' opens within 12 tokens.  Always below k, so callers walking back over brackets advance
    ('ACME(tree surgery)' tokenises with no '(' token of its own)."""
    j = k
    while j >= 0 and sent.toks[j].text != "(" and k - j < 12:
        j -= 1
    return j - 1 if j >= 0 and sent.toks[j].text == "(" else k - 1


def render(sent: Sentence, i: int, j: int) -> Optional[str]:
    """Tokens i..j of the sentence as measure text: without numbers, 'per 10,000', periods,
    leading determiners/prepositions and trailing function words."""
    toks = sent.toks
    keep = []
    k = i
    while k < j:
        t = toks[k]
        if t.lower == "per" and k + 1 < j and toks[k + 1].tag == "CD":
            k += 2
            continue
        if sent.is_masked(t) or t.tag == "CD" or t.text in ("%", "£", "€", "+", "±", "“", "”", '"', "‘", "’") or \
                t.tag in ("``", "''"):
            k += 1
            continue
        keep.append(t)
        k += 1
    lead_verbs = patterns().words("measure_drop_lead")
    while keep and (keep[0].tag in ("DT", "PRP$", "IN", "CC", "RB", "EX", "TO", "WDT", "PDT", ",", ":", "HYPH")
                    or keep[0].text in CLAUSE_BREAK or keep[0].text in ("(", ")")
                    or keep[0].lower in lead_verbs and len(keep) > 1 and keep[1].tag == "DT"):
        keep.pop(0)
    while keep and (keep[-1].tag in ("IN", "CC", "TO", "WDT", "WP", ",", ":", "HYPH", "PRP$")
                    or keep[-1].lower in ("the", "a", "an") or keep[-1].text in CLAUSE_BREAK
                    or keep[-1].text == "("):
        keep.pop()
    if not keep:
        return None
    out = keep[0].text
    for a, b in zip(keep, keep[1:]):
        out += b.text if a.end == b.start else " " + b.text
    out = re.sub(r"\s+", " ", out).strip(" ,;:-–(*_")
    return out or None


def first_np(sent: Sentence, pats: Patterns) -> Optional[str]:
    """The sentence's first noun phrase, with 'looked after' modifiers and 'of/for' chains
    ('target for the number of foster families'), as a last resort."""
    for i, t in enumerate(sent.toks):
        if t.tag in NOUN and not sent.is_masked(t) and t.lower not in pats.words("anaphors"):
            return render(sent, np_start(sent, i), np_chain_end(sent, i + 1))
    return None


def is_weak(text: Optional[str], pats: Patterns) -> bool:
    """A measure made only of generic words ('total', 'number', 'figure')."""
    if not text:
        return True
    words = re.findall(r"[a-z]+", text.lower())
    return not words or all(w in pats.words("generic_heads") for w in words)


def content_words(text: str, pats: Patterns) -> list[str]:
    """The words of a measure that are not generic ('drivers' in 'number of drivers')."""
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in pats.words("generic_heads")]
