"""The rule files in ``models/``: loaded in one place."""
from __future__ import annotations

from typing import Any

from .config import load_model_file


def load(name: str) -> Any:
    """The data of rule file ``name`` (a path below ``models/``)."""
    return load_model_file(name)
