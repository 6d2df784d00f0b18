"""Write docs/rules/<CODE>.md and docs/rules/README.md from the rule files.

    .venv/bin/python scripts/make_rule_docs.py
"""

from __future__ import annotations

from pathlib import Path

from tdnv_rules.engine.catalog import load_catalog
from tdnv_rules.rule_docs import rule_pages

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    """Regenerate the pages; remove pages of rules that no longer exist."""
    out = REPO / "docs" / "rules"
    out.mkdir(parents=True, exist_ok=True)
    pages = rule_pages(load_catalog(REPO / "rules"))
    for stale in out.glob("*.md"):
        if Path(stale.name) not in pages:
            stale.unlink()
    for name, text in pages.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"{len(pages)} pages written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
