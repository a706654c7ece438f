"""Resolutions: not yet implemented."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("scrutiny_resolutions")
def find_resolutions(doc: Doc) -> Doc:
    return doc
