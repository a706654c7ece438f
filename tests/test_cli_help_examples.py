"""Every example in every ``--help`` runs and returns results on the bundled corpus.

A help example that prints nothing teaches a new user that the tool is
broken; this test reads the examples out of the help text itself, so a
new or changed example is checked without editing the test.  Files the
examples write (``outputs/...``) go to a temporary folder instead.
"""
from __future__ import annotations

import json
import re
import shlex
import shutil
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

from .conftest import ROOT, free_port, serving

EXAMPLE = re.compile(r"^\s+(scrutiny \S.*)$")


def help_text(*command: str) -> str:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    return result.output


def examples() -> list[tuple[str, str]]:
    """(command, example line) for every example line of the group's and every command's help."""
    helps = [("scrutiny", help_text())] + [(name, help_text(name)) for name in sorted(main.commands)]
    return [(name, m.group(1)) for name, text in helps for m in map(EXAMPLE.match, text.splitlines()) if m]


EXAMPLES = examples()


def test_every_command_has_an_example():
    assert {name for name, _ in EXAMPLES} == set(main.commands) | {"scrutiny"}


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_registered_command_has_help_with_an_example(name):
    """Over ``main.commands`` itself, so a command added (or lost) is checked without editing this test."""
    text = help_text(name)
    assert text.startswith(f"Usage: main {name} ") or text.startswith(f"Usage: scrutiny {name} "), text[:80]
    assert re.search(r"Examples?:\n +scrutiny " + name + " ", text), text
    assert main.commands[name].help.split("\n")[0].strip()[:30] in " ".join(text.split())


def localise(argv: list[str], tmp: Path, db: Path) -> list[str]:
    """The example's arguments with outputs/ moved to ``tmp`` and the database the corpus copy."""
    out = []
    for arg in argv:
        if arg == "outputs/scrutiny.db":
            arg = str(db)
        elif arg.startswith("outputs/"):
            arg = str(tmp / arg.removeprefix("outputs/"))
        out.append(arg)
    return out


def run_serve(argv: list[str]) -> str:
    """Start the serve example on a free port, fetch its records as JSON, stop it."""
    port = free_port()
    argv = [str(port) if prev == "--port" else a for prev, a in zip([None, *argv], argv)]
    if "--port" not in argv:
        argv += ["--port", str(port)]
    with serving(argv[1:], port) as base:
        with urllib.request.urlopen(f"{base}/scrutiny/records.json?_shape=array", timeout=10) as r:
            return r.read().decode()


@pytest.mark.parametrize("name,example", EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_help_example_returns_results_on_the_corpus(corpus_db, tmp_path, monkeypatch, name, example):
    db = tmp_path / "scrutiny.db"
    shutil.copy(corpus_db, db)
    monkeypatch.chdir(ROOT)
    argv = localise(shlex.split(example)[1:], tmp_path, db)
    if argv[0] == "serve":
        assert json.loads(run_serve(argv))
        return
    result = CliRunner(env={"SCRUTINY_DB": str(db)}).invoke(main, argv)
    assert result.exit_code == 0, (example, result.output)
    out = result.stdout
    assert "(no results)" not in out and "no records" not in result.stderr, example
    if argv[0] == "export" or "--out" in argv and "-" not in argv:
        written = [p for p in tmp_path.rglob("*") if p.is_file() and p != db and p.stat().st_size > 0]
        assert written, example
    else:
        assert out.strip(), example
    if "--format" in argv and argv[argv.index("--format") + 1] == "json":
        assert json.loads(out), example
