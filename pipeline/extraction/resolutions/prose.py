"""Decisions written as prose: the rules that read a block sentence by sentence.

"It was proposed by Cllr A, seconded by Cllr B and RESOLVED that ...",
"Cllr X proposed ..., seconded by Cllr Y. Unanimously agreed.", "It was
agreed to ...", "The minutes ... were approved as a correct record", "Cllr X
was duly elected as chairman", "This was agreed by all."  Motions quoted
before a vote, lost proposals and those a formal RESOLVED records later are
left alone.
"""
from __future__ import annotations

import re
from typing import Optional

from ...document import Block
from ...text_sentences import JUNK, CharSpan, sentence_spans
from ..common import lemma
from .base import FinderBase
from .kinds import classify, cue_kind, intro_kind, is_opinion, kind_after_cue
from .labels import block_number, own_or_section_number
from .text import heading_kind, inline_ok, is_outcome, is_question, is_shouting, last_sentence, word_count


class ProseRules(FinderBase):
    """The sentence rules; ``Finder`` adds the block structure that calls them."""

    def sentence_rules(self, i: int) -> int:
        """Try each rule on each sentence of prose block ``i`` not yet covered; return the next block to look at.

        The order matters: a formal "RESOLVED" inside a sentence outranks a
        proposal, and a proposal outranks the looser "agreed" wordings.
        """
        b = self.blocks[i]
        spans = sentence_spans(b.text, b.start)
        k = 0
        next_block = i + 1
        while k < len(spans):
            if self.overlaps(*spans[k]):
                k += 1
                continue
            for rule in (self.mid_resolved, self.proposal, self.minutes, self.elected, self.it_was_agreed,
                         self.body_agreed, self.it_was_recommended, self.this_agreed, self.document_noted,
                         self.passive_decision, self.decision_over_list):
                res = rule(i, spans, k)
                if res is not None:
                    k, next_block = max(res[0], k + 1), max(next_block, res[1])  # always moves on
                    break
            else:
                k += 1
        return next_block

    def trailing_outcomes(self, i: int, spans: list[CharSpan], k: int) -> tuple[int, int, int, bool]:
        """Extend past outcome sentences ("Unanimously agreed.", "7 votes for 1 abstention. Carried").

        Returns (end offset, next sentence index, next block index, failed?).
        """
        P = self.P
        end, j, failed = spans[k][1], k + 1, False
        while j < len(spans) and is_outcome(self.stext(spans[j])):
            failed = failed or bool(P.failed.search(self.stext(spans[j])))
            end, j = spans[j][1], j + 1
        nb = i + 1
        if j >= len(spans) and nb < len(self.blocks):
            nxt = self.blocks[nb]
            if nxt.kind != "heading" and is_outcome(nxt.text) and word_count(nxt.text) <= 6 and not nxt.label:
                failed = failed or bool(P.failed.search(nxt.text))
                end, nb = nxt.end, nb + 1
        return end, j, nb, failed

    def mid_resolved(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"It was proposed by Cllr A, seconded by Cllr B and RESOLVED that ..."."""
        s = self.stext(spans[k])
        m = self.P.midsentence.search(s)
        if not m or is_shouting(s) or self.P.hedge.search(s[:m.start()]) or is_question(s):
            return None
        default = cue_kind(m.group("cue").split()[-1])
        if self.opens_list(spans, k):
            return len(spans), self.decision_list(i + 1, intro_kind(s[m.end():], default))
        start = spans[k][0]
        lead = s[:m.start()].strip(JUNK).lower()
        if lead in ("", "it was", "and"):
            start = spans[k][0] + m.end()
        elif not re.search(r"\b(?:propos|second|moved)", lead):
            # "..., the amount due would be £647.10 per annum, Councillors resolved to accept ...": the decision is
            # the clause of the cue; what comes before its comma is the matter reported, not the decision.  A
            # topic with no verb of its own ("Invoice received from G & A M Johnston £1033.00 for grass cutting,
            # Councillors resolved to pay") is what is decided on, and stays; a statement run on without a full
            # stop ("... has been received from The Fellrunner Village Bus Councillors resolved to donate £65") does not
            clause = re.search(r"[,;]\s+(?=(?:\S+\s+){0,4}$)", s[:m.start()])
            if clause and not self.names_matter(spans[k][0], spans[k][0] + clause.start()):
                start = spans[k][0] + clause.end()
            elif not clause and s[m.start()].isupper() and self.runs_on(spans[k][0], spans[k][0] + m.start()):
                start = spans[k][0] + m.start()
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        kind = classify(self.doc, spans[k][0] + m.end(), spans[k][1], default)
        self.emit(start, end, kind, "resolution.inline", 0.9, block_number(self.blocks, i))
        return nk, nb

    def proposal(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"Cllr X proposed that ..., seconded by Cllr Y. Unanimously agreed." and "Proposed by X, seconded by Y, all agreed"."""
        P = self.P
        s = self.stext(spans[k])
        m = P.proposal.search(s)
        if not m or is_question(s):
            return None
        after = s[m.end():]
        if not m.group("by") and P.nomination.match(after):
            return None
        if P.motion_follows.search(s.rstrip(" *")):
            return None
        end, nk, nb, failed = self.trailing_outcomes(i, spans, k)
        window = self.text[spans[k][0]:end]
        second_at = after.lower().find("second")
        tail = self.text[spans[k][1]:end] + (after[second_at:] if second_at >= 0 else "")
        seconded = bool(P.seconded.search(window))
        carried = end > spans[k][1] or bool(P.outcome_inline.search(after[second_at:] if second_at >= 0 else after))
        if failed or P.failed.search(tail) or self.fails_next(i, spans, nk) or not (seconded or carried):
            return None
        if self.resolved_follows(nb) or (P.motion_word.search(s) and end == spans[k][1]):
            return len(spans), nb  # the motion's text and fate follow: the RESOLVED records the decision
        start = spans[k][0] + (m.start() if m.group("who") else 0)
        motion = self.motion_below(i, spans, k)
        if motion is not None:
            # "It was moved by Councillor Sayers, seconded by Councillor Grace and" / "That ... be submitted ...":
            # the page dropped the "RESOLVED" that joined them; the "That" paragraph is the decision
            self.emit(motion.start, motion.end, classify(self.doc, motion.start, motion.end, "agreed"),
                      "resolution.proposed_seconded", 0.8, own_or_section_number(self.blocks, i))
            return len(spans), i + 2
        if self.content_free(after) and (m.group("by") or m.group("moved") or m.start() < 3):
            prev = self.previous_sentence(i, spans, k)
            if prev is None:
                return None
            start = prev[0]
        number = own_or_section_number(self.blocks, i)
        self.emit(start, end, "agreed", "resolution.proposed_seconded", 0.85 if seconded else 0.7, number)
        return nk, nb

    def motion_below(self, i: int, spans: list[CharSpan], k: int) -> Optional[Block]:
        """The "That ..." paragraph a proposal's last sentence hangs on with a closing "and", if there is one."""
        if k != len(spans) - 1 or not re.search(r"\band\s*$", self.stext(spans[k])) or i + 1 >= len(self.blocks):
            return None
        nxt = self.blocks[i + 1]
        return nxt if nxt.kind != "heading" and re.match(r"\W*That\s", nxt.text) else None

    def fails_next(self, i: int, spans: list[CharSpan], k: int) -> bool:
        """"On being put to the vote the amendment was lost.": the sentence after a proposal says it failed."""
        if k < len(spans):
            nxt = self.stext(spans[k])
        elif i + 1 < len(self.blocks) and self.blocks[i + 1].kind != "heading":
            nxt = self.text[self.blocks[i + 1].start:self.blocks[i + 1].end][:200]
        else:
            return False
        return word_count(nxt) <= 25 and bool(self.P.failed.search(nxt))

    def content_free(self, after: str) -> bool:
        """Is a proposal only names, seconding and outcome ("by Cllr A, seconded by Cllr B, all agreed")?"""
        rest = self.P.proposer_title.sub(" ", after)
        words = [w for w in re.findall(r"[A-Za-z’'-]+", rest)
                 if not w[0].isupper() and w.lower() not in self.P.proposal_filler]
        return len(words) < 2

    def previous_sentence(self, i: int, spans: list[CharSpan], k: int) -> Optional[CharSpan]:
        """The sentence before sentence ``k`` of block ``i``, crossing into the previous block but not a heading."""
        if k > 0:
            prev = spans[k - 1]
        elif i > 0 and self.blocks[i - 1].kind not in ("heading", "table"):
            pb = self.blocks[i - 1]
            prev = last_sentence(pb)
        else:
            return None
        return None if self.overlaps(*prev) else prev

    def resolved_follows(self, nb: int, look: int = 8) -> bool:
        """Does a formal RESOLVED follow (after the motion's items, votes and outcome), recording the decision instead?"""
        for b in self.blocks[nb:nb + look]:
            t = b.text
            m = self.P.inline.match(t.lstrip(JUNK))
            if heading_kind(t) is not None or (m and inline_ok(m)) or self.P.midsentence.search(t[:120]):
                return True
            if b.kind == "heading" and not is_outcome(t) and word_count(t) > 3:
                return False
            if b.kind == "paragraph" and not is_outcome(t) and word_count(t) > 12:
                return False
        return False

    def minutes(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"The minutes of the last meeting were approved as a correct record"."""
        s = self.stext(spans[k])
        m = self.P.minutes_approved.search(s)
        if not m or is_shouting(s) or self.P.hedge.search(s[:m.start()]) or re.search(r"\b(?:will|would|to)\s+be\b", m.group(0), re.I):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(spans[k][0], end, "agreed", "resolution.minutes_approved", 0.9,
                  own_or_section_number(self.blocks, i))
        return nk, nb

    def elected(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"Cllr X was duly elected as chairman by 5 votes ..." (with the vote count before it)."""
        P = self.P
        s = self.stext(spans[k])
        m = P.elected.search(s)
        if not m or P.elected_hedge.search(s) or P.historic.search(s[:m.start()]) or is_question(s) \
                or re.search(r"\bin\s+(?:19|20)\d\d\b", s):
            return None
        if "appointed" in m.group(0).lower() and not re.search(r"\b(?:chair|vice|representative|member|deputy|mayor|leader)", s[m.end():m.end() + 40], re.I):
            return None
        start = spans[k][0]
        prev = self.previous_sentence(i, spans, k) if k > 0 else None
        if prev is not None and P.votes.search(self.stext(prev)):
            start = prev[0]
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(start, end, "agreed", "resolution.elected", 0.8, own_or_section_number(self.blocks, i))
        return nk, nb

    def agreed_at(self, i: int, spans: list[CharSpan], k: int, m_start: int, m_end: int, rule: str,
                  default: str, confidence: float) -> Optional[tuple[int, int]]:
        """Emit a decision found by a cue at [m_start, m_end) of sentence ``k``, unless hedged or historic."""
        P = self.P
        s = self.stext(spans[k])
        before, after = s[:m_start], s[m_end:]
        if is_question(s) or is_shouting(s) or self.historic(before, after) or P.hedge.search(before) \
                or P.not_decision_after.match(after) or re.search(r"\b(?:if|whether|unless|when)\s*$", before.strip(), re.I):
            return None
        if P.motion_follows.search(s.rstrip(" *")) and not self.opens_list(spans, k):
            return None
        if self.opens_list(spans, k):
            if re.search(r"\b(?:amendment|motion)\b", s, re.I):
                return None
            return len(spans), self.decision_list(i + 1, intro_kind(after, default))
        if is_opinion(self.doc, spans[k][0] + m_end, spans[k][1]):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        if nk >= len(spans) and self.resolved_follows(nb, look=1):
            return len(spans), nb
        kind = kind_after_cue(self.text[spans[k][0] + m_end:spans[k][1]], default)
        self.emit(spans[k][0] + m_start, end, kind, rule, confidence, own_or_section_number(self.blocks, i))
        return nk, nb

    def historic(self, before: str, after: str) -> bool:
        """Does the verb phrase itself put the decision at an earlier meeting ("had been agreed", "was agreed
        at the last meeting")?  Only the words next to the cue count: a sentence that mentions the last
        meeting or a year elsewhere still records today's decision."""
        P = self.P
        return bool(P.historic_aspect.search(before) or P.historic_after.search(after) or P.historic_lead.match(before))

    def it_was_agreed(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"It was agreed to ...", "it was agreed that ...", "It was decided that ..."."""
        return self.decision_after(self.P.agreed_cue, i, spans, k, "resolution.agreed", "agreed", 0.8)

    def body_agreed(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"The Committee agreed that ...", "Members AGREED to ...", "The Panel NOTED the report", "The Council
        noted the report" (in lower case only with a document as object: "Members noted that ..." observes)."""
        s = self.stext(spans[k])
        for m in self.P.body_agreed.finditer(s):
            verb = m.group("verb")
            if verb.lower() in ("noted", "received") and not verb.isupper() \
                    and not self.P.body_noted_object.match(s[m.end():]):
                continue
            return self.agreed_at(i, spans, k, m.start(), m.end(), "resolution.agreed", cue_kind(verb), 0.7)
        return None

    def it_was_recommended(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"It was recommended that ...": the meeting recommends to another body."""
        return self.decision_after(self.P.recommended_cue, i, spans, k, "resolution.recommended", "recommended", 0.6)

    def decision_after(self, cue: re.Pattern, i: int, spans: list[CharSpan], k: int, rule: str, kind: str,
                       confidence: float) -> Optional[tuple[int, int]]:
        """The decision that follows a fixed cue ("It was agreed", "It was recommended") in span k."""
        m = cue.search(self.stext(spans[k]))
        if not m:
            return None
        return self.agreed_at(i, spans, k, m.start(), m.end(), rule, kind, confidence)

    def document_noted(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"The Clerk's report was received and noted.", "The Council noted the report.": the meeting took note
        of a document."""
        s = self.stext(spans[k])
        if not self.P.noted_passive.match(s) or is_question(s):
            return None
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        self.emit(spans[k][0], end, "noted", "resolution.noted", 0.6, own_or_section_number(self.blocks, i))
        return nk, nb

    def passive_decision(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"The tender ... was accepted.", "The following payments were approved", "The revised standing orders
        were read through and approved": a decision written as a passive.

        Found from the tagger, not from a list of subjects: the main verb group is "was/were" (with
        adverbs, or a first participle and "and") and a decision participle.  A modal or perfect
        before it ("will be approved", "had been agreed") makes it a plan or an earlier decision, and
        an agent other than the meeting ("approved by the District Council") another body's decision.
        """
        P = self.P
        s = self.stext(spans[k])
        if is_question(s) or is_shouting(s):
            return None
        span = self.doc.char_span(spans[k][0], spans[k][1], alignment_mode="expand")
        if span is None or len(span) > 60:
            return None
        toks = list(span)
        for j, t in enumerate(toks):
            if t.tag_ in ("VBD", "VBZ", "VBP", "MD") and t.lower_ not in ("was", "were"):
                return None  # a finite verb before it: the passive is not the main clause
            if t.lower_ not in ("was", "were") or j == 0 or toks[j - 1].lower_ == "it":
                continue  # "it was agreed" is it_was_agreed's, with its own checks
            decision = None
            v = j + 1
            while v < len(toks):   # "were read through and approved", "was completed and approved"
                if toks[v].pos_ in ("ADV", "PART") or toks[v].lower_ in ("duly", "unanimously", "then", "through"):
                    v += 1
                elif toks[v].tag_ == "VBN":
                    if lemma(toks[v]) in P.passive_decision_verbs and decision is None:
                        decision = toks[v]
                    v += 1
                elif toks[v].lower_ == "and" and v + 1 < len(toks) and toks[v + 1].tag_ in ("VBN", "RB"):
                    v += 1
                else:
                    break
            if decision is None:
                continue
            before = self.text[spans[k][0]:t.idx]
            after = self.text[decision.idx + len(decision.text):spans[k][1]]
            if P.hedge.search(before) or self.historic(before, after) or P.this_agreed.match(s.strip(JUNK)):
                return None
            agent = re.match(r"\s*by\s+(.{0,60})", after)
            if agent and not P.body_subject.match(agent.group(1)):
                return None  # "approved by the District Council": another body's decision, reported
            end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
            item = self.item_after_lead_in(i, spans, k)
            if item is not None:
                end, nb = self.blocks[item].end, item + 1
            self.emit(spans[k][0], end, kind_after_cue(after, "agreed"), "resolution.passive", 0.6,
                      own_or_section_number(self.blocks, i))
            return nk, nb
        return None

    def names_matter(self, start: int, end: int) -> bool:
        """Is the text from ``start`` to ``end`` the matter decided on ("Invoice received from G & A M Johnston
        £1033.00 for grass cutting"): a noun phrase with no statement of its own, no auxiliary, present
        tense or past tense with its object ("the amount due would be £647.10", "a letter has been
        received", "The Councillors discussed the accounts"), and no adverbial ("After discussion")?"""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span) or span[0].pos_ in ("ADP", "SCONJ", "ADV"):
            return False
        return not any(
            t.pos_ == "AUX" or t.tag_ in ("VBZ", "VBP", "MD")
            or t.tag_ == "VBD" and t.i + 1 < span.end and self.doc[t.i + 1].tag_ in ("DT", "PRP", "PRP$", "NN", "NNS", "CD")
            for t in span)

    def runs_on(self, start: int, end: int) -> bool:
        """Is the text from ``start`` to ``end`` a statement of its own with a verb of its own ("A letter asking
        for a donation has been received from ..."), run on into the decision without a full stop?  A listed
        amount ("The Village Hall fees for the past year is £40") has none and is the matter decided on."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return (span is not None and not self.names_matter(start, end)
                and any(t.pos_ == "VERB" and t.tag_ in ("VBN", "VBD", "VBZ", "VBP") for t in span))

    def item_after_lead_in(self, i: int, spans: list[CharSpan], k: int) -> Optional[int]:
        """"The following observation was agreed:" closing its block, over the planning application it
        decides on: the block after it, which the decision quotes.  Not over a heading, nor over a list of
        payments, whose lines are each a figure with its payee."""
        if not self.opens_list(spans, k) or i + 1 >= len(self.blocks):
            return None
        nxt = self.blocks[i + 1]
        if nxt.kind not in ("paragraph", "list_item") or re.search(r"[£$€]\s?\d|\d\.\d\d\b", nxt.text):
            return None
        return i + 1

    def decision_over_list(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"Cheques signed and approved for payment:", "Payments approved:": a noun and a decision participle
        with no auxiliary, introducing the list the decision covers.

        The colon and the missing "were" are the structure: a line that opens
        what follows and says it was decided ("Matters raised by members:"
        is no decision, its participle being no decision verb)."""
        s = self.stext(spans[k]).strip()
        if not self.text[spans[k][1]:spans[k][1] + 3].lstrip(" *").startswith(":") or is_question(s):
            return None
        span = self.doc.char_span(spans[k][0], spans[k][1], alignment_mode="expand")
        if span is None or len(span) > 14:
            return None
        toks = [t for t in span if not t.is_punct]
        if len(toks) < 2 or toks[0].tag_ not in ("NNS", "NN", "NNP"):
            return None
        v = 1
        while v < len(toks) and toks[v].tag_ in ("NNS", "NN", "NNP", "JJ"):  # "Accounts for payment", "Invoices received"
            v += 1
        participles = []
        while v < len(toks) and (toks[v].tag_ in ("VBN", "VBD") or toks[v].lower_ == "and"):
            participles.append(toks[v])
            v += 1
        if not any(lemma(t) in self.P.passive_decision_verbs for t in participles if t.lower_ != "and"):
            return None
        if any(t.tag_ in ("VBZ", "VBP", "MD") for t in toks[v:]):
            return None
        self.emit(spans[k][0], spans[k][1], "agreed", "resolution.passive", 0.55, own_or_section_number(self.blocks, i))
        return k + 1, i + 1

    def this_agreed(self, i: int, spans: list[CharSpan], k: int) -> Optional[tuple[int, int]]:
        """"... recommended that a letter be sent. This was agreed by all.": the sentence before is the decision."""
        s = self.stext(spans[k])
        if not self.P.this_agreed.match(s.strip(JUNK)) or is_shouting(s):
            return None
        prev = self.previous_sentence(i, spans, k)
        if prev is None or not self.P.proposal_like.search(self.stext(prev)) or self.P.failed.search(self.stext(prev)):
            if not re.match(r"\W*the\s+(?:\w+\s+){0,3}?(?:recommendations?|proposals?|motion)\b", s, re.I):
                return None
            prev = spans[k]  # "The recommendations in the report were approved." says what was decided
        end, nk, nb, _ = self.trailing_outcomes(i, spans, k)
        if nk >= len(spans) and self.resolved_follows(nb, look=1):
            return len(spans), nb
        self.emit(prev[0], end, "agreed", "resolution.agreed", 0.7, own_or_section_number(self.blocks, i))
        return nk, nb
