"""The unit registry (YAML) and resolution of a written unit name to a registered unit.

A registry file has a top-level ``units:`` list; each entry is
``{id, name, kind, aliases, valid_from, valid_to, successors}`` (dates inclusive, ``null`` for
open). **Report order is file order**: iterating a :class:`Registry` yields the units in the
order the file lists them, and reports print their rows in that order. The bundled
``rules/units/thanh-hoa.yaml`` lists the 46 rows of the May-2024 monthly table first, then the
departments formed by the 2025 mergers; ``registry.as_of(day)`` keeps only the units that
existed that day (the 46 for any day of 2024).

Resolution (:meth:`Registry.resolve`) compares ``fold``ed keys after expanding the usual
abbreviations (UBND → ủy ban nhân dân, TP → thành phố, TX → thị xã) and dropping a trailing
"tỉnh [Thanh Hóa]": first the unit's name ("exact"), then its aliases and the forms derived
from them ("alias": "Sở GTVT" ↔ "SGTVT", "huyện Nga Sơn" for "UBND huyện Nga Sơn"), then a
fuzzy match (rapidfuzz) that must also hold on the distinctive part of the name, so that
"Như Thanh" is never taken for "Như Xuân" nor "Xã Nông Cống" for "UBND huyện Nông Cống".
A person's name never resolves fuzzily (:func:`looks_like_person`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from rapidfuzz import fuzz, process

from tdnv_rules.resources import rules_dir
from tdnv_rules.text import casefold, fold, normalize

__all__ = [
    "Kind",
    "Unit",
    "Resolution",
    "Registry",
    "RegistryError",
    "looks_like_person",
    "unit_key",
    "default_registry_path",
]

Kind = Literal["department", "board", "inspectorate", "district", "commune", "other"]
Method = Literal["exact", "alias", "fuzzy"]

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_THRESHOLD = 90.0
SUGGEST_FLOOR = 60.0


class RegistryError(ValueError):
    """A registry file that cannot be read or does not validate; the message names file and entry."""


class Unit(BaseModel):
    """One unit that tasks are assigned to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    name: str = Field(min_length=1)
    kind: Kind
    aliases: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Unit:
        if not normalize(self.name):
            raise ValueError("name is blank")
        if any(not normalize(alias) for alias in self.aliases):
            raise ValueError("an alias is blank")
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValueError(f"valid_from {self.valid_from} is after valid_to {self.valid_to}")
        if self.id in self.successors:
            raise ValueError("a unit cannot succeed itself")
        return self

    def valid_at(self, day: date) -> bool:
        """True when the unit existed on ``day`` (both ends inclusive; a datetime counts by its day)."""
        day = _day(day)
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved name: the unit, a score in 0–100 and how it was found."""

    unit: Unit
    score: float
    method: Method


# --- keys -----------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "tp": "thanh pho",
    "tx": "thi xa",
    "hdnd": "hoi dong nhan dan",
    "ptnt": "phat trien nong thon",
}
# Generic heads of a unit name (after expansion), longest first, with the level they name.
_HEADS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [
            ("uy ban nhan dan huyen", "district"),
            ("uy ban nhan dan thi xa", "district"),
            ("uy ban nhan dan thanh pho", "district"),
            ("huyen", "district"),
            ("thi xa", "district"),
            ("thanh pho", "district"),
            ("uy ban nhan dan xa", "commune"),
            ("uy ban nhan dan phuong", "commune"),
            ("uy ban nhan dan thi tran", "commune"),
            ("xa", "commune"),
            ("phuong", "commune"),
            ("thi tran", "commune"),
            ("uy ban nhan dan", "committee"),
            ("so", "department"),
            ("ban quan ly", "board"),
            ("ban", "board"),
            ("thanh tra", "inspectorate"),
            ("van thu", "clerk"),
            ("van phong", "office"),
            ("phong", "office"),
        ],
        key=lambda item: -len(item[0]),
    )
)
_PROVINCE_SUFFIX = re.compile(r"(?: tinh(?: thanh hoa)?| thanh hoa)$")
_CITY_OF_THANH_HOA = "thanh pho thanh hoa"
_COMMITTEE = "uy ban nhan dan "


def unit_key(name: str) -> str:
    """The matching key of a unit name: folded, abbreviations expanded, "và" and "tỉnh Thanh Hóa" dropped.

    "và" goes because "&" folds to a space: "Sở TN&MT" and "Sở TN và MT" share a key.
    """
    words = [_ABBREVIATIONS.get(word, word) for word in fold(name).split() if word != "va"]
    key = " ".join(words)
    if key.endswith(_CITY_OF_THANH_HOA):
        return key
    stripped = _PROVINCE_SUFFIX.sub("", key)
    return stripped or key


def _split_head(key: str) -> tuple[str, str, str]:
    """(level, head, tail) of a key: "uy ban nhan dan huyen nga son" → district, …, "nga son"."""
    for head, level in _HEADS:
        if key == head:
            return level, head, ""
        if key.startswith(head + " "):
            return level, head, key[len(head) + 1 :]
    return "", "", key


def _compact(key: str) -> str:
    return key.replace(" ", "")


def _derived_aliases(key: str) -> list[str]:
    """Further spellings of one key: without "UBND" or without the level, and S+code ↔ Sở+code."""
    found: list[str] = []
    level, _, tail = _split_head(key)
    if key.startswith(_COMMITTEE) and level in ("district", "commune"):
        found.append(key[len(_COMMITTEE) :])  # huyện Nga Sơn
        if level == "district" and tail:
            found.append(_COMMITTEE + tail)  # UBND Nga Sơn
    words = key.split()
    if len(words) == 2 and words[0] == "so" and len(words[1]) <= 10:
        found.append("s" + words[1])
    if len(words) == 1 and words[0].startswith("s") and not words[0].startswith("so") and 3 <= len(words[0]) <= 10:
        found.append("so " + words[0][1:])
    return found


@dataclass(frozen=True, slots=True)
class _Entry:
    """One searchable spelling of one unit."""

    position: int
    key: str
    level: str
    tail: str
    method: Method


# --- persons --------------------------------------------------------------------------------

_FAMILY_NAMES = frozenset(
    casefold(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Mai Đinh "
        "Lưu Tạ Cao Hà Lương Đào Đoàn Vương Trương Lâm Phùng Tô Triệu Thái Quách Chu Kiều Lại "
        "Đàm Nghiêm Tống Khổng Mạc Hứa Lò Cầm Lục Tôn Âu Kim Doãn Lã Từ Thân Giang La Ninh Tăng "
        "Ông Quản Bế Đồng Hàn Khúc Lạc Mạch Phí Trình Ứng Vi"
    ).split()
)
_FAMILY_NAMES_FOLDED = frozenset(fold(name) for name in _FAMILY_NAMES)
_UNIT_WORDS = frozenset(
    casefold(word)
    for word in "Sở UBND HĐND Ban Phòng Huyện Tỉnh Xã Phường Cục Viện Khu Đội Đảng".split()
)
_UNIT_WORDS_FOLDED = frozenset({"ubnd", "hdnd", "so", "huyen", "tinh", "phuong", "cuc", "tp", "tx"})
_UNIT_PHRASES = tuple(
    casefold(phrase)
    for phrase in (
        "Văn phòng", "Văn thư", "Thanh tra", "Thị xã", "Thị trấn", "Thành phố", "Ủy ban",
        "Công ty", "Trung tâm", "Chi cục", "Bệnh viện", "Công an", "Quân sự", "Hội đồng",
    )
)
_NAME_WORD = re.compile(r"^[^\W\d_]+$")


def looks_like_person(name: str) -> bool:
    """A heuristic: 2–5 capitalised words opening with a Vietnamese family name, no unit word."""
    if not isinstance(name, str):
        return False
    return _looks_like_person(name)


@lru_cache(maxsize=16384)
def _looks_like_person(name: str) -> bool:
    text = normalize(name)
    words = text.split(" ")
    if not 2 <= len(words) <= 5 or not all(_NAME_WORD.match(word) for word in words):
        return False
    title = all(word[0].isupper() and (word[1:].islower() or not word[1:]) for word in words)
    upper = all(word.isupper() for word in words)
    if not (title or upper):
        return False
    lowered = [casefold(word) for word in words]
    ascii_only = text.isascii()
    family = lowered[0] in _FAMILY_NAMES or (ascii_only and lowered[0] in _FAMILY_NAMES_FOLDED)
    if not family:
        return False
    if any(word in _UNIT_WORDS for word in lowered):
        return False
    if ascii_only and any(word in _UNIT_WORDS_FOLDED for word in lowered):
        return False
    joined = " ".join(lowered)
    return not any(f"{phrase} " in f"{joined} " for phrase in _UNIT_PHRASES)


# --- registry -------------------------------------------------------------------------------


class _RegistryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    units: list[Any]


def default_registry_path() -> Path:
    """The bundled registry: ``rules/units/thanh-hoa.yaml``."""
    return rules_dir() / "units" / "thanh-hoa.yaml"


def _describe(errors: list[dict[str, Any]]) -> str:
    parts = []
    for error in errors:
        where = ".".join(str(piece) for piece in error["loc"])
        text = error["msg"].removeprefix("Value error, ")
        parts.append(f"{where}: {text}" if where else text)
    return "; ".join(parts)


class Registry:
    """Units in report order, with name resolution. Build with :meth:`load` or :meth:`default`."""

    def __init__(
        self,
        units: list[Unit] | tuple[Unit, ...],
        *,
        source: str = "<registry>",
        known: dict[str, Unit] | None = None,
    ) -> None:
        """``known``: further units that successors may name (the whole registry of a view)."""
        self._units: tuple[Unit, ...] = tuple(units)
        self._source = source
        self._by_id: dict[str, Unit] = {}
        problems: list[str] = []
        for index, unit in enumerate(self._units):
            if unit.id in self._by_id:
                problems.append(f"{source}: units[{index}] (id {unit.id!r}): duplicate id")
            self._by_id.setdefault(unit.id, unit)
        self._known: dict[str, Unit] = {**(known or {}), **self._by_id}
        for index, unit in enumerate(self._units):
            for successor in unit.successors:
                if successor not in self._known:
                    problems.append(
                        f"{source}: units[{index}] (id {unit.id!r}): successor {successor!r} is not a unit"
                    )
        self._entries: list[_Entry] = []
        self._lookup: dict[str, list[_Entry]] = {}
        self._index(problems)
        if problems:
            raise RegistryError("\n".join(problems))
        self._fuzzy_keys = [entry.key for entry in self._entries]
        self._cached = lru_cache(maxsize=65536)(self._resolve_uncached)

    # construction ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Registry:
        """Read and validate a registry file; raises :class:`RegistryError` naming file and entry."""
        source = str(path)
        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml.load(handle, Loader=_YAML_LOADER)
        except OSError as error:
            raise RegistryError(f"{source}: cannot read registry ({error.strerror or error})") from None
        except yaml.YAMLError as error:
            raise RegistryError(f"{source}: not valid YAML ({error})") from None
        return cls.from_data(data, source=source)

    @classmethod
    def from_data(cls, data: object, *, source: str = "<registry>") -> Registry:
        """Validate already-parsed data (``{"units": [...]}``)."""
        if not isinstance(data, dict):
            raise RegistryError(f"{source}: expected a mapping with a 'units' list")
        try:
            top = _RegistryFile.model_validate(data)
        except ValidationError as error:
            raise RegistryError(f"{source}: {_describe(error.errors())}") from None
        units: list[Unit] = []
        problems: list[str] = []
        for index, raw in enumerate(top.units):
            label = f"units[{index}]"
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                label += f" (id {raw['id']!r})"
            try:
                units.append(Unit.model_validate(raw))
            except ValidationError as error:
                problems.append(f"{source}: {label}: {_describe(error.errors())}")
        if problems:
            raise RegistryError("\n".join(problems))
        return cls(units, source=source)

    @classmethod
    def default(cls) -> Registry:
        """The bundled Thanh Hóa registry (loaded once)."""
        return _default_registry()

    def _index(self, problems: list[str]) -> None:
        for position, unit in enumerate(self._units):
            own: set[str] = set()
            spellings = [(unit.name, "exact")] + [(alias, "alias") for alias in unit.aliases]
            for text, method in spellings:
                key = unit_key(text)
                for spelling, how in [(key, method)] + [(k, "alias") for k in _derived_aliases(key)]:
                    if not spelling or spelling in own:
                        continue
                    own.add(spelling)
                    level, _, tail = _split_head(spelling)
                    entry = _Entry(position, spelling, level, tail, how)  # type: ignore[arg-type]
                    self._entries.append(entry)
                    self._lookup.setdefault(_compact(spelling), []).append(entry)
        for compact, entries in self._lookup.items():
            for i, first in enumerate(entries):
                for second in entries[i + 1 :]:
                    a, b = self._units[first.position], self._units[second.position]
                    if a.id != b.id and _overlap(a, b):
                        problems.append(
                            f"{self._source}: units[{second.position}] (id {b.id!r}) and "
                            f"units[{first.position}] (id {a.id!r}) share the spelling {compact!r} "
                            "while both exist"
                        )

    # container ------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Unit]:
        return iter(self._units)

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._by_id

    def __getitem__(self, unit_id: str) -> Unit:
        return self._by_id[unit_id]

    def __repr__(self) -> str:
        return f"Registry({self._source!r}, {len(self._units)} units)"

    @property
    def source(self) -> str:
        """Where the registry came from (a file path)."""
        return self._source

    @property
    def units(self) -> tuple[Unit, ...]:
        """All units in report (file) order."""
        return self._units

    def get(self, unit_id: str) -> Unit | None:
        """The unit with this id, or None."""
        return self._by_id.get(unit_id)

    def as_of(self, day: date) -> Registry:
        """The units that existed on ``day``, in the same order (a registry of its own)."""
        kept = [unit for unit in self._units if unit.valid_at(day)]
        return Registry(kept, source=self._source, known=self._known)

    def successors_at(self, unit_id: str, day: date) -> tuple[Unit, ...]:
        """The unit itself if it exists on ``day``, else its successors followed to that day."""
        seen: set[str] = set()
        pending = [unit_id]
        found: list[Unit] = []
        while pending:
            current = self._known.get(pending.pop(0))
            if current is None or current.id in seen:
                continue
            seen.add(current.id)
            if current.valid_at(day):
                found.append(current)
            else:
                pending.extend(current.successors)
        return tuple(found)

    # resolution -----------------------------------------------------------------------------

    def resolve(self, name: str, at: date | None = None, *, threshold: float = DEFAULT_THRESHOLD) -> Resolution | None:
        """The unit ``name`` stands for (on day ``at`` when given), or None.

        Exact name first, then aliases, then fuzzy (score ≥ ``threshold`` on the whole key and
        on the part after the generic head, with a clear lead over any other unit). Without
        ``at``, a spelling shared by units of different periods goes to the first listed.
        """
        if not isinstance(name, str) or not name.strip():
            return None
        return self._cached(name, _day(at), float(threshold))

    def suggest(self, name: str, at: date | None = None, *, floor: float = SUGGEST_FLOOR) -> Resolution | None:
        """The closest unit even below the resolution threshold (≥ ``floor``); None for persons."""
        at = _day(at)
        found = self.resolve(name, at)
        if found is not None:
            return found
        if not isinstance(name, str) or not name.strip() or looks_like_person(name):
            return None
        key = unit_key(name)
        level, _, tail = _split_head(key)
        if level in ("", "clerk") and tail:  # "Văn Thư Hoằng Hóa": compare the place name only
            ranked = self._fuzzy_tail(tail, at, floor)
        else:
            ranked = self._fuzzy(key, at, floor)
        return ranked[0] if ranked else None

    def _resolve_uncached(self, name: str, at: date | None, threshold: float) -> Resolution | None:
        key = unit_key(name)
        if not key:
            return None
        entries = [e for e in self._lookup.get(_compact(key), ()) if self._exists(e.position, at)]
        if entries:
            best = min(entries, key=lambda e: (e.method != "exact", e.position))
            return Resolution(self._units[best.position], 100.0, best.method)
        if looks_like_person(name):
            return None
        ranked = self._fuzzy(key, at, threshold)
        if not ranked:
            return None
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < 3.0:
            return None  # two units fit almost equally well: refuse to guess
        return ranked[0]

    def _exists(self, position: int, at: date | None) -> bool:
        return at is None or self._units[position].valid_at(at)

    def _fuzzy(self, key: str, at: date | None, cutoff: float) -> list[Resolution]:
        """Best fuzzy score per unit, best first, each at least ``cutoff``.

        Only spellings of the same level (district, department …) compete, and the part after
        the generic head ("nga son" of "uy ban nhan dan huyen nga son") must score as well.
        """
        if len(key) < 6:
            return []
        level, _, tail = _split_head(key)
        best: dict[int, float] = {}
        for _, score, index in process.extract(
            key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            entry = self._entries[index]
            if len(entry.key) < 6 or level != entry.level or not self._exists(entry.position, at):
                continue
            if bool(tail) != bool(entry.tail):
                continue
            if tail:
                score = min(score, fuzz.ratio(tail, entry.tail))
                if score < cutoff:
                    continue
            best[entry.position] = max(score, best.get(entry.position, -1.0))
        return self._ranked(best)

    def _fuzzy_tail(self, tail: str, at: date | None, cutoff: float) -> list[Resolution]:
        """Units whose distinctive part (after the generic head) is close to ``tail``."""
        best: dict[int, float] = {}
        for entry in self._entries:
            if not entry.tail or not self._exists(entry.position, at):
                continue
            score = fuzz.ratio(tail, entry.tail)
            if score >= cutoff:
                best[entry.position] = max(score, best.get(entry.position, -1.0))
        return self._ranked(best)

    def _ranked(self, best: dict[int, float]) -> list[Resolution]:
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        return [Resolution(self._units[pos], round(score, 2), "fuzzy") for pos, score in ranked]


def _day(at: date | None) -> date | None:
    """A datetime counts by its calendar day (dates and datetimes do not compare)."""
    return at.date() if isinstance(at, datetime) else at


def _overlap(a: Unit, b: Unit) -> bool:
    """True when the validity periods of two units share at least one day."""
    start = max(a.valid_from or date.min, b.valid_from or date.min)
    end = min(a.valid_to or date.max, b.valid_to or date.max)
    return start <= end


@lru_cache(maxsize=1)
def _default_registry() -> Registry:
    return Registry.load(default_registry_path())
