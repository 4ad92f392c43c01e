"""The book's small Sphinx extensions (``scripts/book_*.py``, one fix each), on the HTML they
change: each fix on a piece of the markup the theme really writes, then on every page of
the built book (``_build/html``, or ``NNBOOK_HTML``; skipped without a build, except under
``CI=true``, where ``make test`` has just built it)."""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from docutils.core import publish_doctree
from tests.scripts_loader import load_script

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("NNBOOK_HTML") or ROOT / "_build" / "html")
HTML = (HTML if HTML.is_absolute() else ROOT / HTML).resolve()
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


book_html = load_script("book_html")
search_scripts = load_script("book_search_scripts")
defer_scripts = load_script("book_defer_scripts")
unused_assets = load_script("book_unused_assets")
images = load_script("book_images")
meta = load_script("book_meta")
landmarks = load_script("book_landmarks")


def built_pages() -> dict[str, str]:
    """pagename -> HTML of every page of the built book (redirects left out)."""
    if not (HTML / "intro.html").is_file():
        if IN_CI:
            pytest.fail(f"no built book at {HTML} (CI=true: make test builds it first)")
        pytest.skip(f"no built book at {HTML} (run `make book`)")
    pages = {}
    for path in sorted(HTML.rglob("*.html")):
        rel = path.relative_to(HTML)
        if rel.parts[0].startswith(("_", ".")):
            continue
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in text[:2000].lower():
            pages[rel.with_suffix("").as_posix()] = text
    return pages


def head(html: str) -> str:
    return html[: html.index("</head>")]


# ------------------------------------------------------------------------- book_html


def test_rewrite_written_pages_changes_only_pages_and_counts_them(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "_static").mkdir()
    (tmp_path / "intro.html").write_text("<p>old</p>", encoding="utf-8")
    (tmp_path / "chapters" / "a.html").write_text("<p>old</p>", encoding="utf-8")
    (tmp_path / "chapters" / "b.html").write_text("<p>new</p>", encoding="utf-8")
    (tmp_path / "_static" / "x.html").write_text("<p>old</p>", encoding="utf-8")
    app = SimpleNamespace(outdir=str(tmp_path), builder=SimpleNamespace(format="html"))
    seen = []

    def fix(html, pagename):
        seen.append(pagename)
        return html.replace("old", "new")

    assert book_html.rewrite_written_pages(app, None, fix) == 2
    assert sorted(seen) == ["chapters/a", "chapters/b", "intro"]
    assert (tmp_path / "chapters" / "a.html").read_text(encoding="utf-8") == "<p>new</p>"
    assert (tmp_path / "_static" / "x.html").read_text(encoding="utf-8") == "<p>old</p>"
    # a failed build, or another builder, is left alone
    assert book_html.rewrite_written_pages(app, RuntimeError("x"), fix) == 0
    app.builder.format = "latex"
    assert book_html.rewrite_written_pages(app, None, fix) == 0


# --------------------------------------------------------------- book_search_scripts

THEME_HEAD = """<script src="../_static/nnbook.js?v=635d053e"></script>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'chapters/01_perceptron';</script>"""


def test_search_scripts_dropped_except_on_the_search_page():
    out = search_scripts.drop_search_scripts(THEME_HEAD, "chapters/01_perceptron")
    assert "searchtools" not in out and "language_data" not in out and "searchindex" not in out
    assert "nnbook.js" in out and "DOCUMENTATION_OPTIONS.pagename" in out
    on_search = search_scripts.drop_search_scripts(THEME_HEAD, "search")
    for name in ("_static/searchtools.js", "_static/language_data.js", "searchindex.js"):
        assert f'<script defer src="../{name}"></script>' in on_search
    assert on_search.count("<script defer src=") == 3


def test_built_pages_load_the_search_index_only_on_the_search_page():
    for name, html in built_pages().items():
        has_index = "searchindex.js" in head(html)
        assert has_index == (name == "search"), name


# ---------------------------------------------------------------- book_defer_scripts


def test_scripts_with_a_file_are_deferred_and_the_rest_kept():
    from sphinx.builders.html._assets import _JavaScript

    plain = _JavaScript("_static/copybutton.js", priority=500)
    options = _JavaScript("_static/documentation_options.js", priority=1)
    inline = _JavaScript("", body="var x = 1;")
    already = _JavaScript("_static/mathjax/tex-chtml.js", defer="defer")
    is_async = _JavaScript("_static/x.js", **{"async": "async"})
    out = defer_scripts.deferred(plain)
    assert out.attributes == {"defer": "defer"} and out.filename == plain.filename
    assert out.priority == plain.priority
    for js in (options, inline, already, is_async, "_static/old-style.js"):
        assert defer_scripts.deferred(js) is js
    context = {"script_files": [plain, inline]}
    defer_scripts.defer_scripts(None, "p", "page.html", context, None)
    assert [js.attributes.get("defer") for js in context["script_files"]] == ["defer", None]


def test_built_pages_have_no_blocking_script_but_documentation_options():
    for name, html in built_pages().items():
        blocking = [
            src
            for attrs, src in re.findall(r"<script([^>]*)\ssrc=\"([^\"]+)\"", head(html))
            if "defer" not in attrs and "async" not in attrs
        ]
        assert [Path(s.split("?")[0]).name for s in blocking] == ["documentation_options.js"], name


# ---------------------------------------------------------------- book_unused_assets


def test_sphinx_design_assets_only_where_an_sd_class_is_used():
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    def context(body):
        return {
            "body": body,
            "css_files": [
                _CascadingStyleSheet("_static/sphinx-design.min.css"),
                _CascadingStyleSheet("_static/nnbook.css"),
            ],
            "script_files": [_JavaScript("_static/design-tabs.js"), _JavaScript("_static/a.js")],
        }

    plain = context('<div class="cell docutils container">x</div>')
    unused_assets.drop_unused_design_assets(None, "p", "page.html", plain, None)
    assert [c.filename for c in plain["css_files"]] == ["_static/nnbook.css"]
    assert [j.filename for j in plain["script_files"]] == ["_static/a.js"]
    grid = context('<div class="sd-container-fluid sd-mb-4">x</div>')
    unused_assets.drop_unused_design_assets(None, "p", "page.html", grid, None)
    assert len(grid["css_files"]) == 2 and len(grid["script_files"]) == 2
    assert unused_assets.uses_sphinx_design('<span class="badge sd-bg-primary">')
    assert not unused_assets.uses_sphinx_design('<p class="bd-sidebar">sd-card in text</p>')


def test_built_pages_load_sphinx_design_only_when_they_use_it():
    for name, html in built_pages().items():
        body = html[html.index("<body") :]
        assert ("sphinx-design" in head(html)) == unused_assets.uses_sphinx_design(body), name


# ----------------------------------------------------------------------- book_images


def _png(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        images.PNG_SIGNATURE
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
    )


def test_png_size_reads_the_header(tmp_path):
    (tmp_path / "a.png").write_bytes(_png(851, 316))
    (tmp_path / "b.svg").write_text("<svg/>", encoding="utf-8")
    assert images.png_size(tmp_path / "a.png") == (851, 316)
    assert images.png_size(tmp_path / "b.svg") is None


def test_images_get_their_size_and_all_but_the_first_load_lazily():
    body = (
        '<img alt="first" src="../_images/a.png" />'
        '<p>text</p><img alt="second" src="../_images/b.png" />'
        '<img alt="frame" src="data:image/png;base64,iVBOR" />'
        '<img alt="sized" src="../_images/c.png" width="10" />'
        '<img alt="unknown" src="../_static/logo.png">'
    )
    sizes = {"a.png": (511, 271), "b.png": (851, 316), "c.png": (5, 5)}
    out = images.size_and_lazy_load(body, sizes)
    assert (
        '<img alt="first" src="../_images/a.png" width="511" height="271" decoding="async" />'
        in (out)
    )
    assert (
        '<img alt="second" src="../_images/b.png" width="851" height="316" decoding="async" '
        'loading="lazy" />'
    ) in out
    for untouched in (
        '<img alt="frame" src="data:image/png;base64,iVBOR" />',
        '<img alt="sized" src="../_images/c.png" width="10" />',
        '<img alt="unknown" src="../_static/logo.png">',
    ):
        assert untouched in out


def test_built_figures_have_their_true_size():
    for name, html in built_pages().items():
        tags = re.findall(r'<img\b[^>]*src="[^"]*_images/[^"]+\.png"[^>]*>', html)
        for i, tag in enumerate(tags):
            src = re.search(r'src="([^"]+)"', tag)[1]
            path = (HTML / name).parent / src
            width, height = images.png_size(path)
            assert f'width="{width}" height="{height}"' in tag, (name, tag[:120])
            assert ('loading="lazy"' in tag) == (i > 0), (name, tag[:120])


# ------------------------------------------------------------------------- book_meta


def test_description_is_the_first_paragraph_without_math_or_notes():
    doctree = publish_doctree(
        "Title\n=====\n\n.. note::\n\n   A note that is long enough to be mistaken for prose.\n\n"
        "A neuron adds its inputs with weights :math:`w_i`, adds a bias and applies an "
        "activation function to the result.\n\nSecond paragraph.\n"
    )
    text = meta.description("chapters/x", doctree, "Book")
    assert text == (
        "A neuron adds its inputs with weights , adds a bias and applies an activation "
        "function to the result."
    )


def test_description_is_cut_at_a_word_and_has_fixed_texts():
    long = "word " * 60
    short = meta.shorten(long)
    assert len(short) <= meta.MAX_LENGTH and short.endswith("word…")
    assert meta.shorten("short text") == "short text"
    assert meta.description("search", None, "The Book") == "Search the book The Book."
    assert meta.description("chapters/empty", None, "The Book") == "The Book"


def test_a_page_keeps_its_own_description():
    app = SimpleNamespace(config=SimpleNamespace(html_title="Book", project="p"))
    context = {"metatags": '<meta name="description" content="mine" />'}
    meta.add_description(app, "chapters/x", "page.html", context, None)
    assert context["metatags"] == '<meta name="description" content="mine" />'
    context = {"metatags": ""}
    meta.add_description(app, "search", "search.html", context, None)
    assert context["metatags"] == '<meta name="description" content="Search the book Book." />'


def test_every_built_page_has_one_description_and_a_favicon():
    for name, html in built_pages().items():
        found = re.findall(r'<meta name="description" content="([^"]*)"', head(html))
        assert len(found) == 1 and len(found[0]) >= 20, (name, found)
        icon = re.search(r'<link rel="icon" href="([^"]+)"', head(html))
        assert icon and ((HTML / name).parent / icon[1]).is_file(), name


# -------------------------------------------------------------------- book_landmarks

THEME_SIDEBAR = """<div class="bd-container__inner bd-page-width">
      <div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar">
  <div class="sidebar-header-items sidebar-primary__section">"""


def test_the_primary_sidebar_becomes_a_landmark():
    out = landmarks.sidebar_landmark(THEME_SIDEBAR)
    assert (
        '<div id="pst-primary-sidebar" class="bd-sidebar-primary bd-sidebar" '
        'role="complementary" aria-label="Book navigation">'
    ) in out
    assert landmarks.sidebar_landmark(out) == out  # once only


def test_every_built_page_has_the_sidebar_landmark():
    for name, html in built_pages().items():
        assert html.count('role="complementary" aria-label="Book navigation"') == 1, name


# ------------------------------------------------------------------------ book_fonts

fonts = load_script("book_fonts")


def test_icon_codepoints_read_from_the_theme_rules():
    css = (
        '.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
        '.fa-github:before{content:"\\f09b"}.fa-lg{font-size:1.25em}'
    )
    assert fonts.icon_codepoints(css) == {
        "fa-bars": 0xF0C9,
        "fa-navicon": 0xF0C9,
        "fa-github": 0xF09B,
    }
    face = (
        "@font-face{font-family:x;src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2)"
        ' format("woff2"),url(../vendor/fontawesome/webfonts/fa-solid-900.ttf) format("truetype")}'
    )
    assert fonts.point_at_subsets(face) == (
        "@font-face{font-family:x;src:url(../vendor/fontawesome/webfonts/fa-solid-900.subset.woff)"
        ' format("woff")}'
    )
    regular = face.replace("fa-solid-900", "fa-regular-400")
    assert fonts.point_at_subsets(regular) == regular  # a font the pages never load


def test_subset_font_keeps_exactly_the_glyphs_asked_for(tmp_path):
    from fontTools.ttLib import TTFont

    source = HTML / fonts.WEBFONTS / "fa-solid-900.ttf"
    if not source.is_file():
        built_pages()  # skips (or fails under CI) with the reason
    kept = fonts.subset_font(source, {0xF0C9, 0xF002, 0x10FFFF}, tmp_path / "s.woff")
    assert kept == {0xF0C9, 0xF002}  # U+10FFFF is not in the font
    font = TTFont(tmp_path / "s.woff")
    assert font.flavor == "woff" and set(font.getBestCmap()) == kept
    assert (tmp_path / "s.woff").stat().st_size < source.stat().st_size / 20


def test_every_icon_on_every_built_page_has_its_glyph():
    """Each ``fa-<name>`` icon a page uses is drawn by the solid font, or by the brands font
    when marked ``fa-brands`` or ``fab``; its code point must be in that font's subset."""
    from fontTools.ttLib import TTFont

    pages = built_pages()
    css = (HTML / fonts.STYLESHEET).read_text(encoding="utf-8")
    assert "fa-solid-900.subset.woff" in css and "fa-brands-400.subset.woff" in css
    assert "fa-solid-900.woff2" not in css and "fa-brands-400.woff2" not in css
    table = fonts.icon_codepoints(css)
    cmaps = {
        name: set(TTFont(HTML / fonts.WEBFONTS / f"{name}.subset.woff").getBestCmap())
        for name in fonts.FONTS
    }
    missing = []
    for name, html in pages.items():
        for classes in re.findall(r'<i class="([^"]*\bfa-[^"]*)"', html):
            brands = {"fa-brands", "fab"} & set(classes.split())
            font = "fa-brands-400" if brands else "fa-solid-900"
            for icon in classes.split():
                if icon in table and table[icon] not in cmaps[font]:
                    missing.append(f"{name}: {icon} not in {font}")
    assert not missing, missing


# ---------------------------------------------------------- book_mathjax_after_paint

after_paint = load_script("book_mathjax_after_paint")


def test_mathjax_tag_becomes_a_loader_after_the_first_paint():
    from sphinx.builders.html._assets import _JavaScript

    config = _JavaScript("", body="window.MathJax = {}")
    mathjax = _JavaScript("_static/mathjax/tex-chtml.js", defer="defer")
    other = _JavaScript("_static/nnbook.js", defer="defer")
    context = {
        "script_files": [config, mathjax, other],
        "pathto": lambda name, resource=False: "../" + name,
    }
    after_paint.load_mathjax_after_paint(None, "chapters/x", "page.html", context, None)
    first, loader, last = context["script_files"]
    assert first is config and last is other
    assert not loader.filename
    body = loader.attributes["body"]
    assert 'script.src = "../_static/mathjax/tex-chtml.js";' in body
    assert "DOMContentLoaded" in body and "requestAnimationFrame" in body


def test_built_pages_with_math_load_mathjax_only_through_the_loader():
    with_math = 0
    for name, html in built_pages().items():
        assert not re.search(r"<script[^>]*\ssrc=\"[^\"]*mathjax/", html), name
        if 'class="math' in html:
            with_math += 1
            assert "mathjax/tex-chtml.js" in head(html) and "window.MathJax" in head(html), name
    assert with_math >= 6
