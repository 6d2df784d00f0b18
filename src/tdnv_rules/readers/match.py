"""Whether a result document answers its directive.

A result is compared with the directive's subject and content on folded keys, after the
boilerplate every letter carries (``rules/lexicon/boilerplate.yaml``) and document numbers are
removed, and abbreviations are written out on both sides (``rules/lexicon/abbreviations.yaml``:
GPKT, BVĐK, DTTS, TN&MT, QL45 …). Three more signals complete the picture:

- the directive numbers the result cites (its subject, and its attached text when given):
  citing the task, or an extension approval of it, links the result; citing another UBND
  document instead is a strong sign of a mis-link;
- named entities (communes, districts, people, companies, projects, named areas, schools with
  their level, departments, years — ``entities.yaml``) and documents of the same kind cited in
  both subjects (68/NQ-CP vs 42/NQ-CP), named by both sides and different: the score is pulled
  down by the category's penalty;
- with the attachment's text, ``text_score`` measures whether the report itself is about the
  task, whatever subject line was typed for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz

from tdnv_rules.readers.classify import (
    LexiconError,
    PhrasePattern,
    _default_rules_dir,
    _stripped_subject,
    compile_phrases,
)
from tdnv_rules.symbols import find_symbols, parse_symbol, same_document
from tdnv_rules.text import casefold, fold, normalize

__all__ = [
    "LINK_THRESHOLD",
    "TEXT_THRESHOLD",
    "DISTINGUISHING_PENALTY",
    "TEXT_CHARS",
    "Match",
    "MatchLexicon",
    "expand_abbreviations",
    "is_linked",
    "load_match_lexicon",
    "match_result",
]

LINK_THRESHOLD = 65.0
"""Below this ``score`` a result that cites neither the task nor its extension is mis-linked."""
TEXT_THRESHOLD = 35.0
"""Below this ``text_score`` an attachment that does not cite the task is about something else."""
DISTINGUISHING_PENALTY = 30.0
"""Points taken off ``score`` for each category of named entity that differs, unless
``entities.yaml`` (``penalties``) gives the category its own."""
TEXT_CHARS = 20000
"""How much of an attachment's text is read."""

_DIRECTIVE_ISSUER = "ubnd"  # documents of the UBND (tỉnh or huyện) are what tasks cite


class _BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phrases: tuple[str, ...] = Field(default=(), description="removed wherever they occur")
    patterns: tuple[str, ...] = Field(default=(), description="regular expressions, folded keys")
    words: tuple[str, ...] = Field(default=(), description="function words dropped one by one")

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"pattern {value!r} does not compile: {error}") from None
        return values


class _EntitiesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: dict[str, tuple[str, ...]] = Field(min_length=1)
    ignore: tuple[str, ...] = ()
    case_only: tuple[str, ...] = ()
    numeric: tuple[str, ...] = ()
    skip: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    periods: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    words_without_case: int = Field(default=2, ge=1, le=6)
    max_words: int = Field(default=6, ge=1, le=12)
    subject_only: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    reach: dict[str, int] = Field(default_factory=dict)
    qualifiers: dict[str, dict[str, tuple[str, ...]]] = Field(default_factory=dict)
    penalties: dict[str, float] = Field(default_factory=dict)
    kinds: dict[str, tuple[str | tuple[str, ...], ...]] = Field(
        default_factory=dict,
        description="closed vocabularies: category → its terms (a list: one term's forms)",
    )
    bridge: dict[str, int] = Field(default_factory=dict)
    last_word: tuple[str, ...] = ()
    route: tuple[str, ...] = ()
    route_places: tuple[str, ...] = ()
    lower_case_markers: tuple[str, ...] = ()

    @field_validator(
        "case_only", "numeric", "skip", "subject_only", "exact", "reach", "qualifiers",
        "bridge", "last_word", "route_places", "lower_case_markers",
    )
    @classmethod
    def _known(cls, values: Any, info: Any) -> Any:
        known = info.data.get("categories") or {}
        for value in values:
            if value not in known:
                raise ValueError(f"{info.field_name} names unknown category {value!r}")
        return values

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, values: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
        seen: dict[str, str] = {}
        for category, terms in values.items():
            for term in (f for entry in terms for f in _forms(entry)):
                key = fold(term)
                if not key.split():
                    raise ValueError(f"{category}: term {term!r} is empty once folded")
                if seen.setdefault(key, category) != category:
                    raise ValueError(f"term {term!r} is in both {seen[key]!r} and {category!r}")
        return values

    @field_validator("reach", "penalties", "bridge")
    @classmethod
    def _bounded(cls, values: dict[str, float]) -> dict[str, float]:
        for name, value in values.items():
            if not 0 <= value <= 100:
                raise ValueError(f"{name}: {value} is not between 0 and 100")
        return values


def _forms(entry: str | tuple[str, ...]) -> tuple[str, ...]:
    """The written forms of one ``kinds`` entry (a term, or a term and its other forms)."""
    return (entry,) if isinstance(entry, str) else tuple(entry)


class _AbbreviationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    abbreviations: dict[str, str] = Field(default_factory=dict)
    numbered: dict[str, str] = Field(default_factory=dict)

    @field_validator("abbreviations", "numbered")
    @classmethod
    def _foldable(cls, values: dict[str, str]) -> dict[str, str]:
        for short, words in values.items():
            if not fold(short).split() or not fold(words).split():
                raise ValueError(f"{short!r}: {words!r} is empty once folded")
        return values


@dataclass(frozen=True, slots=True)
class MatchLexicon:
    """Compiled boilerplate and entity markers."""

    phrases: PhrasePattern | None
    patterns: tuple[re.Pattern[str], ...]
    words: frozenset[str]
    markers: dict[tuple[str, ...], str]  # folded marker words → category
    ignore: PhrasePattern | None
    marker_starts: frozenset[str]
    case_only: frozenset[str]
    numeric: frozenset[str]
    skip: dict[str, tuple[tuple[str, ...], ...]]
    periods: PhrasePattern | None
    period_names: dict[str, str]  # phrase → canonical period
    words_without_case: int
    max_words: int
    abbreviations: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    numbered: re.Pattern[str] | None = None  # a folded word: abbreviation glued to a number
    numbered_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    subject_only: frozenset[str] = frozenset()
    exact: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)  # folded → cased
    reach: dict[str, int] = field(default_factory=dict)
    qualifiers: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    penalties: dict[str, float] = field(default_factory=dict)
    kinds: PhrasePattern | None = None  # terms of the closed vocabularies
    kind_of: dict[str, tuple[str, str]] = field(default_factory=dict)  # form → category, term
    bridge: dict[str, int] = field(default_factory=dict)
    last_word: frozenset[str] = frozenset()
    route: frozenset[str] = frozenset()  # case-folded words that open a route's ends
    route_places: frozenset[str] = frozenset()
    lower_case_markers: frozenset[str] = frozenset()
    # derived once from the fields above (not arguments): see __post_init__
    _markers_by_first: dict[str, tuple[tuple[tuple[str, ...], str, tuple[str, ...] | None], ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _abbreviation_starts: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())
    _longest_abbreviation: int = field(init=False, repr=False, compare=False, default=1)
    _exact_words: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())
    _plain_words: set[str] = field(init=False, repr=False, compare=False, default_factory=set)
    _entity_categories: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())
    _kind_categories: frozenset[str] = field(init=False, repr=False, compare=False, default=frozenset())

    def __post_init__(self) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...] | None]]] = {}
        for marker, category in self.markers.items():  # in the markers' order: longest first
            by_first.setdefault(marker[0], []).append((marker, category, self.exact.get(marker)))
        set_ = object.__setattr__
        set_(self, "_markers_by_first", {word: tuple(found) for word, found in by_first.items()})
        set_(self, "_abbreviation_starts", frozenset(k[0] for k in self.abbreviations if k))
        set_(self, "_longest_abbreviation", max((len(k) for k in self.abbreviations), default=1))
        set_(self, "_exact_words", frozenset(k[0] for k in self.exact if len(k) == 1))
        set_(self, "_plain_words", set())  # words seen to expand to themselves
        # the categories _entities and _kinds can name
        set_(self, "_entity_categories", frozenset(self.markers.values()) | {"period", "route"})
        set_(self, "_kind_categories", frozenset(category for category, _ in self.kind_of.values()))


def _load_yaml(path: Path, model: type[BaseModel]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except OSError as error:
        raise LexiconError(f"{path}: cannot read lexicon file ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML ({error})") from error
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or '<file>'}: {item['msg']}"
            for item in error.errors()
        )
        raise LexiconError(f"{path}: {problems}") from None


def load_match_lexicon(directory: Path | str | None = None) -> MatchLexicon:
    """Load ``boilerplate.yaml``, ``entities.yaml`` and (when present) ``abbreviations.yaml``
    from ``directory`` (default ``rules/lexicon``); raises :class:`LexiconError` naming the file
    and field."""
    if directory is None:
        return _default_match_lexicon()
    folder = Path(directory)
    boiler: _BoilerplateFile = _load_yaml(folder / "boilerplate.yaml", _BoilerplateFile)
    entities: _EntitiesFile = _load_yaml(folder / "entities.yaml", _EntitiesFile)
    short = _AbbreviationsFile()
    if (folder / "abbreviations.yaml").exists():
        short = _load_yaml(folder / "abbreviations.yaml", _AbbreviationsFile)
    markers: dict[tuple[str, ...], str] = {}
    exact: dict[tuple[str, ...], tuple[str, ...]] = {}
    for category, words in entities.categories.items():
        for word in words:
            markers[tuple(fold(word).split())] = category
            if category in entities.exact:
                exact[tuple(fold(word).split())] = tuple(casefold(word).split())
    numbered = {fold(k): tuple(fold(v).split()) for k, v in short.numbered.items()}
    return MatchLexicon(
        phrases=compile_phrases(boiler.phrases),
        patterns=tuple(re.compile(p) for p in boiler.patterns),
        words=frozenset(fold(w) for w in boiler.words),
        markers=dict(sorted(markers.items(), key=lambda item: -len(item[0]))),
        ignore=compile_phrases(entities.ignore),
        marker_starts=frozenset(m[0] for m in markers),
        case_only=frozenset(entities.case_only),
        numeric=frozenset(entities.numeric),
        skip={
            category: tuple(sorted((tuple(fold(f).split()) for f in forms), key=len, reverse=True))
            for category, forms in entities.skip.items()
        },
        periods=compile_phrases(p for phrases in entities.periods.values() for p in phrases),
        period_names={p: name for name, phrases in entities.periods.items() for p in phrases},
        words_without_case=entities.words_without_case,
        max_words=entities.max_words,
        abbreviations={
            tuple(fold(k).split()): tuple(fold(v).split()) for k, v in short.abbreviations.items()
        },
        numbered=(
            re.compile(
                "^(" + "|".join(sorted(map(re.escape, numbered), key=len, reverse=True))
                + r")(\d+[a-z]?)$"
            )
            if numbered
            else None
        ),
        numbered_words=numbered,
        subject_only=frozenset(entities.subject_only),
        exact=exact,
        reach=dict(entities.reach),
        qualifiers={
            category: tuple(
                sorted(
                    (
                        (tuple(fold(form).split()), fold(canonical))
                        for canonical, forms in names.items()
                        for form in (canonical, *forms)
                    ),
                    key=lambda item: -len(item[0]),
                )
            )
            for category, names in entities.qualifiers.items()
        },
        penalties=dict(entities.penalties),
        kinds=compile_phrases(
            f for terms in entities.kinds.values() for entry in terms for f in _forms(entry)
        ),
        kind_of={
            f: (c, fold(_forms(entry)[0]))
            for c, terms in entities.kinds.items()
            for entry in terms
            for f in _forms(entry)
        },
        bridge=dict(entities.bridge),
        last_word=frozenset(entities.last_word),
        route=frozenset(casefold(w) for w in entities.route),
        route_places=frozenset(entities.route_places),
        lower_case_markers=frozenset(entities.lower_case_markers),
    )


@lru_cache(maxsize=1)
def _default_match_lexicon() -> MatchLexicon:
    return load_match_lexicon(_default_rules_dir() / "lexicon")


# --- keys -------------------------------------------------------------------------------------


_PLAIN_WORDS_KEPT = 65536  # words remembered as expanding to themselves, per lexicon


def expand_abbreviations(
    words: list[str], lexicon: MatchLexicon
) -> tuple[list[str], list[int]]:
    """Folded words with abbreviations written out (``gpkt`` → ``giay phep khai thac``,
    ``ql45`` → ``quoc lo 45``), and for each word out the index of the word it came from."""
    abbreviations = lexicon.abbreviations
    numbered = lexicon.numbered
    plain = lexicon._plain_words
    if (not abbreviations and numbered is None) or plain.issuperset(words):
        return list(words), list(range(len(words)))
    longest = lexicon._longest_abbreviation
    starts = lexicon._abbreviation_starts  # most words start none: skip them
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(words)
    while i < n:
        word = words[i]
        if word not in plain:
            for size in range(min(longest, n - i) if word in starts else 0, 0, -1):
                long = abbreviations.get(tuple(words[i : i + size]))
                if long:
                    out.extend(long)
                    origin.extend([i] * len(long))
                    i += size
                    break
            else:
                glued = numbered.match(word) if numbered is not None else None
                if glued:
                    long = (*lexicon.numbered_words[glued.group(1)], glued.group(2))
                    out.extend(long)
                    origin.extend([i] * len(long))
                else:
                    out.append(word)
                    origin.append(i)
                    if word not in starts:
                        if len(plain) >= _PLAIN_WORDS_KEPT:
                            plain.clear()
                        plain.add(word)
                i += 1
            continue
        out.append(word)
        origin.append(i)
        i += 1
    return out, origin


_SHORT_TEXT = 2000  # texts up to this length (subjects, contents, reasons) have their reads kept
_TEXTS_KEPT = 4096  # per read


@lru_cache(maxsize=_TEXTS_KEPT)
def _short_symbols(raw: str) -> tuple[Any, ...]:
    return tuple(find_symbols(raw))


# Every number find_symbols reads has a slash followed (after spaces) by a letter, in the
# state form ("123/UBND-VX", "01/2024/TT-BTC") and the party form ("45-CV/TU") alike; text
# normalisation never makes a slash or a letter out of anything else. Most subjects and
# contents (dates "03/11/2022" alone) have no such place, and the parse is skipped.
_MAY_CITE = re.compile(r"/\s*[^\W\d_]")


def _symbols_in(raw: str) -> tuple[Any, ...]:
    """Every document number :func:`find_symbols` finds in a text (kept for short texts)."""
    if "/" not in raw or not _MAY_CITE.search(raw):
        return ()
    return _short_symbols(raw) if len(raw) <= _SHORT_TEXT else tuple(find_symbols(raw))


_stripped = _stripped_subject  # strip_subject_prefix, kept for short texts


def _content_key(raw: str, lexicon: MatchLexicon, *, subject: bool, folded: str | None = None) -> str:
    """The folded topic words of a text: numbers, dates, boilerplate and function words gone
    (``folded``: ``fold(raw)`` when already known, for a text that is not a subject)."""
    if subject:
        key = fold(_stripped(raw))  # subject_key, the stripped subject kept for its entities
    else:
        key = fold(raw) if folded is None else folded
    if not key:
        return ""
    padded = f" {key} "
    for symbol in _symbols_in(raw):
        folded = fold(symbol.normalized)
        if folded:
            padded = padded.replace(f" {folded} ", " | ")
    key = " ".join(expand_abbreviations(padded.split(), lexicon)[0])
    for pattern in lexicon.patterns:
        key = pattern.sub(" | ", key)
    words = key.split()
    if lexicon.phrases is not None:
        words = lexicon.phrases._blank_words(words)  # as blank(), on the words
    function_words = lexicon.words
    return " ".join(w for w in words if w != "|" and w not in function_words)


# --- named entities ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


_TOKEN_KEYS_KEPT = 65536  # tokens remembered with their folded word


def _tokens(shown: str) -> list[str]:
    """``_TOKEN.findall(shown)``: no token spans white space, and a piece between spaces
    that is all letters and digits is one token, so only the other pieces are searched."""
    pieces = shown.split()
    if all(map(str.isalnum, pieces)):
        return pieces
    tokens: list[str] = []
    for piece in pieces:
        if piece.isalnum():
            tokens.append(piece)
        else:
            tokens.extend(_TOKEN.findall(piece))
    return tokens


@lru_cache(maxsize=_TOKEN_KEYS_KEPT)
def _token_word(token: str) -> str:
    """The folded word of one token of a shown text (``|`` for punctuation)."""
    return fold(token) or "|"


_casefold_token = lru_cache(maxsize=_TOKEN_KEYS_KEPT)(casefold)


def _entities(
    raw: str, lexicon: MatchLexicon, *, subject: bool = True
) -> dict[str, frozenset[str]]:
    """Category → folded names read after marker words (``subject``: a subject line, where
    the ``subject_only`` categories are read too)."""
    shown = normalize(_stripped(raw))
    has_case = shown != shown.lower() and shown != shown.upper()
    tokens = _tokens(shown)
    if "&" in tokens:
        tokens = [t for k, t in enumerate(tokens) if t != "&" or k in (0, len(tokens) - 1)]
    words, origin = expand_abbreviations(list(map(_token_word, tokens)), lexicon)
    read = words  # the words as read, before the ignored phrases are blanked
    if lexicon.ignore is not None:
        spans = lexicon.ignore.spans(words)
        if spans:
            read = list(words)
            for start, end, _ in spans:
                words[start:end] = ["|"] * (end - start)
    n = len(words)
    marks = _markers(words, read, tokens, origin, lexicon)

    def capital(k: int) -> bool:
        token = tokens[origin[k]]
        return token[:1].isupper() or token.isdigit()

    found: dict[str, set[str]] = {}
    named: list[tuple[int, str, str]] = []  # (marker index, category, name)
    function_words = lexicon.words
    marker_starts = lexicon.marker_starts
    after = 0  # where the next marker may be read
    for i, (category, size) in marks.items():
        if i < after:
            continue
        j = i + size
        if has_case:  # a heading in capitals ("UBND HUYỆN …"), unless an abbreviation
            token = tokens[origin[i]]
            if len(token) > 1 and token.isupper() and read[i] == fold(token):
                after = j
                continue
        if category in lexicon.subject_only and not subject:
            after = j
            continue
        skip = lexicon.skip.get(category)
        if skip:
            j = _skip_forms(words, j, skip)
        if category in lexicon.numeric:
            if i >= 2 and words[i - 2] == "thang" and words[i - 1].isdigit():
                after = j  # "ngày 05 tháng 01 năm 2024": a date, not a period
                continue
            if j < n and (words[j].isdigit() or _ROMAN.fullmatch(words[j])):
                found.setdefault(category, set()).add(words[j])
            after = j
            continue
        name: list[str] = []
        for form, canonical in lexicon.qualifiers.get(category, ()):
            if tuple(words[j : j + len(form)]) == form:
                name.append(canonical)
                j += len(form)
                break
        if not name and j in marks:
            after = j  # "dự án Khu đô thị …": the inner marker names it
            continue
        if has_case and not name and j < n and not capital(j):
            # "Khu du lịch sinh thái biển Hải Tiến": lower-case words before the name
            for at in range(j, min(j + lexicon.reach.get(category, 0) + 1, n)):
                word = words[at]
                if word == "|" or word in function_words or at in marks:
                    break
                if capital(at):
                    j = at
                    break
        if has_case:
            run = 0
            bridge = lexicon.bridge.get(category, 0)
            while j < n and run < lexicon.max_words and words[j] != "|":
                if not capital(j):  # "Xi măng Long Sơn": lower-case words inside a name
                    ahead = j
                    if run:
                        for at in range(j, min(j + bridge + 1, n)):
                            word = words[at]
                            if word == "|" or word in function_words or at in marks:
                                break
                            if capital(at):
                                ahead = at
                                break
                    if ahead == j:
                        break
                    name.extend(words[j:ahead])
                    run += ahead - j
                    j = ahead
                    continue
                if (run or name) and words[j] in marker_starts and j in marks:
                    break
                name.append(words[j])
                run += 1
                j += 1
        elif category not in lexicon.case_only:
            while j < n and len(name) < lexicon.words_without_case:
                word = words[j]
                if word == "|" or word in function_words or j in marks:
                    break
                name.append(word)
                j += 1
        if name:
            found.setdefault(category, set()).add(" ".join(name))
            named.append((i, category, " ".join(name)))
        after = max(j, i + 1)
    if lexicon.periods is not None:
        periods = {lexicon.period_names[p] for p in lexicon.periods.hits(" ".join(words))}
        if not periods and "year" in found and "cả năm" in lexicon.period_names.values():
            periods = {"cả năm"}
        if periods:
            found["period"] = periods
    if lexicon.route and any(c in lexicon.route_places for _, c, _ in named):
        # "đường nối thành phố Thanh Hóa với huyện Ngọc Lặc": the places after it, its ends
        opens = list(map(lexicon.route.__contains__, map(_casefold_token, tokens)))
        start = next((k for k, o in enumerate(origin) if opens[o]), None) if True in opens else None
        ends = {
            name
            for at, category, name in named
            if start is not None and at > start and category in lexicon.route_places
        }
        if ends:
            found["route"] = ends
    return {category: frozenset(names) for category, names in found.items()}


def _markers(
    words: list[str], read: list[str], tokens: list[str], origin: list[int], lexicon: MatchLexicon
) -> dict[int, tuple[str, int]]:
    """Word index → (category, size) of the marker that starts there, in order."""
    starts = lexicon.marker_starts
    if starts.isdisjoint(words):
        return {}
    exact_words = lexicon._exact_words
    cased: dict[int, str] = {}

    def cased_at(k: int) -> str:  # the word as written, for the markers read with diacritics
        word = read[k]
        if word not in exact_words:
            return word
        found = cased.get(k)
        if found is None:
            token = tokens[origin[k]]
            found = cased[k] = token if _capitalised_name(word, token, lexicon) else _casefold_token(token)
        return found

    marks: dict[int, tuple[str, int]] = {}
    for i in compress(range(len(words)), map(starts.__contains__, words)):
        hit = _marker_hit(words, i, lexicon, cased_at)
        if hit is not None:
            marks[i] = hit
    return marks


def _marker_hit(
    words: list[str], i: int, lexicon: MatchLexicon, cased_at: Any = None
) -> tuple[str, int] | None:
    """(category, size) of the longest marker at ``words[i]`` (``cased_at(k)``: the word as
    written, for the markers that must match with their diacritics), or None."""
    for marker, category, exact in lexicon._markers_by_first.get(words[i], ()):
        size = len(marker)
        if size > 1 and tuple(words[i : i + size]) != marker:
            continue
        if exact is not None and cased_at is not None and tuple(
            cased_at(k) for k in range(i, i + size)
        ) != exact:
            continue  # "Bá" (a name) is not "bà" (a person marker)
        return category, size
    return None


def _capitalised_name(word: str, token: str, lexicon: MatchLexicon) -> bool:
    """Whether a one-word marker written with a capital is part of a name ("hồ chứa nước Sông
    Mực"), for the categories whose markers are lower-case words."""
    return token[:1].isupper() and lexicon.markers.get((word,)) in lexicon.lower_case_markers


_ROMAN = re.compile(r"[ivx]{1,5}")  # "khóa XV", "Đại hội lần thứ XX"


def _kinds(raw: str, lexicon: MatchLexicon, folded: str | None = None) -> dict[str, frozenset[str]]:
    """Category → the terms of each closed vocabulary (``kinds`` of entities.yaml) a text
    names: the beneficiary, the levy, the disease, the disaster … (``folded``: ``fold(raw)``
    when already known)"""
    if lexicon.kinds is None or not raw:
        return {}
    words = expand_abbreviations((fold(raw) if folded is None else folded).split(), lexicon)[0]
    found: dict[str, set[str]] = {}
    for form in lexicon.kinds._phrases(lexicon.kinds._scan(words)):
        category, term = lexicon.kind_of[form]
        found.setdefault(category, set()).add(term)
    return {category: frozenset(terms) for category, terms in found.items()}


def _skip_forms(words: list[str], j: int, forms: tuple[tuple[str, ...], ...]) -> int:
    moved = True
    while moved:
        moved = False
        for form in forms:
            if tuple(words[j : j + len(form)]) == form:
                j += len(form)
                moved = True
                break
    return j


def _same_name(a: str, b: str, last_word: bool = False) -> bool:
    if last_word and (" " not in a or " " not in b):  # "bà Nguyễn Thị Lan" is "bà Lan"
        return a.rsplit(" ", 1)[-1] == b.rsplit(" ", 1)[-1]
    return a == b or a.startswith(b + " ") or b.startswith(a + " ")


def _differences(
    ours: dict[str, frozenset[str]],
    theirs: dict[str, frozenset[str]],
    lexicon: MatchLexicon | None = None,
) -> tuple[str, ...]:
    """The categories both sides name and share no name of (a route: each side names an end
    the other does not)."""
    out = []
    for category in sorted(ours.keys() & theirs.keys()):
        mine, other = ours[category], theirs[category]
        last = lexicon is not None and category in lexicon.last_word
        if category == "route":
            differ = any(not any(_same_name(a, b) for b in other) for a in mine) and any(
                not any(_same_name(a, b) for a in mine) for b in other
            )
        else:
            differ = not any(_same_name(a, b, last) for a in mine for b in other)
        if differ:
            out.append(f"{category}: {', '.join(sorted(mine))} ≠ {', '.join(sorted(other))}")
    return tuple(out)


# --- similarity -------------------------------------------------------------------------------


def _subject_similarity(result_key: str, directive_keys: Iterable[str]) -> float:
    """Best similarity of the result's key to any of the directive's keys (0–100)."""
    best = 0.0
    for key in directive_keys:
        if key and result_key:
            best = max(best, fuzz.token_set_ratio(result_key, key))
    return best


def _bigrams(key: str) -> set[str]:
    words = key.split()
    return {f"{a} {b}" for a, b in zip(words, words[1:])}


def _text_similarity(text_key: str, directive_keys: Iterable[str]) -> float:
    """Share of the directive's word pairs (compound words, mostly) found in the text (0–100)."""
    wanted: set[str] = set()
    for key in directive_keys:
        wanted |= _bigrams(key)
    if not wanted or not text_key:
        return 0.0
    return 100.0 * len(wanted & _bigrams(text_key)) / len(wanted)


# --- the match --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Match:
    """How well a result document answers its directive."""

    score: float
    subject_score: float
    text_score: float | None
    cited: tuple[str, ...]
    cites_task: bool
    cites_extension: bool
    cites_other: tuple[str, ...]
    distinguishing: tuple[str, ...]
    text_cites_task: bool = False  # the attachment cites the task or one of its approvals


def _attr(obj: object, name: str) -> Any:
    return getattr(obj, name, None)


def _str_or_empty(value: object, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"match_result: {what} must be a string, not {type(value).__name__}")
    return value


def match_result(task: object, result: object, *, text: str | None = None) -> Match:
    """Compare one result document (and its attachment's ``text``) with its task's directive.

    ``task`` needs ``symbol``, ``subject``, ``content`` and ``extensions`` (each with ``reason``);
    ``result`` needs ``symbol`` and ``subject``."""
    extensions = _attr(task, "extensions") or ()
    reasons = tuple(_str_or_empty(_attr(e, "reason"), "extension reason") for e in extensions)
    return _match(
        _str_or_empty(_attr(task, "symbol"), "task.symbol"),
        _str_or_empty(_attr(task, "subject"), "task.subject"),
        _str_or_empty(_attr(task, "content"), "task.content"),
        reasons,
        _str_or_empty(_attr(result, "symbol"), "result.symbol"),
        _str_or_empty(_attr(result, "subject"), "result.subject"),
        None if text is None else _str_or_empty(text, "text")[:TEXT_CHARS],
    )


class _DirectiveSide:
    """What a match reads of the task alone, the same for every result it is matched with.

    The topic keys are read at once; the named entities and kinds of the subject and the
    content, and the documents the subject cites, only when a result names something they
    could differ on (differences are read only in the categories both sides name)."""

    __slots__ = ("_read", "content", "folded", "keys", "reasons", "subject", "symbol")

    def __init__(self, symbol: str, subject: str, content: str, reasons: tuple[str, ...]) -> None:
        lexicon = _default_match_lexicon()
        self.subject, self.content, self.reasons = subject, content, reasons
        self.folded = fold(content)  # read twice: its topic words and its kinds
        self.keys = (
            _content_key(subject, lexicon, subject=True),
            _content_key(content, lexicon, subject=False, folded=self.folded),
        )
        self.symbol = symbol
        self._read: dict[str, Any] = {}

    def task(self) -> Any:
        """The task's own number, parsed (None without one)."""
        if "task" not in self._read:
            self._read["task"] = parse_symbol(self.symbol) if self.symbol else None
        return self._read["task"]

    def _part(self, name: str) -> Any:
        found = self._read.get(name)
        if found is None:
            lexicon = _default_match_lexicon()
            if name == "subject entities":
                found = _entities(self.subject, lexicon)
            elif name == "content entities":
                found = _entities(self.content, lexicon, subject=False)
            elif name == "subject kinds":
                found = _kinds(self.subject, lexicon)
            elif name == "content kinds":
                found = _kinds(self.content, lexicon, self.folded)
            else:  # "documents": other documents its subject cites
                found = _documents(self.subject, self.task())
            self._read[name] = found
        return found

    def entities(self, wanted: Iterable[str]) -> dict[str, frozenset[str]]:
        """Category → names of the subject and content, complete for the ``wanted`` ones."""
        wanted = set(wanted)
        if not wanted:
            return {}
        lexicon = _default_match_lexicon()
        sources = []
        if not lexicon._entity_categories.isdisjoint(wanted):
            sources += ["subject entities", "content entities"]
        if not lexicon._kind_categories.isdisjoint(wanted):
            sources += ["subject kinds", "content kinds"]
        entities: dict[str, frozenset[str]] = {}
        for name in sources:
            for category, names in self._part(name).items():
                entities[category] = entities.get(category, frozenset()) | names
        return entities

    def documents(self) -> dict[str, frozenset[str]]:
        """Documents other than the UBND's that the subject cites (see :func:`_documents`)."""
        return self._part("documents")

    def approvals(self) -> tuple[Any, ...]:
        """The numbers the extensions' reasons cite (the task's extension approvals)."""
        return tuple(s for reason in self.reasons for s in _citations(reason))


@lru_cache(maxsize=8192)
def _directive_side(symbol: str, subject: str, content: str, reasons: tuple[str, ...]) -> _DirectiveSide:
    return _DirectiveSide(symbol, subject, content, reasons)


def _documents(raw: str, *skip: Any) -> dict[str, frozenset[str]]:
    """Documents cited in a subject other than the UBND's, as entity categories: one
    category a type and issuer ("document nq cp" → {"68/NQ-CP"}), ``skip`` left out."""
    found: dict[str, set[str]] = {}
    for symbol in _citations(raw):
        if not symbol.type_code or fold(symbol.issuer or "") == _DIRECTIVE_ISSUER:
            continue
        if any(other is not None and same_document(symbol, other) for other in skip):
            continue
        kind = f"document {fold(symbol.type_code)} {fold(symbol.issuer or '')}".strip()
        found.setdefault(kind, set()).add(symbol.normalized)
    return {kind: frozenset(names) for kind, names in found.items()}


def _penalty(distinguishing: Iterable[str], lexicon: MatchLexicon) -> float:
    """Points off for the categories that differ (``penalties`` of entities.yaml)."""
    total = 0.0
    for difference in distinguishing:
        category = difference.split(":", 1)[0].split(" ", 1)[0]
        total += lexicon.penalties.get(category, DISTINGUISHING_PENALTY)
    return total


def _citations(raw: str) -> list[Any]:
    return [s for s in _symbols_in(raw) if s.valid] if raw else []


def _match(
    task_symbol: str,
    task_subject: str,
    task_content: str,
    reasons: tuple[str, ...],
    result_symbol: str,
    result_subject: str,
    text: str | None,
) -> Match:
    lexicon = _default_match_lexicon()
    directive = _directive_side(task_symbol, task_subject, task_content, reasons)
    directive_keys = directive.keys
    subject_score = _subject_similarity(
        _content_key(result_subject, lexicon, subject=True), directive_keys
    )
    subject_cites, text_cites = _citations(result_subject), _citations(text or "")
    own = task = None  # the numbers are parsed only to tell the documents cited apart
    if subject_cites or text_cites:
        own = parse_symbol(result_symbol) if result_symbol else None
        task = directive.task()
    named = {**_entities(result_subject, lexicon), **_kinds(result_subject, lexicon)}
    in_text = _entities(text[:2000], lexicon, subject=False) if text is not None else {}
    directive_entities = directive.entities(named.keys() | in_text.keys())
    distinguishing = _differences(directive_entities, named, lexicon)
    cited_documents = _documents(result_subject, own, task)
    if cited_documents:
        distinguishing += _differences(directive.documents(), cited_documents)
    text_score = None
    if text is not None:
        text_score = _text_similarity(_content_key(text, lexicon, subject=False), directive_keys)
        distinguishing += tuple(
            d for d in _differences(directive_entities, in_text, lexicon) if d not in distinguishing
        )

    approvals: tuple[Any, ...] | None = None  # read only for a citation that is not the task

    def is_task(symbol: Any) -> bool:
        return task is not None and same_document(symbol, task)

    def is_approval(symbol: Any) -> bool:
        nonlocal approvals
        if approvals is None:
            approvals = directive.approvals()
        return any(same_document(symbol, a) for a in approvals)

    cited: dict[str, None] = {}
    others: dict[str, None] = {}
    cites_task = cites_extension = text_cites_task = False
    for source, symbols in (("subject", subject_cites), ("text", text_cites)):
        for symbol in symbols:
            if own is not None and own.valid and same_document(symbol, own):
                continue
            cited.setdefault(symbol.normalized, None)
            if is_task(symbol):
                cites_task = True
                text_cites_task |= source == "text"
            elif is_approval(symbol):
                cites_extension = True
                text_cites_task |= source == "text"  # the approval belongs to this task
            elif fold(symbol.issuer or "") == _DIRECTIVE_ISSUER:
                others.setdefault(symbol.normalized, None)

    base = subject_score if text_score is None else min(subject_score, text_score * 2.0)
    score = max(0.0, min(100.0, base) - _penalty(distinguishing, lexicon))
    return Match(
        score=round(score, 1),
        subject_score=round(subject_score, 1),
        text_score=None if text_score is None else round(text_score, 1),
        cited=tuple(cited),
        cites_task=cites_task,
        cites_extension=cites_extension,
        cites_other=tuple(others),
        distinguishing=distinguishing,
        text_cites_task=text_cites_task,
    )


def is_linked(
    match: Match,
    threshold: float = LINK_THRESHOLD,
    *,
    text_threshold: float = TEXT_THRESHOLD,
) -> bool:
    """Whether the result answers its directive.

    An attachment about something else (``text_score`` below ``text_threshold`` and no
    citation of the task in it) is a mis-link whatever the subject says; otherwise citing the
    task or its extension approval links, citing only other UBND documents does not, and the
    similarity ``score`` decides the rest."""
    if (
        match.text_score is not None
        and match.text_score < text_threshold
        and not match.text_cites_task
    ):
        return False
    if match.cites_task or match.cites_extension:
        return True
    if match.cites_other:
        return False
    return match.score >= threshold
