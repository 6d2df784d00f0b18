"""Write the pictures of docs/notebook.md, and optionally re-run the officer walkthrough.

    python scripts/make_notebook_images.py            # docs/img/*.png
    python scripts/make_notebook_images.py --execute  # also re-run examples/officer-walkthrough.ipynb

Charts are saved with ``Figure.savefig``. The HTML views (findings, summary, monthly table,
gate decision) are rendered to PNG by headless Chromium (``--chromium`` names the program;
``chromium`` by default) and cropped to their content with Pillow. All of it runs on the
bundled sample (``fixtures/sample/export.jsonl``) as of 31/05/2024. ``--execute`` runs the
notebook with nbclient in a kernel of this Python (a temporary kernel spec, nothing installed)
and saves it with its outputs.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import tdnv_rules as tr  # noqa: E402
from tdnv_rules.notebook_html import findings_html  # noqa: E402

SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
SEED_CASE = ROOT / "fixtures" / "seed-cases" / "246-UBND-CN.json"
NOTEBOOK = ROOT / "examples" / "officer-walkthrough.ipynb"
AS_OF = "2024-05-31"
UNIT = "Sở Tài nguyên và Môi trường"
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"DejaVu Sans",sans-serif;font-size:14px;margin:16px;background:#fff;color:#111}}</style>
</head><body>{body}</body></html>
"""


def chromium_png(
    page: str, target: Path, chromium: str, *, width: int = 1400, height: int = 900
) -> None:
    """Render an HTML page to ``target`` with headless Chromium, cropped to its content."""
    from PIL import Image, ImageChops

    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "page.html"
        source.write_text(page, encoding="utf-8")
        shot = Path(work) / "shot.png"
        profile = Path(work) / "profile"
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            source.as_uri(),
        ]
        subprocess.run(command, check=True, capture_output=True, timeout=120)
        image = Image.open(shot).convert("RGB")
        background = Image.new("RGB", image.size, (255, 255, 255))
        box = ImageChops.difference(image, background).getbbox()
        if box is not None:
            left, top, right, bottom = box
            image = image.crop(
                (
                    max(0, left - 12),
                    max(0, top - 12),
                    min(image.width, right + 12),
                    min(image.height, bottom + 12),
                )
            )
        image.save(target, optimize=True)


def write_images(out: Path, chromium: str | None) -> list[Path]:
    """Every chart and, when Chromium is there, every HTML view; returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    export = tr.load(SAMPLE)
    findings = tr.audit(export, as_of=AS_OF)
    monthly = tr.report.monthly(export, start="2019-01-01", end=AS_OF, as_of=AS_OF)
    backlog = tr.report.backlog(export, as_of=AS_OF)
    written: list[Path] = []
    charts = {
        "plot-on-time.png": monthly.plot(kind="on_time"),
        "plot-open.png": monthly.plot(kind="open"),
        "plot-backlog.png": backlog.plot(),
        "plot-findings-by-month.png": findings.plot(export),
        "plot-findings-by-code.png": findings.plot(kind="codes"),
    }
    for name, figure in charts.items():
        figure.savefig(out / name, dpi=90)
        written.append(out / name)
    if chromium is None:
        print("chromium not found: the HTML views were not rendered", file=sys.stderr)
        return written
    task = tr.load(SEED_CASE).tasks[0]
    decision = tr.check_closure(task, at="2024-02-26 08:30")
    views = {
        "html-findings.png": (
            findings_html(findings.filter(unit=UNIT, severity="warn"), max_rows=12),
            1400,
        ),
        "html-summary.png": (findings.summary()._repr_html_(), 1100),
        "html-monthly.png": (monthly._repr_html_(), 1400),
        "html-decision.png": (decision._repr_html_(), 1000),
    }
    for name, (body, width) in views.items():
        page = PAGE.format(lang="vi", title=html.escape(name), body=body)
        chromium_png(page, out / name, chromium, width=width, height=1700)
        written.append(out / name)
    return written


def execute_notebook(path: Path, timeout: int = 300) -> None:
    """Run a notebook in a kernel of this Python and save it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as spec_root:
        spec = Path(spec_root) / "kernels" / "tdnv-rules-python"
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(
            json.dumps(
                {
                    "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "Python 3",
                    "language": "python",
                }
            ),
            encoding="utf-8",
        )
        previous = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [spec_root, previous]))
        try:
            NotebookClient(
                notebook,
                kernel_name="tdnv-rules-python",
                timeout=timeout,
                resources={"metadata": {"path": str(path.parent)}},
            ).execute()
        finally:
            if previous is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = previous
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    parser.add_argument(
        "--execute",
        action="store_true",
        help="also re-run examples/officer-walkthrough.ipynb and save its outputs",
    )
    args = parser.parse_args(argv)
    chromium = shutil.which(args.chromium)
    for path in write_images(args.out, chromium):
        print(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
            f"{path.stat().st_size:,} bytes"
        )
    if args.execute:
        execute_notebook(NOTEBOOK)
        print(f"{NOTEBOOK.relative_to(ROOT)}: {NOTEBOOK.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
