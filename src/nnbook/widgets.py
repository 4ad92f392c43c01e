"""Interactive explorers for JupyterLab (ipywidgets).

Each explorer is thin: its callback only calls a pure function from :mod:`nnbook.plotting`
(or :mod:`nnbook.perceptron`), which the tests call directly. The online book cannot run
Python callbacks, so every chapter pairs an explorer with a static, kernel-free figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from IPython.display import display

from .activations import ACTIVATIONS
from .datasets import GATES
from .nn import INIT_SCHEMES
from .perceptron import format_truth_table
from .plotting import (
    draw_activation,
    draw_gradient_flow,
    draw_spirals_training,
    plot_approximation,
    plot_gate,
    plot_softmax_bars,
)

__all__ = [
    "activation_explorer",
    "approximation_explorer",
    "draw_approximation",
    "draw_logits",
    "draw_perceptron",
    "gradient_flow_explorer",
    "logits_explorer",
    "perceptron_playground",
    "training_explorer",
]


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


def draw_logits(logits: Sequence[float], temperature: float = 1.0):
    """Draw one frame of the logits explorer and return ``(figure, text)`` (chapter 5).

    The figure is :func:`nnbook.plotting.plot_softmax_bars` of ``softmax(logits / T)``; the
    text lists the logits, the probabilities and the predicted class (the argmax, which
    no temperature changes).
    """
    fig, ax = plt.subplots(figsize=(4.4, 3.0))
    p = plot_softmax_bars(ax, logits, temperature)
    z = ", ".join(f"{v:g}" for v in logits)
    probs = ", ".join(f"{v:.3f}" for v in p)
    text = f"z = [{z}], T = {temperature:g}\np = [{probs}], argmax = z{int(p.argmax()) + 1}"
    return fig, text


def logits_explorer(logits: Sequence[float] = (2.0, 1.0, 0.1, -1.0), temperature: float = 1.0):
    """Sliders for each logit and for the temperature; the softmax probabilities update as
    they move (chapter 5). Returns the widget box (already displayable).

    Things to try: add the same amount to every logit (nothing changes: shift invariance),
    push the temperature towards 0 (one-hot at the argmax) or up (uniform).
    """
    controls = {
        f"z{i + 1}": widgets.FloatSlider(
            value=float(v),
            min=-5.0,
            max=5.0,
            step=0.1,
            description=f"z{i + 1}",
            continuous_update=False,
        )
        for i, v in enumerate(logits)
    }
    controls["T"] = widgets.FloatLogSlider(
        value=temperature,
        base=10,
        min=-1,
        max=1,
        step=0.05,
        description="T",
        continuous_update=False,
    )
    out = widgets.Output()

    def update(**values: float) -> None:
        with out:
            out.clear_output(wait=True)
            z = [values[f"z{i + 1}"] for i in range(len(logits))]
            fig, text = draw_logits(z, values["T"])
            display(fig)
            plt.close(fig)
            print(text)

    widgets.interactive_output(update, controls)
    return widgets.HBox([widgets.VBox(list(controls.values())), out])


def _chapter3_target(x):
    """The bumpy function chapter 3 approximates: sin(2πx) + 0.5·sin(5πx)."""
    return np.sin(2 * np.pi * x) + 0.5 * np.sin(5 * np.pi * x)


def draw_approximation(
    f: Callable | None = None,
    n_hidden: int = 8,
    kind: str = "sigmoid",
    interval: tuple[float, float] = (0.0, 1.0),
):
    """Draw one frame of the approximation explorer and return ``(figure, text)``
    (chapter 3).

    The figure is :func:`nnbook.plotting.plot_approximation` for ``f`` (default: the
    chapter's target ``sin(2πx) + 0.5·sin(5πx)``) with ``n_hidden`` hidden units of
    ``kind`` (``"sigmoid"`` bumps or ``"relu"`` kinks); the text states the largest error.
    """
    target = _chapter3_target if f is None else f
    fig, ax = plt.subplots(figsize=(6.4, 3.4))
    error = plot_approximation(ax, target, n_hidden, kind=kind, interval=interval)
    ax.legend(loc="lower left")
    return fig, f"{n_hidden} hidden {kind} units: largest error {error:.4f}"


def approximation_explorer(
    f: Callable | None = None,
    n_hidden: int = 8,
    kind: str = "sigmoid",
    interval: tuple[float, float] = (0.0, 1.0),
):
    """A slider for the number of hidden units and a choice of sigmoid bumps or ReLU
    kinks; the hand-built network and its error update as they change (chapter 3).
    Returns the widget box (already displayable).
    """
    controls = {
        "n_hidden": widgets.IntSlider(
            value=n_hidden,
            min=2,
            max=64,
            step=2,
            description="hidden units",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
        "kind": widgets.ToggleButtons(options=["sigmoid", "relu"], value=kind, description="units"),
    }
    out = widgets.Output()

    def update(n_hidden: int, kind: str) -> None:
        with out:
            out.clear_output(wait=True)
            fig, text = draw_approximation(f, n_hidden, kind, interval)
            display(fig)
            plt.close(fig)
            print(text)

    widgets.interactive_output(update, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


def gradient_flow_explorer(
    depth: int = 10,
    activation: str = "sigmoid",
    init: str = "xavier",
    residual: bool = False,
    batchnorm: bool = False,
):
    """Controls for depth, activation, initialisation, residual skips and batch norm; the
    per-layer gradient norms and the fraction of saturated or dead units of a fresh
    network update as they change (chapter 4). Each frame is
    :func:`nnbook.plotting.draw_gradient_flow`. Returns the widget box (already
    displayable).
    """
    wide = {"description_width": "initial"}
    controls = {
        "depth": widgets.IntSlider(
            value=depth, min=2, max=30, description="layers", continuous_update=False
        ),
        "activation": widgets.Dropdown(
            options=["sigmoid", "tanh", "relu", "leaky_relu"],
            value=activation,
            description="activation",
        ),
        "init": widgets.Dropdown(options=list(INIT_SCHEMES), value=init, description="init"),
        "residual": widgets.Checkbox(value=residual, description="residual skips", style=wide),
        "batchnorm": widgets.Checkbox(value=batchnorm, description="batch norm", style=wide),
    }
    out = widgets.Output()

    def update(depth: int, activation: str, init: str, residual: bool, batchnorm: bool) -> None:
        with out:
            out.clear_output(wait=True)
            fig, stats = draw_gradient_flow(depth, activation, init, residual, batchnorm)
            display(fig)
            plt.close(fig)
            print(
                "gradient norm per layer (input side first): "
                + ", ".join(f"{g:.1e}" for g in stats.grad_norm)
            )

    widgets.interactive_output(update, controls)
    return widgets.VBox(
        [widgets.HBox(list(controls.values())[:3]), widgets.HBox(list(controls.values())[3:]), out]
    )


def training_explorer(lr: float = 1.0, width: int = 64, steps: int = 1000):
    """Controls for the learning rate, the hidden width and the number of steps; a ReLU
    network is trained on the spirals from scratch and its loss curve and decision regions
    update when they change (chapter 6). Each frame is
    :func:`nnbook.plotting.draw_spirals_training`. Returns the widget box (already
    displayable).

    Things to try: lr = 0.01 (too slow), 1 (fine), 10 (it diverges); width 2, 8, 64.
    """
    controls = {
        "lr": widgets.FloatLogSlider(
            value=lr,
            base=10,
            min=-2,
            max=1.5,
            step=0.25,
            description="learning rate",
            style={"description_width": "initial"},
            continuous_update=False,
        ),
        "width": widgets.Dropdown(
            options=[2, 4, 8, 16, 32, 64, 128], value=width, description="hidden units"
        ),
        "steps": widgets.IntSlider(
            value=steps, min=100, max=3000, step=100, description="steps", continuous_update=False
        ),
    }
    out = widgets.Output()

    def update(lr: float, width: int, steps: int) -> None:
        with out:
            out.clear_output(wait=True)
            fig, losses, accuracy = draw_spirals_training(lr, width, steps)
            display(fig)
            plt.close(fig)
            print(f"final loss {losses[-1]:.4g}, training accuracy {accuracy:.1%}")

    widgets.interactive_output(update, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


def activation_explorer(name: str = "leaky_relu", alpha: float = 0.1, x_max: float = 5.0):
    """Pick an activation and, for Leaky ReLU and ELU, its ``alpha``; the function and its
    derivative are redrawn, with their values at −2, 0 and 2 (chapter 2). Each frame is
    :func:`nnbook.plotting.draw_activation`. Returns the widget box (already displayable).
    """
    controls = {
        "name": widgets.Dropdown(options=list(ACTIVATIONS), value=name, description="function"),
        "alpha": widgets.FloatSlider(
            value=alpha,
            min=0.0,
            max=2.0,
            step=0.01,
            description="alpha",
            continuous_update=False,
        ),
        "x_max": widgets.FloatSlider(
            value=x_max,
            min=1.0,
            max=20.0,
            step=0.5,
            description="x range ±",
            continuous_update=False,
            style={"description_width": "initial"},
        ),
    }
    out = widgets.Output()

    def update(name: str, alpha: float, x_max: float) -> None:
        has_alpha = ACTIVATIONS[name].alpha is not None
        controls["alpha"].disabled = not has_alpha
        with out:
            out.clear_output(wait=True)
            fig, text = draw_activation(name, alpha if has_alpha else None, x_max)
            display(fig)
            plt.close(fig)
            print(text)

    widgets.interactive_output(update, controls)
    return widgets.VBox([widgets.HBox(list(controls.values())), out])
