"""Sphinx extension: Sphinx's search scripts and index only on the search page.

pydata-sphinx-theme writes ``searchtools.js``, ``language_data.js`` and ``searchindex.js``
(the whole book's index, about 77 kB) into the head of every page, as synchronous scripts,
for its search-as-you-type box. The book does not turn that box on
(``search_as_you_type`` is false), so on every page but ``search.html`` the three scripts
block the first paint and are never used: Lighthouse counted 1.2 s for the index alone on a
phone. They are removed from the other pages; the search page keeps them, and the search
field in the header still opens it. With ``html_theme_options: search_as_you_type: true``
nothing is removed. On the search page they are deferred, like the other scripts
(``book_defer_scripts``): they still run in order, after the page is parsed.
"""

from __future__ import annotations

import re

from book_html import rewrite_written_pages

SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
    r'searchindex\.js)"></script>'
)


def drop_search_scripts(html: str, pagename: str) -> str:
    """``html`` without the search scripts, or on the search page with them deferred."""
    if pagename == "search":
        return SEARCH_SCRIPTS.sub(
            lambda m: m[0].replace("<script src=", "<script defer src="), html
        )
    return SEARCH_SCRIPTS.sub("", html)


def _finished(app, exception) -> None:
    if (app.config.html_theme_options or {}).get("search_as_you_type"):
        return
    rewrite_written_pages(app, exception, drop_search_scripts)


def setup(app):
    app.connect("build-finished", _finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
