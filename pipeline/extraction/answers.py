"""Answers: not yet implemented."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("scrutiny_answers")
def find_answers(doc: Doc) -> Doc:
    return doc
