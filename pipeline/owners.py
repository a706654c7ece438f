"""Who owns an action, written one way: "The Clerk" and "the Clerk" are one owner, and a post is its holder.

Extraction keeps the owner as the minutes wrote it.  A tracker grouped or
filtered by owner needs one spelling per owner, and a committee wants the
name beside the post where the minutes make it clear: the attendance list
saying "Mrs C Hardy (Clerk)" makes "the Clerk" "Clerk (Mrs C Hardy)".
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Optional

from .rules import titles

_ARTICLE = re.compile(r"^(?:the|a|an|our)\s+", re.I)
_LOWER_WORDS = {"of", "and", "for", "the", "to", "in", "on", "&"}
HEAD = 4000     # characters: the attendance list comes before the first item


def _canonical(text: str) -> str:
    """A post or name with its article dropped and each word capitalised ("the parish council" -> "Parish Council")."""
    words = _ARTICLE.sub("", " ".join(text.split())).strip(" ,.;:").split(" ")
    return " ".join(w if (w.lower() in _LOWER_WORDS and i) else w[:1].upper() + w[1:] for i, w in enumerate(words))


@lru_cache(maxsize=1)
def _name_post() -> re.Pattern:
    """"Mrs C Hardy (Clerk)", "Kevin Kasaven (Director of Children's Countywide Services)": a name, then its post."""
    return re.compile(r"((?:(?:" + titles() + r")\.?\s+)?(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]+)"
                      r"\s*\(\s*([A-Z][^()]{1,80}?)\s*\)")


def attendance_posts(text: str, head: int = HEAD) -> dict[str, str]:
    """Post -> person from the opening lines ("Mrs C Hardy (Clerk)"), for posts held by one person only."""
    seen: dict[str, set[str]] = {}
    for m in _name_post().finditer(text[:head]):
        name, post = " ".join(m.group(1).split()), _canonical(m.group(2))
        if len(post.split()) <= 8 and not any(ch.isdigit() for ch in post):
            seen.setdefault(post.lower(), set()).add(name)
    return {post: next(iter(names)) for post, names in seen.items() if len(names) == 1}


def normalise_owner(owner: Any, posts: Optional[dict[str, str]] = None) -> Optional[str]:
    """One spelling per owner; a post with the name of its holder where the attendance list gives it.

    A list of owners (gold files allow several readings) becomes its first.
    """
    if isinstance(owner, list):
        owner = next((o for o in owner if o), None)
    if not owner or not str(owner).strip():
        return None
    name = _canonical(str(owner))
    holder = (posts or {}).get(name.lower())
    return f"{name} ({holder})" if holder and holder.lower() not in name.lower() else name
