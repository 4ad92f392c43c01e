"""What the book's small Sphinx extensions share (``scripts/book_*.py``).

Some fixes change markup that the theme writes from its templates, after the
``html-page-context`` event: those rewrite the written pages when the build finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def rewrite_written_pages(app, exception: Exception | None, fix: Callable[[str, str], str]) -> int:
    """Apply ``fix(html, pagename)`` to every HTML page of a finished HTML build; return how
    many pages it changed. ``pagename`` is the page's path without ``.html``
    (``chapters/01_perceptron``, ``search``)."""
    if exception is not None or app.builder.format != "html":
        return 0
    out = Path(app.outdir)
    changed = 0
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out)
        if rel.parts[0].startswith(("_", ".")):  # _static, _sources, _images
            continue
        text = path.read_text(encoding="utf-8")
        new = fix(text, rel.with_suffix("").as_posix())
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
