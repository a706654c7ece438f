"""Readers on real documents: seeds (text), Kent minutes and reports (PDF), ModernGov XML,
and HTML and DOCX files built here from a seed's real paragraphs."""
from __future__ import annotations

import re

import pytest

import pipeline
from pipeline.readers import read_bytes, read_file, sniff

from .conftest import CORPUS, KENT_NAMES, PARISH, SEEDS, external, seed_paragraphs, shared


@pytest.mark.parametrize("path", SEEDS + PARISH, ids=lambda p: p.name)
def test_every_text_document_reads_into_blocks(path):
    doc = read_file(path)
    assert doc.format == "txt"
    assert len(doc.blocks) > 5
    for b in doc.blocks:  # offsets point at the block's text
        assert doc.text[b.start:b.end] == b.text


def test_text_reader_normalises_moderngov_paste_artefacts():
    doc = read_file(CORPUS / "seeds" / "000_31e354d2ef60ea1b.txt")
    assert "\u00a0" not in doc.text and "·" not in doc.text
    bullets = [b for b in doc.blocks if b.kind == "list_item" and b.label == "•"]
    assert len(bullets) == 7 and bullets[0].text.startswith("The threshold levels for referrals")
    dashes = [b for b in read_file(CORPUS / "seeds" / "001_c15544be25673204.txt").blocks if b.kind == "list_item"]
    assert any(b.text.startswith("Had there been an improvement") for b in dashes)


def test_text_reader_keeps_numbered_labels_and_tables():
    doc = read_file(CORPUS / "seeds" / "000_31e354d2ef60ea1b.txt")
    labelled = {b.label: b.text for b in doc.blocks if b.label and b.label != "•"}
    assert labelled["1.1"].startswith("That the Children’s Services Overview and Scrutiny Committee noted")
    report = read_file(CORPUS / "seeds" / "002_458880801c265493.txt")
    assert len(report.tables) == 1
    table = report.tables[0]
    assert table.rows[0][0] == "Cost Centre" and table.rows[1] == ["Youth Services", "1,359,263", "1,012,017", "873,622", "(138,395)"]


def test_text_reader_mends_a_sentence_split_by_a_blank_line():
    report = read_file(CORPUS / "seeds" / "002_458880801c265493.txt")
    assert "with a reduction in the average duration to 27 weeks." in report.text


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_text_encodings(encoding):
    text = "Councillor Redsell wished to know more details – on why children went missing. £2m was spent."
    doc = read_bytes(text.encode(encoding), "minutes.txt")
    assert doc.text == text


def test_front_matter_gives_the_title_and_is_not_text():
    doc = pipeline.read(CORPUS / "parish" / "stokeferry-pc-2012-08-08.txt")
    assert doc.title == "Stoke Ferry parish Council Minutes - August 2012"
    assert "categories:" not in doc.text


@pytest.mark.parametrize("name", KENT_NAMES)
def test_every_kent_pdf_reads(name):
    path = external(name)
    doc = read_file(path)
    assert doc.format == "pdf" and doc.pages and doc.pages >= 3
    assert len(doc.text) > 3000
    for b in doc.blocks:
        assert doc.text[b.start:b.end] == b.text
        assert b.page is not None


def test_pdf_rejoins_wrapped_lines_into_sentences():
    doc = read_file(external("kcc-corporate-parenting-panel-2024-10-29.pdf"))
    sentence = ("Ms Coombs offered to provide Members with further details about the number of adoptions "
                "by age, outside of the meeting.")
    assert sentence in doc.text
    assert any(sentence in b.text and b.label == "b." for b in doc.blocks)


def test_pdf_keeps_numbered_structure():
    doc = read_file(external("kcc-corporate-parenting-panel-2024-10-29.pdf"))
    labels = [b.label for b in doc.blocks if b.label]
    assert {"1", "2", "3", "a.", "b.", "c."} <= set(labels)
    resolved = [b for b in doc.blocks if b.text.startswith("RESOLVED that the Panel note the Participation Team Update")]
    assert resolved and resolved[0].label == "5"


def test_pdf_drops_page_numbers_and_running_headers():
    """Where the text runs on over a page break, the page number printed there must not sit inside it."""
    import pypdfium2 as pdfium

    path = external("kcc-corporate-parenting-panel-2024-10-29.pdf")
    pdf = pdfium.PdfDocument(str(path))
    pages = [[l.strip() for l in pdf[i].get_textpage().get_text_range().split("\r\n") if l.strip()]
             for i in range(len(pdf))]
    pdf.close()
    doc = read_file(path)
    checked = 0
    for before, after in zip(pages, pages[1:]):
        number = after[0]
        assert re.fullmatch(r"\d{1,3}", number), "this PDF prints page numbers at the top"
        assert number not in [b.text for b in doc.blocks]
        last_line, next_line = before[-1], after[1]
        assert f"{last_line} {number}" not in doc.text
        assert f"{number} {next_line}" not in doc.text
        checked += 1
    assert checked == len(pages) - 1


def test_moderngov_xml_gives_items_and_metadata():
    doc = pipeline.read(external("moderngov/manchester-audit-getmeeting-2026-02-10.xml"))
    assert doc.meeting_date == "2026-02-10"
    assert doc.committee == "Audit Committee"
    assert "To approve the minutes of the meeting held on 25 November 2025 as a correct record." in doc.text
    assert any(b.kind == "heading" and b.text == "Minutes" for b in doc.blocks)


def test_html_page_built_from_a_seed_reads_back_with_the_same_blocks():
    paras = seed_paragraphs()
    html = ("<!DOCTYPE html><html><head><title>Agenda item - Thurrock Council</title><style>p{color:red}</style>"
            "<script>var tracking = 'do not read me';</script></head><body>"
            "<nav><ul><li>Home</li><li>Council and democracy</li></ul></nav>"
            "<div id='modgov'><h2>Children's Social Care Performance</h2><h3>Minutes:</h3>"
            + "".join(f"<p>{p}</p>" for p in paras[:3])
            + "<ul>" + "".join(f"<li>{p}</li>" for p in paras[3:5]) + "</ul>"
            + "<table><tr><th>Measure</th><th>2017/18</th></tr><tr><td>Missing looked after children</td><td>291</td></tr></table>"
            + f"<p>{paras[5]}</p></div><footer>Copyright Thurrock Council</footer></body></html>")
    doc = read_bytes(html.encode("utf-8"), "item.html")
    assert doc.format == "html"
    assert "do not read me" not in doc.text and "Copyright" not in doc.text and "Home" not in doc.text
    kinds = [(b.kind, b.text) for b in doc.blocks]
    assert kinds[0] == ("heading", "Children's Social Care Performance")
    assert [t for k, t in kinds if k == "paragraph"] == paras[:3] + [paras[5]]
    assert [t for k, t in kinds if k == "list_item"] == paras[3:5]
    assert doc.tables[0].rows == [["Measure", "2017/18"], ["Missing looked after children", "291"]]


def test_docx_built_from_a_seed_reads_back_with_the_same_blocks(tmp_path):
    import docx

    paras = seed_paragraphs()
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "RUNNING HEADER: do not read"
    d.add_heading("Children's Social Care Performance", level=1)
    for p in paras[:3]:
        d.add_paragraph(p)
    for p in paras[3:5]:
        d.add_paragraph(p, style="List Number")
    t = d.add_table(rows=2, cols=2)
    for r, row in enumerate([["Measure", "2017/18"], ["Missing looked after children", "291"]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.add_paragraph(paras[5])
    path = tmp_path / "minutes.docx"
    d.save(path)
    doc = read_file(path)
    assert doc.format == "docx"
    assert "RUNNING HEADER" not in doc.text
    kinds = [(b.kind, b.text, b.label) for b in doc.blocks]
    assert kinds[0] == ("heading", "Children's Social Care Performance", None)
    assert [t for k, t, _ in kinds if k == "paragraph"] == paras[:3] + [paras[5]]
    assert [(t, l) for k, t, l in kinds if k == "list_item"] == [(paras[3], "1."), (paras[4], "2.")]
    assert doc.tables[0].rows[1] == ["Missing looked after children", "291"]
    # the table sits between the list and the last paragraph, as in the document
    assert [k for k, _, _ in kinds][-2:] == ["table", "paragraph"]


def test_format_is_sniffed_from_content_not_name(tmp_path):
    pdf_bytes = external("kcc-cabinet-2025-01-09.pdf").read_bytes()
    assert sniff(pdf_bytes) == "pdf"
    misnamed = tmp_path / "mgConvert2PDF.aspx"
    misnamed.write_bytes(pdf_bytes)
    assert read_file(misnamed).format == "pdf"
    html_as_txt = tmp_path / "page.txt"
    html_as_txt.write_text("<html><body><p>Councillor Okunade asked the reason for the reduction.</p></body></html>")
    assert read_file(html_as_txt).format == "html"


def test_pdf_ruled_table_comes_out_as_a_table(tmp_path):
    """A ruled table (drawn here with matplotlib from seed 002's budget rows) is read by pdfplumber, cell by cell."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [["Cost Centre", "Original Budget", "Out-turn"],
            ["Youth Services", "1,359,263", "873,622"],
            ["Legal Proceedings", "707,678", "500,961"],
            ["Troubled Families", "92,039", "-62,763"]]
    fig, ax = plt.subplots(figsize=(8, 3))
    ax.axis("off")
    ax.text(0, 1.05, "Details of the 2014/15 out turn and variances are detailed below.", transform=ax.transAxes)
    ax.table(cellText=rows, loc="center", cellLoc="left")
    path = tmp_path / "budget.pdf"
    fig.savefig(path, format="pdf")
    plt.close(fig)
    doc = read_file(path)
    assert len(doc.tables) == 1
    assert doc.tables[0].rows == rows
    table_blocks = [b for b in doc.blocks if b.kind == "table"]
    assert len(table_blocks) == 1 and "Youth Services\t1,359,263\t873,622" in table_blocks[0].text
    assert doc.text.count("1,359,263") == 1  # the cells are not also read as loose text


def test_pdf_line_that_stops_short_of_the_margin_ends_its_paragraph():
    """A producer that marks wrapped lines with a trailing space: a short hard-ended line is a line of a list,
    even without a full stop (Milburn's policy reviews, one decision a line)."""
    doc = read_file(shared("corpus/pool/milburn-pc/parish-council-2018-03-06.pdf"))
    texts = [b.text for b in doc.blocks]
    assert "Code of Conduct Councillors resolved to sign" in texts
    assert "Complaints Policy Councillors resolved to sign" in texts
    # a wrapped line still joins its paragraph
    assert any(t.startswith("The following policies had been forwarded to Councillors prior to this meeting, as")
               for t in texts)


def test_pdf_whose_every_line_keeps_a_trailing_space_ends_paragraphs_where_the_next_word_would_have_fitted():
    """Merton's Q&A note (pool, tuning): the producer keeps a space after every line, paragraph ends
    included, so the space says nothing; a line with room left for the next word ends its paragraph when
    the line after it is a full one ("... in future years" / "Why was there ..."), and a wrapped line
    still joins ("... could the Audit" / "Commission clarify this?")."""
    doc = read_file(shared("corpus/pool/merton-lbc/audit-committee-agenda-pack-2009-10-22.pdf"))
    texts = [b.text for b in doc.blocks]
    assert ("Yes – the Accounting and Auditing for the two funds would continue to be dealt with as distinct "
            "issues in future years") in texts
    assert "What level of savings was anticipated to arise from the transformation programme" in texts
    assert "What would be the effect on the Accounts of correcting the Housing Benefit Debtor provision issue?" in texts
    assert any(t.startswith("The Use of Resources assessment") and "the Audit Commission clarify this?" in t
               for t in texts)


def test_pdf_short_lines_in_a_row_stay_one_block():
    """Manordeilo and Salem CC, December 2018 (pool, tuning): the same producer; a planning application's
    address, one short line each, stays one block with its observation."""
    doc = read_file(shared("corpus/pool/manordeilo-salem-cc/community-council-2018-12-12.pdf"))
    assert any(b.text.startswith("E/38065 Demolition") and b.text.endswith("Philip Thomas NO OBJECTIONS")
               for b in doc.blocks)


def test_pdf_line_that_reaches_the_margin_wraps_even_without_a_trailing_space():
    """'... due to close on 12th' / 'February ...': the superscript leaves no space, the line still wraps."""
    doc = read_file(external("kcc-cabinet-2025-01-09.pdf"))
    assert "due to close on 12th February which focussed" in doc.text


def test_pdf_minutes_laid_out_in_a_word_table_are_read_as_text():
    """Milburn PC, 3 July 2018: a number column beside a text column draws a grid, and pdfplumber cuts the
    prose into fragments ("he min" / "utes of t"); the page's lines are kept as text instead."""
    doc = read_file(shared("corpus/pool/milburn-pc/parish-council-2018-07-03.pdf"))
    assert "All agreed this was a true record" in doc.text
    assert "Councillors agreed to monitor." in doc.text
    assert "ceived\nRegiste" not in doc.text and "\t" not in doc.text and not doc.tables


@pytest.mark.parametrize("heading, council, committee", [
    # unseen-failures case 15: a heading in capitals; "READING ROOM" is a room, not Reading
    ("HARLOWBY PARISH COUNCIL - ORDINARY MEETING\nIN THE READING ROOM\nPresent: Mr T Abel, Mrs J Corrie.",
     "Harlowby Parish Council", "Harlowby Parish Council"),
    # a heading in capitals that names the document first: "MINUTES OF" is no part of the name
    ("MINUTES OF NEWTOWN COMMUNITY COUNCIL MEETING\nVenue: Village Hall\nDate: Tuesday 3rd September 2019",
     "Newtown Community Council", "Newtown Community Council"),
    ("DRAFT MINUTES OF THE AMENITIES COMMITTEE\nHeld at Newtown Town Hall\nPresent: Cllr A Smith",
     None, "Amenities Committee"),
    # Manordeilo and Salem CC (pool, tuning): "&" inside the name
    ("MANORDEILO & SALEM COMMUNITY COUNCIL MEETING 12th SEPTEMBER 2018\nPRESENT Councillors Alun Davies.",
     "Manordeilo & Salem Community Council", "Manordeilo & Salem Community Council"),
    # unseen-failures case 1: an authority named in full that no list holds; no meeting body is named
    ("5. Notice of Motion in the name of Councillor P. Dunleavy\nI will move at the next meeting that Drumcarra "
     "County Council install a pedestrian crossing.", "Drumcarra County Council", None),
    # Sutton Coldfield TC (pool, tuning): "Sutton Coldfield" is not the London Borough of Sutton
    ("Minutes of the Amenities Committee held at Sutton Coldfield Town Hall\nThe Town Council noted the report.",
     None, "Amenities Committee"),
])
def test_council_and_committee_read_as_a_clerk_writes_them(heading, council, committee):
    from pipeline import metadata

    doc = read_bytes(heading.encode("utf-8"), "minutes.txt")
    metadata.infer(doc)
    assert (doc.council, doc.committee) == (council, committee)


@pytest.mark.parametrize("text, day", [
    ("HARLOWBY PARISH COUNCIL - ORDINARY MEETING\nIN THE READING ROOM\nWEDNESDAY MARCH 5TH 2014\nPresent: Mr T Abel.",
     "2014-03-05"),                                                                        # unseen-failures case 15
    ("KILMORNA MUNICIPAL DISTRICT\n\nMinutes of the ordinary meeting held at the Civic Offices on Thursday, "
     "12th March,\n\n2015\n\nCathaoirleach: Councillor T. Horgan", "2015-03-12"),          # case 16: split over lines
    ("Minutes of the meeting held on 02/10/12\nPresent:", "2012-10-02"),                   # two-digit year, day first
    ("Minutes of the meeting held on October 2nd, 2012\nPresent:", "2012-10-02"),          # month first
    ("TUESDAY OCTOBER 2ND 2012\nMinutes of the Parish Council", "2012-10-02"),
    ("Parish Council Meeting 12.03.2015\nPresent:", "2015-03-12"),
    # Manordeilo and Salem CC (pool, tuning): a PDF superscript keeps its own space
    ("Manordeilo and Salem Community Council held their meeting at 7.00pm on the 12 th September 2018 at the "
     "Reading Room, Cwmifor.", "2018-09-12"),
    ("Minutes of the meeting held on the 18th day of August 2015\nPresent:", "2015-08-18"),  # the formal style
    ("Minutes of the Parish Council meeting held on 12-03-2015\nPresent:", "2015-03-12"),     # dashes, day first
    ("Minutes of the Parish Council meeting held on 2015-03-12\nPresent:", "2015-03-12"),     # ISO, year first
    ("Minutes of the meeting held on Tuesday 18 August\nPresent:", None),                  # no year: never guessed
    # a line that dates the document, not the meeting
    ("Date published: 12 September 2019\nMinutes of the Parish Council meeting held on 3 September 2019\n"
     "Present:", "2019-09-03"),
    ("Minutes of the meeting held on 3 September 2019, circulated 5 September 2019\nPresent:", "2019-09-03"),
    ("Issued 12 September 2019\nPresent: Cllr A Smith", None),
    # a time of day makes a long date line the meeting's, though it says neither "meeting" nor "held"
    ("NEWTOWN COMMUNITY COUNCIL\nOrdinary Session – Tuesday 3 September 2019 at the Village Hall, Newtown, "
     "commencing at 7.30pm\nPresent: Cllr A Smith (Chair)", "2019-09-03"),
    ("NEWTOWN COMMUNITY COUNCIL\nThe consultation on the Local Development Plan closes on 3 September 2019 "
     "and responses will go to the planning committee\nPresent: Cllr A Smith (Chair)", None),
    ("Minutes of the meeting held in the Village Hall\nPlanning application 12-03-15 was noted.", None),  # a reference
])
def test_meeting_dates_as_clerks_write_them(text, day):
    from pipeline import metadata

    doc = read_bytes(text.encode("utf-8"), "minutes.txt")
    metadata.infer(doc)
    assert doc.meeting_date == day


def test_a_pdf_running_header_gives_the_date_and_body_it_alone_states():
    """Sutton Coldfield TC's grants report (pool, tuning) writes its meeting only in the running header,
    which the reader leaves out of the text."""
    from pipeline import metadata

    doc = read_file(shared("corpus/pool/sutton-coldfield-tc/community-grant-applications-report-2018-03-13.pdf"))
    assert "Community Grant Applications 13th March 2018" not in doc.text
    metadata.infer(doc)
    assert (doc.meeting_date, doc.committee) == ("2018-03-13", "Amenities, Leisure & Community Services Committee")


def test_a_town_council_writing_of_itself_is_not_the_principal_council_it_mentions():
    """Sutton Coldfield TC (pool, tuning): "Birmingham City Council is responsible" names another body."""
    from pipeline import metadata

    text = ("Amenities, Leisure and Community Services\nUnder item 4(v) of the Town Council Standing Orders, the Town "
            "Clerk advised.\nThe Chairman advised that Birmingham City Council is responsible for this service.")
    doc = read_bytes(text.encode("utf-8"), "minutes.txt")
    metadata.infer(doc)
    assert doc.council is None
    doc = read_bytes(text.replace("Town Council Standing", "Standing").encode("utf-8"), "minutes.txt")
    metadata.infer(doc)
    assert doc.council == "Birmingham"  # with no word of its own, the council the text names is the guess left
    # Manordeilo and Salem CC, October 2018: a liaison forum's "Community and Town Council" names no place
    doc = read_bytes("MINUTES\nC.C.C. Community and Town Council Liaison Forum meeting.".encode("utf-8"), "m.txt")
    metadata.infer(doc)
    assert doc.council is None


def test_a_bare_number_before_a_capitalised_word_is_an_item_not_a_count():
    """Sutton Coldfield TC (pool, tuning) heads its items "54 Minutes of the Previous Meeting": the number is the
    item's label, not 54 minutes; "12 members attended" and "3 days" are counts and "29 October" a date."""
    from pipeline.readers.labels import split_label

    assert split_label("54 Minutes of the Previous Meeting") == ("54", "Minutes of the Previous Meeting")
    assert split_label("7 Members' Questions") == ("7", "Members' Questions")
    for text in ("12 members attended the meeting", "3 days of action were held", "29 October 2024 was the date",
                 "2 May 2019 elections"):
        assert split_label(text) == (None, text)
    doc = pipeline.read(shared("corpus/pool/sutton-coldfield-tc/amenities-leisure-community-services-2018-03-13.pdf"))
    minutes = next(b for b in doc.blocks if b.text == "Minutes of the Previous Meeting")
    assert minutes.label == "54"
    assert not any(r.type == "figure" and r.quote.startswith("54") for r in pipeline.extract(doc))


def test_a_sub_item_numbered_as_word_numbers_it_is_a_label():
    """Manordeilo and Salem CC (pool, tuning) numbers sub-items '5vii)', '6xxiii)'; Word's list rendering repeats
    the nesting ('4.4.4.4.5vii)').  Each starts its own item, and dates, sums and years stay text."""
    from pipeline.readers.labels import split_label

    assert split_label("5vii) Cllr. Arwel Davies would check on the condition of the amenity land.") == (
        "5vii", "Cllr. Arwel Davies would check on the condition of the amenity land.")
    assert split_label("6xxiii) E/38129 Extension to First Floor") == ("6xxiii", "E/38129 Extension to First Floor")
    assert split_label("4.4.4.4.5vii) Cllr. Arwel Davies would check") == ("5vii", "Cllr. Arwel Davies would check")
    assert split_label("12b) Clerk to write to Highways.") == ("12b", "Clerk to write to Highways.")
    for text in ("29 October 2024 was the date", "2015 budget was set", "£5000 precept (agreed) for 2019"):
        assert split_label(text) == (None, text)
    doc = read_file(shared("corpus/pool/manordeilo-salem-cc/community-council-2018-09-12.pdf"))
    labels = [b.label for b in doc.blocks if b.label]
    assert "5vii" in labels and "13i" in labels


# ModernGov item pages of tuning councils: their annotators' titles (gold/pool), never the page's chrome
# ("Issue - meetings") or a label ("Additional documents:").
MODERNGOV_ITEM_PAGES = (
    "bromsgrove-dc/overview-scrutiny-board-recommendation-tracker-2012-06-18-excerpt",  # heading over "Meeting: ..."
    "flintshire-cc/environment-economy-osc-forward-work-programme-action-tracking-2023-06-13-excerpt",
    "telford-wrekin-council/audit-committee-internal-audit-activity-2023-excerpt",  # only the report's link names it
    "sefton-mbc/audit-governance-and-council-scrutiny-reports-item-2019-12-18-excerpt",
)


def _gold(name: str, field: str) -> list[str]:
    """The readings of a document field the annotators of a pool document accept (gold/pool/<council>/<name>.json)."""
    import json

    accepted = json.loads((CORPUS.parent / "gold" / "pool" / f"{name}.json").read_text(encoding="utf-8"))
    accepted = accepted["document"][field]
    return accepted if isinstance(accepted, list) else [accepted]


@pytest.mark.parametrize("name", MODERNGOV_ITEM_PAGES, ids=lambda n: n.split("/")[0])
def test_a_moderngov_item_page_is_titled_by_its_item_or_its_reports_link(name):
    doc = pipeline.read(shared(f"corpus/pool/{name}.txt"))
    assert doc.title in _gold(name, "title")
    assert not re.search(r"\bPDF \d+ KB$|:$|^Issue - meetings$", doc.title)


def test_the_title_comes_before_the_attendance_and_may_be_the_date_over_the_minutes():
    """Manordeilo and Salem 2020 (HTML, tuning): "8 January 2020" heads the minutes, then "PRESENT"; the agenda's
    first item ("WELCOME AND APOLOGIES") is no title."""
    name = "manordeilo-salem-cc/community-council-2020-01-08"
    doc = pipeline.read(shared(f"corpus/pool/{name}.html"))
    assert [b.text for b in doc.blocks[:5:2]] == ["8 January 2020", "PRESENT", "WELCOME AND APOLOGIES"]
    assert doc.title == "8 January 2020" and doc.title in _gold(name, "title")


def test_a_scots_sederunt_is_the_attendance_and_no_title():
    """Scottish minutes list who was present under "Sederunt": the attendance, so neither it nor what follows
    it titles the minutes."""
    from pipeline import metadata

    text = "Newtown Community Council\nSederunt: A Smith (Convener), B Jones (Secretary)\nApologies: C Brown\n"
    doc = read_bytes(text.encode("utf-8"), "minutes.txt")
    metadata.infer(doc)
    assert doc.title is None
    assert (doc.council, doc.committee) == ("Newtown Community Council", "Newtown Community Council")


def test_a_heading_over_the_item_comes_before_its_documents_links():
    """The item's own heading titles a ModernGov page, not the first of its linked documents (a cover sheet)."""
    doc = pipeline.read(CORPUS / "built" / "towerhamlets-osc-2018-12-17.html")
    assert any(b.text.startswith("OSC Cover Sheet for QTR2 Progress report") for b in doc.blocks)
    assert doc.title == "Children's Services Improvement - Quarterly Progress Report Quarter 2 2018/19"



def test_minutes_opening_with_their_body_over_the_date_and_the_attendance_name_that_body(tmp_path):
    """Sutton Coldfield TC (pool, tuning) opens "Amenities, Leisure and Community Services" / "Tuesday 13th March
    2018" / "Sutton Coldfield Town Hall" / "Present:", and names "the Town Council" most in its text (its Standing
    Orders, its funding): the committee is the body the minutes open with.  A heading over a date with no
    attendance after it (a report's title and date) names no body."""
    name = "sutton-coldfield-tc/amenities-leisure-community-services-2018-03-13"
    doc = pipeline.read(shared(f"corpus/pool/{name}.pdf"))
    assert doc.committee == "Amenities, Leisure and Community Services"
    assert doc.committee in _gold(name, "committee")
    report = tmp_path / "report.txt"
    report.write_text("Budget Monitoring Update\n\nTuesday 13th March 2018\n\nThe report sets out the forecast "
                      "outturn of the Finance Committee.\n", encoding="utf-8")
    assert pipeline.read(report).committee == "Finance Committee"


def test_a_docx_page_header_gives_the_date_it_alone_states():
    """A clerk's Word template puts the meeting in the page header, which is no part of the text: it is kept
    as the reader's hint, as a PDF's running header is, and the meeting date falls back on it."""
    import io

    import docx

    from pipeline import metadata

    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Newtown Parish Council – Minutes of meeting held 3rd September 2019"
    d.add_paragraph("Present: Cllr A Smith (Chair), Cllr B Jones")
    d.add_paragraph("Apologies were received from Cllr C Brown.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_bytes(buf.getvalue(), "minutes.docx")
    assert "September" not in doc.text
    metadata.infer(doc)
    assert doc.meeting_date == "2019-09-03"
    plain = docx.Document()  # no header: nothing to fall back on, and no date is guessed
    plain.add_paragraph("Present: Cllr A Smith (Chair), Cllr B Jones")
    buf = io.BytesIO()
    plain.save(buf)
    doc = read_bytes(buf.getvalue(), "minutes.docx")
    metadata.infer(doc)
    assert doc.meeting_date is None and not doc.hints
