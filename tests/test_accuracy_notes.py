"""Every error the readers still make on a labelled set is explained in the accuracy notes,
and the accuracy page is what the script writes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("accuracy", REPO / "scripts" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up while being built
_spec.loader.exec_module(accuracy)


def _error_ids() -> set[str]:
    ids: set[str] = set()
    for _, _, classify_path, pairs_path, _ in accuracy.SETS:
        if classify_path.exists():
            report = accuracy.measure_classifier(accuracy.read_jsonl(classify_path))
            ids |= {row["id"] for row, _ in report.errors}
        if pairs_path.exists():
            report = accuracy.measure_matcher(accuracy.read_jsonl(pairs_path))
            errors = report.errors(accuracy.LINK_THRESHOLD, accuracy.TEXT_THRESHOLD)
            ids |= {row["id"] for row, _, _ in errors}
    return ids


def test_every_error_is_explained():
    """No error on any labelled set lacks an explanation in fixtures/accuracy-notes.yaml."""
    assert set() == _error_ids() - set(accuracy.NOTES)


def test_accuracy_page_is_fresh():
    """docs/accuracy.md is exactly what scripts/accuracy.py writes now."""
    page, _ = accuracy.build_page(set())
    assert (REPO / "docs" / "accuracy.md").read_text("utf-8") == page
