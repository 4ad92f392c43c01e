"""Structural checks of every chapter notebook: the conventions the book, nbval and the
learner's JupyterLab rely on (CONTRIBUTING.md). nbval itself re-runs the notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def _cells(path: Path):
    return nbformat.read(path, as_version=4).cells


def test_there_are_chapters():
    assert NOTEBOOKS, "no notebooks in chapters/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_listed_in_the_table_of_contents(path):
    toc = (ROOT / "_toc.yml").read_text()
    assert f"chapters/{path.stem}" in toc


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_in_order_without_errors_or_stderr(path):
    code = [c for c in _cells(path) if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "run `make execute`: counts must be 1..n"
    for c in code:
        for out in c.outputs:
            assert out.output_type != "error", f"a cell raised: {c.source[:60]!r}"
            assert not (out.output_type == "stream" and out.name == "stderr"), (
                f"stderr output (print warnings deterministically instead): {c.source[:60]!r}"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_caption_name_and_alt_text(path):
    for c in _cells(path):
        if c.cell_type != "code":
            continue
        if any("image/png" in getattr(o, "data", {}) for o in c.outputs):
            meta = c.metadata.get("mystnb", {})
            assert meta.get("figure", {}).get("caption"), f"no caption: {c.source[:60]!r}"
            assert meta.get("figure", {}).get("name"), f"no figure name: {c.source[:60]!r}"
            assert meta.get("image", {}).get("alt"), f"no alt text: {c.source[:60]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_start_collapsed_and_exercises_are_balanced(path):
    cells = _cells(path)
    inside = False
    starts = ends = 0
    for c in cells:
        if c.cell_type == "markdown":
            starts += c.source.count("{solution-start}")
            ends += c.source.count("{solution-end}")
            inside = inside or "{solution-start}" in c.source
            inside = inside and "{solution-end}" not in c.source
        elif inside:
            hidden = c.metadata.get("jupyter", {})
            assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), c.source[:60]
    assert starts == ends
    text = "".join(c.source for c in cells if c.cell_type == "markdown")
    assert text.count("{exercise-start}") == text.count("{exercise-end}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_say_why_and_widgets_stay_out_of_the_book(path):
    for c in _cells(path):
        if c.cell_type != "code":
            continue
        tags = c.metadata.get("tags", [])
        assert not re.search(r"sys\.path\.(append|insert)", c.source), "import the package instead"
        if "nbval-ignore-output" in tags:
            assert c.source.lstrip().startswith("# nbval-ignore-output:"), (
                f"say why the output is ignored in a first-line comment: {c.source[:60]!r}"
            )
        if any(WIDGET_MIME in getattr(o, "data", {}) for o in c.outputs):
            assert "remove-output" in tags, "a live widget in the static book would be dead"
            assert "nbval-ignore-output" in tags


def _colab_setup():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "colab_setup", ROOT / "scripts" / "colab_setup.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_installs_the_package_on_colab(path):
    colab = _colab_setup()
    url, branch = colab.repository()
    first = next(c for c in _cells(path) if c.cell_type == "code")
    fix = f"run `python scripts/colab_setup.py {path.relative_to(ROOT)}` (make execute does it)"
    assert colab.is_colab_cell(first), f"no Colab install cell before the first code cell: {fix}"
    assert first.source == colab.colab_source(url, branch), f"Colab cell out of date: {fix}"
    assert first.metadata.get("tags") == colab.TAGS, "tag it remove-cell and nbval-skip"


def _code_cells_everywhere():
    return [c for path in NOTEBOOKS for c in _cells(path) if c.cell_type == "code"]


def test_declared_tolerances_are_valid_and_rare():
    """A tolerance is the exception (CONTRIBUTING.md): at most 10% of code cells, each valid
    and with a reason; ignored or skipped cells stay at most 10% too."""
    from tests.nbval_tolerance import Tolerance

    code = _code_cells_everywhere()
    tolerant = [c for c in code if "tolerance" in c.metadata]
    for c in tolerant:
        assert Tolerance.from_metadata(c.metadata, c.source[:40]) is not None
        tags = c.metadata.get("tags", [])
        assert "nbval-ignore-output" not in tags, "a tolerance on an ignored cell means nothing"
    assert len(tolerant) <= 0.10 * len(code), f"{len(tolerant)} of {len(code)} code cells"
    unchecked = [
        c for c in code if {"nbval-ignore-output", "nbval-skip"} & set(c.metadata.get("tags", []))
    ]
    assert len(unchecked) <= 0.10 * len(code), f"{len(unchecked)} of {len(code)} code cells"
