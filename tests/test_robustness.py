"""Stress: long runs of the rule engine, threads at the gate, a killed worker, a large export."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import signal
import sys
import threading
from pathlib import Path

import pytest

from tdnv_rules.audit import audit
from tdnv_rules.facts import GATE_FACTS
from tdnv_rules.gate import check_closure
from tdnv_rules.rulebook import Rulebook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"

_TEXT_VALUES = {
    "latest_result_kind": ["none", "extension_request", "opinion_request", "progress_report",
                           "final_report", "other"],
    "attachment_status": ["not_checked", "none", "read", "unreadable"],
}
_OTHER_TEXT = ["", "Báo cáo kết quả", "12/BC-SXD", "31/12/2024", "Sở Xây dựng", "thủy lợi"]


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def _gate_tasks() -> object:
    spec = importlib.util.spec_from_file_location("gate_tasks", ROOT / "benchmarks" / "gate_tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fact_sets(rnd: random.Random, count: int) -> list[dict[str, object]]:
    """Typed gate fact sets with values spread around every rule's thresholds."""
    names = list(GATE_FACTS)
    out = []
    for _ in range(count):
        facts: dict[str, object] = {}
        for name in names:
            kind = GATE_FACTS[name]
            if kind is bool:
                facts[name] = rnd.random() < 0.5
            elif kind is int:
                facts[name] = rnd.choice([-1, 0, 0, 1, 2, 3, 5, 10, 25, 40, 50, 55, 60, 70, 100])
            else:
                facts[name] = rnd.choice(_TEXT_VALUES.get(name, _OTHER_TEXT))
        out.append(facts)
    return out


@pytest.mark.slow
def test_300k_gate_evaluations_match_the_python_backend_and_memory_stays_flat():
    """300,000 durable evaluations of the gate rules agree with plain Python; RSS stays flat."""
    durable = Rulebook()
    oracle = Rulebook(backend="python")
    rnd = random.Random(20240531)
    pool = _fact_sets(rnd, 5_000)
    wrong = 0
    rss_start = rss_warm = 0
    for i in range(300_000):
        facts = pool[i % len(pool)] if i % 3 else _fact_sets(rnd, 1)[0]
        if [r.code for r in durable.fired("gate", facts)] != [r.code for r in oracle.fired("gate", facts)]:
            wrong += 1
        if i == 0:
            rss_start = _rss_kib()
        if i == 50_000:
            rss_warm = _rss_kib()
    rss_end = _rss_kib()
    print(f"RSS: {rss_start} KiB at start, {rss_warm} KiB after 50,000, {rss_end} KiB after 300,000")
    assert 0 == wrong
    assert rss_end - rss_warm < 32 * 1024


@pytest.mark.slow
def test_eight_threads_at_the_gate_agree_with_the_python_backend():
    """8 threads × 10,000 check_closure calls on random tasks: every decision is the oracle's."""
    cases = _gate_tasks().gate_cases(1_500, seed=11)
    rulebook = Rulebook()
    oracle_book = Rulebook(backend="python")
    oracle = [check_closure(task, at, rulebook=oracle_book) for task, at in cases]
    wrong: list[int] = []
    failures: list[BaseException] = []

    def worker(seed: int) -> None:
        rnd = random.Random(seed)
        try:
            for _ in range(10_000):
                i = rnd.randrange(len(cases))
                task, at = cases[i]
                got = check_closure(task, at, rulebook=rulebook)
                if (got.decision, got.findings) != (oracle[i].decision, oracle[i].findings):
                    wrong.append(i)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [] == failures
    assert [] == wrong


def test_isolated_backend_answers_after_its_worker_is_killed():
    """SIGKILL of the isolated worker: the next check_closure is answered by a new worker."""
    cases = _gate_tasks().gate_cases(30, seed=3)
    oracle_book = Rulebook(backend="python")
    rulebook = Rulebook(backend="isolated")
    try:
        first = check_closure(*cases[0], rulebook=rulebook)
        assert check_closure(*cases[0], rulebook=oracle_book).findings == first.findings
        engine = rulebook._engines["gate"]
        pid = engine.pid
        os.kill(pid, signal.SIGKILL)
        answers = [check_closure(task, at, rulebook=rulebook) for task, at in cases]
        expected = [check_closure(task, at, rulebook=oracle_book) for task, at in cases]
        assert [(a.decision, a.findings) for a in expected] == [(a.decision, a.findings) for a in answers]
        assert pid != engine.pid
        assert 1 == engine.restarts
    finally:
        rulebook.close()


@pytest.mark.slow
def test_one_broken_record_among_100k(tmp_path):
    """100,000 records with one broken line: 99,999 tasks checked, its errors at its line."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    broken_at = 54_321
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, 100_001):
            if n == broken_at:
                out.write('{"id": "BROKEN", "symbol": "1/UBND-VX", "signed_on": "2024-02-30"}\n')
                continue
            record = json.loads(lines[n % len(lines)])
            record["id"] = f"R{n:06d}"
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    found = audit(path, "2024-05-31")
    assert 99_999 == found.checked
    assert {(str(path), broken_at, "BROKEN")} == {(e.file, e.line, e.task) for e in found.errors}
    assert len(found) > 0
    print(f"{found.checked} checked, {len(found)} findings, error: {found.errors[0]}", file=sys.stderr)
