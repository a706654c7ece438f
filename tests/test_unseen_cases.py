"""The invented examples of ../shared/cases/unseen-failures.md, each a class of wording or layout that failed on
councils the rules had not seen, with what RECORDS.md expects of it.  The real sentences of the pool for each class
are tested beside the rule that handles it (test_actions, test_resolutions, test_figures, test_readers).

The texts are read from the shared file itself, so a test runs exactly the example written there.
"""
from __future__ import annotations

import re

import pipeline
from pipeline import metadata
from pipeline.readers import read_bytes

from .conftest import shared


def case_text(n: int) -> str:
    """The first text block of case ``n`` of unseen-failures.md."""
    md = shared("cases/unseen-failures.md").read_text(encoding="utf-8")
    section = re.split(r"\n## (\d+)\. ", md)
    body = section[section.index(str(n)) + 1]
    return re.search(r"Text:\n\n```\n(.*?)```", body, re.S).group(1)


def run(n: int):
    doc = read_bytes(case_text(n).encode("utf-8"), f"case{n}.txt")
    metadata.infer(doc)
    return doc, pipeline.extract(doc)


def of(records, kind):
    return [r for r in records if r.type == kind]


def test_case_01_notice_of_motion_is_a_request_of_the_council():
    doc, recs = run(1)
    x, = of(recs, "action")
    assert x.quote.startswith("Drumcarra County Council install a pedestrian crossing")
    assert (x.kind, x.owner, x.requested_by) == ("request", "Drumcarra County Council", "Councillor P. Dunleavy")
    assert (doc.council, doc.committee) == ("Drumcarra County Council", None)


def test_case_02_item_numbers_are_labels_not_figures():
    _, recs = run(2)
    assert of(recs, "figure") == []
    assert [(x.quote, x.kind, x.owner) for x in of(recs, "action")] == [("Clerk to pay the invoice.", "commitment", "Clerk")]


def test_case_06_passive_future_undertakings():
    _, recs = run(6)
    quotes = [x.quote for x in of(recs, "action")]
    assert quotes[0] == "Advice will be sought from the drainage engineer"
    assert len(quotes) == 2 and quotes[1].endswith("Mill Row will be informed.")


def test_case_07_a_house_number_is_no_figure():
    _, recs = run(7)
    assert of(recs, "figure") == []


def test_case_08_due_shortly():
    _, recs = run(8)
    x, = of(recs, "action")
    assert (x.kind, x.owner, x.due) == ("commitment", "The Clerk", "shortly")


def test_case_10_passive_decisions():
    _, recs = run(10)
    assert [(r.kind, r.quote) for r in of(recs, "resolution")] == [
        ("agreed", "The tender from Oakfield Landscapes for the verge-cutting contract was accepted."),
        ("agreed", "The revised standing orders were read through and approved.")]


def test_case_11_it_was_agreed_to_is_also_the_bodys_commitment():
    _, recs = run(11)
    assert [r.kind for r in of(recs, "resolution")] == ["agreed"]
    x, = of(recs, "action")
    assert x.kind == "commitment"
    f, = of(recs, "figure")
    assert (f.value, f.unit) == (5, "years")


def test_case_12_called_for():
    _, recs = run(12)
    x, = of(recs, "action")
    assert (x.kind, x.requested_by) == ("request", "Councillor Hanley")


def test_case_13_two_that_clauses_are_two_requests():
    _, recs = run(13)
    xs = of(recs, "action")
    assert [x.quote for x in xs] == ["Councillor Reid asked that the footpath by the surgery be swept more often",
                                     "that the overhanging hedge at Kiln Corner be cut back before the autumn."]
    assert [x.requested_by for x in xs] == ["Councillor Reid"] * 2 and xs[1].due == "before the autumn"


def test_case_14_inline_item_number_ends_a_sentence():
    _, recs = run(14)
    assert of(recs, "figure") == []
    assert [x.quote for x in of(recs, "action")] == ["Clerk to write to the bus company to object."]


def test_case_15_capitals_heading_gives_date_and_council():
    doc, recs = run(15)
    assert (doc.meeting_date, doc.council) == ("2014-03-05", "Harlowby Parish Council")
    assert of(recs, "figure") == []


def test_case_16_date_split_over_lines():
    doc, _ = run(16)
    assert doc.meeting_date == "2015-03-12"


def test_case_17_initials_own_action_lines():
    _, recs = run(17)
    assert [(x.quote, x.owner) for x in of(recs, "action")] == [
        ("LD to obtain quotes for a replacement.", "LD"), ("TA to apply for a grant from the community fund.", "TA")]


def test_case_18_a_department_or_a_first_name_will_do_it():
    _, recs = run(18)
    x, sean = of(recs, "action")
    assert (x.owner, x.due) == ("The Parks Department", "before Easter")
    assert (sean.quote, sean.owner, sean.kind) == ("Sean will send the revised timetable to the Clerk.", "Sean", "commitment")


def test_case_09_the_reply_to_a_motion_is_the_responders_undertaking_for_the_mover():
    _, recs = run(9)
    motion, reply = of(recs, "action")
    assert motion.quote.startswith("the Council resurface the car park at Abbey Green")  # "resurface" tagged a noun
    assert (motion.kind, motion.owner, motion.requested_by) == ("request", "the Council", "Councillor M. Quigley")
    assert reply.quote == "A report will be prepared on the cost of resurfacing the car park at Abbey Green."
    assert (reply.kind, reply.owner, reply.requested_by) == ("commitment", "Director of Services", "Councillor M. Quigley")


def test_case_20_a_bold_payments_heading_is_the_decision():
    _, recs = run(20)
    r, = of(recs, "resolution")
    assert (r.kind, r.number, r.quote.rstrip(":")) == ("agreed", "9", "Cheques signed and approved for payment")
    assert [(f.value, f.unit, f.kind) for f in of(recs, "figure")] == [(18, "gbp", "actual"), (240, "gbp", "actual")]


def test_case_19_offered_to_with_any_verb_twice():
    _, recs = run(19)
    xs = of(recs, "action")
    assert [(x.owner, x.kind) for x in xs] == [("Mr Kerr", "commitment"), ("Mrs Lowe", "commitment")]
    assert xs[0].due == "before the summer"


def test_case_21_proposal_shorthand():
    _, recs = run(21)
    r, = of(recs, "resolution")
    assert r.number == "12.2" and r.quote.startswith("Clerk to renew the play area insurance with Zurich.")


def test_case_22_decision_after_a_page_break_line():
    _, recs = run(22)
    r, = of(recs, "resolution")
    assert r.kind == "agreed" and "approve the lease of the community hall" in r.quote


def test_case_23_mention_of_the_last_meeting_does_not_date_todays_decision():
    _, recs = run(23)
    assert [r.quote for r in of(recs, "resolution")] == ["it was agreed to renew the contract with Oakfield Landscapes."]
    assert [x.kind for x in of(recs, "action")] == ["commitment"]


def test_case_24_a_submitted_question_and_its_written_reply():
    _, recs = run(24)
    q, = of(recs, "question")
    a, = of(recs, "answer")
    assert (q.asker, q.asker_role) == ("Councillor Aoife Brennan", "member")
    assert a.quote.startswith("The annual maintenance cost of the Riverside playground")
    assert (a.respondent_role, a.answers) == ("officer", q.id)


def test_case_05_each_lettered_payment_is_measured_by_what_it_pays_for():
    _, recs = run(5)
    assert [(f.value, f.unit, f.measure) for f in of(recs, "figure")] == [
        (64, "gbp", "replacement defibrillator pads"), (120, "gbp", "repairs to the bus shelter bench")]


def test_case_03_a_count_under_a_vote_heading_counts_the_votes():
    _, recs = run(3)
    assert [(f.value, f.measure) for f in of(recs, "figure")] == [(4, "councillors voting in favour"),
                                                                  (3, "councillors voting against")]


def test_case_04_minutes_in_an_html_layout_table_with_front_matter():
    doc, recs = run(4)
    assert doc.title == "Fenby Parish Council - March"
    x, = of(recs, "action")
    assert (x.quote, x.owner) == ("The Clerk will write to the Highways team about the blocked drain on Ferry Lane.",
                                  "The Clerk")
    f, = of(recs, "figure")
    assert (f.value, f.unit) == (240, "gbp")
