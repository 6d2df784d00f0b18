"""The `when` language of rule files: checking it, compiling it to durable_rules JSON, evaluating it in Python.

A condition is a tree.  An inner node is ``{"all": [...]}`` or ``{"any": [...]}``; a leaf is a
one-key mapping ``{fact: value}`` (equality) or ``{fact: {op: value}}`` with ``op`` one of
``eq ne lt lte gt gte in``.  A value may be ``{"param": NAME}``, taken from the rule's params.

Facts are typed (``str``, ``int``, ``float``, ``bool``) and a value must have its fact's type:
durable_rules itself treats ``1 == True`` and ``'30' < 55`` as matches, so the types are
enforced here, before anything reaches it.  Ordering operators apply to numeric facts only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = [
    "OPERATORS",
    "ConditionError",
    "FactError",
    "compile_condition",
    "evaluate_condition",
    "ruleset_definition",
    "value_error",
]

OPERATORS = ("eq", "ne", "lt", "lte", "gt", "gte", "in")
ORDERING = frozenset({"lt", "lte", "gt", "gte"})
DURABLE_OPS = {"ne": "$neq", "lt": "$lt", "lte": "$lte", "gt": "$gt", "gte": "$gte"}

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
EXACT_FLOAT_INT = 2**53

FACT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")
RULE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}\Z")


class ConditionError(ValueError):
    """A `when` condition that cannot be compiled; the message names the path inside it."""


class FactError(ValueError):
    """A fact set that cannot be evaluated (wrong type, None, missing fact, bad name)."""


def value_error(value: object, fact_type: type) -> str | None:
    """Why ``value`` is not a valid value of a fact of ``fact_type``, or None when it is."""
    kind = type(value)
    if fact_type is bool:
        if kind is bool:
            return None
    elif fact_type is int:
        if kind is int:
            if INT64_MIN <= value <= INT64_MAX:
                return None
            return f"integer {value} is outside the 64-bit range"
    elif fact_type is float:
        if kind is float:
            if math.isfinite(value):
                return None
            return f"{value!r} is not a finite number"
        if kind is int:
            if -EXACT_FLOAT_INT <= value <= EXACT_FLOAT_INT:
                return None
            return f"integer {value} is too large for a float fact"
    elif fact_type is str:
        if kind is str:
            if value.isascii() or unicodedata.is_normalized("NFC", value):
                return None
            return f"text {value!r} is not NFC-normalised (normalise it with tdnv_rules.text)"
    else:
        return f"unsupported fact type {fact_type!r}"
    return f"expected {fact_type.__name__}, got {kind.__name__} {value!r}"


# --------------------------------------------------------------------------- compiling


def compile_condition(when: dict, params: Mapping[str, object], fact_types: Mapping[str, type]) -> dict:
    """Compile a `when` condition to the durable_rules ``m`` expression; raise ConditionError when invalid."""
    return _compile_node(when, "when", params, fact_types)


def _compile_node(node: object, path: str, params: Mapping[str, object], fact_types: Mapping[str, type]) -> dict:
    if not isinstance(node, Mapping):
        raise ConditionError(f"{path}: expected a mapping, got {type(node).__name__} {node!r}")
    if len(node) != 1:
        keys = ", ".join(repr(k) for k in node)
        raise ConditionError(f"{path}: expected exactly one key (all, any or a fact name), got {len(node)}: {keys}")
    ((key, body),) = node.items()
    if key in ("all", "any"):
        if not isinstance(body, list):
            raise ConditionError(f"{path}.{key}: expected a list of conditions, got {type(body).__name__}")
        if not body:
            raise ConditionError(f"{path}.{key}: empty list of conditions")
        parts = [_compile_node(child, f"{path}.{key}[{i}]", params, fact_types) for i, child in enumerate(body)]
        return {"$and" if key == "all" else "$or": parts}
    return _compile_leaf(key, body, path, params, fact_types)


def _compile_leaf(
    fact: object, body: object, path: str, params: Mapping[str, object], fact_types: Mapping[str, type]
) -> dict:
    if not isinstance(fact, str):
        raise ConditionError(f"{path}: a fact name must be text, got {type(fact).__name__} {fact!r}")
    here = f"{path}.{fact}"
    if fact not in fact_types:
        raise ConditionError(f"{here}: unknown fact {fact!r}")
    fact_type = fact_types[fact]
    op, raw = _split_leaf(body, here)
    if op in ORDERING and fact_type not in (int, float):
        raise ConditionError(f"{here}: operator {op!r} needs a numeric fact, {fact!r} is {fact_type.__name__}")
    where = here if op == "eq" and not _is_op_mapping(body) else f"{here}.{op}"
    value = _resolve(raw, where, params)
    if op == "in":
        if not isinstance(value, (list, tuple)):
            raise ConditionError(f"{where}: 'in' needs a list of values, got {type(value).__name__} {value!r}")
        if not value:
            raise ConditionError(f"{where}: 'in' needs at least one value")
        items = []
        for i, item in enumerate(value):
            item = _resolve(item, f"{where}[{i}]", params)
            items.append({fact: _typed(item, fact_type, f"{where}[{i}]")})
        return {"$or": items}
    typed = _typed(value, fact_type, where)
    if op == "eq":
        return {fact: typed}
    return {DURABLE_OPS[op]: {fact: typed}}


def _is_op_mapping(body: object) -> bool:
    return isinstance(body, Mapping) and "param" not in body


def _split_leaf(body: object, here: str) -> tuple[str, object]:
    """The operator and raw operand of a leaf body (shorthand ``fact: value`` is ``eq``)."""
    if not isinstance(body, Mapping) or "param" in body:
        return "eq", body
    if len(body) != 1:
        keys = ", ".join(repr(k) for k in body)
        raise ConditionError(f"{here}: expected one operator ({', '.join(OPERATORS)}), got {keys or 'none'}")
    ((op, raw),) = body.items()
    if op not in OPERATORS:
        raise ConditionError(f"{here}: unknown operator {op!r}")
    return op, raw


def _resolve(raw: object, where: str, params: Mapping[str, object]) -> object:
    if isinstance(raw, Mapping):
        if set(raw) != {"param"}:
            raise ConditionError(f"{where}: a value mapping must be {{param: NAME}}, got {dict(raw)!r}")
        name = raw["param"]
        if not isinstance(name, str) or name not in params:
            known = ", ".join(sorted(map(str, params))) or "none"
            raise ConditionError(f"{where}: unknown param {name!r} (known: {known})")
        return params[name]
    return raw


def _typed(value: object, fact_type: type, where: str) -> object:
    problem = value_error(value, fact_type)
    if problem is not None:
        raise ConditionError(f"{where}: {problem}")
    if fact_type is float:
        return float(value)
    return value


def ruleset_definition(rules: Iterable[tuple[str, dict]]) -> dict:
    """Build the durable_rules ruleset JSON from ``(code, compiled m expression)`` pairs."""
    definition: dict[str, dict] = {}
    for code, compiled in rules:
        if not isinstance(code, str) or not RULE_CODE.match(code):
            raise ConditionError(f"rule code {code!r}: use letters, digits, '_', '.', '-' (at most 100)")
        if code in definition:
            raise ConditionError(f"rule code {code!r}: defined twice")
        if not isinstance(compiled, dict) or not compiled:
            raise ConditionError(f"rule code {code!r}: compiled condition must be a non-empty mapping")
        definition[code] = {"all": [{"m": compiled}], "run": code}
    return definition


# --------------------------------------------------------------------------- evaluating


class _Invalid(Exception):
    """Raised by the fast evaluator on anything unexpected; the slow path then names the problem."""


def evaluate_condition(when: dict, params: Mapping[str, object], facts: Mapping[str, object]) -> bool:
    """Evaluate a `when` condition on a fact set in plain Python, with the typed semantics of the engine.

    Branches are evaluated lazily (``all`` stops at the first false child, ``any`` at the first
    true one), so only what is met is checked; full validation is `compile_condition`'s job.
    """
    try:
        return _eval(when, params, facts)
    except _Invalid:
        pass
    _explain(when, "when", params, facts)
    raise ConditionError("when: invalid condition")  # pragma: no cover - _explain always raises


def _operand(raw: object, params: Mapping[str, object]) -> object:
    if isinstance(raw, Mapping):
        if len(raw) != 1 or "param" not in raw:
            raise _Invalid
        try:
            return params[raw["param"]]
        except (KeyError, TypeError):
            raise _Invalid from None
    return raw


def _eval(node: object, params: Mapping[str, object], facts: Mapping[str, object]) -> bool:
    if type(node) is not dict and not isinstance(node, Mapping):
        raise _Invalid
    if len(node) != 1:
        raise _Invalid
    for key, body in node.items():
        break
    if key == "all":
        if type(body) is not list or not body:
            raise _Invalid
        for child in body:
            if not _eval(child, params, facts):
                return False
        return True
    if key == "any":
        if type(body) is not list or not body:
            raise _Invalid
        for child in body:
            if _eval(child, params, facts):
                return True
        return False
    try:
        actual = facts[key]
    except (KeyError, TypeError):
        raise _Invalid from None
    if (type(body) is dict or isinstance(body, Mapping)) and "param" not in body:
        if len(body) != 1:
            raise _Invalid
        for op, raw in body.items():
            break
    else:
        op, raw = "eq", body
    value = _operand(raw, params) if type(raw) is dict or isinstance(raw, Mapping) else raw
    kind = _NUMBER_KINDS.get(type(actual))
    if kind is None:
        raise _Invalid
    if op == "eq" or op == "ne":
        if _NUMBER_KINDS.get(type(value)) is not kind:
            raise _Invalid
        return (actual == value) is (op == "eq")
    if op == "in":
        if type(value) not in (list, tuple) or not value:
            raise _Invalid
        for item in value:
            if type(item) is dict or isinstance(item, Mapping):
                item = _operand(item, params)
            if _NUMBER_KINDS.get(type(item)) is not kind:
                raise _Invalid
            if actual == item:
                return True
        return False
    if kind is not float or _NUMBER_KINDS.get(type(value)) is not float:
        raise _Invalid
    if op == "lt":
        return actual < value
    if op == "lte":
        return actual <= value
    if op == "gt":
        return actual > value
    if op == "gte":
        return actual >= value
    raise _Invalid


_NUMBER_KINDS = {bool: bool, int: float, float: float, str: str}


def _explain(when: object, path: str, params: Mapping[str, object], facts: Mapping[str, object]) -> None:
    """Raise the ConditionError or FactError that describes why ``when`` cannot be evaluated on ``facts``."""
    if not isinstance(facts, Mapping):
        raise FactError(f"facts: expected a mapping, got {type(facts).__name__}")
    fact_types: dict[str, type] = {}
    for name, value in facts.items():
        kind = type(value)
        if kind not in (bool, int, float, str):
            raise FactError(f"fact {name!r}: unsupported value {value!r} ({kind.__name__})")
        fact_types[name] = float if kind is int else kind
    for name in _fact_names(when):
        if name not in facts:
            raise FactError(f"fact {name!r}: missing from the fact set (the condition uses it)")
    _compile_node(when, path, params, fact_types)
    raise ConditionError(f"{path}: invalid condition")


def _fact_names(node: object) -> list[str]:
    names: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Mapping) and len(current) == 1:
            ((key, body),) = current.items()
            if key in ("all", "any") and isinstance(body, list):
                stack.extend(body)
            elif isinstance(key, str):
                names.append(key)
    return names
