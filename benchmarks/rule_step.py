"""Time one rule step (one fact set through a ~20-rule closure-gate ruleset) on several engines.

Engines: plain Python (`evaluate_condition` over every rule: the floor), `CompiledRuleset`
(durable_rules C core), `IsolatedRuleset` (the same in a worker process) and, when installed,
zen-engine (one expression node, one boolean per rule) and rule-engine (one `Rule` per
condition).  Every engine sees the same seeded fact sets and must return the same codes for
each; the script prints p50 / p99 / max per call in µs and calls per second.

    python benchmarks/rule_step.py [--tasks 10000] [--seed 7]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tdnv_rules.engine.conditions import compile_condition, evaluate_condition, ruleset_definition  # noqa: E402
from tdnv_rules.engine.durable import MALLOC_TUNED, CompiledRuleset  # noqa: E402
from tdnv_rules.engine.isolated import IsolatedRuleset  # noqa: E402

FACT_TYPES: dict[str, type] = {
    "closure_requested": bool,
    "is_closed": bool,
    "latest_result_kind": str,
    "result_count": int,
    "has_deadline": bool,
    "days_to_deadline": int,
    "days_since_created": int,
    "year_created": int,
    "reopenings_before": int,
    "extension_count": int,
    "extension_pending": bool,
    "latest_result_similarity": float,
    "latest_result_has_attachment": bool,
    "latest_result_symbol_found": bool,
    "subject_copied": bool,
    "unit_kind": str,
    "content_mentions_date": bool,
    "days_late_reported": int,
}

RESULT_KINDS = ["report", "extension_request", "opinion_request", "forwarding", "other", "none"]
UNIT_KINDS = ["department", "district", "board", "inspectorate"]

# (code, when, params): closure-gate and audit conditions in the `when` language of rule files.
RULES: list[tuple[str, dict, dict]] = [
    ("CLOSE_ON_EXTENSION_REQUEST", {"all": [{"closure_requested": True}, {"latest_result_kind": "extension_request"}]}, {}),
    ("CLOSE_ON_OPINION_REQUEST", {"all": [{"closure_requested": True}, {"latest_result_kind": "opinion_request"}]}, {}),
    ("CLOSE_WITHOUT_RESULT", {"all": [{"closure_requested": True}, {"result_count": 0}]}, {}),
    ("CLOSE_ON_FORWARDING", {"all": [{"closure_requested": True}, {"latest_result_kind": "forwarding"}]}, {}),
    (
        "CLOSE_WHILE_EXTENSION_PENDING",
        {"all": [{"closure_requested": True}, {"extension_pending": True}]},
        {},
    ),
    (
        "RESULT_OFF_TOPIC",
        {
            "all": [
                {"latest_result_kind": "report"},
                {"latest_result_similarity": {"lt": {"param": "min_similarity"}}},
                {"subject_copied": True},
            ]
        },
        {"min_similarity": 0.35},
    ),
    (
        "RESULT_WITHOUT_ATTACHMENT",
        {"all": [{"result_count": {"gte": 1}}, {"latest_result_has_attachment": False}]},
        {},
    ),
    (
        "RESULT_SYMBOL_MISSING",
        {"all": [{"latest_result_kind": {"in": ["report", "opinion_request"]}}, {"latest_result_symbol_found": False}]},
        {},
    ),
    (
        "DUE_SOON",
        {
            "all": [
                {"is_closed": False},
                {"has_deadline": True},
                {"days_to_deadline": {"gte": 0}},
                {"days_to_deadline": {"lte": {"param": "days"}}},
            ]
        },
        {"days": 5},
    ),
    (
        "OVERDUE_OPEN",
        {"all": [{"is_closed": False}, {"has_deadline": True}, {"days_to_deadline": {"lt": 0}}]},
        {},
    ),
    (
        "REPORTED_NOT_CLOSED",
        {
            "all": [
                {"is_closed": False},
                {"closure_requested": False},
                {"latest_result_kind": "report"},
                {"latest_result_similarity": {"gte": {"param": "min_similarity"}}},
            ]
        },
        {"min_similarity": 0.6},
    ),
    (
        "NO_DEADLINE_BACKLOG",
        {
            "all": [
                {"has_deadline": False},
                {"is_closed": False},
                {"days_since_created": {"gt": {"param": "max_days"}}},
            ]
        },
        {"max_days": 365},
    ),
    (
        "OLD_BACKLOG",
        {"all": [{"is_closed": False}, {"year_created": {"lte": {"param": "year"}}}]},
        {"year": 2021},
    ),
    (
        "REPEATED_REOPENING",
        {"all": [{"closure_requested": True}, {"reopenings_before": {"gte": {"param": "times"}}}]},
        {"times": 2},
    ),
    (
        "EXTENSIONS_PILE_UP",
        {"all": [{"extension_count": {"gte": 2}}, {"has_deadline": True}]},
        {},
    ),
    (
        "LATE_REPORT",
        {"all": [{"latest_result_kind": "report"}, {"days_late_reported": {"gt": 0}}]},
        {},
    ),
    (
        "DEADLINE_IN_CONTENT_ONLY",
        {"all": [{"has_deadline": False}, {"content_mentions_date": True}]},
        {},
    ),
    (
        "DISTRICT_CLOSE_ON_WEAK_RESULT",
        {
            "all": [
                {"unit_kind": "district"},
                {"closure_requested": True},
                {
                    "any": [
                        {"latest_result_similarity": {"lt": 0.5}},
                        {"latest_result_kind": {"in": ["other", "forwarding"]}},
                    ]
                },
            ]
        },
        {},
    ),
    (
        "CLOSE_AFTER_DEADLINE_NO_EXTENSION",
        {
            "all": [
                {"closure_requested": True},
                {"has_deadline": True},
                {"days_to_deadline": {"lt": 0}},
                {"extension_count": 0},
            ]
        },
        {},
    ),
    (
        "GATE_BLOCK_SUMMARY",
        {
            "all": [
                {"closure_requested": True},
                {
                    "any": [
                        {"latest_result_kind": {"in": ["extension_request", "opinion_request", "none"]}},
                        {"result_count": 0},
                        {"extension_pending": True},
                    ]
                },
            ]
        },
        {},
    ),
    ("NOT_DEPARTMENT_OPEN", {"all": [{"unit_kind": {"ne": "department"}}, {"is_closed": False}]}, {}),
]


def fact_sets(count: int, seed: int) -> list[dict[str, object]]:
    """Seeded, plausible fact sets (no None: absent values use companion flags)."""
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        result_count = rnd.choice([0, 0, 1, 1, 1, 2, 3, 5])
        kind = "none" if result_count == 0 else rnd.choice(RESULT_KINDS[:-1])
        has_deadline = rnd.random() < 0.75
        out.append(
            {
                "closure_requested": rnd.random() < 0.5,
                "is_closed": rnd.random() < 0.3,
                "latest_result_kind": kind,
                "result_count": result_count,
                "has_deadline": has_deadline,
                "days_to_deadline": rnd.randint(-90, 60) if has_deadline else 0,
                "days_since_created": rnd.randint(0, 3650),
                "year_created": rnd.randint(2013, 2024),
                "reopenings_before": rnd.choice([0, 0, 0, 1, 2, 3]),
                "extension_count": rnd.choice([0, 0, 1, 2, 3]),
                "extension_pending": rnd.random() < 0.1,
                "latest_result_similarity": round(rnd.random(), 3) if result_count else 0.0,
                "latest_result_has_attachment": rnd.random() < 0.8,
                "latest_result_symbol_found": rnd.random() < 0.7,
                "subject_copied": rnd.random() < 0.2,
                "unit_kind": rnd.choice(UNIT_KINDS),
                "content_mentions_date": rnd.random() < 0.3,
                "days_late_reported": rnd.choice([0, 0, 0, 1, 4, 12]),
            }
        )
    return out


# --------------------------------------------------------------------------- other engines


def zen_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


ZEN_OPS = {"eq": "==", "ne": "!=", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}


def expression_text(node: Mapping, params: Mapping, literal: Callable[[object], str], words: tuple[str, str]) -> str:
    """The condition as an infix expression (zen-engine and rule-engine share the syntax)."""
    ((key, body),) = node.items()
    if key in ("all", "any"):
        joiner = f" {words[0] if key == 'all' else words[1]} "
        return "(" + joiner.join(expression_text(child, params, literal, words) for child in body) + ")"
    if isinstance(body, Mapping) and "param" not in body:
        ((op, raw),) = body.items()
    else:
        op, raw = "eq", body
    value = params[raw["param"]] if isinstance(raw, Mapping) else raw
    if op == "in":
        return f"{key} in [{', '.join(literal(v) for v in value)}]"
    return f"{key} {ZEN_OPS[op]} {literal(value)}"


RuleTriple = tuple[str, dict, Mapping[str, object]]  # code, `when`, params


def zen_engine_step(rules: list[RuleTriple] | None = None) -> Callable[[dict], frozenset[str]] | None:
    """zen-engine: one expression node with one boolean per rule (None when not installed)."""
    try:
        import zen
    except ImportError:
        return None
    expressions = [
        {"id": f"e{i}", "key": code, "value": expression_text(when, params, zen_literal, ("and", "or"))}
        for i, (code, when, params) in enumerate(RULES if rules is None else rules)
    ]
    graph = {
        "nodes": [
            {"id": "in", "type": "inputNode", "name": "facts", "position": {"x": 0, "y": 0}},
            {
                "id": "rules",
                "type": "expressionNode",
                "name": "rules",
                "position": {"x": 200, "y": 0},
                "content": {"expressions": expressions},
            },
            {"id": "out", "type": "outputNode", "name": "codes", "position": {"x": 400, "y": 0}},
        ],
        "edges": [
            {"id": "a", "sourceId": "in", "targetId": "rules", "type": "edge"},
            {"id": "b", "sourceId": "rules", "targetId": "out", "type": "edge"},
        ],
    }
    content = json.dumps(graph)
    engine = zen.ZenEngine({"loader": lambda key: content})

    def step(facts: dict) -> frozenset[str]:
        result = engine.evaluate("rules", facts)["result"]
        return frozenset(code for code, fired in result.items() if fired is True)

    return step


def rule_engine_step(rules: list[RuleTriple] | None = None) -> Callable[[dict], frozenset[str]] | None:
    """rule-engine: one compiled `Rule` per condition (None when not installed)."""
    try:
        import rule_engine
    except ImportError:
        return None
    compiled = [
        (code, rule_engine.Rule(expression_text(when, params, zen_literal, ("and", "or"))))
        for code, when, params in (RULES if rules is None else rules)
    ]

    def step(facts: dict) -> frozenset[str]:
        return frozenset(code for code, rule in compiled if rule.matches(facts))

    return step


# --------------------------------------------------------------------------- timing


def timed(step: Callable[[object], object], inputs: list) -> tuple[list, list[float]]:
    """Answers and per-call durations (µs) of ``step`` over ``inputs``, one call at a time."""
    answers, durations = [], []
    clock = time.perf_counter_ns
    gc.collect()
    for one in inputs:
        start = clock()
        answer = step(one)
        durations.append((clock() - start) / 1000.0)
        answers.append(answer)
    return answers, durations


def summary(name: str, durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    rate = len(ordered) / (sum(ordered) / 1e6)
    print(f"{name:<28} p50 {p50:8.1f} µs   p99 {p99:8.1f} µs   max {ordered[-1]:9.1f} µs   {rate:12,.0f} /s")
    return {"p50": p50, "p99": p99, "rate": rate}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    compiled = [(code, compile_condition(when, params, FACT_TYPES)) for code, when, params in RULES]
    definition = ruleset_definition(compiled)
    facts = fact_sets(args.tasks, args.seed)
    print(f"{len(RULES)} rules, {len(facts)} fact sets, seed {args.seed}, malloc tuned: {MALLOC_TUNED}")

    def plain(one: dict) -> frozenset[str]:
        return frozenset(code for code, when, params in RULES if evaluate_condition(when, params, one))

    durable = CompiledRuleset(definition, "rule_step")
    isolated = IsolatedRuleset(definition, "rule_step")
    engines: list[tuple[str, Callable[[dict], frozenset[str]] | None]] = [
        ("plain Python (floor)", plain),
        ("durable C core", durable.evaluate),
        ("durable, worker process", isolated.evaluate),
        ("zen-engine", zen_engine_step()),
        ("rule-engine", rule_engine_step()),
    ]
    for _, step in engines:  # warm-up, untimed
        if step is not None:
            for one in facts[:500]:
                step(one)

    reference, _ = timed(plain, facts)
    fired = sum(len(codes) for codes in reference)
    empty = sum(1 for codes in reference if not codes)
    print(f"findings: {fired} in all ({fired / len(facts):.2f} per fact set); fact sets with none: {empty}\n")
    figures: dict[str, dict[str, float]] = {}
    failures = 0
    for name, step in engines:
        if step is None:
            print(f"{name:<28} not installed")
            continue
        answers, durations = timed(step, facts)
        wrong = sum(1 for got, want in zip(answers, reference) if got != want)
        failures += wrong
        figures[name] = summary(name, durations)
        if wrong:
            print(f"{'':<28} {wrong} answers differ from plain Python")
    isolated.close()
    durable.close()

    print()
    core = figures["durable C core"]
    if "zen-engine" in figures:
        zen_fig = figures["zen-engine"]
        print(f"durable / zen-engine:  p50 {core['p50'] / zen_fig['p50']:.2f}×   p99 {core['p99'] / zen_fig['p99']:.2f}×")
    if "rule-engine" in figures:
        rule_fig = figures["rule-engine"]
        print(f"rule-engine / durable: p50 {rule_fig['p50'] / core['p50']:.2f}×   p99 {rule_fig['p99'] / core['p99']:.2f}×")
    floor = figures["plain Python (floor)"]
    print(f"durable / plain:       p50 {core['p50'] / floor['p50']:.1f}×")
    print("all engines agree" if not failures else f"DISAGREEMENTS: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
