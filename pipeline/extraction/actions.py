"""Actions: not yet implemented."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("scrutiny_actions")
def find_actions(doc: Doc) -> Doc:
    return doc
