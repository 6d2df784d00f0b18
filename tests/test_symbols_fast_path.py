"""The canonical fast path of ``parse_symbol`` gives exactly the Symbol of the full path."""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tdnv_rules.symbols import (
    LEGAL_TYPE_CODES,
    PARTY_TYPE_CODES,
    TYPE_CODES,
    Symbol,
    _parse_canonical,
    _parse_symbol,
    _parse_symbol_full,
    find_symbols,
    parse_symbol,
    type_code_of,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ALL_CODES = sorted({*TYPE_CODES, *LEGAL_TYPE_CODES, *PARTY_TYPE_CODES})
EXTRA_NOTE = "extra part(s) "


def _collect(value: object, key: str | None, found: set[str]) -> None:
    """Every ``symbol`` field, and every number ``find_symbols`` cites in any text, under ``value``."""
    if isinstance(value, dict):
        for name, item in value.items():
            _collect(item, name, found)
    elif isinstance(value, list):
        for item in value:
            _collect(item, key, found)
    elif isinstance(value, str):
        if key == "symbol":
            found.add(value)
        for cited in find_symbols(value):
            found.update((cited.raw, cited.normalized))


@cache
def fixture_numbers() -> tuple[str, ...]:
    """Document numbers found anywhere in ``fixtures/**/*.json*``."""
    found: set[str] = set()
    for path in sorted(FIXTURES.rglob("*.json*")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".jsonl":
            for line in text.splitlines():
                if line.strip():
                    _collect(json.loads(line), None, found)
        else:
            _collect(json.loads(text), None, found)
    return tuple(sorted(found))


def _looks_canonical(symbol: Symbol) -> bool:
    """A full-path result the fast path is meant to cover: valid, written as normalised, no note
    but the extra-part one, plain ASCII letters (Đ/đ allowed), no all-lower-case part."""
    parts = [p for p in (symbol.issuer, symbol.drafting_unit, *symbol.extra) if p]
    return (
        symbol.valid
        and symbol.normalized == symbol.raw
        and all(note.startswith(EXTRA_NOTE) for note in symbol.notes)
        and symbol.raw.replace("Đ", "").replace("đ", "").isascii()
        and not any(part.islower() for part in parts)
    )


def test_fixture_numbers_are_many():
    """The fixtures give a real sample of numbers, canonical and not."""
    numbers = fixture_numbers()
    assert len(numbers) > 1000
    assert any(_parse_canonical(n) is None for n in numbers)


def test_fixture_numbers_fast_equals_full():
    """Every number in the fixtures parses to the same Symbol with and without the fast path."""
    mismatches = [n for n in fixture_numbers() if _parse_symbol(n) != _parse_symbol_full(n)]
    assert [] == mismatches


def test_fixture_canonical_numbers_take_fast_path():
    """Every fixture number already in canonical form is read by the fast path."""
    missed = [
        n
        for n in fixture_numbers()
        if _looks_canonical(_parse_symbol_full(n)) and _parse_canonical(n) is None
    ]
    assert [] == missed


def test_fast_path_declines_what_earns_notes():
    """Whatever the fast path reads has no note but the extra-part one and is valid."""
    read = [s for s in map(_parse_canonical, fixture_numbers()) if s is not None]
    assert read
    assert [] == [s for s in read if not s.valid or not all(n.startswith(EXTRA_NOTE) for n in s.notes)]


def test_public_parse_uses_same_result():
    """``parse_symbol`` (cached) agrees with the full path on fixture numbers."""
    for number in fixture_numbers()[:500]:
        assert _parse_symbol_full(number) == parse_symbol(number)


# --- generated symbols ---------------------------------------------------------------------

_LETTERS = "ABCDEGHKLMNPQRSTUVXYĐabcdeghklmnpqrstuvxyđ"
_UPPER = "ABCDEGHKLMNPQRSTUVXYĐ"
_VIETNAMESE = ["SỞ", "Sở", "UBNDtỉnh", "Ủy", "BAN", "ÐA", "QĐ\u0301"]


def _code_variants(code: str) -> list[str]:
    """The canonical code and spellings the full path notes: case changes, Đ written D."""
    return [code, code.lower(), code.upper(), code.swapcase(), code.replace("Đ", "D").replace("đ", "d")]


type_codes = st.sampled_from(ALL_CODES).flatmap(lambda c: st.sampled_from(_code_variants(c)))
plain_part = st.text(alphabet=_LETTERS + "0123456789", min_size=1, max_size=6).filter(
    lambda p: not p[0].isdigit()
)
upper_part = st.text(alphabet=_UPPER + "0123456789", min_size=1, max_size=6).filter(
    lambda p: not p[0].isdigit()
)
amp_part = st.builds(lambda a, b: f"{a}&{b}", upper_part, upper_part)
part = st.one_of(
    upper_part,
    upper_part,
    plain_part,
    amp_part,
    type_codes,
    st.sampled_from(["QH", "QH14", "QH15", "TT", "NĐ", "CV", "KL", "tt", "&A", "A&", "A&&B", "9A", "_A"]),
    st.sampled_from(_VIETNAMESE),
)
numbers = st.one_of(
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=10, max_value=9_999_999),
    st.integers(min_value=0, max_value=99_999_999),
)


def _mostly(usual: str, *others: str) -> st.SearchStrategy[str]:
    """``usual`` about four times in five, else one of ``others``."""
    return st.sampled_from([usual] * 4 * len(others) + list(others))


padding = _mostly("two", "plain", "three", "zero")
years = st.one_of(st.none(), st.integers(min_value=1990, max_value=2030), st.integers(min_value=1000, max_value=2999))
dashes = _mostly("-", "–", "‐", "—", "--", " - ", "- ", " -")
slashes = _mostly("/", " / ", "/ ", "//")
affixes = _mostly("", "Số: ", "CV ", " ", "số ", "A", "1")
suffixes = _mostly("", " ngày 15/4/2024", " ", ".", "-", "/", "\n", "&")
canonical_codes = st.sampled_from(ALL_CODES)
codes = st.one_of(canonical_codes, canonical_codes, canonical_codes, type_codes, part)
issuer_parts = st.one_of(upper_part, upper_part, upper_part, amp_part, part)


def _write_number(number: int, how: str) -> str:
    return {"plain": str(number), "two": f"{number:02d}", "three": f"{number:03d}", "zero": f"0{number}"}[how]


@st.composite
def near_canonical(draw: st.DrawFn) -> str:
    """A document number in canonical or near-canonical shape, state or party form."""
    number = _write_number(draw(numbers), draw(padding))
    parts = draw(st.lists(issuer_parts, min_size=0, max_size=4))
    dash = draw(dashes)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        body = f"{number}{draw(dashes)}{draw(codes)}{draw(slashes)}" + dash.join(parts)
    else:
        year = draw(years)
        head = f"{number}{draw(slashes)}" + (f"{year}{draw(slashes)}" if year is not None else "")
        code = draw(st.one_of(st.none(), codes))
        body = head + dash.join(([code] if code else []) + parts)
    text = draw(affixes) + body + draw(suffixes)
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        text = unicodedata.normalize("NFD", text)
    return text


@st.composite
def canonical(draw: st.DrawFn) -> str:
    """A document number written exactly as the full path would normalise it."""
    number = f"{draw(st.integers(min_value=1, max_value=9_999_999)):02d}"
    issuers = st.text(alphabet=_UPPER + "0123456789", min_size=1, max_size=6).filter(
        lambda p: not p[0].isdigit() and type_code_of(p) is None
    )
    parts = draw(st.lists(st.one_of(issuers, amp_part), min_size=1, max_size=3))
    form = draw(st.sampled_from(["cong_van", "typed", "legal", "law", "party"]))
    if form == "cong_van":
        parts = [*parts, draw(issuers)] if len(parts) == 1 else parts
        return f"{number}/" + "-".join(parts)
    if form == "typed":
        return f"{number}/" + "-".join([draw(st.sampled_from(sorted({*TYPE_CODES, *PARTY_TYPE_CODES}))), *parts])
    year = draw(st.integers(min_value=1900, max_value=2099))
    if form == "legal":
        return f"{number}/{year}/" + "-".join([draw(st.sampled_from(ALL_CODES)), *parts])
    if form == "law":
        return f"{number}/{year}/QH{draw(st.sampled_from(['', '13', '14', '15']))}"
    return f"{number}-{draw(st.sampled_from(ALL_CODES))}/" + "-".join(parts)


@settings(max_examples=400, deadline=None)
@given(raw=near_canonical())
@example(raw="56/TTR-SXD")
@example(raw="12/QD-UBND")
@example(raw="12/TT-BTC")
@example(raw="12/2024/TT-BTC")
@example(raw="12/2024/UBND-CN")
@example(raw="12/2024/QH15")
@example(raw="12/2024/QH15-CP")
@example(raw="12/UBND-tt")
@example(raw="12/UBND-cn")
@example(raw="35-kl/TW")
@example(raw="35-KL/TW")
@example(raw="456-XY/TU")
@example(raw="12/BC")
@example(raw="12/UBND")
@example(raw="00/UBND-CN")
@example(raw="7/KH-UBND")
@example(raw="007/KH-UBND")
@example(raw="12/CV-UBND")
@example(raw="12-TT/TU")
@example(raw="292/TTr-CAT-PC07")
@example(raw="151/GM-SNN&PTNT")
@example(raw="1935/SNN&PTNT-TS")
@example(raw="12/ĐA-UBND")
@example(raw="12/DA-UBND")
@example(raw="12/HD-SYT")
@example(raw="12/HĐ-SYT")
@example(raw="12/hd-SYT")
@example(raw="12/Đa-UBND")
@example(raw="12345678/UBND-CN")
@example(raw="1234567/UBND-CN")
@example(raw="12/1899/QĐ-UBND")
@example(raw="12/2024/QĐ")
@example(raw="12/2024/QĐ-UBND-VP")
@example(raw="12/UBND-CN-đ")
def test_near_canonical_fast_equals_full(raw):
    """Generated canonical and near-canonical numbers parse the same with and without the fast path."""
    assert _parse_symbol_full(raw) == _parse_symbol(raw)


@settings(max_examples=300, deadline=None)
@given(raw=canonical())
def test_canonical_taken_by_fast_path(raw):
    """A generated canonical number is read by the fast path, to the full path's Symbol."""
    fast = _parse_canonical(raw)
    assert fast is not None
    assert _parse_symbol_full(raw) == fast
    assert raw == fast.normalized


@settings(max_examples=300, deadline=None)
@given(raw=st.text(alphabet=st.sampled_from("0123456789/-–ĐđAaBbQHT&  .:"), max_size=20))
def test_arbitrary_text_fast_equals_full(raw):
    """Any short text over the symbol alphabet parses the same with and without the fast path."""
    assert _parse_symbol_full(raw) == _parse_symbol(raw)
