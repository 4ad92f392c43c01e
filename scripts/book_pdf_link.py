"""Sphinx extension: the introduction and every chapter page link the PDF edition.

``make pdf`` (``scripts/build_pdf.py``) prints the whole book to ``_build/pdf/book.pdf`` and
copies it to ``book.pdf`` at the root of the HTML book, where the deployed site serves it.
Under the title of the root page (the introduction) and of every page built from a
notebook (the chapters), a line links it, with a path relative to the page, so that the
link works from a web server and from files opened offline. The single-page build that the
PDF is printed from gets no link (it would point at itself).
"""

from __future__ import annotations

from docutils import nodes

PDF_NAME = "book.pdf"


def pdf_href(docname: str) -> str:
    return "../" * docname.count("/") + PDF_NAME


def add_pdf_link(app, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "html":
        return
    is_chapter = str(app.env.doc2path(docname)).endswith(".ipynb")
    if docname != app.config.root_doc and not is_chapter:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    link = (
        f'<a class="reference download external" href="{pdf_href(docname)}" '
        f'type="application/pdf">the whole book as a PDF</a>'
    )
    para = nodes.paragraph()
    para += nodes.strong(text="Read offline or print: ")
    para += nodes.raw("", link, format="html")
    para += nodes.Text(" (every chapter, solutions included).")
    box = nodes.container(classes=["nnbook-pdf-link"])
    box += para
    # under the title, after the student-notebook note when there is one
    index = 1
    if len(section) > 1 and "nnbook-student-copy" in section[1].get("classes", []):
        index = 2
    section.insert(index, box)


def setup(app):
    app.connect("doctree-resolved", add_pdf_link, priority=600)  # after book_extension
    return {"parallel_read_safe": True, "parallel_write_safe": True}
