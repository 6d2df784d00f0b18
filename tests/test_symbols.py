"""Document numbers under Decree 30/2020: parsing, finding in text, comparing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tdnv_rules.symbols import (
    CONG_VAN,
    PARTY_TYPE_CODES,
    TYPE_CODES,
    Symbol,
    find_symbols,
    parse_symbol,
    same_document,
    type_code_of,
)
from tdnv_rules.text import fold

ALL_CODE_KEYS = {fold(code) for code in (*TYPE_CODES, *PARTY_TYPE_CODES, "NĐ", "TT", "TTLT", "NQLT")}

# A code part: capitals (Đ included) then capitals or digits, e.g. UBND, STNMT, PC07.
code_part = st.from_regex(r"\A[A-ZĐ][A-ZĐ0-9]{1,6}\Z", fullmatch=True)
issuer_part = code_part.filter(lambda p: fold(p) not in ALL_CODE_KEYS and not p.startswith("QH"))
spaces = st.sampled_from(["", "", " ", "  "])


@pytest.mark.parametrize(
    ("raw", "normalized", "type_code", "doc_type", "issuer", "drafting_unit", "extra"),
    [
        ("246/UBND-CN", "246/UBND-CN", None, CONG_VAN, "UBND", "CN", ()),
        ("65/BC - STNMT", "65/BC-STNMT", "BC", "Báo cáo", "STNMT", None, ()),
        ("2370/ STNMT - BHD", "2370/STNMT-BHD", None, CONG_VAN, "STNMT", "BHD", ()),
        ("128/2025/QĐ-UBND", "128/2025/QĐ-UBND", "QĐ", "Quyết định", "UBND", None, ()),
        ("292/TTr-CAT-PC07", "292/TTr-CAT-PC07", "TTr", "Tờ trình", "CAT", None, ("PC07",)),
        ("67/TB-UBND", "67/TB-UBND", "TB", "Thông báo", "UBND", None, ()),
        ("56/TTr-SXD", "56/TTr-SXD", "TTr", "Tờ trình", "SXD", None, ()),
        ("456-BC/TU", "456-BC/TU", "BC", "Báo cáo", "TU", None, ()),
        ("65/bc-STNMT", "65/BC-STNMT", "BC", "Báo cáo", "STNMT", None, ()),
        ("56/TTR-SXD", "56/TTr-SXD", "TTr", "Tờ trình", "SXD", None, ()),
        ("12/QD-UBND", "12/QĐ-UBND", "QĐ", "Quyết định", "UBND", None, ()),
        ("12/2024/qd-UBND", "12/2024/QĐ-UBND", "QĐ", "Quyết định", "UBND", None, ()),
        ("Số: 65/BC-STNMT", "65/BC-STNMT", "BC", "Báo cáo", "STNMT", None, ()),
        ("CV 4882/UBND - KTTC", "4882/UBND-KTTC", None, CONG_VAN, "UBND", "KTTC", ()),
        ("849/SGTVT-KHTC", "849/SGTVT-KHTC", None, CONG_VAN, "SGTVT", "KHTC", ()),
        ("918/UBND-TTtr", "918/UBND-TTtr", None, CONG_VAN, "UBND", "TTtr", ()),
        ("15/GM-UBND", "15/GM-UBND", "GM", "Giấy mời", "UBND", None, ()),
        ("7/KH-UBND", "07/KH-UBND", "KH", "Kế hoạch", "UBND", None, ()),
        ("3/ĐA-UBND", "03/ĐA-UBND", "ĐA", "Đề án", "UBND", None, ()),
        ("3/DA-BQLDA", "03/DA-BQLDA", "DA", "Dự án", "BQLDA", None, ()),
        ("12/HD-SYT", "12/HD-SYT", "HD", "Hướng dẫn", "SYT", None, ()),
        ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "NĐ", "Nghị định", "CP", None, ()),
        ("35-KL/TW", "35-KL/TW", "KL", "Kết luận", "TW", None, ()),
        ("65/BC–STNMT ngày 15/4/2024", "65/BC-STNMT", "BC", "Báo cáo", "STNMT", None, ()),
    ],
)
def test_parse_known_forms(raw, normalized, type_code, doc_type, issuer, drafting_unit, extra):
    """Real spellings parse into their parts and canonical form."""
    symbol = parse_symbol(raw)
    assert (normalized, type_code, doc_type, issuer, drafting_unit, extra, True) == (
        symbol.normalized,
        symbol.type_code,
        symbol.doc_type,
        symbol.issuer,
        symbol.drafting_unit,
        symbol.extra,
        symbol.valid,
    )


@pytest.mark.parametrize(
    ("raw", "number", "year"),
    [("246/UBND-CN", 246, None), ("128/2025/QĐ-UBND", 128, 2025), ("456-BC/TU", 456, None), ("01/KH-UBND", 1, None)],
)
def test_parse_number_and_year(raw, number, year):
    """Number and year come out as integers."""
    symbol = parse_symbol(raw)
    assert (number, year) == (symbol.number, symbol.year)


@pytest.mark.parametrize(
    ("raw", "note"),
    [
        ("65/BC - STNMT", "spaces around separators removed"),
        ("56/TTR-SXD", "type code TTR written as TTr"),
        ("12/QD-UBND", "type code QD read as QĐ (missing Đ)"),
        ("Số: 65/BC-STNMT", "leading text 'Số:' removed"),
        ("12/2024/XYZ-UBND", "unknown type code XYZ"),
        ("292/TTr-CAT-PC07", "extra part(s) PC07 kept"),
        ("65/BC", "missing issuer"),
        ("123/UBND", "missing drafting unit"),
        ("abc", "no document number found"),
        ("1/KH-UBND", "number 1 written as 01"),
        ("65/BC—STNMT", "dash variant replaced by '-'"),
    ],
)
def test_parse_reports_what_was_normalised(raw, note):
    """Each normalisation or defect leaves a short note."""
    assert note in parse_symbol(raw).notes


@pytest.mark.parametrize("raw", ["", "abc", "65/BC", "123/UBND", "12/2024/XYZ-UBND", "0/UBND-VP", "456-XYZ/TU", "///---"])
def test_malformed_symbols_are_invalid_with_a_note(raw):
    """Malformed input gives valid=False and at least one note."""
    symbol = parse_symbol(raw)
    assert (False, True) == (symbol.valid, len(symbol.notes) > 0)


def test_clean_symbol_has_no_notes():
    """A well-written symbol carries no notes."""
    assert () == parse_symbol("246/UBND-CN").notes


def test_nfd_input_parses_like_nfc():
    """NFD input gives the same canonical symbol as NFC."""
    raw = "128/2025/QĐ-UBND"
    assert parse_symbol(raw).normalized == parse_symbol(unicodedata.normalize("NFD", raw)).normalized


def test_parse_never_raises_on_non_strings():
    """A non-string comes back as an invalid symbol."""
    assert False is parse_symbol(None).valid  # type: ignore[arg-type]


def test_symbol_is_frozen():
    """Symbols are immutable values."""
    symbol = parse_symbol("246/UBND-CN")
    with pytest.raises(AttributeError):
        symbol.number = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("written", "code"),
    [("bc", "BC"), ("TTR", "TTr"), ("QD", "QĐ"), ("qyd", "QyĐ"), ("HD", "HD"), ("HĐ", "HĐ"), ("DA", "DA"), ("UBND", None)],
)
def test_type_code_lookup(written, code):
    """Type codes match in any case; D for Đ only where no other code is spelled so."""
    assert code == type_code_of(written)


def test_find_symbols_in_free_text():
    """Every cited number is found, in order, without duplicates."""
    text = (
        "Thực hiện Công văn số 1190/UBND-NN ngày 05/01/2024; xin gia hạn công văn số 4882/UBND - KTTC "
        "- Sở Tài nguyên và Môi trường; Quyết định số 128/2025/QĐ-UBND; nhắc lại CV 4882/UBND-KTTC "
        "và văn bản 456-BC/TU, tỷ lệ 99/100, hạn 15/4/2024."
    )
    found = [symbol.normalized for symbol in find_symbols(text)]
    assert ["1190/UBND-NN", "4882/UBND-KTTC", "128/2025/QĐ-UBND", "456-BC/TU"] == found


def test_find_symbols_ignores_dates_and_fractions():
    """Dates, ratios and plain numbers are not document numbers."""
    assert [] == find_symbols("ngày 25/02/2024, đạt 465/467 nhiệm vụ, 10 tấn/ha, Điều 5/Luật")


def test_find_symbols_in_seed_extension_subject():
    """The seed's extension request cites the directive."""
    text = "xin gia hạn thời gian thực hiện nhiệm vụ được UBND tỉnh giao tại Công văn số 246/UBND-CN ngày 05/01/2024."
    assert ["246/UBND-CN"] == [symbol.normalized for symbol in find_symbols(text)]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("65/BC - STNMT", "65/BC-STNMT", True),
        ("4882/UBND - KTTC", "4882/ubnd-kttc", True),
        ("12/QD-UBND", "12/QĐ-UBND", True),
        ("01/KH-UBND", "1/KH-UBND", True),
        ("246/UBND-CN", "246/UBND-NN", False),
        ("246/UBND-CN", "247/UBND-CN", False),
        ("128/2025/QĐ-UBND", "128/QĐ-UBND", False),
        ("abc", "abc", False),
    ],
)
def test_same_document(a, b, same):
    """Same number and parts match regardless of spacing and case."""
    assert same == same_document(a, b)
    assert same == same_document(parse_symbol(a), parse_symbol(b))


@given(st.text(max_size=80))
def test_parse_never_raises(text):
    """Any text parses to a Symbol whose normalized form is stable when valid."""
    symbol = parse_symbol(text)
    assert isinstance(symbol, Symbol)
    if symbol.valid:
        assert symbol.normalized == parse_symbol(symbol.normalized).normalized


@given(st.text(alphabet="0123456789/-– UBNDCTQĐđbcnmr&.,:ngàySố", max_size=80))
def test_find_symbols_never_raises_and_finds_parseable_symbols(text):
    """Every symbol found in text is stable under parse of its normalized form."""
    for symbol in find_symbols(text):
        assert symbol.normalized == parse_symbol(symbol.normalized).normalized


def _render(number: int, year: int | None, code: str | None, parts: list[str], party: bool, gaps: list[str]) -> str:
    """Write a symbol with the given gaps around each separator."""
    gap = iter(gaps)

    def sep(ch: str) -> str:
        return next(gap) + ch + next(gap)

    if party:
        return f"{number}{sep('-')}{code}{sep('/')}" + sep("-").join(parts)
    head = f"{number}{sep('/')}" + (f"{year}{sep('/')}" if year else "")
    pieces = ([code] if code else []) + parts
    out = pieces[0]
    for piece in pieces[1:]:
        out += sep("-") + piece
    return head + out


@given(
    number=st.integers(min_value=1, max_value=99999),
    year=st.one_of(st.none(), st.integers(min_value=1990, max_value=2099)),
    code=st.one_of(st.none(), st.sampled_from(sorted(TYPE_CODES))),
    issuer=issuer_part,
    drafting=st.one_of(st.none(), code_part),
    party=st.booleans(),
    gaps=st.lists(spaces, min_size=12, max_size=12),
)
def test_well_formed_symbols_round_trip(number, year, code, issuer, drafting, party, gaps):
    """Generated symbols with random spaces parse back into their parts, stably."""
    if code is None:
        assume(drafting is not None and not party)
        year = None  # a Công văn carries no year
    if party:
        year, drafting = None, None
    parts = [issuer] + ([drafting] if drafting else [])
    symbol = parse_symbol(_render(number, year, code, parts, party, gaps))
    if code is None:
        expected = (number, None, None, CONG_VAN, issuer, drafting, ())
    else:
        extra = (drafting,) if drafting else ()
        expected = (number, year, code, TYPE_CODES[code], issuer, None, extra)
    actual = (
        symbol.number,
        symbol.year,
        symbol.type_code,
        symbol.doc_type,
        symbol.issuer,
        symbol.drafting_unit,
        symbol.extra,
    )
    assert expected == actual
    assert symbol.valid
    assert symbol.normalized == parse_symbol(symbol.normalized).normalized
    assert same_document(symbol, _render(number, year, code, parts, party, [""] * 12))
