"""Kernel-free animations for the static book (any chapter's explorer).

:func:`jshtml_animation` turns a :class:`matplotlib.animation.Animation` into an HTML player
(matplotlib's ``to_jshtml``: every frame embedded as a PNG, played by a few lines of
JavaScript) that works in the online book, offline, and in JupyterLab, with no kernel. It
fixes the three problems of the raw ``to_jshtml`` output:

- it loads Font Awesome from a CDN, a network request the offline book must not make
  (the book's theme and JupyterLab already provide the icons);
- its element ids are random, so every run changes the output, and nbval (which compares
  ``text/html``) would fail; here they come from the ``name`` you give;
- the frame image has no alt text and the frame slider no label; here the image gets
  ``alt`` and the slider an ``aria-label``.

The browser tests (``tests/test_book_browser.py``) find every such player on every page,
check that its frames load and that pressing play changes the frame.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["jshtml_animation"]

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,40}")
_CDN_LINK = re.compile(r"<link[^>]*font-awesome[^>]*>\s*", re.I)


def jshtml_animation(anim: Any, *, name: str, alt: str, fps: float | None = None) -> Any:
    """An HTML player for ``anim``, deterministic and accessible (see the module docstring).

    Parameters
    ----------
    anim : matplotlib.animation.Animation
        The animation, e.g. a ``FuncAnimation``. Close its figure afterwards
        (``plt.close(fig)``) so the notebook does not also show the last frame.
    name : str
        Identifier for the player, unique on its page: a letter, then letters, digits or
        underscores (at most 41 characters), e.g. ``"bias_sweep"``.
    alt : str
        Alt text for the frames: what the animation shows, for readers who cannot see it.
    fps : float, optional
        Frames per second; default: the animation's own interval.

    Returns
    -------
    IPython.display.HTML
        Display it as a cell's last expression.

    Raises
    ------
    TypeError
        If ``anim`` has no ``to_jshtml`` method.
    ValueError
        If ``name`` is not a valid identifier or ``alt`` is empty.
    """
    from IPython.display import HTML

    if not callable(getattr(anim, "to_jshtml", None)):
        raise TypeError(
            f"anim must be a matplotlib Animation (with to_jshtml), got {type(anim).__name__}"
        )
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(
            "name must start with a letter and contain only letters, digits and underscores "
            f"(at most 41 characters), got {name!r}"
        )
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the animation")
    raw = anim.to_jshtml(fps=fps)
    found = re.search(r'<img id="_anim_img([0-9a-f]+)"', raw)
    if found is None:  # pragma: no cover - guards against a changed matplotlib template
        raise RuntimeError("unexpected to_jshtml output: no frame image found")
    out = _CDN_LINK.sub("", raw).replace(found[1], name)
    out = out.replace(
        f'<img id="_anim_img{name}">', f'<img id="_anim_img{name}" alt="{html.escape(alt)}">'
    )
    out = out.replace(
        f'<input id="_anim_slider{name}" type="range"',
        f'<input id="_anim_slider{name}" type="range" aria-label="animation frame"',
    )
    return HTML(out)
