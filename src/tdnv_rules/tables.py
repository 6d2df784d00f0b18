"""Optional table back-ends: pandas is an extra, asked for only when a DataFrame is wanted."""

from __future__ import annotations

from typing import Any

__all__ = ["require_pandas"]


def require_pandas() -> Any:
    """Import pandas, or explain how to install it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "this needs pandas: pip install 'tdnv-rules[pandas]'"
        ) from None
    return pandas
