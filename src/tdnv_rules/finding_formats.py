"""Findings written out: text (grouped by unit and code), json, jsonl, junit and sarif."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .findings import Finding, Findings

__all__ = ["FINDING_FORMATS", "render_findings", "finding_line", "error_dict"]

FINDING_FORMATS = ("text", "json", "jsonl", "junit", "sarif")
_SARIF_LEVEL = {"block": "error", "warn": "warning", "info": "note"}


def error_dict(error: Any) -> dict[str, Any]:
    """A load error as ``{"file", "line", "task", "field", "message"}``."""
    return {
        "file": getattr(error, "file", None),
        "line": getattr(error, "line", None),
        "task": getattr(error, "task", None),
        "field": getattr(error, "field", None),
        "message": getattr(error, "message", str(error)),
    }


def finding_line(finding: Finding) -> str:
    """One finding as a JSON line (the ``jsonl`` format)."""
    return json.dumps(finding.to_dict(), ensure_ascii=False)


def _text(findings: Findings) -> str:
    lines: list[str] = []
    by_unit: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for f in findings:
        by_unit[f.unit or "?"][f.code].append(f)
    for unit, codes in sorted(by_unit.items(), key=lambda kv: -sum(map(len, kv[1].values()))):
        total = sum(len(items) for items in codes.values())
        lines.append(f"{unit}: {total}")
        for code, items in sorted(codes.items()):
            first = items[0]
            shown = ", ".join(sorted({f.symbol or f.task or "?" for f in items})[:3])
            more = f", … (+{len(items) - 3})" if len(items) > 3 else ""
            lines.append(f"  {code} {first.severity:<5} {len(items):>5}  {first.name}  [{shown}{more}]")
    if findings.errors:
        lines.append(f"errors: {len(findings.errors)} records could not be read")
        for error in findings.errors[:20]:
            lines.append(f"  {error}")
        if len(findings.errors) > 20:
            lines.append(f"  … and {len(findings.errors) - 20} more")
    counts = findings.codes
    summary = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())) or "none"
    as_of = findings.as_of.isoformat() if findings.as_of else "?"
    lines.append(
        f"{len(findings)} findings in {findings.checked} tasks as of {as_of} ({summary})"
    )
    return "\n".join(lines) + "\n"


def _json(findings: Findings) -> str:
    body = {
        "as_of": findings.as_of.isoformat() if findings.as_of else None,
        "checked": findings.checked,
        "findings": [f.to_dict() for f in findings],
        "errors": [error_dict(e) for e in findings.errors],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _jsonl(findings: Findings) -> str:
    return "".join(finding_line(f) + "\n" for f in findings)


def _junit(findings: Findings) -> str:
    by_task: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_task[f.task or "?"].append(f)
    cases: list[str] = []
    for task, items in by_task.items():
        for f in items:
            name = quoteattr(f"{task} {f.code}")
            cases.append(
                f"    <testcase classname={quoteattr(f.unit or '?')} name={name}>"
                f"<failure type={quoteattr(f.code)} message={quoteattr(f.msg)}>"
                f"{escape(f.severity)} {escape(f.name)} at {escape('.'.join(map(str, f.loc)))}"
                "</failure></testcase>"
            )
    for error in findings.errors:
        e = error_dict(error)
        where = quoteattr(f"{e['file']}:{e['line']}")
        message = quoteattr(e["message"] or "")
        cases.append(
            f'    <testcase classname="load" name={where}><error message={message}/></testcase>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites><testsuite name="tdnv-rules" tests="{len(cases)}" '
        f'failures="{len(findings)}" errors="{len(findings.errors)}">\n'
        + "\n".join(cases)
        + "\n</testsuite></testsuites>\n"
    )


def _sarif(findings: Findings) -> str:
    from .engine.catalog import default_catalog

    catalog = default_catalog()
    used = sorted({f.code for f in findings})
    rules = [
        {
            "id": code,
            "name": catalog[code].name if code in catalog.by_code else code,
            "shortDescription": {"text": catalog[code].summary if code in catalog.by_code else code},
            "defaultConfiguration": {"level": _SARIF_LEVEL.get(
                catalog[code].severity if code in catalog.by_code else "warn", "warning")},
        }
        for code in used
    ]
    results = [
        {
            "ruleId": f.code,
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.msg},
            "locations": [{
                "logicalLocations": [{
                    "fullyQualifiedName": f"{f.task}." + ".".join(map(str, f.loc)),
                    "kind": "member",
                }]
            }],
            "properties": {"task": f.task, "unit": f.unit},
        }
        for f in findings
    ]
    log = {
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{"tool": {"driver": {"name": "tdnv-rules", "rules": rules}}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


_RENDERERS = {"text": _text, "json": _json, "jsonl": _jsonl, "junit": _junit, "sarif": _sarif}


def render_findings(findings: Findings | Iterable[Finding], fmt: str) -> str:
    """The findings in one of ``FINDING_FORMATS``."""
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FINDING_FORMATS)}")
    if not isinstance(findings, Findings):
        findings = Findings(findings)
    return _RENDERERS[fmt](findings)
