"""Resolutions: the formal decisions of a meeting.

Minutes record decisions in a few shapes, and every rule here keys on the
shape, not on any council's wording (cue phrases and word lists live in
``models/patterns/resolutions.json``):

- a decision heading ("RESOLVED:", "Resolved:-", "Recommendations:",
  "Decision:", "AGREED:") followed by its items, each item its own record
  ("Resolved:-  (1) That the report be noted." then "(2) That ...");
- an inline cue at the start of a block ("RESOLVED that the Panel note ...",
  "RESOLVED – to note ...") or an intro ending in a colon ("RESOLVED that
  Cabinet:") whose numbered items follow;
- numbered "That ..." decisions closing an item without a heading
  ("1.1 That Members noted ...", "1.2 Noted the impact of ...");
- decisions in other words: proposals seconded or carried ("Cllr X proposed
  acceptance of the minutes seconded by Cllr Y"), "It was agreed to ...",
  "The Committee agreed ...", "the minutes ... were approved as a correct
  record", "Cllr X was duly elected as chairman", "This was agreed by all."

Motions and amendments quoted before a vote are not decisions: a proposal
whose text follows it ("seconded the following amendment:"), one that was
lost, and one followed by a formal RESOLVED are left to that RESOLVED.
Reports and agendas record no meeting, so they have no resolutions.

Resolutions run before the actions component, which turns the ``requested``
ones into action records; nothing here emits actions.

Modules: ``patterns`` compiles the JSON; ``text`` checks shapes (the
sentences are ``..sentences.sentence_spans``); ``labels`` follows list numbering and gives decision numbers;
``kinds`` classifies a decision; ``finder`` walks the blocks, and ``prose``
holds its sentence rules (``base`` is their shared state).  This module
holds the registered component.
"""
from __future__ import annotations


from spacy.tokens import Doc

from ..common import add, make_record, rules_component
from .finder import Finder
from .patterns import patterns


def find_resolutions(doc: Doc) -> Doc:
    """Add a resolution Record for every decision of the meeting."""
    document = doc._.document
    if document is None or (document.doc_type or "") in patterns().skip_doc_types:
        return doc
    for f in Finder(doc).run():
        add(doc, make_record(doc, "resolution", (f.start, f.end), f.rule, f.confidence, number=f.number, kind=f.kind))
    return doc


# Resolution records for every decision of the meeting.
make_resolutions = rules_component("scrutiny_resolutions", "patterns/resolutions.json", find_resolutions,
                                    assigns=["doc._.records"], requires=["doc._.document", "token.is_sent_start"])
