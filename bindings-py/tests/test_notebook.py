"""The example notebook runs top to bottom and produces a table and a chart."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO

NOTEBOOK = REPO / "examples" / "python" / "quickstart.ipynb"


def test_quickstart_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The kernel must pick its own (inline) backend, not the tests' Agg.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    errors = [o for o in outputs if o.get("output_type") == "error"]
    assert not errors, errors
    data = [o.get("data", {}) for o in outputs]
    assert any("image/png" in d for d in data), "no chart"
    assert any("<table" in d.get("text/html", "") for d in data), "no HTML table"
    assert sum("image/png" in d for d in data) >= 2
