"""The rules in force: a catalog narrowed by ``select``/``ignore``, with parameters set,
compiled once per scope, and the step that turns fired codes into findings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

from .engine.catalog import Catalog, RuleSpec, default_catalog
from .engine.conditions import evaluate_condition, ruleset_definition
from .findings import Finding

__all__ = ["Rulebook", "default_rulebook", "selected"]

Backend = Literal["durable", "isolated", "python"]


def selected(code: str, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    """Whether ``code`` is in force: matched by a ``select`` prefix and by no ``ignore`` one."""
    chosen = select is None or any(code.startswith(p.upper()) for p in select)
    return chosen and not any(code.startswith(p.upper()) for p in (ignore or ()))


def _loc_part(part: str | int, values: Mapping[str, Any]) -> list[str | int]:
    if not isinstance(part, str) or not part.startswith("{"):
        return [part]
    value = values.get(part.strip("{}"))
    if isinstance(value, int):
        return [value]
    pieces: list[str | int] = []
    for piece in str(value).split("."):
        if piece:
            pieces.append(int(piece) if piece.isdigit() else piece)
    return pieces


def _at_loc(task: Any, loc: tuple[str | int, ...]) -> Any:
    value = task
    for part in loc:
        try:
            value = value[part] if isinstance(part, int) else getattr(value, part)
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return value


def _check_params(catalog: Catalog, params: Mapping[str, Mapping[str, Any]]) -> None:
    """Refuse parameters for unknown rules or names a rule does not have (a typo would
    otherwise leave the default in force without a word)."""
    for code, values in params.items():
        if code not in catalog.by_code:
            raise ValueError(f"params: no rule {code!r}")
        unknown = sorted(set(values) - set(catalog[code].params))
        if unknown:
            known = ", ".join(sorted(catalog[code].params)) or "none"
            raise ValueError(f"params.{code}: unknown parameter(s) {unknown}; {code} has: {known}")


class Rulebook:
    """Selected rules of a catalog, compiled for one backend."""

    def __init__(
        self,
        catalog: Catalog | None = None,
        *,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] | None = None,
        params: Mapping[str, Mapping[str, Any]] | None = None,
        backend: Backend = "durable",
        lang: str = "vi",
    ) -> None:
        self.catalog = catalog or default_catalog()
        _check_params(self.catalog, params or {})
        select = list(select) if select is not None else None
        ignore = list(ignore or ())
        self.rules = tuple(r for r in self.catalog if selected(r.code, select, ignore))
        self.params = {r.code: {**r.params, **dict((params or {}).get(r.code, {}))}
                       for r in self.rules}
        self.backend = backend
        self.lang = lang
        self._scoped = {
            "gate": tuple(r for r in self.rules if r.scope == "gate"),
            "audit": tuple(r for r in self.rules if r.scope in ("audit", "data")),
        }
        self._engines: dict[str, Any] = {}
        self._read: dict[str, tuple[str, ...]] = {}

    def rules_of(self, scope: str) -> tuple[RuleSpec, ...]:
        """The rules judged at the gate (``gate``) or in an audit (``audit``)."""
        return self._scoped[scope]

    def _engine(self, scope: str) -> Any:
        engine = self._engines.get(scope)
        if engine is None:
            rules = self._scoped[scope]
            definition = ruleset_definition(
                (rule.code, rule.compiled(self.params[rule.code])) for rule in rules
            )
            if self.backend != "python":
                from .engine.durable import _definition_parts

                self._read[scope] = tuple(_definition_parts(definition)[1])
            if self.backend == "isolated":
                from .engine.isolated import IsolatedRuleset

                engine = IsolatedRuleset(definition)
            elif self.backend == "durable":
                from .engine.durable import CompiledRuleset

                engine = CompiledRuleset(definition, name=f"tdnv-{scope}")
            else:
                engine = None
            self._engines[scope] = engine
        return engine

    def fired(self, scope: str, facts: Mapping[str, Any]) -> list[RuleSpec]:
        """The rules of ``scope`` whose condition holds on ``facts``, in code order."""
        rules = self._scoped[scope]
        if not rules:
            return []
        if self.backend == "python":
            return [r for r in rules if evaluate_condition(r.when, self.params[r.code], facts)]
        engine = self._engine(scope)
        try:  # the engine is handed only the facts its rules read
            facts = {name: facts[name] for name in self._read[scope]}
        except (KeyError, TypeError):
            pass  # the engine names what is missing or wrong
        codes = engine.evaluate(facts)
        return [r for r in rules if r.code in codes]

    def finding(self, rule: RuleSpec, task: Any, values: Mapping[str, Any]) -> Finding:
        """The finding of one fired rule on one task; ``values`` are facts and context."""
        ctx = {**values, **self.params[rule.code]}
        template = rule.message.vi if self.lang == "vi" else rule.message.en
        loc: list[str | int] = []
        for part in rule.loc:
            loc.extend(_loc_part(part, ctx))
        loc_tuple = tuple(loc)
        return Finding(
            code=rule.code,
            severity=rule.severity,
            name=rule.name,
            loc=loc_tuple,
            msg=template.format_map(ctx),
            input=_at_loc(task, loc_tuple),
            ctx={k: ctx[k] for k in _used_names(rule) if k in ctx},
            task=getattr(task, "id", None),
            unit=values.get("assignee_unit") or getattr(task, "assignee", None),
            symbol=getattr(task, "symbol", None),
            subject=getattr(task, "subject", None),
            title=rule.title.vi if self.lang == "vi" else rule.title.en,
        )

    def close(self) -> None:
        """Stop worker processes of the isolated backend."""
        for engine in self._engines.values():
            closer = getattr(engine, "close", None)
            if closer:
                closer()
        self._engines.clear()


@lru_cache(maxsize=512)
def _names_in(template: str) -> tuple[str, ...]:
    import string

    return tuple(
        field.split(".")[0].split("[")[0]
        for _, field, _, _ in string.Formatter().parse(template)
        if field
    )


def _used_names(rule: RuleSpec) -> tuple[str, ...]:
    names = dict.fromkeys(_names_in(rule.message.vi) + _names_in(rule.message.en))
    for part in rule.loc:
        if isinstance(part, str) and part.startswith("{"):
            names[part.strip("{}")] = None
    names.update(dict.fromkeys(rule.params))
    return tuple(names)


@lru_cache(maxsize=8)
def default_rulebook(lang: str = "vi", backend: Backend = "durable") -> Rulebook:
    """Every bundled rule with its default parameters, built once per language."""
    return Rulebook(lang=lang, backend=backend)
