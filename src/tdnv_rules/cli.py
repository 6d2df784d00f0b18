"""The ``tdnv-rules`` command: argument parsing only; every verb calls the public API.

Exit codes — ``check``: 0 clean, 1 findings at or above ``--fail-on`` (or unreadable records);
``gate``: 0 allow, 1 warn, 2 block; every verb: 3 when the command itself cannot run (a
missing file, a bad option).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from .audit import audit_stream
from .baseline import fingerprint, load_baseline, write_baseline
from .config import load_config
from .facts import FactContext
from .finding_formats import FINDING_FORMATS, finding_line, render_findings
from .findings import Findings, severity_rank

__all__ = ["main"]

USAGE_ERROR = 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _codes(text: str | None) -> list[str] | None:
    return [c.strip().upper() for c in text.split(",") if c.strip()] if text else None


def _open_output(path: str | None, binary: bool = False) -> Any:
    if path in (None, "-"):
        return sys.stdout.buffer if binary else sys.stdout
    return open(path, "wb" if binary else "w", encoding=None if binary else "utf-8")


def _check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    config = config.narrowed(
        select=_codes(args.select),
        ignore=[*config.ignore, *_codes(args.ignore)] if args.ignore else None,
        lang=args.lang,
    )
    rulebook = config.rulebook()
    context = FactContext(registry=config.unit_registry())
    known = load_baseline(args.baseline) if args.baseline else frozenset()
    floor = severity_rank(args.fail_on)
    from .progress import Progress

    progress = Progress(enabled=False if args.no_progress else None)
    errors: list[Any] = []
    kept: list[Any] = []
    failing = 0
    stream_out = args.format == "jsonl" and not args.write_baseline
    out = _open_output(args.output) if stream_out else None

    if args.jobs and args.jobs > 1:
        from .parallel import audit_file

        items = audit_file(args.export, args.as_of, jobs=args.jobs, config=config,
                           on_error=errors.append)
    else:
        from .io import iter_records

        items = audit_stream(iter_records(args.export), args.as_of, rulebook=rulebook,
                             context=context, on_error=errors.append, find_duplicates=False)
    for _, findings in items:
        progress.step(len(findings))
        for finding in findings:
            if known and fingerprint(finding) in known:
                continue
            if severity_rank(finding.severity) >= floor:
                failing += 1
            if out is not None:
                out.write(finding_line(finding) + "\n")
            else:
                kept.append(finding)
    progress.close()
    from .audit import _day

    result = Findings(kept, as_of=_day(args.as_of), errors=errors, checked=progress.count,
                      lang=rulebook.lang)
    if args.write_baseline:
        count = write_baseline(kept, args.write_baseline)
        print(f"baseline: {count} findings recorded in {args.write_baseline}", file=sys.stderr)
        return 0
    if out is None:
        handle = _open_output(args.output)
        handle.write(render_findings(result, args.format))
        if handle is not sys.stdout:
            handle.close()
    else:
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        if out is not sys.stdout:
            out.close()
    if args.output not in (None, "-") or args.format != "text":
        print(f"{progress.findings} findings in {progress.count} tasks; "
              f"{len(errors)} unreadable records", file=sys.stderr)
    if args.exit_zero:
        return 0
    return 1 if failing or errors else 0


def _gate(args: argparse.Namespace) -> int:
    from .gate import check_export_task

    config = load_config(args.config)
    rulebook = config.rulebook(**({"lang": args.lang} if args.lang else {}))
    decision = check_export_task(args.export, args.task, args.at, base_dir=args.base_dir,
                                 rulebook=rulebook)
    if args.format == "json":
        print(json.dumps(decision.to_dict(), ensure_ascii=False, indent=2))
    else:
        label = {"allow": "CHO PHÉP", "warn": "CẢNH BÁO", "block": "CHẶN"}[decision.decision]
        if rulebook.lang == "en":
            label = decision.decision.upper()
        print(f"{decision.task} @ {decision.at.isoformat()}: {label}")
        for f in decision.findings:
            print(f"  {f.code} [{f.severity}] {f.msg}")
    return {"allow": 0, "warn": 1, "block": 2}[decision.decision]


def _report(args: argparse.Namespace) -> int:
    from . import report
    from .io import load
    from .model import TaskCore

    config = load_config(args.config)
    registry = None
    if args.registry:
        from .units import Registry

        registry = Registry.load(args.registry)
    elif config.registry:
        registry = config.unit_registry()
    loaded = load(args.export, model=TaskCore)  # the reports read no documents
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    lang = args.lang or config.lang
    if args.kind == "monthly":
        table = report.monthly(loaded.tasks, start=args.date_from, end=args.date_to,
                               as_of=args.as_of, registry=registry, lang=lang)
        for name in getattr(table, "unresolved", ()):
            print(f"note: unit not in the registry: {name}", file=sys.stderr)
    elif args.kind == "backlog":
        table = report.backlog(loaded.tasks, as_of=args.as_of, registry=registry, lang=lang)
    else:
        table = report.due(loaded.tasks, as_of=args.as_of, within=args.within,
                           registry=registry, lang=lang)
    report.write(table, args.format, args.output)
    return 0


def _rules(args: argparse.Namespace) -> int:
    from .engine.catalog import default_catalog

    catalog = default_catalog()
    chosen = [r for r in catalog if not args.code or r.code == args.code.upper()]
    if not chosen:
        print(f"no rule {args.code}", file=sys.stderr)
        return USAGE_ERROR
    if args.format == "json":
        print(json.dumps([r.model_dump(exclude={"examples", "path"}) for r in chosen],
                         ensure_ascii=False, indent=2, default=str))
        return 0
    for rule in chosen:
        title = rule.title.vi if (args.lang or "vi") == "vi" else rule.title.en
        print(f"{rule.code}  {rule.severity:<5}  {rule.name}: {title}")
        if args.code:
            print(f"\n  {rule.summary}\n  why: {rule.why.strip()}\n  fix: {rule.fix.strip()}")
            print(f"  message: {rule.message.vi}")
            if rule.params:
                print(f"  params: {rule.params}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tdnv-rules", description=__doc__.splitlines()[0])
    parser.add_argument("--config", help="a tdnv-rules.toml or pyproject.toml to read")
    parser.add_argument("--lang", choices=("vi", "en"), help="language of messages")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=_Parser)

    check = verbs.add_parser("check", help="audit an export; exit 1 on findings")
    check.add_argument("export", help="JSON, JSONL(.gz), XLSX, or a folder of CSV files")
    check.add_argument("--as-of", help="the audit's day (default: today)")
    check.add_argument("--select", help="comma-separated code prefixes to run, e.g. G,A002")
    check.add_argument("--ignore", help="comma-separated code prefixes to leave out")
    check.add_argument("--fail-on", choices=("block", "warn", "info"), default="warn")
    check.add_argument("--format", choices=FINDING_FORMATS, default="text")
    check.add_argument("-o", "--output", help="write here instead of stdout")
    check.add_argument("--baseline", help="leave out findings recorded in this file")
    check.add_argument("--write-baseline", metavar="FILE", help="record the findings and exit 0")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--jobs", type=int, default=1, help="worker processes (JSONL exports)")
    check.add_argument("--no-progress", action="store_true", help="no progress line")
    check.set_defaults(run=_check)

    gate = verbs.add_parser("gate", help="may this task be closed at this moment?")
    gate.add_argument("export")
    gate.add_argument("--task", required=True, help="the task's id")
    gate.add_argument("--at", help="the moment of the closure (default: now)")
    gate.add_argument("--base-dir", help="folder of attachments (default: the export's)")
    gate.add_argument("--format", choices=("text", "json"), default="text")
    gate.set_defaults(run=_gate)

    rep = verbs.add_parser("report", help="monthly table, backlog, due-soon list")
    rep.add_argument("kind", choices=("monthly", "backlog", "due"))
    rep.add_argument("export")
    rep.add_argument("--from", dest="date_from", help="first signing day counted (monthly)")
    rep.add_argument("--to", dest="date_to", help="last signing day counted (monthly)")
    rep.add_argument("--as-of", required=True, help="the day the state is taken at")
    rep.add_argument("--within", type=int, default=7, help="days ahead (due)")
    rep.add_argument("--registry", help="unit registry YAML (default: the bundled one)")
    rep.add_argument("--format", choices=("csv", "json", "md", "html", "xlsx"), default="md")
    rep.add_argument("-o", "--output", help="write here instead of stdout")
    rep.set_defaults(run=_report)

    rules = verbs.add_parser("rules", help="list the rules, or explain one")
    rules.add_argument("code", nargs="?")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.set_defaults(run=_rules)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "kind", None) == "monthly" and not (args.date_from and args.date_to):
        parser.error("report monthly needs --from and --to")
    try:
        return args.run(args)
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except (OSError, ValueError, LookupError) as error:
        print(f"tdnv-rules: {error}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
