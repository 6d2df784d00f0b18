"""What kind of document a result is: an extension request, an opinion request, a progress
report, the final report, or something else.

The phrases live as data in ``rules/lexicon/<kind>.yaml``; they are written as Vietnamese prose,
folded with :func:`tdnv_rules.text.fold` when loaded, and matched on folded keys only, so a
subject without diacritics, in capitals, in NFD or with the old tone placement reads the same.
A phrase may name word families of its file (``<request> … <shift> <time>``: a request word,
then within a few words a change of a time limit), so one line covers a family of phrasings.

The order of decision is chosen so that a request is never read as the final report:

0. a subject that opens with the unit's own instruction to its staff or subordinate bodies
   (``openings`` of ``non-report.yaml``: "Hướng dẫn các đơn vị …", "V/v tăng cường …") →
   ``other``, whatever it mentions later, unless the type code is a report's;
1. an extension cue in the subject → ``extension_request``;
2. an opinion cue in the subject → ``opinion_request`` (unless the document type is a
   non-report: an invitation or plan that mentions opinions is still an invitation or plan);
3. a non-report type code or document type (GM, KH, QĐ, TB …) → ``other``;
4. a non-report cue in the subject (specific phrases: invitations, internal assignments,
   instructions to subordinates, work schedules) → ``other``, unless a report cue comes first
   ("Báo cáo kết quả hướng dẫn các huyện …");
5. a progress cue in the subject → ``progress_report``;
6. a report type code (BC, TTr) → ``final_report``;
7. a weak request cue in the subject (an ask and a time word anywhere) → that request: in
   doubt, a request is never read as the final report;
8. when the subject gave no cue at all, the opening of the attached text (weaker evidence)
   may show a request or progress cue;
9. otherwise a Công văn answers the task by its subject → ``final_report``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tdnv_rules.symbols import parse_symbol
from tdnv_rules.text import fold, subject_key

__all__ = [
    "KINDS",
    "LEXICON_FILES",
    "Classification",
    "Kind",
    "Lexicon",
    "LexiconError",
    "LexiconFile",
    "classify_result",
    "compile_phrases",
    "PhrasePattern",
    "load_lexicon",
]

Kind = Literal["extension_request", "opinion_request", "progress_report", "final_report", "other"]
KINDS: tuple[str, ...] = (
    "extension_request",
    "opinion_request",
    "progress_report",
    "final_report",
    "other",
)
LEXICON_FILES: dict[str, str] = {
    "extension_request": "extension-request.yaml",
    "opinion_request": "opinion-request.yaml",
    "progress_report": "progress-report.yaml",
    "final_report": "final-report.yaml",
    "other": "non-report.yaml",
}

GAP = "…"  # in a phrase: up to GAP_WORDS words in between
GAP_WORDS = 6
LONG_GAP = "……"  # in a phrase: up to LONG_GAP_WORDS words in between
LONG_GAP_WORDS = 20
TEXT_OPENING_CHARS = 2000  # how much of an attachment's text is read for cues

# confidence of each decision path
_CONFIDENCE = {
    "subject_request": 0.95,
    "subject_request_typed_other": 0.85,
    "type_other": 0.9,
    "subject_other": 0.75,
    "subject_opening": 0.8,
    "subject_weak_request": 0.6,
    "subject_progress": 0.8,
    "type_report": 0.9,
    "text_request": 0.6,
    "text_progress": 0.55,
    "subject_report": 0.8,
    "default_report": 0.6,
}


class LexiconError(ValueError):
    """A lexicon file is missing or invalid; the message names the file and the field."""


class LexiconFile(BaseModel):
    """One ``rules/lexicon/<kind>.yaml`` file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    description: str = Field(min_length=1)
    families: dict[str, tuple[str, ...]] = Field(
        default_factory=dict, description="word families: ``<name>`` in a phrase is any of them"
    )
    phrases: tuple[str, ...] = Field(min_length=1, description="positive cues")
    negative: tuple[str, ...] = Field(default=(), description="cues that cancel a positive")
    openings: tuple[str, ...] = Field(
        default=(), description="cues that decide only at the start of the subject"
    )
    weak: tuple[str, ...] = Field(
        default=(), description="weaker cues: they only overrule a final_report read by default"
    )
    type_codes: tuple[str, ...] = Field(default=(), description="symbol type codes of this kind")
    doc_types: tuple[str, ...] = Field(default=(), description="document type names")

    @field_validator("families")
    @classmethod
    def _families(cls, values: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, members in values.items():
            if not re.fullmatch(r"[a-z_]+", name):
                raise ValueError(f"family name {name!r} is not lower-case letters and _")
            if not members or not all(fold(m).split() for m in members):
                raise ValueError(f"family {name!r} is empty or has an empty member once folded")
        return values

    @field_validator("phrases", "negative", "weak", "openings", "doc_types")
    @classmethod
    def _foldable(cls, values: tuple[str, ...], info: Any) -> tuple[str, ...]:
        families = info.data.get("families") or {}
        for value in values:
            if not all(slots for _, slots in _phrase_parts(value, families)):
                raise ValueError(f"phrase {value!r} has an empty part once folded")
        return values

    @field_validator("type_codes")
    @classmethod
    def _codes(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not re.fullmatch(r"[a-z]+", fold(value)):
                raise ValueError(f"type code {value!r} is not a single word of letters")
        return values


def compile_phrases(
    phrases: Iterable[str], families: dict[str, tuple[str, ...]] | None = None
) -> PhrasePattern | None:
    """Compile phrases for matching on folded keys (None for no phrases).

    ``…`` in a phrase allows a gap of up to ``GAP_WORDS`` words, ``……`` of up to
    ``LONG_GAP_WORDS``; ``<name>`` stands for any member of the word family ``name`` (longest
    member first). At each word the longest phrase is tried first; matches do not overlap; each
    match reports the phrase as written, its families replaced by the members found."""
    items = tuple(dict.fromkeys(phrases))
    if not items:
        return None
    return PhrasePattern(items, families or {})


class PhrasePattern:
    """Phrases indexed by their first word, matched word by word on a folded key."""

    __slots__ = ("_by_first", "_has_family", "phrases")

    def __init__(
        self, phrases: tuple[str, ...], families: dict[str, tuple[str, ...]] | None = None
    ) -> None:
        self.phrases = phrases
        self._has_family = tuple(bool(_FAMILY_REF.search(p)) for p in phrases)
        by_first: dict[str, list[tuple[int, Parts]]] = {}
        for index, phrase in enumerate(phrases):
            parts = _phrase_parts(phrase, families or {})
            for first in parts[0][1][0]:
                by_first.setdefault(first, []).append((index, parts))
        for candidates in by_first.values():  # longest first; a literal before a family
            candidates.sort(key=lambda item: (-_least_words(item[1]), self._has_family[item[0]]))
        self._by_first = {word: tuple(c) for word, c in by_first.items()}

    def _scan(self, words: list[str]) -> list[tuple[int, int, int, tuple[str, ...]]]:
        """(start, end, phrase index, family members found) of each match, left to right."""
        found = []
        i, n = 0, len(words)
        while i < n:
            end = -1
            for index, parts in self._by_first.get(words[i], ()):
                chosen: list[str] = []
                end = _match_parts(words, i, parts, chosen)
                if end >= 0:
                    found.append((i, end, index, tuple(chosen)))
                    break
            i = end if end > i else i + 1
        return found

    def spans(self, words: list[str]) -> list[tuple[int, int, int]]:
        """(start, end, phrase index) of each non-overlapping match, left to right."""
        return [(start, end, index) for start, end, index, _ in self._scan(words)]

    def hits(self, key: str) -> tuple[str, ...]:
        """The lexicon phrases found in a folded key, in order of appearance (a phrase with
        word families shows the members found in their place)."""
        out = []
        for _, _, index, chosen in self._scan(key.split()):
            phrase = self.phrases[index]
            if self._has_family[index]:
                pieces = _FAMILY_REF.split(phrase)  # text, family name, text, …
                pieces[1::2] = (chosen + ("",) * len(pieces))[: len(pieces[1::2])]
                phrase = "".join(pieces)
            out.append(phrase)
        return tuple(out)

    def blank(self, key: str) -> str:
        """The folded key with every match replaced by ``|``, which no phrase can cross."""
        words = key.split()
        for start, end, _ in reversed(self.spans(words)):
            words[start:end] = ["|"]
        return " ".join(words)


_FAMILY_REF = re.compile(r"<([^<>\s]*)>")
# one word slot: first word → its alternatives (folded words, family member as written or ""
# for a literal word), longest first
Slot = dict[str, tuple[tuple[tuple[str, ...], str], ...]]
Parts = tuple[tuple[int, tuple[Slot, ...]], ...]


def _slot(members: Iterable[tuple[tuple[str, ...], str]]) -> Slot:
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for member in sorted((m for m in members if m[0]), key=lambda m: -len(m[0])):
        by_first.setdefault(member[0][0], []).append(member)
    return {first: tuple(alternatives) for first, alternatives in by_first.items()}


def _slots(text: str, families: dict[str, tuple[str, ...]]) -> tuple[Slot, ...]:
    """The word slots of one gap-free part: literal words, and ``<family>`` alternatives."""
    slots: list[Slot] = []
    at = 0
    for ref in _FAMILY_REF.finditer(text):
        slots.extend(_slot([((word,), "")]) for word in fold(text[at : ref.start()]).split())
        name = ref.group(1)
        if name not in families:
            raise ValueError(f"phrase {text!r} names an unknown word family <{name}>")
        slots.append(_slot((tuple(fold(m).split()), m) for m in families[name]))
        at = ref.end()
    slots.extend(_slot([((word,), "")]) for word in fold(text[at:]).split())
    return tuple(slot for slot in slots if slot)


def _phrase_parts(phrase: str, families: dict[str, tuple[str, ...]] | None = None) -> Parts:
    """Split a phrase at its gaps: ((gap before, word slots), …); the first gap is 0."""
    parts: list[tuple[int, tuple[Slot, ...]]] = []
    for i, chunk in enumerate(phrase.split(LONG_GAP)):
        for j, part in enumerate(chunk.split(GAP)):
            gap = 0 if not parts else (LONG_GAP_WORDS if j == 0 and i > 0 else GAP_WORDS)
            parts.append((gap, _slots(part, families or {})))
    return tuple(parts)


def _least_words(parts: Parts) -> int:
    return sum(
        min(len(words) for alternatives in slot.values() for words, _ in alternatives)
        for _, slots in parts
        for slot in slots
    )


def _match_slots(words: list[str], at: int, slots: tuple[Slot, ...], chosen: list[str]) -> int:
    """End index of ``slots`` matched at ``at`` (members found appended to ``chosen``), or -1."""
    n = len(words)
    for slot in slots:
        if at >= n:
            return -1
        for alternative, written in slot.get(words[at], ()):
            size = len(alternative)
            if size == 1 or tuple(words[at : at + size]) == alternative:
                if written:  # a family member, not a literal word
                    chosen.append(written)
                at += size
                break
        else:
            return -1
    return at


def _match_parts(words: list[str], start: int, parts: Parts, chosen: list[str] | None = None) -> int:
    """End index of ``parts`` matched from ``start`` (with their gaps), or -1."""
    found: list[str] = [] if chosen is None else chosen
    end = _match_slots(words, start, parts[0][1], found)
    if end < 0:
        return -1
    for gap, slots in parts[1:]:
        first = slots[0]
        for at in range(end, min(end + gap, len(words) - 1) + 1):
            if at > end and words[at - 1] == "|":
                return -1
            if words[at] not in first:
                continue
            mark = len(found)
            stop = _match_slots(words, at, slots, found)
            if stop >= 0:
                end = stop
                break
            del found[mark:]
        else:
            return -1
    return end


@dataclass(frozen=True, slots=True)
class _KindCues:
    kind: str
    positive: PhrasePattern
    negative: PhrasePattern | None
    type_codes: frozenset[str]
    doc_types: frozenset[str]
    weak: PhrasePattern | None = None
    openings: PhrasePattern | None = None

    def opening(self, key: str) -> tuple[str, ...]:
        """The opening cue the key starts with, if any (negatives removed first)."""
        if self.openings is None:
            return ()
        if self.negative is not None:
            key = self.negative.blank(key)
        found = self.openings.spans(key.split()[:LONG_GAP_WORDS])
        return (self.openings.phrases[found[0][2]],) if found and found[0][0] == 0 else ()

    def hits(self, key: str) -> tuple[str, ...]:
        if self.negative is not None:
            key = self.negative.blank(key)
        return self.positive.hits(key)

    def weak_hits(self, key: str) -> tuple[str, ...]:
        if self.weak is None:
            return ()
        if self.negative is not None:
            key = self.negative.blank(key)
        return self.weak.hits(key)

    def first(self, key: str) -> int:
        """Word index where the first positive cue starts (the key's length when none)."""
        words = (self.negative.blank(key) if self.negative is not None else key).split()
        spans = self.positive.spans(words)
        return spans[0][0] if spans else len(words)


class Lexicon:
    """The five kinds' cues, compiled once."""

    def __init__(self, files: dict[str, LexiconFile]) -> None:
        self.files = files
        self.cues: dict[str, _KindCues] = {}
        self._type_kind: dict[str, str] = {}
        self._doc_type_kind: dict[str, str] = {}
        for kind in KINDS:
            spec = files[kind]
            self.cues[kind] = _KindCues(
                kind=kind,
                positive=compile_phrases(spec.phrases, spec.families),  # type: ignore[arg-type]
                negative=compile_phrases(spec.negative, spec.families),
                type_codes=frozenset(fold(code) for code in spec.type_codes),
                doc_types=frozenset(fold(name) for name in spec.doc_types),
                weak=compile_phrases(spec.weak, spec.families),
                openings=compile_phrases(spec.openings, spec.families),
            )
            for code in spec.type_codes:
                self._type_kind.setdefault(fold(code), kind)
            for name in spec.doc_types:
                self._doc_type_kind.setdefault(fold(name), kind)

    def hits(self, kind: str, key: str) -> tuple[str, ...]:
        """Positive phrases of ``kind`` in a folded key, after its negative cues are removed."""
        return self.cues[kind].hits(key)

    def opening(self, kind: str, key: str) -> tuple[str, ...]:
        """The opening phrase of ``kind`` a folded key starts with (empty when none)."""
        return self.cues[kind].opening(key)

    def weak_hits(self, kind: str, key: str) -> tuple[str, ...]:
        """Weak phrases of ``kind`` in a folded key, after its negative cues are removed."""
        return self.cues[kind].weak_hits(key)

    def first(self, kind: str, key: str) -> int:
        """Word index of the first positive cue of ``kind`` in a folded key (its length when
        there is none); the blanked negatives count as one word each."""
        return self.cues[kind].first(key)

    def kind_of_type_code(self, code: str | None) -> str | None:
        """The kind a symbol type code points to (``BC`` → final_report), if any."""
        return self._type_kind.get(fold(code)) if code else None

    def kind_of_doc_type(self, doc_type: str | None) -> str | None:
        """The kind a document type name points to (``Giấy mời`` → other), if any."""
        return self._doc_type_kind.get(fold(doc_type)) if doc_type else None


def _default_rules_dir() -> Path:
    """The ``rules/`` folder (``tdnv_rules.resources`` when present, else the source tree)."""
    try:
        from tdnv_rules.resources import rules_dir
    except ImportError:
        return Path(__file__).resolve().parents[3] / "rules"
    return rules_dir()


def _read_yaml(path: Path) -> object:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise LexiconError(f"{path}: cannot read lexicon file ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise LexiconError(f"{path}: not valid YAML ({error})") from error


def _validate(path: Path, data: object) -> LexiconFile:
    try:
        return LexiconFile.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in item['loc']) or '<file>'}: {item['msg']}"
            for item in error.errors()
        )
        raise LexiconError(f"{path}: {problems}") from None


def load_lexicon(directory: Path | str | None = None) -> Lexicon:
    """Load and compile the five lexicon files from ``directory`` (default ``rules/lexicon``).

    Raises :class:`LexiconError` naming the file and field on any problem."""
    if directory is None:
        return _default_lexicon()
    folder = Path(directory)
    files: dict[str, LexiconFile] = {}
    for kind, name in LEXICON_FILES.items():
        path = folder / name
        spec = _validate(path, _read_yaml(path))
        if spec.kind != kind:
            raise LexiconError(f"{path}: kind: {spec.kind!r} but this file holds {kind!r}")
        files[kind] = spec
    return Lexicon(files)


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return load_lexicon(_default_rules_dir() / "lexicon")


@dataclass(frozen=True, slots=True)
class Classification:
    """The kind of a result document, how sure, and what decided it."""

    kind: str
    confidence: float
    evidence: tuple[str, ...]


def _as_text(name: str, value: object) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise TypeError(f"classify_result: {name} must be a string, not {type(value).__name__}")
    return value


def classify_result(
    *,
    doc_type: str | None = None,
    symbol: str | None = None,
    subject: str | None,
    text: str | None = None,
) -> Classification:
    """Classify one result document by its subject, symbol type code, document type and
    (weaker) the opening of its attached text."""
    number = _as_text("symbol", symbol)
    # Only the number's type code counts: the cache is keyed by it, not by the (unique) number.
    return _classify(
        _as_text("doc_type", doc_type),
        (parse_symbol(number).type_code or "") if number else "",
        _as_text("subject", subject),
        _as_text("text", text),
    )


@lru_cache(maxsize=65536)
def _classify(doc_type: str, code: str, subject: str, text: str) -> Classification:
    lexicon = _default_lexicon()
    key = subject_key(subject)
    typed: list[str] = []
    type_kind = None
    if code:
        type_kind = lexicon.kind_of_type_code(code)
        typed.append(code)
    if doc_type:
        typed.append(doc_type)
        if type_kind is None:
            type_kind = lexicon.kind_of_doc_type(doc_type)

    def decide(kind: str, path: str, cues: tuple[str, ...]) -> Classification:
        return Classification(kind, _CONFIDENCE[path], tuple(dict.fromkeys(cues + tuple(typed))))

    opening = lexicon.opening("other", key)
    if opening and type_kind != "final_report":
        return decide("other", "subject_opening", opening)
    extension = lexicon.hits("extension_request", key)
    if extension:
        return decide("extension_request", "subject_request", extension)
    opinion = lexicon.hits("opinion_request", key)
    if opinion and type_kind != "other":
        return decide("opinion_request", "subject_request", opinion)
    if type_kind == "other":
        return decide("other", "type_other", ())
    report = lexicon.hits("final_report", key)
    non_report = lexicon.hits("other", key)
    if non_report and (
        not report or lexicon.first("other", key) < lexicon.first("final_report", key)
    ):  # "V/v hướng dẫn các huyện …" is other; "Báo cáo kết quả hướng dẫn các huyện …" is not
        return decide("other", "subject_other", non_report)
    progress = lexicon.hits("progress_report", key)
    if progress:
        return decide("progress_report", "subject_progress", progress)
    if type_kind == "final_report":
        return decide("final_report", "type_report", report)
    for kind in ("extension_request", "opinion_request"):  # in doubt, a request
        found = lexicon.weak_hits(kind, key)
        if found:
            return decide(kind, "subject_weak_request", found)
    if not report and text:
        opening = fold(text[:TEXT_OPENING_CHARS])
        for kind in ("extension_request", "opinion_request"):
            found = lexicon.hits(kind, opening)
            if found:
                return decide(kind, "text_request", tuple(f"text: {p}" for p in found))
        found = lexicon.hits("progress_report", opening)
        if found:
            return decide("progress_report", "text_progress", tuple(f"text: {p}" for p in found))
    if report:
        return decide("final_report", "subject_report", report)
    return decide("final_report", "default_report", ())
