"""An action log's row carrying the action's own reference is its follow-up, whatever its words."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline import followup as F

from .conftest import PARISH


def parish_actions(n: int) -> list[str]:
    """Real actions of the first Stoke Ferry meeting, as a clerk would copy them into a log."""
    [doc] = F.docs_from_files(PARISH[:1])
    found = [r.quote for r in doc.records if r.type == "action" and len(r.quote) > 40]
    assert len(found) >= n
    return found[:n]


def action_log(path: Path, date: str, rows: list[tuple[str, str, str]]) -> Path:
    """A committee's action log (Ref | Action | Lead Officer | Due | Status) as a DOCX, minutes heading and all."""
    import docx

    d = docx.Document()
    d.add_heading(f"Kent County Council - Children's Services Overview and Scrutiny Committee: Action Log, {date}", 1)
    d.add_paragraph(f"Minutes of the meeting of the Children's Services Overview and Scrutiny Committee held on "
                    f"{date}.")
    t = d.add_table(rows=1, cols=5)
    for cell, heading in zip(t.rows[0].cells, ["Ref", "Action", "Lead Officer", "Due", "Status"]):
        cell.text = heading
    for ref, action, status in rows:
        for cell, value in zip(t.add_row().cells, [ref, action, "Democratic Services Officer", "March 2025", status]):
            cell.text = value
    d.save(path)
    return path


def test_a_later_log_row_with_the_same_reference_is_the_follow_up(tmp_path):
    first, second, third = parish_actions(3)
    january = action_log(tmp_path / "log-jan.docx", "14 January 2025",
                         [("CS/01", first, "Open"), ("CS/02", second, "Open"), ("3", third, "Open")])
    # March's rows carry January's references with their progress in words that share nothing with the actions
    march = action_log(tmp_path / "log-mar.docx", "11 March 2025",
                       [("CS/02", "Figures sent to Members on 3 February", "Complete"),
                        ("CS/01", "Awaiting a reply from the supplier", "Ongoing"),
                        ("3", "Awaiting a reply from the supplier", "Ongoing")])
    # council and committee as a manifest gives them (the long pasted actions may read as another body's)
    docs = [replace(d, council="Kent County Council", committee="Children's Services Overview and Scrutiny Committee")
            for d in F.docs_from_files([january, march])]
    by_quote = {f.quote: f for f in F.track(docs) if f.document == docs[0].stem}
    assert by_quote[second].status == "resolved"
    assert [(e.document, e.method) for e in by_quote[second].evidence] == [(docs[1].stem, "action_log_reference")]
    assert by_quote[second].evidence[0].quote.startswith("CS/02")
    assert by_quote[first].status == "progressed" and by_quote[first].evidence[0].quote.startswith("CS/01")
    # a bare row number restarts in every log: it names no action
    assert all(e.method != "action_log_reference" for e in by_quote[third].evidence)
