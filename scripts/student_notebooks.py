"""Student copies of the chapter notebooks: exercises and stubs kept, solutions removed.

``make student`` writes them to ``student/`` (generated, not committed); the book build
(``scripts/book_extension.py``) writes the same copies next to the HTML, in
``_build/html/student/``, and links each chapter page to its copy, so they can be
downloaded from the book, offline too.

What is removed: every solution, gated (``solution-start`` … ``solution-end``, with the code
cells between them) or not (a ``{solution}`` directive), in backtick or colon fences. Each is
replaced by a one-line note saying that the solution is in the book. What is kept: every
other cell, the exercise statements and the stub cells with their checker calls. All
outputs, execution counts and stored widget state are cleared, so a learner starts fresh.

Usage: ``python scripts/student_notebooks.py [--out student] chapters/*.ipynb``
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

SOLUTION_NOTE = (
    "*Solution: not in this student copy. It is in the book, folded under this exercise; "
    "try the exercise first.*"
)

_OPEN = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[a-z-]+)\}")


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes a directive opened with ``fence`` (same character, at least
    as long, nothing else on the line)."""
    stripped = line.strip()
    return (
        len(stripped) >= len(fence)
        and set(stripped) == {fence[0]}
        and not _OPEN.match(line)  # an opening fence is never a closing one
    )


class _Remover:
    """A line-level state machine that runs across the cells of one notebook."""

    def __init__(self) -> None:
        self.state = "outside"  # outside | solution | gated | gated-start | gated-end
        self.fence = ""
        self.removed = 0

    @property
    def inside(self) -> bool:
        return self.state != "outside"

    def markdown(self, text: str) -> str:
        kept: list[str] = []
        for line in text.splitlines():
            match = _OPEN.match(line)
            if self.state == "outside":
                if match and match["name"] in ("solution", "solution-start"):
                    self.fence = match["fence"]
                    self.state = "solution" if match["name"] == "solution" else "gated-start"
                    self.removed += 1
                    kept.append(SOLUTION_NOTE)
                else:
                    kept.append(line)
            elif self.state in ("solution", "gated-start", "gated-end"):
                if _closes(line, self.fence):
                    self.state = {"solution": "outside", "gated-start": "gated"}.get(
                        self.state, "outside"
                    )
            elif self.state == "gated" and match and match["name"] == "solution-end":
                self.fence = match["fence"]
                self.state = "gated-end"
        return "\n".join(kept).strip("\n")


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` with every solution removed and every output cleared.

    Raises
    ------
    ValueError
        If a solution is not closed (a ``solution-start`` without ``solution-end``), since
        the rest of the notebook would be removed with it.
    """
    out = copy.deepcopy(nb)
    remover = _Remover()
    cells = []
    for cell in out.cells:
        if cell.cell_type == "markdown":
            text = remover.markdown(cell.source)
            if text.strip():
                cell.source = text
                cells.append(cell)
        elif not remover.inside:
            if cell.cell_type == "code":
                cell.outputs = []
                cell.execution_count = None
                cell.metadata.pop("jupyter", None)  # nothing here starts collapsed
                cell.metadata.pop("execution", None)
            cells.append(cell)
    if remover.inside:
        raise ValueError("a solution is never closed: solution-start without solution-end")
    out.cells = cells
    out.metadata.pop("widgets", None)  # widget state of outputs that no longer exist
    return out


def write_student_copies(notebooks: list[Path], out_dir: Path) -> list[Path]:
    """Write the student copy of each notebook to ``out_dir/<name>.ipynb``."""
    names = [p.name for p in notebooks]
    if len(set(names)) != len(names):
        raise ValueError(f"two notebooks share a file name: {sorted(names)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        target = out_dir / path.name
        nbformat.write(student_version(nb), target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("student"))
    args = parser.parse_args(argv)
    for path in write_student_copies(args.notebooks, args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
