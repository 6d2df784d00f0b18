"""A progress line on a terminal for long runs (nothing when output is not a terminal)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["Progress"]


class Progress:
    """Counts tasks and redraws one line on stderr at most every half second."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.count = 0
        self.findings = 0
        self._start = time.monotonic()
        self._shown = 0.0

    def step(self, findings: int = 0) -> None:
        """One more task checked, with this many findings."""
        self.count += 1
        self.findings += findings
        if self.enabled and self.count % 256 == 0:
            now = time.monotonic()
            if now - self._shown >= 0.5:
                self._shown = now
                self._draw(now)

    def _draw(self, now: float) -> None:
        rate = self.count / max(now - self._start, 1e-9)
        self.stream.write(
            f"\r  {self.count:,} tasks checked, {self.findings:,} findings ({rate:,.0f} tasks/s)"
        )
        self.stream.flush()

    def close(self) -> None:
        """Finish the line."""
        if self.enabled and self.count >= 256:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()
