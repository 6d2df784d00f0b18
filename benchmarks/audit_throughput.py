"""Throughput of the audit: `tdnv-rules check` end to end, and where its time goes.

End to end: ``tdnv-rules check EXPORT --format jsonl -o OUT --as-of 2024-05-31`` is run as a
child process for each export and each ``--jobs`` value; printed: wall time, tasks/s,
tasks/s per process, and the peak memory of the whole process tree (sampled every 0.2 s)
beside the child's own peak (``ru_maxrss``). Memory must not grow with the export's size:
compare a 100,000-task prefix with the 1,000,000-task export.

Stages (``--stages N``): the first N tasks of the export, in this process, timed stage by
stage — reading lines, JSON decoding, pydantic validation, facts, the rule step, building
findings, writing JSON lines.

The exports come from the seeded generator and are cached under /tmp (never committed)::

    python scripts/make_sample.py --count 1000000 --seed 7 --out /tmp/tdnv-perf/export-1m.jsonl
    head -n 100000 /tmp/tdnv-perf/export-1m.jsonl > /tmp/tdnv-perf/export-100k.jsonl
    python benchmarks/audit_throughput.py --export /tmp/tdnv-perf/export-100k.jsonl \\
        --export /tmp/tdnv-perf/export-1m.jsonl --jobs 1 --jobs 2 --stages 30000
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "src"))

from gate_latency import machine  # noqa: E402

AS_OF = "2024-05-31"


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants."""
    import psutil

    try:
        parent = psutil.Process(root)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_check(export: Path, jobs: int, out: Path) -> dict[str, float]:
    """Run the CLI once; return wall seconds, checked tasks, peak tree RSS and child maxrss."""
    command = [sys.executable, "-m", "tdnv_rules.cli", "check", str(export), "--format", "jsonl",
               "-o", str(out), "--as-of", AS_OF, "--no-progress", "--exit-zero"]
    if jobs > 1:
        command += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, _tree_rss(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = child.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = stderr.strip().splitlines()[-1] if stderr.strip() else ""
    tasks = int(summary.split(" findings in ")[1].split(" tasks")[0]) if " findings in " in summary else 0
    return {
        "wall": wall,
        "tasks": tasks,
        "peak_tree_mb": peak / 2**20,
        "maxrss_mb": after.ru_maxrss / 1024,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "exit": child.returncode,
        "summary": summary,
    }


def stages(export: Path, count: int) -> None:
    """Time each stage of the audit over the first ``count`` tasks of ``export``."""
    from tdnv_rules.audit import _day
    from tdnv_rules.facts import FactContext, audit_facts, context_values
    from tdnv_rules.finding_formats import finding_line
    from tdnv_rules.io.jsonfile import _DECODER
    from tdnv_rules.model import Task
    from tdnv_rules.rulebook import Rulebook

    rulebook = Rulebook()
    context = FactContext()
    day = _day(AS_OF)
    clock = time.perf_counter
    figures: dict[str, float] = {}

    start = clock()
    with open(export, "rb") as stream:
        raw = [stream.readline() for _ in range(count)]
    text = [line.decode("utf-8") for line in raw]
    figures["read + UTF-8 decode"] = clock() - start
    start = clock()
    objects = [_DECODER.decode(line) for line in text]
    figures["JSON decode (json module)"] = clock() - start
    start = clock()
    tasks = [Task.model_validate(obj) for obj in objects]
    figures["pydantic validation (of dicts)"] = clock() - start
    start = clock()
    for line in text:
        Task.model_validate_json(line)
    figures["(pydantic parse+validate from JSON)"] = clock() - start
    # warm the rule engine and the caches of the lexicons, not of these tasks' own texts
    for task in tasks[:50]:
        rulebook.fired("audit", audit_facts(task, day, context))
    start = clock()
    facts = [audit_facts(task, day, context) for task in tasks]
    figures["facts"] = clock() - start
    start = clock()
    fired = [rulebook.fired("audit", one) for one in facts]
    figures["rule step (durable)"] = clock() - start
    start = clock()
    findings = [
        [rulebook.finding(rule, task, {**one, **context_values(task, day)}) for rule in rules]
        for task, one, rules in zip(tasks, facts, fired)
        if rules
    ]
    figures["findings"] = clock() - start
    start = clock()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        for group in findings:
            for finding in group:
                sink.write(finding_line(finding) + "\n")
    figures["writing JSON lines"] = clock() - start

    counted = [k for k in figures if not k.startswith("(")]
    total = sum(figures[k] for k in counted)
    print(f"\nstages over {count} tasks ({sum(len(g) for g in findings)} findings), "
          f"total {total / count * 1e6:.0f} µs/task")
    for name, seconds in figures.items():
        share = f"{100 * seconds / total:5.1f} %" if not name.startswith("(") else "  -    "
        print(f"  {name:<38} {seconds / count * 1e6:8.1f} µs/task  {share}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export", action="append", type=Path, required=True)
    parser.add_argument("--jobs", action="append", type=int)
    parser.add_argument("--out", type=Path, default=Path("/tmp/tdnv-perf/out.jsonl"))
    parser.add_argument("--stages", type=int, default=0, help="time the stages over this many tasks")
    args = parser.parse_args(argv)
    print(machine())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for export in args.export:
        size = export.stat().st_size / 2**20
        for jobs in args.jobs or [1]:
            figures = run_check(export, jobs, args.out)
            rate = figures["tasks"] / figures["wall"]
            print(f"\n{export.name} ({size:,.0f} MiB), --jobs {jobs}: {figures['tasks']:,} tasks in "
                  f"{figures['wall']:.1f} s = {rate:,.0f} tasks/s ({rate / jobs:,.0f} per process); "
                  f"CPU {figures['cpu']:.0f} s (this process's children); peak RSS of the process tree "
                  f"{figures['peak_tree_mb']:.0f} MiB, largest process {figures['maxrss_mb']:.0f} MiB; "
                  f"exit {figures['exit']}")
            print(f"  {figures['summary']}")
    if args.stages:  # after the runs: a child forked from a big parent would inherit its maxrss
        stages(args.export[0], args.stages)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
