"""List labels ("1.", "1.1", "(2)", "a.", "(iii)", bullets) at the start of a line.

Minutes lean on numbering: "1.1 That the Committee noted ...",
"Resolved:- (1) That ...", Kent's "a. Ms Coombs acknowledged ...".  Every
reader splits a label off the front of a paragraph the same way, so
resolution numbers and block labels agree across formats.
"""
from __future__ import annotations

import re
from typing import Optional

BULLETS = "·•▪◦‣●○■□–-*"
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|x{1,3})"
LABEL_RE = re.compile(
    r"""^(?:
        (?P<sub>\d{1,3}(?:\.\d{1,3})*(?:[a-z]|(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})))\)(?=\s)  # 5vii) 6xxiii) 12b)
      | (?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?:\\?\.|\))?(?=\s)    # 1  1.  1.1  1.1.2  1)  3\.
      | \((?P<paren>\d{1,3}|[a-z]|""" + _ROMAN + r""")\)(?=\s)  # (2) (a) (iii)
      | (?P<letter>[a-z]|""" + _ROMAN + r""")[.)](?=\s)         # a.  b)  iv.
      | (?P<bullet>[·•▪◦‣●○■□*]|-(?=\s)|–(?=\s))                # bullets and list dashes
    )\s*""",
    re.X,
)
# A bare number followed by a capitalised word is a label ("1 Apologies"); a bare
# number followed by anything else is text ("44 care leavers").
_BARE_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,3}\s")


# After a bare number, a month makes a date ("29 October 2024") and a lower-case unit a count ("12 members",
# "3 days"); a capitalised word is an item's title ("54 Minutes of the Previous Meeting", "7 Members' Questions").
_MONTH_OR_UNIT = re.compile(
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b|(?:members?|councillors?|people|children|per\b|percent|"
    r"days?|weeks?|months?|years?|hours?|minutes?)\b")


def split_label(line: str) -> tuple[Optional[str], str]:
    """Return (label, rest).  Bullets give the label "•"; no label gives (None, line)."""
    m = LABEL_RE.match(line)
    if not m:
        return None, line
    rest = line[m.end():]
    if not rest.strip():
        return None, line
    if m.group("num"):
        num = m.group("num")
        explicit = line[len(num): len(num) + 2].startswith(("\\.", ".", ")"))
        if not explicit and _MONTH_OR_UNIT.match(rest) and num.count(".") < 2:  # "18.01.3 Minutes" is no quantity
            return None, line  # "29 October 2024", "12 Members": a date or a count, not a label
        if not explicit:
            if "." not in num and not rest[:1].isupper():
                return None, line
            if len(num) > 2 and "." not in num:  # "2015 ..." is a year, not a label
                return None, line
        if explicit and "." not in num and len(num) == 3 and not rest[:1].isupper():
            return None, line
        return num, rest
    if m.group("sub"):  # an item's sub-item, as Word numbers them ("5vii)"); a Word list's nesting may repeat
        return re.sub(r"^(?:\d{1,3}\.)+(?=\d)", "", m.group("sub")) if m.group("sub").count(".") > 2 else m.group("sub"), rest
    if m.group("paren"):
        return f"({m.group('paren')})", rest
    if m.group("letter"):
        if not (rest[:1].isupper() or rest[:1] in "\"'“‘("):
            return None, line
        return f"{m.group('letter')}.", rest
    return "•", rest
