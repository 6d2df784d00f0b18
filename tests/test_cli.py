"""The tdnv-rules command: verbs, formats and exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tdnv_rules.cli import main

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "fixtures" / "seed-cases"


def _export(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _seed_lines() -> list[str]:
    lines = []
    for name in ("246-UBND-CN", "509-UBND-TD", "3126-UBND-NN", "4882-UBND-KTTC"):
        task = json.loads((SEED / f"{name}.json").read_text(encoding="utf-8"))["tasks"][0]
        lines.append(json.dumps(task, ensure_ascii=False))
    return lines


@pytest.mark.parametrize(
    ("at", "code"),
    [("26/02/2024 08:30", 2), ("15/03/2024 16:00", 0)],
)
def test_gate_exit_codes(at, code, capsys):
    """gate exits 2 on block and 0 on allow."""
    assert code == main(["gate", str(SEED / "246-UBND-CN.json"), "--task", "246-UBND-CN",
                         "--at", at])


def test_gate_reads_attachments_beside_the_export():
    """gate reads attachments from the export's folder: 4882 warns (exit 1)."""
    assert 1 == main(["gate", str(SEED / "4882-UBND-KTTC.json"), "--task", "4882-UBND-KTTC",
                      "--at", "15/04/2024 21:10"])


def test_gate_json(capsys):
    """gate --format json has task, at, decision, findings and facts."""
    main(["gate", str(SEED / "509-UBND-TD.json"), "--task", "509-UBND-TD",
          "--at", "2024-03-28T10:00:00+07:00", "--format", "json"])
    body = json.loads(capsys.readouterr().out)
    assert (["task", "at", "decision", "findings", "facts"], "block", ["G001", "G010"]) == (
        list(body), body["decision"], [f["code"] for f in body["findings"]])


def test_gate_unknown_task(capsys):
    """An id not in the export exits 3 with a message naming it."""
    assert 3 == main(["gate", str(SEED / "246-UBND-CN.json"), "--task", "nope", "--at", "2024-03-01"])
    assert "no task with id 'nope'" in capsys.readouterr().err


def test_check_json_and_exit_code(tmp_path, capsys):
    """check --format json lists findings and unreadable records; exit 1 on findings."""
    export = _export(tmp_path, _seed_lines() + ['{"id": "broken", "symbol": 1'])
    code = main(["check", str(export), "--as-of", "2024-05-31", "--format", "json", "--no-progress"])
    body = json.loads(capsys.readouterr().out)
    assert (1, 4, 5) == (code, body["checked"], body["errors"][0]["line"])
    assert {"task", "unit", "code", "severity", "message", "loc", "ctx"} == set(body["findings"][0])


def test_check_fail_on_block_passes_warnings(tmp_path):
    """--fail-on block ignores warnings and infos."""
    export = _export(tmp_path, _seed_lines())
    assert 0 == main(["check", str(export), "--as-of", "2024-05-31", "--fail-on", "block",
                      "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"), "--no-progress"])


def test_check_select_and_ignore(tmp_path, capsys):
    """--select and --ignore narrow the rules by code prefix."""
    export = _export(tmp_path, _seed_lines())
    main(["check", str(export), "--as-of", "2024-05-31", "--select", "D", "--ignore", "D004",
          "--format", "jsonl", "--no-progress"])
    codes = {json.loads(line)["code"] for line in capsys.readouterr().out.splitlines()}
    assert {"D002"} == codes


def test_check_baseline_round_trip(tmp_path, capsys):
    """Findings written to a baseline are left out of the next run, which then passes."""
    export = _export(tmp_path, _seed_lines())
    baseline = tmp_path / "baseline.json"
    assert 0 == main(["check", str(export), "--as-of", "2024-05-31", "--write-baseline",
                      str(baseline), "--no-progress"])
    capsys.readouterr()
    assert 0 == main(["check", str(export), "--as-of", "2024-05-31", "--baseline", str(baseline),
                      "--format", "json", "--no-progress"])
    assert [] == json.loads(capsys.readouterr().out)["findings"]


def test_check_junit_and_sarif(tmp_path, capsys):
    """junit is XML with one failure per finding; sarif names the rules used."""
    export = _export(tmp_path, _seed_lines())
    main(["check", str(export), "--as-of", "2024-05-31", "--format", "junit", "--no-progress"])
    suite = ET.fromstring(capsys.readouterr().out).find("testsuite")
    main(["check", str(export), "--as-of", "2024-05-31", "--format", "sarif", "--no-progress"])
    sarif = json.loads(capsys.readouterr().out)
    failures = int(suite.get("failures"))
    results = sarif["runs"][0]["results"]
    assert (failures, "2.1.0") == (len(results), sarif["version"])


def test_check_text_groups_by_unit(tmp_path, capsys):
    """The text format gives one block per unit with counts per code, and a total line."""
    export = _export(tmp_path, _seed_lines())
    main(["check", str(export), "--as-of", "2024-05-31", "--no-progress", "--exit-zero"])
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("4 findings in 4 tasks as of 2024-05-31 (A002: 2, D002: 1, D004: 1)")
    assert "UBND huyện Hoằng Hóa: " in out


def test_config_file_params(tmp_path, capsys):
    """A tdnv-rules.toml sets parameters and ignores codes."""
    export = _export(tmp_path, _seed_lines())
    config = tmp_path / "tdnv-rules.toml"
    config.write_text('ignore = ["D"]\n[params.A003]\ndays = 10\n', encoding="utf-8")
    main(["--config", str(config), "check", str(export), "--as-of", "2024-05-31",
          "--format", "jsonl", "--no-progress"])
    codes = sorted(json.loads(line)["code"] for line in capsys.readouterr().out.splitlines())
    assert "D002" not in codes


def test_report_monthly_json(tmp_path, capsys):
    """report monthly --format json gives the rows with the documented keys and a total."""
    export = _export(tmp_path, _seed_lines())
    main(["report", "monthly", str(export), "--from", "2024-01-01", "--to", "2024-05-31",
          "--as-of", "2024-05-31", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    total = rows[-1]
    assert ("Cộng", 4) == (total["tt"], total["total"])


def test_rules_lists_the_catalog(capsys):
    """rules lists every code; rules CODE explains one."""
    main(["rules"])
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    main(["rules", "G001"])
    assert (25, True) == (len(listed), "fix:" in capsys.readouterr().out)


def test_usage_error_exit_code(capsys):
    """A bad option exits 3, not 2 (2 means 'block' for gate)."""
    with pytest.raises(SystemExit) as stop:
        main(["check"])
    assert 3 == stop.value.code
