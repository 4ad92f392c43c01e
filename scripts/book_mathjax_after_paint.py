"""Sphinx extension: MathJax starts after the page's first paint.

Sphinx loads MathJax (1.1 MB of JavaScript, 260 kB compressed) with ``defer``. A deferred
script runs before ``DOMContentLoaded``, which on a fast connection is before the browser
has painted the text: the page's largest paragraph then appears only after MathJax has
been fetched and has run. On a phone (Lighthouse) that put the largest contentful paint of
a chapter at 4-6 s, against 2 s for the text alone.

Here the ``<script src=".../mathjax/...">`` tag is replaced by a small inline script that
adds the same script to the page once the text has been painted (``DOMContentLoaded``, then
the next animation frame, then a task after it). The configuration (``window.MathJax``,
written before it) and the output are unchanged: MathJax typesets the same math with the
same fonts, only later (the browser tests compare the two renderings pixel by pixel).
"""

from __future__ import annotations

import json

from sphinx.builders.html._assets import _JavaScript

LOADER = """(() => {{
  const load = () => requestAnimationFrame(() => setTimeout(() => {{
    const script = document.createElement("script");
    script.src = {src};
    script.async = true;
    script.id = "MathJax-script";
    document.head.append(script);
  }}));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
}})();"""


def _is_mathjax(js) -> bool:
    return isinstance(js, _JavaScript) and "mathjax/" in str(js.filename) and js.filename != ""


def loader_for(src: str) -> _JavaScript:
    """The inline script that adds MathJax from ``src`` after the first paint."""
    return _JavaScript("", priority=500, body=LOADER.format(src=json.dumps(src)))


def load_mathjax_after_paint(app, pagename, templatename, context, doctree) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    pathto = context["pathto"]
    out = []
    for js in scripts:
        if _is_mathjax(js):
            out.append(loader_for(pathto(str(js.filename), resource=True)))
        else:
            out.append(js)
    scripts[:] = out  # in place: shared with the builder


def setup(app):
    app.connect("html-page-context", load_mathjax_after_paint, priority=960)  # after defer
    return {"parallel_read_safe": True, "parallel_write_safe": True}
