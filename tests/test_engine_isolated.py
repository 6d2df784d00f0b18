"""IsolatedRuleset: the ruleset in a worker process that is replaced when it dies."""

import os
import signal
import threading
import time

import pytest

from tdnv_rules.engine.conditions import compile_condition, evaluate_condition, ruleset_definition
from tdnv_rules.engine.durable import EngineError, FactError
from tdnv_rules.engine.isolated import IsolatedRuleset, WorkerError, WorkerTimeout

TYPES = {"kind": str, "count": int, "has_deadline": bool}
RULES = [
    ("EXT", {"all": [{"kind": "extension_request"}, {"has_deadline": True}]}, {}),
    ("EMPTY", {"count": {"lte": {"param": "n"}}}, {"n": 0}),
]
DEFINITION = ruleset_definition((code, compile_condition(when, params, TYPES)) for code, when, params in RULES)
FACTS = {"kind": "extension_request", "count": 0, "has_deadline": True}


def expected(facts):
    return frozenset(code for code, when, params in RULES if evaluate_condition(when, params, facts))


@pytest.fixture()
def isolated():
    with IsolatedRuleset(DEFINITION, "iso-test") as rs:
        yield rs


def test_answers_like_python(isolated):
    """The worker returns the codes the Python evaluator finds."""
    for facts in [FACTS, {**FACTS, "count": 2}, {**FACTS, "kind": "report", "count": 3}]:
        assert expected(facts) == isolated.evaluate(facts)


def test_worker_killed_between_calls(isolated):
    """After SIGKILL between calls, the next call is answered by a fresh worker."""
    first = isolated.pid
    assert expected(FACTS) == isolated.evaluate(FACTS)
    os.kill(first, signal.SIGKILL)
    time.sleep(0.1)
    assert expected(FACTS) == isolated.evaluate(FACTS)
    assert first != isolated.pid
    assert 1 == isolated.restarts


def test_worker_killed_during_a_call(isolated):
    """A call in flight when the worker dies is retried once on a fresh worker and answered."""
    first = isolated.pid
    os.kill(first, signal.SIGSTOP)
    answers = []
    caller = threading.Thread(target=lambda: answers.append(isolated.evaluate(FACTS)))
    caller.start()
    time.sleep(0.3)
    os.kill(first, signal.SIGKILL)
    caller.join(30)
    assert [expected(FACTS)] == answers
    assert first != isolated.pid


def test_timeout_stops_the_worker():
    """A worker that does not answer in time raises WorkerTimeout; the next call gets a new worker."""
    with IsolatedRuleset(DEFINITION, timeout=0.3) as rs:
        stuck = rs.pid
        os.kill(stuck, signal.SIGSTOP)
        with pytest.raises(WorkerTimeout, match="no answer within 0.3 s"):
            rs.evaluate(FACTS)
        assert expected(FACTS) == rs.evaluate(FACTS)
        assert stuck != rs.pid


def test_fact_errors_cross_the_process(isolated):
    """A bad fact set raises FactError in the caller, and the worker stays up."""
    pid = isolated.pid
    with pytest.raises(FactError, match="fact 'count': None is not a value"):
        isolated.evaluate({**FACTS, "count": None})
    with pytest.raises(FactError, match="cannot be sent"):
        isolated.evaluate({**FACTS, "kind": threading.Lock()})
    assert expected(FACTS) == isolated.evaluate(FACTS)
    assert pid == isolated.pid


def test_close_stops_worker():
    """close() ends the worker process; later calls raise WorkerError."""
    rs = IsolatedRuleset(DEFINITION)
    process = rs._process
    rs.close()
    rs.close()
    assert process.exitcode is not None
    with pytest.raises(WorkerError, match="closed"):
        rs.evaluate(FACTS)


def test_bad_definition_raises_in_caller():
    """An invalid definition is refused before a worker is started."""
    with pytest.raises(EngineError, match="rule code"):
        IsolatedRuleset({"bad code": {"all": [{"m": {"n": 1}}], "run": "x"}})
