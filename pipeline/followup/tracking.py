"""The linker itself: for every action, its mentions in later documents of the council and its status.

The action's own committee is searched first; only when none of its later
meetings mentions the action are the council's other committees searched,
against a higher bar.  Without a mention the action is ``outstanding`` if a
later meeting of the same body exists, else ``pending``.
"""
from __future__ import annotations

from typing import Optional

from .action import ActionObject, action_object
from .index import Index, build_index
from .matching import best_mention
from .model import Evidence, FollowUp, MeetingDoc
from .series import group_by_council, held_after, ordered, same_body
from .status import section_verdict, status_from
from .tuning import OTHER_BODY_FACTOR


def track(docs: list[MeetingDoc]) -> list[FollowUp]:
    """One FollowUp per action of every trackable document (council and date known), by meeting date, in reading order."""
    docs = ordered(docs)
    out: list[FollowUp] = []
    for group in group_by_council(docs):
        index = build_index(group)
        for d in group:
            later = held_after(d, group)
            out.extend(follow(rec, d, later, index) for rec in d.records if rec.get("type") == "action")
    position = {d.stem: i for i, d in enumerate(docs)}
    return sorted(out, key=lambda f: position.get(f.document, 0))


def follow(rec: dict, doc: MeetingDoc, later: list[MeetingDoc], index: Index) -> FollowUp:
    """Find the later mentions of one action and decide its status."""
    obj = action_object(rec, doc.text, index.passages[doc.stem], index)
    same = [d for d in later if same_body(doc, d)]
    others = [d for d in later if not any(d is s for s in same)]
    found = _mentions(obj, same, index, 1.0) or _mentions(obj, others, index, OTHER_BODY_FACTOR)
    evidence = [e for e, _ in found]
    if found:
        status = status_from(found, obj)
    else:
        status = "outstanding" if same else "pending"
    return FollowUp(doc.stem, str(rec.get("id")), rec.get("quote") or "", status, rec.get("owner"),
                    rec.get("requested_by"), rec.get("due"), evidence)


def _mentions(obj: ActionObject, docs: list[MeetingDoc], index: Index,
              factor: float) -> list[tuple[Evidence, Optional[str]]]:
    """Each document's best mention as Evidence, with what its section says of the action (done / not yet)."""
    out = []
    for d in docs:
        cand = best_mention(obj, d, index, factor)
        if cand is not None:
            p = cand.passage
            verdict = section_verdict([p.text] + [q.text for q in cand.related if q is not p], obj, index)
            out.append((Evidence(d.stem, p.text.strip(), p.start, p.end, cand.score, cand.method), verdict))
    return out
