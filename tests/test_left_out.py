"""Documents that cannot take part in follow-ups (no council or no meeting date) are named, never silently dropped."""
from __future__ import annotations

import sqlite3

import pytest

from click.testing import CliRunner

from pipeline import store
from pipeline.cli.dataset import followups, ingest

from .conftest import PARISH, SEEDS

pytestmark = pytest.mark.usefixtures("extract_once")  # each document extracted once per module


def test_ingest_warns_and_followups_counts_the_documents_left_out(tmp_path):
    db = tmp_path / "l.db"
    undated = SEEDS[0]   # Thurrock minutes copied from a web page: the text gives no meeting date
    result = CliRunner().invoke(ingest, [str(PARISH[0]), str(PARISH[1]), str(undated), "--db", str(db),
                                         "--no-progress"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stdout.splitlines() if "warning:" in line]
    assert warnings == [f"  warning: {undated.resolve()}: no meeting date: it takes no part in follow-ups "
                        f"(give --council/--date, a sidecar or a manifest row)"]
    conn = sqlite3.connect(db)
    tracked = {d for (d,) in conn.execute("SELECT DISTINCT document FROM followups")}
    assert tracked == {PARISH[0].stem, PARISH[1].stem}
    assert store.followups_complete(store.open_existing(db))
    listed = CliRunner().invoke(followups, ["--db", str(db), "--format", "json"])
    assert listed.exit_code == 0
    assert listed.stderr.strip() == (
        f"note: 1 document left out of follow-ups: {undated.stem} (no meeting date); give their council and "
        f"meeting date with a manifest, a sidecar or --council/--date and ingest again")
    # Given its date later, the stored document is extracted again with it and takes part.
    again = CliRunner().invoke(ingest, [str(undated), "--db", str(db), "--date", "14/01/2017", "--no-progress"])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == "read 1 file: 0 new, 0 replaced, 0 unchanged, 0 duplicate, " \
                                               "0 failed, 1 with edited metadata"
    assert "warning:" not in again.stdout
    assert conn.execute("SELECT meeting_date FROM documents WHERE stem = ?", (undated.stem,)).fetchone() == \
        ("2017-01-14",)
    assert undated.stem in {d for (d,) in conn.execute("SELECT DISTINCT document FROM followups")}
    assert CliRunner().invoke(followups, ["--db", str(db), "--format", "json"]).stderr == ""
