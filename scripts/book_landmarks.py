"""Sphinx extension: the theme's left sidebar is a landmark.

axe-core's ``region`` rule (moderate) wants all content inside landmarks, so that a screen
reader user who jumps between landmarks misses nothing. pydata-sphinx-theme puts the book's
title (its "logo" link home) at the top of the left sidebar, a plain ``<div>``, above the
``<nav>`` of the table of contents: that title was outside every landmark on every page.
The sidebar becomes a complementary landmark (what ``<aside>`` is) named "Book navigation",
which holds the title, the search button and the table of contents.
"""

from __future__ import annotations

import re

from book_html import rewrite_written_pages

SIDEBAR = re.compile(r'<div id="pst-primary-sidebar" class="([^"]*)">')
ROLE = 'role="complementary" aria-label="Book navigation"'


def sidebar_landmark(html: str, pagename: str = "") -> str:
    """``html`` with the primary sidebar marked as a complementary landmark."""
    return SIDEBAR.sub(lambda m: f'<div id="pst-primary-sidebar" class="{m[1]}" {ROLE}>', html)


def setup(app):
    app.connect(
        "build-finished", lambda app, exc: rewrite_written_pages(app, exc, sidebar_landmark)
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
