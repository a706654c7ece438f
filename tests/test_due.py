"""Due dates read from the minutes' own words, and overdue actions, on the Stoke Ferry and Kent series."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline import followup as F
from pipeline import store
from pipeline.followup.due import due_date

from .conftest import PARISH, external

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module


@pytest.mark.parametrize("due, held, meetings, iso", [
    ("by the end of March", "2025-03-11", [], "2025-03-31"),                    # the issue's own example
    ("to the Committee's meeting in June 2025", "2025-03-11", [], "2025-06-30"),
    ("to the Committee's meeting in June 2025", "2025-03-11", ["2025-06-17"], "2025-06-17"),
    ("at the next meeting", "2012-07-11", ["2012-07-11", "2012-08-08", "2012-09-12"], "2012-08-08"),
    ("on 15 August", "2012-07-11", [], "2012-08-15"),                           # Stoke Ferry, July 2012
    ("on 12th February", "2025-01-09", [], "2025-02-12"),                       # Kent Cabinet, January 2025
    ("in the next few days", "2012-07-11", [], "2012-07-18"),
    ("in a couple of months time", "2012-07-11", [], "2012-09-11"),
    ("within 35 working days", "2016-03-01", [], "2016-04-19"),
    ("this year", "2024-10-29", [], "2024-12-31"),
])
def test_due_phrases_become_dates(due, held, meetings, iso):
    assert due_date(due, "", held, "Parish Council", meetings).date == iso


@pytest.mark.parametrize("due", ["in due course", "at a future meeting", "as soon as possible", "at a later date",
                                 "the budget for 2013/2014", "to the next appropriate meeting"])
def test_phrases_that_name_no_time_give_no_date(due):
    assert due_date(due, "", "2012-10-10", "Parish Council", ["2012-10-10"]) is None


def test_a_scrutiny_recommendation_to_the_executive_has_two_months():
    """The executive's two-month response clock, only for a scrutiny body's recommendation sent to it."""
    quote = "That the recommendations be referred to Cabinet for a response"
    got = due_date(None, quote, "2018-12-17", "Overview & Scrutiny Committee")
    assert (got.date, got.basis) == ("2019-02-17", "executive response due two months after the recommendation")
    assert due_date(None, quote, "2018-12-17", "Corporate Parenting Panel") is None
    assert due_date(None, "The Cabinet Member for Finance would respond", "2018-12-17", "Scrutiny Committee") is None


def test_the_next_meeting_is_the_bodys_next_meeting_in_the_dataset():
    docs = F.docs_from_files(PARISH)
    rules = next(f for f in F.track(docs) if f.quote.startswith("Cllr Nicholas-Letch advised that House Rules"))
    assert (rules.due_date, rules.due_basis) == ("2012-08-08", "the body's next meeting")
    alone = next(f for f in F.track(docs[:1]) if f.quote == rules.quote)
    assert alone.due_date is None       # no later meeting stored yet: no date to give


def test_overdue_is_due_passed_and_not_resolved(tmp_path):
    """July's paperwork 'in the next few days' (due 18 July) is overdue once that day has passed, if not done."""
    conn = store.connect(tmp_path / "o.db")
    store.ingest(conn, PARISH, progress=False)

    def status_on(day: date, start: str) -> tuple[str, str, str]:
        item = next(i for i in store.followups_view(conn, as_of=day) if i["quote"].startswith(start))
        return item["status"], item["tracker_status"], item["due_date"]

    paperwork = "The Clerk informed them she would be sending them all the relevant paperwork"
    assert status_on(date(2012, 7, 12), paperwork) == ("outstanding", "outstanding", "2012-07-18")
    assert status_on(date(2012, 7, 19), paperwork) == ("outstanding", "overdue", "2012-07-18")
    post = "Cllr Nicholas-Letch very kindly agreed to replace this post"      # done by August: never overdue
    assert status_on(date(2013, 1, 1), post)[:2] == ("resolved", "resolved")
    overdue = store.followups_view(conn, status=["overdue"], as_of=date(2012, 7, 19))
    assert overdue and all(i["due_date"] < "2012-07-19" and i["status"] != "resolved" for i in overdue)
    # The spec's JSON keeps the spec's four statuses: overdue is the tracker's reading of an open action.
    assert {store.followup_json(i)["status"] for i in overdue} <= {"outstanding", "progressed", "pending"}


def test_an_update_due_in_due_course_is_never_overdue():
    kent = F.docs_from_files([external(f"kcc-cabinet-2025-01-{day}.pdf") for day in ("09", "30")])
    update = next(f for f in F.track(kent) if "would be brought back to Cabinet in due course" in f.quote)
    assert update.due == "in due course" and update.due_date is None
