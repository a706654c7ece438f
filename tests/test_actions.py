"""Actions on real sentences from the corpus: commitments, requests, owners and due dates."""
from __future__ import annotations

import pytest

import pipeline
from pipeline.readers import read_bytes

from .conftest import shared


def actions(text: str):
    return [r for r in pipeline.extract(read_bytes(text.encode("utf-8"), "minutes.txt")) if r.type == "action"]


# Stoke Ferry, July 2012: a person undertakes to act.  Each negative set below is paired with it.
ACTING = "There is a pothole in Lynn Road which needs attention - the Clerk will report this to Highways."


def test_offer_in_answer_to_a_question_records_who_asked():
    text = ("On missing children, Councillor Redsell wished to know more details on why and where children went "
            "missing. The Corporate Director offered to present a further report in a future meeting if this would help.")
    x, = actions(text)
    assert x.quote.startswith("The Corporate Director offered to present a further report in a future meeting")
    assert (x.kind, x.owner, x.requested_by, x.due) == ("commitment", "The Corporate Director", "Councillor Redsell",
                                                        "in a future meeting")


def test_member_request_for_future_reports():
    text = ("Councillor Pothecary referred to section three of the report and asked that future reports include "
            "the performance data of CLA by disability as well.")
    x, = actions(text)
    assert x.kind == "request" and x.requested_by == "Councillor Pothecary" and x.due == "future reports"


def test_action_column_style_commitments():
    text = ("The question of training for parish councillors was raised. The Clerk to contact NALC to see if there "
            "was an opportunity for one or two local parish councils to have a training course in the local area. "
            "Cllr Bivon to make contact with her for the details.")
    xs = actions(text)
    assert [(x.quote.split(" to ")[0], x.kind) for x in xs] == [("The Clerk", "commitment"), ("Cllr Bivon", "commitment")]
    assert xs[0].owner == "The Clerk"


def test_proposal_that_someone_acts_is_an_action_with_that_clause_quote():
    text = ("Cllr Ryves proposed that Cllr Mrs Clements make contact with Mr Eason regarding the war memorial, "
            "seconded by Cllr Nicholas-Letch.")
    x, = actions(text)
    assert x.quote == "Cllr Mrs Clements make contact with Mr Eason regarding the war memorial"
    assert x.owner == "Cllr Mrs Clements" and x.requested_by == "Cllr Ryves"


def test_deferral_and_agenda_items_have_due_dates():
    text = ("House Rules (Standing Orders) would be discussed at the next meeting. "
            "This item will be discussed at a future date.")
    xs = actions(text)
    assert [x.due for x in xs] == ["at the next meeting", "a future date"] or [x.due for x in xs][0] == "at the next meeting"


def test_because_of_is_not_a_reason_clause():
    x, = actions("Because of time restraints further discussion will take place at a future meeting.")
    assert x.kind == "commitment" and x.due == "at a future meeting"


def test_modal_commitment_needs_a_person_as_subject():
    assert len(actions("There is a pothole in Lynn Road which needs attention - the Clerk will report this to Highways.")) == 1
    assert actions("Inspections in the upcoming academic year would be presented as four grades.") == []


@pytest.mark.parametrize("sentence", [
    "He went on to say all missing children eventually came back although some would go missing often.",
    "It was suggested that the local housing offers in each of the 12 districts were different.",
    "Cllr Nicholas-Letch proposed that Mrs Lintern and Mr McCarthy be accepted as parish councillors seconded by Cllr Mrs Clements.",
    "The next meeting will be held on Wednesday 8 August 2012 commencing at 7.30pm.",
    "Land Furlong Drove: It was agreed to discuss this item in private at the conclusion of the meeting.",
    # a cue inside a reason clause gives a reason, not something to do (Kent Cabinet, January 2025)
    "The Director of Adult Social Care advised that the transfer was to support better alignment with the new "
    "regulatory framework, particularly with the Care Quality Commission (CQC) as adult social care was to be "
    "included in their inspections.",
])
def test_statements_and_immediate_decisions_are_not_actions(sentence):
    assert actions(sentence) == []
    # paired with a sentence the same rules do take, so that switching the component off fails this test too
    assert [a.quote for a in actions(ACTING)] == ["the Clerk will report this to Highways."]


def test_requested_resolution_is_also_a_request_action():
    text = ("Resolved:-  (1)  That the report be noted.\n\n"
            "(2)  That the next Children and Young People’s performance report include SEND Service performance data.")
    doc = read_bytes(text.encode(), "minutes.txt")
    recs = pipeline.extract(doc)
    res = [r for r in recs if r.type == "resolution"]
    acts = [r for r in recs if r.type == "action"]
    assert [r.kind for r in res] == ["noted", "requested"]
    assert len(acts) == 1 and acts[0].kind == "request" and acts[0].quote == res[1].quote


def test_imperative_in_a_correspondence_line_starts_at_the_verb():
    text = ("Hayley Kurt, Marketing & development Manager Recycling and Refuse Team - changes to the refuse "
            "collection from April 2013 - arrange for her to attend a meeting")
    x, = actions(text)
    assert x.quote == "arrange for her to attend a meeting" and x.kind == "commitment"


def test_a_possessor_is_not_the_one_who_acts():
    """Kent County Council, February 2025: "the County Council's share ... will be reported" is no act of the Council's."""
    x, = actions("To note the information on the impact of the County Council’s share of retained business rates, "
                 "business rate pool and business rate collection fund balances on the revenue budget will be reported "
                 "to Cabinet once it has all been received.")
    assert x.kind == "commitment" and "Council" not in (x.owner or "") and x.due == "once it has all been received"


@pytest.mark.parametrize("text, owner, due", [
    # Kent Corporate Parenting Panel, December 2024
    ("Leemya McKeown thanked the team for their support in presenting the QA Unit Practice Framework Roadshow. She "
     "mentioned her intention to report on the corporate parenting aspect of the practice framework to the panel at a "
     "later date.", "Leemya McKeown", "at a later date"),
    # Kent County Council, January 2025: the intention with a condition between commas
    ("Mr Gough stated his intention, if the Council applied to join the DPP, to submit a request to government to "
     "postpone the elections.", "Mr Gough", None),
])
def test_a_stated_intention_to_act_is_a_commitment(text, owner, due):
    x, = actions(text)
    assert (x.kind, x.owner, x.due) == ("commitment", owner, due)


# ---- who acts, found by the noun phrase's head and the tagger, not by a list of subjects ----------

@pytest.mark.parametrize("text, quote, owner", [
    # unseen-failures case 18: a department as subject, any verb of doing
    ("The Parks Department will repaint the railings at the bandstand before Easter.",
     "The Parks Department will repaint the railings at the bandstand before Easter.", "The Parks Department"),
    # Manordeilo and Salem CC, September 2018 (pool, tuning): a title written with a full stop
    ("Cllr. Arwel Davies would check on the condition of the amenity land at Dolau Tywi.",
     "Cllr. Arwel Davies would check on the condition of the amenity land at Dolau Tywi.", "Cllr. Arwel Davies"),
    # unseen-failures case 17: initials in an action column
    ("10.3 The noticeboard by the shop is rotten. LD to obtain quotes for a replacement.",
     "LD to obtain quotes for a replacement.", "LD"),
    # Milburn PC, March 2018 (pool, tuning): "is to" states an arranged duty
    ("Councillor Richardson is to order scalpings from Hoggs for the potholes.",
     "Councillor Richardson is to order scalpings from Hoggs for the potholes.", "Councillor Richardson"),
    # unseen-failures case 18: someone called by a first name alone, which no dictionary has
    ("Sean will send the revised timetable to the Clerk.", "Sean will send the revised timetable to the Clerk.", "Sean"),
    ("Carole to liaise with the Treasurer.", "Carole to liaise with the Treasurer.", "Carole"),
    # Milburn PC, 2018 (pool, tuning): the tagger reads "contact" after "to" as a noun; the dictionary has the verb
    ("Mr Bellsham to contact Highways, again.", "Mr Bellsham to contact Highways, again.", "Mr Bellsham"),
    # ... and a second verb's clause ("request this is given ...") is not the sentence's main verb
    ("Alan Armstrong to contact Highways again and request this is given attention as soon as possible.",
     "Alan Armstrong to contact Highways again and request this is given attention as soon as possible.",
     "Alan Armstrong"),
    # Manordeilo and Salem CC, September 2018: the action clause after a colon
    ("It was reported that Footway light 821/23 in Salem was not working: Clerk to report to C.C.C.",
     "Clerk to report to C.C.C.", "Clerk"),
])
def test_the_one_who_acts_is_found_by_structure(text, quote, owner):
    x, = actions(text)
    assert (x.kind, x.quote, x.owner) == ("commitment", quote, owner)


def test_the_subject_of_a_passive_future_is_not_its_owner():
    # Milburn PC, September 2018 (pool, tuning): the village is what will be added, not who adds it
    x, = actions("The is one gully cleaner and every second week they have a day when requests of this nature are "
                 "attended although the list is long, Milburn will be added to the route including the bridge on the "
                 "way out of the village.")
    assert x.kind == "commitment" and x.owner is None
    # while an active subject owns it
    y, = actions("Sean will repaint the route markers on the bridge.")
    assert y.owner == "Sean"


@pytest.mark.parametrize("sentence", [
    "The Devolution Programme would offer Kent the opportunity to shape its future.",   # a thing, not an agent
    "Without devolution, Kent would miss out on significant funding opportunities.",   # a place, and a consequence
    "Now was a suitable time for care leavers to be accommodated until the age of 19.",  # a for-to complement
    "The Clerk would welcome any comments.",                                            # a view, not a deed
    # Sutton Coldfield TC's grant applications (pool, tuning): an applicant's request is decided by a resolution
    "Rectory Park are seeking funding to improve the World War I Memorial Site at Rectory Park.",
    "The funding will be used to purchase timing equipment and software for a new Parkrun.",
    # ... and the purpose of a grant opens with a capitalised noun, not a name
    "Funding to increase the number of staffing days for their administrator.",
])
def test_things_places_and_views_do_not_act(sentence):
    assert actions(sentence) == []
    # paired with a sentence the same rules do take, so that switching the component off fails this test too
    acting, = actions(ACTING)
    assert "Clerk" in acting.owner  # a person acts


@pytest.mark.parametrize("text, expected", [
    # unseen-failures case 6: passive futures with any participle, two coordinated clauses
    ("The Chairman reported that the footpath by the pond is flooding after heavy rain. Advice will be sought from "
     "the drainage engineer and the residents of Mill Row will be informed.",
     [("Advice will be sought from the drainage engineer", None), ("Mill Row will be informed.", None)]),
    # unseen-failures case 19: "offered to" with any verb of doing, twice in one sentence, each with its own due
    ("Mr Kerr offered to repaint the village sign before the summer and Mrs Lowe offered to sort out the "
     "allotment waiting list.",
     [("Mr Kerr offered to repaint the village sign before the summer", "before the summer"),
      ("Mrs Lowe offered to sort out the allotment waiting list.", None)]),
    # unseen-failures case 13: two that-clauses are two requests
    ("Councillor Reid asked that the footpath by the surgery be swept more often and that the overhanging hedge at "
     "Kiln Corner be cut back before the autumn.",
     [("Councillor Reid asked that the footpath by the surgery be swept more often", None),
      ("that the overhanging hedge at Kiln Corner be cut back before the autumn.", "before the autumn")]),
])
def test_coordinated_undertakings_and_requests_are_one_action_each(text, expected):
    got = [(x.quote, x.due) for x in actions(text)]
    assert [q for q, _ in got] == [q for q, _ in expected]
    assert [d for _, d in got][:1] == [d for _, d in expected][:1]


@pytest.mark.parametrize("text, due", [
    ("The Clerk will circulate the revised insurance schedule to all councillors shortly.", "shortly"),   # case 8
    ("The Parks Department will repaint the railings at the bandstand before Easter.", "before Easter"),   # case 18
    ("By-election nominations to be submitted by 24th Sept.", "by 24th Sept"),
])
def test_due_dates_beyond_the_listed_phrases(text, due):
    x, = actions(text)
    assert x.due == due


@pytest.mark.parametrize("text, kind, owner", [
    # Milburn PC, May 2018 (pool, tuning): members asking a named officer, with his post after a comma
    ("Councillors requested Mr Armstrong, EDC to look into who is actually responsible for the sweeping of the village.",
     "request", "Mr Armstrong"),
    # Somerset Council (pool, tuning): "urged officers to"
    ("Councillors urged officers to include comments made at Scrutiny within the reports taken to Executive.",
     "request", "officers"),
    # Milburn PC, March 2018: a duty still outstanding
    ("The Seat is also still to be repaired.", "commitment", None),
])
def test_requests_of_someone_and_duties_still_to_do(text, kind, owner):
    x, = actions(text)
    assert (x.kind, x.owner, x.quote) == (kind, owner, text)


@pytest.mark.parametrize("sentence", [
    # Kent County Council, March 2025: a motion asking members to go on supporting something names no one to act
    "Members are requested to continue to support the Armed Forces Covenant across the county.",
    # Stoke Ferry PC, August 2012: "to be" in an object's clause, without "still"/"yet"
    "The Chairman controls the meeting, the way things are to be done, everyone to have their input.",
])
def test_passive_requests_and_object_clauses_are_not_actions(sentence):
    assert actions(sentence) == []


def test_a_named_month_meeting_is_a_due_date():
    """Manordeilo and Salem CC, November 2018; Flintshire CC (pool, tuning): "for the December meeting"."""
    x, = actions("The Review of the Standing Orders to be added as an agenda item for the December meeting.")
    assert x.due == "for the December meeting"


@pytest.mark.parametrize("text, owner", [
    # Manordeilo and Salem CC, 2018-19 (pool, tuning): work reported in hand is still to finish; the subject is
    # the matter, not who acts
    ("The provision of an additional litter bin in Manordeilo was in hand.", None),
    ("The identification of Common Land in Salem was still ongoing.", None),
    # ... and a named member at work on something now
    ("Cllr. O. Williams was enquiring about local specialist website designers.", "Cllr. O. Williams"),
])
def test_work_in_hand_is_a_commitment(text, owner):
    x, = actions(text)
    assert (x.kind, x.quote, x.owner) == ("commitment", text, owner)


@pytest.mark.parametrize("sentence", [
    # Thurrock (development seed): a service doing well, and "they are compiling" (Norfolk, Stoke Ferry seed) name
    # no one at work on a thing the meeting tracks
    "The indicator showed the service was doing well and there was more potential in Thurrock.",
    "Alongside the project they are compiling a Commemorative Book of Norfolk Milestones to be gifted to Her Majesty.",
])
def test_a_progressive_without_a_named_person_is_no_commitment(sentence):
    assert [x for x in actions(sentence) if x.rule == "action.modal_commitment"] == []


def test_each_that_clause_of_a_proposal_is_its_own_decision():
    """Manordeilo and Salem CC, September 2018 (pool, tuning): the mover's "proposed by" starts no clause;
    of "that the fee be paid and also that Mr Davies be asked to ...", the payment takes effect at once and
    the second asks someone to act."""
    text = ("It was proposed by Cllr. Alun Davies, seconded by Cllr. J. Davies and unanimously agreed that the £100 fee "
            "be paid and also that Mr Davies be asked to carry out the recommended remedial/clearance work for the "
            "additional sum of £100.")
    x, = actions(text)
    assert x.quote.startswith("Mr Davies be asked to carry out the recommended remedial/clearance work")
    assert x.owner == "Mr Davies"


@pytest.mark.parametrize("text, quote", [
    # Manordeilo and Salem CC, December 2018 and March 2020 (pool, tuning)
    ("It was proposed by Cllr. J. Davies seconded by Cllr. H. Gwynne and unanimously agreed that Cllr. A. Thomas’ "
     "name be put forward for the position.", "Cllr. A. Thomas’ name be put forward for the position."),
    ("Cylch Meithrin Ffairfach, request for financial support. It was proposed by Cllr. H. Gwynne, seconded by "
     "Cllr. Alun Davies and approved that a donation of £50.00 be made.", "a donation of £50.00 be made."),
])
def test_a_passive_decision_that_something_be_done_later_is_an_action_owned_by_no_one_named(text, quote):
    x, = actions(text)
    assert x.quote == quote and x.owner is None


def test_a_participle_describing_a_noun_opens_no_that_clause():
    """Development seed 002: "twelve approved adopters ... consider that we have ..." decides nothing."""
    assert not actions("We have twelve approved adopters without links and consider that we have sufficient "
                       "in-house capacity to meet our needs while contributing to wider national needs.")


def test_an_action_line_starts_with_its_owner_and_a_name_after_the_verb_is_not_its_speaker():
    """Manordeilo and Salem CC, October 2018 (pool, tuning): a correspondence item with its instruction; the
    action was quoted from the Clerk it reports to ("Clerk of any nominations ...")."""
    path = shared("corpus/pool/manordeilo-salem-cc/community-council-2018-10-10.pdf")
    found = [r for r in pipeline.extract(pipeline.read(path)) if r.type == "action"]
    x, = [r for r in found if "any nominations" in r.quote]
    assert "Councillors to advise Clerk of any nominations" in x.quote and not x.quote.startswith("Clerk")
    assert (x.owner, x.requested_by) == ("Councillors", None)
    assert any(r.quote.startswith("Clerk to request from the Cariad Charity general signage") for r in found)


@pytest.mark.parametrize("text", [
    # Manordeilo and Salem CC, March 2020 (pool, tuning): "to" between two road numbers
    "C.C.C. temporary road closure U4038 Brodawel Penybanc to U4014 Castell Howell Llandeilo.",
])
def test_to_before_a_place_or_code_is_no_infinitive(text):
    assert not actions(text)


@pytest.mark.parametrize("text, action", [
    # Milburn PC, November 2018 and January 2018 (pool, tuning): the decision settles a sum; nothing is left to do
    ("Remembrance Day Poppy Wreath\nCouncillors resolved to donate £65", None),
    ("2018/2019 Precept - After much discussion it was resolved to increase the precept to £5000, as it was "
     "reduced last year to £2500.", None),
    # the same form with work left to do later is the body's undertaking
    ("Village Green\nEntrance opposite the Goal Posts, the corner of the Village Green is being dug up with vehicles, "
     "again it was resolved to look at this in the Spring.", "again it was resolved to look at this in the Spring."),
])
def test_a_decision_that_settles_a_sum_is_no_action_but_one_to_do_later_is(text, action):
    xs = actions(text)
    resolutions = [r for r in pipeline.extract(read_bytes(text.encode("utf-8"), "minutes.txt")) if r.type == "resolution"]
    assert resolutions, "the decision itself is still a resolution"
    assert [x.quote[-len(action):] for x in xs] == [action] if action else xs == []


def test_an_action_line_coordinated_with_a_modal_commitment_is_two_actions():
    """Milburn PC, July 2018 (pool, tuning): the tagger reads "contact" after "Mr Bellsham to" as a noun; the
    action line before "and" is still a clause of its own, with its owner."""
    text = ("Potholes\nThe Potholes are still a problem within the village, the surrounding roads have been repaired "
            "but not the large potholes in the village. Mr Bellsham to contact Highways, again and Mr Armstrong "
            "will also contact Highways.")
    assert [(x.quote, x.owner) for x in actions(text)] == [
        ("Mr Bellsham to contact Highways, again", "Mr Bellsham"),
        ("Mr Armstrong will also contact Highways.", "Mr Armstrong")]


@pytest.mark.parametrize("text, owner", [
    ("The Clerk was asked to contact the police about speeding in the village.", "The Clerk"),
    ("The Clerk was requested to send a letter of thanks to the volunteers.", "The Clerk"),
    ("The Clerk has been asked to contact the insurers.", "The Clerk"),
    ("Members were urged to attend the training.", "Members"),
])
def test_someone_asked_in_the_passive_to_act_owes_it(text, owner):
    """Any of ``asking_verbs`` in a past passive ("was requested to", "has been asked to") puts the act on its
    subject, as "was asked to" always did."""
    x, = actions(text)
    assert (x.kind, x.owner, x.quote) == ("commitment", owner, text)


def test_a_report_asking_the_meeting_itself_is_no_action():
    """"Council is asked to note this report": a report's recommendation to the meeting it goes to, decided there
    (Kent County Council's budget report), not something left to do after it."""
    assert actions("Council is asked to consider and note this report.") == []


def test_agreed_to_is_an_offer_even_when_a_later_verb_could_read_as_subjunctive():
    """"agreed to look into the matter and report back": "agreed" with no "that" starts no decision that someone
    "report back"; the member undertakes both."""
    x, = actions("Councillor Smith agreed to look into the matter and report back at the next meeting.")
    assert (x.kind, x.owner, x.due) == ("commitment", "Councillor Smith", "at the next meeting")
    assert x.quote.startswith("Councillor Smith agreed to look into")
    y, = actions("It was suggested contact be made with the police.")  # no "that", but no infinitive either
    assert (y.kind, y.quote) == ("request", "contact be made with the police.")


@pytest.mark.parametrize("text, owner", [
    ("Project to be funded from the Britain in Bloom budget.", None),        # Sutton Coldfield TC (pool, tuning)
    ("Parish Clerk training to be referred to the Admin Committee", "Admin Committee"),  # Stoke Ferry, October 2012
    ("RESOLVED: That officers be requested to bring a report on the options to the next meeting.", "officers"),
    ("The Clerk to be asked to write to the school.", "The Clerk"),
    ("Clerk to respond in support of the Plan.", "Clerk"),                   # Manordeilo and Salem (pool, tuning)
])
def test_an_action_lines_owner_is_who_acts_not_what_is_acted_on(text, owner):
    """In "X to be funded" X is acted on; in "X be requested to bring" or "X to be asked to write" X acts."""
    x, = actions(text)
    assert (x.rule, x.owner) == ("action.to_do", owner)


@pytest.mark.parametrize("text, owner", [
    ("RESOLVED that the Clerk writes to the County Council about the drains.", "the Clerk"),
    ("It was agreed that Cllr Jones obtains three quotes.", "Cllr Jones"),
])
def test_a_decision_in_the_indicative_that_someone_acts_is_a_request(text, owner):
    """Many clerks write the mandate in the indicative: "RESOLVED that the Clerk writes".  The one named inside
    the clause owes it; they did not ask for it."""
    x, = actions(text)
    assert (x.rule, x.kind, x.owner, x.requested_by) == ("action.mandative", "request", owner, None)


@pytest.mark.parametrize("text", [
    "RESOLVED that the Council supports the bid.",
    "It was resolved that the County Council makes comments but does not require reconsideration of the decision.",
    "The Panel has agreed the officers’ response and the Panel requests an update.",  # no "that": no mandate
])
def test_a_decision_stating_what_a_body_does_is_no_mandate(text):
    assert [x.rule for x in actions(text)].count("action.mandative") == 0


def test_a_question_put_about_someones_future_is_nobodys_undertaking():
    """Milburn PC (pool, tuning): "ascertain when the Highways will be attending" and "asking if a Councillor
    would like to" put a question; the action line's owner is the Clerk, and the email asks nothing of anyone."""
    x, = actions("Clerk to email A Armstrong, EDC and ask if there are any grants etc to help with drainage, also to "
                 "ascertain when the Highways will be attending to the block drains on the roadside in the village.")
    assert (x.rule, x.owner) == ("action.to_do", "Clerk")
    assert actions("He asked whether the Clerk would write to the school.") == []
    y, = actions("When the grant arrives the Clerk will order the bench.")  # a condition first: still undertaken
    assert (y.rule, y.owner) == ("action.modal_commitment", "the Clerk")


def test_a_sum_after_a_full_stop_opens_a_sentence():
    """Milburn PC, January 2019 (pool, tuning): "... made it memorable. £72 was collected and will be passed on":
    the thanks ("would like to thank") were one sentence with the promise, and took it with them."""
    x, = actions("The Parish Council would like to thank all who took part and made it memorable. £72 was collected "
                 "and will be passed on to The Merchant Navy Association.")
    assert x.quote == "£72 was collected and will be passed on to The Merchant Navy Association."
    assert actions("The Parish Council would like to thank all who took part and made it memorable.") == []


@pytest.mark.parametrize("text, quote", [
    # Milburn PC, July 2018 (pool, tuning): a report, then who acts on it after a comma
    ("Letter received in response to the request from The Parish Council for residents to refrain from driving over "
     "the village green, which was duly noted by the persons concerned, Councillors agreed to monitor.",
     "Councillors agreed to monitor."),
    # Manordeilo and Salem CC, October 2018 (pool, tuning): a correspondence line, its topic before the comma
    ("C.C.C. Sports Personality nominations, Councillors to advise Clerk of any nominations that they wished to make.",
     "Councillors to advise Clerk of any nominations that they wished to make."),
    # Milburn PC, March 2018: "EDC" is in apposition to the one who acts; the quote keeps him
    ("Alan Armstrong, EDC, is to enquire about the possibility of the small wheelie bins for garden waste.",
     "Alan Armstrong, EDC, is to enquire about the possibility of the small wheelie bins for garden waste."),
])
def test_an_action_after_a_comma_starts_at_whoever_acts(text, quote):
    x, = actions(text)
    assert x.quote == quote


@pytest.mark.parametrize("text, owner", [
    ("The Convener agreed to contact the police regarding parking.", "The Convener"),
    ("The Vice Convener will write to the Roads Department.", "The Vice Convener"),
])
def test_a_scottish_community_councils_convener_is_its_chair(text, owner):
    """Scottish community councils are chaired by a Convener (or Convenor): the same post as a Chair."""
    x, = actions(text)
    assert (x.kind, x.owner) == ("commitment", owner)


def test_a_concession_after_the_undertaking_is_not_part_of_it():
    """Milburn PC, January 2018 (pool, tuning): ", although the closing date was 22.12.17, ..." says why the form
    is late, not what is to be done; a coordinated action after ", and" is still cut as before."""
    x, = actions("The Councillors completed the Questionnaire and the Clerk will complete the form on-line, although "
                 "the closing date was 22.12.17, but it was felt the Councillors should discuss this questionnaire.")
    assert x.quote == "the Clerk will complete the form on-line"
    y, = actions("The Clerk will write to the school, which has asked for a reply.")  # a relative clause stays
    assert y.quote == "The Clerk will write to the school, which has asked for a reply."


@pytest.mark.parametrize("text, owner", [
    ("A letter to be sent to the bus company about the timetable. Action: Secretary", "Secretary"),
    ("Quotes to be obtained for the repair of the shelter. ACTION – AP", "AP"),
    ("Further details to be sought from the applicant. (JM)", "JM"),
    ("A site meeting to be arranged with the Forestry Commission. Action by Chair and Secretary", "Chair and Secretary"),
    ("A letter to be sent to the bus company about the timetable. Action: Noted", None),  # a state, not an owner
    ("A letter to be sent to the bus company about the timetable.", None),
])
def test_an_action_marker_after_the_action_names_its_owner(text, owner):
    """An action column written into the text ("Action: Secretary", "ACTION – AP", "(JM)") owns the action
    before it on the line when that action names no one."""
    x, = actions(text)
    assert x.owner == owner
