"""Give every chapter notebook the cell that installs the course package on Colab.

Colab opens a notebook straight from GitHub, without the repository around it, so
``import nnbook`` would fail there. The first code cell of every chapter therefore installs
the package from the repository, on Colab only (elsewhere it does nothing):

    # On Colab only: install this course's package (nnbook) from its repository.
    import sys

    if "google.colab" in sys.modules:
        %pip install --quiet "nnbook @ git+https://github.com/OWNER/REPO@BRANCH"

It is tagged ``remove-cell`` (the book does not show it) and ``nbval-skip`` (the tests do
not run it). The repository URL and branch come from one place, ``repository.url`` and
``repository.branch`` in ``_config.yml``. The script is idempotent: it inserts the cell
where it is missing and rewrites it where it is out of date (a changed URL), and leaves
notebooks that are already right untouched. ``make execute`` runs it before executing.

Usage: ``python scripts/colab_setup.py chapters/*.ipynb`` (``--check``: change nothing,
exit 1 if a notebook needs the cell added or updated).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import yaml
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# On Colab only: install this course's package (nnbook) from its repository."
TAGS = ["remove-cell", "nbval-skip"]
CELL_ID = "colab-install"


def repository(config: Path = ROOT / "_config.yml") -> tuple[str, str]:
    """The repository URL and branch from ``_config.yml`` (``repository.url``/``.branch``)."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    repo = data.get("repository") or {}
    url = str(repo.get("url", "")).rstrip("/")
    if not url.startswith("https://"):
        raise ValueError(f"{config}: repository.url must be an https URL, got {url!r}")
    return url, str(repo.get("branch") or "main")


def colab_source(url: str, branch: str) -> str:
    """The source of the Colab install cell for a repository URL and branch."""
    return (
        f"{MARKER}\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install --quiet "nnbook @ git+{url}@{branch}"'
    )


def is_colab_cell(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(MARKER)


def ensure_colab_cell(nb, url: str, branch: str) -> bool:
    """Put the Colab cell right before the first other code cell of ``nb``.

    Returns whether ``nb`` changed.
    """
    source = colab_source(url, branch)
    found = [i for i, c in enumerate(nb.cells) if is_colab_cell(c)]
    first_code = next(
        (i for i, c in enumerate(nb.cells) if c.cell_type == "code" and not is_colab_cell(c)),
        len(nb.cells),
    )
    if len(found) == 1 and found[0] == first_code - 1:
        cell = nb.cells[found[0]]
        if cell.source == source and cell.metadata.get("tags") == TAGS:
            return False
        cell.source = source
        cell.metadata["tags"] = list(TAGS)
        cell.outputs, cell.execution_count = [], None
        return True
    for i in reversed(found):  # duplicates or a misplaced cell: start again
        del nb.cells[i]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    cell = new_code_cell(source)
    cell.id = CELL_ID  # stable, so re-running the script never changes a notebook needlessly
    cell.metadata["tags"] = list(TAGS)
    nb.cells.insert(first_code, cell)
    return True


def main(argv: list[str]) -> int:
    check = "--check" in argv
    paths = [Path(a) for a in argv if a != "--check"]
    if not paths:
        print("usage: colab_setup.py [--check] NOTEBOOK.ipynb [...]", file=sys.stderr)
        return 2
    url, branch = repository()
    stale = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if ensure_colab_cell(nb, url, branch):
            stale.append(path)
            if not check:
                nbformat.write(nb, path)
                print(f"{path}: Colab install cell added or updated (re-execute it)")
    if check and stale:
        print("missing or outdated Colab cell: " + ", ".join(map(str, stale)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
