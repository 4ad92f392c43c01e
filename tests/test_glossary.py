"""The glossary (chapters/glossary.md) and the links between it and the chapters.

- every entry has an English term, a Korean term, and a link to where it is introduced,
  and that section (or chapter) really is about the term;
- every chapter links each term on its first use (scripts/glossary_links.py);
- every glossary term is used by some chapter;
- the linker itself: what counts as running text, longest match, plurals, idempotence.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
LABEL = re.compile(r"^\(([\w:-]+)\)=\s*$", re.MULTILINE)


def _load_linker():
    spec = importlib.util.spec_from_file_location(
        "glossary_links", ROOT / "scripts" / "glossary_links.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


gl = _load_linker()
ENTRIES = gl.read_glossary()


def _markdown(path: Path) -> str:
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


def _sections() -> dict[str, tuple[str, str]]:
    """label -> (chapter stem, markdown text from the label to the next label)."""
    out = {}
    for path in CHAPTERS:
        text = _markdown(path)
        marks = list(LABEL.finditer(text))
        for m, nxt in zip(marks, [*marks[1:], None], strict=True):
            out[m.group(1)] = (path.stem, text[m.end() : nxt.start() if nxt else len(text)])
    return out


SECTIONS = _sections()


def _mentions(entry, text: str) -> bool:
    """Does ``text`` (headings and term links included) use the entry's term?"""
    text = re.sub(r"\{term\}`([^`<]*?)\s*(<[^`>]*>)?`", r"\1", text)
    pattern, _ = gl._pattern([entry])
    return bool(pattern.search(text))


def test_the_glossary_is_substantial_and_sorted_by_sphinx():
    assert len(ENTRIES) >= 50
    assert ":sorted:" in (ROOT / "chapters" / "glossary.md").read_text()
    terms = [e.term.lower() for e in ENTRIES]
    assert len(terms) == len(set(terms)), "a term is listed twice"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.term)
def test_every_entry_has_a_korean_term(entry):
    assert gl.HANGUL.search(entry.korean), f"{entry.term!r} has no Korean term beside it"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.term)
def test_every_entry_links_to_where_the_term_is_introduced(entry):
    assert entry.links, f"{entry.term!r}: no {{ref}} or {{doc}} link to where it is introduced"
    kind, target = entry.links[0]
    if kind == "ref":
        assert target in SECTIONS, f"{entry.term!r} links to label {target!r}, which no chapter has"
        chapter, text = SECTIONS[target]
        where = f"section {target!r} of {chapter}"
    else:
        path = ROOT / "chapters" / f"{target}.ipynb"
        assert path.exists(), f"{entry.term!r} links to chapter {target!r}, which does not exist"
        text, where = _markdown(path), f"chapter {target}"
    assert _mentions(entry, text), f"{entry.term!r} is not used in {where}, where it points"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapters_link_each_term_on_first_use(path):
    problems = gl.check(path, ENTRIES)
    fix = "run `make format` (scripts/glossary_links.py --fix)"
    assert not problems, f"{fix}:\n" + "\n".join(problems)


def test_every_term_is_linked_from_some_chapter():
    linked = set()
    for path in CHAPTERS:
        cells = nbformat.read(path, as_version=4).cells
        linked |= {u.term for u in gl.uses(cells, ENTRIES) if u.linked}
    unused = sorted(e.term for e in ENTRIES if e.term not in linked)
    assert not unused, f"glossary terms no chapter uses: {unused}"


# ------------------------------------------------------------------ the linker itself


def _nb(*sources: str):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(s) for s in sources]
    return nb


def _linked_terms(nb):
    return [(u.term, u.linked) for u in gl.uses(nb.cells, ENTRIES)]


def test_code_math_headings_links_and_directive_lines_are_not_running_text():
    nb = _nb(
        "## The sigmoid\n(sec-x)=\n`sigmoid(x)` and $\\operatorname{sigmoid}$ and [sigmoid](a.md)\n"
        "```python\nsigmoid = 1\n```\n$$\n\\text{sigmoid}\n$$\n"
        "```{admonition} The sigmoid\n:class: sigmoid\n```\n<span title='sigmoid'>x</span>"
    )
    assert _linked_terms(nb) == []


def test_longest_match_plurals_case_and_line_wrapping():
    nb = _nb("Leaky ReLUs and the\nperceptron convergence\ntheorem, then ReLU.")
    assert _linked_terms(nb) == [
        ("leaky ReLU", False),
        ("perceptron convergence theorem", False),
        ("ReLU", False),
    ]


def test_directive_bodies_are_running_text_and_term_roles_count_as_links():
    nb = _nb("```{note}\nA {term}`softmax` and a softmax.\n```")
    assert _linked_terms(nb) == [("softmax", True), ("softmax", False)]


def test_fix_links_only_first_uses_and_is_idempotent(tmp_path):
    path = tmp_path / "ch.ipynb"
    nbformat.write(_nb("Two biases and a\nlearning rule.", "A bias, `bias` and ReLU."), path)
    assert gl.check(path, ENTRIES)
    assert gl.fix(path, ENTRIES) == 3
    cells = nbformat.read(path, as_version=4).cells
    assert cells[0].source == (
        "Two {term}`biases <bias>` and a\n{term}`learning rule <perceptron learning rule>`."
    )
    assert cells[1].source == "A bias, `bias` and {term}`ReLU`."
    assert gl.check(path, ENTRIES) == []
    assert gl.fix(path, ENTRIES) == 0


def test_a_link_to_an_unknown_term_is_reported(tmp_path):
    path = tmp_path / "ch.ipynb"
    nbformat.write(_nb("A {term}`flux capacitor`."), path)
    assert gl.check(path, ENTRIES) == [
        "ch.ipynb: {term} link to 'flux capacitor', not in the glossary"
    ]
