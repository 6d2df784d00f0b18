"""Configuration files: tdnv-rules.toml and [tool.tdnv-rules] in pyproject.toml."""


import pytest

from tdnv_rules.config import ConfigError, find_config, load_config


def test_pyproject_section_is_found_from_a_subfolder(tmp_path):
    """The nearest pyproject.toml with [tool.tdnv-rules] is used."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tdnv-rules]\nignore = ["A001"]\n[tool.tdnv-rules.params.A003]\ndays = 120\n',
        encoding="utf-8")
    sub = tmp_path / "data" / "2024"
    sub.mkdir(parents=True)
    config = load_config(find_config(sub))
    assert (["A001"], {"A003": {"days": 120}}) == (config.ignore, config.params)


def test_pyproject_without_section_is_skipped(tmp_path):
    """A pyproject.toml without the section is not a configuration."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert None is find_config(tmp_path)


def test_registry_path_is_relative_to_the_file(tmp_path):
    """registry = "units.yaml" means beside the configuration file."""
    (tmp_path / "tdnv-rules.toml").write_text('registry = "units.yaml"\n', encoding="utf-8")
    assert tmp_path / "units.yaml" == load_config(tmp_path / "tdnv-rules.toml").registry


def test_unknown_key_names_the_file(tmp_path):
    """A misspelt key is refused with the file and the key named."""
    path = tmp_path / "tdnv-rules.toml"
    path.write_text('selcet = ["G"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tdnv-rules.toml: selcet"):
        load_config(path)


def test_params_reach_the_rulebook(tmp_path):
    """Parameters from the file override the rule file's defaults."""
    path = tmp_path / "tdnv-rules.toml"
    path.write_text("[params.A003]\ndays = 365\n", encoding="utf-8")
    assert 365 == load_config(path).rulebook().params["A003"]["days"]


def test_defaults_without_a_file(tmp_path, monkeypatch):
    """No configuration file: every rule, Vietnamese messages."""
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert (None, [], "vi", None) == (config.select, config.ignore, config.lang, config.source)


def test_misspelt_parameter_is_refused(tmp_path):
    """A parameter the rule does not have is an error, not a silent default."""
    path = tmp_path / "tdnv-rules.toml"
    path.write_text("[params.A003]\ndayz = 365\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"params.A003: unknown parameter\(s\) \['dayz'\]; A003 has: days"):
        load_config(path).rulebook()


def test_parameter_of_unknown_rule_is_refused():
    """Parameters for a code that no rule has are an error."""
    from tdnv_rules.rulebook import Rulebook

    with pytest.raises(ValueError, match="params: no rule 'A999'"):
        Rulebook(params={"A999": {"days": 1}})
