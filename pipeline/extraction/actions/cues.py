"""Action cues: does a clause state something someone must do, and where does the cue sit?

Regular expressions from ``models/patterns/actions.json`` and token rules
over tags: modal commitments with a person as subject ("the Clerk will
report this"), action-column infinitives ("The Clerk to contact NALC"),
that-clause decisions ("proposed that Cllr X make contact with ..."),
imperatives in correspondence lines ("- arrange for her to attend").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from spacy.tokens import Span

from ...dates import month_names
from ...rules import load as load_rules, with_word_lists
from ..common import can_be_verb, in_dictionary, lemma
from ..discourse import FINITE
from ..people import MEMBER_ROLES, ents_within


@dataclass(frozen=True)
class Cue:
    """A clause cue of actions.json, with the attributes that change how it counts (``_cue_attributes`` there)."""

    name: str
    pattern: re.Pattern
    any_speaker: bool = False
    needs_mandative: bool = False
    needs_verb_of_doing: bool = False
    not_in_decision: bool = False
    subject_is_matter: bool = False

    def search(self, text: str) -> Optional[re.Match]:
        return self.pattern.search(text)


def _cue(c: dict) -> Cue:
    regex = with_word_lists("patterns/actions.json", c["regex"])  # "{asking_verbs}": that word list of the file
    return Cue(c["name"], re.compile(regex, 0 if c.get("case_sensitive") else re.I),
               **{a: bool(c.get(a)) for a in ("any_speaker", "needs_mandative", "needs_verb_of_doing", "not_in_decision",
                                               "subject_is_matter")})


@lru_cache(maxsize=1)
def _patterns() -> dict[str, list]:
    data = load_rules("patterns/actions.json")
    out: dict[str, list] = {}
    for kind in ("commitment", "request"):
        out[kind] = [_cue(c) for c in data[kind]]
    # {months}: every month as pipeline.dates names them (one month list)
    out["due"] = [("due", re.compile(r"\b" + d.replace("{months}", month_names()) + r"\b", re.I)) for d in data["due"]]
    out["not"] = [("not", re.compile(x, re.I)) for x in data["not_actions"]]
    return out


@lru_cache(maxsize=1)
def _verbs() -> tuple[frozenset, frozenset, frozenset]:
    """(verbs of doing, verbs of decisions that take effect at once, nouns that name who acts)."""
    data = load_rules("patterns/actions.json")
    return frozenset(data["action_verbs"]), frozenset(data["immediate_verbs"]), frozenset(data["people_nouns"])


def people_nouns() -> frozenset:
    """Nouns that name who acts ("clerk", "councillors", "department")."""
    return _verbs()[2]


@lru_cache(maxsize=1)
def _not_action_verbs() -> frozenset:
    return frozenset(load_rules("patterns/actions.json")["not_action_verbs"])


def does_something(verb) -> bool:
    """Is this verb something someone can go and do?  Any verb but those of views, states and consequences
    (``not_action_verbs``), so that "will repaint", "would sort out", "to obtain" need no list."""
    return verb.pos_ in ("VERB", "AUX") and lemma(verb) not in _not_action_verbs() and lemma(verb) not in _verbs()[1]


def is_verb_of_doing(verb) -> bool:
    """A listed verb of doing (``action_verbs``), or any verb the tagger sees that is not one of views and states."""
    return lemma(verb) in _verbs()[0] or does_something(verb)


def agent_before(span: Span, i: int) -> bool:
    """Does the noun phrase ending just before token ``i`` name someone who can act?

    A person, post or body the entity ruler or the name finder knows, a
    noun that names who acts ("clerk", "councillors", "department",
    "inspector": ``people_nouns``, so "The Parks Department" and "C.C.C.
    Highways Department inspector" qualify by their head), or initials in
    capitals ("LD", "TA").  A proper noun alone is not enough: "the
    Devolution Programme would offer" and "Kent would miss out" name no one.
    """
    if i <= span.start:
        return False
    prev = span.doc[i - 1]
    if prev.text == "," and i - 1 > span.start:  # "Cllr Paterson, to look into ..."
        prev = span.doc[i - 2]
    if prev.lower_ in SUBJECT_PRONOUNS:
        return True
    if prev.lower_ in ("it", "this", "that", "there", "which", "these", "those", "what"):
        return False
    if named_before(span, i, services=True) or prev.ent_type_ in PERSON_LABELS:
        return True
    if prev.lower_ in _verbs()[2] or prev.lower_.rstrip("s") in _verbs()[2]:
        return True
    return initials(prev) or _bare_name(span, prev)


def _bare_name(span: Span, token) -> bool:
    """"Sean will send ...", "Carole to liaise with ...": a lone proper noun opening the clause, with no
    determiner or other name before it and no dictionary meaning, is someone called by name.
    ("the Devolution Programme would offer" has both; "Funding to support ..." is a noun.)"""
    if token.tag_ != "NNP" or not token.is_title or in_dictionary(token):
        return False
    before = span.doc[token.i - 1] if token.i > span.start else None
    return before is None or before.is_punct and before.text in (",", ";", ":", "-", "–")


def initials(token) -> bool:
    """A member's initials in an action column ("LD to obtain quotes"), whatever the tagger made of them."""
    return token.is_upper and token.is_alpha and 2 <= len(token.text) <= 4


def infinitive_action(span: Span) -> Optional[int]:
    """Action-column style: "The Clerk to contact NALC", "Cllr Bivon to make contact", "PC to co-opt",
    "Copies of emails also to be forwarded to ...".

    A clause with no finite verb before a "to" + base verb.  In the active,
    what stands before "to" must name people (a person, post or body, or a
    word like "councillors"): "The promotion of technology to reduce road
    closure times" is a purpose, not an action.  Returns the offset of "to".
    """
    blocked = False  # a finite verb or a non-noun word since the clause began
    clause_start = span.start
    for t in span:
        if t.text in (":", ";", "–", "—") or (t.text == "-" and t.whitespace_ and t.i > span.start
                                               and t.doc[t.i - 1].whitespace_):
            blocked, clause_start = False, t.i + 1  # "... was not working: Clerk to report to C.C.C."
            continue
        if blocked:
            continue
        if t.tag_ in FINITE:
            blocked = True
            continue
        if t.pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "CCONJ", "PUNCT", "NUM", "PRON", "ADP", "PART", "SPACE", "SYM") and t.lower_ not in ("to", "also", "be") and t.tag_ not in ("VBG", "VBN") and not initials(t):
            blocked = True  # only a noun phrase may stand before "to": "The Clerk to contact ..."
            continue
        if t.lower_ != "to" or t.i == clause_start or t.i + 1 >= span.end or not _infinitive_verb(t.doc[t.i + 1]):
            continue
        before = t.doc[t.i - 1]
        if before.lower_ == "also" and t.i - 1 > span.start:
            before = t.doc[t.i - 2]
        passive_participle = before.tag_ == "VBN" and before.i > 0 and t.doc[before.i - 1].lower_ in ("be", "been", "being")
        if before.lower_ in ("able", "need", "order", "as") or not (before.pos_ in ("NOUN", "PROPN", "PRON") or passive_participle
                                                                     or initials(before)):
            continue  # "in order to", "so as to"
        if _main_verb_follows(span, t.i):
            return None  # "The Panels, ... preparing people to live independently, were ...": a sentence, not an action line
        after = t.doc[t.i + 1]
        if _after_for(t.doc, clause_start, t.i):
            continue  # "a suitable time for care leavers to be accommodated": a for-to complement, not an action line
        if after.lower_ == "be":  # "Copies of emails also to be forwarded", "to be reported to police"
            if t.i + 2 < span.end and t.doc[t.i + 2].tag_ == "VBN" and is_verb_of_doing(t.doc[t.i + 2]):
                return t.idx
            continue  # "Those wishing to be involved to get together": look on
        if _names_people(span.doc[clause_start:span.end], t.i):
            return t.idx
    return None


def _infinitive_verb(token) -> bool:
    """The verb after an infinitive "to": tagged so, or a word the tagger read as a noun that the dictionary has
    as a verb ("Mr Bellsham to contact Highways": *contact*/NN), when no determiner makes it a noun phrase."""
    if token.text[:1].isupper() or any(c.isdigit() for c in token.text):
        return False  # "road closure U4038 Brodawel Penybanc to U4014 Castell Howell": a place, not a verb
    return token.tag_ == "VB" or (token.tag_ == "NN" and token.is_lower and can_be_verb(token))


def _after_for(doc, clause_start: int, to_i: int) -> bool:
    """Is the noun phrase before "to" the object of "for" ("for the report to be ...")?"""
    j = to_i - 1
    while j > clause_start and doc[j].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM", "PRON"):
        j -= 1
    return doc[j].lower_ == "for" and j < to_i - 1


def _names_people(span: Span, to_i: int) -> bool:
    """Does the stretch before "to" name who must act (a person, post, body, "councillors", initials)?
    Only its last part after a comma counts: "... Police and Crime Commissioner November newsletter,
    Discover Carmarthenshire website to advertise events" names a website, not who acts."""
    start = span.start
    for t in span.doc[span.start:to_i]:
        if t.text == "," and t.i < to_i - 1:
            start = t.i + 1
    before = span.doc[start:to_i]
    if any(e.label_ in PERSON_LABELS for e in ents_within(before)):
        return True
    return any(t.lower_ in _verbs()[2] for t in before) or agent_before(span, to_i)


SUBJECT_PRONOUNS = {"he", "she", "they", "we", "i"}


PERSON_LABELS = {"PERSON", "MEMBER", "CHAIR", "VICE_CHAIR", "CO_OPTED", "COMMITTEE", "OFFICER", "CABINET", "PARTNER",
                 "SERVICE"}


SUBORDINATORS = {"if", "that", "whether", "when", "which", "who", "where", "because", "so", "as", "once", "until"}


def _main_verb_follows(span: Span, to_i: int) -> bool:
    """Does a finite verb follow "to ..." in the same clause other than inside a subordinate clause?"""
    verbs = 0
    for t in span.doc[to_i + 1:span.end]:
        if t.lower_ in SUBORDINATORS or t.tag_ in ("WDT", "WP"):
            return False
        if t.tag_ == "VB":
            verbs += 1
            if verbs > 1:
                return False  # "to contact Highways again and request this is given attention": a second verb's clause
        if t.tag_ in FINITE:
            # "The Clerk to write to them also contact the Borough Council": a second infinitive, not a main verb
            return span.doc[t.i - 1].lower_ not in ("also", "and", "then", "or")
    return False


def modal_commitment(span: Span, speaker_role: Optional[str]) -> Optional[int]:
    """A named person or post who "will"/"would" do something: "The Clerk will make arrangements"."""
    for t in span:
        coordinated = t.i > span.start and span.doc[t.i - 1].lower_ in ("but", "and") and speaker_role is not None
        if t.lower_ in ("will", "would", "shall") and t.i + 1 < span.end and (agent_before(span, t.i) or coordinated) \
                and not _indirect_question(span, t.i):
            nxt = span.doc[t.i + 1]
            if nxt.text == ",":  # "officers would, subject to the decision taken by Cabinet, create ..."
                closing = next((x for x in span.doc[t.i + 2:span.end] if x.text == ","), None)
                if closing is None or closing.i + 1 >= span.end:
                    continue
                nxt = span.doc[closing.i + 1]
            if nxt.lower_ in ("also", "now", "then", "again", "personally") and t.i + 2 < span.end:
                nxt = span.doc[t.i + 2]
            if nxt.lower_ == "be" and nxt.i + 1 < span.end and span.doc[nxt.i + 1].tag_ == "VBG":
                nxt = span.doc[nxt.i + 1]  # "she would be sending them the paperwork"
            elif nxt.lower_ == "like" and nxt.i + 2 < span.end and span.doc[nxt.i + 1].lower_ == "to":
                nxt = span.doc[nxt.i + 2]  # "He would like to put in a managing committee"
            if nxt.tag_ in ("VB", "VBG") and is_verb_of_doing(nxt):
                return t.idx
        if t.lower_ in ("will", "shall") and t.i + 2 < span.end and span.doc[t.i + 1].lower_ == "be" \
                and span.doc[t.i + 2].tag_ == "VBN" and does_something(span.doc[t.i + 2]) \
                and not _conditional_before(span, t.i):
            return t.idx  # "Advice will be sought from the drainage engineer": a passive future undertaking
        # "Cllr. O. Williams was enquiring about local website designers": someone named, at work on it now
        if t.lower_ in ("is", "was", "are", "were") and t.i + 1 < span.end and span.doc[t.i + 1].tag_ == "VBG" \
                and does_something(span.doc[t.i + 1]) and lemma(span.doc[t.i + 1]) != "do" and named_before(span, t.i):
            return t.idx
        # "The Seat is also still to be repaired": a passive duty still to do
        if t.lower_ in ("is", "are") and _still_to_be_done(span, t.i):
            return t.idx
        # "Councillor Richardson is to order scalpings", "Councillors are to check": an arranged duty
        if t.lower_ in ("is", "are") and t.i + 2 < span.end and span.doc[t.i + 1].lower_ == "to" \
                and span.doc[t.i + 2].tag_ == "VB" and does_something(span.doc[t.i + 2]) \
                and _agent_of_copula(span, t.i):
            return t.idx
    return None


def named_before(span: Span, i: int, services: bool = False) -> bool:
    """Is a person or post the entity ruler or the name finder knows named right before token ``i``?  A
    council service ("Highways") counts only with ``services``: "the service was doing well" names no one at
    work on a thing."""
    return any(e.end == i and e.label_ in PERSON_LABELS and (services or e.label_ != "SERVICE") for e in ents_within(span))


def _still_to_be_done(span: Span, i: int) -> bool:
    """"is (also) still to be repaired": "is" + "still"/"yet" + "to be" + a participle of doing, in a main clause
    whose subject opens the clause ("explained the way things are to be done" is an object's clause)."""
    k = i - 1
    while k > span.start and span.doc[k - 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET", "NUM"):
        k -= 1
    if k > span.start and not (span.doc[k - 1].is_punct or span.doc[k - 1].pos_ == "CCONJ"):
        return False
    j = i + 1
    while j < span.end and span.doc[j].pos_ == "ADV":
        j += 1
    if not any(t.lower_ in ("still", "yet") for t in span.doc[i + 1:j]):
        return False  # "the way things are to be done": only "still/yet to be" says it is outstanding
    return (j + 2 < span.end and span.doc[j].lower_ == "to" and span.doc[j + 1].lower_ == "be"
            and span.doc[j + 2].tag_ == "VBN" and does_something(span.doc[j + 2]))


def _verb_of_doing_at(span: Span, offset: int) -> bool:
    """Is the word ending at ``offset`` of the clause's text a verb someone can go and do ("offered to
    repaint", "undertook to sort out"), by the listed verbs or by the tagger?"""
    tok = span.doc.char_span(span.start_char + offset, span.start_char + offset + 1, alignment_mode="expand")
    if tok is None:
        return False
    verb = tok[0]
    return lemma(verb) in _verbs()[0] or verb.lower_ in _verbs()[0] or (verb.tag_ == "VB" and does_something(verb))


def _indirect_question(span: Span, i: int) -> bool:
    """"to ascertain when the Highways will be attending", "asked whether he would write": the subject before
    token ``i`` opens a question or condition someone else puts, so no one undertakes anything."""
    k = i - 1
    while k > span.start and span.doc[k].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON") and span.doc[k].lower_ not in WH_WORDS:
        k -= 1
    return span.doc[k].lower_ in WH_WORDS


WH_WORDS = ("when", "whether", "if", "how", "why", "where", "what")


def _conditional_before(span: Span, i: int) -> bool:
    """'If the grant is approved, work will be started': the future depends on something else."""
    return any(t.lower_ in ("if", "unless", "whether", "once", "when") for t in span.doc[span.start:i])


def _agent_of_copula(span: Span, i: int) -> bool:
    """The subject before "is to": the agent itself, or the name before an apposition ("Alan Armstrong, EDC, is to")."""
    if agent_before(span, i):
        return True
    j = i - 1
    if span.doc[j].text == ",":
        while j > span.start and span.doc[j - 1].text != ",":
            j -= 1
        return j - 1 > span.start and agent_before(span, j - 1)
    return False


def find_due(text: str) -> Optional[str]:
    hits = [m for _, p in _patterns()["due"] for m in p.finditer(text)]
    if not hits:
        return None
    best = min(hits, key=lambda m: (m.start(), -len(m.group(0))))
    return best.group(0).strip()


@lru_cache(maxsize=1)
def _mandative_cue() -> re.Pattern:
    """'proposed that', 'will move at the next meeting that' (``mandative_verbs`` in actions.json).  Without
    "that" the clause may follow at once ("It was suggested contact be made"), but never an infinitive:
    "agreed to look into it and report back" is an offer, not a decision that someone report."""
    verbs = "|".join(load_rules("patterns/actions.json")["mandative_verbs"])
    return re.compile(r"\b(?:" + verbs + r"|(?:will|shall|to)\s+move(?:\s+at\s+the\s+next\s+meeting)?)\s+(?:that\s+|(?!to\s))",
                      re.I)
MOTION_CUE = re.compile(r"\b(?:will|shall|to)\s+move\b", re.I)


def mandative_clauses(span: Span) -> list[tuple[int, int, Optional[str]]]:
    """"proposed that Cllr X make contact with ...", "It was suggested contact be made with ...":
    a decision that someone do something.  Returns (start, end, owner) of each that-clause that asks
    for something to be done ("agreed that the £100 fee be paid and that Mr Davies be asked to ...":
    two).

    The clause must carry a subjunctive (a base-form verb after its subject,
    "be" + participle, or "should"); decisions that take effect at once
    ("be accepted", "be adopted", "be approved") are resolutions, not actions.
    """
    text = span.text
    # "It was proposed by Cllr A, seconded by Cllr B and agreed that ...": the mover's "by" starts no clause;
    # "twelve approved adopters": a participle after a determiner, number or adjective describes a noun
    m = next((c for c in _mandative_cue().finditer(text) if not re.match(r"by\b", text[c.end():])
              and not _attributive(span, span.start_char + c.start())), None)
    if not m:
        return []
    start = span.start_char + m.end()
    clause = span.doc.char_span(start, span.end_char, alignment_mode="contract")
    if clause is None or len(clause) < 3:
        return []
    cut = re.search(r",\s*(?:seconded|proposed|all\s|unanimously|this was|carried)", clause.text, re.I)
    end = clause.start_char + cut.start() if cut else clause.end_char
    motion = bool(MOTION_CUE.search(m.group(0)))  # a motion's text may ask for anything to be done
    that = m.group(0).rstrip().lower().endswith("that")  # "RESOLVED that the Clerk writes": indicative after "that"
    found = []
    for part in re.split(r",?\s+and\s+(?:also\s+)?that\s+", span.doc._.text[start:end]):
        part_start = span.doc._.text.index(part, start)
        start = part_start + len(part)
        one = _mandative_part(span.doc.char_span(part_start, start, alignment_mode="contract"), motion, that)
        if one is not None:
            found.append(one)
    return found


def _attributive(span: Span, at: int) -> bool:
    """Is the word at ``at`` a participle used as an adjective, after a determiner, number or adjective?"""
    word = span.doc.char_span(at, at + 1, alignment_mode="expand")
    i = word.start if word is not None else 0
    return i > 0 and span.doc[i - 1].pos_ in ("DET", "NUM", "ADJ")


def _mandative_part(clause: Optional[Span], motion: bool, that: bool) -> Optional[tuple[int, int, Optional[str]]]:
    """(start, end, owner) of one that-clause when its subjunctive asks for something to be done: a listed
    verb of doing or, in a motion or after "be", any verb of doing the tagger sees ("be put forward")."""
    if clause is None or len(clause) < 2:
        return None
    actions, immediate, _people = _verbs()
    for i, t in enumerate(clause):
        subjunctive = (t.tag_ in ("VB", "VBP") and i > 0 and (lemma(t) in actions | {"be"} or motion and does_something(t))
                       and clause[i - 1].lower_ not in ("to", "will", "would", "could", "can", "may", "might", "shall",
                                                        "they", "we", "you", "i")) or _verb_read_as_noun(clause, i) \
            or that and _indicative_mandate(clause, i)
        if t.lower_ in ("should", "must") or subjunctive:
            k = i
            if clause[k].lower_ in ("should", "must") and k + 1 < len(clause):
                k += 1
            while clause[k].pos_ == "ADV" and k + 1 < len(clause):  # "should now be discussed"
                k += 1
            passive = clause[k].lower_ == "be" and k + 1 < len(clause)
            if passive:
                k += 1
            verb = clause[k]
            if lemma(verb) in immediate or verb.lower_ in immediate:
                return None
            if lemma(verb) in actions or motion and (does_something(verb) or (
                    _verb_read_as_noun(clause, k) and verb.lower_ not in _not_action_verbs())):
                subject = clause.doc._.text[clause.start_char:t.idx].strip()
                if passive and not (k + 1 < len(clause) and clause[k + 1].lower_ == "to"):
                    subject = ""  # "Cllr A. Thomas' name be put forward": the subject is what is acted on
                return clause.start_char, clause.end_char, subject or None
            return None
        if t.tag_ in FINITE:
            return None
    return None


def _indicative_mandate(clause: Span, i: int) -> bool:
    """"RESOLVED that the Clerk writes to the County Council": many clerks put the mandate in the indicative.
    Only after "that", and only a verb of doing right after a person or post ("the Clerk writes"), so "that
    the report provides a basis" or "that the County Council makes comments" stay statements."""
    t = clause[i]
    if t.tag_ != "VBZ" or i == 0 or lemma(t) not in _verbs()[0]:
        return False
    before = clause[i - 1]
    return before.ent_type_ in PERSON_LABELS - {"COMMITTEE", "SERVICE"}


def _verb_read_as_noun(clause: Span, i: int) -> bool:
    """"that the Council resurface the car park": a noun right after the subject's noun and right before a
    determiner cannot head a noun phrase there; if the word can be a verb, it is the clause's verb."""
    t = clause[i]
    return (t.tag_ == "NN" and t.is_lower and 0 < i < len(clause) - 1 and clause[i - 1].tag_ in ("NNP", "NNPS", "NN", "NNS")
            and clause[i + 1].tag_ in ("DT", "PDT", "PRP$") and can_be_verb(t))


def _mandative(that_clause: str) -> bool:
    """"suggested that X be forwarded / should include": asks for something to be done,
    unlike "suggested that X were different" or "that Kent should not have ..."."""
    words = re.findall(r"[a-z-]+", that_clause[:160].lower())
    if not any(w in ("be", "should", "could", "would", "must", "need", "needs") or w in _verbs()[0] for w in words):
        return False
    return any(w in _verbs()[0] or (w.endswith("ed") and i and words[i - 1] == "be") for i, w in enumerate(words))


# A cue whose clause opens with "as"/"because"/"since" gives the reason for something else.
REASON_CLAUSE = re.compile(r"\b(?:as|because|since)\s+(?!soon\b|well\b|part\b|such\b|a result\b|of\b)(?:[\w'’-]+\s+){1,5}$",
                           re.I)


@lru_cache(maxsize=1)
def matter_cue_rules() -> frozenset:
    """The rules of cues whose subject is the matter in hand, not who acts (``subject_is_matter``)."""
    return frozenset(f"action.{c.name}" for kind in ("commitment", "request") for c in _patterns()[kind]
                     if c.subject_is_matter)


@lru_cache(maxsize=1)
def decision_cue_rules() -> frozenset:
    """The rules of cues that, inside a resolution, are the decision itself or its debate (``not_in_decision``)."""
    return frozenset(f"action.{c.name}" for kind in ("commitment", "request") for c in _patterns()[kind] if c.not_in_decision)


def is_not_action(text: str) -> bool:
    """Things done within the meeting or said as courtesy ("later in the meeting", "would like to thank")."""
    return any(p.search(text) for _, p in _patterns()["not"])


def classify(span: Span, speaker_role: Optional[str]) -> Optional[tuple[str, str, int]]:
    """(kind, rule, offset of the cue) for a clause that states an action, else None."""
    text = span.text
    if is_not_action(text):
        return None
    for cue in _patterns()["request"]:
        m = cue.search(text)
        if m and (speaker_role in MEMBER_ROLES or speaker_role is None or cue.any_speaker):
            if cue.needs_mandative and not _mandative(text[m.end() - 1:]):
                continue
            return "request", f"action.{cue.name}", m.start()
    for cue in _patterns()["commitment"]:
        m = cue.search(text)
        if m and cue.needs_verb_of_doing and not _verb_of_doing_at(span, m.end() - 1):
            continue  # "agreed to have due regard to": an undertaking needs a verb of doing
        if m and REASON_CLAUSE.search(text[:m.start()]):
            continue  # "..., as adult social care was to be included in their inspections": a reason given
        if m:
            return "commitment", f"action.{cue.name}", m.start()
    at = modal_commitment(span, speaker_role)
    if at is not None:
        return "commitment", "action.modal_commitment", at - span.start_char
    at = infinitive_action(span)
    if at is not None:
        return "commitment", "action.to_do", at - span.start_char
    at = imperative_after_dash(span)
    if at is not None:
        return "commitment", "action.imperative", at - span.start_char
    return None


def imperative_after_dash(span: Span) -> Optional[int]:
    """Correspondence lines: "Recycling Team - changes to collections - arrange for her to attend a meeting"."""
    for t in span[1:]:
        if (t.tag_ == "VB" and span.doc[t.i - 1].text in ("-", "–", "—") and lemma(t) in _verbs()[0]
                and not any(x.tag_ in FINITE for x in span.doc[t.i:span.end])):
            return t.idx
    return None
