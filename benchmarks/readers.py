"""Reader speed: pages (or documents) per second, as a ratio to a raw pypdfium2 text dump.

    .venv/bin/python benchmarks/readers.py [--repeat 3]

The baseline is measured in the same run over the same files, so the
figure that matters is the ratio, not the seconds.  Our PDF reader does
more than the raw dump (geometry per line, header/footer removal,
paragraph rebuilding, pdfplumber tables on ruled pages), so a ratio below
1.0 is expected; it shows what that work costs.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.readers import read_file

ROOT = Path(__file__).resolve().parent.parent


def raw_dump(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    n = len(pdf)
    for i in range(n):
        pdf[i].get_textpage().get_text_range()
    pdf.close()
    return n


def pdfplumber_dump(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def timed(fn, files, repeat: int) -> tuple[float, int]:
    best = float("inf")
    units = 0
    for _ in range(repeat):
        t = time.perf_counter()
        units = sum(fn(f) for f in files)
        best = min(best, time.perf_counter() - t)
    return best, units


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--with-pdfplumber", action="store_true", help="also time pdfplumber's extract_text")
    args = ap.parse_args()
    # The Kent PDFs of ../shared (never in the repository); without it, the PDF built from a seed.
    pdfs = sorted((ROOT.parent / "shared" / "corpus" / "external").glob("*.pdf")) \
        or sorted((ROOT / "corpus" / "built").glob("*.pdf"))
    print(f"PDFs: {len(pdfs)} from {pdfs[0].parent}")
    texts = sorted((ROOT / "corpus").glob("seeds/*.txt")) + sorted((ROOT / "corpus").glob("parish/*.txt"))
    base_s, pages = timed(raw_dump, pdfs, args.repeat)
    ours_s, _ = timed(lambda f: read_file(f).pages or 0, pdfs, args.repeat)
    print(f"{'reader':<28}{'units':>8}{'seconds':>10}{'units/s':>10}{'ratio':>8}")
    print(f"{'pypdfium2 raw text (base)':<28}{pages:>8}{base_s:>10.3f}{pages / base_s:>10.1f}{1.0:>8.2f}")
    print(f"{'scrutiny PDF reader':<28}{pages:>8}{ours_s:>10.3f}{pages / ours_s:>10.1f}{base_s / ours_s:>8.2f}")
    if args.with_pdfplumber:
        plumb_s, _ = timed(pdfplumber_dump, pdfs, 1)
        print(f"{'pdfplumber extract_text':<28}{pages:>8}{plumb_s:>10.3f}{pages / plumb_s:>10.1f}{base_s / plumb_s:>8.2f}")
    text_s, _ = timed(lambda f: 1 if read_file(f) else 0, texts, args.repeat)
    print(f"{'scrutiny text reader (docs)':<28}{len(texts):>8}{text_s:>10.3f}{len(texts) / text_s:>10.1f}{'-':>8}")


if __name__ == "__main__":
    main()
