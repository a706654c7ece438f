"""Questions: not yet implemented."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("scrutiny_questions")
def find_questions(doc: Doc) -> Doc:
    return doc
