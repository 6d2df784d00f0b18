"""Read the PDF attached to a result document: its text, its heading, whether it is signed.

``read_pdf(path)`` never raises and never hangs. It answers a frozen ``PdfReading`` whose
``status`` is ``"read"`` or ``"unreadable"``; an unreadable file carries a ``reason`` and a short
message in Vietnamese and English.

How a file is read
------------------
1. Cheap checks on the bytes, before any parsing: missing, empty, larger than ``max_bytes``,
   no ``%PDF-`` header (``not_pdf``), no ``%%EOF`` marker near the end (``truncated``: an
   interrupted download; its pages are not guessed at).
2. The structure is opened with pypdf (lenient mode). A password that the empty user password
   does not open gives ``encrypted``; a page tree declaring more than ``PAGE_COUNT_LIMIT`` pages
   gives ``too_many_pages``; otherwise only the first ``max_pages`` pages are read and
   ``pages`` reports the whole count (a 1000-page file is read in milliseconds).
3. No text on the pages read: ``image_only`` when they draw raster images (a scan),
   ``empty`` when they draw nothing (blank pages, or no pages at all).

The deadline (``max_seconds``)
------------------------------
A thread cannot be stopped, so the deadline is enforced in one of two ways, chosen per file:

- a well-formed file (its ``startxref`` points at a cross-reference table or stream) is read in
  this process and the clock is checked before each page; past the deadline the answer is
  ``timeout``;
- a damaged file (``startxref`` missing or pointing elsewhere), which sends pypdf down its repair
  paths where loops have been seen, is read in a short-lived child process (``python -c``)
  that is killed at the deadline. This costs about 0.3 s per damaged file (starting Python),
  and nothing for the well-formed majority.

Results are cached by content (SHA-256 of the bytes and ``max_pages``) in a bounded in-memory
LRU; ``timeout`` answers are not cached, since they depend on the machine's load.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict
from pypdf import PasswordType, PdfReader

from tdnv_rules.symbols import parse_symbol
from tdnv_rules.text import fold, normalize

__all__ = [
    "Reason",
    "PdfHeader",
    "PdfReading",
    "read_pdf",
    "read_pdf_bytes",
    "read_attachment",
    "parse_header",
    "cache_info",
    "clear_cache",
    "PAGE_COUNT_LIMIT",
]

Reason = Literal[
    "missing",
    "not_pdf",
    "encrypted",
    "truncated",
    "empty",
    "image_only",
    "too_large",
    "too_many_pages",
    "timeout",
    "broken",
]
Status = Literal["read", "unreadable"]

PAGE_COUNT_LIMIT = 10_000  # a page tree declaring more pages than this is refused unread
CACHE_SIZE = 256
_HEAD_WINDOW = 1024  # readers accept the %PDF- header within the first KiB
_TAIL_WINDOW = 2048  # and look for %%EOF / startxref in the last bytes
_HEADER_LINES = 40  # the heading block is within the first lines of page one

_log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- models


class PdfHeader(BaseModel):
    """The heading block of an administrative document, as printed on its first page."""

    model_config = ConfigDict(frozen=True)

    symbol_raw: str | None = None  # as printed after "Số:", e.g. "65/BC - STNMT"
    symbol: str | None = None  # parse_symbol(symbol_raw).normalized, e.g. "65/BC-STNMT"
    symbol_valid: bool = False  # parse_symbol(symbol_raw).valid
    place: str | None = None  # "Thanh Hóa"
    place_date: date | None = None  # from "Thanh Hóa, ngày 15 tháng 4 năm 2024"
    doc_kind_word: str | None = None  # "BÁO CÁO", "TỜ TRÌNH"…; "CÔNG VĂN" when only a V/v line
    doc_title: str | None = None  # the line(s) after the kind word, or the "V/v …" line


class PdfReading(BaseModel):
    """What reading one PDF attachment gave."""

    model_config = ConfigDict(frozen=True)

    path: str
    status: Status
    reason: Reason | None = None
    message_vi: str | None = None
    message_en: str | None = None
    pages: int | None = None  # the file's page count, when known
    text: str = ""  # first max_pages pages, each line normalised, lines joined by "\n"
    header: PdfHeader = PdfHeader()
    signed: bool = False  # an AcroForm /Sig field with a value, or a /ByteRange dictionary
    sha256: str | None = None

    @property
    def is_read(self) -> bool:
        """True when the text could be read."""
        return self.status == "read"


# --------------------------------------------------------------------------- messages


def _messages(reason: Reason, detail: dict[str, Any]) -> tuple[str, str]:
    """The Vietnamese and English message for an unreadable file."""
    if reason == "missing":
        if detail.get("escapes"):
            where = detail["escapes"]
            return (
                f"Đường dẫn tệp đính kèm ra ngoài thư mục dữ liệu xuất: {where}",
                f"The attachment path leaves the export folder: {where}",
            )
        if detail.get("not_file"):
            return ("Đường dẫn không phải là một tệp", "The path is not a regular file")
        if detail.get("os_error"):
            error = detail["os_error"]
            return (
                f"Không mở được tệp đính kèm ({error})",
                f"The attachment cannot be opened ({error})",
            )
        return ("Không tìm thấy tệp đính kèm", "The attachment file was not found")
    if reason == "too_large":
        size_mb, limit_mb = detail["size"] / 1e6, detail["limit"] / 1e6
        return (
            f"Tệp quá lớn ({size_mb:.1f} MB, giới hạn {limit_mb:.1f} MB)",
            f"The file is too large ({size_mb:.1f} MB, limit {limit_mb:.1f} MB)",
        )
    if reason == "too_many_pages":
        count, limit = detail["count"], detail["limit"]
        return (
            f"Tệp có quá nhiều trang ({count}, giới hạn {limit})",
            f"The file declares too many pages ({count}, limit {limit})",
        )
    if reason == "timeout":
        seconds = detail["seconds"]
        return (
            f"Đọc tệp vượt quá thời gian cho phép ({seconds:g} giây)",
            f"Reading the file took longer than allowed ({seconds:g} s)",
        )
    fixed: dict[str, tuple[str, str]] = {
        "not_pdf": ("Tệp không phải là tệp PDF", "The file is not a PDF"),
        "encrypted": (
            "Tệp PDF được đặt mật khẩu, không đọc được nội dung",
            "The PDF is password-protected; its text cannot be read",
        ),
        "truncated": (
            "Tệp PDF bị cắt cụt (thiếu phần cuối tệp)",
            "The PDF is truncated (its end is missing)",
        ),
        "empty": (
            "Tệp rỗng hoặc không có trang nào có nội dung",
            "The file is empty or its pages hold nothing",
        ),
        "image_only": (
            "Tệp PDF chỉ chứa ảnh quét, không có chữ để đọc",
            "The PDF holds only scanned images, no text",
        ),
        "broken": (
            "Tệp PDF bị hỏng, không đọc được cấu trúc",
            "The PDF is damaged; its structure cannot be read",
        ),
    }
    return fixed[reason]


def _unreadable(
    path: str,
    reason: Reason,
    *,
    sha256: str | None = None,
    pages: int | None = None,
    signed: bool = False,
    **detail: Any,
) -> PdfReading:
    message_vi, message_en = _messages(reason, detail)
    return PdfReading(
        path=path,
        status="unreadable",
        reason=reason,
        message_vi=message_vi,
        message_en=message_en,
        pages=pages,
        signed=signed,
        sha256=sha256,
    )


# --------------------------------------------------------------------------- heading


_SYMBOL_LEAD = re.compile(r"(?:^|\s)Số\s*[:.]?\s*(?=\d)")
_SYMBOL_BODY = re.compile(r"\d[\w.&]*(?:\s*[/\-–]\s*[\w.&]+)*")
_PLACE_DATE = re.compile(
    r",\s*ngày\s+(\d{1,2})\s*tháng\s+(\d{1,2})\s*năm\s+(\d{4})", re.IGNORECASE
)
_KIND_WORDS = (
    "BÁO CÁO", "TỜ TRÌNH", "CÔNG VĂN", "KẾ HOẠCH", "THÔNG BÁO", "QUYẾT ĐỊNH", "CHỈ THỊ",
    "NGHỊ QUYẾT", "BIÊN BẢN", "ĐỀ ÁN", "PHƯƠNG ÁN", "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "GIẤY MỜI",
    "QUY CHẾ", "QUY ĐỊNH", "CÔNG ĐIỆN", "DỰ ÁN", "THÔNG CÁO", "HỢP ĐỒNG",
)  # fmt: skip
_KIND_BY_KEY = {fold(word): word for word in _KIND_WORDS}
_SUBJECT_LINE = re.compile(r"^(?:V\s*/\s*V|Về việc)\b", re.IGNORECASE)
_BODY_OPENERS = re.compile(
    r"^(?:Kính gửi|Căn cứ|Thực hiện|Theo|Ngày|Trên cơ sở|Để|Sau khi|Nhằm|Điều|Phần|Chương"
    r"|Nơi nhận|[IVX]+\.|\d+[.)]|[a-zđ]\))",
)
_LONG_LINE = 50  # a title line this long probably wrapped onto the next


def _place_before(prefix: str) -> str | None:
    """The place name ending ``prefix``: up to four capitalised words ("Thanh Hóa")."""
    words = prefix.split()
    place: list[str] = []
    while words and len(place) < 4:
        word = words[-1]
        if not (word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())):
            break
        place.insert(0, words.pop())
    return " ".join(place) or None


def _continues(current: str, following: str) -> bool:
    """Whether ``following`` is the wrapped rest of the title line ``current``."""
    if not following or _BODY_OPENERS.match(following):
        return False
    if following[0].islower():
        return True
    return len(current) >= _LONG_LINE and not current.endswith((".", ":", ";"))


def _title_from(lines: list[str], start: int) -> str | None:
    """The title starting at ``lines[start]`` with up to two wrapped continuation lines."""
    if start >= len(lines) or _BODY_OPENERS.match(lines[start]):
        return None
    parts = [lines[start]]
    for following in lines[start + 1 : start + 3]:
        if not _continues(parts[-1], following):
            break
        parts.append(following)
    return " ".join(parts)


def parse_header(first_page_text: str) -> PdfHeader:
    """Parse the heading block (number, place and date, kind word, title) of a first page."""
    lines = [line for line in (normalize(raw) for raw in first_page_text.splitlines()) if line]
    lines = lines[:_HEADER_LINES]
    fields: dict[str, Any] = {}
    for line in lines:
        found = _PLACE_DATE.search(line)
        if found is None:
            continue
        day, month, year = (int(group) for group in found.groups())
        try:
            fields["place_date"] = date(year, month, day)
        except ValueError:
            fields["place_date"] = None
        fields["place"] = _place_before(line[: found.start()])
        break
    for line in lines:
        lead = _SYMBOL_LEAD.search(line)
        if lead is None:
            continue
        rest = line[lead.end() :]
        place_date = _PLACE_DATE.search(rest)
        if place_date is not None:  # "Số: 65/BC-STNMT Thanh Hóa, ngày …" on one line
            place = _place_before(rest[: place_date.start()]) or ""
            rest = rest[: place_date.start()].rstrip()
            rest = rest[: len(rest) - len(place)] if place and rest.endswith(place) else rest
        body = _SYMBOL_BODY.match(rest)
        if body is None:
            continue
        raw = body.group(0).strip()
        parsed = parse_symbol(raw)
        fields.update(symbol_raw=raw, symbol=parsed.normalized, symbol_valid=bool(parsed.valid))
        break
    for index, line in enumerate(lines):
        kind = _KIND_BY_KEY.get(fold(line))
        if kind is not None and line == line.upper():
            fields["doc_kind_word"] = kind
            fields["doc_title"] = _title_from(lines, index + 1)
            break
    if "doc_kind_word" not in fields:
        for index, line in enumerate(lines):
            if _SUBJECT_LINE.match(line):
                fields["doc_kind_word"] = "CÔNG VĂN"
                fields["doc_title"] = _title_from(lines, index)
                break
    return PdfHeader(**fields)


# --------------------------------------------------------------------------- extraction


def _looks_damaged(data: bytes) -> bool:
    """True when ``startxref`` is missing or does not point at a cross-reference section."""
    tail = data[-_TAIL_WINDOW:]
    found = list(re.finditer(rb"startxref\s+(\d+)", tail))
    if not found:
        return True
    offset = int(found[-1].group(1))
    if offset >= len(data):
        return True
    window = data[offset : offset + 64]
    return not re.match(rb"\s*(?:xref|\d+\s+\d+\s+obj)", window)


def _has_images(page: Any) -> bool:
    """Whether a page draws raster images (directly or one form XObject deep)."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    stack = [(resources, 0)]
    while stack:
        current, depth = stack.pop()
        if not hasattr(current, "get"):
            continue
        xobjects = current.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else None
        if not hasattr(xobjects, "values"):
            continue
        for item in list(xobjects.values())[:200]:
            item = item.get_object()
            subtype = item.get("/Subtype") if hasattr(item, "get") else None
            if subtype == "/Image":
                return True
            if subtype == "/Form" and depth < 2:
                inner = item.get("/Resources")
                stack.append((inner.get_object() if inner is not None else None, depth + 1))
    return False


def _has_signature_field(reader: Any) -> bool:
    """Whether the AcroForm holds a signature field (/FT /Sig) that carries a value."""
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    form = root.get("/AcroForm") if hasattr(root, "get") else None
    form = form.get_object() if form is not None else None
    fields = form.get("/Fields") if hasattr(form, "get") else None
    fields = fields.get_object() if fields is not None else None
    stack = list(fields) if isinstance(fields, list) else []
    seen = 0
    while stack and seen < 2000:
        seen += 1
        field = stack.pop().get_object()
        if not hasattr(field, "get"):
            continue
        if field.get("/FT") == "/Sig" and field.get("/V") is not None:
            return True
        kids = field.get("/Kids")
        kids = kids.get_object() if kids is not None else None
        if isinstance(kids, list):
            stack.extend(kids)
    return False


def _extract(data: bytes, max_pages: int, deadline: float) -> dict[str, Any]:
    """Open the PDF with pypdf and take the text of its first pages (a JSON-ready dict).

    ``outcome`` is ``"ok"`` or a reason; ``deadline`` is a ``time.monotonic()`` instant.
    """
    result: dict[str, Any] = {"outcome": "broken", "pages": None, "texts": [], "images": False}
    result["signed"] = False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # an unsupported algorithm is as closed as a password
                opened = PasswordType.NOT_DECRYPTED
            if opened == PasswordType.NOT_DECRYPTED:
                result["outcome"] = "encrypted"
                return result
        try:
            result["signed"] = _has_signature_field(reader)
        except Exception:
            _log.debug("signature fields unreadable", exc_info=True)
        declared = reader.trailer["/Root"].get_object()["/Pages"].get_object().get("/Count")
        declared = int(declared) if declared is not None else None
        if declared is not None and declared > PAGE_COUNT_LIMIT:
            result.update(outcome="too_many_pages", pages=declared)
            return result
        page_list = reader.pages
        total = len(page_list)
        if total > 0:
            page_list[0]  # flattens the page tree: the real count may differ from /Count
            total = len(getattr(reader, "flattened_pages", None) or page_list)
        result["pages"] = total
        if total > PAGE_COUNT_LIMIT:
            result["outcome"] = "too_many_pages"
            return result
        failures = 0
        for index in range(min(total, max_pages)):
            if time.monotonic() > deadline:
                result["outcome"] = "timeout"
                return result
            try:
                page = page_list[index]
                text = page.extract_text() or ""
                images = not text.strip() and _has_images(page)  # a textless page drawing images
            except Exception:
                failures += 1
                text, images = "", False
            result["texts"].append(text)
            result["images"] = result["images"] or images
        if total and failures == min(total, max_pages):
            result["outcome"] = "broken"
            return result
        result["outcome"] = "ok"
    except Exception:  # RecursionError and MemoryError included: all mean "cannot be read"
        _log.debug("pypdf could not read the file", exc_info=True)
    return result


_CHILD_CODE = (
    "import sys\n"
    "from tdnv_rules.readers.pdf import _child_main\n"
    "sys.exit(_child_main())\n"
)


def _child_main() -> int:
    """Child-process entry: PDF bytes on stdin, ``max_pages seconds`` in argv, JSON on stdout."""
    max_pages, seconds = int(sys.argv[1]), float(sys.argv[2])
    logging.disable(logging.CRITICAL)
    data = sys.stdin.buffer.read()
    result = _extract(data, max_pages, time.monotonic() + seconds)
    sys.stdout.write(json.dumps(result, ensure_ascii=True))
    return 0


def _extract_isolated(data: bytes, max_pages: int, deadline: float) -> dict[str, Any]:
    """Run ``_extract`` in a child process that is killed at the deadline."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return {"outcome": "timeout", "pages": None, "texts": [], "images": False, "signed": False}
    package_root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    try:
        done = subprocess.run(
            [sys.executable, "-c", _CHILD_CODE, str(max_pages), repr(remaining)],
            input=data,
            capture_output=True,
            timeout=remaining,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:  # subprocess.run has killed and reaped the child
        return {"outcome": "timeout", "pages": None, "texts": [], "images": False, "signed": False}
    except OSError:
        _log.warning("could not start the PDF reading child process", exc_info=True)
        return {"outcome": "broken", "pages": None, "texts": [], "images": False, "signed": False}
    try:
        result = json.loads(done.stdout.decode("utf-8"))
        if done.returncode != 0 or not isinstance(result, dict):
            raise ValueError(done.returncode)
        return result
    except ValueError:
        return {"outcome": "broken", "pages": None, "texts": [], "images": False, "signed": False}


def _normalise_page(text: str) -> list[str]:
    return [line for line in (normalize(raw) for raw in text.splitlines()) if line]


# --------------------------------------------------------------------------- cache


class CacheInfo(NamedTuple):
    """Counters of the content-hash cache."""

    hits: int
    misses: int
    size: int
    maxsize: int


_cache: OrderedDict[tuple[str, int], PdfReading] = OrderedDict()
_cache_lock = threading.Lock()
_counters = {"hits": 0, "misses": 0}


def _cache_get(key: tuple[str, int]) -> PdfReading | None:
    with _cache_lock:
        found = _cache.get(key)
        if found is None:
            _counters["misses"] += 1
            return None
        _cache.move_to_end(key)
        _counters["hits"] += 1
        return found


def _cache_put(key: tuple[str, int], reading: PdfReading) -> None:
    with _cache_lock:
        _cache[key] = reading
        _cache.move_to_end(key)
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)


def cache_info() -> CacheInfo:
    """Hits, misses and size of the content-hash cache."""
    with _cache_lock:
        return CacheInfo(_counters["hits"], _counters["misses"], len(_cache), CACHE_SIZE)


def clear_cache() -> None:
    """Empty the cache and reset its counters."""
    with _cache_lock:
        _cache.clear()
        _counters.update(hits=0, misses=0)


# --------------------------------------------------------------------------- public API


def read_pdf_bytes(
    data: bytes,
    *,
    name: str = "<bytes>",
    max_pages: int = 5,
    max_seconds: float = 2.0,
    max_bytes: int = 20_000_000,
    use_cache: bool = True,
) -> PdfReading:
    """Read PDF content already in memory; ``name`` is reported as the reading's ``path``."""
    started = time.monotonic()
    if len(data) > max_bytes:
        return _unreadable(name, "too_large", size=len(data), limit=max_bytes)
    digest = hashlib.sha256(data).hexdigest()
    key = (digest, max(1, int(max_pages)))  # at least one page is always read
    if use_cache:
        cached = _cache_get(key)
        if cached is not None:
            return cached if cached.path == name else cached.model_copy(update={"path": name})
    reading = _read_unchecked(data, name, digest, key[1], started + max_seconds, max_seconds)
    if use_cache and reading.reason != "timeout":
        _cache_put(key, reading)
    return reading


def _read_unchecked(
    data: bytes, name: str, digest: str, max_pages: int, deadline: float, seconds: float
) -> PdfReading:
    """The uncached reading of ``data`` (never raises)."""
    if not data:
        return _unreadable(name, "empty", sha256=digest)
    if b"%PDF-" not in data[:_HEAD_WINDOW]:
        return _unreadable(name, "not_pdf", sha256=digest)
    raw_signed = b"/ByteRange" in data
    if b"%%EOF" not in data[-_TAIL_WINDOW:]:
        return _unreadable(name, "truncated", sha256=digest, signed=raw_signed)
    try:
        if _looks_damaged(data):
            found = _extract_isolated(data, max_pages, deadline)
        else:
            found = _extract(data, max_pages, deadline)
        outcome, pages = found.get("outcome"), found.get("pages")
        signed = raw_signed or bool(found.get("signed"))
        texts = [str(text) for text in found.get("texts") or []]
        if outcome == "ok":
            page_lines = [_normalise_page(text) for text in texts]
            if not any(page_lines):
                reason: Reason = "image_only" if found.get("images") else "empty"
                return _unreadable(name, reason, sha256=digest, pages=pages, signed=signed)
            return PdfReading(
                path=name,
                status="read",
                pages=pages,
                text="\n".join(line for lines in page_lines for line in lines),
                header=parse_header("\n".join(next(lines for lines in page_lines if lines))),
                signed=signed,
                sha256=digest,
            )
        known: tuple[str, ...] = ("encrypted", "too_many_pages", "timeout", "broken")
        reason = outcome if outcome in known else "broken"  # type: ignore[assignment]
        return _unreadable(
            name,
            reason,
            sha256=digest,
            pages=pages,
            signed=signed,
            seconds=seconds,
            count=pages,
            limit=PAGE_COUNT_LIMIT,
        )
    except Exception:  # a defect here must not turn a bad attachment into a crash
        _log.exception("unexpected failure reading %s", name)
        return _unreadable(name, "broken", sha256=digest)


def read_pdf(
    path: str | os.PathLike[str],
    *,
    max_pages: int = 5,
    max_seconds: float = 2.0,
    max_bytes: int = 20_000_000,
    use_cache: bool = True,
) -> PdfReading:
    """Read the PDF at ``path`` (see the module docstring); never raises, never hangs."""
    name = os.fspath(path) if isinstance(path, (str, os.PathLike)) else str(path)
    try:
        info = os.stat(name)
    except (OSError, ValueError):
        return _unreadable(name, "missing")
    if not stat.S_ISREG(info.st_mode):
        return _unreadable(name, "missing", not_file=True)
    if info.st_size > max_bytes:
        return _unreadable(name, "too_large", size=info.st_size, limit=max_bytes)
    try:
        with open(name, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        return _unreadable(name, "missing", os_error=error.strerror or type(error).__name__)
    return read_pdf_bytes(
        data,
        name=name,
        max_pages=max_pages,
        max_seconds=max_seconds,
        max_bytes=max_bytes,
        use_cache=use_cache,
    )


_DRIVE = re.compile(r"^[A-Za-z]:")


def read_attachment(
    base_dir: str | os.PathLike[str],
    attachment_path: str | os.PathLike[str],
    **options: Any,
) -> PdfReading:
    """Read an attachment named relative to the export file's folder ``base_dir``.

    Absolute paths and paths that leave ``base_dir`` ("../", or a symbolic link pointing out)
    are refused with reason ``missing``. Backslashes count as separators (Windows exports).
    ``options`` are passed to ``read_pdf``.
    """
    shown = str(attachment_path)
    relative = shown.replace("\\", "/").strip()
    if not relative:
        return _unreadable(shown, "missing")
    try:
        base = Path(base_dir).resolve()
        if relative.startswith("/") or _DRIVE.match(relative):
            return _unreadable(shown, "missing", escapes=shown)
        target = (base / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        return _unreadable(shown, "missing")
    if not target.is_relative_to(base):
        return _unreadable(shown, "missing", escapes=shown)
    return read_pdf(target, **options)
