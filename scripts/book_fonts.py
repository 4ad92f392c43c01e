"""Sphinx extension: the icon fonts cut down to the icons the book shows.

pydata-sphinx-theme draws its icons (menu, search, theme switch, GitHub, download, the
animation player's buttons) from two Font Awesome web fonts that every page loads at the
highest priority: ``fa-solid-900.woff2`` (156 kB, about 1,400 icons) and
``fa-brands-400.woff2`` (118 kB, for the one GitHub logo). On a phone's connection those
275 kB compete with the stylesheets before the first paint.

When the build finishes, the icons the book uses are collected: every ``fa-<name>`` class in
the written pages and in the theme's scripts (which add a few, such as ``fa-xmark``),
mapped to its code point by the theme's stylesheet (``.fa-bars:before{content:"\\f0c9"}``).
Each font is cut to those glyphs with fontTools (a matplotlib dependency), from the
theme's TrueType copy, and written next to it as ``<name>.subset.woff`` (WOFF: zlib, as
fontTools writes WOFF2 only with the brotli package); the stylesheet's ``@font-face``
rules then point at the subsets. Together they weigh a few kB. An icon added later is
picked up by the next build; ``tests/test_book_html.py`` checks every icon on every page
has its glyph in the font that draws it.
"""

from __future__ import annotations

import re
from pathlib import Path

STYLESHEET = Path("_static", "styles", "pydata-sphinx-theme.css")
WEBFONTS = Path("_static", "vendor", "fontawesome", "webfonts")
FONTS = ("fa-solid-900", "fa-brands-400")
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"\\([0-9a-f]+)"\}')
ICON_CLASS = re.compile(r"\bfa-[a-z0-9][a-z0-9-]*")
FONT_SRC = re.compile(
    r"src:url\(\.\./vendor/fontawesome/webfonts/(fa-[a-z]+-\d+)\.woff2\) format\(\"woff2\"\),"
    r"url\(\.\./vendor/fontawesome/webfonts/\1\.ttf\) format\(\"truetype\"\)"
)


def icon_codepoints(css: str) -> dict[str, int]:
    """``fa-<name>`` -> code point, from the theme's stylesheet."""
    out = {}
    for selectors, hexcode in ICON_RULE.findall(css):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):", selectors):
            out[name] = int(hexcode, 16)
    return out


def used_icons(outdir: Path) -> set[str]:
    """Every ``fa-<name>`` class in the written pages and in the book's and theme's scripts
    (not in ``fontawesome.js``, the theme's unused icon library)."""
    names: set[str] = set()
    files = [p for p in outdir.rglob("*.html") if "_sources" not in p.parts]
    files += [p for p in (outdir / "_static").rglob("*.js") if p.name != "fontawesome.js"
              and "mathjax" not in p.parts]  # fmt: skip
    for path in files:
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="replace")))
    return names


def subset_font(source: Path, codepoints: set[int], target: Path) -> set[int]:
    """Write the glyphs of ``source`` for ``codepoints`` to ``target`` (WOFF); return the
    code points the subset has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    wanted = codepoints & set(font.getBestCmap())
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(target)
    return wanted


def point_at_subsets(css: str) -> str:
    return FONT_SRC.sub(
        lambda m: (
            f'src:url(../vendor/fontawesome/webfonts/{m[1]}.subset.woff) format("woff")'
            if m[1] in FONTS
            else m[0]
        ),
        css,
    )


def subset_icon_fonts(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    css_path = outdir / STYLESHEET
    if not css_path.is_file():
        return
    css = css_path.read_text(encoding="utf-8")
    table = icon_codepoints(css)
    codepoints = {table[name] for name in used_icons(outdir) if name in table}
    for name in FONTS:
        source = outdir / WEBFONTS / f"{name}.ttf"
        if source.is_file():
            subset_font(source, codepoints, outdir / WEBFONTS / f"{name}.subset.woff")
    new = point_at_subsets(css)
    if new != css:
        css_path.write_text(new, encoding="utf-8")


def setup(app):
    app.connect("build-finished", subset_icon_fonts, priority=900)  # after pages are final
    return {"parallel_read_safe": True, "parallel_write_safe": True}
