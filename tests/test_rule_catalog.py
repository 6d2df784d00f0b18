"""Rule files are validated: one file per rule, strict keys, unique codes, known facts."""

import shutil
from pathlib import Path

import pytest
import yaml

from tdnv_rules.engine.catalog import CatalogError, default_catalog, load_catalog

RULES = Path(__file__).resolve().parents[1] / "rules"
G001 = RULES / "gate" / "G001-closure-while-extension-requested.yaml"


def _catalog_with(tmp_path: Path, name: str, data: dict, scope: str = "gate") -> Path:
    root = tmp_path / "rules"
    (root / scope).mkdir(parents=True, exist_ok=True)
    (root / scope / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


def _g001() -> dict:
    return yaml.safe_load(G001.read_text(encoding="utf-8"))


def test_bundled_catalog_codes():
    """The bundled catalog holds the fixed codes G001–G011, A001–A006, D001–D008."""
    expected = ([f"G{n:03d}" for n in range(1, 12)] + [f"A{n:03d}" for n in range(1, 7)]
                + [f"D{n:03d}" for n in range(1, 9)])
    assert sorted(expected) == [rule.code for rule in default_catalog()]


def test_severities_are_fixed_values():
    """Every severity is block, warn or info; only gate rules block."""
    blocking = {r.code for r in default_catalog() if r.severity == "block"}
    assert {"G001", "G002", "G003"} == blocking


def test_unknown_key_is_rejected(tmp_path):
    """A key the format does not know (a typo) names the file and the key."""
    data = {**_g001(), "severty": "warn"}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match=r"G001-closure-while-extension-requested.yaml: severty"):
        load_catalog(root)


def test_severity_outside_the_fixed_set(tmp_path):
    """A severity such as 'error' is refused."""
    root = _catalog_with(tmp_path, G001.name, {**_g001(), "severity": "error"})
    with pytest.raises(CatalogError, match="severity"):
        load_catalog(root)


def test_duplicate_code_is_rejected(tmp_path):
    """Two files may not share a code."""
    root = _catalog_with(tmp_path, G001.name, _g001())
    other = {**_g001(), "name": "closure-on-something-else"}
    _catalog_with(tmp_path, "G001-closure-on-something-else.yaml", other)
    with pytest.raises(CatalogError, match="'G001' is already used"):
        load_catalog(root)


def test_file_name_must_match_code_and_name(tmp_path):
    """The file is named <CODE>-<name>.yaml."""
    root = _catalog_with(tmp_path, "G001-other-name.yaml", _g001())
    with pytest.raises(CatalogError, match="file name must be G001-closure-while"):
        load_catalog(root)


def test_code_must_fit_its_folder(tmp_path):
    """A G code in the audit folder is refused."""
    root = _catalog_with(tmp_path, G001.name, _g001(), scope="audit")
    with pytest.raises(CatalogError, match="does not fit folder audit"):
        load_catalog(root)


def test_unknown_fact_in_condition(tmp_path):
    """A condition may only name declared facts of its scope."""
    data = {**_g001(), "when": {"all": [{"latest_result_knd": "extension_request"}]}}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match="latest_result_knd"):
        load_catalog(root)


def test_audit_fact_not_allowed_at_the_gate(tmp_path):
    """is_closed is an audit fact; a gate rule cannot use it."""
    data = {**_g001(), "when": {"all": [{"is_closed": True}]}}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match="is_closed"):
        load_catalog(root)


def test_wrong_value_type_in_condition(tmp_path):
    """result_count compares with numbers, not with text."""
    data = {**_g001(), "when": {"all": [{"result_count": {"gt": "3"}}]}}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match="result_count"):
        load_catalog(root)


def test_unknown_name_in_message(tmp_path):
    """A message may only use facts, params and the task's context."""
    data = _g001()
    data["message"] = {"vi": "Văn bản {latest_symbol}", "en": "Document {latest_symbol}"}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match=r"message.vi names unknown values \['latest_symbol'\]"):
        load_catalog(root)


def test_examples_are_required(tmp_path):
    """A rule without good examples is refused."""
    data = _g001()
    data["examples"] = {"bad": data["examples"]["bad"], "good": []}
    root = _catalog_with(tmp_path, G001.name, data)
    with pytest.raises(CatalogError, match="examples.good"):
        load_catalog(root)


def test_adding_a_rule_touches_one_file(tmp_path):
    """A new rule file is picked up with no other change."""
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    data = {**_g001(), "code": "G099", "name": "closure-on-anything"}
    (root / "gate" / "G099-closure-on-anything.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert "G099" in load_catalog(root).by_code
