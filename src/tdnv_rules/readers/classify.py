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
from functools import lru_cache, reduce
from itertools import compress
from operator import or_
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tdnv_rules.symbols import parse_symbol
from tdnv_rules.text import fold, strip_subject_prefix

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

    __slots__ = ("_ahead", "_by_first", "_has_family", "_viable", "phrases")

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
        self._by_first = {
            word: tuple(
                (index, parts, _need_bits(parts), len(parts) == 1, _probes(word, parts[0][1]))
                for index, parts in c
            )
            for word, c in by_first.items()
        }
        # for a first word with many phrases: the bits of all they need
        self._ahead = {
            word: reduce(or_, (needed for _, _, needed, _, _ in c), 0)
            for word, c in self._by_first.items()
            if len(c) > _FEW_PHRASES
        }
        self._viable: dict[tuple[str, int], tuple[Candidate, ...]] = {}

    def _candidates(self, first: str, present: int) -> tuple[Candidate, ...]:
        """The phrases that open with ``first`` and need no word missing from ``present``."""
        bits = self._ahead.get(first)
        if bits is None:
            return self._by_first[first]
        key = (first, bits & present)
        viable = self._viable.get(key)
        if viable is None:
            viable = tuple(c for c in self._by_first[first] if c[2] & present == c[2])
            if len(self._viable) >= _VIABLE_KEPT:
                self._viable.clear()
            self._viable[key] = viable
        return viable

    def _scan(
        self, words: list[str], present: int | None = None
    ) -> list[tuple[int, int, int, tuple[str, ...]]]:
        """(start, end, phrase index, family members found) of each match, left to right.

        ``present``: :func:`_present_bits` of ``words`` or of a list holding them all, when
        known (else worked out only if a phrase with a gap is tried)."""
        by_first = self._by_first
        if by_first.keys().isdisjoint(words):  # most keys hold no phrase's first word
            return []
        starts = list(compress(range(len(words)), map(by_first.__contains__, words)))
        return self._scan_from(words, starts, present)

    def _scan_from(
        self, words: list[str], starts: list[int], present: int | None = None
    ) -> list[tuple[int, int, int, tuple[str, ...]]]:
        """:meth:`_scan`, trying only ``starts`` (the words that open a phrase, in order).

        A phrase is tried only where the words right after the first are ones it can have
        (its probes) and, with ``present`` known or for a phrase with a gap, when the key
        holds every word it needs further on."""
        found = []
        i, n = 0, len(words)
        for start in starts:
            if start < i:
                continue
            first = words[start]
            candidates = self._by_first[first] if present is None else self._candidates(first, present)
            for index, parts, needed, single, probes in candidates:
                for offset, allowed in probes:  # a word that must follow is not there
                    at = start + offset
                    if at >= n or words[at] not in allowed:
                        break
                else:
                    probes = ()
                if probes:
                    continue
                chosen: list[str] = []
                if single:
                    end = _match_slots(words, start, parts[0][1], chosen)
                else:
                    if present is None:
                        present = _present_bits(words)
                    if needed & present != needed:
                        continue  # a word every match needs is missing
                    end = _match_parts(words, start, parts, chosen)
                if end >= 0:
                    found.append((start, end, index, tuple(chosen)))
                    i = end
                    break
        return found

    def _match_first(self, words: list[str], present: int) -> int | None:
        """The index of the phrase that matches at the first word, if any."""
        for index, parts, needed, _, _ in self._by_first.get(words[0], ()) if words else ():
            if needed & present == needed and _match_parts(words, 0, parts) >= 0:
                return index
        return None

    def spans(self, words: list[str]) -> list[tuple[int, int, int]]:
        """(start, end, phrase index) of each non-overlapping match, left to right."""
        return [(start, end, index) for start, end, index, _ in self._scan(words)]

    def hits(self, key: str) -> tuple[str, ...]:
        """The lexicon phrases found in a folded key, in order of appearance (a phrase with
        word families shows the members found in their place)."""
        return self._phrases(self._scan(key.split()))

    def _phrases(self, scan: list[tuple[int, int, int, tuple[str, ...]]]) -> tuple[str, ...]:
        """The phrases of a scan's matches, as :meth:`hits` reports them."""
        out = []
        for _, _, index, chosen in scan:
            phrase = self.phrases[index]
            if self._has_family[index]:
                pieces = _FAMILY_REF.split(phrase)  # text, family name, text, …
                pieces[1::2] = (chosen + ("",) * len(pieces))[: len(pieces[1::2])]
                phrase = "".join(pieces)
            out.append(phrase)
        return tuple(out)

    def blank(self, key: str) -> str:
        """The folded key with every match replaced by ``|``, which no phrase can cross."""
        return " ".join(self._blank_words(key.split()))

    def _blank_words(self, words: list[str], present: int | None = None) -> list[str]:
        """``words`` (changed in place) with every match replaced by one ``|``."""
        for start, end, _, _ in reversed(self._scan(words, present)):
            words[start:end] = ["|"]
        return words


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


# What a phrase needs past its first word: each literal word, and for each family slot one of
# its members' first words. Every need has a bit (shared by all compiled phrases); a word has
# the bits of the needs it meets, so one AND tells whether a key holds all a phrase needs.
_NEED_BIT: dict[frozenset[str], int] = {}
_WORD_BITS: dict[str, int] = {}


def _need_bits(parts: Parts) -> int:
    """The bits of what a key must hold, past the first word, for ``parts`` to match in it."""
    needs = {frozenset(slot) for _, part in parts for slot in part[1:]}
    needs.update(frozenset(part[0]) for _, part in parts[1:])
    bits = 0
    for need in sorted(needs, key=sorted):
        bit = _NEED_BIT.get(need)
        if bit is None:
            bit = _NEED_BIT[need] = 1 << len(_NEED_BIT)
            for word in need:
                _WORD_BITS[word] = _WORD_BITS.get(word, 0) | bit
        bits |= bit
    return bits


_PROBE_WORDS = 3  # how far past the first word a phrase's next words are checked
_PROBE_SEQUENCES = 512  # word sequences enumerated at most, per phrase and first word
_FEW_PHRASES = 3  # a first word with more phrases has them filtered by the words after it
_VIABLE_KEPT = 16384  # filtered phrase lists kept per pattern (by the words present)
# (phrase index, parts, needed bits, single part, probes)
Candidate = tuple[int, "Parts", int, bool, tuple[tuple[int, frozenset[str]], ...]]


def _probes(first: str, slots: tuple[Slot, ...]) -> tuple[tuple[int, frozenset[str]], ...]:
    """(offset, the words that can stand there) for the first words after ``first`` that
    every match of the gap-free ``slots`` opening with ``first`` must have."""
    sequences = {words for words, _ in slots[0].get(first, ())}
    for slot in slots[1:]:
        longer = {
            sequence + words if len(sequence) <= _PROBE_WORDS else sequence
            for sequence in sequences
            for alternatives in slot.values()
            for words, _ in alternatives
        }
        if len(longer) > _PROBE_SEQUENCES:
            break
        sequences = longer
    shortest = min((len(sequence) for sequence in sequences), default=0)
    return tuple(
        (offset, frozenset(sequence[offset] for sequence in sequences))
        for offset in range(1, min(shortest, _PROBE_WORDS + 1))
    )


def _present_bits(words: Iterable[str]) -> int:
    """The bits of the needs the words meet."""
    return reduce(or_, filter(None, map(_WORD_BITS.get, words)), 0)


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


class _Reading:
    """One folded key read against the lexicon, each kind's negatives blanked and its
    phrases scanned at most once, however many questions the decision asks.

    Blanking only turns words into ``|``, which no match crosses: a match in the blanked
    words is a match of the same words in the key. So a pattern that finds nothing in the
    key finds nothing once its negatives are blanked, and negatives are blanked only for a
    pattern that found something."""

    __slots__ = ("_blanked", "_cues", "_present", "_scans", "_unique", "words")

    def __init__(self, lexicon: Lexicon, key: str) -> None:
        self._cues = lexicon.cues
        self.words = key.split()
        self._unique = frozenset(self.words)
        self._present: int | None = None
        self._blanked: dict[str, list[str]] = {}
        self._scans: dict[tuple[str, bool], list[tuple[int, int, int, tuple[str, ...]]]] = {}

    def present(self) -> int:
        """:func:`_present_bits` of the key's words (blanking only takes words away)."""
        if self._present is None:
            self._present = _present_bits(self.words)
        return self._present

    def _find(
        self, pattern: PhrasePattern, words: list[str]
    ) -> list[tuple[int, int, int, tuple[str, ...]]]:
        by_first = pattern._by_first
        if words is self.words:
            common = by_first.keys() & self._unique
            if not common:
                return []
            if len(common) == 1:  # one opening word: where it stands
                (word,) = common
                at = words.index(word)
                starts = [at]
                if words.count(word) > 1:
                    starts = [k for k in range(at, len(words)) if words[k] == word]
            else:
                starts = list(compress(range(len(words)), map(by_first.__contains__, words)))
        elif by_first.keys().isdisjoint(words):
            return []
        else:
            starts = list(compress(range(len(words)), map(by_first.__contains__, words)))
        return pattern._scan_from(words, starts, self.present())

    def blanked(self, kind: str) -> list[str]:
        """The key's words with the negative cues of ``kind`` blanked (do not change them)."""
        words = self._blanked.get(kind)
        if words is None:
            negative = self._cues[kind].negative
            words = self.words
            if negative is not None:
                found = self._find(negative, words)
                if found:
                    words = list(words)
                    for start, end, _, _ in reversed(found):
                        words[start:end] = ["|"]
            self._blanked[kind] = words
        return words

    def _scan(self, kind: str, weak: bool = False) -> list[tuple[int, int, int, tuple[str, ...]]]:
        found = self._scans.get((kind, weak))
        if found is None:
            cues = self._cues[kind]
            pattern = cues.weak if weak else cues.positive
            found = self._find(pattern, self.words)
            if found:
                blanked = self.blanked(kind)
                if blanked is not self.words:
                    found = self._find(pattern, blanked)
            self._scans[(kind, weak)] = found
        return found

    def hits(self, kind: str) -> tuple[str, ...]:
        """As :meth:`Lexicon.hits`."""
        return self._cues[kind].positive._phrases(self._scan(kind))

    def first(self, kind: str) -> int:
        """As :meth:`Lexicon.first`."""
        found = self._scan(kind)
        return found[0][0] if found else len(self.blanked(kind))

    def weak_hits(self, kind: str) -> tuple[str, ...]:
        """As :meth:`Lexicon.weak_hits`."""
        weak = self._cues[kind].weak
        return () if weak is None else weak._phrases(self._scan(kind, weak=True))

    def opening(self, kind: str) -> tuple[str, ...]:
        """As :meth:`Lexicon.opening`: the phrase that matches at the first word."""
        openings = self._cues[kind].openings
        if openings is None or openings._match_first(self.words[:LONG_GAP_WORDS], self.present()) is None:
            return ()
        index = openings._match_first(self.blanked(kind)[:LONG_GAP_WORDS], self.present())
        return () if index is None else (openings.phrases[index],)


_short_stripped = lru_cache(maxsize=4096)(strip_subject_prefix)
_STRIPPED_KEPT = 2000  # longest subject whose stripped form is kept


def _stripped_subject(subject: str) -> str:
    """``strip_subject_prefix(subject)``, kept for the subjects read lately (the matcher
    reads the same result subjects as the classifier)."""
    if len(subject) > _STRIPPED_KEPT:
        return strip_subject_prefix(subject)
    return _short_stripped(subject)


@lru_cache(maxsize=65536)
def _classify(doc_type: str, code: str, subject: str, text: str) -> Classification:
    lexicon = _default_lexicon()
    reading = _Reading(lexicon, fold(_stripped_subject(subject)))  # subject_key(subject)
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

    opening = reading.opening("other") if type_kind != "final_report" else ()
    if opening:
        return decide("other", "subject_opening", opening)
    extension = reading.hits("extension_request")
    if extension:
        return decide("extension_request", "subject_request", extension)
    opinion = reading.hits("opinion_request") if type_kind != "other" else ()
    if opinion:
        return decide("opinion_request", "subject_request", opinion)
    if type_kind == "other":
        return decide("other", "type_other", ())
    report = reading.hits("final_report")
    non_report = reading.hits("other")
    if non_report and (
        not report or reading.first("other") < reading.first("final_report")
    ):  # "V/v hướng dẫn các huyện …" is other; "Báo cáo kết quả hướng dẫn các huyện …" is not
        return decide("other", "subject_other", non_report)
    progress = reading.hits("progress_report")
    if progress:
        return decide("progress_report", "subject_progress", progress)
    if type_kind == "final_report":
        return decide("final_report", "type_report", report)
    for kind in ("extension_request", "opinion_request"):  # in doubt, a request
        found = reading.weak_hits(kind)
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
