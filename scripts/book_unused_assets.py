"""Sphinx extension: sphinx-design's stylesheet and script only on pages that use it.

Jupyter Book 1 always loads sphinx-design, and it puts ``sphinx-design.min.css`` (55 kB,
render-blocking) and ``design-tabs.js`` on every page. A page uses sphinx-design only when
its body has an element with an ``sd-`` class (grids, cards, tabs, badges, dropdowns); the
book's pages have none today, so no page loads them. A page that starts using a
sphinx-design directive gets them back automatically.
"""

from __future__ import annotations

import re

SPHINX_DESIGN_CLASS = re.compile(r'class="(?:[^"]*\s)?sd-')
SPHINX_DESIGN_FILES = ("sphinx-design.", "design-tabs.js")


def uses_sphinx_design(body: str) -> bool:
    return bool(SPHINX_DESIGN_CLASS.search(body))


def _is_design_asset(asset) -> bool:
    name = str(getattr(asset, "filename", asset))
    return any(part in name for part in SPHINX_DESIGN_FILES)


def drop_unused_design_assets(app, pagename, templatename, context, doctree) -> None:
    if uses_sphinx_design(context.get("body", "")):
        return
    for key in ("css_files", "script_files"):
        files = context.get(key)
        if files:
            files[:] = [f for f in files if not _is_design_asset(f)]


def setup(app):
    app.connect("html-page-context", drop_unused_design_assets, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
