"""Link each glossary term to chapters/glossary.md the first time a chapter uses it.

    python scripts/glossary_links.py chapters/*.ipynb         # report unlinked first uses
    python scripts/glossary_links.py --fix chapters/*.ipynb   # link them (make format does)

The glossary (chapters/glossary.md, a Sphinx ``glossary`` directive) is the single list of
terms. A term "is used" where its English name, its plural or one of its ALIASES appears in
the running text of a markdown cell, matched case-insensitively as whole words, the longest
match winning ("leaky ReLU" before "ReLU"). Code, math, headings, directive lines, links and
other roles are not running text. The first use of each term in each chapter must be a
``{term}`` role; later uses stay plain. tests/test_glossary.py runs the check.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "chapters" / "glossary.md"

#: Other surface forms of a term (plurals ending in -s/-es are matched anyway).
ALIASES: dict[str, list[str]] = {
    "automatic differentiation": ["autodiff"],
    "batch": ["mini-batch", "minibatch"],
    "batch normalisation": ["batch norm", "batch normalization", "BatchNorm"],
    "centred difference": ["central difference", "centred-difference"],
    "cross-entropy": ["cross entropy"],
    "dead unit": ["dead ReLU", "dying ReLU", "dead neuron"],
    "finite difference": ["forward difference"],
    "forward pass": ["forward propagation"],
    "gradient checking": ["gradient check"],
    "gradient descent": ["stochastic gradient descent", "SGD"],
    "He initialisation": ["He initialization"],
    "LeCun initialisation": ["LeCun initialization"],
    "log-sum-exp": ["logsumexp"],
    "loss": ["loss function"],
    "mean squared error": ["MSE"],
    "multilayer perceptron": ["multi-layer perceptron", "MLP"],
    "nonlinearity": ["nonlinearities", "nonlinear", "non-linear", "non-linearity"],
    "one-hot encoding": ["one-hot"],
    "overflow": ["overflowing", "overflowed"],
    "perceptron convergence theorem": ["convergence theorem"],
    "perceptron learning rule": ["learning rule"],
    "piecewise linear": ["piecewise-linear"],
    "pre-activation": ["preactivation"],
    "saturation": ["saturate", "saturated", "saturating"],
    "shift invariance": ["shift-invariant", "shift invariant"],
    "sigmoid": ["logistic sigmoid", "logistic function"],
    "SiLU": ["swish"],
    "subnormal number": ["subnormal"],
    "underflow": ["underflowing", "underflowed"],
    "universal approximation theorem": ["universal approximation"],
    "weight initialisation": ["initialisation", "initialization"],
    "Xavier initialisation": ["Xavier initialization", "Glorot initialisation", "Xavier"],
    "zero-centred": ["zero-centered"],
}

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# {ref}`label`, {ref}`text <label>` or {doc}`chapter`: where the term is introduced.
REF = re.compile(r"\{(ref|doc)\}`(?:[^`<]*<)?([^`>]+)>?`")
# Spans of a line that are not running text. A role first, since it contains backticks.
PROTECTED = re.compile(
    r"\{[a-z:-]+\}`[^`]*`"  # a role: {term}`...`, {cite}`...`, {ref}`...`
    r"|`+[^`]*`+"  # inline code
    r"|\$\$.*?\$\$|\$[^$]+\$"  # inline math
    r"|!?\[[^\]]*\]\([^)]*\)"  # a link or an image
    r"|<[^>]+>"  # HTML or an autolink
    r"|https?://\S+"
)
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<([^`>]+)>|([^`]+))`")
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})(.*)$")
SKIP_LINE = re.compile(r"^\s*(#|\([\w:-]+\)=\s*$|:[\w-]+:)")


@dataclass
class Entry:
    """One glossary entry: its English term, its Korean term, and the links in its definition
    as ``(kind, target)`` pairs, ``kind`` being ``"ref"`` (a section label) or ``"doc"`` (a
    chapter); the first link is where the term is introduced."""

    term: str
    korean: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def surfaces(self) -> list[str]:
        return [self.term, *ALIASES.get(self.term, [])]


def read_glossary(path: Path = GLOSSARY) -> list[Entry]:
    """The entries of the ``glossary`` directive in ``path``, in file order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("```{glossary}"))
    entries: list[Entry] = []
    in_terms = False
    for line in lines[start + 1 :]:
        if line.startswith("```"):
            break
        if not line.strip() or line.startswith(":"):
            in_terms = False
            continue
        if line[0].isspace():  # definition text
            in_terms = False
            if entries:
                entries[-1].links += [(m.group(1), m.group(2)) for m in REF.finditer(line)]
            continue
        if in_terms and HANGUL.search(line):
            entries[-1].korean = line.strip()
        else:
            entries.append(Entry(line.strip()))
            in_terms = True
    return entries


def _pattern(entries: list[Entry]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for e in entries:
        for s in e.surfaces:
            owner[_key(s)] = e.term
    alternatives = sorted(owner, key=len, reverse=True)  # longest first wins at a position
    body = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in alternatives)
    return re.compile(rf"(?<![\w-])({body})(?:s|es)?(?![\w-])", re.IGNORECASE), owner


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def _prose_blocks(source: str):
    """Yield (offset, text) for the runs of lines of a markdown cell that hold running text:
    not code, display math, headings, labels, directive lines or their options."""
    code = None  # the fence that opened a code block, if inside one
    math = False
    block_start = None
    offset = 0
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        fence = FENCE.match(line)
        prose = False
        if code is not None:
            if fence and fence.group(1)[0] == code[0] and len(fence.group(1)) >= len(code):
                code = None
        elif fence:
            info = fence.group(2).strip()
            directive = re.match(r"\{([\w:-]+)\}", info)
            if info and (not directive or directive.group(1) in {"code-cell", "code", "math"}):
                code = fence.group(1)  # a code block: skip to its closing fence
        elif stripped.startswith("$$"):
            if not (len(stripped) > 2 and stripped.endswith("$$")):
                math = not math
        elif not (math or SKIP_LINE.match(line) or stripped.startswith("<!--")):
            prose = bool(stripped)
        if prose and block_start is None:
            block_start = offset
        if not prose and block_start is not None:
            yield block_start, source[block_start:offset]
            block_start = None
        offset += len(line)
    if block_start is not None:
        yield block_start, source[block_start:]


@dataclass
class Use:
    cell: int
    start: int
    end: int
    term: str
    linked: bool


def uses(cells: list, entries: list[Entry]) -> list[Use]:
    """Every use of a glossary term in the running text of the markdown cells, in order.
    Positions are offsets into the cell's source; a term may be wrapped across lines."""
    pattern, owner = _pattern(entries)
    terms = {e.term.lower(): e.term for e in entries}
    found: list[Use] = []
    for ci, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        for offset, text in _prose_blocks(cell.source):
            pos = 0
            for span in [*PROTECTED.finditer(text), None]:
                stop = span.start() if span else len(text)
                for m in pattern.finditer(text, pos, stop):
                    term = owner[_key(m.group(1))]
                    found.append(Use(ci, offset + m.start(), offset + m.end(), term, False))
                if span is None:
                    break
                role = TERM_ROLE.fullmatch(span.group())
                if role:
                    target = _key(role.group(1) or role.group(2))
                    term = terms.get(target, target)
                    found.append(Use(ci, offset + span.start(), offset + span.end(), term, True))
                pos = span.end()
    return found


def first_uses(cells: list, entries: list[Entry]) -> dict[str, Use]:
    firsts: dict[str, Use] = {}
    for use in uses(cells, entries):
        firsts.setdefault(use.term, use)
    return firsts


def check(path: Path, entries: list[Entry] | None = None) -> list[str]:
    """Problems in one notebook: first uses not linked, links to terms that do not exist."""
    entries = read_glossary() if entries is None else entries
    cells = nbformat.read(path, as_version=4).cells
    known = {e.term for e in entries}
    problems = []
    for use in uses(cells, entries):
        if use.linked and use.term not in known:
            problems.append(f"{path.name}: {{term}} link to {use.term!r}, not in the glossary")
    for term, use in first_uses(cells, entries).items():
        if not use.linked:
            source = cells[use.cell].source
            context = " ".join(source[max(0, use.start - 30) : use.end + 30].split())
            problems.append(
                f"{path.name}, cell {use.cell}: first use of {term!r} is not linked: {context!r}"
            )
    return problems


def fix(path: Path, entries: list[Entry] | None = None) -> int:
    """Link the first use of each term in ``path``; returns how many links were added."""
    entries = read_glossary() if entries is None else entries
    nb = nbformat.read(path, as_version=4)
    todo = [u for u in first_uses(nb.cells, entries).values() if not u.linked]
    # Edit from the end, so the positions of earlier uses stay valid.
    for use in sorted(todo, key=lambda u: (u.cell, u.start), reverse=True):
        cell = nb.cells[use.cell]
        text = " ".join(cell.source[use.start : use.end].split())
        role = f"{{term}}`{text}`" if text == use.term else f"{{term}}`{text} <{use.term}>`"
        cell.source = cell.source[: use.start] + role + cell.source[use.end :]
    if todo:
        nbformat.write(nb, path)
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="link unlinked first uses")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    entries = read_glossary()
    status = 0
    for path in args.notebooks:
        if args.fix:
            n = fix(path, entries)
            if n:
                print(f"{path}: linked {n} glossary terms")
        for problem in check(path, entries):
            print(problem)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
