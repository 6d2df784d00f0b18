"""Vietnamese text normalisation: properties and examples."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tdnv_rules.text import casefold, fold, normalize, strip_subject_prefix, subject_key

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789 /-.,:;()&"

vietnamese_text = st.text(alphabet=VIETNAMESE_ALPHABET, max_size=60)
any_text = st.text(max_size=60)
some_text = st.one_of(vietnamese_text, any_text)

# Onsets that can open an oa/oe/uy syllable (qu- is excluded: in quý the u is consonantal).
ONSETS = ["", "h", "kh", "th", "t", "l", "x", "s", "ng", "nh", "tr", "ch", "d", "đ", "b", "h"]
RHYMES = ["oa", "oe", "uy"]
TONES = ["\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]

CLOSED_SYLLABLES = ["hoàn", "huỳnh", "quý", "hoạch", "thuyết", "khuya", "ngoài", "quỳnh", "toán", "khuếch"]
FOLD_KEY = re.compile(r"^(?:[0-9a-z]+(?: [0-9a-z]+)*)?$")


def _with_tone(onset: str, rhyme: str, tone: str, on_first: bool) -> str:
    """Build one syllable with the tone on the first or the second vowel of the rhyme."""
    first, second = rhyme
    body = first + tone + second if on_first else first + second + tone
    return unicodedata.normalize("NFC", onset + body)


def _casing(word: str, style: int) -> str:
    """Apply one of three casings: as is, Capitalised, UPPER."""
    return [word, word[:1].upper() + word[1:], word.upper()][style]


@given(some_text)
def test_normalize_is_idempotent(text):
    """normalize(normalize(x)) == normalize(x)."""
    once = normalize(text)
    assert once == normalize(once)


@given(some_text)
def test_casefold_is_idempotent(text):
    """casefold(casefold(x)) == casefold(x)."""
    once = casefold(text)
    assert once == casefold(once)


@given(some_text)
def test_nfc_and_nfd_give_the_same_forms(text):
    """NFC and NFD spellings of one text share normalize and fold."""
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert normalize(nfc) == normalize(nfd)
    assert fold(nfc) == fold(nfd)


@given(some_text)
def test_normalize_output_is_nfc(text):
    """The display form is always composed."""
    out = normalize(text)
    assert unicodedata.normalize("NFC", out) == out


@given(some_text)
def test_fold_has_only_ascii_letters_digits_and_single_spaces(text):
    """fold output uses only [0-9a-z ] with single inner spaces and no edge spaces."""
    assert FOLD_KEY.match(fold(text)) is not None


@given(some_text)
def test_fold_is_idempotent_and_ignores_normalize(text):
    """fold(fold(x)) == fold(x) == fold(normalize(x))."""
    key = fold(text)
    assert key == fold(key)
    assert key == fold(normalize(text))


@given(
    st.sampled_from(ONSETS),
    st.sampled_from(RHYMES),
    st.sampled_from(TONES),
    st.integers(min_value=0, max_value=2),
    st.booleans(),
)
def test_old_and_new_tone_placement_give_the_same_key(onset, rhyme, tone, style, decompose):
    """hoá/hóa, thuỷ/thủy, oà/òa: both placements normalise to the mark on the first vowel."""
    old = _casing(_with_tone(onset, rhyme, tone, on_first=False), style)
    new = _casing(_with_tone(onset, rhyme, tone, on_first=True), style)
    if decompose:
        old = unicodedata.normalize("NFD", old)
    assert new == normalize(old)
    assert normalize(new) == normalize(old)
    assert casefold(new) == casefold(old)
    assert fold(new) == fold(old)


@given(st.sampled_from(CLOSED_SYLLABLES), st.integers(min_value=0, max_value=2), st.booleans())
def test_closed_syllables_keep_their_tone_place(word, style, decompose):
    """hoàn, huỳnh, quý, hoạch, thuyết, khuya, ngoài never move."""
    written = _casing(word, style)
    given_text = unicodedata.normalize("NFD", written) if decompose else written
    assert written == normalize(given_text)


@given(st.text(alphabet=VIETNAMESE_ALPHABET.replace("đ", "").replace("Đ", ""), max_size=20))
def test_d_with_stroke_folds_to_d(rest):
    """đ and Đ fold to d wherever they occur."""
    assert fold("d" + rest) == fold("đ" + rest) == fold("Đ" + rest)


@pytest.mark.parametrize("prefix", ["V/v", "V/V", "v/v", "Về việc", "VỀ VIỆC", "V/v:", "V/v -", "Về việc:"])
@given(st.text(alphabet=VIETNAMESE_LETTERS + " ", min_size=1, max_size=30).filter(lambda s: s.strip()))
@settings(max_examples=30)
def test_strip_subject_prefix_removes_boilerplate(prefix, subject):
    """A subject opening with V/v or Về việc loses exactly that opening."""
    body = normalize(subject)
    if strip_subject_prefix(body) != body:  # the body itself starts like a prefix ("về việc …")
        return
    assert body == strip_subject_prefix(f"{prefix} {body}")


@given(vietnamese_text)
def test_strip_subject_prefix_is_a_no_op_without_prefix(text):
    """Text that does not open with V/v or Về việc comes back only normalised."""
    key = fold(text)
    opens_with_prefix = re.match(r"^(v v|ve viec)( |$)", key) or re.match(r"^\W*v\s*\.\s*v", text.lower())
    if opens_with_prefix:
        return
    assert normalize(text) == strip_subject_prefix(text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hoá", "hóa"),
        ("Thanh Hoá", "Thanh Hóa"),
        ("thuỷ lợi", "thủy lợi"),
        ("oà khóc", "òa khóc"),
        ("sức khoẻ", "sức khỏe"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("UỶ BAN", "ỦY BAN"),
        ("nguỵ biện", "ngụy biện"),
        ("hoàn thành", "hoàn thành"),
        ("Hoàng Huỳnh", "Hoàng Huỳnh"),
        ("quý II", "quý II"),
        ("  nhiều \t khoảng\n trắng  ", "nhiều khoảng trắng"),
        ("ðường", "đường"),
    ],
)
def test_normalize_examples(raw, expected):
    """Known spellings normalise to the canonical display form."""
    assert expected == normalize(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Sở Tài nguyên và Môi trường", "so tai nguyen va moi truong"),
        ("ĐỀ ÁN", "de an"),
        ("Sở TN&MT", "so tn mt"),
        ("65/BC - STNMT", "65 bc stnmt"),
        ("UBND huyện Hoằng Hoá", "ubnd huyen hoang hoa"),
        ("", ""),
        ("  ...  ", ""),
    ],
)
def test_fold_examples(raw, expected):
    """Known texts fold to the expected matching key."""
    assert expected == fold(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("V/v đề nghị xin gia hạn", "đề nghị xin gia hạn"),
        ("V/V: báo cáo tiến độ", "báo cáo tiến độ"),
        ("Về việc triển khai phần mềm", "triển khai phần mềm"),
        ("VỀ VIỆC GIAO NHIỆM VỤ", "GIAO NHIỆM VỤ"),
        ("V/v: Về việc lấy ý kiến", "lấy ý kiến"),
        ("Vv báo cáo", "Vv báo cáo"),
        ("Vụ việc khiếu nại", "Vụ việc khiếu nại"),
        ("Việc xử lý", "Việc xử lý"),
    ],
)
def test_strip_subject_prefix_examples(raw, expected):
    """Boilerplate openings are removed; look-alikes are kept."""
    assert expected == strip_subject_prefix(raw)


def test_subject_key_ignores_prefix_case_and_tone_placement():
    """Two spellings of one subject share the subject key."""
    assert subject_key("V/v báo cáo tình hình thuỷ lợi") == subject_key("Về việc Báo cáo tình hình thủy lợi")


def test_nfd_name_normalises_to_nfc():
    """An NFD unit name comes back composed with canonical tones."""
    nfd = unicodedata.normalize("NFD", "UBND huyện Hoằng Hoá")
    assert "UBND huyện Hoằng Hóa" == normalize(nfd)
