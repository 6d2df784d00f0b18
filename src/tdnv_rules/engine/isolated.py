"""A ruleset evaluated in a worker process, restarted when it dies.

The durable_rules C core can take the whole process down (a segfault is not an exception).
`IsolatedRuleset` keeps the core in a child process started with the "forkserver" context
(or "spawn" where forkserver is missing) and talks to it over a pipe.  When the child dies
during a call, the call is retried once on a fresh child; later calls use the fresh child.
A call that gets no answer within ``timeout`` seconds kills the child and raises
`WorkerTimeout`; the next call starts a new one.
"""

from __future__ import annotations

import multiprocessing
import pickle
import threading
import weakref
from collections.abc import Mapping
from multiprocessing.connection import Connection

from .conditions import FactError
from .durable import CompiledRuleset, EngineError, _definition_parts

__all__ = ["IsolatedRuleset", "WorkerError", "WorkerTimeout"]

DEFAULT_TIMEOUT = 5.0
DEFAULT_START_TIMEOUT = 60.0


class WorkerError(RuntimeError):
    """The worker process failed: it could not start, or died on the same call twice."""


class WorkerTimeout(WorkerError, TimeoutError):
    """The worker gave no answer in time; it has been stopped and will be replaced."""


def _serve(conn: Connection, definition: dict, name: str | None) -> None:
    """Worker loop: build the ruleset, then answer one fact set per message until the pipe closes."""
    try:
        ruleset = CompiledRuleset(definition, name)
    except Exception as error:  # reported to the parent, which raises it
        conn.send(("engine_error", f"{type(error).__name__}: {error}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            facts = conn.recv()
        except (EOFError, OSError):
            return
        if facts is None:
            return
        try:
            conn.send(("ok", ruleset.evaluate(facts)))
        except FactError as error:
            conn.send(("fact_error", str(error)))
        except Exception as error:  # reported to the parent, which raises it
            conn.send(("engine_error", f"{type(error).__name__}: {error}"))


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def _stop(process: multiprocessing.process.BaseProcess | None, conn: Connection | None) -> None:
    """Close the pipe and make sure the worker is gone."""
    if conn is not None:
        try:
            conn.send(None)
        except (OSError, ValueError):
            pass
        conn.close()
    if process is not None:
        process.join(1.0)
        if process.is_alive():
            process.kill()
            process.join(5.0)


class _Died(Exception):
    """The worker died (EOF or a broken pipe) while a call was in flight."""


class IsolatedRuleset:
    """The `CompiledRuleset` interface, with the ruleset living in a restartable worker process."""

    def __init__(
        self,
        definition: dict[str, dict],
        name: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        start_timeout: float = DEFAULT_START_TIMEOUT,
    ) -> None:
        _definition_parts(definition)  # raises EngineError here rather than in the worker
        self._definition = pickle.loads(pickle.dumps(definition))
        self.name = name
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.starts = 0
        self._context = _context()
        self._lock = threading.Lock()
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self._closed = False
        self._finalizer: weakref.finalize | None = None
        with self._lock:
            self._start()

    # ------------------------------------------------------------------ worker lifecycle

    @property
    def pid(self) -> int | None:
        """The worker's process id (None when no worker is running)."""
        return self._process.pid if self._process is not None else None

    @property
    def restarts(self) -> int:
        """How many times a worker was started to replace one that died or was stopped."""
        return max(self.starts - 1, 0)

    def _start(self) -> None:
        self.starts += 1
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(child, self._definition, self.name), name="tdnv-rules-worker", daemon=True
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._finalizer = weakref.finalize(self, _stop, process, parent)
        try:
            if not parent.poll(self.start_timeout):
                raise WorkerError(f"rule worker gave no sign of life within {self.start_timeout} s")
            status, detail = parent.recv()
        except (EOFError, OSError):
            self._discard()
            raise WorkerError(
                f"rule worker died while starting (exit code {process.exitcode}); a script that creates an "
                "IsolatedRuleset must do so under `if __name__ == '__main__':` (the worker imports the main module)"
            ) from None
        except WorkerError:
            self._discard()
            raise
        if status != "ready":
            self._discard()
            raise EngineError(f"rule worker could not build the ruleset: {detail}")

    def _discard(self) -> None:
        """Stop the current worker (whatever its state) and forget it."""
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(5.0)

    def close(self) -> None:
        """Stop the worker; later calls raise WorkerError. Safe to call twice."""
        with self._lock:
            self._closed = True
            if self._finalizer is not None:
                self._finalizer()
                self._finalizer = None
            self._process = self._conn = None

    def __enter__(self) -> IsolatedRuleset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ evaluation

    def _ask(self, payload: bytes) -> tuple[str, object]:
        conn = self._conn
        assert conn is not None
        try:
            conn.send_bytes(payload)
            answered = conn.poll(self.timeout)
        except (EOFError, OSError) as error:
            raise _Died(str(error)) from None
        if not answered:
            self._discard()
            raise WorkerTimeout(f"rule worker gave no answer within {self.timeout} s; it was stopped")
        try:
            return conn.recv()
        except (EOFError, OSError) as error:
            raise _Died(str(error)) from None

    def evaluate(self, facts: Mapping[str, str | int | float | bool]) -> frozenset[str]:
        """Return the codes of the rules whose condition holds on ``facts`` (empty when none)."""
        if not isinstance(facts, Mapping):
            raise FactError(f"facts: expected a mapping of name to value, got {type(facts).__name__}")
        try:
            payload = pickle.dumps(dict(facts), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:
            raise FactError(f"facts: cannot be sent to the rule worker: {error}") from None
        with self._lock:
            if self._closed:
                raise WorkerError("the isolated ruleset is closed")
            for attempt in (1, 2):
                if self._process is None:
                    self._start()
                try:
                    status, detail = self._ask(payload)
                except _Died:
                    exitcode = self._process.exitcode if self._process is not None else None
                    self._discard()
                    if attempt == 2:
                        raise WorkerError(
                            f"rule worker died twice on the same fact set (exit code {exitcode})"
                        ) from None
                    continue
                if status == "ok":
                    return detail
                if status == "fact_error":
                    raise FactError(detail)
                raise EngineError(f"rule worker: {detail}")
        raise WorkerError("unreachable")  # pragma: no cover

    def __repr__(self) -> str:
        return f"IsolatedRuleset({self.name!r}, pid={self.pid})"
