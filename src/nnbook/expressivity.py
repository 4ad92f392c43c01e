"""What networks can represent, and what a nonlinearity adds (chapter 3).

Everything here uses the course's row-vector convention: a layer maps a batch ``H`` of
shape ``(n, n_in)`` to ``H @ W + b`` with ``W`` of shape ``(n_in, n_out)`` and ``b`` of
shape ``(n_out,)``. A network is a list of such layers with an activation between them
(none after the last one), the convention of :class:`nnbook.nn.MLP`.

The pieces, in the order chapter 3 uses them:

:func:`collapse_affine`
    A stack of affine layers without activations is one affine map; return its ``W``, ``b``.
:func:`best_linear_accuracy`
    The best accuracy any straight line reaches on 2-D two-class data (a search over
    directions and thresholds): what every linear network, however deep, is limited to.
:class:`Network`
    A network given by its weights (built by hand, or copied from a trained
    :class:`nnbook.nn.MLP` with :meth:`Network.from_mlp`).
:func:`linear_pieces`, :func:`activation_patterns`, :func:`count_slope_changes`
    A ReLU network is piecewise linear: find its pieces along a segment exactly (from the
    units' on/off patterns), or estimate them from sampled slopes.
:func:`sigmoid_bump`, :func:`sigmoid_bumps`, :func:`relu_interpolant`,
:func:`bump_approximation`, :func:`fit_output_layer`
    Universal approximation made concrete: one-hidden-layer networks built from bumps
    (pairs of sigmoids) or from ReLU kinks, and the best output weights for a fixed
    hidden layer.
:func:`tent_network`, :func:`sawtooth`
    Depth versus width: ``L`` layers of two ReLUs compose the tent map ``L`` times and
    make ``2**L`` linear pieces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import as_float_array
from .activations import ACTIVATIONS, sigmoid

__all__ = [
    "Network",
    "Pieces",
    "activation_patterns",
    "best_linear_accuracy",
    "bump_approximation",
    "collapse_affine",
    "count_slope_changes",
    "fit_output_layer",
    "linear_pieces",
    "relu_interpolant",
    "sawtooth",
    "sigmoid_bump",
    "sigmoid_bumps",
    "tent_network",
]


# ----------------------------------------------------------------------------- validation


def _check_layers(Ws: Any, bs: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Validate a stack of affine layers: matching counts, 2-D weights, chained widths,
    one bias entry per output. Returns float arrays (the inputs are not modified)."""
    for value, name in ((Ws, "Ws"), (bs, "bs")):
        if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
            raise TypeError(
                f"{name} must be a list of arrays (one per layer), got {type(value).__name__}"
            )
    if len(Ws) == 0:
        raise ValueError("Ws is empty: a stack needs at least one layer")
    if len(Ws) != len(bs):
        raise ValueError(f"got {len(Ws)} weight matrices but {len(bs)} bias vectors")
    weights = [as_float_array(W, f"Ws[{i}]") for i, W in enumerate(Ws)]
    biases = [as_float_array(b, f"bs[{i}]") for i, b in enumerate(bs)]
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        if W.ndim != 2:
            raise ValueError(f"Ws[{i}] must be 2-D (n_in, n_out), got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(
                f"bs[{i}] must have shape ({W.shape[1]},) to match Ws[{i}] of shape "
                f"{W.shape}, got {b.shape}"
            )
        if i > 0 and weights[i - 1].shape[1] != W.shape[0]:
            raise ValueError(
                f"layer widths do not chain: Ws[{i - 1}] has {weights[i - 1].shape[1]} "
                f"outputs but Ws[{i}] expects {W.shape[0]} inputs"
            )
    return weights, biases


def _check_activation(activation: Any) -> Callable[[np.ndarray], np.ndarray]:
    if not isinstance(activation, str):
        raise TypeError(f"activation must be a name such as 'relu', got {activation!r}")
    if activation not in ACTIVATIONS or activation in ("step", "logit"):
        choices = sorted(set(ACTIVATIONS) - {"step", "logit"})
        raise ValueError(f"unknown activation {activation!r}; choose one of {', '.join(choices)}")
    return ACTIVATIONS[activation].fn


def _check_interval(lo: Any, hi: Any, what: str = "interval") -> tuple[float, float]:
    try:
        lo, hi = float(lo), float(hi)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be two numbers (lo, hi), got {lo!r}, {hi!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"{what} must be finite with lo < hi, got ({lo}, {hi})")
    return lo, hi


def _check_count(value: Any, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


# ----------------------------------------------------------------------------- collapse


def collapse_affine(Ws: Sequence[Any], bs: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Collapse a stack of affine layers into the single affine map it equals (chapter 3).

    Without activations, ``X ↦ (…((X W₁ + b₁) W₂ + b₂)…) W_L + b_L`` equals ``X W + b``
    with

    .. math:: W = W_1 W_2 \\cdots W_L, \\qquad
              b = (\\cdots((b_1 W_2 + b_2) W_3 + b_3) \\cdots) W_L + b_L,

    that is, every bias is pushed through all the layers after it.

    Parameters
    ----------
    Ws
        Weight matrices, input side first; ``Ws[i]`` has shape ``(n_i, n_{i+1})``.
    bs
        Biases; ``bs[i]`` has shape ``(n_{i+1},)``.

    Returns
    -------
    W : ndarray of shape (n_0, n_L)
    b : ndarray of shape (n_L,)
        In the common floating dtype of the inputs. The inputs are not modified.

    Raises
    ------
    TypeError
        If ``Ws`` or ``bs`` is not a list of numeric arrays.
    ValueError
        If the counts differ, a weight is not 2-D, a bias has the wrong length or the widths
        do not chain.

    Examples
    --------
    >>> W, b = collapse_affine([np.eye(2), 2 * np.eye(2)], [np.ones(2), np.zeros(2)])
    >>> W.tolist(), b.tolist()
    ([[2.0, 0.0], [0.0, 2.0]], [2.0, 2.0])
    """
    weights, biases = _check_layers(Ws, bs)
    W, b = weights[0].copy(), biases[0].copy()
    for W_next, b_next in zip(weights[1:], biases[1:], strict=True):
        W = W @ W_next
        b = b @ W_next + b_next
    return W, b


# ----------------------------------------------------------------------------- linear limit


def best_linear_accuracy(X: Any, y: Any, n_directions: int = 3600) -> float:
    """The highest training accuracy a straight line reaches on 2-D, two-class data
    (chapter 3).

    Every linear classifier, and so every network without activations however deep,
    labels the plane by one line: class 1 on one side, class 0 on the other. This searches
    ``n_directions`` normal directions evenly spaced over the full circle (both sides of
    each line, so both labellings, are covered) and, for each, every threshold between
    distinct projected values. The result is a lower bound on the best line's accuracy that
    is exact whenever the grid contains an optimal direction; for a few hundred points the
    default grid (0.1° apart) is fine enough in practice.

    Parameters
    ----------
    X
        Points, shape ``(n, 2)``.
    y
        Labels 0 or 1, shape ``(n,)``.
    n_directions
        Number of directions searched, at least 4.

    Returns
    -------
    float
        The best accuracy found, in [0.5, 1] (a line with every point on one side
        predicts the majority class).
    """
    X = as_float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n, 2) with n >= 1, got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains nan or inf")
    labels = np.asarray(y)
    if labels.shape != (X.shape[0],):
        raise ValueError(
            f"y must have shape ({X.shape[0]},), one label per row, got {labels.shape}"
        )
    if labels.dtype.kind not in "biuf" or not np.all((labels == 0) | (labels == 1)):
        raise ValueError("y must contain only the labels 0 and 1")
    n_directions = _check_count(n_directions, "n_directions", minimum=4)
    angles = np.arange(n_directions) * (2 * np.pi / n_directions)
    proj = X @ np.vstack([np.cos(angles), np.sin(angles)])  # (n, n_directions)
    order = np.argsort(proj, axis=0, kind="stable")
    s = np.take_along_axis(proj, order, axis=0)
    t = labels.astype(np.int64)[order]
    n = X.shape[0]
    # threshold after the first k sorted points (k = 0..n): predict 0 below, 1 above
    zeros_below = np.vstack([np.zeros((1, n_directions)), np.cumsum(1 - t, axis=0)])
    ones_below = np.vstack([np.zeros((1, n_directions)), np.cumsum(t, axis=0)])
    correct = zeros_below + (ones_below[-1] - ones_below)
    # a threshold can only fall between two *different* projected values
    allowed = np.ones((n + 1, n_directions), dtype=bool)
    allowed[1:-1] = s[1:] > s[:-1]
    return float(np.max(np.where(allowed, correct, -1)) / n)


# ----------------------------------------------------------------------------- networks


@dataclass(frozen=True)
class Network:
    """A feed-forward network given by its weights (chapter 3).

    ``layers`` affine maps ``H ↦ H @ W + b`` with ``activation`` applied after every layer
    but the last, the convention of :class:`nnbook.nn.MLP`. Build one from weights (the
    constructors below do), or copy a trained MLP with :meth:`from_mlp`.

    Attributes
    ----------
    Ws, bs
        Weights ``(n_in, n_out)`` and biases ``(n_out,)``, input side first (tuples of
        float arrays, validated on construction).
    activation
        Name of the hidden activation in :data:`nnbook.activations.ACTIVATIONS`
        (``"relu"``, ``"sigmoid"``, ``"identity"``, …).
    """

    Ws: tuple[np.ndarray, ...]
    bs: tuple[np.ndarray, ...]
    activation: str = "relu"

    def __post_init__(self) -> None:
        weights, biases = _check_layers(list(self.Ws), list(self.bs))
        _check_activation(self.activation)
        object.__setattr__(self, "Ws", tuple(weights))
        object.__setattr__(self, "bs", tuple(biases))

    @classmethod
    def from_mlp(cls, mlp: Any) -> Network:
        """Copy the weights of a plain :class:`nnbook.nn.MLP` (no batch norm, no residual
        skips)."""
        if getattr(mlp, "batchnorm", False) or any(getattr(mlp, "skips", [])):
            raise ValueError("from_mlp needs a plain MLP: no batch norm and no residual skips")
        try:
            layers = mlp.layers
            Ws = [layer.W.copy() for layer in layers]
            bs = [layer.b.copy() for layer in layers]
        except AttributeError:
            raise TypeError(f"expected an nnbook.nn.MLP, got {type(mlp).__name__}") from None
        return cls(tuple(Ws), tuple(bs), mlp.activation)

    @property
    def sizes(self) -> list[int]:
        """Layer widths, input first: ``[n_0, n_1, …, n_L]``."""
        return [self.Ws[0].shape[0]] + [W.shape[1] for W in self.Ws]

    @property
    def n_layers_hidden(self) -> int:
        """Number of hidden layers (one fewer than the affine layers)."""
        return len(self.Ws) - 1

    @property
    def n_hidden(self) -> int:
        """Total number of hidden units (all widths except input and output)."""
        return int(sum(self.sizes[1:-1]))

    def forward(self, X: Any) -> tuple[np.ndarray, list[np.ndarray]]:
        """Outputs for the batch ``X`` (shape ``(n, n_0)``) and the hidden pre-activations
        ``[Z_1, …, Z_{L−1}]``."""
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(
                f"X must have shape (n, {self.sizes[0]}) for this network, got {X.shape}"
            )
        fn = _check_activation(self.activation)
        h, pre = X, []
        for W, b in zip(self.Ws[:-1], self.bs[:-1], strict=True):
            z = h @ W + b
            pre.append(z)
            h = fn(z)
        return h @ self.Ws[-1] + self.bs[-1], pre

    def __call__(self, x: Any) -> np.ndarray:
        """Evaluate the network. For one input and one output a 1-D ``x`` (or a number)
        gives a result of the same shape; otherwise ``x`` is a batch ``(n, n_0)`` and the
        result has shape ``(n, n_L)``."""
        arr = as_float_array(x, "x")
        if self.sizes[0] == 1 and self.sizes[-1] == 1 and arr.ndim <= 1:
            return self.forward(arr.reshape(-1, 1))[0].reshape(arr.shape)
        return self.forward(arr)[0]


def activation_patterns(net: Network, X: Any) -> np.ndarray:
    """Which hidden units are on (pre-activation > 0) for each row of ``X`` (chapter 3).

    Returns a boolean array of shape ``(n, net.n_hidden)``, the layers side by side. For a
    ReLU network, inputs with the same pattern lie in one region where the network is a
    single affine map.
    """
    _require_relu(net)
    _, pre = net.forward(X)
    if not pre:
        return np.zeros((np.shape(X)[0], 0), dtype=bool)
    return np.hstack([z > 0 for z in pre])


def _require_relu(net: Any) -> None:
    if not isinstance(net, Network):
        raise TypeError(f"expected an nnbook.expressivity.Network, got {type(net).__name__}")
    if net.activation != "relu":
        raise ValueError(
            f"linear pieces are defined for ReLU networks; this one uses {net.activation!r}"
        )


@dataclass(frozen=True)
class Pieces:
    """The linear pieces of a ReLU network along the segment ``start → end`` (chapter 3),
    parametrised by ``t`` in [0, 1] (``x(t) = start + t·(end − start)``).

    Attributes
    ----------
    region_breaks
        Sorted ``t`` in (0, 1) where some hidden unit switches on or off: the boundaries of
        the activation regions the segment crosses.
    kinks
        The subset of ``region_breaks`` where the network's output actually changes slope.
        A unit can switch without changing the output (for instance if its outgoing weights
        are zero), so ``kinks`` can be shorter.
    slopes
        ``d output / d t`` on each region, shape ``(n_regions, n_outputs)``.
    """

    start: np.ndarray
    end: np.ndarray
    region_breaks: np.ndarray
    kinks: np.ndarray
    slopes: np.ndarray

    @property
    def n_regions(self) -> int:
        """Number of activation regions the segment crosses."""
        return int(self.region_breaks.size) + 1

    @property
    def n_pieces(self) -> int:
        """Number of maximal linear pieces of the output along the segment."""
        return int(self.kinks.size) + 1

    def points(self, t: Any) -> np.ndarray:
        """The input points ``start + t·(end − start)`` for an array of ``t``."""
        t = np.asarray(t, dtype=np.float64).reshape(-1, 1)
        return self.start + t * (self.end - self.start)


def _merge_close(ts: np.ndarray, tol: float) -> np.ndarray:
    """Sorted unique values, merging neighbours closer than ``tol``."""
    ts = np.sort(ts)
    if ts.size == 0:
        return ts
    keep = np.concatenate([[True], np.diff(ts) > tol])
    return ts[keep]


def linear_pieces(net: Network, start: Any, end: Any, tol: float = 1e-9) -> Pieces:
    """The exact linear pieces of a ReLU network along the segment ``start → end``
    (chapter 3).

    Along the segment ``x(t) = start + t·(end − start)``, ``t ∈ [0, 1]``, each hidden
    pre-activation is piecewise linear in ``t``. Layer by layer, on each interval where
    the earlier layers' on/off pattern is fixed, a unit's pre-activation is affine in
    ``t``, so its zero crossing is found exactly by linear interpolation between the
    interval's ends. The crossings of all units are the region boundaries. On each region
    the network is one affine map, whose slope along the segment is ``d · J`` with ``J``
    the product of the weight matrices with the off units' rows removed; a kink is a
    boundary where that slope changes.

    Parameters
    ----------
    net
        A :class:`Network` with ``activation="relu"``.
    start, end
        The segment's end points, each of shape ``(n_0,)`` and different.
    tol
        Crossings closer than ``tol`` (in ``t``) are merged, so that several units switching
        at the same point (up to rounding) count once. Slopes are compared with a relative
        tolerance of ``1e-9``.

    Returns
    -------
    Pieces
    """
    _require_relu(net)
    n_in = net.sizes[0]
    p = as_float_array(start, "start").astype(np.float64).reshape(-1)
    q = as_float_array(end, "end").astype(np.float64).reshape(-1)
    if p.shape != (n_in,) or q.shape != (n_in,):
        raise ValueError(
            f"start and end must each have {n_in} coordinates, got {p.shape} and {q.shape}"
        )
    if not (np.all(np.isfinite(p)) and np.all(np.isfinite(q))) or np.array_equal(p, q):
        raise ValueError("start and end must be finite and different")
    if not (isinstance(tol, (int, float)) and 0 <= tol < 0.5):
        raise ValueError(f"tol must be a number in [0, 0.5), got {tol!r}")
    d = q - p
    ts = np.array([0.0, 1.0])
    for layer in range(net.n_layers_hidden):
        _, pre = net.forward(p + ts[:, None] * d)
        z = pre[layer]  # (len(ts), width): affine in t on each interval
        z0, z1 = z[:-1], z[1:]
        cross = (z0 * z1) < 0
        rows, _ = np.nonzero(cross)
        frac = z0[cross] / (z0[cross] - z1[cross])
        roots = ts[rows] + frac * (ts[rows + 1] - ts[rows])
        ts = _merge_close(np.concatenate([ts, roots]), tol)
        ts[0], ts[-1] = 0.0, 1.0
    # one pattern per interval (at its midpoint); merge neighbours with the same pattern
    mids = 0.5 * (ts[:-1] + ts[1:])
    patterns = activation_patterns(net, p + mids[:, None] * d)
    same = np.all(patterns[1:] == patterns[:-1], axis=1)
    region_breaks = ts[1:-1][~same]
    patterns = patterns[np.concatenate([[True], ~same])]
    slopes = np.array([_local_slope(net, pat, d) for pat in patterns])
    scale = max(1.0, float(np.max(np.abs(slopes))))
    changes = np.any(np.abs(slopes[1:] - slopes[:-1]) > 1e-9 * scale, axis=1)
    return Pieces(
        start=p, end=q, region_breaks=region_breaks, kinks=region_breaks[changes], slopes=slopes
    )


def _local_slope(net: Network, pattern: np.ndarray, d: np.ndarray) -> np.ndarray:
    """``d · J`` for the affine map the network is on the region with this pattern."""
    v, offset = d, 0
    for W in net.Ws[:-1]:
        width = W.shape[1]
        v = (v @ W) * pattern[offset : offset + width]
        offset += width
    return v @ net.Ws[-1]


def count_slope_changes(
    f: Callable[[np.ndarray], Any], lo: float, hi: float, n: int = 10_001, rtol: float = 1e-6
) -> int:
    """Estimate the number of linear pieces of a 1-D function on ``[lo, hi]`` from sampled
    slopes (chapter 3).

    ``f`` is sampled at ``n`` equally spaced points; the slope of each grid cell is compared
    with its neighbour's. A kink inside a cell makes that one cell's slope an average of
    the two sides, so a run of one cell between two different slopes counts as a
    transition, not as a piece. Pieces shorter than about two cells, and kinks whose slopes
    differ by less than ``rtol`` times the largest slope, are missed: this is a numerical
    cross-check of :func:`linear_pieces`, not a replacement. It is meant for piecewise
    linear functions; a curved function has no runs of equal slope and gets the
    meaningless count 1.

    Returns
    -------
    int
        The number of runs of at least two cells with the same slope (at least 1).
    """
    lo, hi = _check_interval(lo, hi)
    n = _check_count(n, "n", minimum=3)
    x = np.linspace(lo, hi, n)
    y = as_float_array(f(x), "f(x)").astype(np.float64)
    if y.shape != x.shape:
        raise ValueError(f"f must map an array of shape {x.shape} to the same shape, got {y.shape}")
    slopes = np.diff(y) / np.diff(x)
    scale = max(1.0, float(np.max(np.abs(slopes))))
    new_run = np.concatenate([[True], np.abs(np.diff(slopes)) > rtol * scale])
    run_ids = np.cumsum(new_run)
    run_lengths = np.bincount(run_ids)[1:]
    return max(1, int(np.sum(run_lengths >= 2)))


# ----------------------------------------------------------------------------- bumps


def sigmoid_bump(
    x: Any, left: float, right: float, height: float = 1.0, steepness: float = 50.0
) -> np.ndarray:
    """A smooth bump made of two sigmoids (chapter 3):

    .. math:: \\operatorname{bump}(x) = h\\,\\bigl(\\sigma(s(x - \\text{left}))
              - \\sigma(s(x - \\text{right}))\\bigr).

    The first sigmoid steps up at ``left``, the second steps up at ``right`` and is
    subtracted, so the bump is about ``height`` between the two and about 0 outside; the
    ``steepness`` ``s`` sets how sharp the edges are (each edge rises over a width of about
    ``4/s``). Uses the stable :func:`nnbook.activations.sigmoid`, so no exponential
    overflows, and keeps ``x``'s float dtype.
    """
    arr = as_float_array(x, "x")
    left, right = _check_interval(left, right, "(left, right)")
    height, steepness = float(height), float(steepness)
    if not (math.isfinite(height) and math.isfinite(steepness) and steepness > 0):
        raise ValueError(
            f"height must be finite and steepness finite and > 0, got {height}, {steepness}"
        )
    with np.errstate(over="ignore"):  # s·(x − left) = ±inf for huge x: σ gives 0 or 1
        up = sigmoid(steepness * (arr - left))
        down = sigmoid(steepness * (arr - right))
    return np.asarray(height * (up - down), dtype=arr.dtype)


def sigmoid_bumps(edges: Any, heights: Any, steepness: float) -> Network:
    """A one-hidden-layer sigmoid network that is a sum of bumps (chapter 3).

    Bump ``i`` rises at ``edges[i]``, falls at ``edges[i+1]`` and has height
    ``heights[i]``; it uses two hidden units, ``σ(s(x − edges[i]))`` with output weight
    ``+heights[i]`` and ``σ(s(x − edges[i+1]))`` with ``−heights[i]``. So ``n`` bumps use
    ``2n`` hidden units (neighbouring bumps share an edge, and their two units there could
    be merged into one; we keep them apart to show the pairs).

    Parameters
    ----------
    edges
        Increasing, shape ``(n + 1,)``.
    heights
        Shape ``(n,)``.
    steepness
        The sigmoids' slope factor ``s > 0``.
    """
    e = as_float_array(edges, "edges").astype(np.float64)
    h = as_float_array(heights, "heights").astype(np.float64)
    if e.ndim != 1 or e.size < 2 or not np.all(np.diff(e) > 0) or not np.all(np.isfinite(e)):
        raise ValueError("edges must be a 1-D increasing array of at least 2 finite numbers")
    if h.shape != (e.size - 1,) or not np.all(np.isfinite(h)):
        raise ValueError(
            f"heights must be {e.size - 1} finite numbers (one per bump), got {h.shape}"
        )
    s = float(steepness)
    if not (math.isfinite(s) and s > 0):
        raise ValueError(f"steepness must be finite and > 0, got {steepness!r}")
    centres = np.column_stack([e[:-1], e[1:]]).ravel()  # left_0, right_0, left_1, right_1, …
    W1 = np.full((1, centres.size), s)
    b1 = -s * centres
    W2 = np.column_stack([h, -h]).reshape(-1, 1)
    return Network((W1, W2), (b1, np.zeros(1)), "sigmoid")


def relu_interpolant(knots: Any, values: Any) -> Network:
    """A one-hidden-layer ReLU network equal to the piecewise-linear interpolant of
    ``(knots, values)`` on ``[knots[0], knots[-1]]`` (chapter 3).

    With slopes ``m_i`` between consecutive knots,

    .. math:: f(x) = v_0 + m_0\\,\\mathrm{relu}(x - k_0)
              + \\sum_{i \\ge 1} (m_i - m_{i-1})\\,\\mathrm{relu}(x - k_i),

    one hidden unit per piece: unit ``i`` switches on at knot ``k_i`` and changes the slope
    by ``m_i − m_{i−1}``. (Left of ``k_0`` the network is constant, right of the last knot
    it continues the last piece.)
    """
    k = as_float_array(knots, "knots").astype(np.float64)
    v = as_float_array(values, "values").astype(np.float64)
    if k.ndim != 1 or k.size < 2 or not np.all(np.diff(k) > 0) or not np.all(np.isfinite(k)):
        raise ValueError("knots must be a 1-D increasing array of at least 2 finite numbers")
    if v.shape != k.shape or not np.all(np.isfinite(v)):
        raise ValueError(f"values must be {k.size} finite numbers (one per knot), got {v.shape}")
    m = np.diff(v) / np.diff(k)
    W1 = np.ones((1, m.size))
    b1 = -k[:-1]
    W2 = np.diff(m, prepend=0.0).reshape(-1, 1)
    return Network((W1, W2), (b1, v[:1].copy()), "relu")


def bump_approximation(
    f: Callable[[np.ndarray], Any],
    n_hidden: int,
    kind: str = "sigmoid",
    interval: tuple[float, float] = (0.0, 1.0),
    sharpness: float = 10.0,
) -> Network:
    """A one-hidden-layer network with ``n_hidden`` units that approximates ``f`` on
    ``interval`` (chapter 3), built by hand, not trained.

    ``kind="sigmoid"``: ``n_hidden / 2`` equal-width bumps (two sigmoids each, so
    ``n_hidden`` must be even), bump ``i`` with height ``f`` at its midpoint, and
    steepness ``sharpness / width`` so that each edge takes about ``4 / sharpness`` of a
    bump's width. The error shrinks like 1/``n_hidden`` for a smooth ``f``.

    ``kind="relu"``: the piecewise-linear interpolant of ``f`` at ``n_hidden + 1`` equally
    spaced knots (:func:`relu_interpolant`); the error shrinks like 1/``n_hidden``².
    """
    lo, hi = _check_interval(*interval)
    n_hidden = _check_count(n_hidden, "n_hidden", minimum=1)
    if kind == "sigmoid":
        if n_hidden % 2:
            raise ValueError(
                f"sigmoid bumps use two hidden units each, so n_hidden must be even, got {n_hidden}"
            )
        n = n_hidden // 2
        edges = np.linspace(lo, hi, n + 1)
        heights = as_float_array(f(0.5 * (edges[:-1] + edges[1:])), "f(x)")
        width = (hi - lo) / n
        return sigmoid_bumps(edges, heights, steepness=float(sharpness) / width)
    if kind == "relu":
        knots = np.linspace(lo, hi, n_hidden + 1)
        return relu_interpolant(knots, as_float_array(f(knots), "f(x)"))
    raise ValueError(f"kind must be 'sigmoid' or 'relu', got {kind!r}")


def fit_output_layer(H: Any, y: Any) -> tuple[np.ndarray, float]:
    """Best output weights for a fixed hidden layer: least squares (chapter 3).

    With the hidden activations ``H`` (shape ``(n, k)``) fixed, the output
    ``H @ w + c`` is linear in ``(w, c)``, so the ``(w, c)`` minimising
    ``Σ (H @ w + c − y)²`` solve a linear least-squares problem (solved here with
    ``numpy.linalg.lstsq``; the minimum-norm solution when it is not unique).

    Returns
    -------
    w : ndarray of shape (k,)
    c : float
    """
    H = as_float_array(H, "H").astype(np.float64)
    t = as_float_array(y, "y").astype(np.float64)
    if H.ndim != 2 or H.shape[0] == 0:
        raise ValueError(f"H must be 2-D (n_samples, n_hidden) with n >= 1, got {H.shape}")
    if t.shape != (H.shape[0],):
        raise ValueError(f"y must have shape ({H.shape[0]},), one target per row, got {t.shape}")
    if not (np.all(np.isfinite(H)) and np.all(np.isfinite(t))):
        raise ValueError("H and y must be finite")
    A = np.hstack([H, np.ones((H.shape[0], 1))])
    coef, *_ = np.linalg.lstsq(A, t, rcond=None)
    return coef[:-1], float(coef[-1])


# ----------------------------------------------------------------------------- depth


def tent_network(depth: int) -> Network:
    """A deep, narrow ReLU network computing the tent map ``g`` composed ``depth`` times
    on [0, 1] (chapter 3).

    ``g(x) = 2·relu(x) − 4·relu(x − 1/2)`` is ``2x`` on [0, 1/2] and ``2 − 2x`` on
    [1/2, 1]: it folds [0, 1] onto itself. Each hidden layer holds the two units
    ``relu(u)`` and ``relu(u − 1/2)`` of the previous layer's ``u = g(…)``, so the network
    has ``depth`` hidden layers of width 2 (``2·depth`` hidden units) and computes
    :func:`sawtooth` with ``2**depth`` linear pieces.
    """
    depth = _check_count(depth, "depth", minimum=1)
    first = np.array([[1.0, 1.0]])
    fold = np.array([[2.0, 2.0], [-4.0, -4.0]])  # g = 2 h1 − 4 h2, fed to both units
    b = np.array([0.0, -0.5])
    Ws = [first] + [fold] * (depth - 1) + [np.array([[2.0], [-4.0]])]
    bs = [b] * depth + [np.zeros(1)]
    return Network(tuple(Ws), tuple(bs), "relu")


def sawtooth(x: Any, depth: int) -> np.ndarray:
    """The tent map composed ``depth`` times, in closed form, for ``x`` in [0, 1]
    (chapter 3): ``1 − |2·frac(2**(depth−1)·x) − 1|``, with ``2**(depth−1)`` teeth and
    ``2**depth`` linear pieces (the reference :func:`tent_network` is tested against)."""
    depth = _check_count(depth, "depth", minimum=1)
    arr = as_float_array(x, "x").astype(np.float64)
    scaled = np.mod(arr * 2.0 ** (depth - 1), 1.0)
    return 1.0 - np.abs(2.0 * scaled - 1.0)
