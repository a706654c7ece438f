"""Build the demo corpus's DOCX, HTML and PDF documents from its own texts.

    .venv/bin/python scripts/build_corpus.py            # (re)writes corpus/built/
    .venv/bin/python scripts/build_corpus.py --out DIR  # somewhere else (tests/test_corpus_build.py compares)

Documents taken from other public repositories stay out of the repository
(they are read from ../shared/corpus/external/), so a fresh clone would
hold only plain text.  These three are made here, from the seeds, in the
formats councils publish, so every reader has a document to try:

* ``rotherham-ilsc-2017.docx``: seed 001 as a Word document (headings and bulleted lists as styles);
* ``towerhamlets-osc-2018-12-17.html``: seed 004 as a ModernGov agenda-item page (``mgItemTable`` layout);
* ``thurrock-council-2015-07-22.pdf``: seed 002, a cabinet member's report, as a PDF.

Each comes from a seed that is the only meeting of its committee in the corpus, so the built copies
never pose as a later meeting of a series (the follow-ups of every other document stay as they are).
The output is byte-for-byte reproducible (fixed dates in the DOCX zip and PDF); the files are committed,
and a test rebuilds them and checks they are unchanged.
Needs python-docx (a dependency of scrutiny) and fpdf2 (the test extras).
"""
from __future__ import annotations

import argparse
import html
import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = HERE / "seeds"
BUILT = HERE / "built"
# One fixed moment for every date a format stores, so a rebuild gives the same bytes.
STAMP = datetime(2026, 1, 1, tzinfo=timezone.utc)
BULLETS = ("- ", "· ", "• ")


def lines(name: str) -> list[str]:
    """The non-empty lines of a seed, stripped (the seeds are one paragraph a line)."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is_heading(line: str) -> bool:
    """A short line without a closing full stop: a title or an agenda heading ('Minutes:')."""
    return len(line) < 90 and not line.endswith((".", ";", ",")) and not line.startswith(BULLETS)


# ---- DOCX -------------------------------------------------------------------------------------------

def build_docx(out: Path) -> Path:
    import docx

    doc = docx.Document()
    props = doc.core_properties
    props.author = props.last_modified_by = "scrutiny scripts/build_corpus.py"
    props.created = props.modified = STAMP.replace(tzinfo=None)
    props.revision = 1
    props.title = "Improving Lives Select Commission: Children and Young People's Services Performance Report"
    for line in lines("001_c15544be25673204.txt"):
        if line.startswith(BULLETS):
            doc.add_paragraph(line[2:].strip(), style="List Bullet")
        elif _is_heading(line):
            doc.add_heading(line, level=1 if line != "Minutes:" else 2)
        else:
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    path = out / "rotherham-ilsc-2017.docx"
    path.write_bytes(_fixed_zip(buf.getvalue()))
    return path


def _fixed_zip(data: bytes) -> bytes:
    """The zip rewritten with one fixed date on every member (python-docx stamps the time of saving)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return buf.getvalue()


# ---- HTML (ModernGov agenda-item page) --------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title></head>
<body>
<div id="mgHeader" class="header">London Borough of Tower Hamlets - Committee details</div>
<div id="modgov">
<h1 class="mgMainTitleTxt">Agenda item</h1>
<h2 class="mgSubTitleTxt">{title}</h2>
<ul class="mgBulletList">
{meeting}
</ul>
<table class="mgItemTable" summary="Details of the agenda item">
{rows}
</table>
</div>
<div id="mgFooter" class="footer">Published by the Council's democratic services</div>
</body>
</html>
"""


def build_html(out: Path) -> Path:
    """Seed 004 in the layout of a ModernGov agenda-item page: the title and meeting above, then an
    ``mgItemTable`` whose rows hold the item's sections ('Minutes:') with their paragraphs and lists."""
    src = lines("004_94d6de7b9655115d.txt")
    assert src[0] == "Agenda item", "seed 004 no longer opens with its ModernGov page title"
    title, rest = src[1].rstrip(":"), src[2:]
    meeting = [line for line in rest if line.startswith("- ")]
    body = [line for line in rest if not line.startswith("- ")]
    sections: list[tuple[str, list[str]]] = [("Purpose:", [])]
    for line in body:
        if line.endswith(":") and _is_heading(line):
            sections.append((line, []))
        else:
            sections[-1][1].append(line)
    rows = []
    for heading, paras in sections:
        if not paras:
            continue
        cells, items = [], []
        for p in paras + [""]:
            if p.startswith(BULLETS):
                items.append(f"<li>{html.escape(p[2:].strip())}</li>")
                continue
            if items:
                cells.append('<ul class="mgBulletList">' + "".join(items) + "</ul>")
                items = []
            if p:
                cells.append(f"<p>{html.escape(p)}</p>")
        rows.append(f'<tr><td class="mgItemSectionTitle"><h3>{html.escape(heading)}</h3></td></tr>\n'
                    f'<tr><td class="mgWordPara">{"".join(cells)}</td></tr>')
    page = PAGE.format(title=html.escape(title),
                       meeting="\n".join(f"<li>{html.escape(m[2:])}</li>" for m in meeting),
                       rows="\n".join(rows))
    path = out / "towerhamlets-osc-2018-12-17.html"
    path.write_text(page, encoding="utf-8")
    return path


# ---- PDF --------------------------------------------------------------------------------------------

def build_pdf(out: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # curly quotes and dashes of the text, in a standard font
    pdf.set_creation_date(STAMP)
    pdf.set_title("Cabinet Member Report - Children's Social Care")
    pdf.set_author("scrutiny scripts/build_corpus.py")
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for line in lines("002_458880801c265493.txt"):
        text = line.encode("cp1252", errors="replace").decode("cp1252")
        if _is_heading(line):
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Helvetica", "", 10)
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    path = out / "thurrock-council-2015-07-22.pdf"
    pdf.output(str(path))
    return path


def build(out: Path = BUILT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [build_docx(out), build_html(out), build_pdf(out)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=BUILT, help=f"folder to write to (default {BUILT})")
    for path in build(ap.parse_args().out):
        print(path)


if __name__ == "__main__":
    main()
