"""Time the monthly report end to end from an export file: load (TaskCore), table, write.

    python benchmarks/report_file.py [--count 200000] [--seed 11] [--cache /tmp]

The export is made by ``scripts/make_sample.py`` (seeded) and kept under ``--cache`` so that
later runs skip the generation. Prints seconds per phase and tasks per second; the loading of
full tasks (with their documents) is timed beside it for the ratio.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from tdnv_rules import report  # noqa: E402
from tdnv_rules.io import load  # noqa: E402
from tdnv_rules.model import Task, TaskCore  # noqa: E402


def export_file(count: int, seed: int, cache: Path) -> Path:
    """The seeded export of ``count`` tasks, generated once."""
    path = cache / f"tdnv-sample-{count}-{seed}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample.py"), "--count",
                        str(count), "--seed", str(seed), "--out", str(path)], check=True)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cache", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    path = export_file(args.count, args.seed, args.cache)
    size = path.stat().st_size / 1e6

    start = time.perf_counter()
    core = load(path, model=TaskCore)
    loaded = time.perf_counter()
    table = report.monthly(core, start="2019-01-01", end="2024-05-31", as_of="2024-05-31")
    counted = time.perf_counter()
    report.write(table, "csv", io.StringIO())
    written = time.perf_counter()
    full_start = time.perf_counter()
    full = load(path, model=Task)
    full_loaded = time.perf_counter() - full_start

    total = written - start
    print(f"export: {len(core.tasks):,} tasks, {size:,.0f} MB ({path})")
    print(f"load TaskCore  {loaded - start:6.2f} s  {len(core.tasks) / (loaded - start):>9,.0f} tasks/s")
    print(f"monthly table  {counted - loaded:6.2f} s  {len(core.tasks) / (counted - loaded):>9,.0f} tasks/s")
    print(f"write csv      {written - counted:6.2f} s")
    print(f"end to end     {total:6.2f} s  {len(core.tasks) / total:>9,.0f} tasks/s")
    print(f"load Task (full, for comparison) {full_loaded:6.2f} s; "
          f"TaskCore is {full_loaded / (loaded - start):.1f}x faster ({len(full.tasks):,} tasks)")


if __name__ == "__main__":
    main()
