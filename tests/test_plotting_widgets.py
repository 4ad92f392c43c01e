"""Tests of nnbook.plotting and nnbook.widgets (the pure functions behind the figures)."""

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook.plotting import (
    COLORS,
    plot_decision_boundary,
    plot_decision_line,
    plot_gate,
    plot_loss_curve,
    scatter_classes,
    use_style,
)
from nnbook.widgets import draw_perceptron, perceptron_playground

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_use_style_applies_the_bundled_style():
    with matplotlib.rc_context():
        use_style()
        assert matplotlib.rcParams["figure.dpi"] == 100
        assert matplotlib.rcParams["axes.spines.top"] is False
        cycle = [c["color"].lower() for c in matplotlib.rcParams["axes.prop_cycle"]]
        assert cycle == [c.lower() for c in COLORS]


@pytest.mark.parametrize(("w", "b"), [([1.0, 2.0], -1.0), ([-1.0, 0.5], 0.3)])
def test_decision_line_satisfies_its_equation(w, b):
    fig, ax = plt.subplots()
    plot_decision_line(ax, w, b)
    (line,) = ax.lines
    xs, ys = line.get_data()
    np.testing.assert_allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) + b, 0, atol=1e-12)


def test_decision_line_vertical_and_degenerate_cases():
    fig, ax = plt.subplots()
    plot_decision_line(ax, [2.0, 0.0], -1.0)
    (line,) = ax.lines
    np.testing.assert_allclose(line.get_xdata(), [0.5, 0.5])
    fig, ax = plt.subplots()
    plot_decision_line(ax, [0.0, 0.0], 1.0)
    assert not ax.lines  # no line when w = 0


def test_plot_gate_rings_only_the_misclassified_inputs():
    fig, ax = plt.subplots()
    plot_gate(ax, [1, 1], -0.5, target=[0, 0, 0, 1])  # OR weights against AND targets
    rings = [c for c in ax.collections if hasattr(c, "get_sizes") and c.get_sizes()[0] == 330]
    ringed = sorted(tuple(c.get_offsets()[0]) for c in rings)
    assert ringed == [(0.0, 1.0), (1.0, 0.0)]


def test_plot_decision_boundary_colours_by_prediction():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    fig, ax = plt.subplots()
    plot_decision_boundary(ax, lambda P: (P[:, 0] > 0.5).astype(int), X, [0, 1])
    assert len(ax.collections) >= 3  # the filled regions and one scatter per class
    legend_labels = [c.get_label() for c in ax.collections if c.get_label().startswith("class")]
    assert legend_labels == ["class 0", "class 1"]


def test_scatter_and_loss_curve_validate_their_input():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="need X of shape"):
        scatter_classes(ax, np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(ValueError, match="non-empty 1-D"):
        plot_loss_curve(ax, [])
    plot_loss_curve(ax, [3, 2, 1], ylabel="mistakes")
    assert ax.get_ylabel() == "mistakes"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [1, 2, 3])


def test_draw_perceptron_returns_figure_and_truth_table():
    fig, text = draw_perceptron(1.0, 1.0, -1.5, "and")
    assert text.splitlines()[0].endswith("AND") and text.count("✓") == 4
    assert fig.axes[0].get_title().startswith("AND")
    with pytest.raises(ValueError, match="unknown gate"):
        draw_perceptron(1, 1, 0, "MAYBE")


def test_playground_has_the_controls_and_redraws_on_change():
    box = perceptron_playground(w1=0.5, w2=-0.5, b=0.1, gate="or")
    controls, out = box.children
    sliders = {c.description: c for c in controls.children}
    assert set(sliders) == {"w1", "w2", "b", "gate"}
    assert sliders["w1"].value == 0.5 and sliders["gate"].value == "OR"
    assert isinstance(out, widgets.Output)
    sliders["b"].value = -1.0  # triggers the callback; it must not raise
    assert sliders["b"].value == -1.0
