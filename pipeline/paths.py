"""File paths as users see them and as the database keys them.

Real folders hold names that are not UTF-8, symbolic links that loop and
names with glob characters; none of them may stop a batch.  One place
decides how such a path is printed and stored.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Union

PathLike = Union[str, Path]


def display_name(path: PathLike) -> str:
    """A path as text that can always be printed and stored: bytes of a file name that are not valid
    UTF-8 become U+FFFD rather than failing every later step (a backslash escape would read as a
    folder separator on Windows-style paths)."""
    return os.fsencode(str(path)).decode("utf-8", errors="replace")


def path_key(path: PathLike) -> str:
    """The absolute path a document is stored under.  Symbolic links are resolved where they can be;
    a link that loops keeps its own absolute name instead of raising."""
    p = Path(path)
    try:
        p = p.resolve()
    except (OSError, RuntimeError):  # RuntimeError: 'Symlink loop' (Python < 3.13)
        p = Path(os.path.abspath(p))
    return display_name(p)
