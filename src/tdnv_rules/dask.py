"""The audit of a JSON Lines dataset partitioned across files, on a Dask cluster.

Install the ``dask`` extra (``pip install tdnv-rules[dask]``). Each file is one partition,
audited by one Dask task with the single-process audit's logic (the worker builds its own
rulebook from the configuration, once per process); the driver gathers the partitions in
the order the files are given and returns the same ``Findings`` as the single-process audit
of the files read one after the other:

* findings in file order, then line order;
* load errors name their own file and line;
* a task id already seen in an earlier file (or earlier in the same file) is a load error
  (``duplicate task id``), and the task is not counted, as in a single export.

Files that are not plain JSON Lines (gzip, JSON, XLSX) are read with the ordinary loader;
their duplicate-id errors then carry no line number.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .audit import _day
from .config import Config
from .findings import Finding, Findings
from .io import LoadError
from .parallel import _audit_range, _Checked, _RangeResult, _start_worker, plain_jsonl

__all__ = ["audit_dataset", "dataset_files"]

_state: dict[str, Any] = {}


def dataset_files(paths_or_glob: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files of a dataset: a glob pattern (sorted), one path, or paths in the order given."""
    if isinstance(paths_or_glob, (str, os.PathLike)):
        text = os.fspath(paths_or_glob)
        if glob.has_magic(text):
            return [Path(p) for p in sorted(glob.glob(text))]
        return [Path(text)]
    return [Path(p) for p in paths_or_glob]


def _prepared(config: Config, as_of: object) -> None:
    """Build this process's rulebook for these settings, once."""
    key = (config.model_dump_json(), repr(as_of))
    if _state.get("key") != key:
        _start_worker(config, as_of, "")
        _state["key"] = key


def _audit_partition(path: str, as_of: object, config: Config) -> _RangeResult:
    """Dask task: audit one file; tasks come back with their ids and lines for the driver."""
    _prepared(config, as_of)
    source = Path(path)
    if plain_jsonl(source):
        return _audit_range(path, 0, source.stat().st_size, file=str(source))
    from .audit import audit_stream
    from .io import iter_records
    from .parallel import _worker

    items: list[_Checked | LoadError] = []
    records = iter_records(source)
    for task, findings in audit_stream(
        records, _worker["day"], rulebook=_worker["rulebook"], context=_worker["context"],
        on_error=items.append, find_duplicates=False,
    ):
        items.append(_Checked(task.id, 0, 0, findings))
    return _RangeResult(items, 0, 0, False)


def audit_dataset(
    paths_or_glob: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    as_of: object = None,
    *,
    client: Any = None,
    config: Config | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    lang: str | None = None,
) -> Findings:
    """Audit every file of a dataset on Dask as of ``as_of`` (default: today).

    ``client`` is a ``distributed.Client``; without one, Dask's current scheduler is used
    (a client made current with ``with Client(...)`` included). ``select``, ``ignore`` and
    ``lang`` win over ``config``. Returns what ``audit`` returns for the files read in order.
    """
    import dask

    config = (config or Config()).narrowed(
        select=list(select) if select is not None else None,
        ignore=list(ignore) if ignore is not None else None,
        lang=lang,
    )
    day = _day(as_of)
    rulebook = config.rulebook()  # bad settings fail here, not on the cluster
    files = dataset_files(paths_or_glob)
    errors: list[Any] = []
    missing = [f for f in files if not f.exists()]
    for file in missing:
        errors.append(LoadError(file=str(file), message="cannot open: no such file or folder"))
    present = [f for f in files if f.exists()]
    partitions = [
        dask.delayed(_audit_partition, pure=False)(str(f), day, config) for f in present
    ]
    if client is not None:
        results = client.gather(client.compute(partitions))
    else:
        results = dask.compute(*partitions)
    found: list[Finding] = []
    first: dict[str, tuple[Path, int]] = {}
    checked = 0
    for file, result in zip(present, results):
        for item in result.items:
            if isinstance(item, LoadError):
                errors.append(item)
                continue
            if item.task in first:
                seen_in, seen_at = first[item.task]
                where = f"line {seen_at}" if seen_in == file else f"{seen_in} line {seen_at}"
                errors.append(LoadError(
                    file=str(file), line=item.line or None, index=item.index if item.line else None,
                    task=item.task, message=f"duplicate task id {item.task!r} (first at {where})",
                ))
                continue
            first[item.task] = (file, item.line)
            checked += 1
            found.extend(item.findings)
    return Findings(found, as_of=day, errors=errors, checked=checked, lang=rulebook.lang)
