"""Property-based fuzzing of read + extract (issue 8): no text built from the stuff of minutes raises or runs long.

Text is drawn from minutes vocabulary, list labels, brackets, currency,
percentages, dashes, digits, capitals and newlines, read as a file's bytes
(``readers.read_bytes``) and extracted.  A refusal (``ReadError``) is a fine
outcome; any other exception, or an example past its deadline, is a failure.
An alarm stops an example that never returns, so a loop that does not
advance fails the test instead of hanging it.

Profiles (tests/conftest.py): ``ci`` (the default, a few hundred examples,
derandomised so the suite is stable) and ``long`` (``make fuzz``).  Every
failure found becomes a regression test at the bottom of this file, with the
shrunk input.
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator

import pytest
from hypothesis import given, settings, strategies as st

import pipeline
from pipeline.errors import ReadError
from pipeline.readers import read_bytes

from .conftest import CORPUS

WORDS = ["Councillor", "Cllr", "Smith", "Okunade", "asked", "whether", "the", "Council", "would", "RESOLVED",
         "that", "report", "be", "noted", "agreed", "Clerk", "to", "write", "Chair", "Members", "Cabinet",
         "Member", "for", "Officer", "requested", "an", "update", "at", "next", "meeting", "by", "March",
         "2024/25", "Action", "ACTION", "Q", "A", "Question", "Answer", "replied", "Payments", "approved",
         "Donation", "Salary", "Income", "Tax", "HMRC", "Ltd", "ACME", "tree", "surgery", "overspend",
         "budget", "of", "was", "per", "cent", "million", "m", "bn", "k", "children", "in", "care", "rose",
         "from", "fell", "It", "was", "recommended", "Proposed", "seconded", "carried", "unanimously", "and",
         "Item", "Minutes", "Apologies", "Declarations", "Interest", "NHS", "KCC", "DD", "E-on", "No.", "vs"]
LABELS = ["1.", "2.", "10.", "2.1", "3.4.1", "(a)", "(b)", "a)", "b.", "(i)", "(iii)", "iv.", "•", "·", "-", "–",
          "—", "*", "**", "1)", "6\\.", "Item 5", "#", ">"]
BRACKETS = ["(", ")", "[", "]", "{", "}", "((", "))", "()", "(tree surgery)", "ACME(tree surgery)", ")(", '"', "'",
            "“", "”", "‘", "’"]
MONEY = ["£", "£310.00", "£1.2m", "£2,500", "£0.5bn", "£-", "£.", "£,", "$", "€", "€40k", "£5m-£6m", "£12 million",
         "£1,000,000.00", "(£45.99)", "£140.00 -"]
PERCENT = ["%", "12%", "3.5%", "per cent", "100 per cent", "-4%", "%%", "0.1 percentage points", "50-60%"]
DASHES = ["-", "–", "—", "--", "-–", "- ", " - "]
PUNCT = [".", ",", ";", ":", "?", "!", "/", "&", "...", "…", ":-", ".:", "?)", ".)"]
SEPARATORS = ["", " ", " ", " ", "  ", "      ", "\n", "\n\n", "\t", " \n", "\xa0"]

numbers = st.one_of(st.integers(min_value=-10, max_value=10**7).map(str),
                    st.floats(min_value=0, max_value=10**6, allow_nan=False).map(lambda f: f"{f:.2f}"),
                    st.integers(min_value=1, max_value=31).map(lambda d: f"{d} March 2024"),
                    st.integers(min_value=1900, max_value=2100).map(str))
capitals = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
pieces = st.one_of(st.sampled_from(WORDS), st.sampled_from(LABELS), st.sampled_from(BRACKETS),
                   st.sampled_from(MONEY), st.sampled_from(PERCENT), st.sampled_from(DASHES),
                   st.sampled_from(PUNCT), numbers, capitals)
minutes_text = st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), min_size=1, max_size=300).map(
    lambda parts: "".join(p + s for p, s in parts))

# Real lines of minutes (the seeds and the Stoke Ferry series) with drawn pieces spliced into them.
REAL_LINES = [line for path in sorted((CORPUS / "seeds").glob("*.txt")) + sorted((CORPUS / "parish").glob("*.txt"))
              for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@st.composite
def spliced_minutes(draw) -> str:
    lines = draw(st.lists(st.sampled_from(REAL_LINES), min_size=1, max_size=12))
    out = []
    for line in lines:
        at = draw(st.integers(min_value=0, max_value=len(line)))
        piece = draw(st.lists(st.tuples(pieces, st.sampled_from(SEPARATORS)), max_size=6))
        out.append(line[:at] + "".join(p + s for p, s in piece) + line[at:])
    return draw(st.sampled_from(["\n", "\n\n"])).join(out)


HANG_SECONDS = 10  # twice the deadline: an example still running then is stopped as a hang


@contextmanager
def alarm(seconds: int) -> Iterator[None]:
    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: a loop that does not advance?")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def read_and_extract(text: str) -> None:
    """Read ``text`` as a file's bytes and extract it; a one-line refusal is fine, anything else raises."""
    with alarm(HANG_SECONDS):
        try:
            doc = read_bytes(text.encode("utf-8"), "fuzz.txt")
        except ReadError as e:
            assert "\n" not in str(e)
            return
        records = pipeline.extract(doc)
    for r in records:
        assert 0 <= r.start <= r.end <= len(doc.text), r


@pytest.fixture(scope="module", autouse=True)
def loaded_pipeline():
    """spaCy loaded before the first example, so its load does not count against that example's deadline."""
    from pipeline.nlp import get_nlp

    get_nlp()


@given(minutes_text)
def test_read_and_extract_never_raise_and_finish_in_time(text):
    read_and_extract(text)


@given(spliced_minutes())
def test_real_lines_with_pieces_spliced_in_never_raise(text):
    read_and_extract(text)


@given(st.lists(minutes_text, min_size=1, max_size=4).map("\n\n".join), st.sampled_from(["utf-8", "cp1252", "utf-16"]))
@settings(max_examples=settings().max_examples // 3 or 1)
def test_encoded_minutes_never_raise(text, encoding):
    with alarm(HANG_SECONDS):
        try:
            doc = read_bytes(text.encode(encoding, errors="replace"), "fuzz.txt")
        except ReadError:
            return
        pipeline.extract(doc)


# ---- regressions: every failure the fuzzer found, with its shrunk input -----------------------

@pytest.mark.parametrize("text", [
    "ACME(tree surgery)      £310.00",  # the hang that started issue 8 (figures: _subject never advanced)
    ")1.",  # the same hang as the fuzzer shrinks it, found again with the fix of aa2f937 undone
])
def test_regressions(text):
    read_and_extract(text)
