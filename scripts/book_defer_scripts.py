"""Sphinx extension: the theme's and extensions' scripts load with ``defer``.

Sphinx writes every script added with ``app.add_js_file`` into the head as a plain
``<script src>``, which stops the browser from painting until it has been fetched and run:
on a phone (Lighthouse) a dozen small scripts cost about 2 s before the first paint. None of
them needs to run before the page is parsed (each waits for DOMContentLoaded, or works on
the elements when it runs), so they get ``defer``: they still run in the same order, after
parsing and before DOMContentLoaded.

Kept as they are: inline scripts (``defer`` does not apply to them), scripts already
``async`` or ``defer`` (MathJax, the theme's bundles), and ``documentation_options.js``,
because inline scripts in the head set fields of the object it defines
(``DOCUMENTATION_OPTIONS.pagename = ...``) and must find it there.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from sphinx.builders.html._assets import _JavaScript

KEEP_BLOCKING = {"documentation_options.js"}


def deferred(js):
    """``js`` (a Sphinx script entry) with ``defer``, or unchanged when it must not be."""
    if not isinstance(js, _JavaScript) or not js.filename:
        return js
    if PurePosixPath(str(js.filename)).name in KEEP_BLOCKING:
        return js
    if {"async", "defer"} & set(js.attributes):
        return js
    return _JavaScript(js.filename, priority=js.priority, **js.attributes, defer="defer")


def defer_scripts(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if scripts:
        scripts[:] = [deferred(js) for js in scripts]  # in place: shared with the builder


def setup(app):
    app.connect("html-page-context", defer_scripts, priority=950)  # after files are added
    return {"parallel_read_safe": True, "parallel_write_safe": True}
