"""Sphinx extension: figures carry their size and load lazily below the first one.

A notebook figure is written as a bare ``<img alt=... src=...>``. The browser then learns
its size only once the file arrives, so the text under it jumps (layout shift), and it
fetches every figure of a chapter at once, competing with the page's stylesheets and fonts
on a slow phone connection (Lighthouse: about 500 kB of off-screen images on chapter 4).

Each ``<img>`` in a page body whose file is a PNG the build copies into ``_images`` gets
``width`` and ``height`` (its pixel size, read from the PNG header; the theme's CSS still
scales it down to the column, keeping its proportions), ``decoding="async"``, and, except
for the first figure of the page, which may be in view when the page opens,
``loading="lazy"``. Images that already have a size, inline ``data:`` images (animation
frames) and other formats are left alone. Printing loads lazy images too
(``scripts/build_pdf.py`` asks for them all before it prints).
"""

from __future__ import annotations

import re
import struct
from pathlib import Path

IMG = re.compile(r"<img\b([^>]*?)\s*/?>")
SRC = re.compile(r'\ssrc="([^"]+)"')
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path: Path) -> tuple[int, int] | None:
    """(width, height) of a PNG file from its IHDR chunk, or None if it is not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != PNG_SIGNATURE or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def size_and_lazy_load(body: str, sizes: dict[str, tuple[int, int]]) -> str:
    """Add size, ``decoding`` and (after the first) ``loading="lazy"`` to the ``<img>`` tags
    of ``body`` whose image name (last part of ``src``) is in ``sizes``."""
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        attrs = match.group(1)
        src = SRC.search(attrs)
        if not src or re.search(r"\s(width|height|loading)=", attrs):
            return match.group(0)
        size = sizes.get(src.group(1).rsplit("/", 1)[-1])
        if size is None:
            return match.group(0)
        count += 1
        extra = f' width="{size[0]}" height="{size[1]}" decoding="async"'
        if count > 1:
            extra += ' loading="lazy"'
        return f"<img{attrs}{extra} />"

    return IMG.sub(fix, body)


def _image_sizes(app) -> dict[str, tuple[int, int]]:
    """Pixel size of every PNG the HTML builder copies into ``_images``, by its name there."""
    sizes = {}
    for source, name in getattr(app.builder, "images", {}).items():
        path = Path(app.srcdir, source)
        if name.lower().endswith(".png") and path.is_file():
            size = png_size(path)
            if size:
                sizes[name] = size
    return sizes


def size_images(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if body and "<img" in body:
        context["body"] = size_and_lazy_load(body, _image_sizes(app))


def setup(app):
    app.connect("html-page-context", size_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
