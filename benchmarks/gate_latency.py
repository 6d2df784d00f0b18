"""Latency of the closure gate: `check_closure` end to end, and its rule step on five engines.

10,000 seeded tasks (1–10 results each, no PDF; see ``gate_tasks.py``), judged one after the
other in one warmed process (warmed on 1,000 other tasks). Printed, per call: p50 / p99 / max
in µs and calls per second, for

* ``check_closure`` end to end (facts, rules, findings, decision);
* ``gate_facts`` alone (what the rule step is fed);
* the rule step on the facts already computed: ``Rulebook.fired("gate", facts)`` with the
  durable backend, and the durable C core alone (``CompiledRuleset.evaluate`` on the facts the
  rules read), plain Python (``evaluate_condition`` over the same rules: the floor), zen-engine
  and rule-engine (the same conditions translated, as in ``rule_step.py``).

Every engine must give, for every fact set, the codes plain Python gives. The targets are
printed beside the figures: check_closure p99 ≤ 1 ms; rule step p50 ≤ 25 µs and p99 ≤ 60 µs,
within 1.5× of zen-engine and at least 4× ahead of rule-engine.

    python benchmarks/gate_latency.py [--tasks 10000] [--seed 7] [--profile gate.html]
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from gate_tasks import gate_cases  # noqa: E402
from rule_step import rule_engine_step, summary, timed, zen_engine_step  # noqa: E402

from tdnv_rules.engine.conditions import evaluate_condition  # noqa: E402
from tdnv_rules.engine.durable import MALLOC_TUNED  # noqa: E402
from tdnv_rules.facts import FactContext, gate_facts  # noqa: E402
from tdnv_rules.gate import check_closure  # noqa: E402
from tdnv_rules.rulebook import Rulebook  # noqa: E402


def machine() -> str:
    """nproc, CPU model and Python version, as printed at the top of every run."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"nproc {os.cpu_count()}, CPU {model}, Python {platform.python_version()}"


def peer_rules(rules, params) -> list[tuple[str, dict, dict]]:
    """The gate's rules as (code, condition, params), the form the peer engines are built from."""
    return [(rule.code, rule.when, params[rule.code]) for rule in rules]


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", help="write a pyinstrument HTML profile of check_closure here")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the garbage collector as it is after the warm-up "
                             "(by default: gc.freeze(), as docs/performance.md advises a web system)")
    args = parser.parse_args(argv)

    print(machine())
    print(f"malloc tuned: {MALLOC_TUNED}; MALLOC_TRIM_THRESHOLD_={os.environ.get('MALLOC_TRIM_THRESHOLD_', '-')}")
    started = time.perf_counter()
    warm = gate_cases(1_000, seed=args.seed + 1)
    cases = gate_cases(args.tasks, seed=args.seed)
    results = sum(len(task.results) for task, _ in cases)
    print(f"{len(cases)} tasks, {results / len(cases):.1f} results each on average "
          f"(built in {time.perf_counter() - started:.1f} s)")

    rulebook = Rulebook()
    python_book = Rulebook(backend="python")
    rules = rulebook.rules_of("gate")
    params = rulebook.params
    context = FactContext()
    for task, at in warm:  # imports, lexicons, the engine, caches of the warm tasks' own texts
        check_closure(task, at, rulebook=rulebook)
    if not args.no_freeze:
        gc.collect()
        gc.freeze()
    print(f"after warm-up: gc.freeze() {'not called' if args.no_freeze else 'called'}")

    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for task, at in cases:
            check_closure(task, at, rulebook=rulebook)
        profiler.stop()
        Path(args.profile).write_text(profiler.output_html(), encoding="utf-8")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return 0

    figures: dict[str, dict[str, float]] = {}
    decisions, durations = timed(lambda case: check_closure(case[0], case[1], rulebook=rulebook), cases)
    print()
    figures["check_closure"] = summary("check_closure (end to end)", durations)
    oracle = [check_closure(task, at, rulebook=python_book) for task, at in cases]
    wrong = sum(1 for a, b in zip(decisions, oracle) if a.decision != b.decision or a.findings != b.findings)
    counts = {d: sum(1 for x in decisions if x.decision == d) for d in ("allow", "warn", "block")}
    print(f"{'':<28} decisions {counts}; differing from the python backend: {wrong}")

    facts, durations = timed(lambda case: gate_facts(case[0], case[1], context), cases)
    figures["gate_facts"] = summary("gate_facts alone", durations)

    engine = rulebook._engine("gate")
    read = tuple(engine.fact_kinds)
    read_facts = [{name: one[name] for name in read} for one in facts]
    print(f"\nrule step: {len(rules)} gate rules reading {len(read)} of {len(facts[0])} facts")

    def plain(one: dict) -> frozenset[str]:
        return frozenset(r.code for r in rules if evaluate_condition(r.when, params[r.code], one))

    engines: list[tuple[str, Callable[[dict], frozenset[str]] | None, list[dict]]] = [
        ("plain Python (floor)", plain, facts),
        ("Rulebook.fired, durable", lambda one: frozenset(r.code for r in rulebook.fired("gate", one)), facts),
        ("durable C core alone", engine.evaluate, read_facts),
        ("zen-engine", zen_engine_step(peer_rules(rules, params)), read_facts),
        ("rule-engine", rule_engine_step(peer_rules(rules, params)), read_facts),
    ]
    for _, step, inputs in engines:
        if step is not None:
            for one in inputs[:500]:
                step(one)
    reference = [plain(one) for one in facts]
    fired = sum(len(codes) for codes in reference)
    print(f"findings: {fired} ({fired / len(facts):.2f} per task); tasks with none: "
          f"{sum(1 for codes in reference if not codes)}")
    failures = wrong
    for name, step, inputs in engines:
        if step is None:
            print(f"{name:<28} not installed")
            continue
        answers, durations = timed(step, inputs)
        differ = sum(1 for got, want in zip(answers, reference) if got != want)
        failures += differ
        figures[name] = summary(name, durations)
        if differ:
            print(f"{'':<28} {differ} answers differ from plain Python")

    print("\ntargets")
    gate_p99 = figures["check_closure"]["p99"]
    print(f"  check_closure p99 {gate_p99:.0f} µs ≤ 1000 µs: {verdict(gate_p99 <= 1000)}")
    step_fig = figures["Rulebook.fired, durable"]
    core = figures["durable C core alone"]
    print(f"  rule step (Rulebook.fired) p50 {step_fig['p50']:.1f} µs ≤ 25: {verdict(step_fig['p50'] <= 25)}; "
          f"p99 {step_fig['p99']:.1f} µs ≤ 60: {verdict(step_fig['p99'] <= 60)}")
    print(f"  durable C core alone        p50 {core['p50']:.1f} µs, p99 {core['p99']:.1f} µs")
    if "zen-engine" in figures:
        zen_fig = figures["zen-engine"]
        ratio = step_fig["p50"] / zen_fig["p50"]
        print(f"  Rulebook.fired / zen-engine p50 {ratio:.2f}× ≤ 1.5×: {verdict(ratio <= 1.5)} "
              f"(C core alone {core['p50'] / zen_fig['p50']:.2f}×; p99 {step_fig['p99'] / zen_fig['p99']:.2f}×)")
    if "rule-engine" in figures:
        rule_fig = figures["rule-engine"]
        ratio = rule_fig["p50"] / step_fig["p50"]
        print(f"  rule-engine / Rulebook.fired p50 {ratio:.2f}× ≥ 4×: {verdict(ratio >= 4)} "
              f"(vs C core alone {rule_fig['p50'] / core['p50']:.2f}×)")
    floor = figures["plain Python (floor)"]
    print(f"  Rulebook.fired / plain Python p50 {step_fig['p50'] / floor['p50']:.1f}×")
    print(f"  rule step share of check_closure p50: {100 * step_fig['p50'] / figures['check_closure']['p50']:.0f} %")
    print("all engines agree" if not failures else f"DISAGREEMENTS: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
