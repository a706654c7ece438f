"""The rule files in ``models/``: loaded, validated and overlaid in one place.

Every word list, phrase list, regular expression and token pattern the
extractor uses is data in ``models/`` (``config.models_dir()``).  Each file
is checked against :mod:`pipeline.rules_schema` when it is first loaded: a
misspelt key, a missing key, a word list that is not a list of strings or a
regular expression that does not compile stops the run with one
:class:`RulesError` naming the file and the key, before any document is read.

On top of the defaults a user may lay one or more overlay folders
(``--rules DIR`` on the commands that extract, or ``SCRUTINY_RULES``, several
separated by ``os.pathsep``).  An overlay mirrors the models folder
(``DIR/patterns/resolutions.json``) and holds only the keys it changes:

- a list gains the overlay's entries (lists of objects with a ``name``
  replace the entry of the same name);
- a map gains or replaces the overlay's keys;
- a single value (a regular expression, a number) is replaced.

A name that is not a folder is looked up among the council profiles in
``models/profiles/NAME/``.  Overlays are read once per process, so they are
chosen before the first document is extracted.
"""
from __future__ import annotations

import difflib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import config
from .rules_schema import PATTERN_WORD_LISTS, SCHEMA

ENV = "SCRUTINY_RULES"
PROFILES = "profiles"


class RulesError(ValueError):
    """A rule file that cannot be used: the message names the file and the key."""


def load(name: str) -> Any:
    """The data of rule file ``name`` (a path below ``models/``, as in :data:`SCHEMA`), defaults merged
    with the overlays, validated."""
    return _load(name, os.environ.get("SCRUTINY_MODELS", ""), os.environ.get(ENV, ""))


def words(name: str, key: str) -> frozenset:
    """The word list ``key`` of rule file ``name`` as a set (loaded once, like the file)."""
    return _word_set(name, key, os.environ.get("SCRUTINY_MODELS", ""), os.environ.get(ENV, ""))


def alternation(name: str, *keys: str, space: str = r"\s+") -> str:
    """The word lists ``keys`` of rule file ``name`` as one regular-expression alternation: each word escaped,
    the words of a phrase joined by ``space``, the longest first (so that "Mrs" is tried before "Mr")."""
    data = load(name)
    found = dict.fromkeys(w for key in keys for w in data[key])
    return "|".join(space.join(map(re.escape, w.split())) for w in sorted(found, key=len, reverse=True))


WORD_LIST_REF = re.compile(r"\{([a-z_]+)\}")
"""``{asking_verbs}`` in a cue's regex: a word list of the same file (checked when the file is loaded)."""


def with_word_lists(name: str, regex: str) -> str:
    """A cue's regex with each ``{list}`` it names replaced by that word list of rule file ``name``, as
    alternatives, so that one list serves the cue and the Python that reads the same words."""
    return WORD_LIST_REF.sub(lambda m: "(?:" + alternation(name, m.group(1)) + ")", regex)


def titles() -> str:
    """Every title written before a person's name (``models/patterns/titles.json``) as a regex alternation."""
    return alternation("patterns/titles.json", "member_titles", "titles")


@lru_cache(maxsize=None)
def _word_set(name: str, key: str, models: str, overlays: str) -> frozenset:
    return frozenset(_load(name, models, overlays)[key])


def check_all() -> None:
    """Load and validate every rule file and every overlay file, so a bad one fails at once (one line)."""
    for name in SCHEMA:
        load(name)
    for folder in overlay_dirs():
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file()):
            name = path.relative_to(folder).as_posix()
            if name not in SCHEMA:
                raise RulesError(f"{path}: not a rule file{_suggest(name, SCHEMA)} (rule files: {', '.join(SCHEMA)})")


def overlay_dirs() -> list[Path]:
    """The overlay folders named by ``SCRUTINY_RULES``, in the order they apply."""
    return list(_overlay_dirs(os.environ.get(ENV, ""), os.environ.get("SCRUTINY_MODELS", "")))


@lru_cache(maxsize=8)
def _overlay_dirs(value: str, _models: str) -> tuple[Path, ...]:
    out = []
    for entry in (e for e in value.split(os.pathsep) if e.strip()):
        folder = Path(entry).expanduser()
        if not folder.is_dir():
            profile = config.models_dir() / PROFILES / entry
            if not profile.is_dir():
                raise RulesError(f"rules overlay {entry!r} (--rules, {ENV}) is neither a folder nor a profile in "
                                 f"{config.models_dir() / PROFILES}")
            folder = profile
        out.append(folder)
    return tuple(out)


@lru_cache(maxsize=None)
def _load(name: str, _models: str, overlays: str) -> Any:
    if name not in SCHEMA:
        raise RulesError(f"{name}: not a rule file{_suggest(name, SCHEMA)}")
    path = config.models_dir() / name
    if not path.exists():
        raise RulesError(f"{path}: rule file missing (set SCRUTINY_MODELS to the models folder)")
    data = _validated(path, _with_pattern_lists(name, path, _read(path)), partial=False)
    for folder in _overlay_dirs(overlays, _models):
        extra = folder / name
        if extra.exists():
            data = _merge(name, data, _validated(extra, _with_pattern_lists(name, extra, _read(extra)), partial=True))
    if name == PATTERN_WORD_LISTS:
        _check_written_short(path, data)
    return data


PATTERN_LIST_REF = re.compile(r"\{[a-z_]+(?:\|[a-z_]+)*\}")
"""``"{member_titles|titles}"`` as the value of a token pattern's IN: word lists of titles.json."""


def _with_pattern_lists(name: str, path: Path, rows: Any) -> Any:
    """Entity-ruler rows with each ``"IN": "{member_titles|titles}"`` replaced by those word lists of
    titles.json, lower case (the rows match on LOWER), each also with a full stop ("cllr.", "mr.": one token,
    see :func:`title_tokens`, as spaCy keeps "Mr."): the people patterns spell no title of their own.  ``path`` is
    the file the rows come from (the models folder's or an overlay's), which an unknown list names."""
    if SCHEMA[name] != "entity_patterns" or not isinstance(rows, list):
        return rows
    lists = load(PATTERN_WORD_LISTS)

    def forms(ref: str) -> list[str]:
        out: dict[str, None] = {}
        for key in ref.split("|"):
            if key not in lists or _is_note(key):
                raise RulesError(f"{path}: {{{ref}}}: {key!r} is no word list of {PATTERN_WORD_LISTS}")
            for w in lists[key]:
                out.update(dict.fromkeys([w.lower(), w.lower() + "."]))
        return list(out)

    def expand(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (forms(v[1:-1]) if k in ("IN", "NOT_IN") and isinstance(v, str) and PATTERN_LIST_REF.fullmatch(v)
                        else expand(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [expand(v) for v in value]
        return value

    return [expand(row) for row in rows]


def _check_written_short(path: Path, data: dict) -> None:
    """Every title written short is one of the titles: the tokenizer keeps it whole, the rules must know it."""
    known = {w.lower() for key in ("member_titles", "titles", "member_qualifiers") for w in data[key]}
    for w in data["written_short"]:
        if w.lower() not in known:
            _fail(path, "written_short", f"{w!r} is in no list of titles")


def title_tokens() -> list[str]:
    """The titles written cut short with their full stop ("Cllr.", "Coun."), which the tokenizer keeps whole."""
    return [f"{w}." for w in load(PATTERN_WORD_LISTS)["written_short"]]


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise RulesError(f"{path}: cannot be read ({e})") from None
    if path.suffix == ".jsonl":
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip() and not line.startswith("//"):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise RulesError(f"{path}: line {n}: not JSON ({e.msg})") from None
        return rows
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise RulesError(f"{path}: not JSON ({e.msg} at line {e.lineno})") from None


def _is_note(key: str) -> bool:
    return key.startswith("_") or key == "description"


def _validated(path: Path, data: Any, partial: bool) -> Any:
    """``data`` itself, once every key is known and every value of the kind the schema gives."""
    spec = SCHEMA[_schema_name(path)]
    if isinstance(spec, str):  # a file of one kind (JSONL: a list of rows)
        CHECKS[spec](path, "", data)
        return data
    if not isinstance(data, dict):
        raise RulesError(f"{path}: must be a JSON object of keys")
    for key, value in data.items():
        if _is_note(key):
            continue
        if key not in spec:
            raise RulesError(f"{path}: unknown key {key!r}{_suggest(key, spec)}")
        CHECKS[spec[key]](path, key, value)
    _check_word_list_refs(path, spec, data)
    if not partial:
        missing = [k for k in spec if k not in data]
        if missing:
            raise RulesError(f"{path}: missing key {missing[0]!r}")
    return data


def _check_word_list_refs(path: Path, spec: dict[str, str], data: dict) -> None:
    """Every ``{list}`` a cue's regex names is a word list of the same file."""
    lists = [k for k, kind in spec.items() if kind == "words"]
    for key, value in data.items():
        if _is_note(key) or spec[key] != "cues":
            continue
        for i, cue in enumerate(value):
            for ref in WORD_LIST_REF.findall(cue["regex"]):
                if ref not in lists:
                    _fail(path, f"{key}[{i}].regex", f"names {{{ref}}}, which is no word list of the file"
                                                      f"{_suggest(ref, lists)}")


def _schema_name(path: Path) -> str:
    """The schema entry a file stands for: its last one or two path parts (``patterns/actions.json``)."""
    two = "/".join(path.parts[-2:])
    return two if two in SCHEMA else path.name


def _suggest(key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


# -- checks, one per kind of value ---------------------------------------------------------------------------

def _fail(path: Path, key: str, why: str) -> None:
    raise RulesError(f"{path}: {key}: {why}" if key else f"{path}: {why}")


def _words(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        _fail(path, key, "must be a list of non-empty strings")


def _regex(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, str):
        _fail(path, key, "must be a regular expression (a string)")
    try:
        re.compile(value)
    except re.error as e:
        _fail(path, key, f"bad regular expression ({e})")


def _regexes(path: Path, key: str, value: Any) -> None:
    _words(path, key, value)
    for i, r in enumerate(value):
        _regex(path, f"{key}[{i}]", r)


def _count(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        _fail(path, key, "must be a whole number")


def _word_map(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, dict) or not all(isinstance(k, str) and k for k in value):
        _fail(path, key, "must be an object whose keys are words")
    for k, v in value.items():
        if not _is_note(k) and not isinstance(v, (str, int, float)):
            _fail(path, f"{key}.{k}", "must be a word or a number")


def _regex_map(path: Path, key: str, value: Any) -> None:
    _word_map(path, key, value)
    for k in value:
        if not _is_note(k):
            _regex(path, f"{key} key {k!r}", k)


def _word_lists(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, dict):
        _fail(path, key, "must be an object of word lists")
    for k, v in value.items():
        if not _is_note(k):
            _words(path, f"{key}.{k}", v)


def _objects(required: dict[str, Callable], optional: dict[str, Callable]) -> Callable:
    def check(path: Path, key: str, value: Any) -> None:
        if not isinstance(value, list):
            _fail(path, key, "must be a list of objects")
        for i, item in enumerate(value):
            where = f"{key}[{i}]" if key else f"row {i + 1}"
            if not isinstance(item, dict):
                _fail(path, where, "must be an object")
            for k in required:
                if k not in item:
                    _fail(path, where, f"missing key {k!r}")
            for k, v in item.items():
                if _is_note(k):
                    continue
                if k not in required and k not in optional:
                    _fail(path, where, f"unknown key {k!r}{_suggest(k, [*required, *optional])}")
                (required.get(k) or optional[k])(path, f"{where}.{k}", v)
    return check


def _text(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, str) or not value:
        _fail(path, key, "must be a non-empty string")


def _flag(path: Path, key: str, value: Any) -> None:
    if not isinstance(value, bool):
        _fail(path, key, "must be true or false")


def _token_pattern(path: Path, key: str, value: Any) -> None:
    """A spaCy Matcher pattern (a list of token dicts) or a phrase (a string), as the entity ruler takes."""
    if isinstance(value, str):
        return
    from spacy.schemas import validate_token_pattern

    errors = validate_token_pattern(value) if isinstance(value, list) else ["must be a list of token objects"]
    if errors:
        _fail(path, key, errors[0])


CHECKS: dict[str, Callable[[Path, str, Any], None]] = {
    "words": _words, "regex": _regex, "regexes": _regexes, "count": _count, "word_map": _word_map,
    "regex_map": _regex_map, "word_lists": _word_lists,
    # {"name": "offer", "regex": "...", "case_sensitive": true}: a clause cue of actions.json
    "cues": _objects({"name": _text, "regex": _regex},
                     {a: _flag for a in ("any_speaker", "needs_mandative", "needs_verb_of_doing", "not_in_decision",
                                         "subject_is_matter", "case_sensitive")}),
    "councils": _objects({"name": _text, "full": _text}, {"aliases": _words, "abolished": _count}),
    # the entity ruler's rows: {"label": "MEMBER", "pattern": [...], "id": "member"}
    "entity_patterns": _objects({"label": _text, "pattern": _token_pattern}, {"id": _text}),
}


# -- overlays ------------------------------------------------------------------------------------------------

def _merge(name: str, base: Any, extra: Any) -> Any:
    spec = SCHEMA[name]
    if isinstance(spec, str):
        return _merge_value(spec, base, extra)
    out = dict(base)
    for key, value in extra.items():
        out[key] = value if _is_note(key) else _merge_value(spec[key], base.get(key), value)
    return out


def _merge_value(kind: str, base: Any, extra: Any) -> Any:
    if base is None:
        return extra
    if kind in ("words", "regexes"):
        return list(base) + [w for w in extra if w not in base]
    if kind in ("cues", "councils"):
        names = {item["name"]: item for item in extra}
        kept = [names.pop(item["name"], item) for item in base]
        return kept + [item for item in extra if item["name"] in names]
    if kind == "entity_patterns":
        return list(base) + list(extra)
    if kind in ("word_map", "regex_map"):
        return {**base, **extra}
    if kind == "word_lists":
        out = dict(base)
        for k, v in extra.items():
            out[k] = v if _is_note(k) else _merge_value("words", base.get(k), v)
        return out
    return extra
