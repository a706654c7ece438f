"""``scrutiny serve``: the shipped Datasette metadata, the canned queries, and a real browser on a real server.

The metadata and queries are checked against the schema and the bundled
corpus's database; the browser test starts ``scrutiny serve`` on a free
loopback port and reads the pages with Debian's headless Chromium
(``--dump-dom``), as a person would see them.  No browser is downloaded:
where Chromium is not installed that test skips and says so.
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import lxml.html
import pytest
from click.testing import CliRunner

from pipeline import serve as serve_module
from pipeline.cli.serve import serve
from pipeline import store

from .conftest import ROOT, free_port, serving

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
SCREENSHOTS = ROOT / "outputs" / "browser-test"


def shipped() -> dict:
    return serve_module.metadata("scrutiny")["databases"]["scrutiny"]


# ---- metadata and queries -----------------------------------------------------------

def test_every_table_and_column_is_described(corpus_db):
    tables = shipped()["tables"]
    conn = store.open_existing(corpus_db)
    for table in store.TABLES:
        described = tables[table]["columns"]
        columns = [c["name"] for c in conn.execute(f"PRAGMA table_info({table})")]
        assert set(columns) == set(described), table
        assert tables[table]["description"]
        assert all(described.values())
    assert "text" not in [c["name"] for c in conn.execute("PRAGMA table_info(documents_list)")]
    for table, conf in tables.items():  # facets and labels name real columns
        columns = {c["name"] for c in conn.execute(f"PRAGMA table_info({table})")}
        assert set(conf.get("facets", [])) <= columns, table
        assert conf.get("label_column", "pk") in columns | {"pk"}, table


CANNED = {  # query: parameters that return rows on the bundled corpus
    "outstanding_actions": {"council": "Stoke Ferry", "committee": "", "since": "2012-08"},
    "actions_by_owner": {"council": "", "since": ""},
    "action_evidence": {"document": "stokeferry-pc-2012-07-11", "action": "x1"},
    "open_questions": {"council": "Thurrock", "committee": "", "since": ""},
    "requested_resolutions": {"council": "", "committee": "", "since": ""},
    "figures_by_measure": {"measure": "children", "council": ""},
    "documents_missing": {},
}


@pytest.mark.parametrize("name", sorted(CANNED))
def test_canned_queries_return_rows_on_the_corpus(corpus_db, name):
    queries = shipped()["queries"]
    assert set(queries) == set(CANNED)
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    found = conn.execute(queries[name]["sql"], CANNED[name]).fetchall()
    assert found, name
    assert queries[name]["title"] and queries[name]["description"]
    if name == "outstanding_actions":
        assert {r["status"] for r in found} <= {"outstanding", "progressed"}
        assert all(r["council"] == "Stoke Ferry Parish Council" and r["meeting_date"] >= "2012-08" for r in found)
    if name == "action_evidence":
        assert all(r["later_meeting"] > "2012-07-11" and r["evidence"] for r in found)
    if name == "documents_missing":  # the seeds without a meeting date in the manifest
        assert {r["stem"] for r in found} >= {"000_31e354d2ef60ea1b", "001_c15544be25673204"}
        assert all(r["missing"] for r in found)


def test_serve_hands_datasette_an_immutable_database_and_warns_off_loopback(corpus_db, tmp_path, monkeypatch):
    import datasette.cli

    db = tmp_path / "served.db"
    shutil.copy(corpus_db, db)
    seen: list[list[str]] = []
    monkeypatch.setattr(datasette.cli.cli, "main", lambda args, **kw: seen.append(args) or 0)
    result = CliRunner().invoke(serve, ["--db", str(db), "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    args = seen[0]
    assert args[:3] == ["serve", "-i", str(db)]
    assert args[args.index("--host") + 1] == "0.0.0.0" and args[args.index("--port") + 1] == "8123"
    assert "notice: listening on 0.0.0.0" in result.stderr
    quiet = CliRunner().invoke(serve, ["--db", str(db)])
    assert "notice" not in quiet.stderr and seen[1][seen[1].index("--host") + 1] == "127.0.0.1"
    missing = CliRunner().invoke(serve, ["--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database at" in missing.output


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("0.0.0.0", False), ("192.0.2.1", False), ("example.org", False)])
def test_is_loopback(host, loopback):
    assert serve_module.is_loopback(host) is loopback


# ---- a real browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(corpus_db, tmp_path_factory):
    """``scrutiny serve`` over a copy of the corpus database, on a free loopback port; stopped after the module."""
    db = tmp_path_factory.mktemp("served") / "scrutiny.db"
    shutil.copy(corpus_db, db)
    port = free_port()
    with serving(["--db", str(db), "--port", str(port)], port) as base:
        yield base, db


def chromium(url: str, *flags: str) -> str:
    """What headless Chromium shows at ``url`` (the DOM after scripts ran), or what it writes with ``flags``."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the browser test needs it")
    profile = SCREENSHOTS.parent / ".chromium-profile"
    out = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                          "--no-first-run", f"--user-data-dir={profile}", *(flags or ("--dump-dom",)), url],
                         capture_output=True, text=True, timeout=90)
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout


def page(url: str):
    return lxml.html.fromstring(chromium(url))


def text_of(tree) -> str:
    return " ".join(tree.text_content().split())


def test_the_browser_shows_records_search_canned_queries_and_document_links(server):
    base, db = server
    conn = store.open_existing(db)
    total = conn.execute("SELECT count(*) FROM records").fetchone()[0]

    records = page(f"{base}/scrutiny/records")
    shown = text_of(records)
    assert f"{total:,} rows" in shown
    assert "One row per extracted record" in shown  # the shipped description
    assert records.xpath('//form//input[@name="_search"]'), "no search box: Datasette did not detect records_fts"

    found = page(f"{base}/scrutiny/records?" + urllib.parse.urlencode({"_search": "missing children"}))
    shown = text_of(found)
    expected = store.search(conn, "missing children", limit=1000)
    assert f'{len(expected)} rows where search matches "missing children"' in shown
    quote = "Councillor Redsell wished to know more details on why and where children went missing."
    assert quote in shown
    # The record's document link goes to that document's own page, with its text.
    row = next(tr for tr in found.xpath("//table//tr") if quote in text_of(tr))
    links = [a.get("href") for a in row.xpath(".//a") if "/scrutiny/documents/" in a.get("href", "")]
    doc_id = conn.execute("SELECT document_id FROM records WHERE quote = ?", (quote,)).fetchone()[0]
    assert links and links[0].endswith(f"/scrutiny/documents/{doc_id}")
    assert "000_31e354d2ef60ea1b" in text_of(row)  # the link is labelled with the document's stem
    document = text_of(page(urllib.parse.urljoin(base, links[0])))
    assert "Thurrock" in document and "wished to know more details on why and where children went missing" in document

    query = page(f"{base}/scrutiny/outstanding_actions?" + urllib.parse.urlencode(
        {"council": "Stoke Ferry", "committee": "", "since": ""}))
    shown = text_of(query)
    assert "Outstanding and overdue actions by committee" in shown
    assert "the Clerk was asked to investigate the cost of grit bins." in shown
    assert "Thurrock" not in shown

    by_council = text_of(page(f"{base}/scrutiny/actions?council=Stoke+Ferry+Parish+Council&status=outstanding"))
    outstanding = conn.execute("""SELECT count(*) FROM followups f JOIN documents d ON d.id = f.document_id
                                  WHERE d.council = 'Stoke Ferry Parish Council' AND f.status = 'outstanding'""")
    assert f"{outstanding.fetchone()[0]} rows where" in by_council and "owner" in by_council  # faceted, filtered

    documents = text_of(page(f"{base}/scrutiny/documents?" + urllib.parse.urlencode({"_search": "Golden Jubilee"})))
    assert '1 row where search matches "Golden Jubilee"' in documents and "stokeferry-pc-2012-07-11" in documents

    listing = page(f"{base}/scrutiny/documents_list")
    headers = [" ".join(th.text_content().split()) for th in listing.xpath("//table//th")]
    assert "text" not in headers and any(h.startswith("meeting_date") for h in headers)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "records-search.png"
    shot.unlink(missing_ok=True)
    chromium(f"{base}/scrutiny/records?" + urllib.parse.urlencode({"_search": "missing children"}),
             f"--screenshot={shot}", "--window-size=1280,1500", "--hide-scrollbars")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
