"""What may link an action to a later passage, on the real series: the same matter, a passage that reports,
an explicit citation; and evidence that a further meeting can only add to."""
from __future__ import annotations


import pytest

import pipeline
from pipeline import followup as F
from pipeline import store

from .conftest import PARISH, external, kent

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

RANK = {s: i for i, s in enumerate(("pending", "outstanding", "progressed", "resolved"))}


def evidence(conn) -> dict[tuple[str, str], tuple[str, set]]:
    """Each stored action's status and its evidence as (document, quote) pairs."""
    out = {}
    for item in store.followups_view(conn):
        out[(item["document"], item["quote"])] = (item["status"],
                                                  {(e["document"], e["quote"]) for e in item["evidence"]})
    return out


def test_a_later_meeting_never_removes_evidence_that_still_exists(tmp_path):
    """Stoke Ferry July's actions kept losing August's evidence once October was ingested (a fresh database)."""
    conn = store.connect(tmp_path / "m.db")
    store.ingest(conn, PARISH[:3], progress=False)
    before = evidence(conn)
    committee = next(k for k in before if k[1].startswith("Cllr Nicholas-Letch would come onto the Cemetery"))
    assert before[committee] == ("resolved", {(PARISH[1].stem, "Following a recent meeting of the Cemetery "
                                                "Committee Cllr J Nicholas-Letch advised that there were several "
                                                "ideas in the pipeline to improve the Garden of Remembrance and "
                                                "the access to the newly consecrated area.")})
    store.ingest(conn, PARISH[3:], progress=False)
    after = evidence(conn)
    for key, (status, found) in before.items():
        assert found <= after[key][1], key
        assert RANK[after[key][0]] >= RANK[status], key
    assert after[committee] == before[committee]


@pytest.fixture(scope="module")
def county() -> list[F.FollowUp]:
    """The four Kent County Council meetings, read and extracted as they are."""
    docs = F.docs_from_files(kent("kcc-county-council-*.pdf"))
    return docs, F.track(docs)


def test_a_heading_or_attendance_list_is_never_evidence(county):
    docs, followups = county
    passages = {d.stem: {(p.start, p.end): p for p in F.segment(d.text)} for d in docs}
    found = [e for f in followups for e in f.evidence]
    assert found, "the series follows some actions up"
    for e in found:
        assert not e.quote.upper().startswith("MINUTES OF A MEETING"), e.quote
        p = passages[e.document][(e.start, e.end)]
        assert not p.is_heading and not p.skip, e.quote


def test_another_committee_speaks_of_its_own_business():
    """The Panel's offer to circulate links is not 'resolved' by a Cabinet sentence about family group meetings."""
    docs = F.docs_from_files([external("kcc-corporate-parenting-panel-2024-10-29.pdf"),
                              external("kcc-corporate-parenting-panel-2024-12-10.pdf"),
                              external("kcc-cabinet-2025-01-30.pdf")])
    panel, cabinet = docs[0], docs[2]
    assert not F.same_body(panel, cabinet)
    for f in F.track(docs):
        if f.document == panel.stem:
            assert all(e.document != cabinet.stem for e in f.evidence), f.quote


@pytest.mark.parametrize("sentence", [
    "Further to minute 6, Ms Coombs confirmed that the breakdown had been sent to Members.",
    "Matters arising: item 6 - the breakdown had been sent to Members.",
])
def test_an_explicit_citation_of_the_item_wins(sentence):
    """December's minutes with one sentence citing October's item 6, where Ms Coombs offered a breakdown.

    The sentence shares almost no words with the offer; citing the item by
    number links it.  The same sentence citing another item does not.
    """
    october, december = (pipeline.read(external(f"kcc-corporate-parenting-panel-2024-{d}.pdf"))
                         for d in ("10-29", "12-10"))
    records = pipeline.extract(october)
    anchor = "RESOLVED that the minutes of the meeting held on 29 October 2024 were a correct record"
    assert anchor in december.text

    def track(cited: str) -> F.FollowUp:
        text = december.text.replace(anchor, cited + "\n\n" + anchor)
        docs = [F.MeetingDoc(october.stem, october.council, october.committee, october.meeting_date, "minutes",
                             october.text, records),
                F.MeetingDoc(december.stem, december.council, december.committee, december.meeting_date, "minutes",
                             text, [])]
        return next(f for f in F.track(docs) if f.quote.startswith("Ms Coombs offered to provide Members"))

    offer = track(sentence)
    assert offer.status == "resolved"
    assert [e.method for e in offer.evidence] == ["explicit_reference"]
    assert offer.evidence[0].quote in sentence
    other = track(sentence.replace("6", "9"))
    assert all(sentence.replace("6", "9") not in e.quote for e in other.evidence)
    assert other.status == "outstanding"
