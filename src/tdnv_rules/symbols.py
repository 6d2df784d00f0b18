"""Document numbers ("số, ký hiệu") under Decree 30/2020/NĐ-CP.

Forms understood:

- Công văn: ``number/ISSUER-DRAFTING_UNIT`` (``246/UBND-CN``); no type code.
- Other administrative documents: ``number/TYPE-ISSUER`` (``65/BC-STNMT``, ``56/TTr-SXD``),
  legal documents with the year: ``number/year/TYPE-ISSUER`` (``128/2025/QĐ-UBND``).
- Party documents: ``number-TYPE/ISSUER`` (``456-BC/TU``).

Parts after the ones the form expects are kept in ``extra`` (``292/TTr-CAT-PC07``). Parsing is
lenient: spaces around separators, dash variants, odd case of type codes, a missing Đ (``QD``),
a leading "Số:" or "CV" are normalised and reported in ``notes``. :func:`parse_symbol` never
raises; what it cannot read gives ``valid=False`` with a note saying why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from tdnv_rules.text import casefold, fold, normalize

__all__ = [
    "TYPE_CODES",
    "PARTY_TYPE_CODES",
    "LEGAL_TYPE_CODES",
    "CONG_VAN",
    "Symbol",
    "parse_symbol",
    "find_symbols",
    "same_document",
    "type_code_of",
]

CONG_VAN = "Công văn"

# Decree 30/2020, Phụ lục III: administrative document types and copies.
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
}

# Legal (normative) documents that only ever appear with a year: 01/2024/TT-BTC, 30/2020/NĐ-CP.
LEGAL_TYPE_CODES: dict[str, str] = {
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
}

# Party documents (number-TYPE/ISSUER) use the administrative codes plus these.
PARTY_TYPE_CODES: dict[str, str] = {
    "CV": CONG_VAN,
    "KL": "Kết luận",
}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_TABLE = str.maketrans({ch: "-" for ch in _DASHES})
_DASH_CLASS = "-" + _DASHES

_PART = r"[^\W\d_][^\W_]*(?:&[^\W_]+)*"
_SEP_SLASH = r"\s*/\s*"
_SEP_DASH = rf"\s*[{_DASH_CLASS}]\s*"
_STATE = re.compile(
    rf"(?<![\d/{_DASH_CLASS}])(?P<number>\d{{1,7}})"
    rf"(?:{_SEP_SLASH}(?P<year>(?:19|20)\d\d)(?=\s*/))?"
    rf"{_SEP_SLASH}(?P<parts>{_PART}(?:{_SEP_DASH}{_PART})*)"
)
_PARTY = re.compile(
    rf"(?<![\d/{_DASH_CLASS}])(?P<number>\d{{1,7}})"
    rf"{_SEP_DASH}(?P<type>{_PART}){_SEP_SLASH}(?P<parts>{_PART}(?:{_SEP_DASH}{_PART})*)"
)
_SPLIT_DASH = re.compile(_SEP_DASH)
_SPACED_SEPARATOR = re.compile(rf"\s[/{_DASH_CLASS}]|[/{_DASH_CLASS}]\s")
_LAW_ISSUER = re.compile(r"^QH\d*$")


def _code_index() -> tuple[dict[str, str], dict[str, str]]:
    """Lookup tables: casefolded code → canonical code, and the same with Đ read as D."""
    exact: dict[str, str] = {}
    for code in (*TYPE_CODES, *LEGAL_TYPE_CODES, *PARTY_TYPE_CODES):
        exact[casefold(code)] = code
    without_stroke: dict[str, str] = {}
    for code in exact.values():
        key = fold(code)
        if key not in exact:  # "qd" → QĐ, but "hd" stays HD (Hướng dẫn) and "da" stays DA
            without_stroke.setdefault(key, code)
    return exact, without_stroke


_CODES_EXACT, _CODES_WITHOUT_STROKE = _code_index()


@lru_cache(maxsize=4096)
def type_code_of(part: str) -> str | None:
    """The canonical type code that ``part`` spells (any case, Đ possibly written D), or None."""
    key = casefold(part)
    if key in _CODES_EXACT:
        return _CODES_EXACT[key]
    if "đ" in key:
        return None
    return _CODES_WITHOUT_STROKE.get(key)


def _doc_type_name(code: str) -> str:
    return TYPE_CODES.get(code) or LEGAL_TYPE_CODES.get(code) or PARTY_TYPE_CODES[code]


@dataclass(frozen=True, slots=True)
class Symbol:
    """One parsed document number; ``normalized`` is the canonical spelling."""

    raw: str
    number: int | None = None
    year: int | None = None
    type_code: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    drafting_unit: str | None = None
    extra: tuple[str, ...] = ()
    normalized: str = ""
    valid: bool = False
    notes: tuple[str, ...] = field(default=())
    party: bool = False

    @property
    def key(self) -> str:
        """Case-insensitive comparison key of the normalized form."""
        return casefold(self.normalized)

    def __str__(self) -> str:
        return self.normalized or self.raw


def _number_text(number: int) -> str:
    """Decree 30 writes numbers below 10 with a leading zero: 01, 02 … 09, 10."""
    return f"{number:02d}"


def _code_case(part: str, notes: list[str]) -> str:
    """An all-lower-case part (``stnmt``) is written in capitals; mixed case (``TTtr``) is kept."""
    if part.islower() and type_code_of(part) is None:
        notes.append(f"part {part} written as {part.upper()}")
        return part.upper()
    return part


def _render(
    number: int, year: int | None, type_code: str | None, parts: list[str], party: bool
) -> str:
    if party:
        return f"{_number_text(number)}-{type_code}/" + "-".join(parts)
    head = f"{_number_text(number)}/" + (f"{year}/" if year is not None else "")
    return head + "-".join(([type_code] if type_code else []) + parts)


def _invalid(raw: str, text: str, notes: list[str]) -> Symbol:
    collapsed = _SPACED_SEPARATOR.sub(lambda m: m.group(0).strip(), text)
    return Symbol(raw=raw, normalized=collapsed, valid=False, notes=tuple(notes))


def _first_match(text: str, position: int = 0) -> re.Match[str] | None:
    """The earliest state or party form in ``text`` from ``position`` on."""
    found = [m for m in (_PARTY.search(text, position), _STATE.search(text, position)) if m]
    return min(found, key=lambda m: m.start()) if found else None


def _parse_match(raw: str, match: re.Match[str], notes: list[str]) -> Symbol:
    """Build a Symbol from a state- or party-form match."""
    written_number = match.group("number")
    number = int(written_number)
    if written_number != _number_text(number):
        notes.append(f"number {written_number} written as {_number_text(number)}")
    if _SPACED_SEPARATOR.search(match.group(0)):
        notes.append("spaces around separators removed")
    parts = [_code_case(p, notes) for p in _SPLIT_DASH.split(match.group("parts")) if p]
    party = "type" in match.re.groupindex
    valid = number > 0
    if not valid:
        notes.append("number is zero")
    year = int(match.group("year")) if not party and match.group("year") else None

    type_code: str | None = None
    doc_type: str | None = None
    issuer: str | None = None
    drafting: str | None = None
    extra: list[str] = []
    if party:
        written_code = match.group("type")
        type_code = type_code_of(written_code)
        if type_code is None:
            notes.append(f"unknown type code {written_code}")
            type_code, valid = written_code, False
        issuer, extra = parts[0], parts[1:]
    else:
        first = parts[0]
        code = type_code_of(first)
        if code in LEGAL_TYPE_CODES and year is None:
            code = None  # TT, NĐ without a year are not legal documents: read as an issuer
        if code is not None:
            written_code = first
            type_code, rest = code, parts[1:]
            if rest:
                issuer, extra = rest[0], rest[1:]
            else:
                notes.append("missing issuer")
                valid = False
        elif year is not None:
            written_code = None
            if _LAW_ISSUER.match(first):
                doc_type = "Luật"
                issuer, extra = first, parts[1:]
            else:
                notes.append(f"unknown type code {first}")
                type_code, valid = first, False
                if parts[1:]:
                    issuer, extra = parts[1], parts[2:]
        else:
            written_code = None
            doc_type = CONG_VAN
            issuer = first
            if len(parts) > 1:
                drafting, extra = parts[1], parts[2:]
            else:
                notes.append("missing drafting unit")
                valid = False
        if type_code is not None and valid and written_code is not None:
            _note_code_spelling(written_code, type_code, notes)
    if party and valid:
        _note_code_spelling(match.group("type"), type_code or "", notes)
    if type_code is not None and doc_type is None and valid:
        doc_type = _doc_type_name(type_code)
    if extra:
        notes.append("extra part(s) " + "-".join(extra) + " kept")
    rendered_parts = [p for p in (issuer, drafting, *extra) if p]
    normalized = _render(number, year, type_code, rendered_parts, party)
    return Symbol(
        raw=raw,
        number=number,
        year=year,
        type_code=type_code,
        doc_type=doc_type,
        issuer=issuer,
        drafting_unit=drafting,
        extra=tuple(extra),
        normalized=normalized,
        valid=valid,
        notes=tuple(notes),
        party=party,
    )


def _note_code_spelling(written: str, code: str, notes: list[str]) -> None:
    if written == code:
        return
    if casefold(written) == casefold(code):
        notes.append(f"type code {written} written as {code}")
    else:
        notes.append(f"type code {written} read as {code} (missing Đ)")


def _prepare(raw: str, notes: list[str]) -> str:
    """Normalised text with every dash variant written as '-'."""
    if unicodedata.normalize("NFC", raw) != raw:
        notes.append("Unicode composed (NFC)")
    text = normalize(raw)
    dashed = text.translate(_DASH_TABLE)
    if dashed != text:
        notes.append("dash variant replaced by '-'")
    return dashed


def parse_symbol(raw: str) -> Symbol:
    """Parse one document number; never raises, reports what was normalised in ``notes``."""
    if not isinstance(raw, str):
        return Symbol(raw=repr(raw), normalized="", valid=False, notes=("not a string",))
    if len(raw) > _CACHED_LENGTH:
        return _parse_symbol(raw)
    return _parse_symbol_cached(raw)


_CACHED_LENGTH = 200  # numbers are short; long free text is parsed without being kept

# A number already written canonically: ASCII letters, digits, Đ/đ and '&' only (so NFC and
# ``normalize`` leave it as it is), no space, '0N' below ten, parts joined by single '-', each
# part with a capital (an all-lower-case part would be written in capitals, with a note).
# Anything else, and every canonical shape that would earn a note, goes the full way.
_CANON_PART = r"(?=[a-z0-9đ&]*[A-ZĐ])[A-Za-zĐđ][A-Za-z0-9Đđ]*(?:&[A-Za-z0-9Đđ]+)*"
_CANON_PARTS = rf"{_CANON_PART}(?:-{_CANON_PART})*"
_CANON_NUMBER = r"0[1-9]|[1-9][0-9]{1,6}"
_CANONICAL = re.compile(
    rf"(?P<number>{_CANON_NUMBER})"
    rf"(?:(?:/(?P<year>(?:19|20)[0-9][0-9]))?/(?P<state>{_CANON_PARTS})"
    rf"|-(?P<type>{_CANON_PART})/(?P<party>{_CANON_PARTS}))"
)


def _parse_canonical(raw: str) -> Symbol | None:
    """The Symbol of a number already in canonical form, or None to take the full path.

    Gives exactly what :func:`_parse_symbol_full` gives for the numbers it accepts: a valid
    Symbol whose only possible note is the one about extra parts, and whose normalized form
    is ``raw`` itself (every accepted shape is its own canonical spelling).
    """
    match = _CANONICAL.fullmatch(raw) if type(raw) is str else None
    if match is None:
        return None
    party = match.group("type") is not None
    parts = (match.group("party") if party else match.group("state")).split("-")
    year = int(match.group("year")) if match.group("year") else None
    drafting: str | None = None
    doc_type: str | None
    if party:
        written = match.group("type")
        type_code = type_code_of(written)
        if type_code != written:
            return None  # unknown code, or a spelling the full path notes
        issuer, extra = parts[0], parts[1:]
        doc_type = _doc_type_name(type_code)
    else:
        first = parts[0]
        code = type_code_of(first)
        if code in LEGAL_TYPE_CODES and year is None:
            code = None  # as in the full path: TT, NĐ without a year are issuers
        if code is not None:
            if code != first or len(parts) < 2:
                return None  # spelling note, or missing issuer
            type_code, issuer, extra = code, parts[1], parts[2:]
            doc_type = _doc_type_name(code)
        elif year is not None:
            if not _LAW_ISSUER.match(first):
                return None  # unknown type code
            type_code, doc_type, issuer, extra = None, "Luật", first, parts[1:]
        else:
            if len(parts) < 2:
                return None  # missing drafting unit
            type_code, doc_type = None, CONG_VAN
            issuer, drafting, extra = first, parts[1], parts[2:]
    return Symbol(
        raw=raw,
        number=int(match.group("number")),
        year=year,
        type_code=type_code,
        doc_type=doc_type,
        issuer=issuer,
        drafting_unit=drafting,
        extra=tuple(extra),
        normalized=raw,
        valid=True,
        notes=("extra part(s) " + "-".join(extra) + " kept",) if extra else (),
        party=party,
    )


def _parse_symbol(raw: str) -> Symbol:
    """One uncached parse: the canonical fast path when it applies, else the full path."""
    symbol = _parse_canonical(raw)
    return symbol if symbol is not None else _parse_symbol_full(raw)


def _parse_symbol_full(raw: str) -> Symbol:
    """The full, lenient parse (normalisation, search, notes)."""
    notes: list[str] = []
    text = _prepare(raw, notes)
    if not text:
        return Symbol(raw=raw, normalized="", valid=False, notes=("empty",))
    match = _first_match(text)
    if match is None:
        notes.append("no document number found")
        return _invalid(raw, text, notes)
    before, after = text[: match.start()].strip(), text[match.end() :].strip()
    if before:
        notes.append(f"leading text '{before}' removed")
    if after:
        notes.append(f"trailing text '{after}' ignored")
    return _parse_match(raw, match, notes)


# A Symbol is immutable, so one parse can serve every caller with the same text (the same
# number is read by the data checks, the classifier and the matcher of one task).
_parse_symbol_cached = lru_cache(maxsize=65536)(_parse_symbol)


def _looks_cited(match: re.Match[str]) -> bool:
    """In free text, accept a match only when its parts look like codes, not words."""
    pieces = [p for p in _SPLIT_DASH.split(match.group("parts")) if p]
    if "type" in match.re.groupindex:
        return type_code_of(match.group("type")) is not None
    if len(pieces) == 1 and not (match.group("year") and type_code_of(pieces[0])):
        return _is_code_like(pieces[0]) and sum(ch.isupper() for ch in pieces[0]) >= 2
    return all(_is_code_like(p) for p in pieces)


def _is_code_like(part: str) -> bool:
    """A code: a type code, or starts with two capitals (UBND, STNMT, TTtr, PC07)."""
    return type_code_of(part) is not None or (len(part) >= 2 and part[0].isupper() and part[1].isupper())


def _cited_matches(text: str) -> list[re.Match[str]]:
    """Non-overlapping state/party matches in reading order, trimmed to code-like parts."""
    found: list[re.Match[str]] = []
    position = 0
    while position < len(text):
        match = _first_match(text, position)
        if match is None:
            break
        start = match.start()
        trimmed = _trim_to_codes(text, start, match.end())
        if trimmed is not None:
            found.append(trimmed)
            position = trimmed.end()
        else:
            position = start + len(match.group("number"))
    return found


def _trim_to_codes(text: str, start: int, end: int) -> re.Match[str] | None:
    """Shorten a free-text match until every part looks like a code (drops "- Sở …" tails)."""
    while end > start:
        match = _PARTY.fullmatch(text, start, end) or _STATE.fullmatch(text, start, end)
        if match is not None and _looks_cited(match):
            return match
        pieces = list(_SPLIT_DASH.finditer(text, start, end))
        if not pieces:
            return None
        end = pieces[-1].start()
    return None


def find_symbols(text: str) -> list[Symbol]:
    """All document numbers cited in free text, in order, deduplicated by normalized form."""
    if not isinstance(text, str) or not text:
        return []
    prepared = normalize(text).translate(_DASH_TABLE)
    seen: set[str] = set()
    symbols: list[Symbol] = []
    for match in _cited_matches(prepared):
        notes: list[str] = []
        symbol = _parse_match(match.group(0), match, notes)
        if symbol.key not in seen:
            seen.add(symbol.key)
            symbols.append(symbol)
    return symbols


def same_document(a: Symbol | str, b: Symbol | str) -> bool:
    """True when both cite the same document: same number and parts, ignoring case and spacing."""
    first = parse_symbol(a) if isinstance(a, str) else a
    second = parse_symbol(b) if isinstance(b, str) else b
    if first.number is None or second.number is None:
        return False
    return first.key == second.key
