"""Interactive explorers for JupyterLab (ipywidgets).

Each explorer is thin: its callback only calls a pure function from :mod:`nnbook.plotting`
(or :mod:`nnbook.perceptron`), which the tests call directly. The online book cannot run
Python callbacks, so every chapter pairs an explorer with a static, kernel-free figure.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display

from .datasets import GATES
from .perceptron import format_truth_table
from .plotting import plot_gate

__all__ = ["draw_perceptron", "perceptron_playground"]


def draw_perceptron(w1: float, w2: float, b: float, gate: str = "AND"):
    """Draw one frame of the perceptron playground and return ``(figure, truth-table text)``.

    The figure shows the decision line of ``(w1, w2, b)`` against ``gate``'s targets; the
    text is :func:`nnbook.perceptron.format_truth_table` for the same perceptron.
    """
    key = gate.upper()
    if key not in GATES:
        raise ValueError(f"unknown gate {gate!r}; choose one of {', '.join(GATES)}")
    fig, ax = plt.subplots(figsize=(3.6, 3.6))
    plot_gate(ax, [w1, w2], b, target=GATES[key], title=f"{key}: w=({w1:g}, {w2:g}), b={b:g}")
    return fig, format_truth_table([w1, w2], b, gate=key)


def perceptron_playground(w1: float = 1.0, w2: float = 1.0, b: float = -1.5, gate: str = "AND"):
    """Sliders for ``w1``, ``w2`` and ``b`` and a gate picker; the decision line and the truth
    table update as they move (chapter 1). Returns the widget box (already displayable).
    """
    slider = dict(min=-2.0, max=2.0, step=0.1, continuous_update=False)
    controls = {
        "w1": widgets.FloatSlider(value=w1, description="w1", **slider),
        "w2": widgets.FloatSlider(value=w2, description="w2", **slider),
        "b": widgets.FloatSlider(value=b, description="b", **slider),
        "gate": widgets.Dropdown(options=list(GATES), value=gate.upper(), description="gate"),
    }
    out = widgets.Output()

    def update(w1: float, w2: float, b: float, gate: str) -> None:
        with out:
            out.clear_output(wait=True)
            fig, text = draw_perceptron(w1, w2, b, gate)
            display(fig)
            plt.close(fig)
            print(text)

    widgets.interactive_output(update, controls)
    return widgets.HBox([widgets.VBox(list(controls.values())), out])
