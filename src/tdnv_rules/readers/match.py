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
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz

from tdnv_rules.readers.classify import (
    LexiconError,
    PhrasePattern,
    compile_phrases,
    _default_rules_dir,
)
from tdnv_rules.symbols import find_symbols, parse_symbol, same_document
from tdnv_rules.text import casefold, fold, normalize, strip_subject_prefix, subject_key

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


def expand_abbreviations(
    words: list[str], lexicon: MatchLexicon
) -> tuple[list[str], list[int]]:
    """Folded words with abbreviations written out (``gpkt`` → ``giay phep khai thac``,
    ``ql45`` → ``quoc lo 45``), and for each word out the index of the word it came from."""
    if not lexicon.abbreviations and lexicon.numbered is None:
        return list(words), list(range(len(words)))
    longest = max((len(k) for k in lexicon.abbreviations), default=1)
    starts = {k[0] for k in lexicon.abbreviations if k}  # most words start none: skip them
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(words)
    while i < n:
        for size in range(min(longest, n - i) if words[i] in starts else 0, 0, -1):
            long = lexicon.abbreviations.get(tuple(words[i : i + size]))
            if long:
                out.extend(long)
                origin.extend([i] * len(long))
                i += size
                break
        else:
            glued = lexicon.numbered.match(words[i]) if lexicon.numbered is not None else None
            if glued:
                long = (*lexicon.numbered_words[glued.group(1)], glued.group(2))
                out.extend(long)
                origin.extend([i] * len(long))
            else:
                out.append(words[i])
                origin.append(i)
            i += 1
    return out, origin


def _content_key(raw: str, lexicon: MatchLexicon, *, subject: bool) -> str:
    """The folded topic words of a text: numbers, dates, boilerplate and function words gone."""
    key = subject_key(raw) if subject else fold(raw)
    if not key:
        return ""
    padded = f" {key} "
    for symbol in find_symbols(raw):
        folded = fold(symbol.normalized)
        if folded:
            padded = padded.replace(f" {folded} ", " | ")
    key = " ".join(expand_abbreviations(padded.split(), lexicon)[0])
    for pattern in lexicon.patterns:
        key = pattern.sub(" | ", key)
    if lexicon.phrases is not None:
        key = lexicon.phrases.blank(" ".join(key.split()))
    return " ".join(w for w in key.split() if w != "|" and w not in lexicon.words)


# --- named entities ---------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+|[^\w\s]", re.UNICODE)


def _entities(
    raw: str, lexicon: MatchLexicon, *, subject: bool = True
) -> dict[str, frozenset[str]]:
    """Category → folded names read after marker words (``subject``: a subject line, where
    the ``subject_only`` categories are read too)."""
    shown = normalize(strip_subject_prefix(raw))
    has_case = shown != shown.lower() and shown != shown.upper()
    tokens = _TOKEN.findall(shown)
    tokens = [t for k, t in enumerate(tokens) if t != "&" or k in (0, len(tokens) - 1)]
    words, origin = expand_abbreviations([fold(t) or "|" for t in tokens], lexicon)
    capital = [tokens[o][:1].isupper() or tokens[o].isdigit() for o in origin]
    # a word in capitals opens a heading ("UBND HUYỆN …"), unless it is an abbreviation
    heading = [
        len(tokens[o]) > 1 and tokens[o].isupper() and w == fold(tokens[o])
        for w, o in zip(words, origin)
    ]
    cased = [
        (tokens[o] if _capitalised_name(w, tokens[o], lexicon) else casefold(tokens[o]))
        if (w,) in lexicon.exact
        else w
        for w, o in zip(words, origin)
    ]
    if lexicon.ignore is not None:
        for start, end, _ in lexicon.ignore.spans(words):
            words[start:end] = ["|"] * (end - start)
    found: dict[str, set[str]] = {}
    named: list[tuple[int, str, str]] = []  # (marker index, category, name)
    i, n = 0, len(words)
    while i < n:
        hit = _marker_at(words, i, lexicon, cased)
        if hit is None:
            i += 1
            continue
        category, size = hit
        j = i + size
        if has_case and heading[i]:  # a heading in capitals
            i = j
            continue
        if category in lexicon.subject_only and not subject:
            i = j
            continue
        j = _skip_forms(words, j, lexicon.skip.get(category, ()))
        if category in lexicon.numeric:
            if i >= 2 and words[i - 2] == "thang" and words[i - 1].isdigit():
                i = j  # "ngày 05 tháng 01 năm 2024": a date, not a period
                continue
            if j < n and (words[j].isdigit() or _ROMAN.fullmatch(words[j])):
                found.setdefault(category, set()).add(words[j])
            i = j
            continue
        name: list[str] = []
        for form, canonical in lexicon.qualifiers.get(category, ()):
            if tuple(words[j : j + len(form)]) == form:
                name.append(canonical)
                j += len(form)
                break
        if not name and _marker_at(words, j, lexicon, cased) is not None:
            i = j  # "dự án Khu đô thị …": the inner marker names it
            continue
        if has_case and not name and j < n and not capital[j]:
            j = _reach_name(words, j, capital, lexicon.reach.get(category, 0), lexicon, cased)
        if has_case:
            run = 0
            bridge = lexicon.bridge.get(category, 0)
            while j < n and run < lexicon.max_words and words[j] != "|":
                if not capital[j]:  # "Xi măng Long Sơn": lower-case words inside a name
                    ahead = _bridged(words, j, capital, bridge, lexicon, cased) if run else j
                    if ahead == j:
                        break
                    name.extend(words[j:ahead])
                    run += ahead - j
                    j = ahead
                    continue
                if (run or name) and words[j] in lexicon.marker_starts and _marker_at(
                    words, j, lexicon, cased
                ):
                    break
                name.append(words[j])
                run += 1
                j += 1
        elif category not in lexicon.case_only:
            while j < n and len(name) < lexicon.words_without_case:
                word = words[j]
                if word == "|" or word in lexicon.words or _marker_at(words, j, lexicon, cased):
                    break
                name.append(word)
                j += 1
        if name:
            found.setdefault(category, set()).add(" ".join(name))
            named.append((i, category, " ".join(name)))
        i = max(j, i + 1)
    if lexicon.periods is not None:
        periods = {lexicon.period_names[p] for p in lexicon.periods.hits(" ".join(words))}
        if not periods and "year" in found and "cả năm" in lexicon.period_names.values():
            periods = {"cả năm"}
        if periods:
            found["period"] = periods
    if lexicon.route:  # "đường nối thành phố Thanh Hóa với huyện Ngọc Lặc": the route's ends
        starts = [k for k, o in enumerate(origin) if casefold(tokens[o]) in lexicon.route]
        ends = {
            name
            for at, category, name in named
            if starts and at > starts[0] and category in lexicon.route_places
        }
        if ends:
            found["route"] = ends
    return {category: frozenset(names) for category, names in found.items()}


def _capitalised_name(word: str, token: str, lexicon: MatchLexicon) -> bool:
    """Whether a one-word marker written with a capital is part of a name ("hồ chứa nước Sông
    Mực"), for the categories whose markers are lower-case words."""
    return token[:1].isupper() and lexicon.markers.get((word,)) in lexicon.lower_case_markers


_ROMAN = re.compile(r"[ivx]{1,5}")  # "khóa XV", "Đại hội lần thứ XX"


def _kinds(raw: str, lexicon: MatchLexicon) -> dict[str, frozenset[str]]:
    """Category → the terms of each closed vocabulary (``kinds`` of entities.yaml) a text
    names: the beneficiary, the levy, the disease, the disaster …"""
    if lexicon.kinds is None or not raw:
        return {}
    words = expand_abbreviations(fold(raw).split(), lexicon)[0]
    found: dict[str, set[str]] = {}
    for form in lexicon.kinds.hits(" ".join(words)):
        category, term = lexicon.kind_of[form]
        found.setdefault(category, set()).add(term)
    return {category: frozenset(terms) for category, terms in found.items()}


def _bridged(
    words: list[str],
    j: int,
    capital: list[bool],
    bridge: int,
    lexicon: MatchLexicon,
    cased: list[str],
) -> int:
    """Where a capitalised name goes on after up to ``bridge`` lower-case words inside it
    ("Xi măng Long Sơn"); ``j`` itself when it does not."""
    for at in range(j, min(j + bridge + 1, len(words))):
        word = words[at]
        if word == "|" or word in lexicon.words or _marker_at(words, at, lexicon, cased):
            return j
        if capital[at]:
            return at
    return j


def _reach_name(
    words: list[str],
    j: int,
    capital: list[bool],
    reach: int,
    lexicon: MatchLexicon,
    cased: list[str],
) -> int:
    """Where a capitalised name starts after up to ``reach`` lower-case descriptive words
    ("Khu du lịch sinh thái biển Hải Tiến"); ``j`` itself when there is none."""
    for at in range(j, min(j + reach + 1, len(words))):
        word = words[at]
        if word == "|" or word in lexicon.words or _marker_at(words, at, lexicon, cased):
            break
        if capital[at]:
            return at
    return j


def _marker_at(
    words: list[str], i: int, lexicon: MatchLexicon, cased: list[str] | None = None
) -> tuple[str, int] | None:
    if i >= len(words) or words[i] not in lexicon.marker_starts:
        return None
    for marker, category in lexicon.markers.items():
        if tuple(words[i : i + len(marker)]) == marker:
            exact = lexicon.exact.get(marker)
            if exact is not None and cased is not None and tuple(cased[i : i + len(marker)]) != exact:
                continue  # "Bá" (a name) is not "bà" (a person marker)
            return category, len(marker)
    return None


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


@lru_cache(maxsize=8192)
def _directive(subject: str, content: str) -> tuple[tuple[str, ...], dict[str, frozenset[str]]]:
    lexicon = _default_match_lexicon()
    keys = (
        _content_key(subject, lexicon, subject=True),
        _content_key(content, lexicon, subject=False),
    )
    entities = _entities(subject, lexicon)
    for found in (_entities(content, lexicon, subject=False), _kinds(subject, lexicon),
                  _kinds(content, lexicon)):
        for category, names in found.items():
            entities[category] = entities.get(category, frozenset()) | names
    return keys, entities


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
    return [s for s in find_symbols(raw) if s.valid] if raw else []


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
    directive_keys, directive_entities = _directive(task_subject, task_content)
    subject_score = _subject_similarity(
        _content_key(result_subject, lexicon, subject=True), directive_keys
    )
    own = parse_symbol(result_symbol) if result_symbol else None
    task = parse_symbol(task_symbol) if task_symbol else None
    distinguishing = _differences(
        directive_entities,
        {**_entities(result_subject, lexicon), **_kinds(result_subject, lexicon)},
        lexicon,
    )
    distinguishing += _differences(
        _documents(task_subject, task), _documents(result_subject, own, task)
    )
    text_score = None
    if text is not None:
        text_score = _text_similarity(_content_key(text, lexicon, subject=False), directive_keys)
        distinguishing += tuple(
            d
            for d in _differences(
                directive_entities, _entities(text[:2000], lexicon, subject=False), lexicon
            )
            if d not in distinguishing
        )

    approvals = [s for reason in reasons for s in _citations(reason)]

    def is_task(symbol: Any) -> bool:
        return task is not None and same_document(symbol, task)

    cited: dict[str, None] = {}
    others: dict[str, None] = {}
    cites_task = cites_extension = text_cites_task = False
    for source, symbols in (("subject", _citations(result_subject)), ("text", _citations(text or ""))):
        for symbol in symbols:
            if own is not None and own.valid and same_document(symbol, own):
                continue
            cited.setdefault(symbol.normalized, None)
            if is_task(symbol):
                cites_task = True
                text_cites_task |= source == "text"
            elif any(same_document(symbol, a) for a in approvals):
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
