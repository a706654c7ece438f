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
from dataclasses import dataclass
from typing import Optional

from .action import action_object, action_passage
from .index import Alike, DocTerms, Index, combine, doc_terms
from .due import due_date
from .matching import best_mention
from .model import Evidence, FollowUp, MeetingDoc
from .passages import Passage
from .series import group_by_council, held_after, names_body, ordered, same_body
from .status import item_verdict, section_verdict, status_from
from .tuning import OTHER_BODY_FACTOR


@dataclass
class Series:
    """One council's trackable documents, oldest first, each segmented once."""

    docs: list[MeetingDoc]
    terms: dict[str, DocTerms]
    alike: Optional[Alike] = None     # words alike over the council's vocabulary, shared by every pair index

    def __post_init__(self) -> None:
        if self.alike is None:
            self.alike = Alike(t for part in self.terms.values() for t in part.df)

    def index(self, doc: MeetingDoc, later: MeetingDoc) -> Index:
        """The index an action of ``doc`` is matched against ``later`` with: the two documents' words alone."""
        return combine([self.terms[doc.stem], self.terms[later.stem]], self.alike)

    def later(self, doc: MeetingDoc) -> list[MeetingDoc]:
        return held_after(doc, self.docs)

    def body_meetings(self, doc: MeetingDoc) -> list[str]:
        """The meeting dates of ``doc``'s own body: "the next meeting" is the first after ``doc``'s."""
        return [d.meeting_date for d in self.docs if same_body(d, doc)]

    def citing(self, doc: MeetingDoc) -> set[str]:
        """The later documents whose undated "minute 26" means ``doc``'s minute 26: the body's next meeting."""
        return {x.stem for x in self.later(doc) if cites_back_to(x, doc, self.docs)}


def track(docs: list[MeetingDoc]) -> list[FollowUp]:
    """One FollowUp per action of every trackable document (council and date known), by meeting, in reading order."""
    docs = ordered(docs)
    out: list[FollowUp] = []
    for group in group_by_council(docs):
        series = Series(group, {d.stem: doc_terms(d) for d in group})
        for d in group:
            actions = [rec for rec in d.records if rec.get("type") == "action"]
            own = [action_passage(rec, d.text, series.terms[d.stem].passages) for rec in actions]
            items = Counter(p.item_no if p is not None else None for p in own)
            out.extend(follow(rec, d, series, p, items) for rec, p in zip(actions, own))
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


def follow(rec: dict, doc: MeetingDoc, series: Series, own: Optional[Passage] = None,
           items: Optional[Counter] = None) -> FollowUp:
    """Find the later mentions of one action, each later document judged with the action's alone, and its status.

    ``own``: the sentence the action sits in; ``items``: how many actions
    each item number of its meeting holds (a citation of an item with one
    action is that action's, whatever its words).
    """
    found: list[tuple[Evidence, Optional[str]]] = []
    sentence = f"{own.heading}. {own.text}" if own is not None else rec.get("quote") or ""
    later, citing = series.later(doc), series.citing(doc)
    for d in later:
        index = series.index(doc, d)
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
    due = due_date(rec.get("due"), rec.get("quote") or "", doc.meeting_date, doc.committee,
                   series.body_meetings(doc))
    return FollowUp(doc.stem, str(rec.get("id")), rec.get("quote") or "", status, rec.get("owner"),
                    rec.get("requested_by"), rec.get("due"), [e for e, _ in found],
                    due_date=due.date if due else None, due_basis=due.basis if due else None,
                    item_no=own.item_no if own is not None else None,
                    item_title=own.item_title or None if own is not None else None)
