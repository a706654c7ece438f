"""The clerk's check (``scrutiny check``), ``ingest --dry-run`` and ``scrutiny remove`` on the Stoke Ferry series:
October's minutes checked against a database of July to September."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import store
from pipeline.cli.check import check_command, remove
from pipeline.cli.dataset import ingest

from .conftest import PARISH

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module

OCTOBER = PARISH[3]


def run(command, *args, code: int = 0):
    result = CliRunner().invoke(command, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("check") / "july-september.db"
    run(ingest, *PARISH[:3], "--db", path, "--no-progress")
    store.open_existing(path).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="module")
def report(db) -> dict:
    before = digest(db)
    out = json.loads(run(check_command, OCTOBER, "--db", db, "--format", "json").stdout)
    assert digest(db) == before, "check stored nothing"
    return out


def by_start(items: list[dict], start: str) -> dict:
    hits = [i for i in items if i["quote"].startswith(start)]
    assert len(hits) == 1, (start, [i["quote"][:40] for i in items])
    return hits[0]


def test_check_lists_the_open_actions_october_takes_up_with_the_sentence(report):
    assert report["document"]["meeting_date"] == "2012-10-10" and report["note"] is None
    chase = by_start(report["taken_up"], "the Clerk advised she would chase this up")
    assert chase["document"] == PARISH[2].stem and chase["status"] == "pending"
    assert "still waiting for them" in chase["sentence"] and chase["status_now"] == "progressed"
    training = by_start(report["taken_up"], "The Clerk will make arrangements to book a session")
    assert "Training Session had been booked" in training["sentence"] and training["status_now"] == "resolved"


def test_check_lists_the_open_actions_october_does_not_mention(report):
    owners = by_start(report["not_mentioned"], "the Clerk to write to the two property owners")
    assert owners["document"] == PARISH[0].stem and owners["status"] == "outstanding"
    paperwork = by_start(report["not_mentioned"], "The Clerk informed them she would be sending them")
    assert paperwork["status"] == "overdue" and paperwork["due_date"] == "2012-07-18"
    taken = {(i["document"], i["action"]) for i in report["taken_up"]}
    assert not taken & {(i["document"], i["action"]) for i in report["not_mentioned"]}
    resolved_before = "Cllr Nicholas-Letch very kindly agreed to replace this post"   # done in August: not open
    assert all(not i["quote"].startswith(resolved_before) for i in report["taken_up"] + report["not_mentioned"])


def test_check_lists_the_actions_october_creates_and_the_near_misses(report):
    created = [i["quote"] for i in report["created"]]
    assert report["document"]["actions"] == len(created) > 0
    assert "The Clerk to check where committee meetings can be held." in created
    near = {i["sentence"]: i["rule"] for i in report["near_misses"]}
    assert near["This will be discussed at the conclusion of the meeting."] == "action.passive_future"
    assert not set(near) & set(created)


def test_check_markdown_has_the_four_sections(db):
    text = run(check_command, OCTOBER, "--db", db).stdout
    for title in ("Earlier actions these minutes take up", "Open actions these minutes do not mention",
                  "Actions these minutes create",
                  "Sentences that read like a request or undertaking but gave no action"):
        assert f"## {title} (" in text
    assert "  - taken up: \"Cllr Bivon asked if the Police Crime Statistics were to hand yet" in text


def test_dry_run_says_what_ingest_would_do_and_stores_nothing(db):
    before = digest(db)
    out = run(ingest, OCTOBER, "--db", db, "--dry-run", "--no-progress").stdout.splitlines()
    assert out[0] == "dry run: nothing stored"
    assert out[1] == "read 1 file: 1 new, 0 replaced, 0 unchanged, 0 duplicate, 0 failed"
    assert out[-1].startswith(f"{db}: 4 documents;")
    assert digest(db) == before
    assert store.counts(store.open_existing(db))["documents"] == 3


def test_remove_takes_a_document_and_its_evidence_away(tmp_path):
    db = tmp_path / "r.db"
    run(ingest, *PARISH, "--db", db, "--no-progress")
    conn = store.open_existing(db)
    chase = next(i for i in store.followups_view(conn) if i["quote"] == "the Clerk advised she would chase this up.")
    assert chase["status"] == "progressed"
    out = run(remove, OCTOBER.stem, "--db", db).stdout
    assert out.startswith(f"removed {OCTOBER.stem} ({OCTOBER.resolve()}); {db}: 3 documents")
    chase = next(i for i in store.followups_view(conn) if i["quote"] == "the Clerk advised she would chase this up.")
    assert chase["status"] == "pending" and chase["evidence"] == []
    assert conn.execute("SELECT count(*) FROM pages WHERE document_id NOT IN (SELECT id FROM documents)"
                        ).fetchone()[0] == 0
    missing = run(remove, "no-such-minutes", "--db", db, code=1)
    assert missing.output.startswith("Error: no stored document 'no-such-minutes'")


def test_minutes_without_a_date_still_list_the_actions_they_create(db, tmp_path):
    """Nothing to compare with, and the check says why; the actions are listed all the same."""
    undated = tmp_path / "draft.txt"
    undated.write_text(OCTOBER.read_text(encoding="utf-8").replace("10 October 2012", "October"), encoding="utf-8")
    out = json.loads(run(check_command, undated, "--db", db, "--format", "json").stdout)
    assert out["document"]["meeting_date"] is None and out["note"].startswith("the minutes give no council or no")
    assert out["taken_up"] == out["not_mentioned"] == []
    assert len(out["created"]) == out["document"]["actions"] > 0
