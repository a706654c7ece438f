"""The block walk: decision headings, inline cues and numbered decisions, in reading order.

One pass over the blocks; a decision heading or an intro ending in a colon
hands the blocks after it to ``decision_list``, which takes them as items
while their labels follow on.  Prose blocks go to the sentence rules
(``prose``).
"""
from __future__ import annotations

import re
from typing import Optional

from ...document import Block
from ...readers.labels import split_label
from ...text_sentences import JUNK, sentence_spans
from .base import Found
from .kinds import classify, cue_kind, intro_kind
from .labels import (block_label, block_number, follows, label_style, label_value, own_number, section_number,
                     split_items)
from .prose import ProseRules
from .text import heading_kind, inline_ok, is_title, last_sentence, looks_like_decision, word_count


class Finder(ProseRules):
    """Walks a document's blocks once, emitting each decision once."""

    def run(self) -> list[Found]:
        """The decisions of the document, in the order the walk meets them."""
        i = 0
        while i < len(self.blocks):
            i = max(self.block(i), i + 1)  # every step moves on, whatever a rule returns
        return self.found

    def block(self, i: int) -> int:
        """Handle block ``i``; return the index of the next block to look at."""
        b = self.blocks[i]
        default = heading_kind(b.text)
        if default is not None and self.column_header(i):
            return i + 1
        if default is not None:
            if self.bare_outcome(i):
                return i + 1
            return self.decision_list(i + 1, default)
        nxt = self.inline(i)
        if nxt is not None:
            return nxt
        if self.that_numbered(i) or self.outcome_opening(i) or self.that_paragraph(i):
            return i + 1
        if b.kind != "table":
            return self.sentence_rules(i)
        return i + 1

    def column_header(self, i: int) -> bool:
        """"Organisation / Project Summary / Amount Requested / Recommendation": a table's header row read cell by
        cell, where "Recommendation" names a column, not a decision heading over what follows.  Two or more
        short cells (a few words each, no sentence punctuation) right before it make it one of a row."""
        cells = [b.text.strip() for b in self.blocks[max(0, i - 3):i]]
        short = [c for c in cells if c and word_count(c) <= 3 and not re.search(r"[.:;,]$", c) and c[0].isupper()]
        return len(short) >= 2 and len(short) == len(cells) and word_count(self.blocks[i].text) <= 2

    def bare_outcome(self, i: int) -> bool:
        """A lone "AGREED" after a suggestion, with no decision items under it, agrees to the sentence before."""
        b = self.blocks[i]
        if ":" in b.text or not re.fullmatch(r"\W*(?:AGREED|Agreed|CARRIED|Carried)\W*", b.text):
            return False
        nxt = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        if nxt is not None and nxt.kind != "heading" and (block_label(nxt)[0] or looks_like_decision(nxt.text)):
            return False
        if i == 0 or self.blocks[i - 1].kind in ("heading", "table"):
            return True
        pb = self.blocks[i - 1]
        prev = last_sentence(pb)
        if not self.overlaps(*prev) and self.P.proposal_like.search(self.stext(prev)):
            self.emit(prev[0], b.end, "agreed", "resolution.agreed", 0.7, own_number(pb.label) or section_number(self.blocks, i))
        return True

    def inline(self, i: int) -> Optional[int]:
        """"RESOLVED that ...", "Resolved:- (1) That ...", "RESOLVED that Cabinet:" at a block's start."""
        b = self.blocks[i]
        lead = len(b.text) - len(b.text.lstrip(JUNK))
        m = self.P.inline.match(b.text, lead)
        if not m or not inline_ok(m):
            return None
        cstart = m.end()
        rest = b.text[cstart:].strip(JUNK)
        default = cue_kind(m.group("cue"))
        if not rest:
            return self.decision_list(i + 1, default)
        label, body = split_label(b.text[cstart:].lstrip(" \t:-–—"))
        body_start = b.start + len(b.text) - len(body) if label else b.start + cstart
        first_sent_end = self.first_sentence_end(b, body_start)
        if b.text.rstrip(" *").endswith(":") and first_sent_end >= b.end - 2:
            return self.decision_list(i + 1, intro_kind(rest, default))
        end, last = self.run_on(i)
        items = split_items(self.text, body_start, end, label)
        for item_label, s, e in items:
            number = own_number(item_label) or block_number(self.blocks, i)
            self.emit(s, e, classify(self.doc, s, e, default), "resolution.inline", 0.95, number)
        if label:
            return self.decision_list(last + 1, default, prev_label=items[-1][0])
        return last + 1

    def first_sentence_end(self, b: Block, start: int) -> int:
        """Where the first sentence from ``start`` ends: an intro's colon must close the whole block."""
        spans = sentence_spans(self.text[start:b.end], start)
        return spans[0][1] if spans else b.end

    def decision_list(self, j: int, default: str, prev_label: Optional[str] = None) -> int:
        """Emit the items under a decision heading or intro; return the block after them."""
        first = prev_label is None
        taken_prev: Optional[Found] = None
        while j < len(self.blocks):
            b = self.blocks[j]
            if b.kind in ("heading", "table") or heading_kind(b.text) is not None:
                if b.kind == "heading" and self.subheading_in_list(j, prev_label, first):
                    j += 1
                    continue
                break
            label, body, body_start = block_label(b)
            if label is None and body.rstrip(" *”\"").endswith(":") and word_count(body) <= 40:
                # a further intro ("... is asked to agree the following:", "This Council agrees to call on X to:")
                default = intro_kind(body, default)
                first, prev_label, taken_prev = True, None, None
                j += 1
                continue
            if label is None and not first and re.fullmatch(r"\W*(?:and|further(?:more)?|also)\W*", body, re.I):
                j += 1  # "And;" between two parts of one resolution
                continue
            if not first and is_title(body):
                break  # the next minute's title ("3. Work Programme"), even when its number follows on
            if first or follows(prev_label, label) or (label is None and prev_label is None and looks_like_decision(body)):
                pass
            elif taken_prev is not None and label is not None and label_style(label) != label_style(prev_label) \
                    and self.text[taken_prev.start:taken_prev.end].rstrip().endswith(":"):
                taken_prev.end = b.end  # nested sub-items of "... while making clear that:"
                self.covered[-1] = (taken_prev.start, taken_prev.end)
                j += 1
                continue
            else:
                break
            n_before = len(self.found)
            end, j = self.run_on(j)
            items = split_items(self.text, body_start, end, label)
            for item_label, s, e in items:
                number = own_number(item_label) or section_number(self.blocks, j)
                self.emit(s, e, classify(self.doc, s, e, default), "resolution.heading", 0.95 if item_label else 0.85, number)
            taken_prev = self.found[-1] if len(self.found) > n_before else None
            prev_label = items[-1][0] if items else label
            first = False
            j += 1
        return j

    def subheading_in_list(self, j: int, prev_label: Optional[str], first: bool) -> bool:
        """A short heading inside a decision list ("2025-26 Revenue Budget") when the list goes on after it."""
        if word_count(self.blocks[j].text) > 12 or j + 1 >= len(self.blocks):
            return False
        nxt = self.blocks[j + 1]
        if nxt.kind != "list_item" or not own_number(nxt.label):
            return False
        if first:
            return label_value(nxt.label or "") == (1,)
        return follows(prev_label, nxt.label)

    def run_on(self, j: int) -> tuple[int, int]:
        """Where a decision in block ``j`` ends, following it into the next block when a page or
        line break cut it mid-sentence ("... meetings held on" / "29 October 2024 ... be noted.").

        Returns (end offset, index of the last block used).
        """
        b = self.blocks[j]
        if j + 1 < len(self.blocks) and re.search(r"(?<![;,])\s(?:on|of|the|to|at|by|for|in|that|with|from|held|a|an)\s*$", b.text):
            nxt = self.blocks[j + 1]
            if nxt.kind != "heading" and word_count(nxt.text) <= 60 and re.search(r"[.;]\s*$", nxt.text) \
                    and not looks_like_decision(nxt.text):
                return nxt.end, j + 1
        return b.end, j

    def outcome_opening(self, i: int) -> bool:
        """A paragraph opening with a decision word as a sentence of its own ("Approved. Meets the criteria ...",
        "£2500 approved.", "Rejected. Does not meet ..."): the decision column of a grants or planning table,
        read cell by cell.  The whole cell is the decision, with its reason."""
        b = self.blocks[i]
        if b.kind != "paragraph" or b.label or word_count(b.text) > 60:
            return False
        m = re.match(r"\W*(?:£\s?[\d,]+(?:\.\d\d)?\s+)?(?P<word>[A-Za-z]+)\s*(?:\.|$)", b.text)
        word = m.group("word").capitalize() if m else None
        if word not in self.P.past_openers or word in ("Agreed", "Carried", "Noted", "Resolved", "Received"):
            return False  # a lone "Agreed." closes the proposal before it (bare_outcome, trailing outcomes)
        if m.group("word")[0].islower() and not m.group(0).lstrip().startswith("£"):
            return False  # "approved." mid-flow is a sentence's end, not a cell's decision
        if i > 0 and self.P.proposal_like.search(self.blocks[i - 1].text):
            return False  # "Agreed." after a proposal: bare_outcome / the proposal rule take it
        self.emit(b.start, b.end, classify(self.doc, b.start, b.end, "agreed"), "resolution.outcome_cell", 0.6,
                  section_number(self.blocks, i))
        return True

    def that_paragraph(self, i: int) -> bool:
        """A paragraph of its own in the resolution form, "That approval be given for ...", "That the report be
        noted": the decision, where the page lost the "RESOLVED" above it (ModernGov item pages copied as text)."""
        b = self.blocks[i]
        if b.kind != "paragraph" or b.label or not self.P.that_opening.match(b.text) or word_count(b.text) > 120:
            return False
        if self.under_lead_in(i):
            return False
        span = self.doc.char_span(b.start, b.end, alignment_mode="expand") or []
        toks = [t for t in span if not t.is_space]
        if not any(t.lower_ == "be" and n.tag_ == "VBN" for t, n in zip(toks[:25], toks[1:26])):
            return False  # "That was the last item": no "be" + participle, no decision
        self.emit(b.start, b.end, classify(self.doc, b.start, b.end, "agreed"), "resolution.that_paragraph", 0.7,
                  section_number(self.blocks, i))
        return True

    def under_lead_in(self, i: int, lettered: bool = False) -> bool:
        """Whether block ``i`` is a point under a lead-in ending in a colon ("it was noted:", "The Panel was
        told:"), not a decision: a decision heading ("RESOLVED:"), a sentence broken at the colon, or the heading
        over a run of lettered "That ..." items is no lead-in."""
        before = self.blocks[i - 1].text.rstrip(" *") if i > 0 else ""
        return before.endswith(":") and heading_kind(before) is None and not self.P.midsentence.search(before) \
            and not (lettered and self.blocks[i - 1].kind == "heading")

    def in_run_of_that_items(self, i: int) -> bool:
        """Is block ``i`` one of lettered items in a row that each open "That ..." ("(a) That ... be approved;" /
        "(b) That the Facilitator ... be authorised ..."): a decision box whose heading the page left out."""
        style = label_style(self.blocks[i].label)

        def that_item(j: int) -> bool:
            if not 0 <= j < len(self.blocks) or label_style(self.blocks[j].label) != style:
                return False
            return bool(self.P.that_opening.match(block_label(self.blocks[j])[1]))

        return that_item(i) and (that_item(i - 1) or that_item(i + 1))

    def that_numbered(self, i: int) -> bool:
        """A numbered "That ..." or "Noted ..." item: a decision that closes an item without a heading."""
        b = self.blocks[i]
        label, body, body_start = block_label(b)
        lettered = label_style(label) in ("paren-alpha", "alpha") and self.in_run_of_that_items(i)
        if label_style(label) not in ("num", "paren-num") and not (label_style(label) or "").startswith("dotted") \
                and not lettered or b.kind == "heading":
            return False
        t = body.lstrip(JUNK)
        word, _, rest = t.partition(" ")
        that = self.P.that_opening.match(t)
        opener = word in self.P.past_openers and rest[:1].islower()  # "Noted the impact", not "Elected Members"
        if not (that or opener):
            return False
        if self.under_lead_in(i, lettered):
            return False
        if that and not any(tok.tag_.startswith("VB") for tok in self.doc.char_span(body_start, b.end, alignment_mode="expand") or []):
            return False
        self.emit(body_start, b.end, classify(self.doc, body_start, b.end, "agreed"), "resolution.that_numbered", 0.8, label)
        return True
