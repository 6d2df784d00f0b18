"""The audit of a dataset partitioned across files, on a local Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdnv_rules.audit import audit

distributed = pytest.importorskip("distributed")

from tdnv_rules.dask import audit_dataset, dataset_files  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
AS_OF = "2024-05-31"


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as connected:
        yield connected
    cluster.close()


def _partitions(folder: Path, lines: list[str], cuts: list[int]) -> list[Path]:
    paths = []
    for number, (start, end) in enumerate(zip([0, *cuts], [*cuts, len(lines)])):
        path = folder / f"part-{number}.jsonl"
        path.write_text("".join(lines[start:end]), encoding="utf-8")
        paths.append(path)
    return paths


def test_three_partitions_give_the_single_process_findings(client, tmp_path):
    """The sample cut into three files gives, on two worker processes, the findings of the
    single-process audit of the whole sample, in the same order."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    _partitions(tmp_path, lines, [1000, 2200])
    expected = audit(SAMPLE, AS_OF)
    found = audit_dataset(str(tmp_path / "part-*.jsonl"), AS_OF, client=client)
    assert list(expected) == list(found)
    assert expected.checked == found.checked
    assert [] == found.errors


def test_duplicate_across_partitions_and_broken_line(client, tmp_path):
    """A task id repeated in a later file and a line that is not JSON are load errors naming
    their file and line; every other task is checked."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)[:300]
    repeated = json.dumps(json.loads(lines[5]), ensure_ascii=False) + "\n"
    lines = lines[:200] + [repeated, "{not json\n"] + lines[200:]
    paths = _partitions(tmp_path, lines, [150])
    found = audit_dataset(paths, AS_OF, client=client, select=["A"])
    expected = audit(_joined(tmp_path, lines[:200] + lines[202:]), AS_OF, select=["A"])
    assert list(expected) == list(found)
    assert 300 == found.checked
    assert [(str(paths[1]), 51), (str(paths[1]), 52)] == [(e.file, e.line) for e in found.errors]
    assert f"(first at {paths[0]} line 6)" in found.errors[0].message


def _joined(folder: Path, lines: list[str]) -> Path:
    path = folder / "whole.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_glob_is_sorted_and_a_path_is_one_file(tmp_path):
    """A glob lists its files in sorted order; a plain path is one file."""
    for name in ("b.jsonl", "a.jsonl", "c.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert [tmp_path / "a.jsonl", tmp_path / "b.jsonl"] == dataset_files(str(tmp_path / "*.jsonl"))
    assert [tmp_path / "c.txt"] == dataset_files(tmp_path / "c.txt")
