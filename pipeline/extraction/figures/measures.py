"""A figure's measure: a few words saying what it counts or describes.

Tried in order of how directly the text says it (see ``measure``); where the
sentence names nothing ('this is now 27 weeks', 'a total of 12'), the
measure is borrowed from the figure before, the sentence's first noun
phrase or the section heading.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ... import rules
from .wordlists import Patterns, patterns
from .periods import find_periods
from .phrases import (before_parenthetical, clause_end, content_words, first_np, is_weak, np_chain_end, np_end,
                      np_end_loose, np_start, postmod_end, render, skip_parenthetical)
from .sentence import (DURATION_UNITS, FINITE, MONEY_UNITS, NOUN, BlockContext, Mention, Sentence,
                       is_clause_break)


def measure(sent: Sentence, m: Mention, ctx: BlockContext, pats: Patterns) -> Optional[str]:
    """A few words saying what the figure measures, tried in order of how directly the text says it:
    'an increase in X from A to B'; the noun it counts ('twelve children that ceased to be LAC');
    'N% of X'; a noun right after it ('30% vacancy rate'); a payments line ('Payee - £X - Item');
    a verb after it ('77% had a return home interview'); the subject linked to it by a verb
    ('the number of looked after children was 307').  Pronouns and generic words ('this', 'total')
    borrow the measure of the figure before."""
    if m.vote:
        return _vote_measure(sent, m, ctx.history, pats)
    side = _vote_heading().match(ctx.vote_heading or "")
    if side and re.match(r"\s*\)?\s*\.?\s*$", sent.text[m.num_end:]):
        # "In favour" / "Councillors Abbott, Brennan and Doyle (4)": the count closing a list of names
        return "councillors voting " + pats.data["vote_heading_sides"][side.group(1).lower()]
    found = (_change_subject(sent, m) or _counted_noun(sent, m, pats) or _of_object(sent, m, pats)
             or _noun_after(sent, m, pats) or _line_item(sent, m, pats) or _spent_on(sent, m)
             or _verb_after(sent, m) or _subject(sent, m, pats))
    found = re.sub(r"(?i)^(?:a|an|the)\s+|\s+of$", "", found) if found else found
    if (is_weak(found, pats) and (found or "").lower() != "total") or (found or "").lower() in pats.words("anaphors"):
        prior = _prior_measure(m, ctx) or _antecedent(sent, m, pats)
        found = prior or found or ctx.first_np or first_np(sent, pats) or ctx.heading
    if found and ctx.heading and len(content_words(found, pats)) <= 1 and m.unit != "gbp":
        found = f"{ctx.heading} {found}"                # '4 drivers' under 'Community Car Scheme'
    if found and m.unit == "per_10000" and "rate" not in found.lower():
        found = f"rate of {found}"
    return _qualify(sent, m, found, pats)


_SPENT_ON = re.compile(r"\s+(?:for|towards|on)\s+(?:the\s+|a\s+|an\s+)?((?:[\w'’-]+\s+){0,7}?[\w'’-]+)"
                       r"(?=\s*(?:[.,;:()]|\s[-–]\s|\s+(?:and|but|which|from|with|at|by)\b|$))")


def _spent_on(sent: Sentence, m: Mention) -> Optional[str]:
    """'£120 for repairs to the bus shelter bench', '£50 towards the Christmas lights': what the money is for."""
    if m.unit not in ("gbp", "eur"):
        return None
    found = _SPENT_ON.match(sent.text[m.end:])
    if not found or re.search(r"\d", found.group(1)) and not re.search(r"[A-Za-z]{3}", re.sub(r"\d\w*", "", found.group(1))):
        return None  # "£1,530.9m for 2025-26": a period, not what the money is for
    return found.group(1)


@lru_cache(maxsize=1)
def _vote_heading() -> re.Pattern:
    """A line that is only a side of a vote (``vote_heading_sides`` in figures.json)."""
    sides = sorted(rules.load("patterns/figures.json")["vote_heading_sides"], key=len, reverse=True)
    return re.compile(r"(?i)^\W*(" + "|".join(r"\s+".join(map(re.escape, s.split())) for s in sides) + r")\W*$")


def _qualify(sent: Sentence, m: Mention, found: Optional[str], pats: Patterns) -> Optional[str]:
    """Words the figure's own phrasing adds to its measure: a running total ('bringing the total ...
    to 257 properties' is 'total properties'), a frequency's period ('reviews took place twice a
    year' is 'reviews per year') and an age ('the figures were 12 months old' is 'age of the figures')."""
    if not found:
        return found
    lower = found.lower()
    if "total" not in lower and pats.cues["running_total_before"].search(sent.text[:m.start]):
        found = f"total {found}"
    if m.rule == "figure.frequency":
        per = sent.text[m.start:m.end].split()[-1]
        if per.lower() not in lower:
            found = f"{found} per {per}"
    if m.unit in DURATION_UNITS and re.match(r"\s*old\b", sent.text[m.end:]) and not lower.startswith("age"):
        found = f"age of {found}"
    return found


# ---------------------------------------------------------------------------
# Borrowed measures
# ---------------------------------------------------------------------------

def _prior_measure(m: Mention, ctx: BlockContext) -> Optional[str]:
    """The measure of the nearest earlier figure of the same unit in the sentence or block."""
    for unit, found in reversed(ctx.measures):
        if found and (unit == m.unit or {unit, m.unit} <= {"count", "per_10000"}):
            return re.sub(r"^rate of ", "", found) if m.unit != "per_10000" else found
    return None


def _antecedent(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """For 'this' with no earlier figure: the last 'X of Y' phrase before the figure in the sentence
    ('a reduction in the number of weeks taken to conclude proceedings and this is now ... 27 weeks')."""
    toks = sent.toks
    last = None
    for i, t in enumerate(toks):
        if t.start >= m.start:
            break
        if t.lower == "of" and 0 < i < len(toks) - 1 and toks[i - 1].tag in NOUN and toks[i + 1].tag in NOUN:
            last = i
    if last is None:
        return None
    start = np_start(sent, last - 1)
    end = np_chain_end(sent, last + 2)
    return render(sent, start, postmod_end(sent, end, pats, limit=5))


# ---------------------------------------------------------------------------
# What the sentence says, most direct first
# ---------------------------------------------------------------------------

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
    if m.unit == "count":
        found = _pp_subject(sent, m, pats)
        if found:
            return found
    end = postmod_end(sent, m.noun_end, pats) if m.unit == "count" else m.noun_end
    if _only_happened(sent, m.noun_end, end, pats):
        end = m.noun_end                                 # '7 journeys have taken place'
    head = render(sent, m.noun_start, end)
    if not head:
        return None
    of = _of_head_before(sent, m, pats)
    return f"{of} of {head}" if of else head


def _pp_subject(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """A counted noun inside the subject's prepositional phrase: the subject is what is measured
    ('the recruitment of six apprentices had taken place', 'the local housing offers in each of
    the 12 districts were different').  Only where the phrase opens a clause and a verb follows."""
    toks = sent.toks
    k = sent.tok_before(m.start)
    while k >= 0 and toks[k].tag in ("DT", "PDT", "PRP$"):
        k -= 1
    if k >= 2 and toks[k].lower == "of" and toks[k - 1].lower in pats.words("pp_quantifiers"):
        k -= 2                                           # 'in each of the'
    if k < 1 or toks[k].lower not in ("of", "in") or toks[k - 1].tag not in NOUN or sent.is_masked(toks[k - 1]):
        return None
    if m.noun_end >= len(toks) or toks[m.noun_end].tag not in FINITE:
        return None
    start = np_start(sent, k - 1)
    head = render(sent, start, k)
    if is_weak(head, pats) or head.lower() in pats.words("weak_count_heads") \
            or head.lower() in pats.words("change_cues"):
        return None                                      # 'a total of 12 children were'
    b = start - 1
    while b >= 0 and toks[b].tag in ("DT", "PRP$"):
        b -= 1
    if b >= 0 and not (is_clause_break(toks[b]) or toks[b].lower in pats.words("clause_openers")):
        return None
    return render(sent, start, m.noun_end)


def _only_happened(sent: Sentence, i: int, j: int, pats: Patterns) -> bool:
    """Do tokens i..j only say that something happened ('have taken place', 'took place')?"""
    words = [t for t in sent.toks[i:j] if t.lower not in pats.words("auxiliaries") and t.tag != "RB"]
    return len(words) == 2 and _light_verb(words[0], words[1], pats)


def _light_verb(verb, noun, pats: Patterns) -> bool:
    """Do the two tokens act as one verb ('took place')?"""
    return verb.lower in pats.data["light_verb_nouns"].get(noun.lower, ())


def _duration_phrase(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    if m.unit not in DURATION_UNITS:
        return None
    i = sent.tok_from(m.end)
    if i >= len(sent.toks) or sent.toks[i].lower not in ("between", "from", "to", "for", "taken", "spent"):
        return None
    tail = render(sent, i, clause_end(sent, i + 1, 8))
    unit = sent.text[m.num_end:m.end].strip(" -")
    of = _of_head_before(sent, m, pats)
    return " ".join(x for x in (of, unit, tail) if x) if tail else None


def _of_head_before(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'a decrease of approximately 200-300', 'a potential occupancy of 141': the noun phrase before 'of'."""
    toks = sent.toks
    k = sent.tok_before(m.start)
    while k >= 0 and toks[k].lower in pats.words("measure_stop_words") and toks[k].lower != "of":
        k -= 1
    if k < 1 or toks[k].lower != "of" or toks[k - 1].tag not in NOUN:
        return None
    end = k
    start = k - 1
    while start > 0 and (toks[start - 1].tag in ("JJ", "JJR", "NN", "NNS", "NNP", "VBN") and
                         not sent.is_masked(toks[start - 1])):
        start -= 1
    text = render(sent, start, end)
    if not text or all(w in ("total", "sum", "number", "figure", "amount", "value") for w in text.lower().split()):
        return None
    return text


def _of_object(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'70% for care leavers in education', '50% of the Health Assessments of LAC carried out',
    '176 of the current 210 children have been subject to a Child Protection Plan'."""
    if m.unit in MONEY_UNITS:
        return None
    toks = sent.toks
    i = sent.tok_from(m.end)
    if i >= len(toks) or toks[i].lower not in ("of", "for") or i + 1 >= len(toks):
        return None
    j = i + 1
    while j < len(toks) and (toks[j].tag in ("DT", "PRP$", "JJ", "CD") or toks[j].lower == "current") \
            and toks[j].lower not in ("which", "whom"):
        j += 1
    end = np_end(sent, j, pats) or np_end_loose(sent, j)
    if not end:
        return None
    return render(sent, i + 1, postmod_end(sent, end, pats))


def _noun_after(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """'a 30% vacancy rate across CATO', '£60 per stone', 'one small (15m) wind turbine'."""
    toks = sent.toks
    i = skip_parenthetical(sent, sent.tok_from(m.end))
    if i >= len(toks):
        return None
    t = toks[i]
    if m.unit in MONEY_UNITS and t.lower != "per" and not (t.tag in NOUN and t.text.islower()):
        return None                                      # '£641.95 Business Saver Account' starts a new item
    if not (t.tag in NOUN or t.tag in ("JJ", "VBG") or t.lower == "per") or not t.text.islower():
        return None
    end = np_end_loose(sent, i)
    if not end:
        return None
    text = render(sent, i, end)
    if text and t.lower == "per":
        text = f"per {text}"
        subject = _subject(sent, m, pats)
        return f"{subject} {text}" if subject else text  # 'cost per stone'
    return text


def _line_item(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """Payments lists: 'CGM Ltd - £149.45 - Grounds Maintenance - July' gives 'Grounds Maintenance';
    'Community Account £641.95 Business Saver Account £13862.63' gives the words before each sum."""
    if m.unit not in MONEY_UNITS or any(t.tag in FINITE for t in sent.toks):
        return None
    parts = re.split(r"\s[-–—]\s", sent.text)
    if len(parts) < 2:
        return _comma_line_item(sent, m)
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


# A cheque or invoice number in a payments line: "Chq No 1273", "Cheque 1361", "Inv. 204", "BACS 12"
_REFERENCE = re.compile(r"\s*[A-Za-z][A-Za-z.]{1,7}(?:\s+No\.?)?\s*\d+\s*", re.I)


def _comma_line_item(sent: Sentence, m: Mention) -> Optional[str]:
    """Payments written with commas: 'Mrs Jane Davies, Clerk's Salary August 2018, Chq No 1273 £430.00' gives
    the item before the cheque number; 'Grant Thornton, External Audit £193.50' the part before the sum."""
    parts = re.split(r",\s+", sent.text[:m.start])
    if len(parts) < 2:
        return None
    last = parts[-1]
    if _REFERENCE.fullmatch(last) or not re.search(r"[A-Za-z]{3}", last):
        parts = parts[:-1]  # the cheque number says nothing of what was paid for
    item = parts[-1].strip(" -–:(") if len(parts) >= 2 else None
    return item if item and re.search(r"[A-Za-z]{3}", item) else None


def _strip_periods(text: str) -> str:
    """A line item without its month ('Salary/Expenses August' is 'Salary/Expenses')."""
    for p in reversed(find_periods(text, patterns())):
        text = text[:p.start] + text[p.end:]
    return re.sub(r"\s+", " ", text).strip(" -–:,.")


def _verb_after(sent: Sentence, m: Mention) -> Optional[str]:
    """'77% had a return to home interview in 3 days', 'only one had a Health Assessment'."""
    if m.unit not in ("count", "percent") or m.noun_end is not None:
        return None
    i = sent.tok_from(m.end)
    if i >= len(sent.toks) or sent.toks[i].tag not in FINITE:
        return None
    return render(sent, i, clause_end(sent, i, 7))


def _subject(sent: Sentence, m: Mention, pats: Patterns) -> Optional[str]:
    """The phrase the figure is said of, back to its clause's start: 'the number of looked after
    children was 307', 'The external placement budget has been reduced by £2m', 'a caseload of 25',
    'the Clerk could arrange for emergency repairs up to a sum of £200'.  A weak head before 'of'
    takes the phrase after the figure instead ('at a cost of £150 for a two hour session')."""
    toks = sent.toks
    approx = pats.cues["approximator_before"].search(sent.text[:m.start])
    k = sent.tok_before(approx.start() if approx else m.start)   # 'loans in the region of £1.64m'
    weak = _weak_head_with_pp(sent, m, k, pats)
    if weak:
        return weak
    if k >= 0 and toks[k].text == ")":                  # '(the pre-issuing ... stage) for more than'
        k = before_parenthetical(sent, k)
    skipped_verb = False
    while k >= 0:
        t = toks[k]
        if t.lower in ("this", "it", "these", "they") and not skipped_verb:
            return t.lower                               # 'reduce this to 26 weeks': an anaphor
        if t.lower in pats.words("measure_bridge_words") or t.tag in ("CD", "RB", "DT", "EX", "JJR") or \
                t.text == "(" or sent.is_masked(t):
            k -= 1
        elif t.tag.startswith("VB") and not skipped_verb:
            skipped_verb = True                          # 'This compares to a rate of 53'
            k -= 1
        elif k > 0 and not skipped_verb and _light_verb(toks[k - 1], t, pats):
            skipped_verb = True                          # 'reviews took place twice a year'
            k -= 2
        elif t.text == ")":
            k = before_parenthetical(sent, k)
        else:
            break
    if 0 <= k < len(toks) - 1 and toks[k].tag in ("JJ", "JJR") and toks[k + 1].tag in NOUN:
        k += 1                                           # 'a national target of 70%': keep the head noun
    if k > 0 and toks[k].text == "," and toks[k + 1].lower in pats.words("bridge_participles"):
        k -= 1                                           # 'annual funding from the DfE, totalling £140m'
    if k < 0 or is_clause_break(toks[k]) or toks[k].tag in ("IN", "CC", "WDT") \
            or toks[k].lower in pats.words("clause_openers"):
        return None                                      # 'as opposed to the current 61.5%'
    start = k
    while start > 0 and k - start < 12:
        p = toks[start - 1]
        if p.tag in ("VBZ", "VBP") and _plural_misread_as_verb(toks, start - 1):
            start -= 1
            continue
        if is_clause_break(p) or p.text.endswith("-") \
                or p.lower in pats.words("clause_openers") or p.tag in ("VBZ", "VBP", "MD") or \
                p.tag == "VBD" and not (start < len(toks) and toks[start].lower == "after") or \
                p.tag == "VBN" and start > 1 and toks[start - 2].lower in pats.words("auxiliaries"):
            break
        start -= 1
    text = render(sent, start, k + 1)
    if text and re.match(r"(?i)(?:the\s+)?(?:time of writing|same period)\b", text):
        return None
    return text


def _plural_misread_as_verb(toks: list, i: int) -> bool:
    """'the adoption figures within the report': the tagger reads a plural after a noun modifier
    as a verb; between a determined noun and a preposition it is the head noun."""
    return (1 < i < len(toks) - 1 and toks[i].text.endswith("s") and toks[i - 1].tag == "NN"
            and toks[i - 2].tag == "DT" and toks[i + 1].tag == "IN")


def _weak_head_with_pp(sent: Sentence, m: Mention, k: int, pats: Patterns) -> Optional[str]:
    """'a cost of £150 for a two hour session' is 'cost for a two hour session'."""
    toks = sent.toks
    if k < 1 or toks[k].lower != "of" or toks[k - 1].lower not in pats.words("weak_money_heads"):
        return None
    i = sent.tok_from(m.end)
    if i >= len(toks) or toks[i].lower not in ("for", "per", "on", "towards"):
        return None
    tail = render(sent, i, clause_end(sent, i + 1, 6))
    return f"{toks[k - 1].text} {toks[i].text} {tail}" if tail else None


# ---------------------------------------------------------------------------
# Votes
# ---------------------------------------------------------------------------

def _vote_measure(sent: Sentence, m: Mention, history: list[Sentence], pats: Patterns) -> str:
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
