"""Loading only a task's identity and timeline (TaskCore) gives the same states as full tasks."""

from pathlib import Path

from tdnv_rules.io import load
from tdnv_rules.model import Task, TaskCore

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample" / "export.jsonl"


def test_core_states_equal_full_states():
    """For every sample task, TaskCore and Task agree on closed, completion and deadline."""
    full = load(SAMPLE).tasks
    core = load(SAMPLE, model=TaskCore).tasks

    def summary(task):
        state = task.state("2024-05-31")
        return task.id, state.closed, state.completed_at, state.effective_deadline

    assert [summary(t) for t in full] == [summary(t) for t in core]


def test_core_holds_no_documents():
    """A TaskCore keeps no results and ignores unknown fields; a Task keeps both."""
    record = {"id": "t", "symbol": "1/UBND-CN", "signed_on": "2024-01-05", "assignee": "x",
              "subject": "y", "results": [{"updated_at": "2024-01-06"}], "extra_field": 1}
    core, full = TaskCore.model_validate(record), Task.model_validate(record)
    assert ((), {}, 1, {"extra_field": 1}) == (
        core.state("2024-02-01").results, core.model_extra or {}, len(full.results),
        full.model_extra)
