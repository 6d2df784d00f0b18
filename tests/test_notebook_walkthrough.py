"""The officer walkthrough notebook runs headless, end to end, without a cell error."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "officer-walkthrough.ipynb"
KERNEL = "tdnv-rules-test-python"
MAX_BYTES = 1_500_000


@pytest.fixture
def kernel_of_this_python(tmp_path, monkeypatch) -> str:
    """A kernel spec, in a temporary JUPYTER_PATH, that runs this very interpreter."""
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "tdnv-rules tests",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(
        "JUPYTER_PATH",
        os.pathsep.join(filter(None, [str(tmp_path / "jupyter"), os.environ.get("JUPYTER_PATH")])),
    )
    # the kernel imports the package from this checkout even when it is not installed
    monkeypatch.setenv(
        "PYTHONPATH",
        os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    )
    return KERNEL


@pytest.mark.slow
def test_walkthrough_runs_without_errors(kernel_of_this_python):
    """Every cell of examples/officer-walkthrough.ipynb runs; charts and tables are shown."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=kernel_of_this_python,
        timeout=120,
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [
        output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    ]
    assert [] == [output for output in outputs if output.output_type == "error"]
    kinds = [kind for output in outputs for kind in output.get("data", {})]
    assert 4 == kinds.count("image/png")
    html = "".join(output["data"].get("text/html", "") for output in outputs if "data" in output)
    for expected in ("tdnv-findings", "tdnv-summary", "tdnv-decision", "tdnv-report"):
        assert expected in html


def test_saved_notebook_has_outputs_and_stays_small():
    """The committed notebook is saved executed, without errors, and under 1.5 MB."""
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code)
    assert [] == [o for cell in code for o in cell.outputs if o.output_type == "error"]
    assert NOTEBOOK.stat().st_size < MAX_BYTES
