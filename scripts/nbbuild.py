"""Small helpers for writing chapter notebooks from Python (used by chapter drafting scripts).

A chapter is a list of cells made with :func:`md`, :func:`code`, :func:`figure` and the
exercise helpers, then written with :func:`write`. Outputs come later, from
``make execute``. Keeping the cell metadata conventions here (figure captions and alt
text, hidden solutions, tags) means every chapter applies them the same way.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def md(text: str):
    return new_markdown_cell(dedent(text).strip("\n"))


def code(src: str, tags: list[str] | None = None, hidden: bool = False):
    cell = new_code_cell(dedent(src).strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if hidden:  # a solution: code and output start collapsed in JupyterLab
        cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
    return cell


def figure(src: str, name: str, caption: str, alt: str, tags: list[str] | None = None):
    """A plotting cell whose figure gets a numbered caption, a label and alt text."""
    cell = code(src, tags=tags)
    cell.metadata["mystnb"] = {
        "figure": {"caption": caption, "name": name},
        "image": {"alt": alt},
    }
    return cell


def exercise(label: str, title: str, statement: str, stub: str, solution: str) -> list:
    """The gated exercise/solution pattern of DESIGN §5: five cells."""
    return [
        md(f"```{{exercise-start}} {title}\n:label: {label}\n```\n\n{dedent(statement).strip()}"),
        code(stub),
        md("```{exercise-end}\n```"),
        md(f"```{{solution-start}} {label}\n:class: dropdown\n```"),
        code(solution, hidden=True),
        md("```{solution-end}\n```"),
    ]


def explain_exercise(
    label: str, title: str, statement: str, solution_md: str, solution_code: str | None = None
) -> list:
    """An exercise answered in prose (and optionally checked by a code cell)."""
    cells = [
        md(f"```{{exercise}} {title}\n:label: {label}\n\n{dedent(statement).strip()}\n```"),
        md(
            f"```{{solution-start}} {label}\n:class: dropdown\n```\n\n{dedent(solution_md).strip()}"
        ),
    ]
    if solution_code:
        cells.append(code(solution_code, hidden=True))
    cells.append(md("```{solution-end}\n```"))
    return cells


def write(cells: list, path: str | Path) -> None:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, str(path))
