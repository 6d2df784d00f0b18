"""A durable_rules ruleset driven through its C core, one short session per evaluation.

The discipline, and the defect of durable_rules 2.0.28 each part avoids:

* no ``durable.lang`` host: its timer threads race the caller; ``assert_fact`` only, never
  ``post()`` (an event is consumed by the first rule that takes it, losing findings);
* one session per call with a fresh sid, deleted in ``finally``; one live session per ruleset
  (a lock), so the 32-bit FNV hash that identifies sessions can never merge two of them and the
  1024-live-session limit is never approached;
* priming at creation: sessions whose facts fire a private rule are asserted and deleted, so
  no later ``delete_state`` meets a pool slot whose context was never initialised;
* every fired rule is collected: ``start_action_for_state`` yields the first, each
  ``complete_and_start_action`` the next, until it returns None; the message JSON is
  ``{"CODE":{"m":{...fact...}}}``, so the code is its first key;
* facts are validated in Python (types, no None, NFC text, at most 255 properties, numbers
  the C parser reads) because the core matches loosely (``1 == True``) or not at all;
* glibc keeps freed session memory instead of returning and faulting it in again (mallopt).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import itertools
import json
import math
import platform
import sys
import threading
import unicodedata
from collections.abc import Mapping

import durable_rules_engine as _core

from .conditions import FACT_NAME, INT64_MAX, INT64_MIN, RULE_CODE, FactError

__all__ = ["CompiledRuleset", "EngineError", "FactError", "MAX_PROPERTIES", "PRIME_FACT"]

MAX_PROPERTIES = 255
PRIME_FACT = "__prime__"
PRIME_CODE = "__prime__"
PRIME_SESSIONS = 64
RESERVED_NAMES = frozenset({"sid", "id", "label", "chart"})
EXACT_FLOAT_INT = 2**53

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_MALLOC_THRESHOLD = 268435456


class EngineError(RuntimeError):
    """The rule engine failed (invalid definition, a core error, an unexpected result)."""


def _tune_malloc() -> bool:
    """Keep freed memory in the process (glibc only); return whether the thresholds were set."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    trim = mallopt(_M_TRIM_THRESHOLD, _MALLOC_THRESHOLD)
    mmap = mallopt(_M_MMAP_THRESHOLD, _MALLOC_THRESHOLD)
    return bool(trim and mmap)


MALLOC_TUNED = _tune_malloc()


def _float_text(value: float) -> str:
    """A float as the core's number parser reads it (an exponent needs a fraction before it)."""
    text = repr(value)
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        text = f"{mantissa}e{exponent}"
    return text


def _plain_float(value: float) -> bool:
    """Whether ``json.dumps`` writes ``value`` in a form the core parses (no bare exponent)."""
    magnitude = abs(value)
    return magnitude == 0.0 or 1e-4 <= magnitude < 1e16


def _encode(value: object) -> str:
    """JSON text for a definition or fact value, with floats the core can parse."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_encode(str(k))}: {_encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_encode(v) for v in value) + "]"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise EngineError(f"non-finite number {value!r}")
        return _float_text(value)
    return _FACT_ENCODER.encode(value)


_FACT_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _fact_kinds(code: str, expression: object, kinds: dict[str, type]) -> None:
    """Collect, from a compiled ``m`` expression, the type each named fact is compared with."""
    if not isinstance(expression, dict) or len(expression) != 1:
        raise EngineError(f"rule {code!r}: malformed expression {expression!r}")
    ((key, body),) = expression.items()
    if key in ("$and", "$or"):
        if not isinstance(body, list) or not body:
            raise EngineError(f"rule {code!r}: {key} needs a non-empty list")
        for child in body:
            _fact_kinds(code, child, kinds)
        return
    if key in ("$neq", "$lt", "$lte", "$gt", "$gte"):
        if not isinstance(body, dict) or len(body) != 1:
            raise EngineError(f"rule {code!r}: {key} needs one fact")
        ((key, body),) = body.items()
    if not isinstance(key, str) or not FACT_NAME.match(key) or key in RESERVED_NAMES:
        raise EngineError(f"rule {code!r}: unsupported fact name or operator {key!r}")
    kind = type(body)
    if kind not in (bool, int, float, str):
        raise EngineError(f"rule {code!r}: fact {key!r} compared with unsupported value {body!r}")
    if kind is float and not math.isfinite(body):
        raise EngineError(f"rule {code!r}: fact {key!r} compared with {body!r}")
    known = kinds.get(key)
    if known is None or known is kind:
        kinds[key] = kind
    elif {known, kind} == {int, float}:
        kinds[key] = float
    else:
        raise EngineError(
            f"rule {code!r}: fact {key!r} compared with a {kind.__name__} here and a {known.__name__} elsewhere"
        )


def _definition_parts(definition: Mapping[str, dict]) -> tuple[dict[str, dict], dict[str, type]]:
    """Check a ruleset definition; return the core's rules (without ``run``) and the fact kinds."""
    if not isinstance(definition, Mapping):
        raise EngineError(f"ruleset definition: expected a mapping, got {type(definition).__name__}")
    rules: dict[str, dict] = {}
    kinds: dict[str, type] = {}
    for code, rule in definition.items():
        if not isinstance(code, str) or not RULE_CODE.match(code):
            raise EngineError(f"rule code {code!r}: use letters, digits, '_', '.', '-' (at most 100)")
        if not isinstance(rule, Mapping) or set(rule) - {"all", "run"} or "all" not in rule:
            raise EngineError(f"rule {code!r}: expected {{'all': [{{'m': ...}}], 'run': {code!r}}}")
        terms = rule["all"]
        if not isinstance(terms, list) or len(terms) != 1 or not isinstance(terms[0], Mapping) or set(terms[0]) != {"m"}:
            raise EngineError(f"rule {code!r}: 'all' must hold exactly one {{'m': expression}}")
        expression = terms[0]["m"]
        _fact_kinds(code, expression, kinds)
        rules[code] = {"all": [{"m": expression}]}
    rules[PRIME_CODE] = {"all": [{"m": {PRIME_FACT: True}}]}
    return rules, kinds


_names = itertools.count(1)


class CompiledRuleset:
    """A ruleset in the durable_rules C core; `evaluate` returns the codes of the rules a fact set fires."""

    def __init__(self, definition: dict[str, dict], name: str | None = None) -> None:
        rules, kinds = _definition_parts(definition)
        self.codes = frozenset(code for code in rules if code != PRIME_CODE)
        self.fact_kinds: dict[str, type] = kinds
        self.name = name or "tdnv"
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._expected: dict[object, type | None] = dict(kinds)
        core_name = f"{self.name}#{next(_names)}"
        try:
            self._handle = _core.create_ruleset(core_name, _encode(rules))
        except _core.error as error:
            raise EngineError(f"ruleset {self.name!r}: durable_rules refused it: {error}") from None
        self._closed = False
        self._prime()

    # ------------------------------------------------------------------ lifecycle

    def _prime(self) -> None:
        """Assert and delete sessions that fire the private rule, so every pool slot is initialised."""
        handle = self._handle
        with self._lock:
            sids = [f"prime-{i}" for i in range(PRIME_SESSIONS)]
            try:
                for sid in sids:
                    _, state = _core.assert_fact(handle, f'{{"sid": "{sid}", "{PRIME_FACT}": true}}')
                    result = _core.start_action_for_state(handle, state)
                    if not result or not result[1].startswith(f'{{"{PRIME_CODE}"'):
                        raise EngineError(f"ruleset {self.name!r}: priming rule did not fire")
                    while _core.complete_and_start_action(handle, state):
                        pass
            finally:
                for sid in sids:
                    try:
                        _core.delete_state(handle, sid)
                    except _core.error:
                        pass

    def close(self) -> None:
        """Delete the ruleset from the core (idempotent); later calls raise EngineError."""
        with self._lock:
            if not self._closed:
                self._closed = True
                _core.delete_ruleset(self._handle)

    def __enter__(self) -> CompiledRuleset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ facts

    def fact_text(self, facts: Mapping[str, object]) -> str:
        """Validate a fact set and return the JSON body (without braces) of the facts the rules read.

        Raises FactError on a value that is not str/int/float/bool (None included), a number out
        of range, text that is not NFC, a bad or reserved name, a type the rules do not compare
        the fact with, a fact the rules read that is missing, or more than 255 facts.
        """
        if not isinstance(facts, Mapping):
            raise FactError(f"facts: expected a mapping of name to value, got {type(facts).__name__}")
        if len(facts) > MAX_PROPERTIES:
            raise FactError(f"facts: {len(facts)} facts, the engine takes at most {MAX_PROPERTIES}")
        plain = True
        expected_kinds = self._expected
        for name, value in facts.items():
            kind = type(value)
            try:
                expected = expected_kinds[name]
            except KeyError:
                expected = self._admit(name)
            if kind is str:
                if not (value.isascii() or unicodedata.is_normalized("NFC", value)):
                    raise FactError(f"fact {name!r}: text {value!r} is not NFC-normalised")
            elif kind is int:
                if not INT64_MIN <= value <= INT64_MAX:
                    raise FactError(f"fact {name!r}: integer {value} is outside the 64-bit range")
            elif kind is float:
                if not math.isfinite(value):
                    raise FactError(f"fact {name!r}: {value!r} is not a finite number")
                if plain and not _plain_float(value):
                    plain = False
            elif kind is not bool:
                if value is None:
                    raise FactError(f"fact {name!r}: None is not a value; use a companion flag or a sentinel")
                raise FactError(f"fact {name!r}: unsupported type {kind.__name__} ({value!r})")
            if expected is not kind and expected is not None:
                if not (expected is float and kind is int and -EXACT_FLOAT_INT <= value <= EXACT_FLOAT_INT):
                    raise FactError(
                        f"fact {name!r}: the rules compare it with {expected.__name__} values, "
                        f"got {kind.__name__} {value!r}"
                    )
        kinds = self.fact_kinds
        if not kinds.keys() <= facts.keys():
            missing = sorted(kinds.keys() - facts.keys())
            raise FactError(f"facts: missing {', '.join(map(repr, missing))} (the rules use them)")
        if len(facts) > len(kinds):
            facts = {name: facts[name] for name in kinds}  # the core only needs what the rules read
        elif type(facts) is not dict:
            facts = dict(facts)
        text = _FACT_ENCODER.encode(facts) if plain else _encode(facts)
        return text[1:-1]

    def _admit(self, name: object) -> type | None:
        """Check a fact name the rules do not use (remembering it) or raise FactError; return None."""
        if type(name) is not str or not FACT_NAME.match(name):
            raise FactError(f"fact name {name!r}: use a letter then letters, digits or '_' (at most 64)")
        if name in RESERVED_NAMES:
            raise FactError(f"fact name {name!r} is reserved by the engine")
        if len(self._expected) < 100_000:
            self._expected[name] = None
        return None

    # ------------------------------------------------------------------ evaluation

    def evaluate(self, facts: Mapping[str, str | int | float | bool]) -> frozenset[str]:
        """Return the codes of the rules whose condition holds on ``facts`` (empty when none)."""
        body = self.fact_text(facts)
        handle = self._handle
        fired: list[str] = []
        with self._lock:
            if self._closed:
                raise EngineError(f"ruleset {self.name!r} is closed")
            sid = str(next(self._sids))
            message = f'{{"sid": "{sid}", {body}}}' if body else f'{{"sid": "{sid}"}}'
            try:
                _, state = _core.assert_fact(handle, message)
            except _core.error as error:
                try:
                    _core.delete_state(handle, sid)
                except _core.error:
                    pass
                raise EngineError(f"ruleset {self.name!r}: assert_fact failed: {error}") from None
            try:
                result = _core.start_action_for_state(handle, state)
                if result:
                    if '"exception"' in result[0]:
                        raise EngineError(f"ruleset {self.name!r}: action failed: {result[0]}")
                    text = result[1]
                    while text:
                        fired.append(text[2 : text.index('"', 2)])
                        text = _core.complete_and_start_action(handle, state)
            except _core.error as error:
                raise EngineError(f"ruleset {self.name!r}: taking actions failed: {error}") from None
            finally:
                _core.delete_state(handle, sid)
        found = frozenset(fired)
        if not found <= self.codes:
            raise EngineError(f"ruleset {self.name!r}: unknown rule codes fired: {sorted(found - self.codes)}")
        return found

    def __repr__(self) -> str:
        return f"CompiledRuleset({self.name!r}, {len(self.codes)} rules)"
