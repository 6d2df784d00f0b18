"""Seeded, realistic tasks for the gate benchmarks and stress tests: 1–10 results each, no PDF.

Tasks come from the sample generator (``scripts/make_sample.py``); each gets between 1 and 10
results, its own and, to make up the number, results of other generated tasks moved in time
to after its signing. The closure is asked for one hour after the last result.

    from gate_tasks import gate_cases
    cases = gate_cases(10_000, seed=7)   # [(Task, datetime), ...]
"""

from __future__ import annotations

import importlib.util
import random
import sys
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tdnv_rules.dates import parse_datetime  # noqa: E402
from tdnv_rules.model import Task  # noqa: E402

__all__ = ["gate_cases", "sample_maker"]


@lru_cache(maxsize=1)
def sample_maker() -> ModuleType:
    """``scripts/make_sample.py`` as a module."""
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts" / "make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _moved(result: dict, at: datetime) -> dict:
    moved = dict(result)
    moved["updated_at"] = at.isoformat()
    moved["attachments"] = [a for a in result.get("attachments", []) if not str(a.get("name", "")).lower().endswith(".pdf")]
    return moved


def gate_cases(count: int, seed: int = 7) -> list[tuple[Task, datetime]]:
    """``count`` tasks, each with 1–10 results, and the moment a closure is asked for."""
    rnd = random.Random(seed)
    raws = [task for task, _ in sample_maker().iter_tasks(count, seed)]
    pool = [r for task in raws for r in task.get("results", [])]
    cases: list[tuple[Task, datetime]] = []
    for raw in raws:
        signed = parse_datetime(raw["created_at"] or raw["signed_on"])
        own = list(raw.get("results", []))
        wanted = rnd.randint(1, 10)
        results = [_moved(r, parse_datetime(r["updated_at"])) for r in own[:wanted]]
        last = max((parse_datetime(r["updated_at"]) for r in results), default=signed)
        while len(results) < wanted:
            last = last + timedelta(hours=rnd.randint(2, 24 * 20))
            results.append(_moved(rnd.choice(pool), last))
        task = Task.model_validate({**raw, "results": results})
        at = max(parse_datetime(r["updated_at"]) for r in results) + timedelta(hours=1)
        cases.append((task, at))
    return cases
