"""Rule files → validated rule specs.

One rule, one file: ``rules/<gate|audit|data>/<CODE>-<kebab-name>.yaml``. The folder is the
rule's scope: ``gate`` rules judge a closure at the moment it is asked for; ``audit`` and
``data`` rules judge the data as of a date. A rule file is checked by ``RuleSpec``
(``extra="forbid"``); the catalog checks what spans files (unique codes and names, file name
agreeing with code and name, conditions naming only facts of the scope).
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..facts import AUDIT_FACTS, CONTEXT_KEYS, GATE_FACTS
from ..resources import rules_dir
from .conditions import ConditionError, compile_condition

__all__ = [
    "Scope",
    "SCOPES",
    "Example",
    "Examples",
    "Message",
    "RuleSpec",
    "Catalog",
    "CatalogError",
    "load_catalog",
    "default_catalog",
]

Scope = Literal["gate", "audit", "data"]
SCOPES: tuple[str, ...] = ("gate", "audit", "data")
_CODE_PREFIX = {"gate": "G", "audit": "A", "data": "D"}
_FILE_NAME = re.compile(r"^(?P<code>[GAD]\d{3})-(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)\.ya?ml$")
ParamValue = int | float | str | bool


class CatalogError(ValueError):
    """A rule file that cannot be used, with the file and the field named."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Message(_Strict):
    """Text in Vietnamese and English (for messages: templates filled from the context)."""

    vi: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Example(_Strict):
    """A small task (or several) and the moment it is judged at."""

    title: str | None = None
    at: str | datetime | date | None = Field(default=None, description="gate: closure moment")
    as_of: str | date | None = Field(default=None, description="audit/data: the audit's day")
    task: dict[str, Any] | None = None
    tasks: list[dict[str, Any]] | None = None
    fixture: str | None = Field(default=None, description="path of a task file, from the repo")
    base_dir: str | None = Field(default=None, description="folder attachments are read from")
    also: list[str] = Field(default_factory=list, description="codes expected beside this one")

    @model_validator(mode="after")
    def _one_source(self) -> Example:
        sources = [s for s in (self.task, self.tasks, self.fixture) if s is not None]
        if len(sources) != 1:
            raise ValueError("give exactly one of task, tasks, fixture")
        return self


class Examples(_Strict):
    """Tasks on which the rule must fire (bad) and must not (good)."""

    bad: list[Example] = Field(min_length=1)
    good: list[Example] = Field(min_length=1)


class RuleSpec(_Strict):
    """One rule file."""

    code: str = Field(pattern=r"^[GAD]\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    severity: Literal["block", "warn", "info"]
    title: Message = Field(description="a few words naming the bad pattern, for tables and charts")
    summary: str = Field(min_length=1, description="one line: the bad pattern, in English")
    why: str = Field(min_length=1, description="why it matters")
    fix: str = Field(min_length=1, description="what to do instead")
    message: Message
    when: dict[str, Any]
    params: dict[str, ParamValue] = Field(default_factory=dict)
    loc: list[str | int] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)
    examples: Examples
    scope: str = Field(default="", description="set from the folder; not written in the file")
    path: str = Field(default="", description="set by the loader; not written in the file")

    @field_validator("when")
    @classmethod
    def _when_is_a_tree(cls, value: dict[str, Any]) -> dict[str, Any]:
        if not value:
            raise ValueError("the condition is empty")
        return value

    @property
    def facts(self) -> Mapping[str, type]:
        """The fact vocabulary of this rule's scope."""
        return GATE_FACTS if self.scope == "gate" else AUDIT_FACTS

    def compiled(self, params: Mapping[str, ParamValue] | None = None) -> dict[str, Any]:
        """The durable_rules condition, with ``params`` over the file's defaults."""
        return compile_condition(self.when, {**self.params, **(params or {})}, self.facts)


def _template_names(template: str) -> set[str]:
    names = set()
    for _, field_name, _, _ in string.Formatter().parse(template):
        if field_name:
            names.add(field_name.split(".")[0].split("[")[0])
    return names


def _check_rule(spec: RuleSpec, where: str) -> None:
    prefix = _CODE_PREFIX[spec.scope]
    if not spec.code.startswith(prefix):
        raise CatalogError(f"{where}: code {spec.code} does not fit folder {spec.scope}/ "
                           f"(its codes start with {prefix})")
    try:
        spec.compiled()
    except ConditionError as error:
        raise CatalogError(f"{where}: {error}") from None
    known = set(spec.facts) | set(spec.params) | set(CONTEXT_KEYS)
    for lang in ("vi", "en"):
        unknown = _template_names(getattr(spec.message, lang)) - known
        if unknown:
            raise CatalogError(
                f"{where}: message.{lang} names unknown values {sorted(unknown)}"
            )
    for part in spec.loc:
        if isinstance(part, str) and part.startswith("{"):
            if part.strip("{}") not in spec.facts:
                raise CatalogError(f"{where}: loc names unknown fact {part}")
    for example in spec.examples.bad + spec.examples.good:
        moment = example.at if spec.scope == "gate" else example.as_of
        if not moment:
            field_name = "at" if spec.scope == "gate" else "as_of"
            raise CatalogError(f"{where}: every example needs '{field_name}'")


def load_rule(path: Path, scope: str) -> RuleSpec:
    """Read and validate one rule file; errors name the file and the field."""
    where = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogError(f"{where}: cannot read: {error}") from None
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: a rule file holds one mapping")
    try:
        spec = RuleSpec.model_validate({**raw, "scope": scope, "path": where})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise CatalogError(f"{where}: {problems}") from None
    match = _FILE_NAME.match(path.name)
    if not match or match["code"] != spec.code or match["name"] != spec.name:
        raise CatalogError(f"{where}: file name must be {spec.code}-{spec.name}.yaml")
    _check_rule(spec, where)
    return spec


class Catalog:
    """All rules, by scope, in code order."""

    def __init__(self, rules: Iterable[RuleSpec], root: Path | None = None) -> None:
        self.rules: tuple[RuleSpec, ...] = tuple(sorted(rules, key=lambda r: r.code))
        self.root = root
        self.by_code = {rule.code: rule for rule in self.rules}

    def __iter__(self):  # noqa: ANN204
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __getitem__(self, code: str) -> RuleSpec:
        return self.by_code[code]

    def scope(self, *scopes: str) -> tuple[RuleSpec, ...]:
        """The rules of the given scopes."""
        return tuple(rule for rule in self.rules if rule.scope in scopes)


def load_catalog(root: Path | str | None = None) -> Catalog:
    """Load every rule file under ``root`` (default: the bundled ``rules/``)."""
    base = Path(root) if root is not None else rules_dir()
    rules: list[RuleSpec] = []
    codes: dict[str, str] = {}
    names: dict[str, str] = {}
    for scope in SCOPES:
        folder = base / scope
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            spec = load_rule(path, scope)
            for seen, key in ((codes, spec.code), (names, spec.name)):
                if key in seen:
                    raise CatalogError(f"{path}: '{key}' is already used by {seen[key]}")
                seen[key] = str(path)
            rules.append(spec)
    if not rules:
        raise CatalogError(f"{base}: no rule files found")
    return Catalog(rules, base)


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The bundled catalog, loaded once."""
    return load_catalog()
