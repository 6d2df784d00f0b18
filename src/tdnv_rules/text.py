"""Vietnamese text normalisation: the only place in the project where text is normalised.

Three levels, each built on the one before:

- ``normalize(s)``: display form. NFC, one tone placement (the mark on the first vowel of an
  open ``oa``/``oe``/``uy`` syllable: ``hóa``, ``khỏe``, ``thủy``), ``ð`` read as ``đ``,
  white space collapsed. Case is kept.
- ``casefold(s)``: ``normalize`` then lower case.
- ``fold(s)``: the matching key. Lower case, diacritics removed, ``đ`` → ``d``, punctuation
  turned into spaces. Fuzzy matching and keyword search only ever see this key.

``strip_subject_prefix`` removes the boilerplate that opens a subject line ("V/v", "Về việc").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache, wraps

__all__ = [
    "normalize",
    "casefold",
    "fold",
    "strip_subject_prefix",
    "subject_key",
    "TONE_MARKS",
]

# Combining marks that carry the tone (thanh điệu). The others (circumflex, breve, horn) belong
# to the vowel itself and never move.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_ALSO_TONES = {"\u0340": "\u0300", "\u0341": "\u0301"}  # deprecated grave/acute tone marks

_LETTER_FIXES = str.maketrans({"ð": "đ", "Ð": "Đ", "\u0110": "Đ", "\u0111": "đ"})
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPACE = re.compile(r"\s+", re.UNICODE)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:v\s*/\s*v|v\.v\.?|về\s+việc|ve\s+viec)\b\s*[:.,;\-–]*\s*",
    re.IGNORECASE,
)
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def _is_open_oa_oe_uy(base: str) -> int:
    """Return the index of the vowel that takes the tone when ``base`` ends in open oa/oe/uy.

    ``base`` is one syllable, lower case, without tone marks, composed (NFC). Returns -1 when
    the syllable is not of that shape: closed syllables (hoàn, huỳnh), ``quy`` (where ``u``
    belongs to the consonant), or vowels carrying other marks.
    """
    if len(base) < 2 or base[-2:] not in ("oa", "oe", "uy"):
        return -1
    head = base[:-2]
    if head.endswith("q") or (head == "g" and base[-2:] == "uy"):
        return -1  # quy, guy: the u is part of the consonant (ngụy keeps it a vowel)
    if head and head[-1] in "aăâeêioôơuưy":
        return -1  # the pair is not the whole nucleus (e.g. "uoa")
    return len(base) - 2


@lru_cache(maxsize=65536)
def _canonical_syllable(word: str) -> str:
    """Put the tone mark of one syllable in its canonical place; composed result."""
    decomposed = unicodedata.normalize("NFD", word)
    decomposed = "".join(_ALSO_TONES.get(ch, ch) for ch in decomposed)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    if len(tones) != 1:
        return unicodedata.normalize("NFC", decomposed)
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONE_MARKS))
    target = _is_open_oa_oe_uy(bare.lower())
    if target < 0:
        return unicodedata.normalize("NFC", decomposed)
    placed = bare[: target + 1] + tones[0] + bare[target + 1 :]
    return unicodedata.normalize("NFC", placed)


# Only a syllable ending in open oa/oe/uy can have its tone moved; in NFC text its last two
# letters are those vowels, bare or with a tone. Every other word is left as it is, so only
# these are handed to `_canonical_syllable` (same word boundaries as `_WORD`).
_MOVABLE_TONE_WORD = re.compile(
    r"(?<![^\W\d_])[^\W\d_]*"
    r"(?:[oòóõỏọOÒÓÕỎỌ][aàáãảạAÀÁÃẢẠeèéẽẻẹEÈÉẼẺẸ]|[uùúũủụUÙÚŨỦỤ][yỳýỹỷỵYỲÝỸỶỴ])"
    r"(?![^\W\d_])"
)


def _place_tones(text: str) -> str:
    return _MOVABLE_TONE_WORD.sub(lambda m: _canonical_syllable(m.group(0)), text)


# Names, subjects and numbers repeat across an export and are kept (bounded); a directive's
# content is long but is read for each of its results, so a few thousand of those are kept too.
_SHORT = 200
_LONG = 4000


def _two_tier(function):  # noqa: ANN001, ANN202 - a decorator of str -> str functions
    """Cache short texts generously and long ones sparingly; never cache very long texts."""
    short = lru_cache(maxsize=65536)(function)
    long = lru_cache(maxsize=2048)(function)

    @wraps(function)
    def cached(text: str) -> str:
        if len(text) <= _SHORT:
            return short(text)
        if len(text) <= _LONG:
            return long(text)
        return function(text)

    cached.cache_clear = lambda: (short.cache_clear(), long.cache_clear())  # type: ignore[attr-defined]
    return cached


@_two_tier
def normalize(text: str) -> str:
    """Display form: NFC, canonical tone placement, ð→đ, single spaces, trimmed."""
    if not text:
        return ""
    if text.isascii():  # no letter to compose, fix or move a tone onto
        return " ".join(text.split())
    text = _fix_letters(unicodedata.normalize("NFC", text))
    text = _place_tones(text)
    return " ".join(text.split())  # white space collapsed and trimmed, as _SPACE would


def _fix_letters(text: str) -> str:
    """``_LETTER_FIXES`` applied (only ð and Ð change; str.replace is much faster than translate)."""
    if "ð" in text or "Ð" in text:
        return text.replace("ð", "đ").replace("Ð", "Đ")
    return text


def casefold(text: str) -> str:
    """``normalize`` and lower case (Vietnamese letters included)."""
    return normalize(text).lower()


# The combining diacritics block, less the marks of class 0 (U+034F grapheme joiner): what
# Vietnamese text decomposes into. Other combining marks are dropped one by one after it.
_DIACRITICS = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c))) + "]+"
)
@_two_tier
def fold(text: str) -> str:
    """Matching key: lower case, no diacritics, đ→d, punctuation as single spaces."""
    if not text:
        return ""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    text = _fix_letters(unicodedata.normalize("NFC", text))
    if "đ" in text or "Đ" in text:  # _FOLD_TABLE, by str.replace
        text = text.replace("đ", "d").replace("Đ", "d")
    stripped = _DIACRITICS.sub("", unicodedata.normalize("NFD", text))
    if not stripped.isascii():
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


@_two_tier
def strip_subject_prefix(text: str) -> str:
    """Remove a leading "V/v", "V/V", "Về việc" (and the punctuation after it)."""
    text = normalize(text)
    previous = None
    while previous != text:  # "V/v: Về việc …" happens
        previous = text
        text = _SUBJECT_PREFIX.sub("", text, count=1)
    return text


def subject_key(text: str) -> str:
    """The matching key of a subject line: prefix removed, then folded."""
    return fold(strip_subject_prefix(text))
