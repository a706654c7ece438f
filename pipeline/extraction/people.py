"""Who is speaking: council people and posts, their roles, and pronoun resolution.

Mentions come from the ``scrutiny_people`` entity ruler (labels MEMBER,
CHAIR, VICE_CHAIR, CO_OPTED, COMMITTEE, OFFICER, CABINET, PARTNER) and PERSON names
from ``scrutiny_names``.  A roster built from the attendance lines
("Cllr T Ryves (Chairman)", "IN ATTENDANCE: James Clapson (Democratic
Services Officer)") and appositions ("The Officer, Michele Lucas,";
"Joanne Carpenter, Participation and Engagement Manager,") gives names
their roles, so "Cllr Ryves asked" is the chair asking and "Ms Coombs
offered" is an officer's commitment.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc, Span

from ..rules import load as load_rules, words as rule_words

ROLE_OF_LABEL = {
    "MEMBER": "member", "CHAIR": "chair", "VICE_CHAIR": "vice_chair", "CO_OPTED": "co_opted",
    "COMMITTEE": "committee", "OFFICER": "officer", "CABINET": "cabinet_member", "PARTNER": "partner",
}
MEMBER_ROLES = {"member", "chair", "vice_chair", "co_opted", "committee"}
RESPONDENT_ROLES = {"officer", "cabinet_member", "partner"}
PRONOUNS = {"he", "she"}  # "they" is as often the service or the children as a speaker


@lru_cache(maxsize=1)
def _post_words() -> re.Pattern:
    """Whole words that make a description a post (``post_words`` in posts.json)."""
    posts = sorted(load_rules("patterns/posts.json")["post_words"], key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in posts) + r")\b", re.I)


@dataclass(frozen=True)
class Person:
    """A speaker as the minutes name them, with the role the document gives them."""

    name: str
    role: Optional[str]

    @property
    def is_member(self) -> bool:
        return self.role in MEMBER_ROLES


def surname(name: str) -> str:
    skip = rule_words("patterns/posts.json", "surname_skip")
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w.lower() not in skip and len(w) > 1]
    return words[-1].lower() if words else name.lower()


def role_of_post(post: str) -> Optional[str]:
    p = post.lower()
    if "vice" in p and "chair" in p:
        return "vice_chair"
    if "cabinet member" in p or "portfolio holder" in p or "leader" in p:
        return "cabinet_member"
    if re.search(r"\bchair(man|woman|person)?\b", p) and "co-chair" not in p:
        return "chair"
    if re.search(r"\b(pcso|police|constable|sergeant|inspector|nhs|health|icb|trust)\b", p):
        return "partner"
    if re.search(r"parent governor|co-opted|independent person", p):
        return "co_opted"
    if re.search(r"\bcouncillor|cllr\b", p):
        return "member"
    if _post_words().search(p):
        return "officer"
    return None


def build_roster(doc: Doc) -> dict[str, Person]:
    """Surname -> Person, from entity labels, attendance brackets and appositions."""
    roster: dict[str, Person] = {}
    ents = list(doc.ents)
    for i, e in enumerate(ents):
        if e.label_ == "MEMBER":
            role = "member"
            after = doc._.text[e.end_char:e.end_char + 40]
            m = re.match(r"\s*\(([^)]{2,40})\)", after)
            if m:
                role = role_of_post(m.group(1)) or "member"
            key = surname(e.text)
            if key not in roster or role != "member":
                roster[key] = Person(e.text, role)
        elif e.label_ in ("PERSON",) and len(e) >= 2:
            after = doc._.text[e.end_char:e.end_char + 90]
            m = re.match(r"\s*(?:\(([^)]{2,80})\)|,\s*([^,.;]{3,80}?)(?:,|\.|;|\s+(?:introduced|presented|gave|said|explained)))", after)
            post = (m.group(1) or m.group(2)) if m else None
            role = role_of_post(post) if post else None
            if role:
                roster.setdefault(surname(e.text), Person(e.text, role))
    # "The Officer, Michele Lucas, answered": the post names the person's role.
    for e in ents:
        if e.label_ in ("OFFICER", "CABINET", "PARTNER"):
            name = apposed_name(e)
            if name:
                roster.setdefault(surname(name), Person(name, ROLE_OF_LABEL[e.label_]))
    return roster


def apposed_name(ent: Span) -> Optional[str]:
    """The name set off by commas right after a post: "The Officer, Michele Lucas, ..."."""
    m = re.match(r",\s*([A-Z][a-z]+(?:\s+[A-Z][\w'’-]+){1,2}),", ent.doc._.text[ent.end_char:ent.end_char + 60])
    return m.group(1) if m else None


def person_of(ent: Span, roster: dict[str, Person]) -> Optional[Person]:
    """The Person an entity mention names, or None when it is no speaker (a place, a body of work)."""
    label = ent.label_
    if label in ROLE_OF_LABEL:
        role = ROLE_OF_LABEL[label]
        if label == "MEMBER":
            known = roster.get(surname(ent.text))
            return Person(ent.text, known.role if known else "member")
        name = apposed_name(ent) if label == "OFFICER" else None
        return Person(name or ent.text, role)
    if label == "PERSON":
        known = roster.get(surname(ent.text))
        if known:
            return Person(ent.text, known.role)
        if len(ent) >= 2 or re.match(r"(Mr|Mrs|Ms|Miss|Dr)\b", ent.text):
            return Person(ent.text, None)
    return None


def titled_names(sent: Span) -> list[tuple[int, int, str]]:
    """"Mr Read", "Ms Coombs", "Mrs Chandler": titled surnames the NER may miss."""
    out = []
    for m in re.finditer(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+(?:[A-Z]\.?\s+)?[A-Z][\w'’-]+", sent.text):
        out.append((sent.start_char + m.start(), sent.start_char + m.end(), m.group(0)))
    return out


def ents_within(span: Span) -> list[Span]:
    """Entities inside a span, from a per-Doc sorted list (``Span.ents`` scans the whole Doc each time)."""
    doc = span.doc
    cached = doc.user_data.get("scrutiny_ents")
    if cached is None:
        ents = list(doc.ents)
        cached = (ents, [e.start for e in ents])
        doc.user_data["scrutiny_ents"] = cached
    ents, starts = cached
    lo = bisect.bisect_left(starts, span.start)
    hi = bisect.bisect_left(starts, span.end)
    return [e for e in ents[lo:hi] if e.end <= span.end]


@dataclass
class Mention:
    start: int  # character offsets
    end: int
    person: Person


def mentions_in(sent: Span, roster: dict[str, Person]) -> list[Mention]:
    """Speaker-capable mentions in a sentence, in order (pronouns excluded)."""
    out: list[Mention] = []
    for e in ents_within(sent):
        p = person_of(e, roster)
        if p is not None:
            out.append(Mention(e.start_char, e.end_char, p))
    taken = [(m.start, m.end) for m in out]
    for s, e, text in titled_names(sent):
        if not any(a <= s < b or a < e <= b for a, b in taken):
            known = roster.get(surname(text))
            out.append(Mention(s, e, Person(text, known.role if known else None)))
    out.sort(key=lambda m: m.start)
    return out


def pronoun_at(sent: Span, char: int) -> bool:
    tok = sent.doc.char_span(char, char + 1, alignment_mode="expand")
    return tok is not None and tok[0].lower_ in PRONOUNS
