"""Tests of chapter 6's plotting helpers and explorer: the decision grid and regions, the
decision-boundary animation (rendered deterministically and with alt text through
nnbook.animation), and the training explorer's pure drawing function."""

import re

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from nnbook.animation import jshtml_animation
from nnbook.datasets import spirals
from nnbook.plotting import (
    COLORS,
    animate_decision_boundary,
    decision_grid,
    draw_spirals_training,
    plot_decision_regions,
)
from nnbook.widgets import training_explorer

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_decision_grid_covers_the_data_with_a_margin():
    X = np.array([[0.0, -1.0], [2.0, 3.0], [1.0, 0.5]])
    points, extent = decision_grid(X, resolution=5, margin=0.5)
    assert points.shape == (25, 2)
    assert extent == (-0.5, 2.5, -1.5, 3.5)
    assert np.allclose(points[0], [-0.5, -1.5])  # bottom-left first
    assert np.allclose(points[4], [2.5, -1.5])  # then along the bottom row
    assert np.allclose(points[-1], [2.5, 3.5])


@pytest.mark.parametrize(
    ("X", "kwargs", "error", "message"),
    [
        (np.zeros((3, 3)), {}, ValueError, "shape (n, 2)"),
        (np.zeros((0, 2)), {}, ValueError, "n > 0"),
        (np.zeros((3, 2)), {"resolution": 1}, ValueError, "at least 2"),
        (np.zeros((3, 2)), {"resolution": 2.5}, TypeError, "integer"),
        (np.zeros((3, 2)), {"margin": -1.0}, ValueError, "margin"),
        ("abc", {}, TypeError, "X must be numeric"),
    ],
)
def test_decision_grid_rejects_bad_input(X, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        decision_grid(X, **kwargs)


def test_decision_regions_use_the_light_class_colours_with_the_origin_at_the_bottom():
    points, extent = decision_grid(np.array([[0.0, 0.0], [1.0, 1.0]]), resolution=4, margin=0)
    labels = (points[:, 1] > 0.5).astype(int) + (points[:, 0] > 0.5).astype(int)  # 0, 1, 2
    fig, ax = plt.subplots()
    image = plot_decision_regions(ax, labels, extent, 3)
    rgba = image.to_rgba(image.get_array())
    light = [tuple(c + (1 - c) * 0.7 for c in to_rgb(k)) for k in COLORS[:3]]
    assert np.allclose(rgba[0, 0, :3], light[0])  # bottom-left: class 0
    assert np.allclose(rgba[-1, -1, :3], light[2])  # top-right: class 2
    assert image.origin == "lower"
    assert tuple(image.get_extent()) == extent
    with pytest.raises(ValueError, match="square decision_grid"):
        plot_decision_regions(ax, np.zeros(10), extent, 3)


def _frames():
    X, y = spirals(60, seed=0)
    points, extent = decision_grid(X, resolution=20)
    frames = [(points[:, 0] > t).astype(int) for t in (-0.5, 0.0, 0.5)]
    titles = [f"frame {i}" for i in range(3)]
    return frames, titles, extent, X, y


def test_animation_changes_only_the_regions_and_the_title():
    frames, titles, extent, X, y = _frames()
    fig, anim = animate_decision_boundary(frames, extent, X, y, titles)
    ax = fig.axes[0]
    image = ax.images[0]
    for i in (2, 1):
        anim._func(i)
        assert np.array_equal(image.get_array().ravel(), frames[i])
        assert ax.get_title() == titles[i]
    assert len(ax.collections) == 3  # one scatter per class, drawn once
    html = jshtml_animation(anim, name="changes", alt="regions").data
    assert html.count("data:image/png;base64") == 3


def test_animation_renders_deterministically_with_alt_text():
    frames, titles, extent, X, y = _frames()
    htmls = []
    for _ in range(2):
        fig, anim = animate_decision_boundary(frames, extent, X, y, titles, dpi=40)
        htmls.append(jshtml_animation(anim, name="test_anim", alt="regions changing").data)
        plt.close(fig)
    assert htmls[0] == htmls[1]
    assert 'alt="regions changing"' in htmls[0]
    assert htmls[0].count("data:image/png;base64") == 3


def test_animation_needs_one_title_per_frame():
    frames, titles, extent, X, y = _frames()
    with pytest.raises(ValueError, match="one title per frame"):
        animate_decision_boundary(frames, extent, X, y, titles[:2])
    with pytest.raises(ValueError, match="at least one frame"):
        animate_decision_boundary([], extent, X, y, [])


def test_draw_spirals_training_learns_with_a_good_learning_rate():
    fig, losses, accuracy = draw_spirals_training(lr=1.0, width=32, steps=400)
    assert losses.shape == (400,)
    assert losses[-1] < 0.5 * losses[0]
    assert accuracy > 0.9
    assert len(fig.axes) == 2
    assert f"{accuracy:.1%}" in fig.axes[1].get_title()


def test_draw_spirals_training_shows_a_too_small_and_a_too_large_rate():
    _, slow, slow_acc = draw_spirals_training(lr=0.01, width=32, steps=200)
    _, fast, fast_acc = draw_spirals_training(lr=30.0, width=128, steps=300)
    assert slow[-1] > 0.5  # still far from fitted (lr = 1 gets below 0.2 in 400 steps)
    assert slow_acc < 0.7 and fast_acc < 0.7


def test_draw_spirals_training_survives_the_widest_settings_without_warnings():
    # the explorer's extreme corner: largest rate, widest layer, most steps
    fig, losses, accuracy = draw_spirals_training(lr=10**1.5, width=128, steps=3000)
    assert losses.shape == (3000,)
    assert 0 <= accuracy <= 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lr": 0}, "lr must be a number in (0, 100)"),
        ({"lr": True}, "lr must be a number"),
        ({"width": 0}, "width must be a positive integer"),
        ({"steps": 1.5}, "steps must be a positive integer"),
    ],
)
def test_draw_spirals_training_rejects_bad_settings(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        draw_spirals_training(**kwargs)


def test_training_explorer_builds_its_controls():
    box = training_explorer(lr=0.3, width=8, steps=100)
    assert isinstance(box, widgets.VBox)
    controls = box.children[0].children
    assert [c.description for c in controls] == ["learning rate", "hidden units", "steps"]
    assert controls[0].value == pytest.approx(0.3)
