"""Time ``read_pdf`` on the fixtures: the normal 3-page report (cold, cache off) and each bad kind.

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/pdf_read.py [--repeats 200]

Prints p50 / p99 / max in milliseconds per file, then the cached read of the report.
"""

from __future__ import annotations

import argparse
import logging
import re
import statistics
import time
from pathlib import Path

from tdnv_rules.readers.pdf import clear_cache, read_pdf, read_pdf_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
CASES = [
    ("report-65-BC-STNMT.pdf", "normal 3-page report"),
    ("signed-report.pdf", "signed 3-page report"),
    ("thousand-pages.pdf", "1000 pages (first 5 read)"),
    ("encrypted.pdf", "encrypted"),
    ("truncated.pdf", "truncated"),
    ("empty.pdf", "empty (0 bytes)"),
    ("zero-pages.pdf", "zero pages"),
    ("blank-page.pdf", "blank page"),
    ("scanned-image-only.pdf", "image only"),
    ("not-a-pdf.pdf", "HTML saved as .pdf"),
    ("no-such-file.pdf", "missing"),
]


def percentile(samples: list[float], fraction: float) -> float:
    """The sample at ``fraction`` of the sorted list (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def time_calls(call, repeats: int) -> list[float]:
    """Milliseconds taken by each of ``repeats`` calls (after one warm-up call)."""
    call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(label: str, outcome: str, samples: list[float]) -> str:
    """One printed line of figures."""
    return (
        f"{label:<28} {outcome:<16} n={len(samples):<4d} p50={statistics.median(samples):8.2f} ms"
        f"  p99={percentile(samples, 0.99):8.2f} ms  max={max(samples):8.2f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the timings and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files make pypdf chatty

    print(f"read_pdf, cache off, {args.repeats} repeats per file")
    for name, label in CASES:
        path = FIXTURES / name
        reading = read_pdf(path, use_cache=False)
        outcome = reading.status if reading.reason is None else reading.reason
        samples = time_calls(lambda p=path: read_pdf(p, use_cache=False), args.repeats)
        print(row(label, outcome, samples))

    report = (FIXTURES / "report-65-BC-STNMT.pdf").read_bytes()
    damaged = re.sub(rb"startxref\s+\d+", b"startxref\n7", report)
    reading = read_pdf_bytes(damaged, use_cache=False)
    repeats = max(5, args.repeats // 20)
    samples = time_calls(lambda: read_pdf_bytes(damaged, use_cache=False), repeats)
    print(row("damaged xref (child process)", reading.reason or reading.status, samples))

    clear_cache()
    path = FIXTURES / "report-65-BC-STNMT.pdf"
    samples = time_calls(lambda: read_pdf(path), args.repeats)
    print(row("normal report, cached", "read", samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
