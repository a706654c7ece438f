"""Figures: not yet implemented."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("scrutiny_figures")
def find_figures(doc: Doc) -> Doc:
    return doc
