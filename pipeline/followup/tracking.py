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

Because what one later document says of a document's actions depends on
those two documents alone (and on whether the later one's undated "minute
26" means the earlier one's), ``track`` works pair by pair, and a ``Memo``
keeps each pair's mentions: the store keeps them between runs, so adding
a meeting judges only the pairs it makes (:mod:`pipeline.store.tracker_cache`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Optional

from ..records import Record
from .action import action_object, action_span
from .index import Alike, DocTerms, Index, combine, doc_terms
from .due import due_date
from .matching import Candidate, best_mention
from .model import Evidence, FollowUp, MeetingDoc
from .passages import Passage
from .references import log_row_mention, reference
from .series import group_by_council, held_after, names_body, ordered, same_body
from .status import item_verdict, section_verdict, status_from
from .tuning import OTHER_BODY_FACTOR

# What one later document says of one document's actions: action (its place among the document's actions)
# -> the evidence and whether it reports the action done.
PairMentions = dict[int, tuple[Evidence, Optional[str]]]


class Memo:
    """What ``track`` worked out that does not change while the documents do not: each document segmented, and
    each (document, later document) pair's mentions.

    This one remembers within one run; the store's keeps them in the database.
    ``citing``: whether the later document's undated "minute 26" means the
    earlier document's (:func:`cites_back_to`), the one thing of a pair
    that depends on the documents between them.
    """

    def __init__(self) -> None:
        self._terms: dict[Any, DocTerms] = {}
        self._pairs: dict[tuple[Any, Any], tuple[bool, PairMentions]] = {}
        self._docs: dict[int, MeetingDoc] = {}

    def key(self, doc: MeetingDoc) -> Any:
        """What a document is known by here: the object itself (two documents may share a name), kept alive."""
        self._docs[id(doc)] = doc
        return id(doc)

    def terms(self, doc: MeetingDoc, later: bool = True) -> DocTerms:
        """``doc`` segmented and counted; ``later=False``: only what matching its own actions needs
        (``DocTerms.earlier_side``), which a memo may keep apart because it is much smaller."""
        key = self.key(doc)
        got = self._terms.get(key)
        if got is None:
            got = self._terms[key] = doc_terms(doc)
        return got

    def pair(self, doc: MeetingDoc, later: MeetingDoc, citing: bool) -> Optional[PairMentions]:
        got = self._pairs.get((self.key(doc), self.key(later)))
        return got[1] if got is not None and got[0] == citing else None

    def keep_pair(self, doc: MeetingDoc, later: MeetingDoc, citing: bool, mentions: PairMentions) -> None:
        self._pairs[(self.key(doc), self.key(later))] = (citing, mentions)


@dataclass
class Series:
    """One council's trackable documents, oldest first, each segmented once."""

    docs: list[MeetingDoc]
    terms: dict[str, DocTerms]
    alike: Optional[Alike] = None     # words alike over the later documents' words, shared by every pair index

    def __post_init__(self) -> None:
        if self.alike is None:
            self.alike = Alike(t for part in self.terms.values() for t in part.spellings)

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


@dataclass
class Actions:
    """A document's actions, each with the sentence it sits in, and how many actions each item number holds."""

    records: list[Record]
    own: list[Optional[Passage]]
    items: Counter = field(default_factory=Counter)
    spans: Optional[list[tuple[int, int]]] = None     # where each is in the text, where worked out

    @classmethod
    def of(cls, doc: MeetingDoc, terms: DocTerms) -> "Actions":
        records = [rec for rec in doc.records if rec.type == "action"]
        found = [action_span(rec, doc.text, terms.passages) for rec in records]
        own = [p for _, p in found]
        return cls(records, own, Counter(p.item_no if p is not None else None for p in own), [s for s, _ in found])


def track(docs: list[MeetingDoc], memo: Optional[Memo] = None) -> list[FollowUp]:
    """One FollowUp per action of every trackable document (council and date known), by meeting, in reading order.

    ``memo`` supplies what earlier runs worked out (segmented documents,
    each pair's mentions) and keeps what this one works out.
    """
    memo = memo if memo is not None else Memo()
    docs = ordered(docs)
    out: list[FollowUp] = []
    for group in group_by_council(docs):
        terms = {d.stem: memo.terms(d, later=False) for d in group}
        actions = {d.stem: Actions.of(d, terms[d.stem]) for d in group}
        citing = citing_pairs(group)
        found: dict[tuple[int, int], PairMentions] = {}     # by the two documents (names may repeat)
        todo = []
        for d in group:
            for x in held_after(d, group):
                got = memo.pair(d, x, x.stem in citing[d.stem]) if actions[d.stem].records else {}
                if got is None:
                    todo.append((d, x))
                else:
                    found[(id(d), id(x))] = got
        if todo:
            for x in {x.stem: x for _, x in todo}.values():
                terms[x.stem] = memo.terms(x)          # a later document is matched against all of it
            # Words alike are asked about only against the later documents of the pairs judged now.
            alike = Alike(t for x in {x.stem: x for _, x in todo}.values() for t in terms[x.stem].spellings)
            series = Series(group, terms, alike)
            for d, x in todo:
                cited = x.stem in citing[d.stem]
                found[(id(d), id(x))] = got = pair_mentions(d, x, series, actions[d.stem], cited)
                memo.keep_pair(d, x, cited, got)
        for d in group:
            later = held_after(d, group)
            body = [m.meeting_date for m in group if same_body(m, d)]
            for i, (rec, own) in enumerate(zip(actions[d.stem].records, actions[d.stem].own)):
                mentions = [found[(id(d), id(x))][i] for x in later if i in found[(id(d), id(x))]]
                out.append(follow_up(rec, d, own, mentions, any(same_body(d, x) for x in later), body))
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


def citing_pairs(group: list[MeetingDoc]) -> dict[str, set[str]]:
    """For each document of a series (oldest first), the later ones whose undated "minute 26" means its minute 26.

    ``cites_back_to`` for every pair, from each later document's previous
    meeting of its own body: no meeting of that body between the two.
    """
    previous: dict[str, Optional[str]] = {}
    for x in group:
        before = [m.meeting_date for m in group if m.meeting_date < x.meeting_date and same_body(m, x)]
        previous[x.stem] = max(before, default=None)
    return {d.stem: {x.stem for x in held_after(d, group)
                     if same_body(d, x) and (previous[x.stem] is None or previous[x.stem] <= d.meeting_date)}
            for d in group}


def pair_mentions(doc: MeetingDoc, later: MeetingDoc, series: Series, actions: Actions,
                  cited: bool) -> PairMentions:
    """What ``later`` says of each action of ``doc``, judged with the two documents' words alone.

    ``cited``: ``later``'s undated item numbers ("Further to minute 26") are
    ``doc``'s.  A citation of an item holding one action is that action's,
    whatever its words.
    """
    out: PairMentions = {}
    if not actions.records:
        return out
    index = series.index(doc, later)
    same = same_body(doc, later)
    # the later document's action-log rows, where an action here has a reference they could carry
    later_actions = Actions.of(later, series.terms[later.stem]) \
        if same and any(reference(rec) for rec in actions.records) else None
    for i, (rec, own) in enumerate(zip(actions.records, actions.own)):
        sentence = f"{own.heading}. {own.text}" if own is not None else rec.quote or ""
        span = (actions.spans[i], own) if actions.spans is not None else None
        obj = action_object(rec, doc.text, index.passages[doc.stem], index, span)
        obj.alone_in_item, obj.meeting_date = actions.items[obj.item_no] <= 1, doc.meeting_date
        row = log_row_mention(rec, later_actions.records, later_actions.own) if later_actions else None
        cand = Candidate(row, 1.0, "action_log_reference") if row is not None else \
            best_mention(obj, later, index, 1.0 if same else OTHER_BODY_FACTOR, cited)
        if cand is not None and not (same or cand.method == "explicit_reference"
                                     or names_body(sentence, later) or names_body(cand.passage.text, doc)):
            cand = None      # another committee's own business, not a report on this action
        if cand is not None:
            p = cand.passage
            verdict = item_verdict(p) if obj.moves_item else \
                section_verdict([p.text] + [q.text for q in cand.related if q is not p], obj, index)
            out[i] = (Evidence(later.stem, p.text.strip(), p.start, p.end, cand.score, cand.method), verdict)
    return out


def follow_up(rec: Record, doc: MeetingDoc, own: Optional[Passage], mentions: list[tuple[Evidence, Optional[str]]],
              body_met_later: bool, body_meetings: list[str]) -> FollowUp:
    """An action's status from its mentions in later documents (earliest first), with its due date and item.

    ``body_met_later``: a later meeting of the action's own body is stored
    (without a mention the action is then ``outstanding``, else ``pending``);
    ``body_meetings``: that body's meeting dates, for "the next meeting".
    """
    if mentions:
        status = status_from(mentions)
    else:
        status = "outstanding" if body_met_later else "pending"
    due = due_date(rec.due, rec.quote or "", doc.meeting_date, doc.committee, body_meetings)
    return FollowUp(doc.stem, str(rec.id), rec.quote or "", status, rec.owner, rec.requested_by, rec.due,
                    [e for e, _ in mentions],
                    due_date=due.date if due else None, due_basis=due.basis if due else None,
                    item_no=own.item_no if own is not None else None,
                    item_title=own.item_title or None if own is not None else None)


def follow(rec: Record, doc: MeetingDoc, series: Series, own: Optional[Passage] = None,
           items: Optional[Counter] = None) -> FollowUp:
    """Find the later mentions of one action, each later document judged with the action's alone, and its status.

    ``own``: the sentence the action sits in; ``items``: how many actions
    each item number of its meeting holds (a citation of an item with one
    action is that action's, whatever its words).
    """
    actions = Actions([rec], [own], items or Counter())
    citing = series.citing(doc)
    later = series.later(doc)
    mentions = [got[0] for got in (pair_mentions(doc, d, series, actions, d.stem in citing) for d in later) if got]
    return follow_up(rec, doc, own, mentions, any(same_body(doc, d) for d in later), series.body_meetings(doc))
