"""The follow-up linker on the pool's tuning series (Milburn, Manordeilo & Salem), read from ../shared: what the
later minutes say of an action, and how a sentence is cut, on their own words."""
from __future__ import annotations

import re

import pytest

import pipeline
from pipeline import followup as F

from .conftest import shared


def pool_text(council: str, meeting: str) -> str:
    """The reference text of one pool meeting, its lines joined as the reader joins a PDF's wrapped lines."""
    path = next(shared(f"corpus/pool/{council}").glob(f"*{meeting}*.ref.txt"))
    return " ".join(path.read_text(encoding="utf-8").split())


def sentence_of(text: str, start: str) -> str:
    """The sentence of ``text`` that begins with ``start`` (up to its full stop)."""
    m = re.search(re.escape(start) + r".*?[.](?=\s|$)", text)
    assert m, start
    return m.group(0)


@pytest.mark.parametrize("council, meeting, start", [
    # the done word after "to" or "to be" is the promise again
    ("milburn-pc", "2019-03-05", "Household Garden Waste Skip Scheme Agreement due, Clerk to complete and return"),
    ("milburn-pc", "2018-07-03", "Mr Armstrong to contact EDC/Highways to make a request for this to be carried"),
    # a decision whose clause goes on to what will be done
    ("milburn-pc", "2019-03-05", "After discussion it was agreed Councillor Moran will call in"),
    # work in hand, in the progressive
    ("milburn-pc", "2018-07-03", "Councillors are looking at the seat following this meeting"),
    # nothing yet, "as yet"
    ("milburn-pc", "2019-03-05", "Clerk checked on Highways website prior to tonight"),
    # an attempt to no avail
    ("milburn-pc", "2018-07-03", "Details were taken twice by EDC to no avail"),
])
def test_a_promise_or_work_in_hand_is_not_yet_done(council, meeting, start):
    assert F.judge(sentence_of(pool_text(council, meeting), start)) == "not_yet"


@pytest.mark.parametrize("meeting, line", [
    ("2018-11-06", "Polite reminder regarding the Seat repairs"),     # a reminder
    # a done word after "when": the work to come
    ("2019-03-05", "The Standing Orders Policy is to be updated and will be forwarded to Councillors when complete"),
])
def test_a_line_of_its_own_that_is_not_yet_done(meeting, line):
    """Milburn's lines without a full stop, judged as the reader gives them."""
    assert line in pool_text("milburn-pc", meeting)
    assert F.judge(line) == "not_yet"


@pytest.mark.parametrize("council, meeting, start", [
    ("manordeilo-salem-cc", "2018-10-10", "The Clerk had written to Mr Paul Davies"),
    ("milburn-pc", "2018-11-06", "The Clerk had received an email from The Village Hall Secretary"),
])
def test_a_report_of_the_work_is_done(council, meeting, start):
    assert F.judge(sentence_of(pool_text(council, meeting), start)) == "done"


def test_a_title_or_an_initial_ends_no_sentence():
    """"County Cllr. J. Davies was meeting ...": one sentence, which keeps the person a later mention names."""
    text = pool_text("manordeilo-salem-cc", "2018-10-10")
    sentences = [p.text for p in F.segment(text) if not p.is_heading]
    meeting = next(s for s in sentences if "was meeting with a representative" in s)
    assert "Cllr. J. Davies was meeting" in meeting
    assert not any(s.strip() in ("J.", "O.", "Cllr.") for s in sentences)
    assert any(s.endswith("were correct.") and "proposed by Cllr. O. Williams seconded by Cllr. P. Harries" in s
               for s in sentences)


def test_a_mention_saying_not_yet_is_not_overruled_by_its_section():
    """December says the litter bin "was not yet in place"; a done sentence about the monument further down the
    same Matters Arising does not make November's promise of a bin resolved."""
    paths = [next(shared("corpus/pool/manordeilo-salem-cc").glob(f"*{m}.pdf")) for m in ("2018-11-14", "2018-12-12")]
    docs = F.docs_from_files(paths)
    [bin_] = [f for f in F.track(docs) if f.document == docs[0].stem and "additional litter bin would be" in f.quote]
    assert bin_.status == "progressed"
    assert "not yet in place" in bin_.evidence[0].quote and bin_.evidence[0].document == docs[1].stem


def test_a_code_of_letters_and_digits_is_one_word():
    """October's "amend the A4A application for additional defibrillators" comes back in December as "a revised
    grant application ... submitted to the Big Lottery A4A": the scheme's code is a word both share."""
    assert ("a4a", "a4a") in F.words("the A4A application")
    paths = [next(shared("corpus/pool/manordeilo-salem-cc").glob(f"*{m}.pdf"))
             for m in ("2018-10-10", "2018-11-14", "2018-12-12")]
    docs = F.docs_from_files(paths)
    [a4a] = [f for f in F.track(docs) if f.document == docs[0].stem and "A4A application" in f.quote]
    assert a4a.status == "resolved"
    assert a4a.evidence[0].document == docs[2].stem and "revised grant application" in a4a.evidence[0].quote


def test_an_item_title_in_capitals_opening_its_line_is_its_heading():
    """Manordeilo types each item as "BUDGET REVIEW It was not possible ...": the capitals are the item; a post in
    capitals ("PCSO Roger Anthony confirmed ...") opens no item."""
    pdf = next(shared("corpus/pool/manordeilo-salem-cc").glob("*2018-10-10.pdf"))
    by_start = {p.text[:40]: p for p in F.segment(pipeline.read(pdf).text) if not p.is_heading}
    # the PDF reader may give the capitals a line of their own or run them into the sentence: either way
    # the sentence is the item's
    budget = next(p for t, p in by_start.items() if t.startswith(("BUDGET REVIEW It was not possible",
                                                                   "It was not possible")))
    assert budget.heading == "BUDGET REVIEW"
    police = next(p for t, p in by_start.items() if t.startswith("PCSO Roger Anthony confirmed"))
    assert police.heading == "REMEMBRANCE SERVICE"
    # the same minutes as another reader gave them, the capitals run into the item's first sentence
    run_on = F.segment("REMEMBRANCE SERVICE The Service would be held on Sunday 11 November.\n"
                       "BUDGET REVIEW It was not possible to review the budget as the bank statement had not arrived.\n")
    assert [(p.heading, p.text[:20]) for p in run_on if not p.is_heading] == [
        ("REMEMBRANCE SERVICE", "REMEMBRANCE SERVICE "), ("BUDGET REVIEW", "BUDGET REVIEW It was")]


def test_an_item_coming_back_under_a_capitals_heading_is_its_own_first_sentence():
    """November: "Cllr. O. Williams and the Clerk to produce a draft document for further discussion"; December's
    item opens "BUSINESS PLAN/ANNUAL REPORT Copies of the draft document were circulated at the meeting."."""
    paths = [next(shared("corpus/pool/manordeilo-salem-cc").glob(f"*{m}.pdf")) for m in ("2018-11-14", "2018-12-12")]
    docs = F.docs_from_files(paths)
    [draft] = [f for f in F.track(docs) if f.document == docs[0].stem and "produce a draft document" in f.quote]
    assert draft.status == "resolved"
    assert "Copies of the draft document were circulated" in draft.evidence[0].quote


def test_a_clause_is_not_cut_after_a_title_or_an_initial():
    """January's "Cllr. J. Davies would follow up with Carmarthenshire County Council": one clause, whose
    promise is judged with its subject."""
    sentence = sentence_of(pool_text("manordeilo-salem-cc", "2019-01-09"), "Cllr. J. Davies would follow up")
    assert F.clauses(sentence)[0].startswith("Cllr. J. Davies would follow up with Carmarthenshire")


def test_work_named_as_still_to_come_is_not_overruled_by_its_section():
    """May 2018: the Standing Orders "need to review theirs"; March 2019: "The Standing Orders Policy is to be
    updated and will be forwarded to Councillors when complete", beside policies that "were emailed"."""
    paths = [next(shared("corpus/pool/milburn-pc").glob(f"*{m}.pdf")) for m in ("2018-05-08", "2019-03-05")]
    docs = F.docs_from_files(paths)
    [orders] = [f for f in F.track(docs) if f.document == docs[0].stem and "need to review theirs" in f.quote]
    assert orders.status == "progressed"
    assert orders.evidence[0].quote.startswith("The Standing Orders Policy is to be updated")


def test_accordingly_points_back_to_the_sentence_before():
    """September: "Mr Davies be asked to carry out the recommended remedial/clearance work ... Clerk to write to
    Mr Davies accordingly."; October: "The Clerk had written to Mr Paul Davies requesting that he carry out the
    recommended remedial/clearance work at Caledfwlch Play Area"."""
    paths = [next(shared("corpus/pool/manordeilo-salem-cc").glob(f"*{m}.pdf")) for m in ("2018-09-12", "2018-10-10")]
    docs = F.docs_from_files(paths)
    [letter] = [f for f in F.track(docs) if f.document == docs[0].stem and f.quote.endswith("Davies accordingly.")]
    assert letter.status == "resolved"
    assert letter.evidence[0].quote.startswith("The Clerk had written to Mr Paul Davies")


def test_the_linker_takes_labels_off_as_the_readers_do():
    """The readers' label parser (readers.labels.split_label) cuts the linker's labels too: a sub-item number
    ("4.4.4.4.4.13i)") is no part of the sentence, but a company called "123 Reg" in a payments list keeps its
    number, and a heading that is a date ("8 January 2020") is not cut down to "January 2020"."""
    def passages(council: str, name: str) -> list:
        doc = pipeline.read(next(shared(f"corpus/pool/{council}").glob(name)))
        return F.segment(doc.text, doc.blocks)

    december = [p.text for p in passages("manordeilo-salem-cc", "*2018-12-12.pdf")]
    assert any(t.startswith("The additional litter bin was not yet in place") for t in december)
    assert not any(re.match(r"\d+(?:\.\d+)*[a-z]*\)", t) for t in december)
    march = [p.text for p in passages("milburn-pc", "*2019-03-05.pdf")]
    assert any(t.startswith("123 Reg paid by direct debit") for t in march)
    january = passages("manordeilo-salem-cc", "*2020-01-08.html")
    assert january[0].is_heading and january[0].heading == "8 January 2020"
    assert january[1].heading == "8 January 2020"


def test_the_title_an_action_line_opens_with_names_its_matter():
    """December's "C.C.C. Budget Consultation 2019-2022, the Clerk to send the link for each Councillor to
    complete" comes back in January as "The C.C.C. Budget 2019-2022 Consultation had been forwarded to
    Councillors": the line's title, not the quote's "link", is what both share."""
    paths = [next(shared("corpus/pool/manordeilo-salem-cc").glob(f"*{m}.pdf")) for m in ("2018-12-12", "2019-01-09")]
    docs = F.docs_from_files(paths)
    [link] = [f for f in F.track(docs) if f.document == docs[0].stem and "send the link" in f.quote]
    assert link.quote == "the Clerk to send the link for each Councillor to complete."
    assert link.status == "resolved" and "Budget 2019-2022 Consultation" in link.evidence[0].quote
