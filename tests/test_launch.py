"""Launching the chapters elsewhere: Binder's environment and the Colab install cell.

(The launch buttons in the built pages are checked by tests/test_book_browser.py.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]


binder = load_script("binder_requirements")
colab = load_script("colab_setup")


def test_binder_requirements_are_current():
    assert (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8") == binder.render(), (
        "binder/requirements.txt is out of date: run `make binder`"
    )


def test_binder_pins_are_the_tested_pins_and_install_the_package():
    root = set((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    lines = (ROOT / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line for line in lines if "==" in line]
    assert pins and all(line in root for line in pins)
    names = {binder.canonical(line.split("==")[0]) for line in pins}
    assert {"numpy", "matplotlib", "ipywidgets", "jupyterlab", "jupyterlab-myst"} <= names
    assert not names & {"pytest", "nbval", "jupyter-book", "playwright", "ruff"}
    assert lines[-1] == "-e ."


def test_binder_python_satisfies_the_package():
    runtime = (ROOT / "binder" / "runtime.txt").read_text(encoding="utf-8").strip()
    version = re.fullmatch(r"python-(3\.\d+)", runtime)
    assert version, f"binder/runtime.txt must read python-3.X, not {runtime!r}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    # repo2docker installs the newest patch release of 3.X, so a floor of 3.X.y is met.
    floor = re.fullmatch(r">=(3\.\d+)(\.\d+)?", project["requires-python"])
    assert floor, f"requires-python must read >=3.X[.Y], not {project['requires-python']!r}"
    assert tuple(map(int, floor[1].split("."))) <= tuple(map(int, version[1].split(".")))


def test_closure_follows_extras_and_markers():
    needed = binder.closure({"jupyter-events"})  # requires jsonschema[format-nongpl]
    assert {"jsonschema", "rfc3339-validator", "webcolors"} <= needed


def test_chapter_imports_skip_magics():
    assert {"numpy", "sys"} <= binder.chapter_imports()
    assert binder.distributions_for({"numpy", "sys", "nnbook"}) == {"numpy"}


# ------------------------------------------------------------------------------ Colab


def test_colab_cell_comes_from_the_config_and_is_idempotent():
    url, branch = colab.repository()
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert f"url: {url}" in config
    nb = new_notebook(cells=[new_markdown_cell("# Title"), new_code_cell("import numpy as np")])
    assert colab.ensure_colab_cell(nb, url, branch) is True
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]
    cell = nb.cells[1]
    assert colab.is_colab_cell(cell) and cell.metadata["tags"] == ["remove-cell", "nbval-skip"]
    assert f'"nnbook @ git+{url}@{branch}"' in cell.source
    assert 'if "google.colab" in sys.modules:' in cell.source
    assert colab.ensure_colab_cell(nb, url, branch) is False  # already right: unchanged
    assert colab.ensure_colab_cell(nb, "https://example.org/fork", "dev") is True  # moved
    assert "git+https://example.org/fork@dev" in nb.cells[1].source
    assert sum(colab.is_colab_cell(c) for c in nb.cells) == 1


def test_colab_cell_is_moved_back_before_the_first_code_cell():
    url, branch = colab.repository()
    nb = new_notebook(cells=[new_code_cell("import numpy as np"), new_markdown_cell("text")])
    nb.cells.append(new_code_cell(colab.colab_source(url, branch)))
    assert colab.ensure_colab_cell(nb, url, branch) is True
    assert colab.is_colab_cell(nb.cells[0]) and sum(map(colab.is_colab_cell, nb.cells)) == 1
