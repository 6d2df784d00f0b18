"""Time the monthly report on 200,000 and 1,000,000 seeded tasks held in memory.

Prints, for each size: the time to build the ``Task`` objects (directly from models, and via
``Task.model_validate`` from export-style dicts, on a sample scaled up), the time of
``monthly()`` over them, and tasks per second.

    python benchmarks/report_monthly.py [--sizes 200000 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from tdnv_rules.dates import VN_TZ  # noqa: E402
from tdnv_rules.model import Closure, Extension, Reopening, Task  # noqa: E402
from tdnv_rules.report import monthly  # noqa: E402
from tdnv_rules.units import Registry  # noqa: E402

START, END, AS_OF = date(2019, 1, 1), date(2024, 5, 31), date(2024, 5, 31)
VALIDATE_SAMPLE = 50_000


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=VN_TZ)


def task_record(n: int, units: list[str], rng: random.Random) -> dict:
    """One export-style task dict with a random but plausible history."""
    signed = START + timedelta(days=rng.randint(-60, (END - START).days + 30))
    deadline = signed + timedelta(days=rng.randint(5, 60)) if rng.random() < 0.87 else None
    record: dict = {
        "id": str(n),
        "symbol": f"{n}/UBND-VX",
        "signed_on": signed.isoformat(),
        "assignee": units[n % len(units)],
        "subject": "V/v triển khai nhiệm vụ",
        "deadline": deadline.isoformat() if deadline else None,
    }
    roll = rng.random()
    if roll < 0.8:
        done = signed + timedelta(days=rng.randint(1, 80))
        record["closures"] = [{"at": _moment(done, rng).isoformat()}]
        if roll < 0.05:
            record["reopenings"] = [{"at": _moment(done + timedelta(days=2), rng).isoformat()}]
    if deadline and rng.random() < 0.1:
        record["extensions"] = [
            {"at": _moment(deadline - timedelta(days=1), rng).isoformat(),
             "new_deadline": (deadline + timedelta(days=30)).isoformat()}
        ]
    return record


def task_object(record: dict) -> Task:
    """The same task built from model objects (``Task(...)`` with typed values)."""
    return Task(
        id=record["id"],
        symbol=record["symbol"],
        signed_on=date.fromisoformat(record["signed_on"]),
        assignee=record["assignee"],
        subject=record["subject"],
        deadline=date.fromisoformat(record["deadline"]) if record["deadline"] else None,
        closures=tuple(Closure(at=datetime.fromisoformat(c["at"])) for c in record.get("closures", ())),
        reopenings=tuple(Reopening(at=datetime.fromisoformat(r["at"])) for r in record.get("reopenings", ())),
        extensions=tuple(
            Extension(at=datetime.fromisoformat(e["at"]), new_deadline=date.fromisoformat(e["new_deadline"]))
            for e in record.get("extensions", ())
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    registry = Registry.default()
    units = [unit.name for unit in registry.as_of(END)]
    print(f"registry: {len(units)} units; window {START}..{END}, as of {AS_OF}")
    for size in args.sizes:
        rng = random.Random(args.seed)
        started = time.perf_counter()
        records = [task_record(n, units, rng) for n in range(size)]
        made = time.perf_counter() - started

        started = time.perf_counter()
        tasks = [task_object(record) for record in records]
        built = time.perf_counter() - started

        sample = records[:VALIDATE_SAMPLE]
        started = time.perf_counter()
        for record in sample:
            Task.model_validate(record)
        validated = (time.perf_counter() - started) * size / len(sample)
        del records

        started = time.perf_counter()
        report = monthly(tasks, start=START, end=END, as_of=AS_OF, registry=registry)
        reported = time.perf_counter() - started
        total = report.total
        print(
            f"{size:>9,} tasks | dicts {made:6.2f} s | Task(...) {built:6.2f} s | "
            f"model_validate ≈{validated:6.2f} s (from {len(sample):,}) | "
            f"monthly() {reported:6.2f} s = {size / reported:,.0f} tasks/s "
            f"({reported / size * 1e6:.2f} µs/task) | counted {total.total:,}, "
            f"on time {total.pct_on_time}%"
        )
        del tasks, report


if __name__ == "__main__":
    main()
