"""The follow-up linker (pipeline/followup/) on real series, held to what a careful reader concludes.

Actions for the Kent series are built here from verbatim sentences of the
real documents, so these tests do not depend on the action extractor.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline
from pipeline import followup as F
from pipeline.records import Record

from .conftest import external

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "gold" / "dev"
SERIES = GOLD / "followups-stokeferry-pc-2012.json"

# Measured on the gold actions: status 0.833 (70 of 84), first evidence 0.80 (24 of 30).  With the done /
# not-yet judge switched off (every mention counts as done) status falls to 0.786 (66 of 84): the floor sits
# above that, so losing the judge fails here (test_the_floor_needs_the_judge checks it stays so).
STATUS_FLOOR = 0.80
EVIDENCE_FLOOR = 0.75
# The same with the actions the pipeline extracts: 0.810 (68 of 84) with the judge, 0.762 (64) without.
EXTRACTED_STATUS_FLOOR = 0.79


def action(doc: pipeline.Document, quote: str, n: int, **fields) -> Record:
    """An action record on a verbatim sentence of the document."""
    start = doc.text.find(quote)
    assert start >= 0, f"not in {doc.stem}: {quote!r}"
    rec = {"id": f"x{n}", "type": "action", "quote": quote, "start": start, "end": start + len(quote),
           "kind": "commitment", "owner": None, "requested_by": None, "due": None}
    rec.update(fields)
    return Record.from_dict(rec)


def meeting(path: Path, quotes: list[str], **fields) -> F.MeetingDoc:
    doc = pipeline.read(path)
    records = [action(doc, q, i, **fields) for i, q in enumerate(quotes, 1)]
    return F.MeetingDoc(doc.stem, doc.council, doc.committee, doc.meeting_date, doc.doc_type, doc.text, records)


def by_quote(followups: list[F.FollowUp], start: str) -> F.FollowUp:
    hits = [f for f in followups if f.quote.startswith(start)]
    assert len(hits) == 1, start
    return hits[0]


# --------------------------------------------------------------------------- Stoke Ferry (gold)


@pytest.fixture(scope="module")
def stokeferry() -> tuple[dict, list[F.FollowUp]]:
    series = json.loads(SERIES.read_text(encoding="utf-8"))
    docs = F.docs_from_gold([GOLD / f"{stem}.json" for stem in series["documents"]])
    return series, F.track(docs)


def test_stokeferry_gold_actions_floor(stokeferry):
    """Status and first-evidence accuracy on the gold actions stay above the floor."""
    series, followups = stokeferry
    pred = {(f.document, f.quote): f for f in followups}
    status_ok = evidence_ok = evidence_of = 0
    for link in series["links"]:
        f = pred[(link["document"], link["quote"])]
        status_ok += f.status == link["status"]
        if link["status"] in ("resolved", "progressed") and link.get("evidence"):
            evidence_of += 1
            evidence_ok += bool(f.evidence) and f.evidence[0].document == link["evidence"][0]["document"]
    assert status_ok / len(series["links"]) >= STATUS_FLOOR
    assert evidence_ok / evidence_of >= EVIDENCE_FLOOR


def test_stokeferry_clear_cases(stokeferry):
    """The links no reader would dispute."""
    _, followups = stokeferry
    post = by_quote(followups, "Cllr Nicholas-Letch very kindly agreed to replace this post")
    assert post.status == "resolved" and post.evidence[0].document == "stokeferry-pc-2012-08-08"
    assert "had replaced the rotten post" in post.evidence[0].quote
    stats = by_quote(followups, "PCSO Watson would report back to the Clerk on this")
    assert stats.status == "progressed"
    assert [e.document for e in stats.evidence] == ["stokeferry-pc-2012-09-12", "stokeferry-pc-2012-10-10"]
    chase = by_quote(followups, "the Clerk advised she would chase this up")
    assert chase.status == "progressed" and "still waiting" in chase.evidence[0].quote
    barkers = by_quote(followups, "the Clerk to write to the two property owners")
    assert barkers.status == "outstanding" and barkers.evidence == []
    last = [f for f in followups if f.document == "stokeferry-pc-2012-10-10"]
    assert last and all(f.status == "pending" for f in last)


def test_to_dict_is_spec_shaped(stokeferry):
    _, followups = stokeferry
    d = next(f for f in followups if f.evidence).to_dict()
    assert {"document", "action", "quote", "status", "evidence"} <= set(d)
    assert {"document", "quote", "score", "method"} <= set(d["evidence"][0])
    json.dumps(d)


def test_evidence_is_verbatim_and_earliest_first(stokeferry):
    series, followups = stokeferry
    texts = {d.stem: d.text for d in F.docs_from_gold([GOLD / f"{s}.json" for s in series["documents"]])}
    for f in followups:
        dates = [e.document for e in f.evidence]
        assert dates == sorted(dates)
        for e in f.evidence:
            assert texts[e.document][e.start:e.end].strip() == e.quote


# --------------------------------------------------------------------------- the done / not-yet judge
# Sentences of the Stoke Ferry minutes, each judged alone (no action to compare with).

DONE = [
    "The Clerk advised that this document had been approved at the PC Meeting in June 2011.",
    "Cllr Nicholas-Letch advised that this application had been refused.",
    "The Clerk had met a representative of CGM at the Cemetery - operatives were called back to remedy the "
    "situation, also the grass had been cut again at the end of last week over the whole Cemetery.",
]
NOT_YET = [
    "The Clerk informed the meeting that we are still awaiting the outcome of the LDF discussions etc.",
    "Cllr Mrs Leamon advised the laurel bushes near the grass footpath in the playing fields had still not been "
    "cut back.",
    "The Clerk will chase this up again.",
    # a done clause and a not-yet one: without an action to say which is about it, not yet wins
    "The Clerk advised that some of the markers had been ordered, the remainder will be included in the budget "
    "for 2013/2014.",
]
NEITHER = [  # questions say neither, whatever their tense
    "Cllr McCarthy asked if it would affect the Council’s Public Liability Insurance, Cllr Nicholas-Letch said no.",
    "The Chairman also asked if the minutes of the meetings could be issued earlier than they are at present.",
]


@pytest.mark.parametrize("sentence", DONE)
def test_judge_reads_a_past_report_as_done(sentence):
    assert F.judge(sentence) == "done"


@pytest.mark.parametrize("sentence", NOT_YET)
def test_judge_reads_waiting_and_promises_as_not_yet(sentence):
    assert F.judge(sentence) == "not_yet"


@pytest.mark.parametrize("sentence", NEITHER)
def test_judge_reads_a_question_as_neither(sentence):
    assert F.judge(sentence) is None


def test_the_promised_verb_in_the_past_is_done_for_its_own_action():
    """"some of the markers had been ordered": done for the action of ordering them, not for another."""
    sentence = NOT_YET[-1]
    assert F.did_verb(sentence, {"order"})
    assert not F.did_verb(sentence, {"include"}) and not F.did_verb(sentence, {"replace"})


def test_mentions_add_up_to_a_status():
    ev = F.Evidence("stokeferry-pc-2012-08-08", "quote", 0, 5, 1.0, "test")
    assert F.status_from([(ev, "not_yet"), (ev, "done")]) == "resolved"    # one done mention settles it
    assert F.status_from([(ev, "not_yet"), (ev, None)]) == "progressed"
    assert F.status_from([(ev, None)]) == "resolved"                      # a mention that says neither is done


def test_the_floor_needs_the_judge(monkeypatch):
    """With the judge switched off the gold-action status accuracy falls below STATUS_FLOOR: the floor
    guards the judge, not only the linking."""
    from pipeline.followup import status

    series = json.loads(SERIES.read_text(encoding="utf-8"))
    docs = F.docs_from_gold([GOLD / f"{stem}.json" for stem in series["documents"]])
    monkeypatch.setattr(status, "judge", lambda *a, **k: None)
    pred = {(f.document, f.quote): f for f in F.track(docs)}
    ok = sum(pred[(link["document"], link["quote"])].status == link["status"] for link in series["links"])
    assert ok / len(series["links"]) < STATUS_FLOOR


# --------------------------------------------------------------------------- Kent Corporate Parenting Panel


@pytest.fixture(scope="module")
def parenting() -> list[F.FollowUp]:
    october = meeting(external("kcc-corporate-parenting-panel-2024-10-29.pdf"), [
        "The Chair agreed to write to group leaders to remind Members of their duty as a Corporate Parent, "
        "and to extend an invitation to attend Panel meetings.",
        "Joanne Carpenter offered to follow up with Members when the results become available.",
        "Ms Coombs offered to provide Members with further details about the number of adoptions by age, "
        "outside of the meeting.",
        "Ms Gleave offered to raise the matter with the appropriate service.",
    ])
    december = meeting(external("kcc-corporate-parenting-panel-2024-12-10.pdf"), [
        "The Chair requested that a copy of the Policy Statement regarding Provision for Independent Providers "
        "be shared with the minutes.",
    ])
    return F.track([december, october])


def test_chair_letter_to_group_leaders_comes_back_in_december(parenting):
    """In December the Chair says again that she will send the message: reported on, not yet done."""
    letter = by_quote(parenting, "The Chair agreed to write to group leaders")
    assert letter.status == "progressed"
    assert letter.evidence[0].document == "kcc-corporate-parenting-panel-2024-12-10"
    assert "group leaders" in letter.evidence[0].quote


def test_offers_december_never_mentions_are_outstanding(parenting):
    for start in ("Joanne Carpenter offered to follow up", "Ms Coombs offered to provide",
                  "Ms Gleave offered to raise"):
        f = by_quote(parenting, start)
        assert f.status == "outstanding" and f.evidence == []


def test_last_meeting_of_the_panel_is_pending(parenting):
    assert by_quote(parenting, "The Chair requested that a copy of the Policy Statement").status == "pending"


# --------------------------------------------------------------------------- Kent County Council


@pytest.fixture(scope="module")
def county() -> list[F.FollowUp]:
    return F.track([
        meeting(external("kcc-county-council-2024-12-19.pdf"), [
            "To request that the Leader of the Council writes to the Chancellor of the Exchequer and the Secretary "
            "of State for the Environment, Food and Rural Affairs to outline the Council’s dismay at this decision",
        ]),
        meeting(external("kcc-county-council-2025-01-09.pdf"), []),
        meeting(external("kcc-county-council-2025-02-13.pdf"), [
            "said tributes would be heard at the March County Council meeting",
        ]),
        meeting(external("kcc-county-council-2025-03-13.pdf"), [
            "The Chairman advised that tributes to Mr Bullock MBE would be taken at a future meeting",
        ]),
    ])


def test_tributes_promised_in_february_are_paid_in_march(county):
    tributes = by_quote(county, "said tributes would be heard")
    assert tributes.status == "resolved"
    assert tributes.evidence[0].document == "kcc-county-council-2025-03-13"


def test_letter_to_chancellor_never_reported_is_outstanding(county):
    assert by_quote(county, "To request that the Leader of the Council writes").status == "outstanding"


def test_march_promise_is_pending(county):
    assert by_quote(county, "The Chairman advised that tributes to Mr Bullock").status == "pending"


# --------------------------------------------------------------------------- bodies, dates, statuses


def doc(stem: str, date, council="Stoke Ferry Parish Council", committee=None, text="Minutes.", records=()):
    """A meeting holding ``records`` (spec-shaped dicts)."""
    return F.MeetingDoc(stem, council, committee, date, "minutes", text, [Record.from_dict(r) for r in records])


def test_council_names_and_missing_committee_are_loose():
    a = doc("x-2012-07-11", "2012-07-11", committee="Stoke Ferry Parish Council")
    b = doc("x-2012-08-08", "2012-08-08", council="Stoke Ferry", committee=None)
    assert F.council_key(a) == F.council_key(b)
    assert F.same_body(a, b)
    assert F.later_docs(a, [b, a]) == [b]


def test_another_committee_of_the_council_is_another_body():
    a = doc("kcc-cabinet-2025-01-09", "2025-01-09", council="Kent", committee="Cabinet")
    b = doc("kcc-county-council-2025-02-13", "2025-02-13", council="Kent County Council",
            committee="Kent County Council")
    assert F.council_key(a) == F.council_key(b)
    assert not F.same_body(a, b)


def test_a_committee_named_like_a_council_is_the_council_meeting():
    """A parish's minutes whose heading names the district ("Eden District Council", as read from Milburn PC's
    March 2018 minutes) are still the parish meeting; Cabinet stays a body of its own."""
    parish = doc("march", "2018-03-06", council="Milburn Parish Council", committee="Eden District Council")
    other = doc("may", "2018-05-08", council="Milburn Parish Council", committee="Parish Council")
    assert F.body_key(parish) == F.body_key(other) == "full council" and F.same_body(parish, other)
    cabinet = doc("cab", "2018-05-08", council="Milburn Parish Council", committee="Cabinet")
    assert not F.same_body(parish, cabinet)


def test_a_document_without_date_or_council_takes_no_part_in_follow_ups():
    """It can be placed in no series: it is nobody's later meeting and its actions are left out, not pending."""
    x = {"id": "x1", "type": "action", "quote": "The Clerk will write to the owners.", "start": 0, "end": 35}
    undated = doc("loose-minutes", None, text="The Clerk will write to the owners.", records=[x])
    nameless = doc("nameless-2012-08-08", "2012-08-08", council=None, text="The Clerk wrote to the owners.")
    dated = doc("x-2012-07-11", "2012-07-11", text="The Clerk will write to the owners.", records=[dict(x)])
    out = {f.document: f.status for f in F.track([undated, nameless, dated])}
    assert out == {"x-2012-07-11": "pending"}
    assert F.missing_for_tracking(undated) == ["meeting date"]
    assert F.missing_for_tracking(nameless) == ["council"]


def test_series_come_from_council_and_committee_never_from_file_names(tmp_path):
    """Councils' own file names ("Minutes 11 July 2012.pdf", "mgAi.aspx?ID=1234") join the series they belong to."""
    names = ["Minutes 11 July 2012.txt", "Minutes 2012-08-08.txt", "mgAi.aspx?ID=1234.txt",
             "stokeferry-pc-2012-10-10.txt"]
    for src, name in zip(sorted((ROOT / "corpus" / "parish").glob("*.txt")), names):
        (tmp_path / name).write_bytes(src.read_bytes())
    docs = F.docs_from_files([tmp_path / n for n in names])
    july, august = docs[:2]
    assert all(F.same_body(a, b) for a in docs for b in docs)
    assert F.later_docs(july, docs) == docs[1:]
    post = by_quote(F.track(docs), "Cllr Nicholas-Letch very kindly agreed to replace this post")
    assert post.status == "resolved" and post.evidence[0].document == "Minutes 2012-08-08"
    # Files named alike are not one series when their councils differ.
    kent = F.MeetingDoc("stokeferry-pc-2012-08-08", "Kent County Council", "Cabinet", "2012-08-08", "minutes",
                        august.text, [])
    assert F.later_docs(july, [july, kent]) == []


def test_outstanding_when_a_later_meeting_says_nothing_of_it():
    x = {"id": "x1", "type": "action", "quote": "The Clerk will write to the owners of the derelict barn.",
         "start": 0, "end": 56}
    first = doc("x-2012-07-11", "2012-07-11", text=x["quote"], records=[x])
    later = doc("x-2012-08-08", "2012-08-08", text="Apologies were received.\n\nThe accounts were approved.")
    assert [f.status for f in F.track([later, first])] == ["outstanding"]


@pytest.mark.parametrize("sentence, verdict", [
    ("The Clerk advised she was still waiting for them", "not_yet"),
    ("The Clerk will chase this up again.", "not_yet"),
    ("Cllr Smith advised that he had replaced the rotten post.", "done"),
    ("The report was circulated to all members.", "done"),
    ("Cllr Jones asked if the figures had been received.", None),
])
def test_judge_done_and_not_yet(sentence, verdict):
    assert F.judge(sentence) == verdict


def test_patterns_hold_no_series_nouns():
    """Held-out series are scored too: the cue file must not know the development series' words."""
    text = (ROOT / "models" / "patterns" / "followup.json").read_text(encoding="utf-8").lower()
    for word in ("stoke", "ferry", "freebridge", "vion", "cgm", "nalc", "laurel", "cemetery", "snap", "bivon",
                 "leamon", "clements", "kent", "tribute", "corporate parent"):
        assert word not in text, word


# --------------------------------------------------------------------------- questions


def test_question_statuses_on_seed():
    docs = F.docs_from_gold([GOLD / "000_31e354d2ef60ea1b.json"])
    status = {q["question"]: q["status"] for q in F.question_statuses(docs)}
    assert status["q3"] == "deferred"      # "offered to present a further report in a future meeting"
    assert status["q9"] == "deferred"      # "unable to confirm but would speak with colleagues to find out"
    assert status["q1"] == "answered"
    assert status["q4"] == "answered"      # answered first; the offer to look at MASH comes after
    assert set(status.values()) <= {"answered", "deferred", "unanswered"}


def test_question_without_answer_is_unanswered():
    q = {"id": "q1", "type": "question", "quote": "Cllr Smith asked about the bus shelter.", "start": 0, "end": 39}
    d = doc("x-2012-07-11", "2012-07-11", text=q["quote"] + "\n\nThe accounts were approved.", records=[q])
    assert F.question_statuses([d]) == [{"document": "x-2012-07-11", "question": "q1", "status": "unanswered"}]


def test_stoke_ferry_follow_ups_from_extracted_actions_meet_the_goal(tmp_path):
    """The real pipeline (read, extract, track) scored by the reference scorer on the Stoke Ferry gold."""
    import json

    from eval.gold import GOLD, score_followups
    from pipeline.followup import docs_from_files, track

    root = Path(__file__).resolve().parent.parent
    files = sorted((root / "corpus" / "parish").glob("stokeferry-pc-2012-*.txt"))
    out = tmp_path / "followups.json"
    out.write_text(json.dumps([f.to_dict() for f in track(docs_from_files(files))]))
    result = score_followups(GOLD / "dev", out)
    assert result["gold"] == 84
    assert result["status_ok"] / result["gold"] >= EXTRACTED_STATUS_FLOOR
    assert result["evidence_ok"] / result["evidence_of"] >= 0.75
