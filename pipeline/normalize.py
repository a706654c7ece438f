"""Text clean-up shared by every reader."""
from __future__ import annotations

import re
import unicodedata

# Spaces that word processors and ModernGov pages paste in.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u200a\u3000"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_RUNS = re.compile(r"[ \t]+")


def clean_line(line: str) -> str:
    """Normalise one line: odd spaces to plain ones, zero-width characters out, runs of spaces folded."""
    line = unicodedata.normalize("NFC", line).translate(_SPACES).translate(_ZERO_WIDTH)
    return _RUNS.sub(" ", line).strip()


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")


def collapse(text: str) -> str:
    """White space folded to single spaces: how quotes are compared."""
    return re.sub(r"\s+", " ", text).strip()
