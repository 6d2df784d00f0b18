"""Every rule file's bad examples yield its code, and its good examples do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tdnv_rules.audit import audit
from tdnv_rules.engine.catalog import default_catalog
from tdnv_rules.gate import check_closure
from tdnv_rules.model import Task

REPO = Path(__file__).resolve().parents[1]
CATALOG = default_catalog()


def _tasks(example) -> list[Task]:
    if example.fixture:
        data = json.loads((REPO / example.fixture).read_text(encoding="utf-8"))
        records = data["tasks"] if isinstance(data, dict) else data
    else:
        records = example.tasks or [example.task]
    return [Task.model_validate(record) for record in records]


def _codes(rule, example) -> set[str]:
    tasks = _tasks(example)
    if rule.scope == "gate":
        base_dir = REPO / example.base_dir if example.base_dir else None
        return set(check_closure(tasks[0], example.at, base_dir=base_dir).codes)
    return {f.code for f in audit(tasks, as_of=example.as_of)}


CASES = [
    pytest.param(rule, kind, i, example, id=f"{rule.code}-{kind}-{i}")
    for rule in CATALOG
    for kind in ("bad", "good")
    for i, example in enumerate(getattr(rule.examples, kind))
]


@pytest.mark.parametrize(("rule", "kind", "index", "example"), CASES)
def test_example(rule, kind, index, example):
    """A bad example yields exactly its code (and the declared companions); a good one none."""
    expected = set(example.also) | ({rule.code} if kind == "bad" else set())
    assert expected == _codes(rule, example)


def test_catalog_has_every_scope():
    """The bundled catalog holds gate, audit and data rules."""
    assert {"gate", "audit", "data"} == {rule.scope for rule in CATALOG}
