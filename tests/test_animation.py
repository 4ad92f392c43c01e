"""nnbook.animation.jshtml_animation: a deterministic, offline, accessible to_jshtml player.
(That it plays in a browser is checked in tests/test_book_browser.py.)"""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation

from nnbook.animation import jshtml_animation


def _animation(frames: int = 3):
    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=40)
    x = np.linspace(-2, 2, 20)
    (line,) = ax.plot(x, x)
    anim = FuncAnimation(fig, lambda k: line.set_ydata((k + 1) * x), frames=frames)
    return fig, anim


def _player(**kwargs) -> str:
    fig, anim = _animation()
    try:
        return jshtml_animation(anim, **kwargs).data
    finally:
        plt.close(fig)


def test_same_animation_same_html_and_ids_from_the_name():
    first = _player(name="sweep", alt="a line turning")
    second = _player(name="sweep", alt="a line turning")
    assert first == second  # nbval compares text/html: it must not change between runs
    assert 'id="_anim_imgsweep"' in first
    assert "animsweep.play_animation()" in first
    assert not re.search(r"[0-9a-f]{32}", first.split("data:image")[0])  # no random uuid


def test_nothing_from_the_network_and_accessible_names():
    html = _player(name="sweep", alt='the "steep" case & more')
    assert "font-awesome" not in html.lower() and "https://" not in html.split("data:")[0]
    assert 'alt="the &quot;steep&quot; case &amp; more"' in html
    assert 'aria-label="animation frame"' in html
    assert html.count("data:image/png;base64") >= 3  # every frame embedded


def test_raw_to_jshtml_has_the_problems_this_fixes():
    fig, anim = _animation()
    raw = anim.to_jshtml()
    plt.close(fig)
    assert "font-awesome" in raw  # a CDN stylesheet
    assert re.search(r'<img id="_anim_img[0-9a-f]{32}">', raw)  # random id, no alt


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"name": "1st", "alt": "x"}, ValueError, "name must start with a letter"),
        ({"name": "a-b", "alt": "x"}, ValueError, "letters, digits and underscores"),
        ({"name": "ok", "alt": "   "}, ValueError, "alt must be a non-empty"),
        ({"name": "ok", "alt": None}, ValueError, "alt must be a non-empty"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, message):
    class NeverRendered:  # arguments are checked before anything is drawn
        def to_jshtml(self, fps=None):
            raise AssertionError("rendered despite bad arguments")

    with pytest.raises(error, match=message):
        jshtml_animation(NeverRendered(), **kwargs)


def test_not_an_animation():
    with pytest.raises(TypeError, match="matplotlib Animation .* got list"):
        jshtml_animation([1, 2], name="x", alt="y")
