"""The one error type users see: a file could not be read, and why."""
from __future__ import annotations


class ReadError(Exception):
    """A document could not be read.  ``str()`` is the one-line message users see."""

    def __init__(self, source: str, reason: str):
        self.source = str(source)
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")

    def __reduce__(self):  # so a worker process can send it back
        return (ReadError, (self.source, self.reason))
