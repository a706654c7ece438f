"""How much text one document may hand to extraction: the bound on its work and memory.

Extraction time and memory grow with a document's characters (about 3 MB
of memory and 0.02 s per thousand characters of real minutes, in parts), and spaCy's
tokenizer and some patterns grow with the square of a word's length: a
single 100 KB "word" or 5,000 closing brackets took minutes.  Real minutes
stay far below both limits (the longest document in the corpora is 46,000
characters, the longest word a 108-character URL), so past them a document
is refused in one line instead of tying up a worker until its time budget.
"""
from __future__ import annotations

import os
import re

from ..errors import ReadError

# Long documents are extracted in block-aligned parts (pipeline.extraction.extract_long), so the bound is
# not spaCy's max_length but the per-document time budget: about 2,000,000 characters of minutes extract in
# under a minute; 5,000,000 (a 1,500-page volume) is where a document is refused rather than timed out.
MAX_CHARS = 5_000_000
MAX_WORD = 1_000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


def max_chars() -> int:
    """Characters of text one document may have: ``SCRUTINY_MAX_CHARS``, else 5,000,000."""
    return _env_int("SCRUTINY_MAX_CHARS", MAX_CHARS)


def max_word() -> int:
    """Characters one word (a run without white space) may have: ``SCRUTINY_MAX_WORD``, else 1,000."""
    return _env_int("SCRUTINY_MAX_WORD", MAX_WORD)


def check_text(text: str, source: str) -> None:
    """Refuse text whose length or longest word would make extraction run past any reasonable time."""
    limit = max_chars()
    if len(text) > limit:
        raise ReadError(source, f"refused: {len(text):,} characters of text, over the {limit:,}-character "
                                "limit of one document (set SCRUTINY_MAX_CHARS to raise it)")
    word = max_word()
    long_word = re.search(r"\S{%d,}" % (word + 1), text)
    if long_word:
        found = long_word.group(0)
        raise ReadError(source, f"refused: a {len(found):,}-character word ({found[:12]!r}...), over the "
                                f"{word:,}-character limit (set SCRUTINY_MAX_WORD to raise it)")
