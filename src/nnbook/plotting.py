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
from .activations import ACTIVATIONS
from .expressivity import Network, Pieces, bump_approximation, linear_pieces
from .nn import NetworkStats, gradient_flow
from .perceptron import truth_table
from .softmax import softmax

__all__ = [
    "COLORS",
    "animate_decision_boundary",
    "decision_grid",
    "draw_activation",
    "draw_gradient_flow",
    "draw_spirals_training",
    "plot_activation",
    "plot_activation_histograms",
    "plot_approximation",
    "plot_decision_boundary",
    "plot_decision_line",
    "plot_decision_regions",
    "plot_gate",
    "plot_gradient_flow",
    "plot_layer_norms",
    "plot_linear_pieces",
    "plot_loss_curve",
    "plot_softmax_bars",
    "plot_unit_boundaries",
    "scatter_classes",
    "unit_fraction",
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


def plot_softmax_bars(
    ax: Axes,
    logits: Any,
    temperature: float = 1.0,
    labels: Sequence[str] | None = None,
    title: str | None = None,
) -> np.ndarray:
    """Bar chart of ``softmax(logits / temperature)``, each bar labelled with its
    probability and the most likely class highlighted (chapter 5). Returns the
    probabilities.

    ``logits`` is a non-empty 1-D sequence; ``temperature`` a positive finite number
    (small: close to one-hot at the argmax; large: close to uniform).
    """
    z = as_float_array(logits, "logits")
    if z.ndim != 1 or z.size == 0:
        raise ValueError(f"logits must be a non-empty 1-D sequence, got shape {z.shape}")
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.number)):
        raise TypeError(f"temperature must be a number, got {type(temperature).__name__}")
    if not (np.isfinite(temperature) and temperature > 0):
        raise ValueError(f"temperature must be positive and finite, got {temperature}")
    if labels is None:
        labels = [f"z{i + 1}" for i in range(z.size)]
    if len(labels) != z.size:
        raise ValueError(f"got {len(labels)} labels for {z.size} logits")
    p = softmax(z / float(temperature))
    colors = [COLORS[0]] * z.size
    colors[int(np.argmax(p))] = COLORS[1]
    xs = np.arange(z.size)
    ax.bar(xs, p, color=colors, width=0.7)
    for x, v in zip(xs, p, strict=True):
        ax.text(x, v + 0.02, f"{v:.2f}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(xs, labels)
    ax.set_ylim(0, 1.12)
    ax.set_xlabel("class")
    ax.set_ylabel("probability")
    ax.set_title(title if title is not None else f"T = {temperature:g}")
    return p


# ----------------------------------------------------------------------------- chapter 3


def plot_approximation(
    ax: Axes,
    f: Callable[[np.ndarray], Any],
    n_hidden: int,
    kind: str = "sigmoid",
    interval: tuple[float, float] = (0.0, 1.0),
    show_units: bool = True,
    n_points: int = 801,
) -> float:
    """Draw ``f`` and the hand-built one-hidden-layer network with ``n_hidden`` units that
    approximates it (:func:`nnbook.expressivity.bump_approximation`), and return the
    largest error on the ``n_points`` plotted points (chapter 3).

    With ``show_units`` and at most 16 units, the parts the network adds up are drawn
    faintly: each bump (a pair of sigmoid units) for ``kind="sigmoid"``, the knots where a
    ReLU unit switches on for ``kind="relu"``.
    """
    lo, hi = interval
    net = bump_approximation(f, n_hidden, kind=kind, interval=(lo, hi))
    x = np.linspace(lo, hi, n_points)
    target = as_float_array(f(x), "f(x)")
    out = net(x)
    error = float(np.max(np.abs(out - target)))
    if show_units and n_hidden <= 16:
        _, (z,) = net.forward(x[:, None])
        if kind == "sigmoid":
            from .activations import sigmoid

            parts = (net.Ws[1][:, 0] * sigmoid(z)).reshape(x.size, -1, 2).sum(axis=2)
            for k in range(parts.shape[1]):
                label = "one bump (two units)" if k == 0 else None
                ax.plot(x, parts[:, k], color=COLORS[2], lw=0.9, alpha=0.7, label=label)
        else:
            knots = -net.bs[0]
            ax.plot(knots, net(knots), "o", color=COLORS[2], ms=4, label="knots", zorder=4)
    ax.plot(x, target, color="black", ls="--", lw=1.4, label="target f", zorder=3)
    ax.plot(x, out, color=COLORS[0], lw=1.8, label="network", zorder=2)
    ax.set_xlabel("x")
    ax.set_ylabel("output")
    ax.set_title(f"{n_hidden} {kind} units: max error {error:.3f}")
    return error


def plot_linear_pieces(
    ax: Axes, net: Network, start: Any, end: Any, output: int = 0, markers: bool = True
) -> Pieces:
    """Plot one output of a ReLU network along the segment ``start → end`` against
    ``t ∈ [0, 1]``, its linear pieces in alternating colours, and return the
    :class:`nnbook.expressivity.Pieces` (chapter 3).

    The curve is drawn through the exact kinks found by
    :func:`nnbook.expressivity.linear_pieces`, so it is the function itself, not a
    sampled approximation; with ``markers`` the kinks are marked with dots.
    """
    pieces = linear_pieces(net, start, end)
    n_out = net.sizes[-1]
    if isinstance(output, bool) or not isinstance(output, (int, np.integer)):
        raise TypeError(f"output must be an integer index, got {output!r}")
    if not 0 <= output < n_out:
        raise ValueError(f"output must be in 0..{n_out - 1}, got {output}")
    ts = np.concatenate([[0.0], pieces.kinks, [1.0]])
    values = net.forward(pieces.points(ts))[0][:, output]
    for k in range(ts.size - 1):
        ax.plot(ts[k : k + 2], values[k : k + 2], color=COLORS[k % 2], lw=1.8)
    if markers and pieces.kinks.size:
        ax.plot(ts[1:-1], values[1:-1], "o", color="black", ms=2.5, zorder=3)
    ax.set_xlabel("t (position along the segment)")
    ax.set_ylabel("network output")
    return pieces


def plot_unit_boundaries(
    ax: Axes,
    net: Network,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    resolution: int = 300,
) -> None:
    """Draw, for a network with two inputs, the line (or bent line) where each hidden unit
    switches: the zero set of its pre-activation (chapter 3). Units of the first hidden
    layer are black and solid, those of the second green and dashed, then pink and
    dotted; together the curves cut the plane into the regions on which a ReLU network is
    affine.
    """
    if net.sizes[0] != 2:
        raise ValueError(f"need a network with 2 inputs, this one has {net.sizes[0]}")
    gx, gy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    _, pre = net.forward(np.column_stack([gx.ravel(), gy.ravel()]))
    styles = ["-", "--", ":", "-."]
    colors = ["black", COLORS[2], COLORS[3], COLORS[4]]
    for layer, z in enumerate(pre):
        color, style = colors[layer % len(colors)], styles[layer % len(styles)]
        for j in range(z.shape[1]):
            values = z[:, j].reshape(gx.shape)
            if values.min() < 0 < values.max():
                ax.contour(
                    gx, gy, values, levels=[0.0], colors=[color], linestyles=style, linewidths=1.0
                )
        ax.plot([], [], color=color, ls=style, lw=1.0, label=f"layer {layer + 1} units")
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_aspect("equal")


# ----------------------------------------------------------------------------- chapter 4


def plot_layer_norms(
    ax: Axes,
    values: Any,
    label: str | None = None,
    color: str | None = None,
    marker: str | None = "o",
    ylabel: str = "gradient norm",
) -> None:
    """Plot one value per layer (gradient norms, typically) against the layer number,
    1 = next to the input, on a logarithmic y axis (chapter 4)."""
    v = as_float_array(values, "values")
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"values must be a non-empty 1-D sequence, got shape {v.shape}")
    ax.semilogy(np.arange(1, v.size + 1), v, marker=marker, ms=3, label=label, color=color)
    ax.set_xlabel("layer (1 = next to the input)")
    ax.set_ylabel(ylabel)


def unit_fraction(stats: NetworkStats) -> tuple[np.ndarray, str]:
    """The per-layer unit statistic that matters for the network's activation: the
    fraction of saturated units for sigmoid and tanh (where it is defined), else the
    fraction of dead units (chapter 4). Returns ``(values, "saturated" or "dead")``."""
    if np.all(np.isnan(stats.saturated)):
        return stats.dead, "dead"
    return stats.saturated, "saturated"


def plot_gradient_flow(
    ax_grad: Axes,
    ax_units: Axes,
    stats: NetworkStats,
    label: str | None = None,
    color: str | None = None,
) -> None:
    """Draw an :class:`nnbook.nn.NetworkStats` on two axes (chapter 4): the weight
    gradient norm ‖∂L/∂W_l‖ of every layer (log scale) on ``ax_grad``, and the fraction
    of saturated (sigmoid, tanh) or dead (ReLU family) units of every hidden layer on
    ``ax_units``."""
    plot_layer_norms(ax_grad, stats.grad_norm, label=label, color=color)
    values, name = unit_fraction(stats)
    ax_units.plot(np.arange(1, values.size + 1), values, marker="o", ms=3, label=label, color=color)
    ax_units.set_ylim(-0.03, 1.03)
    ax_units.set_xlabel("hidden layer")
    ax_units.set_ylabel(f"fraction of units {name}")


def draw_gradient_flow(
    depth: int = 10,
    activation: str = "sigmoid",
    init: str = "xavier",
    residual: bool = False,
    batchnorm: bool = False,
    width: int = 32,
    seed: int = 0,
):
    """One frame of the gradient-flow explorer (chapter 4): returns ``(figure, stats)``.

    ``stats`` is :func:`nnbook.nn.gradient_flow` for these settings (a fresh network on
    the spirals data, one backward pass of the cross-entropy); the figure shows it with
    :func:`plot_gradient_flow`.
    """
    stats = gradient_flow(depth, activation, init, residual, batchnorm, width=width, seed=seed)
    fig, (ax_grad, ax_units) = plt.subplots(1, 2, figsize=(8.4, 3.2))
    plot_gradient_flow(ax_grad, ax_units, stats, color=COLORS[0])
    extras = (", residual" if residual else "") + (", batch norm" if batchnorm else "")
    fig.suptitle(f"{activation}, {init} init{extras}: {depth} layers of width {width}")
    ratio = stats.grad_norm[0] / stats.grad_norm[-1]
    ax_grad.set_title(f"first / last layer: {ratio:.2g}")
    values, name = unit_fraction(stats)
    ax_units.set_title(f"{name}: {np.mean(values):.0%} of hidden units")
    return fig, stats


def plot_activation_histograms(
    axes: Sequence[Axes],
    activations: Sequence[Any],
    layers: Sequence[int],
    bins: int = 40,
    value_range: tuple[float, float] | None = None,
    color: str | None = None,
) -> None:
    """Histogram of the activation values of selected hidden layers, one axis each
    (chapter 4). ``layers`` counts from 1 (the first hidden layer); ``activations`` is
    :attr:`nnbook.nn.MLP.hidden_activations`."""
    if len(axes) != len(layers):
        raise ValueError(f"got {len(axes)} axes for {len(layers)} layers")
    for ax, layer in zip(axes, layers, strict=True):
        if not 1 <= layer <= len(activations):
            raise ValueError(f"layer must be in 1..{len(activations)}, got {layer}")
        values = as_float_array(activations[layer - 1], "activations").ravel()
        ax.hist(values, bins=bins, range=value_range, color=color or COLORS[0])
        ax.set_title(f"layer {layer}")
        ax.set_xlabel("activation")
    axes[0].set_ylabel("count")


# ----------------------------------------------------------------------------- chapter 6


def decision_grid(
    X: Any, resolution: int = 100, margin: float = 0.25
) -> tuple[np.ndarray, tuple[float, float, float, float]]:
    """A ``resolution × resolution`` grid of points covering the 2-D data ``X`` plus a
    ``margin`` (chapter 6).

    Returns ``(points, extent)``: ``points`` of shape ``(resolution², 2)``, row by row from
    the bottom-left corner (so ``labels.reshape(resolution, resolution)`` is an image with
    its origin at the bottom), and ``extent = (x_min, x_max, y_min, y_max)`` for
    :meth:`~matplotlib.axes.Axes.imshow`. Classify the points once per network
    (``net.predict(points)``) and draw them with :func:`plot_decision_regions`.
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must be 2-D points of shape (n, 2) with n > 0, got shape {X.shape}")
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)):
        raise TypeError(f"resolution must be an integer, got {resolution!r}")
    if resolution < 2:
        raise ValueError(f"resolution must be at least 2, got {resolution}")
    if not (np.isfinite(margin) and margin >= 0):
        raise ValueError(f"margin must be a finite number >= 0, got {margin!r}")
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(
        np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution)
    )
    extent = (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
    return np.column_stack([gx.ravel(), gy.ravel()]), extent


def plot_decision_regions(
    ax: Axes, labels: Any, extent: tuple[float, float, float, float], n_classes: int
) -> Any:
    """Colour the plane by class with the light class colours of
    :func:`plot_decision_boundary`, from ``labels`` computed on a :func:`decision_grid`
    (chapter 6). Returns the image, whose ``set_data`` redraws it cheaply (animations)."""
    labels = np.asarray(labels)
    size = int(np.sqrt(labels.size) + 0.5)
    if labels.ndim != 1 or size * size != labels.size:
        raise ValueError(
            f"labels must be the flat labels of a square decision_grid, got shape {labels.shape}"
        )
    light = ListedColormap([_lighten(c) for c in COLORS[:n_classes]])
    return ax.imshow(
        labels.reshape(size, size),
        origin="lower",
        extent=extent,
        cmap=light,
        vmin=-0.5,
        vmax=n_classes - 0.5,
        interpolation="nearest",
        aspect="equal",
        zorder=0,
    )


def animate_decision_boundary(
    frames: Sequence[Any],
    extent: tuple[float, float, float, float],
    X: Any,
    y: Any,
    titles: Sequence[str],
    figsize: tuple[float, float] = (3.2, 3.2),
    dpi: int = 72,
    interval: int = 800,
) -> tuple[Any, Any]:
    """An animation of decision regions changing during training (chapter 6).

    ``frames`` are flat class labels on a :func:`decision_grid` with this ``extent``, one
    per frame, and ``titles`` one title per frame (e.g. the step and the accuracy). The
    data ``(X, y)`` stay on top. Only the image and the title change between frames, so
    rendering is cheap; small ``figsize`` and ``dpi`` keep the embedded PNGs small.
    Returns ``(fig, animation)``; render it with
    :func:`nnbook.animation.jshtml_animation` and close ``fig`` so that the notebook does
    not also show the last frame.
    """
    from matplotlib.animation import FuncAnimation

    if len(frames) == 0 or len(frames) != len(titles):
        raise ValueError(
            f"need one title per frame and at least one frame, got {len(frames)} frames "
            f"and {len(titles)} titles"
        )
    y = np.asarray(y)
    n_classes = int(max(max(int(np.max(f)) for f in frames), int(y.max()))) + 1
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi, layout="constrained")
    image = plot_decision_regions(ax, frames[0], extent, n_classes)
    scatter_classes(ax, X, y, size=12)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    title = ax.set_title(titles[0], fontsize=9)

    def show(i: int) -> list[Any]:
        labels = np.asarray(frames[i])
        image.set_data(labels.reshape(image.get_array().shape))
        title.set_text(titles[i])
        return [image, title]

    fig.get_layout_engine().execute(fig)  # lay out once, then freeze the layout
    fig.set_layout_engine("none")
    anim = FuncAnimation(fig, show, frames=len(frames), interval=interval, blit=False)
    return fig, anim


def _train_spirals(lr: float, width: int, steps: int, seed: int) -> tuple[Any, np.ndarray]:
    from .datasets import spirals
    from .losses import cross_entropy, cross_entropy_grad
    from .nn import MLP

    X, y = spirals(300, n_classes=3, seed=seed)
    net = MLP([2, width, 3], activation="relu", init="he", seed=seed)
    losses = np.empty(steps)
    for step in range(steps):
        logits = net.forward(X)
        losses[step] = cross_entropy(logits, y)
        net.backward(cross_entropy_grad(logits, y), input_grad=False)
        net.sgd_step(lr)
    return net, losses


def draw_spirals_training(
    lr: float = 1.0, width: int = 64, steps: int = 1000, seed: int = 0
) -> tuple[Any, np.ndarray, float]:
    """One frame of the training explorer (chapter 6): train ``MLP([2, width, 3])`` (ReLU,
    He initialisation) on 300 spiral points with full-batch gradient descent at learning
    rate ``lr`` for ``steps`` steps, then draw the loss curve and the decision regions.

    Returns ``(figure, losses, training accuracy)``.
    """
    if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not (0 < lr < 100):
        raise ValueError(f"lr must be a number in (0, 100), got {lr!r}")
    for name, value in (("width", width), ("steps", steps)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    from .datasets import spirals

    X, y = spirals(300, n_classes=3, seed=seed)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is part of the lesson
        net, losses = _train_spirals(float(lr), int(width), int(steps), seed)
        accuracy = float(np.mean(net.predict(X) == y))
    fig, (ax_loss, ax_map) = plt.subplots(1, 2, figsize=(7.2, 3.2))
    plot_loss_curve(ax_loss, np.minimum(losses, 1e6), log=True)
    ax_loss.set_xlabel("step")
    ax_loss.set_title(f"lr = {lr:g}: loss {losses[0]:.3g} → {losses[-1]:.3g}", fontsize=10)
    points, extent = decision_grid(X, resolution=100)
    with np.errstate(over="ignore", invalid="ignore"):
        plot_decision_regions(ax_map, net.predict(points), extent, 3)
    scatter_classes(ax_map, X, y, size=12)
    ax_map.set_xlabel("x1")
    ax_map.set_ylabel("x2")
    ax_map.set_title(f"width {width}, {steps} steps: accuracy {accuracy:.1%}", fontsize=10)
    return fig, losses, accuracy


# ----------------------------------------------------------------------------- chapter 2


def _plot_pieces(
    ax: Axes, pieces: list[np.ndarray], fn: Callable, label: str | None, **style: Any
) -> None:
    """Plot ``fn`` on each non-empty piece of x, with one legend entry."""
    for piece in (p for p in pieces if p.size):
        ax.plot(piece, fn(piece), label=label, **style)
        label = None


def plot_activation(
    ax: Axes,
    name: str,
    alpha: float | None = None,
    x_range: tuple[float, float] = (-5.0, 5.0),
    derivative: bool = True,
    title: str | None = None,
) -> None:
    """Draw the activation ``name`` from :data:`nnbook.activations.ACTIVATIONS` (solid)
    and its derivative (dashed) on ``ax`` (chapter 2).

    ``alpha`` sets the parameter of ``leaky_relu`` and ``elu`` (their default if None) and
    must be None for the others. The step function's derivative is drawn as 0 with a gap
    at x = 0, where it does not exist. The title defaults to the name (with alpha).
    """
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    act = ACTIVATIONS[name]
    if alpha is not None and act.alpha is None:
        raise ValueError(f"{name} has no parameter alpha")
    lo, hi = (float(v) for v in x_range)
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"x_range must be two finite numbers, low < high, got {x_range!r}")
    kwargs = {} if act.alpha is None else {"alpha": act.alpha if alpha is None else alpha}
    x = np.linspace(lo, hi, 801)
    if name == "step":  # a jump: draw the two flat pieces, not a vertical line
        _plot_pieces(ax, [x[x <= 0], x[x > 0]], act.fn, color=COLORS[0], label="f(x)")
    else:
        ax.plot(x, act.fn(x, **kwargs), color=COLORS[0], label="f(x)")
    if derivative:
        if act.grad is None:  # 0, with a gap at x = 0 where it does not exist
            pieces = [x[x < 0], x[x > 0]]
            _plot_pieces(ax, pieces, np.zeros_like, color=COLORS[1], ls="--", label="f′(x)")
        else:
            ax.plot(x, act.grad(x, **kwargs), color=COLORS[1], ls="--", label="f′(x)")
    ax.axhline(0, color="#888888", lw=0.8, zorder=1)
    ax.axvline(0, color="#888888", lw=0.8, zorder=1)
    ax.set_xlim(lo, hi)
    ax.set_xlabel("x")
    if title is None:
        title = name if not kwargs else f"{name} (alpha = {kwargs['alpha']:g})"
    ax.set_title(title)


def draw_activation(name: str = "relu", alpha: float | None = None, x_max: float = 5.0):
    """One frame of the activation explorer (chapter 2): returns ``(figure, text)``.

    The figure is :func:`plot_activation` on [−x_max, x_max]; the text lists f and f′ at
    x = −2, 0 and 2 and the registry's facts (range, largest slope and where).
    """
    if isinstance(x_max, bool) or not isinstance(x_max, (int, float)) or not 0 < x_max <= 1e3:
        raise ValueError(f"x_max must be a number in (0, 1000], got {x_max!r}")
    fig, ax = plt.subplots(figsize=(5.2, 3.2))
    plot_activation(ax, name, alpha, (-x_max, x_max))
    ax.legend(loc="upper left")
    act = ACTIVATIONS[name]
    kwargs = {} if act.alpha is None else {"alpha": act.alpha if alpha is None else alpha}
    points = np.array([-2.0, 0.0, 2.0])
    values = ", ".join(
        f"f({p:g}) = {v:.4g}" for p, v in zip(points, act.fn(points, **kwargs), strict=True)
    )
    if act.grad is None:
        slopes = "f′ = 0 wherever it exists"
    else:
        g = act.grad(points, **kwargs)
        slopes = ", ".join(f"f′({p:g}) = {v:.4g}" for p, v in zip(points, g, strict=True))
    facts = f"range {act.range_text}; largest slope {act.max_slope:.4g} ({act.max_slope_at})"
    if act.alpha is not None:
        facts += f" (for the default alpha = {act.alpha:g})"
    return fig, f"{values}\n{slopes}\n{facts}"
