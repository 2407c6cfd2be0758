"""The walkthrough notebook runs from top to bottom on the bundled roster."""

from __future__ import annotations

import os

import pytest

from conftest import REPO

NOTEBOOK = REPO / "examples" / "notebooks" / "walkthrough.ipynb"


@pytest.mark.notebook
def test_walkthrough_notebook_executes(monkeypatch: pytest.MonkeyPatch) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    pytest.importorskip("matplotlib")
    # Jupyter's own path migration notice is not ours to fix.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    # The kernel starts in the notebook's folder: a relative PYTHONPATH (PYTHONPATH=build/python)
    # would point somewhere else there and import no fundrules, or another one.
    search = os.environ.get("PYTHONPATH")
    if search:
        absolute = [os.path.abspath(entry) for entry in search.split(os.pathsep)]
        monkeypatch.setenv("PYTHONPATH", os.pathsep.join(absolute))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("fundrules report" in o["data"]["text/html"] for o in html)
    # The report shows the ruleset's declared summary, and the notebook displays its frame.
    assert any("按对象类别汇总" in o["data"]["text/html"] for o in html)
    assert any("registered_hardship" in o["data"]["text/html"] and "households" in
               o["data"]["text/html"] for o in html)
    assert any("image/png" in o.get("data", {}) for o in outputs), "the chart was not drawn"
    # The statistics form is filled from the list and its identities are checked.
    assert any("2C = 2D + 2E + 2F" in o["data"]["text/html"] and "相差 1 户" in
               o["data"]["text/html"] for o in html)
