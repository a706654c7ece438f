"""notebooks/compare_councils.ipynb runs top to bottom on a small real database (executed with nbclient)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from pipeline import store
from pipeline.metadata import load_manifest

from .conftest import CORPUS, ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = ROOT / "notebooks" / "compare_councils.ipynb"
SUBSET = [
    *sorted((CORPUS / "parish").glob("stokeferry-*.txt")),
    *sorted((CORPUS / "seeds").glob("000_*.txt")),
    *sorted((CORPUS / "seeds").glob("003_*.txt")),
    CORPUS / "built" / "rotherham-ilsc-2017.docx",
    CORPUS / "built" / "towerhamlets-osc-2018-12-17.html",
]


def _runs_this_python(argv: list[str]) -> bool:
    """Whether a kernelspec's command starts this interpreter (jupyter_client maps a bare 'python' to sys.executable)."""
    major, minor = sys.version_info[:2]
    if argv and argv[0] in ("python", f"python{major}", f"python{major}.{minor}"):
        return True
    return bool(argv) and Path(argv[0]).resolve() == Path(sys.executable).resolve()


def _python3_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The 'python3' kernel, on this interpreter: a spec written to a temp JUPYTER_PATH when none fits."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
        if _runs_this_python(spec.argv):
            return "python3"
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    prefix = tmp_path / "jupyter"
    install(prefix=str(prefix), kernel_name="python3")
    monkeypatch.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
    assert _runs_this_python(KernelSpecManager().get_kernel_spec("python3").argv)
    return "python3"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four Stoke Ferry meetings, two Thurrock seeds and two built documents (DOCX, HTML), ingested through the library."""
    db = tmp_path_factory.mktemp("nb") / "scrutiny.db"
    conn = store.connect(db)
    try:
        summary = store.ingest(conn, SUBSET, manifest=load_manifest(CORPUS / "MANIFEST.csv"), progress=False)
    finally:
        conn.close()
    assert summary.outcomes["new"] == len(SUBSET) == 8, summary
    assert not summary.failures and summary.followups is None
    return db


def _outputs(nb) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def _text(out: dict) -> str:
    if "text" in out:
        return out["text"]
    data = out.get("data", {})
    return data.get("text/plain", "") + data.get("text/html", "")


def test_committed_notebook_is_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
    assert nb.cells[0].cell_type == "markdown"
    assert "SCRUTINY_DB" in "".join(c.source for c in code)


def test_notebook_runs_on_small_database(small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    kernel = _python3_kernel(tmp_path, monkeypatch)
    monkeypatch.setenv("SCRUTINY_DB", str(small_db))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel, timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell

    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error"]
    text = "\n".join(_text(o) for o in outputs)
    assert f"database: {small_db.resolve()}" in text      # the given database was read, none built
    assert "built " not in text
    for council in ("Stoke Ferry Parish Council", "Rotherham", "Tower Hamlets", "Thurrock"):
        assert council in text
    for column in ("answer_rate", "followup_rate", "resolved", "outstanding", "percent"):
        assert column in text
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 4  # meetings, follow-up shares, top measures, money
