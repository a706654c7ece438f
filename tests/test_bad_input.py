"""Every kind of bad input gives one line naming the file and the reason, through the API and the CLI."""
from __future__ import annotations

import io
import os
import zipfile

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import ReadError
from pipeline.readers import read_file

from .conftest import BUILT_PDF, CORPUS


def _reason(path) -> str:
    with pytest.raises(ReadError) as e:
        read_file(path)
    assert str(path) in str(e.value)
    assert "\n" not in str(e.value)
    return e.value.reason


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert _reason(p) == "empty file"


def test_truncated_pdf(tmp_path):
    data = BUILT_PDF.read_bytes()
    p = tmp_path / "truncated.pdf"
    p.write_bytes(data[: len(data) // 3])
    assert "corrupt or truncated PDF" in _reason(p)


def test_encrypted_pdf(tmp_path):
    import pikepdf

    src = pikepdf.open(BUILT_PDF)
    p = tmp_path / "locked.pdf"
    src.save(p, encryption=pikepdf.Encryption(owner="owner-secret", user="user-secret"))
    assert "encrypted PDF" in _reason(p)


def test_image_only_pdf_needs_ocr(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig = plt.figure(figsize=(4, 4))
    fig.figimage(np.random.default_rng(0).random((200, 200)))
    p = tmp_path / "scan.pdf"
    fig.savefig(p, format="pdf")
    plt.close(fig)
    reason = _reason(p)
    assert "no text layer" in reason and "OCR" in reason


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "minutes.docx"
    p.write_text("These minutes were saved as plain text but named .docx")
    assert _reason(p) == "not a valid .docx (not a zip archive)"


def test_zip_bomb_docx_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_MAX_UNZIPPED", str(5 * 2**20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<w:document/>")
        z.writestr("word/media/bomb.bin", b"\0" * (20 * 2**20))
    p = tmp_path / "bomb.docx"
    p.write_bytes(buf.getvalue())
    assert p.stat().st_size < 2**20
    assert "possible zip bomb" in _reason(p)


def test_binary_junk(tmp_path):
    p = tmp_path / "junk.txt"
    p.write_bytes(os.urandom(4096))
    assert _reason(p) == "not a text document (binary content)"


def test_image_is_not_a_document(tmp_path):
    p = tmp_path / "photo.pdf"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(500))
    assert _reason(p) == "not a document: a PNG image"


def test_html_with_no_text(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><script>var a = 1;</script></head><body><nav>Home</nav></body></html>")
    assert _reason(p) == "HTML page has no text"


def test_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("SCRUTINY_MAX_BYTES", "1000")
    p = tmp_path / "big.txt"
    p.write_text("Councillor Okunade asked the reason for the reduction. " * 40)
    assert "over the 0 MB limit" in _reason(p) or "limit" in _reason(p)


def test_missing_file(tmp_path):
    assert _reason(tmp_path / "nowhere.pdf") == "no such file"


def test_cli_single_bad_file_exits_non_zero_with_one_line(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    result = CliRunner().invoke(main, ["parse", str(p)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {p}: empty file"
    assert "Traceback" not in result.output


def test_cli_batch_goes_on_and_summarises_failures(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(2048))
    good = CORPUS / "seeds" / "003_1f6512787fae9d5e.txt"
    result = CliRunner().invoke(main, ["parse", str(empty), str(good), str(junk), "--format", "text"])
    assert result.exit_code == 1
    assert "Councillor Muldowney sought more details" in result.stdout
    assert "2 of 3 files failed:" in result.stderr
    assert f"{empty}: empty file" in result.stderr and f"{junk}: not a text document" in result.stderr


def test_cli_extract_goes_on_when_one_document_fails(tmp_path, monkeypatch):
    """A crash while extracting one document is reported in one line; the other documents are written."""
    import pipeline

    real = pipeline.extract

    def flaky(doc):
        if doc.stem.startswith("003_"):
            raise ValueError("simulated extractor fault")
        return real(doc)

    monkeypatch.setattr(pipeline, "extract", flaky)
    files = [str(CORPUS / "seeds" / "003_1f6512787fae9d5e.txt"), str(CORPUS / "seeds" / "004_94d6de7b9655115d.txt")]
    result = CliRunner().invoke(main, ["extract", *files, "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "003_1f6512787fae9d5e.txt: extraction failed (ValueError: simulated extractor fault)" in result.stderr
    assert (tmp_path / "004_94d6de7b9655115d.json").exists() and not (tmp_path / "003_1f6512787fae9d5e.json").exists()


def test_cli_extract_never_overwrites_an_input_sharing_a_stem(tmp_path):
    """Two folders of minutes both holding 'minutes.txt': each keeps its records, and the second says where."""
    first, second = tmp_path / "thurrock" / "minutes.txt", tmp_path / "rotherham" / "Minutes.txt"
    for target, src in ((first, "003_1f6512787fae9d5e.txt"), (second, "004_94d6de7b9655115d.txt")):
        target.parent.mkdir()
        target.write_bytes((CORPUS / "seeds" / src).read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["extract", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Minutes-2.json", "minutes.json"]  # never one file on any disk
    import json

    sources = [json.loads((out / n).read_text(encoding="utf-8"))["document"]["source"]
               for n in ("minutes.json", "Minutes-2.json")]
    assert sources == [str(first), str(second)]
    assert f"{second} -> {out / 'Minutes-2.json'} (" in result.stderr
    assert f"; minutes.json holds {first})" in result.stderr
