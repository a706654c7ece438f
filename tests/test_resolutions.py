"""Resolutions: decisions found in real minutes, and sentences that must give none.

Documents are run through the pipeline only as far as ``scrutiny_resolutions``
(resolutions run first; the later components do not change them), so these
tests exercise exactly the resolution rules.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest

import pipeline
from pipeline.document import Document
from pipeline.nlp import get_nlp, make_doc
from pipeline.readers import read_bytes
from pipeline.records import Record

from .conftest import external, shared

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def resolutions(document: Document) -> list[Record]:
    """The resolution records of a document, in reading order."""
    nlp = get_nlp()
    doc = make_doc(nlp, document)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "scrutiny_resolutions":
            break
    return sorted((r for r in doc._.records if r.type == "resolution"), key=lambda r: r.start)


def of_text(text: str, doc_type: Optional[str] = None) -> list[Record]:
    document = read_bytes(text.encode("utf-8"), "t.txt")
    document.doc_type = doc_type
    return resolutions(document)


def of_file(rel: str) -> list[Record]:
    path = CORPUS / rel
    if not path.exists():
        pytest.skip(f"{rel} not in this checkout")
    return resolutions(pipeline.read(path))


def triples(records: list[Record]) -> list[tuple[Optional[str], str, str]]:
    return [(r.number, r.kind, r.quote) for r in records]


# ------------------------------------------------------------- decision headings

def test_resolved_dash_with_numbered_items_rotherham():
    recs = of_file("seeds/001_c15544be25673204.txt")
    assert triples(recs) == [
        ("(1)", "noted", "That the report be noted."),
        ("(2)", "requested", "That the next Children and Young People’s performance report include SEND Service performance data."),
        ("(3)", "agreed", "That the Select Commission consider as part of the 2017/18 work place exclusions and persistent absence."),
    ]


def test_resolved_heading_with_dotted_items_thurrock():
    recs = of_file("seeds/000_31e354d2ef60ea1b.txt")
    assert [(r.number, r.kind) for r in recs] == [("1.1", "noted"), ("1.2", "noted")]
    assert recs[1].quote == ("That the Children’s Services Overview and Scrutiny Committee noted a new inspection "
                             "framework had been introduced by Ofsted for children’s social care.")
    assert all(r.rule == "resolution.heading" for r in recs)


def test_recommendations_heading_stops_at_narrative():
    recs = of_file("seeds/004_94d6de7b9655115d.txt")
    assert len(recs) == 1
    r = recs[0]
    assert r.number == "1" and r.kind in ("recommended", "requested")
    assert r.quote.startswith("Information in reports in future.")
    assert r.quote.endswith("This includes health assessment performance data.")


def test_report_has_no_resolutions():
    recs = of_file("seeds/002_458880801c265493.txt")
    assert recs == []
    text = "Recommendation(s):\n\nCabinet is asked to:\n\nNOTE the forecast revenue overspend of £23.3m.\n"
    assert of_text(text, doc_type="report") == []


def test_decision_and_agreed_headings():
    text = ("Decision:\n\nThe Committee agreed to note the update.\n\nAgreed:\n\n1. to note the report;\n\n"
            "2. to ask the Clerk to obtain three quotes for the work.\n\nThe Chair thanked everyone for attending.\n")
    assert [(r.number, r.kind, r.quote) for r in of_text(text)] == [
        (None, "noted", "The Committee agreed to note the update."),
        ("1", "noted", "to note the report"),
        ("2", "requested", "to ask the Clerk to obtain three quotes for the work."),
    ]


def test_inline_numbered_items_in_one_paragraph_are_split():
    text = "47. Work Programme\n\nRESOLVED: (i) that the work programme be noted; (ii) that a further report be brought to the next meeting.\n"
    assert triples(of_text(text)) == [
        ("(i)", "noted", "that the work programme be noted"),
        ("(ii)", "requested", "that a further report be brought to the next meeting."),
    ]


def test_kinds_from_the_decision_verb():
    text = ("RESOLVED:\n\n(1) That the report be noted.\n\n(2) That officers circulate a briefing note on delayed transfers to Members.\n\n"
            "(3) That the Committee recommends to Cabinet that the fees be frozen.\n\n(4) That the revised policy be approved.\n")
    assert [r.kind for r in of_text(text)] == ["noted", "requested", "recommended", "agreed"]


@pytest.mark.parametrize("decision, kind", [
    ("That the Committee be provided with an update at its next meeting.", "requested"),
    ("That the recommendations set out in the report be endorsed.", "agreed"),
    ("That the Committee notes the report and asks officers to provide a breakdown.", "noted"),
    ("That Cabinet be recommended to approve the strategy.", "recommended"),
    ("That the Director write to the Minister about the funding gap.", "requested"),
    ("That the Panel receive a further report in six months.", "requested"),
    ("That the report be received.", "noted"),
    ("That a working group be established to review the policy.", "agreed"),
    ("That officers report back on the outcome of the consultation.", "requested"),
    ("To ask officers to circulate the data.", "requested"),
    ("Recommend to Cabinet that the policy be adopted.", "recommended"),
])
def test_kind_of_a_that_decision(decision, kind):
    recs = of_text(f"RESOLVED:\n\n(1) {decision}\n")
    assert [(r.number, r.kind, r.quote) for r in recs] == [("(1)", kind, decision)]


def test_decision_list_stops_at_the_next_minute_title():
    text = ("2. Budget\n\nRESOLVED:\n\n1. That the report be noted.\n\n2. That the budget be approved.\n\n"
            "3. Work Programme\n\nThe Committee discussed its work programme.\n")
    assert [r.quote for r in of_text(text)] == ["That the report be noted.", "That the budget be approved."]


# ------------------------------------------------------------- numbered decisions without a heading

def test_numbered_that_and_noted_close_an_item_thurrock_2021():
    recs = of_file("seeds/003_1f6512787fae9d5e.txt")
    assert triples(recs) == [
        ("1.1", "noted", "That Members noted the areas of improvement in Children’s Social Care and note the work that is undertaken to ensure good and improving performance."),
        ("1.2", "noted", "Noted the impact of COVID 19 on performance."),
    ]
    assert {r.rule for r in recs} == {"resolution.that_numbered"}


def test_lettered_discussion_point_is_not_a_decision():
    text = "3. In response to comments it was said:\n\nc. Elected Members were welcome to sit on adoption panels.\n"
    assert of_text(text) == []


# ------------------------------------------------------------- Kent: RESOLVED inline, intros, motions

KENT = """Work programme

(Item 12)

RESOLVED that the work programme was noted.

Joint Housing Protocol

(Item 9)

1. Brian Horton summarised the role of KHG.

2. RESOLVED – to note the report, and that the governance arrangements would be considered and brought back to a future meeting of the Panel.

English Devolution (Item 8)

6. Following the debate, the Leader proposed and Mr Oakford seconded the above motion that Cabinet:

1. Agree to submit a request to Government;

2. Note that acceptance onto the Programme will commit Kent to elections.

7. RESOLVED that Cabinet:

1. Agree to submit a request to Government;

2. Note that acceptance onto the Programme will commit Kent to elections.

Election of Chair

1. Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected to Chair the meeting. No other nominations were received. Agreed unanimously.

2. RESOLVED that Mr Cooke be elected to Chair the meeting.
"""


def test_kent_resolved_styles():
    recs = of_text(KENT)
    assert triples(recs) == [
        ("12", "noted", "that the work programme was noted."),
        # "2." only counts the minute's paragraphs: the decision takes its item's number (both Kent annotators agree)
        ("9", "noted", "to note the report, and that the governance arrangements would be considered and brought back to a future meeting of the Panel."),
        ("1", "agreed", "Agree to submit a request to Government"),
        ("2", "noted", "Note that acceptance onto the Programme will commit Kent to elections."),
        ("2", "agreed", "that Mr Cooke be elected to Chair the meeting."),
    ]
    # the motion's items (before the vote) and the proposal the RESOLVED records are not resolutions
    starts = [r.start for r in recs]
    assert KENT.index("7. RESOLVED") < starts[2]


def test_lost_amendment_is_not_a_resolution():
    text = ("19. Mr Brady proposed and Ms Constantine seconded the following amendment to the substantive motion:\n\n"
            "(1) Endorse the ongoing joint work;\n\n(2) Recommend that the elections go ahead.\n\n"
            "20. Following the debate, the amendment was put to the vote.\n\nAmendment lost.\n")
    assert of_text(text) == []


def test_kent_corporate_parenting_pdf_resolutions():
    recs = resolutions(pipeline.read(external("kcc-corporate-parenting-panel-2024-10-29.pdf")))
    inline = [r for r in recs if r.rule == "resolution.inline"]
    assert len(inline) == 11
    assert all(r.quote.lower().startswith(("that", "to")) for r in inline)
    assert ("3", "agreed") == (inline[1].number, inline[1].kind)  # minutes approved, numbered by "(Item 3)"
    assert [r.kind for r in inline].count("noted") == 8


# ------------------------------------------------------------- parish: proposals, seconding, agreement

def parish(name: str) -> list[Record]:
    return of_file(f"parish/stokeferry-pc-2012-{name}.txt")


def test_proposed_and_seconded_minutes_and_payments():
    quotes = [r.quote for r in parish("07-11")]
    assert "Cllr Mrs J Buckley-Stevens proposed acceptance of the minutes seconded by Cllr R Bivon." in quotes
    assert "Cllr Mrs Clements proposed acceptance for payment seconded by Cllr Bivon" in quotes


def test_proposal_takes_its_vote_and_outcome():
    recs = {r.quote: r for r in parish("07-11")}
    q = ("Cllr Nicholas-Letch proposed that the Email Policy as set out be adopted by the parish council, seconded by "
         "Cllr Mrs Clements. Vote - 3 for, 1 against, 3 abstentions. Motion Carried.")
    assert q in recs and recs[q].kind == "agreed" and recs[q].rule == "resolution.proposed_seconded"
    bold = [r for r in recs.values() if r.quote.startswith("Cllr Bivon proposed that Cllr Ryves could continue")]
    assert len(bold) == 1 and bold[0].quote.endswith("Unanimously agreed.")  # markdown ** is not part of the quote


def test_it_was_agreed_and_decided():
    quotes = [r.quote for r in parish("07-11")]
    assert "It was agreed that this arrangement should remain in place. Unanimously agreed." in quotes
    assert "It was decided that this should now be discussed as part of the proposed budget for 2013/2014." in quotes
    assert any(q.startswith("it was agreed that this road should continue to be recognised") for q in quotes)


def test_this_was_agreed_by_all_takes_the_sentence_before():
    quotes = [r.quote for r in parish("08-08")]
    assert "Cllr Mrs Buckley-Stevens recommended that a letter of apology be forwarded to Vion. This was agreed by all." in quotes


def test_nomination_is_not_a_resolution_but_the_election_is():
    recs = parish("09-12")
    assert not any(r.quote.startswith("Cllr Mrs Leamon proposed Cllr Bivon") for r in recs)
    elected = [r for r in recs if r.rule == "resolution.elected"]
    assert [r.quote for r in elected] == ["Cllr Bivon was duly elected as chairman by 5 votes for and 1 against."]
    vice = [r for r in parish("10-10") if r.rule == "resolution.elected"]
    assert vice[0].quote == "Cllr McCarthy received 6 votes - Cllr Nicholas-Letch received 2 votes. Cllr McCarthy therefore elected as Vice-Chair."


def test_parish_styles_from_other_councils():
    text = ("8. Finance\n\nRESOLVED: To approve the payments listed. Proposed Cllr Smith, seconded Cllr Jones, all in favour.\n\n"
            "It was proposed by Cllr Brown and seconded by Cllr Green that the precept be set at £12,000. All agreed.\n\n"
            "Councillors agreed to purchase a new bench for the green.\n\n"
            "9. Minutes\n\nThe minutes of the meeting held on 5 May were approved and signed by the Chairman.\n")
    assert [(r.number, r.kind, r.rule) for r in of_text(text)] == [
        ("8", "agreed", "resolution.inline"),
        ("8", "agreed", "resolution.proposed_seconded"),
        ("8", "agreed", "resolution.agreed"),
        ("9", "agreed", "resolution.minutes_approved"),
    ]


def test_lone_agreed_and_noted_documents():
    text = ("5. Finance\n\nThe Clerk's report was received and noted.\n\nIt was noted that the figures had risen.\n\n"
            "Cllr X suggested buying a bench for the green.\n\nAGREED\n\nThe meeting closed at 9pm.\n")
    assert [(r.kind, r.rule, r.quote) for r in of_text(text)] == [
        ("noted", "resolution.noted", "The Clerk's report was received and noted."),
        ("agreed", "resolution.agreed", "Cllr X suggested buying a bench for the green.\n\nAGREED"),
    ]


def test_minutes_approved_as_a_correct_record():
    recs = of_text("The minutes of the last meeting were approved as a correct record.\n")
    assert triples(recs) == [(None, "agreed", "The minutes of the last meeting were approved as a correct record.")]


# ------------------------------------------------------------- sentences that are not decisions

@pytest.mark.parametrize("text", [
    # an individual agreeing in discussion
    "Cllr Mrs Lintern stated she had read the document but felt that members do not seem to follow the Standing Orders, Cllr Nicholas-Letch Agreed.",
    "It had been reported that the wooden post was now rotten, Cllr Nicholas-Letch very kindly agreed to replace this post in the next few days.",
    "The Chair agreed to write to group leaders to remind Members of their duty as a Corporate Parent.",
    # a decision of an earlier meeting
    "In January 2010 it was agreed that the Clerk could arrange for emergency repairs up to a sum of £200.",
    "The Clerk advised that this document had been approved at the PC Meeting in June 2011.",
    "A query whether the proceeds of the tombola were included. The Clerk advised it had only been agreed the proceeds of the raffle were to be given to charity.",
    # a notice, a question, a shared view, prose
    "THESE ARE DRAFT MINUTES AND WILL BE AGREED AT THE NEXT PARISH COUNCIL MEETING",
    "Was it agreed that the report be deferred to the next meeting?",
    "Members agreed that the figures were concerning.",
    "The CQC had been asked to conduct a review as the Authority felt its issues had been resolved.",
    "Proposed New Dwelling former Toll House Site Oxborough Road - Site Meeting held on 2 July.",
    # a proposal that fell, a nomination
    "Cllr White proposed that a letter be sent to the highways department. There was no seconder and the proposal fell.",
    "Cllr Ryves proposed Cllr McCarthy, seconded by Cllr Mrs Buckley Stevens.",
    "Committee noted that in future this needs to be on here.",
])
def test_not_a_resolution(text):
    assert of_text(text + "\n") == []
    # paired with a sentence the same rules do take, so that switching the component off fails this test too
    assert [r.kind for r in of_text("The minutes of the last meeting were approved as a correct record.\n")] == ["agreed"]


# ---- decisions written as passives, and decisions beside a mention of the past -------------------

@pytest.mark.parametrize("sentence", [
    # Manordeilo and Salem CC, 10 June 2020 (pool, tuning council)
    "The Risk Assessment for 2020/21, as previously circulated to Councillors, was unanimously approved.",
    # unseen-failures case 10
    "The tender from Oakfield Landscapes for the verge-cutting contract was accepted.",
    "The revised standing orders were read through and approved.",
    # Milburn PC, 8 May 2018 (pool, tuning council)
    "The Accounts were approved by the Parish Council and signed by the Chairman",
])
def test_a_passive_decision_is_a_resolution(sentence):
    found = of_text(f"Minutes\n\n{sentence}\n")
    assert [(r.kind, r.quote) for r in found] == [("agreed", sentence.rstrip())]
    assert found[0].rule == "resolution.passive"


@pytest.mark.parametrize("sentence", [
    "The planning application was approved by Eden District Council.",   # another body decided
    "The budget will be approved at the March meeting.",                 # a plan
    "The plan had been approved last year.",                             # an earlier decision
    "Nomination forms were passed to existing Councillors.",             # handed over, not decided
    # Stoke Ferry, September 2012: a subordinate passive inside a question
    "Cllr McCarthy queried because the agenda was so long several items were deferred, could they go first?",
    "In January 2010 it was agreed that the Clerk could arrange for emergency repairs.",
])
def test_passives_that_are_not_todays_decision_give_none(sentence):
    assert of_text(f"Minutes\n\n{sentence}\n") == []
    # paired with a sentence the same rules do take, so that switching the component off fails this test too
    assert [r.rule for r in of_text("Minutes\n\nThe revised standing orders were read through and approved.\n")] \
        == ["resolution.passive"]


def test_the_following_payments_were_approved_is_the_decision_over_its_list():
    """Manordeilo and Salem CC, 2020: the intro is the decision; the payments under it are figures."""
    found = of_text("Minutes\n\nThe following payments were approved:\n\nClerk's salary £250.00\n\nHMRC £62.40\n")
    assert [(r.kind, r.quote) for r in found] == [("agreed", "The following payments were approved")]


def test_a_decision_after_a_mention_of_the_last_meeting_is_todays():
    """unseen-failures case 23: only words next to the cue, or a sentence opening with a past time, date it."""
    found = of_text("Minutes\n\nFollowing a long discussion at the last meeting, it was agreed to renew the "
                    "contract with Oakfield Landscapes.\n")
    assert [(r.kind, r.quote) for r in found] == [("agreed", "it was agreed to renew the contract with Oakfield Landscapes.")]
    assert of_text("Minutes\n\nIt was agreed at the last meeting to renew the contract.\n") == []


def test_a_proposer_written_with_initials_keeps_the_whole_proposal():
    """Manordeilo and Salem CC, 12 September 2018: 'Cllr. O. Williams' must not end a sentence."""
    text = ("It was proposed by Cllr. O. Williams seconded by Cllr. J. Davies and unanimously agreed that the minutes "
            "of the last meeting be accepted as a true record.")
    found = of_text(f"Minutes\n\n{text}\n")
    assert [r.quote for r in found] == [text]


def test_all_agreed_the_minutes_were_a_true_record_is_their_approval():
    """Milburn PC, every meeting (pool, tuning): 'agreed' + a stated fact is a view, except the minutes' approval."""
    text = ("The minutes of the meeting held on the 16th January 2018 had been circulated prior to this meeting. "
            "All agreed this was a true record and were signed and approved.")
    found = of_text(f"Minutes\n\n{text}\n")
    assert [(r.kind, r.quote) for r in found] == [
        ("agreed", "All agreed this was a true record and were signed and approved.")]
    assert of_text("Minutes\n\nAll agreed the figures were concerning.\n") == []  # still a view


def test_a_decision_after_a_reported_clause_starts_at_its_own_subject():
    """Milburn PC, March 2018: the insurance quote before the comma is the matter, not the decision; an item's
    own noun phrase before the cue, with no clause of its own, stays."""
    found = of_text("Minutes\n\nZurich Insurance due £702.35 for the year 2018/19, Clerk contacted Zurich to ascertain "
                    "the possibility of a three year fixed price insurance, the amount due would be £647.10 per annum "
                    "for the next three year, Councillors resolved to accept the three year fixed price\n\n"
                    "The Village Hall fees for the past year is £40 Councillors resolved to pay\n")
    assert [r.quote for r in found] == ["Councillors resolved to accept the three year fixed price",
                                        "The Village Hall fees for the past year is £40 Councillors resolved to pay"]


def test_a_parish_year_month_item_number_numbers_the_decisions_under_it():
    """Milburn PC numbers items year.month.item ('18.01.05'), also in a heading the reader did not split."""
    found = of_text("Minutes\n\n18.01.3 Minutes\n\nThe minutes had been circulated. All agreed this was a true record "
                    "and were signed and approved.\n\n18.01.05 Village Green Guidelines\n\nAfter much deliberation, "
                    "the Councillors resolved not to have guidelines.\n")
    assert [r.number for r in found] == ["18.01.3", "18.01.05"]


def test_a_decision_column_cell_is_the_decision_with_its_reason():
    """Sutton Coldfield TC's grant table (pool, tuning), read cell by cell: 'Approved.' and 'Rejected.' open a cell."""
    found = of_text("Grant applications\n\nFour Oaks Ladies and Leyhill Bowling Club\n\nFunding to plant bulbs and "
                    "shrubs along the perimeter of the bowling green\n\n£2334.00\n\nApproved. Meets the criteria of "
                    "protecting and improving the environment.\n\nSutton Town FC\n\n£1,000\n\nRejected. Does not meet "
                    "the criteria for the community grant.\n\n£2500 approved. Meets the criteria.\n")
    assert [(r.kind, r.quote) for r in found] == [
        ("agreed", "Approved. Meets the criteria of protecting and improving the environment."),
        ("agreed", "Rejected. Does not meet the criteria for the community grant."),
        ("agreed", "£2500 approved. Meets the criteria.")]
    # a lone "Agreed." still closes the proposal before it
    found = of_text("Minutes\n\nMr Brady proposed and Ms Meade seconded that the motion be put to the vote.\n\nAgreed.\n")
    assert len(found) == 1 and found[0].quote.startswith("Mr Brady proposed")


def test_a_meeting_that_noted_or_received_a_document_decided_so():
    """Somerset Council and the City of London (pool, tuning) write the noting actively: 'The Council noted the
    report.', 'Members received the outstanding actions list.'  In lower case the verb needs a document for its
    object: 'Members noted that ...' observes, and 'received a letter' is correspondence arriving."""
    found = of_text("Minutes of the Parish Council meeting held on 9 January 2023.\n\n5. Annual report\n\n"
                    "The Council noted the report.\n\nMembers received the outstanding actions list.\n\n"
                    "Members noted that the bus was late.\n\nCouncillors received a letter from the school.\n")
    assert [(r.quote, r.kind) for r in found] == [("The Council noted the report.", "noted"),
                                                  ("Members received the outstanding actions list.", "noted")]


def test_minutes_that_say_what_became_of_a_reports_recommendations_are_minutes():
    """Flintshire's E&E scrutiny committee (pool, tuning, a ModernGov item page): 'The recommendations in the
    report were moved by ... and seconded by ...' is what minutes say; it once made the page a report, whose
    resolutions are proposals, and so lost the meeting's decisions."""
    from pipeline import metadata

    from .conftest import shared

    doc = pipeline.read(shared("corpus/pool/flintshire-cc/"
                               "environment-economy-osc-forward-work-programme-action-tracking-2023-06-13-excerpt.txt"))
    metadata.infer(doc)
    assert doc.doc_type == "minutes"
    found = [r.quote for r in resolutions(doc)]
    assert "It was agreed that a report on missed collections and fleet reliability would be brought to the " \
           "October meeting." in found
    report = read_bytes(b"Report of the Director of Finance\n\nRecommendations: That the Cabinet notes the "
                        b"budget monitoring position.\n", "r.txt")
    metadata.infer(report)
    assert report.doc_type == "report"


def test_a_heading_that_says_the_meeting_resolved_heads_its_decisions():
    """Sutton Coldfield TC's amenities committee (pool, tuning): 'Committee resolved to:' heads the items 'i.
    Approve the outlined proposals ...' and 'ii. Note the details ...'; 'Committee', without 'the', is the
    meeting ('Committee agreed that they would be keen to consider this again ...')."""
    from .conftest import shared

    doc = pipeline.read(shared("corpus/pool/sutton-coldfield-tc/amenities-leisure-community-services-2018-03-13.pdf"))
    found = {r.quote.split(" in section")[0]: r.kind for r in resolutions(doc)}
    assert found["Approve the outlined proposals"] == "agreed"
    assert found["Note the details of the traffic island planting improvements detailed"] == "noted"
    assert any(q.startswith("Committee agreed that they would be keen to consider this again") for q in found)


def test_a_word_between_the_verb_and_its_auxiliary_keeps_the_decision():
    """City of London (pool, tuning): 'It was, however, agreed that the table of actions could be streamlined';
    Merton (pool, tuning): 'The report was otherwise noted.'  A 'not' there is no decision."""
    found = of_text("Minutes of the Parish Council meeting held on 9 January 2018.\n\n5. Outstanding actions\n\n"
                    "It was, however, agreed that the table of actions could be streamlined by removing the column "
                    "headed ‘Officer responsible’.\n\nThe report was otherwise noted.\n\nThe letter was not noted.\n")
    assert [(r.quote[:30], r.kind) for r in found] == [("It was, however, agreed that t", "agreed"),
                                                       ("The report was otherwise noted", "noted")]


def test_modern_gov_item_pages_that_lost_their_resolved_keep_their_decisions():
    """Sefton MBC (pool, tuning), a ModernGov item page copied as text: the bold 'RESOLVED:' is gone, leaving
    'It was moved by Councillor Sayers, seconded by Councillor Grace and' over a 'That ...' paragraph, and a
    'That approval be given ...' paragraph of its own after the debate.  Both are decisions; the page's
    'Report of the Chief Legal and Democratic Officer' does not make it a report, since it goes on as minutes
    do ('the Council considered the report')."""
    from pipeline import metadata

    from .conftest import shared

    doc = pipeline.read(shared("corpus/pool/sefton-mbc/"
                               "audit-governance-and-council-scrutiny-reports-item-2019-12-18-excerpt.txt"))
    metadata.infer(doc)
    assert doc.doc_type == "minutes"
    quotes = [r.quote for r in resolutions(doc)]
    assert len(quotes) == 2
    assert quotes[0].startswith("That Overview and Scrutiny Working Group Final Reports and recommendations be")
    assert quotes[1].startswith("That approval be given for Overview and Scrutiny Working Group Final Reports")
    assert not of_text("Minutes of the Parish Council meeting held on 9 January 2018.\n\n5. Close\n\n"
                       "That was the last item of business.\n")


def test_a_tables_recommendation_column_is_no_decision_heading():
    """Sutton Coldfield TC's amenities committee (pool, tuning) reads its grants table cell by cell:
    'Organisation / Project Summary / Amount Requested / Recommendation'.  'Recommendation' there names a column;
    the organisation under it ('Friends of Mossy Bank') is no decision, the cells of the column are."""
    from .conftest import shared

    doc = pipeline.read(shared("corpus/pool/sutton-coldfield-tc/amenities-leisure-community-services-2018-03-13.pdf"))
    quotes = [r.quote for r in resolutions(doc)]
    assert not {"Friends of Mossy Bank", "Friends of Rectory Park"} & set(quotes)
    assert "£2500 approved. Meets the criteria of protecting and improving the environment." in quotes


def test_a_decision_of_a_named_months_meeting_is_history():
    """Sutton Coldfield TC (pool, tuning): 'A further allocation of £2,500 was approved at the January Amenities
    Committee meeting' reports an earlier decision; 'was approved' alone is today's."""
    found = of_text("Minutes of the Amenities Committee held on 13 March 2018.\n\n6. Grants\n\n"
                    "A further allocation of £2,500 was approved at the January Amenities Committee meeting.\n\n"
                    "The revised tender from Acme Ltd was approved.\n")
    assert [r.quote for r in found] == ["The revised tender from Acme Ltd was approved."]


def test_it_was_agreed_that_with_a_colon_hands_over_the_items_below():
    """Manordeilo and Salem CC, December 2018 (pool, tuning): "It was agreed that:" closes the paragraph
    and each standing order below it is a decision (the colon sits outside the sentence's span)."""
    path = shared("corpus/pool/manordeilo-salem-cc/community-council-2018-12-12.pdf")
    quotes = [r.quote for r in resolutions(pipeline.read(path))]
    assert "the quorate figure be changed from 5 to 4" in quotes
    assert "Re Standing Orders Generally, the figure be changed from 5 to 4." in quotes
    assert not any(q.endswith("It was agreed that") for q in quotes)


def test_a_passive_lead_in_quotes_the_application_it_decides_on():
    """Manordeilo and Salem CC, November 2018 (pool, tuning): "The following observation was agreed:" closes
    its block; the decision is the planning observation below it."""
    path = shared("corpus/pool/manordeilo-salem-cc/community-council-2018-11-14.pdf")
    quotes = [r.quote for r in resolutions(pipeline.read(path))]
    assert any("The following observation was agreed:" in q and q.endswith("Mr and Mrs Bobrowska NO OBJECTIONS")
               for q in quotes)


def test_a_passive_lead_in_over_a_list_of_payments_stays_alone():
    """Manordeilo and Salem CC, February 2020 (pool, tuning): each payment line is a figure with its payee."""
    path = shared("corpus/pool/manordeilo-salem-cc/community-council-2020-02-12.html")
    quotes = [r.quote for r in resolutions(pipeline.read(path))]
    assert "The following payments were approved" in quotes


@pytest.mark.parametrize("text", [
    "The Council noted the report.",                     # Somerset Council (pool, tuning)
    "Members received the outstanding actions list.",    # City of London (pool, tuning)
])
def test_a_body_noting_a_document_is_a_decision_of_kind_noted(text):
    r, = of_text(text)
    assert (r.kind, r.quote) == ("noted", text)


def test_a_body_noting_a_fact_decides_nothing():
    assert not of_text("Members noted that the bins at the recreation ground had been full for a week.")


@pytest.mark.parametrize("text, quote", [
    # Milburn PC (pool, tuning), November 2018: the invoice with no verb of its own is what is decided on
    ("Invoice received from G & A M Johnston £1033.00 for grass cutting, Councillors resolved to pay",
     "Invoice received from G & A M Johnston £1033.00 for grass cutting, Councillors resolved to pay"),
    # ... a statement run on without a full stop is not
    ("A letter asking for a donation has been received from The Fellrunner Village Bus Councillors resolved to "
     "donate £65", "Councillors resolved to donate £65"),
    # March 2018: nor one before a comma
    ("Zurich Insurance due £702.35 for the year 2018/19, Clerk contacted Zurich to ascertain the possibility of a "
     "three year fixed price insurance, the amount due would be £647.10 per annum for the next three year, "
     "Councillors resolved to accept the three year fixed price",
     "Councillors resolved to accept the three year fixed price"),
])
def test_a_decision_keeps_the_matter_it_decides_on_but_not_a_statement_before_it(text, quote):
    assert [r.quote for r in of_text(text)] == [quote]


@pytest.mark.parametrize("rel", [
    # ModernGov item pages (pool, tuning): the item names the "Report of the Town Clerk" it took, and records
    # the meeting's decision ("RESOLVED, that ...", "... were moved by Councillor X and seconded by ...")
    "corpus/pool/city-of-london/sub-committee-outstanding-actions-item-141202-2023-excerpt.txt",
    "corpus/pool/flintshire-cc/environment-economy-osc-forward-work-programme-action-tracking-2023-06-13-excerpt.txt",
])
def test_a_minutes_item_that_names_its_report_is_minutes(rel):
    from pipeline import metadata

    document = pipeline.read(shared(rel))
    metadata.infer(document)
    assert document.doc_type == "minutes"


def test_lettered_that_items_in_a_row_are_decisions_without_a_heading():
    """Flintshire CC (pool, tuning): the decision box's "(a) That ... be approved; (b) That ... be authorised";
    its heading left out of the page."""
    path = shared("corpus/pool/flintshire-cc/environment-economy-osc-forward-work-programme-action-tracking-"
                  "2023-06-13-excerpt.txt")
    quotes = [r.quote for r in pipeline.extract(pipeline.read(path)) if r.type == "resolution"]
    assert any(q.startswith("That the Facilitator, in consultation with the Chair of the Committee, be authorised")
               for q in quotes)
    assert not of_text("Minutes\n\n(a) That was the year the hall was built.\n\nThe roof was repaired.\n")
