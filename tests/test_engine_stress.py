"""Long runs of CompiledRuleset: every answer checked, memory bounded, threads, many sessions."""

import os
import random
import threading

import pytest

from tdnv_rules.engine.conditions import compile_condition, evaluate_condition, ruleset_definition
from tdnv_rules.engine.durable import CompiledRuleset

pytestmark = pytest.mark.slow

TYPES = {
    "closure_requested": bool,
    "is_closed": bool,
    "latest_result_kind": str,
    "result_count": int,
    "has_deadline": bool,
    "days_to_deadline": int,
    "reopenings_before": int,
    "latest_result_similarity": float,
    "unit_name": str,
}
KINDS = ["report", "extension_request", "opinion_request", "forwarding", "none"]
UNITS = ["Sở Giao thông vận tải", "UBND huyện Hoằng Hóa", "Sở Tài nguyên và Môi trường", "Thanh tra tỉnh"]


def random_rules(rnd: random.Random, count: int) -> list[tuple[str, dict]]:
    """Seeded gate-like conditions over TYPES (2–4 leaves, sometimes a nested `any`)."""

    def leaf():
        fact = rnd.choice(sorted(TYPES))
        kind = TYPES[fact]
        if kind is bool:
            return {fact: rnd.random() < 0.5}
        if kind is str:
            pool = KINDS if fact == "latest_result_kind" else UNITS
            if rnd.random() < 0.4:
                return {fact: {"in": rnd.sample(pool, 2)}}
            return {fact: {rnd.choice(["eq", "ne"]): rnd.choice(pool)}}
        op = rnd.choice(["eq", "ne", "lt", "lte", "gt", "gte"])
        value = rnd.randint(-10, 10) if kind is int else round(rnd.random(), 2)
        return {fact: {op: value}}

    rules = []
    for i in range(count):
        parts = [leaf() for _ in range(rnd.randint(2, 4))]
        if rnd.random() < 0.4:
            parts.append({"any": [leaf(), leaf()]})
        rules.append((f"R{i:02d}", {"all": parts}))
    return rules


def random_facts(rnd: random.Random) -> dict:
    has_deadline = rnd.random() < 0.7
    return {
        "closure_requested": rnd.random() < 0.5,
        "is_closed": rnd.random() < 0.3,
        "latest_result_kind": rnd.choice(KINDS),
        "result_count": rnd.randint(0, 4),
        "has_deadline": has_deadline,
        "days_to_deadline": rnd.randint(-10, 10) if has_deadline else 0,
        "reopenings_before": rnd.randint(0, 3),
        "latest_result_similarity": round(rnd.random(), 2),
        "unit_name": rnd.choice(UNITS),
    }


def workload(seed: int, distinct: int):
    rnd = random.Random(seed)
    rules = random_rules(rnd, 20)
    definition = ruleset_definition((code, compile_condition(when, {}, TYPES)) for code, when in rules)
    facts = [random_facts(rnd) for _ in range(distinct)]
    answers = [frozenset(code for code, when in rules if evaluate_condition(when, {}, one)) for one in facts]
    return definition, facts, answers


def rss_bytes() -> int:
    """Resident set size of this process (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def test_300k_sequential_calls_all_correct_and_memory_flat():
    """300,000 calls (each a new session id) all match Python; RSS grows < 50 MB after warm-up."""
    definition, facts, answers = workload(seed=11, distinct=5000)
    assert sum(1 for a in answers if a) > 1000  # the workload does fire rules
    with CompiledRuleset(definition, "stress") as rs:
        wrong = 0
        for i in range(20_000):
            wrong += rs.evaluate(facts[i % 5000]) != answers[i % 5000]
        before = rss_bytes()
        for i in range(280_000):
            j = (i * 7919) % 5000
            wrong += rs.evaluate(facts[j]) != answers[j]
        after = rss_bytes()
    growth = (after - before) / 2**20
    print(f"\nRSS after warm-up {before / 2**20:.1f} MiB, after 300k calls {after / 2**20:.1f} MiB, growth {growth:.1f} MiB")
    assert 0 == wrong
    assert growth < 50


def test_eight_threads_ten_thousand_calls_each():
    """8 threads × 10,000 calls on one ruleset: every answer is the caller's own."""
    definition, facts, answers = workload(seed=12, distinct=2000)
    wrong = [0] * 8
    with CompiledRuleset(definition, "threads") as rs:

        def work(k):
            for i in range(10_000):
                j = (i * 31 + k * 257) % 2000
                if rs.evaluate(facts[j]) != answers[j]:
                    wrong[k] += 1

        threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert [0] * 8 == wrong


def test_many_rulesets_created_and_closed():
    """600 rulesets created, primed, used and closed one after another keep answering correctly."""
    definition, facts, answers = workload(seed=13, distinct=50)
    wrong = 0
    for n in range(600):
        if n == 100:
            before = rss_bytes()
        with CompiledRuleset(definition, f"r{n}") as rs:
            wrong += rs.evaluate(facts[n % 50]) != answers[n % 50]
    growth = (rss_bytes() - before) / 2**20
    print(f"\nRSS growth over 500 ruleset create/close cycles: {growth:.1f} MiB")
    assert 0 == wrong
    assert growth < 50
