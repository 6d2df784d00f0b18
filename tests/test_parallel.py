"""The audit spread over worker processes gives what the single-process audit gives."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tdnv_rules.audit import audit_stream
from tdnv_rules.config import Config
from tdnv_rules.facts import FactContext
from tdnv_rules.io import iter_records
from tdnv_rules.parallel import audit_file, chunk_ranges

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
AS_OF = "2024-05-31"


def _single(path: Path, config: Config, **overrides) -> tuple[list, list]:
    errors: list = []
    findings = [
        f
        for _, found in audit_stream(
            iter_records(path), AS_OF, rulebook=config.rulebook(**overrides),
            context=FactContext(registry=config.unit_registry()), on_error=errors.append,
        )
        for f in found
    ]
    return findings, errors


def _parallel(path: Path, config: Config, **kwargs) -> tuple[list, list, int]:
    errors: list = []
    findings = []
    checked = 0
    for _, found in audit_file(path, AS_OF, jobs=2, config=config, on_error=errors.append, **kwargs):
        checked += 1
        findings.extend(found)
    return findings, errors, checked


def test_sample_export_same_findings_in_same_order():
    """Two workers over many small ranges give the single-process findings, in order."""
    config = Config()
    expected, expected_errors = _single(SAMPLE, config)
    assert len(chunk_ranges(SAMPLE, 150_000)) > 4
    found, errors, checked = _parallel(SAMPLE, config, chunk_bytes=150_000)
    assert expected == found
    assert expected_errors == errors
    assert sum(1 for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()) == checked


def test_broken_lines_reported_at_their_lines(tmp_path):
    """Bad JSON, bad fields, blank lines, a BOM and a duplicate id across ranges: same errors,
    same lines and indexes, same findings as the single-process run."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:240]
    first = json.loads(lines[3])
    broken = list(lines)
    broken[0] = "\ufeff" + broken[0]
    broken.insert(10, '{"id": "BROKEN-1", "symbol": ')  # not JSON
    broken.insert(50, "")
    broken.insert(51, "   ")
    missing = dict(first, id="BROKEN-2")
    del missing["signed_on"]
    broken.insert(90, json.dumps(missing, ensure_ascii=False))
    broken.insert(130, "[1, 2, 3]")
    broken.insert(200, json.dumps(dict(first, subject="same id, later"), ensure_ascii=False))
    path = tmp_path / "broken.jsonl"
    path.write_text("\n".join(broken) + "\n", encoding="utf-8")
    config = Config()
    expected, expected_errors = _single(path, config)
    found, errors, checked = _parallel(path, config, chunk_bytes=40_000)
    assert 4 == len(expected_errors)
    assert [e.line for e in expected_errors] == [e.line for e in errors]
    assert expected_errors == errors
    assert expected == found
    assert 240 == checked


def test_bytes_not_utf8_stop_the_run_as_in_the_loader(tmp_path):
    """A line that is not UTF-8 ends the run there, in both modes, with the same error."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)[:120]
    lines.insert(70, b'{"id": "X\xff"}\n')
    path = tmp_path / "latin.jsonl"
    path.write_bytes(b"".join(lines))
    config = Config()
    expected, expected_errors = _single(path, config)
    found, errors, checked = _parallel(path, config, chunk_bytes=20_000)
    assert 71 == errors[-1].line
    assert expected_errors == errors
    assert expected == found
    assert 70 == checked


def test_selection_and_other_formats_fall_back_to_one_process(tmp_path):
    """A JSON export is audited in this process, with the selection given."""
    tasks = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()[:200]]
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "tdnv-export", "version": 1, "tasks": tasks},
                               ensure_ascii=False), encoding="utf-8")
    config = Config()
    expected, _ = _single(path, config, select=["A"])
    items = list(audit_file(path, AS_OF, jobs=2, config=config, select=["A"]))
    assert expected == [f for _, found in items for f in found]
    assert all(task is not None for task, _ in items)
    assert {f.code[0] for f in expected} == {"A"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.binary(max_size=30).map(lambda b: b.replace(b"\n", b"")), max_size=40),
    st.booleans(),
    st.integers(min_value=1, max_value=200),
)
def test_ranges_cover_the_file_and_end_on_newlines(tmp_path_factory, lines, trailing, size):
    """Ranges are contiguous, cover every byte, and each ends after a newline or at the end."""
    data = b"\n".join(lines) + (b"\n" if trailing else b"")
    path = tmp_path_factory.mktemp("ranges") / "data.jsonl"
    path.write_bytes(data)
    ranges = chunk_ranges(path, size)
    assert [r for r in ranges if r[0] >= r[1]] == []
    assert (0, len(data)) == ((ranges[0][0], ranges[-1][1]) if ranges else (0, 0))
    assert all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))
    assert all(data[end - 1 : end] == b"\n" for _, end in ranges[:-1])
