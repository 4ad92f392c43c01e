"""One look for every figure, and the plotting helpers several chapters share.

Call :func:`use_style` once per notebook (the imports cell does it). Helpers take an
``ax`` and draw on it, so chapters keep the object-oriented API
(``fig, ax = plt.subplots()``) and the widgets in :mod:`nnbook.widgets` reuse them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import resources
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap

from ._validation import as_float_array
from .perceptron import truth_table

__all__ = [
    "COLORS",
    "plot_decision_boundary",
    "plot_decision_line",
    "plot_gate",
    "plot_loss_curve",
    "scatter_classes",
    "use_style",
]

#: The Okabe-Ito colour-blind-safe palette, in the order the style cycles through it.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
#: Markers per class, so classes differ by shape as well as colour.
MARKERS = ["o", "s", "^", "D", "v", "P"]


def use_style() -> None:
    """Apply the course's bundled matplotlib style (``nnbook.mplstyle``)."""
    with resources.as_file(resources.files("nnbook") / "nnbook.mplstyle") as path:
        plt.style.use(str(path))


def scatter_classes(ax: Axes, X: Any, y: Any, size: float = 40) -> None:
    """Scatter 2-D points coloured and shaped by their integer class label, with a legend entry
    per class ("class 0", "class 1", ...).
    """
    X = as_float_array(X, "X")
    y = np.asarray(y)
    if X.ndim != 2 or X.shape[1] != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"need X of shape (n, 2) and y of shape (n,), got {X.shape} and {y.shape}")
    for k in np.unique(y):
        mask = y == k
        ax.scatter(
            X[mask, 0],
            X[mask, 1],
            s=size,
            c=COLORS[int(k) % len(COLORS)],
            marker=MARKERS[int(k) % len(MARKERS)],
            edgecolors="white",
            linewidths=0.6,
            label=f"class {int(k)}",
            zorder=3,
        )


def plot_decision_line(
    ax: Axes,
    w: Sequence[float],
    b: float,
    xlim: tuple[float, float] = (-0.5, 1.5),
    ylim: tuple[float, float] = (-0.5, 1.5),
    shade: bool = True,
    color: str = "black",
    linestyle: str = "-",
    label: str | None = None,
) -> None:
    """Draw the line ``w1*x1 + w2*x2 + b = 0`` and shade the side where the perceptron fires.

    Works for any ``w``, including a vertical line (``w2 = 0``) and ``w = 0`` (no line; the
    whole plane is one class, shaded if ``b > 0``).
    """
    w1, w2 = (float(v) for v in as_float_array(w, "w").ravel()[:2])
    b = float(b)
    if shade:
        gx, gy = np.meshgrid(np.linspace(*xlim, 201), np.linspace(*ylim, 201))
        fires = (w1 * gx + w2 * gy + b > 0).astype(float)
        ax.contourf(gx, gy, fires, levels=[-0.5, 0.5, 1.5], colors=["white", "#cfe3f3"], zorder=0)
    if w2 != 0:
        xs = np.array(xlim)
        ax.plot(xs, -(w1 * xs + b) / w2, color=color, ls=linestyle, lw=1.5, zorder=2, label=label)
    elif w1 != 0:
        ax.axvline(-b / w1, color=color, ls=linestyle, lw=1.5, zorder=2, label=label)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal")


def plot_gate(
    ax: Axes,
    w: Sequence[float],
    b: float,
    target: Sequence[int] | None = None,
    title: str | None = None,
) -> None:
    """A perceptron on the four binary inputs: decision line, shaded firing side, and each
    input marked by its target (filled = 1, open = 0) — or by the perceptron's own output
    when ``target`` is None. Inputs the perceptron gets wrong are ringed in red.
    """
    plot_decision_line(ax, w, b)
    table = truth_table(w, b)
    outputs = table[:, 3].astype(int)
    labels = outputs if target is None else np.asarray(target, dtype=int)
    for (x1, x2), out, lab in zip(table[:, :2], outputs, labels, strict=True):
        ax.scatter(
            [x1],
            [x2],
            s=110,
            marker="o",
            zorder=4,
            linewidths=1.8,
            facecolors=COLORS[0] if lab == 1 else "white",
            edgecolors=COLORS[0],
        )
        if out != lab:
            ax.scatter(
                [x1],
                [x2],
                s=330,
                marker="o",
                facecolors="none",
                edgecolors=COLORS[1],
                linewidths=2.0,
                zorder=5,
            )
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    if title is not None:
        ax.set_title(title)


def plot_decision_boundary(
    ax: Axes,
    predict: Callable[[np.ndarray], Any],
    X: Any,
    y: Any,
    resolution: int = 200,
    margin: float = 0.25,
) -> None:
    """Colour the plane by ``predict`` (class labels for a batch of 2-D points) and scatter
    the data ``(X, y)`` on top.
    """
    X = as_float_array(X, "X")
    y = np.asarray(y)
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    labels = np.asarray(predict(grid)).reshape(gx.shape)
    n_classes = int(max(labels.max(), y.max())) + 1
    light = ListedColormap([_lighten(c) for c in COLORS[:n_classes]])
    ax.contourf(gx, gy, labels, levels=np.arange(n_classes + 1) - 0.5, cmap=light, zorder=0)
    scatter_classes(ax, X, y)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal")


def plot_loss_curve(
    ax: Axes,
    losses: Sequence[float],
    label: str | None = None,
    log: bool = False,
    ylabel: str = "loss",
    marker: str | None = None,
) -> None:
    """Plot a training curve: one value per epoch, epochs counted from 1."""
    values = as_float_array(losses, "losses")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"losses must be a non-empty 1-D sequence, got shape {values.shape}")
    ax.plot(np.arange(1, values.size + 1), values, label=label, marker=marker)
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")


def _lighten(color: str, amount: float = 0.7) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)
