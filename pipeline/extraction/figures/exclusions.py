"""What looks numeric but is not a quantity.

Two stages.  Before numbers are looked for, ``mask`` blanks out dates and
periods, times of day, phone numbers, postcodes, references and list
numbering, so the number finders never see them.  After, ``excluded`` drops
numbers that only name ('Section 47', 'Local Transport Plan 5'), age
('18-21 year olds') or dial ('call 101') something, and idioms ('one of the
best').  Masking works on characters; exclusion needs the number's context.
"""
from __future__ import annotations

import re
from typing import Iterable, Sequence

from ...dates import is_month
from ...document import Block
from .wordlists import Patterns
from .sentence import MASK, Mention, Sentence

_LEAD = re.compile(r"^[\s·•*_\-–—>]*\(?(?P<n>\d+(?:[*_]*\.\d+)*)[*_]*(?P<p>\\?[.):]|-(?=\s))?"
                   r"(?=[\s*_]|$|[A-Za-z])")
_INLINE_LIST = re.compile(
    r"(?:(?<=[,;:]\s)|(?<=^)|(?<=\.\s))(?P<n>\d{1,2})(?:\)|\.(?=\s+[A-Z]|\s*$))"   # ', 2. Crossing', '1) visiting'
    r"|(?<=\s)(?:\d{1,2}|[ivxlc]{1,6})\)(?=\s)"                                          # '... 100.00 xi) Cancer'
    r"|(?<![\w\s])\s*\(\d{1,2}\)(?=\s+[A-Z]|\s*$)")                                  # 'Resolved:- (1) That'
_LETTER_LABEL = re.compile(r"^[\s·•*_\-–—>]*(?:\([a-z]\)|[a-z][.)]|\(?[ivx]{1,4}\))(?=\s)")
_FILE_LISTING = re.compile(r"\b(?:PDF|DOCX?|XLSX?|PPTX?|RTF|CSV|ODT)\b[\s,]*\d+(?:\.\d+)?\s*[KMG]B\b")


_BARE_NUMBER = re.compile(r"\s*\d{1,4}\s*")
_CONTENTS_ENTRY = re.compile(r"(?P<title>[^\n.?!:;£$€%]*[A-Za-z][^\n.?!:;£$€%]*?)\s+(?P<page>\d{1,4})\s*")
CONTENTS_MIN_ENTRIES = 3
CONTENTS_MAX_GAP = 4  # blocks between two entries of one contents list (items without a page, folios)


def page_furniture(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Where the document's page numbers are (sorted character spans): no figure comes from there.

    A block that is nothing but a number, unless a vote's side ("For:")
    stands right above it, is a page's folio.  A contents list is a run of
    short entries ("Annual complaints report 9", "Internal audit progress
    report 23") whose closing numbers rise from one entry to the next: those
    are the pages the items start on.
    """
    spans: list[tuple[int, int]] = []
    entries: list[tuple[int, int, tuple[int, int]]] = []  # (block index, page, where the page number is)
    for i, block in enumerate(blocks):
        if block.kind == "table":
            continue
        if _BARE_NUMBER.fullmatch(block.text):
            above = blocks[i - 1].text.strip() if i else ""
            if not above.endswith(":"):
                spans.append((block.start, block.end))
            continue
        entry = _CONTENTS_ENTRY.fullmatch(block.text)
        if entry and len(entry.group("title").split()) <= 12:
            entries.append((i, int(entry.group("page")), (block.start + entry.start("page"),
                                                          block.start + entry.end("page"))))
    run: list[tuple[int, int, tuple[int, int]]] = []
    for entry in entries + [(len(blocks) + CONTENTS_MAX_GAP + 1, 0, (0, 0))]:  # a sentinel closes the last run
        if run and (entry[0] - run[-1][0] > CONTENTS_MAX_GAP or entry[1] <= run[-1][1]):
            if len(run) >= CONTENTS_MIN_ENTRIES:
                spans += [where for _, _, where in run]
            run = []
        run.append(entry)
    return sorted(spans)


def is_file_listing(text: str) -> bool:
    """'Agenda PDF 125 KB': a download link's size; the whole sentence gives no figure."""
    return bool(_FILE_LISTING.search(text))


# ---------------------------------------------------------------------------
# Masking, before numbers are found
# ---------------------------------------------------------------------------

def mask(text: str, sent: Sentence, pats: Patterns) -> str:
    """The sentence with everything that must not be read as a figure blanked out."""
    chars = list(text)

    def blank(s: int, e: int) -> None:
        for i in range(s, e):
            if not chars[i].isspace():
                chars[i] = MASK

    for p in sent.periods:
        blank(p.start, p.end)
    for rx in pats.masks:
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    for s, e in _list_numbers(text, sent, pats):
        blank(s, e)
    return "".join(chars)


def _list_numbers(text: str, sent: Sentence, pats: Patterns) -> Iterable[tuple]:
    """Paragraph and list numbers: '3.1 The rate', '6\\. Any Other', '1) visiting', ', 2. Crossing'.
    A capitalised plural after a leading number is counted instead ('53 Children ... were presented')."""
    m = _LEAD.match(text)
    if m:
        n, punct = m.group("n"), m.group("p")
        rest = text[m.end():].lstrip()
        if punct or "." in n or (rest[:1].isupper() and not _count_word(rest, sent, m.end(), pats)):
            yield m.start("n"), m.end()
    for m in _INLINE_LIST.finditer(text):
        yield m.start(), m.end()
    m = _LETTER_LABEL.match(text)  # 'b. £120 for repairs': the label is no part of the measure
    if m:
        yield m.start(), m.end()


def _count_word(rest: str, sent: Sentence, offset: int, pats: Patterns) -> bool:
    """Does the text after a leading number start with a counted noun ('6 Votes', '53 Children')?"""
    word = re.match(r"[A-Za-z]+", rest)
    if not word:
        return False
    w = word.group(0).lower()
    i = sent.tok_from(offset)
    plural = i < len(sent.toks) and sent.toks[i].tag in ("NNS", "NNPS")
    return w in pats.data["vote_words"] or plural or w.endswith("s") and len(w) > 3


# ---------------------------------------------------------------------------
# Exclusion, once a number is found
# ---------------------------------------------------------------------------

def excluded(sent: Sentence, m: Mention, pats: Patterns) -> bool:
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
    if not m.word and m.unit in (None, "count") and re.match(r"-[A-Z][a-z]", text[m.num_end:]):
        return True                       # '123-Reg': a number joined to a capitalised word is a name
    if not m.word and m.unit is None and re.search(r"\([A-Z]{2,6}\s*$", before) and re.match(r"\s*\)", after):
        return True                       # '(ISA 260)', '(LTP 5)': a name's abbreviation, in brackets
    if m.word and _word_in_name(sent, m):
        return True                       # 'One Voice Wales', 'One Planet Development', 'Two Story Split Level'
    return False


def _word_in_name(sent: Sentence, m: Mention) -> bool:
    """A number word in Title Case before a run of capitalised words none of which is a plural noun is part
    of a name ('One Voice Wales', 'Two Story Split Level Dwelling'); a count has its plural somewhere in the
    run ('Four Family Support Teams', 'Three Planning Booklets', 'Two Members of the public')."""
    word = sent.text[m.num_start:m.num_end]
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    run = re.match(r"(?:\s+[A-Z][\w'’-]*)+", sent.text[m.num_end:])
    if not run:
        return False
    i = sent.tok_from(m.num_end)
    while i < len(sent.toks) and sent.toks[i].start < m.num_end + run.end():
        if sent.toks[i].tag in ("NNS", "NNPS"):
            return False
        i += 1
    return True


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
    if not titled(w2) or is_month(w2) or w2.lower() in pats.data["vote_words"]:
        return False
    if not (titled(w1) or w1.lower() in ("of", "for", "and", "the", "on", "to")):
        return False
    # a break, the next name, or the name's abbreviation in brackets ('Auditing 260 (ISA 260)')
    return bool(re.match(r"\s*(?:[:–—)]|-\s|$|\.?\s*$|\s+[A-Z][a-z]|\s+\([A-Z])", sent.text[m.num_end:]))


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
    return not (lw in pats.words("name_cues_capital_only") and not w[0].isupper())


def paragraph_reference(sent: Sentence, m: Mention) -> bool:
    """'Referring to 4.2,' or 'the acronym in 3.5.': a bare decimal after a preposition cites a paragraph."""
    num = sent.text[m.num_start:m.num_end]
    if not re.fullmatch(r"\d{1,2}\.\d{1,2}", num):
        return False
    before = sent.text[max(0, m.start - 12):m.start].lower()
    after = sent.text[m.num_end:m.num_end + 3]
    return bool(re.search(r"\b(?:to|in|at|see|under|of|from|per)\s*$", before)) and \
        bool(re.match(r"$|[,.;:)]|\s+[a-z]|\s*$", after))
