"""The four tasks of the seed decide as the Office decided by hand."""

import json
from pathlib import Path

import pytest

from tdnv_rules import Task, check_closure

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-cases"


def _task(name: str) -> Task:
    data = json.loads((SEED / f"{name}.json").read_text(encoding="utf-8"))
    return Task.model_validate(data["tasks"][0])


@pytest.mark.parametrize(
    ("name", "at", "decision", "codes"),
    [
        ("246-UBND-CN", "2024-02-26T08:30:00+07:00", "block", ("G001",)),
        ("246-UBND-CN", "2024-03-15T16:00:00+07:00", "allow", ()),
        ("509-UBND-TD", "2024-02-27T09:00:00+07:00", "block", ("G001",)),
        ("509-UBND-TD", "2024-03-28T10:00:00+07:00", "block", ("G001", "G010")),
        ("3126-UBND-NN", "2024-03-21T08:00:00+07:00", "block", ("G001",)),
        ("3126-UBND-NN", "2024-03-27T08:00:00+07:00", "block", ("G002", "G010")),
        ("3126-UBND-NN", "2024-03-30T08:00:00+07:00", "block", ("G002", "G010")),
    ],
)
def test_seed_closure(name, at, decision, codes):
    """Each recorded closure gets the Office's verdict and the matching codes."""
    result = check_closure(_task(name), at)
    assert (decision, codes) == (result.decision, result.codes)


def test_every_recorded_premature_closure_is_blocked():
    """Every closure the Office undid is one the gate blocks."""
    verdicts = []
    for name in ("246-UBND-CN", "509-UBND-TD", "3126-UBND-NN"):
        task = _task(name)
        undone = [c for c in task.closures if any(r.at > c.at for r in task.reopenings)]
        verdicts += [check_closure(task, c.at).decision for c in undone]
    assert ["block"] * 6 == verdicts


def test_4882_flagged_when_attachment_read():
    """With its attached report read, 4882/UBND-KTTC is flagged G007 and warned."""
    result = check_closure(_task("4882-UBND-KTTC"), "2024-04-15T21:10:00+07:00", base_dir=SEED)
    assert ("warn", ("G007",)) == (result.decision, result.codes)


def test_4882_allowed_with_info_when_attachment_missing(tmp_path):
    """Without the file, the closure is allowed and G009 says the attachment was not read."""
    result = check_closure(_task("4882-UBND-KTTC"), "2024-04-15T21:10:00+07:00", base_dir=tmp_path)
    assert ("allow", ("G009",)) == (result.decision, result.codes)


def test_decision_explains_with_facts():
    """The decision carries the facts that drove it, for the follower officer."""
    result = check_closure(_task("246-UBND-CN"), "2024-02-26T08:30:00+07:00")
    assert ("extension_request", 1, "849/SGTVT-KHTC") == (
        result.facts["latest_result_kind"], result.facts["result_count"],
        result.facts["latest_result_symbol"],
    )


def test_gate_ignores_history_after_the_moment():
    """Results and reopenings after the closure moment do not count."""
    task = _task("246-UBND-CN")
    early = check_closure(task, "2024-02-26T08:30:00+07:00")
    assert (1, 0) == (early.facts["result_count"], early.facts["reopenings_before"])


def test_gate_message_in_english():
    """An English rulebook renders the English template."""
    from tdnv_rules import Rulebook

    result = check_closure(_task("246-UBND-CN"), "2024-02-26T08:30:00+07:00",
                           rulebook=Rulebook(lang="en"))
    assert result.findings[0].msg.startswith("The latest result (849/SGTVT-KHTC, 25/02/2024) asks")


def test_warm_up_compiles_the_gate():
    """warm_up() returns a rulebook whose gate engine is built before any real closure."""
    from tdnv_rules import Rulebook, warm_up

    rulebook = warm_up(Rulebook())
    result = check_closure(_task("246-UBND-CN"), "2024-02-26T08:30:00+07:00", rulebook=rulebook)
    assert (True, "block") == ("gate" in rulebook._engines, result.decision)
