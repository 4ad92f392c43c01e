"""Student copies (``make student``, and the downloads in the built book): solutions gone,
stubs and checkers kept, outputs cleared, and the copy runs top to bottom with every stub
reported as unfinished by its checker."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))


student = load_script("student_notebooks")
execute_notebooks = load_script("execute_notebooks")


def _nb(*cells):
    nb = new_notebook(cells=list(cells))
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return nb


def _sources(nb) -> str:
    return "\n".join(c.source for c in nb.cells)


# ------------------------------------------------------------- student_version itself


def test_gated_solution_and_its_code_cells_go_stub_and_exercise_stay():
    stub = new_code_cell("def f(x):\n    raise NotImplementedError  # your code here\n\ncheck_f(f)")
    stub.outputs = [nbformat.v4.new_output("stream", name="stdout", text="… not implemented")]
    stub.execution_count = 3
    nb = _nb(
        new_markdown_cell("```{exercise-start} Write f\n:label: ex-f\n```\n\nWrite f."),
        stub,
        new_markdown_cell("```{exercise-end}\n```"),
        new_markdown_cell("```{solution-start} ex-f\n:class: dropdown\n```\n\nSECRET prose"),
        new_code_cell("def f(x):\n    return SECRET_CODE"),
        new_markdown_cell("more SECRET prose"),
        new_code_cell("check_f(f)  # SECRET"),
        new_markdown_cell("```{solution-end}\n```\n\n## Next section"),
    )
    out = student.student_version(nb)
    text = _sources(out)
    assert "SECRET" not in text and "solution-" not in text
    assert "{exercise-start} Write f" in text and "{exercise-end}" in text
    assert "raise NotImplementedError" in text and "## Next section" in text
    assert text.count(student.SOLUTION_NOTE) == 1
    code = [c for c in out.cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].outputs == [] and code[0].execution_count is None
    assert "widgets" not in out.metadata
    assert nb.cells[1].outputs, "the original notebook must not be modified"


@pytest.mark.parametrize("fence", ["```", ":::", "````"])
def test_plain_solution_directive_with_nested_code_goes(fence):
    inner = "```python\nx = SECRET\n```" if fence == "````" else "SECRET answer"
    nb = _nb(
        new_markdown_cell(
            f"Before.\n\n{fence}{{solution}} ex-1\n:class: dropdown\n\n{inner}\n{fence}\n\nAfter."
        )
    )
    text = _sources(student.student_version(nb))
    assert "SECRET" not in text and "{solution}" not in text
    assert text.startswith("Before.") and text.rstrip().endswith("After.")
    assert student.SOLUTION_NOTE in text


def test_unclosed_solution_is_an_error_not_a_silent_truncation():
    nb = _nb(new_markdown_cell("```{solution-start} ex-1\n```"), new_code_cell("answer = 42"))
    with pytest.raises(ValueError, match="solution-start without solution-end"):
        student.student_version(nb)


def test_command_line_writes_one_copy_per_chapter(tmp_path, capsys):
    assert student.main([*map(str, NOTEBOOKS), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [p.name for p in NOTEBOOKS]
    assert capsys.readouterr().out.count("wrote ") == len(NOTEBOOKS)


# ------------------------------------------------------- every chapter's student copy


def _solution_cells(nb):
    """(code sources, markdown lines) inside the solutions of ``nb``."""
    code, prose = [], []
    inside = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"\s*(`{3,}|:{3,})\{solution(-start)?\}", line):
                    inside = True
                elif re.match(r"\s*(`{3,}|:{3,})\{solution-end\}", line):
                    inside = False
                elif inside and len(line.strip()) > 30:
                    prose.append(line.strip())
        elif inside and cell.cell_type == "code":
            code.append(cell.source)
    return code, prose


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_solution_leaks_and_every_stub_is_kept(path):
    nb = nbformat.read(path, as_version=4)
    copy = student.student_version(nb)
    text = _sources(copy)
    assert not re.search(r"\{solution(-start|-end)?\}", text)
    solution_code, solution_prose = _solution_cells(nb)
    outside = {
        line.strip()
        for c in nb.cells
        if c.cell_type == "code" and c.source not in solution_code
        for line in c.source.splitlines()
    }
    student_lines = {line.strip() for line in text.splitlines()}
    for source in solution_code:
        # Lines the solution shares with the rest of the chapter (a checker call, an
        # import) may appear; anything else must not.
        leaked = [
            line.strip()
            for line in source.splitlines()
            if line.strip() and line.strip() not in outside and line.strip() in student_lines
        ]
        assert not leaked, f"solution code in the student copy: {leaked[:3]}"
    for line in solution_prose:
        assert line not in text, f"solution text in the student copy: {line[:60]!r}"
    kept = [c.source for c in copy.cells if c.cell_type == "code"]
    expected = [
        c.source for c in nb.cells if c.cell_type == "code" and c.source not in solution_code
    ]
    assert kept == expected, "every code cell outside the solutions (stubs included) stays"
    assert all(
        c.outputs == [] and c.execution_count is None for c in copy.cells if c.cell_type == "code"
    )
    n_solutions = len(re.findall(r"\{solution(-start)?\}", _sources(nb)))
    assert text.count(student.SOLUTION_NOTE) == n_solutions


def _stub_cells(nb):
    """Indices of the code cells between exercise-start and exercise-end."""
    inside, found = False, []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            inside = (inside or "{exercise-start}" in cell.source) and (
                "{exercise-end}" not in cell.source
            )
        elif inside:
            found.append(i)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_copy_runs_and_checkers_report_the_stubs(path, tmp_path):
    copy = student.student_version(nbformat.read(path, as_version=4))
    target = tmp_path / path.name  # a folder of its own: nothing from chapters/ around it
    nbformat.write(copy, target)
    km = execute_notebooks.KernelManager(
        kernel_name="python3", kernel_spec_manager=execute_notebooks.CurrentEnvSpecs()
    )
    client = NotebookClient(
        copy, km=km, timeout=120, resources={"metadata": {"path": str(tmp_path)}}
    )
    # cleanup_kc: shut the kernel down and close its sockets afterwards (nbclient does that
    # by default only for kernel managers it made itself).
    client.execute(cleanup_kc=True)  # raises CellExecutionError if any cell raises
    # (A page without coding exercises, such as back matter, has no stubs: it only has to run.)
    for i in _stub_cells(copy):
        cell = copy.cells[i]
        text = "".join(
            o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs
        )
        assert re.search(r"not implemented yet|not answered yet", text), (
            f"{path.name}: the stub {cell.source[:50]!r} did not report itself unfinished:\n"
            f"{text[:300]}"
        )
        assert "✓" not in text, f"{path.name}: a stub passed its checker: {cell.source[:50]!r}"
    errors = [
        o
        for c in copy.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors


def test_stub_detection_finds_chapter_one_stubs():
    """Keeps the stub checks above from passing vacuously: chapter 1 has three stubs."""
    copy = student.student_version(nbformat.read(ROOT / "chapters" / "01_perceptron.ipynb", 4))
    stubs = [copy.cells[i].source for i in _stub_cells(copy)]
    assert len(stubs) == 3
    assert sum("raise NotImplementedError" in s for s in stubs) == 2
