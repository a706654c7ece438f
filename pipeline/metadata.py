"""Document metadata: council, committee, meeting date, title and type.

Read from the text only where the text says it (the heading lines, "Meeting
of ... Committee, Monday, 17th December, 2018", "Minutes of ... Meeting held
... on Wednesday 8 August 2012").  A date is never guessed: a date found in
the body of the minutes is not the meeting's date.  Whatever the caller
supplies (a sidecar ``<file>.meta.json``, a manifest CSV row, CLI flags)
wins over what the text suggests.
"""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

from .rules import alternation, load as load_rules, words as rule_words
from .dates import month_names, parse_day, uk_date
from .document import Document
from .errors import ReadError
from .paths import display_name, path_key

META_FIELDS = ("council", "committee", "meeting_date", "title", "doc_type", "url", "licence")
_MONTH_RE = month_names()
DATE_RE = re.compile(
    r"\b(?P<day>\d{1,2})(?:\s?(?:st|nd|rd|th))?(?:\s+|-)(?:(?:day\s+)?of\s+)?(?P<month>" + _MONTH_RE + r")\.?,?(?:\s+|-)(?P<year>(?:19|20)\d{2})\b",
    re.I)
# "October 2nd, 2012", "WEDNESDAY MARCH 5TH 2014": the month first, as some clerks write it
MONTH_FIRST_RE = re.compile(
    r"\b(?P<month>" + _MONTH_RE + r")\.?\s+(?P<day>\d{1,2})(?:\s?(?:st|nd|rd|th))?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I)
# "11/07/2012", "12.03.2015", "02/10/12", "12-03-2015" (day first, as UK clerks write; a two-digit year is this
# century's, and a dash takes a whole year, as "12-03-15" may be a reference), or ISO "2015-03-12"
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d./-])(?:(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2}|\d{2})"
    r"|\d{1,2}-\d{1,2}-(?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})(?![\d./-])")
# The lines that say when the meeting was: where a date counts.
MEETING_LINE = re.compile(r"\b(meeting|held|minutes|date)\b", re.I)
# A time of day ("7.30pm", "19:00") on a date line: the meeting's, as no other date of the opening lines has one.
TIME_OF_DAY = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|\b(?:[01]?\d|2[0-3]):[0-5]\d\b", re.I)


@lru_cache(maxsize=1)
def _body_re() -> re.Pattern:
    """A body's name: up to nine capitalised (or joining) words and one of ``body_words`` (metadata.json)."""
    body_words = "(?:" + "|".join(load_rules("patterns/metadata.json")["body_words"]) + ")"
    lead = r"((?:[A-Z][\w'’&-]*|&|and|of|for|the)(?:,?[ \t]+(?:[A-Z][\w'’&-]*|&|and|of|for|the)){0,8}[ \t]+)?"
    return re.compile(lead + body_words + r"\b")


MINUTES_OF = re.compile(r"\b(?:minutes\s+of|meeting\s+of)\s+(?:an?\s+(?:\w+\s+)?meeting\s+of\s+)?(?:the\s+)?(.+?)\s+"
                        r"(?:meeting\s+|meetng\s+)?(?:held|on|at|in)\b", re.I)
_LEADING = re.compile(r"^(?:(?:The|the|and|of|for|That|that)\s+)+")
# A heading's opening words that name the document, not the body: "Draft Minutes of the", "Agenda for".
_DOCUMENT_OF = re.compile(r"^\s*(?:draft\s+|approved\s+|unconfirmed\s+)?(?:minutes|agenda|notes)\s+(?:of|for)\s+"
                          r"(?:an?\s+|the\s+)?", re.I)


def find_date(line: str) -> Optional[str]:
    """The first written date of a line ("Wednesday 11 July 2012", "October 2nd, 2012", "11/07/2012",
    "02/10/12"), read day first, as ISO."""
    found = [m for pattern in (DATE_RE, MONTH_FIRST_RE, NUMERIC_DATE_RE) for m in [pattern.search(line)] if m]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    written = re.sub(r"(?i)(\d)\s?(?:st|nd|rd|th)\b", r"\1", m.group(0))  # "12 th" from a PDF superscript
    day = parse_day(re.sub(r"(?i)\bday\s+of\b", "", written))  # "the 18th day of August 2015"
    return day.isoformat() if day else None


def _words_beside_date(text: str) -> int:
    """How many words a line has besides its written dates: a date line has none or its weekday, a line that
    presents the meeting a few, a title more."""
    return len(re.findall(r"[A-Za-z]+", DATE_RE.sub("", text)))


@lru_cache(maxsize=1)
def _publication_line() -> re.Pattern:
    return re.compile("|".join(load_rules("patterns/metadata.json")["publication_lines"]), re.I)


def _dates_the_document(line: str) -> bool:
    """"Date published: 12 September 2019": the line dates the document, not the meeting (``publication_lines``
    in metadata.json), unless it also says the meeting was held then."""
    return bool(_publication_line().search(line)) and not re.search(r"\b(?:meeting|held)\b", line, re.I)


def _head_blocks(doc: Document, limit: int = 12):
    return doc.blocks[:limit]


def meeting_date(doc: Document) -> Optional[str]:
    """The date in the document's opening lines, when they present the meeting (or the date line alone)."""
    head = _head_blocks(doc)
    for i, b in enumerate(head):
        d = find_date(b.text)
        if not d and i + 1 < len(head) and re.fullmatch(r"\W*(?:19|20)\d{2}\W*", head[i + 1].text):
            d = find_date(f"{b.text.rstrip(' ,')} {head[i + 1].text.strip()}")  # "... 12th March," / "2015"
        if not d or _dates_the_document(b.text):
            continue
        if MEETING_LINE.search(b.text) or TIME_OF_DAY.search(b.text) or b.kind == "heading" \
                or _words_beside_date(b.text) <= 6:
            return d
    for line in doc.hints.get("running_header", []):  # a PDF's running header, left out of the text
        d = find_date(line)
        if d and _words_beside_date(line) <= 8 and not _dates_the_document(line):
            return d
    return None


@lru_cache(maxsize=1)
def _council_index() -> tuple[dict[str, str], re.Pattern]:
    data = load_rules("councils.json")
    names: dict[str, str] = {}
    for c in data["councils"]:
        names[c["name"].lower()] = c["name"]
        if c.get("full"):
            names[c["full"].lower()] = c["name"]
        for a in c.get("aliases", []):
            names[a.lower()] = c["name"]
    alternatives = sorted(names, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w-])", re.I)
    return names, pattern


_NAME_WORD = r"[A-Z][\w'’-]+"


@lru_cache(maxsize=1)
def _council_titles() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(a local council's title, a principal authority's title, a local council writing of itself), from the
    tier words of metadata.json (``local_council_tiers``, ``authority_tiers``)."""
    local = alternation("patterns/metadata.json", "local_council_tiers", space=r"[ \t]+")
    authority = alternation("patterns/metadata.json", "authority_tiers", space=r"[ \t]+")
    words = r"(?:" + _NAME_WORD + r"[ \t]+(?:(?:&|and)[ \t]+)?)"
    return (re.compile(r"\b(" + words + r"{1,4}(?:" + local + r")[ \t]+Council)\b"),
            re.compile(r"\b(" + words + r"{1,3}(?:" + authority + r")[ \t]+Council)\b"),
            # "the Town Council Standing Orders", "the Parish Council"
            re.compile(r"\b[Tt]he\s+(?:" + local + r")\s+Council\b"))


def council(doc: Document) -> Optional[str]:
    """The council: a parish, town or community council by its title (headings in capitals read too), else
    an authority the document's own heading names in full, else the UK authority from the list that the text
    names most.  Never a county, a room or "The Parish Council"."""
    local_council, named_authority, self_local = _council_titles()
    head_blocks = _head_blocks(doc, 20)
    head = _titlecase_caps("\n".join(b.text for b in head_blocks))  # a name never runs across blocks
    local = Counter(n for n in (_LEADING.sub("", m.group(1)) for m in local_council.finditer(head))
                    if len(n.split()) > 2 and _names_a_place(n))  # "The Town Council" names no council
    if local:
        return local.most_common(1)[0][0]
    heading = _titlecase_caps("\n".join(b.text for b in head_blocks[:3]))
    named = named_authority.search(heading)
    names, pattern = _council_index()
    if named and pattern.fullmatch(named.group(1)) is None and not _LEADING.match(named.group(1)):
        return named.group(1)
    counts: Counter[str] = Counter()
    for m in pattern.finditer(doc.text):
        token = m.group(1)
        if not (token.isupper() or token[0].isupper()):  # "kent" in lower case is no council
            continue
        follower = re.match(r"\s+([A-Z][\w'’-]*)", doc.text[m.end():m.end() + 40])
        if follower and follower.group(1).lower() not in rule_words("patterns/metadata.json", "authority_words"):
            continue
        counts[names[token.lower()]] += 1
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    if len(self_local.findall(doc.text)) >= n:
        return None  # "the Town Council" writes of itself; "Birmingham City Council is responsible" is another body
    return best


def _names_a_place(name: str) -> bool:
    """"Manordeilo & Salem Community Council" names a place; "Community and Town Council" (a liaison forum's
    name for every local council) only tiers."""
    tiers = rule_words("patterns/metadata.json", "tier_words")
    return any(w.lower() not in tiers for w in name.split())


def is_local_council(name: Optional[str]) -> bool:
    """A parish, town, community or village council: it meets as a whole, so its minutes' body is itself."""
    return bool(name) and bool(re.search(r"\b(?:Parish|Town|Community|Village)\s+Council$", name))


def _is_council_name(text: str, council_name: Optional[str]) -> bool:
    t = text.lower().strip()
    return bool(council_name) and (t == council_name.lower() or t.startswith(council_name.lower() + " ")
                                   and t.endswith("council") and len(t.split()) <= len(council_name.split()) + 2)


def committee(doc: Document, council_name: Optional[str]) -> Optional[str]:
    """The meeting body: from "Minutes of a meeting of X held ..." or "Meeting of X, Monday ...",
    then a heading naming a body, else the body the text names most."""
    for b in _head_blocks(doc):
        m = re.match(r"^To:\s*(?:the\s+)?(.+?)(?:,|\s+[-–]|$)", b.text)  # a report's "To: Cabinet, 30 January 2025"
        if m and _body_re().fullmatch(m.group(1).strip()):
            return m.group(1).strip()
        m = re.search(r"\bMeeting of (?:the\s+)?(.+?)(?:,|\s+held\b|\s+on\b|$)", b.text)
        if m and _body_re().search(m.group(1)):
            return _LEADING.sub("", m.group(1).strip())
        m = MINUTES_OF.search(b.text)
        if m and _body_re().fullmatch(_titlecase_caps(m.group(1).strip())):
            return _LEADING.sub("", _titlecase_caps(m.group(1).strip()))
    for text in [b.text for b in _head_blocks(doc, 4)] + doc.hints.get("running_header", []):
        cased = _DOCUMENT_OF.sub("", _titlecase_caps(text))  # "MINUTES OF NEWTOWN COMMUNITY COUNCIL MEETING"
        m = _body_re().match(cased)
        whole = m is not None and m.group(0).strip() == cased.strip()
        if m and (whole or len(m.group(0).split()) >= 2) and not _is_council_name(m.group(0), council_name):
            return _LEADING.sub("", m.group(0).strip())
    if is_local_council(council_name):
        return council_name  # "Milburn Parish Council - 6th March 2018": the council meets as a whole
    opening = _opening_body(doc)
    if opening:
        return opening
    counts: Counter[str] = Counter()
    for m in _body_re().finditer(doc.text):
        phrase = _LEADING.sub("", m.group(0)).strip()
        if len(phrase.split()) >= 2 and not _is_council_name(phrase, council_name):
            counts[phrase] += 1
    if counts:
        return counts.most_common(1)[0][0]
    return None


def _opening_body(doc: Document) -> Optional[str]:
    """The body minutes open with, over the meeting's date and before the attendance: "Amenities, Leisure and
    Community Services" / "Tuesday 13th March 2018" / "Sutton Coldfield Town Hall" / "Present:"."""
    head = _head_blocks(doc, 6)
    for i, (b, nxt) in enumerate(zip(head, head[1:])):
        date_line = find_date(nxt.text) and _words_beside_date(nxt.text) <= 1
        if b.kind != "heading" or find_date(b.text) or not date_line:  # a date alone, or with its weekday
            continue
        if any(_whole_lines("attendance_lines").match(a.text.strip()) for a in head[i + 2:]):
            return b.text.strip()
        return None
    return None


def _titlecase_caps(text: str) -> str:
    """"CORPORATE PARENTING PANEL– 29 October 2024" reads as "Corporate Parenting Panel– ...", and "MINUTES OF
    NEWTOWN COMMUNITY COUNCIL" as "Minutes of Newtown Community Council": a joining word stays small, so it
    joins no name it is not part of."""
    return re.sub(r"\b[A-Z]{2,}\b", lambda m: m.group(0).lower() if m.group(0).lower() in _JOINING
                  and m.start() > 0 and text[m.start() - 1] != "\n" else m.group(0).title(), text)


_JOINING = {"of", "and", "the", "for", "in", "at", "on", "to", "by", "with"}


@lru_cache(maxsize=None)
def _whole_lines(key: str) -> re.Pattern:
    """One of models/patterns/metadata.json's lists of whole opening lines, as one case-blind pattern:
    ``boilerplate_titles`` (never the title) or ``attendance_lines`` (the attendance, which the title precedes)."""
    return re.compile("^(" + "|".join(load_rules("patterns/metadata.json")[key]) + ")$", re.I)


@lru_cache(maxsize=1)
def _document_link() -> re.Pattern:
    """A ModernGov page's link to the item's report (``document_link`` in models/patterns/metadata.json)."""
    return re.compile(load_rules("patterns/metadata.json")["document_link"], re.I)


def _is_label(text: str) -> bool:
    """A one-line label ending in a colon ("Membership:", "Additional documents:"): what it introduces follows."""
    t = text.strip()
    return t.endswith(":") and "\n" not in t and len(t.split()) <= 4


def title(doc: Document) -> Optional[str]:
    """The item or meeting title: the first substantial heading of the opening lines
    (not the council's name or a bare body name, not a label such as "Membership:" or what it introduces), a
    "Minutes of ..." line, or the name of the item's report where a ModernGov page links it before any heading."""
    council_name = doc.council
    head = _head_blocks(doc)
    for b in head:
        m = re.match(r"^Subject:\s*(.+)", b.text)  # a report's "Subject: Revenue and Capital Budget Monitoring ..."
        if m:
            return m.group(1).strip()
    date_heading = None
    for prev, b in zip([None, *head], head):
        if _whole_lines("attendance_lines").match(b.text.strip()):
            break  # who attended: the title, if any, came before
        link = _document_link().match(b.text.strip())
        if link:  # a ModernGov item's own report ("... pdf icon PDF 76 KB") names an item its page does not head
            return link.group(1).strip()
        if _is_label(b.text) or (prev is not None and prev.kind == "heading" and _is_label(prev.text)):
            continue  # "Membership:", "Additional documents:" and the names or links they introduce
        t = b.text.strip().rstrip(":").strip()
        if re.match(r"^(?:From|To|Date|Classification|Electoral Division|Key decision|Decision No)\b", t):
            continue
        if b.kind not in ("heading", "paragraph") or _whole_lines("boilerplate_titles").match(t):
            continue
        cased = _titlecase_caps(t)
        if _is_council_name(cased, council_name) or _body_re().fullmatch(cased):
            continue
        if b.kind == "paragraph":
            body_and_date = _body_re().match(cased) and find_date(t[:80])
            if not (re.match(r"^minutes of\b", t, re.I) or body_and_date):
                continue
            t = re.split(r"\s+MINUTES\b", t)[0] if body_and_date else t
        if _words_beside_date(t) < 2:
            if b.kind == "heading" and date_heading is None and DATE_RE.fullmatch(t):
                date_heading = t  # "8 January 2020" over the minutes: their title when nothing else is
            continue
        return t
    return doc.hints.get("html_title") or date_heading


@lru_cache(maxsize=None)
def _doc_type_cues(key: str) -> re.Pattern:
    """One of the document-type cue lists of models/patterns/metadata.json, as one pattern ('.' crosses lines)."""
    return re.compile("|".join(f"(?:{rx})" for rx in load_rules("patterns/metadata.json")[key]), re.S)


def doc_type(doc: Document) -> str:
    head = " ".join(b.text for b in _head_blocks(doc, 15)).lower()
    if re.search(r"\baction (log|tracker|sheet)\b", head):
        return "action_log"
    if re.search(r"\bminutes\b", head):
        return "minutes"
    if _doc_type_cues("report_cues").search(head) and not _doc_type_cues("minutes_narrative").search(doc.text):
        return "report"
    if re.search(r"\bresolved\b", doc.text, re.I):
        return "minutes"
    if re.search(r"\bagenda\b", head) and not re.search(r"\b(asked|queried|noted|agreed)\b", doc.text):
        return "agenda"
    return "minutes"


def infer(doc: Document) -> None:
    """Fill the metadata the text gives, leaving anything already set alone."""
    if doc.council is None:
        doc.council = council(doc)
    if doc.committee is None:
        doc.committee = committee(doc, doc.council)
    if doc.meeting_date is None:
        doc.meeting_date = meeting_date(doc)
    if doc.title is None:
        doc.title = title(doc)
    if doc.doc_type is None:
        doc.doc_type = doc_type(doc)


# ---- caller-supplied metadata -------------------------------------------------

# Where supplied metadata comes from, lowest precedence first: each wins over the one before and over the text.
SOURCES = ("manifest", "sidecar", "flags")


def sidecar(path: Path) -> dict[str, Any]:
    """``<file>.meta.json`` beside a document, if any; one that cannot be used is a one-line ReadError."""
    side = path.with_name(path.name + ".meta.json")
    if not side.exists():
        return {}

    def refuse(why: str) -> ReadError:
        return ReadError(display_name(path), f"its metadata sidecar {display_name(side.name)} {why}")

    try:
        data = json.loads(side.read_bytes().decode("utf-8-sig"))
    except OSError as e:
        raise refuse(f"cannot be read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise refuse(f"is not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {e.start})") from None
    except json.JSONDecodeError as e:
        raise refuse(f"is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if not isinstance(data, dict):
        raise refuse(f"must hold a JSON object ({{\"council\": ...}}), not a {type(data).__name__}")
    wrong = [k for k in META_FIELDS if k in data and data[k] is not None and not isinstance(data[k], str)]
    if wrong:
        raise refuse(f"gives {wrong[0]} as {json.dumps(data[wrong[0]])[:40]}: write it as text in double quotes")
    return {k: v for k, v in data.items() if k in META_FIELDS and v not in (None, "")}


def manifest_key(path: Union[str, Path]) -> str:
    """The key of a document in a loaded manifest: its absolute path (a row names it relative to the manifest)."""
    return path_key(path)


def load_manifest(path: Path) -> dict[str, dict[str, Any]]:
    """A corpus manifest (CSV or TSV: path, council, committee, meeting_date, doc_type, url, licence).

    Each row's path is taken relative to the manifest's folder, so a row
    names one file only (never a same-named file elsewhere); the result is
    keyed by :func:`manifest_key`.  A manifest that cannot be used is a
    one-line :class:`ReadError` naming it.
    """
    source = display_name(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise ReadError(source, f"cannot read manifest ({e.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise ReadError(source, f"manifest is not UTF-8 text (byte 0x{data[e.start]:02x} on line {line}): "
                                "save it as 'CSV UTF-8'") from None
    lines = text.splitlines()
    if not lines:
        raise ReadError(source, "manifest is empty: give a header row (path,council,committee,...) and a row per file")
    dialect = "excel-tab" if "\t" in lines[0] else "excel"
    try:
        rows = list(csv.DictReader(lines, dialect=dialect))
    except csv.Error as e:
        raise ReadError(source, f"manifest is not valid CSV ({e})") from None
    header = [h.strip() for h in next(csv.reader(lines[:1], dialect=dialect), [])]
    if not {"path", "file", "source"} & set(header):
        raise ReadError(source, f"manifest has no path column (its header is {','.join(header)[:80]!r}): "
                                "name the first column 'path'")
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = row.get("path") or row.get("file") or row.get("source")
        if not key:
            continue
        out[manifest_key(Path(path).parent / key.strip())] = checked(
            {k: v.strip() for k, v in row.items() if k in META_FIELDS and v and v.strip()},
            f"{display_name(path)}, row {key.strip()}, meeting_date")
    return out


def checked(meta: dict[str, Any], where: str) -> dict[str, Any]:
    """Caller-supplied metadata with its meeting date as ISO; a date that is no date is refused, naming ``where``."""
    if meta.get("meeting_date") is not None:
        meta = dict(meta, meeting_date=uk_date(meta["meeting_date"], where))
    return meta


def supplied(path: Path, manifest: Optional[dict[str, dict[str, Any]]] = None,
             flags: Optional[dict[str, Any]] = None) -> dict[str, dict[str, Any]]:
    """What the caller supplies for ``path``, by source (``SOURCES``): its manifest row, its sidecar, the flags,
    each meeting date read as a UK date (a date that is no date raises a DateError naming where it came from).

    Kept with the stored document, so that a later ingest can tell that an
    edit of any of them changes the document's metadata.
    """
    side = sidecar(path)
    parts = {"manifest": dict((manifest or {}).get(manifest_key(path)) or {}),
             "sidecar": checked(side, f"{path.name}.meta.json, meeting_date") if side else {},
             "flags": checked({k: v for k, v in (flags or {}).items() if k in META_FIELDS and v not in (None, "")},
                              "--date")}
    return {k: v for k, v in parts.items() if v}


def merged(parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The supplied metadata that applies: each source over the one before it."""
    out: dict[str, Any] = {}
    for source in SOURCES:
        out.update(parts.get(source) or {})
    return out


def apply(doc: Document, supplied: dict[str, Any]) -> None:
    """Caller's metadata wins over the text's."""
    for k, v in supplied.items():
        if k in META_FIELDS and v not in (None, ""):
            setattr(doc, k, v)
