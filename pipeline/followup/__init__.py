"""Follow-ups across meetings: was each action taken up again later?

An action recorded at one meeting ("the Clerk will report this to
Highways") is *followed up* when a later document of the same council -
normally the same committee - reports on it (RECORDS.md, "Follow-ups
across meetings").  Minutes rarely cite the action they follow up, so the
linker looks in every later document of the council for:

* the action's **object** coming back: the content words of its quote
  (plus the sentence around it, and the sentence before when the quote
  only says "this" or "it") matched against each later sentence and its
  agenda heading, weighted by rarity across the council's documents so
  that words every set of minutes uses ("Clerk", "meeting") count for
  little; rapidfuzz lets "Town Hall"/"Townhall", "pot holes"/"pothole"
  and "managing"/"management" meet;
* the action's **agenda item** coming back, for actions that only move an
  item on ("deferred to the next meeting", "a meeting will be arranged").

A later sentence needs less overlap under a back-reference heading
("Matters Arising", an action log) or phrase ("as requested at the last
meeting"), under the action's own agenda item, and where it names the
action's owner or requester again.  A sentence that cites the action's
item by number ("Further to minute 26", "Matters arising: item 4") wins
over word overlap, and so does a later action log's row carrying the
action's own reference.  Only a sentence that reports can be evidence: never a
heading, an attendance list or boilerplate; another committee's minutes
only where the action was addressed to that committee ("refer to
Cabinet") or they name the action's body.  The best sentence of each later
document is its evidence, earliest document first.  Each later document is
judged with the action's document alone (word rarity counted over the
two), so a further meeting can add evidence but never take it away.

Candidate sentences come from each later document's inverted index (its
words and compounds -> its passages): a sentence sharing no spelling with
the action cannot mention it, so it is never scored.

Each mention is then judged: *done* (the promised verb in the past, "had
been booked", "was circulated") or *not yet* ("still waiting", "will
chase").  Any done mention makes the action ``resolved``, else a not-yet
one makes it ``progressed`` (a mention that says neither counts as done);
an action that only moved an item on is resolved when the item comes back
under an agenda item of its own and is not put off again.  Without a mention the action is
``outstanding`` if a later meeting of the same body exists, else
``pending``.

Cue words live in ``models/patterns/followup.json``; no rule here knows
any council's own nouns.

Modules, in the order the linker uses them:

``model``       MeetingDoc in (records, the reader's blocks), FollowUp and Evidence out
``tuning``      the scoring constants, tuned together
``vocabulary``  the cue file; stems, content words, people's names
``passages``    a document's blocks as sentences under agenda headings
``series``      which documents are one council, one committee, later
``index``       a council's passages, word rarity, words alike
``action``      what a mention of an action would share with it
``matching``    scoring later sentences against an action
``references``  a later action log's row carrying the action's own reference ("CS/01")
``status``      done / not yet, and the status they add up to
``tracking``    ``track``: all of the above for every action, pair of meetings by pair
                (a ``Memo`` keeps each pair's mentions; the store keeps them between runs)
``questions``   ``question_statuses``: answered / deferred / unanswered
``loaders``     MeetingDocs from files and gold annotations
"""
from __future__ import annotations

from .action import ActionObject, action_object, action_verbs
from .index import DocTerms, Index, build_index, combine, doc_terms
from .loaders import docs_from_files, docs_from_gold
from .matching import Candidate, best_mention, overlap, passage_score, same_item
from .model import STATUSES, Evidence, FollowUp, MeetingDoc
from .passages import Passage, locate, names_an_item, reports, segment
from .questions import question_statuses
from .series import (body_key, council_key, group_by_council, later_docs, missing_for_tracking, names_body, ordered,
                     same_body, trackable)
from .status import clause_verdict, clauses, did_verb, judge, status_from
from .tracking import Memo, follow, track
from .vocabulary import Cues, compounds, content_terms, cues, person_names, term_kind_weight, words

__all__ = [
    "STATUSES", "MeetingDoc", "Evidence", "FollowUp", "track", "follow", "Memo", "question_statuses",
    "docs_from_files", "docs_from_gold",
    "council_key", "body_key", "trackable", "missing_for_tracking", "same_body", "names_body", "ordered",
    "group_by_council", "later_docs",
    "judge", "clauses", "clause_verdict", "did_verb", "status_from",
    "Cues", "cues", "words", "content_terms", "compounds", "person_names", "term_kind_weight",
    "Passage", "segment", "locate", "reports", "names_an_item", "Index", "DocTerms", "build_index", "combine",
    "doc_terms",
    "ActionObject", "action_object", "action_verbs",
    "Candidate", "overlap", "passage_score", "best_mention", "same_item",
]
