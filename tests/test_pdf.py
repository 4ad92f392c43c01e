"""The PDF edition (``make pdf``, ``scripts/build_pdf.py``), built once into a temporary
folder and read back: its outline (pypdf) and its text (poppler's ``pdftotext``, which also
extracts MathJax's glyphs).

Needs Chromium, ``pdftotext`` (Debian ``poppler-utils``) and a Korean font (Debian
``fonts-nanum``); without them the module is skipped with the reason, except under
``CI=true`` (``.ci/run`` installs all three), where that is a failure. Takes about 40 s,
most of it the two printings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
import yaml
from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
HANGUL = re.compile(r"[\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+)*")


build_pdf = load_script("build_pdf")


def _why_unavailable() -> str | None:
    if not build_pdf.CHROMIUM.is_file():
        return f"no Chromium at {build_pdf.CHROMIUM} (apt-get install chromium)"
    if shutil.which("pdftotext") is None:
        return "no pdftotext (apt-get install poppler-utils)"
    fonts = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    if not fonts.strip():
        return "no Korean font (apt-get install fonts-nanum)"
    return None


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    why = _why_unavailable()
    if why:
        if IN_CI:
            pytest.fail(f"the PDF cannot be built (CI=true): {why}", pytrace=False)
        pytest.skip(f"PDF tests skipped: {why}")
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    return build_pdf.build_pdf(out, build=True, copy_to_html=False)


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(s: str) -> str:
    """``s`` without whitespace, ligatures (ﬁ) spelled out."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def toc_sources() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    out = []
    for f in files:
        for suffix in (".ipynb", ".md"):
            if (ROOT / f).with_suffix(suffix).is_file():
                out.append((ROOT / f).with_suffix(suffix))
    assert len(out) == len(files)
    return out


def title_of(path: Path) -> str:
    """The ``# Title`` of a chapter (first markdown cell of a notebook, or a Markdown page)."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])
    else:
        source = path.read_text(encoding="utf-8")
    return re.search(r"^# (.+)$", source, re.M)[1].strip()


def test_one_section_per_chapter_in_book_order(pdf):
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages = build_pdf.chapter_pages(pdf)
    titles = [title_of(p) for p in toc_sources()]
    starts = [pages.get(build_pdf.title_key(t)) for t in titles]
    assert None not in starts, dict(zip(titles, starts, strict=True))
    assert starts == sorted(starts) and len(set(starts)) == len(starts), starts
    assert starts[0] >= 3  # after the cover and the table of contents
    assert len(reader.pages) > starts[-1]
    # each chapter starts at the top of its page, with its title
    for title, start in zip(titles, starts, strict=True):
        first = reader.pages[start - 1].extract_text()
        assert squeeze(title)[:30] in squeeze(first)[:200], (title, first[:200])


def test_table_of_contents_gives_the_pages_where_chapters_start(pdf, text):
    pages = build_pdf.chapter_pages(pdf)
    contents = text.split("\f")[1]  # page 2: the table of contents
    assert contents.lstrip().startswith("Contents")
    lines = contents.splitlines()
    numbers = [int(n) for n in lines if re.fullmatch(r"\s*\d+\s*", n)]
    assert numbers[-1] == 2  # the page's own number, in its footer
    words = squeeze(" ".join(n for n in lines if not re.fullmatch(r"\s*\d+\s*", n)))
    titles = [title_of(p) for p in toc_sources()]
    for title in titles:
        assert squeeze(title) in words, title
    assert numbers[:-1] == [pages[build_pdf.title_key(t)] for t in titles]


def test_hangul_is_rendered(text):
    """Every Korean term of the glossary is in the PDF's text: drawn with a real glyph,
    since a missing glyph (an empty box) extracts as nothing or U+FFFD."""
    glossary = (ROOT / "chapters" / "glossary.md").read_text(encoding="utf-8")
    terms = sorted({squeeze(t) for t in HANGUL.findall(glossary)})
    assert len(terms) > 30
    flat = squeeze(text)
    missing = [t for t in terms if t not in flat]
    assert not missing, f"Korean terms not in the PDF: {missing}"
    assert "\ufffd" not in text


def test_math_is_typeset(text):
    """Formulas from chapters 1, 2 and 5 come out as typeset symbols. (That every expression
    was typeset before printing, build_pdf checks itself: it refuses to print otherwise.)"""
    flat = squeeze(text)
    for formula in ["z=x⋅w+b", "σ(z)=1/(1+e−z)", "=σ(z)(1−σ(z))", "logsumexp"]:
        assert formula in flat, formula


def test_solutions_and_figures_are_all_there(pdf, text):
    from pypdf import PdfReader

    notebooks = [p for p in toc_sources() if p.suffix == ".ipynb"]
    solutions = sum(p.read_text(encoding="utf-8").count("{solution-start}") for p in notebooks)
    assert solutions > 20
    assert len(re.findall(r"Solution to Exercise", text)) == solutions
    html = (build_pdf.SINGLE / "intro.html").read_text(encoding="utf-8")
    figures = len(set(re.findall(r'<img[^>]*src="(_images/[^"]+)"', html)))
    animations = html.count('<div class="animation">')
    drawn = sum(len(page.images) for page in PdfReader(str(pdf)).pages)
    assert figures > 20
    assert drawn >= figures + animations, (drawn, figures, animations)
    assert animations == text.count("The last frame of an animation; the online book plays it.")
