"""Sphinx extension for this book (``sphinx.local_extensions`` in ``_config.yml``).

1. **Student notebooks, downloadable from the book.** For every page built from a notebook
   it writes the student copy (``student_notebooks.student_version``: solutions removed,
   outputs cleared) to ``<html>/student/<name>.ipynb`` and puts a note with a download link
   under the page title. The copies sit inside the HTML output, so the link works from a
   web server and from the files opened offline; they are made at every build from the
   chapter sources, so they never go stale. ``make student`` writes the same copies to
   ``student/`` for working in the repository.
2. **No Thebe.** Jupyter Book 1 always loads sphinx-thebe, which the book does not use
   (launch buttons go to Binder and Colab; the static book runs no code). With Sphinx 7.4
   its inline configuration script is emitted twice, and the second copy throws
   "Identifier 'THEBE_JS_URL' has already been declared" on every page. Its CSS, scripts
   and configuration (which names a CDN URL) are removed from every page.
3. **Citation roles.** docutils 0.21 marks each bibliography entry ``role="doc-biblioentry"``
   inside a ``role="list"`` container. That role is deprecated and not a list item, so axe
   reports a critical ``aria-required-children`` violation on the references page; the
   entries become ``role="listitem"``.
4. **No stored widget state.** myst-nb copies a notebook's saved ipywidgets state into its
   page. Only the widget JavaScript reads it, and the book loads none (explorers appear as
   static figures), so it is removed: dead weight (chapter 1: about 20 kB).
5. **No Font Awesome JavaScript.** pydata-sphinx-theme loads ``fontawesome.js`` (1.5 MB,
   the largest file on every page) to redraw its icons as SVG, but its CSS already draws
   the same icons from the Font Awesome web fonts, which load anyway. Without the script
   the icons look the same (compared in screenshots; the browser tests check every icon
   has its glyph) and each page loads 1.5 MB less. The theme writes the script tag from
   its templates, so it is removed from the written pages when the build finishes.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from docutils import nodes

from book_html import rewrite_written_pages
from student_notebooks import student_version

STUDENT_DIR = "student"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_FONTAWESOME_JS = re.compile(r'\s*<script[^>]*src="[^"]*/fontawesome\.js[^"]*"[^>]*></script>')
_THEBE_CONFIG = re.compile(r"\s*<script type=\"text/x-thebe-config\">.*?</script>", re.S)


def _is_notebook(app, docname: str) -> bool:
    return str(app.env.doc2path(docname)).endswith(".ipynb")


def _student_href(docname: str) -> str:
    up = "../" * docname.count("/")
    return f"{up}{STUDENT_DIR}/{Path(docname).name}.ipynb"


def add_student_link(app, doctree: nodes.document, docname: str) -> None:
    """Put the student-notebook note under the title of a page built from a notebook."""
    if app.builder.format != "html" or not _is_notebook(app, docname):
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    name = f"{Path(docname).name}.ipynb"
    link = (
        f'<a class="reference download internal" download="{name}" '
        f'href="{_student_href(docname)}"><code class="docutils literal notranslate">'
        f'<span class="pre">{name}</span></code></a>'
    )
    has_exercises = "{exercise-start}" in Path(app.env.doc2path(docname)).read_text("utf-8")
    para = nodes.paragraph()
    para += nodes.strong(text="Work through it yourself: ")
    if has_exercises:
        para += nodes.Text("download the student notebook ")
        para += nodes.raw("", link, format="html")
        para += nodes.Text(" (exercises with their checkers, solutions removed)")
    else:
        para += nodes.Text("download the notebook ")
        para += nodes.raw("", link, format="html")
    para += nodes.Text(
        " and open it in JupyterLab, "
        "or run this chapter on Binder or Colab from the rocket menu at the top."
    )
    box = nodes.container(classes=["nnbook-student-copy"])
    box += para
    section.insert(1, box)


def write_student_notebooks(app, exception: Exception | None) -> None:
    """Write the student copy of every notebook page into the HTML output."""
    if exception is not None or app.builder.format != "html":
        return
    out_dir = Path(app.outdir) / STUDENT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    for docname in sorted(app.env.found_docs):
        if not _is_notebook(app, docname):
            continue
        name = f"{Path(docname).name}.ipynb"
        if name in seen:
            raise ValueError(f"student notebooks would collide: {seen[name]} and {docname}")
        seen[name] = docname
        nb = nbformat.read(app.env.doc2path(docname), as_version=4)
        nbformat.write(student_version(nb), out_dir / name)


def clean_page(app, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Remove sphinx-thebe's assets, the unused widget state, and fix the citation roles
    (see the module docstring)."""

    def keep(js) -> bool:
        attributes = getattr(js, "attributes", {})
        if "sphinx-thebe" in str(js) or "THEBE_JS_URL" in str(attributes.get("body", "")):
            return False
        # Stored ipywidgets state is only read by the widget JavaScript, which the book does
        # not load (nb_ipywidgets_js is empty): it would be dead weight on the page.
        return bool(app.config.nb_ipywidgets_js) or attributes.get("type") != WIDGET_STATE

    # In place: the lists are shared with the builder, and other handlers may add to them.
    scripts, styles = context.get("script_files", []), context.get("css_files", [])
    scripts[:] = [js for js in scripts if keep(js)]
    styles[:] = [css for css in styles if "sphinx-thebe" not in str(css)]
    body = context.get("body")
    if body:
        body = _THEBE_CONFIG.sub("", body)
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def drop_fontawesome_js(app, exception: Exception | None) -> None:
    """Remove the theme's Font Awesome script tag from every written page (see above)."""
    rewrite_written_pages(app, exception, lambda html, _page: _FONTAWESOME_JS.sub("", html))


def setup(app):
    app.connect("doctree-resolved", add_student_link)
    app.connect("html-page-context", clean_page, priority=900)  # after the others add files
    app.connect("build-finished", write_student_notebooks)
    app.connect("build-finished", drop_fontawesome_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
