"""The linker itself: for every action, its mentions in later documents of the council and its status.

Each later document is judged on its own, against an index of the action's
document and that document alone, so the evidence is monotonic: storing a
further meeting can add evidence or move an action on, and never removes
evidence that still exists.  Documents of the action's own committee are
searched against the usual bar; the council's other committees against a
higher one, and only where the action is addressed to them ("refer to
Cabinet") or their sentence names the action's body, since otherwise they
speak of their own business.  A sentence citing the action's item by
number ("Further to minute 26") wins over word overlap.  Without a mention the action is ``outstanding`` if a later
meeting of the same body exists, else ``pending``.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional

from .action import action_object, action_passage
from .index import DocTerms, combine, doc_terms
from .matching import best_mention
from .model import Evidence, FollowUp, MeetingDoc
from .passages import Passage
from .series import group_by_council, held_after, names_body, ordered, same_body
from .status import item_verdict, section_verdict, status_from
from .tuning import OTHER_BODY_FACTOR


def track(docs: list[MeetingDoc]) -> list[FollowUp]:
    """One FollowUp per action of every trackable document (council and date known), by meeting date, in reading order."""
    docs = ordered(docs)
    out: list[FollowUp] = []
    for group in group_by_council(docs):
        terms = {d.stem: doc_terms(d) for d in group}
        for d in group:
            later = held_after(d, group)
            actions = [rec for rec in d.records if rec.get("type") == "action"]
            items = Counter(_item_no(action_passage(rec, d.text, terms[d.stem].passages)) for rec in actions)
            citing = {x.stem for x in later if cites_back_to(x, d, group)}
            out.extend(follow(rec, d, later, terms, citing, items) for rec in actions)
    position = {d.stem: i for i, d in enumerate(docs)}
    return sorted(out, key=lambda f: position.get(f.document, 0))


def cites_back_to(later: MeetingDoc, earlier: MeetingDoc, group: list[MeetingDoc]) -> bool:
    """Whether the item numbers ``later`` cites ("Further to minute 26") are ``earlier``'s.

    A citation that names its meeting's date points there; one that does not
    points at the same body's previous meeting in the dataset.
    """
    if not same_body(earlier, later):
        return False
    between = [d for d in group if same_body(d, later) and earlier.meeting_date < d.meeting_date < later.meeting_date]
    return not between


def follow(rec: dict, doc: MeetingDoc, later: list[MeetingDoc], terms: dict[str, DocTerms],
           citing: frozenset | set = frozenset(), items: Optional[Counter] = None) -> FollowUp:
    """Find the later mentions of one action, each later document judged with the action's alone, and its status.

    ``citing``: the later documents whose "minute 26" means this action's
    meeting; ``items``: how many actions each item number of its meeting holds.
    """
    found: list[tuple[Evidence, Optional[str]]] = []
    own = action_passage(rec, doc.text, terms[doc.stem].passages)
    sentence = f"{own.heading}. {own.text}" if own is not None else rec.get("quote") or ""
    for d in later:
        index = combine([terms[doc.stem], terms[d.stem]])
        obj = action_object(rec, doc.text, index.passages[doc.stem], index)
        obj.alone_in_item, obj.meeting_date = (items or Counter())[obj.item_no] <= 1, doc.meeting_date
        same = same_body(doc, d)
        cand = best_mention(obj, d, index, 1.0 if same else OTHER_BODY_FACTOR, d.stem in citing)
        if cand is not None and not (same or cand.method == "explicit_reference"
                                     or names_body(sentence, d) or names_body(cand.passage.text, doc)):
            cand = None      # another committee's own business, not a report on this action
        if cand is not None:
            p = cand.passage
            verdict = item_verdict(p) if obj.moves_item else \
                section_verdict([p.text] + [q.text for q in cand.related if q is not p], obj, index)
            found.append((Evidence(d.stem, p.text.strip(), p.start, p.end, cand.score, cand.method), verdict))
    if found:
        status = status_from(found)
    else:
        status = "outstanding" if any(same_body(doc, d) for d in later) else "pending"
    return FollowUp(doc.stem, str(rec.get("id")), rec.get("quote") or "", status, rec.get("owner"),
                    rec.get("requested_by"), rec.get("due"), [e for e, _ in found])


def _item_no(p: Optional[Passage]) -> Optional[str]:
    """The item number of an action's sentence (None without one, or without a sentence)."""
    return p.item_no if p is not None else None
