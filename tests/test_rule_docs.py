"""The rule pages in docs/rules are what the rule files say."""

from pathlib import Path

from tdnv_rules.engine.catalog import load_catalog
from tdnv_rules.rule_docs import rule_pages

REPO = Path(__file__).resolve().parents[1]


def test_rule_docs_are_fresh():
    """Every generated page equals the file in docs/rules (run scripts/make_rule_docs.py)."""
    pages = rule_pages(load_catalog(REPO / "rules"))
    on_disk = {p.relative_to(REPO / "docs" / "rules"): p.read_text(encoding="utf-8")
               for p in (REPO / "docs" / "rules").glob("*.md")}
    assert {str(k): v for k, v in pages.items()} == {str(k): v for k, v in on_disk.items()}


def test_every_rule_has_a_page():
    """One page per rule code, plus the index."""
    codes = {rule.code for rule in load_catalog(REPO / "rules")}
    assert {f"{code}.md" for code in codes} | {"README.md"} == {
        p.name for p in (REPO / "docs" / "rules").glob("*.md")
    }
