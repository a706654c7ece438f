"""Person names from part-of-speech tags, in place of the statistical NER.

Minutes name people in a few plain shapes: "Janet Simon explained",
"Joanne Carpenter, Participation and Engagement Manager,", "Ms Coombs
offered", "PRESENT: Shellina Prendergast (Chair), Paul Bartlett".  A run of
two or three capitalised proper nouns (tagger: NNP), or a title and a
surname, finds them as well as the NER did on the corpus, for a tenth of
its cost (``benchmarks/extract_speed.py``).  Words that name bodies,
places and services ("Council", "Services", "Kent") are never part of a name.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..rules import load as load_rules, words as rule_words
from .common import rules_component


@lru_cache(maxsize=1)
def _not_name_words() -> tuple[frozenset, frozenset]:
    """(words never in a name, the same plus UK council place words).

    Place words ("Kent", "Bolton") are surnames too, so after a title
    ("Mr Bolton") only the first set applies.
    """
    words = frozenset(w.lower() for w in load_rules("patterns/names.json")["not_name_words"])
    places = {w.lower() for c in load_rules("councils.json")["councils"] for w in c["name"].split() if w[:1].isupper()}
    return words, words | places


@lru_cache(maxsize=1)
def _titles() -> frozenset:
    """Titles before a surname ("Ms Coombs", "Dr. Patel"), lower case, with and without a full stop: ``titles`` of
    titles.json.  Its ``member_titles`` ("Cllr") are the entity ruler's, whose MEMBER patterns give a role too."""
    return frozenset(f for t in rule_words("patterns/titles.json", "titles") for f in (t.lower(), t.lower() + "."))


def _namey(tok, stop: frozenset) -> bool:
    text = tok.text
    return (tok.tag_ == "NNP" and text[:1].isupper() and len(text) > 1 and not text.isupper()
            and text.replace("-", "").replace("'", "").replace("’", "").isalpha() and text.lower() not in stop)


def find_names(doc: Doc) -> Doc:
    after_title, stop = _not_name_words()
    titles = _titles()
    spans = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.lower_ in titles and i + 1 < n and _namey(doc[i + 1], after_title):
            j = i + 1
            while j < n and j - i <= 3 and (_namey(doc[j], after_title) or (doc[j].text == "-" and j + 1 < n and _namey(doc[j + 1], after_title))):
                j += 1
            spans.append(Span(doc, i, j, label="PERSON"))
            i = j
            continue
        if _namey(tok, stop):
            # a place word may end a name ("Roxanne Hills") but not start one ("Malvern Hills")
            j = i + 1
            while j < n and j - i < 3 and (_namey(doc[j], after_title) or (doc[j].text == "-" and j + 1 < n and _namey(doc[j + 1], after_title))):
                j += 1
            quoted = i > 0 and doc[i - 1].text in ("“", '"', "‘", "'")  # “Mocking Bird”, a scheme's name
            if j - i >= 2 and not quoted and (i == 0 or not _namey(doc[i - 1], stop)):
                spans.append(Span(doc, i, j, label="PERSON"))
            i = max(j, i + 1)
            continue
        i += 1
    doc.ents = filter_spans(spans)
    return doc


# PERSON entities from part-of-speech tags; ``rules`` lists the words never in a name.
make_names = rules_component("scrutiny_names", "patterns/names.json", find_names,
                              assigns=["doc.ents"], requires=["token.tag"])
