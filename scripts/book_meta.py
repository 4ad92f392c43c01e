"""Sphinx extension: a ``<meta name="description">`` on every page.

Search engines show it under the page title (Lighthouse's SEO audit asks for one). It is the
page's first paragraph of prose, as plain text (math and the student-notebook note left
out), cut at a word boundary to at most 160 characters. The generated index and the search
page, which have no prose, get a fixed sentence. A page that sets its own description
(MyST front matter ``html_meta: description: ...``) keeps it.
"""

from __future__ import annotations

import html

from docutils import nodes

MAX_LENGTH = 160
FIXED = {
    "genindex": "Index of the terms and names in the book {title}.",
    "search": "Search the book {title}.",
}
_SKIP = (nodes.math, nodes.math_block, nodes.raw, nodes.comment, nodes.substitution_definition)


def plain_text(node: nodes.Node) -> str:
    """The text of ``node`` without math, raw HTML and comments, whitespace collapsed."""
    parts = []
    for text in node.findall(nodes.Text):
        parent, skip = text.parent, False
        while parent is not None:
            if isinstance(parent, _SKIP):
                skip = True
                break
            parent = parent.parent
        if not skip:
            parts.append(text.astext())
    return " ".join("".join(parts).split())


def shorten(text: str, limit: int = MAX_LENGTH) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def first_paragraph(doctree: nodes.document) -> str:
    """Plain text of the first paragraph of prose: not in a container (the student-notebook
    note, cell outputs), an admonition, a table, a figure or a list."""
    inside = (nodes.container, nodes.Admonition, nodes.table, nodes.figure, nodes.list_item,
              nodes.footnote, nodes.citation, nodes.field_list)  # fmt: skip
    for para in doctree.findall(nodes.paragraph):
        parent, ok = para.parent, True
        while parent is not None:
            if isinstance(parent, inside):
                ok = False
                break
            parent = parent.parent
        text = plain_text(para) if ok else ""
        if len(text) >= 40:  # a sentence, not a label
            return text
    return ""


def description(pagename: str, doctree, title: str) -> str:
    if pagename in FIXED:
        return FIXED[pagename].format(title=title)
    text = first_paragraph(doctree) if doctree is not None else ""
    return shorten(text) if text else title


def add_description(app, pagename, templatename, context, doctree) -> None:
    metatags = context.get("metatags", "")
    if 'name="description"' in metatags:
        return
    text = description(pagename, doctree, app.config.html_title or app.config.project)
    tag = f'<meta name="description" content="{html.escape(text, quote=True)}" />'
    context["metatags"] = f"{metatags}\n    {tag}" if metatags else tag


def setup(app):
    app.connect("html-page-context", add_description)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
