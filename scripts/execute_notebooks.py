"""Re-run notebooks in place, storing their outputs and widget state (``make execute``).

The kernel is the interpreter running this script (the project's .venv), never whatever
``python3`` kernelspec happens to be installed elsewhere. Timing metadata is not recorded,
so a re-run that changes nothing leaves the file unchanged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient


class CurrentEnvSpecs(KernelSpecManager):
    """Every kernel name resolves to an IPython kernel in this interpreter."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name="Python 3 (ipykernel)",
            language="python",
        )


def collapse_solutions(nb) -> None:
    """Start every code cell inside a solution-start … solution-end block collapsed (code and
    output) in JupyterLab, so a learner sees the solution only when asking for it."""
    inside = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if "{solution-start}" in cell.source:
                inside = True
            if "{solution-end}" in cell.source:
                inside = False
        elif inside:
            cell.metadata.setdefault("jupyter", {}).update(source_hidden=True, outputs_hidden=True)


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    collapse_solutions(nb)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=CurrentEnvSpecs())
    client = NotebookClient(
        nb,
        km=km,
        timeout=600,
        record_timing=False,
        store_widget_state=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nbformat.write(nb, path)
    print(f"executed {path} in {time.perf_counter() - start:.1f} s")


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: execute_notebooks.py NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    for name in argv:
        execute(Path(name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
