"""Tests of tdnv_rules.readers.pdf against the generated fixtures in fixtures/pdf/."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tdnv_rules.readers import pdf as pdf_reader
from tdnv_rules.readers.pdf import (
    PdfReading,
    cache_info,
    clear_cache,
    parse_header,
    read_attachment,
    read_pdf,
    read_pdf_bytes,
)
from tdnv_rules.text import fold, normalize

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "pdf"
REPORT = FIXTURES / "report-65-BC-STNMT.pdf"
HEADER_LETTERS = "Số: 65/BC-STNMT Thanh Hóa,ngày\n tháng năm 2024V/v"
PDF_FILES = sorted(p for p in FIXTURES.glob("*.pdf") if p.stat().st_size > 0)


def damaged_copy(data: bytes) -> bytes:
    """The same PDF with its startxref pointing nowhere (sends it down the repair path)."""
    return re.sub(rb"startxref\s+\d+", b"startxref\n7", data)


# ------------------------------------------------------------------ good documents


def test_normal_report_is_read_with_its_page_count():
    """The three-page report is read and reports three pages."""
    reading = read_pdf(REPORT, use_cache=False)
    assert ("read", None, 3) == (reading.status, reading.reason, reading.pages)


def test_normal_report_header_parses():
    """Number, place, date, kind word and title come out of the heading block."""
    header = read_pdf(REPORT).header
    assert "65/BC-STNMT" == header.symbol
    assert header.symbol_valid
    assert date(2024, 4, 15) == header.place_date
    assert "Thanh Hóa" == header.place
    assert "BÁO CÁO" == header.doc_kind_word
    assert "Tình hình quản lý tài nguyên nước quý I năm 2024" == header.doc_title


def test_text_is_normalised_nfc_with_new_tone_placement():
    """The report prints "Thanh Hoá" in NFD with the old tone placement; the text is NFC "Hóa"."""
    text = read_pdf(REPORT).text
    assert unicodedata.is_normalized("NFC", text)
    assert "Hóa còn phân tán giữa các ngành" in text
    assert "Hoá" not in text
    assert [normalize(line) for line in text.splitlines()] == text.splitlines()


def test_text_covers_every_page_read():
    """Text of the last page (the closing sentence) is present."""
    text = read_pdf(REPORT).text
    assert "báo cáo UBND tỉnh xem xét, chỉ đạo./." in text


def test_extension_request_letter_header_is_its_vv_line():
    """A Công văn has no kind word: the kind is CÔNG VĂN and the title its V/v line."""
    header = read_pdf(FIXTURES / "extension-request-2370-STNMT-BHD.pdf").header
    assert "CÔNG VĂN" == header.doc_kind_word
    assert (
        "V/v xin gia hạn thời gian báo cáo kết quả thực hiện Công văn số 4882/UBND-KTTC"
        == header.doc_title
    )
    assert ("2370/STNMT-BHD", date(2024, 4, 12)) == (header.symbol, header.place_date)


def test_submission_header_joins_a_wrapped_title():
    """The Tờ trình title wraps onto a second line; both lines are joined."""
    header = read_pdf(FIXTURES / "submission-56-TTr-SXD.pdf").header
    assert ("TỜ TRÌNH", "56/TTr-SXD") == (header.doc_kind_word, header.symbol)
    assert date(2024, 1, 5) == header.place_date
    assert (
        "Về việc phê duyệt điều chỉnh quy hoạch chi tiết khu dân cư phía Tây đường Nguyễn Trãi"
        == header.doc_title
    )


def test_4882_mislinked_report_is_about_complaints_not_the_auction():
    """The attachment behind 65/BC-STNMT talks of complaints; the correct one of the auction."""
    mislinked = read_pdf(FIXTURES / "4882-mislinked-report.pdf")
    correct = read_pdf(FIXTURES / "4882-correct-report.pdf")
    assert "65/BC-STNMT" == mislinked.header.symbol
    assert "giai quyet khieu nai" in fold(mislinked.text)
    assert "dau gia" not in fold(mislinked.text)
    assert "dau gia quyen khai thac khoang san mo dat san lap tai xa can khe" in fold(correct.text)
    assert "huyen nhu thanh" in fold(correct.header.doc_title or "")


def test_signed_file_is_flagged_and_unsigned_is_not():
    """A /Sig field with a /ByteRange value marks the file as signed."""
    assert (True, False) == (
        read_pdf(FIXTURES / "signed-report.pdf").signed,
        read_pdf(REPORT).signed,
    )


def test_sha256_is_the_hash_of_the_bytes():
    """The reading names the content by its SHA-256."""
    import hashlib

    assert hashlib.sha256(REPORT.read_bytes()).hexdigest() == read_pdf(REPORT).sha256


# ------------------------------------------------------------------ bad documents


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("encrypted.pdf", "encrypted"),
        ("truncated.pdf", "truncated"),
        ("empty.pdf", "empty"),
        ("zero-pages.pdf", "empty"),
        ("blank-page.pdf", "empty"),
        ("scanned-image-only.pdf", "image_only"),
        ("not-a-pdf.pdf", "not_pdf"),
        ("no-such-file.pdf", "missing"),
    ],
)
def test_bad_file_gives_its_reason(name, reason):
    """Each bad kind is unreadable with its reason and messages in both languages."""
    reading = read_pdf(FIXTURES / name, use_cache=False)
    assert ("unreadable", reason, "") == (reading.status, reading.reason, reading.text)
    assert reading.message_vi and reading.message_en


def test_image_only_and_blank_pages_report_their_page_count():
    """A scan and a blank page are unreadable yet their page count is known."""
    assert (1, 1, 0) == (
        read_pdf(FIXTURES / "scanned-image-only.pdf").pages,
        read_pdf(FIXTURES / "blank-page.pdf").pages,
        read_pdf(FIXTURES / "zero-pages.pdf").pages,
    )


def test_file_over_max_bytes_is_too_large():
    """A file bigger than max_bytes is refused without being parsed."""
    reading = read_pdf(REPORT, max_bytes=1000)
    assert ("unreadable", "too_large", None) == (reading.status, reading.reason, reading.sha256)


def test_directory_is_missing():
    """A directory where a file is expected is reported as missing."""
    assert "missing" == read_pdf(FIXTURES).reason


def test_thousand_pages_reads_only_the_first_pages():
    """The 1000-page file reports pages=1000 and the text of max_pages pages only."""
    reading = read_pdf(FIXTURES / "thousand-pages.pdf", max_pages=5)
    assert ("read", 1000) == (reading.status, reading.pages)
    assert [f"[trang {n}]" for n in range(1, 6)] == reading.text.splitlines()
    fewer = read_pdf(FIXTURES / "thousand-pages.pdf", max_pages=2)
    assert ["[trang 1]", "[trang 2]"] == fewer.text.splitlines()


def test_page_tree_over_the_limit_is_too_many_pages(monkeypatch):
    """A page tree declaring more pages than PAGE_COUNT_LIMIT is refused unread."""
    monkeypatch.setattr(pdf_reader, "PAGE_COUNT_LIMIT", 500)
    reading = read_pdf(FIXTURES / "thousand-pages.pdf", use_cache=False)
    assert ("too_many_pages", 1000) == (reading.reason, reading.pages)


def test_deadline_already_past_gives_timeout_and_is_not_cached():
    """With no time left the answer is timeout, and a later call is not served that answer."""
    clear_cache()
    late = read_pdf(REPORT, max_seconds=0)
    assert ("unreadable", "timeout") == (late.status, late.reason)
    assert "read" == read_pdf(REPORT).status


def test_damaged_file_is_read_in_a_child_process():
    """A file whose startxref points nowhere is repaired and read (in a child process)."""
    reading = read_pdf_bytes(damaged_copy(REPORT.read_bytes()), use_cache=False)
    assert ("read", 3, "65/BC-STNMT") == (reading.status, reading.pages, reading.header.symbol)


def test_damaged_file_past_its_deadline_times_out():
    """The child reading a damaged file is stopped at the deadline."""
    reading = read_pdf_bytes(damaged_copy(REPORT.read_bytes()), max_seconds=0.01, use_cache=False)
    assert "timeout" == reading.reason


def test_truncated_signed_file_is_still_seen_as_signed():
    """The /ByteRange dictionary is found in the bytes even when the file cannot be parsed."""
    data = (FIXTURES / "signed-report.pdf").read_bytes()
    cut = data[: data.rindex(b"/ByteRange") + 40]
    reading = read_pdf_bytes(cut, use_cache=False)
    assert ("truncated", True) == (reading.reason, reading.signed)


# ------------------------------------------------------------------ cache


def test_same_bytes_at_another_path_hit_the_cache(tmp_path):
    """A copy of a file read before is answered from the cache, under its own path."""
    clear_cache()
    first = read_pdf(REPORT)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(REPORT.read_bytes())
    second = read_pdf(copy)
    assert (1, 1) == (cache_info().hits, cache_info().misses)
    assert str(copy) == second.path
    assert first.model_copy(update={"path": str(copy)}) == second


def test_cache_is_bounded(monkeypatch):
    """The cache never holds more than CACHE_SIZE readings."""
    clear_cache()
    monkeypatch.setattr(pdf_reader, "CACHE_SIZE", 3)
    for index in range(6):
        read_pdf_bytes(b"not a pdf %d" % index)
    assert 3 == cache_info().size


def test_use_cache_false_bypasses_the_cache():
    """Readings asked without the cache neither count nor store."""
    clear_cache()
    read_pdf(REPORT, use_cache=False)
    read_pdf(REPORT, use_cache=False)
    assert (0, 0, 0) == cache_info()[:3]


# ------------------------------------------------------------------ attachments


def test_attachment_resolves_relative_to_the_export_folder():
    """A relative path (with Windows separators) is read from the export's folder."""
    reading = read_attachment(ROOT / "fixtures", "pdf\\report-65-BC-STNMT.pdf")
    assert ("read", str(REPORT)) == (reading.status, reading.path)


@pytest.mark.parametrize(
    "path", ["../fixtures/pdf/report-65-BC-STNMT.pdf", "/etc/passwd", "C:\\x.pdf"]
)
def test_attachment_path_leaving_the_folder_is_refused(path):
    """Paths that escape the export folder are refused as missing, with the path named."""
    reading = read_attachment(FIXTURES, path)
    assert ("unreadable", "missing") == (reading.status, reading.reason)
    assert path in (reading.message_en or "") and path in (reading.message_vi or "")


def test_attachment_symlink_pointing_out_is_refused(tmp_path):
    """A symbolic link inside the folder that points outside it is refused."""
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "link.pdf").symlink_to(REPORT)
    reading = read_attachment(tmp_path / "export", "link.pdf")
    assert "missing" == reading.reason


# ------------------------------------------------------------------ heading parser


def test_header_with_spaced_symbol_and_old_tone_placement():
    """Spaces inside the number and NFD "Hoá" are both accepted."""
    header = parse_header(
        unicodedata.normalize("NFD", "Số: 65/BC - STNMT Thanh Hoá, ngày 5 tháng 1 năm 2024")
    )
    assert ("65/BC - STNMT", "65/BC-STNMT") == (header.symbol_raw, header.symbol)
    assert ("Thanh Hóa", date(2024, 1, 5)) == (header.place, header.place_date)


def test_header_with_impossible_date_has_no_date():
    """"ngày 31 tháng 2" is not a date: place_date stays empty."""
    assert None is parse_header("Thanh Hóa, ngày 31 tháng 2 năm 2024").place_date


def test_header_body_line_is_not_a_title():
    """A kind word followed directly by the body has no title."""
    header = parse_header("BÁO CÁO\nThực hiện Công văn số 1/UBND-VP ngày 2/1/2024")
    assert ("BÁO CÁO", None) == (header.doc_kind_word, header.doc_title)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(HEADER_LETTERS)), max_size=120))
def test_parse_header_never_raises(text):
    """Any text gives a header, with a date only when the text holds one."""
    header = parse_header(text)
    assert (header.place_date is not None) <= ("tháng" in text)


# ------------------------------------------------------------------ never raises


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_random_bytes_always_give_a_reading(data):
    """Random bytes give a PdfReading; without a PDF header they are not_pdf (or empty)."""
    reading = read_pdf_bytes(data, use_cache=False)
    assert isinstance(reading, PdfReading)
    if b"%PDF-" not in data[:1024]:
        assert ("empty" if not data else "not_pdf") == reading.reason


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(PDF_FILES), st.floats(min_value=0.0, max_value=1.0))
def test_truncations_of_fixtures_always_give_a_reading(path, fraction):
    """Any prefix of a fixture gives a reading; one that lost its %%EOF is truncated."""
    data = path.read_bytes()
    prefix = data[: int(len(data) * fraction)]
    reading = read_pdf_bytes(prefix, use_cache=False)
    assert isinstance(reading, PdfReading)
    if prefix.startswith(b"%PDF-") and b"%%EOF" not in prefix[-2048:]:
        assert "truncated" == reading.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([p for p in PDF_FILES if p.stat().st_size < 100_000]),
    st.lists(st.tuples(st.floats(0.02, 0.95), st.integers(0, 255)), min_size=1, max_size=30),
)
def test_corrupted_fixtures_always_give_a_reading(path, flips):
    """Fixtures with bytes overwritten (structure intact) give a reading, never an exception."""
    data = bytearray(path.read_bytes())
    for where, value in flips:
        data[int(where * len(data))] = value
    reading = read_pdf_bytes(bytes(data), use_cache=False)
    event(f"reason={reading.reason}")
    assert reading.status in ("read", "unreadable")
    assert (reading.reason is None) == (reading.status == "read")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=0, max_size=2048))
def test_random_body_with_pdf_markers_gives_a_reading(body):
    """Garbage between a PDF header and an %%EOF goes through the child process safely."""
    reading = read_pdf_bytes(b"%PDF-1.7\n" + body + b"\n%%EOF\n", use_cache=False)
    assert "unreadable" == reading.status


# ------------------------------------------------------------------ fixtures in sync


def test_fixture_generator_reproduces_the_files_byte_for_byte():
    """scripts/make_pdf_fixtures.py is deterministic and the committed files are its output."""
    pytest.importorskip("fpdf")
    spec = importlib.util.spec_from_file_location(
        "make_pdf_fixtures", ROOT / "scripts" / "make_pdf_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build_all()
    on_disk = {p.name: p.read_bytes() for p in FIXTURES.glob("*.pdf")}
    assert on_disk == built
