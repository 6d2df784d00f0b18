"""The rule engine: the `when` language, durable_rules sessions and an isolated worker process.

This package is the only place durable_rules is imported.
"""

from .conditions import ConditionError, FactError, compile_condition, evaluate_condition, ruleset_definition
from .durable import CompiledRuleset, EngineError
from .isolated import IsolatedRuleset, WorkerError

__all__ = [
    "CompiledRuleset",
    "ConditionError",
    "EngineError",
    "FactError",
    "IsolatedRuleset",
    "WorkerError",
    "compile_condition",
    "evaluate_condition",
    "ruleset_definition",
]
